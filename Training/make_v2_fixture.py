"""Writes a small v2 model (hidden 16, seeded random weights) with parity vectors as a Swift test fixture.

It pins the Swift GRU path to model_v2.py independently of which model ships in Models/speech-enhancer.
Run: python3 make_v2_fixture.py  (writes Tests/MinerKitTests/Fixtures/audio/enhancer-v2-small/)
"""
import os
import tempfile

import numpy as np

import export_v2
import model

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "MinerKitTests", "Fixtures",
                   "audio", "enhancer-v2-small")


def main():
    rng = np.random.default_rng(42)
    h, b = 16, model.BINS

    def w(*shape, scale=1.0):
        return (rng.standard_normal(shape) * scale / np.sqrt(shape[-1])).astype(np.float32)

    p = {
        "input.mean": rng.normal(-12, 2, b).astype(np.float32), "input.std": rng.uniform(2, 4, b).astype(np.float32),
        "encoder.weight": w(h, 2 * b), "encoder.bias": w(h, 1)[:, 0],
        "gru.weight_ih": w(3 * h, h, scale=2), "gru.weight_hh": w(3 * h, h, scale=2),
        "gru.bias_ih": w(3 * h, 1)[:, 0], "gru.bias_hh": w(3 * h, 1)[:, 0],
        "output.weight": w(b, 2 * h, scale=1), "output.bias": w(b, 1)[:, 0],
    }
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "p.npz")
        np.savez(path, **p)
        export_v2.main(path, OUT, parity_repeats=4)   # 3 s: longer than one 256-frame chunk


if __name__ == "__main__":
    main()
