"""Talks to a running MinerKit inference server exactly as a validator does.

Encodes audio with np.save + base64 (shapes (T,) and (1, T); float32, float64 and int16), posts it to
/api/v1/inference, decodes the reply with np.load(..., allow_pickle=False) and checks its shape, dtype,
length and alignment; sends raw float32 bytes and reads the reply with np.frombuffer; then checks that
each bad input gets a 400 with its error_code.

Usage: inference_validator_client.py BASE_URL [--expect-loading]
Exits 0 when every check passes and prints one line per check.
"""
import base64
import io
import json
import sys
import urllib.error
import urllib.request

import numpy as np


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def encode(array):
    buf = io.BytesIO()
    np.save(buf, array)
    return base64.b64encode(buf.getvalue()).decode()


def decode(text):
    return np.load(io.BytesIO(base64.b64decode(text)), allow_pickle=False)


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        sys.exit(1)


def speech_like(rate, seconds):
    rng = np.random.default_rng(rate)
    t = np.arange(int(rate * seconds)) / rate
    voice = 0.3 * np.sin(2 * np.pi * (150 + 30 * np.sin(3 * t)) * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))
    return voice + 0.05 * rng.standard_normal(t.size)


def main():
    base = sys.argv[1].rstrip("/")
    if "--expect-loading" in sys.argv:
        status, body = call(base, "GET", "/api/v1/health")
        check(status == 503 and body["model_loaded"] is False, f"health before loading: {status} {body}")
        status, body = call(base, "POST", "/api/v1/inference", {"audio_data": encode(np.zeros(160, np.float32)), "sample_rate": 16000})
        check(status == 503 and body["error_code"] == "model_not_loaded", f"inference before loading: {status}")
        return

    status, body = call(base, "GET", "/api/v1/health")
    version = body.pop("version", None)
    gpu = body.pop("gpu_available", None)
    check(status == 200 and body == {"status": "healthy", "model_loaded": True}, f"health: {body}")
    check(isinstance(gpu, bool), f"health says whether a GPU is usable: {gpu}")
    check(isinstance(version, str) and version.count(".") == 2, f"health names the build: {version}")

    for rate in (16000, 44100):
        x = speech_like(rate, 1.5)
        variants = {
            "float32 (T,)": x.astype(np.float32),
            "float64 (T,)": x.astype(np.float64),
            "int16 (T,)": (x * 32767).astype(np.int16),
            "float32 (1,T)": x.astype(np.float32)[None, :],
            "float64 (1,T)": x.astype(np.float64)[None, :],
            "int16 (1,T)": (x * 32767).astype(np.int16)[None, :],
        }
        for name, arr in variants.items():
            status, body = call(base, "POST", "/api/v1/inference", {"audio_data": encode(arr), "sample_rate": rate})
            check(status == 200, f"{name} at {rate} Hz: status {status}")
            out = decode(body["audio_data"])
            check(out.dtype == np.float32 and out.shape == arr.shape, f"{name} at {rate} Hz: reply {out.dtype} {out.shape}")
            check(np.all(np.isfinite(out)) and isinstance(body.get("text", ""), str), f"{name}: finite, text absent or a string")
            flat_in, flat_out = arr.reshape(-1).astype(np.float64), out.reshape(-1).astype(np.float64)
            lags = range(-20, 21)
            corr = [np.dot(flat_in[max(0, -l): len(flat_in) - max(0, l)], flat_out[max(0, l): len(flat_out) - max(0, -l)]) for l in lags]
            check(lags[int(np.argmax(corr))] == 0, f"{name} at {rate} Hz: aligned (cross-correlation peaks at lag 0)")

    x = speech_like(16000, 0.5).astype(np.float32)
    status, body = call(base, "POST", "/api/v1/inference", {"audio_data": base64.b64encode(x.tobytes()).decode(), "sample_rate": 16000})
    out = np.frombuffer(base64.b64decode(body["audio_data"]), dtype=np.float32) if status == 200 else None
    check(out is not None and out.shape == x.shape and np.all(np.isfinite(out)), f"raw float32 answered as raw float32: {status}")

    good = encode(np.zeros(1600, np.float32))
    pickled = io.BytesIO()
    np.save(pickled, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    bad = {
        "invalid_base64": {"audio_data": "@@not base64@@", "sample_rate": 16000},
        "unsupported_dtype": {"audio_data": base64.b64encode(pickled.getvalue()).decode(), "sample_rate": 16000},
        "unsupported_shape": {"audio_data": encode(np.zeros((2, 2, 2), np.float32)), "sample_rate": 16000},
        "empty_audio": {"audio_data": encode(np.zeros(0, np.float32)), "sample_rate": 16000},
        "non_finite_audio": {"audio_data": encode(np.array([0.0, np.nan, 0.1], np.float32)), "sample_rate": 16000},
        "invalid_sample_rate": {"audio_data": good, "sample_rate": 4000},
        "audio_too_long": {"audio_data": encode(np.zeros(16000 * 61, np.float32)), "sample_rate": 16000},
        "invalid_npy": {"audio_data": base64.b64encode(base64.b64decode(good)[:100]).decode(), "sample_rate": 16000},
        "raw_float64_audio": {"audio_data": base64.b64encode(x.astype(np.float64).tobytes()).decode(), "sample_rate": 16000},
    }
    for code, request in bad.items():
        status, body = call(base, "POST", "/api/v1/inference", request)
        check(status == 400 and body.get("error_code") == code and body.get("detail"), f"{code}: {status} {body}")
    status, body = call(base, "POST", "/api/v1/inference", {"audio_data": good})
    check(status == 400 and body.get("error_code") == "validation_error", f"missing sample_rate: {status}")
    status, body = call(base, "POST", "/api/v1/inference", {"audio_data": good, "sample_rate": 10 ** 30})
    check(status == 400 and body.get("error_code") == "invalid_sample_rate" and "sample_rate" in body.get("detail", ""),
          f"huge sample_rate: {status} {body}")
    print("validator client: all checks passed")


if __name__ == "__main__":
    main()
