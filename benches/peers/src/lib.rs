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
            .build();
        fory.register::<Media>(crate::MEDIA_ID)?;
        fory.register::<Image>(crate::IMAGE_ID)?;
        fory.register::<MediaContent>(crate::MEDIA_CONTENT_ID)?;
        fory.register::<Sample>(crate::SAMPLE_ID)?;
        fory.register::<Single>(crate::SINGLE_ID)?;
        fory.register::<Optional>(crate::OPTIONAL_ID)?;
        fory.register::<Wide>(crate::WIDE_ID)?;
        fory.register::<Prose>(crate::PROSE_ID)?;
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
        let mut fory = fory::Fory::builder()
            .xlang(xlang)
            .compatible(compatible)
            .build();
        fory.register::<Media>(crate::MEDIA_ID)?;
        fory.register::<Image>(crate::IMAGE_ID)?;
        fory.register::<MediaContent>(crate::MEDIA_CONTENT_ID)?;
        fory.register::<Sample>(crate::SAMPLE_ID)?;
        fory.register::<Single>(crate::SINGLE_ID)?;
        fory.register::<Optional>(crate::OPTIONAL_ID)?;
        fory.register::<Wide>(crate::WIDE_ID)?;
        fory.register::<Prose>(crate::PROSE_ID)?;
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
        }
    }

    /// Xlang compatible with our strings as UTF-8 (the official crate's
    /// side is its plain xlang compatible configuration).
    pub const XLANG_UTF8: ForyConfig = ForyConfig {
        xlang: true,
        compatible: true,
        utf8_strings: true,
    };

    /// The bench id part: `native_schema`, `native_compat`, `xlang_schema`,
    /// `xlang_compat`, or `xlang_compat_utf8` for [`Self::XLANG_UTF8`].
    pub fn label(self) -> &'static str {
        match (self.xlang, self.compatible, self.utf8_strings) {
            (false, false, _) => "native_schema",
            (false, true, _) => "native_compat",
            (true, false, false) => "xlang_schema",
            (true, true, false) => "xlang_compat",
            (true, false, true) => "xlang_schema_utf8",
            (true, true, true) => "xlang_compat_utf8",
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
