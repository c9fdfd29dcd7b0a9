//! [`Fory`]: the entry point — serialize and deserialize, with or without
//! out-of-band buffers.

use std::sync::atomic::{AtomicUsize, Ordering};

use std::thread::LocalKey;

use fory_buffers::{BufferCallback, BufferObject, BufferView};

use crate::config::{Config, ForyBuilder};
use crate::context::{Buffers, DynCallback, ReadContext, ReadTables, WriteContext, WriteState};
use crate::error::{Error, Result};
use crate::io::{Reader, Writer, HEADROOM};
use crate::object::{Registry, TypeKey, UserType};
use crate::pool::{Pooled, StatePool, ThreadSlot};
use crate::serializer::envelope::write_value_dynamic;
use crate::serializer::{Deserialize, Serialize};
use crate::types::header;

/// Why [`Fory::deserialize_with_buffers`] refused a stream written without
/// a buffer callback, handed an `empty` list of buffers or not.
#[cold]
fn in_band_with_buffers(empty: bool) -> Error {
    let given = if empty {
        "an empty list of out-of-band buffers was given"
    } else {
        "out-of-band buffers were given"
    };
    Error::buffers(format!(
        "{given} but the stream was written without a buffer callback (header out-of-band bit clear); read it with deserialize"
    ))
}

/// Tells `callback` that the serialization it took `taken` buffers for
/// failed with `e` (out of line: the error path of every
/// `serialize_with_callback`).
#[cold]
#[inline(never)]
fn roll_back<'a, C: BufferCallback<'a, M>, M>(callback: &mut C, taken: usize, e: Error) -> Error {
    callback.rollback(taken);
    e
}

/// Serializes Rust values to the Fory format and back.
///
/// ```
/// use fory_core::Fory;
/// let fory = Fory::builder().build();
/// let bytes = fory.serialize(&vec![1.0f64, 2.0, 3.0])?;
/// let back: Vec<f64> = fory.deserialize(&bytes)?;
/// assert_eq!(back, [1.0, 2.0, 3.0]);
/// # Ok::<(), fory_core::Error>(())
/// ```
///
/// Out-of-band: every large buffer is offered to the callback; `false`
/// keeps it out of the stream.
///
/// ```
/// use fory_core::Fory;
/// use fory_core::buffers::BufferObject;
/// let fory = Fory::builder().build();
/// let samples: Vec<f64> = (0..10_000).map(|i| i as f64).collect();
/// let mut objs: Vec<BufferObject> = Vec::new();
/// let data = fory.serialize_with_callback(&samples, &mut objs)?;
/// assert!(data.len() < 16);
/// assert_eq!(objs[0].total_bytes(), 80_000);
/// let buffers: Vec<_> = objs.iter().map(|b| b.getbuffer()).collect();
/// let back: Vec<f64> = fory.deserialize_with_buffers(&data, buffers)?;
/// assert_eq!(back, samples);
/// # Ok::<(), fory_core::Error>(())
/// ```
///
/// A `Fory` is `Sync`: share one between threads (an `Arc`, or a
/// `static`). It keeps its working state between calls, so build it once
/// and reuse it: the first `Fory` used on a thread keeps its state in
/// that thread and takes it back without synchronization; other instances
/// used on the same thread share one kept state per instance through an
/// atomic swap. A clone starts with nothing kept, and registering a type
/// forgets what was kept.
#[derive(Clone, Default)]
pub struct Fory {
    config: Config,
    registry: Registry,
    size_hint: SizeHint,
    write_pool: StatePool<WriteState>,
    read_pool: StatePool<ReadTables>,
}

/// The settings and the registered types (key and Rust name); not the
/// schemas, TypeDef caches and kept states behind them, which made a
/// `Fory` of one registered struct print 3 KB.
impl std::fmt::Debug for Fory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fory")
            .field("config", &self.config)
            .field("registered", &Registered(&self.registry.summary()))
            .finish_non_exhaustive()
    }
}

/// `{id 100: "app::Frame", name "ns"."T": "app::T"}`.
struct Registered<'r>(&'r [(String, &'static str)]);

impl std::fmt::Debug for Registered<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (key, name) in self.0 {
            map.key(&format_args!("{key}")).value(name);
        }
        map.finish()
    }
}

thread_local! {
    static WRITE_SLOT: ThreadSlot<WriteState> = const { ThreadSlot::new() };
    static READ_SLOT: ThreadSlot<ReadTables> = const { ThreadSlot::new() };
}

impl Pooled for WriteState {
    fn thread_slot() -> &'static LocalKey<ThreadSlot<Self>> {
        &WRITE_SLOT
    }
}

impl Pooled for ReadTables {
    fn thread_slot() -> &'static LocalKey<ThreadSlot<Self>> {
        &READ_SLOT
    }
}

/// How much the next `serialize` allocates, so that it allocates once
/// instead of growing its `Vec` step by step: the size of the last
/// in-band message serialized (capped), an eighth more, and the room the
/// output cursor keeps free past its last store, but no more than
/// [`CACHED_ALLOC`] when the message and that room fit in it; at least
/// `floor`.
///
/// `floor` is the capacity a small message (up to [`MAX_FLOOR`]) once had
/// to grow to. A struct's number fields make room for their widest
/// encodings at once (`PlainWriter::fixed`), which for small values can
/// be several times the bytes they take: a struct of an `i64`, an enum
/// and a `bool` writes 12 bytes but makes room for 35. Sized from the
/// length alone, its buffer grew on every call (a `realloc` each, 1.9x the
/// official crate's instructions).
#[derive(Debug)]
struct SizeHint {
    /// The capacity the next message starts with.
    next: AtomicUsize,
    floor: AtomicUsize,
    /// The length `next` was worked out from (`usize::MAX` when the floor
    /// rose since): a message of the same length only compares.
    last_len: AtomicUsize,
}

impl Default for SizeHint {
    fn default() -> Self {
        SizeHint {
            next: AtomicUsize::new(HEADROOM),
            floor: AtomicUsize::new(0),
            last_len: AtomicUsize::new(usize::MAX),
        }
    }
}

/// Messages larger than this do not raise the hint: a rare huge message
/// must not make every later small one allocate as much.
const MAX_SIZE_HINT: usize = 64 << 10;

/// The largest [`SizeHint`] floor: at most this much for any message,
/// however small (glibc serves blocks up to about this size from its
/// per-thread cache, as fast as smaller ones).
const MAX_FLOOR: usize = 1 << 10;

/// The largest request glibc's `malloc` serves from its per-thread cache
/// on 64-bit targets. A hint past it whose message fits under it (with
/// the cursor's room) is cut to it: a 912-byte message hinted at 1,042
/// bytes took the allocator's general path on every call (115
/// instructions in `_int_malloc` a call, against 57 for the official
/// crate's exact-size output; in criterion's long-lived heap, 1.21x the
/// official crate's serialize where fresh processes read 0.74x).
const CACHED_ALLOC: usize = 1032;

impl SizeHint {
    /// The capacity to start a message's `Vec` with.
    #[inline]
    fn capacity(&self) -> usize {
        self.next.load(Ordering::Relaxed)
    }

    /// Records a message of `len` bytes whose `Vec` started at capacity
    /// `start` and ended at `end`.
    #[inline]
    fn record(&self, len: usize, start: usize, end: usize) {
        if end != start {
            self.raise_floor(end);
        }
        if len != self.last_len.load(Ordering::Relaxed) {
            self.rework(len);
        }
    }

    /// `next` from a message of `len` bytes: an eighth more and the
    /// cursor's room, cut to [`CACHED_ALLOC`] when the message fits under
    /// it, at least the floor.
    #[cold]
    #[inline(never)]
    fn rework(&self, len: usize) {
        self.last_len.store(len, Ordering::Relaxed);
        if len <= MAX_SIZE_HINT {
            let mut next = len + len / 8 + HEADROOM;
            if len + HEADROOM <= CACHED_ALLOC {
                next = next.min(CACHED_ALLOC);
            }
            let next = next.max(self.floor.load(Ordering::Relaxed));
            self.next.store(next, Ordering::Relaxed);
        }
    }

    #[cold]
    fn raise_floor(&self, capacity: usize) {
        if capacity <= MAX_FLOOR {
            self.floor.fetch_max(capacity, Ordering::Relaxed);
            // worked out again from the next message's length
            self.last_len.store(usize::MAX, Ordering::Relaxed);
        }
    }
}

impl Clone for SizeHint {
    fn clone(&self) -> Self {
        SizeHint {
            next: AtomicUsize::new(self.next.load(Ordering::Relaxed)),
            floor: AtomicUsize::new(self.floor.load(Ordering::Relaxed)),
            last_len: AtomicUsize::new(self.last_len.load(Ordering::Relaxed)),
        }
    }
}

impl Fory {
    /// A builder with pyfory's defaults.
    ///
    /// ```
    /// use fory_core::Fory;
    /// let fory = Fory::builder().xlang(true).compatible(false).build();
    /// assert!(fory.config().xlang() && !fory.config().compatible());
    /// ```
    pub fn builder() -> ForyBuilder {
        ForyBuilder::default()
    }

    pub(crate) fn with_config(config: Config) -> Self {
        Fory {
            config,
            registry: Registry::default(),
            size_hint: SizeHint::default(),
            write_pool: StatePool::default(),
            read_pool: StatePool::default(),
        }
    }

    /// Registers a user type (`#[derive(ForyObject)]`) by numeric id, the
    /// compact choice; peers must register it with the same id.
    ///
    /// ```
    /// # #[cfg(feature = "derive")] { // the example needs the derive
    /// use fory_core::{ErrorKind, Fory, ForyObject};
    /// #[derive(ForyObject, Debug, PartialEq)]
    /// struct Point { x: i32, y: i32 }
    /// let mut fory = Fory::builder().build();
    /// fory.register::<Point>(1)?;
    /// let p = Point { x: 1, y: 2 };
    /// assert_eq!(fory.deserialize::<Point>(&fory.serialize(&p)?)?, p);
    /// // an id or a type can be registered once
    /// assert_eq!(fory.register::<Point>(2).unwrap_err().kind(), ErrorKind::Registry);
    /// # }
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// When `T` or the id is already registered; in xlang mode for the id
    /// `u32::MAX`, which the spec reserves for "no user type id" (pyfory
    /// refuses it too).
    pub fn register<T: UserType>(&mut self, id: u32) -> Result<()> {
        if id == u32::MAX && self.config.xlang {
            return Err(Error::new(
                crate::ErrorKind::Registry,
                format!(
                    "{} cannot be registered by id {id} in xlang mode: the id means \"no user type id\" there (pyfory refuses it too); ids go up to {}",
                    std::any::type_name::<T>(),
                    u32::MAX - 1
                ),
            ));
        }
        self.write_pool.clear();
        self.read_pool.clear();
        self.registry.register::<T>(TypeKey::Id(id))
    }

    /// Registers a user type by namespace and name (pyfory's
    /// `register(cls, name="namespace.Name")`).
    ///
    /// ```
    /// # #[cfg(feature = "derive")] { // the example needs the derive
    /// use fory_core::{Fory, ForyObject};
    /// #[derive(ForyObject, Debug, PartialEq)]
    /// struct Point { x: i32, y: i32 }
    /// let mut fory = Fory::builder().xlang(true).build();
    /// // Python: fory.register(Point, name="example.Point")
    /// fory.register_by_name::<Point>("example", "Point")?;
    /// let p = Point { x: 1, y: 2 };
    /// assert_eq!(fory.deserialize::<Point>(&fory.serialize(&p)?)?, p);
    /// # }
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// When `T` or the name is already registered.
    pub fn register_by_name<T: UserType>(&mut self, namespace: &str, name: &str) -> Result<()> {
        self.write_pool.clear();
        self.read_pool.clear();
        self.registry.register::<T>(TypeKey::Name {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        })
    }

    pub(crate) fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The settings.
    ///
    /// ```
    /// use fory_core::Fory;
    /// let fory = Fory::builder().max_depth(16).build();
    /// assert_eq!(fory.config().max_depth(), 16);
    /// ```
    #[inline]
    pub fn config(&self) -> &Config {
        &self.config
    }

    fn header(&self, out_of_band: bool) -> u8 {
        let mut h = 0;
        if self.config.xlang {
            h |= header::XLANG;
        }
        if out_of_band {
            h |= header::OUT_OF_BAND;
        }
        h
    }

    /// Serializes `value` with every buffer in-band.
    ///
    /// ```
    /// use fory_core::Fory;
    /// let fory = Fory::builder().build();
    /// let bytes = fory.serialize(&vec![1.5f64, 2.5])?;
    /// assert_eq!(fory.deserialize::<Vec<f64>>(&bytes)?, [1.5, 2.5]);
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn serialize<T: Serialize + ?Sized>(&self, value: &T) -> Result<Vec<u8>> {
        // sized from the last message (`SizeHint`): a message like the
        // last one is written with no regrowth
        let mut out = Vec::with_capacity(self.size_hint.capacity());
        let start = out.capacity();
        self.serialize_into(value, &mut out)?;
        self.size_hint.record(out.len(), start, out.capacity());
        Ok(out)
    }

    /// Serializes `value` at the end of `out`, keeping what it holds (a
    /// header of your own, earlier values); returns the bytes written. On
    /// error `out` is as it was, and so it is when a `Serialize` of yours
    /// panics (the panic then goes on to you). Read such a buffer back
    /// value by value with [`deserialize_from`](Self::deserialize_from).
    ///
    /// ```
    /// use fory_core::Fory;
    /// let fory = Fory::builder().build();
    /// let mut out = b"HDR".to_vec();
    /// let n = fory.serialize_to(&42i64, &mut out)?;
    /// fory.serialize_to(&"next".to_string(), &mut out)?;
    /// assert_eq!(&out[..3], b"HDR");
    /// let mut rest = &out[3..];
    /// assert_eq!(rest.len() > n, true);
    /// assert_eq!(fory.deserialize_from::<i64>(&mut rest)?, 42);
    /// assert_eq!(fory.deserialize_from::<String>(&mut rest)?, "next");
    /// assert!(rest.is_empty());
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn serialize_to<T: Serialize + ?Sized>(
        &self,
        value: &T,
        out: &mut Vec<u8>,
    ) -> Result<usize> {
        let start = out.len();
        self.write_stream(value, out, None)?;
        Ok(out.len() - start)
    }

    /// Appends a stream (header, then `value`) to `out` with a pooled
    /// state; on error `out` is cut back to its length before the call.
    #[inline(always)]
    fn write_stream<'a, T: Serialize + ?Sized>(
        &self,
        value: &'a T,
        out: &mut Vec<u8>,
        callback: Option<&mut dyn FnMut(BufferObject<'a>) -> bool>,
    ) -> Result<()> {
        let start = out.len();
        let mut state = self.write_pool.take();
        state.writer = Writer::appending(std::mem::take(out));
        state.writer.write_u8(self.header(callback.is_some()));
        // a forwarding closure, so the context gets a callback for its own
        // (shorter) lifetime
        let mut forward = callback.map(|cb| move |b: BufferObject<'a>| cb(b));
        let callback = forward.as_mut().map(|f| f as &mut DynCallback<'a, '_>);
        // A panicking `Serialize` of the caller's must not take `out`'s
        // bytes with it: they were lent to the writer, so the unwind is
        // caught here, `out` gets them back (cut to its old length) and
        // the panic goes on.
        let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            write_value_dynamic(value, &mut WriteContext::new(self, &mut state, callback))
        }));
        *out = std::mem::take(&mut state.writer).into_inner();
        let result = match written {
            Ok(result) => result,
            Err(panic) => {
                out.truncate(start);
                std::panic::resume_unwind(panic)
            }
        };
        if result.is_err() {
            out.truncate(start);
        }
        state.reset();
        self.write_pool.put(state);
        result
    }

    /// Serializes `value` into `out` (cleared first), reusing its
    /// allocation.
    ///
    /// ```
    /// use fory_core::Fory;
    /// let fory = Fory::builder().build();
    /// let mut out = Vec::with_capacity(1024);
    /// for i in 0..3i64 {
    ///     fory.serialize_into(&i, &mut out)?; // no allocation after the first
    ///     assert_eq!(fory.deserialize::<i64>(&out)?, i);
    /// }
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn serialize_into<T: Serialize + ?Sized>(
        &self,
        value: &T,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        out.clear();
        self.write_stream(value, out, None)
    }

    /// Serializes `value`, offering each large buffer to `callback`: it
    /// returns `true` to write the buffer in-band, `false` to keep it
    /// out-of-band (the callback then owns it and must hand it back to
    /// [`deserialize_with_buffers`](Self::deserialize_with_buffers), in
    /// order). A closure, a `&mut Vec<BufferObject>` (everything
    /// out-of-band) and the ready policies of [`crate::buffers`] all work.
    ///
    /// ```
    /// use fory_core::Fory;
    /// use fory_core::buffers::BufferObject;
    /// let fory = Fory::builder().build();
    /// let big = vec![7u8; 100_000];
    /// let small = vec![1u8; 10];
    /// // keep buffers of 64 KiB and more out-of-band
    /// let mut kept = Vec::new();
    /// let value = (big.clone(), small.clone());
    /// let data = fory.serialize_with_callback(&value, |b: BufferObject<'_>| {
    ///     if b.total_bytes() >= 64 << 10 {
    ///         kept.push(b.to_buffer());
    ///         false
    ///     } else {
    ///         true
    ///     }
    /// })?;
    /// assert!(data.len() < 100);
    /// let back: (Vec<u8>, Vec<u8>) = fory.deserialize_with_buffers(&data, kept)?;
    /// assert_eq!(back, (big, small));
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// When a value cannot be written. The buffers the callback took
    /// out-of-band before the error belong to no stream, and the callback
    /// is told how many there were
    /// ([`BufferCallback::rollback`](crate::buffers::BufferCallback::rollback)):
    /// a `&mut Vec<BufferObject>`, and the ready policies over a `Vec` or
    /// over a [`BufferSink`](crate::buffers::BufferSink) that implements
    /// `rollback`, are left as they were before the call, so a sink shared
    /// by a sequence of values stays in step with the streams that were
    /// returned. A closure keeps what it did: buffers it pushed somewhere
    /// are still there.
    ///
    /// ```
    /// use fory_core::Fory;
    /// use fory_core::bytes::Bytes;
    /// let fory = Fory::builder().max_depth(3).build();
    /// let value = Bytes::from_static(b"first");
    /// // too deep: fails after its Bytes went to the sink
    /// let bad = (Bytes::from_static(b"lost"), vec![vec![vec![vec![0u8]]]]);
    /// let mut sink = Vec::new();
    /// let first = fory.serialize_with_callback(&value, &mut sink)?;
    /// assert!(fory.serialize_with_callback(&bad, &mut sink).is_err());
    /// assert_eq!(sink.len(), 1); // only the first value's buffer
    /// let back: Bytes = fory.deserialize_with_buffers(&first, sink.iter().map(|b| b.getbuffer()))?;
    /// assert_eq!(back, "first");
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn serialize_with_callback<'a, T, C, M>(
        &self,
        value: &'a T,
        mut callback: C,
    ) -> Result<Vec<u8>>
    where
        T: Serialize + ?Sized,
        C: BufferCallback<'a, M>,
    {
        let mut taken = 0usize;
        let mut offer = |b: BufferObject<'a>| {
            let in_band = callback.offer(b);
            taken += usize::from(!in_band);
            in_band
        };
        let mut out = Vec::new();
        match self.write_stream(value, &mut out, Some(&mut offer)) {
            Ok(()) => Ok(out),
            Err(e) => Err(roll_back(&mut callback, taken, e)),
        }
    }

    /// A reader past the header byte, and whether the header has the
    /// out-of-band bit. In line: the checks are two compares, and the
    /// errors are made out of line.
    #[inline]
    fn open<'d>(&self, data: &'d [u8]) -> Result<(Reader<'d>, bool)> {
        match data.first() {
            Some(&h)
                if h & !(header::XLANG | header::OUT_OF_BAND) == 0
                    && (h & header::XLANG != 0) == self.config.xlang =>
            {
                let mut r = Reader::new(data);
                r.consume(1);
                Ok((r, h & header::OUT_OF_BAND != 0))
            }
            first => Err(self.bad_header(first.copied())),
        }
    }

    /// Why [`open`](Self::open) refused a header byte (or its absence).
    #[cold]
    #[inline(never)]
    fn bad_header(&self, h: Option<u8>) -> Error {
        let Some(h) = h else {
            return Error::invalid("empty input: a Fory stream starts with a header byte");
        };
        if h & !(header::XLANG | header::OUT_OF_BAND) != 0 {
            return Error::invalid(format!(
                "invalid header byte {h:#04x}: reserved bits are set (not a Fory stream?)"
            ));
        }
        let xlang = h & header::XLANG != 0;
        let (was, is) = if xlang {
            ("xlang", "native")
        } else {
            ("native", "xlang")
        };
        Error::invalid(format!(
            "the stream was written in {was} mode but this Fory reads {is} mode; build it with xlang({xlang})"
        ))
    }

    /// Reads a value written with every buffer in-band.
    ///
    /// ```
    /// use fory_core::{ErrorKind, Fory};
    /// let fory = Fory::builder().build();
    /// let bytes = fory.serialize(&"hello".to_string())?;
    /// assert_eq!(fory.deserialize::<String>(&bytes)?, "hello");
    /// // the wrong type, or a truncated stream, is an error
    /// assert_eq!(fory.deserialize::<i32>(&bytes).unwrap_err().kind(), ErrorKind::TypeMismatch);
    /// assert!(fory.deserialize::<String>(&bytes[..3]).is_err());
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// On any malformed input, and when the stream was written with a
    /// buffer callback (use
    /// [`deserialize_with_buffers`](Self::deserialize_with_buffers)).
    pub fn deserialize<T: Deserialize>(&self, data: &[u8]) -> Result<T> {
        let (reader, out_of_band) = self.open(data)?;
        if out_of_band {
            return Err(Error::buffers(
                "the stream was written with a buffer callback (header out-of-band bit set); read it with deserialize_with_buffers",
            ));
        }
        self.read_root(reader, false, Vec::new())
    }

    /// Reads one value from the front of `input` and advances `input` past
    /// it: a buffer of values written one after another (by
    /// [`serialize_to`](Self::serialize_to), or by `serialize` calls
    /// concatenated) reads in sequence. Bytes after the value are left for
    /// the next call; on error `input` does not move.
    ///
    /// ```
    /// use fory_core::Fory;
    /// let fory = Fory::builder().build();
    /// let mut data = fory.serialize(&1u8)?;
    /// data.extend(fory.serialize(&"two".to_string())?);
    /// let mut rest = &data[..];
    /// assert_eq!(fory.deserialize_from::<u8>(&mut rest)?, 1);
    /// assert_eq!(fory.deserialize_from::<String>(&mut rest)?, "two");
    /// assert!(rest.is_empty());
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`deserialize`](Self::deserialize), except that trailing bytes
    /// are not an error.
    pub fn deserialize_from<T: Deserialize>(&self, input: &mut &[u8]) -> Result<T> {
        let data: &[u8] = input;
        let (reader, out_of_band) = self.open(data)?;
        if out_of_band {
            return Err(Error::buffers(
                "the value was written with a buffer callback (header out-of-band bit set); read it with deserialize_from_with_buffers",
            ));
        }
        let (value, (used, _)) = self.read_value(reader, false, Buffers::Owned(Vec::new()))?;
        *input = &data[used..];
        Ok(value)
    }

    /// [`deserialize_from`](Self::deserialize_from) for values written with
    /// a buffer callback. Each value takes, in order, as many buffers from
    /// the front of `buffers` as its own callback kept out-of-band — so a
    /// sequence of values reads from one queue of buffers in the order the
    /// callbacks saw them. On success the used buffers are removed from
    /// `buffers`; on error neither `input` nor `buffers` changes. A read
    /// costs what its value uses, however long the queue: it borrows the
    /// queue and clones (a borrow or a reference count) only the buffers
    /// it takes.
    ///
    /// ```
    /// use std::collections::VecDeque;
    /// use fory_core::Fory;
    /// use fory_core::buffers::BufferView;
    /// let fory = Fory::builder().build();
    /// let (a, b) = (vec![1.0f64; 1000], vec![2.0f64; 500]);
    /// let mut objs = Vec::new();
    /// let mut data = fory.serialize_with_callback(&a, &mut objs)?;
    /// data.extend(fory.serialize_with_callback(&b, &mut objs)?);
    /// let mut queue: VecDeque<BufferView<'_>> = objs.iter().map(BufferView::from).collect();
    /// let mut rest = &data[..];
    /// assert_eq!(fory.deserialize_from_with_buffers::<Vec<f64>>(&mut rest, &mut queue)?, a);
    /// assert_eq!(fory.deserialize_from_with_buffers::<Vec<f64>>(&mut rest, &mut queue)?, b);
    /// assert!(rest.is_empty() && queue.is_empty());
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn deserialize_from_with_buffers<'d, T: Deserialize>(
        &self,
        input: &mut &'d [u8],
        buffers: &mut std::collections::VecDeque<BufferView<'d>>,
    ) -> Result<T> {
        let data: &'d [u8] = input;
        let (reader, out_of_band) = self.open(data)?;
        if !out_of_band {
            return Err(Error::buffers(
                "the value was written without a buffer callback (header out-of-band bit clear); read it with deserialize_from",
            ));
        }
        // the read borrows the queue and clones (a borrow or a reference
        // count) only the buffers it takes, so the queue is left whole
        // until the read succeeds and each value costs what it uses
        let (value, (used, used_buffers)) =
            self.read_value(reader, true, Buffers::queue(buffers))?;
        *input = &data[used..];
        buffers.drain(..used_buffers);
        Ok(value)
    }

    /// Reads a value written with a buffer callback; `buffers` are the
    /// out-of-band buffers in the order the callback saw them: `Bytes`,
    /// `Vec<u8>`, `&[u8]` or [`BufferView`]s from
    /// [`BufferObject::getbuffer`]. A `Bytes` value (or `PickleBuffer`,
    /// `SharedArray`) read from a `Bytes`-backed buffer shares its memory.
    ///
    /// ```
    /// use fory_core::Fory;
    /// use fory_core::bytes::Bytes;
    /// let fory = Fory::builder().build();
    /// let payload = Bytes::from(vec![9u8; 4096]);
    /// let mut objs = Vec::new();
    /// let data = fory.serialize_with_callback(&payload, &mut objs)?;
    /// // ship `objs` anywhere; here they come back as shared Bytes
    /// let received: Vec<Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
    /// let back: Bytes = fory.deserialize_with_buffers(&data, received.clone())?;
    /// assert_eq!(back.as_ptr(), received[0].as_ptr()); // no copy
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// Too few or too many buffers, a buffer of the wrong size, a stream
    /// written without a callback, or any malformed input.
    pub fn deserialize_with_buffers<'d, T, I>(&self, data: &'d [u8], buffers: I) -> Result<T>
    where
        T: Deserialize,
        I: IntoIterator,
        I::Item: Into<BufferView<'d>>,
    {
        let (reader, out_of_band) = self.open(data)?;
        if !out_of_band {
            return Err(in_band_with_buffers(buffers.into_iter().next().is_none()));
        }
        let buffers = buffers.into_iter().map(Into::into).collect();
        self.read_root(reader, true, buffers)
    }

    /// Reads the one value of a whole stream: the input and the buffers
    /// must be used up. (No tuple around the value: a large value is not
    /// copied once more on its way out.)
    fn read_root<'d, T: Deserialize>(
        &self,
        reader: Reader<'d>,
        out_of_band: bool,
        buffers: Vec<BufferView<'d>>,
    ) -> Result<T> {
        let mut tables = self.read_pool.take();
        let given = buffers.len();
        let buffers = Buffers::Owned(buffers);
        let mut ctx = ReadContext::new(self, reader, out_of_band, buffers, &mut tables);
        let mut result = T::fory_read(&mut ctx);
        if result.is_ok() {
            if let Err(e) = ctx.finish(given) {
                result = Err(e);
            }
        }
        ctx.end(result.is_err());
        // `end` left nothing in the context to free (see there)
        std::mem::forget(ctx);
        self.recycle_read(tables);
        result
    }

    /// Reads one value of a sequence. Returns the value with the input
    /// bytes and buffers used.
    fn read_value<'d, T: Deserialize>(
        &self,
        reader: Reader<'d>,
        out_of_band: bool,
        buffers: Buffers<'d, '_>,
    ) -> Result<(T, (usize, usize))> {
        let mut tables = self.read_pool.take();
        let mut ctx = ReadContext::new(self, reader, out_of_band, buffers, &mut tables);
        let result = T::fory_read(&mut ctx).map(|v| (v, ctx.consumed()));
        ctx.end(result.is_err());
        std::mem::forget(ctx);
        self.recycle_read(tables);
        result
    }

    /// Forgets the stream in `tables` and puts them back in the pool.
    #[inline(never)]
    fn recycle_read(&self, mut tables: Box<ReadTables>) {
        tables.reset();
        self.read_pool.put(tables);
    }
}
