"""Sends SIGTERM to a MinerKit server while requests are in flight and checks how it drains.

Usage: drain_client.py coordinator DB_PATH -- COMMAND...   (a coordinator on the SQLite file DB_PATH with
                                                            --block-interval 3600 --drain-limit 20)
       drain_client.py inference -- COMMAND...            (an inference server with --concurrency 2)
       drain_client.py inference-limit -- COMMAND...      (an inference server with --concurrency 1 --drain-limit 1)
       drain_client.py inference-large -- COMMAND...      (an inference server with --concurrency 2)
coordinator: a long poll waiting when SIGTERM arrives answers 204 at once, the receipt not yet in a block
is sealed, and the process exits 0. inference: four requests in flight all get their whole reply and the
process exits 0. inference-limit: requests still in flight at the limit are cut off, the process exits 1
and names them. inference-large: 8 replies of 10 s of 96 kHz audio (5.1 MB each) in flight at SIGTERM,
read by clients with small receive buffers that pause before reading, so most of each reply still waits in
the server when its last byte is queued: every byte of every reply arrives and the process exits 0. Exits 0 when every check passes and prints one line per check.
"""
import base64
import http.client
import json
import math
import signal
import struct
import sys
import threading
import socket
import time

from minerkit_process import Server, call, check, metric, wait_until


# The server's count of POST requests it is answering (Hummingbird's metrics middleware).
POSTS_IN_FLIGHT = 'http_server_active_requests{http_request_method="POST"}'


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
        wait_until("the long poll waits at the server", lambda: metric(base, "minerkit_long_polls_waiting") == 1)
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
        wait_until("the model is loaded", lambda: call(base, "GET", "/api/v1/health")[0] == 200)
        body = {"audio_data": audio(seconds), "sample_rate": 16000}
        started = time.monotonic()
        status, _ = call(base, "POST", "/api/v1/inference", body)
        one = time.monotonic() - started
        check(status == 200, f"{seconds} s of audio take {one:.1f} s to enhance")
        replies = [in_background(lambda: call(base, "POST", "/api/v1/inference", body)) for _ in range(requests)]
        wait_until(f"{requests} requests in flight", lambda: metric(base, POSTS_IN_FLIGHT) >= requests)
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
            check("POST /api/v1/inference (started" in output,
                  "it names each request it cut off: " + next((l for l in output.splitlines() if "cut off at" in l), "(nothing)"))
        else:
            check(whole == requests, f"{whole} of {requests} requests in flight at SIGTERM got their whole reply")
            check(status == 0, f"the server exited {status}")


class SlowReader(http.client.HTTPConnection):
    """A connection whose receive buffer is 32 KiB, so a reply the client has not read yet waits in the
    server instead of in this machine's socket buffers."""

    def connect(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 << 10)
        self.sock.settimeout(self.timeout)
        self.sock.connect((self.host, self.port))


def slow_call(port, raw, pause, timeout=120):
    """POSTs `raw` to /api/v1/inference, waits `pause` seconds after the reply's head, then reads the body.
    Returns (status, content length announced, body bytes received) or ("error: ...", 0, b"")."""
    connection = SlowReader("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/api/v1/inference", body=raw, headers={"Content-Type": "application/json"})
        reply = connection.getresponse()
        time.sleep(pause)
        received = bytearray()
        while True:
            try:
                chunk = reply.read(64 << 10)
            except http.client.IncompleteRead as error:
                received += error.partial
                break
            if not chunk:
                break
            received += chunk
        return reply.status, int(reply.getheader("Content-Length", "0")), bytes(received)
    except OSError as error:
        return f"error: {error}", 0, b""
    finally:
        connection.close()


def large_replies(command, requests, seconds, rate):
    with Server(command) as server:
        wait_until("the model is loaded", lambda: call(server.base, "GET", "/api/v1/health")[0] == 200)
        raw = json.dumps({"audio_data": audio(seconds, rate), "sample_rate": rate}).encode()
        started = time.monotonic()
        status, length, reference = slow_call(server.port, raw, 0)
        one = time.monotonic() - started
        check(status == 200 and len(reference) == length,
              f"{seconds} s of {rate} Hz audio take {one:.1f} s to enhance; the reply is {length} bytes")
        # The server enhances two at a time, so the last reply comes after about requests / 2 enhancements:
        # wait that long, scaled by what one took on this machine right now, before calling a reply lost.
        patience = max(120, one * (requests / 2 + 3))
        replies = [in_background(lambda: slow_call(server.port, raw, 1.0, patience)) for _ in range(requests)]
        wait_until(f"{requests} requests in flight", lambda: metric(server.base, POSTS_IN_FLIGHT) >= requests)
        server.signal(signal.SIGTERM)
        for reply in replies:
            reply["thread"].join(timeout=patience + 60)
        status = server.wait(60)
        output = server.output()
        results = [r.get("result", ("no answer", 0, b"")) for r in replies]
        cut = [f"{r[0]} {len(r[2])}/{r[1]}" for r in results if not (r[0] == 200 and len(r[2]) == r[1] == length)]
        check(not cut, f"{requests - len(cut)} of {requests} replies in flight at SIGTERM arrived whole"
                       + (f"; cut: {', '.join(cut)}" if cut else ""))
        check(all(json.loads(r[2]) is not None for r in results), "every reply is whole JSON")
        check(status == 0, f"the server exited {status}")


def main():
    args = sys.argv[1:]
    split = args.index("--")
    options, command = args[:split], args[split + 1:]
    if options[0] == "coordinator":
        coordinator(options[1], command)
    elif options[0] == "inference":
        inference(command, requests=4, seconds=10, expect_cut_off=False)
    elif options[0] == "inference-large":
        large_replies(command, requests=8, seconds=10, rate=96000)
    else:
        inference(command, requests=3, seconds=60, expect_cut_off=True)


if __name__ == "__main__":
    main()
