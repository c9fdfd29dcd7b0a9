"""Interop peer for the Rust tests: pyfory 1.7.7 reads what Rust wrote and
writes the same cases for Rust to read.

    python interop.py read DIR    # check DIR/<case>.bin (+ .oob) against CASES
    python interop.py write DIR   # write every case into DIR

A case is (value, ref, callback): callback is "none", "oob" (every buffer
out-of-band) or "alt" (every second buffer out-of-band). Out-of-band buffers
are stored in <case>.oob as u64 count, then u64 length + bytes each.
"""

import dataclasses
import enum
import typing

import numpy as np
import pyfory

import peer_driver


@dataclasses.dataclass
class Point:
    x: pyfory.Int32
    y: pyfory.Int32


@dataclasses.dataclass
class Person:
    name: str
    age: pyfory.Int32
    tags: typing.List[str]
    email: typing.Optional[str]
    scores: typing.Dict[str, float]


class Color(enum.Enum):
    RED = 0
    GREEN = 1
    BLUE = 2


@dataclasses.dataclass
class Shape:
    color: Color
    corners: typing.List[Point]
    label: typing.Optional[str]


@dataclasses.dataclass
class Evo:
    """Registered as example.Evo; Rust's Evo has `rust_only: f64` instead of `py_only`."""

    name: str
    py_only: pyfory.Int64 = 0


@dataclasses.dataclass
class Grid:
    """Nested collections in fields: the inner lists' element types are
    declared by the field type, so their headers carry the declared flag."""

    rows: typing.List[typing.List[str]]
    index: typing.Dict[str, typing.List[str]]


@dataclasses.dataclass
class Label:
    """A number, then strings: Rust writes all three on one output cursor."""

    id: pyfory.Int32
    text: str
    note: str


@dataclasses.dataclass
class Numbers:
    """Python lists of ints, floats and bools in fields: LISTs with
    declared elements; Rust's fields are dense arrays (`Vec<i64>`)."""

    ints: typing.List[int]
    floats: typing.List[float]
    flags: typing.List[bool]


def register_all(fory):
    fory.register(Point, type_id=100)
    fory.register(Color, type_id=101)
    fory.register(Shape, type_id=102)
    fory.register(Grid, type_id=103)
    fory.register(Label, type_id=104)
    fory.register(Numbers, type_id=105)
    fory.register(Person, name="example.Person")
    fory.register(Evo, name="example.Evo")

SAME = b"\x00\x01"
# one object twice: Rust's twin is a list of one shared `Rc`
SHARED_STR = "shared text"

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
    "none": (None, False, "none"),
    "dict_null_value": ({"a": None, "b": 2}, False, "none"),
    "dict_null_key": ({None: 1}, False, "none"),
    "dict_null_value_ref": ({"a": None, "b": 2}, True, "none"),
    "arr_bool": (np.array([True, False, True]), False, "none"),
    "arr_i8": (np.array([-1, 0, 127], dtype=np.int8), False, "none"),
    "arr_i16": (np.array([-300, 0, 300], dtype=np.int16), False, "none"),
    "arr_i32": (np.array([-(2**31), 0, 2**31 - 1], dtype=np.int32), False, "none"),
    "arr_i64": (np.array([-(2**63), 0, 2**63 - 1], dtype=np.int64), False, "none"),
    "arr_u16": (np.array([0, 65535], dtype=np.uint16), False, "none"),
    "arr_u32": (np.array([0, 2**32 - 1], dtype=np.uint32), False, "none"),
    "arr_u64": (np.array([0, 2**64 - 1], dtype=np.uint64), False, "none"),
    "arr_f32": (np.array([0.5, -1.25], dtype=np.float32), False, "oob"),
    "arr_f64_ref": (np.array([1.5, 2.5, 3.5]), True, "none"),
    "arr_f64_shared": (np.linspace(0.0, 1.0, 5), False, "oob"),
    "arr_i32_shared": (np.array([7, -7], dtype=np.int32), False, "none"),
    "point": (Point(1, 2), False, "none"),
    "point_schema": (Point(1, 2), False, "none", False),
    "points_shared": ([Point(3, 4)] * 2, True, "none"),
    "color": (Color.BLUE, False, "none"),
    # enums take no ref id under ref tracking: no TRACKING_REF bit in the
    # list's or the map chunk's header, no flag per element
    "colors_ref": ([Color.BLUE, Color.RED, Color.BLUE], True, "none"),
    "color_map_ref": ({"k": Color.GREEN}, True, "none"),
    "person": (Person("Ada", 36, ["math"], None, {"x": 1.5}), False, "none"),
    "person_schema": (Person("Ada", 36, ["math"], "a@b.c", {}), False, "none", False),
    "person_ref": (Person("Grace", 85, [], "g@h.i", {"y": -2.0}), True, "none"),
    # non-ASCII names: Latin-1, UTF-16 and UTF-8 string headers in fields
    "person_latin1": (Person("Zoë Ünal", 40, ["ß"], None, {}), False, "none"),
    "person_wide_schema": (Person("中文", 7, [], "é@x.y", {}), False, "none", False),
    "person_emoji": (Person("😀 ok", 1, [], None, {}), False, "none"),
    "label": (Label(1, "Zoë Ünal", "plain"), False, "none"),
    "label_schema": (Label(2, "中文 text", "ß"), False, "none", False),
    "label_emoji": (Label(-3, "😀", ""), False, "none"),
    "label_emoji_schema": (Label(4, "a😀b", "ÿ" * 40), False, "none", False),
    "shape": (Shape(Color.GREEN, [Point(0, 0), Point(1, 1)], "sq"), False, "none"),
    "shape_schema": (Shape(Color.RED, [Point(5, 6)], None), True, "none", False),
    "grid": (Grid([["a", "b"], [], ["c"]], {"a": ["x", "y"], "b": []}), False, "none"),
    "grid_schema": (Grid([["d"], ["e", "f"]], {"k": ["v"]}), False, "none", False),
    # schema evolution: Python's Evo has py_only, Rust's has rust_only
    "evo": (Evo("evolving", 42), False, "none"),
    # read and written by Rust as a dynamic Value
    "dict_mixed": ({"a": 1, 2: "b", "c": [1.5, None, b"z"]}, False, "oob"),
    # a float64 array sent out-of-band the only way pyfory can in xlang:
    # as its bytes; Rust reads it zero-copy as SharedArray<f64>
    "f64_bytes_oob": (np.arange(1000, dtype=np.float64).tobytes(), False, "oob"),
    # ref tracking on: pyfory writes these lists without element flags;
    # Rust's `Vec<Rc<_>>` writes each element's ref flag (HAS_NULL set too)
    "shared_strs_ref": ([SHARED_STR, SHARED_STR, "other"], True, "none"),
    "shared_ints_ref": ([7, 7, -1], True, "none"),
    # a list of nothing but None: pyfory's element type is NONE
    "all_none": ([None, None], False, "none"),
    # numpy's uint8 arrays are UINT8_ARRAY; Rust's `Vec<u8>` is bytes
    "arr_u8": (np.array([0, 1, 255], dtype=np.uint8), False, "none"),
    # bytes out-of-band read into an `ndarray::Array1<u8>`, which Rust
    # writes as numpy's uint8 array (in line: pyfory's arrays are)
    "array1_u8_oob": (b"\x00\x01\x02\x03\x04\x05", False, "oob"),
    "numbers": (Numbers([1, -2, 2**40], [1.5, -0.25], [True, False]), False, "none"),
}

# What the Python reader expects where it differs from what it writes
# (schema evolution: the Rust writer has no `py_only`).
READ_EXPECT = {
    "evo": Evo("evolving", 0),
    "arr_u8": b"\x00\x01\xff",
    "array1_u8_oob": np.arange(6, dtype=np.uint8),
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
    if dataclasses.is_dataclass(v):
        return (type(v).__name__, {f.name: normalize(getattr(v, f.name)) for f in dataclasses.fields(v)})
    if isinstance(v, enum.Enum):
        return (type(v).__name__, v.name)
    if hasattr(v, "tolist"):  # array.array and other typed arrays
        return list(v.tolist())
    return v


def make_fory(ref, compatible):
    fory = pyfory.Fory(xlang=True, ref=ref, strict=False, compatible=compatible)
    register_all(fory)
    return fory


def unpack(case):
    value, ref, kind = case[:3]
    compatible = case[3] if len(case) > 3 else True
    return value, ref, kind, compatible


def make_case_fory(name, case):
    _, ref, _, compatible = unpack(case)
    return make_fory(ref, compatible)


PEER = peer_driver.Peer(
    CASES,
    make_case_fory,
    kind=lambda name, case: unpack(case)[2],
    read_expect=READ_EXPECT,
    normalize=normalize,
)

if __name__ == "__main__":
    PEER.main()
