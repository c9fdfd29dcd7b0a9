//! Per-call instruction counts of both Fory libraries on record shapes
//! beyond the criterion workloads: number-heavy structs, enums, nested
//! structs, lists of lists, sets, ordered and hashed maps, lists of
//! `Option`s, non-ASCII text, English prose with a few non-ASCII chars.
//! It is how the sixteenth session found the shapes where we trailed the
//! official crate, and the twenty-first its prose (docs/benchmarks.md).
//!
//! ```sh
//! cargo build --release --manifest-path benches/peers/Cargo.toml --example shapes
//! valgrind --tool=callgrind benches/peers/target/release/examples/shapes ours smalls native_schema de 1000
//! ```
//!
//! Arguments: `ours|official`, a shape (`smalls`, `nested`, `maps`,
//! `nums`, `bytes`, `enums`, `lists`, `set`, `btree`, `options`,
//! `keyed`, `inners`, `statuses`, `text`, `wide`, `prose`), a
//! configuration (`native_schema|native_compat|xlang_schema|xlang_compat`;
//! for ours also `xlang_schema_utf8|xlang_compat_utf8`, with
//! `xlang_utf8_strings`),
//! `ser|de` and the number of calls. As with the `profile` example,
//! instructions per call are the difference of two runs over the
//! difference of their counts.

use std::hint::black_box;

/// The shapes, declared once per library (`$eattr`: the enum's derive,
/// `$attr`: the structs').
macro_rules! shapes {
    ($m:ident, [$($eattr:meta),*], $($attr:meta),*) => {
        /// The shapes for one library.
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
            /// English prose, ASCII but for a curly quote, a dash or an
            /// accent here and there (UTF-16 or Latin-1 in xlang mode).
            $(#[$attr])*
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Prose { pub title: String, pub body: String, pub notes: Vec<String> }
        }
    };
}
shapes!(
    o,
    [derive(ours::ForyObject), fory(crate = "ours")],
    derive(ours::ForyObject),
    fory(crate = "ours")
);
shapes!(f, [derive(fory::ForyEnum)], derive(fory::ForyStruct));

/// Registers every shape under the same ids in either library.
macro_rules! register {
    ($fory:ident, $m:ident) => {{
        let mut fory = $fory;
        fory.register::<$m::Inner>(301).expect("register");
        fory.register::<$m::Status>(302).expect("register");
        fory.register::<$m::Smalls>(303).expect("register");
        fory.register::<$m::Nested>(304).expect("register");
        fory.register::<$m::Maps>(305).expect("register");
        fory.register::<$m::Nums>(306).expect("register");
        fory.register::<$m::Bytes>(307).expect("register");
        fory.register::<$m::Enums>(308).expect("register");
        fory.register::<$m::Lists>(309).expect("register");
        fory.register::<$m::Set>(310).expect("register");
        fory.register::<$m::Btree>(311).expect("register");
        fory.register::<$m::Options>(312).expect("register");
        fory.register::<$m::Keyed>(313).expect("register");
        fory.register::<$m::Inners>(314).expect("register");
        fory.register::<$m::Statuses>(315).expect("register");
        fory.register::<$m::Text>(316).expect("register");
        fory.register::<$m::Wide>(317).expect("register");
        fory.register::<$m::Prose>(318).expect("register");
        fory.register::<$m::OptInners>(319).expect("register");
        fory.register::<$m::NestVec>(320).expect("register");
        fory.register::<$m::MapVec>(321).expect("register");
        fory.register::<$m::Tuples>(322).expect("register");
        fory.register::<$m::Dates>(323).expect("register");
        fory
    }};
}

/// Builds the shape `$w` with the library's types and runs `$run` on it.
macro_rules! dispatch {
    ($m:ident, $run:ident, $fory:expr, $w:expr, $de:expr, $n:expr) => {{
        use $m::*;
        let inner = |i: i32| Inner {
            x: i * 7,
            y: i as f64 * 0.5,
            tag: format!("tag-{i}"),
        };
        let fory = $fory;
        match $w {
            "smalls" => $run(
                &fory,
                &Smalls {
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
                },
                $de,
                $n,
            ),
            "nested" => $run(
                &fory,
                &Nested {
                    id: 1,
                    one: inner(1),
                    maybe: Some(inner(2)),
                    many: (0..10).map(inner).collect(),
                },
                $de,
                $n,
            ),
            "maps" => $run(
                &fory,
                &Maps {
                    id: 3,
                    attrs: (0..20)
                        .map(|i| (format!("key{i}"), format!("value number {i}")))
                        .collect(),
                    counts: (0..20).map(|i| (format!("c{i}"), i * 1000)).collect(),
                },
                $de,
                $n,
            ),
            "nums" => $run(
                &fory,
                &Nums {
                    a: (0..1000).map(|i| i * 1_000_003).collect(),
                    b: (0..1000).map(|i| i as f64 / 3.0).collect(),
                    c: (0..1000).map(|i| i - 500).collect(),
                },
                $de,
                $n,
            ),
            "bytes" => $run(
                &fory,
                &Bytes {
                    id: 9,
                    data: (0..4096u32).map(|i| (i * 31) as u8).collect(),
                },
                $de,
                $n,
            ),
            "enums" => $run(
                &fory,
                &Enums {
                    id: 123_456,
                    status: Status::Banned,
                    flag: true,
                },
                $de,
                $n,
            ),
            "lists" => $run(
                &fory,
                &Lists {
                    v: (0..10)
                        .map(|i| (0..10).map(|j| i * j - 20).collect())
                        .collect(),
                },
                $de,
                $n,
            ),
            "set" => $run(
                &fory,
                &Set {
                    s: (0..20).map(|i| format!("member-{i}")).collect(),
                },
                $de,
                $n,
            ),
            "btree" => $run(
                &fory,
                &Btree {
                    m: (0..20).map(|i| (format!("k{i:02}"), i * 77)).collect(),
                },
                $de,
                $n,
            ),
            "options" => $run(
                &fory,
                &Options {
                    v: (0..50).map(|i| (i % 2 == 0).then_some(i * 1000)).collect(),
                },
                $de,
                $n,
            ),
            "keyed" => $run(
                &fory,
                &Keyed {
                    m: (0..10).map(|i| (i, inner(i))).collect(),
                },
                $de,
                $n,
            ),
            "inners" => $run(
                &fory,
                &Inners {
                    v: (0..100).map(inner).collect(),
                },
                $de,
                $n,
            ),
            "statuses" => $run(
                &fory,
                &Statuses {
                    v: (0..100)
                        .map(|i| [Status::Active, Status::Inactive, Status::Banned][i % 3])
                        .collect(),
                },
                $de,
                $n,
            ),
            "text" => $run(
                &fory,
                &Text {
                    latin: "Zoë Saldaña, café crème brûlée à la française".into(),
                    cjk: "日本語のテキストと中文的文字和한국어".into(),
                    emoji: "crab 🦀 rocket 🚀 ok".into(),
                    mixed: (0..10)
                        .map(|i| format!("naïve résumé {i} — ünïcödé"))
                        .collect(),
                },
                $de,
                $n,
            ),
            "wide" => $run(
                &fory,
                &Wide {
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
                },
                $de,
                $n,
            ),
            "prose" => $run(
                &fory,
                &{
                    let (title, body, notes) = fory_peer_benches::prose_text();
                    Prose { title, body, notes }
                },
                $de,
                $n,
            ),
            "optinners" => $run(
                &fory,
                &OptInners {
                    v: (0..20).map(|i| (i % 3 != 0).then(|| inner(i))).collect(),
                },
                $de,
                $n,
            ),
            "nestvec" => $run(
                &fory,
                &NestVec {
                    v: (0..5).map(|i| (0..5).map(|j| inner(i * 5 + j)).collect()).collect(),
                },
                $de,
                $n,
            ),
            "mapvec" => $run(
                &fory,
                &MapVec {
                    m: (0..10)
                        .map(|i| (format!("series{i}"), (0..10).map(|j| (i * j) as i64 * 1_001).collect()))
                        .collect(),
                },
                $de,
                $n,
            ),
            "tuples" => $run(
                &fory,
                &Tuples {
                    v: (0..20).map(|i| (i * 31, format!("item {i}"))).collect(),
                    t: (1 << 40, 0.125, true),
                },
                $de,
                $n,
            ),
            "dates" => $run(
                &fory,
                &{
                    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
                    let at = day.and_hms_micro_opt(18, 55, 1, 250_000).expect("time");
                    Dates {
                        day,
                        at,
                        log: (0..10).map(|i| at + chrono::Duration::seconds(i * 3_601)).collect(),
                    }
                },
                $de,
                $n,
            ),
            other => panic!("unknown shape {other}"),
        }
    }};
}

fn run_ours<T>(fory: &ours::Fory, value: &T, de: bool, n: usize)
where
    T: ours::Serialize + ours::Deserialize + PartialEq + std::fmt::Debug,
{
    let bytes = fory.serialize(value).expect("serialize");
    assert_eq!(&fory.deserialize::<T>(&bytes).expect("deserialize"), value);
    for _ in 0..n {
        if de {
            black_box(
                fory.deserialize::<T>(black_box(&bytes))
                    .expect("deserialize"),
            );
        } else {
            black_box(fory.serialize(black_box(value)).expect("serialize"));
        }
    }
}

fn run_official<T>(fory: &fory::Fory, value: &T, de: bool, n: usize)
where
    T: fory::Serializer<Target = T> + PartialEq + std::fmt::Debug,
{
    let bytes = fory.serialize(value).expect("serialize");
    assert_eq!(&fory.deserialize::<T>(&bytes).expect("deserialize"), value);
    for _ in 0..n {
        if de {
            black_box(
                fory.deserialize::<T>(black_box(&bytes))
                    .expect("deserialize"),
            );
        } else {
            black_box(fory.serialize(black_box(value)).expect("serialize"));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, lib, shape, cfg, op, n] = &args[..] else {
        eprintln!("usage: shapes ours|official SHAPE CONFIG ser|de N");
        std::process::exit(2);
    };
    let xlang = cfg.starts_with("xlang");
    let compatible = cfg.contains("compat");
    // ours only: `xlang_compat_utf8` writes xlang strings as UTF-8
    let utf8_strings = cfg.ends_with("_utf8");
    let de = op == "de";
    let n: usize = n.parse().expect("N");
    match lib.as_str() {
        "ours" => {
            let fory = ours::Fory::builder()
                .xlang(xlang)
                .compatible(compatible)
                .xlang_utf8_strings(utf8_strings)
                .build();
            dispatch!(o, run_ours, register!(fory, o), shape.as_str(), de, n)
        }
        "official" => {
            let fory = fory::Fory::builder()
                .xlang(xlang)
                .compatible(compatible)
                .build();
            dispatch!(f, run_official, register!(fory, f), shape.as_str(), de, n)
        }
        other => panic!("unknown library {other}"),
    }
}
