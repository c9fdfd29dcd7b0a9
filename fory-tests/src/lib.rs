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
/// `python/`, and the driver and checks the interop tests share.
///
/// An interop test is a list of [`Case`](peer::Case)s, each a file
/// `<name>.bin` that one side writes and the other reads, and
/// [`both_ways`](peer::both_ways): Rust writes its cases and the script
/// reads them (its `read` mode), the script writes its cases (its `write`
/// mode) and Rust reads them and compares the bytes. Each test file builds
/// its own `Fory` per case, through the closure it gives
/// [`both`](peer::both), [`writer`](peer::writer),
/// [`reader`](peer::reader) and the rest.
pub mod peer {
    use std::collections::BTreeMap;
    use std::fmt::Debug;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    use bytes::Bytes;
    use fory_core::buffers::BufferObject;
    use fory_core::{Deserialize, Fory, Serialize};

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

    /// Serializes a case into a directory; returns the bytes.
    pub type WriteCase = Box<dyn Fn(&Path) -> Vec<u8>>;
    /// Reads the peer's file for a case from a directory and checks it.
    pub type ReadCase = Box<dyn Fn(&Path) -> Result<(), String>>;

    /// [`Case::same_bytes`]: every byte.
    pub const ALL: usize = usize::MAX;

    /// One case of an interop test.
    pub struct Case {
        /// The file, `<name>.bin`.
        pub name: &'static str,
        /// Rust -> the peer (`None`: the peer writes this one only).
        pub write: Option<WriteCase>,
        /// The peer -> Rust (`None`: the peer cannot write it).
        pub read: Option<ReadCase>,
        /// How many of Rust's bytes must equal the peer's (0: none,
        /// [`ALL`]: all).
        pub same_bytes: usize,
    }

    impl Debug for Case {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Case")
                .field("name", &self.name)
                .field("write", &self.write.is_some())
                .field("read", &self.read.is_some())
                .field("same_bytes", &self.same_bytes)
                .finish()
        }
    }

    /// A value [`both`] writes and reads back.
    pub trait CaseValue: Serialize + Deserialize + Debug + PartialEq + Clone + 'static {}

    impl<T: Serialize + Deserialize + Debug + PartialEq + Clone + 'static> CaseValue for T {}

    /// The bytes of case `name`'s file in `dir`.
    pub fn load(dir: &Path, name: &str) -> Result<Vec<u8>, String> {
        std::fs::read(dir.join(format!("{name}.bin"))).map_err(|e| format!("{name}: {e}"))
    }

    /// Writes `value`, with the `Fory` that `fory` builds, as case `name`.
    pub fn writer<T, F>(name: &'static str, fory: F, value: T) -> WriteCase
    where
        T: Serialize + 'static,
        F: Fn() -> Fory + 'static,
    {
        Box::new(move |dir: &Path| {
            let data = fory().serialize(&value).unwrap();
            std::fs::write(dir.join(format!("{name}.bin")), &data).unwrap();
            data
        })
    }

    /// Values compared with `==`.
    pub fn eq<T: PartialEq>(a: &T, b: &T) -> bool {
        a == b
    }

    /// Values compared by their `Debug` text: a NaN equals a NaN, and a
    /// `Decimal`'s scale counts.
    pub fn debug_eq<T: Debug>(a: &T, b: &T) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    /// Checks what reading case `name` gave: a value, `expected` by
    /// `same`.
    pub fn check<T: Debug>(
        name: &str,
        got: fory_core::Result<T>,
        expected: &T,
        same: fn(&T, &T) -> bool,
    ) -> Result<(), String> {
        let got = got.map_err(|e| format!("{name} as {}: {e}", std::any::type_name::<T>()))?;
        if !same(&got, expected) {
            return Err(format!("{name}: got {got:?}, expected {expected:?}"));
        }
        Ok(())
    }

    /// Reads the peer's file `name` with the `Fory` that `fory` builds:
    /// `expected` by `same`.
    pub fn reader<T, F>(
        name: &'static str,
        fory: F,
        expected: T,
        same: fn(&T, &T) -> bool,
    ) -> ReadCase
    where
        T: Deserialize + Debug + 'static,
        F: Fn() -> Fory + 'static,
    {
        Box::new(move |dir: &Path| {
            check(name, fory().deserialize(&load(dir, name)?), &expected, same)
        })
    }

    /// Each side writes `value`, reads the other's as `value`, and the
    /// bytes are the same.
    pub fn both<T, F>(name: &'static str, fory: F, value: T) -> Case
    where
        T: CaseValue,
        F: Fn() -> Fory + Clone + 'static,
    {
        Case {
            name,
            write: Some(writer(name, fory.clone(), value.clone())),
            read: Some(reader(name, fory, value, eq)),
            same_bytes: ALL,
        }
    }

    /// Rust writes `value`, the peer reads it (the peer writes no such
    /// file).
    pub fn to_peer<T, F>(name: &'static str, fory: F, value: T) -> Case
    where
        T: Serialize + 'static,
        F: Fn() -> Fory + 'static,
    {
        Case {
            name,
            write: Some(writer(name, fory, value)),
            read: None,
            same_bytes: 0,
        }
    }

    /// The peer's file `name` reads as `expected` (by `same`); Rust
    /// writes no such file.
    pub fn from_peer<T, F>(
        name: &'static str,
        fory: F,
        expected: T,
        same: fn(&T, &T) -> bool,
    ) -> Case
    where
        T: Deserialize + Debug + 'static,
        F: Fn() -> Fory + 'static,
    {
        Case {
            name,
            write: None,
            read: Some(reader(name, fory, expected, same)),
            same_bytes: 0,
        }
    }

    /// The error reading case `name` says every one of `needles`.
    pub fn says_all(
        name: &str,
        error: &dyn std::fmt::Display,
        needles: &[&str],
    ) -> Result<(), String> {
        let text = error.to_string();
        match needles.iter().find(|n| !text.contains(*n)) {
            Some(n) => Err(format!("{name}: the error does not say {n:?}: {text}")),
            None => Ok(()),
        }
    }

    /// The peer's file `name` is an error as a `T` (read with the `Fory`
    /// that `fory` builds), whose message says every one of `needles`.
    pub fn refused<T, F>(name: &'static str, fory: F, needles: &[&'static str]) -> Case
    where
        T: Deserialize + Debug + 'static,
        F: Fn() -> Fory + 'static,
    {
        let needles = needles.to_vec();
        let read: ReadCase =
            Box::new(
                move |dir: &Path| match fory().deserialize::<T>(&load(dir, name)?) {
                    Ok(v) => Err(format!(
                        "{name}: read {v:?} as {}, expected an error",
                        std::any::type_name::<T>()
                    )),
                    Err(e) => says_all(name, &e, &needles),
                },
            );
        Case {
            name,
            write: None,
            read: Some(read),
            same_bytes: 0,
        }
    }

    /// The two directories of [`both_ways`] and the failures it found.
    #[derive(Debug)]
    pub struct Run {
        /// Rust's files, which the peer read.
        pub rust_dir: PathBuf,
        /// The peer's files, which Rust read.
        pub py_dir: PathBuf,
        /// One line a failed check; a test adds its own.
        pub failures: Vec<String>,
    }

    impl Run {
        /// Fails with every failure line, if there is one.
        pub fn assert_ok(&self) {
            assert!(self.failures.is_empty(), "{}", self.failures.join("\n"));
        }

        /// Removes both directories, then [`Run::assert_ok`].
        pub fn finish(self) {
            let _ = std::fs::remove_dir_all(&self.rust_dir);
            let _ = std::fs::remove_dir_all(&self.py_dir);
            self.assert_ok();
        }
    }

    /// The cases both ways with the peer `script`. Rust -> the peer: every
    /// case's `write` into a fresh directory `<tag>-rust`, all of which
    /// the peer must read (a name written twice is one file, the last
    /// write's). The peer -> Rust: the peer writes its files into a fresh
    /// `<tag>-python`, every case's `read` checks its file, and the first
    /// `same_bytes` bytes of each file equal Rust's. Fails at once if the
    /// peer does; the cases' failures are in the [`Run`].
    pub fn both_ways(script: &str, tag: &str, cases: &[Case]) -> Run {
        // Rust -> Python
        let rust_dir = tempdir(&format!("{tag}-rust"));
        let rust_bytes: BTreeMap<&str, Vec<u8>> = cases
            .iter()
            .filter_map(|c| c.write.as_ref().map(|w| (c.name, w(&rust_dir))))
            .collect();
        assert_reads(script, &rust_dir, rust_bytes.len());

        // Python -> Rust
        let py_dir = written(script, &format!("{tag}-python"));
        let mut failures = Vec::new();
        for c in cases {
            if let Some(read) = &c.read {
                failures.extend(read(&py_dir).err());
            }
            if c.same_bytes > 0 {
                let ours = rust_bytes.get(c.name).unwrap_or_else(|| {
                    panic!("{}: the same bytes as a file Rust does not write", c.name)
                });
                match load(&py_dir, c.name) {
                    Ok(theirs) => {
                        let prefix = |b: &[u8]| b[..c.same_bytes.min(b.len())].to_vec();
                        failures.extend(bytes_differ(c.name, &prefix(&theirs), &prefix(ours)));
                    }
                    Err(e) => failures.push(e),
                }
            }
        }
        Run {
            rust_dir,
            py_dir,
            failures,
        }
    }

    /// Writes out-of-band buffers as the peers store them: a u64 count,
    /// then each as a u64 length and its bytes (little-endian).
    pub fn write_oob(path: &Path, objs: &[BufferObject<'_>]) {
        let mut out = (objs.len() as u64).to_le_bytes().to_vec();
        for o in objs {
            out.extend_from_slice(&(o.total_bytes() as u64).to_le_bytes());
            o.write_to(&mut out).unwrap();
        }
        std::fs::write(path, out).unwrap();
    }

    /// Reads the buffers [`write_oob`] (or a peer) stored, each a slice
    /// of the one file read.
    pub fn read_oob(path: &Path) -> Vec<Bytes> {
        let raw = Bytes::from(std::fs::read(path).unwrap());
        let count = u64::from_le_bytes(raw[..8].try_into().unwrap()) as usize;
        let (mut at, mut out) = (8, Vec::new());
        for _ in 0..count {
            let n = u64::from_le_bytes(raw[at..at + 8].try_into().unwrap()) as usize;
            at += 8;
            out.push(raw.slice(at..at + n));
            at += n;
        }
        out
    }
}
