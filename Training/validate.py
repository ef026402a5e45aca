"""Validation set for choosing checkpoints and export knobs, separate from the natural-speech evaluation.

Speech the training never heard, from the training's own sources, never the moonshine-voice recordings
(those stay reserved for evaluate_natural.py):
- the Festival voices of corpus_natural.py speaking new sentences (seed 13; babble from seed 14);
- the held-out espeak-ng voices of corpus.py (data/test_speech.npz, data/test_babble.npz).
3 s clips (utterances laid end to end), the evaluation's conditions (white, pink, brown, babble, hum x
0/5/10 dB, level -35..-15 dBFS), `--per-condition` clips each, plus clean clips for clean-in SI-SDR.
With --recorded the clean clips carry what recordings of people carry and synthetic speech lacks (the
reference keeps both): room reverberation on half of them and a room-tone floor 30-45 dB down.

Columns: SI-SDRi, PESQ-WB, STOI at 16 kHz; clean-in SI-SDR; "lp SI-SDRi": the same mixtures through a
Python copy of the server's path above 16 kHz (the mixture low-passed by the resampler's response, the
model, the resampler's response again, plus the removed band under the mask's 4-7.6 kHz energy gain,
floor 0.1), the rate gap's predictor; "clip": the robustness test's clip (the parity clip driven 8x into
clipping) at 16 kHz, SI-SDR of the clamped reply against the clipped input (the Swift test needs > 0).

Knob: `--offsets 0,0.5,1` adds c to output.bias (the mask's logits), i.e. mask = sigmoid(logit + c):
less suppression as c grows, a pure weight edit that export_v2.py can bake in (`--offset`).
Run: nice -n 19 python3 validate.py [--per-condition 4] [--dfn] --offsets 0,0.5 MODEL [MODEL ...]
"""
import argparse
import os

import numpy as np
from scipy.signal import fftconvolve
from pesq import pesq
from pystoi import stoi

import corpus
import corpus_natural
import evaluate
import export
import model_v2
import noise
import safetensors_io

RATE = 16000
SEG = 3 * RATE


def validation_speech():
    path = "data/validation_speech.npz"
    if not os.path.exists(path):
        corpus_natural.build(path, 4, seed=13)
        corpus_natural.build("data/validation_babble.npz", 2, seed=14)
    return corpus.load(path), corpus.load("data/validation_babble.npz")


def lay(rng, utts, n):
    out = np.zeros(n, np.float32)
    pos = 0
    while pos < n:
        u = utts[int(rng.integers(len(utts)))]
        b = min(pos + len(u), n)
        out[pos:b] = u[: b - pos]
        pos += len(u) + int(rng.integers(800, 4000))
    return out


def room(rng, clean):
    """Recorded-speech traits on synthetic speech: half the clips reverberant (train_v2.rir), all with a
    room-tone floor (pink noise 30-45 dB below the speech), part of the reference as in a recording."""
    from train_v2 import rir
    if rng.random() < 0.5:
        clean = fftconvolve(clean, rir(rng))[: len(clean)]
    floor = noise.make("pink", len(clean), rng, [], RATE)
    return noise.mix(clean.astype(np.float32), floor, float(rng.uniform(30, 45))).astype(np.float64)


def val_set(per_condition, recorded=False):
    fest, fest_babble = validation_speech()
    esp, esp_babble = corpus.load("data/test_speech.npz"), corpus.load("data/test_babble.npz")
    rng = np.random.default_rng(4242)
    items, i = [], 0
    for kind in noise.KINDS:
        for snr in [0, 5, 10]:
            for _ in range(per_condition):
                utts, pool = (fest, fest_babble + esp_babble) if i % 2 == 0 else (esp, esp_babble + fest_babble)
                i += 1
                clean = lay(rng, utts, SEG).astype(np.float64)
                if recorded:
                    clean = room(rng, clean)
                noisy = noise.mix(clean.astype(np.float32), noise.make(kind, SEG, rng, pool, RATE), float(snr))
                gain = 10 ** (rng.uniform(-35, -15) / 20) / np.sqrt(np.mean(noisy.astype(np.float64) ** 2))
                items.append((kind, snr, (clean * gain).astype(np.float32), (noisy * gain).astype(np.float32)))
    cleans = []
    for j in range(8):
        c = lay(rng, fest if j % 2 == 0 else esp, SEG).astype(np.float64)
        if recorded:
            c = room(rng, c)
        cleans.append((c * 10 ** (rng.uniform(-35, -15) / 20) / np.sqrt(np.mean(c ** 2))).astype(np.float32))
    return items, cleans


def load(path, offset):
    p = dict(np.load(path)) if path.endswith(".npz") else safetensors_io.read(path)
    p = {k: np.asarray(v, np.float32) for k, v in p.items()}
    p["output.bias"] = (p["output.bias"] + np.float32(offset)).astype(np.float32)
    return p


def high_rate_path(p, x):
    """A 16 kHz-domain copy of AudioEnhancer's path for a request above 16 kHz (its band is below 8 kHz)."""
    from train_v2 import resampler_lowpass
    low = resampler_lowpass(x.astype(np.float64)).astype(np.float32)           # down(x)
    y, m = model_v2.enhance(p, low, return_mask=True)
    y = resampler_lowpass(y.astype(np.float64))                                # up(enhanced)
    band = resampler_lowpass(low.astype(np.float64))                           # up(down(x))
    spec = model_v2.stft(low)
    pw = np.abs(spec[:, 128:243]) ** 2
    g = np.sqrt((m[:, 128:243] ** 2 * pw).sum(1) / np.maximum(pw.sum(1), 1e-30))
    centre = model_v2.N_FFT // 2 - model_v2.HOP
    u = (np.arange(len(x)) + centre) / model_v2.HOP
    gi = np.maximum(np.interp(u, np.arange(len(g)), g), 0.1)
    return (y + gi * (x - band)).astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="+")
    ap.add_argument("--offsets", default="0")
    ap.add_argument("--per-condition", type=int, default=4)
    ap.add_argument("--dfn", action="store_true", help="add DeepFilterNet3 and the noisy input as rows")
    ap.add_argument("--recorded", action="store_true",
                    help="give the clean clips a recording's traits: reverberation (half) and a room-tone floor")
    ap.add_argument("--no-lp", action="store_true", help="skip the high-rate path column")
    args = ap.parse_args()
    items, cleans = val_set(args.per_condition, args.recorded)
    clip_x = export.parity_input()
    clipped = np.clip(clip_x * (8 / np.abs(clip_x).max()), -1, 1).astype(np.float32)
    print(f"validation set: {len(items)} mixtures, {len(cleans)} clean clips", flush=True)
    systems = {}
    if args.dfn:
        import dfn3
        dfn = dfn3.DeepFilterNet3(cache_dir="data/dfn3_cache")
        systems["noisy"] = (lambda x: x, None)
        systems["DeepFilterNet3"] = (lambda x: dfn.enhance(x, RATE), None)
    for path in args.models:
        for off in [float(o) for o in args.offsets.split(",")]:
            p = load(path, off)
            systems[f"{os.path.basename(path)} c={off:+.2f}"] = (lambda x, p=p: model_v2.enhance(p, x), p)
    print("| system | SI-SDRi | PESQ-WB | STOI | clean-in | lp SI-SDRi | clip |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, (fn, p) in systems.items():
        si, pq, st, lp = [], [], [], []
        for kind, snr, clean, noisy in items:
            out = fn(noisy)
            base = evaluate.si_sdr(clean, noisy)
            si.append(evaluate.si_sdr(clean, out) - base)
            pq.append(pesq(RATE, clean, out, "wb"))
            st.append(stoi(clean, out, RATE, extended=False))
            if p is not None and not args.no_lp:
                lp.append(evaluate.si_sdr(clean, high_rate_path(p, noisy)) - base)
        cin = np.mean([evaluate.si_sdr(c, fn(c)) for c in cleans])
        clip = evaluate.si_sdr(clipped, np.clip(fn(clipped), -1, 1)) if p is not None else float("nan")
        lps = f"{np.mean(lp):+.2f}" if lp else "-"
        print(f"| {name} | {np.mean(si):+.2f} | {np.mean(pq):.3f} | {np.mean(st):.4f} | {cin:.1f} | {lps} | "
              f"{clip:+.2f} |", flush=True)


if __name__ == "__main__":
    main()
