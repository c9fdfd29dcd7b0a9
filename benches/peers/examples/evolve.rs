//! Instruction counts of both Fory libraries reading MediaContent in
//! compatible mode when the writer's schema is newer than the reader's:
//! the writer's `Media` has two more fields (an `f64` and a string) and
//! its `Image` one more (a string), all of which the reader skips. The
//! reader's types are the benchmark's own (`ours_types`,
//! `official_types`). With `same`, the writer is the reader itself (the
//! repeated-schema read, for comparison).
//!
//! ```sh
//! cargo build --release --manifest-path benches/peers/Cargo.toml --example evolve
//! valgrind --tool=callgrind benches/peers/target/release/examples/evolve ours native 1000
//! ```
//!
//! Arguments: `ours|official`, `native|xlang`, the number of reads, and
//! optionally `same`. As with the `profile` example, instructions per read
//! are the difference of two runs with different counts, divided by the
//! difference of the counts.

use std::hint::black_box;

use fory_peer_benches::{IMAGE_ID, MEDIA_CONTENT_ID, MEDIA_ID};

/// The writer's newer MediaContent, declared once per library (`$derive`:
/// the library's derive, `$attr`: its attributes).
macro_rules! newer_media_content {
    ($m:ident, $derive:path, [$($attr:meta),*]) => {
        /// The newer schema for one library.
        pub mod $m {
            /// `Media` with `rating` and `codec` added.
            #[derive($derive, Debug, Clone, PartialEq)]
            $(#[$attr])*
            pub struct Media {
                pub uri: String,
                pub title: String,
                pub width: i32,
                pub height: i32,
                pub format: String,
                pub duration: i64,
                pub size: i64,
                pub bitrate: i32,
                pub has_bitrate: bool,
                pub persons: Vec<String>,
                pub player: i32,
                pub copyright: String,
                pub rating: f64,
                pub codec: String,
            }

            /// `Image` with `alt` added.
            #[derive($derive, Debug, Clone, PartialEq)]
            $(#[$attr])*
            pub struct Image {
                pub uri: String,
                pub title: String,
                pub width: i32,
                pub height: i32,
                pub size: i32,
                pub alt: String,
            }

            /// The record.
            #[derive($derive, Debug, Clone, PartialEq)]
            $(#[$attr])*
            pub struct MediaContent {
                pub media: Media,
                pub images: Vec<Image>,
            }

            /// The benchmark's MediaContent value, with the new fields set.
            pub fn value() -> MediaContent {
                let image = |uri: &str, width, height, size| Image {
                    uri: uri.into(),
                    title: "Javaone Keynote".into(),
                    width,
                    height,
                    size,
                    alt: "a keynote".into(),
                };
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
                        player: 1,
                        copyright: "Copyright (c) JavaOne Conference".into(),
                        rating: 4.5,
                        codec: "h264".into(),
                    },
                    images: vec![
                        image("http://javaone.com/keynote_large.jpg", 1024, 768, 1),
                        image("http://javaone.com/keynote_small.jpg", 320, 240, 0),
                    ],
                }
            }
        }
    };
}

newer_media_content!(ours_newer, ours::ForyObject, [fory(crate = "ours")]);
newer_media_content!(official_newer, fory::ForyStruct, []);

fn ours(xlang: bool, same: bool, n: usize) {
    use fory_peer_benches::ours_types::{self as types, MediaContent};
    let mut writer = ours::Fory::builder().xlang(xlang).compatible(true).build();
    writer.register::<ours_newer::Media>(MEDIA_ID).unwrap();
    writer.register::<ours_newer::Image>(IMAGE_ID).unwrap();
    writer
        .register::<ours_newer::MediaContent>(MEDIA_CONTENT_ID)
        .unwrap();
    let reader = types::fory(xlang, true).unwrap();
    let bytes = if same {
        reader.serialize(&types::media_content()).unwrap()
    } else {
        writer.serialize(&ours_newer::value()).unwrap()
    };
    let got: MediaContent = reader.deserialize(&bytes).unwrap();
    assert_eq!(got, types::media_content());
    for _ in 0..n {
        black_box(
            reader
                .deserialize::<MediaContent>(black_box(&bytes))
                .unwrap(),
        );
    }
}

fn official(xlang: bool, same: bool, n: usize) {
    use fory_peer_benches::official_types::{self as types, MediaContent};
    let mut writer = fory::Fory::builder().xlang(xlang).compatible(true).build();
    writer.register::<official_newer::Media>(MEDIA_ID).unwrap();
    writer.register::<official_newer::Image>(IMAGE_ID).unwrap();
    writer
        .register::<official_newer::MediaContent>(MEDIA_CONTENT_ID)
        .unwrap();
    let reader = types::fory(xlang, true).unwrap();
    let bytes = if same {
        reader.serialize(&types::media_content()).unwrap()
    } else {
        writer.serialize(&official_newer::value()).unwrap()
    };
    let got: MediaContent = reader.deserialize(&bytes).unwrap();
    assert_eq!(got, types::media_content());
    for _ in 0..n {
        black_box(
            reader
                .deserialize::<MediaContent>(black_box(&bytes))
                .unwrap(),
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (lib, mode, n) = match &args[..] {
        [_, lib, mode, n] | [_, lib, mode, n, _] => (lib, mode, n),
        _ => {
            eprintln!("usage: evolve ours|official native|xlang N [same]");
            std::process::exit(2);
        }
    };
    let xlang = mode == "xlang";
    let same = args.get(4).is_some_and(|s| s == "same");
    let n: usize = n.parse().expect("N");
    match lib.as_str() {
        "ours" => ours(xlang, same, n),
        "official" => official(xlang, same, n),
        other => panic!("unknown library {other}"),
    }
}
