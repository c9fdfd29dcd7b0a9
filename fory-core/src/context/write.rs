//! [`WriteContext`]: state of one serialization.

use fory_buffers::BufferObject;

use super::depth::Depth;
use super::refs::RefWriter;
use super::type_map::{TypeMap, TypeTable};
use crate::error::{Error, Result};
use crate::io::Writer;
use crate::object::UserType;
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
}

/// Everything of a serialization but the callback, so that a detached
/// sub-context (for values behind a lock guard) can share it.
#[derive(Default)]
pub(crate) struct WriteState {
    pub(crate) writer: Writer,
    pub(crate) refs: RefWriter,
    depth: Depth,
    declared: bool,
    meta_share: TypeMap<u32>,
    structs: TypeTable<StructWriteState>,
}

/// Per struct type, per stream: its schema hash and whether it was
/// written yet (native mode writes it once per stream).
#[derive(Debug)]
pub(crate) struct StructWriteState {
    pub(crate) hash: i32,
    pub(crate) hash_written: bool,
}

impl WriteState {
    pub(crate) fn new(writer: Writer) -> Self {
        WriteState {
            writer,
            ..Default::default()
        }
    }
}

impl std::fmt::Debug for WriteContext<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteContext")
            .field("written", &self.state.writer.len())
            .field("out_of_band", &self.callback.is_some())
            .field("depth", &self.state.depth.current())
            .finish()
    }
}

impl<'a, 'c> WriteContext<'a, 'c> {
    pub(crate) fn new(
        fory: &'c Fory,
        state: &'c mut WriteState,
        callback: Option<&'c mut DynCallback<'a, 'c>>,
    ) -> Self {
        WriteContext {
            fory,
            state,
            callback,
        }
    }

    /// Runs `f` with a context whose buffers may borrow for a shorter
    /// lifetime `'s` (a value behind a `RefCell` or `Mutex` guard). Buffers
    /// offered from it are copied (`BufferObject::into_owned`) before the
    /// callback sees them, since they cannot outlive the guard.
    pub fn detached<'s, R>(&mut self, f: impl FnOnce(&mut WriteContext<'s, '_>) -> R) -> R {
        match self.callback.as_mut() {
            None => f(&mut WriteContext {
                fory: self.fory,
                state: &mut *self.state,
                callback: None,
            }),
            Some(cb) => {
                let mut owned = |b: BufferObject<'s>| cb(b.into_owned());
                f(&mut WriteContext {
                    fory: self.fory,
                    state: &mut *self.state,
                    callback: Some(&mut owned),
                })
            }
        }
    }

    /// The output bytes.
    #[inline]
    pub fn writer(&mut self) -> &mut Writer {
        &mut self.state.writer
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
        self.state.declared = declared;
    }

    /// The meta-share index of a type's TypeDef in this stream, and whether
    /// this is its first use (the TypeDef must then be written).
    pub(crate) fn meta_index(&mut self, t: std::any::TypeId) -> (u32, bool) {
        let next = self.state.meta_share.len() as u32;
        match self.state.meta_share.entry(t) {
            std::collections::hash_map::Entry::Occupied(e) => (*e.get(), false),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(next);
                (next, true)
            }
        }
    }

    /// The per-stream state of struct type `T`, looked up in the registry
    /// on its first use in the stream (an error when `T` is not registered
    /// under `strict(true)`).
    #[inline]
    pub(crate) fn struct_state<T: UserType>(&mut self) -> Result<&mut StructWriteState> {
        let fory = self.fory;
        self.state
            .structs
            .get_or_try_insert(std::any::TypeId::of::<T>(), || {
                let reg = fory.registry().get::<T>(fory.config().strict())?;
                Ok(StructWriteState {
                    hash: reg.schema_of::<T>().hash,
                    hash_written: false,
                })
            })
    }

    /// Takes the mark set by [`set_declared`](Self::set_declared).
    #[inline]
    pub fn take_declared(&mut self) -> bool {
        std::mem::take(&mut self.state.declared)
    }

    /// Enters one level of nesting; fails past the configured limit.
    #[inline]
    pub fn enter(&mut self, what: &'static str) -> Result<()> {
        self.state
            .depth
            .enter(self.fory.config().max_depth, what, true)
    }

    /// Leaves one level of nesting.
    #[inline]
    pub fn leave(&mut self) {
        self.state.depth.leave();
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
