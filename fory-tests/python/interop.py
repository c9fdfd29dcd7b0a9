"""Interop peer for the Rust tests: pyfory 1.7.7 reads what Rust wrote and
writes the same cases for Rust to read.

    python interop.py read DIR    # check DIR/<case>.bin (+ .oob) against CASES
    python interop.py write DIR   # write every case into DIR

A case is (value, ref, callback): callback is "none", "oob" (every buffer
out-of-band) or "alt" (every second buffer out-of-band). Out-of-band buffers
are stored in <case>.oob as u64 count, then u64 length + bytes each.
"""

import struct
import sys
from pathlib import Path

import numpy as np
import pyfory

SAME = b"\x00\x01"

CASES = {
    "bytes": (b"\x00\x01", False, "none"),
    "bytes_oob": (b"\x00\x01", False, "oob"),
    "bytes_inband_cb": (b"\x00\x01" * 150, True, "alt"),
    "list_bytes_alt": ([b"\x00\x01"] * 10, False, "alt"),
    "list_bytes_alt_ref": ([b"\x00\x01"] * 10, True, "alt"),
    "mixed_alt": ([b"aaa", "s", 7, b"b" * 200], False, "alt"),
    "mixed_alt_ref": ([b"aaa", "s", 7, b"b" * 200], True, "alt"),
    "same_bytes_twice": ([SAME, SAME], True, "oob"),
    "strings": (["abc", "café", "中文", "😀", ""], False, "none"),
    "dict": ({"a": 1, "b": -2}, False, "none"),
    "f64_array": (np.arange(5, dtype=np.float64) * 1.5, False, "oob"),
    "ints": ([0, -1, 300, 2**63 - 1, -(2**63)], False, "none"),
    "optional_ints": ([1, None, 3], False, "none"),
    "tuple": ((1, "a"), False, "none"),
    "set": ({1, 2}, False, "none"),
    "nested": ({"k": [b"x" * 40, None]}, True, "oob"),
}


def normalize(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (list, tuple)):
        return [normalize(x) for x in v]
    if isinstance(v, dict):
        return {k: normalize(x) for k, x in v.items()}
    if isinstance(v, (set, frozenset)):
        return sorted(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v)
    if hasattr(v, "tolist"):  # array.array and other typed arrays
        return list(v.tolist())
    return v


def make_fory(ref):
    return pyfory.Fory(xlang=True, ref=ref, strict=False, compatible=False)


def callback(kind, out):
    if kind == "none":
        return None
    n = [0]

    def cb(obj):
        n[0] += 1
        if kind == "oob" or n[0] % 2 == 0:
            out.append(obj)
            return False
        return True

    return cb


def write(d):
    d.mkdir(parents=True, exist_ok=True)
    for name, (value, ref, kind) in CASES.items():
        objs = []
        data = make_fory(ref).serialize(value, buffer_callback=callback(kind, objs))
        (d / f"{name}.bin").write_bytes(data)
        if kind != "none":
            parts = [struct.pack("<Q", len(objs))]
            for o in objs:
                raw = bytes(o.getbuffer())
                parts.append(struct.pack("<Q", len(raw)) + raw)
            (d / f"{name}.oob").write_bytes(b"".join(parts))


def read_oob(path):
    raw = path.read_bytes()
    (count,) = struct.unpack_from("<Q", raw, 0)
    at, out = 8, []
    for _ in range(count):
        (n,) = struct.unpack_from("<Q", raw, at)
        at += 8
        out.append(memoryview(raw)[at : at + n])
        at += n
    return out


def read(d):
    failures = 0
    for name, (value, ref, kind) in CASES.items():
        data_path = d / f"{name}.bin"
        if not data_path.exists():
            print(f"FAIL {name}: Rust wrote no {data_path.name}")
            failures += 1
            continue
        buffers = read_oob(d / f"{name}.oob") if kind != "none" else None
        try:
            got = make_fory(ref).deserialize(data_path.read_bytes(), buffers=buffers)
        except Exception as e:  # report every case, not just the first
            print(f"FAIL {name}: {type(e).__name__}: {e}")
            failures += 1
            continue
        want = normalize(value)
        have = normalize(got)
        if have == want:
            print(f"ok {name}")
        else:
            print(f"FAIL {name}: got {have!r}, expected {want!r}")
            failures += 1
    print(f"{len(CASES) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    mode, directory = sys.argv[1], Path(sys.argv[2])
    if mode == "write":
        write(directory)
    elif mode == "read":
        sys.exit(read(directory))
    else:
        sys.exit(f"unknown mode {mode}")
