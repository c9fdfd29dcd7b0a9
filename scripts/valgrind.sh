#!/usr/bin/env bash
# Runs the tests that exercise the crate's one `unsafe` block (mapping a
# file, fory-buffers' frame module) under valgrind's memcheck: any invalid
# access or definite leak fails.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is required (apt-get install valgrind)" >&2; exit 1; }
bin=$(cargo test -p fory-buffers --lib --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "fory_buffers":
        print(m["executable"])' | tail -1)
valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite -q "$bin" frame --test-threads=1
