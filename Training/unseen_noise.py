"""Noise that no training step has heard, for `evaluate_unseen.py`.

Training (`train_v2.py`) mixes speech with the generators of `noise.py` (white, pink and brown power-law
noise, babble of Festival and espeak-ng voices, mains hum, and sums of two). Every kind here comes from
somewhere else:

- recorded sound from Debian packages (fetched with `apt-get download` and unpacked with `dpkg-deb -x`
  into `--sources`, never installed):
  - `openttd-opensfx`: field recordings from freesound.org (CC0 / CC-BY 3.0, credits in the package's
    readme): **wind**, **machinery** (jackhammer, circular saw, chainsaw, mining lift, sparking, steam),
    **vehicles** (jets, propeller planes, helicopter, buses, trains) and a **crowd** (applause);
  - `asterisk-moh-opsound-wav`: recorded **music** (CC-BY-SA, opsound.org);
  - `asterisk-core-sounds-{en,es,fr}-wav`: prompts read by two people in English, Spanish and French,
    summed into **babble** of recorded voices (the training's babble is synthetic speech);
- two generator families `noise.py` does not have: **resonant** (white noise through 2-3 random
  resonances and a random spectral tilt, as fans, engines and rooms colour noise) and **impulsive**
  (random clicks and crackle over faint hiss, as keyboards, rain and bad cables make).

Every source is split in time: the first half of each recording (or every other prompt, for babble)
belongs to the validation set, the second half to the final set, so the two sets share no noise audio.
"""
import io
import os
import struct
import wave
from math import gcd

import numpy as np
from scipy.signal import lfilter, resample_poly

import noise

KINDS = ["wind", "machinery", "vehicles", "crowd", "music", "babble", "resonant", "impulsive"]

PACKAGES = ["openttd-opensfx", "asterisk-moh-opsound-wav", "asterisk-core-sounds-en-wav",
            "asterisk-core-sounds-es-wav", "asterisk-core-sounds-fr-wav"]

# OpenSFX catalogue entries (index: title in the package's readme) by kind.
OPENSFX = {
    "wind": [52, 57],                          # Wind, Heavy wind
    "machinery": [11, 12, 13, 33, 40, 56],     # mining lift, sparking, steam, jackhammer, sawmill, chainsaw
    "vehicles": [8, 9, 24, 27, 59, 61, 65, 69, 71],
    "crowd": [29],                             # applause, ~850 people
}


def _to_rate(x: np.ndarray, rate: int, target: int) -> np.ndarray:
    g = gcd(rate, target)
    return resample_poly(x.astype(np.float64), target // g, rate // g)


def _read_wav(data: bytes, target: int) -> np.ndarray:
    with wave.open(io.BytesIO(data)) as w:
        rate, channels, width, frames = w.getframerate(), w.getnchannels(), w.getsampwidth(), w.readframes(w.getnframes())
    if width != 2:
        raise ValueError(f"{width * 8}-bit WAV")
    whole = len(frames) // (2 * channels) * 2 * channels    # some catalogue entries end mid-sample
    x = np.frombuffer(frames[:whole], "<i2").astype(np.float64) / 32768.0
    if channels > 1:
        x = x.reshape(-1, channels).mean(1)
    return _to_rate(x, rate, target)


def _opensfx(sources: str) -> dict[int, bytes]:
    """The catalogue's WAVs by index (`opensfx.cat`: offset/size pairs, then name-prefixed RIFF data)."""
    path = os.path.join(sources, "root/usr/share/games/openttd/baseset/opensfx/opensfx.cat")
    d = open(path, "rb").read()
    count = (struct.unpack_from("<I", d, 0)[0] & 0x7FFFFFFF) // 8
    out = {}
    for i in range(count):
        off, size = struct.unpack_from("<II", d, i * 8)
        off &= 0x7FFFFFFF
        name_len = d[off]
        out[i] = d[off + 1 + name_len: off + size]
    return out


def _half(x: np.ndarray, part: str) -> np.ndarray:
    mid = len(x) // 2
    return x[:mid] if part == "validation" else x[mid:]


class Sources:
    """The recordings of every kind, the `part` ("validation" or "final") half of each, at `rate`."""

    def __init__(self, sources: str, part: str, rate: int = 16000):
        noise.fetch_debian(sources, PACKAGES)
        self.rate = rate
        sfx = _opensfx(sources)
        self.clips = {kind: [_half(_read_wav(sfx[i], rate), part) for i in ids] for kind, ids in OPENSFX.items()}
        moh = os.path.join(sources, "root/usr/share/asterisk/moh")
        self.clips["music"] = [_half(_read_wav(open(os.path.join(moh, f), "rb").read(), rate), part)
                               for f in sorted(os.listdir(moh)) if f.endswith(".wav")]
        prompts = []
        for voice in ["en_US_f_Allison", "es_MX_f_Allison", "fr_CA_f_June"]:
            folder = os.path.join(sources, "root/usr/share/asterisk/sounds", voice)
            names = sorted(f for f in os.listdir(folder) if f.endswith(".wav"))
            keep = names[0::2] if part == "validation" else names[1::2]
            prompts += [_read_wav(open(os.path.join(folder, f), "rb").read(), rate) for f in keep]
        self.prompts = [p for p in prompts if len(p) > rate // 4]

    def make(self, kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
        if kind in self.clips:
            return noise.tiled(self.clips[kind], n, rng, self.rate)
        if kind == "babble":
            return _babble(self.prompts, n, rng)
        if kind == "resonant":
            return resonant(n, rng, self.rate)
        if kind == "impulsive":
            return impulsive(n, rng, self.rate)
        raise ValueError(kind)


def _babble(prompts: list[np.ndarray], n: int, rng: np.random.Generator) -> np.ndarray:
    """The sum of 4-8 streams of recorded prompts laid end to end at random offsets and levels."""
    x = np.zeros(n)
    for _ in range(int(rng.integers(4, 9))):
        pos, gain = int(rng.integers(-n // 2, n // 2)), 10 ** (rng.uniform(-6, 0) / 20)
        while pos < n:
            u = prompts[int(rng.integers(len(prompts)))]
            a, b = max(pos, 0), min(pos + len(u), n)
            if b > a:
                x[a:b] += gain * u[a - pos: b - pos]
            pos += len(u) + int(rng.integers(0, 2000))
    return x


def resonant(n: int, rng: np.random.Generator, rate: int) -> np.ndarray:
    """White noise through 2-3 random two-pole resonances (150 Hz - 0.4 rate) and a one-pole tilt."""
    x = rng.standard_normal(n)
    y = np.zeros(n)
    for _ in range(int(rng.integers(2, 4))):
        f = np.exp(rng.uniform(np.log(150), np.log(0.4 * rate)))
        r = rng.uniform(0.9, 0.995)
        a = [1, -2 * r * np.cos(2 * np.pi * f / rate), r * r]
        band = lfilter([1 - r], a, x)
        y += band / (np.std(band) + 1e-12) * 10 ** (rng.uniform(-10, 0) / 20)
    tilt = rng.uniform(-0.9, 0.9)
    return lfilter([1], [1, -tilt], y)


def impulsive(n: int, rng: np.random.Generator, rate: int) -> np.ndarray:
    """Clicks at 5-60 per second, each a noise burst decaying in 0.5-8 ms at a level spread over 30 dB,
    over hiss 35 dB below them."""
    x = rng.standard_normal(n) * 10 ** (-35 / 20) * 0.3
    count = rng.poisson(rng.uniform(5, 60) * n / rate)
    for _ in range(count):
        at = int(rng.integers(0, n))
        decay = rng.uniform(0.0005, 0.008) * rate
        length = min(int(decay * 6), n - at)
        burst = rng.standard_normal(length) * np.exp(-np.arange(length) / decay)
        x[at: at + length] += burst * 10 ** (rng.uniform(-30, 0) / 20)
    return x
