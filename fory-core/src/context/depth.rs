//! The nesting depth both contexts count against the configured limit.

use crate::error::{Error, ErrorKind, Result};

/// The levels of nesting still allowed: the configured limit when a stream
/// starts, one less per level entered. Counting down keeps the check to
/// one decrement and one branch; the limit itself is read only for the
/// error.
#[derive(Debug)]
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

    /// The current nesting depth, given the limit the stream started with.
    pub(crate) fn current(&self, limit: u32) -> u32 {
        limit.saturating_sub(self.left)
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
