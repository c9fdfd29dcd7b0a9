"""The driver the interop peers share (interop.py, interop_fields.py,
interop_half.py, interop_types.py, interop_union.py,
interop_union_num.py; interop_arrow.py has commands of its own).
fory_tests::peer runs a peer as

    python <script> write DIR          # write every case into DIR
    python <script> read DIR           # check every case Rust wrote into DIR
    python <script> read-present DIR   # the same, for the files that are there

`python <script>` puts the script's folder first on sys.path, so a peer
imports this module as `import peer_driver`.

A case is `name -> (value, ...)`, the rest of the tuple the script's own
(compatible, ref tracking, registered by name, callback kind ...): the
script says how to build its Fory for a case, and how to compare.
`<name>.bin` holds the stream; a case with a buffer callback (kind "oob":
every buffer out of band, "alt": every second one) stores the buffers in
`<name>.oob`, a u64 count, then each as a u64 length and its bytes
(little-endian), as fory_tests::peer::write_oob does.

`read` prints `ok <name>` or `FAIL <name>: ...` for each case, then
`<passed> passed, <failed> failed` (what fory_tests::peer::assert_reads
looks for), and exits with 1 when a case failed.
"""

import struct
import sys
from pathlib import Path


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


def callback(kind, out):
    """The buffer callback of a case kind: "none" (no callback), "oob"
    (every buffer out of band, into `out`) or "alt" (every second one)."""
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


def no_callback(name, case):
    return "none"


def same(v):
    return v


class Peer:
    """A peer script's cases and how to treat them.

    - `cases`: name -> tuple, the value first.
    - `make_fory(name, case)`: the Fory that writes and reads the case.
    - `kind(name, case)`: its callback kind ("none", "oob", "alt").
    - `python_only`: names Rust does not write (not read).
    - `rust_only`: names Python cannot write (not written).
    - `read_expect`: name -> the value read where it is not the one written.
    - `normalize(v)`: the form in which a read value and the expected one
      are compared (`==`); by default the values themselves.
    - `check(name, got, expected)`: more checks of a read value: a failure
      line, or None; an exception fails the case as a failed read does.
    """

    def __init__(
        self,
        cases,
        make_fory,
        *,
        kind=no_callback,
        python_only=(),
        rust_only=(),
        read_expect=None,
        normalize=same,
        check=None,
    ):
        self.cases = cases
        self.make_fory = make_fory
        self.kind = kind
        self.python_only = set(python_only)
        self.rust_only = set(rust_only)
        self.read_expect = read_expect or {}
        self.normalize = normalize
        self.check = check

    def write(self, d):
        d.mkdir(parents=True, exist_ok=True)
        for name, case in self.cases.items():
            if name in self.rust_only:
                continue
            kind = self.kind(name, case)
            objs = []
            data = self.make_fory(name, case).serialize(case[0], buffer_callback=callback(kind, objs))
            (d / f"{name}.bin").write_bytes(data)
            if kind != "none":
                write_oob(d / f"{name}.oob", objs)

    def read(self, d, present_only=False):
        """Checks every case Rust wrote into `d` (with `present_only`, those
        whose file is there: a run that writes a few cases another way)."""
        failures = passed = 0
        for name, case in self.cases.items():
            if name in self.python_only:
                continue
            value = self.read_expect.get(name, case[0])
            path = d / f"{name}.bin"
            if not path.exists():
                if present_only:
                    continue
                print(f"FAIL {name}: Rust wrote no {path.name}")
                failures += 1
                continue
            buffers = read_oob(d / f"{name}.oob") if self.kind(name, case) != "none" else None
            try:
                # a Fory per case: each reads with its own registrations
                got = self.make_fory(name, case).deserialize(path.read_bytes(), buffers=buffers)
                problem = self.check(name, got, value) if self.check else None
            except Exception as e:  # report every case, not just the first
                print(f"FAIL {name}: {type(e).__name__}: {e}")
                failures += 1
                continue
            if problem:
                print(f"FAIL {name}: {problem}")
                failures += 1
                continue
            want, have = self.normalize(value), self.normalize(got)
            if have == want:
                print(f"ok {name}")
                passed += 1
            else:
                print(f"FAIL {name}: got {have!r}, expected {want!r}")
                failures += 1
        print(f"{passed} passed, {failures} failed")
        return 1 if failures else 0

    def main(self, argv=None):
        """Runs the mode the command line names on its directory."""
        argv = argv or sys.argv
        mode, directory = argv[1], Path(argv[2])
        if mode == "write":
            self.write(directory)
        elif mode == "read":
            sys.exit(self.read(directory))
        elif mode == "read-present":
            sys.exit(self.read(directory, present_only=True))
        else:
            sys.exit(f"unknown mode {mode}")
