//! User types: what `#[derive(ForyObject)]` generates code against.
//!
//! - [`UserType`]: a registered struct, enum or union (kind, default name).
//! - the registry ([`TypeKey`], [`UserKind`]) behind `Fory::register`.
//!
//! Struct layout with `compatible(false)`: type info (`STRUCT` + user id,
//! or `NAMED_STRUCT` + namespace + name), then the i32 schema hash, then
//! the fields in [`StructSchema`] order. A non-nullable field is its data
//! alone (collections in it declare their element types); a nullable one
//! has a null flag first.

mod fields;
mod meta_string;
mod murmur;
mod names;
mod read_plan;
mod registry;
mod schema;
mod skip;
mod typedef;
pub(crate) mod typedef_cache;

use std::any::TypeId;
use std::sync::Arc;

use crate::context::RemoteLayout;

// What the derive's generated code calls: reachable (it names them through
// `fory_core::__private`, and a compile error may name one of the traits)
// but left out of the docs, as no part of the public API.
#[doc(hidden)]
pub use fields::{
    aligned_step, begin_read_run, begin_read_struct, begin_write_run, begin_write_struct,
    field_error, read_field, read_field_as, read_planned, read_run_hash, take_field, variant_error,
    write_field, DefaultField, FieldAt, FieldOps, FieldReadAt, FieldTypeOps, FieldWriteOps,
    PeerLayout, PhantomField, ReadAligned, SkippedField, StructRead, WireValue,
};
pub(crate) use fields::{none_in_non_nullable, xlang_dynamic};
#[doc(hidden)]
pub use read_plan::Gap;
pub(crate) use registry::Registry;
pub use registry::{Registration, TypeKey, UserKind};
#[doc(hidden)]
pub use schema::{field_order, fixed_bytes, fixed_offsets, is_order, plain_prefix, reads_in_line};
pub use schema::{
    fingerprint_id, snake_case, Children, FieldInfo, FieldKey, StructSchema, TypeNode,
};
pub(crate) use typedef::{RemoteField, RemoteType, RemoteTypeDef};

use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, ErrorKind, Result};
use crate::serializer::collection::{ListReader, MixedListWriter};
use crate::serializer::ForyType;
use crate::types::type_id as t;

/// A user type: what the registry needs to know.
pub trait UserType: ForyType + 'static {
    /// Struct, enum or union.
    const FORY_KIND: UserKind;

    /// The (namespace, name) used when the type is not registered and the
    /// `Fory` is built with `strict(false)`: the module path and the type's
    /// name as Rust prints it (`("app::model", "Frame")`).
    fn fory_default_name() -> (String, String);

    /// A struct's fields, in declaration order (skipped fields left out);
    /// empty for enums and unions.
    fn fory_fields() -> Vec<FieldInfo> {
        Vec::new()
    }

    /// The wire order of [`fory_fields`](Self::fory_fields) (indices into
    /// it), fixed at compile time by the derive with `field_order`; empty
    /// to have the runtime sort them.
    #[doc(hidden)]
    const FORY_FIELD_ORDER: &'static [usize] = &[];

    /// How many fields at the start of [`FORY_FIELD_ORDER`](Self::FORY_FIELD_ORDER)
    /// are plain (numbers, `bool`, strings and lists of those, not
    /// ref-tracked): derived code writes them on one output cursor
    /// (`PlainWriter`), with `plain_prefix`.
    #[doc(hidden)]
    const FORY_PLAIN_PREFIX: usize = 0;

    /// The most bytes the fields of bounded width at the start of
    /// [`FORY_FIELD_ORDER`](Self::FORY_FIELD_ORDER) write (numbers and
    /// `bool`, not ref-tracked; null flags included): derived code makes
    /// room for them once and writes them with no capacity check each
    /// (`fixed_bytes`).
    #[doc(hidden)]
    const FORY_FIXED_BYTES: usize = 0;

    /// The bytes of the fields of fixed width (fixed-size numbers and
    /// `bool`, neither nullable nor ref-tracked nor converted) at the
    /// start of [`FORY_FIELD_ORDER`](Self::FORY_FIELD_ORDER): derived code
    /// takes them from the input at once
    /// ([`Reader::fixed`](crate::io::Reader::fixed)).
    #[doc(hidden)]
    const FORY_FIXED_READ_BYTES: usize = 0;

    /// Per field (by declaration index), where its data starts within
    /// [`FORY_FIXED_READ_BYTES`](Self::FORY_FIXED_READ_BYTES), or
    /// `usize::MAX` when it is not one of those fields
    /// (`fixed_offsets`).
    #[doc(hidden)]
    const FORY_FIXED_READ_OFFSETS: &'static [usize] = &[];

    /// Whether derived code reads one value's plain fields in line
    /// (`reads_in_line`); `false` leaves a string field's read out of
    /// line (numbers and `bool` are in line either way).
    #[doc(hidden)]
    const FORY_READS_IN_LINE: bool = false;

    /// Whether [`FORY_FIELD_ORDER`](Self::FORY_FIELD_ORDER) is the order
    /// the derive guessed from the fields' syntax (`is_order`): derived
    /// code of a struct without generic parameters then reads its fields
    /// straight in that order; otherwise one call per position.
    #[doc(hidden)]
    const FORY_GUESSED_ORDER: bool = false;

    /// The type's [`TypeSlot`](crate::context::TypeSlot): a `static` the
    /// derive gives each non-generic type, so per-type state is found by
    /// index instead of by `TypeId`. `None` (generic types, hand-written
    /// impls) looks it up by `TypeId`.
    #[doc(hidden)]
    fn fory_type_slot() -> Option<&'static crate::context::TypeSlot> {
        None
    }
}

/// `(module_path, name)` for an unregistered type under `strict(false)`:
/// the module and the type as Rust names it, generic arguments included
/// (`("app::model", "Pair<i32>")`).
pub fn default_type_name<T: ?Sized>(module: &str, ident: &str) -> (String, String) {
    let full = std::any::type_name::<T>();
    let name = match full.find('<') {
        Some(open) => format!("{ident}{}", &full[open..]),
        None => ident.to_owned(),
    };
    (module.to_owned(), name)
}

/// True for the type ids of user structs.
pub fn is_struct_id(id: u8) -> bool {
    matches!(
        id,
        t::STRUCT | t::NAMED_STRUCT | t::COMPATIBLE_STRUCT | t::NAMED_COMPATIBLE_STRUCT
    )
}

/// True for the type ids whose writers read the declared-element mark
/// ([`WriteContext::set_declared`]): collections, maps and dynamic
/// values. Struct ids are left out: a struct in a collection or map is
/// never marked, and a struct field's own rule is in `write_field`. For
/// every other type the mark's two stores around a write are skipped.
#[inline]
pub(crate) const fn reads_declared_mark(id: u8) -> bool {
    matches!(id, t::LIST | t::SET | t::MAP | t::UNKNOWN)
}

/// True for the type ids of user enums.
pub fn is_enum_id(id: u8) -> bool {
    matches!(id, t::ENUM | t::NAMED_ENUM)
}

/// True for the type ids of user unions.
pub fn is_union_id(id: u8) -> bool {
    matches!(id, t::UNION | t::TYPED_UNION | t::NAMED_UNION)
}

pub(crate) fn id_for(kind: UserKind, by_name: bool) -> u8 {
    match (kind, by_name) {
        (UserKind::Struct, false) => t::STRUCT,
        (UserKind::Struct, true) => t::NAMED_STRUCT,
        (UserKind::Enum, false) => t::ENUM,
        (UserKind::Enum, true) => t::NAMED_ENUM,
        (UserKind::Union, false) => t::TYPED_UNION,
        (UserKind::Union, true) => t::NAMED_UNION,
    }
}

/// Writes the type info of user type `T`: one store of packed bytes for
/// a numeric id or a TypeDef this stream already carries, the TypeDef on
/// its first use in the stream, or the names.
#[inline(always)]
pub fn write_type_info<T: UserType>(ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    if ctx.write_id_or_shared_type_info::<T>()? {
        return Ok(());
    }
    write_named_type_info::<T>(ctx)
}

/// The first use of a shared TypeDef in a stream: its type id byte, its
/// new index (even: a definition follows), and the TypeDef, encoded on the
/// registration's first use and kept there. The three go on one output
/// cursor (two capacity checks, the TypeDef copied in line); the encoding
/// is out of line. In line at its one caller (`write_id_or_shared_type_info`,
/// itself in line at each struct's type info): out of line, the call and
/// its frame cost about 20 instructions per TypeDef, and MediaContent's
/// compatible serialize took 1,334 instructions against 1,274 in line
/// (wall -5%, alternating fresh processes of both builds; one small
/// struct's compatible serialize -5%, MediaContent's xlang
/// schema-consistent serialize +0.8%, 3 instructions more).
#[inline(always)]
pub(crate) fn write_new_typedef<T: UserType>(
    w: &mut crate::io::Writer,
    wire_id: u8,
    index: u32,
    reg: &Registration,
    fory: &crate::Fory,
) {
    let bytes = match reg.typedef.get() {
        Some(bytes) => bytes,
        None => encode_typedef::<T>(reg, fory),
    };
    let mut w = w.plain();
    w.write_u8(wire_id);
    // `index << 1` below 2^32: varuint64 and varuint32 bytes agree
    w.write_header_and_bytes(u64::from(index << 1), bytes);
}

/// `T`'s TypeDef, encoded on its registration's first use and kept there.
#[cold]
#[inline(never)]
fn encode_typedef<'r, T: UserType>(reg: &'r Registration, fory: &crate::Fory) -> &'r [u8] {
    let registry = fory.registry();
    reg.typedef.get_or_init(|| {
        let xlang = fory.config().xlang();
        let schema = (reg.kind == UserKind::Struct).then(|| reg.schema_of::<T>(xlang).clone());
        let rec = typedef::Recording {
            named: &|t| registry.is_named(t),
            xlang,
        };
        typedef::encode(&reg.key, reg.kind, schema.as_deref(), rec)
    })
}

/// The type info of a type registered by name that has no shared TypeDef:
/// its type id byte and its namespace and name as meta strings.
#[inline(never)]
fn write_named_type_info<T: UserType>(ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    let reg = ctx.type_state::<T>()?.reg.clone();
    if let TypeKey::Name { namespace, name } = &reg.key {
        ctx.writer().write_u8(id_for(reg.kind, true));
        write_meta_string(ctx, namespace, true);
        write_meta_string(ctx, name, false);
    }
    Ok(())
}

/// Reads the type info of a user type and checks that it names `T`.
///
/// In line, the common case of a struct registered by an id below 16,384
/// in schema-consistent mode: `STRUCT` and the one- or two-byte id of the
/// struct's state in this stream. Everything else (a first value in the
/// stream, compatible mode, names, wider ids, a mismatch and its error)
/// takes `read_type_info_general`. Out of line, the call and its register
/// saves cost a lone small struct's read 38 of its 807 instructions, and
/// about 70 for an id of two bytes.
#[inline(always)]
pub fn read_type_info<T: UserType>(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
    if T::FORY_KIND == UserKind::Struct {
        let r = ctx.reader();
        if r.peek_at(0) == Some(t::STRUCT) {
            // the id's varuint32, of one or two bytes
            if let Some((user_id, n)) = r.short_varint_at(1) {
                if is_own_struct_id::<T>(ctx, user_id) {
                    ctx.reader().consume(1 + n);
                    return Ok(t::STRUCT);
                }
            }
        }
    }
    read_type_info_general::<T>(ctx)
}

/// [`read_type_info`] for every case: first a compatible-mode struct's
/// type info that repeats the previous stream's (one compare, in
/// `repeated_struct_typedef`), then the rest ([`read_type_info_other`]).
/// Kept small so that its own entry and exit cost little: the rest's
/// frame (its register saves and stack) is set up only when needed.
#[inline(never)]
fn read_type_info_general<T: UserType>(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
    if T::FORY_KIND == UserKind::Struct {
        // (a generic struct has no slot: the rest)
        if let Some(slot) = T::fory_type_slot() {
            if let Some(id @ (t::COMPATIBLE_STRUCT | t::NAMED_COMPATIBLE_STRUCT)) =
                ctx.reader().peek_at(0)
            {
                if ctx.repeated_struct_typedef(TypeId::of::<T>(), slot) {
                    return Ok(id);
                }
            }
        }
    }
    read_type_info_other::<T>(ctx)
}

/// Whether `user_id` is struct `T`'s own id, from `T`'s state in this
/// stream: a struct's own id names it (ids are unique), so no registry
/// lookup is needed. A state not made yet answers no, and the caller takes
/// the registry path.
#[inline(always)]
fn is_own_struct_id<T: UserType>(ctx: &mut ReadContext<'_, '_>, user_id: u32) -> bool {
    matches!(ctx.struct_state_slotted::<T>(), Some(s) if s.id == Some(user_id))
}

/// [`read_type_info`] for every case.
#[inline(never)]
pub(crate) fn read_type_info_other<T: UserType>(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
    let at = ctx.reader().position();
    let id = ctx.reader().read_u8()?;
    if !T::fory_accepts(id) {
        return Err(crate::serializer::unexpected_type_id::<T>(id, at));
    }
    let compatible = ctx.config().compatible();
    if T::FORY_KIND == UserKind::Struct {
        let by_typedef = matches!(id, t::COMPATIBLE_STRUCT | t::NAMED_COMPATIBLE_STRUCT);
        if by_typedef != compatible && (by_typedef || matches!(id, t::STRUCT | t::NAMED_STRUCT)) {
            return Err(layout_mismatch::<T>(id, at, by_typedef));
        }
    }
    let found = match id {
        t::COMPATIBLE_STRUCT | t::NAMED_COMPATIBLE_STRUCT => {
            shared_meta_owner::<T>(ctx, at)?;
            return Ok(id);
        }
        t::NAMED_ENUM | t::NAMED_UNION if compatible => {
            shared_meta_owner::<T>(ctx, at)?;
            return Ok(id);
        }
        t::STRUCT | t::ENUM | t::TYPED_UNION => {
            let user_id = ctx.reader().read_varuint32()?;
            if T::FORY_KIND == UserKind::Struct && is_own_struct_id::<T>(ctx, user_id) {
                return Ok(id);
            }
            match ctx.fory().registry().by_id(user_id) {
                // checked in place: no reference count taken and dropped
                Some(r) => {
                    check_owner::<T>(r, at)?;
                    return Ok(id);
                }
                None => {
                    return Err(Error::new(
                        ErrorKind::UnknownType,
                        format!(
                            "unknown user type id {user_id} at byte {at} (expected {}); register the type with that id",
                            T::fory_type_name()
                        ),
                    ))
                }
            }
        }
        // a union whose identity is not embedded (a `Result`'s): the
        // union the reader declares reads it
        t::UNION if T::FORY_KIND == UserKind::Union => return Ok(id),
        t::NAMED_STRUCT | t::NAMED_ENUM | t::NAMED_UNION => {
            let (ns_index, namespace) = read_meta_string(ctx, true)?;
            let (name_index, name) = read_meta_string(ctx, false)?;
            // make sure an unregistered T (strict(false)) is known by name
            let _ = ctx.fory().registry().get::<T>(ctx.config().strict());
            let fory = ctx.fory();
            match ctx.named_type((ns_index, name_index), || {
                fory.registry().by_name(&namespace, &name)
            }) {
                Some(r) => r,
                None => {
                    return Err(Error::new(
                        ErrorKind::UnknownType,
                        format!(
                            "unknown user type {namespace:?}.{name:?} at byte {at} (expected {})",
                            T::fory_type_name()
                        ),
                    ))
                }
            }
        }
        _ => {
            return Err(Error::unsupported(format!(
                "{} at byte {at} cannot be read as {}",
                t::name(id),
                T::fory_type_name()
            )))
        }
    };
    check_owner::<T>(&found, at)?;
    Ok(id)
}

/// A struct written in the other layout than this `Fory` reads: its
/// fields would be read under the wrong decisions (a schema hash read as
/// fields, or fields as a hash), so the mode is named instead.
#[cold]
#[inline(never)]
fn layout_mismatch<T: UserType>(id: u8, at: usize, by_typedef: bool) -> Error {
    let (was, is) = if by_typedef {
        ("compatible(true)", "compatible(false)")
    } else {
        ("compatible(false)", "compatible(true)")
    };
    Error::invalid(format!(
        "{} at byte {at} was written with {was} ({}) but this Fory reads {is} streams; build it with {was}",
        T::fory_type_name(),
        t::name(id)
    ))
}

fn check_owner<T: UserType>(found: &Registration, at: usize) -> Result<()> {
    if found.rust_type != TypeId::of::<T>() {
        return Err(Error::type_mismatch(
            T::fory_type_name(),
            format_args!(
                "{} (registered by {}) at byte {at}",
                found.rust_name, found.key
            ),
        ));
    }
    Ok(())
}

/// Reads a shared TypeDef (new or by index) and checks that it names `T`;
/// for a struct, makes its read plan the layout `T` is read with. The
/// first use of a TypeDef in a stream resolves it; later references to it
/// for the same type cost an index lookup.
fn shared_meta_owner<T: UserType>(ctx: &mut ReadContext<'_, '_>, at: usize) -> Result<()> {
    let local = TypeId::of::<T>();
    if let Some(layout) = ctx.reuse_bound_typedef(local) {
        return ctx.set_remote_layout::<T>(layout);
    }
    let count = ctx.typedef_count();
    let index = read_shared_meta_index(ctx)?;
    // a struct's TypeDef new in the stream: its type info may repeat in
    // the next stream (`repeated_struct_typedef`, for a struct with a slot)
    let lead = T::FORY_KIND == UserKind::Struct && T::fory_type_slot().is_some() && index == count;
    let end = ctx.reader().position();
    let layout = match ctx.typedef_binding(index, local) {
        Some(layout) => layout,
        None => resolve_typedef::<T>(ctx, index, at)?,
    };
    if lead {
        ctx.keep_lead(index, at..end);
    }
    ctx.set_remote_layout::<T>(layout)
}

/// The first resolution of the stream's TypeDef `index` (type info at
/// byte `at`) for `T`: checks that it names `T`, plans a struct's read
/// along it, and binds the TypeDef to `T` with the layout that gives.
fn resolve_typedef<T: UserType>(
    ctx: &mut ReadContext<'_, '_>,
    index: usize,
    at: usize,
) -> Result<RemoteLayout> {
    let local = TypeId::of::<T>();
    let def = ctx
        .typedef(index)
        .ok_or_else(|| Error::invalid("TypeDef index out of range"))?;
    let registry = ctx.fory().registry();
    let _ = registry.get::<T>(ctx.config().strict());
    let found = match &def.key {
        TypeKey::Id(id) => registry.by_id(*id).cloned(),
        TypeKey::Name { namespace, name } => registry.by_name(namespace, name),
    };
    let found = found.ok_or_else(|| {
        Error::new(
            ErrorKind::UnknownType,
            format!(
                "unknown user type ({}) at byte {at} (expected {})",
                def.key,
                T::fory_type_name()
            ),
        )
    })?;
    if def.kind != found.kind {
        return Err(Error::type_mismatch(
            T::fory_type_name(),
            format_args!(
                "a TypeDef at byte {at} describing {} as {:?}, but it is registered as {:?}",
                def.key, def.kind, found.kind
            ),
        ));
    }
    check_owner::<T>(&found, at)?;
    let layout = if found.kind == UserKind::Struct {
        let schema = found.schema_of::<T>(ctx.config().xlang());
        let plan = read_plan::plan_for(&def, schema, local, T::FORY_FIXED_READ_OFFSETS)?;
        if plan.direct {
            RemoteLayout::Local
        } else if !plan.gaps.is_empty() {
            RemoteLayout::Aligned(def.clone())
        } else {
            RemoteLayout::Planned(def.clone())
        }
    } else {
        RemoteLayout::Local
    };
    ctx.bind_typedef(index, local, layout.clone());
    Ok(layout)
}

/// Reads `varuint32(index << 1 | is_ref)` and, for a new one, the TypeDef
/// (from the `Fory`'s cache when it was decoded before); returns its index
/// in the stream.
fn read_shared_meta_index(ctx: &mut ReadContext<'_, '_>) -> Result<usize> {
    let at = ctx.reader().position();
    let marker = ctx.reader().read_varuint32()?;
    let index = (marker >> 1) as usize;
    if marker & 1 == 1 {
        if index >= ctx.typedef_count() {
            return Err(Error::invalid(format!(
                "reference to unknown TypeDef #{index} at byte {at}"
            )));
        }
        return Ok(index);
    }
    if index != ctx.typedef_count() {
        return Err(Error::invalid(format!(
            "new TypeDef #{index} at byte {at}, expected #{}",
            ctx.typedef_count()
        )));
    }
    if let Some(i) = ctx.reuse_typedef() {
        return Ok(i);
    }
    read_new_typedef(ctx)?;
    Ok(index)
}

/// A TypeDef [`read_shared_meta_index`] did not find where the previous
/// stream had it: read (or found in the caches) and added to the stream.
#[inline(never)]
fn read_new_typedef(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    let (def, bound) = ctx.read_typedef()?;
    ctx.push_typedef(def, bound)
}

/// Reads `varuint32(index << 1 | is_ref)` and, for a new one, the TypeDef.
pub(crate) fn read_shared_meta(
    ctx: &mut ReadContext<'_, '_>,
) -> Result<Arc<typedef::RemoteTypeDef>> {
    let index = read_shared_meta_index(ctx)?;
    ctx.typedef(index)
        .ok_or_else(|| Error::invalid("TypeDef index out of range"))
}

/// Writes a namespace or type name of named type info (schema-consistent
/// mode): a meta string in pyfory's stream form the first time in a
/// stream, then `varuint32((index + 1) << 1 | 1)` back-references.
fn write_meta_string(ctx: &mut WriteContext<'_, '_>, s: &str, is_namespace: bool) {
    if let Some(index) = ctx.meta_string_index(s, is_namespace) {
        ctx.writer().write_varuint32(((index + 1) << 1) | 1);
        return;
    }
    let e = if is_namespace {
        meta_string::encode_namespace(s)
    } else {
        meta_string::encode_type_name(s)
    };
    let mut out = Vec::with_capacity(e.bytes.len() + 10);
    meta_string::write_meta_string(&mut out, &e);
    ctx.writer().write_bytes(&out);
}

/// Reads a namespace or type name of named type info (new or a reference
/// to one read earlier in the stream).
/// Reads a meta string (new, or a back-reference to one of this stream):
/// its index in the stream and the string, shared.
pub(crate) fn read_meta_string(
    ctx: &mut ReadContext<'_, '_>,
    is_namespace: bool,
) -> Result<(u32, Arc<str>)> {
    let at = ctx.reader().position();
    let mut pos = at;
    let entry = meta_string::read_meta_string(ctx.reader().data(), &mut pos)
        .map_err(|e| Error::invalid(format!("invalid type name at byte {at}: {e}")))?;
    ctx.reader().advance(pos - at)?;
    match entry {
        meta_string::MetaStringEntry::Ref(id) => {
            ctx.meta_string(id).map(|s| (id as u32, s)).ok_or_else(|| {
                Error::invalid(format!(
                    "reference to unknown meta string #{id} at byte {at}"
                ))
            })
        }
        meta_string::MetaStringEntry::New(e) => {
            let s = if is_namespace {
                meta_string::decode_namespace(&e.bytes, e.encoding)
            } else {
                meta_string::decode_type_name(&e.bytes, e.encoding)
            }
            .map_err(|e| Error::invalid(format!("invalid type name at byte {at}: {e}")))?;
            let s: Arc<str> = s.into();
            let index = ctx.push_meta_string(s.clone())?;
            Ok((index, s))
        }
    }
}

// ----- enums and unions -----

/// Writes an enum's data: its discriminant as varuint32 (the derive
/// checks at compile time that every discriminant fits).
#[inline]
pub fn write_enum(ctx: &mut WriteContext<'_, '_>, discriminant: u32) {
    ctx.writer().write_varuint32(discriminant);
}

/// Reads an enum's discriminant.
#[inline]
pub fn read_enum(ctx: &mut ReadContext<'_, '_>) -> Result<i64> {
    Ok(ctx.reader().read_varuint32()? as i64)
}

/// The error for a discriminant no variant has.
#[cold]
pub fn unknown_variant(type_name: &str, discriminant: i64) -> Error {
    Error::invalid(format!(
        "{type_name} has no variant with discriminant {discriminant}"
    ))
}

/// Writes a union's case id; the case value follows as a whole value.
#[inline]
pub fn write_union_case(ctx: &mut WriteContext<'_, '_>, case: u32) {
    ctx.writer().write_varuint32(case);
}

/// Writes the value of a unit case: a null flag.
#[inline]
pub fn write_union_unit(ctx: &mut WriteContext<'_, '_>) {
    ctx.writer().write_i8(crate::types::ref_flag::NULL);
}

/// Starts the value of a case with several fields: a LIST (flag, type id,
/// then the elements, each with its own type).
pub fn write_union_tuple(
    ctx: &mut WriteContext<'_, '_>,
    len: usize,
    has_null: bool,
) -> Result<MixedListWriter> {
    if ctx.ref_tracking() {
        ctx.refs().skip();
        ctx.writer().write_i8(crate::types::ref_flag::REF_VALUE);
    } else {
        ctx.writer().write_i8(crate::types::ref_flag::NOT_NULL);
    }
    ctx.writer().write_u8(t::LIST);
    MixedListWriter::begin(ctx, len, has_null)
}

/// Reads the start of a case with `len` fields.
pub fn read_union_tuple(
    ctx: &mut ReadContext<'_, '_>,
    len: usize,
    type_name: &str,
) -> Result<ListReader> {
    let at = ctx.reader().position();
    let flag = ctx.reader().read_i8()?;
    if flag == crate::types::ref_flag::REF_VALUE {
        let slot = ctx.reserve_ref();
        ctx.fill_ref(slot, crate::context::Slot::Unshareable("a union case"));
    } else if flag != crate::types::ref_flag::NOT_NULL {
        return Err(Error::invalid(format!(
            "{type_name}: invalid flag {:#04x} for a case value at byte {at}",
            flag as u8
        )));
    }
    let id = ctx.reader().read_u8()?;
    if id != t::LIST {
        return Err(Error::type_mismatch(
            type_name,
            format_args!("a case value of {} at byte {at}", t::name(id)),
        ));
    }
    let lr = ListReader::begin(ctx)?;
    if lr.len != len {
        return Err(Error::type_mismatch(
            type_name,
            format_args!(
                "a case with {} fields at byte {at} (expected {len})",
                lr.len
            ),
        ));
    }
    Ok(lr)
}

/// Reads a union's case id.
#[inline]
pub fn read_union_case(ctx: &mut ReadContext<'_, '_>) -> Result<u32> {
    ctx.reader().read_varuint32()
}

/// Reads and drops the value of a case this reader does not know (the
/// enum's `#[fory(default)]` variant stands for it).
pub fn skip_union_value(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    crate::serializer::read_value::<Option<crate::value::Value>>(ctx).map(drop)
}

/// Reads the value of a unit case: a null flag.
pub fn read_union_unit(ctx: &mut ReadContext<'_, '_>, type_name: &str) -> Result<()> {
    let at = ctx.reader().position();
    match ctx.reader().read_i8()? {
        crate::types::ref_flag::NULL => Ok(()),
        f => Err(Error::invalid(format!(
            "{type_name}: a unit case holds a value (flag {:#04x} at byte {at})",
            f as u8
        ))),
    }
}
