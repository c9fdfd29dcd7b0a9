//! The type registry: user types by numeric id or by namespace + name.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use super::schema::StructSchema;
use super::typedef_cache::TypeDefCache;
use super::UserType;
use crate::context::type_map::{FastBuild, TypeMap};
use crate::error::{Error, ErrorKind, Result};

/// What kind of user type a registration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserKind {
    /// A struct (Fory STRUCT).
    Struct,
    /// An enum of unit variants (Fory ENUM).
    Enum,
    /// An enum with data (Fory union).
    Union,
}

/// How a user type is named on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeKey {
    /// By numeric id.
    Id(u32),
    /// By namespace and type name.
    Name {
        /// The namespace (may be empty).
        namespace: String,
        /// The type name.
        name: String,
    },
}

impl std::fmt::Display for TypeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeKey::Id(id) => write!(f, "id {id}"),
            TypeKey::Name { namespace, name } if namespace.is_empty() => write!(f, "name {name:?}"),
            TypeKey::Name { namespace, name } => write!(f, "name {namespace:?}.{name:?}"),
        }
    }
}

/// One registered (or, with `strict(false)`, implicitly named) user type.
#[derive(Debug)]
pub struct Registration {
    pub(crate) key: TypeKey,
    pub(crate) kind: UserKind,
    pub(crate) rust_name: &'static str,
    pub(crate) rust_type: TypeId,
    pub(crate) schema: OnceLock<Arc<StructSchema>>,
    pub(crate) typedef: OnceLock<Vec<u8>>,
}

impl Registration {
    /// How the type is named on the wire.
    pub fn key(&self) -> &TypeKey {
        &self.key
    }
    /// The Rust type's name.
    pub fn rust_name(&self) -> &'static str {
        self.rust_name
    }
    /// Struct, enum or union.
    pub fn kind(&self) -> UserKind {
        self.kind
    }
}

impl Registration {
    /// The struct schema of `T` (whose registration this is), built on
    /// first use: as xlang mode declares its fields when `xlang` (the
    /// mode of the `Fory` the registration belongs to, the same at every
    /// call).
    pub(crate) fn schema_of<T: UserType>(&self, xlang: bool) -> &Arc<StructSchema> {
        self.schema.get_or_init(|| {
            Arc::new(if xlang {
                StructSchema::of_xlang::<T>()
            } else {
                StructSchema::of::<T>()
            })
        })
    }
}

/// A registration as a lookup returns it: borrowed from the registry for
/// registered types (no reference counting on the hot path), shared for
/// the implicit ones of `strict(false)`.
#[derive(Debug)]
pub(crate) enum RegRef<'r> {
    Registered(&'r Registration),
    Implicit(Arc<Registration>),
}

impl std::ops::Deref for RegRef<'_> {
    type Target = Registration;
    #[inline]
    fn deref(&self) -> &Registration {
        match self {
            RegRef::Registered(r) => r,
            RegRef::Implicit(r) => r,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Registry {
    by_type: TypeMap<Arc<Registration>>,
    by_id: HashMap<u32, Arc<Registration>, FastBuild>,
    by_name: HashMap<(String, String), Arc<Registration>>,
    /// Types met with `strict(false)` without registration, named by their
    /// Rust path; filled lazily.
    implicit: RwLock<TypeMap<Arc<Registration>>>,
    /// TypeDefs read from peers, decoded once.
    pub(crate) typedefs: TypeDefCache,
}

impl Clone for Registry {
    fn clone(&self) -> Self {
        Registry {
            by_type: self.by_type.clone(),
            by_id: self.by_id.clone(),
            by_name: self.by_name.clone(),
            implicit: RwLock::new(self.implicit.read().map(|m| m.clone()).unwrap_or_default()),
            typedefs: TypeDefCache::default(),
        }
    }
}

impl Registry {
    /// The explicitly registered types, as `(key, Rust name)`, sorted by
    /// key (for `Fory`'s `Debug`).
    pub(crate) fn summary(&self) -> Vec<(String, &'static str)> {
        let mut out: Vec<_> = self
            .by_type
            .values()
            .map(|r| (r.key.to_string(), r.rust_name))
            .collect();
        out.sort_unstable();
        out
    }
}

fn registry_error(msg: String) -> Error {
    Error::new(ErrorKind::Registry, msg)
}

impl Registry {
    pub(crate) fn register<T: UserType>(&mut self, key: TypeKey) -> Result<()> {
        let rust_type = TypeId::of::<T>();
        if let Some(prev) = self.by_type.get(&rust_type) {
            return Err(registry_error(format!(
                "{} is already registered (by {})",
                T::fory_type_name(),
                prev.key
            )));
        }
        let taken = match &key {
            TypeKey::Id(id) => self.by_id.get(id),
            TypeKey::Name { namespace, name } => {
                self.by_name.get(&(namespace.clone(), name.clone()))
            }
        };
        if let Some(prev) = taken {
            return Err(registry_error(format!(
                "cannot register {} by {key}: {} is already registered by it",
                T::fory_type_name(),
                prev.rust_name
            )));
        }
        // a name an unregistered type already went by (`strict(false)`)
        if let TypeKey::Name { namespace, name } = &key {
            if let Some(prev) = self.implicit_by_name(namespace, name) {
                if prev.rust_type != rust_type {
                    return Err(registry_error(format!(
                        "cannot register {} by {key}: unregistered {} already goes by that name (its implicit name under strict(false))",
                        T::fory_type_name(),
                        prev.rust_name
                    )));
                }
            }
        }
        let reg = Arc::new(Registration {
            key: key.clone(),
            kind: T::FORY_KIND,
            rust_name: T::fory_type_name(),
            rust_type,
            schema: OnceLock::new(),
            typedef: OnceLock::new(),
        });
        match key {
            TypeKey::Id(id) => self.by_id.insert(id, reg.clone()),
            TypeKey::Name { namespace, name } => {
                self.by_name.insert((namespace, name), reg.clone())
            }
        };
        self.by_type.insert(rust_type, reg);
        Ok(())
    }

    /// The registration of `T`; with `strict(false)` an implicit one named
    /// by its Rust path.
    #[inline]
    pub(crate) fn get<T: UserType>(&self, strict: bool) -> Result<RegRef<'_>> {
        let rust_type = TypeId::of::<T>();
        if let Some(r) = self.by_type.get(&rust_type) {
            return Ok(RegRef::Registered(r));
        }
        self.get_implicit::<T>(strict).map(RegRef::Implicit)
    }

    /// [`get`](Self::get) as a shared handle, for state kept across calls.
    pub(crate) fn get_shared<T: UserType>(&self, strict: bool) -> Result<Arc<Registration>> {
        if let Some(r) = self.by_type.get(&TypeId::of::<T>()) {
            return Ok(r.clone());
        }
        self.get_implicit::<T>(strict)
    }

    fn get_implicit<T: UserType>(&self, strict: bool) -> Result<Arc<Registration>> {
        let rust_type = TypeId::of::<T>();
        if strict {
            return Err(registry_error(format!(
                "{} is not registered: call Fory::register::<{0}>(id) or register_by_name first, or build with strict(false)",
                T::fory_type_name()
            )));
        }
        if let Some(r) = self
            .implicit
            .read()
            .ok()
            .and_then(|m| m.get(&rust_type).cloned())
        {
            return Ok(r);
        }
        let (namespace, name) = T::fory_default_name();
        // another type registered by this name would be read for T's
        // values (and T's bytes for it)
        if let Some(other) = self.by_name.get(&(namespace.clone(), name.clone())) {
            return Err(registry_error(format!(
                "{} is not registered and its implicit name {namespace:?}.{name:?} is registered by {}: register {0} by another name or id",
                T::fory_type_name(),
                other.rust_name
            )));
        }
        let reg = Arc::new(Registration {
            key: TypeKey::Name { namespace, name },
            kind: T::FORY_KIND,
            rust_name: T::fory_type_name(),
            rust_type,
            schema: OnceLock::new(),
            typedef: OnceLock::new(),
        });
        if let Ok(mut m) = self.implicit.write() {
            m.entry(rust_type).or_insert_with(|| reg.clone());
        }
        Ok(reg)
    }

    /// Whether the user type `rust_type` goes by name: registered by name,
    /// or not registered (an implicit registration is by name).
    pub(crate) fn is_named(&self, rust_type: TypeId) -> bool {
        self.by_type
            .get(&rust_type)
            .map_or(true, |r| matches!(r.key, TypeKey::Name { .. }))
    }

    pub(crate) fn by_id(&self, id: u32) -> Option<&Arc<Registration>> {
        self.by_id.get(&id)
    }

    pub(crate) fn by_name(&self, namespace: &str, name: &str) -> Option<Arc<Registration>> {
        if let Some(r) = self.by_name.get(&(namespace.to_owned(), name.to_owned())) {
            return Some(r.clone());
        }
        self.implicit_by_name(namespace, name)
    }

    /// The implicit registration (`strict(false)`) that goes by this name.
    fn implicit_by_name(&self, namespace: &str, name: &str) -> Option<Arc<Registration>> {
        let implicit = self.implicit.read().ok()?;
        implicit
            .values()
            .find(|r| matches!(&r.key, TypeKey::Name { namespace: n, name: t } if n == namespace && t == name))
            .cloned()
    }
}
