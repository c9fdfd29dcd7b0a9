#!/usr/bin/env bash
# The peer comparison (benches/peers, bench `struct_path`) run from COPIES
# fresh copies of the bench binary, each into a criterion directory of its
# own, then reported with each cell's median over the copies.
#
# Why copies: on the development machine the same bytes run at different
# speeds from different files (other physical pages for the code) and in
# different processes (the stack's random offset: about one process in
# four reads our MediaContent serialize at 90-100 ns instead of 73-80),
# and the official crate's cells move too, by less. A criterion run is
# one file and one process; a few copies, each its own process, give each
# library the same chances (docs/benchmarks.md). The median over copies
# is the typical case; the lowest would favour the library whose cells
# swing more (ours, on MediaContent serialize).
#
#   scripts/bench-peers.sh [copies] [criterion args...]
#
# e.g. `scripts/bench-peers.sh 3 --warm-up-time 1 --measurement-time 3`, or
# with a filter: `scripts/bench-peers.sh 2 --measurement-time 2 mediacontent/`.
# Results go to benches/peers/target/criterion-copies/run<i>; the Markdown
# report is printed, or written with REPORT="--md docs/benchmarks-peers.md
# --svg docs/struct-path.svg".
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-3}
shift $(($# < 1 ? $# : 1))
manifest=benches/peers/Cargo.toml
bin=$(cargo bench --manifest-path "$manifest" --bench struct_path --no-run \
    --message-format=json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") \
            and "bench" in m["target"]["kind"] and m["target"]["name"] == "struct_path":
        print(m["executable"])
')
[ -x "$bin" ] || { echo "no struct_path bench binary built" >&2; exit 1; }
out=benches/peers/target/criterion-copies
rm -rf "$out"
mkdir -p "$out"
dirs=()
for i in $(seq 1 "$copies"); do
    cp "$bin" "$out/struct_path.$i"
    echo "run $i of $copies: $out/run$i" >&2
    CRITERION_HOME="$out/run$i" "$out/struct_path.$i" --bench "$@" >"$out/run$i.log" 2>&1
    rm "$out/struct_path.$i"
    dirs+=(--dir "$out/run$i")
done
# shellcheck disable=SC2086 # REPORT holds several arguments
python3 scripts/bench-report.py "${dirs[@]}" ${REPORT:-}
