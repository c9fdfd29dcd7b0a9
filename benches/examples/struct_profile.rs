//! A fixed workload for instruction-count profiles of the struct path
//! (`valgrind --tool=callgrind`): MediaContent serialized or deserialized
//! `N` times in one configuration.
//!
//! ```sh
//! cargo build --release -p fory-benches --example struct_profile
//! valgrind --tool=callgrind target/release/examples/struct_profile native_compat de 1000
//! ```

use fory_core::{Fory, ForyObject};

#[derive(ForyObject, Debug, Clone, PartialEq)]
struct Media {
    uri: String,
    title: String,
    width: i32,
    height: i32,
    format: String,
    duration: i64,
    size: i64,
    bitrate: i32,
    has_bitrate: bool,
    persons: Vec<String>,
    player: i32,
    copyright: String,
}

#[derive(ForyObject, Debug, Clone, PartialEq)]
struct Image {
    uri: String,
    title: String,
    width: i32,
    height: i32,
    size: i32,
}

#[derive(ForyObject, Debug, Clone, PartialEq)]
struct MediaContent {
    media: Media,
    images: Vec<Image>,
}

fn sample() -> MediaContent {
    MediaContent {
        media: Media {
            uri: "http://javaone.com/keynote.mpg".into(),
            title: "Javaone Keynote".into(),
            width: 640,
            height: 480,
            format: "video/mpg4".into(),
            duration: 18_000_000,
            size: 58_982_400,
            bitrate: 262_144,
            has_bitrate: true,
            persons: vec!["Bill Gates".into(), "Steve Jobs".into()],
            player: 0,
            copyright: "None".into(),
        },
        images: vec![
            Image {
                uri: "http://javaone.com/keynote_large.jpg".into(),
                title: "Javaone Keynote".into(),
                width: 1024,
                height: 768,
                size: 1,
            },
            Image {
                uri: "http://javaone.com/keynote_small.jpg".into(),
                title: "Javaone Keynote".into(),
                width: 320,
                height: 240,
                size: 0,
            },
        ],
    }
}

fn main() -> Result<(), fory_core::Error> {
    let args: Vec<String> = std::env::args().collect();
    let config = args.get(1).map(String::as_str).unwrap_or("native_schema");
    let op = args.get(2).map(String::as_str).unwrap_or("ser");
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let (xlang, compatible) = match config {
        "native_schema" => (false, false),
        "native_compat" => (false, true),
        "xlang_schema" => (true, false),
        "xlang_compat" => (true, true),
        other => panic!("unknown config {other}"),
    };
    let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
    fory.register::<Media>(101)?;
    fory.register::<Image>(102)?;
    fory.register::<MediaContent>(103)?;
    let value = sample();
    let bytes = fory.serialize(&value)?;
    assert_eq!(fory.deserialize::<MediaContent>(&bytes)?, value);
    let mut sink = 0usize;
    match op {
        "ser" => {
            for _ in 0..n {
                sink += std::hint::black_box(fory.serialize(std::hint::black_box(&value))?).len();
            }
        }
        "de" => {
            for _ in 0..n {
                let v: MediaContent = fory.deserialize(std::hint::black_box(&bytes))?;
                sink += std::hint::black_box(v).images.len();
            }
        }
        other => panic!("unknown op {other}"),
    }
    println!(
        "{config} {op} x{n}: {} bytes per message ({sink})",
        bytes.len()
    );
    Ok(())
}
