//! [`ReadContext`]: state of one deserialization.

use std::any::{Any, TypeId};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use crate::object::typedef_cache::{starts_with, Binding, TypeDefRef};
use crate::object::{Registration, RemoteTypeDef, UserType};
use crate::value::read::AnyType;

use fory_buffers::BufferView;

use super::depth::Depth;
use super::refs::{RefReader, Slot, SlotRoom};
use super::type_map::{TypeSlot, TypeTable};
use super::StreamNo;
use crate::error::{Error, Result};
use crate::io::Reader;
use crate::{Config, Fory};

/// State of one deserialization: the input, the out-of-band buffers, the
/// reference table and the nesting depth.
pub struct ReadContext<'d, 'c> {
    reader: Reader<'d>,
    fory: &'c Fory,
    pub(crate) refs: RefReader,
    buffers: Buffers<'d, 'c>,
    next_buffer: usize,
    out_of_band: bool,
    depth: Depth,
    /// The stack address below which a read stops nesting: where the read
    /// started, less [`Config::max_read_stack`].
    stack_floor: usize,
    meta_strings: Vec<Arc<str>>,

    tables: &'c mut ReadTables,
    any_type: Option<AnyType>,
    free_budget: usize,
    /// Run when the read fails: empty the cells of shared placeholders so
    /// that cycles built before the failure are freed.
    breakers: Vec<Box<dyn FnOnce()>>,
}

/// The out-of-band buffers a read takes from.
pub(crate) enum Buffers<'d, 'c> {
    /// A whole stream's, moved in: each is moved out when the read takes
    /// it.
    Owned(Vec<BufferView<'d>>),
    /// The caller's queue, borrowed for one value of a sequence: a buffer
    /// is cloned (a borrow or a reference count) only when the read takes
    /// it, and the queue itself is left as it is; the caller drains the
    /// used ones when the read succeeds. The buffers before `credited`
    /// count in the read's free budget (see [`ReadContext::new`]).
    Queue {
        queue: &'c VecDeque<BufferView<'d>>,
        credited: usize,
    },
}

impl<'d, 'c> Buffers<'d, 'c> {
    /// The caller's queue, none of it counted in the budget yet.
    pub(crate) fn queue(queue: &'c VecDeque<BufferView<'d>>) -> Self {
        Buffers::Queue { queue, credited: 0 }
    }

    #[inline]
    fn len(&self) -> usize {
        match self {
            Buffers::Owned(v) => v.len(),
            Buffers::Queue { queue, .. } => queue.len(),
        }
    }

    /// Takes buffer `index` when there is one and it has at most `max`
    /// bytes: moved out of a vector, cloned from a queue. Returns it with
    /// the bytes it adds to the free budget (a queue's buffer not counted
    /// yet); otherwise the size of the buffer over `max`, or `None`.
    #[inline]
    fn take(
        &mut self,
        index: usize,
        max: usize,
    ) -> std::result::Result<(BufferView<'d>, usize), Option<usize>> {
        match self {
            Buffers::Owned(v) => {
                let slot = v.get_mut(index).ok_or(None)?;
                if slot.len() > max {
                    return Err(Some(slot.len()));
                }
                Ok((std::mem::replace(slot, BufferView::Borrowed(&[])), 0))
            }
            Buffers::Queue { queue, credited } => {
                let buffer = queue.get(index).ok_or(None)?;
                if buffer.len() > max {
                    return Err(Some(buffer.len()));
                }
                let new_input = if index < *credited {
                    0
                } else {
                    *credited = index + 1;
                    buffer.len()
                };
                Ok((buffer.clone(), new_input))
            }
        }
    }

    /// The bytes of a queue's buffers not counted in the budget yet; they
    /// are counted from now on.
    fn credit_the_rest(&mut self) -> usize {
        match self {
            Buffers::Owned(_) => 0,
            Buffers::Queue { queue, credited } => {
                let rest = queue
                    .range((*credited).min(queue.len())..)
                    .fold(0, |n: usize, b| n.saturating_add(b.len()));
                *credited = queue.len();
                rest
            }
        }
    }
}

/// Empties `v`, freeing its elements and memory, unless it never
/// allocated: a `Vec` with no capacity holds no elements and no memory, so
/// it is left as it is (one compare; taking it stored an empty one first).
#[inline(always)]
fn drop_unless_unallocated<T>(v: &mut Vec<T>) {
    if v.capacity() != 0 {
        drop(std::mem::take(v));
    }
}

/// Memory that reads consuming no input may make, per byte of input
/// (in-band and out-of-band), plus [`FREE_BUDGET_BASE`].
pub(crate) const FREE_BYTES_PER_INPUT_BYTE: usize = 16;
/// See [`FREE_BYTES_PER_INPUT_BYTE`].
pub(crate) const FREE_BUDGET_BASE: usize = 1 << 20;

/// The per-type tables of a deserialization, kept between calls by the
/// [`Fory`]'s state pool so that the next call starts with each struct
/// type's schema hash known (no registry lookup) and no allocation.
#[derive(Debug, Default)]
pub(crate) struct ReadTables {
    /// The stream's TypeDefs: the first `typedef_count`. The rest are the
    /// previous stream's, kept so that a peer sending the same TypeDefs in
    /// the same order is matched entry by entry (bytes compared), with
    /// the bindings already made.
    typedefs: Vec<StreamTypeDef>,
    typedef_count: usize,
    structs: TypeTable<StructReadState>,
    /// Number of the current stream (from 1): the per-type marks in
    /// `structs` hold the stream they were set in, so that ending a stream
    /// need not visit every type this state has met.
    stream: StreamNo,
    /// Per stream: named types resolved by their pair of meta-string
    /// indices, so a back-referenced name is neither copied nor hashed
    /// again per value.
    named: HashMap<(u32, u32), Arc<Registration>>,
    /// Per stream: `Value` labels of named types (by meta-string indices)
    /// and of id-registered types.
    labels: HashMap<LabelKey, Arc<str>>,
    /// Across streams: the TypeDefs this state met last.
    recent: crate::object::typedef_cache::RecentTypeDefs,
    /// The last read's ref table, empty: its room (xlang under ref
    /// tracking gives every struct and list a slot, so each read would
    /// otherwise allocate one).
    ref_room: Vec<SlotRoom>,
}

impl ReadTables {
    /// Forgets the stream (its TypeDefs, the layouts they gave), keeping
    /// the schema hashes and, unless a large stream grew it, the TypeDef
    /// table's allocation.
    pub(crate) fn reset(&mut self) {
        if self.typedefs.capacity() > 1024 {
            self.typedefs = Vec::new();
        }
        self.typedef_count = 0;
        self.recent.end_stream();
        if self.stream.advance() {
            self.clear_stream_marks();
        }
        if !self.named.is_empty() {
            self.named.clear();
        }
        if !self.labels.is_empty() {
            self.labels.clear();
        }
    }

    /// After 2^32 streams the numbers come round: clears the marks.
    #[cold]
    #[inline(never)]
    fn clear_stream_marks(&mut self) {
        self.structs.for_each_mut(|s| {
            s.hash_stream = 0;
            s.remote_stream = 0;
        });
    }
}

/// What a `Value` label is cached by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum LabelKey {
    /// A named type, by the meta-string indices of namespace and name.
    Named(u32, u32),
    /// A type registered by id.
    Id(u32),
}

/// What the ref slot of a reference-tracked value in a skipped field
/// holds: nothing a later reference can share.
pub(crate) const SKIPPED_VALUE: &str = "a value in a skipped field";

/// The layout a struct's fields arrive in.
#[derive(Debug, Clone)]
pub(crate) enum RemoteLayout {
    /// The local wire order with the local field decisions.
    Local,
    /// Along the read plan of this peer TypeDef.
    Planned(Arc<RemoteTypeDef>),
    /// In the local wire order and decisions, with the gaps of this peer
    /// TypeDef's (aligned) read plan.
    Aligned(Arc<RemoteTypeDef>),
}

/// A TypeDef of this stream, and the local type it was resolved to with
/// the layout that gives.
#[derive(Debug)]
struct StreamTypeDef {
    def: TypeDefRef,
    bound: Option<Binding>,
    /// For a TypeDef of the read state's recent list, the entry's id (see
    /// [`RecentTypeDefs::reuse`](crate::object::typedef_cache::RecentTypeDefs::reuse)); 0 otherwise.
    entry: u64,
    /// When it came as a struct's type info, new in the stream: the whole
    /// of that type info (type id byte, marker, TypeDef), as it arrived;
    /// empty otherwise. See
    /// [`repeated_struct_typedef`](ReadContext::repeated_struct_typedef).
    lead: Box<[u8]>,
}

/// The longest type info kept as a [`StreamTypeDef::lead`].
const MAX_LEAD: usize = 1024;
/// Only the stream's first TypeDefs keep a lead: with [`MAX_LEAD`], at
/// most 64 KiB per pooled read state.
const MAX_LEADS: usize = 64;

/// Per struct type: its schema hash; per stream, whether the hash was
/// seen yet (native mode has it once per stream) and the layout of its
/// fields. The per-stream parts hold for the stream whose number marks
/// them (see [`seen_hash`](Self::seen_hash), [`layout`](Self::layout)).
#[derive(Debug)]
pub(crate) struct StructReadState {
    pub(crate) hash: i32,
    /// Registered by name (not by numeric id).
    pub(crate) named: bool,
    /// The numeric id it is registered with, in schema-consistent mode
    /// (where its type info is `STRUCT` and this id).
    pub(crate) id: Option<u32>,
    /// The stream in which the hash was seen (0: none yet).
    hash_stream: u32,
    /// The stream in which `remote` was set (0: none yet); in any other,
    /// the layout is the local one.
    remote_stream: u32,
    remote: RemoteLayout,
}

impl StructReadState {
    /// Whether the hash was seen in `stream` (not marking it).
    #[inline]
    pub(crate) fn hash_seen_in(&self, stream: StreamNo) -> bool {
        self.hash_stream == stream.0
    }

    /// Marks the hash seen in `stream`; returns whether it was already.
    #[inline]
    pub(crate) fn seen_hash(&mut self, stream: StreamNo) -> bool {
        let seen = self.hash_stream == stream.0;
        self.hash_stream = stream.0;
        seen
    }

    /// Makes `layout` the one the fields arrive in, in `stream`.
    #[inline]
    fn take_layout(&mut self, layout: RemoteLayout, stream: StreamNo) {
        match layout {
            // the local layout is what an unmarked state gives: one store,
            // and the last planned layout (if any) stays until another
            // replaces it
            RemoteLayout::Local => self.remote_stream = 0,
            planned => {
                self.remote = planned;
                self.remote_stream = stream.0;
            }
        }
    }

    /// The layout the fields arrive in, in `stream`.
    #[inline]
    pub(crate) fn layout(&self, stream: StreamNo) -> &RemoteLayout {
        if self.remote_stream == stream.0 {
            &self.remote
        } else {
            &RemoteLayout::Local
        }
    }
}

impl std::fmt::Debug for ReadContext<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadContext")
            .field("position", &self.reader.position())
            .field("buffers", &self.buffers.len())
            .field("next_buffer", &self.next_buffer)
            .field("depth", &self.depth.current(self.fory.config().max_depth))
            .finish()
    }
}

/// `Ok` when `n` is at most `max`; otherwise the error of builder limit
/// `limit`, describing the value with `what` (called only then).
#[inline]
fn within(n: usize, max: usize, limit: &str, what: impl FnOnce() -> String) -> Result<()> {
    if n <= max {
        return Ok(());
    }
    Err(limit_error(what(), limit, max))
}

#[cold]
fn limit_error(what: String, limit: &str, max: usize) -> Error {
    Error::new(
        crate::error::ErrorKind::Limit,
        format!("{what} is over {limit} ({max}); raise it with ForyBuilder::{limit}"),
    )
}

#[cold]
fn free_budget_error(what: &str, at: usize) -> Error {
    Error::invalid(format!(
        "at byte {at}: {what} that take no input bytes would make more memory than the input's size allows ({FREE_BYTES_PER_INPUT_BYTE} bytes per input byte plus {FREE_BUDGET_BASE}); rejected as hostile"
    ))
}

impl<'d, 'c> ReadContext<'d, 'c> {
    /// A context reading `reader`. A whole stream's buffers count in the
    /// free budget from the start; a queue's count as the read takes
    /// them (adding up the whole queue would cost each value of a
    /// sequence the length of the queue), and the rest of the queue only
    /// before a charge would be refused, so that either way a charge is
    /// refused exactly when it is over the budget of all the buffers.
    pub(crate) fn new(
        fory: &'c Fory,
        reader: Reader<'d>,
        out_of_band: bool,
        buffers: Buffers<'d, 'c>,
        tables: &'c mut ReadTables,
    ) -> Self {
        let given = match &buffers {
            Buffers::Owned(v) => v.iter().fold(0, |n: usize, b| n.saturating_add(b.len())),
            Buffers::Queue { .. } => 0,
        };
        let input = reader.remaining().saturating_add(given);
        ReadContext {
            free_budget: input
                .saturating_mul(FREE_BYTES_PER_INPUT_BYTE)
                .saturating_add(FREE_BUDGET_BASE),
            reader,
            fory,
            refs: RefReader::default(),
            buffers,
            next_buffer: 0,
            out_of_band,
            depth: Depth::new(fory.config().max_depth),
            stack_floor: stack_position().saturating_sub(fory.config().max_read_stack),
            meta_strings: Vec::new(),
            tables,
            breakers: Vec::new(),
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

    /// Reads a collection length (varuint32), checked against the bytes
    /// left (each element takes at least `min_item` bytes) and against
    /// [`max_collection_len`](crate::ForyBuilder::max_collection_len).
    #[inline]
    pub fn read_len(&mut self, min_item: usize, what: &str) -> Result<usize> {
        let max = self.fory.config().max_collection_len;
        match self.reader.short_len(min_item, max) {
            Some(len) => Ok(len),
            None => self.read_len_general(min_item, what),
        }
    }

    /// [`read_len`](Self::read_len) past its short case: a long length,
    /// or one the checks reject (this makes the error).
    #[cold]
    #[inline(never)]
    fn read_len_general(&mut self, min_item: usize, what: &str) -> Result<usize> {
        let at = self.reader.position();
        let len = self.reader.read_len(min_item, what)?;
        let max = self.fory.config().max_collection_len;
        within(len, max, "max_collection_len", || {
            format!("{what} length {len} at byte {at}")
        })?;
        Ok(len)
    }

    /// Checks the element count of a dense or n-d array against
    /// [`max_collection_len`](crate::ForyBuilder::max_collection_len).
    #[inline]
    pub fn check_array_len(&self, count: usize, what: &str) -> Result<()> {
        let max = self.fory.config().max_collection_len;
        within(count, max, "max_collection_len", || {
            format!("an array of {count} {what} elements")
        })
    }

    /// Checks a string, binary or array size against
    /// [`max_binary_size`](crate::ForyBuilder::max_binary_size).
    #[inline]
    pub fn check_binary_size(&self, len: usize, what: &str) -> Result<()> {
        let max = self.fory.config().max_binary_size;
        within(len, max, "max_binary_size", || {
            format!("{what} of {len} bytes")
        })
    }

    /// Charges `bytes` of memory made without consuming input (an element
    /// that has no bytes of its own, a name copied into every value) to the
    /// stream's budget: 16 bytes per input byte (in-band and out-of-band)
    /// plus 1 MiB. A valid stream stays far below it; a hostile one that
    /// repeats zero-byte elements to multiply memory fails here.
    #[inline]
    pub(crate) fn charge_free(&mut self, bytes: usize, what: &str) -> Result<()> {
        match self.free_budget.checked_sub(bytes) {
            Some(left) => {
                self.free_budget = left;
                Ok(())
            }
            None => self.charge_free_crediting(bytes, what),
        }
    }

    /// [`charge_free`](Self::charge_free) over the budget counted so far:
    /// counts the buffers not yet counted (the rest of a queue), then
    /// charges or refuses.
    #[cold]
    #[inline(never)]
    fn charge_free_crediting(&mut self, bytes: usize, what: &str) -> Result<()> {
        let rest = self.buffers.credit_the_rest();
        self.credit(rest);
        match self.free_budget.checked_sub(bytes) {
            Some(left) => {
                self.free_budget = left;
                Ok(())
            }
            None => Err(free_budget_error(what, self.reader.position())),
        }
    }

    /// Adds `bytes` of out-of-band input to the free budget.
    #[inline]
    fn credit(&mut self, bytes: usize) {
        self.free_budget = self
            .free_budget
            .saturating_add(bytes.saturating_mul(FREE_BYTES_PER_INPUT_BYTE));
    }

    /// Enters one level of nesting; fails past the configured limit.
    #[inline]
    pub fn enter(&mut self, what: &'static str) -> Result<()> {
        self.depth.enter(self.fory.config().max_depth, what, false)
    }

    /// [`enter`](Self::enter) for a value whose read takes a large frame
    /// (a struct's, which holds a slot per field; a union's): also checks
    /// that the stack the read has used is within
    /// [`max_read_stack`](crate::ForyBuilder::max_read_stack). (Lists,
    /// maps and boxes take small frames, which `max_depth` bounds.)
    #[doc(hidden)]
    #[inline]
    pub fn enter_frame(&mut self, what: &'static str) -> Result<()> {
        // (stacks grow down on every target this runs on; where one grew
        // up, the check never fires and max_depth alone holds)
        if stack_position() < self.stack_floor {
            return Err(stack_error(self.fory.config().max_read_stack, what));
        }
        self.enter(what)
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
        self.check_binary_size(len as usize, what)?;
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
        let max = self.fory.config().max_binary_size;
        let (buffer, new_input) = match self.buffers.take(index, max) {
            Ok(taken) => taken,
            Err(over) => return Err(self.untaken(index, over, max, what)),
        };
        self.next_buffer += 1;
        if new_input != 0 {
            self.credit(new_input);
        }
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

    /// Why out-of-band buffer `index` could not be taken: there is none,
    /// or it has `over` bytes, more than `max`.
    #[cold]
    #[inline(never)]
    fn untaken(&self, index: usize, over: Option<usize>, max: usize, what: &str) -> Error {
        match over {
            Some(len) => limit_error(
                format!("out-of-band buffer #{} ({what}) of {len} bytes", index + 1),
                "max_binary_size",
                max,
            ),
            None => Error::buffers(format!(
                "the stream needs out-of-band buffer #{} (for {what}) but only {} buffers were given",
                index + 1,
                self.buffers.len()
            )),
        }
    }

    /// Registers `f` to run if the read fails (see [`Self::break_cycles`]).
    pub(crate) fn on_failure(&mut self, f: Box<dyn FnOnce()>) {
        self.breakers.push(f);
    }

    /// Empties every cell a failed read filled in place, so that reference
    /// cycles among them are freed with the partial value.
    #[cold]
    #[inline(never)]
    pub(crate) fn break_cycles(&mut self) {
        RefReader::clear_last_first(&mut self.refs.slots);
        for f in self.breakers.drain(..) {
            f();
        }
    }

    /// Ends the read: after a failure, frees the cycles it built; then
    /// frees the context's own vectors, in line and only when they hold
    /// memory (most reads use none of them, and out-of-line drop glue for
    /// each empty one cost more than the rest of ending the read), but
    /// for the ref table, whose room goes back to the tables. The
    /// per-type tables are the caller's, borrowed: the context is ended in
    /// place, where moving it out to take them back copied it whole (200
    /// bytes, a `memcpy` call per read).
    ///
    /// Nothing is left to free after it: the callers then forget the
    /// context rather than run its drop glue, which (out of line) visited
    /// each empty vector again. Every field is named below, so that a
    /// field added to the context is a compile error here until it is
    /// emptied too (or shown to own nothing).
    #[inline(always)]
    pub(crate) fn end(&mut self, failed: bool) {
        if failed {
            self.break_cycles();
        }
        let ReadContext {
            reader: _,
            fory: _,
            refs: RefReader { slots },
            buffers,
            next_buffer: _,
            out_of_band: _,
            depth: _,
            stack_floor: _,
            meta_strings,
            tables,
            any_type,
            free_budget: _,
            breakers,
        } = self;
        if slots.capacity() != 0 {
            RefReader::give_back(slots, &mut tables.ref_room);
        }
        if let Buffers::Owned(buffers) = buffers {
            drop_unless_unallocated(buffers);
        }
        drop_unless_unallocated(meta_strings);
        drop_unless_unallocated(breakers);
        if any_type.is_some() {
            *any_type = None;
        }
    }

    /// Bytes of the input read so far, and out-of-band buffers used.
    pub(crate) fn consumed(&self) -> (usize, usize) {
        (self.reader.position(), self.next_buffer)
    }

    /// Checks that the read used up the input and the `given` buffers (a
    /// whole stream's, counted by the caller before the read: the
    /// compiler knows that count, where the context's, past the value's
    /// read, is one more load and branch). In line: two compares; the
    /// errors are made out of line.
    #[inline]
    pub(crate) fn finish(&mut self, given: usize) -> Result<()> {
        if self.reader.remaining() != 0 || self.next_buffer != given {
            return Err(self.unfinished());
        }
        Ok(())
    }

    /// Why [`finish`](Self::finish) refused the end of a read.
    #[cold]
    #[inline(never)]
    fn unfinished(&self) -> Error {
        if self.reader.remaining() != 0 {
            return Error::invalid(format!(
                "{} trailing bytes after the value, at byte {}",
                self.reader.remaining(),
                self.reader.position()
            ));
        }
        Error::buffers(format!(
            "{} out-of-band buffers were given but the stream used only {}",
            self.buffers.len(),
            self.next_buffer
        ))
    }

    /// A meta string read earlier in this stream (0-based), shared.
    pub(crate) fn meta_string(&self, index: usize) -> Option<Arc<str>> {
        self.meta_strings.get(index).cloned()
    }

    /// Records a new meta string; returns its index.
    pub(crate) fn push_meta_string(&mut self, s: Arc<str>) -> Result<u32> {
        let n = self.meta_strings.len() + 1;
        within(
            n,
            self.fory.config().max_type_metas,
            "max_type_metas",
            || format!("meta string #{n} of the stream"),
        )?;
        self.meta_strings.push(s);
        Ok((self.meta_strings.len() - 1) as u32)
    }

    /// The registration of the named type whose namespace and name are
    /// the meta strings `key`, resolved by `resolve` on first use in the
    /// stream.
    pub(crate) fn named_type(
        &mut self,
        key: (u32, u32),
        resolve: impl FnOnce() -> Option<Arc<Registration>>,
    ) -> Option<Arc<Registration>> {
        if let Some(r) = self.tables.named.get(&key) {
            return Some(r.clone());
        }
        let r = resolve()?;
        self.tables.named.insert(key, r.clone());
        Some(r)
    }

    /// A `Value` label, made by `make` on first use in the stream; the
    /// bytes of a made label are charged like any copy of input.
    pub(crate) fn label(
        &mut self,
        key: LabelKey,
        make: impl FnOnce() -> Arc<str>,
    ) -> Result<Arc<str>> {
        if let Some(l) = self.tables.labels.get(&key) {
            return Ok(l.clone());
        }
        let l = make();
        self.charge_free(l.len(), "type labels")?;
        self.tables.labels.insert(key, l.clone());
        Ok(l)
    }

    /// TypeDef `index` of this stream.
    #[inline]
    fn stream_typedef(&self, index: usize) -> Option<&StreamTypeDef> {
        if index >= self.tables.typedef_count {
            return None;
        }
        self.tables.typedefs.get(index)
    }

    pub(crate) fn typedef(&self, index: usize) -> Option<Arc<RemoteTypeDef>> {
        match &self.stream_typedef(index)?.def {
            TypeDefRef::Recent(i) => self.tables.recent.def(*i).cloned(),
            TypeDefRef::Owned(def) => Some(def.clone()),
        }
    }

    pub(crate) fn typedef_count(&self) -> usize {
        self.tables.typedef_count
    }

    /// The stream's next TypeDef when it is the one the previous stream
    /// had at the same index, still in the recent list: its bytes are
    /// compared with the input and consumed, and it is the stream's next
    /// TypeDef with the binding made then. `None`, with nothing consumed,
    /// otherwise (then [`read_typedef`](Self::read_typedef)).
    #[inline]
    pub(crate) fn reuse_typedef(&mut self) -> Option<usize> {
        let n = self.tables.typedef_count;
        let d = self.tables.typedefs.get(n)?;
        let TypeDefRef::Recent(i) = d.def else {
            return None;
        };
        if n >= self.fory.config().max_type_metas
            || !self.tables.recent.reuse(i, d.entry, &mut self.reader, 0)
        {
            return None;
        }
        self.tables.typedef_count = n + 1;
        Some(n)
    }

    /// The usual compatible-mode case of a repeated message in one pass:
    /// at the cursor, the one-byte marker of a TypeDef new in this stream
    /// at index `n` (the next one), and then the bytes the previous stream
    /// had at `n`, which it resolved for local type `t`. Consumes the
    /// marker and the TypeDef, counts it in the stream (as
    /// [`reuse_typedef`](Self::reuse_typedef) does, with the same checks)
    /// and returns the layout it gives `t`, as
    /// [`typedef_binding`](Self::typedef_binding) would. Anything else
    /// (a back-reference, another index, other bytes, another type, a
    /// TypeDef not resolved yet) returns `None` and consumes nothing, and
    /// the caller takes the general path. This saves the marker's varint
    /// read, a call, and a second lookup of the stream's entry: a lone
    /// small struct's compatible read spent 29% of its time on its
    /// TypeDef.
    #[inline]
    pub(crate) fn reuse_bound_typedef(&mut self, t: TypeId) -> Option<RemoteLayout> {
        let n = self.tables.typedef_count;
        // marker `n << 1` (new, not a reference) in one varint byte
        if n >= 64 || self.reader.peek_at(0)? as usize != n << 1 {
            return None;
        }
        if n >= self.fory.config().max_type_metas {
            return None;
        }
        // `reuse_typedef`'s checks, made here again on the one lookup of
        // the entry: calling it (with the marker as a byte to skip) and
        // looking up the binding beside it cost 11 to 27 instructions per
        // TypeDef more, most of what this path saves
        let tables = &mut *self.tables;
        let d = tables.typedefs.get(n)?;
        let (TypeDefRef::Recent(i), Some((bound, layout))) = (&d.def, &d.bound) else {
            return None;
        };
        if *bound != t || !tables.recent.reuse(*i, d.entry, &mut self.reader, 1) {
            return None;
        }
        let layout = layout.clone();
        tables.typedef_count = n + 1;
        Some(layout)
    }

    /// A struct's compatible-mode type info that repeats the previous
    /// stream's at the same place: at the cursor, the very bytes (type id,
    /// marker of TypeDef #`n` new in this stream, TypeDef) that the
    /// previous stream's TypeDef #`n` came with and was resolved to local
    /// type `t` from (see [`keep_lead`](Self::keep_lead)). Consumes them,
    /// counts the TypeDef in the stream, gives `t` (whose state is at
    /// `slot`) the layout it gave then, and returns true; returns false,
    /// consuming nothing, otherwise (then the general path). One compare
    /// covers the id byte, the marker and the TypeDef: a lone small
    /// struct's compatible read spent 175 of its 742 instructions on its
    /// type info through the general path, and takes 674 now. In line in
    /// the general path's small entry (`read_type_info_general`): out of
    /// line, with a frame of its own, the read took 711.
    #[inline(always)]
    pub(crate) fn repeated_struct_typedef(&mut self, t: TypeId, slot: &'static TypeSlot) -> bool {
        let tables = &mut *self.tables;
        let n = tables.typedef_count;
        let Some(d) = tables.typedefs.get(n) else {
            return false;
        };
        let Some((bound, layout)) = &d.bound else {
            return false;
        };
        if *bound != t || d.lead.is_empty() || !starts_with(self.reader.rest(), &d.lead) {
            return false;
        }
        // the stream's TypeDef is (an index into) the recent list's entry:
        // it stays for the stream
        if let TypeDefRef::Recent(i) = d.def {
            if !tables.recent.pin(i, d.entry) {
                return false;
            }
        }
        let Some(state) = tables.structs.slotted(Some(slot)) else {
            return false;
        };
        match layout {
            RemoteLayout::Local => state.remote_stream = 0,
            planned => state.take_layout(planned.clone(), tables.stream),
        }
        self.reader.consume(d.lead.len());
        tables.typedef_count = n + 1;
        true
    }

    /// Keeps the input in `range` as the lead of the stream's TypeDef
    /// `index`: the struct type info that brought it (see
    /// [`repeated_struct_typedef`](Self::repeated_struct_typedef)), unless
    /// it is longer than [`MAX_LEAD`], the TypeDef has a lead already or
    /// comes past the first [`MAX_LEADS`].
    pub(crate) fn keep_lead(&mut self, index: usize, range: std::ops::Range<usize>) {
        let Some(bytes) = self.reader.data().get(range) else {
            return;
        };
        if index >= self.tables.typedef_count.min(MAX_LEADS) || bytes.len() > MAX_LEAD {
            return;
        }
        if let Some(d) = self.tables.typedefs.get_mut(index) {
            if d.lead.is_empty() {
                d.lead = bytes.into();
            }
        }
    }

    /// Reads a TypeDef at the reader's position, decoded once per `Fory`
    /// (see [`RecentTypeDefs`](crate::object::typedef_cache::RecentTypeDefs)).
    /// Along with the TypeDef, the local type and layout it was resolved
    /// to in an earlier stream (see [`bind_typedef`](Self::bind_typedef)).
    pub(crate) fn read_typedef(&mut self) -> Result<(TypeDefRef, Option<Binding>)> {
        let shared = &self.fory.registry().typedefs;
        self.tables.recent.read(shared, &mut self.reader)
    }

    /// Adds a TypeDef to the stream's table; `bound` is the resolution an
    /// earlier stream made of the same bytes, if any.
    pub(crate) fn push_typedef(&mut self, def: TypeDefRef, bound: Option<Binding>) -> Result<()> {
        let n = self.tables.typedef_count + 1;
        within(
            n,
            self.fory.config().max_type_metas,
            "max_type_metas",
            || format!("TypeDef #{n} of the stream"),
        )?;
        let entry = match def {
            TypeDefRef::Recent(i) => self.tables.recent.id_of(i),
            TypeDefRef::Owned(_) => 0,
        };
        let tables = &mut *self.tables;
        tables.typedefs.truncate(tables.typedef_count);
        tables.typedefs.push(StreamTypeDef {
            def,
            bound,
            entry,
            lead: Box::default(),
        });
        tables.typedef_count = n;
        Ok(())
    }

    /// The layout TypeDef `index` gives local type `t`, when it was already
    /// resolved for `t` in this stream.
    #[inline]
    pub(crate) fn typedef_binding(&self, index: usize, t: TypeId) -> Option<RemoteLayout> {
        match &self.stream_typedef(index)?.bound {
            Some((bound, layout)) if *bound == t => Some(layout.clone()),
            _ => None,
        }
    }

    pub(crate) fn bind_typedef(&mut self, index: usize, t: TypeId, layout: RemoteLayout) {
        if index >= self.tables.typedef_count {
            return;
        }
        if let Some(d) = self.tables.typedefs.get_mut(index) {
            self.tables.recent.remember(&d.def, (t, layout.clone()));
            d.bound = Some((t, layout));
        }
    }

    /// [`struct_state`](Self::struct_state) on its hot path: the state
    /// when the table holds it at `T`'s slot, with no `Result` for callers
    /// to merge with a first use's (see
    /// [`struct_state_first`](Self::struct_state_first)).
    #[inline]
    pub(crate) fn struct_state_slotted<T: UserType>(&mut self) -> Option<&mut StructReadState> {
        self.tables.structs.slotted(T::fory_type_slot())
    }

    /// [`struct_state`](Self::struct_state) out of line, for when
    /// [`struct_state_slotted`](Self::struct_state_slotted) found nothing.
    #[inline(never)]
    pub(crate) fn struct_state_first<T: UserType>(&mut self) -> Result<&mut StructReadState> {
        self.struct_state::<T>()
    }

    /// The per-stream state of struct type `T`, looked up in the registry
    /// on its first use in the stream.
    #[inline]
    pub(crate) fn struct_state<T: UserType>(&mut self) -> Result<&mut StructReadState> {
        let fory = self.fory;
        self.tables
            .structs
            .get_or_try_insert(TypeId::of::<T>(), T::fory_type_slot(), || {
                let reg = fory.registry().get::<T>(fory.config().strict())?;
                Ok(StructReadState {
                    hash: reg.schema_of::<T>(fory.config().xlang()).hash,
                    named: matches!(reg.key, crate::object::TypeKey::Name { .. }),
                    // in compatible mode a struct's type info is its
                    // TypeDef, never this id
                    id: match reg.key {
                        crate::object::TypeKey::Id(id) if !fory.config().compatible() => Some(id),
                        _ => None,
                    },
                    hash_stream: 0,
                    remote_stream: 0,
                    remote: RemoteLayout::Local,
                })
            })
    }

    /// Makes `layout` the one `T`'s fields are read in, in this stream.
    /// In line: out of line its call cost more than its probe and store.
    #[inline(always)]
    pub(crate) fn set_remote_layout<T: UserType>(&mut self, layout: RemoteLayout) -> Result<()> {
        if T::FORY_KIND == crate::object::UserKind::Struct {
            let stream = self.tables.stream;
            let state = match self.struct_state_slotted::<T>() {
                Some(state) => state,
                None => self.struct_state_first::<T>()?,
            };
            state.take_layout(layout, stream);
        }
        Ok(())
    }

    /// The number of the stream being read (see
    /// [`StructReadState::seen_hash`]).
    #[inline]
    pub(crate) fn stream(&self) -> StreamNo {
        self.tables.stream
    }

    /// The type info a dynamic `Value` read last.
    pub(crate) fn any_type(&self) -> Option<AnyType> {
        self.any_type.clone()
    }

    pub(crate) fn set_any_type(&mut self, ty: AnyType) {
        self.any_type = Some(ty);
    }

    // ----- reference table -----

    /// Makes room in the ref table for `n` values about to take ids (a
    /// ref-tracked list's elements), so that it does not grow one
    /// doubling at a time between their reads.
    #[inline]
    pub(crate) fn reserve_ref_slots(&mut self, n: usize) {
        // each such value has a flag byte still to come, and the table
        // grows no larger up front than a list's first reservation may
        let n = n.min(self.reader.remaining());
        if self.refs.slots.capacity() == 0 {
            self.take_ref_room();
        }
        self.refs
            .slots
            .reserve(crate::serializer::collection::prealloc::<Slot>(n));
    }

    /// Appends a slot; the table's first growth takes the room the last
    /// read left ([`ReadTables`]), so that a read allocates no table of
    /// its own. (Taken here rather than when the read starts: there it
    /// cost the reads that give out no ref id 1%, a small struct's.)
    #[inline(always)]
    fn push_slot(&mut self, slot: Slot) {
        if self.refs.slots.len() == self.refs.slots.capacity() {
            self.grow_ref_table();
        }
        self.refs.slots.push(slot);
    }

    #[cold]
    #[inline(never)]
    fn grow_ref_table(&mut self) {
        if self.refs.slots.capacity() == 0 && self.tables.ref_room.capacity() != 0 {
            self.take_ref_room();
        } else {
            self.refs.slots.reserve(1);
        }
    }

    /// Starts the (empty) ref table in the room the last read left.
    #[inline]
    fn take_ref_room(&mut self) {
        self.refs = RefReader::reusing(&mut self.tables.ref_room);
    }

    /// Gives out the next ref id, its slot pending until the value is read.
    #[inline]
    pub(crate) fn reserve_ref(&mut self) -> usize {
        self.push_slot(Slot::Pending);
        self.refs.slots.len() - 1
    }

    /// Gives out the next ref id to a value no reference may share (a
    /// derived struct's), in one push rather than a pending slot filled
    /// after the value.
    #[inline]
    pub(crate) fn push_unshareable_ref(&mut self, name: &'static str) {
        self.push_slot(Slot::Unshareable(name));
    }

    #[inline]
    pub(crate) fn fill_ref(&mut self, id: usize, slot: Slot) {
        self.refs.slots[id] = slot;
    }

    /// Checks that ref id `id` was given out earlier in the stream.
    pub(crate) fn check_ref_id(&self, id: u32) -> Result<()> {
        if (id as usize) < self.refs.slots.len() {
            return Ok(());
        }
        Err(Error::invalid(format!(
            "reference to ref id {id}, but only {} reference-tracked values came before it",
            self.refs.slots.len()
        )))
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
            Some(Slot::NoStandIn(name)) => {
                let name = crate::error::short_type_name(name);
                Err(Error::unsupported(format!(
                    "reference to object #{id}, a {name} in a cell, while it is still being read (a cycle): a cell is read in place, with its type's zero value standing in, and {name} has none (a field of a type without one, such as an enum with data or a NonZero integer): give that field #[fory(default)] or #[fory(default = \"path\")]"
                )))
            }
            Some(Slot::Unshareable(SKIPPED_VALUE)) => Err(Error::unsupported(format!(
                "the stream shares object #{id} with a field this reader skipped, so it was not kept (its struct lacks the field, or has it with a type that cannot read the writer's): add the field with the writer's type (a compatible reader cannot take a shared value from a field it skips)"
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

/// Where the stack is now: the address of a local of the caller's frame
/// (inlined into it).
#[inline(always)]
fn stack_position() -> usize {
    let probe = 0u8;
    &probe as *const u8 as usize
}

#[cold]
fn stack_error(budget: usize, what: &'static str) -> Error {
    Error::new(
        crate::ErrorKind::DepthLimit,
        format!(
            "nesting at {} would take the read past its stack budget of {budget} bytes (raise it with ForyBuilder::max_read_stack, on a thread with the stack for it)",
            crate::error::short_type_name(what)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_of(tables: &mut ReadTables) -> &mut StructReadState {
        tables
            .structs
            .get_or_try_insert(TypeId::of::<u8>(), None, || {
                Ok::<_, ()>(StructReadState {
                    hash: 7,
                    named: false,
                    id: Some(1),
                    hash_stream: 0,
                    remote_stream: 0,
                    remote: RemoteLayout::Local,
                })
            })
            .unwrap()
    }

    fn planned() -> RemoteLayout {
        RemoteLayout::Planned(Arc::new(RemoteTypeDef {
            key: crate::object::TypeKey::Id(1),
            kind: crate::object::UserKind::Struct,
            fields: Vec::new(),
            plan: Default::default(),
            label: Default::default(),
        }))
    }

    /// A stream's marks (hash seen, layout set) hold for that stream only:
    /// the next one starts unmarked without visiting the types, and when
    /// the numbers come round after 2^32 streams every mark is cleared.
    #[test]
    fn stream_marks_hold_for_their_own_stream_only() {
        let mut tables = ReadTables::default();
        let first = tables.stream;
        assert_eq!(first, StreamNo(1));
        let s = state_of(&mut tables);
        assert!(!s.seen_hash(first), "a new type has seen no hash");
        assert!(s.seen_hash(first), "then it has, in this stream");
        s.remote = planned();
        s.remote_stream = first.0;
        assert!(matches!(s.layout(first), RemoteLayout::Planned(_)));
        tables.reset();
        let second = tables.stream;
        assert_ne!(second, first);
        let s = state_of(&mut tables);
        assert!(!s.seen_hash(second), "the next stream starts unseen");
        assert!(matches!(s.layout(second), RemoteLayout::Local));
        // the last number before the wrap: marks set there must not count
        // in the stream after it
        tables.stream = StreamNo(u32::MAX);
        let s = state_of(&mut tables);
        s.seen_hash(StreamNo(u32::MAX));
        s.remote = planned();
        s.remote_stream = u32::MAX;
        tables.reset();
        let after = tables.stream;
        assert_eq!(after, StreamNo(1));
        let s = state_of(&mut tables);
        assert_eq!((s.hash_stream, s.remote_stream), (0, 0));
        assert!(!s.seen_hash(after));
        assert!(matches!(s.layout(after), RemoteLayout::Local));
    }
}
