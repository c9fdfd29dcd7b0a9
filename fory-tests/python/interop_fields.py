"""Interop peer for tests/interop_fields.rs: struct fields whose types a
TypeDef or schema hash declares, against pyfory 1.7.7, both ways.

    python interop_fields.py read DIR    # check DIR/<case>.bin against CASES
    python interop_fields.py write DIR   # write every case into DIR

- `tagged`: fields declared with tag ids (`pyfory.field(0)`), which Rust
  refuses with an error naming the way out (Python writes it only).
"""

import dataclasses
import sys
import typing
from pathlib import Path

import pyfory


@dataclasses.dataclass
class Tagged:
    name: str = pyfory.field(0)
    age: pyfory.Int32 = pyfory.field(1)
    email: typing.Optional[str] = pyfory.field(2, nullable=True)


def make_fory(compatible, ref=False):
    fory = pyfory.Fory(xlang=True, ref=ref, compatible=compatible)
    fory.register(Tagged, type_id=604)
    return fory


# name: (value, compatible, ref)
CASES = {
    "tagged": (Tagged("ann", 30, "a@b"), True, False),
    "tagged_schema": (Tagged("ann", 30, "a@b"), False, False),
}

# pyfory writes these for Rust to read only.
PYTHON_ONLY = {"tagged", "tagged_schema"}


def write(d):
    d.mkdir(parents=True, exist_ok=True)
    for name, (value, compatible, ref) in CASES.items():
        (d / f"{name}.bin").write_bytes(make_fory(compatible, ref).serialize(value))


def read(d):
    failures = 0
    names = [n for n in CASES if n not in PYTHON_ONLY]
    for name in names:
        value, compatible, ref = CASES[name]
        path = d / f"{name}.bin"
        if not path.exists():
            print(f"FAIL {name}: Rust wrote no {path.name}")
            failures += 1
            continue
        try:
            got = make_fory(compatible, ref).deserialize(path.read_bytes())
        except Exception as e:  # report every case, not just the first
            print(f"FAIL {name}: {type(e).__name__}: {e}")
            failures += 1
            continue
        if got == value:
            print(f"ok {name}")
        else:
            print(f"FAIL {name}: got {got!r}, expected {value!r}")
            failures += 1
    print(f"{len(names) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    mode, directory = sys.argv[1], Path(sys.argv[2])
    if mode == "write":
        write(directory)
    elif mode == "read":
        sys.exit(read(directory))
    else:
        sys.exit(f"unknown mode {mode}")
