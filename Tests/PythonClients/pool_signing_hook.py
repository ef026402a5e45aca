"""schemathesis hook: signs every request to the pool the way a miner does (SR25519, schnorrkel, over
auth:{X-Timestamp}), each with a fresh hotkey, so every miner route is exercised past its auth and each
request is a first request of a new miner (no replay, no "already has an active task"). The monitor
route gets the token from MINERKIT_TEST_MONITOR_TOKEN."""
import hashlib
import os
import time

import schemathesis
import sr25519

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
MONITOR_TOKEN = os.environ.get("MINERKIT_TEST_MONITOR_TOKEN", "")


def b58(data):
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def ss58(public, prefix=42):
    payload = bytes([prefix]) + public
    checksum = hashlib.blake2b(b"SS58PRE" + payload, digest_size=64).digest()[:2]
    return b58(payload + checksum)


@schemathesis.auth(refresh_interval=None)
class SignedMiner:
    def get(self, case, context):
        keypair = sr25519.pair_from_seed(os.urandom(32))
        timestamp = str(int(time.time()))
        signature = sr25519.sign(keypair, f"auth:{timestamp}".encode()).hex()
        return {"X-Key": ss58(keypair[0]), "X-Timestamp": timestamp, "X-Signature": signature}

    def set(self, case, data, context):
        case.headers = case.headers or {}
        if case.path == "/api/v1/monitor/summary":
            case.headers["X-Monitor-Token"] = MONITOR_TOKEN
        else:
            case.headers.update(data)
