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

/// A reader who depends on `fory-core` alone (as the README says) can copy
/// every Rust block of the pages and every example: they reach `bytes`,
/// `ndarray` and the Arrow crates through its re-exports, never directly
/// (fory-tests, which runs the blocks, depends on those crates itself, so
/// a direct `use` would pass here and fail in a user's project). The one
/// exception is tokio, whose runtime the async example's user brings.
#[test]
fn rust_blocks_and_examples_use_only_fory_core_and_std() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<(std::path::PathBuf, bool)> =
        pages().into_iter().map(|p| (p, true)).collect();
    for e in std::fs::read_dir(root.join("fory-core/examples")).unwrap() {
        files.push((e.unwrap().path(), false));
    }
    let allowed = [
        "std",
        "core",
        "alloc",
        "fory_core",
        "tokio",
        "crate",
        "self",
        "super",
    ];
    let mut direct = Vec::new();
    for (file, markdown) in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut block: Option<bool> = if markdown { None } else { Some(true) };
        for (n, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if markdown {
                if let Some(info) = t.strip_prefix("```") {
                    block = match block {
                        Some(_) => None,
                        None => Some(info.is_empty() || info.starts_with("rust")),
                    };
                    continue;
                }
            }
            if block != Some(true) {
                continue;
            }
            if let Some(path) = t.strip_prefix("use ") {
                let krate: String = path
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !allowed.contains(&krate.as_str()) {
                    direct.push(format!("{}:{}: {line}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        direct.is_empty(),
        "crates used directly (use fory_core's re-exports):\n{}",
        direct.join("\n")
    );
}

/// The `[dependencies]` entries of a TOML text: `name = value` lines after
/// a `[dependencies]` header, up to the next header; comments dropped.
fn dependencies(toml: &str) -> Vec<(String, String)> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in toml.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t == "[dependencies]";
            continue;
        }
        if inside && !t.is_empty() && !t.starts_with('#') {
            let (name, value) = t.split_once('=').expect("a `name = value` line");
            out.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    out
}

/// `value` with its `path = "..."` replaced, so a README path and the
/// project's real path compare equal.
fn without_path(value: &str) -> String {
    match value.find("path = \"") {
        Some(at) => {
            let rest = &value[at + "path = \"".len()..];
            let end = rest.find('"').expect("a closed path string");
            format!("{}path = \"…{}", &value[..at], &rest[end..])
        }
        None => value.to_string(),
    }
}

/// readme-project (built and run by scripts/test.sh) is the fresh project a
/// newcomer makes from the README: its dependencies must be exactly the
/// README's "Use it" lines, so the tour is proved to build with those alone.
#[test]
fn the_readme_project_depends_on_what_the_readme_lists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme
        .find("```toml\n")
        .expect("a toml block in the README")
        + 8;
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let project = std::fs::read_to_string(root.join("readme-project/Cargo.toml")).unwrap();
    let listed: Vec<_> = dependencies(block)
        .into_iter()
        .map(|(n, v)| (n, without_path(&v)))
        .collect();
    let used: Vec<_> = dependencies(&project)
        .into_iter()
        .map(|(n, v)| (n, without_path(&v)))
        .collect();
    assert!(!listed.is_empty(), "the README lists no dependency");
    assert_eq!(listed, used, "README's [dependencies] vs readme-project's");
}
