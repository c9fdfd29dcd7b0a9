//! Per-call instruction counts of both Fory libraries on record shapes
//! beyond the criterion workloads: number-heavy structs, enums, nested
//! structs, lists of lists, sets, ordered and hashed maps, lists of
//! `Option`s, non-ASCII text, English prose with a few non-ASCII chars,
//! tuples, chrono values and shared `Arc`s.
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
//! `keyed`, `inners`, `statuses`, `text`, `wide`, `prose`, `optinners`,
//! `nestvec`, `mapvec`, `tuples`, `dates`, `shared`; the types and values
//! are the library's `shapes_ours` and `shapes_official`), a
//! configuration (`native_schema|native_compat|xlang_schema|xlang_compat`;
//! for ours also `xlang_schema_utf8|xlang_compat_utf8`, with
//! `xlang_utf8_strings`; any of them ending in `_refs` tracks references
//! in both libraries, e.g. `native_schema_refs`),
//! `ser|de` and the number of calls. As with the `profile` example,
//! instructions per call are the difference of two runs over the
//! difference of their counts.

use std::hint::black_box;

use fory_peer_benches::{shapes_official as f, shapes_ours as o};

/// Registers every shape under the same ids in either library.
macro_rules! register {
    ($fory:ident, $m:ident, $error:ty) => {{
        let mut fory = $fory;
        (|| {
            fory_peer_benches::register_shapes!(fory, $m);
            Ok::<_, $error>(())
        })()
        .expect("register");
        fory
    }};
}

/// Builds the shape `$w` with the library's types and runs `$run` on it.
macro_rules! dispatch {
    ($m:ident, $run:ident, $fory:expr, $w:expr, $de:expr, $n:expr) => {{
        let fory = $fory;
        match $w {
            "smalls" => $run(&fory, &$m::smalls(), $de, $n),
            "nested" => $run(&fory, &$m::nested(), $de, $n),
            "maps" => $run(&fory, &$m::maps(), $de, $n),
            "nums" => $run(&fory, &$m::nums(), $de, $n),
            "bytes" => $run(&fory, &$m::bytes(), $de, $n),
            "enums" => $run(&fory, &$m::enums(), $de, $n),
            "lists" => $run(&fory, &$m::lists(), $de, $n),
            "set" => $run(&fory, &$m::set(), $de, $n),
            "btree" => $run(&fory, &$m::btree(), $de, $n),
            "options" => $run(&fory, &$m::options(), $de, $n),
            "keyed" => $run(&fory, &$m::keyed(), $de, $n),
            "inners" => $run(&fory, &$m::inners(), $de, $n),
            "statuses" => $run(&fory, &$m::statuses(), $de, $n),
            "text" => $run(&fory, &$m::text(), $de, $n),
            "wide" => $run(&fory, &$m::wide(), $de, $n),
            "prose" => $run(&fory, &$m::prose(), $de, $n),
            "optinners" => $run(&fory, &$m::optinners(), $de, $n),
            "nestvec" => $run(&fory, &$m::nestvec(), $de, $n),
            "mapvec" => $run(&fory, &$m::mapvec(), $de, $n),
            "tuples" => $run(&fory, &$m::tuples(), $de, $n),
            "dates" => $run(&fory, &$m::dates(), $de, $n),
            "shared" => $run(&fory, &$m::shared(), $de, $n),
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
    let utf8_strings = cfg.contains("_utf8");
    // both: `_refs` tracks references (`native_schema_refs`)
    let refs = cfg.ends_with("_refs");
    let de = op == "de";
    let n: usize = n.parse().expect("N");
    match lib.as_str() {
        "ours" => {
            let fory = ours::Fory::builder()
                .xlang(xlang)
                .compatible(compatible)
                .xlang_utf8_strings(utf8_strings)
                .ref_tracking(refs)
                .build();
            dispatch!(
                o,
                run_ours,
                register!(fory, shapes_ours, ours::Error),
                shape.as_str(),
                de,
                n
            )
        }
        "official" => {
            let fory = fory::Fory::builder()
                .xlang(xlang)
                .compatible(compatible)
                .track_ref(refs)
                .build();
            dispatch!(
                f,
                run_official,
                register!(fory, shapes_official, fory::Error),
                shape.as_str(),
                de,
                n
            )
        }
        other => panic!("unknown library {other}"),
    }
}
