//! Skipping values the reader has no field for (compatible mode): driven
//! by the writer's TypeDef and the type info in the stream.

use std::sync::Arc;

use super::typedef::{RemoteField, RemoteType, RemoteTypeDef};
use crate::context::{ReadContext, Slot};
use crate::error::{Error, Result};
use crate::types::{coll_flag, map_flag, ref_flag, type_id as t};

/// Type info read without knowing the Rust type.
pub(crate) struct AnyType {
    pub(crate) id: u8,
    pub(crate) def: Option<Arc<RemoteTypeDef>>,
}

/// Reads type info of any type.
pub(crate) fn read_any_type_info(ctx: &mut ReadContext<'_, '_>) -> Result<AnyType> {
    let at = ctx.reader().position();
    let id = ctx.reader().read_u8()?;
    let def = match id {
        t::COMPATIBLE_STRUCT | t::NAMED_COMPATIBLE_STRUCT => Some(super::read_shared_meta(ctx)?),
        t::NAMED_STRUCT | t::NAMED_ENUM | t::NAMED_UNION | t::NAMED_EXT => {
            if ctx.config().compatible() {
                Some(super::read_shared_meta(ctx)?)
            } else {
                super::read_meta_string(ctx, true)?;
                super::read_meta_string(ctx, false)?;
                None
            }
        }
        t::STRUCT | t::ENUM | t::TYPED_UNION | t::EXT => {
            ctx.reader().read_varuint32()?;
            None
        }
        id if id > t::FLOAT64_ARRAY => {
            return Err(Error::new(
                crate::ErrorKind::UnknownType,
                format!("unknown type id {id} at byte {at}"),
            ))
        }
        _ => None,
    };
    Ok(AnyType { id, def })
}

/// Skips a field of a remote struct.
pub(crate) fn skip_field(ctx: &mut ReadContext<'_, '_>, field: &RemoteField) -> Result<()> {
    ctx.enter("a skipped field")?;
    if (field.ty.nullable || field.ty.track_ref) && !skip_flag(ctx)? {
        ctx.leave();
        return Ok(());
    }
    if super::is_struct_id(field.ty.id) || field.ty.id == t::UNKNOWN {
        let ty = read_any_type_info(ctx)?;
        skip_data(ctx, ty.id, ty.def.as_deref(), None)?;
    } else {
        skip_data(ctx, field.ty.id, None, Some(&field.ty))?;
    }
    ctx.leave();
    Ok(())
}

/// Reads a ref/null flag; returns whether data follows.
fn skip_flag(ctx: &mut ReadContext<'_, '_>) -> Result<bool> {
    let at = ctx.reader().position();
    match ctx.reader().read_i8()? {
        ref_flag::NULL => Ok(false),
        ref_flag::REF => {
            ctx.reader().read_varuint32()?;
            Ok(false)
        }
        ref_flag::NOT_NULL => Ok(true),
        ref_flag::REF_VALUE => {
            let slot = ctx.reserve_ref();
            ctx.fill_ref(slot, Slot::Unshareable("a skipped value"));
            Ok(true)
        }
        f => Err(Error::invalid(format!(
            "invalid reference flag {:#04x} at byte {at}",
            f as u8
        ))),
    }
}

/// Skips a whole value: flag, type info, data.
fn skip_value(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    if !skip_flag(ctx)? {
        return Ok(());
    }
    let ty = read_any_type_info(ctx)?;
    skip_data(ctx, ty.id, ty.def.as_deref(), None)
}

/// Skips the data of a value of type `id`. `def` is the TypeDef of a
/// struct; `declared` the writer's declared type with its nested types.
fn skip_data(
    ctx: &mut ReadContext<'_, '_>,
    id: u8,
    def: Option<&RemoteTypeDef>,
    declared: Option<&RemoteType>,
) -> Result<()> {
    let at = ctx.reader().position();
    let r = ctx.reader();
    match id {
        t::BOOL | t::INT8 | t::UINT8 => drop(r.read_bytes(1)?),
        t::INT16 | t::UINT16 | t::FLOAT16 | t::BFLOAT16 => drop(r.read_bytes(2)?),
        t::INT32 | t::UINT32 | t::FLOAT32 => drop(r.read_bytes(4)?),
        t::INT64 | t::UINT64 | t::FLOAT64 => drop(r.read_bytes(8)?),
        t::VARINT32 | t::VAR_UINT32 | t::ENUM | t::NAMED_ENUM => drop(r.read_varuint32()?),
        t::VARINT64 | t::VAR_UINT64 => drop(r.read_varuint64()?),
        t::STRING => {
            let len = r.read_varuint64()? >> 2;
            if len > r.remaining() as u64 {
                return Err(Error::invalid(format!(
                    "string length {len} at byte {at} is past the end"
                )));
            }
            r.read_bytes(len as usize)?;
        }
        t::BINARY => drop(ctx.read_buffer(1, "a skipped binary")?),
        t::BOOL_ARRAY..=t::FLOAT64_ARRAY => {
            let elem = match id {
                t::BOOL_ARRAY | t::INT8_ARRAY | t::UINT8_ARRAY | t::FLOAT8_ARRAY => 1,
                t::INT16_ARRAY | t::UINT16_ARRAY | t::FLOAT16_ARRAY | t::BFLOAT16_ARRAY => 2,
                t::INT32_ARRAY | t::UINT32_ARRAY | t::FLOAT32_ARRAY => 4,
                _ => 8,
            };
            if ctx.config().arrays_take_buffer_path() {
                drop(ctx.read_buffer(elem, "a skipped array")?);
            } else {
                ctx.read_sized_bytes(elem, "a skipped array")?;
            }
        }
        t::LIST | t::SET => skip_list(ctx, declared.and_then(|d| d.children.first()))?,
        t::MAP => skip_map(ctx, declared.map(|d| &d.children[..]))?,
        t::COMPATIBLE_STRUCT | t::NAMED_COMPATIBLE_STRUCT | t::NAMED_STRUCT => match def {
            Some(def) => {
                for f in &def.fields {
                    skip_field(ctx, f)?;
                }
            }
            None => {
                return Err(Error::unsupported(format!(
                    "cannot skip a struct without its TypeDef at byte {at}"
                )))
            }
        },
        t::NONE => {}
        other => {
            return Err(Error::unsupported(format!(
                "cannot skip a value of {} at byte {at}",
                t::name(other)
            )))
        }
    }
    Ok(())
}

fn skip_list(ctx: &mut ReadContext<'_, '_>, declared: Option<&RemoteType>) -> Result<()> {
    let len = ctx.reader().read_len(1, "list")?;
    if len == 0 {
        return Ok(());
    }
    let flags = ctx.reader().read_u8()?;
    ctx.enter("a skipped list")?;
    let same = flags & coll_flag::SAME_TYPE != 0;
    let flagged = flags & (coll_flag::TRACKING_REF | coll_flag::HAS_NULL) != 0;
    let shared = if same && flags & coll_flag::DECL_ELEMENT_TYPE == 0 {
        Some(read_any_type_info(ctx)?)
    } else {
        None
    };
    for _ in 0..len {
        if flagged && !skip_flag(ctx)? {
            continue;
        }
        if same {
            match (&shared, declared) {
                (Some(ty), _) => skip_data(ctx, ty.id, ty.def.as_deref(), None)?,
                (None, Some(d)) => skip_data(ctx, d.id, None, Some(d))?,
                (None, None) => {
                    return Err(Error::invalid("a declared list element type is unknown"))
                }
            }
        } else {
            let ty = read_any_type_info(ctx)?;
            skip_data(ctx, ty.id, ty.def.as_deref(), None)?;
        }
    }
    ctx.leave();
    Ok(())
}

fn skip_map(ctx: &mut ReadContext<'_, '_>, declared: Option<&[RemoteType]>) -> Result<()> {
    let mut size = ctx.reader().read_len(1, "map")?;
    ctx.enter("a skipped map")?;
    let (dk, dv) = match declared {
        Some([k, v]) => (Some(k), Some(v)),
        _ => (None, None),
    };
    while size > 0 {
        let header = ctx.reader().read_u8()?;
        let key_null = header & map_flag::KEY_HAS_NULL != 0;
        let value_null = header & map_flag::VALUE_HAS_NULL != 0;
        if key_null || value_null {
            for (null, decl, track, d) in [
                (
                    key_null,
                    map_flag::KEY_DECL_TYPE,
                    map_flag::TRACKING_KEY_REF,
                    dk,
                ),
                (
                    value_null,
                    map_flag::VALUE_DECL_TYPE,
                    map_flag::TRACKING_VALUE_REF,
                    dv,
                ),
            ] {
                if null {
                    continue;
                }
                if header & decl == 0 {
                    skip_value(ctx)?;
                } else if header & track == 0 || skip_flag(ctx)? {
                    let d = d.ok_or_else(|| Error::invalid("a declared map type is unknown"))?;
                    skip_data(ctx, d.id, None, Some(d))?;
                }
            }
            size -= 1;
            continue;
        }
        let count = ctx.reader().read_u8()? as usize;
        if count == 0 || count > size {
            return Err(Error::invalid(format!("invalid map chunk size {count}")));
        }
        let kt = if header & map_flag::KEY_DECL_TYPE == 0 {
            Some(read_any_type_info(ctx)?)
        } else {
            None
        };
        let vt = if header & map_flag::VALUE_DECL_TYPE == 0 {
            Some(read_any_type_info(ctx)?)
        } else {
            None
        };
        for _ in 0..count {
            for (ty, d, track) in [
                (&kt, dk, map_flag::TRACKING_KEY_REF),
                (&vt, dv, map_flag::TRACKING_VALUE_REF),
            ] {
                if header & track != 0 && !skip_flag(ctx)? {
                    continue;
                }
                match (ty, d) {
                    (Some(ty), _) => skip_data(ctx, ty.id, ty.def.as_deref(), None)?,
                    (None, Some(d)) => skip_data(ctx, d.id, None, Some(d))?,
                    (None, None) => return Err(Error::invalid("a declared map type is unknown")),
                }
            }
        }
        size -= count;
    }
    ctx.leave();
    Ok(())
}
