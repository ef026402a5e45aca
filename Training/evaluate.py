"""Held-out evaluation: SI-SDR improvement, PESQ-WB and STOI for identity, spectral subtraction and
MinerKit's model, on speech by voices and sentences never used in training, mixed with the five noise
kinds at 0-10 dB SNR (fixed seed).

The model column runs Training/model.py (the reference the Swift parity test pins MinerKit's forward pass
to, max abs error < 1e-4). With --swift PATH it instead runs `PATH IN.wav OUT.wav` (the `minerkit enhance`
command) on every clip.
Run: python3 evaluate.py [--swift .build/release/minerkit]
"""
import argparse
import os
import subprocess
import tempfile

import numpy as np
from pesq import pesq
from pystoi import stoi
from scipy.io import wavfile

import corpus
import model
import noise
import safetensors_io

RATE = corpus.RATE
MODEL_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Models", "speech-enhancer")


def v1_weights() -> str:
    """The v1 (causal_conv_mask) weights, kept as a Swift test fixture since v2 ships in MODEL_DIR."""
    import export
    return os.path.join(export.V1_OUT, "model.safetensors")


def si_sdr(ref: np.ndarray, est: np.ndarray) -> float:
    ref = ref.astype(np.float64) - ref.mean()
    est = est.astype(np.float64) - est.mean()
    target = np.dot(est, ref) / (np.dot(ref, ref) + 1e-12) * ref
    return float(10 * np.log10(np.sum(target ** 2) / (np.sum((est - target) ** 2) + 1e-12) + 1e-12))


def spectral_subtraction(x: np.ndarray, alpha: float = 2.0, floor: float = 0.02) -> np.ndarray:
    """Boll-style power subtraction; noise power per bin from the 10 % quietest frames of the clip."""
    spec = model.stft(x)
    power = np.abs(spec) ** 2
    energy = power.sum(1)
    quiet = power[energy <= np.quantile(energy, 0.1)]
    noise_power = quiet.mean(0)
    gain = np.sqrt(np.maximum(1 - alpha * noise_power / (power + 1e-12), floor))
    return model.istft(spec * gain, len(x))


def test_set(count: int = 60):
    speech = corpus.load("data/test_speech.npz")
    pool = corpus.load("data/test_babble.npz")
    rng = np.random.default_rng(99)
    for i in range(count):
        clean = speech[i % len(speech)]
        kind = noise.KINDS[i % len(noise.KINDS)]
        snr = float(rng.uniform(0, 10))
        noisy = noise.mix(clean, noise.make(kind, len(clean), rng, pool), snr)
        gain = 10 ** (rng.uniform(-35, -15) / 20) / np.sqrt(np.mean(noisy ** 2))
        yield kind, snr, (clean * gain).astype(np.float32), (noisy * gain).astype(np.float32)


def swift_enhance(binary: str, x: np.ndarray) -> np.ndarray:
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "in.wav"), os.path.join(d, "out.wav")
        wavfile.write(src, RATE, x)
        subprocess.run([binary, "enhance", src, dst, "--model", MODEL_DIR], check=True, capture_output=True, timeout=120)
        return wavfile.read(dst)[1].astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swift", help="path of the minerkit executable (runs `minerkit enhance`)")
    ap.add_argument("--v2", help="params_v2.npz: adds a row for the v2 reference (model_v2.py)")
    args = ap.parse_args()
    params = safetensors_io.read(v1_weights())
    systems = {
        "identity (noisy)": lambda x: x,
        "spectral subtraction": spectral_subtraction,
        "MinerKit v1 (reference)": lambda x: model.enhance(params, x),
    }
    if args.swift:   # the shipped model folder through the Swift CLI
        systems["MinerKit model (Swift CLI)"] = lambda x: swift_enhance(args.swift, x)
    if args.v2:
        import model_v2
        p2 = {k: v.astype(np.float32) for k, v in
              (np.load(args.v2).items() if args.v2.endswith(".npz") else safetensors_io.read(args.v2).items())}
        systems["MinerKit v2 (reference)"] = lambda x: model_v2.enhance(p2, x)
    rows = {name: {"sisdri": [], "pesq": [], "stoi": []} for name in systems}
    per_kind = {name: {k: [] for k in noise.KINDS} for name in systems}
    for kind, snr, clean, noisy in test_set():
        base = si_sdr(clean, noisy)
        for name, fn in systems.items():
            out = fn(noisy)
            assert out.shape == noisy.shape
            imp = si_sdr(clean, out) - base
            rows[name]["sisdri"].append(imp)
            rows[name]["pesq"].append(pesq(RATE, clean, out, "wb"))
            rows[name]["stoi"].append(stoi(clean, out, RATE, extended=False))
            per_kind[name][kind].append(imp)
    print("| system | SI-SDR improvement (dB) | PESQ-WB | STOI |")
    print("| --- | --- | --- | --- |")
    for name, r in rows.items():
        print(f"| {name} | {np.mean(r['sisdri']):+.2f} | {np.mean(r['pesq']):.2f} | {np.mean(r['stoi']):.3f} |")
    print("\nSI-SDR improvement by noise kind (dB):")
    print("| system | " + " | ".join(noise.KINDS) + " |")
    print("| --- |" + " --- |" * len(noise.KINDS))
    for name, kinds in per_kind.items():
        print(f"| {name} | " + " | ".join(f"{np.mean(v):+.1f}" for v in kinds.values()) + " |")


if __name__ == "__main__":
    main()
