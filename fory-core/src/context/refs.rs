//! Reference tables. Writing: identity key -> ref id. Reading: ref id ->
//! the shared value (or a slot still being filled).

use std::any::Any;
use std::collections::hash_map::{Entry, HashMap};

use super::type_map::FastBuild;

/// The identity of a shareable value on the write side: the address of its
/// shared allocation plus a discriminator (the length of a byte buffer, or
/// `usize::MAX` for `Rc`/`Arc` pointees), so that two views of one
/// allocation with different lengths stay distinct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RefKey {
    /// Address of the shared data.
    pub addr: usize,
    /// Discriminator; see the type docs.
    pub extra: usize,
    /// Which kind of value (a `Bytes`, a `PickleBuffer`, a `SharedArray` of
    /// some element type, an `Rc`/`Arc`): views of one allocation by
    /// different types are different values.
    pub kind: u32,
}

/// Ref ids by key. The keys are addresses of the caller's own values,
/// never input, so the multiplicative hasher of the type maps serves (with
/// std's SipHash, hashing a key cost about 350 instructions of the 530 a
/// shared `Arc` took to write).
#[derive(Debug, Default)]
pub(crate) struct RefWriter {
    ids: HashMap<RefKey, u32, FastBuild>,
    next: u32,
}

impl RefWriter {
    /// The id already given to `key`, or gives it the next id.
    #[inline]
    pub(crate) fn lookup_or_insert(&mut self, key: RefKey) -> Result<u32, u32> {
        match self.ids.entry(key) {
            Entry::Occupied(seen) => Ok(*seen.get()),
            Entry::Vacant(new) => {
                let id = self.next;
                new.insert(id);
                self.next += 1;
                Err(id)
            }
        }
    }

    /// Whether [`reset`](Self::reset) has nothing to do beyond the id
    /// count: no ids in the table and no table beyond `keep` entries.
    #[inline]
    pub(crate) fn is_unused(&self, keep: usize) -> bool {
        self.ids.is_empty() && self.ids.capacity() <= keep
    }

    /// Restarts the id count (a new stream).
    #[inline]
    pub(crate) fn restart(&mut self) {
        self.next = 0;
    }

    /// Forgets every id (a new stream), keeping the table's allocation
    /// unless it grew past `keep` entries.
    #[cold]
    #[inline(never)]
    pub(crate) fn reset(&mut self, keep: usize) {
        if self.ids.capacity() > keep {
            self.ids = HashMap::default();
        } else {
            self.ids.clear();
        }
        self.next = 0;
    }

    /// Uses up one id for a value that cannot be referenced again.
    #[inline]
    pub(crate) fn skip(&mut self) {
        self.next += 1;
    }

    /// Uses up `n` ids at once: values written one after another that
    /// give out none of their own in between.
    #[inline]
    pub(crate) fn skip_n(&mut self, n: usize) {
        // ids are u32 on the wire; a list is at most u32::MAX long
        self.next = self.next.wrapping_add(n as u32);
    }
}

pub(crate) enum Slot {
    /// Reserved by a REF_VALUE flag whose value is being read.
    Pending,
    /// Being read too: a cell (`Rc<RefCell<T>>`) of this type, which has
    /// no zero value to stand in while it is read, so a cycle back to it
    /// cannot be closed.
    NoStandIn(&'static str),
    /// Read, but of a type that cannot be shared in Rust.
    Unshareable(&'static str),
    /// A value (an `Rc`, `Arc`, `Bytes`...) that later refs may clone.
    Filled(Box<dyn Any>),
}

#[derive(Default)]
pub(crate) struct RefReader {
    pub(crate) slots: Vec<Slot>,
}

/// A [`Slot`]'s room, with nothing in it: what the read state pool keeps
/// of the last read's ref table between reads. A `Slot` may hold an `Rc`
/// (not `Send`), so the pool cannot keep a `Vec<Slot>`; an empty one
/// becomes a `Vec<SlotRoom>` and back, the same allocation, since the two
/// have the same size and alignment (std collects `into_iter()` of one
/// into the other in place; the allocation-count tests check it: xlang
/// reads under ref tracking allocate only what the value owns). An
/// `unsafe` `Vec::from_raw_parts` measured no faster.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SlotRoom(#[allow(dead_code)] [usize; SLOT_WORDS]);

const SLOT_WORDS: usize = std::mem::size_of::<Slot>() / std::mem::size_of::<usize>();
const _: () = assert!(
    std::mem::size_of::<SlotRoom>() == std::mem::size_of::<Slot>()
        && std::mem::align_of::<SlotRoom>() == std::mem::align_of::<Slot>()
);

/// Ref tables of up to this many slots are kept for the next read.
const KEEP_SLOTS: usize = 1 << 12;

impl RefReader {
    /// A reader whose table starts in the room a previous read left.
    #[inline]
    pub(crate) fn reusing(room: &mut Vec<SlotRoom>) -> Self {
        // empty: std collects it in place, the same allocation
        let slots = std::mem::take(room)
            .into_iter()
            .map(|_| Slot::Pending)
            .collect();
        RefReader { slots }
    }

    /// Drops every slot, the last first: what a failed read does, whose
    /// partial value is gone by then, so the table holds the last
    /// references. A value read after another may hold it (`Arc` links
    /// built by back-references, each pointing at the one before):
    /// dropped first, it lets go of the earlier one while that one's own
    /// slot still holds it, so a chain of any length is freed one link at
    /// a time. In the opposite order the last slot freed the whole chain
    /// in one recursive drop as deep as the chain: a stream of such links
    /// that then failed overflowed the stack. (After a read that
    /// succeeded, the value holds what the table does, and the order does
    /// not matter.)
    #[cold]
    pub(crate) fn clear_last_first(slots: &mut Vec<Slot>) {
        while slots.pop().is_some() {}
    }

    /// Empties the table (dropping what it held) and gives its room back
    /// to `room`, unless a large stream grew it.
    #[inline]
    pub(crate) fn give_back(slots: &mut Vec<Slot>, room: &mut Vec<SlotRoom>) {
        let mut slots = std::mem::take(slots);
        if slots.capacity() > KEEP_SLOTS {
            return;
        }
        slots.clear();
        *room = slots
            .into_iter()
            .map(|_| SlotRoom([0; SLOT_WORDS]))
            .collect();
    }
}
