//! Arrow record batches between a tokio TCP server and client on
//! 127.0.0.1: the client sends batches with `write_message_async`, the
//! server reads each frame (into one aligned allocation, the columns
//! pointing into it), adds a column holding the frame's length and sends
//! the batch back with `write_message_async`; the client reads it with
//! `read_message_async` and checks it.
//!
//! Run: `cargo run --release --features tokio,arrow --example tokio_batches`

use std::sync::Arc;

use fory_core::arrow_array::{
    ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray, UInt64Array,
};
use fory_core::buffers::frame::Frame;
use fory_core::message::MESSAGE_OOB_THRESHOLD;
use fory_core::{Error, Fory};
use tokio::net::{TcpListener, TcpStream};

/// Rows in each batch the client sends.
const SIZES: [usize; 3] = [10, 100_000, 1_000_000];

fn batch(rows: usize) -> RecordBatch {
    let cols: Vec<(&str, ArrayRef)> = vec![
        ("id", Arc::new(Int64Array::from_iter_values(0..rows as i64))),
        (
            "price",
            Arc::new(Float64Array::from_iter(
                (0..rows).map(|i| (i % 13 != 0).then_some(i as f64 * 0.25)),
            )),
        ),
        (
            "venue",
            Arc::new(StringArray::from_iter_values(
                (0..rows).map(|i| ["XNYS", "XNAS", "ARCX"][i % 3]),
            )),
        ),
    ];
    RecordBatch::try_from_iter(cols).expect("a valid batch")
}

/// What the server sends back: the batch with a `bytes` column holding
/// the size of the frame it came in.
fn annotated(batch: &RecordBatch, frame_len: u64) -> RecordBatch {
    let col: ArrayRef = Arc::new(UInt64Array::from(vec![frame_len; batch.num_rows()]));
    let mut cols: Vec<(String, ArrayRef)> = batch
        .schema()
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(f, c)| (f.name().clone(), c.clone()))
        .collect();
    cols.push(("frame_bytes".to_owned(), col));
    RecordBatch::try_from_iter(cols).expect("a valid batch")
}

/// Reads the client's batches, answering each. The lower-level
/// `Frame::read_from_async` + `deserialize_frame` pair gives the frame's
/// length too.
async fn serve(fory: Arc<Fory>, mut sock: TcpStream) -> Result<usize, Error> {
    let mut served = 0;
    for _ in SIZES {
        let frame = Frame::read_from_async(&mut sock).await?;
        let got: RecordBatch = fory.deserialize_frame(&frame)?;
        let answer = annotated(&got, frame.len() as u64);
        fory.write_message_async(&answer, &mut sock).await?;
        served += 1;
    }
    Ok(served)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Error> {
    let fory = Arc::new(Fory::builder().build());
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;

    let server = tokio::spawn({
        let fory = Arc::clone(&fory);
        async move {
            let (sock, _) = listener.accept().await?;
            serve(fory, sock).await
        }
    });

    let mut sock = TcpStream::connect(addr).await?;
    let mut sent = 0;
    for rows in SIZES {
        let b = batch(rows);
        let len = fory.write_message_async(&b, &mut sock).await?;
        sent += len;
        let back: RecordBatch = fory.read_message_async(&mut sock).await?;
        assert_eq!(back, annotated(&b, len), "the batch came back equal");
        // large columns went out-of-band: they point into the frame's
        // 64-byte-aligned allocation (small ones were copied from the stream)
        if rows * 8 >= MESSAGE_OOB_THRESHOLD {
            let values = back.column(0).to_data().buffers()[0].as_ptr();
            assert_eq!(values as usize % 64, 0);
        }
    }
    drop(sock);
    let served = server.await.expect("the server task")?;
    assert_eq!(served, SIZES.len());
    println!(
        "tokio_batches: {served} record batches ({} rows, {:.1} MB of frames) sent to {addr} and back, equal",
        SIZES.iter().sum::<usize>(),
        sent as f64 / 1e6
    );
    Ok(())
}
