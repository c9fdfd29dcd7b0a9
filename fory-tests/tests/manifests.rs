//! What a crates.io or docs.rs reader sees of the published crates: each
//! manifest says where the code lives, what it is about and where the
//! README is, and docs.rs documents every feature.

use std::path::Path;

fn manifest(krate: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("Cargo.toml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `[package]` table of a manifest (up to the next table).
fn package_table(text: &str) -> &str {
    let start = text.find("[package]\n").expect("a [package] table");
    let rest = &text[start + "[package]\n".len()..];
    let end = rest.find("\n[").map_or(rest.len(), |i| i + 1);
    &rest[..end]
}

fn has_key(table: &str, key: &str) -> bool {
    table.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with(&format!("{key} ")) || l.starts_with(&format!("{key}.workspace "))
    })
}

#[test]
fn published_crates_carry_crates_io_metadata() {
    for krate in ["fory-core", "fory-buffers", "fory-derive"] {
        let text = manifest(krate);
        let package = package_table(&text);
        for key in [
            "name",
            "description",
            "version",
            "edition",
            "license",
            "rust-version",
            "repository",
            "readme",
            "keywords",
            "categories",
        ] {
            assert!(has_key(package, key), "{krate}/Cargo.toml has no `{key}`");
        }
    }
    let workspace = manifest(".");
    for key in ["repository", "keywords", "categories"] {
        assert!(
            workspace
                .lines()
                .any(|l| l.starts_with(&format!("{key} = "))),
            "the workspace manifest has no `{key}` for its members to inherit"
        );
    }
}

#[test]
fn docs_rs_documents_every_feature() {
    for krate in ["fory-core", "fory-buffers"] {
        let text = manifest(krate);
        let at = text
            .find("[package.metadata.docs.rs]")
            .unwrap_or_else(|| panic!("{krate}/Cargo.toml has no [package.metadata.docs.rs]"));
        assert!(
            text[at..].lines().nth(1) == Some("all-features = true"),
            "{krate}: docs.rs should build with all-features = true"
        );
    }
}
