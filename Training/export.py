"""Writes a trained v1 model (model.py) as a MinerKit model folder plus parity vectors for the Swift test.

V1_OUT/config.yaml, model.safetensors, parity/{input,mask,output}.npy, where V1_OUT is the Swift test
fixture Tests/MinerKitTests/Fixtures/audio/enhancer-v1 (v2 ships in Models/speech-enhancer: OUT, written
by export_v2.py, which shares the parity clip below).
Run after train.py: python3 export.py [data/params.npz] [V1_OUT]
"""
import os
import sys

import numpy as np

import corpus
import model
import noise
import safetensors_io

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Models", "speech-enhancer")
V1_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "MinerKitTests", "Fixtures",
                      "audio", "enhancer-v1")

CONFIG = f"""# MinerKit speech enhancer (see README.md). Read by Sources/MinerKit/Audio/Model/EnhancerConfig.swift.
architecture: causal_conv_mask
format_version: 1
sample_rate: {corpus.RATE}
stft:
  n_fft: {model.N_FFT}
  hop: {model.HOP}
  window: sqrt_hann
features:
  log_floor: {model.LOG_FLOOR!r}
  context_frames: {model.CONTEXT}
  ema: [{", ".join(repr(a) for a in model.EMA)}]
network:
  hidden: {{hidden}}
  activation: relu
  mask: sigmoid
"""


def parity_input() -> np.ndarray:
    """0.75 s of held-out speech in pink noise at 5 dB SNR, at a typical level."""
    rng = np.random.default_rng(2024)
    clean = corpus.utterances(1, seed=555, held_out=True)[0][:12000]
    clean = np.pad(clean, (0, 12000 - len(clean)))
    noisy = noise.mix(clean, noise.make("pink", len(clean), rng, []), 5.0)
    return (noisy * 0.05 / np.sqrt(np.mean(noisy ** 2))).astype(np.float32)


def main(params_path: str, out: str = V1_OUT) -> None:
    p = {k: v.astype(np.float32) for k, v in np.load(params_path).items()}
    os.makedirs(os.path.join(out, "parity"), exist_ok=True)
    hidden = p["layers.1.weight"].shape[0]
    with open(os.path.join(out, "config.yaml"), "w") as f:
        f.write(CONFIG.replace("{hidden}", str(hidden)))
    safetensors_io.write(os.path.join(out, "model.safetensors"), p,
                      {"format": "minerkit-speech-enhancer", "trained_by": "Training/train.py"})
    x = parity_input()
    y, m = model.enhance(p, x, return_mask=True)
    np.save(os.path.join(out, "parity", "input.npy"), x)
    np.save(os.path.join(out, "parity", "mask.npy"), m.astype(np.float32).reshape(-1))  # frames x bins, flattened
    np.save(os.path.join(out, "parity", "output.npy"), y.astype(np.float32))
    print("exported", sum(v.size for v in p.values()), "parameters; hidden", hidden)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data/params.npz", sys.argv[2] if len(sys.argv) > 2 else V1_OUT)
