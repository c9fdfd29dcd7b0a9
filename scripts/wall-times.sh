#!/usr/bin/env bash
# Wall-clock nanoseconds per call of ours and the official crate on the
# MediaContent workload, every configuration: the best of 5 runs of the
# peers' `profile` example, each 400,000 calls in one process. The minimum
# over runs is far steadier on a shared machine than criterion's median
# over one run. Prints a Markdown table.
#
#   scripts/wall-times.sh [calls] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
calls=${1:-400000}
runs=${2:-5}
cargo build --quiet --release --manifest-path benches/peers/Cargo.toml --example profile
bin=benches/peers/target/release/examples/profile
best() { # lib config op
    python3 - "$bin" "$calls" "$runs" "$@" <<'PY'
import subprocess, sys, time
bin, calls, runs, lib, config, op = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:]
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    subprocess.run([bin, lib, "mediacontent", config, op, str(calls)],
                   check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - t0)
print(f"{min(times) / calls * 1e9:.0f}")
PY
}
echo "| configuration | op | ours (ns) | official (ns) | ours/official |"
echo "|---|---|---:|---:|---:|"
for c in native_schema native_compat xlang_schema xlang_compat; do
    for op in ser de; do
        o=$(best ours "$c" "$op")
        f=$(best official "$c" "$op")
        echo "| $c | $op | $o | $f | $(python3 -c "print(f'{$o / $f:.2f}x')") |"
    done
done
