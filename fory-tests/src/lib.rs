//! Shared helpers for the integration tests.

/// Parses a hex string with optional spaces (`"01 ff 29"`).
pub fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(digits.len() % 2 == 0, "odd hex string: {s}");
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}

/// The settings values are tested under: native, xlang, and xlang with
/// Java's array convention, each with ref tracking off and on; named for
/// assertion messages.
pub fn configs() -> Vec<(String, fory_core::Fory)> {
    let mut out = Vec::new();
    for (mode, xlang, arrays) in [
        ("native", false, false),
        ("xlang", true, false),
        ("xlang+array_buffers", true, true),
    ] {
        for ref_tracking in [false, true] {
            let fory = fory_core::Fory::builder()
                .xlang(xlang)
                .xlang_array_buffers(arrays)
                .ref_tracking(ref_tracking)
                .build();
            out.push((format!("{mode}, ref_tracking={ref_tracking}"), fory));
        }
    }
    out
}

/// Lowercase hex with spaces, for readable assertion failures.
pub fn to_hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The user guide's pages, compiled and run as doctests.
pub mod guide {
    #[doc = include_str!("../../docs/out-of-band.md")]
    pub mod out_of_band {}

    #[doc = include_str!("../../docs/derive.md")]
    pub mod derive {}

    #[doc = include_str!("../../docs/interop.md")]
    pub mod interop {}

    #[doc = include_str!("../../docs/large-data.md")]
    pub mod large_data {}

    #[doc = include_str!("../../docs/security.md")]
    pub mod security {}
}

/// The README's tour, compiled and run.
#[doc = include_str!("../../README.md")]
pub mod readme {}

/// A wrapper written and read as its contents the generic way: the data
/// through `fory_write_data` / `fory_read_data`, never on an output cursor
/// or in a run, with `T`'s type id, element types, nullability and ref
/// tracking in xlang mode; `$native` is the `ForyType` const of `T` that
/// gives its ref tracking in native mode.
macro_rules! generic_wrapper {
    ($(#[$doc:meta])* $name:ident, $native:ident) => {
        $(#[$doc])*
        #[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
        pub struct $name<T>(pub T);

        impl<T: fory_core::ForyType> fory_core::ForyType for $name<T> {
            const FORY_TYPE_ID: u8 = T::FORY_TYPE_ID;
            const FORY_XLANG_TYPE_ID: u8 = T::FORY_XLANG_TYPE_ID;
            const FORY_TRACKS_REF: bool = T::FORY_TRACKS_REF;
            const FORY_NATIVE_TRACKS_REF: bool = T::$native;
            const FORY_NULLABLE: bool = T::FORY_NULLABLE;
            const FORY_SHARED: bool = T::FORY_SHARED;
            fn fory_children() -> fory_core::object::Children {
                T::fory_children()
            }
            fn fory_write_type_info(
                ctx: &mut fory_core::WriteContext<'_, '_>,
            ) -> fory_core::Result<()> {
                T::fory_write_type_info(ctx)
            }
            fn fory_read_type_info(ctx: &mut fory_core::ReadContext<'_, '_>) -> fory_core::Result<u8> {
                T::fory_read_type_info(ctx)
            }
            fn fory_accepts(id: u8) -> bool {
                T::fory_accepts(id)
            }
        }

        impl<T: fory_core::Serialize> fory_core::Serialize for $name<T> {
            fn fory_write_data<'a>(
                &'a self,
                ctx: &mut fory_core::WriteContext<'a, '_>,
            ) -> fory_core::Result<()> {
                self.0.fory_write_data(ctx)
            }
            fn fory_is_none(&self) -> bool {
                self.0.fory_is_none()
            }
        }

        impl<T: fory_core::Deserialize> fory_core::Deserialize for $name<T> {
            fn fory_read_data(
                ctx: &mut fory_core::ReadContext<'_, '_>,
                id: u8,
            ) -> fory_core::Result<Self> {
                T::fory_read_data(ctx, id).map($name)
            }
            fn fory_null() -> Option<Self> {
                T::fory_null().map($name)
            }
            fn fory_zero() -> Option<Self> {
                T::fory_zero().map($name)
            }
        }
    };
}

generic_wrapper!(
    /// `T` as a struct field the generic way: the reference the output
    /// cursor's paths and the runs are compared with. No nesting level is
    /// added (as a `Box` would), and the schema hash and TypeDef are a `T`
    /// field's.
    ByField,
    FORY_NATIVE_TRACKS_REF
);

generic_wrapper!(
    /// [`ByField`] tracked in native mode as pyfory tracks it (every
    /// struct, list and map under ref tracking): the bytes native mode
    /// wrote before it flagged only what can be shared.
    Tracked,
    FORY_TRACKS_REF
);

/// The Python interop peer: its interpreter, runs of its scripts in
/// `python/`, and the checks the interop tests share.
pub mod peer {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    /// The interpreter with pyfory 1.7.7: `FORY_PYTHON`, else the
    /// workspace's `.venv`; a missing one fails the test (never skips it).
    pub fn python() -> PathBuf {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let py = std::env::var_os("FORY_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join(".venv/bin/python"));
        assert!(
            py.exists(),
            "the interop peer is missing: {} does not exist. Run scripts/test.sh (it creates .venv with pyfory 1.7.7, numpy, pyarrow and pandas), or set FORY_PYTHON",
            py.display()
        );
        py
    }

    /// The path of `python/<script>`.
    pub fn script(script: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("python")
            .join(script)
    }

    /// Runs `python/<script> <mode> <dir>` in UTC (pyfory converts a
    /// naive `datetime` with the local time zone).
    pub fn run(script_name: &str, mode: &str, dir: &Path) -> Output {
        Command::new(python())
            .arg(script(script_name))
            .arg(mode)
            .arg(dir)
            .env("TZ", "UTC")
            .output()
            .expect("run the Python peer")
    }

    /// A fresh, empty directory for one test's files.
    pub fn tempdir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("fory-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Has the peer read the `count` files Rust wrote to `dir` (its
    /// `read` mode, which reports `<n> passed, <m> failed`).
    pub fn assert_reads(script_name: &str, dir: &Path, count: usize) {
        let out = run(script_name, "read", dir);
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "pyfory could not read what Rust wrote:\n{report}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            report.contains(&format!("{count} passed, 0 failed")),
            "{report}"
        );
    }

    /// Has the peer write its files (its `write` mode) to a fresh
    /// directory `tag`, and returns it.
    pub fn written(script_name: &str, tag: &str) -> PathBuf {
        let dir = tempdir(tag);
        let out = run(script_name, "write", &dir);
        assert!(
            out.status.success(),
            "pyfory failed to write its cases:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    }

    /// A failure line when pyfory's bytes for case `name` are not Rust's.
    pub fn bytes_differ(name: &str, theirs: &[u8], mine: &[u8]) -> Option<String> {
        (theirs != mine).then(|| {
            format!(
                "{name}: bytes differ\n  pyfory: {}\n  rust:   {}",
                super::to_hex(theirs),
                super::to_hex(mine)
            )
        })
    }
}
