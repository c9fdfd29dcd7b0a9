"""Interop peer for the number cases of tests/interop_union.rs
(`union_cases_and_fields_of_numbers_cross_with_pyfory`): unions whose
cases hold numbers, and struct fields of numbers, against pyfory 1.7.7.

    python interop_union_num.py read DIR    # check DIR/<case>.bin against NUM_CASES
    python interop_union_num.py write DIR   # write every case into DIR

pyfory writes a Python `int` as VARINT64 and a `float` as FLOAT64,
whatever the Rust variant holds; it reads a union case value with the
serializer of the case type its class declares, reading the type id on
the wire and not using it (docs/interop.md, "Numbers in union cases").
"""

import dataclasses

import pyfory
from pyfory.union import Union, UnionSerializer

import peer_driver
from interop_union import register_all


class Num(Union):
    """Rust's `enum Num { I32(i32), I16(i16), I8(i8), U32(u32), U8(u8),
    U16(u16), U64(u64), Isize(isize), Usize(usize), F32(f32),
    Pair(i32, String), I64(i64), F64(f64) }` as a Python user would
    declare it: every integer case `int` (written VARINT64), the floats
    `float` (FLOAT64), the pair a `tuple` (a LIST, its int VARINT64)."""

    CASES = {0: int, 1: int, 2: int, 3: int, 4: int, 5: int, 6: int, 7: int, 8: int, 9: float, 10: tuple, 11: int, 12: float}

    @classmethod
    def _from_case_id(cls, case_id, value):
        if isinstance(value, list):  # pyfory reads a tuple case as a list
            value = tuple(value)
        return cls(case_id, value)

    def __eq__(self, other):
        return isinstance(other, Union) and (self.case_id(), self.value()) == (other.case_id(), other.value())

    def __hash__(self):
        return hash((self.case_id(), self.value()))

    def __repr__(self):
        return f"{type(self).__name__}({self.case_id()}, {self.value()!r})"


class TypedNum(Num):
    """The same union with each case declared as the Rust variant's type:
    pyfory reads a case value with its declared case type's serializer
    (the type id on the wire is read and not used), so this is the
    declaration that reads every Rust variant."""

    CASES = {
        0: pyfory.Int32,
        1: pyfory.Int16,
        2: pyfory.Int8,
        3: pyfory.UInt32,
        4: pyfory.UInt8,
        5: pyfory.UInt16,
        6: pyfory.UInt64,
        7: int,
        8: pyfory.UInt64,
        9: pyfory.Float32,
        10: tuple,
        11: int,
        12: float,
    }


@dataclasses.dataclass
class Narrow:
    """Rust's `Narrow { a: i8, b: u16, c: i32, d: u64, num: Num }`, every
    integer a Python `int` (declared VARINT64 in the TypeDef)."""

    a: int
    b: int
    c: int
    d: int
    num: Num


# Unions whose cases hold numbers. name: (value, compatible, registered
# by name, the union class registered as 210). Python -> Rust: `int` is
# VARINT64 and `float` FLOAT64 whatever the Rust variant; Rust reads an
# integer into any integer variant it fits (else an error naming the
# value and the type), and refuses FLOAT64 for an `f32` variant.
NUM_CASES = {
    "num_i32": (Num(0, -123456), True, False, Num),
    "num_i32_min": (Num(0, -(2**31)), True, False, Num),
    "num_i16": (Num(1, -300), True, False, Num),
    "num_i8": (Num(2, -5), True, False, Num),
    "num_u32": (Num(3, 4_000_000_000), True, False, Num),
    "num_u8": (Num(4, 255), True, False, Num),
    "num_u16": (Num(5, 65535), True, False, Num),
    "num_u64": (Num(6, 2**63 - 1), True, False, Num),
    "num_isize": (Num(7, -(2**40)), True, False, Num),
    "num_usize": (Num(8, 2**40), True, False, Num),
    "num_f32": (Num(9, 1.5), True, False, Num),
    "num_pair": (Num(10, (-7, "x")), True, False, Num),
    "num_pair_max": (Num(10, (2**31 - 1, "y")), False, False, Num),
    "num_i64": (Num(11, -(2**62)), True, False, Num),
    "num_f64": (Num(12, -0.1), True, False, Num),
    "num_i8_schema": (Num(2, 127), False, False, Num),
    # out of the Rust variant's range: errors
    "num_i8_big": (Num(2, 300), True, False, Num),
    "num_u8_negative": (Num(4, -1), True, False, Num),
    "num_i32_big": (Num(0, 2**31), True, False, Num),
    "num_u64_negative": (Num(6, -1), True, False, Num),
    "num_pair_big": (Num(10, (-(2**31) - 1, "z")), True, False, Num),
    # every case declared as the Rust type: the same bytes both ways
    "typed_i32": (TypedNum(0, -(2**31)), True, False, TypedNum),
    "typed_i16": (TypedNum(1, -32768), True, False, TypedNum),
    "typed_i8": (TypedNum(2, -128), True, False, TypedNum),
    "typed_u32": (TypedNum(3, 2**32 - 1), True, False, TypedNum),
    "typed_u8": (TypedNum(4, 255), True, False, TypedNum),
    "typed_u16": (TypedNum(5, 65535), True, False, TypedNum),
    "typed_u64": (TypedNum(6, 2**64 - 1), True, False, TypedNum),
    "typed_isize": (TypedNum(7, -(2**63)), True, False, TypedNum),
    "typed_usize": (TypedNum(8, 2**64 - 1), True, False, TypedNum),
    "typed_f32": (TypedNum(9, 1.5), True, False, TypedNum),
    "typed_f64": (TypedNum(12, 1e300), False, False, TypedNum),
    # Rust -> Python, cases declared `int`: what Rust writes for an i32,
    # i64 or isize variant (VARINT32, VARINT64) reads as the int
    "num_i32_to_int": (Num(0, -(2**31)), True, False, Num),
    "num_i32_max_to_int": (Num(0, 2**31 - 1), False, False, Num),
    "num_isize_to_int": (Num(7, 2**63 - 1), True, False, Num),
    "num_pair_to_tuple": (Num(10, (-(2**31), "é")), True, False, Num),
    # the hazard docs/interop.md names: Rust's I8(5) is INT8 0x05, which
    # pyfory reads with the declared `int` case's serializer as the
    # varint64 0x05, zigzag -3 (it reads the type id and does not use it)
    "num_i8_to_int": (Num(2, 5), True, False, Num),
    # struct fields declared `int` (VARINT64) read into i8/u16/i32/u64
    # fields when the value fits, both ways
    "narrow": (Narrow(-128, 65535, -(2**31), 2**63 - 1, Num(0, 7)), True, False, Num),
    "narrow_big": (Narrow(128, 0, 0, 0, Num(1, 7)), True, False, Num),
}

NUM_PYTHON_ONLY = {
    "num_i32", "num_i32_min", "num_i16", "num_i8", "num_u32", "num_u8", "num_u16", "num_u64",
    "num_isize", "num_usize", "num_f32", "num_pair", "num_pair_max", "num_i64", "num_f64",
    "num_i8_schema", "num_i8_big", "num_u8_negative", "num_i32_big", "num_u64_negative",
    "num_pair_big", "narrow_big",
}
NUM_READ_EXPECT = {"num_i8_to_int": Num(2, -3)}

def make_fory(compatible, by_name, num):
    fory = pyfory.Fory(xlang=True, ref=False, strict=False, compatible=compatible)
    register_all(fory, by_name)
    fory.register_union(num, type_id=210, serializer=lambda resolver, cls: UnionSerializer(resolver, cls, num.CASES))
    fory.register(Narrow, type_id=211)
    return fory


PEER = peer_driver.Peer(
    NUM_CASES,
    lambda name, case: make_fory(*case[1:]),
    python_only=NUM_PYTHON_ONLY,
    read_expect=NUM_READ_EXPECT,
)

if __name__ == "__main__":
    PEER.main()
