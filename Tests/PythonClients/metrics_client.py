"""Scrapes a MinerKit server's /metrics before and after real traffic, parses it with prometheus_client's
parser, and checks that each series moved by exactly what the traffic did.

Usage: metrics_client.py coordinator DB_PATH -- COMMAND...   (a coordinator on the SQLite file DB_PATH,
                                                              started with --block-interval 1)
       metrics_client.py pool -- COMMAND...
       metrics_client.py inference -- COMMAND...
Exits 0 when every check passes and prints one line per check.
"""
import base64
import json
import math
import struct
import sys
import time

from prometheus_client.parser import text_string_to_metric_families

from minerkit_process import check, call, Server






def scrape(base):
    status, raw = call(base, "GET", "/metrics")
    check(status == 200, f"GET /metrics answers 200 ({len(raw)} bytes)")
    samples = {}
    for family in text_string_to_metric_families(raw.decode()):
        for sample in family.samples:
            samples[(sample.name.removesuffix("_total"), tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def settled(base):
    """A scrape taken once request series have stopped moving: a server counts a request after its
    response is written, so the client can read the answer a moment before the count moves. Two scrapes
    0.1 s apart that agree on every route but /metrics itself (whose own scrapes count) are settled."""
    def requests(samples):
        return {key: v for key, v in samples.items()
                if key[0] in ("hb_requests", "http_server_request_duration_count")
                and ("http_route", "/metrics") not in key[1]}
    last = scrape(base)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = scrape(base)
        if requests(now) == requests(last):
            return now
        last = now
    return last


def value(samples, name, **labels):
    """The sample's value, or the sum over samples whose labels include `labels`; 0 when absent."""
    name = name.removesuffix("_total")  # counters are named with or without it, depending on the writer
    return sum(v for (n, ls), v in samples.items() if n == name and set(labels.items()) <= set(ls))


def moved(before, after, name, expected, **labels):
    delta = value(after, name, **labels) - value(before, name, **labels)
    check(delta == expected, f"{name}{labels or ''} moved by {delta:g} (expected {expected})")


def requests_moved(before, after, route, method, status, expected):
    labels = {"http_route": route, "http_request_method": method, "http_response_status_code": str(status)}
    moved(before, after, "hb_requests_total", expected, **labels)
    moved(before, after, "http_server_request_duration_count", expected, **labels)


def coordinator(db, command):
    with Server(command) as server:
        base = server.base
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with open(db + ".client-key") as f:
                    client = {"X-Api-Key": f.read().strip()}
                break
            except FileNotFoundError:
                time.sleep(0.05)
        before = scrape(base)

        jobs = []
        for i in range(3):
            status, raw = call(base, "POST", "/v1/jobs", {"prompt": f"p{i}", "model": "llama3.2", "price": 1}, client)
            check(status == 201, f"job {i} submitted: {status}")
            jobs.append(json.loads(raw)["job_id"])
        for _ in range(2):
            status, _ = call(base, "GET", "/v1/jobs", headers={"X-Api-Key": "mk_wrong"})
            check(status == 401, f"a wrong client key is refused: {status}")
        status, raw = call(base, "POST", "/v1/miners/register", {"miner_id": "m1", "capabilities": ["llama3.2"], "concurrency": 4})
        check(status == 201, f"miner registered: {status}")
        miner = {"X-Miner-ID": "m1", "X-Api-Key": json.loads(raw)["api_key"]}
        for job in jobs[:2]:
            status, _ = call(base, "POST", f"/v1/jobs/{job}/claim", {"miner_id": "m1"}, miner)
            check(status == 200, f"job claimed: {status}")
        status, _ = call(base, "POST", f"/v1/jobs/{jobs[0]}/complete", {"miner_id": "m1", "result": "done"}, miner)
        check(status == 200, f"job completed: {status}")
        refused = 0
        for _ in range(20):
            status, _ = call(base, "GET", "/v1/jobs/available?miner_id=m1", headers=miner)
            refused += status == 429
        check(refused > 0, f"{refused} of 20 quick requests refused by the rate limit")
        # The block interval is 1 s and maintenance runs every second: wait for the block, not a fixed time.
        sealed = value(before, "minerkit_blocks_sealed_total") + 1
        deadline = time.monotonic() + 30
        while value(scrape(base), "minerkit_blocks_sealed_total") < sealed and time.monotonic() < deadline:
            time.sleep(0.1)
        after = settled(base)

        requests_moved(before, after, "/v1/jobs", "POST", 201, 3)
        requests_moved(before, after, "/v1/jobs", "GET", 401, 2)
        requests_moved(before, after, "/v1/jobs/{job_id}/claim", "POST", 200, 2)
        moved(before, after, "minerkit_auth_failures_total", 2)
        moved(before, after, "minerkit_rate_limit_refusals_total", refused)
        moved(before, after, "minerkit_leases_granted_total", 2)
        moved(before, after, "minerkit_receipts_issued_total", 1)
        moved(before, after, "minerkit_blocks_sealed_total", 1)
        for state, count in [("queued", 1), ("leased", 1), ("completed", 1), ("failed", 0), ("cancelled", 0)]:
            got = value(after, "minerkit_jobs", state=state)
            check(got == count, f"minerkit_jobs{{state={state}}} is {got:g} (expected {count})")
        check(value(after, "minerkit_queue_depth") == 1, "minerkit_queue_depth is 1")
        text = call(base, "GET", "/metrics")[1].decode()
        check(client["X-Api-Key"] not in text and miner["X-Api-Key"] not in text, "no key appears in /metrics")


def pool(command):
    with Server(command) as server:
        base = server.base
        before = scrape(base)
        for _ in range(3):
            status, _ = call(base, "POST", "/api/v1/miners/register", {})
            check(status == 401, f"an unsigned registration is refused: {status}")
        after = settled(base)
        requests_moved(before, after, "/api/v1/miners/register", "POST", 401, 3)
        moved(before, after, "minerkit_auth_failures_total", 3)
        check(value(after, "minerkit_pool_leases", state="active") == 0, "minerkit_pool_leases{state=active} is 0")
        check(value(after, "minerkit_pool_miners") == 0, "minerkit_pool_miners is 0")


def inference(command):
    with Server(command) as server:
        base = server.base
        deadline = time.monotonic() + 60
        while call(base, "GET", "/api/v1/health")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        before = scrape(base)
        rate = 16000
        samples = [0.3 * math.sin(2 * math.pi * 220 * i / rate) for i in range(rate * 3 // 2)]
        audio = base64.b64encode(struct.pack(f"<{len(samples)}f", *samples)).decode()
        for _ in range(2):
            status, _ = call(base, "POST", "/api/v1/inference", {"audio_data": audio, "sample_rate": rate})
            check(status == 200, f"1.5 s of audio enhanced: {status}")
        after = settled(base)
        requests_moved(before, after, "/api/v1/inference", "POST", 200, 2)
        moved(before, after, "minerkit_inference_requests_total", 2)
        moved(before, after, "minerkit_inference_audio_seconds_total", 3)
        moved(before, after, "minerkit_inference_real_time_factor_count", 2)
        check(value(after, "minerkit_model_load_seconds") > 0, f"minerkit_model_load_seconds is {value(after, 'minerkit_model_load_seconds'):g}")
        check(value(after, "minerkit_inference_queue_depth") == 0, "minerkit_inference_queue_depth is 0")


def main():
    args = sys.argv[1:]
    split = args.index("--")
    options, command = args[:split], args[split + 1:]
    if options[0] == "coordinator":
        coordinator(options[1], command)
    elif options[0] == "pool":
        pool(command)
    else:
        inference(command)


if __name__ == "__main__":
    main()
