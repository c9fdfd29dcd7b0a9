//! TypeDefs: the struct metadata `compatible(true)` shares in the stream,
//! so that a reader with other fields can still read a struct.
//!
//! Layout (as pyfory 1.7.7): an i64 header — a 52-bit hash of the body in
//! the high bits, the body size (capped at 255) in the low byte — then, if
//! the size is 255 or more, `varuint32(size - 255)`; then the body:
//!
//! - a kind byte: structs `0x80 | 0x40 (compatible) | 0x20 (by name) |
//!   min(fields, 31)` (and `varuint32(fields - 31)` past 31); enums and
//!   unions a small kind code;
//! - the type: `varuint32` user id, or namespace and name as meta strings
//!   with a one-byte `len << 2 | encoding` header;
//! - per field: a header byte (bit 0 ref, bit 1 nullable, bits 2–5 name
//!   size − 1 (15 = more in a varuint32), bits 6–7 name encoding), the
//!   field type (type id byte; nested element/key/value types as
//!   `varuint32(id << 2 | nullable << 1 | ref)`), then the name bytes.
//!
//! In the stream a TypeDef follows its type id as `varuint32(index << 1)`
//! and the bytes the first time, `varuint32(index << 1 | 1)` after.

use std::sync::Arc;

use super::murmur::murmur3_x64_128;
use super::registry::{TypeKey, UserKind};
use super::schema::{Children, FieldInfo, StructSchema, TypeNode};
use crate::error::{Error, Result};
use crate::io::{Reader, Writer};
use crate::types::type_id as t;

const STRUCT_FLAG: u8 = 0x80;
const COMPATIBLE_FLAG: u8 = 0x40;
const BY_NAME_FLAG: u8 = 0x20;
const SMALL_FIELDS: usize = 0x1f;
const SIZE_MASK: u64 = 0xff;
const BIG_NAME: usize = 0x3f;
const FIELD_NAME_SIZE: usize = 0x0f;
const HASH_SHIFT: u32 = 12;
/// Bodies larger than this are rejected as hostile.
const MAX_BODY: usize = 1 << 20;

/// Which list of meta-string encodings a name uses.
#[derive(Clone, Copy)]
pub(crate) enum NameKind {
    Namespace,
    TypeName,
    Field,
}

/// One field of a TypeDef read from a stream.
#[derive(Debug, Clone)]
pub(crate) struct RemoteField {
    /// Shared with every `Value` read along this TypeDef (never copied
    /// per value).
    pub(crate) name: Arc<str>,
    pub(crate) info: FieldInfo,
    pub(crate) ty: RemoteType,
}

/// A field type read from a TypeDef.
#[derive(Debug, Clone)]
pub(crate) struct RemoteType {
    pub(crate) id: u8,
    pub(crate) nullable: bool,
    pub(crate) track_ref: bool,
    pub(crate) children: Vec<RemoteType>,
}

/// A TypeDef read from a stream.
#[derive(Debug)]
pub(crate) struct RemoteTypeDef {
    pub(crate) key: TypeKey,
    /// Struct, enum or union, as the writer declared it.
    pub(crate) kind: UserKind,
    pub(crate) fields: Vec<RemoteField>,
    /// How the fields map onto the local struct, made on first use.
    pub(crate) plan: std::sync::OnceLock<super::read_plan::ReadPlan>,
    /// The type's label in a dynamic `Value`, made on first use.
    pub(crate) label: std::sync::OnceLock<Arc<str>>,
}

/// Says whether a user type (by its Rust type) is registered by name.
pub(crate) type NamedFn<'a> = &'a dyn Fn(std::any::TypeId) -> bool;

/// How field types are recorded: [`typedef_id`].
#[derive(Clone, Copy)]
pub(crate) struct Recording<'a> {
    /// Whether a user type is registered by name.
    pub(crate) named: NamedFn<'a>,
    /// An xlang TypeDef (pyfory's rules for unions).
    pub(crate) xlang: bool,
}

/// The id a TypeDef records for a type, as the mode declares it
/// ([`TypeNode::declared_id`]; nested types too): struct types as their
/// compatible kind, named when the struct type is registered by name (as
/// pyfory records it; enums keep ENUM either way). In xlang TypeDefs a union
/// (TYPED_UNION, or NAMED_UNION) is UNION, registered by id or by name,
/// as pyfory 1.7.7 records it (a union field's bytes do not depend on
/// the registration); native TypeDefs keep TYPED_UNION (every union id
/// reads as a union field).
fn typedef_id(node: &TypeNode, rec: Recording<'_>) -> u8 {
    match node.declared_id(rec.xlang) {
        t::STRUCT if (node.user)().is_some_and(rec.named) => t::NAMED_COMPATIBLE_STRUCT,
        t::STRUCT => t::COMPATIBLE_STRUCT,
        t::NAMED_STRUCT => t::NAMED_COMPATIBLE_STRUCT,
        t::TYPED_UNION | t::NAMED_UNION if rec.xlang => t::UNION,
        other => other,
    }
}

fn write_nested(w: &mut Writer, node: TypeNode, rec: Recording<'_>) {
    w.write_varuint32(((typedef_id(&node, rec) as u32) << 2) | ((node.nullable as u32) << 1));
    write_children(w, node.children, rec);
}

fn write_children(w: &mut Writer, children: Children, rec: Recording<'_>) {
    match children {
        Children::None => {}
        Children::Element(e) => write_nested(w, e(), rec),
        Children::KeyValue(k, v) => {
            write_nested(w, k(), rec);
            write_nested(w, v(), rec);
        }
        Children::Unknown => w.write_varuint32(((t::UNKNOWN as u32) << 2) | 0b10),
    }
}

fn write_name(w: &mut Writer, s: &str, kind: NameKind) {
    let (enc, bytes) = super::names::encode(s, kind);
    if bytes.len() >= BIG_NAME {
        w.write_u8(((BIG_NAME as u8) << 2) | enc);
        w.write_varuint32((bytes.len() - BIG_NAME) as u32);
    } else {
        w.write_u8(((bytes.len() as u8) << 2) | enc);
    }
    w.write_bytes(&bytes);
}

fn non_struct_code(kind: UserKind, by_name: bool) -> u8 {
    match (kind, by_name) {
        (UserKind::Enum, false) => 0,
        (UserKind::Enum, true) => 1,
        (UserKind::Union, false) => 4,
        (UserKind::Union, true) => 5,
        (UserKind::Struct, _) => unreachable!("structs have their own header"),
    }
}

/// Encodes the TypeDef of a struct (with its fields in wire order), or of
/// a named enum/union (`schema` is `None`); `named` tells which struct
/// types of the fields are registered by name.
pub(crate) fn encode(
    key: &TypeKey,
    kind: UserKind,
    schema: Option<&StructSchema>,
    rec: Recording<'_>,
) -> Vec<u8> {
    let mut body = Writer::new();
    let by_name = matches!(key, TypeKey::Name { .. });
    match schema {
        Some(schema) => {
            let n = schema.order.len();
            let mut header = STRUCT_FLAG | COMPATIBLE_FLAG | (n.min(SMALL_FIELDS) as u8);
            if by_name {
                header |= BY_NAME_FLAG;
            }
            body.write_u8(header);
            if n >= SMALL_FIELDS {
                body.write_varuint32((n - SMALL_FIELDS) as u32);
            }
        }
        None => body.write_u8(non_struct_code(kind, by_name)),
    }
    match key {
        TypeKey::Id(id) => body.write_varuint32(*id),
        TypeKey::Name { namespace, name } => {
            write_name(&mut body, namespace, NameKind::Namespace);
            write_name(&mut body, name, NameKind::TypeName);
        }
    }
    if let Some(schema) = schema {
        for &i in &schema.order {
            let f = &schema.fields[i];
            let (enc, name) = super::names::encode(f.name, NameKind::Field);
            let size = name.len().saturating_sub(1);
            let mut h = (f.track_ref as u8) | ((f.nullable as u8) << 1) | (enc << 6);
            if size >= FIELD_NAME_SIZE {
                h |= (FIELD_NAME_SIZE as u8) << 2;
                body.write_u8(h);
                body.write_varuint32((size - FIELD_NAME_SIZE) as u32);
            } else {
                h |= (size as u8) << 2;
                body.write_u8(h);
            }
            body.write_u8(typedef_id(&f.node, rec));
            write_children(&mut body, f.node.children, rec);
            body.write_bytes(&name);
        }
    }
    let body = body.into_inner();
    let low = (body.len() as u64).min(SIZE_MASK);
    let mut out = Writer::new();
    out.write_u64(header_hash(&body, low) | low);
    if body.len() as u64 >= SIZE_MASK {
        out.write_varuint32((body.len() as u64 - SIZE_MASK) as u32);
    }
    out.write_bytes(&body);
    out.into_inner()
}

fn header_hash(body: &[u8], low: u64) -> u64 {
    let mut input = body.to_vec();
    input.push((low & 0xff) as u8);
    input.push((low >> 8) as u8);
    let h = murmur3_x64_128(&input, 47).0;
    let mut shifted = (h << HASH_SHIFT) as i64;
    if shifted != i64::MIN && shifted < 0 {
        shifted = -shifted;
    }
    (shifted as u64) & !((1u64 << HASH_SHIFT) - 1)
}

/// Reads one TypeDef; never allocates by an unchecked size.
pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Arc<RemoteTypeDef>> {
    let at = r.position();
    let header = r.read_u64()?;
    if header & (0b111 << 9) != 0 {
        return Err(Error::invalid(format!(
            "invalid TypeDef header at byte {at}"
        )));
    }
    if header & (1 << 8) != 0 {
        return Err(Error::unsupported(format!(
            "compressed TypeDef at byte {at}"
        )));
    }
    let mut size = (header & SIZE_MASK) as usize;
    if size == SIZE_MASK as usize {
        size += r.read_varuint32()? as usize;
    }
    if size > MAX_BODY {
        return Err(Error::invalid(format!(
            "TypeDef of {size} bytes at byte {at} is over the 1 MiB limit"
        )));
    }
    let body_at = r.position();
    let body = r.read_bytes(size)?;
    if header_hash(body, header & SIZE_MASK) != header & !0xfff {
        return Err(Error::invalid(format!(
            "TypeDef at byte {at}: its hash does not match its bytes"
        )));
    }
    let mut b = Reader::new(body);
    let kind_byte = b.read_u8()?;
    let (kind, by_name, n) = if kind_byte & STRUCT_FLAG != 0 {
        let mut n = (kind_byte as usize) & SMALL_FIELDS;
        if n == SMALL_FIELDS {
            n += b.read_varuint32()? as usize;
        }
        (UserKind::Struct, kind_byte & BY_NAME_FLAG != 0, n)
    } else {
        match kind_byte {
            0 => (UserKind::Enum, false, 0),
            1 => (UserKind::Enum, true, 0),
            4 => (UserKind::Union, false, 0),
            5 => (UserKind::Union, true, 0),
            other => {
                return Err(Error::unsupported(format!(
                    "TypeDef kind {other:#04x} at byte {at} (extension types are not supported)"
                )))
            }
        }
    };
    // each field takes at least 3 bytes
    if n > b.remaining() / 3 + 1 {
        return Err(Error::invalid(format!(
            "TypeDef at byte {at} claims {n} fields in {size} bytes"
        )));
    }
    let key = if by_name {
        let namespace = read_name(&mut b, NameKind::Namespace)?;
        let name = read_name(&mut b, NameKind::TypeName)?;
        TypeKey::Name { namespace, name }
    } else {
        TypeKey::Id(b.read_varuint32()?)
    };
    let mut fields = Vec::with_capacity(n);
    for i in 0..n {
        let field_at = body_at + b.position();
        let h = b.read_u8()?;
        let enc = h >> 6;
        if enc == TAG_ID_ENCODING {
            return Err(tag_id_field(&mut b, h, i, field_at, &key));
        }
        let mut size = ((h >> 2) & 0x0f) as usize;
        if size == FIELD_NAME_SIZE {
            size += b.read_varuint32()? as usize;
        }
        let track_ref = h & 1 != 0;
        let nullable = h & 2 != 0;
        let id = b.read_u8()?;
        let children = read_children(&mut b, id, 0)?;
        let name_bytes = b.read_bytes(size + 1)?;
        let name = super::names::decode(name_bytes, enc, NameKind::Field)?;
        let ty = RemoteType {
            id,
            nullable,
            track_ref,
            children,
        };
        let info = FieldInfo {
            name: "",
            type_id: id,
            nullable,
            track_ref,
            type_fingerprint: String::new(),
            node: TypeNode {
                id,
                xlang_id: id,
                nullable,
                children: Children::None,
                user: || None,
            },
            accepts: |_| true,
            xlang: false,
        };
        fields.push(RemoteField {
            name: name.into(),
            info,
            ty,
        });
    }
    Ok(Arc::new(RemoteTypeDef {
        key,
        kind,
        fields,
        plan: std::sync::OnceLock::new(),
        label: std::sync::OnceLock::new(),
    }))
}

/// The encoding bits (6-7) of a field header that identifies the field by
/// a tag id (pyfory's `pyfory.field(id=...)`) instead of a name.
const TAG_ID_ENCODING: u8 = 3;

/// The error for field `index` of the TypeDef of `key`, at byte `at`,
/// identified by a tag id (its header byte `h`): such fields are not
/// matched here, since a Rust field has no tag id to match.
#[cold]
fn tag_id_field(b: &mut Reader<'_>, h: u8, index: usize, at: usize, key: &TypeKey) -> Error {
    // the tag: bits 2-5, and a varuint32 more when they are all set
    let mut tag = u64::from((h >> 2) & 0x0f);
    if tag == FIELD_NAME_SIZE as u64 {
        tag += b.read_varuint32().map_or(0, u64::from);
    }
    Error::unsupported(format!(
        "the TypeDef of the struct registered by {key} declares field {index} (at byte {at}) by tag id {tag} \
         (pyfory's `pyfory.field({tag})` / `field(id={tag})`), and reading fields by tag id is not supported: \
         fields are matched by name. Declare the writer's fields without tag ids \
         (`pyfory.field(nullable=...)` without an id, or no `pyfory.field` at all)"
    ))
}

fn read_children(b: &mut Reader<'_>, id: u8, depth: u32) -> Result<Vec<RemoteType>> {
    if depth > 64 {
        return Err(Error::invalid("TypeDef field types nest too deeply"));
    }
    let count = match id {
        t::LIST | t::SET => 1,
        t::MAP => 2,
        _ => 0,
    };
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let v = b.read_varuint32()?;
        let id = u8::try_from(v >> 2).map_err(|_| {
            Error::invalid(format!("TypeDef nested type id {} out of range", v >> 2))
        })?;
        let children = read_children(b, id, depth + 1)?;
        out.push(RemoteType {
            id,
            nullable: v & 2 != 0,
            track_ref: v & 1 != 0,
            children,
        });
    }
    Ok(out)
}

fn read_name(b: &mut Reader<'_>, kind: NameKind) -> Result<String> {
    let h = b.read_u8()?;
    let enc = h & 0b11;
    let mut len = (h >> 2) as usize;
    if len == BIG_NAME {
        len += b.read_varuint32()? as usize;
    }
    let bytes = b.read_bytes(len)?;
    super::names::decode(bytes, enc, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TypeDef whose fields pyfory identifies by tag id
    /// (`pyfory.field(id)`): an error that says so, names the type, the
    /// field's byte and tag, and the way out.
    #[test]
    fn tag_id_fields_are_an_error_that_names_the_way_out() {
        for (tag, extra) in [(1u8, None), (20, Some(5u32))] {
            let mut body = Writer::new();
            body.write_u8(STRUCT_FLAG | COMPATIBLE_FLAG | 2);
            body.write_varuint32(604);
            // a named field first, then one by tag id
            let (enc, name) = super::super::names::encode("name", NameKind::Field);
            body.write_u8((enc << 6) | (((name.len() - 1) as u8) << 2));
            body.write_u8(t::STRING);
            body.write_bytes(&name);
            let field_at = 8 + body.len();
            body.write_u8((TAG_ID_ENCODING << 6) | (tag.min(15) << 2) | 0b10);
            if let Some(more) = extra {
                body.write_varuint32(more);
            }
            body.write_u8(t::VARINT32);
            let body = body.into_inner();
            let mut bytes = Writer::new();
            let low = body.len() as u64;
            bytes.write_u64(header_hash(&body, low) | low);
            bytes.write_bytes(&body);
            let bytes = bytes.into_inner();
            let err = decode(&mut Reader::new(&bytes)).unwrap_err();
            let text = err.to_string();
            assert_eq!(err.kind(), crate::ErrorKind::Unsupported);
            let tag = u32::from(tag.min(15)) + extra.unwrap_or(0);
            for needle in [
                "registered by id 604".to_string(),
                format!("field 1 (at byte {field_at}) by tag id {tag}"),
                "not supported".to_string(),
                "without tag ids".to_string(),
            ] {
                assert!(text.contains(&needle), "{needle:?} in {text}");
            }
        }
    }

    /// A union field, and a list of unions, recorded as UNION in xlang
    /// TypeDefs (as pyfory 1.7.7 does), as TYPED_UNION in native ones.
    #[test]
    fn union_fields_are_union_in_xlang_typedefs_only() {
        let mut shape = FieldInfo::of::<std::result::Result<f64, String>>("shape", None, None);
        shape.type_id = t::TYPED_UNION;
        shape.node.id = t::TYPED_UNION;
        let mut named = shape.clone();
        named.name = "named";
        named.type_id = t::NAMED_UNION;
        named.node.id = t::NAMED_UNION;
        let mut schema = StructSchema::new(vec![shape, named]);
        schema.order = vec![0, 1];
        for (xlang, want) in [
            (true, [t::UNION; 2]),
            (false, [t::TYPED_UNION, t::NAMED_UNION]),
        ] {
            let rec = Recording {
                named: &|_| false,
                xlang,
            };
            let bytes = encode(&TypeKey::Id(7), UserKind::Struct, Some(&schema), rec);
            let def = decode(&mut Reader::new(&bytes)).unwrap();
            let got: Vec<u8> = def.fields.iter().map(|f| f.ty.id).collect();
            assert_eq!(got, want, "xlang: {xlang}");
        }
    }
}
