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
    dense_id, hashed_set, list_children, plain_elements, read_set, set_impl, write_plain_list,
    write_same_type, ReserveFor,
};
use super::map::{hashed_map, read_map, write_map};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{Nest, ReadContext, WriteContext};
use crate::error::Result;
use crate::io::FixedWriter;
use crate::object::Children;
use crate::types::type_id;

// the bytes, bounds and reads of `HashMap` and `HashSet`
hashed_map!(IndexMap);
hashed_set!(IndexSet);
