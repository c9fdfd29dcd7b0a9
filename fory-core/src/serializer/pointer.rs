//! References, `Box`, `Option`, and the shared pointers `Rc` / `Arc`.
//!
//! `&T` and `Box<T>` are transparent. `Option<T>` is `T` that may be null.
//! `Rc<T>` / `Arc<T>` are `T` on the wire; under ref tracking the same
//! pointer is written once (`REF` + id afterwards) and read back as one
//! shared pointer.

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use super::{Deserialize, FlaggedKey, ForyType, Serialize};
use crate::context::{ReadContext, RefKey, Slot, WriteContext};
use crate::error::{Error, Result};

// ----- &T -----

impl<T: ForyType + ?Sized> ForyType for &T {
    forward_type!();
    const FORY_TRACKS_REF: bool = T::FORY_TRACKS_REF;
    const FORY_NATIVE_TRACKS_REF: bool = T::FORY_NATIVE_TRACKS_REF;
    const FORY_NULLABLE: bool = T::FORY_NULLABLE;
    const FORY_SHARED: bool = T::FORY_SHARED;
    const FORY_WEAK: bool = T::FORY_WEAK;
}

impl<T: Serialize + ?Sized> Serialize for &T {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        (**self).fory_write_data(ctx)
    }
    #[inline]
    fn fory_write_dyn_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        (**self).fory_write_dyn_type_info(ctx)
    }
    #[inline]
    fn fory_is_none(&self) -> bool {
        (**self).fory_is_none()
    }
    #[inline]
    fn fory_ref_key(&self) -> Option<RefKey> {
        (**self).fory_ref_key()
    }
}

// ----- Box<T> -----

impl<T: ForyType + ?Sized> ForyType for Box<T> {
    forward_type!();
    const FORY_TRACKS_REF: bool = T::FORY_TRACKS_REF;
    const FORY_NATIVE_TRACKS_REF: bool = T::FORY_NATIVE_TRACKS_REF;
    const FORY_NULLABLE: bool = T::FORY_NULLABLE;
    const FORY_SHARED: bool = T::FORY_SHARED;
    const FORY_WEAK: bool = T::FORY_WEAK;
}

impl<T: Serialize + ?Sized> Serialize for Box<T> {
    #[inline]
    fn fory_write_dyn_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        (**self).fory_write_dyn_type_info(ctx)
    }
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.enter("a Box")?;
        (**self).fory_write_data(ctx)?;
        ctx.leave();
        Ok(())
    }
    #[inline]
    fn fory_is_none(&self) -> bool {
        (**self).fory_is_none()
    }
    #[inline]
    fn fory_ref_key(&self) -> Option<RefKey> {
        (**self).fory_ref_key()
    }
}

impl<T: Deserialize> Deserialize for Box<T> {
    #[inline]
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        ctx.enter("a Box")?;
        let v = T::fory_read_data(ctx, id)?;
        ctx.leave();
        Ok(Box::new(v))
    }
    fn fory_null() -> Option<Self> {
        T::fory_null().map(Box::new)
    }
    fn fory_zero() -> Option<Self> {
        T::fory_zero().map(Box::new)
    }
    fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
        (**self).fory_to_shared()
    }
    fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
        T::fory_from_shared(shared).map(Box::new)
    }
    fn fory_read_registered(
        ctx: &mut ReadContext<'_, '_>,
        slot: usize,
        known_type: Option<u8>,
    ) -> Result<Option<Self>> {
        Ok(T::fory_read_registered(ctx, slot, known_type)?.map(Box::new))
    }
}

// ----- Option<T> -----

impl<T: ForyType> ForyType for Option<T> {
    const FORY_TYPE_ID: u8 = T::FORY_TYPE_ID;
    const FORY_XLANG_TYPE_ID: u8 = T::FORY_XLANG_TYPE_ID;
    const FORY_TRACKS_REF: bool = T::FORY_TRACKS_REF;
    const FORY_NATIVE_TRACKS_REF: bool = T::FORY_NATIVE_TRACKS_REF;
    const FORY_NULLABLE: bool = true;
    const FORY_SHARED: bool = T::FORY_SHARED;
    const FORY_WEAK: bool = T::FORY_WEAK;
    const FORY_IS_OPTION: bool = true;
    const FORY_READS_DECLARED: bool = T::FORY_READS_DECLARED;
    // a plain `T` is never an `Option` (whose `Some(None)` needs a check)
    const FORY_PLAIN_SOME: bool = T::FORY_PLAIN;
    // as a field, `Some`'s data is the value's (its flag is the field's,
    // written on the cursor too when the field is nullable): a cursor
    // field when the value's is, unless it is an `Option` itself (whose
    // `Some(None)` is an error). (A field is ref-tracked by its own
    // attribute, default `FORY_SHARED`, which keeps it off the cursor.)
    const FORY_FIELD_PLAIN: bool = T::FORY_FIELD_PLAIN && !T::FORY_IS_OPTION;
    const FORY_FIELD_WIDTH: usize = if T::FORY_IS_OPTION {
        0
    } else {
        T::FORY_FIELD_WIDTH
    };
    fn fory_type_name() -> &'static str {
        std::any::type_name::<Self>()
    }
    fn fory_children() -> crate::object::Children {
        T::fory_children()
    }
    fn fory_user_type() -> Option<std::any::TypeId> {
        T::fory_user_type()
    }
    #[inline]
    fn fory_write_type_info(ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        T::fory_write_type_info(ctx)
    }
    #[inline]
    fn fory_read_type_info(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
        T::fory_read_type_info(ctx)
    }
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        T::fory_accepts(id)
    }
    /// A sequence of `T`s reads into one of `Option<T>`s.
    #[inline]
    fn fory_vec_accepts(id: u8) -> bool {
        T::fory_vec_accepts(id)
    }
}

impl<T: Serialize> Serialize for Option<T> {
    #[inline]
    fn fory_write_dyn_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        match self {
            Some(v) => v.fory_write_dyn_type_info(ctx),
            None => T::fory_write_type_info(ctx),
        }
    }
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        match self {
            Some(v) if T::FORY_IS_OPTION && v.fory_is_none() => Err(nested_none::<T>()),
            Some(v) => v.fory_write_data(ctx),
            // Callers write a NULL flag instead of data; reaching this is a
            // misuse by a hand-written impl.
            None => Err(none_has_no_data()),
        }
    }
    /// `None`, and `Some` of a value with no data (a dropped `Weak`): both
    /// written as null. (`Some(None)` is not: it is an error on write.)
    #[inline]
    fn fory_is_none(&self) -> bool {
        match self {
            None => true,
            Some(v) => !T::FORY_IS_OPTION && v.fory_is_none(),
        }
    }
    #[inline]
    fn fory_ref_key(&self) -> Option<RefKey> {
        self.as_ref().and_then(T::fory_ref_key)
    }
    // always in line: with `#[inline]` the list's loop called it per
    // element (`Vec<Option<i64>>` of 50: 1,682 -> 2,620 instructions)
    #[inline(always)]
    fn fory_write_plain_element(&self, w: &mut crate::io::PlainWriter<'_>, flagged: bool) {
        match self {
            Some(v) => {
                if flagged {
                    w.write_i8(crate::types::ref_flag::NOT_NULL);
                }
                v.fory_write_plain(w);
            }
            // a list without nulls is never asked for a `None`
            None => w.write_i8(crate::types::ref_flag::NULL),
        }
    }
    /// A list without nulls: the values as `T`'s run (a derived struct's
    /// setup once for the list).
    #[inline]
    fn fory_write_data_each<'a, I>(items: I, ctx: &mut WriteContext<'a, '_>) -> Result<()>
    where
        Self: 'a,
        I: Iterator<Item = &'a Self>,
    {
        if T::FORY_IS_OPTION {
            return super::write_each(items, ctx);
        }
        // a list with nulls goes to `fory_write_flagged_each`; a `None`
        // here (a misuse) is skipped by the iterator and fails below
        let mut missing = false;
        let values = items.filter_map(|v| {
            missing |= v.is_none();
            v.as_ref()
        });
        T::fory_write_data_each(values, ctx)?;
        if missing {
            return Err(none_has_no_data());
        }
        Ok(())
    }
    /// A list with nulls: the `Some` values between the nulls go to
    /// `T`'s run writer with the flags before each as its key (a derived
    /// struct then does its setup once for the list, not per value).
    #[inline]
    fn fory_write_flagged_each<'a, I>(items: I, ctx: &mut WriteContext<'a, '_>) -> Result<()>
    where
        Self: 'a,
        I: Iterator<Item = &'a Self>,
    {
        if T::FORY_IS_OPTION {
            // `Some(None)` is the per-value path's error
            return super::write_each_flagged(items, ctx);
        }
        let nulls = Cell::new(0);
        T::fory_write_entries(
            SomeValues {
                items,
                nulls: &nulls,
            },
            ctx,
        )?;
        FlaggedKey::write_nulls(nulls.get(), ctx);
        Ok(())
    }
    /// `Some`'s data; `None` in a field declared non-nullable is an error,
    /// as on the field path (a nullable field's flag is written before).
    #[inline(always)]
    fn fory_write_field_fixed(
        &self,
        w: &mut crate::io::FixedWriter<'_, '_>,
        nest: crate::context::Nest,
    ) -> Result<()> {
        match self {
            Some(v) => v.fory_write_field_fixed(w, nest),
            None => Err(crate::object::none_in_non_nullable()),
        }
    }
}

/// The `Some` values of a list of `Option`s, each with the flags before it
/// (the `None`s since the last `Some`, counted in `nulls`, which holds the
/// trailing `None`s once the list is done).
struct SomeValues<'c, I> {
    items: I,
    nulls: &'c Cell<usize>,
}

impl<'a, T: Serialize + 'a, I: Iterator<Item = &'a Option<T>>> Iterator for SomeValues<'_, I> {
    type Item = (FlaggedKey, &'a T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        for v in self.items.by_ref() {
            match v {
                // (a `Some` with no data, a dropped `Weak`, is a null)
                Some(v) if !v.fory_is_none() => {
                    let key = FlaggedKey {
                        nulls_before: self.nulls.replace(0),
                    };
                    return Some((key, v));
                }
                _ => self.nulls.set(self.nulls.get() + 1),
            }
        }
        None
    }
}

/// `None`'s data asked for (a caller that should have written a null flag).
#[cold]
fn none_has_no_data() -> Error {
    Error::unsupported("Option::None has no data; write it with fory_write (a null flag)")
}

/// `Some(None)` in an `Option<Option<T>>`: the wire has one null flag per
/// value (as pyfory has one `None`), so it would read back as `None`.
#[cold]
fn nested_none<T: ForyType>() -> Error {
    Error::unsupported(format!(
        "Option<Option<T>> cannot carry Some(None) on the Fory wire: a value has one null flag, so Some(None) would read back as None (pyfory has a single None too); found Some(None) of type Option<{}>. Use an enum such as `enum Patch<T> {{ Unset, Null, Set(T) }}` or a separate flag field",
        std::any::type_name::<T>()
    ))
}

impl<T: Deserialize> Deserialize for Option<T> {
    #[inline]
    fn fory_ref(id: u32) -> Option<Self> {
        T::fory_ref(id).map(Some)
    }
    #[inline]
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        T::fory_read_data(ctx, id).map(Some)
    }
    #[inline]
    fn fory_null() -> Option<Self> {
        Some(None)
    }
    fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
        self.as_ref().and_then(T::fory_to_shared)
    }
    fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
        T::fory_from_shared(shared).map(Some)
    }
    fn fory_read_registered(
        ctx: &mut ReadContext<'_, '_>,
        slot: usize,
        known_type: Option<u8>,
    ) -> Result<Option<Self>> {
        Ok(T::fory_read_registered(ctx, slot, known_type)?.map(Some))
    }
    fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Vec<Self>> {
        if super::collection::dense_id(type_id) {
            // `T`'s dense array (no nulls in it)
            let values = T::fory_read_vec(ctx, type_id)?;
            return Ok(values.into_iter().map(Some).collect());
        }
        super::collection::read_vec(ctx)
    }
}

// ----- Rc<T>, Arc<T> -----

macro_rules! shared_pointer {
    ($ptr:ident, $what:literal) => {
        impl<T: ForyType + ?Sized> ForyType for $ptr<T> {
            forward_type!();
            const FORY_TRACKS_REF: bool = true;
            const FORY_NULLABLE: bool = T::FORY_NULLABLE;
            const FORY_SHARED: bool = true;
        }

        impl<T: Serialize + ?Sized> Serialize for $ptr<T> {
            #[inline]
            fn fory_write_dyn_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
                (**self).fory_write_dyn_type_info(ctx)
            }
            #[inline]
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                ctx.enter($what)?;
                (**self).fory_write_data(ctx)?;
                ctx.leave();
                Ok(())
            }
            #[inline]
            fn fory_is_none(&self) -> bool {
                (**self).fory_is_none()
            }
            #[inline]
            fn fory_ref_key(&self) -> Option<RefKey> {
                Some(RefKey {
                    addr: $ptr::as_ptr(self) as *const () as usize,
                    extra: usize::MAX,
                    kind: 0,
                })
            }
        }

        impl<T: Deserialize + 'static> Deserialize for $ptr<T> {
            #[inline]
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
                ctx.enter($what)?;
                let v = T::fory_read_data(ctx, id)?;
                ctx.leave();
                Ok($ptr::new(v))
            }
            fn fory_null() -> Option<Self> {
                T::fory_null().map($ptr::new)
            }
            fn fory_zero() -> Option<Self> {
                T::fory_zero().map($ptr::new)
            }
            fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
                Some(Box::new($ptr::clone(self)))
            }
            fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
                shared.downcast_ref::<$ptr<T>>().cloned()
            }
            fn fory_read_registered(
                ctx: &mut ReadContext<'_, '_>,
                slot: usize,
                known_type: Option<u8>,
            ) -> Result<Option<Self>> {
                if !T::FORY_FILL_IN_PLACE {
                    return Ok(None);
                }
                let Some(placeholder) = T::fory_zero() else {
                    // read as a whole value; a cycle back to it is an error
                    // that says why
                    ctx.fill_ref(slot, Slot::NoStandIn(T::fory_type_name()));
                    return Ok(None);
                };
                let id = match known_type {
                    Some(id) => id,
                    None => T::fory_read_type_info(ctx)?,
                };
                let shared = $ptr::new(placeholder);
                ctx.fill_ref(slot, Slot::Filled(Box::new($ptr::clone(&shared))));
                // a cycle through this cell must not outlive a failed read
                let breaker = $ptr::clone(&shared);
                ctx.on_failure(Box::new(move || T::fory_clear(&breaker)));
                ctx.enter($what)?;
                T::fory_fill(&shared, ctx, id)?;
                ctx.leave();
                Ok(Some(shared))
            }
        }
    };
}

shared_pointer!(Rc, "an Rc");
shared_pointer!(Arc, "an Arc");
