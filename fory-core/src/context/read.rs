//! [`ReadContext`]: state of one deserialization.

use std::any::{Any, TypeId};
use std::sync::Arc;

use crate::object::{RemoteTypeDef, UserType};
use crate::value::read::AnyType;

use fory_buffers::BufferView;

use super::depth::Depth;
use super::refs::{RefReader, Slot};
use super::type_map::TypeTable;
use crate::error::{Error, Result};
use crate::io::Reader;
use crate::{Config, Fory};

/// State of one deserialization: the input, the out-of-band buffers, the
/// reference table and the nesting depth.
pub struct ReadContext<'d, 'c> {
    reader: Reader<'d>,
    fory: &'c Fory,
    pub(crate) refs: RefReader,
    buffers: Vec<BufferView<'d>>,
    next_buffer: usize,
    out_of_band: bool,
    depth: Depth,
    meta_strings: Vec<String>,
    tables: Box<ReadTables>,
    any_type: Option<AnyType>,
}

/// The per-type tables of a deserialization, kept between calls by the
/// [`Fory`]'s state pool so that the next call starts with each struct
/// type's schema hash known (no registry lookup) and no allocation.
#[derive(Debug, Default)]
pub(crate) struct ReadTables {
    typedefs: Vec<StreamTypeDef>,
    structs: TypeTable<StructReadState>,
}

impl ReadTables {
    /// Forgets the stream (its TypeDefs, the layouts they gave), keeping
    /// the schema hashes and, unless a large stream grew it, the TypeDef
    /// table's allocation.
    pub(crate) fn reset(&mut self) {
        if self.typedefs.capacity() > 1024 {
            self.typedefs = Vec::new();
        } else {
            self.typedefs.clear();
        }
        self.structs.for_each_mut(|s| {
            s.hash_seen = false;
            s.remote = RemoteLayout::Local;
        });
    }
}

/// The layout a struct's fields arrive in.
#[derive(Debug, Clone)]
pub(crate) enum RemoteLayout {
    /// The local wire order with the local field decisions.
    Local,
    /// Along the read plan of this peer TypeDef.
    Planned(Arc<RemoteTypeDef>),
}

/// A TypeDef of this stream, and the local type it was resolved to with
/// the layout that gives.
#[derive(Debug)]
struct StreamTypeDef {
    def: Arc<RemoteTypeDef>,
    bound: Option<(TypeId, RemoteLayout)>,
}

/// Per struct type, per stream: its schema hash, whether it was seen yet
/// (native mode has it once per stream), and the layout of its fields.
#[derive(Debug)]
pub(crate) struct StructReadState {
    pub(crate) hash: i32,
    pub(crate) hash_seen: bool,
    pub(crate) remote: RemoteLayout,
}

impl std::fmt::Debug for ReadContext<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadContext")
            .field("position", &self.reader.position())
            .field("buffers", &self.buffers.len())
            .field("next_buffer", &self.next_buffer)
            .field("depth", &self.depth.current())
            .finish()
    }
}

impl<'d, 'c> ReadContext<'d, 'c> {
    pub(crate) fn new(
        fory: &'c Fory,
        reader: Reader<'d>,
        out_of_band: bool,
        buffers: Vec<BufferView<'d>>,
        tables: Box<ReadTables>,
    ) -> Self {
        ReadContext {
            reader,
            fory,
            refs: RefReader::default(),
            buffers,
            next_buffer: 0,
            out_of_band,
            depth: Depth::default(),
            meta_strings: Vec::new(),
            tables,
            any_type: None,
        }
    }

    /// The input bytes.
    #[inline]
    pub fn reader(&mut self) -> &mut Reader<'d> {
        &mut self.reader
    }

    /// The settings of the [`Fory`] instance reading.
    #[inline]
    pub fn config(&self) -> &Config {
        self.fory.config()
    }

    /// The [`Fory`] instance reading (its type registry).
    #[inline]
    pub fn fory(&self) -> &'c Fory {
        self.fory
    }

    /// True in xlang mode.
    #[inline]
    pub fn is_xlang(&self) -> bool {
        self.fory.config().xlang
    }

    /// True when the stream's header has the out-of-band bit.
    #[inline]
    pub fn out_of_band(&self) -> bool {
        self.out_of_band
    }

    /// Enters one level of nesting; fails past the configured limit.
    #[inline]
    pub fn enter(&mut self, what: &'static str) -> Result<()> {
        self.depth.enter(self.fory.config().max_depth, what, false)
    }

    /// Leaves one level of nesting.
    #[inline]
    pub fn leave(&mut self) {
        self.depth.leave();
    }

    fn read_buffer_len(&mut self, what: &str) -> Result<usize> {
        let at = self.reader.position();
        let len = if self.is_xlang() {
            self.reader.read_varuint32()? as u64
        } else {
            self.reader.read_varuint64()?
        };
        if len > self.reader.remaining() as u64 {
            return Err(Error::invalid(format!(
                "{what} size {len} at byte {at} is larger than the {} bytes left in the input",
                self.reader.remaining()
            )));
        }
        Ok(len as usize)
    }

    /// Reads a size and that many bytes in-band (the layout
    /// [`WriteContext::write_sized_bytes`](crate::WriteContext::write_sized_bytes) writes).
    pub fn read_sized_bytes(&mut self, elem_size: usize, what: &str) -> Result<&'d [u8]> {
        let len = self.read_buffer_len(what)?;
        check_multiple(len, elem_size, what)?;
        self.reader.read_bytes(len)
    }

    /// Reads a value written on the buffer path: in-band bytes are borrowed
    /// from the input, an out-of-band buffer is the next one given, moved
    /// out without copying. `elem_size` is checked to divide the size.
    pub fn read_buffer(&mut self, elem_size: usize, what: &str) -> Result<BufferView<'d>> {
        if self.out_of_band {
            let at = self.reader.position();
            let in_band = match self.reader.read_u8()? {
                0 => false,
                1 => true,
                b => {
                    return Err(Error::invalid(format!(
                        "invalid in-band flag {b:#04x} for {what} at byte {at}"
                    )))
                }
            };
            if !in_band {
                let recorded = if self.is_xlang() {
                    None
                } else {
                    Some(self.reader.read_varuint64()?)
                };
                return self.next_out_of_band(recorded, elem_size, what);
            }
        }
        let len = self.read_buffer_len(what)?;
        check_multiple(len, elem_size, what)?;
        Ok(BufferView::Borrowed(self.reader.read_bytes(len)?))
    }

    fn next_out_of_band(
        &mut self,
        recorded: Option<u64>,
        elem_size: usize,
        what: &str,
    ) -> Result<BufferView<'d>> {
        let index = self.next_buffer;
        let Some(slot) = self.buffers.get_mut(index) else {
            return Err(Error::buffers(format!(
                "the stream needs out-of-band buffer #{} (for {what}) but only {} buffers were given",
                index + 1,
                self.buffers.len()
            )));
        };
        let buffer = std::mem::replace(slot, BufferView::Borrowed(&[]));
        self.next_buffer += 1;
        if let Some(expected) = recorded {
            if buffer.len() as u64 != expected {
                return Err(Error::buffers(format!(
                    "out-of-band buffer #{} has {} bytes but the stream recorded {expected} (for {what}); buffers must be given in the order the callback saw them",
                    index + 1,
                    buffer.len()
                )));
            }
        }
        if buffer.len() % elem_size != 0 {
            return Err(Error::buffers(format!(
                "out-of-band buffer #{} has {} bytes, not a whole number of {elem_size}-byte elements (for {what})",
                index + 1,
                buffer.len()
            )));
        }
        Ok(buffer)
    }

    /// The per-type tables, for the state pool.
    pub(crate) fn into_tables(self) -> Box<ReadTables> {
        self.tables
    }

    pub(crate) fn finish(&mut self) -> Result<()> {
        if self.reader.remaining() != 0 {
            return Err(Error::invalid(format!(
                "{} trailing bytes after the value, at byte {}",
                self.reader.remaining(),
                self.reader.position()
            )));
        }
        if self.next_buffer != self.buffers.len() {
            return Err(Error::buffers(format!(
                "{} out-of-band buffers were given but the stream used only {}",
                self.buffers.len(),
                self.next_buffer
            )));
        }
        Ok(())
    }

    /// A meta string read earlier in this stream (1-based, as referenced).
    pub(crate) fn meta_string(&self, id: usize) -> Option<String> {
        id.checked_sub(1)
            .and_then(|i| self.meta_strings.get(i))
            .cloned()
    }

    pub(crate) fn push_meta_string(&mut self, s: String) {
        self.meta_strings.push(s);
    }

    pub(crate) fn typedef(&self, index: usize) -> Option<Arc<RemoteTypeDef>> {
        self.tables.typedefs.get(index).map(|d| d.def.clone())
    }

    pub(crate) fn typedef_count(&self) -> usize {
        self.tables.typedefs.len()
    }

    pub(crate) fn push_typedef(&mut self, def: Arc<RemoteTypeDef>) {
        self.tables
            .typedefs
            .push(StreamTypeDef { def, bound: None });
    }

    /// The layout TypeDef `index` gives local type `t`, when it was already
    /// resolved for `t` in this stream.
    #[inline]
    pub(crate) fn typedef_binding(&self, index: usize, t: TypeId) -> Option<RemoteLayout> {
        match &self.tables.typedefs.get(index)?.bound {
            Some((bound, layout)) if *bound == t => Some(layout.clone()),
            _ => None,
        }
    }

    pub(crate) fn bind_typedef(&mut self, index: usize, t: TypeId, layout: RemoteLayout) {
        if let Some(d) = self.tables.typedefs.get_mut(index) {
            d.bound = Some((t, layout));
        }
    }

    /// The per-stream state of struct type `T`, looked up in the registry
    /// on its first use in the stream.
    #[inline]
    pub(crate) fn struct_state<T: UserType>(&mut self) -> Result<&mut StructReadState> {
        let fory = self.fory;
        self.tables
            .structs
            .get_or_try_insert(TypeId::of::<T>(), || {
                let reg = fory.registry().get::<T>(fory.config().strict())?;
                Ok(StructReadState {
                    hash: reg.schema_of::<T>().hash,
                    hash_seen: false,
                    remote: RemoteLayout::Local,
                })
            })
    }

    /// Makes `layout` the one `T`'s fields are read in from now on.
    #[inline]
    pub(crate) fn set_remote_layout<T: UserType>(&mut self, layout: RemoteLayout) -> Result<()> {
        if T::FORY_KIND == crate::object::UserKind::Struct {
            self.struct_state::<T>()?.remote = layout;
        }
        Ok(())
    }

    /// The type info a dynamic `Value` read last.
    pub(crate) fn any_type(&self) -> Option<AnyType> {
        self.any_type.clone()
    }

    pub(crate) fn set_any_type(&mut self, ty: AnyType) {
        self.any_type = Some(ty);
    }

    // ----- reference table -----

    /// Reserves the next ref id for a value being read.
    #[inline]
    pub(crate) fn reserve_ref(&mut self) -> usize {
        self.refs.slots.push(Slot::Pending);
        self.refs.slots.len() - 1
    }

    #[inline]
    pub(crate) fn fill_ref(&mut self, id: usize, slot: Slot) {
        self.refs.slots[id] = slot;
    }

    pub(crate) fn shared_ref(&self, id: u32) -> Result<&dyn Any> {
        match self.refs.slots.get(id as usize) {
            None => Err(Error::invalid(format!(
                "reference to object #{id}, but only {} objects were read so far",
                self.refs.slots.len()
            ))),
            Some(Slot::Pending) => Err(Error::invalid(format!(
                "reference to object #{id} while it is still being read (a cycle); only Rc<RefCell<_>>/Weak can hold one"
            ))),
            Some(Slot::Unshareable(name)) => Err(Error::unsupported(format!(
                "the stream shares object #{id} ({name}) in two places; read it as Rc<_>, Arc<_> or Bytes to share it"
            ))),
            Some(Slot::Filled(b)) => Ok(&**b),
        }
    }
}

#[inline]
fn check_multiple(len: usize, elem_size: usize, what: &str) -> Result<()> {
    if len % elem_size != 0 {
        return Err(Error::invalid(format!(
            "{what} has {len} bytes, not a whole number of {elem_size}-byte elements"
        )));
    }
    Ok(())
}
