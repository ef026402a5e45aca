"""Reference implementation (numpy, float32) of speech enhancer v2: a causal GRU mask over STFT frames.

Signal path per 16 kHz frame (STFT 512 / hop 128, sqrt-Hann, as v1):
  z_t = (log(|X_t|^2 + floor) - mean) / std                         standardised log power, 257 bins
  e_t = relu(W_in [z_t, z_{t-1}] + b_in)                            causal convolution of kernel 2, H units
  h_t = GRU(e_t, h_{t-1})                                           PyTorch nn.GRU equations, gates r, z, n
  m_t = sigmoid(W_out [h_t, e_t] + b_out)                           gain per bin, 257
  Y_t = m_t * X_t -> iSTFT
Every output frame depends on the current and past frames only (32 ms algorithmic latency in a streaming
use; the server processes whole clips, aligned sample for sample).

Tensors (PyTorch layouts, [out, in]): input.mean, input.std [257]; encoder.weight [H, 514], encoder.bias [H];
gru.weight_ih [3H, H], gru.weight_hh [3H, H], gru.bias_ih [3H], gru.bias_hh [3H] (rows: r, z, n);
output.weight [257, 2H], output.bias [257].
Sources/MinerKit/Audio/Model/SpeechEnhancerModel.swift mirrors this; export_v2.py writes parity vectors.
"""
import numpy as np

from model import BINS, HOP, LOG_FLOOR, N_FFT, frame_count, istft, stft  # noqa: F401  (shared STFT)

CONTEXT = 2


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def log_features(spec: np.ndarray, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    power = spec.real.astype(np.float32) ** 2 + spec.imag.astype(np.float32) ** 2
    z = ((np.log(power + np.float32(LOG_FLOOR)) - mean) / std).astype(np.float32)
    prev = np.zeros_like(z)
    prev[1:] = z[:-1]
    return np.concatenate([z, prev], axis=1)


def mask(p: dict, spec: np.ndarray) -> np.ndarray:
    f = log_features(spec, p["input.mean"], p["input.std"])
    e = np.maximum(f @ p["encoder.weight"].T + p["encoder.bias"], 0).astype(np.float32)
    hidden = p["gru.weight_hh"].shape[1]
    gi = (e @ p["gru.weight_ih"].T + p["gru.bias_ih"]).astype(np.float32)
    h = np.zeros(hidden, np.float32)
    hs = np.zeros((len(e), hidden), np.float32)
    for t in range(len(e)):
        gh = p["gru.weight_hh"] @ h + p["gru.bias_hh"]
        r = sigmoid(gi[t, :hidden] + gh[:hidden])
        z = sigmoid(gi[t, hidden:2 * hidden] + gh[hidden:2 * hidden])
        n = np.tanh(gi[t, 2 * hidden:] + r * gh[2 * hidden:])
        h = ((1 - z) * n + z * h).astype(np.float32)
        hs[t] = h
    out = np.concatenate([hs, e], axis=1) @ p["output.weight"].T + p["output.bias"]
    return sigmoid(out).astype(np.float32)


def enhance(p: dict, x: np.ndarray, return_mask: bool = False):
    """16 kHz mono float32 in, enhanced float32 of the same length out."""
    spec = stft(x.astype(np.float32))
    m = mask(p, spec)
    y = istft(spec * m, len(x))
    return (y, m) if return_mask else y
