#!/usr/bin/env bash
# Creates .venv with the pinned interop peer (pyfory 1.7.7, numpy, and
# pyarrow + pandas for the DataFrame exchange) on first use; later runs only
# check it. Prints the interpreter's path last.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
req="$root/fory-tests/python/requirements.txt"
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$stamp"; then
  python3 --version >/dev/null 2>&1 || { echo "python3 is required for the interop tests" >&2; exit 1; }
  echo "creating $venv from $req" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$stamp"
fi
"$venv/bin/python" -c "import pyfory, numpy, pyarrow, pandas; assert pyfory.__version__ == '1.7.7', pyfory.__version__" >&2
echo "$venv/bin/python"
