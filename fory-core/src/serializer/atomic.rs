//! Atomics (`std::sync::atomic`): each is its value on the wire.
//!
//! `AtomicBool` is a `bool`, `AtomicI32` an `i32`, `AtomicUsize` a
//! `usize` (a `u64`), and so on: the same type id and bytes, alone and as
//! a struct field (the same TypeDef and schema hash), so a peer's `i32`
//! field reads into an `AtomicI32` field and back. The value is loaded
//! with `Ordering::Relaxed`: a serialization is a snapshot of each atomic
//! by itself, with no order promised between two of them (another thread
//! that stores while a value is written makes the bytes hold either
//! value). A `Vec` (boxed slice, array, `SmallVec`) of atomics is the
//! plain type's: its dense array (`Vec<AtomicI32>` an INT32_ARRAY,
//! `Vec<AtomicU8>` BINARY, `Vec<AtomicBool>` a BOOL_ARRAY) with the same
//! bytes, TypeDef and schema hash, written from the values loaded one by
//! one; offered to the buffer callback as the plain array is, as an owned
//! copy of those bytes (an atomic lends no bytes). It reads the LIST its
//! older versions wrote too.

use std::sync::atomic::Ordering::Relaxed;

use super::collection::{dense_id, mirrored_slice_id, write_same_type};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::Result;
use crate::io::{FixedReader, FixedWriter, PlainWriter};

macro_rules! atomic {
    ($($bits:literal: $atomic:ident => $plain:ty;)*) => {$(
        #[cfg(target_has_atomic = $bits)]
        impl ForyType for std::sync::atomic::$atomic {
            const FORY_TYPE_ID: u8 = <$plain as ForyType>::FORY_TYPE_ID;
            const FORY_READ_TAKES_INPUT: bool = true;
            const FORY_PLAIN: bool = true;
            const FORY_FIELD_WIDTH: usize = <$plain as ForyType>::FORY_FIELD_WIDTH;
            const FORY_FIXED_WIDTH: usize = <$plain as ForyType>::FORY_FIXED_WIDTH;
            // the plain type's dense array (BINARY for `AtomicU8`)
            const FORY_SLICE_TYPE_ID: u8 =
                mirrored_slice_id(<$plain as ForyType>::FORY_SLICE_TYPE_ID);
            #[inline]
            fn fory_accepts(id: u8) -> bool {
                <$plain as ForyType>::fory_accepts(id)
            }
            /// A sequence of the plain type reads into a `Vec` of atomics,
            /// its dense array too (what a `Vec` of it writes).
            #[inline]
            fn fory_vec_accepts(id: u8) -> bool {
                <$plain as ForyType>::fory_vec_accepts(id)
            }
        }

        #[cfg(target_has_atomic = $bits)]
        impl Serialize for std::sync::atomic::$atomic {
            #[inline]
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                self.fory_write_plain(&mut ctx.plain());
                Ok(())
            }

            #[inline(always)]
            fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
                self.load(Relaxed).fory_write_plain(w);
            }

            #[inline(always)]
            fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
                self.load(Relaxed).fory_write_fixed(w);
            }

            fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                if dense_id(Self::FORY_SLICE_TYPE_ID) {
                    // the plain `Vec`'s array of the values loaded
                    return <$plain>::fory_write_slice_of(items.iter().map(|a| a.load(Relaxed)), ctx);
                }
                write_same_type(items.iter(), items.len(), ctx)
            }
        }

        #[cfg(target_has_atomic = $bits)]
        impl Deserialize for std::sync::atomic::$atomic {
            fn fory_zero() -> Option<Self> {
                <$plain>::fory_zero().map(Self::new)
            }

            #[inline]
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
                <$plain>::fory_read_data(ctx, id).map(Self::new)
            }

            #[inline(always)]
            fn fory_read_fixed(r: &FixedReader<'_>, at: usize) -> Result<Self> {
                <$plain>::fory_read_fixed(r, at).map(Self::new)
            }

            fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Vec<Self>> {
                // the plain type's dense array too
                super::std_types::dense_or_list::<$plain, Self>(ctx, type_id, Self::new)
            }
        }
    )*};
}

atomic! {
    "8": AtomicBool => bool;
    "8": AtomicI8 => i8;
    "16": AtomicI16 => i16;
    "32": AtomicI32 => i32;
    "64": AtomicI64 => i64;
    "ptr": AtomicIsize => isize;
    "8": AtomicU8 => u8;
    "16": AtomicU16 => u16;
    "32": AtomicU32 => u32;
    "64": AtomicU64 => u64;
    "ptr": AtomicUsize => usize;
}
