"""Reference implementation (numpy, float32) of the MinerKit speech enhancer.

The Swift forward pass in Sources/MinerKit/Audio/Model mirrors this file operation for operation; the parity
vectors written by export.py pin the two together.

Signal path: STFT (512-point, hop 128, sqrt-Hann) -> log power -> per-bin standardisation -> causal context
(this frame, the three before it, and two exponential running means) -> three dense layers (a causal
convolution of kernel 4 over time followed by two pointwise layers) -> sigmoid gain per bin -> iSTFT.
"""
import numpy as np

N_FFT = 512
HOP = 128
BINS = N_FFT // 2 + 1
CONTEXT = 4                 # frames t, t-1, t-2, t-3
EMA = (0.9, 0.99)           # running means of the standardised log power
LOG_FLOOR = 1e-9
FEATURES = BINS * (CONTEXT + len(EMA))

WINDOW = np.sqrt(0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)
OLA_GAIN = 2.0              # sum of WINDOW**2 over the four frames covering a sample


def frame_count(n: int) -> int:
    return (N_FFT - HOP + n - 1) // HOP + 1


def stft(x: np.ndarray) -> np.ndarray:
    """(T,) -> (F, BINS) complex64; frame f covers input samples [f*HOP - 384, f*HOP + 128)."""
    f = frame_count(len(x))
    padded = np.zeros((f - 1) * HOP + N_FFT, dtype=np.float32)
    padded[N_FFT - HOP: N_FFT - HOP + len(x)] = x
    idx = np.arange(f)[:, None] * HOP + np.arange(N_FFT)[None, :]
    return np.fft.rfft(padded[idx] * WINDOW, axis=1).astype(np.complex64)


def istft(spec: np.ndarray, n: int) -> np.ndarray:
    f = spec.shape[0]
    frames = np.fft.irfft(spec, N_FFT, axis=1).astype(np.float32) * WINDOW
    out = np.zeros((f - 1) * HOP + N_FFT, dtype=np.float32)
    for i in range(f):
        out[i * HOP: i * HOP + N_FFT] += frames[i]
    return out[N_FFT - HOP: N_FFT - HOP + n] / OLA_GAIN


def features(spec: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """(F, BINS) complex -> (F, FEATURES) float32, causal."""
    power = spec.real.astype(np.float32) ** 2 + spec.imag.astype(np.float32) ** 2
    z = ((np.log(power + LOG_FLOOR) - mean) / std).astype(np.float32)
    f = z.shape[0]
    parts = []
    for k in range(CONTEXT):
        shifted = np.zeros_like(z)
        shifted[k:] = z[: f - k]
        parts.append(shifted)
    for a in EMA:
        e = np.zeros_like(z)
        run = np.zeros(BINS, dtype=np.float32)
        for t in range(f):
            run = np.float32(a) * run + np.float32(1 - a) * z[t]
            e[t] = run
        parts.append(e)
    return np.concatenate(parts, axis=1)


def init_params(rng: np.random.Generator, hidden: int) -> dict:
    def dense(n_in, n_out):
        return (rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)).astype(np.float32), np.zeros(n_out, np.float32)
    p = {}
    for i, (a, b) in enumerate([(FEATURES, hidden), (hidden, hidden), (hidden, BINS)]):
        p[f"layers.{i}.weight"], p[f"layers.{i}.bias"] = dense(a, b)
    return p


def forward(p: dict, feats: np.ndarray, keep: bool = False):
    """Features (F, FEATURES) -> mask (F, BINS); with keep, also the activations for backprop."""
    h1 = np.maximum(feats @ p["layers.0.weight"].T + p["layers.0.bias"], 0)
    h2 = np.maximum(h1 @ p["layers.1.weight"].T + p["layers.1.bias"], 0)
    m = 1.0 / (1.0 + np.exp(-(h2 @ p["layers.2.weight"].T + p["layers.2.bias"])))
    m = m.astype(np.float32)
    return (m, (feats, h1, h2)) if keep else m


def backward(p: dict, cache, m: np.ndarray, dm: np.ndarray) -> dict:
    feats, h1, h2 = cache
    g = {}
    d3 = dm * m * (1 - m)
    g["layers.2.weight"], g["layers.2.bias"] = d3.T @ h2, d3.sum(0)
    d2 = (d3 @ p["layers.2.weight"]) * (h2 > 0)
    g["layers.1.weight"], g["layers.1.bias"] = d2.T @ h1, d2.sum(0)
    d1 = (d2 @ p["layers.1.weight"]) * (h1 > 0)
    g["layers.0.weight"], g["layers.0.bias"] = d1.T @ feats, d1.sum(0)
    return g


def enhance(p: dict, x: np.ndarray, return_mask: bool = False):
    """16 kHz mono float32 in, enhanced float32 of the same length out."""
    spec = stft(x.astype(np.float32))
    m = forward(p, features(spec, p["input.mean"], p["input.std"]))
    y = istft(spec * m, len(x))
    return (y, m) if return_mask else y
