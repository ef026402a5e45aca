"""Runs a `minerkit ... serve` command as a child process for the Python test clients, and the helpers
the clients share: `check` (one `ok`/`FAIL` line per check), `call` (one JSON request), `metric` (one
series of a server's /metrics) and `wait_until` (a condition, instead of sleeping and hoping).

The command must bind 127.0.0.1 on port 0 and print its `127.0.0.1:PORT` on stdout (every MinerKit
server does). Its output goes to a temporary file, never a pipe that could fill up.
"""
import json
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


def check(ok, what):
    """Prints `ok   what` or `FAIL what`; a failure ends the client with exit status 1."""
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        raise SystemExit(1)


def call(base, method, path, body=None, headers=None, timeout=60):
    """Sends `body` (JSON, when given) to `base + path`; returns (status, reply bytes), or
    ("error: ...", b"") when no reply came (refused, reset, timed out)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:
        return f"error: {error}", b""


def metric(base, series):
    """The value of `series` (its name and labels as /metrics prints them, e.g.
    `http_server_active_requests{http_request_method="POST"}`) on the server at `base`; 0 when absent."""
    _, raw = call(base, "GET", "/metrics")
    for line in raw.decode(errors="replace").splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def wait_until(what, condition, timeout=60):
    """Returns once `condition()` holds, asking again after 2 ms, then twice as long each time up to 50 ms;
    a condition that never holds fails the check `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    pause = 0.002
    while not condition():
        if time.monotonic() > deadline:
            check(False, f"{what} (not within {timeout} s)")
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


class Server:
    def __init__(self, command, fd_limit=None):
        """Starts `command` (under `ulimit -n fd_limit` when given) and waits until it listens."""
        self.log = tempfile.NamedTemporaryFile(prefix="minerkit-server-", suffix=".log", delete=False).name
        shell = ('ulimit -n %d && ' % fd_limit if fd_limit else '') + 'exec "$@"'
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(["sh", "-c", shell, "sh"] + command, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            found = re.search(r"127\.0\.0\.1:(\d+)", self.output())
            if found and int(found.group(1)) != 0:
                self.port = int(found.group(1))
                return
            time.sleep(0.05)
        output = self.output()
        self.stop()
        raise SystemExit(f"server did not start: {output[-2000:]}")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def output(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def signal(self, number):
        """Sends `number` (signal.SIGTERM, …) to the server only."""
        self.process.send_signal(number)

    def wait(self, timeout):
        """The server's exit status, or None if it is still running after `timeout` seconds."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        """SIGTERM, then SIGKILL after 20 s; removes the log."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if os.path.exists(self.log):
            os.unlink(self.log)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
