//! A fixed workload for instruction counts (`valgrind --tool=callgrind`)
//! of both Fory libraries on the same data: deterministic where wall-clock
//! medians on a shared machine are not.
//!
//! ```sh
//! cargo build --release --manifest-path benches/peers/Cargo.toml --example profile
//! valgrind --tool=callgrind benches/peers/target/release/examples/profile ours mediacontent native_compat de 20000
//! ```
//!
//! Arguments: `ours|official|clone` (`clone`: a deep `clone()` of the
//! value, the floor the issue sets for deserialize; the configuration and
//! op are then ignored), `mediacontent|samples1k|map1k|strings1k|sample|i64|optional|wide`
//! (`sample`: one small struct, `i64`: one wide number; per-call costs;
//! `optional`: one record of `Option` fields, two of them `None`; `wide`:
//! one record of thirty fields),
//! `native_schema|native_compat|xlang_schema|xlang_compat`, `ser|reuse|de`
//! (`reuse`: serialize into a reused buffer), and
//! the number of calls. Instructions per call are the difference of two
//! runs with different counts, divided by the difference of the counts.

use std::hint::black_box;

use fory_peer_benches::{map1k, official_types, ours_types, strings1k, ForyConfig};

/// What each call does: serialize into a fresh `Vec`, into a reused one,
/// or deserialize.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Ser,
    Reuse,
    De,
}

fn config(label: &str) -> ForyConfig {
    ForyConfig::ALL
        .into_iter()
        .find(|c| c.label() == label)
        .unwrap_or_else(|| panic!("unknown configuration {label}"))
}

fn ours<T: ours::Serialize + ours::Deserialize>(cfg: ForyConfig, value: &T, op: Op, n: usize) {
    let fory = ours_types::fory(cfg.xlang, cfg.compatible).expect("our fory");
    let bytes = fory.serialize(value).expect("serialize");
    let mut buf = Vec::new();
    for _ in 0..n {
        if op == Op::Reuse {
            fory.serialize_into(black_box(value), &mut buf)
                .expect("serialize");
            black_box(buf.len());
        } else if op == Op::Ser {
            black_box(fory.serialize(black_box(value)).expect("serialize"));
        } else {
            black_box(
                fory.deserialize::<T>(black_box(&bytes))
                    .expect("deserialize"),
            );
        }
    }
}

fn official<T: fory::Serializer<Target = T>>(cfg: ForyConfig, value: &T, op: Op, n: usize) {
    let fory = official_types::fory(cfg.xlang, cfg.compatible).expect("official fory");
    let bytes = fory.serialize(value).expect("serialize");
    let mut buf = Vec::new();
    for _ in 0..n {
        if op == Op::Reuse {
            // `serialize_to` appends, so start from an empty buffer
            buf.clear();
            black_box(
                fory.serialize_to(&mut buf, black_box(value))
                    .expect("serialize"),
            );
        } else if op == Op::Ser {
            black_box(fory.serialize(black_box(value)).expect("serialize"));
        } else {
            black_box(
                fory.deserialize::<T>(black_box(&bytes))
                    .expect("deserialize"),
            );
        }
    }
}

/// The floor the issue sets for deserialize: a deep `clone()` of the same
/// value (the configuration and op are ignored).
fn deep_clone<T: Clone>(value: &T, n: usize) {
    for _ in 0..n {
        black_box(black_box(value).clone());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, lib, workload, cfg, op, n] = &args[..] else {
        eprintln!("usage: profile ours|official|clone WORKLOAD CONFIG ser|reuse|de N");
        std::process::exit(2);
    };
    let cfg = config(cfg);
    let op = match op.as_str() {
        "ser" => Op::Ser,
        "reuse" => Op::Reuse,
        "de" => Op::De,
        _ => {
            eprintln!("op: ser, reuse or de");
            std::process::exit(2);
        }
    };
    let n: usize = n.parse().expect("N");
    match (lib.as_str(), workload.as_str()) {
        ("ours", "mediacontent") => ours(cfg, &ours_types::media_content(), op, n),
        ("ours", "samples1k") => ours(cfg, &ours_types::samples(), op, n),
        ("ours", "map1k") => ours(cfg, &map1k(), op, n),
        ("ours", "strings1k") => ours(cfg, &strings1k(), op, n),
        ("ours", "sample") => ours(cfg, &ours_types::single(), op, n),
        ("ours", "i64") => ours(cfg, &-1_234_567_890_123i64, op, n),
        ("ours", "optional") => ours(cfg, &ours_types::optional(), op, n),
        ("ours", "wide") => ours(cfg, &ours_types::wide(), op, n),
        ("official", "sample") => official(cfg, &official_types::single(), op, n),
        ("official", "i64") => official(cfg, &-1_234_567_890_123i64, op, n),
        ("official", "optional") => official(cfg, &official_types::optional(), op, n),
        ("official", "wide") => official(cfg, &official_types::wide(), op, n),
        ("clone", "mediacontent") => deep_clone(&ours_types::media_content(), n),
        ("clone", "samples1k") => deep_clone(&ours_types::samples(), n),
        ("clone", "map1k") => deep_clone(&map1k(), n),
        ("clone", "strings1k") => deep_clone(&strings1k(), n),
        ("clone", "sample") => deep_clone(&ours_types::single(), n),
        ("clone", "i64") => deep_clone(&-1_234_567_890_123i64, n),
        ("clone", "optional") => deep_clone(&ours_types::optional(), n),
        ("clone", "wide") => deep_clone(&ours_types::wide(), n),
        ("official", "mediacontent") => official(cfg, &official_types::media_content(), op, n),
        ("official", "samples1k") => official(cfg, &official_types::samples(), op, n),
        ("official", "map1k") => official(cfg, &map1k(), op, n),
        ("official", "strings1k") => official(cfg, &strings1k(), op, n),
        _ => {
            eprintln!("unknown library or workload");
            std::process::exit(2);
        }
    }
}
