//! Malformed input is an `Err`, never a panic, a huge allocation or a stack
//! overflow: truncated streams, hostile lengths, flipped bytes, unknown
//! type ids, misused out-of-band buffers and deep nesting.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use fory_core::buffers::{BufferObject, PickleBuffer, SharedArray};
use fory_core::types::type_id;
use fory_core::{
    Deserialize, Error, ErrorKind, Fory, ForyType, ReadContext, Result, Serialize, WriteContext,
};
use fory_tests::{hex, to_hex};

// ---------------------------------------------------------------------------
// largest single allocation, per thread
// ---------------------------------------------------------------------------

/// The system allocator, noting the largest single request made on the
/// current thread so a test can check that a hostile length did not drive
/// an allocation.
struct PeakAlloc;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    // `try_with`: the slot may be gone while the thread is torn down.
    let _ = LARGEST.try_with(|c| {
        if size > c.get() {
            c.set(size);
        }
    });
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged; the only addition is a thread-local counter, which neither
// allocates nor unwinds.
unsafe impl GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: forwarded unchanged; the caller upholds `alloc_zeroed`'s contract.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (every
        // allocation goes through the methods above).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: forwarded unchanged; `ptr` came from `System` with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: PeakAlloc = PeakAlloc;

/// Runs `f`, returning its result, the largest single allocation it made
/// on this thread and how long it took.
fn measured<R>(f: impl FnOnce() -> R) -> (R, usize, Duration) {
    LARGEST.with(|c| c.set(0));
    let start = Instant::now();
    let r = f();
    let took = start.elapsed();
    (r, LARGEST.with(|c| c.get()), took)
}

#[test]
fn the_allocation_probe_sees_large_allocations() {
    let (v, largest, _) = measured(|| vec![0u8; 3 << 20]);
    assert_eq!(v.len(), 3 << 20);
    assert!(largest >= 3 << 20, "saw {largest}");
    let (_, largest, _) = measured(|| Vec::<u8>::with_capacity(10));
    assert!(largest < 1 << 20, "saw {largest}");
}

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

use fory_tests::configs;

fn native() -> Fory {
    Fory::builder().xlang(false).build()
}

fn xlang() -> Fory {
    Fory::builder().xlang(true).build()
}

/// A stream with the out-of-band buffers it needs.
struct Stream {
    how: &'static str,
    data: Vec<u8>,
    buffers: Vec<Bytes>,
}

impl Stream {
    fn out_of_band(&self) -> bool {
        self.data.first().is_some_and(|h| h & 2 != 0)
    }
}

/// `v` written without callback, with every buffer out-of-band, and with
/// every second buffer out-of-band.
fn streams<T: Serialize>(fory: &Fory, v: &T) -> Vec<Stream> {
    let plain = fory.serialize(v).unwrap();
    let mut objs: Vec<BufferObject<'_>> = Vec::new();
    let all = fory.serialize_with_callback(v, &mut objs).unwrap();
    let all_buffers = objs.iter().map(|o| o.to_buffer()).collect();
    let mut kept: Vec<BufferObject<'_>> = Vec::new();
    let mut n = 0;
    let alt = fory
        .serialize_with_callback(v, |b| {
            n += 1;
            if n % 2 == 0 {
                kept.push(b);
                false
            } else {
                true
            }
        })
        .unwrap();
    let alt_buffers = kept.iter().map(|o| o.to_buffer()).collect();
    vec![
        Stream {
            how: "no callback",
            data: plain,
            buffers: Vec::new(),
        },
        Stream {
            how: "all out-of-band",
            data: all,
            buffers: all_buffers,
        },
        Stream {
            how: "alternating",
            data: alt,
            buffers: alt_buffers,
        },
    ]
}

/// Reads `data` the way it was written: with the buffers when the header
/// says out-of-band.
fn read<T: Deserialize>(fory: &Fory, data: &[u8], buffers: &[Bytes]) -> Result<T> {
    if data.first().is_some_and(|h| h & 2 != 0) {
        fory.deserialize_with_buffers(data, buffers.to_vec())
    } else {
        fory.deserialize(data)
    }
}

/// A list nested arbitrarily deep: the one recursive type here, written
/// with the public traits (a LIST of itself).
#[derive(Debug, PartialEq, Default)]
struct Nest(Vec<Nest>);

impl ForyType for Nest {
    const FORY_TYPE_ID: u8 = type_id::LIST;
    const FORY_TRACKS_REF: bool = true;
}

impl Serialize for Nest {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        self.0.fory_write_data(ctx)
    }
}

impl Deserialize for Nest {
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        Vec::<Nest>::fory_read_data(ctx, id).map(Nest)
    }
}

/// `depth` lists, each holding the next; the innermost is empty.
fn nest(depth: usize) -> Nest {
    let mut n = Nest::default();
    for _ in 0..depth {
        n = Nest(vec![n]);
    }
    n
}

/// The bytes of [`nest`]`(depth)` built by hand (no recursion on the
/// writing side): the root flag and LIST type id, then per level `len 1,
/// header SAME_TYPE (+TRACKING_REF), element type LIST (, REF_VALUE flag)`,
/// then `len 0`.
fn nest_bytes(xlang: bool, ref_tracking: bool, depth: usize) -> Vec<u8> {
    let mut out = vec![u8::from(xlang)];
    let level: &[u8] = if ref_tracking {
        out.extend_from_slice(&[0x00, type_id::LIST]);
        &[0x01, 0x09, type_id::LIST, 0x00]
    } else {
        out.extend_from_slice(&[0xff, type_id::LIST]);
        &[0x01, 0x08, type_id::LIST]
    };
    out.reserve(depth * level.len() + 1);
    for _ in 0..depth {
        out.extend_from_slice(level);
    }
    out.push(0x00);
    out
}

/// LEB128 (Fory's varuint64 below 2^56).
fn leb128(mut v: u64) -> Vec<u8> {
    assert!(v < 1 << 56);
    let mut out = Vec::new();
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

// ---------------------------------------------------------------------------
// (a) every strict prefix is an error
// ---------------------------------------------------------------------------

fn every_prefix_fails<T>(v: &T)
where
    T: Serialize + Deserialize + PartialEq + Debug,
{
    every_prefix_fails_in(v, |_| true)
}

/// [`every_prefix_fails`] in the configurations `keep` picks by name.
fn every_prefix_fails_in<T>(v: &T, keep: impl Fn(&str) -> bool)
where
    T: Serialize + Deserialize + PartialEq + Debug,
{
    for (name, fory) in configs().into_iter().filter(|(n, _)| keep(n)) {
        for s in streams(&fory, v) {
            let how = format!("{name}, {}", s.how);
            let whole: T = read(&fory, &s.data, &s.buffers)
                .unwrap_or_else(|e| panic!("{how}: the whole stream: {e}"));
            assert_eq!(&whole, v, "{how}");
            for i in 0..s.data.len() {
                let prefix = &s.data[..i];
                match read::<T>(&fory, prefix, &s.buffers) {
                    Ok(x) => panic!(
                        "{how}: prefix of {i}/{} bytes [{}] read as {x:?}",
                        s.data.len(),
                        to_hex(prefix)
                    ),
                    Err(e) => assert!(
                        matches!(e.kind(), ErrorKind::UnexpectedEof | ErrorKind::InvalidData),
                        "{how}: prefix of {i} bytes: unexpected {e:?}"
                    ),
                }
                if s.out_of_band() {
                    assert!(fory.deserialize::<T>(prefix).is_err(), "{how}: {i}");
                } else if i > 0 {
                    let e = fory
                        .deserialize_with_buffers::<T, _>(prefix, Vec::<Bytes>::new())
                        .unwrap_err();
                    assert_eq!(e.kind(), ErrorKind::Buffers, "{how}: {i}: {e}");
                }
            }
        }
    }
}

#[test]
fn every_prefix_of_a_string_is_an_error() {
    every_prefix_fails(&String::from("héllo, 中文 😀"));
    every_prefix_fails(&String::from("café"));
    every_prefix_fails(&String::from("中文"));
    every_prefix_fails(&String::new());
}

#[test]
fn every_prefix_of_arrays_and_binary_is_an_error() {
    every_prefix_fails(&vec![1.5f64, -2.0, f64::MAX]);
    every_prefix_fails(&Vec::<f64>::new());
    every_prefix_fails(&vec![1i32, -1, i32::MAX]);
    every_prefix_fails(&vec![true, false]);
    every_prefix_fails(&vec![7u8; 20]);
    every_prefix_fails(&Bytes::from_static(b"bytes"));
    every_prefix_fails(&PickleBuffer::new(vec![1u8, 2, 3]));
    every_prefix_fails(&SharedArray::from_vec(vec![1u16, 2, 3]));
    every_prefix_fails(&vec![vec![1u8, 2], vec![], vec![3u8; 5]]);
}

#[test]
fn every_prefix_of_maps_tuples_and_lists_is_an_error() {
    every_prefix_fails(&HashMap::from([
        (String::from("a"), vec![1i32, 2]),
        (String::from("中"), vec![]),
    ]));
    every_prefix_fails(&BTreeMap::from([
        (Some(String::from("k")), Some(1i64)),
        (None, Some(2)),
        (Some(String::new()), None),
    ]));
    every_prefix_fails(&(
        1i32,
        String::from("two"),
        Some(vec![3u8, 3]),
        None::<String>,
        vec![5.0f64; 2],
    ));
    every_prefix_fails(&vec![Some(String::from("a")), None, Some(String::new())]);
    every_prefix_fails(&vec![vec![vec![1i32]], vec![], vec![vec![], vec![2, 3]]]);
    every_prefix_fails(&vec![vec![String::from("x")], vec![]]);
    every_prefix_fails(&HashSet::from([1i64, 2, 3]));
    let shared = Rc::new(vec![1u8, 2, 3]);
    every_prefix_fails(&vec![shared.clone(), shared]);
    every_prefix_fails(&nest(5));
    every_prefix_fails(&Some(-1i64));
    every_prefix_fails(&u64::MAX);
    every_prefix_fails(&None::<i32>);
}

// ---------------------------------------------------------------------------
// (b) hostile lengths
// ---------------------------------------------------------------------------

/// Reads `data` as `T`, expecting an error that names `len`, made quickly
/// and without a large allocation.
#[track_caller]
fn hostile<T: Deserialize + Debug>(fory: &Fory, data: &[u8], len: u64) -> Error {
    hostile_with::<T>(fory, data, Vec::new(), len)
}

#[track_caller]
fn hostile_with<T: Deserialize + Debug>(
    fory: &Fory,
    data: &[u8],
    buffers: Vec<Bytes>,
    len: u64,
) -> Error {
    let what = std::any::type_name::<T>();
    let (r, largest, took) = measured(|| {
        if buffers.is_empty() && data[0] & 2 == 0 {
            fory.deserialize::<T>(data)
        } else {
            fory.deserialize_with_buffers::<T, _>(data, buffers)
        }
    });
    let e = match r {
        Ok(v) => panic!("{what} from [{}]: read {v:?}", to_hex(data)),
        Err(e) => e,
    };
    assert!(
        e.to_string().contains(&len.to_string()),
        "{what} from [{}]: the error does not name the length {len}: {e}",
        to_hex(data)
    );
    assert!(
        largest < 1 << 20,
        "{what}: a {largest}-byte allocation for a hostile length"
    );
    assert!(took < Duration::from_secs(1), "{what}: took {took:?}");
    e
}

#[test]
fn hostile_lengths_of_lists_sets_maps_and_tuples() {
    const MAX: u64 = 0xffff_ffff;
    for fory in [native(), xlang()] {
        let h = u8::from(fory.config().xlang());
        let with = |rest: &str| {
            let mut v = vec![h];
            v.extend(hex(rest));
            v
        };
        // list, header SAME_TYPE, element type STRING, one element
        let list = with("ff 16 ff ff ff ff 0f 08 15 04 61");
        let e = hostile::<Vec<String>>(&fory, &list, MAX);
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        hostile::<Vec<i32>>(&fory, &list, MAX);
        hostile::<Vec<Vec<u8>>>(&fory, &list, MAX);
        hostile::<std::collections::VecDeque<String>>(&fory, &list, MAX);
        hostile::<(String, String)>(&fory, &list, MAX);
        hostile::<[String; 3]>(&fory, &list, MAX);
        hostile::<Nest>(&fory, &list, MAX);
        // the same as a SET
        let set = with("ff 17 ff ff ff ff 0f 08 15 04 61");
        hostile::<HashSet<String>>(&fory, &set, MAX);
        hostile::<std::collections::BTreeSet<String>>(&fory, &set, MAX);
        // map, one chunk header with a count of 1
        let map = with("ff 18 ff ff ff ff 0f 00 01 15 15 04 61 04 62");
        let e = hostile::<HashMap<String, String>>(&fory, &map, MAX);
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        hostile::<BTreeMap<String, Vec<f64>>>(&fory, &map, MAX);
        // a length just past the input is caught the same way
        let one_more = with("ff 16 05 08 15 04 61");
        hostile::<Vec<String>>(&fory, &one_more, 5);
        // a length in a nested list
        let inner = with("ff 16 01 08 16 ff ff ff ff 0f 08 15");
        hostile::<Vec<Vec<String>>>(&fory, &inner, MAX);
        // a length under ref tracking
        let tracked = with("00 16 ff ff ff ff 0f 09 15 ff 04 61");
        hostile::<Vec<String>>(&fory, &tracked, MAX);
    }
}

#[test]
fn hostile_lengths_of_strings() {
    for fory in [native(), xlang()] {
        let h = u8::from(fory.config().xlang());
        // header varuint64 0xffffffff: length 0x3fffffff, encoding 3
        let data = [vec![h], hex("ff 15 ff ff ff ff 0f")].concat();
        hostile::<String>(&fory, &data, 0x3fff_ffff);
        // a length of 0xffffffff in each encoding
        for encoding in 0..3u64 {
            let data = [
                vec![h, 0xff, type_id::STRING],
                leb128(0xffff_ffff << 2 | encoding),
                b"abc".to_vec(),
            ]
            .concat();
            hostile::<String>(&fory, &data, 0xffff_ffff);
            hostile::<Option<String>>(&fory, &data, 0xffff_ffff);
        }
        // the largest header: 2^62 - 1 bytes
        let data = [vec![h], hex("ff 15 ff ff ff ff ff ff ff ff ff")].concat();
        hostile::<String>(&fory, &data, (1 << 62) - 1);
        // a string in a list
        let data = [vec![h], hex("ff 16 01 08 15 ff ff ff ff 0f")].concat();
        hostile::<Vec<String>>(&fory, &data, 0x3fff_ffff);
    }
}

#[test]
fn hostile_lengths_of_binary_and_arrays() {
    const MAX: u64 = 0xffff_ffff;
    for fory in [
        native(),
        xlang(),
        Fory::builder()
            .xlang(true)
            .xlang_array_buffers(true)
            .build(),
    ] {
        let h = u8::from(fory.config().xlang());
        let with = |id: u8| [vec![h, 0xff, id], hex("ff ff ff ff 0f 01 02 03")].concat();
        let binary = with(type_id::BINARY);
        hostile::<Vec<u8>>(&fory, &binary, MAX);
        hostile::<Bytes>(&fory, &binary, MAX);
        hostile::<PickleBuffer>(&fory, &binary, MAX);
        hostile::<SharedArray<u8>>(&fory, &binary, MAX);
        hostile::<[u8; 4]>(&fory, &binary, MAX);
        hostile::<Vec<f64>>(&fory, &with(type_id::FLOAT64_ARRAY), MAX);
        hostile::<SharedArray<f64>>(&fory, &with(type_id::FLOAT64_ARRAY), MAX);
        hostile::<Vec<i32>>(&fory, &with(type_id::INT32_ARRAY), MAX);
        hostile::<Vec<bool>>(&fory, &with(type_id::BOOL_ARRAY), MAX);
        hostile::<Vec<u16>>(&fory, &with(type_id::UINT16_ARRAY), MAX);
        hostile::<Vec<usize>>(&fory, &with(type_id::UINT64_ARRAY), MAX);
        // in-band (flag 1) in an out-of-band stream
        let data = [
            vec![h | 2, 0xff, type_id::BINARY, 0x01],
            hex("ff ff ff ff 0f"),
        ]
        .concat();
        hostile::<Vec<u8>>(&fory, &data, MAX);
    }
    // native sizes are varuint64: the largest one
    let data = hex("00 ff 29 ff ff ff ff ff ff ff ff ff 00");
    hostile::<Vec<u8>>(&native(), &data, u64::MAX);
    hostile::<Vec<f64>>(
        &native(),
        &hex("00 ff 38 ff ff ff ff ff ff ff ff ff"),
        u64::MAX,
    );
    // an out-of-band buffer whose recorded size (native) is hostile
    let data = hex("02 ff 29 00 ff ff ff ff 0f");
    let e = hostile_with::<Vec<u8>>(&native(), &data, vec![Bytes::from_static(b"abc")], MAX);
    assert_eq!(e.kind(), ErrorKind::Buffers, "{e}");
}

// ---------------------------------------------------------------------------
// (c) flipped bytes never panic
// ---------------------------------------------------------------------------

/// Sets every byte of every stream of `v` to each of a few values and
/// reads the result; counts the inputs tried. Panics list every input that
/// panicked.
fn flips_never_panic<T>(v: &T) -> usize
where
    T: Serialize + Deserialize,
{
    let mut tried = 0;
    let mut panics = Vec::new();
    for (name, fory) in configs() {
        for s in streams(&fory, v) {
            assert!(read::<T>(&fory, &s.data, &s.buffers).is_ok(), "{name}");
            for i in 0..s.data.len() {
                for b in [0x00, 0xff, 0x80, 0x7f, 0x01] {
                    if s.data[i] == b {
                        continue;
                    }
                    let mut m = s.data.clone();
                    m[i] = b;
                    tried += 1;
                    let r = catch_unwind(AssertUnwindSafe(|| {
                        read::<T>(&fory, &m, &s.buffers).map(drop)
                    }));
                    if r.is_err() {
                        panics.push(format!("{name}, {}: [{}]", s.how, to_hex(&m)));
                    }
                }
            }
            // and each out-of-band buffer one byte short, or one longer
            for i in 0..s.buffers.len() {
                for delta in [-1isize, 1] {
                    let mut bufs = s.buffers.clone();
                    let mut b = bufs[i].to_vec();
                    if delta < 0 {
                        if b.pop().is_none() {
                            continue;
                        }
                    } else {
                        b.push(0x02);
                    }
                    bufs[i] = Bytes::from(b);
                    tried += 1;
                    let r = catch_unwind(AssertUnwindSafe(|| {
                        read::<T>(&fory, &s.data, &bufs).map(drop)
                    }));
                    if r.is_err() {
                        panics.push(format!("{name}, {}: buffer {i} {delta:+}", s.how));
                    }
                }
            }
        }
    }
    assert!(
        panics.is_empty(),
        "{} inputs panicked: {panics:#?}",
        panics.len()
    );
    tried
}

#[test]
fn flipped_bytes_never_panic() {
    let mut tried = 0;
    tried += flips_never_panic(&String::from("héllo 中文 😀"));
    tried += flips_never_panic(&vec![1.5f64, -2.0, 3.25]);
    tried += flips_never_panic(&vec![true, false, true]);
    tried += flips_never_panic(&vec![i64::MIN, 0, i64::MAX]);
    tried += flips_never_panic(&HashMap::from([
        (String::from("a"), vec![1i32, 2]),
        (String::from("bc"), vec![]),
    ]));
    tried += flips_never_panic(&BTreeMap::from([
        (None, Some(1u32)),
        (Some(String::from("k")), None),
        (Some(String::from("l")), Some(2)),
    ]));
    tried += flips_never_panic(&(
        1i32,
        String::from("x"),
        Some(vec![1u8, 2]),
        None::<i64>,
        vec![0.5f32; 3],
    ));
    tried += flips_never_panic(&vec![Some(String::from("a")), None, Some(String::new())]);
    tried += flips_never_panic(&vec![vec![vec![1u16, 2]], vec![]]);
    let rc = Rc::new(String::from("shared"));
    tried += flips_never_panic(&vec![rc.clone(), rc.clone(), rc]);
    let arr = Rc::new(vec![1.0f64; 4]);
    tried += flips_never_panic(&(arr.clone(), Some(arr)));
    tried += flips_never_panic(&vec![
        PickleBuffer::new(vec![1u8; 3]),
        PickleBuffer::new(vec![2u8; 5]),
    ]);
    tried += flips_never_panic(&(
        SharedArray::from_vec(vec![1u32, 2]),
        Bytes::from_static(b"xyz"),
        [1i16, 2],
    ));
    tried += flips_never_panic(&HashSet::from([String::from("a"), String::from("b")]));
    tried += flips_never_panic(&nest(4));
    assert!(tried > 10_000, "only {tried} inputs tried");
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Reads `data` as a handful of unrelated types; counts the panics.
fn read_as_many_types(fory: &Fory, data: &[u8], buffers: &[Bytes]) -> usize {
    fn one<T: Deserialize>(fory: &Fory, data: &[u8], buffers: &[Bytes]) -> usize {
        let r = catch_unwind(AssertUnwindSafe(|| {
            read::<T>(fory, data, buffers).map(drop)
        }));
        usize::from(r.is_err())
    }
    one::<String>(fory, data, buffers)
        + one::<i64>(fory, data, buffers)
        + one::<Vec<f64>>(fory, data, buffers)
        + one::<Vec<bool>>(fory, data, buffers)
        + one::<Vec<Option<String>>>(fory, data, buffers)
        + one::<HashMap<String, Vec<i32>>>(fory, data, buffers)
        + one::<BTreeMap<Option<String>, Option<u32>>>(fory, data, buffers)
        + one::<(i32, String, Option<Vec<u8>>)>(fory, data, buffers)
        + one::<Vec<Rc<String>>>(fory, data, buffers)
        + one::<Option<Rc<Vec<u8>>>>(fory, data, buffers)
        + one::<Bytes>(fory, data, buffers)
        + one::<SharedArray<f32>>(fory, data, buffers)
        + one::<[u16; 3]>(fory, data, buffers)
        + one::<Nest>(fory, data, buffers)
}

#[test]
fn random_mutations_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut panics = 0;
    let mut tried = 0;
    for (name, fory) in configs() {
        let mut corpus = Vec::new();
        corpus.extend(streams(&fory, &vec![Some(String::from("a")), None]));
        corpus.extend(streams(
            &fory,
            &(1i32, String::from("b"), Some(vec![1u8, 2])),
        ));
        corpus.extend(streams(
            &fory,
            &HashMap::from([(String::from("k"), vec![1i32, 2, 3])]),
        ));
        corpus.extend(streams(&fory, &vec![1.0f64, 2.0]));
        let rc = Rc::new(String::from("r"));
        corpus.extend(streams(&fory, &vec![rc.clone(), rc]));
        corpus.extend(streams(&fory, &nest(3)));
        for s in &corpus {
            for _ in 0..40 {
                let mut m = s.data.clone();
                for _ in 0..=rng.below(3) {
                    match rng.below(4) {
                        0 if m.len() > 1 => {
                            let i = 1 + rng.below(m.len() - 1);
                            m.remove(i);
                        }
                        1 => {
                            let i = 1 + rng.below(m.len());
                            m.insert(i.min(m.len()), rng.next() as u8);
                        }
                        _ => {
                            let i = rng.below(m.len());
                            m[i] = rng.next() as u8;
                        }
                    }
                }
                tried += 1;
                let n = read_as_many_types(&fory, &m, &s.buffers);
                if n > 0 {
                    eprintln!("{name}: {n} panics reading [{}]", to_hex(&m));
                }
                panics += n;
            }
        }
    }
    assert_eq!(panics, 0, "{panics} panics in {tried} mutated inputs");
    assert!(tried > 1000);
}

// ---------------------------------------------------------------------------
// (d) unknown type ids and other bad tags
// ---------------------------------------------------------------------------

#[track_caller]
fn unknown<T: Deserialize + Debug>(fory: &Fory, data: &[u8]) {
    let what = std::any::type_name::<T>();
    let e = fory
        .deserialize::<T>(data)
        .map(|v| format!("{v:?}"))
        .expect_err(what);
    assert!(
        e.kind() == ErrorKind::UnknownType || e.to_string().to_lowercase().contains("unknown"),
        "{what} from [{}]: {e:?}",
        to_hex(data)
    );
}

#[test]
fn unknown_type_id_is_an_error() {
    // 0xc8 0x01 is type id 200 whether the reader takes one byte or a
    // varuint
    for fory in [native(), xlang()] {
        let h = u8::from(fory.config().xlang());
        let root = [vec![h], hex("ff c8 01")].concat();
        unknown::<String>(&fory, &root);
        unknown::<i64>(&fory, &root);
        unknown::<u8>(&fory, &root);
        unknown::<bool>(&fory, &root);
        unknown::<f64>(&fory, &root);
        unknown::<Option<String>>(&fory, &root);
        unknown::<Box<i32>>(&fory, &root);
        unknown::<Rc<String>>(&fory, &root);
        unknown::<Vec<i32>>(&fory, &root);
        unknown::<Vec<f64>>(&fory, &root);
        unknown::<Vec<u8>>(&fory, &root);
        unknown::<Vec<String>>(&fory, &root);
        unknown::<HashMap<String, i32>>(&fory, &root);
        unknown::<HashSet<i32>>(&fory, &root);
        unknown::<(i32, i32)>(&fory, &root);
        unknown::<Bytes>(&fory, &root);
        unknown::<PickleBuffer>(&fory, &root);
        unknown::<SharedArray<f64>>(&fory, &root);
        // as a list's element type
        let element = [vec![h], hex("ff 16 01 08 c8 01 00")].concat();
        unknown::<Vec<String>>(&fory, &element);
        unknown::<Vec<i32>>(&fory, &element);
        // as a tuple element's own type
        let tuple = [vec![h], hex("ff 16 02 00 c8 01 05 02")].concat();
        unknown::<(i32, i32)>(&fory, &tuple);
        // as a map's key type and value type
        let key = [vec![h], hex("ff 18 01 00 01 c8 01 15 00 00")].concat();
        unknown::<HashMap<String, String>>(&fory, &key);
        let value = [vec![h], hex("ff 18 01 00 01 15 c8 01 00 00")].concat();
        unknown::<HashMap<String, String>>(&fory, &value);
        // inside an Option
        let some = [vec![h], hex("ff 16 01 0a c8 01 ff 00")].concat();
        unknown::<Vec<Option<String>>>(&fory, &some);
    }
}

#[test]
fn known_but_wrong_type_id_is_a_type_mismatch() {
    for fory in [native(), xlang()] {
        let s = fory.serialize(&String::from("abc")).unwrap();
        for e in [
            fory.deserialize::<i32>(&s).unwrap_err(),
            fory.deserialize::<Vec<String>>(&s).unwrap_err(),
            fory.deserialize::<HashMap<String, String>>(&s).unwrap_err(),
            fory.deserialize::<Bytes>(&s).unwrap_err(),
            fory.deserialize::<bool>(&s).unwrap_err(),
        ] {
            assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
            assert!(e.to_string().contains("STRING"), "{e}");
        }
        let l = fory.serialize(&vec![String::from("a")]).unwrap();
        let e = fory.deserialize::<Vec<i32>>(&l).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
    }
}

#[test]
fn bad_flags_tags_and_encodings_are_errors() {
    let n = native();
    let cases: &[(&str, &str)] = &[
        ("header with reserved bits", "04 ff 15 00"),
        ("header 0xff", "ff ff 15 00"),
        ("invalid reference flag", "00 05 15 00"),
        ("reference to an object never read", "00 fe 07"),
        ("trailing bytes", "00 ff 15 04 61 00"),
        ("null where not optional", "00 fd"),
        ("invalid UTF-8", "00 ff 15 0a ff fe"),
        ("odd UTF-16 length", "00 ff 15 0d 00 00 00"),
        ("lone UTF-16 surrogate", "00 ff 15 09 00 d8"),
        ("string encoding 3", "00 ff 15 07 61"),
    ];
    for (what, bytes) in cases {
        let data = hex(bytes);
        let e = n.deserialize::<String>(&data).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidData | ErrorKind::TypeMismatch),
            "{what}: {e:?}"
        );
    }
    let cases: &[(&str, &str)] = &[
        ("invalid bool byte", "00 ff 01 02"),
        ("varuint32 over 32 bits", "00 ff 16 ff ff ff ff 1f"),
        ("invalid collection header", "00 ff 16 01 f0"),
        ("bool array element 2", "00 ff 2b 02 01 02"),
        ("float array of 7 bytes", "00 ff 38 07 00 00 00 00 00 00 00"),
        ("in-band flag 2", "02 ff 29 02 00"),
    ];
    for (what, bytes) in cases {
        let data = hex(bytes);
        let e = match &data[2..4] {
            [0x01, _] => n.deserialize::<bool>(&data).map(drop),
            [0x16, _] => n.deserialize::<Vec<String>>(&data).map(drop),
            [0x2b, _] => n.deserialize::<Vec<bool>>(&data).map(drop),
            [0x38, _] => n.deserialize::<Vec<f64>>(&data).map(drop),
            _ => n
                .deserialize_with_buffers::<Vec<u8>, _>(&data, Vec::<Bytes>::new())
                .map(drop),
        }
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{what}: {e}");
    }
    // maps: chunk count 0, chunk count past the size, reserved header bits
    for (what, bytes) in [
        ("chunk of 0", "00 ff 18 01 00 00 15 15"),
        (
            "chunk past the size",
            "00 ff 18 01 00 02 15 15 04 61 04 62 04 63 04 64",
        ),
        ("reserved chunk bits", "00 ff 18 01 c0 01 15 15 04 61 04 62"),
        ("null key not optional", "00 ff 18 01 02 ff 15 04 62"),
    ] {
        let e = n
            .deserialize::<HashMap<String, String>>(&hex(bytes))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{what}: {e}");
    }
    // a list that refers to itself while being read (a cycle)
    let tracked = Fory::builder().ref_tracking(true).build();
    let e = tracked
        .deserialize::<Vec<Rc<Vec<i32>>>>(&hex("00 00 16 01 09 16 fe 00"))
        .unwrap_err();
    assert!(e.to_string().contains("cycle"), "{e}");
    // a reference to an object of another type
    let e = tracked
        .deserialize::<(Rc<String>, Rc<Vec<u8>>)>(&hex("00 00 16 02 01 00 15 04 61 fe 01"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
    // a reference to an object that cannot be shared (a plain String)
    let e = tracked
        .deserialize::<(String, Rc<String>)>(&hex("00 00 16 02 01 00 15 04 61 fe 01"))
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::Unsupported | ErrorKind::TypeMismatch),
        "{e}"
    );
}

// ---------------------------------------------------------------------------
// (e) out-of-band misuse
// ---------------------------------------------------------------------------

#[test]
fn out_of_band_buffer_misuse() {
    for fory in [
        native(),
        Fory::builder()
            .xlang(true)
            .xlang_array_buffers(true)
            .build(),
    ] {
        let mode = if fory.config().xlang() {
            "xlang"
        } else {
            "native"
        };
        let value = (vec![1u8; 8], vec![2.5f64; 2], String::from("in-band"));
        let mut objs = Vec::new();
        let data = fory.serialize_with_callback(&value, &mut objs).unwrap();
        assert_eq!(objs.len(), 2, "{mode}");
        let views: Vec<_> = objs.iter().map(|o| o.getbuffer()).collect();
        type T = (Vec<u8>, Vec<f64>, String);
        assert_eq!(
            fory.deserialize_with_buffers::<T, _>(&data, views.clone())
                .unwrap(),
            value,
            "{mode}"
        );

        // one buffer too few
        let e = fory
            .deserialize_with_buffers::<T, _>(&data, views[..1].to_vec())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Buffers, "{mode}: {e}");
        assert!(e.to_string().contains("#2"), "{mode}: {e}");
        let e = fory
            .deserialize_with_buffers::<T, _>(&data, Vec::<Bytes>::new())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Buffers, "{mode}: {e}");
        assert!(e.to_string().contains("#1"), "{mode}: {e}");

        // one too many
        let mut more = views.clone();
        more.push(views[0].clone());
        let e = fory
            .deserialize_with_buffers::<T, _>(&data, more)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Buffers, "{mode}: {e}");
        assert!(e.to_string().contains('3'), "{mode}: {e}");

        // an OOB stream read without buffers
        let e = fory.deserialize::<T>(&data).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Buffers, "{mode}: {e}");

        // an in-band stream read with buffers (even none)
        let plain = fory.serialize(&value).unwrap();
        let e = fory
            .deserialize_with_buffers::<T, _>(&plain, views.clone())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Buffers, "{mode}: {e}");
        let e = fory
            .deserialize_with_buffers::<T, _>(&plain, Vec::<Bytes>::new())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Buffers, "{mode}: {e}");

        // a ragged f64 buffer (7 bytes) is caught in both modes
        let ragged = vec![views[0].to_vec(), vec![0u8; 7]];
        let e = fory
            .deserialize_with_buffers::<T, _>(&data, ragged)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Buffers, "{mode}: {e}");
        assert!(e.to_string().contains("#2"), "{mode}: {e}");
    }

    // native mode records each size: a buffer of the wrong size is caught
    let fory = native();
    let value = (vec![1u8; 8], vec![2.5f64; 2]);
    let mut objs = Vec::new();
    let data = fory.serialize_with_callback(&value, &mut objs).unwrap();
    for wrong in [
        vec![vec![1u8; 9], vec![0u8; 16]],
        vec![vec![1u8; 8], vec![0u8; 24]],
    ] {
        let e = fory
            .deserialize_with_buffers::<(Vec<u8>, Vec<f64>), _>(&data, wrong)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Buffers, "{e}");
        assert!(e.to_string().contains("bytes"), "{e}");
    }
    // swapped buffers are caught by their sizes too
    let swapped = vec![objs[1].to_buffer(), objs[0].to_buffer()];
    let e = fory
        .deserialize_with_buffers::<(Vec<u8>, Vec<f64>), _>(&data, swapped)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Buffers, "{e}");
}

#[test]
fn a_stream_read_in_the_other_mode_is_an_error() {
    let value = (String::from("x"), vec![1.0f64], vec![1u8, 2]);
    type T = (String, Vec<f64>, Vec<u8>);
    let x = xlang().serialize(&value).unwrap();
    let e = native().deserialize::<T>(&x).unwrap_err();
    assert!(e.to_string().contains("xlang"), "{e}");
    let n = native().serialize(&value).unwrap();
    assert!(xlang().deserialize::<T>(&n).is_err());
    // with callbacks too
    let mut objs = Vec::new();
    let x = xlang().serialize_with_callback(&value, &mut objs).unwrap();
    let bufs: Vec<_> = objs.iter().map(|o| o.to_buffer()).collect();
    assert!(xlang()
        .deserialize_with_buffers::<T, _>(&x, bufs.clone())
        .is_ok());
    assert!(native().deserialize_with_buffers::<T, _>(&x, bufs).is_err());
    let mut objs = Vec::new();
    let n = native().serialize_with_callback(&value, &mut objs).unwrap();
    let bufs: Vec<_> = objs.iter().map(|o| o.to_buffer()).collect();
    assert!(xlang().deserialize_with_buffers::<T, _>(&n, bufs).is_err());
}

#[test]
fn empty_and_garbage_input() {
    for (name, fory) in configs() {
        let e = fory.deserialize::<String>(&[]).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidData | ErrorKind::UnexpectedEof),
            "{name}: {e}"
        );
        assert!(fory
            .deserialize_with_buffers::<Vec<u8>, _>(&[], vec![vec![1u8]])
            .is_err());
        for garbage in [
            &b"not fory"[..],
            &[0xff; 64][..],
            &[0x00; 64][..],
            &[0x01; 3][..],
        ] {
            assert_eq!(read_as_many_types(&fory, garbage, &[]), 0, "{name}");
        }
    }
}

// ---------------------------------------------------------------------------
// (f) nesting depth
// ---------------------------------------------------------------------------

#[test]
fn hand_built_nesting_matches_the_serializer() {
    for (name, fory) in configs() {
        let (xlang, rt) = (fory.config().xlang(), fory.config().ref_tracking());
        for depth in [0, 1, 2, 10] {
            assert_eq!(
                to_hex(&fory.serialize(&nest(depth)).unwrap()),
                to_hex(&nest_bytes(xlang, rt, depth)),
                "{name}, depth {depth}"
            );
            assert_eq!(
                fory.deserialize::<Nest>(&nest_bytes(xlang, rt, depth))
                    .unwrap(),
                nest(depth),
                "{name}"
            );
        }
    }
}

#[test]
fn nesting_100_000_deep_is_a_depth_error_not_a_stack_overflow() {
    for (name, fory) in configs() {
        let (xlang, rt) = (fory.config().xlang(), fory.config().ref_tracking());
        let data = nest_bytes(xlang, rt, 100_000);
        let e = fory.deserialize::<Nest>(&data).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
        assert!(e.to_string().contains("200"), "{name}: {e}");
        // read as a real, finitely nested type it is an error too
        assert!(
            fory.deserialize::<Vec<Vec<Vec<i32>>>>(&data).is_err(),
            "{name}"
        );
        assert!(fory.deserialize::<Vec<Nest>>(&data).is_err(), "{name}");
        // and truncated
        assert!(
            fory.deserialize::<Nest>(&data[..data.len() / 2]).is_err(),
            "{name}"
        );
    }
}

#[test]
fn the_default_depth_limit_is_200_both_ways() {
    for (name, fory) in configs() {
        let (xlang, rt) = (fory.config().xlang(), fory.config().ref_tracking());
        assert_eq!(fory.config().max_depth(), 200);
        // writing: 200 non-empty lists nest, 201 do not
        assert!(fory.serialize(&nest(200)).is_ok(), "{name}");
        let too_deep = nest(201);
        let e = fory.serialize(&too_deep).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
        let e = fory
            .serialize_with_callback(&too_deep, |_b| true)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
        // reading: 199 non-empty lists (plus the empty innermost one) nest
        let ok = nest(199);
        let bytes = nest_bytes(xlang, rt, 199);
        assert_eq!(fory.deserialize::<Nest>(&bytes).unwrap(), ok, "{name}");
        let e = fory
            .deserialize::<Nest>(&nest_bytes(xlang, rt, 201))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
    }
}

/// Whatever `serialize` accepts under a depth limit, `deserialize` with the
/// same `Fory` should read back.
#[test]

fn what_serialize_accepts_deserialize_reads_at_the_depth_limit() {
    for xlang in [false, true] {
        let fory = Fory::builder().xlang(xlang).max_depth(2).build();
        let v: Vec<Vec<Vec<String>>> = vec![vec![vec![]]];
        let bytes = fory.serialize(&v).unwrap();
        let back = fory.deserialize::<Vec<Vec<Vec<String>>>>(&bytes);
        assert_eq!(back.unwrap(), v, "xlang={xlang}");
        let set: Vec<Vec<HashSet<i32>>> = vec![vec![HashSet::new()]];
        let bytes = fory.serialize(&set).unwrap();
        assert_eq!(
            fory.deserialize::<Vec<Vec<HashSet<i32>>>>(&bytes).unwrap(),
            set,
            "xlang={xlang}"
        );
        // the default limit, with the recursive type
        let fory = Fory::builder().xlang(xlang).build();
        let bytes = fory.serialize(&nest(200)).unwrap();
        assert_eq!(fory.deserialize::<Nest>(&bytes).unwrap(), nest(200));
    }
}

#[test]
fn max_depth_3_rejects_5_deep_values_both_ways() {
    type Deep = Vec<Vec<Vec<Vec<Vec<i32>>>>>;
    let deep: Deep = vec![vec![vec![vec![vec![1, 2, 3]]]]];
    type Shallow = Vec<Vec<Vec<i32>>>;
    let shallow: Shallow = vec![vec![vec![1, 2]]];
    for xlang in [false, true] {
        for rt in [false, true] {
            let limited = Fory::builder()
                .xlang(xlang)
                .ref_tracking(rt)
                .max_depth(3)
                .build();
            let open = Fory::builder().xlang(xlang).ref_tracking(rt).build();
            let name = format!("xlang={xlang}, ref_tracking={rt}");

            let bytes = open.serialize(&deep).unwrap();
            let e = limited.deserialize::<Deep>(&bytes).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
            assert!(e.to_string().contains('3'), "{name}: {e}");
            let e = limited.serialize(&deep).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
            let mut objs = Vec::new();
            let e = limited
                .serialize_with_callback(&deep, &mut objs)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");

            // within the limit both ways
            let bytes = limited.serialize(&shallow).unwrap();
            assert_eq!(
                limited.deserialize::<Shallow>(&bytes).unwrap(),
                shallow,
                "{name}"
            );

            // boxes, Rcs and maps count too
            let boxes = Box::new(Box::new(Box::new(Box::new(7i32))));
            let e = limited.serialize(&boxes).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
            let bytes = open.serialize(&boxes).unwrap();
            let e = limited
                .deserialize::<Box<Box<Box<Box<i32>>>>>(&bytes)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
            let rcs = Rc::new(Rc::new(Rc::new(Rc::new(String::from("x")))));
            let e = limited.serialize(&rcs).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
            let maps = HashMap::from([(
                1i32,
                HashMap::from([(2i32, HashMap::from([(3i32, HashMap::from([(4i32, 5i32)]))]))]),
            )]);
            let e = limited.serialize(&maps).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
            let bytes = open.serialize(&maps).unwrap();
            let e = limited
                .deserialize::<HashMap<i32, HashMap<i32, HashMap<i32, HashMap<i32, i32>>>>>(&bytes)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DepthLimit, "{name}: {e}");
        }
    }
}

#[test]
fn a_failed_serialization_leaves_serialize_into_output_empty() {
    let limited = Fory::builder().max_depth(1).build();
    let mut out = vec![1, 2, 3];
    let e = limited
        .serialize_into(&vec![vec![String::from("x")]], &mut out)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DepthLimit, "{e}");
    assert!(out.is_empty(), "left {out:?}");
}

// ---------------------------------------------------------------------------
// lists of structs without fields: bounded by work, not by bytes
// ---------------------------------------------------------------------------

#[derive(fory_core::ForyObject, Debug, PartialEq, Clone)]
struct Marker;

/// `vec![Marker; 14]` with its length (one varuint byte, found as the byte
/// that differs from `vec![Marker; 15]`) replaced by `len`.
fn markers_claiming(fory: &Fory, len: u64) -> Vec<u8> {
    let a = fory.serialize(&vec![Marker; 14]).unwrap();
    let b = fory.serialize(&vec![Marker; 15]).unwrap();
    let at = (0..a.len()).find(|&i| a[i] != b[i]).unwrap();
    assert_eq!(a[at], 14);
    let mut out = a[..at].to_vec();
    out.extend(leb128(len));
    out.extend(&a[at + 1..]);
    out
}

#[test]
fn a_few_bytes_claiming_2_pow_31_markers_is_an_error_without_the_allocation() {
    for xlang in [false, true] {
        for compatible in [true, false] {
            let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
            f.register::<Marker>(60).unwrap();
            for len in [1u64 << 31, u32::MAX as u64] {
                let data = markers_claiming(&f, len);
                let (r, largest, took) = measured(|| f.deserialize::<Vec<Marker>>(&data));
                let how = format!("xlang {xlang}, compatible {compatible}, {len} markers");
                let e = match r {
                    Ok(v) => panic!("{how}: read {} markers", v.len()),
                    Err(e) => e,
                };
                assert!(largest < 1 << 20, "{how}: a {largest}-byte allocation");
                assert!(took < Duration::from_secs(2), "{how}: took {took:?}");
                let msg = e.to_string();
                assert!(
                    // the budget runs out, or (xlang schema-consistent:
                    // a hash per value) the input does
                    msg.contains("rejected as hostile")
                        || msg.contains(&len.to_string())
                        || e.kind() == ErrorKind::UnexpectedEof,
                    "{how}: {msg}"
                );
                // and as a dynamic value
                let (r, largest, _) = measured(|| f.deserialize::<fory_core::value::Value>(&data));
                assert!(r.is_err(), "{how}: read as a Value");
                // Values are not zero-sized: bounded by the free budget
                // (1 MiB plus 16 bytes per input byte), doubled by growth
                assert!(
                    largest < 4 << 20,
                    "{how}: a {largest}-byte allocation (Value)"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// the newer types: every prefix, and values out of range
// ---------------------------------------------------------------------------

mod newer {
    use std::collections::{BinaryHeap, LinkedList};
    use std::num::{
        NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI8, NonZeroIsize, NonZeroU16, NonZeroU32,
        NonZeroU64, NonZeroU8, NonZeroUsize,
    };
    use std::path::PathBuf;
    use std::sync::Arc;
    use std::time::{SystemTime, UNIX_EPOCH};

    use fory_core::chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
    use fory_core::half::f16;
    use fory_core::rust_decimal::Decimal;

    use super::*;

    /// A `BinaryHeap` compared by its sorted contents.
    #[derive(Debug)]
    struct Heap(BinaryHeap<i32>);

    impl PartialEq for Heap {
        fn eq(&self, other: &Self) -> bool {
            self.0.clone().into_sorted_vec() == other.0.clone().into_sorted_vec()
        }
    }

    impl ForyType for Heap {
        const FORY_TYPE_ID: u8 = type_id::LIST;
        const FORY_TRACKS_REF: bool = true;
    }

    impl Serialize for Heap {
        fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
            self.0.fory_write_data(ctx)
        }
    }

    impl Deserialize for Heap {
        fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
            BinaryHeap::<i32>::fory_read_data(ctx, id).map(Heap)
        }
    }

    #[test]
    fn every_prefix_of_the_newer_types_is_an_error() {
        every_prefix_fails(&u128::MAX);
        every_prefix_fails(&i128::MIN);
        every_prefix_fails(&12345u128);
        every_prefix_fails(&-7i128);
        every_prefix_fails(&'é');
        every_prefix_fails(&'😀');
        every_prefix_fails(&'a');
        every_prefix_fails(&Duration::new(5, 123_456_789));
        every_prefix_fails(&Duration::new(u32::MAX as u64 * 3, 0));
        every_prefix_fails(&(UNIX_EPOCH + Duration::new(1_700_000_000, 5)));
        every_prefix_fails(&(UNIX_EPOCH - Duration::new(10, 5)));
        every_prefix_fails(&SystemTime::UNIX_EPOCH);
        every_prefix_fails(&PathBuf::from("/tmp/a b/ü.txt"));
        every_prefix_fails(&Rc::<str>::from("héllo"));
        every_prefix_fails(&Arc::<str>::from("中文"));
        every_prefix_fails(&Box::<str>::from("x"));
        every_prefix_fails(&Box::<[i32]>::from(vec![1, -2, 3]));
        every_prefix_fails(&Box::<[String]>::from(vec!["a".to_string(), "bc".into()]));
        every_prefix_fails(&Rc::<[f64]>::from(vec![1.5, 2.5]));
        every_prefix_fails(&NonZeroU8::new(7).unwrap());
        every_prefix_fails(&NonZeroU16::new(700).unwrap());
        every_prefix_fails(&NonZeroU32::new(70_000).unwrap());
        every_prefix_fails(&NonZeroU64::new(u64::MAX).unwrap());
        every_prefix_fails(&NonZeroUsize::new(9).unwrap());
        every_prefix_fails(&NonZeroI8::new(-7).unwrap());
        every_prefix_fails(&NonZeroI16::new(-700).unwrap());
        every_prefix_fails(&NonZeroI32::new(i32::MIN).unwrap());
        every_prefix_fails(&NonZeroI64::new(i64::MIN).unwrap());
        every_prefix_fails(&NonZeroIsize::new(-9).unwrap());
        every_prefix_fails(&vec![
            NonZeroU32::new(1).unwrap(),
            NonZeroU32::new(2).unwrap(),
        ]);
        every_prefix_fails(&Heap(BinaryHeap::from(vec![3, 1, 2])));
        every_prefix_fails(&LinkedList::from(["a".to_string(), "b".to_string()]));
        every_prefix_fails(&LinkedList::from([1i64, -1]));
        every_prefix_fails(&NaiveDate::from_ymd_opt(2024, 1, 2).unwrap());
        every_prefix_fails(&NaiveDate::from_ymd_opt(-4000, 12, 31).unwrap());
        let dt = NaiveDate::from_ymd_opt(2024, 1, 2)
            .unwrap()
            .and_hms_nano_opt(3, 4, 5, 6)
            .unwrap();
        every_prefix_fails(&dt);
        every_prefix_fails(&DateTime::<Utc>::from_naive_utc_and_offset(dt, Utc));
        every_prefix_fails(&TimeDelta::new(-5, 7).unwrap());
        every_prefix_fails(&TimeDelta::MAX);
        every_prefix_fails(&"1.25".parse::<Decimal>().unwrap());
        every_prefix_fails(&Decimal::MAX);
        every_prefix_fails(&Decimal::MIN);
        every_prefix_fails(
            &"-0.0000000000000000000000000001"
                .parse::<Decimal>()
                .unwrap(),
        );
        every_prefix_fails(&f16::from_f32(1.5));
        every_prefix_fails(&vec![f16::from_f32(1.5), f16::NAN.max(f16::ZERO), f16::MAX]);
        every_prefix_fails(&ndarray::arr1(&[true, false, true]));
        // n-d arrays travel in native mode only
        let native_only = |name: &str| name.starts_with("native");
        every_prefix_fails_in(
            &ndarray::Array2::from_shape_vec((2, 3), vec![true, false, true, true, false, false])
                .unwrap(),
            native_only,
        );
        every_prefix_fails_in(&ndarray::arr1(&[true, false]).into_dyn(), native_only);
        every_prefix_fails_in(
            &ndarray::Array3::<bool>::from_elem((2, 0, 2), true),
            native_only,
        );
    }

    /// `bytes` with its last `n` bytes replaced by `with`.
    fn patched(bytes: &[u8], n: usize, with: &[u8]) -> Vec<u8> {
        let mut out = bytes[..bytes.len() - n].to_vec();
        out.extend_from_slice(with);
        out
    }

    fn zigzag(v: i64) -> u64 {
        ((v << 1) ^ (v >> 63)) as u64
    }

    /// Reading `data` as `T` is an `InvalidData` error whose message names
    /// `name` (and says what was wrong: `what`).
    #[track_caller]
    fn out_of_range<T: Deserialize + Debug>(fory: &Fory, data: &[u8], name: &str, what: &str) {
        let how = format!(
            "{} as {name}, xlang {}",
            to_hex(data),
            fory.config().xlang()
        );
        let e = match catch_unwind(AssertUnwindSafe(|| fory.deserialize::<T>(data))) {
            Ok(Ok(v)) => panic!("{how}: read {v:?}"),
            Ok(Err(e)) => e,
            Err(_) => panic!("{how}: panicked"),
        };
        let msg = e.to_string();
        assert!(
            msg.contains(name),
            "{how}: the error does not name {name}: {msg}"
        );
        assert!(
            msg.contains(what),
            "{how}: the error does not say {what:?}: {msg}"
        );
        assert!(
            matches!(e.kind(), ErrorKind::InvalidData | ErrorKind::TypeMismatch),
            "{how}: {e:?}"
        );
    }

    #[test]
    fn values_out_of_range_are_errors_naming_the_type() {
        for fory in [native(), xlang()] {
            let f = &fory;
            // nanoseconds of a second must be below 1e9
            let d = f.serialize(&Duration::new(1, 0)).unwrap();
            let bad = patched(&d, 4, &1_000_000_000i32.to_le_bytes());
            out_of_range::<Duration>(f, &bad, "Duration", "1000000000");
            out_of_range::<TimeDelta>(f, &bad, "TimeDelta", "1000000000");
            let bad = patched(&d, 4, &(-1i32).to_le_bytes());
            out_of_range::<Duration>(f, &bad, "Duration", "-1");
            let t = f.serialize(&UNIX_EPOCH).unwrap();
            let bad = patched(&t, 4, &1_000_000_000u32.to_le_bytes());
            out_of_range::<SystemTime>(f, &bad, "SystemTime", "1000000000");
            out_of_range::<DateTime<Utc>>(f, &bad, "DateTime", "1000000000");
            out_of_range::<NaiveDateTime>(f, &bad, "NaiveDateTime", "1000000000");
            // seconds beyond chrono's range
            let mut huge = i64::MAX.to_le_bytes().to_vec();
            huge.extend(0u32.to_le_bytes());
            let bad = patched(&t, 12, &huge);
            out_of_range::<DateTime<Utc>>(f, &bad, "DateTime", &i64::MAX.to_string());
            out_of_range::<NaiveDateTime>(f, &bad, "NaiveDateTime", &i64::MAX.to_string());
            let mut secs = leb128(zigzag(1 << 54));
            secs.extend(0i32.to_le_bytes());
            let bad = [&d[..3], &secs[..]].concat();
            out_of_range::<TimeDelta>(f, &bad, "TimeDelta", &(1u64 << 54).to_string());
            // day counts beyond chrono's range
            let day0 = f
                .serialize(&NaiveDate::from_ymd_opt(1970, 1, 1).unwrap())
                .unwrap();
            for days in [1i64 << 40, -(1 << 40), i32::MAX as i64] {
                let bad = patched(&day0, 1, &leb128(zigzag(days)));
                out_of_range::<NaiveDate>(f, &bad, "NaiveDate", &days.to_string());
            }
            // decimal scales beyond rust_decimal (unscaled 1)
            let zero = f.serialize(&Decimal::ZERO).unwrap();
            for scale in [29i64, 100, -100, i32::MAX as i64] {
                let mut data = leb128(zigzag(scale));
                data.push(0x04); // unscaled 1, small form
                let bad = patched(&zero, 2, &data);
                out_of_range::<Decimal>(f, &bad, "Decimal", &scale.abs().to_string());
            }
            // u128/i128 from a decimal they cannot hold
            let dec = f.serialize(&"1.25".parse::<Decimal>().unwrap()).unwrap();
            out_of_range::<u128>(f, &dec, "u128", "not an integer");
            out_of_range::<i128>(f, &dec, "i128", "not an integer");
            let neg = f.serialize(&-5i128).unwrap();
            out_of_range::<u128>(f, &neg, "u128", "-5");
            let big = f.serialize(&u128::MAX).unwrap();
            out_of_range::<i128>(f, &big, "i128", &u128::MAX.to_string());
            // a zero NonZero
            let z = f.serialize(&0u32).unwrap();
            out_of_range::<NonZeroU32>(f, &z, "NonZeroU32", "zero");
            let z = f.serialize(&0i64).unwrap();
            out_of_range::<NonZeroI64>(f, &z, "NonZeroI64", "zero");
            let nz = NonZeroU16::new(2).unwrap();
            let z = f.serialize(&vec![nz, nz]).unwrap();
            let bad = patched(&z, 2, &[0, 0]);
            out_of_range::<Vec<NonZeroU16>>(f, &bad, "NonZeroU16", "zero");
            // chars: not exactly one scalar
            let two = f.serialize(&"ab".to_string()).unwrap();
            out_of_range::<char>(f, &two, "char", "2 characters");
            let none = f.serialize(&String::new()).unwrap();
            out_of_range::<char>(f, &none, "char", "0 characters");
            // a bool array byte other than 0 or 1
            let b = f.serialize(&ndarray::arr1(&[true, false])).unwrap();
            let bad = patched(&b, 1, &[2]);
            out_of_range::<ndarray::Array1<bool>>(f, &bad, "bool", "0x02");
        }
        // a lone UTF-16 surrogate is no char (xlang strings may be UTF-16)
        let f = xlang();
        let a = f.serialize(&'a').unwrap();
        // header: len 2 bytes, encoding UTF-16
        let bad = patched(&a, 2, &[(2 << 2) | 1, 0x00, 0xd8]);
        out_of_range::<char>(&f, &bad, "char", "UTF-16");
        out_of_range::<String>(&f, &bad, "string", "UTF-16");
        // and invalid UTF-8 (a surrogate's encoding) in native mode
        let f = native();
        let a = f.serialize(&'a').unwrap();
        let bad = patched(&a, 2, &[(3 << 2) | 2, 0xed, 0xa0, 0x80]);
        out_of_range::<char>(&f, &bad, "char", "UTF-8");
    }
}

#[test]
fn a_streams_header_and_end_errors_name_the_problem() {
    let n = native();
    let x = xlang();
    let msg = |r: fory_core::Result<String>| r.unwrap_err().to_string();
    assert!(msg(n.deserialize(&[])).contains("empty input"));
    assert!(
        msg(n.deserialize(&hex("04 ff 15 00"))).contains("invalid header byte 0x04: reserved bits")
    );
    let native_bytes = n.serialize(&"a".to_string()).unwrap();
    let xlang_bytes = x.serialize(&"a".to_string()).unwrap();
    let e = msg(x.deserialize(&native_bytes));
    assert!(
        e.contains("written in native mode but this Fory reads xlang mode"),
        "{e}"
    );
    let e = msg(n.deserialize(&xlang_bytes));
    assert!(
        e.contains("written in xlang mode but this Fory reads native mode"),
        "{e}"
    );
    let mut rest = &xlang_bytes[..];
    let e = n
        .deserialize_from::<String>(&mut rest)
        .unwrap_err()
        .to_string();
    assert!(e.contains("written in xlang mode"), "{e}");
    assert_eq!(rest.len(), xlang_bytes.len(), "the input did not move");
    // the end: bytes or buffers left over
    let mut longer = native_bytes.clone();
    longer.extend([0, 0]);
    let e = msg(n.deserialize(&longer));
    assert!(
        e.contains("2 trailing bytes after the value, at byte 5"),
        "{e}"
    );
    let big = vec![7u8; 4096];
    let mut objs = Vec::new();
    let data = n.serialize_with_callback(&big, &mut objs).unwrap();
    let mut bufs: Vec<_> = objs.iter().map(|o| o.to_buffer()).collect();
    bufs.push(bufs[0].clone());
    let e = n
        .deserialize_with_buffers::<Vec<u8>, _>(&data, bufs)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Buffers, "{e}");
    assert!(
        e.to_string()
            .contains("2 out-of-band buffers were given but the stream used only 1"),
        "{e}"
    );
}
