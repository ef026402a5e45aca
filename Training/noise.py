"""Noise kinds for training and evaluation, and mixing at a chosen SNR."""
import os
import subprocess

import numpy as np

KINDS = ["white", "pink", "brown", "babble", "hum"]


def coloured(n: int, rng: np.random.Generator, exponent: float) -> np.ndarray:
    """Gaussian noise whose power falls as 1/f**exponent (0 white, 1 pink, 2 brown)."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(spec.size, dtype=np.float64)
    f[0] = 1.0
    spec /= f ** (exponent / 2)
    spec[0] = 0.0
    return np.fft.irfft(spec, n)


def hum(n: int, rng: np.random.Generator, rate: int) -> np.ndarray:
    """Mains hum: 50 or 60 Hz with decaying random harmonics and a little broadband hiss."""
    base = float(rng.choice([50.0, 60.0])) * (1 + rng.uniform(-0.01, 0.01))
    t = np.arange(n) / rate
    x = np.zeros(n)
    for k in range(1, int(rng.integers(4, 12))):
        x += rng.uniform(0.2, 1.0) / k * np.sin(2 * np.pi * base * k * t + rng.uniform(0, 2 * np.pi))
    return x + 0.01 * np.std(x) * rng.standard_normal(n)


def babble(n: int, rng: np.random.Generator, pool: list[np.ndarray]) -> np.ndarray:
    """The sum of 3-6 other utterances laid end to end at random offsets."""
    x = np.zeros(n)
    for _ in range(int(rng.integers(3, 7))):
        pos = int(rng.integers(-n // 2, n // 2))
        while pos < n:
            u = pool[int(rng.integers(len(pool)))]
            a, b = max(pos, 0), min(pos + len(u), n)
            if b > a:
                x[a:b] += u[a - pos: b - pos]
            pos += len(u) + int(rng.integers(0, 1600))
    return x


def fetch_debian(sources: str, packages: list[str]) -> None:
    """Downloads Debian `packages` (`apt-get download`) and unpacks them into `sources`/root (`dpkg-deb -x`),
    never installing them; skipped when `sources` already holds them."""
    if os.path.isdir(os.path.join(sources, "root", "usr", "share")):
        return
    os.makedirs(sources, exist_ok=True)
    subprocess.run(["apt-get", "download", *packages], cwd=sources, check=True)
    for name in sorted(os.listdir(sources)):
        if name.endswith(".deb"):
            subprocess.run(["dpkg-deb", "-x", name, "root"], cwd=sources, check=True)


def tiled(clips: list[np.ndarray], n: int, rng: np.random.Generator, rate: int) -> np.ndarray:
    """`n` samples of random clips of recorded sound from random offsets, levels within 3 dB, joined with
    30 ms cross-fades."""
    fade = int(0.03 * rate)
    out = np.zeros(0)
    while len(out) < n + fade:
        clip = clips[int(rng.integers(len(clips)))]
        start = int(rng.integers(0, max(1, len(clip) - rate // 2)))
        piece = clip[start:] * 10 ** (rng.uniform(-3, 3) / 20)
        if len(out) >= fade and len(piece) > fade:
            ramp = np.linspace(0, 1, fade)
            out[-fade:] = out[-fade:] * (1 - ramp) + piece[:fade] * ramp
            piece = piece[fade:]
        out = np.concatenate([out, piece])
    return out[:n]


def make(kind: str, n: int, rng: np.random.Generator, pool: list[np.ndarray], rate: int = 16000) -> np.ndarray:
    if kind == "white":
        return rng.standard_normal(n)
    if kind == "pink":
        return coloured(n, rng, 1.0)
    if kind == "brown":
        return coloured(n, rng, 2.0)
    if kind == "babble":
        return babble(n, rng, pool)
    if kind == "hum":
        return hum(n, rng, rate)
    raise ValueError(kind)


def mix(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    ps = float(np.mean(speech.astype(np.float64) ** 2))
    pn = float(np.mean(noise ** 2)) + 1e-20
    return (speech + noise * np.sqrt(ps / (pn * 10 ** (snr_db / 10)))).astype(np.float32)
