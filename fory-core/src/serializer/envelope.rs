//! The value envelope: `[ref/null flag][type info][data]`.

use super::{Deserialize, Serialize};
use crate::context::Slot;
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::types::ref_flag;

/// Writes the ref/null flag of `value`; returns `true` when type info and
/// data must follow (`false` for null or a back-reference).
///
/// With `tracking`, a shareable value already written becomes `REF` + its
/// id; a new one takes the next id (`REF_VALUE`). Without, non-null values
/// get `NOT_NULL`.
#[inline]
pub(crate) fn write_flag<T: Serialize + ?Sized>(
    value: &T,
    ctx: &mut WriteContext<'_, '_>,
    tracking: bool,
) -> Result<bool> {
    if value.fory_is_none() {
        ctx.writer().write_i8(ref_flag::NULL);
        return Ok(false);
    }
    if tracking {
        match value.fory_ref_key() {
            Some(key) => match ctx.refs().lookup_or_insert(key) {
                Ok(id) => {
                    ctx.writer().write_i8(ref_flag::REF);
                    ctx.writer().write_varuint32(id);
                    return Ok(false);
                }
                Err(_new_id) => {}
            },
            None => ctx.refs().skip(),
        }
        ctx.writer().write_i8(ref_flag::REF_VALUE);
    } else {
        ctx.writer().write_i8(ref_flag::NOT_NULL);
    }
    Ok(true)
}

/// Writes a whole value: flag, type info, data.
///
/// This is what [`Serialize::fory_write`] does by default, and what the
/// root of a stream is written with.
#[inline]
pub fn write_value<'a, T: Serialize + ?Sized>(
    value: &'a T,
    ctx: &mut WriteContext<'a, '_>,
) -> Result<()> {
    let tracking = value.fory_dyn_tracks_ref(ctx);
    if write_flag(value, ctx, tracking)? {
        value.fory_write_dyn_type_info(ctx)?;
        value.fory_write_data(ctx)?;
    }
    Ok(())
}

/// Writes a whole value where the reader's type is not known (the root of
/// a stream, the non-null side of a map's null entry): under ref tracking
/// every non-null value takes a ref id here in xlang mode, as pyfory's
/// generic `write_ref` does, whatever its type; in native mode those that
/// may be written as back-references
/// ([`FORY_NATIVE_TRACKS_REF`](super::ForyType::FORY_NATIVE_TRACKS_REF)).
#[inline]
pub(crate) fn write_value_dynamic<'a, T: Serialize + ?Sized>(
    value: &'a T,
    ctx: &mut WriteContext<'a, '_>,
) -> Result<()> {
    let tracking = if value.fory_dyn_native_tracks_ref() {
        ctx.ref_tracking()
    } else {
        ctx.xlang_refs()
    };
    if write_flag(value, ctx, tracking)? {
        value.fory_write_dyn_type_info(ctx)?;
        value.fory_write_data(ctx)?;
    }
    Ok(())
}

/// Reads a whole value: flag, type info, data.
#[inline]
pub fn read_value<T: Deserialize>(ctx: &mut ReadContext<'_, '_>) -> Result<T> {
    let flag = ctx.reader().read_i8()?;
    if flag == ref_flag::NOT_NULL {
        return read_typed(ctx, None);
    }
    read_flagged(ctx, flag, None)
}

/// Reads a value whose flag byte was just read. `known_type` is the type id
/// when the enclosing collection wrote it once for all elements.
pub(crate) fn read_flagged<T: Deserialize>(
    ctx: &mut ReadContext<'_, '_>,
    flag: i8,
    known_type: Option<u8>,
) -> Result<T> {
    match flag {
        ref_flag::NOT_NULL => read_typed(ctx, known_type),
        ref_flag::REF_VALUE => {
            let slot = ctx.reserve_ref();
            if let Some(v) = T::fory_read_registered(ctx, slot, known_type)? {
                return Ok(v);
            }
            let value: T = read_typed(ctx, known_type)?;
            let kept = match value.fory_to_shared() {
                Some(shared) => Slot::Filled(shared),
                None => Slot::Unshareable(T::fory_type_name()),
            };
            ctx.fill_ref(slot, kept);
            Ok(value)
        }
        ref_flag::NULL => T::fory_null().ok_or_else(|| {
            Error::invalid(format!(
                "null value where {} is not optional (read it as Option<_>)",
                T::fory_type_name()
            ))
        }),
        ref_flag::REF => {
            let id = ctx.reader().read_varuint32()?;
            if let Some(v) = T::fory_ref(id) {
                // a dynamic back-reference: it must still name a value
                // that came before (or is being read, for a cycle)
                ctx.check_ref_id(id)?;
                return Ok(v);
            }
            let shared = ctx.shared_ref(id)?;
            T::fory_from_shared(shared).ok_or_else(|| {
                Error::type_mismatch(
                    T::fory_type_name(),
                    format_args!("a reference to object #{id} of another type"),
                )
            })
        }
        other => {
            let at = ctx.reader().position() - 1;
            Err(Error::invalid(format!(
                "invalid reference flag {:#04x} at byte {at}",
                other as u8
            )))
        }
    }
}

/// Reads a value's type info unless `known_type` gives it, then its data.
/// In line always: a wrapper whose frame LLVM otherwise keeps around a
/// string's in-line read in map and struct-run loops (a call per key).
#[inline(always)]
pub(crate) fn read_typed<T: Deserialize>(
    ctx: &mut ReadContext<'_, '_>,
    known_type: Option<u8>,
) -> Result<T> {
    let id = match known_type {
        Some(id) => id,
        None => T::fory_read_type_info(ctx)?,
    };
    T::fory_read_data(ctx, id)
}
