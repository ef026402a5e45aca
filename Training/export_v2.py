"""Writes a trained v2 model (model_v2.py) as a MinerKit model folder plus parity vectors for the Swift test.

OUT/config.yaml, OUT/model.safetensors, OUT/parity/{input,mask,output}.npy (the same 0.75 s parity clip
as export.py: held-out espeak voice in pink noise at 5 dB; mask is frames x bins flattened).
Run after train_v2.py: python3 export_v2.py [data/params_v2.npz] [OUT, default ../Models/speech-enhancer]
                        [--offset C]
--offset C adds C to output.bias, the mask's logits (mask = sigmoid(logit + C)): a milder mask as C grows,
baked into the weights so the Swift model needs nothing new. Choose C with validate.py (never on the
natural-speech evaluation recordings).
"""
import argparse
import os

import numpy as np

import export
import model
import model_v2
import safetensors_io

CONFIG = f"""# MinerKit speech enhancer v2 (see README.md). Read by Sources/MinerKit/Audio/Model/EnhancerConfig.swift.
architecture: causal_gru_mask
format_version: 1
sample_rate: 16000
stft:
  n_fft: {model.N_FFT}
  hop: {model.HOP}
  window: sqrt_hann
features:
  log_floor: {model.LOG_FLOOR!r}
  context_frames: {model_v2.CONTEXT}
network:
  hidden: {{hidden}}
  activation: relu
  recurrent: gru
  mask: sigmoid
"""


def main(params_path: str, out: str, parity_repeats: int = 1, offset: float = 0.0) -> None:
    p = {k: v.astype(np.float32) for k, v in np.load(params_path).items()}
    p["output.bias"] = (p["output.bias"] + np.float32(offset)).astype(np.float32)
    os.makedirs(os.path.join(out, "parity"), exist_ok=True)
    hidden = p["gru.weight_hh"].shape[1]
    with open(os.path.join(out, "config.yaml"), "w") as f:
        f.write(CONFIG.replace("{hidden}", str(hidden)))
    safetensors_io.write(os.path.join(out, "model.safetensors"), p,
                         {"format": "minerkit-speech-enhancer", "trained_by": "Training/train_v2.py (JAX)"})
    x = np.tile(export.parity_input(), parity_repeats)
    y, m = model_v2.enhance(p, x, return_mask=True)
    np.save(os.path.join(out, "parity", "input.npy"), x)
    np.save(os.path.join(out, "parity", "mask.npy"), m.reshape(-1).astype(np.float32))
    np.save(os.path.join(out, "parity", "output.npy"), y.astype(np.float32))
    print("wrote", out, sum(v.size for v in p.values()), "parameters")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("params", nargs="?", default="data/params_v2.npz")
    ap.add_argument("out", nargs="?", default=export.OUT)
    ap.add_argument("--offset", type=float, default=0.0, help="added to output.bias (the mask's logits)")
    args = ap.parse_args()
    main(args.params, args.out, offset=args.offset)
