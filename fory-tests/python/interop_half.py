"""Interop peer for tests/interop_half.rs: half floats in n-d arrays and
shared arrays (`half::f16` as numpy float16, `half::bf16` as pyfory's
BFloat16Array), and numpy bool masks as `SharedNdArray<bool>`, against
pyfory 1.7.7, both ways.

    python interop_half.py read DIR    # check DIR/<case>.bin against CASES
    python interop_half.py write DIR   # write every case into DIR

Each case is written with pyfory (xlang, ref=False, compatible=True); a
case of kind "oob" takes every buffer pyfory offers out of band and
stores them in <case>.oob (a u64 count, then each as a u64 length and
its bytes), as tests/interop_python.rs does.
"""

import dataclasses
import struct
import sys
from pathlib import Path

import numpy as np
import pyfory

# bits, so NaN payloads, subnormals and -0 travel exactly:
# 1.0, -2.5, inf, -inf, NaN, the smallest subnormal, 65504 (max), -0.0
F16_BITS = [0x3C00, 0xC100, 0x7C00, 0xFC00, 0x7E00, 0x0001, 0x7BFF, 0x8000]
# 1.0, -2.5, inf, NaN, the smallest subnormal, bf16::MAX, -0.0
BF16_BITS = [0x3F80, 0xC020, 0x7F80, 0x7FC0, 0x0001, 0x7F7F, 0x8000]


def u16_bytes(bits):
    return struct.pack(f"<{len(bits)}H", *bits)


def f16_numpy(bits):
    return np.frombuffer(u16_bytes(bits), dtype=np.float16).copy()


def bf16_array(bits):
    return pyfory.BFloat16Array.from_buffer(u16_bytes(bits))


@dataclasses.dataclass
class HalfArrays:
    """Rust's twin holds Array1<f16>, SharedNdArray<bf16>, f16, bf16."""

    h: pyfory.Float16
    hs: pyfory.Float16Array
    b: pyfory.BFloat16
    bs: pyfory.BFloat16Array


def half_arrays():
    return HalfArrays(
        -2.5,
        pyfory.Float16Array.from_buffer(u16_bytes(F16_BITS)),
        1.5,
        bf16_array(BF16_BITS),
    )


def make_fory():
    fory = pyfory.Fory(xlang=True, ref=False, strict=False, compatible=True)
    fory.register(HalfArrays, name="example.HalfArrays")
    return fory


# name -> (value, kind): "none" (no callback), "oob" (every buffer out of band)
CASES = {
    "f16_array": (f16_numpy(F16_BITS), "none"),
    "f16_array_empty": (f16_numpy([]), "none"),
    # with a callback pyfory keeps the array in the stream (flag 0x03)
    "f16_array_callback": (f16_numpy(F16_BITS), "oob"),
    # a reversed view: numpy packs it
    "f16_array_reversed": (f16_numpy(F16_BITS)[::-1], "none"),
    # pyfory's out-of-band form of an array: the bytes of arr.tobytes()
    "f16_bytes_oob": (f16_numpy(list(range(0x3C00, 0x3C00 + 600))).tobytes(), "oob"),
    "bf16_array": (bf16_array(BF16_BITS), "none"),
    "bf16_array_callback": (bf16_array(BF16_BITS), "oob"),
    "half_fields": (half_arrays(), "none"),
    "bool_mask": (np.array([True, False, False, True, True]), "none"),
}

# What Python reads from Rust where it differs from what it wrote: Rust
# writes a bf16 scalar (Python cannot, a float is FLOAT64) and a reversed
# view as the packed array.
READ_ONLY = {
    "bf16_scalar": 1.5,
    "f16_scalar": -2.5,
}


def normalize(v):
    """A comparable form: half arrays as (kind, hex of their bits)."""
    if isinstance(v, np.ndarray) and v.dtype == np.float16:
        return ("f16", np.ascontiguousarray(v).tobytes().hex())
    if isinstance(v, pyfory.Float16Array):
        return ("f16", bytes(v.to_buffer()).hex())
    if isinstance(v, pyfory.BFloat16Array):
        return ("bf16", bytes(v.to_buffer()).hex())
    if isinstance(v, (bytes, bytearray, memoryview)):
        return ("bytes", bytes(v).hex())
    if isinstance(v, np.ndarray) and v.dtype == np.bool_:
        return ("bool", [bool(x) for x in v])
    if isinstance(v, pyfory.BoolArray):
        return ("bool", [bool(x) for x in v])
    if isinstance(v, HalfArrays):
        return ("HalfArrays", v.h, normalize(v.hs), v.b, normalize(v.bs))
    return v


def callback(kind, out):
    if kind == "none":
        return None

    def cb(obj):
        out.append(obj)
        return False

    return cb


def write_oob(path, objs):
    parts = [struct.pack("<Q", len(objs))]
    for o in objs:
        raw = bytes(o.getbuffer())
        parts.append(struct.pack("<Q", len(raw)) + raw)
    path.write_bytes(b"".join(parts))


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


def write(d):
    d.mkdir(parents=True, exist_ok=True)
    for name, (value, kind) in CASES.items():
        objs = []
        data = make_fory().serialize(value, buffer_callback=callback(kind, objs))
        (d / f"{name}.bin").write_bytes(data)
        if kind != "none":
            write_oob(d / f"{name}.oob", objs)


def read(d):
    failures = passed = 0
    expected = {name: value for name, (value, _) in CASES.items()}
    expected.update(READ_ONLY)
    for name, value in expected.items():
        data_path = d / f"{name}.bin"
        if not data_path.exists():
            print(f"FAIL {name}: Rust wrote no {data_path.name}")
            failures += 1
            continue
        oob = d / f"{name}.oob"
        buffers = read_oob(oob) if oob.exists() else None
        try:
            got = make_fory().deserialize(data_path.read_bytes(), buffers=buffers)
        except Exception as e:  # report every case, not just the first
            print(f"FAIL {name}: {type(e).__name__}: {e}")
            failures += 1
            continue
        want, have = normalize(value), normalize(got)
        if have == want:
            print(f"ok {name}")
            passed += 1
        else:
            print(f"FAIL {name}: got {have!r}, expected {want!r}")
            failures += 1
    print(f"{passed} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    mode, directory = sys.argv[1], Path(sys.argv[2])
    if mode == "write":
        write(directory)
    elif mode == "read":
        sys.exit(read(directory))
    else:
        sys.exit(f"unknown mode {mode}")
