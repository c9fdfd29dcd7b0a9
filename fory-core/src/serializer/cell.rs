//! Interior mutability and weak pointers: `RefCell`, `Mutex`, `RwLock`,
//! `OnceCell`, `OnceLock`, `rc::Weak`, `sync::Weak`.
//!
//! A cell is its contents on the wire. It is written through a lock guard,
//! so buffers inside it are offered as owned copies (see
//! [`WriteContext::detached`]). On read, `Rc<RefCell<T>>` (and `Arc` of a
//! `Mutex`/`RwLock`) is registered before its contents are read, so that
//! cycles and `Weak` back-pointers come back as the same allocation.
//!
//! A `OnceCell` or `OnceLock` is an `Option` of its value: empty is null,
//! set is the value (so a peer's nullable field reads into one), read back
//! set or empty; an `Option` of one cannot keep `Some(empty)` apart from
//! `None`, as `Option<Option<T>>` cannot (an error on write).
//!
//! A `Weak` is written as the value it points to (null once dropped); under
//! ref tracking it is a reference to the `Rc` it came from.

use std::any::Any;
use std::cell::{OnceCell, RefCell};
use std::rc::{self, Rc};
use std::sync::{self, Arc, Mutex, OnceLock, RwLock};

use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, RefKey, WriteContext};
use crate::error::{Error, Result};

#[cold]
fn busy(what: &str) -> Error {
    Error::unsupported(format!(
        "{what} is locked or mutably borrowed while being serialized or read (held elsewhere, or reached again through a cycle: a value that refers back to itself needs ref_tracking(true))"
    ))
}

macro_rules! cell {
    ($cell:ident, $what:literal, |$c:ident| $read:expr, |$m:ident| $write:expr) => {
        impl<T: ForyType> ForyType for $cell<T> {
            forward_type!();
            const FORY_TRACKS_REF: bool = T::FORY_TRACKS_REF;
            const FORY_NATIVE_TRACKS_REF: bool = T::FORY_NATIVE_TRACKS_REF;
        }

        impl<T: Serialize> Serialize for $cell<T> {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                let $c = self;
                let guard = $read.map_err(|_| busy($what))?;
                ctx.detached(|sub| (*guard).fory_write_data(sub))
            }
            fn fory_is_none(&self) -> bool {
                let $c = self;
                $read.map(|g| g.fory_is_none()).unwrap_or(false)
            }
        }

        impl<T: Deserialize> Deserialize for $cell<T> {
            const FORY_FILL_IN_PLACE: bool = true;

            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
                T::fory_read_data(ctx, id).map($cell::new)
            }
            fn fory_null() -> Option<Self> {
                T::fory_null().map($cell::new)
            }
            fn fory_zero() -> Option<Self> {
                T::fory_zero().map($cell::new)
            }
            fn fory_fill(&self, ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<()> {
                let value = T::fory_read_data(ctx, id)?;
                let $m = self;
                let mut guard = $write.map_err(|_| busy($what))?;
                *guard = value;
                Ok(())
            }
            fn fory_clear(&self) {
                let Some(zero) = T::fory_zero() else { return };
                let $m = self;
                let old = match $write {
                    Ok(mut guard) => std::mem::replace(&mut *guard, zero),
                    Err(_) => return,
                };
                // dropped after the guard: it may release other cells
                drop(old);
            }
        }
    };
}

cell!(RefCell, "a RefCell", |c| c.try_borrow(), |m| m
    .try_borrow_mut());
cell!(Mutex, "a Mutex", |c| c.try_lock(), |m| m.try_lock());
cell!(RwLock, "an RwLock", |c| c.try_read(), |m| m.try_write());

/// `$once<T>`, a cell set at most once: `Option<T>` on the wire.
macro_rules! once {
    ($($once:ident),*) => {$(
        impl<T: ForyType> ForyType for $once<T> {
            const FORY_TYPE_ID: u8 = T::FORY_TYPE_ID;
            const FORY_XLANG_TYPE_ID: u8 = T::FORY_XLANG_TYPE_ID;
            const FORY_TRACKS_REF: bool = T::FORY_TRACKS_REF;
            const FORY_NATIVE_TRACKS_REF: bool = T::FORY_NATIVE_TRACKS_REF;
            const FORY_NULLABLE: bool = true;
            const FORY_SHARED: bool = T::FORY_SHARED;
            const FORY_WEAK: bool = T::FORY_WEAK;
            // empty is the null: an `Option` of one cannot carry
            // `Some(empty)`
            const FORY_IS_OPTION: bool = true;
            const FORY_READS_DECLARED: bool = T::FORY_READS_DECLARED;
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
            #[inline]
            fn fory_vec_accepts(id: u8) -> bool {
                T::fory_vec_accepts(id)
            }
        }

        impl<T: Serialize> Serialize for $once<T> {
            #[inline]
            fn fory_write_dyn_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
                match self.get() {
                    Some(v) => v.fory_write_dyn_type_info(ctx),
                    None => T::fory_write_type_info(ctx),
                }
            }
            #[inline]
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                match self.get() {
                    Some(v) if T::FORY_IS_OPTION && v.fory_is_none() => Err(Error::unsupported(format!(
                        "{} cannot carry a set cell holding None on the Fory wire: a value has one null flag, so it would read back empty",
                        std::any::type_name::<Self>()
                    ))),
                    Some(v) => v.fory_write_data(ctx),
                    // callers write a null flag for an empty cell
                    None => Err(Error::unsupported(format!(
                        "an empty {} has no data; write it with fory_write (a null flag)",
                        std::any::type_name::<Self>()
                    ))),
                }
            }
            /// Empty, or set to a value with no data (a dropped `Weak`):
            /// written as null.
            #[inline]
            fn fory_is_none(&self) -> bool {
                match self.get() {
                    None => true,
                    Some(v) => !T::FORY_IS_OPTION && v.fory_is_none(),
                }
            }
            #[inline]
            fn fory_ref_key(&self) -> Option<RefKey> {
                self.get().and_then(T::fory_ref_key)
            }
        }

        impl<T: Deserialize> Deserialize for $once<T> {
            /// A back-reference a `Value` stands for (`Value::Ref`), set in
            /// the cell, as `Option<Value>` takes it.
            #[inline]
            fn fory_ref(id: u32) -> Option<Self> {
                T::fory_ref(id).map($once::from)
            }
            #[inline]
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
                T::fory_read_data(ctx, id).map($once::from)
            }
            #[inline]
            fn fory_null() -> Option<Self> {
                Some($once::new())
            }
            fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
                self.get().and_then(T::fory_to_shared)
            }
            fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
                T::fory_from_shared(shared).map($once::from)
            }
            fn fory_read_registered(
                ctx: &mut ReadContext<'_, '_>,
                slot: usize,
                known_type: Option<u8>,
            ) -> Result<Option<Self>> {
                Ok(T::fory_read_registered(ctx, slot, known_type)?.map($once::from))
            }
            fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Vec<Self>> {
                // `T`'s dense array too (no nulls in it)
                super::std_types::dense_or_list::<T, Self>(ctx, type_id, $once::from)
            }
        }
    )*};
}

once!(OnceCell, OnceLock);

macro_rules! weak {
    ($weak:path, $strong:ident) => {
        impl<T: ForyType> ForyType for $weak {
            forward_type!();
            const FORY_TRACKS_REF: bool = T::FORY_TRACKS_REF;
            // a weak pointer is written as a reference to its target
            const FORY_NATIVE_TRACKS_REF: bool = true;
            const FORY_NULLABLE: bool = true;
            const FORY_SHARED: bool = true;
            const FORY_WEAK: bool = true;
        }

        impl<T: Serialize> Serialize for $weak {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                match self.upgrade() {
                    // without ref tracking the target would be copied here
                    // and read back owned by nothing: a dangling Weak
                    Some(_) if !ctx.config().ref_tracking() => Err(Error::unsupported(format!(
                        "a live Weak<{}> needs ref_tracking(true): without it its target would be copied in its place and read back as a Weak that no longer points at anything",
                        crate::error::short_type_name(T::fory_type_name())
                    ))),
                    Some(strong) => ctx.detached(|sub| (*strong).fory_write_data(sub)),
                    None => Err(Error::unsupported(
                        "a dropped Weak has no data; it is written as null",
                    )),
                }
            }
            fn fory_is_none(&self) -> bool {
                self.strong_count() == 0
            }
            fn fory_ref_key(&self) -> Option<RefKey> {
                // the same key as the $strong it came from
                Some(RefKey {
                    addr: self.as_ptr() as *const () as usize,
                    extra: usize::MAX,
                    kind: 0,
                })
            }
        }

        impl<T: Deserialize + 'static> Deserialize for $weak {
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
                // nothing else holds it: it is dropped at once, as it would be
                Ok($strong::downgrade(&$strong::new(T::fory_read_data(
                    ctx, id,
                )?)))
            }
            fn fory_null() -> Option<Self> {
                Some(<$weak>::new())
            }
            fn fory_zero() -> Option<Self> {
                Some(<$weak>::new())
            }
            fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
                // keep it alive for the references that follow
                self.upgrade().map(|s| Box::new(s) as Box<dyn Any>)
            }
            fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
                shared.downcast_ref::<$strong<T>>().map($strong::downgrade)
            }
            fn fory_read_registered(
                ctx: &mut ReadContext<'_, '_>,
                slot: usize,
                known_type: Option<u8>,
            ) -> Result<Option<Self>> {
                Ok($strong::<T>::fory_read_registered(ctx, slot, known_type)?
                    .map(|s| $strong::downgrade(&s)))
            }
        }
    };
}

weak!(rc::Weak<T>, Rc);
weak!(sync::Weak<T>, Arc);
