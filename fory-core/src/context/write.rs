//! [`WriteContext`]: state of one serialization.

use fory_buffers::BufferObject;

use super::depth::Depth;
use super::refs::RefWriter;
use super::StreamNo;
use std::any::TypeId;
use std::sync::Arc;

use super::type_map::TypeTable;
use crate::error::{Error, Result};
use crate::io::pack_varuint32;
use crate::io::Writer;
use crate::object::{Registration, UserKind, UserType};
use crate::{Config, Fory};

/// The callback as the context stores it: one object-safe shape for every
/// [`BufferCallback`](fory_buffers::BufferCallback) impl.
pub(crate) type DynCallback<'a, 'c> = dyn FnMut(BufferObject<'a>) -> bool + 'c;

/// State of one serialization: the output, the reference table, the buffer
/// callback and the nesting depth. `'a` is the lifetime of the value being
/// written (buffer objects may borrow from it); `'c` that of the call.
pub struct WriteContext<'a, 'c> {
    fory: &'c Fory,
    state: &'c mut WriteState,
    callback: Option<&'c mut DynCallback<'a, 'c>>,
    /// The nesting left and the declared mark live here, not in the
    /// shared state: a derived write takes the context as a `&mut`, so
    /// the compiler knows the output's byte stores cannot touch them and
    /// keeps them out of memory round trips (in `state` each level's
    /// enter and leave reloaded and stored the count after the stores
    /// between them). A detached context copies them in and back.
    depth: Depth,
    declared: bool,
}

/// Everything of a serialization but the callback, so that a detached
/// sub-context (for values behind a lock guard) can share it.
#[derive(Default)]
pub(crate) struct WriteState {
    pub(crate) writer: Writer,
    pub(crate) refs: RefWriter,
    meta_share: u32,
    /// Namespaces and type names written as meta strings in this stream,
    /// with their index: a repeat is written as a back-reference, as pyfory
    /// does (one numbering for both kinds, in order of first use).
    /// (`[type names, namespaces]`, and how many there are.)
    meta_strings: [std::collections::HashMap<String, u32>; 2],
    meta_string_count: u32,
    /// Number of the current stream (from 1): per-type marks below hold
    /// the stream they were set in, so a reset need not visit the types.
    stream: StreamNo,
    types: TypeTable<TypeWriteState>,
}

/// Per user type: its registration and (structs) schema hash, kept across
/// streams by the [`Fory`]'s state pool; and per stream, whether the hash
/// was written yet (native mode writes it once per stream) and the type's
/// meta-share index once its TypeDef was written.
#[derive(Debug)]
pub(crate) struct TypeWriteState {
    pub(crate) reg: Arc<Registration>,
    pub(crate) hash: i32,
    /// The numeric id (`None` by name), kept next to the marks so the
    /// type info needs no trip through the registration.
    id: Option<u32>,
    /// The whole type info (id byte, then the varuint32 user id) packed
    /// little-endian with its length, for a type written by numeric id
    /// without a shared TypeDef: the common case is one fixed store.
    id_info: Option<(u64, usize)>,
    /// Whether the type goes by a shared TypeDef (compatible mode: structs
    /// and types registered by name), and the type id byte before it.
    shared: bool,
    shared_id: u8,
    /// The stream in which the hash was written (0: none yet).
    hash_stream: u32,
    /// The stream in which `meta_index` was assigned (0: none yet).
    meta_stream: u32,
    meta_index: u32,
}

impl WriteState {
    /// Makes the state ready for the next stream, keeping what does not
    /// depend on the stream: each struct type's schema hash (no registry
    /// lookup next time) and the tables' allocations (dropped when a large
    /// stream grew them, so one big message does not pin its memory).
    #[inline]
    pub(crate) fn reset(&mut self) {
        const KEEP_ENTRIES: usize = 1024;
        if self.refs.is_unused(KEEP_ENTRIES) {
            self.refs.restart();
        } else {
            self.refs.reset(KEEP_ENTRIES);
        }
        self.meta_share = 0;
        if self.meta_string_count != 0 {
            self.forget_meta_strings();
        }
        if self.stream.advance() {
            self.clear_stream_marks();
        }
    }

    #[cold]
    #[inline(never)]
    fn forget_meta_strings(&mut self) {
        self.meta_strings.iter_mut().for_each(|m| m.clear());
        self.meta_string_count = 0;
    }

    /// After 2^32 streams the numbers come round: clears the marks.
    #[cold]
    #[inline(never)]
    fn clear_stream_marks(&mut self) {
        self.types.for_each_mut(|s| {
            s.hash_stream = 0;
            s.meta_stream = 0;
        });
    }
}

impl std::fmt::Debug for WriteContext<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteContext")
            .field("written", &self.state.writer.len())
            .field("out_of_band", &self.callback.is_some())
            .field("depth", &self.depth.current(self.fory.config().max_depth))
            .finish()
    }
}

impl<'a, 'c> WriteContext<'a, 'c> {
    pub(crate) fn new(
        fory: &'c Fory,
        state: &'c mut WriteState,
        callback: Option<&'c mut DynCallback<'a, 'c>>,
    ) -> Self {
        // a stream starts with the configured nesting allowed
        WriteContext {
            fory,
            state,
            callback,
            depth: Depth::new(fory.config().max_depth),
            declared: false,
        }
    }

    /// Runs `f` with a context whose buffers may borrow for a shorter
    /// lifetime `'s` (a value behind a `RefCell` or `Mutex` guard). Buffers
    /// offered from it are copied (`BufferObject::into_owned`) before the
    /// callback sees them, since they cannot outlive the guard.
    pub fn detached<'s, R>(&mut self, f: impl FnOnce(&mut WriteContext<'s, '_>) -> R) -> R {
        // buffers are copied before the callback sees them
        let mut owned = self
            .callback
            .as_mut()
            .map(|cb| move |b: BufferObject<'s>| cb(b.into_owned()));
        let mut sub = WriteContext {
            fory: self.fory,
            state: &mut *self.state,
            callback: owned.as_mut().map(|f| f as &mut DynCallback<'s, '_>),
            depth: self.depth,
            declared: self.declared,
        };
        let r = f(&mut sub);
        // the nesting and the mark go on from where the detached write
        // left them
        let (depth, declared) = (sub.depth, sub.declared);
        self.depth = depth;
        self.declared = declared;
        r
    }

    /// The output bytes.
    #[inline]
    pub fn writer(&mut self) -> &mut Writer {
        &mut self.state.writer
    }

    /// An output cursor at the end of the output, in this stream's mode,
    /// for a run of [`FORY_PLAIN`](crate::serializer::ForyType::FORY_PLAIN)
    /// writes (a struct's leading number, `bool` and `String` fields).
    #[inline(always)]
    pub fn plain(&mut self) -> crate::io::PlainWriter<'_> {
        let pyfory_strings = self.fory.config().pyfory_strings;
        self.state.writer.plain_for(pyfory_strings)
    }

    /// The settings of the [`Fory`] instance writing.
    #[inline]
    pub fn config(&self) -> &Config {
        self.fory.config()
    }

    /// The [`Fory`] instance writing (its type registry).
    #[inline]
    pub fn fory(&self) -> &'c Fory {
        self.fory
    }

    /// True in xlang mode.
    #[inline]
    pub fn is_xlang(&self) -> bool {
        self.fory.config().xlang
    }

    /// True when shared values are written once.
    #[inline]
    pub fn ref_tracking(&self) -> bool {
        self.fory.config().ref_tracking
    }

    /// True under ref tracking in xlang mode, where structs, lists and
    /// maps take ref ids as pyfory gives them (one load where each list
    /// asks).
    #[inline]
    pub(crate) fn xlang_refs(&self) -> bool {
        self.fory.config().xlang_refs
    }

    /// True when a buffer callback was given (the header's out-of-band bit).
    #[inline]
    pub fn out_of_band(&self) -> bool {
        self.callback.is_some()
    }

    pub(crate) fn refs(&mut self) -> &mut RefWriter {
        &mut self.state.refs
    }

    /// Marks the next collection or map written as having its element
    /// types declared by a struct field's type (not written on the wire).
    #[inline]
    pub fn set_declared(&mut self, declared: bool) {
        self.declared = declared;
    }

    /// Writes `T`'s type info, from one lookup of its state, unless `T`
    /// goes by name without a shared TypeDef (then returns `false`, and
    /// the caller writes the names). A numeric id, or a reference to a
    /// TypeDef this stream already carries, is one store of packed bytes;
    /// a TypeDef's first use in the stream writes it whole.
    #[inline(always)]
    pub(crate) fn write_id_or_shared_type_info<T: UserType>(&mut self) -> Result<bool> {
        let fory = self.fory;
        let stream = self.state.stream.0;
        // the state at T's slot, with no Result to merge with a first use's
        let state = match self.state.types.slotted(T::fory_type_slot()) {
            Some(state) => state,
            None => type_state_first::<T>(&mut self.state.types, fory)?,
        };
        let w = &mut self.state.writer;
        if let Some((packed, n)) = state.id_info {
            w.put_packed(packed, n);
            return Ok(true);
        }
        if state.meta_stream == stream {
            let (packed, n) = pack_varuint32((state.meta_index << 1) | 1);
            w.put_packed((packed << 8) | state.shared_id as u64, n + 1);
            return Ok(true);
        }
        if !state.shared {
            return Ok(false);
        }
        state.meta_stream = stream;
        state.meta_index = self.state.meta_share;
        self.state.meta_share += 1;
        crate::object::write_new_typedef::<T>(
            w,
            state.shared_id,
            state.meta_index,
            &state.reg,
            fory,
        );
        Ok(true)
    }

    /// The index of meta string `s` if it was written earlier in this
    /// stream; otherwise records it under the next index and returns `None`.
    pub(crate) fn meta_string_index(&mut self, s: &str, is_namespace: bool) -> Option<u32> {
        let table = &mut self.state.meta_strings[is_namespace as usize];
        if let Some(&i) = table.get(s) {
            return Some(i);
        }
        let next = self.state.meta_string_count;
        table.insert(s.to_owned(), next);
        self.state.meta_string_count += 1;
        None
    }

    /// Whether user type `T` is registered by name (not by numeric id).
    #[inline]
    pub(crate) fn type_named<T: UserType>(&mut self) -> Result<bool> {
        Ok(self.type_state::<T>()?.id.is_none())
    }

    /// `T`'s schema hash if it must be written now: for every value in
    /// xlang mode (as pyfory does), for the first value of the type in the
    /// stream in native mode.
    #[inline]
    pub(crate) fn schema_hash_to_write<T: UserType>(&mut self) -> Result<Option<i32>> {
        let every_value = self.is_xlang();
        let stream = self.state.stream.0;
        // the state at T's slot, with no Result to merge with a first use's
        let state = match self.state.types.slotted(T::fory_type_slot()) {
            Some(state) => state,
            None => type_state_first::<T>(&mut self.state.types, self.fory)?,
        };
        Ok(hash_due(state, stream, every_value))
    }

    /// The state of user type `T`: found in the registry on its first use
    /// by this [`Fory`]'s pooled state (an error when `T` is not registered
    /// under `strict(true)`), then kept.
    #[inline]
    pub(crate) fn type_state<T: UserType>(&mut self) -> Result<&mut TypeWriteState> {
        type_state_in::<T>(&mut self.state.types, self.fory)
    }

    /// Takes the mark set by [`set_declared`](Self::set_declared).
    #[inline]
    pub fn take_declared(&mut self) -> bool {
        std::mem::take(&mut self.declared)
    }

    /// Enters one level of nesting; fails past the configured limit.
    #[inline]
    pub fn enter(&mut self, what: &'static str) -> Result<()> {
        self.depth.enter(self.fory.config().max_depth, what, true)
    }

    /// Leaves one level of nesting.
    #[inline]
    pub fn leave(&mut self) {
        self.depth.leave();
    }

    /// The nesting still allowed, for writes on an output cursor
    /// ([`plain`](Self::plain)) that enter a level.
    #[inline(always)]
    pub fn nest(&self) -> super::Nest {
        self.depth.nest(self.fory.config().max_depth)
    }

    /// Writes a length of bytes on the buffer path: varuint32 in xlang
    /// mode (the spec's size), varuint64 in native mode.
    #[inline]
    fn write_buffer_len(&mut self, len: usize) -> Result<()> {
        if self.is_xlang() {
            let len = u32::try_from(len).map_err(|_| {
                Error::unsupported(format!(
                    "a {len}-byte buffer is too large for the xlang format (4 GiB - 1 at most); send it out-of-band or use native mode"
                ))
            })?;
            self.state.writer.write_varuint32(len);
        } else {
            self.state.writer.write_varuint64(len as u64);
        }
        Ok(())
    }

    /// Writes a value on the buffer path. Without a callback: its size and
    /// bytes. With one: the buffer is offered to it first, then a bool
    /// `in_band`; in-band the size and bytes follow; out-of-band nothing
    /// more in xlang mode, the size in native mode (so a reader can check
    /// the buffer it is given).
    pub fn write_buffer(&mut self, buffer: BufferObject<'a>) -> Result<()> {
        let len = buffer.total_bytes();
        let in_band = match self.callback.as_mut() {
            None => true,
            Some(cb) => {
                let in_band = cb(buffer.clone());
                self.state.writer.write_bool(in_band);
                in_band
            }
        };
        if in_band {
            self.write_buffer_len(len)?;
            match buffer.as_contiguous() {
                Some(bytes) => self.state.writer.write_bytes(bytes),
                None => {
                    self.state.writer.reserve(len);
                    buffer.write_to(&mut self.state.writer)?;
                }
            }
        } else if !self.is_xlang() {
            self.state.writer.write_varuint64(len as u64);
        }
        Ok(())
    }

    /// Writes size and bytes in-band, never offering them (the xlang layout
    /// of dense arrays that pyfory reads).
    #[inline]
    pub fn write_sized_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.write_buffer_len(bytes.len())?;
        self.state.writer.write_bytes(bytes);
        Ok(())
    }

    /// [`write_sized_bytes`](Self::write_sized_bytes) of `len` bytes that
    /// `fill` writes to the output (a dense array of values that lend no
    /// bytes to copy from: cells, atomics).
    #[inline]
    pub(crate) fn write_sized_by(
        &mut self,
        len: usize,
        fill: impl FnOnce(&mut Writer),
    ) -> Result<()> {
        self.write_buffer_len(len)?;
        self.state.writer.reserve(len);
        fill(&mut self.state.writer);
        Ok(())
    }
}

impl std::io::Write for Writer {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_bytes(buf);
        Ok(buf.len())
    }
    #[inline]
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// [`type_state_in`] out of line: for a type's first use by this state,
/// or a type without a slot.
#[inline(never)]
fn type_state_first<'t, T: UserType>(
    types: &'t mut TypeTable<TypeWriteState>,
    fory: &Fory,
) -> Result<&'t mut TypeWriteState> {
    type_state_in::<T>(types, fory)
}

/// The schema hash to write for a struct value, if any (see
/// [`WriteContext::schema_hash_to_write`]); marks it written in `stream`.
#[inline]
fn hash_due(state: &mut TypeWriteState, stream: u32, every_value: bool) -> Option<i32> {
    if every_value || state.hash_stream != stream {
        state.hash_stream = stream;
        return Some(state.hash);
    }
    None
}

/// The state of user type `T` in `types`: found in `fory`'s registry on
/// its first use by this pooled state (an error when `T` is not registered
/// under `strict(true)`), then kept. A free function, so that callers can
/// hold it next to other parts of the write state.
#[inline]
fn type_state_in<'t, T: UserType>(
    types: &'t mut TypeTable<TypeWriteState>,
    fory: &Fory,
) -> Result<&'t mut TypeWriteState> {
    types.get_or_try_insert(TypeId::of::<T>(), T::fory_type_slot(), || {
        let reg = fory.registry().get_shared::<T>(fory.config().strict())?;
        let hash = if T::FORY_KIND == UserKind::Struct {
            reg.schema_of::<T>(fory.config().xlang()).hash
        } else {
            0
        };
        let id = match reg.key {
            crate::object::TypeKey::Id(id) => Some(id),
            crate::object::TypeKey::Name { .. } => None,
        };
        // compatible mode shares a TypeDef for structs and named types
        let shared = fory.config().compatible() && (reg.kind == UserKind::Struct || id.is_none());
        let id_info = id.filter(|_| !shared).map(|id| {
            let (packed, n) = pack_varuint32(id);
            (
                packed << 8 | crate::object::id_for(reg.kind, false) as u64,
                n + 1,
            )
        });
        let shared_id = match (reg.kind, id) {
            (UserKind::Struct, Some(_)) => crate::types::type_id::COMPATIBLE_STRUCT,
            (UserKind::Struct, None) => crate::types::type_id::NAMED_COMPATIBLE_STRUCT,
            (kind, _) => crate::object::id_for(kind, true),
        };
        Ok(TypeWriteState {
            id,
            id_info,
            shared,
            shared_id,
            reg,
            hash,
            hash_stream: 0,
            meta_stream: 0,
            meta_index: 0,
        })
    })
}
