//! Every section of pyfory's out-of-band guide, in Rust.
//!
//! Run: `cargo run --release --example out_of_band --features arrow` (the
//! DataFrame section needs Arrow; without the feature it is skipped)

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use fory_core::buffers::{BufferObject, PickleBuffer};
use fory_core::bytes::Bytes;
use fory_core::{Error, Fory};

fn main() -> Result<(), Error> {
    basic()?;
    dataframes()?;
    selective()?;
    pickle5()?;
    streams()?;
    println!("\nall sections ran; every check passed");
    Ok(())
}

fn check(ok: bool, what: &str) {
    assert!(ok, "check failed: {what}");
    println!("  ok: {what}");
}

/// "Out-of-Band with Pandas DataFrames": the Rust DataFrame is Arrow's
/// `RecordBatch`; its schema stays in-band, every column buffer goes
/// out-of-band, and the columns read back point into the buffers.
#[cfg(feature = "arrow")]
fn dataframes() -> Result<(), Error> {
    use std::sync::Arc;

    use fory_core::arrow_array::{
        Array, ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray,
    };
    println!("== out-of-band with DataFrames (Arrow record batches)");
    let fory = Fory::builder()
        .xlang(false)
        .ref_tracking(false)
        .strict(false)
        .build();
    let columns: Vec<(&str, ArrayRef)> = vec![
        (
            "a",
            Arc::new(Float64Array::from_iter_values((0..1000).map(f64::from))),
        ),
        ("b", Arc::new(Int64Array::from_iter_values(0..1000))),
        (
            "c",
            Arc::new(StringArray::from_iter_values(
                std::iter::repeat("text").take(1000),
            )),
        ),
    ];
    let df = RecordBatch::try_from_iter(columns).expect("columns of one length");
    let mut buffer_objects = Vec::new();
    let serialized = fory.serialize_with_callback(&df, &mut buffer_objects)?;
    println!(
        "  in-band stream: {} bytes; {} column buffers out-of-band",
        serialized.len(),
        buffer_objects.len()
    );
    let buffers: Vec<Bytes> = buffer_objects.iter().map(|o| o.to_buffer()).collect();
    let back: RecordBatch = fory.deserialize_with_buffers(&serialized, buffers.clone())?;
    check(back == df, "the DataFrame round-trips");
    let a = back.column(0).to_data().buffers()[0].as_ptr();
    check(
        buffers.iter().any(|b| b.as_ptr() == a),
        "its columns point into the out-of-band buffers (zero-copy)",
    );
    Ok(())
}

#[cfg(not(feature = "arrow"))]
fn dataframes() -> Result<(), Error> {
    println!("== out-of-band with DataFrames: skipped, run with `--features arrow`");
    Ok(())
}

/// "Basic Out-of-Band Serialization": one large array, one buffer.
fn basic() -> Result<(), Error> {
    println!("== basic out-of-band serialization");
    let fory = Fory::builder()
        .xlang(false)
        .ref_tracking(false)
        .strict(false)
        .build();
    let array: Vec<f64> = (0..10_000).map(f64::from).collect();

    let mut buffer_objects: Vec<BufferObject> = Vec::new();
    let serialized = fory.serialize_with_callback(&array, &mut buffer_objects)?;
    println!(
        "  in-band stream: {} bytes; out-of-band buffers: {} of {:?} bytes",
        serialized.len(),
        buffer_objects.len(),
        buffer_objects
            .iter()
            .map(|b| b.total_bytes())
            .collect::<Vec<_>>()
    );
    let buffers: Vec<_> = buffer_objects.iter().map(|b| b.getbuffer()).collect();
    check(
        buffers[0].as_ptr() == array.as_ptr() as *const u8,
        "getbuffer() is zero-copy: it points at the Vec's own memory",
    );
    let back: Vec<f64> = fory.deserialize_with_buffers(&serialized, buffers)?;
    check(back == array, "deserialized array equals the original");
    Ok(())
}

/// "Selective Out-of-Band Serialization": every second buffer out-of-band.
fn selective() -> Result<(), Error> {
    println!("== selective out-of-band serialization");
    let fory = Fory::builder()
        .xlang(false)
        .ref_tracking(true)
        .strict(false)
        .build();
    let arr1: Vec<f64> = (0..1000).map(f64::from).collect();
    let arr2: Vec<f64> = (0..2000).map(f64::from).collect();
    let data = vec![arr1, arr2];

    let mut buffer_objects = Vec::new();
    let mut counter = 0;
    let serialized = fory.serialize_with_callback(&data, |buffer_object| {
        counter += 1;
        if counter % 2 == 0 {
            buffer_objects.push(buffer_object);
            false // out-of-band
        } else {
            true // in-band
        }
    })?;
    println!(
        "  {} buffers offered; in-band stream {} bytes; {} out-of-band ({} bytes)",
        counter,
        serialized.len(),
        buffer_objects.len(),
        buffer_objects
            .iter()
            .map(|b| b.total_bytes())
            .sum::<usize>()
    );
    let buffers: Vec<_> = buffer_objects.iter().map(|b| b.getbuffer()).collect();
    let back: Vec<Vec<f64>> = fory.deserialize_with_buffers(&serialized, buffers)?;
    check(back == data, "both arrays come back, one from each side");
    Ok(())
}

/// "Pickle5 Compatibility": a PickleBuffer always takes the buffer path.
fn pickle5() -> Result<(), Error> {
    println!("== pickle5 compatibility");
    let fory = Fory::builder().xlang(false).strict(false).build();
    let pickle_buffer = PickleBuffer::new(Bytes::from_static(b"Large binary data"));
    let mut buffer_objects = Vec::new();
    let serialized = fory.serialize_with_callback(&pickle_buffer, &mut buffer_objects)?;
    // hand the buffers back as shared Bytes: the result points into them
    let buffers: Vec<Bytes> = buffer_objects.iter().map(|b| b.to_buffer()).collect();
    let back: PickleBuffer = fory.deserialize_with_buffers(&serialized, buffers.clone())?;
    println!(
        "  in-band {} bytes, {} buffer; raw() = {:?}",
        serialized.len(),
        buffers.len(),
        String::from_utf8_lossy(back.raw())
    );
    check(back.raw() == b"Large binary data", "raw() equals the data");
    check(
        back.raw().as_ptr() == buffers[0].as_ptr(),
        "read back zero-copy: raw() points into the out-of-band Bytes",
    );
    Ok(())
}

/// "Writing Buffers to Different Streams": a Vec, a file, a TCP socket.
fn streams() -> Result<(), Error> {
    println!("== writing buffers to different streams");
    let fory = Fory::builder().xlang(false).strict(false).build();
    let array: Vec<f64> = (0..1000).map(f64::from).collect();
    let mut buffer_objects = Vec::new();
    let serialized = fory.serialize_with_callback(&array, &mut buffer_objects)?;

    for buffer_obj in &buffer_objects {
        let mut in_memory = Vec::new();
        buffer_obj.write_to(&mut in_memory)?;
        check(
            in_memory.len() == buffer_obj.total_bytes(),
            "write_to a Vec<u8>",
        );

        let path = std::env::temp_dir().join("fory_buffer_data.bin");
        let mut file = std::fs::File::create(&path)?;
        buffer_obj.write_to(&mut file)?;
        drop(file);
        check(std::fs::read(&path)? == in_memory, "write_to a File");
        std::fs::remove_file(&path)?;

        // loopback socket: the in-band stream and the buffer, length-prefixed
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let receiver = std::thread::spawn(move || -> std::io::Result<(Vec<u8>, Vec<u8>)> {
            let (mut sock, _) = listener.accept()?;
            let mut read_frame = || -> std::io::Result<Vec<u8>> {
                let mut len = [0u8; 8];
                sock.read_exact(&mut len)?;
                let mut buf = vec![0u8; u64::from_le_bytes(len) as usize];
                sock.read_exact(&mut buf)?;
                Ok(buf)
            };
            Ok((read_frame()?, read_frame()?))
        });
        let mut sock = TcpStream::connect(addr)?;
        sock.write_all(&(serialized.len() as u64).to_le_bytes())?;
        sock.write_all(&serialized)?;
        sock.write_all(&(buffer_obj.total_bytes() as u64).to_le_bytes())?;
        buffer_obj.write_to(&mut sock)?; // straight from the array's memory
        drop(sock);
        let (stream, buffer) = receiver.join().expect("receiver thread")?;
        let back: Vec<f64> = fory.deserialize_with_buffers(&stream, [buffer])?;
        check(
            back == array,
            "write_to a TcpStream and read back on the other end",
        );

        let view = buffer_obj.getbuffer();
        check(
            view.as_ptr() == array.as_ptr() as *const u8,
            "getbuffer() is a zero-copy view",
        );
    }
    Ok(())
}
