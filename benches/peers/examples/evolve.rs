//! Instruction counts of both Fory libraries reading MediaContent in
//! compatible mode when the writer's schema is newer than the reader's:
//! the writer's `Media` has two more fields (an `f64` and a string) and
//! its `Image` one more (a string), all of which the reader skips. The
//! reader's types are the benchmark's own (`ours_types`,
//! `official_types`). With `older`, the writer's schema is older instead:
//! its `Media` lacks `player` and `copyright`, its `Image` lacks `title`,
//! and the reader fills them with zero values. With `same`, the writer is
//! the reader itself (the repeated-schema read, for comparison).
//!
//! ```sh
//! cargo build --release --manifest-path benches/peers/Cargo.toml --example evolve
//! valgrind --tool=callgrind benches/peers/target/release/examples/evolve ours native 1000
//! ```
//!
//! Arguments: `ours|official`, `native|xlang`, the number of reads, and
//! optionally `older` or `same`. As with the `profile` example, instructions per read
//! are the difference of two runs with different counts, divided by the
//! difference of the counts.

/// The writer's newer MediaContent and the run, declared once per
/// library (`$derive`: the library's derive, `$attr`: its attributes,
/// `$fory`: its `Fory`, `$types`: the benchmark's types for it).
macro_rules! newer_media_content {
    ($m:ident, $derive:path, [$($attr:meta),*], $fory:path, $types:ident) => {
        /// The newer schema and the run for one library.
        pub mod $m {
            use fory_peer_benches::$types::{self as types, MediaContent as Older};
            use fory_peer_benches::{IMAGE_ID, MEDIA_CONTENT_ID, MEDIA_ID};
            use std::hint::black_box;

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
            fn newer(old: Older) -> MediaContent {
                let m = old.media;
                MediaContent {
                    media: Media {
                        uri: m.uri,
                        title: m.title,
                        width: m.width,
                        height: m.height,
                        format: m.format,
                        duration: m.duration,
                        size: m.size,
                        bitrate: m.bitrate,
                        has_bitrate: m.has_bitrate,
                        persons: m.persons,
                        player: m.player,
                        copyright: m.copyright,
                        rating: 4.5,
                        codec: "h264".into(),
                    },
                    images: old
                        .images
                        .into_iter()
                        .map(|i| Image {
                            uri: i.uri,
                            title: i.title,
                            width: i.width,
                            height: i.height,
                            size: i.size,
                            alt: "a keynote".into(),
                        })
                        .collect(),
                }
            }

            /// The older schema: `Media` without `player` and
            /// `copyright`, `Image` without `title`.
            pub mod older {
                use super::*;

                /// `Media` before `player` and `copyright`.
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
                }

                /// `Image` before `title`.
                #[derive($derive, Debug, Clone, PartialEq)]
                $(#[$attr])*
                pub struct Image {
                    pub uri: String,
                    pub width: i32,
                    pub height: i32,
                    pub size: i32,
                }

                /// The record.
                #[derive($derive, Debug, Clone, PartialEq)]
                $(#[$attr])*
                pub struct MediaContent {
                    pub media: Media,
                    pub images: Vec<Image>,
                }

                /// The benchmark's value in the older schema, and what
                /// the reader makes of it (the missing fields zero).
                pub fn older(old: Older) -> (MediaContent, Older) {
                    let mut expected = old.clone();
                    expected.media.player = Default::default();
                    expected.media.copyright = String::new();
                    for i in &mut expected.images {
                        i.title = String::new();
                    }
                    let m = old.media;
                    let value = MediaContent {
                        media: Media {
                            uri: m.uri,
                            title: m.title,
                            width: m.width,
                            height: m.height,
                            format: m.format,
                            duration: m.duration,
                            size: m.size,
                            bitrate: m.bitrate,
                            has_bitrate: m.has_bitrate,
                            persons: m.persons,
                        },
                        images: old
                            .images
                            .into_iter()
                            .map(|i| Image {
                                uri: i.uri,
                                width: i.width,
                                height: i.height,
                                size: i.size,
                            })
                            .collect(),
                    };
                    (value, expected)
                }
            }

            /// Registers a writer schema's three types.
            macro_rules! writer {
                ($xlang:expr, $media:ty, $image:ty, $content:ty) => {{
                    let mut writer = <$fory>::builder().xlang($xlang).compatible(true).build();
                    writer.register::<$media>(MEDIA_ID).unwrap();
                    writer.register::<$image>(IMAGE_ID).unwrap();
                    writer.register::<$content>(MEDIA_CONTENT_ID).unwrap();
                    writer
                }};
            }

            /// `n` reads of the newer writer's bytes (or, with `older`, of
            /// the older writer's; with `same`, of the reader's own).
            pub fn run(xlang: bool, which: &str, n: usize) {
                let reader = types::fory(xlang, true).unwrap();
                let (bytes, expected) = match which {
                    "same" => (
                        reader.serialize(&types::media_content()).unwrap(),
                        types::media_content(),
                    ),
                    "older" => {
                        let writer = writer!(xlang, older::Media, older::Image, older::MediaContent);
                        let (value, expected) = older::older(types::media_content());
                        (writer.serialize(&value).unwrap(), expected)
                    }
                    _ => {
                        let writer = writer!(xlang, Media, Image, MediaContent);
                        let value = newer(types::media_content());
                        (writer.serialize(&value).unwrap(), types::media_content())
                    }
                };
                let got: Older = reader.deserialize(&bytes).unwrap();
                assert_eq!(got, expected);
                for _ in 0..n {
                    black_box(reader.deserialize::<Older>(black_box(&bytes)).unwrap());
                }
            }
        }
    };
}

newer_media_content!(
    ours_newer,
    ours::ForyObject,
    [fory(crate = "ours")],
    ours::Fory,
    ours_types
);
newer_media_content!(
    official_newer,
    fory::ForyStruct,
    [],
    fory::Fory,
    official_types
);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (lib, mode, n) = match &args[..] {
        [_, lib, mode, n] | [_, lib, mode, n, _] => (lib, mode, n),
        _ => {
            eprintln!("usage: evolve ours|official native|xlang N [older|same]");
            std::process::exit(2);
        }
    };
    let xlang = mode == "xlang";
    let which = args.get(4).map_or("newer", String::as_str);
    let n: usize = n.parse().expect("N");
    match lib.as_str() {
        "ours" => ours_newer::run(xlang, which, n),
        "official" => official_newer::run(xlang, which, n),
        other => panic!("unknown library {other}"),
    }
}
