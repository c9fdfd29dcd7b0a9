#!/usr/bin/env bash
# Wall-clock time per call of ours and the official crate on the peer
# workloads: RUNS runs of the peers' `profile` example, each one process
# making many calls, ours and the official crate taking turns run by run
# (so a slow minute on this shared machine hits both), spread over three
# fresh copies of the binary (below); each copy's best run, then the
# median over the copies. The best of several runs is far steadier than
# criterion's median over one window. Prints a Markdown table, a row as
# each is done.
#
# A run with no calls times each process's set-up, which is taken off.
# Each run starts from a fresh process, so its heap holds only the
# workload's own data. Criterion's runs share one process with every
# bench before them, and glibc's malloc behaves differently in that heap:
# the 1,000-element deserialize cells (most of all the strings) read
# slower there, for both libraries (docs/benchmarks.md).
#
#   scripts/wall-times.sh [calls] [runs] [workload...]
#
# runs: default 9, three per copy.
#
# calls: MediaContent calls per run (default 400,000); the one-value
# workloads make 2.5 times as many, the 1,000-element ones 1/130 as many.
# Workloads as in scripts/instr-counts.sh (default: all eight).
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-400000}
runs=${2:-9}
shift $(($# < 2 ? $# : 2))
cargo build --quiet --release --manifest-path benches/peers/Cargo.toml --example profile
python3 - benches/peers/target/release/examples/profile "$calls" "$runs" "$@" <<'PY'
import os, shutil, statistics, subprocess, sys, tempfile, time

built, calls, runs, *workloads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:]
# Fresh copies of the binary, taken in turn run by run: the same bytes in
# other physical pages. On this machine one file of the binary ran the
# official crate's map serialize at 14.8 us a call and a copy of it at
# 8.8 us, run after run (docs/benchmarks.md): where the code lands in
# memory decides. Each process's addresses decide too (about one process
# in four runs our MediaContent serialize 20 ns slower). Each copy's best
# run (over processes), then the median over copies: the typical file
# (the best over copies would favour the library whose times swing more).
tmp = tempfile.mkdtemp(prefix="wall-times.")
bins = []
for i in range(3):
    bins.append(os.path.join(tmp, f"profile{i}"))
    shutil.copy2(built, bins[-1])
workloads = workloads or ["mediacontent", "sample", "i64", "optional", "wide", "samples1k", "map1k", "strings1k"]
ALL = ["native_schema", "native_compat", "xlang_schema", "xlang_compat"]


def plan(w):
    configs = ALL if w in ("mediacontent", "sample", "optional", "wide") else ["native_schema", "native_compat"]
    if w in ("mediacontent", "wide"):
        n = calls
    elif w in ("sample", "i64", "optional"):
        n = calls * 5 // 2
    else:
        n = max(calls // 130, 1)
    return configs, n


def seconds(bin, lib, w, config, op, n):
    t0 = time.perf_counter()
    subprocess.run([bin, lib, w, config, op, str(n)], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def fmt(ns):
    return f"{ns:,.0f} ns" if ns < 1000 else f"{ns / 1000:,.1f} us"


print("| workload | configuration | op | ours | official | ours/official |")
print("|---|---|---|---:|---:|---:|")
for w in workloads:
    configs, n = plan(w)
    for config in configs:
        for op in ("ser", "de"):
            libs = ("ours", "official")
            best = {(lib, b): float("inf") for lib in libs for b in bins}
            setup = dict(best)
            for run in range(runs):
                bin = bins[run % len(bins)]
                for lib in libs:
                    best[lib, bin] = min(best[lib, bin], seconds(bin, lib, w, config, op, n))
                    setup[lib, bin] = min(setup[lib, bin], seconds(bin, lib, w, config, op, 0))
            # the process's set-up (start, the value, the first
            # serialize), timed with no calls, is taken off
            ours, official = (
                statistics.median((best[lib, b] - setup[lib, b]) / n * 1e9 for b in bins)
                for lib in libs
            )
            print(f"| {w} | {config} | {op} | {fmt(ours)} | {fmt(official)} | {ours / official:.2f}x |",
                  flush=True)
shutil.rmtree(tmp)
PY
