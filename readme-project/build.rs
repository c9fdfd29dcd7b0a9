//! Writes `$OUT_DIR/tour.rs`: the first Rust code block of the README, as
//! the body of `main`.

use std::path::PathBuf;

fn main() {
    let readme = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    println!("cargo:rerun-if-changed={}", readme.display());
    let text = std::fs::read_to_string(&readme).expect("README.md next to this project");
    let start = text
        .find("```rust\n")
        .expect("a ```rust block in the README")
        + "```rust\n".len();
    let len = text[start..].find("\n```").expect("the block's end");
    let tour = &text[start..start + len];
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("tour.rs");
    let program = format!("fn main() -> Result<(), fory_core::Error> {{\n{tour}\n}}\n");
    std::fs::write(out, program).expect("write tour.rs");
}
