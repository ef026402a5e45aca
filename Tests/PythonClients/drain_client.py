"""Sends SIGTERM to a MinerKit server while requests are in flight and checks how it drains.

Usage: drain_client.py coordinator DB_PATH -- COMMAND...   (a coordinator on the SQLite file DB_PATH with
                                                            --block-interval 3600 --drain-limit 20)
       drain_client.py inference -- COMMAND...            (an inference server with --concurrency 2)
       drain_client.py inference-limit -- COMMAND...      (an inference server with --concurrency 1 --drain-limit 1)
coordinator: a long poll waiting when SIGTERM arrives answers 204 at once, the receipt not yet in a block
is sealed, and the process exits 0. inference: four requests in flight all get their whole reply and the
process exits 0. inference-limit: requests still in flight at the limit are cut off, the process exits 1
and says how many. Exits 0 when every check passes and prints one line per check.
"""
import base64
import json
import math
import signal
import struct
import sys
import threading
import time

from minerkit_process import Server, call, check






def in_background(work):
    """Runs `work` on a thread; the returned dict gets its result and the time it took."""
    outcome = {}

    def run():
        started = time.monotonic()
        outcome["result"] = work()
        outcome["seconds"] = time.monotonic() - started
        outcome["ended"] = time.monotonic()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    outcome["thread"] = thread
    return outcome


def coordinator(db, command):
    with Server(command) as server:
        base = server.base
        with open(db + ".client-key") as f:
            client = {"X-Api-Key": f.read().strip()}
        status, raw = call(base, "POST", "/v1/miners/register", {"miner_id": "m1", "capabilities": ["llama3.2"], "concurrency": 4})
        check(status == 201, f"miner registered: {status}")
        miner = {"X-Miner-ID": "m1", "X-Api-Key": json.loads(raw)["api_key"]}
        status, raw = call(base, "POST", "/v1/jobs", {"prompt": "p", "model": "llama3.2", "price": 1}, client)
        job = json.loads(raw)["job_id"]
        call(base, "POST", f"/v1/jobs/{job}/claim", {"miner_id": "m1"}, miner)
        status, _ = call(base, "POST", f"/v1/jobs/{job}/complete", {"miner_id": "m1", "result": "done"}, miner)
        check(status == 200, f"a job completed, its receipt waiting for a block: {status}")
        poll = in_background(lambda: call(base, "POST", "/v1/miners/poll", {"max_wait_seconds": 25}, miner))
        time.sleep(1)
        sent = time.monotonic()
        server.signal(signal.SIGTERM)
        poll["thread"].join(timeout=30)
        check(poll.get("result", ("none",))[0] == 204 and poll["ended"] - sent < 5,
              f"the long poll waiting at SIGTERM answered {poll.get('result', ('none',))[0]} "
              f"{poll.get('ended', sent) - sent:.1f} s after it (it would have waited 25 s)")
        status = server.wait(30)
        output = server.output()
        check(status == 0, f"the coordinator exited {status}")
        check("sealed_receipts=1" in output, "the waiting receipt was sealed into a block before exiting")


def audio(seconds, rate=16000):
    samples = [0.3 * math.sin(2 * math.pi * 220 * i / rate) for i in range(int(rate * seconds))]
    return base64.b64encode(struct.pack(f"<{len(samples)}f", *samples)).decode()


def inference(command, requests, seconds, expect_cut_off):
    with Server(command) as server:
        base = server.base
        deadline = time.monotonic() + 60
        while call(base, "GET", "/api/v1/health")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        body = {"audio_data": audio(seconds), "sample_rate": 16000}
        started = time.monotonic()
        status, _ = call(base, "POST", "/api/v1/inference", body)
        one = time.monotonic() - started
        check(status == 200, f"{seconds} s of audio take {one:.1f} s to enhance")
        replies = [in_background(lambda: call(base, "POST", "/api/v1/inference", body)) for _ in range(requests)]
        time.sleep(min(0.3, one / 3))
        server.signal(signal.SIGTERM)
        for reply in replies:
            reply["thread"].join(timeout=120)
        status = server.wait(60)
        output = server.output()
        whole = sum(1 for r in replies if r.get("result", (0,))[0] == 200
                    and len(base64.b64decode(json.loads(r["result"][1])["audio_data"])) == len(base64.b64decode(body["audio_data"])))
        if expect_cut_off:
            check(whole < requests, f"{requests - whole} of {requests} requests in flight at the limit were cut off")
            check(status == 1, f"the server exited {status}")
            check("drain limit of 1.0 s passed with" in output and "cut off" in output,
                  "it says what it dropped: " + next((l for l in output.splitlines() if "drain limit" in l), "(nothing)"))
        else:
            check(whole == requests, f"{whole} of {requests} requests in flight at SIGTERM got their whole reply")
            check(status == 0, f"the server exited {status}")


def main():
    args = sys.argv[1:]
    split = args.index("--")
    options, command = args[:split], args[split + 1:]
    if options[0] == "coordinator":
        coordinator(options[1], command)
    elif options[0] == "inference":
        inference(command, requests=4, seconds=10, expect_cut_off=False)
    else:
        inference(command, requests=3, seconds=60, expect_cut_off=True)


if __name__ == "__main__":
    main()
