"""Interop peer for tests/interop_fields.rs: struct fields whose types a
TypeDef or schema hash declares, against pyfory 1.7.7, both ways.

    python interop_fields.py read DIR    # check DIR/<case>.bin against CASES
    python interop_fields.py write DIR   # write every case into DIR

- `arrays*`, `shared*`: dense array fields (`pyfory.Float64Array`...),
  which Rust declares the same for `Array1<T>`, `SharedNdArray<T>` and
  `Vec<T>` (compatible and schema-consistent, bytes equal).
- `nested_arrays*`: dense arrays as list elements and map values
  (`List[pyfory.Float64Array]`), declared as pyfory declares them; Rust
  also reads `nested_arrays` into a struct without those fields (skipped).
- `u8s*`: `pyfory.UInt8Array` fields, which Rust declares the same for
  `Array1<u8>` and `SharedNdArray<u8>` (a `Vec<u8>` is `bytes`).
- `batch*`: a `pa.RecordBatch` field (`python/fory_arrow.py`), which
  pyfory declares as UNKNOWN and writes with its type info (EXT 7000).
- `batches*`: lists and dicts of record batches (element declared
  UNKNOWN, each batch with its type info); Rust also skips them.
- `batch_skipped`, `gadget`, `gadgets`: fields Rust's struct lacks, of an extension
  type: a batch is skipped, another extension type is an error naming it
  (Python writes them only).
- `holder*`: dataclasses as map values and keys (registered by id and by
  name), as optional values, in nested maps and lists, in lists and sets:
  a map field declares a dataclass key or value type in schema-consistent
  mode (chunk header 0x24, no type info per chunk) and writes its type
  info in compatible mode; lists and sets write it in both (with and
  without ref tracking; bytes equal).
- `tagged`: fields declared with tag ids (`pyfory.field(0)`), which Rust
  refuses with an error naming the way out (Python writes it only).
"""

import dataclasses
import sys
import typing
from pathlib import Path

import pyarrow as pa
import pyfory
from pyfory.serializer import Serializer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import fory_arrow  # noqa: E402
import peer_driver  # noqa: E402


@dataclasses.dataclass
class Arrays:
    name: str
    data: pyfory.Float64Array
    ints: pyfory.Int32Array
    flags: pyfory.BoolArray
    maybe: typing.Optional[pyfory.Float32Array]


@dataclasses.dataclass
class Shared:
    name: str
    data: pyfory.Float64Array


@dataclasses.dataclass
class NestedArrays:
    name: str
    items: typing.List[pyfory.Float64Array]
    by: typing.Dict[str, pyfory.Int32Array]


@dataclasses.dataclass
class U8s:
    name: str
    data: pyfory.UInt8Array
    many: typing.List[pyfory.UInt8Array]
    shared: pyfory.UInt8Array


@dataclasses.dataclass
class WithBatch:
    name: str
    batch: pa.RecordBatch

    def __eq__(self, other):
        return type(other) is WithBatch and self.name == other.name and self.batch.equals(other.batch)


@dataclasses.dataclass
class Batches:
    name: str
    batches: typing.List[pa.RecordBatch]
    by: typing.Dict[str, pa.RecordBatch]

    def __eq__(self, other):
        return (
            type(other) is Batches
            and self.name == other.name
            and len(self.batches) == len(other.batches)
            and all(a.equals(b) for a, b in zip(self.batches, other.batches))
            and self.by.keys() == other.by.keys()
            and all(self.by[k].equals(other.by[k]) for k in self.by)
        )


class Gadget:
    """An extension type of pyfory's (EXT 7100) that Rust does not know."""

    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return type(other) is Gadget and self.n == other.n


class GadgetSerializer(Serializer):
    def write(self, write_context, value):
        write_context.write_var_uint32(value.n)

    def read(self, read_context):
        return Gadget(read_context.read_var_uint32())


@dataclasses.dataclass
class Boxed:
    name: str
    gadget: Gadget


@dataclasses.dataclass
class Gadgets:
    name: str
    gadgets: typing.List[Gadget]


@dataclasses.dataclass
class Iid:
    id: pyfory.Int32


@dataclasses.dataclass
class Inm:
    id: pyfory.Int32


@dataclasses.dataclass(frozen=True)
class Key:
    a: pyfory.Int32
    b: str


@dataclasses.dataclass
class Holder:
    by_id: typing.Dict[str, Iid]
    by_name: typing.Dict[str, Inm]
    keyed: typing.Dict[Key, str]
    maybe: typing.Dict[str, typing.Optional[Iid]]
    nested: typing.Dict[str, typing.List[Iid]]
    deep: typing.Dict[str, typing.Dict[str, Inm]]
    listed: typing.List[Iid]
    named_list: typing.List[Inm]
    keys: typing.Set[Key]
    null_key: typing.Dict[typing.Optional[str], Inm]


@dataclasses.dataclass
class Tagged:
    name: str = pyfory.field(0)
    age: pyfory.Int32 = pyfory.field(1)
    email: typing.Optional[str] = pyfory.field(2, nullable=True)


def make_fory(compatible, ref=False):
    fory = pyfory.Fory(xlang=True, ref=ref, compatible=compatible)
    fory.register(Tagged, type_id=604)
    fory.register(Arrays, type_id=610)
    fory.register(Shared, type_id=611)
    fory_arrow.register(fory)
    fory.register(WithBatch, type_id=612)
    fory.register(Batches, type_id=617)
    fory.register_type(Gadget, type_id=7100, serializer=GadgetSerializer)
    fory.register(Boxed, type_id=613)
    fory.register(NestedArrays, type_id=615)
    fory.register(U8s, type_id=616)
    fory.register(Gadgets, type_id=614)
    fory.register(Iid, type_id=620)
    fory.register(Inm, name="demo.Inm")
    fory.register(Key, type_id=621)
    fory.register(Holder, type_id=622)
    return fory


def arrays(maybe):
    return Arrays(
        "a",
        pyfory.Float64Array([0.0, -1.5, 2.25]),
        pyfory.Int32Array([7, -8]),
        pyfory.BoolArray([True, False, True]),
        maybe,
    )


SHARED = Shared("s", pyfory.Float64Array([1.0, 2.0, 3.0, 4.0]))
HOLDER = Holder(
    by_id={"a": Iid(1), "b": Iid(-2)},
    by_name={"n": Inm(3)},
    keyed={Key(1, "x"): "v", Key(2, ""): "w"},
    maybe={"a": Iid(4), "b": None, "c": Iid(5)},
    nested={"l": [Iid(6), Iid(7)], "m": []},
    deep={"d": {"e": Inm(8)}},
    listed=[Iid(9), Iid(10)],
    named_list=[Inm(11)],
    keys={Key(3, "k")},
    null_key={None: Inm(12)},
)
NESTED_ARRAYS = NestedArrays(
    "n",
    [pyfory.Float64Array([1.0, 2.0]), pyfory.Float64Array([-3.5])],
    {"a": pyfory.Int32Array([4, -5]), "e": pyfory.Int32Array([])},
)
U8S = U8s(
    "u",
    pyfory.UInt8Array([1, 2, 255]),
    [pyfory.UInt8Array([7]), pyfory.UInt8Array([])],
    pyfory.UInt8Array([9, 8]),
)
HOLDER_EMPTY = Holder({}, {}, {}, {}, {}, {}, [], [], set(), {})

WITH_BATCH = WithBatch(
    "b",
    pa.record_batch({"id": pa.array([1, 2, None], pa.int64()), "tag": pa.array(["x", None, "z"])}),
)


# name: (value, compatible, ref)
CASES = {
    "arrays": (arrays(pyfory.Float32Array([0.5])), True, False),
    "arrays_none": (arrays(None), True, False),
    "arrays_schema": (arrays(pyfory.Float32Array([0.5, -0.5])), False, False),
    "arrays_schema_none": (arrays(None), False, False),
    "shared": (SHARED, True, False),
    "shared_schema": (SHARED, False, False),
    "nested_arrays": (NESTED_ARRAYS, True, False),
    "nested_arrays_schema": (NESTED_ARRAYS, False, False),
    "u8s": (U8S, True, False),
    "u8s_schema": (U8S, False, False),
    "shared_vec": (SHARED, True, False),
    "shared_vec_schema": (SHARED, False, False),
    "holder": (HOLDER, True, False),
    "holder_ref": (HOLDER, True, True),
    "holder_schema": (HOLDER, False, False),
    "holder_schema_ref": (HOLDER, False, True),
    "holder_empty_schema": (HOLDER_EMPTY, False, False),
    "batch": (WITH_BATCH, True, False),
    "batch_schema": (WITH_BATCH, False, False),
    "batch_skipped": (WITH_BATCH, True, False),
    "batches": (Batches("l", [WITH_BATCH.batch] * 2, {"k": WITH_BATCH.batch}), True, False),
    "batches_schema": (Batches("l", [WITH_BATCH.batch] * 2, {"k": WITH_BATCH.batch}), False, False),
    "gadget": (Boxed("g", Gadget(5)), True, False),
    "gadgets": (Gadgets("g", [Gadget(5), Gadget(6)]), True, False),
    "tagged": (Tagged("ann", 30, "a@b"), True, False),
    "tagged_schema": (Tagged("ann", 30, "a@b"), False, False),
}

# pyfory writes these for Rust to read only.
PYTHON_ONLY = {"tagged", "tagged_schema", "batch_skipped", "gadget", "gadgets"}


PEER = peer_driver.Peer(CASES, lambda name, case: make_fory(*case[1:]), python_only=PYTHON_ONLY)

if __name__ == "__main__":
    PEER.main()
