//! Skipping a field the reader has no place for (compatible mode): it is
//! walked as a dynamic [`Value`](crate::value::Value) would be read, so
//! every byte and out-of-band buffer it holds is consumed and checked, but
//! nothing is built (no string, list or struct value is allocated).

use super::typedef::RemoteField;
use crate::context::ReadContext;
use crate::error::{Error, ErrorKind, Result};
use crate::serializer::string::skip_string;
use crate::types::type_id as t;
use crate::value::read::read_scalar;

/// Skips a field of a remote struct. The usual skipped field, a string
/// or number without a flag, in line (at the call in a read plan's gap);
/// the rest by the general walk.
#[inline]
pub(crate) fn skip_field(ctx: &mut ReadContext<'_, '_>, field: &RemoteField) -> Result<()> {
    if !field.ty.nullable && !field.ty.track_ref {
        // consumed here, with the same checks, without the general walk
        if field.ty.id == t::STRING {
            return skip_string(ctx);
        }
        if let Some(v) = read_scalar(ctx.reader(), field.ty.id) {
            return v.map(drop);
        }
    }
    skip_walk(ctx, field)
}

/// [`skip_field`] for any field: walked as a `Value` read would.
#[inline(never)]
fn skip_walk(ctx: &mut ReadContext<'_, '_>, field: &RemoteField) -> Result<()> {
    ctx.enter("a skipped field")?;
    // a skip gives `Null` or a back-reference, neither of which owns
    // anything: matched so that no drop is called for them
    match crate::value::read::read_field::<true>(ctx, field) {
        Ok(crate::value::Value::Null | crate::value::Value::Ref(_)) => {}
        Ok(other) => drop(other),
        Err(e) => return Err(skip_error(e, field)),
    }
    ctx.leave();
    Ok(())
}

/// An error met skipping `field`, which names the field and its type: a
/// value whose layout the skip does not know makes the field one that
/// "cannot be skipped"; anything else happened "skipping" it.
#[cold]
fn skip_error(e: Error, field: &RemoteField) -> Error {
    let id = field.ty.id;
    let unsupported = matches!(e.kind(), ErrorKind::Unsupported | ErrorKind::UnknownType);
    e.map_message(|m| {
        let field = format!(
            "the writer's field `{}` (type id {id}, {}), which the reader's struct lacks",
            field.name,
            t::name(id)
        );
        if unsupported {
            format!("{field}, cannot be skipped: {m}")
        } else {
            format!("skipping {field}: {m}")
        }
    })
}
