//! How many times a call goes to the allocator, counted per thread: a
//! message of the size the last one had is written into one allocation
//! with no regrowth, and a read allocates what the value owns and nothing
//! else. (The byte-bound tests of hostile input are in `hostile.rs`; this
//! file counts calls.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;

use fory_core::{Deserialize, Fory, ForyObject, Serialize};

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
    static REALLOCS: Cell<usize> = const { Cell::new(0) };
}

fn bump(c: &'static std::thread::LocalKey<Cell<usize>>) {
    // `try_with`: the slot may be gone while the thread is torn down
    let _ = c.try_with(|c| c.set(c.get() + 1));
}

// SAFETY: forwards every call to the system allocator unchanged; the
// counters are only statistics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCS);
        // SAFETY: the caller's layout is passed on as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump(&REALLOCS);
        // SAFETY: as for `dealloc`, and `new_size` is the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The allocations and reallocations `f` made on this thread.
fn calls<R>(f: impl FnOnce() -> R) -> (R, usize, usize) {
    let (a, r) = (ALLOCS.with(Cell::get), REALLOCS.with(Cell::get));
    let out = f();
    (
        out,
        ALLOCS.with(Cell::get) - a,
        REALLOCS.with(Cell::get) - r,
    )
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Sample {
    a: i32,
    b: i64,
    c: f64,
    name: String,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Point {
    x: i32,
    y: i32,
    on: bool,
}

#[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
enum Status {
    Active,
    Banned,
}

/// Few bytes on the wire, but room made for the widest encodings of its
/// numbers (9 bytes for an `i64`) before they are written.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Flags {
    id: i64,
    status: Status,
    on: bool,
}

/// Sixteen small numbers: 16 bytes of data, 144 bytes of room.
#[derive(ForyObject, Debug, PartialEq, Clone, Default)]
struct Wide {
    a: u64,
    b: u64,
    c: u64,
    d: u64,
    e: i64,
    f: i64,
    g: i64,
    h: i64,
    i: u64,
    j: u64,
    k: u64,
    l: u64,
    m: i64,
    n: i64,
    o: i64,
    p: i64,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Record {
    id: u64,
    title: String,
    tags: Vec<String>,
    points: Vec<Point>,
    scores: BTreeMap<String, i64>,
}

fn sample() -> Sample {
    Sample {
        a: -123_456,
        b: 0x1234_5678_9abc,
        c: 2.5,
        name: "sample".into(),
    }
}

fn record() -> Record {
    Record {
        id: u64::MAX - 7,
        title: "a title long enough to need more than one store".into(),
        tags: vec!["x".into(), "yy".into(), "zzz".into()],
        // a `Vec` read element by element that takes under 1 KiB is
        // reserved whole (see `vec_start` in fory-core); a longer one
        // starts at four elements and grows
        points: (0..4)
            .map(|i| Point {
                x: i,
                y: -i,
                on: i % 2 == 0,
            })
            .collect(),
        scores: [("one".to_string(), 1), ("two".to_string(), -2)].into(),
    }
}

fn modes() -> Vec<(String, Fory)> {
    let mut v = Vec::new();
    for (xlang, compatible, refs) in (0..8).map(|i| (i & 4 != 0, i & 2 != 0, i & 1 != 0)) {
        {
            let mut fory = Fory::builder()
                .xlang(xlang)
                .compatible(compatible)
                .ref_tracking(refs)
                .build();
            fory.register::<Sample>(101).unwrap();
            fory.register::<Point>(102).unwrap();
            fory.register::<Record>(103).unwrap();
            fory.register::<Status>(104).unwrap();
            fory.register::<Flags>(105).unwrap();
            fory.register::<Wide>(106).unwrap();
            let name = match (xlang, compatible) {
                (false, false) => "native",
                (false, true) => "native compatible",
                (true, false) => "xlang",
                (true, true) => "xlang compatible",
            };
            let name = if refs {
                format!("{name}, ref tracking")
            } else {
                name.to_string()
            };
            v.push((name, fory));
        }
    }
    v
}

/// After a first call of the same size, `serialize` allocates its output
/// once, at a size it does not outgrow.
fn one_allocation<T: Serialize + ?Sized>(fory: &Fory, value: &T, what: &str) {
    let first = fory.serialize(value).unwrap();
    for _ in 0..3 {
        let (bytes, allocs, reallocs) = calls(|| fory.serialize(value).unwrap());
        assert_eq!(bytes, first, "{what}: the same bytes each time");
        assert_eq!(
            (allocs, reallocs),
            (1, 0),
            "{what}: allocations, reallocations"
        );
    }
}

#[test]
fn serialize_allocates_its_output_once() {
    for (mode, fory) in modes() {
        one_allocation(&fory, &true, &format!("{mode}: bool"));
        one_allocation(&fory, &7u8, &format!("{mode}: u8"));
        one_allocation(&fory, &-1_234_567_890_123i64, &format!("{mode}: i64"));
        one_allocation(&fory, &u64::MAX, &format!("{mode}: u64::MAX"));
        one_allocation(&fory, &1.5f64, &format!("{mode}: f64"));
        one_allocation(&fory, &String::new(), &format!("{mode}: empty string"));
        one_allocation(&fory, &"héllo".to_string(), &format!("{mode}: string"));
        one_allocation(&fory, &Some(3i32), &format!("{mode}: Option<i32>"));
        one_allocation(&fory, &sample(), &format!("{mode}: small struct"));
        one_allocation(&fory, &record(), &format!("{mode}: record"));
        one_allocation(
            &fory,
            &vec![sample(); 40],
            &format!("{mode}: Vec of structs"),
        );
        one_allocation(&fory, &vec![0.5f64; 100], &format!("{mode}: Vec<f64>"));
        // the room a struct makes for its numbers' widest encodings is
        // there from the start, though the message is shorter
        let flags = Flags {
            id: 12_345,
            status: Status::Banned,
            on: true,
        };
        one_allocation(&fory, &flags, &format!("{mode}: struct with an enum"));
        one_allocation(
            &fory,
            &Wide::default(),
            &format!("{mode}: 16 small numbers"),
        );
        let list = vec![flags.clone(), flags.clone(), flags];
        one_allocation(&fory, &list, &format!("{mode}: Vec of 3 such structs"));
    }
}

/// A message as long as the last, but for each length from 0 to 80: the
/// room the output keeps past its last store is there at every length.
#[test]
fn serialize_allocates_once_at_every_small_length() {
    for (mode, fory) in modes() {
        for len in 0..=80 {
            let s = "x".repeat(len);
            one_allocation(&fory, &s, &format!("{mode}: string of {len}"));
            let bytes = vec![9u8; len];
            one_allocation(&fory, &bytes, &format!("{mode}: Vec<u8> of {len}"));
        }
    }
}

/// `serialize_to` into a buffer with room allocates nothing.
#[test]
fn serialize_to_a_buffer_with_room_allocates_nothing() {
    let record = record();
    for (mode, fory) in modes() {
        let mut out = Vec::with_capacity(4096);
        fory.serialize_to(&record, &mut out).unwrap();
        let expected = out.clone();
        for _ in 0..3 {
            out.clear();
            let (_, allocs, reallocs) = calls(|| fory.serialize_to(&record, &mut out).unwrap());
            assert_eq!(out, expected, "{mode}");
            assert_eq!((allocs, reallocs), (0, 0), "{mode}");
        }
    }
}

/// A read allocates what the value owns, as many times as a `clone()` of
/// it does (its strings, vectors and map nodes), and nothing for the read
/// itself once a first read has warmed the state pool.
fn owned_allocations<T>(fory: &Fory, value: &T, what: &str)
where
    T: Serialize + Deserialize + PartialEq + Clone + std::fmt::Debug,
{
    owned_allocations_and(fory, value, 0, what)
}

/// [`owned_allocations`] with `reallocs` reallocations besides.
fn owned_allocations_and<T>(fory: &Fory, value: &T, reallocs: usize, what: &str)
where
    T: Serialize + Deserialize + PartialEq + Clone + std::fmt::Debug,
{
    let (_, owned, _) = calls(|| value.clone());
    let bytes = fory.serialize(value).unwrap();
    assert_eq!(&fory.deserialize::<T>(&bytes).unwrap(), value, "{what}");
    for _ in 0..3 {
        let (back, allocs, grown) = calls(|| fory.deserialize::<T>(&bytes).unwrap());
        assert_eq!(&back, value, "{what}");
        assert_eq!(
            (allocs, grown),
            (owned, reallocs),
            "{what}: allocations, reallocations"
        );
    }
}

#[test]
fn deserialize_allocates_only_what_the_value_owns() {
    for (mode, fory) in modes() {
        owned_allocations(&fory, &-1_234_567_890_123i64, &format!("{mode}: i64"));
        owned_allocations(&fory, &true, &format!("{mode}: bool"));
        // ASCII; Latin-1 in xlang (see below); UTF-16 in xlang; a
        // surrogate pair; UTF-8 throughout in native mode
        owned_allocations(
            &fory,
            &"hello".to_string(),
            &format!("{mode}: ASCII string"),
        );
        owned_allocations(
            &fory,
            &"日本語のテキスト".to_string(),
            &format!("{mode}: CJK string"),
        );
        owned_allocations(
            &fory,
            &"crab 🦀 ok".to_string(),
            &format!("{mode}: emoji string"),
        );
        // a non-ASCII Latin-1 string (xlang writes "héllo" as Latin-1, as
        // pyfory does) is copied as it lies, then widened in place: one
        // reallocation besides the string's allocation
        let widened = usize::from(fory.config().xlang());
        owned_allocations_and(
            &fory,
            &"héllo".to_string(),
            widened,
            &format!("{mode}: Latin-1"),
        );
        owned_allocations(&fory, &sample(), &format!("{mode}: small struct"));
        owned_allocations(&fory, &record(), &format!("{mode}: record"));
        owned_allocations(&fory, &vec![1u32, 2, 3], &format!("{mode}: Vec<u32>"));
        let strings = vec!["a".to_string(), "b".to_string()];
        owned_allocations(&fory, &strings, &format!("{mode}: Vec<String>"));
        let point = Point {
            x: 1,
            y: 2,
            on: true,
        };
        owned_allocations(&fory, &point, &format!("{mode}: struct of numbers"));
        owned_allocations(
            &fory,
            &vec![point.clone(); 4],
            &format!("{mode}: Vec<Point>"),
        );
        // a list of under 1 KiB is reserved whole: no regrowth however
        // many elements it has
        let points = vec![point; 1000 / std::mem::size_of::<Point>()];
        owned_allocations(&fory, &points, &format!("{mode}: Vec<Point> under 1 KiB"));
        let samples = vec![sample(); 1000 / std::mem::size_of::<Sample>()];
        owned_allocations(&fory, &samples, &format!("{mode}: Vec<Sample> under 1 KiB"));
        let names: Vec<String> = (0..40).map(|i| format!("name {i}")).collect();
        owned_allocations(&fory, &names, &format!("{mode}: 40 strings"));
    }
}

/// One value of a sequence read from a queue of buffers allocates what
/// the value owns and nothing for the queue, however long it is (the
/// read used to copy the whole queue, so a sequence of n values cost
/// n² clones): a `Bytes` read from a shared buffer owns nothing new, and
/// under ref tracking makes what it makes when the queue holds its buffer
/// alone.
#[test]
fn a_value_read_from_a_queue_allocates_nothing_for_the_queue() {
    use fory_core::buffers::BufferView;
    use std::collections::VecDeque;
    for (mode, fory) in modes() {
        let mut data = Vec::new();
        let mut buffers = Vec::new();
        for i in 0..10_000u32 {
            let mut objs = Vec::new();
            let value = bytes::Bytes::from(i.to_le_bytes().to_vec());
            data.extend(fory.serialize_with_callback(&value, &mut objs).unwrap());
            buffers.extend(objs.iter().map(|o| o.to_buffer()));
        }
        let value_len = data.len() / 10_000;
        // shared already (a first clone of a `Bytes` made from a vector
        // allocates its shared count): cloning a handle allocates nothing
        let handles: Vec<bytes::Bytes> = buffers.to_vec();
        let mut queue: VecDeque<BufferView<'_>> =
            buffers.iter().cloned().map(BufferView::from).collect();
        let mut rest = &data[..];
        for i in 0..10usize {
            let mut alone: VecDeque<BufferView<'_>> = queue.iter().take(1).cloned().collect();
            let mut own = &rest[..value_len];
            let ((), expected, _) = calls(|| {
                fory.deserialize_from_with_buffers::<bytes::Bytes>(&mut own, &mut alone)
                    .unwrap();
            });
            let (back, allocs, reallocs) = calls(|| {
                fory.deserialize_from_with_buffers::<bytes::Bytes>(&mut rest, &mut queue)
                    .unwrap()
            });
            assert_eq!(back, (i as u32).to_le_bytes()[..], "{mode}");
            // after the first reads have warmed the state pool
            if i > 0 {
                assert_eq!((allocs, reallocs), (expected, 0), "{mode}: value {i}");
                if !fory.config().ref_tracking() {
                    assert_eq!(allocs, 0, "{mode}: value {i}");
                }
            }
        }
        drop(handles);
    }
}
