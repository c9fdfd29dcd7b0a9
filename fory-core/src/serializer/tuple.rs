//! Tuples `(A,)` to 16 elements (serde's limit; std's own trait impls
//! stop at 12): a LIST whose elements each carry their own type info (a
//! Python tuple or list reads and writes the same way). A derived enum's
//! variant with several fields is written the same way and has no limit.

use super::collection::{ListReader, MixedListWriter};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::io::PlainWriter;
use crate::types::{coll_flag, ref_flag, type_id};

/// A tuple whose elements are all plain (numbers, `bool`, strings, no
/// `Option`): its bytes on an output cursor.
trait PlainTuple {
    fn fory_write_plain_tuple(&self, w: &mut PlainWriter<'_>, tracking: bool);
}

macro_rules! tuple {
    ($n:literal; $($t:ident $i:tt),+) => {
        impl<$($t: ForyType),+> ForyType for ($($t,)+) {
            const FORY_TYPE_ID: u8 = type_id::LIST;
            const FORY_TRACKS_REF: bool = true;
            // never a back-reference (no ref key)
            const FORY_NATIVE_TRACKS_REF: bool = false;
            const FORY_READS_DECLARED: bool = false;
            fn fory_children() -> crate::object::Children {
                // heterogeneous: the element type is unknown
                crate::object::Children::Unknown
            }
        }

        impl<$($t: Serialize),+> Serialize for ($($t,)+) {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                if true $(&& $t::FORY_PLAIN && !$t::FORY_NULLABLE)+ {
                    // numbers, `bool` and strings: the same bytes on one
                    // output cursor (each element's type info is its type
                    // id byte, its flag under ref tracking `NOT_NULL`)
                    return Self::fory_write_data_each(std::iter::once(self), ctx);
                }
                let has_null = false $(|| self.$i.fory_is_none())+;
                ctx.enter("a tuple")?;
                // native mode flags the elements only when one of their
                // types may be written as a back-reference
                let tracking = if false $(|| $t::FORY_NATIVE_TRACKS_REF)+ {
                    ctx.ref_tracking()
                } else {
                    ctx.xlang_refs()
                };
                let w = MixedListWriter::begin_tracked(ctx, $n, has_null, tracking)?;
                $( w.element(&self.$i, ctx)?; )+
                ctx.leave();
                Ok(())
            }

            /// Tuples of plain elements (one, or a list's): all of them on
            /// one output cursor, entering the tuple's nesting level once.
            #[inline]
            fn fory_write_data_each<'a, Items>(
                mut items: Items,
                ctx: &mut WriteContext<'a, '_>,
            ) -> Result<()>
            where
                Self: 'a,
                Items: Iterator<Item = &'a Self>,
            {
                if true $(&& $t::FORY_PLAIN && !$t::FORY_NULLABLE)+ {
                    let Some(first) = items.next() else {
                        return Ok(());
                    };
                    ctx.enter("a tuple")?;
                    ctx.take_declared();
                    // plain elements take no ref ids: their `NOT_NULL` flags
                    // are pyfory's, in xlang mode only
                    let tracking = ctx.xlang_refs();
                    let mut w = ctx.plain();
                    first.fory_write_plain_tuple(&mut w, tracking);
                    for t in items {
                        t.fory_write_plain_tuple(&mut w, tracking);
                    }
                    drop(w);
                    ctx.leave();
                    return Ok(());
                }
                super::write_each(items, ctx)
            }
        }

        impl<$($t: Serialize),+> PlainTuple for ($($t,)+) {
            #[inline(always)]
            fn fory_write_plain_tuple(&self, w: &mut PlainWriter<'_>, tracking: bool) {
                // room made once for the header, each element's flag and
                // type id and the numbers up to the first string (a
                // string's write gives up the rest)
                let mut f = w.fixed(2 $(+ 2 + $t::FORY_FIELD_WIDTH)+);
                // the length, a varuint32 of at most 16: one byte
                f.write_u8($n);
                f.write_u8(if tracking { coll_flag::TRACKING_REF } else { 0 });
                $(
                    if tracking {
                        f.write_i8(ref_flag::NOT_NULL);
                    }
                    f.write_u8($t::FORY_TYPE_ID);
                    self.$i.fory_write_fixed(&mut f);
                )+
            }
        }

        impl<$($t: Deserialize),+> Deserialize for ($($t,)+) {
            // each element's zero value, when each has one
            fn fory_zero() -> Option<Self> {
                Some(($($t::fory_zero()?,)+))
            }

            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _id: u8) -> Result<Self> {
                let at = ctx.reader().position();
                let mut lr = ListReader::begin(ctx)?;
                if lr.len != $n {
                    return Err(Error::type_mismatch(
                        std::any::type_name::<Self>(),
                        format_args!("a list of {} elements at byte {at}", lr.len),
                    ));
                }
                ctx.enter("a tuple")?;
                let v = ($(lr.next::<$t>(ctx)?,)+);
                ctx.leave();
                Ok(v)
            }
        }
    };
}

tuple!(1; A 0);
tuple!(2; A 0, B 1);
tuple!(3; A 0, B 1, C 2);
tuple!(4; A 0, B 1, C 2, D 3);
tuple!(5; A 0, B 1, C 2, D 3, E 4);
tuple!(6; A 0, B 1, C 2, D 3, E 4, F 5);
tuple!(7; A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple!(8; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple!(9; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple!(10; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple!(11; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple!(12; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
tuple!(13; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12);
tuple!(14; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13);
tuple!(15; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14);
tuple!(16; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15);
