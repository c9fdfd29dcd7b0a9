//! Meta-string codecs for the names in TypeDefs and named type info.
//!
//! Encoding indices are positions in each kind's list of allowed
//! encodings (as pyfory has them): namespaces and field names
//! `[UTF-8, ALL_TO_LOWER_SPECIAL, LOWER_UPPER_DIGIT_SPECIAL]`, type names
//! the same plus `FIRST_TO_LOWER_SPECIAL`.

use super::typedef::NameKind;
use crate::error::{Error, Result};

/// Encodes `s` for `kind`: (encoding index, bytes).
pub(crate) fn encode(s: &str, _kind: NameKind) -> (u8, Vec<u8>) {
    (0, s.as_bytes().to_vec())
}

/// Decodes bytes written with encoding index `enc` for `kind`.
pub(crate) fn decode(bytes: &[u8], enc: u8, _kind: NameKind) -> Result<String> {
    if enc != 0 {
        return Err(Error::unsupported(format!(
            "meta string encoding index {enc}"
        )));
    }
    String::from_utf8(bytes.to_vec())
        .map_err(|e| Error::invalid(format!("invalid UTF-8 in a name: {e}")))
}
