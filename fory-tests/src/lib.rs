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
