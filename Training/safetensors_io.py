"""Minimal safetensors writer and reader for float32 tensors (the format MinerKit's loader reads)."""
import json
import struct

import numpy as np


def write(path: str, tensors: dict, metadata: dict) -> None:
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read(path: str) -> dict:
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8: 8 + n])
    header.pop("__metadata__", None)
    base = 8 + n
    return {name: np.frombuffer(raw[base + e["data_offsets"][0]: base + e["data_offsets"][1]], dtype="<f4").reshape(e["shape"])
            for name, e in header.items()}
