"""Start-up time and peak memory of `minerkit inference serve` with a model folder, as a validator meets it.

Starts the server on 127.0.0.1 with a free port, polls GET /api/v1/health until `model_loaded`, then sends
10 s and 60 s of 16 kHz noise as base64 `.npy` (the miner inference spec's body) and reads the server's peak
resident memory (`VmHWM` in /proc/PID/status) after each reply. The issue's bars: ready well within 60 s,
peak RSS < 100 MB.
Run: python3 serve_check.py ../.build/debug/minerkit [--model ../Models/speech-enhancer]
"""
import argparse
import base64
import io
import json
import socket
import subprocess
import time
import urllib.request

import numpy as np


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")


def infer(base, seconds, rng):
    buf = io.BytesIO()
    np.save(buf, (0.05 * rng.standard_normal(16000 * seconds)).astype(np.float32))
    body = json.dumps({"audio_data": base64.b64encode(buf.getvalue()).decode(), "sample_rate": 16000}).encode()
    req = urllib.request.Request(f"{base}/api/v1/inference", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        reply = json.load(r)
    out = np.load(io.BytesIO(base64.b64decode(reply["audio_data"])))
    assert out.shape == (16000 * seconds,), out.shape


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("minerkit", help="the minerkit executable")
    ap.add_argument("--model", default="../Models/speech-enhancer")
    args = ap.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    server = subprocess.Popen([args.minerkit, "inference", "serve", "--model", args.model,
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if time.monotonic() - t0 > 60:
                raise SystemExit("not ready within 60 s")
            try:
                with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2) as r:
                    if json.load(r).get("model_loaded"):
                        break
            except OSError:
                pass
            time.sleep(0.02)
        print(f"/health ready (model_loaded) {time.monotonic() - t0:.2f} s after start")
        rng = np.random.default_rng(1)
        for seconds in (10, 60):
            infer(base, seconds, rng)
            print(f"peak RSS after a {seconds} s request: {peak_rss_mb(server.pid):.1f} MB")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
