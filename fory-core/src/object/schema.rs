//! Struct schemas: field descriptors, the spec's field order, and the
//! schema fingerprint written by `compatible(false)`.

use std::fmt::Write as _;

use super::murmur::murmur3_x64_128;
use crate::serializer::ForyType;
use crate::types::type_id as t;

/// The nested types of a collection or map type.
#[derive(Debug, Clone, Copy)]
pub enum Children {
    /// A scalar, string, binary, dense array or user type.
    None,
    /// A LIST or SET's element type.
    Element(fn() -> TypeNode),
    /// A MAP's key and value types.
    KeyValue(fn() -> TypeNode, fn() -> TypeNode),
    /// A list of mixed element types (a tuple).
    Unknown,
}

/// A type as schemas describe it: id, nullability and nested types.
#[derive(Debug, Clone, Copy)]
pub struct TypeNode {
    /// The type id.
    pub id: u8,
    /// The type id the type is declared as in xlang mode, as a struct
    /// field or nested in one
    /// ([`ForyType::FORY_XLANG_TYPE_ID`](crate::serializer::ForyType::FORY_XLANG_TYPE_ID)):
    /// `id` but for a 1-D n-d array (the dense array) or a record batch
    /// (UNKNOWN).
    pub xlang_id: u8,
    /// An `Option`.
    pub nullable: bool,
    /// Nested types.
    pub children: Children,
    /// The Rust type of a user type ([`ForyType::fory_user_type`]).
    pub user: fn() -> Option<std::any::TypeId>,
}

impl TypeNode {
    /// The node of `T`.
    pub fn of<T: ForyType + ?Sized>() -> TypeNode {
        TypeNode {
            id: T::FORY_TYPE_ID,
            xlang_id: T::FORY_XLANG_TYPE_ID,
            nullable: T::FORY_NULLABLE,
            children: T::fory_children(),
            user: T::fory_user_type,
        }
    }

    /// The id the type is declared as: [`xlang_id`](Self::xlang_id) in
    /// xlang mode, else [`id`](Self::id).
    pub fn declared_id(&self, xlang: bool) -> u8 {
        if xlang {
            self.xlang_id
        } else {
            self.id
        }
    }

    /// Appends the fingerprint of the nested types: `[e]`, `[k|v]`, each
    /// as declared in the mode.
    fn fingerprint_children(&self, out: &mut String, xlang: bool) {
        let child = |n: TypeNode, out: &mut String| {
            let _ = write!(out, "{},0,0", fingerprint_id(n.declared_id(xlang)));
            n.fingerprint_children(out, xlang);
        };
        match self.children {
            Children::None => {}
            Children::Element(e) => {
                out.push('[');
                child(e(), out);
                out.push(']');
            }
            Children::KeyValue(k, v) => {
                out.push('[');
                child(k(), out);
                out.push('|');
                child(v(), out);
                out.push(']');
            }
            Children::Unknown => out.push_str("[0,0,0]"),
        }
    }
}

/// One field of a derived struct, as `#[derive(ForyObject)]` describes it.
#[derive(Debug, Clone)]
pub struct FieldInfo {
    /// The name on the wire.
    pub name: &'static str,
    /// The field type's type id.
    pub type_id: u8,
    /// A null flag is written (an `Option`, or `#[fory(nullable)]`).
    pub nullable: bool,
    /// Ref flags are written (`#[fory(track_ref)]`).
    pub track_ref: bool,
    /// The fingerprint of the field's type, e.g. `22,0,0[21,0,0]`.
    pub type_fingerprint: String,
    /// The field's type with its nested types.
    pub node: TypeNode,
    /// Whether the field's Rust type can read data written under a type
    /// id ([`ForyType::fory_accepts`]): decides, once per peer TypeDef,
    /// whether a field whose type changed is read or skipped.
    pub accepts: fn(u8) -> bool,
    /// Declared as xlang mode declares it ([`in_xlang`](Self::in_xlang)),
    /// nested types included.
    pub xlang: bool,
}

impl FieldInfo {
    /// Describes a field of type `T`; `nullable` and `track_ref` override
    /// what the type implies.
    pub fn of<T: ForyType>(
        name: &'static str,
        nullable: Option<bool>,
        track_ref: Option<bool>,
    ) -> Self {
        let nullable = nullable.unwrap_or(T::FORY_NULLABLE);
        let track_ref = track_ref.unwrap_or(T::FORY_SHARED);
        let node = TypeNode::of::<T>();
        FieldInfo {
            name,
            type_id: T::FORY_TYPE_ID,
            nullable,
            track_ref,
            type_fingerprint: type_fingerprint(&node, track_ref, nullable, false),
            node,
            accepts: T::fory_accepts,
            xlang: false,
        }
    }

    /// The field as xlang mode declares it, in its TypeDef and schema
    /// hash: its type's [`TypeNode::xlang_id`] (a 1-D n-d array's dense
    /// array, as pyfory declares a `pyfory.Float64Array` field; a record
    /// batch's UNKNOWN, as pyfory declares a `pa.RecordBatch` field).
    ///
    /// Nested types (a list's elements, a map's keys and values) are
    /// declared by their xlang ids too: a `Vec<Array1<f64>>` field is
    /// pyfory's `List[pyfory.Float64Array]`.
    pub fn in_xlang(mut self) -> Self {
        self.type_id = self.node.xlang_id;
        self.node.id = self.node.xlang_id;
        self.xlang = true;
        self.type_fingerprint = type_fingerprint(&self.node, self.track_ref, self.nullable, true);
        self
    }

    /// True for numbers and bool, which are written without flags unless
    /// nullable and sorted first.
    pub fn is_primitive(&self) -> bool {
        primitive_size(self.type_id).is_some()
    }
}

/// A field type's fingerprint, e.g. `22,0,0[21,0,0]`: its type id, ref
/// flag and nullability, then its nested types' as declared in the mode.
fn type_fingerprint(node: &TypeNode, track_ref: bool, nullable: bool, xlang: bool) -> String {
    let mut fp = String::new();
    let _ = write!(
        fp,
        "{},{},{}",
        fingerprint_id(node.id),
        track_ref as u8,
        nullable as u8
    );
    node.fingerprint_children(&mut fp, xlang);
    fp
}

/// The type id a fingerprint records: user types (structs, enums,
/// unions, extensions) all count as UNKNOWN (0).
pub fn fingerprint_id(id: u8) -> u8 {
    match id {
        t::ENUM
        | t::NAMED_ENUM
        | t::STRUCT
        | t::COMPATIBLE_STRUCT
        | t::NAMED_STRUCT
        | t::NAMED_COMPATIBLE_STRUCT
        | t::EXT
        | t::NAMED_EXT
        | t::UNION
        | t::TYPED_UNION
        | t::NAMED_UNION => t::UNKNOWN,
        other => other,
    }
}

pub(crate) const fn primitive_size(id: u8) -> Option<i32> {
    Some(match id {
        t::BOOL | t::INT8 | t::UINT8 => 1,
        t::INT16 | t::UINT16 | t::FLOAT16 | t::BFLOAT16 => 2,
        t::INT32 | t::VARINT32 | t::UINT32 | t::VAR_UINT32 | t::FLOAT32 => 4,
        t::INT64
        | t::VARINT64
        | t::TAGGED_INT64
        | t::UINT64
        | t::VAR_UINT64
        | t::TAGGED_UINT64
        | t::FLOAT64 => 8,
        _ => return None,
    })
}

const fn is_compressed(id: u8) -> bool {
    matches!(
        id,
        t::VARINT32
            | t::VARINT64
            | t::TAGGED_INT64
            | t::VAR_UINT32
            | t::VAR_UINT64
            | t::TAGGED_UINT64
    )
}

/// pyfory's snake_case of a field name, used to sort and fingerprint.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            out.push(c);
            prev = Some(c);
            continue;
        }
        if c.is_uppercase() {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_lower_or_digit = prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit());
            let prev_upper = prev.is_some_and(char::is_uppercase);
            if !out.is_empty()
                && !out.ends_with('_')
                && (prev_lower_or_digit || (prev_upper && next_lower))
            {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// A struct's fields with the order they are written in and its
/// fingerprint hash.
#[derive(Debug, Clone)]
pub struct StructSchema {
    /// Fields in declaration order.
    pub fields: Vec<FieldInfo>,
    /// Indices into `fields`, in wire order.
    pub order: Vec<usize>,
    /// The schema fingerprint string.
    pub fingerprint: String,
    /// Low 32 bits of its MurmurHash3 (seed 47), as written on the wire.
    pub hash: i32,
}

impl StructSchema {
    /// The schema of a derived struct: its fields, in the order the derive
    /// fixed at compile time ([`UserType::FORY_FIELD_ORDER`]), or sorted
    /// here when the type gives none.
    ///
    /// [`UserType::FORY_FIELD_ORDER`]: super::UserType::FORY_FIELD_ORDER
    pub fn of<T: super::UserType>() -> Self {
        Self::with_fields::<T>(T::fory_fields())
    }

    /// [`of`](Self::of) as xlang mode declares the fields
    /// ([`FieldInfo::in_xlang`]): their TypeDef and schema hash are what
    /// pyfory declares for the same dataclass.
    pub fn of_xlang<T: super::UserType>() -> Self {
        let fields = T::fory_fields()
            .into_iter()
            .map(FieldInfo::in_xlang)
            .collect();
        Self::with_fields::<T>(fields)
    }

    fn with_fields<T: super::UserType>(fields: Vec<FieldInfo>) -> Self {
        let mut schema = StructSchema::new(fields);
        let fixed = T::FORY_FIELD_ORDER;
        if !fixed.is_empty() && fixed.len() == schema.fields.len() {
            schema.order = fixed.to_vec();
        }
        schema
    }

    /// Orders the fields as the spec does: non-nullable primitives, then
    /// nullable primitives (each by fixed-before-varint, size descending,
    /// type id, name), then everything else by name.
    pub fn new(fields: Vec<FieldInfo>) -> Self {
        let keys: Vec<String> = fields.iter().map(|f| snake_case(f.name)).collect();
        let prim_key = |i: &usize| {
            let f = &fields[*i];
            (
                is_compressed(f.type_id),
                -primitive_size(f.type_id).unwrap_or(0),
                f.type_id,
                keys[*i].clone(),
                f.name,
            )
        };
        let mut boxed: Vec<usize> = Vec::new();
        let mut nullable_boxed = Vec::new();
        let mut others = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            match (f.is_primitive(), f.nullable) {
                (true, false) => boxed.push(i),
                (true, true) => nullable_boxed.push(i),
                _ => others.push(i),
            }
        }
        boxed.sort_by_key(prim_key);
        nullable_boxed.sort_by_key(prim_key);
        others.sort_by(|a, b| (&keys[*a], fields[*a].name).cmp(&(&keys[*b], fields[*b].name)));
        let order: Vec<usize> = boxed
            .into_iter()
            .chain(nullable_boxed)
            .chain(others)
            .collect();

        let mut by_name: Vec<usize> = (0..fields.len()).collect();
        by_name.sort_by(|a, b| (&keys[*a], fields[*a].name).cmp(&(&keys[*b], fields[*b].name)));
        let mut fingerprint = String::new();
        for i in by_name {
            let _ = write!(fingerprint, "{},{};", keys[i], fields[i].type_fingerprint);
        }
        let hash = if fingerprint.is_empty() {
            47
        } else {
            murmur3_x64_128(fingerprint.as_bytes(), 47).0 as u32 as i32
        };
        StructSchema {
            fields,
            order,
            fingerprint,
            hash,
        }
    }
}

/// What the compile-time field order sorts a field by: everything of
/// [`StructSchema::new`]'s order that is not a name, plus the field's rank
/// among the struct's fields by `(snake_case(name), name)`, which the
/// derive computes from the names it sees.
#[derive(Debug, Clone, Copy)]
pub struct FieldKey {
    group: u8,
    compressed: bool,
    size: i32,
    id: u8,
    name_rank: u32,
}

impl FieldKey {
    /// The key of a field of type id `id`.
    pub const fn new(id: u8, nullable: bool, name_rank: u32) -> Self {
        let (group, size) = match primitive_size(id) {
            Some(size) if !nullable => (0, size),
            Some(size) => (1, size),
            None => (2, 0),
        };
        let primitive = group < 2;
        FieldKey {
            group,
            compressed: primitive && is_compressed(id),
            size: if primitive { -size } else { 0 },
            id: if primitive { id } else { 0 },
            name_rank,
        }
    }

    const fn less(&self, other: &FieldKey) -> bool {
        macro_rules! by {
            ($a:expr, $b:expr) => {
                if $a != $b {
                    return $a < $b;
                }
            };
        }
        by!(self.group, other.group);
        by!(self.compressed as u8, other.compressed as u8);
        by!(self.size, other.size);
        by!(self.id, other.id);
        self.name_rank < other.name_rank
    }
}

/// The wire order of fields with these keys (indices in declaration
/// order), evaluated at compile time by derived types: the order
/// [`StructSchema::new`] computes at run time.
pub const fn field_order<const N: usize>(keys: [FieldKey; N]) -> [usize; N] {
    let mut order = [0usize; N];
    let mut i = 0;
    while i < N {
        order[i] = i;
        i += 1;
    }
    // insertion sort: structs have few fields and this runs in the compiler
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && keys[order[j]].less(&keys[order[j - 1]]) {
            let tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
            j -= 1;
        }
        i += 1;
    }
    order
}

/// Whether the wire `order` is `guess`, the order a derived struct's
/// fields' syntax suggests: such a struct reads its fields straight in the
/// guessed order when this constant holds, and one call per position
/// (`FieldReadAt`) when it does not.
pub const fn is_order<const N: usize>(order: &[usize], guess: [usize; N]) -> bool {
    if order.len() != N {
        return false;
    }
    let mut p = 0;
    while p < N {
        if order[p] != guess[p] {
            return false;
        }
        p += 1;
    }
    true
}

/// How many fields at the start of the wire `order` are plain (`plain`
/// by declaration index: a number, `bool`, `String`, unit enum or list of
/// those, non-nullable, not ref-tracked, not converted; see
/// [`ForyType::FORY_FIELD_PLAIN`](crate::serializer::ForyType::FORY_FIELD_PLAIN)):
/// the run a derived struct writes on one output cursor
/// ([`PlainWriter`](crate::io::PlainWriter)).
pub const fn plain_prefix<const N: usize>(order: &[usize], plain: [bool; N]) -> usize {
    let mut n = 0;
    while n < order.len() && plain[order[n]] {
        n += 1;
    }
    n
}

/// The room the fields of bounded width at the start of the wire `order`
/// need at most: the sum of their `widths` (by declaration index: the most
/// bytes a field writes, its null flag included, or 0 when unbounded or
/// not plain; see
/// [`ForyType::FORY_FIELD_WIDTH`](crate::serializer::ForyType::FORY_FIELD_WIDTH)).
/// A derived struct makes room for them once
/// ([`PlainWriter::fixed`](crate::io::PlainWriter::fixed)).
pub const fn fixed_bytes<const N: usize>(order: &[usize], widths: [usize; N]) -> usize {
    let mut bytes = 0;
    let mut p = 0;
    while p < order.len() && widths[order[p]] > 0 {
        bytes += widths[order[p]];
        p += 1;
    }
    bytes
}

/// Per field (by declaration index), the offset of its data among the
/// fields of fixed width at the start of the wire `order` (`widths` by
/// declaration index: the exact bytes of a field's data, 0 when it varies
/// or the field is nullable, ref-tracked or converted; see
/// [`ForyType::FORY_FIXED_WIDTH`](crate::serializer::ForyType::FORY_FIXED_WIDTH)),
/// `usize::MAX` for the fields after them. [`fixed_bytes`] of the same
/// arguments is their length.
pub const fn fixed_offsets<const N: usize>(order: &[usize], widths: [usize; N]) -> [usize; N] {
    let mut offsets = [usize::MAX; N];
    let mut at = 0;
    let mut p = 0;
    while p < order.len() && widths[order[p]] > 0 {
        offsets[order[p]] = at;
        at += widths[order[p]];
        p += 1;
    }
    offsets
}

/// The most string fields a derived struct reads in line when it reads
/// one value ([`reads_in_line`]).
pub(crate) const IN_LINE_STRINGS: usize = 3;

/// Whether a derived struct reads its plain fields in line when it reads
/// one value: when it has at most three `String` fields that are neither
/// nullable nor ref-tracked (`type_ids`, `nullable` and `alone`, the last
/// `false` for a ref-tracked field, by declaration index). Numbers and
/// `bool` are in line either way, and so is nothing else: an
/// `Option<String>`'s read goes through `read_field` whatever this says,
/// so it does not count (a struct of an `i64`, two `String`s and two
/// `Option<String>`s reads 6-7% faster than when it counted,
/// docs/benchmarks.md, sixteenth session). A string read is large, and
/// how many copies pay depends on the machine: a struct of three strings
/// reads 7-8% faster in line than through one shared copy on an Intel
/// Xeon (one small struct's single string 3-7% faster on an AMD EPYC),
/// while MediaContent's four measured 6-9% slower in line on the EPYC
/// and 3% faster on the Xeon; three keeps four out of line
/// (docs/benchmarks.md).
pub const fn reads_in_line<const N: usize>(
    type_ids: [u8; N],
    nullable: [bool; N],
    alone: [bool; N],
) -> bool {
    let mut strings = 0;
    let mut i = 0;
    while i < N {
        if alone[i] && !nullable[i] && type_ids[i] == t::STRING {
            strings += 1;
        }
        i += 1;
    }
    strings <= IN_LINE_STRINGS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_in_line_counts_strings_read_alone() {
        let s = t::STRING;
        let no = [false; 5];
        assert!(reads_in_line([t::INT32, s, s], [false; 3], [true; 3]));
        assert!(reads_in_line([s, t::INT32, s, s], [false; 4], [true; 4]));
        assert!(!reads_in_line([s, s, t::INT32, s, s], no, [true; 5]));
        // a ref-tracked string is not counted
        assert!(reads_in_line(
            [s, s, s, s],
            [false; 4],
            [true, false, true, true]
        ));
        // nor a nullable one (`Option<String>`)
        let nullable = [false, false, false, true, true];
        assert!(reads_in_line([s, s, t::INT32, s, s], nullable, [true; 5]));
        assert!(!reads_in_line(
            [s, s, s, s, s],
            [false, false, false, false, true],
            [true; 5]
        ));
        assert!(reads_in_line([], [], [false; 0]));
    }

    #[test]
    fn fixed_bytes_sums_the_leading_bounded_fields() {
        // declaration order: a string (0), an i64 (9), a bool (1), an
        // i32 (5), a list (0); wire order puts the numbers first
        let widths = [0, 9, 1, 5, 0];
        assert_eq!(fixed_bytes(&[1, 3, 2, 0, 4], widths), 15);
        // a bounded field after an unbounded one is not in the run
        assert_eq!(fixed_bytes(&[1, 0, 3, 2, 4], widths), 9);
        // none, and a struct without fields
        assert_eq!(fixed_bytes(&[0, 4], widths), 0);
        assert_eq!(fixed_bytes::<0>(&[], []), 0);
    }

    #[test]
    fn plain_prefix_counts_leading_plain_fields_in_wire_order() {
        assert_eq!(plain_prefix(&[2, 0, 1], [true, true, false]), 0);
        assert_eq!(plain_prefix(&[0, 2, 1], [true, true, false]), 1);
        assert_eq!(plain_prefix(&[1, 2, 0], [false, true, true]), 2);
        assert_eq!(plain_prefix(&[0, 1], [true, true]), 2);
        assert_eq!(plain_prefix(&[], [false; 0]), 0);
    }

    #[test]
    fn snake_case_like_pyfory() {
        assert_eq!(snake_case("userName"), "user_name");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("already_snake"), "already_snake");
        assert_eq!(snake_case("v2Value"), "v2_value");
        assert_eq!(snake_case("trailing_"), "trailing");
    }
}
