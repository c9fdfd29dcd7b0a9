//! `smallvec::SmallVec<[T; N]>` (smallvec 1, re-exported as
//! `fory_core::smallvec`): exactly a `Vec<T>` on the wire.
//!
//! The same type id (a dense `*_ARRAY` for numbers and `bool`, BINARY for
//! `u8`, LIST otherwise), the same bytes, the same TypeDef entry and
//! schema fingerprint as a struct field, the same ref and null flags, and
//! the same out-of-band buffers: the elements are written as the slice
//! they are (`T::fory_write_slice`, what `Vec<T>` calls), so a
//! `SmallVec<[f64; 4]>` of 10,000 elements is offered to the buffer
//! callback as a `Vec<f64>` is. Each reads the other's bytes.
//!
//! Reading goes through a `Vec<T>` (`T::fory_read_vec`, with its bounded
//! preallocation against hostile lengths), then:
//! - more than `N` elements: `SmallVec::from_vec` keeps the `Vec`'s heap
//!   allocation (no copy);
//! - at most `N`: the elements are moved into the inline storage and the
//!   `Vec`'s allocation is freed (one copy of at most `N` elements), so a
//!   value that fits is read back inline.

use smallvec::{Array, SmallVec};

use super::collection::{list_children, plain_elements, write_plain_list};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{Nest, ReadContext, WriteContext};
use crate::error::Result;
use crate::io::FixedWriter;
use crate::object::Children;
use crate::types::type_id;

impl<A: Array> ForyType for SmallVec<A>
where
    A::Item: ForyType,
{
    const FORY_TYPE_ID: u8 = <Vec<A::Item> as ForyType>::FORY_TYPE_ID;
    const FORY_TRACKS_REF: bool = <Vec<A::Item> as ForyType>::FORY_TRACKS_REF;
    const FORY_NATIVE_TRACKS_REF: bool = <Vec<A::Item> as ForyType>::FORY_NATIVE_TRACKS_REF;
    const FORY_FIELD_PLAIN: bool =
        A::Item::FORY_SLICE_TYPE_ID == type_id::LIST && plain_elements::<A::Item>();
    fn fory_children() -> Children {
        list_children::<A::Item>(Self::FORY_TYPE_ID)
    }
    /// What a `Vec<T>` reads: a LIST or SET (a set's body is a list's),
    /// and the element's dense array.
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        <Vec<A::Item> as ForyType>::fory_accepts(id)
    }
}

impl<A: Array> Serialize for SmallVec<A>
where
    A::Item: Serialize,
{
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        A::Item::fory_write_slice(self.as_slice(), ctx)
    }

    #[inline(always)]
    fn fory_write_field_fixed(&self, w: &mut FixedWriter<'_, '_>, nest: Nest) -> Result<()> {
        write_plain_list(self.iter(), self.len(), w.plain(), nest)
    }
}

impl<A: Array> Deserialize for SmallVec<A>
where
    A::Item: Deserialize,
{
    fn fory_zero() -> Option<Self> {
        Some(SmallVec::new())
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        let v = A::Item::fory_read_vec(ctx, type_id)?;
        if v.len() <= A::size() {
            // fits inline: the elements are moved in (`from_vec` would
            // keep a `Vec` whose capacity is over `N` on the heap)
            Ok(v.into_iter().collect())
        } else {
            Ok(SmallVec::from_vec(v))
        }
    }
}
