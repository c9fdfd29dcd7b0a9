//! The Markdown pages are read on GitHub as much as compiled as doctests:
//! their Rust blocks must not hide lines (rustdoc's `# ` prefix shows up
//! verbatim there), so every line a reader sees is the code that runs.

use std::path::Path;

fn pages() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = vec![root.join("README.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out
}

#[test]
fn rust_blocks_in_the_pages_hide_no_lines() {
    let mut hidden = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        // (inside a fenced block, is it Rust)
        let mut block: Option<bool> = None;
        for (n, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if let Some(info) = t.strip_prefix("```") {
                block = match block {
                    Some(_) => None,
                    None => Some(info.is_empty() || info.starts_with("rust")),
                };
                continue;
            }
            let in_rust = block == Some(true);
            if in_rust && (t.starts_with("# ") || t == "#") {
                hidden.push(format!("{}:{}: {line}", page.display(), n + 1));
            }
        }
    }
    assert!(
        hidden.is_empty(),
        "hidden doctest lines:\n{}",
        hidden.join("\n")
    );
}
