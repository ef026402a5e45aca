"""Talks to a running MinerKit coordinator exactly as AITBC's stand-alone miner does.

The requests are the ones AITBC's `cli/examples/miner.py` sends, with its timeout (httpx's default,
5 s): register with `?miner_id=` and a capabilities object, long polls naming no miner, heartbeats
with `?miner_id=` and no `job_ids`, and results with only the key and `compute_time` metrics. It also
submits the job it then mines (as a client, with `Authorization: Bearer`), reads the job's receipt
at AITBC's route, and tries its client key on a miner route.

Usage: aitbc_miner_client.py BASE_URL MINER_KEY CLIENT_KEY [WORKED_PATH]
With WORKED_PATH, the job is a long one: after the poll the client sends nothing (as AITBC's production
miner while it works) until the file WORKED_PATH exists (the test creates it once the coordinator's
clock has moved past several heartbeat timeouts), then heartbeats as AITBC's CLI does and sends the result.
Prints {step: {status, body, seconds}} as one JSON object (status "timeout" when the 5 s passed);
exits 0 unless the client itself broke.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

TIMEOUT = 5.0  # httpx's default timeout, which AITBC's miner keeps
MINER_ID = "cli-miner"


def call(base, method, path, headers, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **headers})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:
            status, text = reply.status, reply.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    except (TimeoutError, urllib.error.URLError) as error:
        return {"status": "timeout" if "timed out" in str(error) else "unreachable", "body": None,
                "seconds": time.monotonic() - started}
    seconds = time.monotonic() - started
    return {"status": status, "body": json.loads(text) if text else None, "seconds": seconds}


def wait_for(path, limit=60.0):
    """Waits until `path` exists (the test's signal that the long job's time has passed)."""
    started = time.monotonic()
    while not os.path.exists(path):
        if time.monotonic() - started > limit:
            raise SystemExit(f"{path} never appeared")
        time.sleep(0.02)


def main():
    base, miner_key, client_key = sys.argv[1], sys.argv[2], sys.argv[3]
    miner = {"X-Api-Key": miner_key}
    steps = {}
    capabilities = {
        "gpu": {"model": "RTX 4060 Ti", "memory_gb": 16, "cuda_version": "12.4"},
        "compute": {"type": "GPU", "platform": "CUDA", "supported_tasks": ["inference", "training"],
                    "max_concurrent_jobs": 1},
    }
    steps["register"] = call(base, "POST", f"/v1/miners/register?miner_id={MINER_ID}", miner,
                             {"capabilities": capabilities})
    steps["empty_poll"] = call(base, "POST", "/v1/miners/poll", miner, {"max_wait_seconds": 5})
    heartbeat = {"status": "ONLINE", "inflight": 0,
                 "metadata": {"last_seen": "2026-01-01T00:00:00+00:00", "gpu_utilization": 75,
                              "gpu_memory_used": 8000, "gpu_temperature": 65}}
    steps["heartbeat"] = call(base, "POST", f"/v1/miners/heartbeat?miner_id={MINER_ID}", miner, heartbeat)
    steps["submit"] = call(base, "POST", "/v1/jobs", {"Authorization": f"Bearer {client_key}"},
                           {"payload": {"type": "inference", "prompt": "hello", "model": "llama3.2"}})
    steps["poll"] = call(base, "POST", "/v1/miners/poll", miner, {"max_wait_seconds": 5})
    job_id = (steps["poll"]["body"] or {}).get("job_id", "missing")
    if len(sys.argv) > 4:
        wait_for(sys.argv[4])
        steps["late_heartbeat"] = call(base, "POST", f"/v1/miners/heartbeat?miner_id={MINER_ID}", miner, heartbeat)
    result = {"status": "completed", "output": f"Job {job_id} processed by {MINER_ID}",
              "execution_time_ms": 2000, "miner_id": MINER_ID}
    metrics = {"compute_time": 2.0, "energy_used": 0.1, "aitbc_earned": 10.0}
    steps["result"] = call(base, "POST", f"/v1/miners/{job_id}/result", miner, {"result": result, "metrics": metrics})
    steps["receipt"] = call(base, "GET", f"/v1/jobs/{job_id}/receipt", {"X-Api-Key": client_key})
    steps["client_key_on_miner_route"] = call(base, "POST", "/v1/miners/poll", {"X-Api-Key": client_key},
                                              {"max_wait_seconds": 0})
    print(json.dumps(steps))


if __name__ == "__main__":
    main()
