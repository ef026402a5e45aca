"""Checks a coordinator's log lines from outside: each request's line is written within a second while
the server runs (lines are batched), every line is kept when it stops, lines have the documented layout
(JSON objects with time/level/label/message/source, or text `time level label: key=value [source]
message`, time in UTC to the millisecond), and no key text appears.

Usage: log_client.py json|text DB_PATH -- COMMAND...   (COMMAND serves a coordinator on the SQLite file DB_PATH)
Exits 0 when every check passes and prints one line per check.
"""
import json
import re
import signal
import sys
import time

from minerkit_process import check, call, Server

TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
TEXT = re.compile(r"^(\S+) (trace|debug|info|notice|warning|error|critical) minerkit\.coordinator:(?: \S+=\S*)* \[\S+\] .+$")






def main():
    mode, db = sys.argv[1], sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1:]
    wrong_key = "mk_" + "ab" * 32
    with Server(command) as server:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with open(db + ".client-key") as f:
                    client_key = f.read().strip()
                break
            except FileNotFoundError:
                time.sleep(0.05)
        check(call(server.base, "GET", "/health")[0] == 200, "GET /health answers 200")
        check(call(server.base, "GET", "/v1/jobs", headers={"X-Api-Key": client_key})[0] == 200, "GET /v1/jobs with the client key answers 200")
        check(call(server.base, "GET", "/v1/jobs", headers={"X-Api-Key": wrong_key})[0] == 401, "GET /v1/jobs with a wrong key answers 401")
        sent = time.monotonic()
        while time.monotonic() < sent + 5 and server.output().count("/v1/jobs") < 2:
            time.sleep(0.02)
        waited = time.monotonic() - sent
        check(server.output().count("/v1/jobs") >= 2 and waited < 1.0,
              f"the request lines are written while the server runs, {waited * 1000:.0f} ms after the answers")
        server.signal(signal.SIGTERM)
        check(server.wait(30) == 0, "SIGTERM stops the server with status 0")
        output = server.output()

    lines = [line for line in output.splitlines() if line.startswith("{")] if mode == "json" \
        else [line for line in output.splitlines() if re.match(r"^\d{4}-", line)]
    check(len(lines) >= 5, f"{len(lines)} log lines")
    requests = []
    for line in lines:
        if mode == "json":
            entry = json.loads(line)
            check({"time", "level", "label", "message", "source"} <= entry.keys(), f"fields of {line[:80]}")
            check(TIME.match(entry["time"]) is not None, f"time {entry['time']}")
            if entry["message"] == "request":
                requests.append(entry)
        else:
            found = TEXT.match(line)
            check(found is not None and TIME.match(found.group(1)) is not None, f"layout of {line[:100]}")
            if line.endswith("] request"):
                requests.append(dict(pair.split("=", 1) for pair in line.split(": ", 1)[1].split(" [")[0].split(" ")))
    statuses = sorted(str(entry.get("status")) for entry in requests if entry.get("route") == "/v1/jobs")
    check(statuses == ["200", "401"], f"one request line per /v1/jobs call with its status: {statuses}")
    check(any(entry.get("route") == "/health" for entry in requests), "the /health request has its line")
    check("stopped" in output.splitlines()[-1] or any("stopped" in line for line in lines[-3:]),
          "the last line written before exit is there")
    for secret in (client_key, wrong_key):
        check(secret not in output, "no key text in the log")


if __name__ == "__main__":
    main()
