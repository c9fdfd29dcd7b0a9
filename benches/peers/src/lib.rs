//! Shared data for comparing Fory for Rust (`ours`) with the official Apache
//! Fory crate (`fory` 1.7.7) and serde/rkyv peers.
//!
//! Every workload type is declared three times with the same fields, once per
//! family of derives, because the two Fory derives cannot sit on one type:
//!
//! * [`ours_types`]: `#[derive(ours::ForyObject)]` with `#[fory(crate = "ours")]`;
//! * [`official_types`]: `#[derive(fory::ForyStruct)]` (the official derive
//!   finds the `fory` dependency and emits `::fory::__private::...` paths);
//! * [`serde_types`]: serde + rkyv derives, for bincode 2, postcard and rkyv.
//!
//! The values come from one deterministic generator, so each module builds
//! the same data. Type ids are the same in both Fory libraries.

use std::collections::HashMap;

/// Type id of `Media` in both Fory libraries.
pub const MEDIA_ID: u32 = 101;
/// Type id of `Image` in both Fory libraries.
pub const IMAGE_ID: u32 = 102;
/// Type id of `MediaContent` in both Fory libraries.
pub const MEDIA_CONTENT_ID: u32 = 103;
/// Type id of `Sample` in both Fory libraries.
pub const SAMPLE_ID: u32 = 104;
/// Type id of `Single` in both Fory libraries.
pub const SINGLE_ID: u32 = 105;
/// Type id of `Optional` in both Fory libraries.
pub const OPTIONAL_ID: u32 = 106;

/// The fields of the `optional` workload's record, declared once for both
/// Fory libraries (`$attr`: each one's derive), with the value they
/// encode.
macro_rules! optional_record {
    ($(#[$attr:meta])*) => {
        /// The `optional` workload: one record whose fields may be absent
        /// (`Option` fields, some `None`), the common shape of an API
        /// record.
        $(#[$attr])*
        pub struct Optional {
            /// An id.
            pub id: i64,
            /// A score, when there is one.
            pub score: Option<i64>,
            /// A display name, when there is one.
            pub name: Option<String>,
            /// A rank, when there is one.
            pub rank: Option<i32>,
            /// A label, always there.
            pub label: String,
            /// A note, when there is one.
            pub note: Option<String>,
            /// A flag, when there is one.
            pub flag: Option<bool>,
        }

        /// The `optional` value both libraries encode: four fields set,
        /// two `None`.
        pub fn optional() -> Optional {
            Optional {
                id: 123_456_789,
                score: Some(-5),
                name: Some("hello world".to_string()),
                rank: None,
                label: "name".to_string(),
                note: None,
                flag: Some(true),
            }
        }
    };
}

/// Type id of `Wide` in both Fory libraries.
pub const WIDE_ID: u32 = 107;

/// The `wide` workload's record, declared once for both Fory libraries
/// (`$attr`: each one's derive), with the value they encode.
macro_rules! wide_record {
    ($(#[$attr:meta])*) => {
        /// The `wide` workload: one record of thirty fields (ten `i64`s,
        /// ten strings, ten `f64`s), wider than the 24 fields our derive
        /// unrolls `match`es for (a wide struct is written and read one
        /// call per field position instead).
        $(#[$attr])*
        #[allow(missing_docs)]
        pub struct Wide {
            pub n0: i64, pub n1: i64, pub n2: i64, pub n3: i64, pub n4: i64,
            pub n5: i64, pub n6: i64, pub n7: i64, pub n8: i64, pub n9: i64,
            pub s0: String, pub s1: String, pub s2: String, pub s3: String, pub s4: String,
            pub s5: String, pub s6: String, pub s7: String, pub s8: String, pub s9: String,
            pub f0: f64, pub f1: f64, pub f2: f64, pub f3: f64, pub f4: f64,
            pub f5: f64, pub f6: f64, pub f7: f64, pub f8: f64, pub f9: f64,
        }

        /// The `wide` value both libraries encode: numbers of one to
        /// eight bytes, words of 3 to 12 letters.
        pub fn wide() -> Wide {
            let mut rng = crate::Rng::new(30);
            let mut n = || rng.next_u64() as i64 >> (rng.range(0, 8) * 8);
            let (n0, n1, n2, n3, n4, n5, n6, n7, n8, n9) =
                (n(), n(), n(), n(), n(), n(), n(), n(), n(), n());
            let mut rng = crate::Rng::new(31);
            let mut s = || rng.word(3, 12);
            let (s0, s1, s2, s3, s4, s5, s6, s7, s8, s9) =
                (s(), s(), s(), s(), s(), s(), s(), s(), s(), s());
            let f = |i: u32| f64::from(i) * 1.25 - 3.0;
            Wide {
                n0, n1, n2, n3, n4, n5, n6, n7, n8, n9,
                s0, s1, s2, s3, s4, s5, s6, s7, s8, s9,
                f0: f(0), f1: f(1), f2: f(2), f3: f(3), f4: f(4),
                f5: f(5), f6: f(6), f7: f(7), f8: f(8), f9: f(9),
            }
        }
    };
}

/// Type id of `Prose` in both Fory libraries.
pub const PROSE_ID: u32 = 108;

/// The `prose` workload's text (title, body, notes), also the `shapes`
/// example's.
pub fn prose_text() -> (String, String, Vec<String>) {
    let title = "The caf\u{e9}\u{2019}s guide to slow mornings".into();
    let body = "It\u{2019}s easy to forget how much of a morning goes to small \
                decisions \u{2014} which cup, which chair, whether the window \
                should be open. The regulars don\u{2019}t think about it: they \
                order the same thing, sit in the same place and read the same \
                paper, and the staff have their coffee ready before the door \
                closes behind them. \u{201c}Habit is a kind of kindness,\u{201d} \
                the owner says, \u{201c}to yourself and to everyone who serves you.\u{201d} \
                Newcomers take longer, and that\u{2019}s fine too."
        .into();
    let notes = (0..5)
        .map(|i| {
            format!(
                "Note {i}: the r\u{e9}sum\u{e9} arrived on Monday and the \
                 follow-up is set for next week."
            )
        })
        .collect();
    (title, body, notes)
}

/// The `prose` workload's record, declared once for both Fory libraries
/// (`$attr`: each one's derive), with the value they encode.
macro_rules! prose_record {
    ($(#[$attr:meta])*) => {
        /// The `prose` workload: English text that is ASCII but for a
        /// curly quote, a dash or an accent here and there. In xlang mode
        /// pyfory writes it as UTF-16 (a char past U+00FF) or Latin-1 (an
        /// accent), so we transcode it both ways; the official crate
        /// writes UTF-8 as it is. Native mode writes UTF-8 in both.
        $(#[$attr])*
        pub struct Prose {
            /// A title with an accent and a curly quote (UTF-16 in xlang).
            pub title: String,
            /// A paragraph of about 500 chars with curly quotes and a dash.
            pub body: String,
            /// Five notes of 80 chars with two accents each (Latin-1).
            pub notes: Vec<String>,
        }

        /// The `prose` value both libraries encode ([`crate::prose_text`]).
        pub fn prose() -> Prose {
            let (title, body, notes) = crate::prose_text();
            Prose { title, body, notes }
        }
    };
}

/// Elements in the `samples1k`, `map1k` and `strings1k` workloads.
pub const N: usize = 1_000;

/// A small deterministic generator (SplitMix64), so runs see the same data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `lo..hi` (`hi > lo`).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo)
    }

    /// A lowercase ASCII word of `lo..hi` letters.
    pub fn word(&mut self, lo: u64, hi: u64) -> String {
        let len = self.range(lo, hi);
        (0..len)
            .map(|_| char::from(b'a' + self.range(0, 26) as u8))
            .collect()
    }
}

/// The fields of one `Sample`, before it becomes a library's type.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleFields {
    /// A small signed number.
    pub a: i32,
    /// A wide signed number.
    pub b: i64,
    /// A float.
    pub c: f64,
    /// A short name.
    pub name: String,
}

/// The `samples1k` data: [`N`] seeded rows.
pub fn sample_fields() -> Vec<SampleFields> {
    let mut rng = Rng::new(0x5A3B_1E00);
    (0..N)
        .map(|i| {
            let a = rng.range(0, 200_000) as i32 - 100_000;
            let b = (rng.next_u64() >> 20) as i64 - (1 << 43);
            let c = (rng.range(0, 2_000_000) as f64 - 1_000_000.0) / 1_024.0;
            let name = format!("{}-{i}", rng.word(4, 12));
            SampleFields { a, b, c, name }
        })
        .collect()
}

/// The `map1k` data: [`N`] entries, short keys and wide values.
pub fn map1k() -> HashMap<String, i64> {
    let mut rng = Rng::new(0x4D41_5031);
    (0..N)
        .map(|i| {
            let key = format!("{}_{i:04}", rng.word(3, 10));
            let value = rng.next_u64() as i64 >> rng.range(0, 48);
            (key, value)
        })
        .collect()
}

/// The `strings1k` data: [`N`] short ASCII strings of 5 to 30 bytes.
pub fn strings1k() -> Vec<String> {
    let mut rng = Rng::new(0x5354_5231);
    (0..N).map(|_| rng.word(5, 31)).collect()
}

/// Builders of the shared values, expanded in each module for its own
/// `Media`, `Image`, `MediaContent`, `Sample` and `Single`. The struct declarations
/// are written out by hand in each module, so each library's derive
/// attributes and doc comments read as a user would write them.
macro_rules! value_builders {
    () => {
        /// The MediaContent value every library encodes.
        pub fn media_content() -> MediaContent {
            let image = |uri: &str, width, height, size| Image {
                uri: uri.into(),
                title: "Javaone Keynote".into(),
                width,
                height,
                size,
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
                },
                images: vec![
                    image("http://javaone.com/keynote_large.jpg", 1024, 768, 1),
                    image("http://javaone.com/keynote_small.jpg", 320, 240, 0),
                ],
            }
        }

        /// The `samples1k` value every library encodes.
        pub fn samples() -> Vec<Sample> {
            $crate::sample_fields()
                .into_iter()
                .map(|s| Sample {
                    a: s.a,
                    b: s.b,
                    c: s.c,
                    name: s.name,
                })
                .collect()
        }

        /// The `sample` value every library encodes: the first row of
        /// `samples1k`, as a type of its own, so that its code is not
        /// shared with (and does not change the inlining of) the rows'.
        pub fn single() -> Single {
            let s = $crate::sample_fields().swap_remove(0);
            Single {
                a: s.a,
                b: s.b,
                c: s.c,
                name: s.name,
            }
        }
    };
}

/// Registers the `shapes` example's types (`$m`: [`shapes_ours`] or
/// [`shapes_official`]) under the same ids (301 on) in either library;
/// `?` on each registration.
#[macro_export]
macro_rules! register_shapes {
    ($fory:expr, $m:ident) => {{
        $fory.register::<$crate::$m::Inner>(301)?;
        $fory.register::<$crate::$m::Status>(302)?;
        $fory.register::<$crate::$m::Smalls>(303)?;
        $fory.register::<$crate::$m::Nested>(304)?;
        $fory.register::<$crate::$m::Maps>(305)?;
        $fory.register::<$crate::$m::Nums>(306)?;
        $fory.register::<$crate::$m::Bytes>(307)?;
        $fory.register::<$crate::$m::Enums>(308)?;
        $fory.register::<$crate::$m::Lists>(309)?;
        $fory.register::<$crate::$m::Set>(310)?;
        $fory.register::<$crate::$m::Btree>(311)?;
        $fory.register::<$crate::$m::Options>(312)?;
        $fory.register::<$crate::$m::Keyed>(313)?;
        $fory.register::<$crate::$m::Inners>(314)?;
        $fory.register::<$crate::$m::Statuses>(315)?;
        $fory.register::<$crate::$m::Text>(316)?;
        $fory.register::<$crate::$m::Wide>(317)?;
        $fory.register::<$crate::$m::Prose>(318)?;
        $fory.register::<$crate::$m::OptInners>(319)?;
        $fory.register::<$crate::$m::NestVec>(320)?;
        $fory.register::<$crate::$m::MapVec>(321)?;
        $fory.register::<$crate::$m::Tuples>(322)?;
        $fory.register::<$crate::$m::Dates>(323)?;
        $fory.register::<$crate::$m::Shared>(324)?;
    }};
}

// ----- the `shapes` example's shapes -----

/// The shapes, declared once per library (`$eattr`: the enum's derive,
/// `$attr`: the structs').
macro_rules! shapes {
    ($m:ident, [$($eattr:meta),*], $($attr:meta),*) => {
        /// The `shapes` example's types and values for one library.
        pub mod $m {
            use std::collections::{BTreeMap, HashMap, HashSet};

            /// A small struct with a string.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Inner { pub x: i32, pub y: f64, pub tag: String }
            /// A unit enum.
            $(#[$eattr])*
            #[derive(Debug, Clone, Copy, PartialEq, Default)]
            pub enum Status { #[default] Active, Inactive, Banned }
            /// Ten numbers of every width.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Smalls {
                pub a: u8, pub b: i8, pub c: u16, pub d: i16, pub e: u32,
                pub f: i32, pub g: u64, pub h: f32, pub i: bool, pub j: f64,
            }
            /// Nested structs: one, an `Option` of one, a list of ten.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Nested { pub id: i64, pub one: Inner, pub maybe: Option<Inner>, pub many: Vec<Inner> }
            /// Two small hashed maps.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Maps { pub id: i64, pub attrs: HashMap<String, String>, pub counts: HashMap<String, i64> }
            /// Three 1,000-number arrays.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Nums { pub a: Vec<i64>, pub b: Vec<f64>, pub c: Vec<i32> }
            /// A 4 KiB byte string.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Bytes { pub id: i64, pub data: Vec<u8> }
            /// A number, an enum and a `bool`.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Enums { pub id: i64, pub status: Status, pub flag: bool }
            /// Ten lists of ten numbers.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Lists { pub v: Vec<Vec<i32>> }
            /// A set of twenty strings.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Set { pub s: HashSet<String> }
            /// An ordered map of twenty entries.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Btree { pub m: BTreeMap<String, i64> }
            /// Fifty optional numbers, half of them `None`.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Options { pub v: Vec<Option<i64>> }
            /// Ten structs under number keys.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Keyed { pub m: HashMap<i32, Inner> }
            /// A hundred small structs.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Inners { pub v: Vec<Inner> }
            /// A hundred enum values.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Statuses { pub v: Vec<Status> }
            /// Thirty fields (past the derive's unrolled 24): ten `i64`s,
            /// ten strings, ten `f64`s.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Wide { pub n0: i64, pub n1: i64, pub n2: i64, pub n3: i64, pub n4: i64, pub n5: i64, pub n6: i64, pub n7: i64, pub n8: i64, pub n9: i64, pub s0: String, pub s1: String, pub s2: String, pub s3: String, pub s4: String, pub s5: String, pub s6: String, pub s7: String, pub s8: String, pub s9: String, pub f0: f64, pub f1: f64, pub f2: f64, pub f3: f64, pub f4: f64, pub f5: f64, pub f6: f64, pub f7: f64, pub f8: f64, pub f9: f64 }
            /// Accented, CJK and emoji text.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Text { pub latin: String, pub cjk: String, pub emoji: String, pub mixed: Vec<String> }
            /// Twenty optional structs, every third `None`.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct OptInners { pub v: Vec<Option<Inner>> }
            /// Five lists of five structs.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct NestVec { pub v: Vec<Vec<Inner>> }
            /// Ten lists of ten numbers under string keys.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct MapVec { pub m: HashMap<String, Vec<i64>> }
            /// Twenty (number, string) pairs and a triple.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Tuples { pub v: Vec<(i32, String)>, pub t: (i64, f64, bool) }
            /// Dates and times.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Dates { pub day: chrono::NaiveDate, pub at: chrono::NaiveDateTime, pub log: Vec<chrono::NaiveDateTime> }
            /// Twenty shared structs, each twice (ten distinct), for
            /// reference tracking.
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Shared { pub v: Vec<std::sync::Arc<Inner>> }
            /// English prose, ASCII but for a curly quote, a dash or an
            /// accent here and there (UTF-16 or Latin-1 in xlang mode).
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Prose { pub title: String, pub body: String, pub notes: Vec<String> }

            /// A small struct with a string, numbered `i`.
            pub fn inner(i: i32) -> Inner {
                Inner {
                    x: i * 7,
                    y: i as f64 * 0.5,
                    tag: format!("tag-{i}"),
                }
            }

            /// The `smalls` value.
            pub fn smalls() -> Smalls {
                Smalls {
                    a: 200,
                    b: -5,
                    c: 60000,
                    d: -3000,
                    e: 4_000_000_000,
                    f: -70000,
                    g: 1 << 40,
                    h: 1.5,
                    i: true,
                    j: 2.25,
                }
            }

            /// The `nested` value.
            pub fn nested() -> Nested {
                Nested {
                    id: 1,
                    one: inner(1),
                    maybe: Some(inner(2)),
                    many: (0..10).map(inner).collect(),
                }
            }

            /// The `maps` value.
            pub fn maps() -> Maps {
                Maps {
                    id: 3,
                    attrs: (0..20)
                        .map(|i| (format!("key{i}"), format!("value number {i}")))
                        .collect(),
                    counts: (0..20).map(|i| (format!("c{i}"), i * 1000)).collect(),
                }
            }

            /// The `nums` value.
            pub fn nums() -> Nums {
                Nums {
                    a: (0..1000).map(|i| i * 1_000_003).collect(),
                    b: (0..1000).map(|i| i as f64 / 3.0).collect(),
                    c: (0..1000).map(|i| i - 500).collect(),
                }
            }

            /// The `bytes` value.
            pub fn bytes() -> Bytes {
                Bytes {
                    id: 9,
                    data: (0..4096u32).map(|i| (i * 31) as u8).collect(),
                }
            }

            /// The `enums` value.
            pub fn enums() -> Enums {
                Enums {
                    id: 123_456,
                    status: Status::Banned,
                    flag: true,
                }
            }

            /// The `lists` value.
            pub fn lists() -> Lists {
                Lists {
                    v: (0..10)
                        .map(|i| (0..10).map(|j| i * j - 20).collect())
                        .collect(),
                }
            }

            /// The `set` value.
            pub fn set() -> Set {
                Set {
                    s: (0..20).map(|i| format!("member-{i}")).collect(),
                }
            }

            /// The `btree` value.
            pub fn btree() -> Btree {
                Btree {
                    m: (0..20).map(|i| (format!("k{i:02}"), i * 77)).collect(),
                }
            }

            /// The `options` value.
            pub fn options() -> Options {
                Options {
                    v: (0..50).map(|i| (i % 2 == 0).then_some(i * 1000)).collect(),
                }
            }

            /// The `keyed` value.
            pub fn keyed() -> Keyed {
                Keyed {
                    m: (0..10).map(|i| (i, inner(i))).collect(),
                }
            }

            /// The `inners` value.
            pub fn inners() -> Inners {
                Inners {
                    v: (0..100).map(inner).collect(),
                }
            }

            /// The `statuses` value.
            pub fn statuses() -> Statuses {
                Statuses {
                    v: (0..100)
                        .map(|i| [Status::Active, Status::Inactive, Status::Banned][i % 3])
                        .collect(),
                }
            }

            /// The `text` value.
            pub fn text() -> Text {
                Text {
                    latin: "Zoë Saldaña, café crème brûlée à la française".into(),
                    cjk: "日本語のテキストと中文的文字和한국어".into(),
                    emoji: "crab 🦀 rocket 🚀 ok".into(),
                    mixed: (0..10)
                        .map(|i| format!("naïve résumé {i} — ünïcödé"))
                        .collect(),
                }
            }

            /// The `wide` value.
            pub fn wide() -> Wide {
                Wide {
                    n0: 0 * 1_000_003,
                    n1: 1 * 1_000_003,
                    n2: 2 * 1_000_003,
                    n3: 3 * 1_000_003,
                    n4: 4 * 1_000_003,
                    n5: 5 * 1_000_003,
                    n6: 6 * 1_000_003,
                    n7: 7 * 1_000_003,
                    n8: 8 * 1_000_003,
                    n9: 9 * 1_000_003,
                    s0: format!("field 0"),
                    s1: format!("field 1"),
                    s2: format!("field 2"),
                    s3: format!("field 3"),
                    s4: format!("field 4"),
                    s5: format!("field 5"),
                    s6: format!("field 6"),
                    s7: format!("field 7"),
                    s8: format!("field 8"),
                    s9: format!("field 9"),
                    f0: 0 as f64 / 7.0,
                    f1: 1 as f64 / 7.0,
                    f2: 2 as f64 / 7.0,
                    f3: 3 as f64 / 7.0,
                    f4: 4 as f64 / 7.0,
                    f5: 5 as f64 / 7.0,
                    f6: 6 as f64 / 7.0,
                    f7: 7 as f64 / 7.0,
                    f8: 8 as f64 / 7.0,
                    f9: 9 as f64 / 7.0,
                }
            }

            /// The `prose` value.
            pub fn prose() -> Prose {
                let (title, body, notes) = crate::prose_text();
                Prose { title, body, notes }
            }

            /// The `optinners` value.
            pub fn optinners() -> OptInners {
                OptInners {
                    v: (0..20).map(|i| (i % 3 != 0).then(|| inner(i))).collect(),
                }
            }

            /// The `nestvec` value.
            pub fn nestvec() -> NestVec {
                NestVec {
                    v: (0..5).map(|i| (0..5).map(|j| inner(i * 5 + j)).collect()).collect(),
                }
            }

            /// The `mapvec` value.
            pub fn mapvec() -> MapVec {
                MapVec {
                    m: (0..10)
                        .map(|i| (format!("series{i}"), (0..10).map(|j| (i * j) as i64 * 1_001).collect()))
                        .collect(),
                }
            }

            /// The `tuples` value.
            pub fn tuples() -> Tuples {
                Tuples {
                    v: (0..20).map(|i| (i * 31, format!("item {i}"))).collect(),
                    t: (1 << 40, 0.125, true),
                }
            }

            /// The `shared` value.
            pub fn shared() -> Shared {
                let ten: Vec<_> = (0..10).map(|i| std::sync::Arc::new(inner(i))).collect();
                Shared {
                    v: ten.iter().chain(&ten).cloned().collect(),
                }
            }

            /// The `dates` value.
            pub fn dates() -> Dates {
                let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
                let at = day.and_hms_micro_opt(18, 55, 1, 250_000).expect("time");
                Dates {
                    day,
                    at,
                    log: (0..10).map(|i| at + chrono::Duration::seconds(i * 3_601)).collect(),
                }
            }
        }
    };
}
shapes!(
    shapes_ours,
    [derive(ours::ForyObject), fory(crate = "ours")],
    derive(ours::ForyObject),
    fory(crate = "ours")
);
shapes!(
    shapes_official,
    [derive(fory::ForyEnum)],
    derive(fory::ForyStruct)
);

/// Types for Fory for Rust (this repository's `fory-core`, renamed `ours`).
pub mod ours_types {
    /// The classic MediaContent benchmark record (12 fields).
    #[derive(ours::ForyObject, Debug, Clone, PartialEq)]
    #[fory(crate = "ours")]
    pub struct Media {
        /// Where the media lives.
        pub uri: String,
        /// Its title.
        pub title: String,
        /// Width in pixels.
        pub width: i32,
        /// Height in pixels.
        pub height: i32,
        /// MIME type.
        pub format: String,
        /// Duration.
        pub duration: i64,
        /// Size in bytes.
        pub size: i64,
        /// Bitrate.
        pub bitrate: i32,
        /// Whether `bitrate` is meaningful.
        pub has_bitrate: bool,
        /// People in it.
        pub persons: Vec<String>,
        /// Player kind.
        pub player: i32,
        /// Copyright line.
        pub copyright: String,
    }

    /// A picture of the media.
    #[derive(ours::ForyObject, Debug, Clone, PartialEq)]
    #[fory(crate = "ours")]
    pub struct Image {
        /// Where the image lives.
        pub uri: String,
        /// Its title.
        pub title: String,
        /// Width in pixels.
        pub width: i32,
        /// Height in pixels.
        pub height: i32,
        /// Size class.
        pub size: i32,
    }

    /// One media record and its images.
    #[derive(ours::ForyObject, Debug, Clone, PartialEq)]
    #[fory(crate = "ours")]
    pub struct MediaContent {
        /// The media.
        pub media: Media,
        /// Two images.
        pub images: Vec<Image>,
    }

    /// A row of the `samples1k` workload.
    #[derive(ours::ForyObject, Debug, Clone, PartialEq)]
    #[fory(crate = "ours")]
    pub struct Sample {
        /// A small signed number.
        pub a: i32,
        /// A wide signed number.
        pub b: i64,
        /// A float.
        pub c: f64,
        /// A short name.
        pub name: String,
    }

    /// The `sample` workload: one small struct alone.
    #[derive(ours::ForyObject, Debug, Clone, PartialEq)]
    #[fory(crate = "ours")]
    pub struct Single {
        /// A small signed number.
        pub a: i32,
        /// A wide signed number.
        pub b: i64,
        /// A float.
        pub c: f64,
        /// A short name.
        pub name: String,
    }

    value_builders!();
    optional_record!(#[derive(ours::ForyObject, Debug, Clone, PartialEq)] #[fory(crate = "ours")]);
    wide_record!(#[derive(ours::ForyObject, Debug, Clone, PartialEq)] #[fory(crate = "ours")]);
    prose_record!(#[derive(ours::ForyObject, Debug, Clone, PartialEq)] #[fory(crate = "ours")]);

    /// A `Fory` with the seven user types registered under the shared ids.
    pub fn fory(xlang: bool, compatible: bool) -> ours::Result<ours::Fory> {
        fory_for(crate::ForyConfig::new(xlang, compatible))
    }

    /// [`fory`] in `config`, strings as UTF-8 included.
    pub fn fory_for(config: crate::ForyConfig) -> ours::Result<ours::Fory> {
        let mut fory = ours::Fory::builder()
            .xlang(config.xlang)
            .compatible(config.compatible)
            .xlang_utf8_strings(config.utf8_strings)
            .ref_tracking(config.ref_tracking)
            .build();
        fory.register::<Media>(crate::MEDIA_ID)?;
        fory.register::<Image>(crate::IMAGE_ID)?;
        fory.register::<MediaContent>(crate::MEDIA_CONTENT_ID)?;
        fory.register::<Sample>(crate::SAMPLE_ID)?;
        fory.register::<Single>(crate::SINGLE_ID)?;
        fory.register::<Optional>(crate::OPTIONAL_ID)?;
        fory.register::<Wide>(crate::WIDE_ID)?;
        fory.register::<Prose>(crate::PROSE_ID)?;
        crate::register_shapes!(fory, shapes_ours);
        Ok(fory)
    }
}

/// Types for the official Apache Fory crate (`fory` 1.7.7).
pub mod official_types {
    /// The classic MediaContent benchmark record (12 fields).
    #[derive(fory::ForyStruct, Debug, Clone, PartialEq)]
    pub struct Media {
        /// Where the media lives.
        pub uri: String,
        /// Its title.
        pub title: String,
        /// Width in pixels.
        pub width: i32,
        /// Height in pixels.
        pub height: i32,
        /// MIME type.
        pub format: String,
        /// Duration.
        pub duration: i64,
        /// Size in bytes.
        pub size: i64,
        /// Bitrate.
        pub bitrate: i32,
        /// Whether `bitrate` is meaningful.
        pub has_bitrate: bool,
        /// People in it.
        pub persons: Vec<String>,
        /// Player kind.
        pub player: i32,
        /// Copyright line.
        pub copyright: String,
    }

    /// A picture of the media.
    #[derive(fory::ForyStruct, Debug, Clone, PartialEq)]
    pub struct Image {
        /// Where the image lives.
        pub uri: String,
        /// Its title.
        pub title: String,
        /// Width in pixels.
        pub width: i32,
        /// Height in pixels.
        pub height: i32,
        /// Size class.
        pub size: i32,
    }

    /// One media record and its images.
    #[derive(fory::ForyStruct, Debug, Clone, PartialEq)]
    pub struct MediaContent {
        /// The media.
        pub media: Media,
        /// Two images.
        pub images: Vec<Image>,
    }

    /// A row of the `samples1k` workload.
    #[derive(fory::ForyStruct, Debug, Clone, PartialEq)]
    pub struct Sample {
        /// A small signed number.
        pub a: i32,
        /// A wide signed number.
        pub b: i64,
        /// A float.
        pub c: f64,
        /// A short name.
        pub name: String,
    }

    /// The `sample` workload: one small struct alone.
    #[derive(fory::ForyStruct, Debug, Clone, PartialEq)]
    pub struct Single {
        /// A small signed number.
        pub a: i32,
        /// A wide signed number.
        pub b: i64,
        /// A float.
        pub c: f64,
        /// A short name.
        pub name: String,
    }

    value_builders!();
    optional_record!(#[derive(fory::ForyStruct, Debug, Clone, PartialEq)]);
    wide_record!(#[derive(fory::ForyStruct, Debug, Clone, PartialEq)]);
    prose_record!(#[derive(fory::ForyStruct, Debug, Clone, PartialEq)]);

    /// An official `Fory` with the seven user types registered under the
    /// shared ids.
    pub fn fory(xlang: bool, compatible: bool) -> Result<fory::Fory, fory::Error> {
        fory_for(crate::ForyConfig::new(xlang, compatible))
    }

    /// [`fory`] in `config` (its `utf8_strings` is ours alone: the
    /// official crate writes UTF-8 anyway).
    pub fn fory_for(config: crate::ForyConfig) -> Result<fory::Fory, fory::Error> {
        let mut fory = fory::Fory::builder()
            .xlang(config.xlang)
            .compatible(config.compatible)
            .track_ref(config.ref_tracking)
            .build();
        fory.register::<Media>(crate::MEDIA_ID)?;
        fory.register::<Image>(crate::IMAGE_ID)?;
        fory.register::<MediaContent>(crate::MEDIA_CONTENT_ID)?;
        fory.register::<Sample>(crate::SAMPLE_ID)?;
        fory.register::<Single>(crate::SINGLE_ID)?;
        fory.register::<Optional>(crate::OPTIONAL_ID)?;
        fory.register::<Wide>(crate::WIDE_ID)?;
        fory.register::<Prose>(crate::PROSE_ID)?;
        crate::register_shapes!(fory, shapes_official);
        Ok(fory)
    }
}

/// Types for the serde family (bincode 2, postcard) and rkyv.
pub mod serde_types {
    /// The classic MediaContent benchmark record (12 fields).
    #[derive(
        serde::Serialize,
        serde::Deserialize,
        rkyv::Archive,
        rkyv::Serialize,
        rkyv::Deserialize,
        Debug,
        Clone,
        PartialEq,
    )]
    pub struct Media {
        /// Where the media lives.
        pub uri: String,
        /// Its title.
        pub title: String,
        /// Width in pixels.
        pub width: i32,
        /// Height in pixels.
        pub height: i32,
        /// MIME type.
        pub format: String,
        /// Duration.
        pub duration: i64,
        /// Size in bytes.
        pub size: i64,
        /// Bitrate.
        pub bitrate: i32,
        /// Whether `bitrate` is meaningful.
        pub has_bitrate: bool,
        /// People in it.
        pub persons: Vec<String>,
        /// Player kind.
        pub player: i32,
        /// Copyright line.
        pub copyright: String,
    }

    /// A picture of the media.
    #[derive(
        serde::Serialize,
        serde::Deserialize,
        rkyv::Archive,
        rkyv::Serialize,
        rkyv::Deserialize,
        Debug,
        Clone,
        PartialEq,
    )]
    pub struct Image {
        /// Where the image lives.
        pub uri: String,
        /// Its title.
        pub title: String,
        /// Width in pixels.
        pub width: i32,
        /// Height in pixels.
        pub height: i32,
        /// Size class.
        pub size: i32,
    }

    /// One media record and its images.
    #[derive(
        serde::Serialize,
        serde::Deserialize,
        rkyv::Archive,
        rkyv::Serialize,
        rkyv::Deserialize,
        Debug,
        Clone,
        PartialEq,
    )]
    pub struct MediaContent {
        /// The media.
        pub media: Media,
        /// Two images.
        pub images: Vec<Image>,
    }

    /// A row of the `samples1k` workload.
    #[derive(
        serde::Serialize,
        serde::Deserialize,
        rkyv::Archive,
        rkyv::Serialize,
        rkyv::Deserialize,
        Debug,
        Clone,
        PartialEq,
    )]
    pub struct Sample {
        /// A small signed number.
        pub a: i32,
        /// A wide signed number.
        pub b: i64,
        /// A float.
        pub c: f64,
        /// A short name.
        pub name: String,
    }

    /// The `sample` workload: one small struct alone.
    #[derive(
        serde::Serialize,
        serde::Deserialize,
        rkyv::Archive,
        rkyv::Serialize,
        rkyv::Deserialize,
        Debug,
        Clone,
        PartialEq,
    )]
    pub struct Single {
        /// A small signed number.
        pub a: i32,
        /// A wide signed number.
        pub b: i64,
        /// A float.
        pub c: f64,
        /// A short name.
        pub name: String,
    }

    value_builders!();
}

/// A Fory configuration: native or xlang, schema-consistent or compatible
/// (and, for ours in xlang mode, strings as UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForyConfig {
    /// Xlang (cross-language) format rather than native mode.
    pub xlang: bool,
    /// Compatible (schema-evolution) struct layout.
    pub compatible: bool,
    /// Ours only: xlang strings written as UTF-8 (`xlang_utf8_strings`),
    /// as the official crate writes them; pyfory's encodings when false.
    pub utf8_strings: bool,
    /// Reference tracking in both libraries (ours `ref_tracking`, the
    /// official crate's `track_ref`).
    pub ref_tracking: bool,
}

impl ForyConfig {
    /// All four combinations.
    pub const ALL: [ForyConfig; 4] = [
        ForyConfig::new(false, false),
        ForyConfig::new(false, true),
        ForyConfig::new(true, false),
        ForyConfig::new(true, true),
    ];

    /// Native mode, both layouts.
    pub const NATIVE: [ForyConfig; 2] =
        [ForyConfig::new(false, false), ForyConfig::new(false, true)];

    /// A configuration.
    pub const fn new(xlang: bool, compatible: bool) -> Self {
        ForyConfig {
            xlang,
            compatible,
            utf8_strings: false,
            ref_tracking: false,
        }
    }

    /// This configuration with reference tracking in both libraries.
    pub const fn refs(self) -> Self {
        ForyConfig {
            ref_tracking: true,
            ..self
        }
    }

    /// Xlang compatible with our strings as UTF-8 (the official crate's
    /// side is its plain xlang compatible configuration).
    pub const XLANG_UTF8: ForyConfig = ForyConfig {
        xlang: true,
        compatible: true,
        utf8_strings: true,
        ref_tracking: false,
    };

    /// The bench id part: `native_schema`, `native_compat`, `xlang_schema`,
    /// `xlang_compat`, or `xlang_compat_utf8` for [`Self::XLANG_UTF8`];
    /// `_refs` at the end under reference tracking (`native_schema_refs`).
    pub fn label(self) -> String {
        let base = match (self.xlang, self.compatible, self.utf8_strings) {
            (false, false, _) => "native_schema",
            (false, true, _) => "native_compat",
            (true, false, false) => "xlang_schema",
            (true, true, false) => "xlang_compat",
            (true, false, true) => "xlang_schema_utf8",
            (true, true, true) => "xlang_compat_utf8",
        };
        if self.ref_tracking {
            format!("{base}_refs")
        } else {
            base.to_owned()
        }
    }
}

/// bincode 2's configuration used throughout (varint integers).
pub fn bincode_config() -> bincode::config::Configuration {
    bincode::config::standard()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every module builds the same data.
    #[test]
    fn same_data_everywhere() {
        let ours = ours_types::media_content();
        let official = official_types::media_content();
        let peer = serde_types::media_content();
        assert_eq!(ours.media.uri, official.media.uri);
        assert_eq!(format!("{ours:?}"), format!("{official:?}"));
        assert_eq!(format!("{ours:?}"), format!("{peer:?}"));
        assert_eq!(
            format!("{:?}", ours_types::samples()),
            format!("{:?}", official_types::samples())
        );
        assert_eq!(map1k().len(), N);
        assert_eq!(strings1k(), strings1k());
        assert_eq!(sample_fields(), sample_fields());
    }
}
