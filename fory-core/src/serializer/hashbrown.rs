//! hashbrown (feature `hashbrown`): `hashbrown::HashMap<K, V, S>` as MAP
//! and `hashbrown::HashSet<T, S>` as SET, exactly the bytes of std's
//! `HashMap` and `HashSet` (the same code writes and reads them).
//!
//! Entries go out in the map's iteration order, so each reads the others'
//! bytes (std's, indexmap's, a `BTreeMap`'s, a Python `dict`'s or `set`'s).
//! Any hasher `S` that is `BuildHasher + Default` reads; the default,
//! hashbrown's `DefaultHashBuilder` (foldhash), comes with the feature. As
//! for std's, the capacity made from a length on the wire is bounded (by
//! the input left and 256 KiB's worth of entries; past that the map grows
//! as entries arrive), and a key that comes twice keeps its last value.
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::hashbrown::HashMap;
//! let fory = Fory::builder().xlang(true).build();
//! let mut m = HashMap::new();
//! m.insert("apple".to_string(), 2);
//! let bytes = fory.serialize(&m)?;
//! // the bytes of std's HashMap with the same entry
//! let std_map: std::collections::HashMap<String, i32> = m.clone().into_iter().collect();
//! assert_eq!(bytes, fory.serialize(&std_map)?);
//! let back: HashMap<String, i32> = fory.deserialize(&bytes)?;
//! assert_eq!(back, m);
//! # Ok::<(), fory_core::Error>(())
//! ```

use std::hash::{BuildHasher, Hash};

use hashbrown::{HashMap, HashSet};

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

// the bytes, bounds and reads of std's `HashMap` and `HashSet`
hashed_map!(HashMap);
hashed_set!(HashSet);
