"""Peer of tests/interop_arrow.rs: DataFrames and record batches between
pyfory 1.7.7 (+ python/fory_arrow.py) and Fory for Rust.

    python interop_arrow.py write-df DIR NAME      # the DataFrame, buffers out-of-band
    python interop_arrow.py write-df-inband DIR NAME
    python interop_arrow.py check-df DIR NAME      # what Rust sent back equals it
    python interop_arrow.py echo DIR IN OUT        # Rust's batch: check, send back
    python interop_arrow.py socket PORT            # the DataFrame over TCP and back
    python interop_arrow.py write-value DIR NAME   # {"name": "df", "batch": RecordBatch}, out-of-band
    python interop_arrow.py write-value-inband DIR NAME
    python interop_arrow.py check-value DIR NAME   # what Rust's dynamic Value wrote back
    python interop_arrow.py write-tables DIR NAME  # ["t", Table, RecordBatch], in-band
    python interop_arrow.py write-batches DIR      # BUFFER_BATCHES, out-of-band
    python interop_arrow.py check-batches DIR      # Rust's BUFFER_BATCHES: values and buffers

A message on disk is NAME.bin (the stream) and NAME.0.buf, NAME.1.buf, ...
(the out-of-band buffers in callback order). Over TCP a message is a u64
count of blobs, then each blob as u64 length + bytes (little-endian); the
first blob is the stream, the rest the out-of-band buffers.
"""

import datetime
import decimal
import socket
import struct
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyfory

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import fory_arrow  # noqa: E402


def make_fory():
    fory = pyfory.Fory(xlang=True, ref=False)
    fory_arrow.register(fory)
    return fory


def make_df():
    when = pd.to_datetime(["2024-01-01 00:00:00", "2024-06-01 12:30:00", None, "1999-12-31 23:59:59.5"], utc=True, format="ISO8601")
    return pd.DataFrame(
        {
            "id": pd.Series([1, -2, 3, 2**62], dtype="int64"),
            "score": [1.5, None, -0.25, 1e300],
            "name": ["ann", None, "bø", "中文"],
            "flag": [True, False, True, False],
            "when": when.astype("datetime64[ns, UTC]"),
            "kind": pd.Categorical(["x", "y", "x", None]),
            "price": [decimal.Decimal("1.50"), None, decimal.Decimal("-2.25"), decimal.Decimal("100.00")],
        }
    )


def serialize(fory, value, oob=True):
    objs = []

    def cb(obj):
        objs.append(obj)
        return False

    stream = fory.serialize(value, buffer_callback=cb if oob else None)
    return stream, [o.getbuffer() for o in objs]


def save(d, name, stream, buffers):
    Path(d, f"{name}.bin").write_bytes(stream)
    for i, b in enumerate(buffers):
        Path(d, f"{name}.{i}.buf").write_bytes(b)


def load(d, name):
    stream = Path(d, f"{name}.bin").read_bytes()
    buffers, i = [], 0
    while Path(d, f"{name}.{i}.buf").exists():
        buffers.append(memoryview(Path(d, f"{name}.{i}.buf").read_bytes()))
        i += 1
    return stream, buffers


def deserialize(fory, stream, buffers):
    # header bit 1: the stream was written with a buffer callback
    return fory.deserialize(stream, buffers=buffers if stream[0] & 2 else None)


def check_df(back):
    df = make_df()
    # pandas' metadata came back byte for byte in the schema
    want = fory_arrow.from_pandas(df).schema.metadata
    assert back.schema.metadata == want, (back.schema.metadata, want)
    out = fory_arrow.to_pandas(back)
    assert list(out.dtypes) == list(df.dtypes), (out.dtypes, df.dtypes)
    assert out.equals(df), (out, df)


#: The schema metadata of the batch tests/interop_arrow.rs builds.
RUST_SCHEMA_METADATA = {b"origin": b"fory-rust", b"note": "ü".encode()}


def expected_rust_batch():
    """The values of the batch tests/interop_arrow.rs builds (its windows)."""
    return pa.record_batch(
        {
            "n": pa.array([20, None, 40], type=pa.int32()),
            "s": pa.array(["b", None, "dd"], type=pa.utf8()),
            "l": pa.array([[2, None], None, []], type=pa.list_(pa.int64())),
            "b": pa.array([False, None, True], type=pa.bool_()),
            "st": pa.array(
                [{"a": 2, "b": "y"}, None, {"a": 4, "b": None}],
                type=pa.struct([("a", pa.int16()), ("b", pa.utf8())]),
            ),
            "d": pa.array(["lo", "hi", None]).dictionary_encode().cast(pa.dictionary(pa.int16(), pa.utf8())),
            "t": pa.array(
                [datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc), None, datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)],
                type=pa.timestamp("us", tz="UTC"),
            ),
            "dec": pa.array([decimal.Decimal("1.23"), None, decimal.Decimal("-4.56")], type=pa.decimal128(10, 2)),
        }
    )


def _all_valid(arr):
    """`arr` (no nulls) again, with an all-valid bitmap pyarrow keeps (as
    it keeps one it was given or computed: pandas' categories have one)."""
    assert arr.null_count == 0 and arr.buffers()[0] is None
    bits = pa.py_buffer(bytes([(1 << len(arr)) - 1]))
    return pa.Array.from_buffers(arr.type, len(arr), [bits] + arr.buffers()[1:])


def buffer_batches():
    """name -> (the batch Python writes, the same values as Rust holds
    them): the batches of tests/interop_arrow.rs's `buffer_batches`, whose
    out-of-band buffers each side checks against the other's. They
    differ only in "all_valid", whose two columns carry all-valid
    bitmaps, which arrow-rs drops (an `ArrayData` keeps no validity
    without a null): Rust offers two buffers fewer."""
    no_nulls = pa.record_batch(
        {
            "i": pa.array([1, -2, 3], type=pa.int64()),
            "f": pa.array([1.5, -0.25, 1e300], type=pa.float64()),
            "s": pa.array(["a", "bø", ""], type=pa.utf8()),
            "b": pa.array([True, False, True], type=pa.bool_()),
            "bin": pa.array([b"\x00\x01", b"", b"xyz"], type=pa.binary()),
            "l": pa.array([[1, 2], [], [3]], type=pa.list_(pa.int64())),
            "ll": pa.array([[[1], [2, 3]], [], [[]]], type=pa.list_(pa.list_(pa.int32()))),
        }
    )
    nulls = pa.record_batch(
        {
            "i": pa.array([1, None, 3], type=pa.int64()),
            "f": pa.array([None, 2.5, None], type=pa.float64()),
            "s": pa.array(["a", None, "中"], type=pa.utf8()),
            "b": pa.array([None, True, False], type=pa.bool_()),
            "bin": pa.array([b"x", None, b""], type=pa.binary()),
            "l": pa.array([[1, None], None, []], type=pa.list_(pa.int64())),
        }
    )
    plain = pa.record_batch(
        {
            "i": pa.array([7, 8, 9], type=pa.int64()),
            "s": pa.array(["x", "", "yz"], type=pa.utf8()),
            "f": pa.array([0.5, None, 2.0], type=pa.float64()),
        }
    )
    all_valid = pa.RecordBatch.from_arrays(
        [_all_valid(plain.column(0)), _all_valid(plain.column(1)), plain.column(2)],
        schema=plain.schema,
    )
    return {
        "no_nulls": (no_nulls, no_nulls),
        "nulls": (nulls, nulls),
        "all_valid": (all_valid, plain),
    }


def offered(fory, batch):
    """The bytes of the buffers pyfory offers for `batch`, in order."""
    return [bytes(b) for b in serialize(fory, batch)[1]]


def check_batches(fory, d):
    for name, (written, held) in buffer_batches().items():
        stream, given = load(d, name)
        assert stream[0] & 2 and given, f"{name}: Rust's buffers are not out-of-band"
        batch = deserialize(fory, stream, given)
        assert batch.schema.equals(held.schema), (name, batch.schema, held.schema)
        assert batch.equals(held), (name, batch.to_pylist(), held.to_pylist())
        rust = [bytes(b) for b in given]
        # what Python offers for the batch it read, and for the same
        # values built here without all-valid bitmaps, is what Rust offered
        assert offered(fory, batch) == rust, (name, offered(fory, batch), rust)
        assert offered(fory, held) == rust, (name, offered(fory, held), rust)
        extra = len(offered(fory, written)) - len(rust)
        assert extra == (2 if name == "all_valid" else 0), (name, extra)


def make_value():
    """A dict holding a batch, as a Rust `Value` map reads it."""
    batch = pa.RecordBatch.from_pandas(make_df(), preserve_index=False)
    return {"name": "df", "batch": batch}


def check_value(back):
    assert isinstance(back, dict), type(back)
    assert list(back) == ["name", "batch"], list(back)
    assert back["name"] == "df", back["name"]
    assert isinstance(back["batch"], pa.RecordBatch), type(back["batch"])
    check_df(back["batch"])


def send_msg(sock, blobs):
    sock.sendall(struct.pack("<Q", len(blobs)))
    for b in blobs:
        sock.sendall(struct.pack("<Q", len(b)))
        sock.sendall(b)


def recv_exact(sock, n):
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        k = sock.recv_into(view[got:])
        if k == 0:
            raise EOFError("connection closed")
        got += k
    return buf


def recv_msg(sock):
    (count,) = struct.unpack("<Q", recv_exact(sock, 8))
    blobs = []
    for _ in range(count):
        (n,) = struct.unpack("<Q", recv_exact(sock, 8))
        blobs.append(memoryview(recv_exact(sock, n)))
    return blobs


def main():
    cmd = sys.argv[1]
    fory = make_fory()
    if cmd in ("write-df", "write-df-inband"):
        table = fory_arrow.from_pandas(make_df())
        stream, buffers = serialize(fory, table, oob=cmd == "write-df")
        save(sys.argv[2], sys.argv[3], stream, buffers)
    elif cmd == "check-df":
        check_df(deserialize(fory, *load(sys.argv[2], sys.argv[3])))
    elif cmd == "echo":
        batch = deserialize(fory, *load(sys.argv[2], sys.argv[3]))
        assert isinstance(batch, pa.RecordBatch), type(batch)
        expected = expected_rust_batch()
        assert batch.schema.equals(expected.schema), (batch.schema, expected.schema)
        assert batch.schema.metadata == RUST_SCHEMA_METADATA, batch.schema.metadata
        assert batch.equals(expected), (batch.to_pylist(), expected.to_pylist())
        save(sys.argv[2], sys.argv[4], *serialize(fory, batch))
    elif cmd in ("write-value", "write-value-inband"):
        stream, buffers = serialize(fory, make_value(), oob=cmd == "write-value")
        save(sys.argv[2], sys.argv[3], stream, buffers)
    elif cmd == "check-value":
        check_value(deserialize(fory, *load(sys.argv[2], sys.argv[3])))
    elif cmd == "write-tables":
        table = fory_arrow.from_pandas(make_df())
        value = ["t", table, pa.RecordBatch.from_pandas(make_df(), preserve_index=False)]
        save(sys.argv[2], sys.argv[3], *serialize(fory, value, oob=False))
    elif cmd == "write-batches":
        for name, (written, _) in buffer_batches().items():
            save(sys.argv[2], name, *serialize(fory, written))
    elif cmd == "check-batches":
        check_batches(fory, sys.argv[2])
    elif cmd == "socket":
        with socket.create_connection(("127.0.0.1", int(sys.argv[2]))) as sock:
            stream, buffers = serialize(fory, fory_arrow.from_pandas(make_df()))
            send_msg(sock, [stream] + buffers)
            reply = recv_msg(sock)
            check_df(deserialize(fory, bytes(reply[0]), reply[1:]))
    else:
        raise SystemExit(f"unknown command {cmd}")
    print("ok")


if __name__ == "__main__":
    main()
