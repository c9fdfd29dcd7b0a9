//! Python -> Rust for a 1,000,000-row record batch: pyfory (with
//! `python/fory_arrow.py`, buffers out-of-band) next to pyarrow IPC over the
//! same TCP connection, timed on the Python side from serialize to the
//! Rust side's acknowledgement of a validated `RecordBatch`. Results:
//! docs/benchmarks.md.
//!
//! ```sh
//! scripts/python-env.sh    # the pinned venv (.venv), once
//! cargo run --release -p fory-benches --example arrow_from_python [ROWS] [REPS]
//! ```
//!
//! The Python peer is `benches/python/py_to_rust.py` (its docstring has the
//! framing); `FORY_PYTHON` overrides the interpreter.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Command;

use arrow_array::RecordBatch;
use bytes::Bytes;
use fory_benches::ipc_decode;
use fory_core::arrow_buffer::Buffer;
use fory_core::Fory;

/// Largest blob this example accepts: it trusts its own peer, but a
/// confused one must not make it allocate without bound.
const MAX_BLOB: u64 = 16 << 30;

fn read_u64(conn: &mut TcpStream) -> std::io::Result<u64> {
    let mut word = [0u8; 8];
    conn.read_exact(&mut word)?;
    Ok(u64::from_le_bytes(word))
}

/// A u64 count of blobs, then u64 length + bytes each; every blob lands in
/// its own allocation, filled straight from the socket.
fn recv_blobs(conn: &mut TcpStream) -> std::io::Result<Vec<Vec<u8>>> {
    let count = read_u64(conn)?;
    assert!(count < 100_000, "implausible blob count {count}");
    (0..count)
        .map(|_| {
            let len = read_u64(conn)?;
            assert!(len <= MAX_BLOB, "implausible blob length {len}");
            let mut blob = Vec::with_capacity(len as usize);
            conn.take(len).read_to_end(&mut blob)?;
            assert_eq!(blob.len() as u64, len, "the peer hung up mid-blob");
            Ok(blob)
        })
        .collect()
}

fn serve(mut conn: TcpStream, rows: usize) -> std::io::Result<()> {
    conn.set_nodelay(true)?;
    let fory = Fory::builder().xlang(true).build();
    let (mut from_fory, mut from_ipc) = (None, None);
    loop {
        let mut kind = [0u8; 1];
        conn.read_exact(&mut kind)?;
        let batch = match &kind {
            b"F" => {
                let mut blobs = recv_blobs(&mut conn)?.into_iter().map(Bytes::from);
                let stream = blobs.next().expect("a stream");
                let batch: RecordBatch = fory
                    .deserialize_with_buffers(&stream, blobs)
                    .expect("a record batch from pyfory");
                from_fory.get_or_insert_with(|| batch.clone());
                batch
            }
            b"I" => {
                let blob = recv_blobs(&mut conn)?.pop().expect("an IPC stream");
                let batch = ipc_decode(&Buffer::from_vec(blob));
                from_ipc.get_or_insert_with(|| batch.clone());
                batch
            }
            b"Q" => break,
            other => panic!("unknown request {other:?}"),
        };
        assert_eq!(batch.num_rows(), rows);
        conn.write_all(b"k")?;
    }
    // both ways delivered the same table
    assert_eq!(from_fory, from_ipc, "pyfory and IPC disagree");
    Ok(())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().map_or(1_000_000, |a| a.parse().expect("ROWS"));
    let reps: usize = args.next().map_or(10, |a| a.parse().expect("REPS"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = std::env::var_os("FORY_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".venv/bin/python"));
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let port = listener.local_addr().expect("its address").port();
    let mut peer = Command::new(&python)
        .arg(root.join("benches/python/py_to_rust.py"))
        .args([port.to_string(), rows.to_string(), reps.to_string()])
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {python:?} (run scripts/python-env.sh): {e}"));
    let (conn, _) = listener.accept().expect("the Python peer connects");
    serve(conn, rows).expect("the exchange");
    assert!(peer.wait().expect("the Python peer").success());
}
