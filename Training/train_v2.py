"""Trains speech enhancer v2 (model_v2.py: causal GRU mask) with JAX autodiff and optax Adam.

Data: natural-speech voices (corpus_natural.py: Festival diphone, HTS and unit-selection voices built from
recordings of people) plus espeak-ng speech (corpus.py), fresh mixtures every step with white, pink,
brown, babble (other Festival utterances), mains hum, and sums of two of them, at -5..20 dB SNR, 10 % clean
(no noise, so the model learns to leave clean speech alone). Augmented with room reverberation
(exponentially decaying noise impulse responses, RT60 0.15-0.9 s; the target keeps the reverberation),
level (-45..-6 dBFS RMS), band-limiting (low-pass 3.4-7.6 kHz on speech) and clipping (--clip share, by
default 8 %: the mixture driven 1.2-10x into +-1, half of them without noise; the target is the clean
speech clipped the same way, so clipping distortion is kept, not removed as noise), slow level
modulation of the noise, and (--lowpass share, default 0) the whole mixture band-limited by the server's
resampler response (what the model sees of a 22.05-48 kHz request; target filtered the same way).
Loss, on the waveform after the iSTFT: compressed-magnitude and compressed-complex spectral errors plus
a small negative SI-SDR term. --asym W (default 0: the loss above, unchanged) adds W times an asymmetric
compressed-magnitude error that counts only bins whose estimated magnitude is below the clean target's,
mean(max(|S|^0.3 - |S_est|^0.3, 0)^2): in the magnitude term, speech removed by the mask (speech
distortion) then costs 1 + W times what the same error costs as residual noise (the asymmetric loss of
Wilson et al. 2018, "Exploring tradeoffs in models for low-latency speech enhancement"). --stoi W (default
0) adds W times (1 - d), d a differentiable short-time objective intelligibility (STOI, Taal et al. 2011)
computed on the training STFT: 15 one-third-octave bands from 150 Hz, 384 ms segments (48 frames, every 8th
frame), the estimate's band envelopes scaled to the target's and clipped at -15 dB SDR, correlated with the
target's; segments weighted by their share of frames within 40 dB of the clip's loudest (STOI's silent-frame
rule as a weight). Intelligibility is where the model trails DeepFilterNet3 (babble at 0 dB).

Run: OPENBLAS_NUM_THREADS=1 nice -n 15 python3 train_v2.py --minutes 25 [--hidden 128]
     [--init data/params_v2_stage1.npz --lr 1e-3 --seed 18 --clean 0.2]   (the second run of v2)
     [--init data/params_v2_stage2.npz --lr 5e-4 --seed 19 --clean 0.2 --clip 0.15]   (the third; the
     previous model was its step-1,000 checkpoint, see Models/speech-enhancer/README.md)
     [--init PREVIOUS.safetensors --lr 4e-4 --seed 21 --clean 0.2 --clip 0.15 --lowpass 0.3 --every 250]
     (the fourth; its step-2,500 checkpoint shipped, exported with export_v2.py --offset 1.0, until the sixth)
     [--init FOURTH_C0.npz --lr 4e-4 --seed 23 --clean 0.2 --clip 0.15 --lowpass 0.3 --every 250 --asym 1]
     (the fifth: the shipped weights with the +1.0 offset taken off output.bias, and the speech-distortion
     term; tried, not shipped: see the model card's Open section)
     [... the fifth's flags, --seed 27 --stoi 3]   (the sixth: the intelligibility term as well; its step-5,000
     checkpoint ships, exported with --offset 0.5; a twin with --seed 25 --stoi 1 ran beside it)
--recorded S (default 0) draws the noise of a share S of noisy examples from recorded sound
(recorded_noise.py: Debian's colobot-common-sounds, kept apart from the sources evaluate_unseen.py uses),
alone or over a generator 10-0 dB below it; --narrowband S band-limits a share S of examples, mixture and
target, to 3.4-5.5 kHz (what 8-11.025 kHz input looks like at 16 kHz). The seventh run (2026-12-08) added
--recorded 0.5 --narrowband 0.15 to the sixth's flags (seed 31, 40 minutes); tried, not shipped (model card).
--init continues from existing weights (a v2 model.safetensors or a params_v2.npz): its tensors, hidden
size and input normalisation (input.mean, input.std) are kept; the optimiser state starts fresh (with the
usual short warm-up). --clean is the share of examples with no noise added.
Writes data/params_v2.npz (float32 numpy arrays in the tensor names of model_v2.py) and, every --every steps,
OUT-stepN.npz beside it.
"""
import argparse
import time

import numpy as np
from scipy.signal import butter, fftconvolve, sosfilt

import corpus
import model
import noise

RATE = corpus.RATE
CLIP = 2 * RATE
BATCH = 16
KINDS = noise.KINDS + ["mixed"]


def crop(rng, speech, n):
    """A random piece of speech of n samples: one utterance, or two laid end to end."""
    out = np.zeros(n, np.float32)
    pos = int(rng.integers(-RATE // 2, RATE // 4))
    while pos < n:
        u = speech[int(rng.integers(len(speech)))]
        a, b = max(pos, 0), min(pos + len(u), n)
        if b > a:
            out[a:b] += u[a - pos: b - pos]
        pos += len(u) + int(rng.integers(0, RATE // 2))
    return out


def rir(rng):
    rt60 = rng.uniform(0.15, 0.9)
    n = int(rt60 * RATE)
    t = np.arange(n) / RATE
    h = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
    h[: int(rng.integers(16, 80))] = 0
    h *= rng.uniform(0.1, 0.5) / np.sqrt(np.sum(h ** 2))
    h[0] = 1.0
    return h


def make_noise(kind, rng, n, pool):
    if kind == "mixed":
        a, b = rng.choice(noise.KINDS, size=2, replace=False)
        x = noise.make(str(a), n, rng, pool, RATE)
        y = noise.make(str(b), n, rng, pool, RATE)
        return x / (np.std(x) + 1e-12) + rng.uniform(0.3, 1.0) * y / (np.std(y) + 1e-12)
    return noise.make(kind, n, rng, pool, RATE)


def resampler_kernel(rate=RATE, zero_crossings=16, beta=8.6, rel_cutoff=0.95):
    """The server's resampler (Sources/MinerKit/Audio/DSP/Resampler.swift) seen from the model rate: a
    Kaiser-windowed sinc of cut-off 0.95 x Nyquist (7.6 kHz) over 16 lobes each side. Down-sampling any
    rate above 16 kHz to 16 kHz applies this response (in Hz) to the band below 8 kHz, so filtering a
    16 kHz mixture with it gives the model what it sees of a 22.05-48 kHz request."""
    fc = 0.5 * rel_cutoff                      # cycles per 16 kHz sample
    hw = zero_crossings / (2 * fc)
    n = np.arange(-int(np.ceil(hw)), int(np.ceil(hw)) + 1, dtype=np.float64)
    r = np.clip(np.abs(n) / hw, 0, 1)
    win = np.i0(beta * np.sqrt(1 - r ** 2)) / np.i0(beta)
    win[np.abs(n) >= hw] = 0
    return 2 * fc * np.sinc(2 * fc * n) * win


RESAMPLER = resampler_kernel()


def resampler_lowpass(x):
    """x filtered by RESAMPLER, zero delay (as the server's resampler: no delay)."""
    half = len(RESAMPLER) // 2
    return fftconvolve(x, RESAMPLER)[half: half + len(x)]


def example(rng, speech, pool, clean_share=0.1, clip_share=0.08, lowpass_share=0.0, recorded=None,
            recorded_share=0.0, narrowband_share=0.0):
    clean = crop(rng, speech, CLIP).astype(np.float64)
    if np.sqrt(np.mean(clean ** 2)) < 1e-4:
        clean = crop(rng, speech, CLIP).astype(np.float64)
    if rng.random() < 0.3:
        clean = fftconvolve(clean, rir(rng))[:CLIP]
    if rng.random() < 0.2:
        sos = butter(8, rng.uniform(3400, 7600), fs=RATE, output="sos")
        clean = sosfilt(sos, clean)
    clipped = rng.random() < clip_share
    if rng.random() < clean_share or (clipped and rng.random() < 0.5):
        noisy = clean.copy()
    else:
        if recorded and rng.random() < recorded_share:
            # Recorded sound, alone or over one of the generators 10-0 dB below it.
            nz = noise.tiled(recorded, CLIP, rng, RATE)
            if rng.random() < 0.3:
                extra = make_noise(KINDS[int(rng.integers(len(KINDS)))], rng, CLIP, pool)
                nz = nz + extra / (np.std(extra) + 1e-12) * np.std(nz) * 10 ** (rng.uniform(-10, 0) / 20)
        else:
            kind = KINDS[int(rng.integers(len(KINDS)))]
            nz = make_noise(kind, rng, CLIP, pool)
        if rng.random() < 0.3:
            env = np.interp(np.arange(CLIP), np.linspace(0, CLIP, 6), rng.uniform(0.3, 1.5, 6))
            nz = nz * env
        noisy = noise.mix(clean.astype(np.float32), nz, float(rng.uniform(-5, 20))).astype(np.float64)
    if rng.random() < lowpass_share:
        # The whole mixture band-limited as the server's resampler does above 16 kHz; the target is the
        # clean speech filtered the same way (a mask cannot restore the attenuated band, and the server
        # adds the band the resampler removed back after the model).
        noisy, clean = resampler_lowpass(noisy), resampler_lowpass(clean)
    elif rng.random() < narrowband_share:
        # Telephone and old recordings (8-11.025 kHz): the whole mixture holds nothing above 3.4-5.5 kHz,
        # as the server's resampler brings it to 16 kHz. The target is the clean speech filtered the same
        # way: the model is to enhance the band there is.
        sos = butter(10, rng.uniform(3400, 5500), fs=RATE, output="sos")
        noisy, clean = sosfilt(sos, noisy), sosfilt(sos, clean)
    gain = 10 ** (rng.uniform(-45, -6) / 20) / (np.sqrt(np.mean(noisy ** 2)) + 1e-12)
    noisy, clean = noisy * gain, clean * gain
    if clipped:
        # Driven 1.2-10x past full scale and clipped at +-1. The target is the clean speech clipped the
        # same way: a mask cannot restore what clipping cut off, and the model is to remove the noise, not
        # the clipping distortion (half of these examples have no noise, so clipped clean speech is kept).
        drive = rng.uniform(1.2, 10.0) / (np.abs(noisy).max() + 1e-12)
        noisy, clean = np.clip(noisy * drive, -1, 1), np.clip(clean * drive, -1, 1)
    return noisy.astype(np.float32), clean.astype(np.float32)


def batch(rng, speech, pool, clean_share=0.1, clip_share=0.08, lowpass_share=0.0, recorded=None,
          recorded_share=0.0, narrowband_share=0.0):
    pairs = [example(rng, speech, pool, clean_share, clip_share, lowpass_share, recorded, recorded_share,
                     narrowband_share) for _ in range(BATCH)]
    return np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, required=True, help="wall-time budget of the training loop")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--out", default="data/params_v2.npz")
    ap.add_argument("--init", help="start from these weights (v2 model.safetensors or params_v2.npz)")
    ap.add_argument("--seed", type=int, default=17, help="data seed (use another when continuing a run)")
    ap.add_argument("--clean", type=float, default=0.1, help="share of examples without noise")
    ap.add_argument("--clip", type=float, default=0.08, help="share of examples driven into clipping")
    ap.add_argument("--lowpass", type=float, default=0.0,
                    help="share of mixtures band-limited as the server's resampler does above 16 kHz")
    ap.add_argument("--every", type=int, default=500, help="also keep OUT-stepN.npz every this many steps")
    ap.add_argument("--asym", type=float, default=0.0,
                    help="weight of the speech-distortion term (estimated magnitude below the target's)")
    ap.add_argument("--stoi", type=float, default=0.0,
                    help="weight of the intelligibility term, 1 - a differentiable STOI")
    ap.add_argument("--recorded", type=float, default=0.0,
                    help="share of noisy examples whose noise is recorded sound (recorded_noise.py)")
    ap.add_argument("--recorded-sources", default="data/recorded_sources",
                    help="where recorded_noise.py unpacks its Debian package")
    ap.add_argument("--narrowband", type=float, default=0.0,
                    help="share of examples band-limited to 3.4-5.5 kHz, mixture and target (8-11.025 kHz input)")
    args = ap.parse_args()

    import jax
    import jax.numpy as jnp
    import optax

    rng = np.random.default_rng(args.seed)
    natural = corpus.load("data/natural_train_speech.npz")
    espeak = corpus.load("data/train_speech.npz")
    speech = natural * 3 + espeak            # ~3/4 of draws natural voices
    pool = corpus.load("data/natural_train_babble.npz") + corpus.load("data/train_babble.npz")
    recorded = None
    if args.recorded > 0:
        import recorded_noise
        recorded = recorded_noise.load(args.recorded_sources, RATE)
        print(f"recorded noise: {len(recorded)} clips, {sum(map(len, recorded)) / RATE / 60:.1f} min", flush=True)
    print(f"speech clips: natural {len(natural)}, espeak {len(espeak)}; babble pool {len(pool)}", flush=True)

    init = None
    if args.init:
        import safetensors_io
        init = {k: np.asarray(v, np.float32) for k, v in
                (np.load(args.init).items() if args.init.endswith(".npz") else safetensors_io.read(args.init).items())}
        mean, std = init.pop("input.mean").copy(), init.pop("input.std").copy()   # keep its normalisation
        args.hidden = init["gru.weight_hh"].shape[1]
        print(f"init from {args.init}: hidden {args.hidden}, {sum(v.size for v in init.values())} weights", flush=True)
    else:
        logs = []
        for _ in range(8):
            x, _ = batch(rng, speech, pool)
            for row in x:
                logs.append(np.log(np.abs(model.stft(row)) ** 2 + model.LOG_FLOOR))
        logs = np.concatenate(logs)
        mean, std = logs.mean(0).astype(np.float32), (logs.std(0) + 1e-3).astype(np.float32)

    H, B = args.hidden, model.BINS
    k = jax.random.split(jax.random.PRNGKey(3), 4)

    def glorot(key, shape):
        return (jax.random.normal(key, shape) * np.sqrt(1.0 / shape[1])).astype(jnp.float32)

    params = {
        "encoder.weight": glorot(k[0], (H, 2 * B)), "encoder.bias": jnp.zeros(H),
        "gru.weight_ih": glorot(k[1], (3 * H, H)), "gru.weight_hh": glorot(k[2], (3 * H, H)),
        "gru.bias_ih": jnp.zeros(3 * H), "gru.bias_hh": jnp.zeros(3 * H),
        "output.weight": glorot(k[3], (B, 2 * H)) * 0.1, "output.bias": jnp.full(B, 2.0),
    }
    if init is not None:
        assert set(init) == set(params), f"tensor names differ: {sorted(set(init) ^ set(params))}"
        for name, v in init.items():
            assert v.shape == params[name].shape, f"{name}: {v.shape} vs {params[name].shape}"
        params = {name: jnp.asarray(v) for name, v in init.items()}
    window = jnp.asarray(model.WINDOW)
    n_frames = model.frame_count(CLIP)
    idx = np.arange(n_frames)[:, None] * model.HOP + np.arange(model.N_FFT)[None, :]
    lead = model.N_FFT - model.HOP
    jmean, jstd = jnp.asarray(mean), jnp.asarray(std)

    def stft(x):
        padded = jnp.pad(x, ((0, 0), (lead, (n_frames - 1) * model.HOP + model.N_FFT - lead - CLIP)))
        return jnp.fft.rfft(padded[:, idx] * window, axis=-1)

    def istft(spec):
        frames = jnp.fft.irfft(spec, model.N_FFT, axis=-1) * window          # (b, F, 512)
        q = model.N_FFT // model.HOP
        blocks = frames.reshape(frames.shape[0], n_frames, q, model.HOP)
        out = sum(jnp.pad(blocks[:, :, j, :], ((0, 0), (j, q - 1 - j), (0, 0))) for j in range(q))
        out = out.reshape(frames.shape[0], -1)
        return out[:, lead: lead + CLIP] / model.OLA_GAIN

    def mask_of(p, spec):
        power = jnp.real(spec) ** 2 + jnp.imag(spec) ** 2
        z = (jnp.log(power + model.LOG_FLOOR) - jmean) / jstd
        prev = jnp.pad(z, ((0, 0), (1, 0), (0, 0)))[:, :-1]
        e = jax.nn.relu(jnp.concatenate([z, prev], -1) @ p["encoder.weight"].T + p["encoder.bias"])
        gi = e @ p["gru.weight_ih"].T + p["gru.bias_ih"]                       # (b, F, 3H)

        def cell(h, g):
            gh = h @ p["gru.weight_hh"].T + p["gru.bias_hh"]
            r = jax.nn.sigmoid(g[:, :H] + gh[:, :H])
            zz = jax.nn.sigmoid(g[:, H:2 * H] + gh[:, H:2 * H])
            n = jnp.tanh(g[:, 2 * H:] + r * gh[:, 2 * H:])
            h = (1 - zz) * n + zz * h
            return h, h

        _, hs = jax.lax.scan(cell, jnp.zeros((spec.shape[0], H)), jnp.swapaxes(gi, 0, 1))
        hs = jnp.swapaxes(hs, 0, 1)
        return jax.nn.sigmoid(jnp.concatenate([hs, e], -1) @ p["output.weight"].T + p["output.bias"])

    def loss_fn(p, noisy, clean):
        spec = stft(noisy)
        est = istft(spec * mask_of(p, spec))
        scale = jnp.sqrt(jnp.mean(clean ** 2, axis=1, keepdims=True)) + 1e-7
        s, e = stft(clean / scale), stft(est / scale)
        ms, me = jnp.abs(s) + 1e-8, jnp.abs(e) + 1e-8
        mag = jnp.mean((me ** 0.3 - ms ** 0.3) ** 2)
        cplx = jnp.mean(jnp.abs(e * me ** -0.7 - s * ms ** -0.7) ** 2)
        c = clean - clean.mean(1, keepdims=True)
        y = est - est.mean(1, keepdims=True)
        a = jnp.sum(y * c, 1, keepdims=True) / (jnp.sum(c * c, 1, keepdims=True) + 1e-12)
        t = a * c
        sisdr = 10 * jnp.log10(jnp.sum(t ** 2, 1) / (jnp.sum((y - t) ** 2, 1) + 1e-12) + 1e-12)
        total = mag + cplx - 0.01 * jnp.mean(jnp.minimum(sisdr, 40.0))
        distortion = speech_distortion(ms, me)
        if args.asym > 0:
            total = total + args.asym * distortion
        intelligibility = short_time_intelligibility(s, e) if args.stoi > 0 else jnp.zeros(())
        if args.stoi > 0:
            total = total + args.stoi * (1.0 - intelligibility)
        return total, (mag, cplx, jnp.mean(sisdr), distortion, intelligibility)

    opt = optax.chain(optax.clip_by_global_norm(1.0), optax.inject_hyperparams(optax.adam)(learning_rate=args.lr))
    state = opt.init(params)

    @jax.jit
    def step(p, s, noisy, clean, lr):
        s[1].hyperparams["learning_rate"] = lr
        (l, aux), g = jax.value_and_grad(loss_fn, has_aux=True)(p, noisy, clean)
        updates, s = opt.update(g, s, p)
        return optax.apply_updates(p, updates), s, l, aux

    budget = args.minutes * 60
    t0 = time.time()
    n, running = 0, None
    while True:
        frac = (time.time() - t0) / budget
        if frac >= 1:
            break
        lr = args.lr * (0.05 + 0.95 * 0.5 * (1 + np.cos(np.pi * frac))) * min(1.0, (n + 1) / 100)
        noisy, clean = batch(rng, speech, pool, args.clean, args.clip, args.lowpass, recorded, args.recorded,
                             args.narrowband)
        params, state, l, aux = step(params, state, jnp.asarray(noisy), jnp.asarray(clean), lr)
        n += 1
        running = float(l) if running is None else 0.98 * running + 0.02 * float(l)
        if n % 50 == 0:
            mag, cplx, sd, dist, intel = (float(v) for v in aux)
            extra = (f" dist {dist:.4f}" if args.asym > 0 else "") + (f" stoi {intel:.4f}" if args.stoi > 0 else "")
            print(f"step {n} loss {running:.4f} mag {mag:.4f} cplx {cplx:.4f} sisdr {sd:.1f}{extra} lr {lr:.2e} "
                  f"{time.time() - t0:.0f}s", flush=True)
        if n % args.every == 0:
            save(args.out, params, mean, std)
            save(args.out.replace(".npz", f"-step{n}.npz"), params, mean, std)
    save(args.out, params, mean, std)
    print(f"done: {n} steps in {time.time() - t0:.0f}s", flush=True)


def speech_distortion(ms, me):
    """Compressed-magnitude error of the bins where the estimate is below the clean target (speech the
    mask removed); bins above it (residual noise) cost nothing here."""
    import jax.numpy as jnp
    return jnp.mean(jnp.maximum(ms ** 0.3 - me ** 0.3, 0.0) ** 2)


def third_octave_bands(count=15, lowest=150.0):
    """STOI's one-third-octave bands as a (count, BINS) 0/1 matrix over the training STFT's bins."""
    freqs = np.arange(model.BINS) * RATE / model.N_FFT
    centres = lowest * 2.0 ** (np.arange(count) / 3)
    lo, hi = centres * 2 ** (-1 / 6), centres * 2 ** (1 / 6)
    return ((freqs[None, :] >= lo[:, None]) & (freqs[None, :] < hi[:, None])).astype(np.float32)


BANDS = third_octave_bands()
SEGMENT, SEGMENT_STRIDE = 48, 8          # 384 ms of 8 ms frames, as STOI's 30 frames of 12.8 ms
CLIP_RATIO = 1 + 10 ** (15 / 20)          # STOI's lower SDR bound of -15 dB


def short_time_intelligibility(s, e):
    """Mean over the batch of a differentiable STOI of the estimate's spectrum e against the target's s
    (complex, (batch, frames, BINS)); see the module doc. Scale-free in both arguments."""
    import jax
    import jax.numpy as jnp
    ps = jnp.real(s) ** 2 + jnp.imag(s) ** 2                          # not |.|^2: abs has no gradient at 0
    pe = jnp.real(e) ** 2 + jnp.imag(e) ** 2
    x = jnp.sqrt(ps @ BANDS.T + 1e-10)                                 # (b, F, 15)
    y = jnp.sqrt(pe @ BANDS.T + 1e-10)
    frames = x.shape[1]
    starts = np.arange(0, frames - SEGMENT + 1, SEGMENT_STRIDE)
    idx = starts[:, None] + np.arange(SEGMENT)[None, :]                # (n, 48)
    xs, ys = x[:, idx, :], y[:, idx, :]                                # (b, n, 48, 15)
    scale = jnp.sqrt(jnp.sum(xs ** 2, 2, keepdims=True) / (jnp.sum(ys ** 2, 2, keepdims=True) + 1e-10))
    yc = jnp.minimum(ys * scale, xs * CLIP_RATIO)
    xm, ym = xs - xs.mean(2, keepdims=True), yc - yc.mean(2, keepdims=True)
    corr = jnp.sum(xm * ym, 2) / jnp.sqrt(jnp.sum(xm ** 2, 2) * jnp.sum(ym ** 2, 2) + 1e-20)   # (b, n, 15)
    energy = jnp.sum(ps, -1)                                           # (b, F)
    active = (energy > 1e-4 * jnp.max(energy, 1, keepdims=True)).astype(jnp.float32)
    weight = jax.lax.stop_gradient(active[:, idx].mean(-1))            # (b, n)
    per_clip = jnp.sum(weight * corr.mean(-1), 1) / (jnp.sum(weight, 1) + 1e-6)
    return jnp.mean(per_clip)


def save(path, params, mean, std):
    out = {k: np.asarray(v, dtype=np.float32) for k, v in params.items()}
    out["input.mean"], out["input.std"] = mean, std
    np.savez(path, **out)


if __name__ == "__main__":
    main()
