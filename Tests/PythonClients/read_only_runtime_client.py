"""Runs each MinerKit server the way its container does, without a container engine: as `nobody`, in a
mount namespace where every filesystem is read-only except one data folder, and checks that it works.

Usage: read_only_runtime_client.py MINERKIT_BINARY MODEL_FOLDER
Needs root (for unshare --mount and setpriv). Checks, one line each:
- the inference server (model folder read-only) is healthy well within the spec's 60 s and enhances audio;
- the coordinator keeps its database and keys in the data folder (0600, owned by nobody) and takes a job;
- the pool keeps its database in the data folder;
- each runs as uid 65534 with "/" mounted read-only.
Exits 0 when every check passes.
"""
import base64
import os
import shutil
import struct
import sys
import tempfile
import time

from minerkit_process import check, call, Server

NOBODY = 65534

# Bind the data folder onto itself (a mount of its own), then make every other mount read-only, then
# drop to nobody with no capabilities.
SANDBOX = r'''
data="$1"; shift
mount --bind "$data" "$data"
for point in $(awk '{print $5}' /proc/self/mountinfo); do
  [ "$point" = "$data" ] || mount -o remount,ro,bind "$point" 2>/dev/null || true
done
exec setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all "$@"
'''






def sandboxed(binary, data, arguments):
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", SANDBOX, "sh", data, binary] + arguments


def confined(server, name):
    with open(f"/proc/{server.process.pid}/status") as f:
        uid = next(line.split()[1] for line in f if line.startswith("Uid:"))
    with open(f"/proc/{server.process.pid}/mountinfo") as f:
        root = next(line.split() for line in f if line.split()[4] == "/")
    check(uid == str(NOBODY) and "ro" in root[5].split(","), f"the {name} runs as uid {uid} with / mounted {root[5]}")


def data_folder():
    folder = tempfile.mkdtemp(prefix="minerkit-data-")
    os.chown(folder, NOBODY, NOBODY)
    os.chmod(folder, 0o700)
    return folder


def inference(binary, model):
    data = data_folder()
    try:
        started = time.monotonic()
        with Server(sandboxed(binary, data, ["inference", "serve", "--model", model, "--host", "127.0.0.1", "--port", "0"])) as server:
            deadline = started + 60
            while call(server.base, "GET", "/api/v1/health")[0] != 200 and time.monotonic() < deadline:
                time.sleep(0.05)
            took = time.monotonic() - started
            check(took < 60, f"the inference server is healthy {took:.2f} s after it starts (the spec allows 60 s)")
            samples = struct.pack("<16000f", *([0.1] * 16000))
            status, _ = call(server.base, "POST", "/api/v1/inference",
                             {"audio_data": base64.b64encode(samples).decode(), "sample_rate": 16000})
            check(status == 200, f"it enhances audio with its model folder read-only: {status}")
            confined(server, "inference server")
    finally:
        shutil.rmtree(data)


def coordinator(binary):
    data = data_folder()
    try:
        db = os.path.join(data, "coordinator.sqlite")
        with Server(sandboxed(binary, data, ["coordinator", "serve", "--db", db, "--host", "127.0.0.1", "--port", "0"])) as server:
            with open(db + ".client-key") as f:
                client = {"X-Api-Key": f.read().strip()}
            status, _ = call(server.base, "POST", "/v1/jobs", {"prompt": "p", "model": "llama3.2", "price": 1}, client)
            check(status == 201, f"the coordinator takes a job into its database in the data folder: {status}")
            for name in ["coordinator.sqlite.ed25519", "coordinator.sqlite.client-key"]:
                info = os.stat(os.path.join(data, name))
                check(info.st_uid == NOBODY and info.st_mode & 0o777 == 0o600,
                      f"{name} is owned by uid {info.st_uid} with mode {info.st_mode & 0o777:o}")
            confined(server, "coordinator")
    finally:
        shutil.rmtree(data)


def pool(binary):
    data = data_folder()
    try:
        db = os.path.join(data, "pool.sqlite")
        with Server(sandboxed(binary, data, ["pool", "serve", "--db", db, "--host", "127.0.0.1", "--port", "0"])) as server:
            status, _ = call(server.base, "GET", "/health")
            check(status == 200 and os.path.exists(db), f"the pool answers /health with its database in the data folder: {status}")
            confined(server, "pool")
    finally:
        shutil.rmtree(data)


def main():
    binary, model = sys.argv[1], sys.argv[2]
    inference(binary, model)
    coordinator(binary)
    pool(binary)


if __name__ == "__main__":
    main()
