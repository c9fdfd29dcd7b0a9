//! Skipping a field the reader has no place for (compatible mode): it is
//! read as a dynamic [`Value`](crate::value::Value) and dropped, so every
//! byte and out-of-band buffer it holds is consumed.

use super::typedef::RemoteField;
use crate::context::ReadContext;
use crate::error::Result;

/// Skips a field of a remote struct.
pub(crate) fn skip_field(ctx: &mut ReadContext<'_, '_>, field: &RemoteField) -> Result<()> {
    ctx.enter("a skipped field")?;
    crate::value::read::read_field(ctx, field)?;
    ctx.leave();
    Ok(())
}
