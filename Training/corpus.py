"""Speech corpus synthesised with espeak-ng: sentences from a fixed vocabulary, several voices and speeds.

Training and held-out sets use disjoint voices and different sentence seeds, so the evaluation measures
speech the model never heard. Everything is seeded: the same call yields the same audio.
"""
import os
import subprocess
import tempfile

import numpy as np
from scipy.io import wavfile
from scipy.signal import resample_poly

RATE = 16000

WORDS = """the a one two three four five six seven eight nine ten house water river mountain city
people child mother father market bread coffee morning evening night summer winter window garden
door table paper letter number system program computer network signal voice music sound quiet
loud bright dark green blue yellow orange purple silver golden happy simple strange careful quick
slow early late always never often sometimes today tomorrow yesterday walk run speak listen read
write build carry bring find keep leave open close start finish travel follow remember forget
believe explain answer question story history science nature energy power light shadow stone
iron wood glass metal fire wind rain snow cloud storm ocean island forest valley bridge road
street station train plane ship engine wheel machine doctor teacher farmer driver student
friend neighbour stranger family village country world because before after while until under
over between through across around behind beside beyond inside outside with without about
against toward every each many several few little much more most less least very quite rather
is was are were will would could should might must can has have had does did make made take
took give gave see saw know knew think thought come came go went get got tell told ask asked""".split()

TRAIN_VOICES = ["en-us", "en-gb", "en-gb-scotland", "en-029", "en-gb-x-rp"]
TRAIN_VARIANTS = ["", "+m1", "+m3", "+f2", "+f4", "+klatt"]
HELD_OUT_VOICES = ["en-us-nyc", "en-gb-x-gbclan", "en-gb-x-gbcwmd"]
HELD_OUT_VARIANTS = ["+f3", "+m7", "+f1"]


def sentence(rng: np.random.Generator) -> str:
    n = int(rng.integers(5, 13))
    return " ".join(rng.choice(WORDS, size=n)) + "."


def speak(text: str, voice: str, speed: int, pitch: int) -> np.ndarray:
    """One utterance as float32 at 16 kHz, peak-normalised to 0.5."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "u.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", path, text],
                       check=True, capture_output=True, timeout=30)
        rate, pcm = wavfile.read(path)
    x = pcm.astype(np.float32) / 32768.0
    x = resample_poly(x, RATE, rate).astype(np.float32)
    # espeak pads with silence; keep 50 ms around the speech
    idx = np.flatnonzero(np.abs(x) > 1e-3)
    if idx.size:
        x = x[max(0, idx[0] - 800): idx[-1] + 800]
    return (0.5 * x / max(1e-6, float(np.abs(x).max()))).astype(np.float32)


def utterances(count: int, seed: int, held_out: bool) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    voices = HELD_OUT_VOICES if held_out else TRAIN_VOICES
    variants = HELD_OUT_VARIANTS if held_out else TRAIN_VARIANTS
    out = []
    for _ in range(count):
        voice = str(rng.choice(voices)) + str(rng.choice(variants))
        out.append(speak(sentence(rng), voice, int(rng.integers(130, 200)), int(rng.integers(30, 70))))
    return out


def build(path: str, count: int, seed: int, held_out: bool) -> None:
    clips = utterances(count, seed, held_out)
    lengths = np.array([len(c) for c in clips], dtype=np.int64)
    np.savez(path, audio=np.concatenate(clips), lengths=lengths)


def load(path: str) -> list[np.ndarray]:
    z = np.load(path)
    ends = np.cumsum(z["lengths"])
    return np.split(z["audio"], ends[:-1])


if __name__ == "__main__":
    os.makedirs("data", exist_ok=True)
    build("data/train_speech.npz", 900, seed=1, held_out=False)
    build("data/train_babble.npz", 200, seed=2, held_out=False)
    build("data/test_speech.npz", 60, seed=101, held_out=True)
    build("data/test_babble.npz", 60, seed=102, held_out=True)
    for name in ["train_speech", "train_babble", "test_speech", "test_babble"]:
        clips = load(f"data/{name}.npz")
        print(name, len(clips), "clips", round(sum(map(len, clips)) / RATE / 60, 1), "min")
