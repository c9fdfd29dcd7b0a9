//! indexmap (feature `indexmap`): `IndexMap<K, V, S>` as MAP and
//! `IndexSet<T, S>` as SET, in their insertion order.
//!
//! The bytes are a `HashMap`'s and a `HashSet`'s, entries in iteration
//! order, so each reads the other's (and a `BTreeMap`'s, a `BTreeSet`'s,
//! a Python `dict`'s or `set`'s), and the order a map or set is read in
//! is the order its entries were written in: an `IndexMap` keeps a
//! Python `dict`'s order both ways. As for `HashMap`, the capacity made
//! from a length on the wire is bounded (by the input left and 256 KiB's
//! worth of entries; past that the map grows as entries arrive), and a key
//! that comes twice keeps its first position and its last value.
//!
//! ```
//! use std::collections::HashMap;
//! use fory_core::Fory;
//! use fory_core::indexmap::IndexMap;
//! let fory = Fory::builder().xlang(true).build();
//! let mut m = IndexMap::new();
//! m.insert("zebra".to_string(), 1);
//! m.insert("apple".to_string(), 2);
//! m.insert("mango".to_string(), 3);
//! let bytes = fory.serialize(&m)?;
//! let back: IndexMap<String, i32> = fory.deserialize(&bytes)?;
//! assert!(back.keys().eq(["zebra", "apple", "mango"]));
//! // the bytes are a map's: a HashMap reads them
//! let h: HashMap<String, i32> = fory.deserialize(&bytes)?;
//! assert_eq!(h["apple"], 2);
//! # Ok::<(), fory_core::Error>(())
//! ```

use std::hash::{BuildHasher, Hash};

use indexmap::{IndexMap, IndexSet};

use super::collection::{
    list_children, plain_elements, read_set, write_plain_list, write_same_type,
};
use super::map::{read_map, write_map};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{Nest, ReadContext, WriteContext};
use crate::error::Result;
use crate::io::FixedWriter;
use crate::object::{Children, TypeNode};
use crate::types::type_id;

impl<K: ForyType, V: ForyType, S> ForyType for IndexMap<K, V, S> {
    const FORY_TYPE_ID: u8 = type_id::MAP;
    const FORY_TRACKS_REF: bool = true;
    // never a back-reference (no ref key)
    const FORY_NATIVE_TRACKS_REF: bool = false;
    fn fory_children() -> Children {
        Children::KeyValue(TypeNode::of::<K>, TypeNode::of::<V>)
    }
}

impl<K: Serialize, V: Serialize, S> Serialize for IndexMap<K, V, S> {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_map(self.iter(), self.len(), ctx)
    }
}

impl<K, V, S> Deserialize for IndexMap<K, V, S>
where
    K: Deserialize + Eq + Hash,
    V: Deserialize,
    S: BuildHasher + Default,
{
    fn fory_zero() -> Option<Self> {
        Some(IndexMap::with_hasher(S::default()))
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _id: u8) -> Result<Self> {
        let mut map = IndexMap::with_hasher(S::default());
        read_map(
            ctx,
            &mut map,
            |m, n| m.reserve(n),
            |m, k, v| {
                m.insert(k, v);
            },
        )?;
        Ok(map)
    }
}

impl<T: ForyType, S> ForyType for IndexSet<T, S> {
    const FORY_TYPE_ID: u8 = type_id::SET;
    const FORY_TRACKS_REF: bool = true;
    // never a back-reference (no ref key)
    const FORY_NATIVE_TRACKS_REF: bool = false;
    const FORY_FIELD_PLAIN: bool = plain_elements::<T>();
    fn fory_children() -> Children {
        list_children::<T>(Self::FORY_TYPE_ID)
    }
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        // a set's body is a list's; the element's dense array too
        T::fory_vec_accepts(id)
    }
}

impl<T: Serialize, S> Serialize for IndexSet<T, S> {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_same_type(self.iter(), self.len(), ctx)
    }

    #[inline(always)]
    fn fory_write_field_fixed(&self, w: &mut FixedWriter<'_, '_>, nest: Nest) -> Result<()> {
        write_plain_list(self.iter(), self.len(), w.plain(), nest)
    }
}

impl<T, S> Deserialize for IndexSet<T, S>
where
    T: Deserialize + Eq + Hash,
    S: BuildHasher + Default,
{
    fn fory_zero() -> Option<Self> {
        Some(IndexSet::with_hasher(S::default()))
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        if super::collection::dense_id(id) {
            return Ok(T::fory_read_vec(ctx, id)?.into_iter().collect());
        }
        let mut set = IndexSet::with_hasher(S::default());
        read_set(
            ctx,
            &mut set,
            |s, n| s.reserve(n),
            |s, v| {
                s.insert(v);
            },
        )?;
        Ok(set)
    }
}
