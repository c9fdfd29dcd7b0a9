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

import numpy as np
import pyfory

import peer_driver

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
    # Rust writes a bf16 and an f16 scalar; Python cannot (a float is
    # FLOAT64), it only reads them
    "bf16_scalar": (1.5, "none"),
    "f16_scalar": (-2.5, "none"),
}

RUST_ONLY = {"bf16_scalar", "f16_scalar"}


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


PEER = peer_driver.Peer(
    CASES,
    lambda name, case: make_fory(),
    kind=lambda name, case: case[1],
    rust_only=RUST_ONLY,
    normalize=normalize,
)

if __name__ == "__main__":
    PEER.main()
