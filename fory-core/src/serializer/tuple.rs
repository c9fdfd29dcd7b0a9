//! Tuples `(A,)` to 12 elements: a LIST whose elements each carry their
//! own type info (a Python tuple or list reads and writes the same way).

use super::collection::{ListReader, MixedListWriter};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::types::type_id;

macro_rules! tuple {
    ($n:literal; $($t:ident $i:tt),+) => {
        impl<$($t: ForyType),+> ForyType for ($($t,)+) {
            const FORY_TYPE_ID: u8 = type_id::LIST;
            const FORY_TRACKS_REF: bool = true;
            fn fory_children() -> crate::object::Children {
                // heterogeneous: the element type is unknown
                crate::object::Children::Unknown
            }
        }

        impl<$($t: Serialize),+> Serialize for ($($t,)+) {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                let has_null = false $(|| self.$i.fory_is_none())+;
                ctx.enter("a tuple")?;
                let w = MixedListWriter::begin(ctx, $n, has_null)?;
                $( w.element(&self.$i, ctx)?; )+
                ctx.leave();
                Ok(())
            }
        }

        impl<$($t: Deserialize),+> Deserialize for ($($t,)+) {
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
