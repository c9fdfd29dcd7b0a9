//! Prints any Fory stream as readable text, without knowing its types:
//! what did Python (or Java) send?
//!
//! ```text
//! cargo run --example inspect -- STREAM [--buffer FILE]... [--native]
//! cargo run --example inspect -- --demo
//! ```
//!
//! `--buffer` gives the out-of-band buffers, in order, one file each.
//! Streams are read in xlang mode unless `--native` is given.

use std::process::ExitCode;

use fory_core::bytes::Bytes;
use fory_core::value::Value;
use fory_core::{Fory, Result};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("inspect: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> std::result::Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut stream = None;
    let mut buffers = Vec::new();
    let mut native = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--native" => native = true,
            "--buffer" => buffers.push(args.next().ok_or("--buffer needs a file")?),
            "--demo" => return demo().map_err(|e| e.to_string()),
            "-h" | "--help" => {
                println!("usage: inspect STREAM [--buffer FILE]... [--native] | --demo");
                return Ok(());
            }
            _ if stream.is_none() => stream = Some(a),
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    let path = stream.ok_or("no stream file given (try --demo)")?;
    let data = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
    let buffers: Vec<Bytes> = buffers
        .iter()
        .map(|p| {
            std::fs::read(p)
                .map(Bytes::from)
                .map_err(|e| format!("{p}: {e}"))
        })
        .collect::<std::result::Result<_, _>>()?;
    let value = read(&data, buffers, !native).map_err(|e| e.to_string())?;
    println!("{value}");
    Ok(())
}

/// Reads a stream as a `Value`; a header with the out-of-band bit needs the
/// buffers.
fn read(data: &[u8], buffers: Vec<Bytes>, xlang: bool) -> Result<Value> {
    let fory = Fory::builder().xlang(xlang).strict(false).build();
    let out_of_band = data.first().is_some_and(|h| h & 2 != 0);
    if out_of_band {
        fory.deserialize_with_buffers(data, buffers)
    } else {
        fory.deserialize(data)
    }
}

/// Writes a sample stream with a derived struct and a buffer out-of-band,
/// then inspects it.
fn demo() -> Result<()> {
    #[derive(fory_core::ForyObject)]
    struct Frame {
        id: u64,
        label: String,
        samples: Vec<f64>,
        raw: Bytes,
        tags: Vec<Option<String>>,
    }
    let mut fory = Fory::builder().xlang(true).build();
    fory.register_by_name::<Frame>("demo", "Frame")?;
    let frame = Frame {
        id: 7,
        label: "first light".into(),
        samples: (0..5).map(|i| i as f64 / 4.0).collect(),
        raw: Bytes::from(vec![0xab; 1000]),
        tags: vec![Some("calibrated".into()), None],
    };
    let mut objs = Vec::new();
    let data = fory.serialize_with_callback(&frame, &mut objs)?;
    println!(
        "stream: {} bytes, {} out-of-band buffer(s) of {:?} bytes",
        data.len(),
        objs.len(),
        objs.iter().map(|b| b.total_bytes()).collect::<Vec<_>>()
    );
    let value = read(&data, objs.iter().map(|b| b.to_buffer()).collect(), true)?;
    println!("{value}");
    Ok(())
}
