//! The serialization states a [`Fory`](crate::Fory) keeps between calls.
//!
//! Each `Fory` has one pool per kind of state (writing, reading). A pool is
//! a slot shared by all threads (one atomic swap to take the state, one to
//! put it back) and, in front of it, a slot per thread: the first pool to
//! put a state back on a thread keeps it in that thread's slot, and its
//! later calls on that thread take and put it there with no atomic
//! operation at all (two atomic swaps cost about 4 ns per call, 5% of
//! serializing a small record; docs/benchmarks.md). Other pools on the
//! same thread use their shared slots, as before; a thread slot whose pool
//! is gone (its `Fory` dropped, or cleared by a registration) is taken
//! over by the next pool that puts a state back on that thread.
//!
//! A pool is known by a number no other pool ever had, so a state in a
//! thread slot is only ever handed to the pool that put it there, and a
//! registration (which clears the pool: new number) makes every copy in
//! thread slots unreachable.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::thread::LocalKey;

use crossbeam_utils::atomic::AtomicCell;

/// A state kind with a thread slot of its own.
pub(crate) trait Pooled: Default + 'static {
    /// This thread's slot for states of this kind.
    fn thread_slot() -> &'static LocalKey<ThreadSlot<Self>>;
}

type Shared<S> = AtomicCell<Option<Box<S>>>;

/// One thread's kept state of kind `S`, and the pool it belongs to.
pub(crate) struct ThreadSlot<S> {
    /// The number of the pool the state belongs to (0: none).
    owner: Cell<u64>,
    /// That pool's shared slot, to tell whether the pool still exists.
    pool: Cell<Option<Weak<Shared<S>>>>,
    state: Cell<Option<Box<S>>>,
}

impl<S> ThreadSlot<S> {
    /// An empty slot (for a `thread_local!`).
    pub(crate) const fn new() -> Self {
        ThreadSlot {
            owner: Cell::new(0),
            pool: Cell::new(None),
            state: Cell::new(None),
        }
    }

    /// Whether the slot's pool no longer exists (or there is none).
    fn is_free(&self) -> bool {
        let pool = self.pool.take();
        let free = pool.as_ref().map_or(true, |w| w.strong_count() == 0);
        self.pool.set(pool);
        free
    }
}

/// Numbers for pools, from 1; never reused.
static NEXT_POOL: AtomicU64 = AtomicU64::new(1);

fn next_pool_number() -> u64 {
    NEXT_POOL.fetch_add(1, Ordering::Relaxed)
}

/// A state kept between calls (see the module documentation). A call that
/// finds no state (another thread is using it) makes a fresh one.
pub(crate) struct StatePool<S: Pooled> {
    number: u64,
    shared: Arc<Shared<S>>,
}

impl<S: Pooled> StatePool<S> {
    /// The kept state, or a fresh one.
    #[inline]
    pub(crate) fn take(&self) -> Box<S> {
        let local = S::thread_slot()
            .try_with(|slot| {
                if slot.owner.get() == self.number {
                    slot.state.take()
                } else {
                    None
                }
            })
            .ok()
            .flatten();
        match local {
            Some(state) => state,
            None => self.take_shared(),
        }
    }

    /// The state of the shared slot, or a fresh one.
    #[inline(never)]
    fn take_shared(&self) -> Box<S> {
        self.shared.take().unwrap_or_default()
    }

    /// Keeps `state` for the next call.
    #[inline]
    pub(crate) fn put(&self, state: Box<S>) {
        let mut state = Some(state);
        let _ = S::thread_slot().try_with(|slot| {
            if slot.owner.get() == self.number {
                // a state already there (a call made inside this one's
                // callback put it back first) is dropped
                if let Some(other) = slot.state.replace(state.take()) {
                    drop_state(other);
                }
            }
        });
        if let Some(state) = state {
            self.put_elsewhere(state);
        }
    }

    /// [`put`](Self::put) when this thread's slot is another pool's: the
    /// slot is taken over when that pool is gone, otherwise the state goes
    /// to the shared slot.
    #[inline(never)]
    fn put_elsewhere(&self, state: Box<S>) {
        let mut state = Some(state);
        let _ = S::thread_slot().try_with(|slot| {
            if slot.is_free() {
                drop(slot.state.take());
                slot.owner.set(self.number);
                slot.pool.set(Some(Arc::downgrade(&self.shared)));
                slot.state.set(state.take());
            }
        });
        if let Some(state) = state {
            if let Some(other) = self.shared.swap(Some(state)) {
                drop_state(other);
            }
        }
    }

    /// Forgets the kept states, on every thread: the pool gets a new
    /// number, so thread slots holding its states no longer match it (and
    /// count as free once the old shared slot is dropped here).
    pub(crate) fn clear(&mut self) {
        *self = StatePool::default();
    }
}

/// Drops a state that lost its place (rare: another thread's or a nested
/// call's state was put back first).
#[cold]
#[inline(never)]
fn drop_state<S>(state: Box<S>) {
    drop(state);
}

impl<S: Pooled> Default for StatePool<S> {
    fn default() -> Self {
        StatePool {
            number: next_pool_number(),
            shared: Arc::new(AtomicCell::new(None)),
        }
    }
}

impl<S: Pooled> Clone for StatePool<S> {
    /// A clone starts with nothing kept (a `Fory` clone may be registered
    /// further, apart from the original).
    fn clone(&self) -> Self {
        StatePool::default()
    }
}

impl<S: Pooled> std::fmt::Debug for StatePool<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StatePool")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Debug, PartialEq)]
    struct Counter(u32);

    thread_local! {
        static SLOT: ThreadSlot<Counter> = const { ThreadSlot::new() };
    }

    impl Pooled for Counter {
        fn thread_slot() -> &'static LocalKey<ThreadSlot<Self>> {
            &SLOT
        }
    }

    #[test]
    fn the_shared_slot_is_lock_free() {
        // an atomic swap, not crossbeam's fallback of a global lock
        assert!(AtomicCell::<Option<Box<Counter>>>::is_lock_free());
    }

    #[test]
    fn a_pool_gets_back_what_it_kept_and_a_fresh_state_when_it_kept_none() {
        let pool = StatePool::<Counter>::default();
        let mut s = pool.take();
        assert_eq!(*s, Counter(0));
        s.0 = 7;
        pool.put(s);
        let kept = pool.take();
        assert_eq!(*kept, Counter(7));
        // taken: the next one is fresh
        assert_eq!(*pool.take(), Counter(0));
        pool.put(kept);
        // a nested call's state put back first is dropped, the last kept
        pool.put(Box::new(Counter(8)));
        assert_eq!(*pool.take(), Counter(8));
    }

    #[test]
    fn two_pools_on_one_thread_keep_their_own_states() {
        let a = StatePool::<Counter>::default();
        let b = StatePool::<Counter>::default();
        for round in 1..5 {
            let mut sa = a.take();
            let mut sb = b.take();
            if round > 1 {
                assert_eq!(sa.0, round - 1);
                assert_eq!(sb.0, 100 + round - 1);
            }
            sa.0 = round;
            sb.0 = 100 + round;
            a.put(sa);
            b.put(sb);
        }
    }

    #[test]
    fn a_cleared_or_dropped_pool_leaves_nothing_another_pool_can_take() {
        let mut a = StatePool::<Counter>::default();
        a.put(Box::new(Counter(5)));
        a.clear();
        assert_eq!(*a.take(), Counter(0), "cleared: fresh");
        a.put(Box::new(Counter(6)));
        drop(a);
        // a new pool never sees the dropped one's state, and takes over
        // the thread slot it left
        let b = StatePool::<Counter>::default();
        assert_eq!(*b.take(), Counter(0));
        b.put(Box::new(Counter(9)));
        assert_eq!(*b.take(), Counter(9));
        assert_eq!(SLOT.with(|s| s.owner.get()), b.number);
    }

    #[test]
    fn pools_serve_many_threads() {
        let pool = Arc::new(StatePool::<Counter>::default());
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let pool = pool.clone();
                std::thread::spawn(move || {
                    for i in 0..1000 {
                        let mut s = pool.take();
                        // whatever it held, it is this pool's
                        assert!(s.0 == 0 || s.0 % 1000 <= 1000);
                        s.0 = t * 1000 + i % 1000;
                        pool.put(s);
                    }
                    // this thread's own slot holds its last state
                    assert_eq!(pool.take().0, t * 1000 + 999);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    }
}
