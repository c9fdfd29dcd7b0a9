//! Moving ~100 MB of numeric data without copies: an Arrow record batch and
//! a 2-D array, between two processes over a loopback TCP socket, and
//! through a file mapped back into memory.
//!
//! Run: `cargo run --release --features ndarray,arrow --example large_data`

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::time::Instant;

use fory_core::arrow_array::{
    ArrayRef, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use fory_core::arrow_schema::{DataType, Field, Schema};
use fory_core::buffers::frame;
use fory_core::ndarray::Array2;
use fory_core::serializer::ndarray::SharedNdArray;
use fory_core::{Error, Fory};

const ROWS: usize = 2_800_000;
const SIDE: usize = 3_600;

fn batch() -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("price", DataType::Float64, true),
        Field::new("qty", DataType::Int32, false),
        Field::new("venue", DataType::Utf8, false),
        Field::new("weight", DataType::Float64, false),
    ]));
    let cols: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from_iter_values(0..ROWS as i64)),
        Arc::new(Float64Array::from_iter(
            (0..ROWS).map(|i| (i % 97 != 0).then_some(i as f64 * 0.01)),
        )),
        Arc::new(Int32Array::from_iter_values(
            (0..ROWS).map(|i| (i % 1000) as i32),
        )),
        Arc::new(StringArray::from_iter_values(
            (0..ROWS).map(|i| ["XNYS", "XNAS", "ARCX", "BATS"][i % 4]),
        )),
        Arc::new(Float64Array::from_iter_values(
            (0..ROWS).map(|i| 1.0 / (1 + i) as f64),
        )),
    ];
    RecordBatch::try_new(schema, cols).expect("valid batch")
}

fn matrix() -> Array2<f64> {
    Array2::from_shape_fn((SIDE, SIDE), |(i, j)| (i * SIDE + j) as f64)
}

fn batch_bytes(b: &RecordBatch) -> usize {
    b.get_array_memory_size()
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let result = match args.get(1).map(String::as_str) {
        Some("--receive") => receive(&args[2]),
        _ => send_and_map(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("large_data: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The parent: sends both values to a child process, then does the file
/// round trip.
fn send_and_map() -> Result<(), Error> {
    let fory = Fory::builder().build();
    let b = batch();
    let m = matrix();
    println!(
        "record batch: {} rows, {:.0} MB; 2-D array: {SIDE}x{SIDE} f64, {:.0} MB",
        b.num_rows(),
        mb(batch_bytes(&b)),
        mb(m.len() * 8)
    );

    // --- loopback TCP to another process ---
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port().to_string();
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe).args(["--receive", &port]).spawn()?;
    let (mut sock, _) = listener.accept()?;
    let start = Instant::now();
    let sent = fory.write_message(&b, &mut sock)? + fory.write_message(&m, &mut sock)?;
    sock.flush()?;
    drop(sock);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "sent {:.0} MB over loopback TCP in {:.3} s ({:.2} GB/s), buffers written from their own memory",
        mb(sent as usize),
        secs,
        sent as f64 / secs / 1e9
    );
    let status = child.wait()?;
    if !status.success() {
        return Err(Error::new(
            fory_core::ErrorKind::Io,
            "the receiving process failed",
        ));
    }

    // --- a file, mapped back ---
    let path = std::env::temp_dir().join(format!("fory-large-{}.bin", std::process::id()));
    let start = Instant::now();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
    // one frame after the other: the array, then the batch
    let first = fory.write_message(&m, &mut file)?;
    let written = first + fory.write_message(&b, &mut file)?;
    file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    let write_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mapped = frame::map_file(&path)?;
    let back: SharedNdArray<f64> = fory.deserialize_message(mapped.clone())?;
    let back_batch: RecordBatch = fory.deserialize_message(mapped.slice(first as usize..))?;
    let map_secs = start.elapsed().as_secs_f64();
    let inside = |p: *const u8| mapped.as_ptr_range().contains(&p);
    assert!(
        inside(back.data().as_ptr() as *const u8),
        "the array points into the mapping"
    );
    assert!(
        inside(back_batch.column(0).to_data().buffers()[0].as_ptr()),
        "so do the columns"
    );
    assert_eq!(back.view(), m.view().into_dyn());
    assert_eq!(back_batch, b);
    println!(
        "file: wrote {:.0} MB in {:.3} s; mapped and read both back in {:.6} s, zero-copy (the array and the columns point into the mapping)",
        mb(written as usize),
        write_secs,
        map_secs
    );
    drop((back, back_batch, mapped));
    Ok(())
}

/// The child: reads both values and checks them.
fn receive(port: &str) -> Result<(), Error> {
    let fory = Fory::builder().build();
    let sock = TcpStream::connect(format!("127.0.0.1:{port}"))?;
    let mut input = BufReader::with_capacity(1 << 20, sock);
    let start = Instant::now();
    let b: RecordBatch = fory.read_message(&mut input)?;
    let m: SharedNdArray<f64> = fory.read_message(&mut input)?;
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(b, batch(), "record batch intact");
    assert_eq!(m.view(), matrix().view().into_dyn(), "array intact");
    println!(
        "receiver (pid {}): got {} rows and a {:?} array in {:.3} s, each frame read into one aligned allocation",
        std::process::id(),
        b.num_rows(),
        m.shape(),
        secs
    );
    Ok(())
}
