"""Runs a `minerkit ... serve` command as a child process for the Python test clients.

The command must bind 127.0.0.1 on port 0 and print its `127.0.0.1:PORT` on stdout (every MinerKit
server does). Its output goes to a temporary file, never a pipe that could fill up.
"""
import os
import re
import signal
import subprocess
import tempfile
import time


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
