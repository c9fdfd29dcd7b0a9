#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 1800) each, JOBS at a time
# (default 2), on the stable toolchain (RUSTC_BOOTSTRAP lets cargo-fuzz
# pass its sanitizer flags). New inputs go to fuzz/work/<target> (not
# committed); the committed seeds in fuzz/corpus/<target> are read only.
# Any single allocation over 1 GiB counts as a crash. Crashes land in
# fuzz/artifacts/<target>; logs in fuzz/logs/<target>.log.
#
#   cargo install cargo-fuzz        # once
#   scripts/fuzz.sh [SECONDS] [JOBS] [target...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-1800}
jobs=${2:-2}
shift $(($# < 2 ? $# : 2))
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
mkdir -p logs
run() {
    local t=$1
    mkdir -p "work/$t" "corpus/$t"
    cargo fuzz run -O "$t" "work/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -malloc_limit_mb=1024 -rss_limit_mb=4096 \
        -print_final_stats=1 >"logs/$t.log" 2>&1 || echo "$t: FAILED (see fuzz/logs/$t.log)"
    echo "$t: $(grep -E '^stat::number_of_executed_units' "logs/$t.log" | tail -1)" \
        "$(grep -Eo 'cov: [0-9]+' "logs/$t.log" | tail -1)" \
        "corpus $(ls "work/$t" | wc -l)"
}
for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 5; done
    run "$t" &
done
wait
