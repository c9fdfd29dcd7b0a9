//! Names in TypeDefs: the meta-string codec with pyfory's per-kind lists
//! of allowed encodings. A name's encoding is written as its index in the
//! kind's list: namespaces and field names `[UTF-8, ALL_TO_LOWER_SPECIAL,
//! LOWER_UPPER_DIGIT_SPECIAL]`, type names the same plus
//! `FIRST_TO_LOWER_SPECIAL`.

use super::meta_string::{
    self as ms, MetaEncoding, FIELD_NAME_ENCODINGS, TYPEDEF_NAMESPACE_ENCODINGS,
    TYPEDEF_TYPE_NAME_ENCODINGS,
};
use super::typedef::NameKind;
use crate::error::{Error, Result};

fn allowed(kind: NameKind) -> &'static [MetaEncoding] {
    match kind {
        NameKind::Namespace => &TYPEDEF_NAMESPACE_ENCODINGS,
        NameKind::TypeName => &TYPEDEF_TYPE_NAME_ENCODINGS,
        NameKind::Field => &FIELD_NAME_ENCODINGS,
    }
}

/// Encodes `s` for `kind`: (encoding index, bytes).
pub(crate) fn encode(s: &str, kind: NameKind) -> (u8, Vec<u8>) {
    let e = match kind {
        NameKind::Namespace => ms::encode_typedef_namespace(s),
        NameKind::TypeName => ms::encode_typedef_type_name(s),
        NameKind::Field => ms::encode_field_name(s),
    };
    // the codec falls back to UTF-8 (index 0) when nothing allowed fits
    let index = allowed(kind)
        .iter()
        .position(|&a| a == e.encoding)
        .unwrap_or(0);
    if index == 0 && e.encoding != MetaEncoding::Utf8 {
        return (0, s.as_bytes().to_vec());
    }
    (index as u8, e.bytes)
}

/// Decodes bytes written with encoding index `enc` for `kind`.
pub(crate) fn decode(bytes: &[u8], enc: u8, kind: NameKind) -> Result<String> {
    let encoding = *allowed(kind)
        .get(enc as usize)
        .ok_or_else(|| Error::invalid(format!("invalid name encoding index {enc} in a TypeDef")))?;
    let r = match kind {
        NameKind::Namespace => ms::decode_namespace(bytes, encoding),
        NameKind::TypeName => ms::decode_type_name(bytes, encoding),
        NameKind::Field => ms::decode_field_name(bytes, encoding),
    };
    r.map_err(|e| Error::invalid(format!("invalid name in a TypeDef: {e}")))
}
