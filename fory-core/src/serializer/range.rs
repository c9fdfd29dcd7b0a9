//! Ranges and bounds (`std::ops`).
//!
//! A range is the tuple of its ends: `Range` and `RangeInclusive` the
//! 2-tuple `(start, end)`, `RangeFrom`, `RangeTo` and `RangeToInclusive`
//! the 1-tuple of their one end (a LIST whose elements carry their own
//! type info, which a Python tuple or list reads), and `RangeFull`, which
//! has no end, the unit value `()` (NONE, no data). A `Bound` is a union,
//! as `Result` is: the bytes of a derived
//! `enum Bound<T> { Included(T), Excluded(T), Unbounded }`.

use std::ops::{Bound, Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

use super::collection::{ListReader, MixedListWriter};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::object::Children;
use crate::types::type_id;

// ----- Range<T>, RangeInclusive<T>: the tuple (start, end) -----

macro_rules! range {
    ($($r:ident, $what:literal, |$v:ident| $parts:expr, $new:expr;)*) => {$(
        impl<T: ForyType> ForyType for $r<T> {
            // a 2-tuple's: a LIST of elements with their own type info
            const FORY_TYPE_ID: u8 = type_id::LIST;
            const FORY_TRACKS_REF: bool = true;
            const FORY_NATIVE_TRACKS_REF: bool = false;
            const FORY_READS_DECLARED: bool = false;
            fn fory_children() -> Children {
                Children::Unknown
            }
        }

        impl<T: Serialize> Serialize for $r<T> {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                let $v = self;
                let (start, end) = $parts;
                write_ends(&[start, end], ctx, $what)
            }
        }

        impl<T: Deserialize> Deserialize for $r<T> {
            // the empty range from the zero value, as the zero tuple
            fn fory_zero() -> Option<Self> {
                Some($new(T::fory_zero()?, T::fory_zero()?))
            }

            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
                let mut lr = begin_ends::<Self>(ctx, 2, "a range is two")?;
                ctx.enter($what)?;
                let (start, end) = (lr.next::<T>(ctx)?, lr.next::<T>(ctx)?);
                ctx.leave();
                Ok($new(start, end))
            }
        }
    )*};
}

range! {
    Range, "a Range", |r| (&r.start, &r.end), |start, end| start..end;
    RangeInclusive, "a RangeInclusive", |r| (r.start(), r.end()), RangeInclusive::new;
}

// ----- RangeFrom<T>, RangeTo<T>, RangeToInclusive<T>: the 1-tuple (end,) -----

macro_rules! one_end {
    ($($r:ident, $what:literal, |$v:ident| $end:expr, $new:expr;)*) => {$(
        impl<T: ForyType> ForyType for $r<T> {
            // a 1-tuple's: a LIST of one element with its type info
            const FORY_TYPE_ID: u8 = type_id::LIST;
            const FORY_TRACKS_REF: bool = true;
            const FORY_NATIVE_TRACKS_REF: bool = false;
            const FORY_READS_DECLARED: bool = false;
            fn fory_children() -> Children {
                Children::Unknown
            }
        }

        impl<T: Serialize> Serialize for $r<T> {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                let $v = self;
                write_ends(&[$end], ctx, $what)
            }
        }

        impl<T: Deserialize> Deserialize for $r<T> {
            // the range from or to the zero value, as the zero 1-tuple
            fn fory_zero() -> Option<Self> {
                Some($new(T::fory_zero()?))
            }

            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
                let mut lr = begin_ends::<Self>(ctx, 1, "a half-open range is one")?;
                ctx.enter($what)?;
                let end = lr.next::<T>(ctx)?;
                ctx.leave();
                Ok($new(end))
            }
        }
    )*};
}

one_end! {
    RangeFrom, "a RangeFrom", |r| &r.start, |start| start..;
    RangeTo, "a RangeTo", |r| &r.end, |end| ..end;
    RangeToInclusive, "a RangeToInclusive", |r| &r.end, |end| ..=end;
}

/// Writes the bytes of the tuple of a range's `ends` (tuple.rs): a LIST
/// of its elements, each with its flag when needed and its type info.
fn write_ends<'a, T: Serialize>(
    ends: &[&'a T],
    ctx: &mut WriteContext<'a, '_>,
    what: &'static str,
) -> Result<()> {
    let has_null = ends.iter().any(|e| e.fory_is_none());
    ctx.enter(what)?;
    // as a tuple: native mode flags the elements only when their type may
    // be written as a back-reference
    let tracking = if T::FORY_NATIVE_TRACKS_REF {
        ctx.ref_tracking()
    } else {
        ctx.xlang_refs()
    };
    let w = MixedListWriter::begin_tracked(ctx, ends.len(), has_null, tracking)?;
    for end in ends {
        w.element(*end, ctx)?;
    }
    ctx.leave();
    Ok(())
}

/// Starts reading the tuple of a range's `n` ends; a list of another
/// length is an error naming `R` and saying how many it takes (`expected`).
fn begin_ends<R>(ctx: &mut ReadContext<'_, '_>, n: usize, expected: &str) -> Result<ListReader> {
    let at = ctx.reader().position();
    // both ends of one type: not a tuple's mixed reader
    let lr = ListReader::begin_with(ctx, 1)?;
    if lr.len != n {
        return Err(Error::type_mismatch(
            std::any::type_name::<R>(),
            format_args!("a list of {} elements at byte {at} ({expected})", lr.len),
        ));
    }
    Ok(lr)
}

// ----- RangeFull: () -----
//
// It has no end to write: the unit value, type id NONE and no data, as
// `()` (a null reads as it too).

impl ForyType for RangeFull {
    const FORY_TYPE_ID: u8 = type_id::NONE;
}

impl Serialize for RangeFull {
    #[inline]
    fn fory_write_data<'a>(&'a self, _ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        Ok(())
    }
}

impl Deserialize for RangeFull {
    #[inline]
    fn fory_read_data(_ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        Ok(..)
    }
    fn fory_null() -> Option<Self> {
        Some(..)
    }
    fn fory_zero() -> Option<Self> {
        Some(..)
    }
}

// ----- Bound<T>: a union of Included (0), Excluded (1), Unbounded (2) -----
//
// As `Result` (std_types.rs): the data of a derived
// `enum Bound<T> { Included(T), Excluded(T), Unbounded }`, the case as
// varuint32 and then the case's value as a whole value; `Unbounded`, a
// unit case, is a null flag (pyfory's `None`). A `()` value (NONE) reads
// as `Unbounded` too, and so does a field a compatible stream lacks (the
// zero value, as `None` is `Option`'s). Unregistered the type info is UNION; a registered
// union's id or name is read and not checked.

impl<T: ForyType> ForyType for Bound<T> {
    const FORY_TYPE_ID: u8 = type_id::UNION;
    // as a derived union: pyfory tracks unions; never a back-reference
    const FORY_TRACKS_REF: bool = true;
    const FORY_NATIVE_TRACKS_REF: bool = false;

    fn fory_read_type_info(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
        super::std_types::read_union_type_info::<Self>(ctx)
    }

    fn fory_accepts(id: u8) -> bool {
        crate::object::is_union_id(id)
    }
}

impl<T: Serialize> Serialize for Bound<T> {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.enter("a Bound")?;
        let r = match self {
            Bound::Included(v) => {
                crate::object::write_union_case(ctx, 0);
                super::write_value(v, ctx)
            }
            Bound::Excluded(v) => {
                crate::object::write_union_case(ctx, 1);
                super::write_value(v, ctx)
            }
            Bound::Unbounded => {
                crate::object::write_union_case(ctx, 2);
                crate::object::write_union_unit(ctx);
                Ok(())
            }
        };
        ctx.leave();
        r
    }
}

impl<T: Deserialize> Deserialize for Bound<T> {
    // `Unbounded`, the null case (as `Option`'s `None`): a compatible
    // stream lacking a `Bound` field reads it as no bound
    fn fory_zero() -> Option<Self> {
        Some(Bound::Unbounded)
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        ctx.enter("a Bound")?;
        let at = ctx.reader().position();
        let v = match crate::object::read_union_case(ctx)? {
            0 => Bound::Included(super::read_value::<T>(ctx)?),
            1 => Bound::Excluded(super::read_value::<T>(ctx)?),
            2 => {
                // a null flag, or a `()` value
                super::read_value::<()>(ctx)?;
                Bound::Unbounded
            }
            case => {
                return Err(Error::invalid(format!(
                    "{}: union case {case} at byte {at} is none of Included (0), Excluded (1) and Unbounded (2)",
                    std::any::type_name::<Self>()
                )))
            }
        };
        ctx.leave();
        Ok(v)
    }
}
