//! The struct path that derived code calls: a struct's start (depth, the
//! schema hash, the peer's layout), then one call per field in the wire
//! order the derive fixed at compile time.
//!
//! The per-field decisions (nullable, ref-tracked, declared type, type
//! info) are arguments that are constants at every call site, so after
//! inlining their branches fold away.

use std::sync::Arc;

use super::read_plan::{Gap, Step};
use super::typedef::RemoteTypeDef;
use super::{is_struct_id, skip, FieldInfo, UserType};
use crate::context::{Nest, ReadContext, RemoteLayout, StreamNo, WriteContext};
use crate::error::{Error, Result};
use crate::io::{FixedReader, FixedWriter};
use crate::serializer::collection::{ListReader, MixedListWriter};
use crate::serializer::envelope::{read_flagged, read_typed, write_flag};
use crate::serializer::{Deserialize, Serialize};
use crate::types::ref_flag;
use crate::types::type_id as t;

/// Starts writing a struct's data: enters one level of nesting and, in
/// `compatible(false)`, finds the schema hash due (xlang: every value, as
/// pyfory does; native: the first value of the type in the stream), which
/// the caller writes as a little-endian `i32` before the fields (derived
/// code: on the room it makes for the leading number fields). Returns
/// whether the stream is compatible-mode, for [`write_field`], and that
/// hash.
#[inline]
pub fn begin_write_struct<T: UserType>(
    ctx: &mut WriteContext<'_, '_>,
) -> Result<(bool, Option<i32>)> {
    ctx.enter(T::fory_type_name())?;
    let compatible = ctx.config().compatible();
    if compatible {
        return Ok((true, None));
    }
    // a struct field (declared) whose type is registered by name: in
    // xlang mode pyfory writes its type info before the hash (the
    // official Rust crate does not; both read this form)
    if ctx.is_xlang() && ctx.take_declared() && ctx.type_named::<T>()? {
        super::write_type_info::<T>(ctx)?;
    }
    Ok((false, ctx.schema_hash_to_write::<T>()?))
}

/// [`begin_write_struct`] once for a run of values of `T` written one
/// after another ([`Serialize::fory_write_data_each`]): enters one level
/// of nesting for the whole run (each value is at that level; the caller
/// leaves it after the run), and returns whether the stream is compatible
/// and the schema hash to write before the run's first value and before
/// each later one, if any. Xlang schema-consistent mode writes it before
/// every value; native mode once per type per stream (before the first
/// value when no earlier one wrote it); compatible mode never. A run's
/// values are a list's elements, never a declared field, so no type info
/// precedes the hash.
///
/// [`Serialize::fory_write_data_each`]: crate::serializer::Serialize::fory_write_data_each
#[inline]
pub fn begin_write_run<T: UserType>(
    ctx: &mut WriteContext<'_, '_>,
) -> Result<(bool, Option<i32>, Option<i32>)> {
    ctx.enter(T::fory_type_name())?;
    let compatible = ctx.config().compatible();
    if compatible {
        return Ok((true, None, None));
    }
    let first = ctx.schema_hash_to_write::<T>()?;
    let each = if ctx.is_xlang() { first } else { None };
    Ok((false, first, each))
}

/// Writes one field: its flag when `nullable` or `track_ref`, its type
/// info when the reader cannot know it (a struct in compatible mode, a
/// dynamic value), then its data. A cursor field
/// ([`ForyType::FORY_FIELD_PLAIN`](crate::serializer::ForyType::FORY_FIELD_PLAIN))
/// outside its struct's leading run (after a field that is not one) is
/// written on an output cursor of its own, to the same bytes.
#[inline(always)]
pub fn write_field<'a, F: Serialize>(
    value: &'a F,
    ctx: &mut WriteContext<'a, '_>,
    compatible: bool,
    nullable: bool,
    track_ref: bool,
) -> Result<()> {
    if F::FORY_FIELD_PLAIN && !track_ref {
        // room for a bounded field's widest encoding and its flag (none
        // for a string or a list: they check their own)
        let nest = ctx.nest();
        let room = F::FORY_FIELD_WIDTH + nullable as usize;
        return write_fixed_field(value, &mut ctx.plain().fixed(room), nest, nullable);
    }
    if F::FORY_WEAK && !track_ref && ctx.ref_tracking() && !value.fory_is_none() {
        return Err(untracked_weak::<F>());
    }
    if nullable || track_ref {
        let tracking = track_ref && ctx.ref_tracking();
        if !write_flag(value, ctx, tracking)? {
            return Ok(());
        }
    } else if value.fory_is_none() {
        return Err(none_in_non_nullable());
    }
    if (compatible && is_struct_id(F::FORY_TYPE_ID))
        || F::FORY_TYPE_ID == t::UNKNOWN
        || (xlang_dynamic::<F>() && ctx.is_xlang())
    {
        value.fory_write_dyn_type_info(ctx)?;
    }
    // only collections and dynamic values read the mark (a declared
    // element type); for everything else the two stores are skipped
    let marks =
        F::FORY_READS_DECLARED || (!compatible && is_struct_id(F::FORY_TYPE_ID) && ctx.is_xlang());
    if marks {
        ctx.set_declared(true);
    }
    let r = value.fory_write_data(ctx);
    if marks {
        ctx.set_declared(false);
    }
    r
}

/// A live `Weak` field written without its ref flag (`#[fory(track_ref =
/// false)]`) would be a copy of its target that nothing owns on read.
#[cold]
#[inline(never)]
fn untracked_weak<F: Serialize>() -> Error {
    Error::unsupported(format!(
        "a live Weak<{}> field marked #[fory(track_ref = false)] would read back as a Weak that points at nothing (its target copied in its place, owned by nothing): leave Weak fields ref-tracked",
        crate::error::short_type_name(F::fory_type_name())
    ))
}

/// A [`FORY_FIELD_PLAIN`](crate::serializer::ForyType::FORY_FIELD_PLAIN)
/// field (not ref-tracked) on an output cursor: when `nullable`, the
/// flag [`write_field`] writes (`NULL`, or `NOT_NULL` and the data);
/// otherwise the data alone, where an `Option` field's `None` is an error.
/// A field of bounded width
/// ([`FORY_FIELD_WIDTH`](crate::serializer::ForyType::FORY_FIELD_WIDTH))
/// writes on the room made for it with no capacity check (a derived
/// struct makes room once for its leading such fields); anything else on
/// the cursor, checked.
#[inline(always)]
fn write_fixed_field<F: Serialize>(
    value: &F,
    w: &mut FixedWriter<'_, '_>,
    nest: Nest,
    nullable: bool,
) -> Result<()> {
    if nullable {
        if value.fory_is_none() {
            w.write_i8(ref_flag::NULL);
            return Ok(());
        }
        w.write_i8(ref_flag::NOT_NULL);
    }
    value.fory_write_field_fixed(w, nest)
}

#[cold]
pub(crate) fn none_in_non_nullable() -> Error {
    Error::invalid("the field is None but declared non-nullable (#[fory(nullable = false)])")
}

/// Adds the field and struct to an error's path.
#[cold]
#[inline(never)]
pub fn field_error<T: UserType>(e: Error, field: &'static str) -> Error {
    e.context(field).context(T::fory_type_name())
}

/// Adds the variant (`V`, or `V.0`, `V.name` for one of several fields)
/// and the union to an error's path: a union case's value that cannot be
/// read names where it sits, as a struct field's does.
#[cold]
#[inline(never)]
pub fn variant_error(e: Error, union: &'static str, variant: &'static str) -> Error {
    e.context(variant).context(union)
}

/// How a struct's fields are read.
#[derive(Debug)]
pub enum StructRead {
    /// In the local wire order with the local field decisions: the stream
    /// is schema-consistent, or the peer's TypeDef matches the local
    /// struct field for field. Holds whether the stream is compatible-mode.
    Direct(bool),
    /// Along the read plan of the peer's TypeDef (fields added, removed,
    /// reordered or changed type).
    Planned(PeerLayout),
    /// In the local wire order with the local field decisions, with remote
    /// fields to skip between local ones, or local fields the peer lacks
    /// (an aligned plan: a peer one version ahead or behind). Derived code
    /// without generic parameters reads it in its direct code, between
    /// [`aligned_step`]s; other code reads it as [`Planned`](Self::Planned)
    /// (the plan's steps say the same).
    Aligned(PeerLayout),
}

/// A peer's struct layout (its TypeDef with the read plan for the local
/// struct); opaque.
#[derive(Debug)]
pub struct PeerLayout(Arc<RemoteTypeDef>);

impl PeerLayout {
    /// The gaps of an aligned plan for a struct of `N - 1` fields: one
    /// per local wire position, then the one after the last field.
    #[inline]
    pub fn gaps<const N: usize>(&self) -> Result<&[Gap; N]> {
        self.0
            .plan
            .get()
            .and_then(|plan| (*plan.gaps).try_into().ok())
            .ok_or_else(not_aligned)
    }
}

#[cold]
#[inline(never)]
fn not_aligned() -> Error {
    // the layout is made aligned only from a plan with gaps for the type
    Error::invalid("a TypeDef's read plan has no gaps for this struct")
}

/// A struct without generic parameters reads an aligned plan
/// ([`StructRead::Aligned`]) with its direct code; derived, for the
/// derive's own use.
pub trait ReadAligned: Sized {
    /// Reads the fields along `layout`'s gaps, leaves the struct's level
    /// of nesting and builds the value.
    fn fory_read_aligned(ctx: &mut ReadContext<'_, '_>, layout: &PeerLayout) -> Result<Self>;
}

/// In an aligned read ([`StructRead::Aligned`]), before the local field at
/// one wire position (or after the last): skips the remote fields the gap
/// names, and says whether the peer has the field.
#[inline]
pub fn aligned_step<T: UserType>(
    ctx: &mut ReadContext<'_, '_>,
    layout: &PeerLayout,
    gap: Gap,
) -> Result<bool> {
    if gap.count != 0 {
        skip_gap(ctx, &layout.0, gap, T::fory_type_name())?;
    }
    Ok(gap.present)
}

/// The remote fields of a gap, skipped.
#[inline(never)]
fn skip_gap(
    ctx: &mut ReadContext<'_, '_>,
    def: &RemoteTypeDef,
    gap: Gap,
    type_name: &'static str,
) -> Result<()> {
    let (from, count) = (gap.from as usize, gap.count as usize);
    let fields = def.fields.get(from..from + count).ok_or_else(not_aligned)?;
    for field in fields {
        skip::skip_field(ctx, field).map_err(|e| e.context(type_name))?;
    }
    Ok(())
}

/// Starts reading a struct's data: enters one level of nesting, checks the
/// schema hash (`compatible(false)`), and says whether the fields follow in
/// local order or along the peer TypeDef's read plan.
#[inline]
pub fn begin_read_struct<T: UserType>(ctx: &mut ReadContext<'_, '_>) -> Result<StructRead> {
    let (compatible, every_value, stream) = enter_struct::<T>(ctx)?;
    let state = match ctx.struct_state_slotted::<T>() {
        Some(state) => state,
        None => ctx.struct_state_first::<T>()?,
    };
    if compatible {
        return Ok(match state.layout(stream) {
            RemoteLayout::Local => StructRead::Direct(true),
            RemoteLayout::Planned(def) => StructRead::Planned(PeerLayout(def.clone())),
            RemoteLayout::Aligned(def) => StructRead::Aligned(PeerLayout(def.clone())),
        });
    }
    if every_value && state.named {
        let expected = state.hash;
        return read_named_struct_hash::<T>(ctx, expected);
    }
    if !state.seen_hash(stream) || every_value {
        let expected = state.hash;
        read_run_hash::<T>(ctx, expected)?;
    }
    Ok(StructRead::Direct(false))
}

/// What starting a struct value and a run of them share: one level of
/// nesting entered (first, so that the depth's error wins when the type's
/// would fail too), whether the stream is compatible and xlang, and its
/// number (for `T`'s per-stream marks).
#[inline(always)]
fn enter_struct<T: UserType>(ctx: &mut ReadContext<'_, '_>) -> Result<(bool, bool, StreamNo)> {
    ctx.enter_frame(T::fory_type_name())?;
    Ok((ctx.config().compatible(), ctx.is_xlang(), ctx.stream()))
}

/// [`begin_read_struct`] once for a run of values of `T` read one after
/// another ([`Deserialize::fory_read_data_each`]): `None`, having done
/// nothing, when the values must be read one at a time (a compatible
/// stream whose TypeDef for `T` differs from `T`, read by plan; an xlang
/// struct registered by name, whose values may carry type info before
/// their hash). Otherwise enters one level of nesting for the whole run
/// (the caller leaves it after the run), checks the schema hash native
/// mode writes before the stream's first value of `T` (if that is the
/// run's first value), and returns whether the stream is compatible and
/// the hash each value starts with, if any (xlang schema-consistent mode;
/// see [`read_run_hash`]). A `flagged` run (each value after its ref flag)
/// whose first value carries native mode's hash is read one value at a
/// time too, since the hash comes after that value's flag: only a native
/// stream written before native ref tracking left structs untracked.
///
/// [`Deserialize::fory_read_data_each`]: crate::serializer::Deserialize::fory_read_data_each
#[inline]
pub fn begin_read_run<T: UserType>(
    ctx: &mut ReadContext<'_, '_>,
    flagged: bool,
) -> Result<Option<(bool, Option<i32>)>> {
    let (compatible, every_value, stream) = enter_struct::<T>(ctx)?;
    let state = match ctx.struct_state_slotted::<T>() {
        Some(state) => state,
        None => ctx.struct_state_first::<T>()?,
    };
    if compatible {
        if !matches!(state.layout(stream), RemoteLayout::Local) {
            ctx.leave();
            return Ok(None);
        }
        return Ok(Some((true, None)));
    }
    if every_value {
        if state.named {
            ctx.leave();
            return Ok(None);
        }
        return Ok(Some((false, Some(state.hash))));
    }
    if flagged && !state.hash_seen_in(stream) {
        ctx.leave();
        return Ok(None);
    }
    if !state.seen_hash(stream) {
        let expected = state.hash;
        read_run_hash::<T>(ctx, expected)?;
    }
    Ok(Some((false, None)))
}

/// Reads the schema hash before a value of a run (see [`begin_read_run`])
/// and checks it is `expected`.
#[inline]
pub fn read_run_hash<T: UserType>(ctx: &mut ReadContext<'_, '_>, expected: i32) -> Result<()> {
    let at = ctx.reader().position();
    let hash = ctx.reader().read_i32()?;
    if hash != expected {
        return Err(hash_mismatch::<T>(expected, hash, at));
    }
    Ok(())
}

/// The schema hash of a struct registered by name, in xlang mode. pyfory
/// writes such a struct field's type info before the hash, the official
/// Rust crate does not: both forms read (the type info starts with
/// NAMED_STRUCT where the hash would be).
fn read_named_struct_hash<T: UserType>(
    ctx: &mut ReadContext<'_, '_>,
    expected: i32,
) -> Result<StructRead> {
    let data = ctx.reader().data();
    let at = ctx.reader().position();
    let hash_next = data
        .get(at..at + 4)
        .is_some_and(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]) == expected);
    if !hash_next && data.get(at) == Some(&t::NAMED_STRUCT) {
        super::read_type_info::<T>(ctx)?;
    }
    let at = ctx.reader().position();
    let hash = ctx.reader().read_i32()?;
    if hash != expected {
        return Err(hash_mismatch::<T>(expected, hash, at));
    }
    Ok(StructRead::Direct(false))
}

#[cold]
fn hash_mismatch<T: UserType>(expected: i32, found: i32, at: usize) -> Error {
    Error::type_mismatch(
        &format!("{} with schema hash {:#010x}", T::fory_type_name(), expected as u32),
        format_args!(
            "schema hash {:#010x} at byte {at}: the writer's struct has other fields or field types (use compatible(true) for schema evolution)",
            found as u32
        ),
    )
}

/// True for a type whose values are declared as dynamic (UNKNOWN) only in
/// xlang mode, where a field of it carries its type info as pyfory's
/// does: a record batch (pyfory declares a field of an extension type as
/// UNKNOWN and writes its type info). A constant: false (and the check
/// gone) for every other type.
#[inline(always)]
pub(crate) const fn xlang_dynamic<F: crate::serializer::ForyType>() -> bool {
    F::FORY_XLANG_TYPE_ID == t::UNKNOWN && F::FORY_TYPE_ID != t::UNKNOWN
}

/// Reads one field written by [`write_field`] with the same decisions.
#[inline]
pub fn read_field<F: Deserialize>(
    ctx: &mut ReadContext<'_, '_>,
    compatible: bool,
    nullable: bool,
    track_ref: bool,
) -> Result<F> {
    let typed = (compatible && is_struct_id(F::FORY_TYPE_ID))
        || F::FORY_TYPE_ID == t::UNKNOWN
        || (xlang_dynamic::<F>() && ctx.is_xlang());
    let known = if typed { None } else { Some(F::FORY_TYPE_ID) };
    if nullable || track_ref {
        let flag = ctx.reader().read_i8()?;
        if F::FORY_NULLABLE && F::FORY_FIELD_PLAIN && !track_ref && !typed {
            // an `Option` of a cursor field: the two flags its write makes
            // (`write_fixed_field`) decoded here; any other takes
            // `read_flagged`
            match flag {
                ref_flag::NOT_NULL => return read_typed(ctx, known),
                ref_flag::NULL => {
                    if let Some(none) = F::fory_null() {
                        return Ok(none);
                    }
                }
                _ => {}
            }
        }
        read_flagged(ctx, flag, known)
    } else {
        read_typed(ctx, known)
    }
}

/// Reads one field as the writer's TypeDef describes it (the planned path).
pub fn read_field_as<F: Deserialize>(ctx: &mut ReadContext<'_, '_>, info: &FieldInfo) -> Result<F> {
    // a struct-typed field carries type info in compatible mode; other
    // fields are read under the type id the writer declared
    let typed = is_struct_id(info.type_id) || info.type_id == t::UNKNOWN;
    let known = if typed { None } else { Some(info.type_id) };
    if info.nullable || info.track_ref {
        let flag = ctx.reader().read_i8()?;
        read_flagged(ctx, flag, known)
    } else {
        read_typed(ctx, known)
    }
}

/// Reads a struct's fields along the read plan of the peer's TypeDef:
/// `read_field(ctx, local_index, remote_info)` for each field the local
/// struct has, skipping the others.
pub fn read_planned<'d, 'c, T, F>(
    ctx: &mut ReadContext<'d, 'c>,
    layout: &PeerLayout,
    mut read_field: F,
) -> Result<()>
where
    T: UserType,
    F: FnMut(&mut ReadContext<'d, 'c>, usize, &FieldInfo) -> Result<()>,
{
    let def = &*layout.0;
    let plan = def
        .plan
        .get()
        .ok_or_else(|| Error::invalid("a TypeDef was used before its read plan was made"))?;
    for step in plan.steps.iter() {
        match *step {
            Step::Read { local, remote } => read_field(ctx, local, &def.fields[remote].info)?,
            Step::Skip { remote } => skip::skip_field(ctx, &def.fields[remote])
                .map_err(|e| e.context(T::fory_type_name()))?,
        }
    }
    Ok(())
}

/// The value of a field once all were read: present, or (for a field the
/// stream lacks) the type's zero value (`None`, 0, empty), and an error
/// for types that have none.
#[inline]
pub fn take_field<F: Deserialize>(slot: Option<F>, struct_name: &str, field: &str) -> Result<F> {
    match slot {
        Some(v) => Ok(v),
        None => F::fory_zero()
            .ok_or_else(|| missing_field(struct_name, field, core::any::type_name::<F>())),
    }
}

#[cold]
fn missing_field(struct_name: &str, field: &str, type_name: &str) -> Error {
    Error::invalid(format!(
        "{struct_name}: the stream has no value for field `{field}` that it can read (the writer's struct lacks the field, or has it with a type this one cannot read, which was skipped), and its type ({type_name}) has no zero value; to fill it, mark the field #[fory(default)] if the type implements Default, or #[fory(default = \"path::to::function\")] to call a function"
    ))
}

/// The value of a `#[fory(skip)]` field on read: its `Default`. The
/// derive reaches it only through this trait, spanned at the field's
/// type, so a type without `Default` is one error at the field that
/// names the attribute.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `Default`, so it cannot be a `#[fory(skip)]` field",
    label = "a skipped field is `Default::default()` on read",
    note = "implement or derive `Default` for the type, or name a function that makes the value: `#[fory(skip, default = \"path::to::function\")]`"
)]
pub trait SkippedField: Sized {
    /// `Default::default()`.
    fn fory_skipped_value() -> Self;
}

impl<F: Default> SkippedField for F {
    #[inline(always)]
    fn fory_skipped_value() -> F {
        F::default()
    }
}

/// The value of a field the derive skips because its type is spelled
/// `PhantomData<..>` or `PhantomPinned`: implemented for
/// `core::marker::PhantomData` and `core::marker::PhantomPinned` alone,
/// so a type of another crate or module that is also named `PhantomData`
/// or `PhantomPinned` is a compile error at the field (which names the
/// way out) instead of a field silently left out.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not std's `PhantomData` or `PhantomPinned`, but `#[derive(ForyObject)]` skips a field whose type is named `PhantomData` or `PhantomPinned`",
    label = "a field of a type named `PhantomData` or `PhantomPinned` is taken for std's marker and not written",
    note = "to write the field as any other, mark it `#[fory(skip = false)]`; to leave it out on purpose, `#[fory(skip)]` (its `Default` on read)"
)]
pub trait PhantomField: Sized {
    /// The marker (`PhantomData`, `PhantomPinned`).
    fn fory_phantom() -> Self;
}

impl<T: ?Sized> PhantomField for std::marker::PhantomData<T> {
    #[inline(always)]
    fn fory_phantom() -> Self {
        std::marker::PhantomData
    }
}

impl PhantomField for std::marker::PhantomPinned {
    #[inline(always)]
    fn fory_phantom() -> Self {
        std::marker::PhantomPinned
    }
}

/// `module::to_wire`'s value taken as the `module::Wire` of a
/// `#[fory(with = "module")]` field: implemented for `W` itself only, so a
/// function that returns another type is one error at the attribute that
/// names both types (rather than a mismatch with a conversion hint).
#[diagnostic::on_unimplemented(
    message = "`to_wire` returns `{Self}`, but the `#[fory(with = ...)]` module's `Wire` is `{W}`",
    label = "`to_wire` must return the module's `Wire` type",
    note = "make `to_wire` return `Wire`, or declare `pub type Wire = {Self};`"
)]
pub trait WireValue<W>: Sized {
    /// The value itself.
    fn fory_wire(self) -> W;
}

impl<W> WireValue<W> for W {
    #[inline(always)]
    fn fory_wire(self) -> W {
        self
    }
}

/// The value of a `#[fory(default)]` field a compatible stream lacks: its
/// `Default` (as [`SkippedField`], for the diagnostic at the field).
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `Default`, so it cannot be a `#[fory(default)]` field",
    label = "`#[fory(default)]` fills the field with `Default::default()` when the stream lacks it",
    note = "implement or derive `Default` for the type, or name a function that makes the value: `#[fory(default = \"path::to::function\")]`"
)]
pub trait DefaultField: Sized {
    /// `Default::default()`.
    fn fory_default_value() -> Self;
}

impl<F: Default> DefaultField for F {
    #[inline(always)]
    fn fory_default_value() -> F {
        F::default()
    }
}

/// The derive's one handle on a field's type: generated code reaches a
/// field's traits only as `<F as FieldOps>::…`, implemented for every
/// `F: Deserialize` (which implies `Serialize` and `ForyType`). A field
/// type without the traits then fails that one bound at every use with
/// the same span and the same note, and rustc reports identical
/// diagnostics once: one error per field, at the field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a Fory type, so it cannot be a field of a `#[derive(ForyObject)]` type",
    label = "`{Self}` does not implement Fory's `Serialize` and `Deserialize`",
    note = "for your own type: derive it with `#[derive(ForyObject)]`",
    note = "for another crate's type: write it through a type Fory knows with `#[fory(with = module)]` on the field (a module with `Wire`, `to_wire` and `from_wire`), or wrap it in a newtype that implements the traits",
    note = "an ndarray, arrow, chrono, time, rust_decimal, half, uuid, indexmap, hashbrown, smallvec or bytes type is supported only in the version fory_core was built with (ndarray 0.17, arrow 60, chrono 0.4, time 0.3, rust_decimal 1, half 2, uuid 1, indexmap 2, hashbrown 0.17, smallvec 1, bytes 1): use the re-exports (`fory_core::ndarray`, `fory_core::arrow_array`, `fory_core::chrono`, `fory_core::smallvec`, ...) and enable the feature if it has one"
)]
pub trait FieldOps: Sized {
    /// The type id.
    const TYPE_ID: u8;
    /// Whether the type is nullable unless the field says otherwise.
    const NULLABLE: bool;
    /// Whether the type tracks references unless the field says otherwise.
    const SHARED: bool;
    /// Whether the field's data needs only an output cursor
    /// ([`ForyType::FORY_FIELD_PLAIN`](crate::serializer::ForyType::FORY_FIELD_PLAIN)).
    const PLAIN: bool;
    /// The most bytes of the field's data when bounded, else 0
    /// ([`ForyType::FORY_FIELD_WIDTH`](crate::serializer::ForyType::FORY_FIELD_WIDTH)).
    const WIDTH: usize;
    /// The exact bytes of the field's data when they never vary, else 0
    /// ([`ForyType::FORY_FIXED_WIDTH`](crate::serializer::ForyType::FORY_FIXED_WIDTH)).
    const FIXED: usize;

    /// [`FieldInfo::of`].
    fn info(name: &'static str, nullable: Option<bool>, track_ref: Option<bool>) -> FieldInfo;

    /// A field of [`FIXED`](Self::FIXED) width, neither nullable nor
    /// ref-tracked, from its bytes at offset `at` of its struct's
    /// fixed-width fields (what [`read_in_run`](Self::read_in_run) reads
    /// from the input).
    fn read_fixed(r: &FixedReader<'_>, at: usize) -> Result<Self>;

    /// A [`PLAIN`](Self::PLAIN) field, on a struct's run of such fields:
    /// its null flag when `nullable`, then its data; `nest` is the nesting
    /// it may still enter. The run's leading fields of bounded
    /// [`WIDTH`](Self::WIDTH) write with no capacity check each, on the
    /// room made for them; the others on the run's cursor.
    fn write_fixed(
        value: &Self,
        w: &mut FixedWriter<'_, '_>,
        nest: Nest,
        nullable: bool,
    ) -> Result<()>;

    /// [`write_field`].
    fn write<'a>(
        value: &'a Self,
        ctx: &mut WriteContext<'a, '_>,
        compatible: bool,
        nullable: bool,
        track_ref: bool,
    ) -> Result<()>;

    /// [`read_field`].
    fn read(
        ctx: &mut ReadContext<'_, '_>,
        compatible: bool,
        nullable: bool,
        track_ref: bool,
    ) -> Result<Self>;

    /// [`read`](Self::read) in the loop of a run of struct values
    /// ([`Deserialize::fory_read_data_each`]): a plain field (a number,
    /// `bool` or string alone) is read in line there, one copy of its
    /// read serving every value, where [`read`](Self::read) leaves the
    /// choice to the compiler (which keeps a string's out of line, one
    /// copy shared by a struct's string fields; in line at each of
    /// MediaContent's fields it measured fewer instructions but 6% more
    /// time). Derived code reads a single value with this one too when
    /// the struct has few string fields
    /// ([`reads_in_line`](crate::object::reads_in_line)).
    ///
    /// [`Deserialize::fory_read_data_each`]: crate::serializer::Deserialize::fory_read_data_each
    fn read_in_run(
        ctx: &mut ReadContext<'_, '_>,
        compatible: bool,
        nullable: bool,
        track_ref: bool,
    ) -> Result<Self>;

    /// [`read_field_as`].
    fn read_as(ctx: &mut ReadContext<'_, '_>, info: &FieldInfo) -> Result<Self>;

    /// [`take_field`].
    fn take(slot: Option<Self>, struct_name: &str, field: &str) -> Result<Self>;

    /// The zero value, when the type has one.
    fn zero() -> Option<Self>;

    /// A union variant's one value: [`write_value`](crate::serializer::write_value).
    fn write_value<'a>(value: &'a Self, ctx: &mut WriteContext<'a, '_>) -> Result<()>;

    /// One of a union variant's values.
    fn write_element<'a>(
        value: &'a Self,
        list: &MixedListWriter,
        ctx: &mut WriteContext<'a, '_>,
    ) -> Result<()>;

    /// A union variant's one value: [`read_value`](crate::serializer::read_value).
    fn read_value(ctx: &mut ReadContext<'_, '_>) -> Result<Self>;

    /// One of a union variant's values.
    fn read_element(list: &mut ListReader, ctx: &mut ReadContext<'_, '_>) -> Result<Self>;
}

impl<F: Deserialize> FieldOps for F {
    // the type facts and the writes are the generic-field traits' (one
    // body each); the reads live here
    const TYPE_ID: u8 = <F as FieldTypeOps>::TYPE_ID;
    const NULLABLE: bool = <F as FieldTypeOps>::NULLABLE;
    const SHARED: bool = <F as FieldTypeOps>::SHARED;
    const PLAIN: bool = <F as FieldTypeOps>::PLAIN;
    const WIDTH: usize = <F as FieldTypeOps>::WIDTH;
    const FIXED: usize = <F as FieldTypeOps>::FIXED;

    fn info(name: &'static str, nullable: Option<bool>, track_ref: Option<bool>) -> FieldInfo {
        <F as FieldTypeOps>::info(name, nullable, track_ref)
    }

    #[inline(always)]
    fn read_fixed(r: &FixedReader<'_>, at: usize) -> Result<F> {
        F::fory_read_fixed(r, at)
    }

    #[inline]
    fn write<'a>(
        value: &'a F,
        ctx: &mut WriteContext<'a, '_>,
        compatible: bool,
        nullable: bool,
        track_ref: bool,
    ) -> Result<()> {
        <F as FieldWriteOps>::write(value, ctx, compatible, nullable, track_ref)
    }

    #[inline(always)]
    fn write_fixed(
        value: &F,
        w: &mut FixedWriter<'_, '_>,
        nest: Nest,
        nullable: bool,
    ) -> Result<()> {
        <F as FieldWriteOps>::write_fixed(value, w, nest, nullable)
    }

    #[inline]
    fn read(
        ctx: &mut ReadContext<'_, '_>,
        compatible: bool,
        nullable: bool,
        track_ref: bool,
    ) -> Result<F> {
        read_field(ctx, compatible, nullable, track_ref)
    }

    #[inline(always)]
    fn read_in_run(
        ctx: &mut ReadContext<'_, '_>,
        compatible: bool,
        nullable: bool,
        track_ref: bool,
    ) -> Result<F> {
        if F::FORY_PLAIN && !nullable && !track_ref {
            return F::fory_read_data(ctx, F::FORY_TYPE_ID);
        }
        read_field(ctx, compatible, nullable, track_ref)
    }

    #[inline]
    fn read_as(ctx: &mut ReadContext<'_, '_>, info: &FieldInfo) -> Result<F> {
        read_field_as(ctx, info)
    }

    #[inline]
    fn take(slot: Option<F>, struct_name: &str, field: &str) -> Result<F> {
        take_field(slot, struct_name, field)
    }

    #[inline]
    fn zero() -> Option<F> {
        F::fory_zero()
    }

    fn write_value<'a>(value: &'a F, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        <F as FieldWriteOps>::write_value(value, ctx)
    }

    fn write_element<'a>(
        value: &'a F,
        list: &MixedListWriter,
        ctx: &mut WriteContext<'a, '_>,
    ) -> Result<()> {
        <F as FieldWriteOps>::write_element(value, list, ctx)
    }

    fn read_value(ctx: &mut ReadContext<'_, '_>) -> Result<F> {
        crate::serializer::read_value(ctx)
    }

    fn read_element(list: &mut ListReader, ctx: &mut ReadContext<'_, '_>) -> Result<F> {
        list.next(ctx)
    }
}

/// [`FieldOps`]' type facts for a field whose type names a generic
/// parameter (bounded `ForyType` there).
pub trait FieldTypeOps {
    /// The type id.
    const TYPE_ID: u8;
    /// Whether the type is nullable unless the field says otherwise.
    const NULLABLE: bool;
    /// Whether the type tracks references unless the field says otherwise.
    const SHARED: bool;
    /// [`FieldOps::PLAIN`].
    const PLAIN: bool;
    /// [`FieldOps::WIDTH`].
    const WIDTH: usize;
    /// [`FieldOps::FIXED`].
    const FIXED: usize;
    /// [`FieldInfo::of`].
    fn info(name: &'static str, nullable: Option<bool>, track_ref: Option<bool>) -> FieldInfo;
}

impl<F: crate::serializer::ForyType> FieldTypeOps for F {
    const TYPE_ID: u8 = F::FORY_TYPE_ID;
    const NULLABLE: bool = F::FORY_NULLABLE;
    const SHARED: bool = F::FORY_SHARED;
    const PLAIN: bool = F::FORY_FIELD_PLAIN;
    const WIDTH: usize = F::FORY_FIELD_WIDTH;
    const FIXED: usize = F::FORY_FIXED_WIDTH;
    fn info(name: &'static str, nullable: Option<bool>, track_ref: Option<bool>) -> FieldInfo {
        FieldInfo::of::<F>(name, nullable, track_ref)
    }
}

/// The writes of field `I` (in declaration order) of a derived struct
/// without generic parameters. Generated code writes such a struct's
/// fields in wire order as one call per position, naming the field by
/// the constant `FORY_FIELD_ORDER[position]`: linear in the number of
/// fields, where a `match` over every field at every position is
/// quadratic (the derive uses that form only for generic structs, whose
/// order a constant argument cannot name).
pub trait FieldAt<const I: usize> {
    /// The field's write on a struct's plain run (see
    /// [`FieldOps::write_fixed`]), with the nullable decision made.
    fn fory_write_fixed_at(&self, w: &mut FixedWriter<'_, '_>, nest: Nest) -> Result<()>;

    /// The field's write through the context (see [`FieldOps::write`]),
    /// with the nullable and track_ref decisions made.
    fn fory_write_at<'a>(&'a self, ctx: &mut WriteContext<'a, '_>, compatible: bool) -> Result<()>;
}

/// The reads of field `I` of a derived struct without generic parameters:
/// one call per position, as [`FieldAt`]'s writes, each filling its
/// field's slot in `S`, a tuple of an `Option` per field (in declaration
/// order, `None` until the field is read). Structs of more than 24 fields
/// read this way; narrower ones when the wire order the derive guessed
/// from their fields' syntax is wrong ([`UserType::FORY_GUESSED_ORDER`]
/// false). When it is right, they read in straight lines into slots of
/// their own, which measured faster than this tuple: MediaContent's read
/// took 1.4% more instructions this way.
///
/// The slots are a parameter of the trait, not an associated type: an
/// impl's associated type is part of its interface, so naming a private
/// field type there made a public struct with such a field fail to
/// compile (E0446, "private type in public interface"), while an impl
/// whose trait arguments name a private type is as private as that type.
pub trait FieldReadAt<const I: usize, S> {
    /// The field's read into its slot ([`FieldOps::read_in_run`], for a
    /// value read alone as in a run of values: by position, a struct's
    /// string fields read in line measured faster than
    /// [`FieldOps::read`]'s out-of-line read, whatever
    /// [`UserType::FORY_READS_IN_LINE`] says).
    ///
    /// A field among the struct's leading fixed-width ones reads from
    /// `fixed`, which the first of them takes from the input for all
    /// ([`UserType::FORY_FIXED_READ_OFFSETS`]).
    fn fory_read_at<'d>(
        slots: &mut S,
        ctx: &mut ReadContext<'d, '_>,
        compatible: bool,
        fixed: &mut FixedReader<'d>,
    ) -> Result<()>;
}

/// [`FieldOps::write`] for a field whose type names a generic parameter
/// (bounded `Serialize` there).
pub trait FieldWriteOps {
    /// [`FieldOps::write_fixed`].
    fn write_fixed(
        value: &Self,
        w: &mut FixedWriter<'_, '_>,
        nest: Nest,
        nullable: bool,
    ) -> Result<()>;

    /// [`write_field`].
    fn write<'a>(
        value: &'a Self,
        ctx: &mut WriteContext<'a, '_>,
        compatible: bool,
        nullable: bool,
        track_ref: bool,
    ) -> Result<()>;

    /// [`FieldOps::write_value`].
    fn write_value<'a>(value: &'a Self, ctx: &mut WriteContext<'a, '_>) -> Result<()>;

    /// [`FieldOps::write_element`].
    fn write_element<'a>(
        value: &'a Self,
        list: &MixedListWriter,
        ctx: &mut WriteContext<'a, '_>,
    ) -> Result<()>;
}

impl<F: Serialize> FieldWriteOps for F {
    #[inline(always)]
    fn write_fixed(
        value: &F,
        w: &mut FixedWriter<'_, '_>,
        nest: Nest,
        nullable: bool,
    ) -> Result<()> {
        write_fixed_field(value, w, nest, nullable)
    }

    fn write_value<'a>(value: &'a F, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        crate::serializer::write_value(value, ctx)
    }

    fn write_element<'a>(
        value: &'a F,
        list: &MixedListWriter,
        ctx: &mut WriteContext<'a, '_>,
    ) -> Result<()> {
        list.element(value, ctx)
    }

    #[inline(always)]
    fn write<'a>(
        value: &'a F,
        ctx: &mut WriteContext<'a, '_>,
        compatible: bool,
        nullable: bool,
        track_ref: bool,
    ) -> Result<()> {
        write_field(value, ctx, compatible, nullable, track_ref)
    }
}
