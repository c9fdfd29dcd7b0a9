//! Fory for Rust (`ours`) against the official Apache Fory crate (`fory`
//! 1.7.7), bincode 2 (serde), postcard and rkyv, on the same data in one
//! run.
//!
//! Bench ids: `<workload>/<config>/<op>/<lib>` with
//! * workload: `mediacontent`, `sample`, `optional`, `samples1k`, `map1k`,
//!   `strings1k`, `wide`, `prose`;
//! * config: `native_schema`, `native_compat`, `xlang_schema`,
//!   `xlang_compat` (Fory), `xlang_compat_utf8` (`prose` only: ours with
//!   `xlang_utf8_strings`, the official crate as in `xlang_compat`), or
//!   `serde` (the other libraries and `clone`);
//! * op: `serialize`, `serialize_reuse` (into a reused buffer),
//!   `deserialize`;
//! * lib: `ours`, `official`, `bincode2`, `postcard`, `rkyv`, `clone`.
//!
//! Every library must round-trip the value (equality) before it is timed;
//! one that fails is skipped with its error printed, so no numbers come
//! from a broken setup. Encoded sizes and failures are written to
//! `<criterion dir>/peers-sizes.json` for `scripts/bench-report.py`.
//!
//! ```sh
//! cargo bench --manifest-path benches/peers/Cargo.toml --bench struct_path
//! python3 scripts/bench-report.py --svg /tmp/peers.svg
//! ```

use std::collections::HashMap;
use std::fmt::{Debug, Write as _};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion};
use fory_peer_benches::{
    bincode_config, map1k, official_types, ours_types, serde_types, shapes_official, shapes_ours,
    strings1k, ForyConfig,
};
use rkyv::api::high::{HighSerializer, HighValidator};
use rkyv::bytecheck::CheckBytes;
use rkyv::de::Pool;
use rkyv::rancor::{self, Strategy};
use rkyv::ser::allocator::ArenaHandle;
use rkyv::util::AlignedVec;

type Group<'a> = BenchmarkGroup<'a, WallTime>;

/// What the checks found: one row per (bench prefix, lib).
#[derive(Default)]
struct Log {
    rows: Vec<(String, &'static str, Result<usize, String>)>,
}

impl Log {
    fn ok(&mut self, prefix: &str, lib: &'static str, size: usize) {
        println!("check {prefix}/{lib}: ok, {size} bytes");
        self.rows.push((prefix.to_owned(), lib, Ok(size)));
    }

    fn fail(&mut self, prefix: &str, lib: &'static str, error: String) {
        eprintln!("check {prefix}/{lib}: FAILED, not timed: {error}");
        self.rows.push((prefix.to_owned(), lib, Err(error)));
    }

    fn to_json(&self) -> String {
        let mut out = String::from("[\n");
        for (i, (prefix, lib, result)) in self.rows.iter().enumerate() {
            let sep = if i + 1 == self.rows.len() { "" } else { "," };
            let detail = match result {
                Ok(size) => format!("\"bytes\": {size}"),
                Err(e) => format!("\"error\": {}", json_string(e)),
            };
            let _ = writeln!(
                out,
                "  {{\"id\": {}, \"lib\": {}, {detail}}}{sep}",
                json_string(prefix),
                json_string(lib)
            );
        }
        out.push_str("]\n");
        out
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Serializes, deserializes and compares; the encoding on success.
fn round_trip<T: PartialEq + Debug, E: Debug>(
    value: &T,
    ser: impl FnOnce(&T) -> Result<Vec<u8>, E>,
    de: impl FnOnce(&[u8]) -> Result<T, E>,
) -> Result<Vec<u8>, String> {
    let bytes = ser(value).map_err(|e| format!("serialize: {e:?}"))?;
    let back = de(&bytes).map_err(|e| format!("deserialize: {e:?}"))?;
    if &back != value {
        return Err(format!(
            "round trip changed the value ({} bytes): got {back:?}",
            bytes.len()
        ));
    }
    Ok(bytes)
}

/// Checks a reuse-buffer serializer against the one-shot encoding. A
/// `HashMap` may iterate differently in another instance, but `value` is the
/// same instance here, so the bytes must match exactly.
fn same_bytes(expected: &[u8], got: Result<Vec<u8>, String>) -> Result<(), String> {
    let got = got?;
    if got != expected {
        return Err(format!(
            "reuse-buffer encoding differs from the one-shot one ({} vs {} bytes)",
            got.len(),
            expected.len()
        ));
    }
    Ok(())
}

fn bench_ours<T>(g: &mut Group<'_>, log: &mut Log, prefix: &str, config: ForyConfig, value: &T)
where
    T: ours::Serialize + ours::Deserialize + PartialEq + Debug,
{
    const LIB: &str = "ours";
    let fory = match ours_types::fory_for(config) {
        Ok(f) => f,
        Err(e) => return log.fail(prefix, LIB, format!("build/register: {e}")),
    };
    let checked =
        round_trip(value, |v| fory.serialize(v), |b| fory.deserialize::<T>(b)).and_then(|bytes| {
            let mut buf = vec![0xAB; 3];
            let reused = fory
                .serialize_into(value, &mut buf)
                .map(|()| buf)
                .map_err(|e| format!("serialize_into: {e}"));
            same_bytes(&bytes, reused).map(|()| bytes)
        });
    let bytes = match checked {
        Ok(b) => b,
        Err(e) => return log.fail(prefix, LIB, e),
    };
    log.ok(prefix, LIB, bytes.len());

    g.bench_function(BenchmarkId::new("serialize", LIB), |b| {
        b.iter(|| fory.serialize(black_box(value)).unwrap())
    });
    let mut buf = Vec::new();
    g.bench_function(BenchmarkId::new("serialize_reuse", LIB), |b| {
        b.iter(|| {
            fory.serialize_into(black_box(value), &mut buf).unwrap();
            black_box(buf.len())
        })
    });
    g.bench_function(BenchmarkId::new("deserialize", LIB), |b| {
        b.iter(|| fory.deserialize::<T>(black_box(&bytes)).unwrap())
    });
}

fn bench_official<T>(g: &mut Group<'_>, log: &mut Log, prefix: &str, config: ForyConfig, value: &T)
where
    T: fory::Serializer<Target = T> + PartialEq + Debug,
{
    const LIB: &str = "official";
    let fory = match official_types::fory_for(config) {
        Ok(f) => f,
        Err(e) => return log.fail(prefix, LIB, format!("build/register: {e}")),
    };
    let checked =
        round_trip(value, |v| fory.serialize(v), |b| fory.deserialize::<T>(b)).and_then(|bytes| {
            let mut buf = Vec::new();
            let reused = fory
                .serialize_to(&mut buf, value)
                .map(|_| buf)
                .map_err(|e| format!("serialize_to: {e}"));
            same_bytes(&bytes, reused).map(|()| bytes)
        });
    let bytes = match checked {
        Ok(b) => b,
        Err(e) => return log.fail(prefix, LIB, e),
    };
    log.ok(prefix, LIB, bytes.len());

    g.bench_function(BenchmarkId::new("serialize", LIB), |b| {
        b.iter(|| fory.serialize(black_box(value)).unwrap())
    });
    let mut buf = Vec::new();
    g.bench_function(BenchmarkId::new("serialize_reuse", LIB), |b| {
        b.iter(|| {
            // `serialize_to` appends, so start from an empty buffer.
            buf.clear();
            fory.serialize_to(&mut buf, black_box(value)).unwrap()
        })
    });
    g.bench_function(BenchmarkId::new("deserialize", LIB), |b| {
        b.iter(|| fory.deserialize::<T>(black_box(&bytes)).unwrap())
    });
}

/// The Fory configurations of one workload, both libraries.
fn fory_workload<A, B>(
    c: &mut Criterion,
    log: &mut Log,
    workload: &str,
    configs: &[ForyConfig],
    ours_value: &A,
    official_value: &B,
) where
    A: ours::Serialize + ours::Deserialize + PartialEq + Debug,
    B: fory::Serializer<Target = B> + PartialEq + Debug,
{
    for &config in configs {
        let prefix = format!("{workload}/{}", config.label());
        let mut g = c.benchmark_group(&prefix);
        bench_ours(&mut g, log, &prefix, config, ours_value);
        bench_official(&mut g, log, &prefix, config, official_value);
        g.finish();
    }
}

/// bincode 2 (serde), postcard, rkyv (validated) and the `clone` floor.
fn serde_workload<T>(c: &mut Criterion, log: &mut Log, workload: &str, value: &T)
where
    T: serde::Serialize
        + serde::de::DeserializeOwned
        + Clone
        + PartialEq
        + Debug
        + rkyv::Archive
        + for<'a> rkyv::Serialize<HighSerializer<AlignedVec, ArenaHandle<'a>, rancor::Error>>,
    T::Archived: for<'a> CheckBytes<HighValidator<'a, rancor::Error>>
        + rkyv::Deserialize<T, Strategy<Pool, rancor::Error>>,
{
    let prefix = format!("{workload}/serde");
    let mut g = c.benchmark_group(&prefix);
    let cfg = bincode_config();

    // bincode 2 through its serde layer.
    let checked = round_trip(
        value,
        |v| bincode::serde::encode_to_vec(v, cfg).map_err(|e| e.to_string()),
        |b| {
            bincode::serde::decode_from_slice::<T, _>(b, cfg)
                .map(|(v, _)| v)
                .map_err(|e| e.to_string())
        },
    )
    .and_then(|bytes| {
        let mut buf = Vec::new();
        let reused = bincode::serde::encode_into_std_write(value, &mut buf, cfg)
            .map(|_| buf)
            .map_err(|e| e.to_string());
        same_bytes(&bytes, reused).map(|()| bytes)
    });
    match checked {
        Err(e) => log.fail(&prefix, "bincode2", e),
        Ok(bytes) => {
            log.ok(&prefix, "bincode2", bytes.len());
            g.bench_function(BenchmarkId::new("serialize", "bincode2"), |b| {
                b.iter(|| bincode::serde::encode_to_vec(black_box(value), cfg).unwrap())
            });
            let mut buf = Vec::new();
            g.bench_function(BenchmarkId::new("serialize_reuse", "bincode2"), |b| {
                b.iter(|| {
                    buf.clear();
                    bincode::serde::encode_into_std_write(black_box(value), &mut buf, cfg).unwrap()
                })
            });
            g.bench_function(BenchmarkId::new("deserialize", "bincode2"), |b| {
                b.iter(|| {
                    bincode::serde::decode_from_slice::<T, _>(black_box(&bytes), cfg)
                        .unwrap()
                        .0
                })
            });
        }
    }

    // postcard (alloc).
    let checked = round_trip(
        value,
        |v| postcard::to_allocvec(v),
        |b| postcard::from_bytes(b),
    )
    .and_then(|bytes| {
        let reused = postcard::to_extend(value, Vec::new()).map_err(|e| e.to_string());
        same_bytes(&bytes, reused).map(|()| bytes)
    });
    match checked {
        Err(e) => log.fail(&prefix, "postcard", e),
        Ok(bytes) => {
            log.ok(&prefix, "postcard", bytes.len());
            g.bench_function(BenchmarkId::new("serialize", "postcard"), |b| {
                b.iter(|| postcard::to_allocvec(black_box(value)).unwrap())
            });
            let mut buf = Vec::new();
            g.bench_function(BenchmarkId::new("serialize_reuse", "postcard"), |b| {
                b.iter(|| {
                    let mut taken = std::mem::take(&mut buf);
                    taken.clear();
                    buf = postcard::to_extend(black_box(value), taken).unwrap();
                    black_box(buf.len())
                })
            });
            g.bench_function(BenchmarkId::new("deserialize", "postcard"), |b| {
                b.iter(|| postcard::from_bytes::<T>(black_box(&bytes)).unwrap())
            });
        }
    }

    // rkyv: to bytes, and from bytes with validation (access + deserialize).
    let checked = round_trip(
        value,
        |v| rkyv::to_bytes::<rancor::Error>(v).map(|a| a.to_vec()),
        |b| {
            // Copy into an aligned buffer: rkyv's root must be aligned.
            let mut aligned = AlignedVec::<16>::new();
            aligned.extend_from_slice(b);
            rkyv::from_bytes::<T, rancor::Error>(&aligned[..])
        },
    );
    match checked {
        Err(e) => log.fail(&prefix, "rkyv", e),
        Ok(bytes) => {
            log.ok(&prefix, "rkyv", bytes.len());
            let mut aligned = AlignedVec::<16>::new();
            aligned.extend_from_slice(&bytes);
            g.bench_function(BenchmarkId::new("serialize", "rkyv"), |b| {
                b.iter(|| rkyv::to_bytes::<rancor::Error>(black_box(value)).unwrap())
            });
            let mut buf = AlignedVec::<16>::new();
            g.bench_function(BenchmarkId::new("serialize_reuse", "rkyv"), |b| {
                b.iter(|| {
                    let mut taken = std::mem::take(&mut buf);
                    taken.clear();
                    buf = rkyv::api::high::to_bytes_in::<_, rancor::Error>(black_box(value), taken)
                        .unwrap();
                    black_box(buf.len())
                })
            });
            g.bench_function(BenchmarkId::new("deserialize", "rkyv"), |b| {
                b.iter(|| rkyv::from_bytes::<T, rancor::Error>(black_box(&aligned[..])).unwrap())
            });
        }
    }

    // The floor for deserialize: a deep copy of the value.
    g.bench_function(BenchmarkId::new("deserialize", "clone"), |b| {
        b.iter(|| black_box(value).clone())
    });
    g.finish();
}

/// Where criterion writes (the same order of preference as criterion's own
/// default, minus `cargo metadata`).
fn output_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        PathBuf::from(home)
    } else if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        PathBuf::from(target).join("criterion")
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/criterion")
    }
}

fn main() {
    let dir = output_dir();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
        .output_directory(&dir)
        .configure_from_args();
    let mut log = Log::default();

    fory_workload(
        &mut c,
        &mut log,
        "mediacontent",
        &ForyConfig::ALL,
        &ours_types::media_content(),
        &official_types::media_content(),
    );
    serde_workload(
        &mut c,
        &mut log,
        "mediacontent",
        &serde_types::media_content(),
    );

    // One small struct alone: what a call costs besides its data (the
    // output's allocation, the pooled state, the root's type info).
    fory_workload(
        &mut c,
        &mut log,
        "sample",
        &ForyConfig::ALL,
        &ours_types::single(),
        &official_types::single(),
    );
    serde_workload(&mut c, &mut log, "sample", &serde_types::single());

    // One record of `Option` fields, two of them `None` (the Fory
    // libraries only: the serde peers have no such record)
    fory_workload(
        &mut c,
        &mut log,
        "optional",
        &ForyConfig::ALL,
        &ours_types::optional(),
        &official_types::optional(),
    );

    fory_workload(
        &mut c,
        &mut log,
        "samples1k",
        &ForyConfig::NATIVE,
        &ours_types::samples(),
        &official_types::samples(),
    );
    serde_workload(&mut c, &mut log, "samples1k", &serde_types::samples());

    // One map instance for every library: the same iteration order.
    let map: HashMap<String, i64> = map1k();
    fory_workload(&mut c, &mut log, "map1k", &ForyConfig::NATIVE, &map, &map);
    serde_workload(&mut c, &mut log, "map1k", &map);

    let strings = strings1k();
    fory_workload(
        &mut c,
        &mut log,
        "strings1k",
        &ForyConfig::NATIVE,
        &strings,
        &strings,
    );
    serde_workload(&mut c, &mut log, "strings1k", &strings);

    // Thirty fields, past the 24 our derive unrolls (the Fory libraries
    // only). Last: a workload run before the 1,000-element ones changes
    // the heap they start from, and their deserialize cells with it
    // (placed before `samples1k`, this one moved our schema-consistent
    // `samples1k` read from 17.4 to 28.3 us with the same code;
    // docs/benchmarks.md, seventeenth session)
    fory_workload(
        &mut c,
        &mut log,
        "wide",
        &ForyConfig::ALL,
        &ours_types::wide(),
        &official_types::wide(),
    );

    // English prose with a few non-ASCII chars: in xlang mode pyfory's
    // Latin-1 and UTF-16, transcoded both ways (the Fory libraries only)
    fory_workload(
        &mut c,
        &mut log,
        "prose",
        &ForyConfig::ALL,
        &ours_types::prose(),
        &official_types::prose(),
    );
    // the same with our strings as UTF-8 (`xlang_utf8_strings`), as the
    // official crate writes them
    fory_workload(
        &mut c,
        &mut log,
        "prose",
        &[ForyConfig::XLANG_UTF8],
        &ours_types::prose(),
        &official_types::prose(),
    );

    // Four of the `shapes` example's shapes (the Fory libraries only),
    // native schema-consistent and xlang compatible: ten numbers of every
    // width (`numbers`), ten structs under `i32` keys (`keyed`), twenty
    // `(i32, String)` pairs and a triple (`tuples`), a date, an instant
    // and ten more (`dates`).
    let two = [ForyConfig::new(false, false), ForyConfig::new(true, true)];
    fory_workload(
        &mut c,
        &mut log,
        "numbers",
        &two,
        &shapes_ours::smalls(),
        &shapes_official::smalls(),
    );
    fory_workload(
        &mut c,
        &mut log,
        "keyed",
        &two,
        &shapes_ours::keyed(),
        &shapes_official::keyed(),
    );
    fory_workload(
        &mut c,
        &mut log,
        "tuples",
        &two,
        &shapes_ours::tuples(),
        &shapes_official::tuples(),
    );
    fory_workload(
        &mut c,
        &mut log,
        "dates",
        &two,
        &shapes_ours::dates(),
        &shapes_official::dates(),
    );

    // Reference tracking in both libraries (`_refs`): a list of 100 small
    // structs, which no value shares (`inners`), and twenty `Arc`s of ten
    // structs, each written once and then as a back-reference (`shared`).
    let refs = [two[0].refs(), two[1].refs()];
    fory_workload(
        &mut c,
        &mut log,
        "inners",
        &refs,
        &shapes_ours::inners(),
        &shapes_official::inners(),
    );
    fory_workload(
        &mut c,
        &mut log,
        "shared",
        &refs,
        &shapes_ours::shared(),
        &shapes_official::shared(),
    );

    c.final_summary();

    let failures = log.rows.iter().filter(|r| r.2.is_err()).count();
    if failures > 0 {
        eprintln!("{failures} library/configuration pairs failed their check and were not timed");
    }
    let path = dir.join("peers-sizes.json");
    if let Err(e) =
        std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, log.to_json()))
    {
        eprintln!("cannot write {}: {e}", path.display());
    }
}
