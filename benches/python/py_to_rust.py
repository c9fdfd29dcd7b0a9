"""Python -> Rust for a record batch: the time from `pyfory.serialize` on
the Python side to a validated `RecordBatch` on the Rust side, next to
pyarrow IPC over the same TCP connection. Driven by
benches/examples/arrow_from_python.rs, which listens and acknowledges:

    python py_to_rust.py PORT ROWS REPS

Each request is one kind byte (b"F" Fory out-of-band, b"I" Arrow IPC),
then a u64 count of blobs and each blob as u64 length + bytes
(little-endian). Fory's first blob is the stream and the rest are the
out-of-band buffers, sent from pyarrow's memory; IPC's one blob is the
IPC stream. The Rust side answers one byte once the batch is usable.
"""

import socket
import statistics
import struct
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyfory

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import fory_arrow  # noqa: E402


def make_batch(rows):
    """The columns of benches/benches/arrow_ipc.rs: int64, float64 and
    utf8 with nulls, timestamp[us, UTC], dictionary<int32, utf8>,
    list<int32>."""
    i = np.arange(rows, dtype=np.int64)
    null = (i % 7) == 3
    names = np.char.add("name-", (i % 10_007).astype(str)).astype(object)
    names[null] = None
    lengths = np.where(null, 0, i % 4).astype(np.int32)
    offsets = np.zeros(rows + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    starts = np.repeat(offsets[:-1], lengths)
    values = (np.repeat(i, lengths) + (np.arange(offsets[-1]) - starts)).astype(np.int32)
    columns = {
        "id": pa.array(i),
        "x": pa.array(i * 0.25, mask=null),
        "name": pa.array(names, pa.string()),
        "at": pa.array(1_700_000_000_000_000 + i * 1000, pa.timestamp("us", tz="UTC"), mask=null),
        "category": pa.DictionaryArray.from_arrays(
            pa.array((i % 5).astype(np.int32), mask=(i % 11) == 5),
            pa.array(["red", "green", "blue", "cyan", "plum"]),
        ),
        "items": pa.ListArray.from_arrays(pa.array(offsets), pa.array(values), mask=pa.array(null)),
    }
    return pa.RecordBatch.from_pydict(columns)


def send_msg(sock, kind, blobs):
    sock.sendall(kind + struct.pack("<Q", len(blobs)))
    for b in blobs:
        view = memoryview(b)
        sock.sendall(struct.pack("<Q", view.nbytes))
        sock.sendall(view)


def ack(sock):
    if sock.recv(1) != b"k":
        raise SystemExit("the Rust side did not acknowledge")


def via_fory(sock, fory, batch):
    objs = []
    stream = fory.serialize(batch, buffer_callback=lambda o: objs.append(o) or False)
    send_msg(sock, b"F", [stream] + [o.getbuffer() for o in objs])
    ack(sock)


def via_ipc(sock, batch):
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    send_msg(sock, b"I", [sink.getvalue()])
    ack(sock)


def main():
    port, rows, reps = (int(a) for a in sys.argv[1:4])
    batch = make_batch(rows)
    fory = pyfory.Fory(xlang=True, ref=False)
    fory_arrow.register(fory)
    times = {"fory": [], "ipc": []}
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for rep in range(reps + 1):
            for name, send in (("fory", lambda: via_fory(sock, fory, batch)), ("ipc", lambda: via_ipc(sock, batch))):
                t0 = time.perf_counter()
                send()
                if rep > 0:  # the first round warms both paths up
                    times[name].append(time.perf_counter() - t0)
        sock.sendall(b"Q")
    size = sum(b.size for c in batch.columns for b in c.buffers() if b is not None)
    fory_ms = statistics.median(times["fory"]) * 1e3
    ipc_ms = statistics.median(times["ipc"]) * 1e3
    print(f"rows {rows}, column buffers {size / 1e6:.1f} MB, {reps} rounds, medians:")
    print(f"  pyfory + fory_arrow (out-of-band) -> Rust RecordBatch: {fory_ms:8.2f} ms")
    print(f"  pyarrow IPC stream                -> Rust RecordBatch: {ipc_ms:8.2f} ms")
    print(f"  ratio fory / IPC: {fory_ms / ipc_ms:.2f}")


if __name__ == "__main__":
    main()
