//! C strings (`std::ffi::CString`, `CStr`) as BINARY: the bytes without
//! the trailing nul, as a `Vec<u8>` of them is written (on the buffer
//! path; a Python peer reads `bytes`).
//!
//! `CStr` writes (`&CStr`, and `Box<CStr>`, `Rc<CStr>`, `Arc<CStr>`
//! through the pointers' impls); `CString`, `Box<CStr>`, `Rc<CStr>` and
//! `Arc<CStr>` read, copying the bytes and adding the nul. Bytes with a
//! zero among them are no C string: an error naming the type and the
//! zero's position.

use std::any::Any;
use std::ffi::{CStr, CString};
use std::rc::Rc;
use std::sync::Arc;

use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};

impl ForyType for CStr {
    owned_binary_type!();
}

impl Serialize for CStr {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        u8::fory_write_slice(self.to_bytes(), ctx)
    }
}

impl ForyType for CString {
    owned_binary_type!();
}

impl Serialize for CString {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        self.as_c_str().fory_write_data(ctx)
    }
}

impl Deserialize for CString {
    fn fory_zero() -> Option<Self> {
        Some(CString::default())
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        read_c_string(ctx, id, "std::ffi::CString")
    }
}

/// Reads BINARY (or UINT8_ARRAY) data as a C string; a zero among the
/// bytes is an error naming `what` and its position.
fn read_c_string(ctx: &mut ReadContext<'_, '_>, id: u8, what: &str) -> Result<CString> {
    let at = ctx.reader().position();
    let bytes = u8::fory_read_vec(ctx, id)?;
    let len = bytes.len();
    CString::new(bytes).map_err(|e| {
        Error::invalid(format!(
            "{what}: the {len} bytes read at byte {at} have a zero at position {}: a C string has none before its end",
            e.nul_position()
        ))
    })
}

impl Deserialize for Box<CStr> {
    fn fory_zero() -> Option<Self> {
        Some(CString::default().into_boxed_c_str())
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        read_c_string(ctx, id, "Box<std::ffi::CStr>").map(CString::into_boxed_c_str)
    }
}

/// `Rc<CStr>` / `Arc<CStr>` read through a `CString`; shared under ref
/// tracking as `Rc<str>` is.
macro_rules! shared_c_str {
    ($($ptr:ident, $what:literal;)*) => {$(
        impl Deserialize for $ptr<CStr> {
            fn fory_zero() -> Option<Self> {
                Some($ptr::from(CString::default()))
            }
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
                read_c_string(ctx, id, $what).map($ptr::from)
            }
            fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
                Some(Box::new($ptr::clone(self)))
            }
            fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
                shared.downcast_ref::<$ptr<CStr>>().cloned()
            }
        }
    )*};
}

shared_c_str! {
    Rc, "Rc<std::ffi::CStr>";
    Arc, "Arc<std::ffi::CStr>";
}
