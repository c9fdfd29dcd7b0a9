"""Interop peer for tests/interop_union.rs: unions (a Rust enum with data)
as struct fields, alone, optional, in lists and as map values, against
pyfory 1.7.7, both ways, in compatible and schema-consistent mode, the
union and the structs registered by id or by name.

    python interop_union.py read DIR    # check DIR/<case>.bin against CASES
    python interop_union.py write DIR   # write every case into DIR

In pyfory 1.7.7 a registered union type is a class deriving from
`pyfory.union.Union` that builds itself from `(case_id, value)`
(`_from_case_id`), registered with `register_union` and a
`UnionSerializer` given the case types (the form of pyfory's generated
union classes; written out here by hand). `typing.Union[...]` writes the
alternative's index and type info but is no registered type.
"""

import dataclasses
import typing

import pyfory
from pyfory.union import Union, UnionSerializer

import peer_driver


class Shape(Union):
    """Rust's `enum Shape { Circle(f64), Square(f64), Label(String) }`."""

    CASES = {0: float, 1: float, 2: str}

    @classmethod
    def _from_case_id(cls, case_id, value):
        return cls(case_id, value)

    def __eq__(self, other):
        return type(other) is Shape and (self.case_id(), self.value()) == (other.case_id(), other.value())

    def __hash__(self):
        return hash((self.case_id(), self.value()))


def circle(r):
    return Shape(0, r)


def square(side):
    return Shape(1, side)


def label(text):
    return Shape(2, text)


@dataclasses.dataclass
class Holder:
    n: pyfory.Int32
    shape: Shape


@dataclasses.dataclass
class Many:
    maybe: typing.Optional[Shape]
    shapes: typing.List[Shape]
    named: typing.Dict[str, Shape]


@dataclasses.dataclass
class Drawing:
    """Rust's `Drawing` has `title` and `note: Option<String>`: it skips
    `shape` (a union field it does not have)."""

    title: str
    shape: Shape


def register_all(fory, by_name):
    def serializer(resolver, cls):
        return UnionSerializer(resolver, cls, Shape.CASES)

    if by_name:
        fory.register_union(Shape, name="example.Shape", serializer=serializer)
        fory.register(Holder, name="example.Holder")
        fory.register(Many, name="example.Many")
        fory.register(Drawing, name="example.Drawing")
    else:
        fory.register_union(Shape, type_id=200, serializer=serializer)
        fory.register(Holder, type_id=201)
        fory.register(Many, type_id=202)
        fory.register(Drawing, type_id=203)


MANY = Many(circle(1.5), [square(2.0), label("x"), circle(-0.25)], {"k": square(3.0), "é": label("ü")})
MANY_EMPTY = Many(None, [], {})

# name: (value, compatible, registered by name)
CASES = {
    "holder": (Holder(7, square(2.5)), True, False),
    "holder_named": (Holder(-3, label("héllo")), True, True),
    "holder_schema": (Holder(7, circle(1.5)), False, False),
    "holder_named_schema": (Holder(0, label("")), False, True),
    "many": (MANY, True, False),
    "many_named": (MANY, True, True),
    "many_empty": (MANY_EMPTY, True, False),
    "many_schema": (MANY, False, False),
    "many_named_schema": (MANY, False, True),
    "many_empty_schema": (MANY_EMPTY, False, True),
    "holders": ([Holder(1, circle(1.0)), Holder(2, label("two"))], True, True),
    "shape": (square(-1.0), True, False),
    "shape_schema": (label("alone"), False, False),
    "shape_named_schema": (circle(0.5), False, True),
    "drawing": (Drawing("sketch", label("skipped")), True, True),
}

# pyfory writes these for Rust to read only (Rust's twin differs).
PYTHON_ONLY = {"drawing"}


def make_fory(compatible, by_name):
    fory = pyfory.Fory(xlang=True, ref=False, strict=False, compatible=compatible)
    register_all(fory, by_name)
    return fory


PEER = peer_driver.Peer(CASES, lambda name, case: make_fory(*case[1:]), python_only=PYTHON_ONLY)

if __name__ == "__main__":
    PEER.main()
