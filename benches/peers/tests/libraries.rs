//! The official types go through the official crate and ours through ours.
//!
//! At compile time: `fory::Fory::serialize` only takes a type implementing
//! the official `fory_core` 1.7.7 `Serializer`, and `ours::Fory::serialize`
//! only one implementing our `Serialize`; the bounds below would not hold
//! if either derive had resolved to the other runtime. At run time: each
//! library reads back its own bytes in every configuration; the two
//! crates keep their own defaults (the official builder defaults to xlang,
//! ours to native mode); and the two encodings of MediaContent differ in at
//! least one configuration. (They may coincide in others: both write the
//! same Apache Fory format, and in native compatible mode the bytes were
//! identical when this test was written.)
//!
//! `cargo test --manifest-path benches/peers/Cargo.toml -- --nocapture`
//! also prints the sizes and whether each library reads the other's
//! xlang bytes (informative only; not asserted).

use std::collections::HashMap;
use std::fmt::Debug;

use fory_peer_benches::{
    map1k, official_types, ours_types, shapes_official, shapes_ours, strings1k, ForyConfig,
};

fn uses_official<T: fory::Serializer<Target = T>>() {}
fn uses_ours<T: ours::Serialize + ours::Deserialize>() {}

#[test]
fn each_derive_implements_its_own_runtime() {
    uses_official::<official_types::Media>();
    uses_official::<official_types::Image>();
    uses_official::<official_types::MediaContent>();
    uses_official::<official_types::Sample>();
    uses_official::<official_types::Single>();
    uses_ours::<ours_types::Media>();
    uses_ours::<ours_types::Image>();
    uses_ours::<ours_types::MediaContent>();
    uses_ours::<ours_types::Sample>();
    uses_ours::<ours_types::Single>();
}

fn official_round_trip<T>(config: ForyConfig, value: &T) -> Vec<u8>
where
    T: fory::Serializer<Target = T> + PartialEq + Debug,
{
    let fory = official_types::fory_for(config).expect("official fory");
    let bytes = fory.serialize(value).expect("official serialize");
    let back: T = fory.deserialize(&bytes).expect("official deserialize");
    assert_eq!(&back, value, "official, {}", config.label());
    bytes
}

fn ours_round_trip<T>(config: ForyConfig, value: &T) -> Vec<u8>
where
    T: ours::Serialize + ours::Deserialize + PartialEq + Debug,
{
    let fory = ours_types::fory_for(config).expect("our fory");
    let bytes = fory.serialize(value).expect("our serialize");
    let back: T = fory.deserialize(&bytes).expect("our deserialize");
    assert_eq!(&back, value, "ours, {}", config.label());
    bytes
}

#[test]
fn the_two_runtimes_keep_their_own_defaults() {
    assert!(
        fory::Fory::default().is_xlang(),
        "official default is xlang"
    );
    assert!(
        !ours::Fory::builder().build().config().xlang(),
        "ours is native"
    );
}

#[test]
fn media_content_round_trips_through_each_library() {
    let official_value = official_types::media_content();
    let ours_value = ours_types::media_content();
    let mut differing = 0;
    for config in ForyConfig::ALL {
        let official = official_round_trip(config, &official_value);
        let ours = ours_round_trip(config, &ours_value);
        let same = if official == ours {
            "identical bytes"
        } else {
            differing += 1;
            "different bytes"
        };
        println!(
            "mediacontent {}: official {} bytes, ours {} bytes, {same}",
            config.label(),
            official.len(),
            ours.len()
        );

        if config.xlang {
            let theirs_by_ours = ours_types::fory(config.xlang, config.compatible)
                .unwrap()
                .deserialize::<ours_types::MediaContent>(&official)
                .map(|v| v == ours_value);
            let ours_by_theirs = official_types::fory(config.xlang, config.compatible)
                .unwrap()
                .deserialize::<official_types::MediaContent>(&ours)
                .map(|v| v == official_value);
            println!(
                "  {}: ours reads official bytes: {theirs_by_ours:?}; \
                 official reads ours: {ours_by_theirs:?}",
                config.label()
            );
        }
    }
    assert!(differing > 0, "every configuration gave identical bytes");
}

#[test]
fn other_workloads_round_trip_through_each_library() {
    let map: HashMap<String, i64> = map1k();
    let strings = strings1k();
    for config in ForyConfig::NATIVE {
        official_round_trip(config, &official_types::samples());
        ours_round_trip(config, &ours_types::samples());
        official_round_trip(config, &map);
        ours_round_trip(config, &map);
        official_round_trip(config, &strings);
        ours_round_trip(config, &strings);
    }
}

/// The `prose` record round-trips in every configuration, and in xlang
/// mode the two libraries' bytes differ only as their strings' encodings
/// do: ours are pyfory's Latin-1 and UTF-16, the official crate's UTF-8.
#[test]
fn prose_round_trips_through_each_library() {
    for config in ForyConfig::ALL.into_iter().chain([ForyConfig::XLANG_UTF8]) {
        let theirs = official_round_trip(config, &official_types::prose());
        let mine = ours_round_trip(config, &ours_types::prose());
        let value = ours_types::prose();
        let utf16: Vec<u8> = value
            .body
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let latin1: Vec<u8> = value.notes[0].chars().map(|c| c as u8).collect();
        let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        assert!(contains(&theirs, value.body.as_bytes()), "{config:?}");
        // pyfory's encodings in xlang mode, unless ours writes UTF-8 there
        let pyfory_strings = config.xlang && !config.utf8_strings;
        assert_eq!(contains(&mine, &utf16), pyfory_strings, "{config:?}");
        assert_eq!(contains(&mine, &latin1), pyfory_strings, "{config:?}");
        assert_eq!(
            contains(&mine, value.body.as_bytes()),
            !pyfory_strings,
            "{config:?}"
        );
        if config.utf8_strings {
            // then our bytes are the official crate's text, and each
            // library reads the other's
            let ours_back: ours_types::Prose = ours_types::fory_for(config)
                .unwrap()
                .deserialize(&theirs)
                .expect("ours reads the official bytes");
            assert_eq!(ours_back, value);
            let theirs_back: official_types::Prose =
                official_types::fory(config.xlang, config.compatible)
                    .unwrap()
                    .deserialize(&mine)
                    .expect("the official crate reads ours");
            assert_eq!(theirs_back, official_types::prose());
        }
    }
}

/// The ref-tracking workloads: each library reads its own bytes back with
/// the twenty `Arc`s still ten shared values, and the tracked bytes are
/// not the untracked ones (the setting reaches both builders).
#[test]
fn ref_tracked_workloads_round_trip_and_keep_sharing() {
    for base in [ForyConfig::new(false, false), ForyConfig::new(true, true)] {
        let config = base.refs();
        assert!(config.label().ends_with("_refs"), "{}", config.label());

        // each library: the Arcs come back shared, and tracking changed
        // the bytes
        macro_rules! shares {
            ($lib:literal, $round_trip:ident, $types:ident, $shapes:ident) => {
                let bytes = $round_trip(config, &$shapes::shared());
                let fory = $types::fory_for(config).unwrap();
                let back: $shapes::Shared = fory.deserialize(&bytes).unwrap();
                let shared = std::sync::Arc::ptr_eq(&back.v[0], &back.v[10]);
                assert!(shared, "{}, {config:?}", $lib);
                let untracked = $types::fory_for(base).unwrap();
                let untracked = untracked.serialize(&$shapes::shared()).unwrap();
                assert_ne!(untracked, bytes, "{}, {config:?}", $lib);
            };
        }
        shares!("ours", ours_round_trip, ours_types, shapes_ours);
        shares!(
            "official",
            official_round_trip,
            official_types,
            shapes_official
        );

        ours_round_trip(config, &shapes_ours::inners());
        official_round_trip(config, &shapes_official::inners());
    }
}
