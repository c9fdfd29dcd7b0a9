#!/usr/bin/env bash
# Runs the tests that exercise the project's `unsafe` blocks under
# valgrind's memcheck: mapping a file (fory-buffers' frame module), the
# ASCII string fast path and the xlang transcoders' SSE2 blocks
# (fory-core's serializer::string and serializer::lanes, plus the string
# and struct-path integration tests), the plain-field write cursor
# (fory-core's io tests and the struct-path tests), Arrow arrays validated after they are
# built (the arrow integration tests' corrupt batches), and the
# hostile-input tests (a
# rejected cyclic read must leak nothing). Any invalid access or definite
# leak fails.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is required (apt-get install valgrind)" >&2; exit 1; }
# test_binary PACKAGE TARGET-ARGS TARGET-NAME: the path of a test executable
test_binary() {
  cargo test -p "$1" $2 --no-run --message-format=json 2>/dev/null \
    | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == sys.argv[1]:
        print(m["executable"])' "$3" | tail -1
}
memcheck() {
  valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite --show-possibly-lost=no -q "$@" --test-threads=1
}
memcheck "$(test_binary fory-buffers --lib fory_buffers)" frame
memcheck "$(test_binary fory-core --lib fory_core)" serializer::string serializer::lanes io::
memcheck "$(test_binary fory-tests "--test struct_path" struct_path)"
# Arrow arrays are built before their values are validated
# (serializer::arrow_check): every byte of a small batch's buffers flipped
memcheck "$(test_binary fory-tests "--test arrow" arrow)" corrupt_offsets_keys_and_utf8
# hostile inputs: a rejected read must free the reference cycles it built
memcheck "$(test_binary fory-tests "--test hostile" hostile)"
