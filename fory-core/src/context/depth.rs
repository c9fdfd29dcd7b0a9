//! The nesting depth both contexts count against the configured limit.

use crate::error::{Error, ErrorKind, Result};

#[derive(Debug, Default)]
pub(crate) struct Depth {
    current: u32,
}

impl Depth {
    #[inline]
    pub(crate) fn enter(&mut self, limit: u32, what: &'static str, writing: bool) -> Result<()> {
        self.current += 1;
        if self.current > limit {
            return Err(depth_error(limit, what, writing));
        }
        Ok(())
    }

    #[inline]
    pub(crate) fn leave(&mut self) {
        self.current -= 1;
    }

    pub(crate) fn current(&self) -> u32 {
        self.current
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
