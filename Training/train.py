"""Trains the speech enhancer with numpy (hand-written backprop and Adam) and writes data/params.npz.

PyTorch from PyPI is the CUDA build here and needs several GB of CUDA wheels to import, so the model is
small enough to train with plain numpy: a few thousand steps of fresh random mixtures, fixed seeds.
Run: OPENBLAS_NUM_THREADS=1 nice python3 train.py [steps]
"""
import sys
import time

import numpy as np

import corpus
import model
import noise

CLIP = 32000            # 2 s at 16 kHz
BATCH = 16
HIDDEN = 192
COMPRESS = 0.3


def mixture(rng, speech, pool):
    """One training example: (noisy, clean) of CLIP samples, random noise kind, SNR 0-10 dB, random level."""
    u = speech[int(rng.integers(len(speech)))]
    clean = np.zeros(CLIP, np.float32)
    if len(u) >= CLIP:
        s = int(rng.integers(len(u) - CLIP + 1))
        clean[:] = u[s: s + CLIP]
    else:
        s = int(rng.integers(CLIP - len(u) + 1))
        clean[s: s + len(u)] = u
    kind = noise.KINDS[int(rng.integers(len(noise.KINDS)))]
    noisy = noise.mix(clean, noise.make(kind, CLIP, rng, pool), float(rng.uniform(-2, 12)))
    gain = 10 ** (rng.uniform(-40, -12) / 20) / (np.sqrt(np.mean(noisy ** 2)) + 1e-9)
    return (noisy * gain).astype(np.float32), (clean * gain).astype(np.float32)


def batch(rng, speech, pool, mean, std):
    feats, mags, targets, cleans = [], [], [], []
    for _ in range(BATCH):
        noisy, clean = mixture(rng, speech, pool)
        y, s = model.stft(noisy), model.stft(clean)
        scale = np.sqrt(np.mean(np.abs(s) ** 2)) + 1e-9
        a = np.abs(y)
        feats.append(model.features(y, mean, std))
        mags.append(a / scale)
        targets.append((s * np.conj(y)).real / (a + 1e-12) / scale)   # |S| cos(phase difference)
        cleans.append(np.abs(s) / scale)
    return np.concatenate(feats), np.concatenate(mags), np.concatenate(targets), np.concatenate(cleans)


def loss_and_grad(m, a, p_target, s_mag):
    """Phase-sensitive spectral error (what SI-SDR rewards) plus compressed magnitude error (what PESQ/STOI hear)."""
    n = m.size
    e = m * a - p_target
    l1 = float(np.sum(e ** 2)) / float(np.sum(s_mag ** 2))
    d1 = 2 * e * a / float(np.sum(s_mag ** 2))
    ma = m * a + 1e-4
    c = ma ** COMPRESS - (s_mag + 1e-4) ** COMPRESS
    l2 = float(np.mean(c ** 2))
    d2 = 2 * c * COMPRESS * ma ** (COMPRESS - 1) * a / n
    return l1 + l2, (d1 + d2).astype(np.float32)


def main(steps: int):
    rng = np.random.default_rng(7)
    speech = corpus.load("data/train_speech.npz")
    pool = corpus.load("data/train_babble.npz")
    logs = []
    for _ in range(64):
        noisy, _ = mixture(rng, speech, pool)
        logs.append(np.log(np.abs(model.stft(noisy)) ** 2 + model.LOG_FLOOR))
    logs = np.concatenate(logs)
    mean, std = logs.mean(0).astype(np.float32), (logs.std(0) + 1e-3).astype(np.float32)

    p = model.init_params(rng, HIDDEN)
    p["layers.2.bias"][:] = 1.0
    mom = {k: np.zeros_like(v) for k, v in p.items()}
    vel = {k: np.zeros_like(v) for k, v in p.items()}
    b1, b2, eps = 0.9, 0.999, 1e-8
    t0, running = time.time(), None
    for step in range(1, steps + 1):
        lr = 1e-4 + 0.5 * (1e-3 - 1e-4) * (1 + np.cos(np.pi * step / steps))
        f, a, pt, sm = batch(rng, speech, pool, mean, std)
        m, cache = model.forward(p, f, keep=True)
        loss, dm = loss_and_grad(m, a, pt, sm)
        g = model.backward(p, cache, m, dm)
        for k in p:
            mom[k] = b1 * mom[k] + (1 - b1) * g[k]
            vel[k] = b2 * vel[k] + (1 - b2) * g[k] ** 2
            mh, vh = mom[k] / (1 - b1 ** step), vel[k] / (1 - b2 ** step)
            p[k] = (p[k] - lr * mh / (np.sqrt(vh) + eps)).astype(np.float32)
        running = loss if running is None else 0.98 * running + 0.02 * loss
        if step % 50 == 0:
            print(f"step {step} loss {running:.4f} lr {lr:.2e} {time.time() - t0:.0f}s", flush=True)
    p["input.mean"], p["input.std"] = mean, std
    np.savez("data/params.npz", **p)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
