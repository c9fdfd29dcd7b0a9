//! Interop with pyfory 1.7.7 for struct fields whose types the TypeDef or
//! schema hash declares. The peer is python/interop_fields.py.
//!
//! - Fields pyfory declares with tag ids (`pyfory.field(0)`) are refused
//!   with an error that says so and names the way out.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::path::Path;

use fory_core::{Deserialize, Fory, ForyObject, Serialize};
use fory_tests::peer;

/// The Python peer's script, in `python/`.
const SCRIPT: &str = "interop_fields.py";

/// Python's `Tagged` declares its fields with tag ids.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Tagged {
    name: String,
    age: i32,
    email: Option<String>,
}

/// The registrations of interop_fields.py's `make_fory`.
fn fory(compatible: bool, ref_tracking: bool) -> Fory {
    let mut f = Fory::builder()
        .xlang(true)
        .compatible(compatible)
        .ref_tracking(ref_tracking)
        .build();
    f.register::<Tagged>(604).unwrap();
    f
}

/// Serializes a case into a directory; returns the bytes.
type WriteCase = Box<dyn Fn(&Path) -> Vec<u8>>;
/// Reads Python's file for a case from a directory and checks it.
type ReadCase = Box<dyn Fn(&Path) -> Result<(), String>>;

struct Case {
    /// The file, `<name>.bin`.
    name: &'static str,
    /// Rust -> Python (`None`: pyfory writes this one only).
    write: Option<WriteCase>,
    read: ReadCase,
    /// Rust's bytes must equal pyfory's.
    same_bytes: bool,
}

/// Each side writes `value` (compatible or not, with ref tracking or
/// not), reads the other's as `value`, and the bytes are the same.
#[allow(dead_code)]
fn both<T>(name: &'static str, compatible: bool, ref_tracking: bool, value: T) -> Case
where
    T: Serialize + Deserialize + Debug + PartialEq + Clone + 'static,
{
    let written = value.clone();
    Case {
        name,
        write: Some(Box::new(move |dir: &Path| {
            let data = fory(compatible, ref_tracking).serialize(&written).unwrap();
            std::fs::write(dir.join(format!("{name}.bin")), &data).unwrap();
            data
        })),
        read: reader(name, compatible, ref_tracking, value),
        same_bytes: true,
    }
}

fn load(dir: &Path, name: &str) -> Result<Vec<u8>, String> {
    std::fs::read(dir.join(format!("{name}.bin"))).map_err(|e| format!("{name}: {e}"))
}

fn reader<T>(name: &'static str, compatible: bool, ref_tracking: bool, expected: T) -> ReadCase
where
    T: Deserialize + Debug + PartialEq + 'static,
{
    Box::new(move |dir: &Path| {
        let got: T = fory(compatible, ref_tracking)
            .deserialize(&load(dir, name)?)
            .map_err(|e| format!("{name} as {}: {e}", std::any::type_name::<T>()))?;
        if got != expected {
            return Err(format!("{name}: got {got:?}, expected {expected:?}"));
        }
        Ok(())
    })
}

/// pyfory's file `name` is an error as a `T`, whose message holds every
/// one of `needles`.
fn refused<T: Deserialize + Debug + 'static>(
    name: &'static str,
    compatible: bool,
    needles: &'static [&'static str],
) -> Case {
    let read: ReadCase = Box::new(move |dir: &Path| {
        match fory(compatible, false).deserialize::<T>(&load(dir, name)?) {
            Ok(v) => Err(format!("{name}: read {v:?}, expected an error")),
            Err(e) => match needles.iter().find(|n| !e.to_string().contains(*n)) {
                Some(n) => Err(format!("{name}: the error does not say {n:?}: {e}")),
                None => Ok(()),
            },
        }
    });
    Case {
        name,
        write: None,
        read,
        same_bytes: false,
    }
}

/// The cases of interop_fields.py's `CASES`.
fn cases() -> Vec<Case> {
    vec![
        refused::<Tagged>(
            "tagged",
            true,
            &[
                "registered by id 604",
                // the first field in the wire order: `age`, a number
                "field 0 (at byte 15) by tag id 1",
                "pyfory.field(1)",
                "not supported",
                "without tag ids",
            ],
        ),
        refused::<Tagged>("tagged_schema", false, &["schema hash"]),
    ]
}

#[test]
fn pyfory_and_rust_read_each_others_declared_fields() {
    let cases = cases();

    // Rust -> Python
    let rust_dir = peer::tempdir("interop-fields-rust");
    let rust_bytes: BTreeMap<&str, Vec<u8>> = cases
        .iter()
        .filter_map(|c| c.write.as_ref().map(|w| (c.name, w(&rust_dir))))
        .collect();
    peer::assert_reads(SCRIPT, &rust_dir, rust_bytes.len());

    // Python -> Rust
    let py_dir = peer::written(SCRIPT, "interop-fields-python");
    let mut failures = Vec::new();
    for c in &cases {
        if let Err(e) = (c.read)(&py_dir) {
            failures.push(e);
        }
        if c.same_bytes {
            let theirs = std::fs::read(py_dir.join(format!("{}.bin", c.name))).unwrap();
            failures.extend(peer::bytes_differ(c.name, &theirs, &rust_bytes[c.name]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
