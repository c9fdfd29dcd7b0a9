#!/usr/bin/env bash
# Instructions per call (callgrind) of ours and the official crate on the
# peer workloads: deterministic, unlike wall-clock medians on a shared
# machine. Prints a Markdown table. Needs valgrind. Ops: ser (into a fresh
# Vec), reuse (into a reused buffer; MediaContent only), de; for de, a
# deep clone() of the same value too (the floor the issue sets).
# Workloads: mediacontent, sample (one small struct), i64 (one number),
# optional (one record of Option fields), wide (one record of thirty
# fields), samples1k, map1k, strings1k.
#
#   scripts/instr-counts.sh [workload...]   (default: all eight)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --manifest-path benches/peers/Cargo.toml --example profile
bin=benches/peers/target/release/examples/profile
count() { # lib workload config op n
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_call() { # lib workload config op
    local lo hi
    case "$2" in mediacontent | sample | i64 | optional | wide) lo=100 hi=5100 ;; *) lo=5 hi=105 ;; esac
    local a b
    a=$(count "$1" "$2" "$3" "$4" "$lo")
    b=$(count "$1" "$2" "$3" "$4" "$hi")
    echo $(((b - a) / (hi - lo)))
}
workloads=("$@")
[ ${#workloads[@]} -gt 0 ] || workloads=(mediacontent sample i64 optional wide samples1k map1k strings1k)
echo "| workload | configuration | op | ours | official | ours/official | clone | ours/clone |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
for w in "${workloads[@]}"; do
    case "$w" in
    mediacontent | sample | optional | wide) configs=(native_schema native_compat xlang_schema xlang_compat) ;;
    *) configs=(native_schema native_compat) ;;
    esac
    case "$w" in
    mediacontent) ops=(ser reuse de) ;;
    *) ops=(ser de) ;;
    esac
    floor=$(per_call clone "$w" native_schema de)
    for c in "${configs[@]}"; do
        for op in "${ops[@]}"; do
            o=$(per_call ours "$w" "$c" "$op")
            f=$(per_call official "$w" "$c" "$op")
            ratio=$(python3 -c "print(f'{$o / $f:.2f}')")
            if [ "$op" = de ]; then
                to_clone="$(python3 -c "print(f'{$o / $floor:.2f}')")x"
                echo "| $w | $c | $op | $o | $f | ${ratio}x | $floor | $to_clone |"
            else
                echo "| $w | $c | $op | $o | $f | ${ratio}x | | |"
            fi
        done
    done
done
