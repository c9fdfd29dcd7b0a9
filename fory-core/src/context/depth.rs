//! The nesting depth both contexts count against the configured limit.

use crate::error::{Error, ErrorKind, Result};

/// The levels of nesting still allowed: the configured limit when a stream
/// starts, one less per level entered. Counting down keeps the check to
/// one decrement and one branch; the limit itself is read only for the
/// error.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Depth {
    left: u32,
}

impl Depth {
    /// A stream's start: `limit` levels allowed.
    pub(crate) fn new(limit: u32) -> Self {
        Depth { left: limit }
    }

    #[inline]
    pub(crate) fn enter(&mut self, limit: u32, what: &'static str, writing: bool) -> Result<()> {
        match self.left.checked_sub(1) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(depth_error(limit, what, writing)),
        }
    }

    #[inline]
    pub(crate) fn leave(&mut self) {
        self.left += 1;
    }

    /// The levels still allowed, for a write that cannot reach the
    /// context ([`Nest`]); `limit` is the stream's, for the error.
    #[inline(always)]
    pub(crate) fn nest(&self, limit: u32) -> Nest {
        Nest {
            left: self.left,
            limit,
        }
    }

    /// The current nesting depth, given the limit the stream started with.
    pub(crate) fn current(&self, limit: u32) -> u32 {
        limit.saturating_sub(self.left)
    }
}

/// The nesting a write on an output cursor may still enter: a struct's
/// list field of plain elements, written on the struct's
/// [`PlainWriter`](crate::io::PlainWriter), is one level deeper than the
/// struct, as it is when written through the context. Taken from the
/// context before the cursor borrows it
/// ([`WriteContext::nest`](crate::context::WriteContext::nest)).
#[derive(Debug, Clone, Copy)]
pub struct Nest {
    left: u32,
    limit: u32,
}

impl Nest {
    /// Fails as [`WriteContext::enter`](crate::context::WriteContext::enter)
    /// would for one more level; a write on the cursor has no level to
    /// leave afterwards.
    #[inline(always)]
    pub(crate) fn check(self, what: &'static str) -> Result<()> {
        if self.left == 0 {
            return Err(depth_error(self.limit, what, true));
        }
        Ok(())
    }
}

#[cold]
fn depth_error(limit: u32, what: &'static str, writing: bool) -> Error {
    let hint = if writing {
        "; a cycle through Rc/Arc needs ref_tracking(true)"
    } else {
        ""
    };
    Error::new(
        ErrorKind::DepthLimit,
        format!("nesting deeper than the limit of {limit} at {what} (raise it with ForyBuilder::max_depth){hint}"),
    )
}
