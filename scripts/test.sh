#!/usr/bin/env bash
# The one command that runs every check: formatting, lints, every test
# (interop with pyfory included; its venv is made on first use), and the
# benches' compilation.
set -euo pipefail
cd "$(dirname "$0")/.."
# A one-shot build gains nothing from incremental state but its disk use.
export CARGO_INCREMENTAL=0
FORY_PYTHON="$(scripts/python-env.sh)"
export FORY_PYTHON
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# the core crate with no optional feature (a user's default-features = false)
cargo clippy -p fory-core --no-default-features --all-targets --quiet -- -D warnings
# each optional feature alone, with its tests, examples and doc examples
# building, and its API docs free of links to items another feature gates
for feature in "" mmap tokio half; do
    cargo check -p fory-buffers --no-default-features --features "$feature" --all-targets --quiet
    RUSTDOCFLAGS="-D warnings" cargo doc -p fory-buffers --no-default-features --features "$feature" --no-deps --quiet
done
for feature in "" derive mmap ndarray arrow chrono time rust_decimal half uuid indexmap hashbrown tokio; do
    cargo check -p fory-core --no-default-features --features "$feature" --all-targets --quiet
    RUSTDOCFLAGS="-D warnings" cargo doc -p fory-core --no-default-features --features "$feature" --no-deps --quiet
done
cargo test -p fory-core -p fory-buffers --no-default-features --doc --quiet
cargo test --workspace
scripts/valgrind.sh
cargo bench --workspace --no-run --quiet
# the API docs build without a warning (broken or private links)
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --quiet
# ... and with the default features alone (links to feature-gated items)
RUSTDOCFLAGS="-D warnings" cargo doc -p fory-core -p fory-buffers --no-deps --quiet
# a fresh project with only the README's dependency line runs the README's
# tour (sharing the workspace's target dir, so nothing is built twice)
cargo fmt --manifest-path readme-project/Cargo.toml --check
CARGO_TARGET_DIR="$PWD/target" cargo run --quiet --manifest-path readme-project/Cargo.toml
# the fuzz targets compile (run them with scripts/fuzz.sh; see docs/security.md)
cargo fmt --manifest-path fuzz/Cargo.toml --check
cargo check --manifest-path fuzz/Cargo.toml --bins --quiet
# The comparison with the official `fory` crate and serde peers is its own
# workspace (benches/peers). No `--all` for fmt: that would follow the path
# dependency into the root workspace.
cargo fmt --manifest-path benches/peers/Cargo.toml --check
cargo clippy --manifest-path benches/peers/Cargo.toml --all-targets --quiet -- -D warnings
cargo test --manifest-path benches/peers/Cargo.toml --quiet
cargo bench --manifest-path benches/peers/Cargo.toml --no-run --quiet
