"""Recorded noise for training (`train_v2.py --recorded SHARE`): the sound effects and music of Debian's
`colobot-common-sounds` (game sound effects: engines, machines, impacts, ambience; 21 music tracks; GPL-3),
fetched with `apt-get download` and unpacked with `dpkg-deb -x` into `--recorded-sources`, never installed.

None of it is used by an evaluation: `unseen_noise.py` draws on other packages, so `evaluate_unseen.py`
still measures noise that training has not heard.
"""
import os
from math import gcd

import numpy as np
import soundfile
from scipy.signal import resample_poly

import noise

PACKAGE = "colobot-common-sounds"


def load(sources: str, rate: int) -> list[np.ndarray]:
    """Every recording, mono at `rate`, normalised to unit RMS; music tracks cut into 10 s pieces."""
    noise.fetch_debian(sources, [PACKAGE])
    base = os.path.join(sources, "root/usr/share/games/colobot")
    clips = []
    for folder in ["sounds", "music"]:
        for name in sorted(os.listdir(os.path.join(base, folder))):
            x, r = soundfile.read(os.path.join(base, folder, name), dtype="float64", always_2d=True)
            x = x.mean(1)
            g = gcd(r, rate)
            x = resample_poly(x, rate // g, r // g)
            pieces = [x[i: i + 10 * rate] for i in range(0, len(x), 10 * rate)] if folder == "music" else [x]
            for p in pieces:
                rms = np.sqrt(np.mean(p ** 2))
                if len(p) > rate // 4 and rms > 1e-4:
                    clips.append(p / rms)
    return clips
