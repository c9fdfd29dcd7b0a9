//! Small inputs that used to cost far more than their size: each class is
//! built here in code and its peak (or total) allocation measured with a
//! counting allocator. The rule they check: the memory a read allocates is
//! bounded by a constant times the input (in-band plus out-of-band), zero-
//! byte elements included.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Mutex;

use fory_core::value::Value;
use fory_core::{Fory, ForyObject};

// ----- a counting allocator -----

struct Counting;

// Per thread, so that the test harness's other threads do not count.
thread_local! {
    static CURRENT: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
    static TOTAL: Cell<usize> = const { Cell::new(0) };
}

fn grow(n: usize) {
    // `try_with`: the slots may be gone while the thread is torn down
    let _ = CURRENT.try_with(|c| {
        let now = c.get().wrapping_add(n);
        c.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
    let _ = TOTAL.try_with(|t| t.set(t.get().wrapping_add(n)));
}

fn shrink(n: usize) {
    let _ = CURRENT.try_with(|c| c.set(c.get().wrapping_sub(n)));
}

// SAFETY: forwards every call to the system allocator unchanged; the
// counters are only statistics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: the caller's layout is passed on as is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grow(new_size - layout.size());
        } else {
            shrink(layout.size() - new_size);
        }
        // SAFETY: as for `dealloc`, and `new_size` is the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// One measurement at a time (the per-thread counters would allow more;
/// this keeps peak memory of the process low too).
static SERIAL: Mutex<()> = Mutex::new(());

/// What `f` allocated on this thread: (peak above the start, total bytes
/// allocated).
fn measure<R>(f: impl FnOnce() -> R) -> (R, usize, usize) {
    let start = CURRENT.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let total = TOTAL.with(Cell::get);
    let r = f();
    let peak = PEAK.with(Cell::get).wrapping_sub(start);
    (r, peak, TOTAL.with(Cell::get).wrapping_sub(total))
}

fn lock() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

const MIB: usize = 1 << 20;

fn varuint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

// ----- 1: lists of NONE re-claiming the remaining input -----

/// `LIST` of `m` lists, each claiming as many NONE elements (zero bytes
/// each) as there are bytes left.
fn none_lists(header: u8, m: usize) -> Vec<u8> {
    let mut tail: Vec<u8> = Vec::new();
    for _ in 0..m {
        // the claim is checked after its varint: flags + elem type + tail
        let claim = 2 + tail.len() as u64;
        let mut inner = Vec::new();
        varuint(claim, &mut inner);
        inner.extend_from_slice(&[0x08, 36]); // same type, NONE
        inner.extend_from_slice(&tail);
        tail = inner;
    }
    let mut out = vec![header, 0xff, 22];
    varuint(m as u64, &mut out);
    out.extend_from_slice(&[0x08, 22]); // same type, LIST
    out.extend_from_slice(&tail);
    out
}

#[test]
fn value_lists_of_none_cannot_reclaim_the_input() {
    let _g = lock();
    for (header, fory) in [
        (0x00, Fory::builder().build()),
        (0x01, Fory::builder().xlang(true).build()),
    ] {
        let input = none_lists(header, 1000);
        let (r, peak, _) = measure(|| fory.deserialize::<Value>(&input));
        let err = r.expect_err("a hostile stream");
        assert!(err.to_string().contains("take no input bytes"), "{err}");
        assert!(
            peak < 4 * MIB,
            "{} input bytes made a {peak}-byte peak",
            input.len()
        );
    }
    // a valid list of nulls still reads
    let fory = Fory::builder().xlang(true).build();
    let nulls: Vec<Option<i32>> = vec![None; 10_000];
    let bytes = fory.serialize(&nulls).unwrap();
    assert_eq!(fory.deserialize::<Vec<Option<i32>>>(&bytes).unwrap(), nulls);
    match fory.deserialize::<Value>(&bytes).unwrap() {
        Value::List(items) => assert_eq!(items.len(), 10_000),
        other => panic!("{other:?}"),
    }
}

// ----- 2: a TypeDef with no fields makes struct elements free -----

mod shapes {
    use super::*;

    #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
    pub struct Nothing {}

    #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
    pub struct Wide {
        pub a: i64,
        pub b: i64,
        pub c: i64,
        pub d: i64,
        pub e: String,
        pub f: Vec<i64>,
    }
}

#[test]
fn zero_field_typedefs_do_not_make_elements_free() {
    let _g = lock();
    let mut w = Fory::builder().compatible(true).build();
    w.register::<shapes::Nothing>(40).unwrap();
    let mut r = Fory::builder().compatible(true).build();
    r.register::<shapes::Wide>(40).unwrap();
    // inner lists as long as the bytes left after them allow
    let m = 1500;
    let outer: Vec<Vec<shapes::Nothing>> = (0..m)
        .map(|i| vec![shapes::Nothing {}; (m - i) * 2])
        .collect();
    let input = w.serialize(&outer).unwrap();
    let (res, peak, _) = measure(|| r.deserialize::<Vec<Vec<shapes::Wide>>>(&input));
    let elements = m * (m + 1);
    assert!(
        peak < 4 * MIB,
        "{} input bytes ({elements} zero-byte elements) made a {peak}-byte peak",
        input.len()
    );
    let err = res.expect_err("more free elements than the budget");
    assert!(err.to_string().contains("take no input bytes"), "{err}");
    // a few of them are fine: evolution that drops every field still reads
    let small: Vec<Vec<shapes::Nothing>> = vec![vec![shapes::Nothing {}; 3]; 4];
    let back: Vec<Vec<shapes::Wide>> = r.deserialize(&w.serialize(&small).unwrap()).unwrap();
    assert_eq!(back, vec![vec![shapes::Wide::default(); 3]; 4]);
}

// ----- 3 and 4: long type names are not copied per value -----

mod named {
    use super::*;
    #[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
    pub enum Tag {
        A,
        B,
    }
}

fn long_name() -> String {
    "n".repeat(100_000)
}

#[test]
fn a_long_enum_name_is_shared_not_copied_per_value() {
    let _g = lock();
    for compatible in [true, false] {
        let mut fory = Fory::builder().xlang(true).compatible(compatible).build();
        fory.register_by_name::<named::Tag>("", &long_name())
            .unwrap();
        let tags = vec![named::Tag::B; 1000];
        let input = fory.serialize(&tags).unwrap();
        let (v, peak, _) = measure(|| fory.deserialize::<Value>(&input).unwrap());
        let Value::List(items) = v else {
            panic!("not a list")
        };
        assert_eq!(items.len(), 1000);
        assert!(
            matches!(&items[999], Value::Enum(e) if e.value == 1 && e.type_name.len() == 100_000)
        );
        assert!(
            peak < 2 * input.len() + MIB,
            "compatible({compatible}): {} input bytes made a {peak}-byte peak",
            input.len()
        );
    }
}

/// A list whose every element carries its own type info: the named enum
/// with its long name new in the first element and back-referenced (four
/// bytes) in every other one, as `compatible(false)` writes names.
fn back_referenced_names(m: usize) -> (Fory, Vec<u8>) {
    let mut fory = Fory::builder().xlang(true).compatible(false).build();
    fory.register_by_name::<named::Tag>("", &long_name())
        .unwrap();
    let one = fory.serialize(&named::Tag::B).unwrap();
    // one = header, NOT_NULL flag, NAMED_ENUM, namespace, name, ordinal
    assert_eq!(one[2], 26);
    let mut out = vec![one[0], 0xff, 22];
    varuint(m as u64, &mut out);
    out.push(0x00); // no flags: each element has its own type info
    out.extend_from_slice(&one[2..]);
    for _ in 1..m {
        out.extend_from_slice(&[26, 3, 5, 1]); // refs to meta strings 0, 1
    }
    (fory, out)
}

#[test]
fn back_referenced_names_are_neither_copied_nor_rehashed_per_value() {
    let _g = lock();
    let (fory, input) = back_referenced_names(2000);
    // typed: the same registration resolved once per stream
    let (tags, _, total) = measure(|| fory.deserialize::<Vec<named::Tag>>(&input).unwrap());
    assert_eq!(tags, vec![named::Tag::B; 2000]);
    assert!(
        total < 4 * input.len() + MIB,
        "{} input bytes made {total} bytes of allocations",
        input.len()
    );
    // dynamic: one label shared by every value
    let (v, peak, total) = measure(|| fory.deserialize::<Value>(&input).unwrap());
    assert!(matches!(&v, Value::List(items) if items.len() == 2000));
    assert!(
        peak < 4 * input.len() + MIB && total < 4 * input.len() + MIB,
        "{} input bytes made a {peak}-byte peak, {total} bytes in all",
        input.len()
    );
}

// ----- 5: field names are shared by every struct value -----

#[test]
fn value_structs_share_their_field_names() {
    let _g = lock();
    mod many {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug, Clone)]
        pub struct Flags {
            pub a_field_with_a_rather_long_name_that_goes_on_and_on_0: bool,
            pub a_field_with_a_rather_long_name_that_goes_on_and_on_1: bool,
            pub a_field_with_a_rather_long_name_that_goes_on_and_on_2: bool,
            pub a_field_with_a_rather_long_name_that_goes_on_and_on_3: bool,
            pub a_field_with_a_rather_long_name_that_goes_on_and_on_4: bool,
            pub a_field_with_a_rather_long_name_that_goes_on_and_on_5: bool,
            pub a_field_with_a_rather_long_name_that_goes_on_and_on_6: bool,
            pub a_field_with_a_rather_long_name_that_goes_on_and_on_7: bool,
        }
    }
    let mut fory = Fory::builder().xlang(true).compatible(true).build();
    fory.register::<many::Flags>(41).unwrap();
    let one = many::Flags {
        a_field_with_a_rather_long_name_that_goes_on_and_on_0: true,
        a_field_with_a_rather_long_name_that_goes_on_and_on_1: false,
        a_field_with_a_rather_long_name_that_goes_on_and_on_2: true,
        a_field_with_a_rather_long_name_that_goes_on_and_on_3: false,
        a_field_with_a_rather_long_name_that_goes_on_and_on_4: true,
        a_field_with_a_rather_long_name_that_goes_on_and_on_5: false,
        a_field_with_a_rather_long_name_that_goes_on_and_on_6: true,
        a_field_with_a_rather_long_name_that_goes_on_and_on_7: false,
    };
    let input = fory.serialize(&vec![one; 5000]).unwrap();
    let (v, _, total) = measure(|| fory.deserialize::<Value>(&input).unwrap());
    let Value::List(items) = &v else {
        panic!("not a list")
    };
    let Value::Struct(first) = &items[0] else {
        panic!("not a struct")
    };
    let Value::Struct(last) = &items[4999] else {
        panic!("not a struct")
    };
    // the same name, not an equal copy
    assert!(std::sync::Arc::ptr_eq(
        &first.fields[0].0,
        &last.fields[0].0
    ));
    assert_eq!(
        last.get("a_field_with_a_rather_long_name_that_goes_on_and_on_2"),
        Some(&Value::Bool(true))
    );
    // the struct slots themselves, not 8 names of ~50 bytes per value
    let per_value = total / 5000;
    assert!(
        per_value < 8 * (std::mem::size_of::<(std::sync::Arc<str>, Value)>() + 16),
        "{per_value} bytes allocated per struct value"
    );
}

// ----- 6: unknown fields are planned once, not re-matched per value -----

#[test]
fn unknown_fields_cost_nothing_per_value_beyond_their_data() {
    let _g = lock();
    mod old {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug, Clone)]
        pub struct Person {
            pub name: String,
            pub age: i32,
            pub nickname_one: i32,
            pub nickname_two: i32,
            pub nickname_three: i32,
        }
    }
    mod new {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug, Clone, PartialEq)]
        pub struct Person {
            pub name: String,
            pub age: i32,
        }
    }
    let mut w = Fory::builder().compatible(true).build();
    w.register::<old::Person>(42).unwrap();
    let mut r = Fory::builder().compatible(true).build();
    r.register::<new::Person>(42).unwrap();
    let people = |n: usize| -> Vec<old::Person> {
        (0..n)
            .map(|i| old::Person {
                name: "p".into(),
                age: i as i32,
                nickname_one: 1,
                nickname_two: 2,
                nickname_three: 3,
            })
            .collect()
    };
    let small = w.serialize(&people(100)).unwrap();
    let large = w.serialize(&people(2100)).unwrap();
    let (a, _, small_total) = measure(|| r.deserialize::<Vec<new::Person>>(&small).unwrap());
    let (b, _, large_total) = measure(|| r.deserialize::<Vec<new::Person>>(&large).unwrap());
    assert_eq!((a.len(), b.len()), (100, 2100));
    // per extra value: the Person slot and its one-byte name, nothing for
    // matching the three unknown fields
    let per_value = (large_total - small_total) / 2000;
    assert!(
        per_value <= std::mem::size_of::<new::Person>() * 2 + 16,
        "{per_value} bytes allocated per value"
    );
}

// ----- 7: an n-d array shape that ndarray cannot hold -----

#[test]
fn an_overflowing_nd_shape_with_a_zero_axis_is_an_error() {
    let _g = lock();
    use fory_core::serializer::ndarray::SharedNdArray;
    let input = [
        0x00, 0xff, 0x64, 0x38, 0x00, 0x03, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x40, 0x04, 0x00,
    ];
    let fory = Fory::builder().build();
    let err = fory
        .deserialize::<SharedNdArray<f64>>(&input)
        .expect_err("shape [0, 2^62, 4]");
    assert!(err.to_string().contains("too large"), "{err}");
    assert!(fory.deserialize::<ndarray::ArrayD<f64>>(&input).is_err());
    // and through the constructor
    let empty = fory_core::buffers::shared_array::SharedArray::<f64>::from(Vec::new());
    assert!(SharedNdArray::new(empty.clone(), vec![0, 1 << 62, 4]).is_err());
    let ok = SharedNdArray::new(empty, vec![0, 3]).unwrap();
    assert_eq!(ok.view().shape(), &[0, 3]);
}

// ----- 8: frames allocate with the bytes that arrive -----

#[test]
fn frame_headers_cannot_reserve_memory_before_the_data() {
    let _g = lock();
    use fory_core::buffers::frame::Frame;
    let fory = Fory::builder().build();
    let mut frame = Vec::new();
    fory.write_message(&vec![7u8; 100], &mut frame).unwrap();
    // a header claiming 2^20 buffers, then nothing
    let mut many = frame[..32].to_vec();
    many[16..20].copy_from_slice(&(1u32 << 20).to_le_bytes());
    let (r, peak, _) = measure(|| Frame::read_from(&mut &many[..]));
    assert!(r.is_err());
    assert!(peak < 256 << 10, "a 32-byte header made a {peak}-byte peak");
    // a header claiming a 1 GiB stream and no buffers, then 32 bytes
    let mut huge = frame[..32].to_vec();
    huge[16..20].copy_from_slice(&0u32.to_le_bytes());
    huge[24..32].copy_from_slice(&(1u64 << 30).to_le_bytes());
    huge.extend_from_slice(&[0u8; 32]);
    let (r, peak, _) = measure(|| Frame::read_from(&mut &huge[..]));
    let err = r.expect_err("truncated");
    assert!(err.to_string().contains("truncated"), "{err}");
    assert!(peak < 256 << 10, "a 64-byte input made a {peak}-byte peak");
    // a real frame, larger than the first read size, still reads whole
    let big: Vec<u8> = (0..300_000u32).map(|i| i as u8).collect();
    let mut frame = Vec::new();
    fory.write_message(&big, &mut frame).unwrap();
    let back: Vec<u8> = fory.read_message(&mut &frame[..]).unwrap();
    assert_eq!(back, big);
}

/// The same for the async reader (feature `tokio`), on a current-thread
/// runtime so that its allocations are on this thread.
#[test]
fn async_frame_headers_cannot_reserve_memory_before_the_data() {
    let _g = lock();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let fory = Fory::builder().build();
    let mut frame = Vec::new();
    fory.write_message(&vec![7u8; 100], &mut frame).unwrap();
    // 2^20 buffers, then 100 bytes of the table
    let mut many = frame[..32].to_vec();
    many[16..20].copy_from_slice(&(1u32 << 20).to_le_bytes());
    many.extend_from_slice(&[0u8; 100]);
    let (r, peak, _) =
        measure(|| rt.block_on(fory.read_message_async::<Vec<u8>, _>(&mut &many[..])));
    let err = r.expect_err("truncated");
    assert!(err.to_string().contains("buffer table"), "{err}");
    assert!(peak < 256 << 10, "a 132-byte input made a {peak}-byte peak");
    // a 1 GiB stream, then 1 KiB
    let mut huge = frame[..32].to_vec();
    huge[16..20].copy_from_slice(&0u32.to_le_bytes());
    huge[24..32].copy_from_slice(&(1u64 << 30).to_le_bytes());
    huge.extend_from_slice(&[0u8; 1056]);
    let (r, peak, _) =
        measure(|| rt.block_on(fory.read_message_async::<Vec<u8>, _>(&mut &huge[..])));
    let err = r.expect_err("truncated");
    assert!(err.to_string().contains("truncated"), "{err}");
    assert!(
        peak < 256 << 10,
        "a 1088-byte input made a {peak}-byte peak"
    );
}

// ----- 9: a rejected read leaks no reference cycle -----

mod graph {
    use super::*;
    #[derive(ForyObject, Debug, Default)]
    pub struct Node {
        pub id: i32,
        pub next: Option<Rc<RefCell<Node>>>,
    }
}

#[test]
fn a_rejected_cyclic_read_frees_its_cycle() {
    let _g = lock();
    let mut fory = Fory::builder().ref_tracking(true).build();
    fory.register::<graph::Node>(43).unwrap();
    let node = Rc::new(RefCell::new(graph::Node { id: 1, next: None }));
    node.borrow_mut().next = Some(node.clone());
    let mut bytes = fory.serialize(&node).unwrap();
    node.borrow_mut().next = None; // break the test's own cycle
    let back: Rc<RefCell<graph::Node>> = fory.deserialize(&bytes).unwrap();
    assert!(Rc::ptr_eq(back.borrow().next.as_ref().unwrap(), &back));
    back.borrow_mut().next = None;
    bytes.push(0); // one trailing byte: rejected after the cycle was built
    let (r, _, _) = measure(|| fory.deserialize::<Rc<RefCell<graph::Node>>>(&bytes));
    // nothing the reads allocated is still live: a leaked cycle would be
    // 40 KB after 1,000 reads
    let before = CURRENT.with(Cell::get);
    for _ in 0..1000 {
        let r = fory.deserialize::<Rc<RefCell<graph::Node>>>(&bytes);
        assert!(r.is_err());
    }
    let after = CURRENT.with(Cell::get);
    assert!(r.unwrap_err().to_string().contains("trailing"));
    assert!(
        after <= before,
        "1,000 rejected reads left {} bytes allocated",
        after.saturating_sub(before)
    );
}

// ----- Value back-references must point backwards -----

#[test]
fn value_references_must_point_at_an_earlier_value() {
    let _g = lock();
    let fory = Fory::builder().xlang(true).ref_tracking(true).build();
    // `01 fe 05`: a REF flag to id 5 with nothing before it
    let err = fory.deserialize::<Value>(&[0x01, 0xfe, 0x05]).unwrap_err();
    assert!(err.to_string().contains("ref id 5"), "{err}");
    // a real back-reference still reads
    let shared = Rc::new(vec![1i64, 2]);
    let bytes = fory.serialize(&vec![shared.clone(), shared]).unwrap();
    let v = fory.deserialize::<Value>(&bytes).unwrap();
    let Value::List(items) = v else {
        panic!("not a list")
    };
    assert!(matches!(items[1], Value::Ref(_)), "{:?}", items[1]);
}

// ----- limits set on the builder -----

fn limit_err<T: fory_core::Deserialize + std::fmt::Debug>(
    reader: &Fory,
    bytes: &[u8],
    limit: &str,
) {
    let err = reader.deserialize::<T>(bytes).unwrap_err();
    assert_eq!(err.kind(), fory_core::ErrorKind::Limit, "{err}");
    assert!(err.to_string().contains(limit), "{err}");
}

#[test]
fn collection_limits_apply_to_every_container_and_array() {
    use std::collections::{BTreeSet, HashMap};
    for xlang in [false, true] {
        let w = Fory::builder().xlang(xlang).build();
        let r = Fory::builder().xlang(xlang).max_collection_len(10).build();
        let at = |n: usize| -> Vec<String> { (0..n).map(|i| i.to_string()).collect() };
        // at the limit: fine; one past: an error naming the limit
        assert_eq!(
            r.deserialize::<Vec<String>>(&w.serialize(&at(10)).unwrap())
                .unwrap()
                .len(),
            10
        );
        limit_err::<Vec<String>>(&r, &w.serialize(&at(11)).unwrap(), "max_collection_len");
        let map: HashMap<i32, i32> = (0..11).map(|i| (i, i)).collect();
        limit_err::<HashMap<i32, i32>>(&r, &w.serialize(&map).unwrap(), "max_collection_len");
        let set: BTreeSet<i32> = (0..11).collect();
        limit_err::<BTreeSet<i32>>(&r, &w.serialize(&set).unwrap(), "max_collection_len");
        limit_err::<Vec<i64>>(
            &r,
            &w.serialize(&vec![1i64; 11]).unwrap(),
            "max_collection_len",
        );
        limit_err::<Value>(&r, &w.serialize(&at(11)).unwrap(), "max_collection_len");
    }
    let w = Fory::builder().build();
    let r = Fory::builder().max_collection_len(10).build();
    let a = ndarray::Array2::<f32>::zeros((3, 4));
    limit_err::<ndarray::Array2<f32>>(&r, &w.serialize(&a).unwrap(), "max_collection_len");
}

#[test]
fn binary_limits_apply_in_band_and_out_of_band() {
    let w = Fory::builder().build();
    let r = Fory::builder().max_binary_size(100).build();
    limit_err::<String>(
        &r,
        &w.serialize(&"x".repeat(101)).unwrap(),
        "max_binary_size",
    );
    assert_eq!(
        r.deserialize::<String>(&w.serialize(&"x".repeat(100)).unwrap())
            .unwrap()
            .len(),
        100
    );
    let blob = bytes::Bytes::from(vec![1u8; 101]);
    limit_err::<bytes::Bytes>(&r, &w.serialize(&blob).unwrap(), "max_binary_size");
    // out-of-band: refused before it is wrapped, and the caller's buffer is
    // untouched
    let mut objs = Vec::new();
    let data = w.serialize_with_callback(&blob, &mut objs).unwrap();
    let buffers: Vec<bytes::Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
    let err = r
        .deserialize_with_buffers::<bytes::Bytes, _>(&data, buffers.clone())
        .unwrap_err();
    assert_eq!(err.kind(), fory_core::ErrorKind::Limit, "{err}");
    assert!(err.to_string().contains("out-of-band buffer #1"), "{err}");
    assert_eq!(buffers[0].len(), 101);
    let open = Fory::builder().build();
    assert_eq!(
        open.deserialize_with_buffers::<bytes::Bytes, _>(&data, buffers)
            .unwrap(),
        blob
    );
}

#[test]
fn type_meta_limits_bound_typedefs_and_names_per_stream() {
    mod three {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
        pub struct A {
            pub x: i32,
        }
        #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
        pub struct B {
            pub a: A,
        }
        #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
        pub struct C {
            pub b: B,
        }
    }
    fn fory(compatible: bool, max: usize) -> Fory {
        let mut f = Fory::builder()
            .compatible(compatible)
            .max_type_metas(max)
            .build();
        f.register_by_name::<three::A>("t", "A").unwrap();
        f.register_by_name::<three::B>("t", "B").unwrap();
        f.register_by_name::<three::C>("t", "C").unwrap();
        f
    }
    let value = three::C::default();
    // compatible: three TypeDefs
    let bytes = fory(true, 100).serialize(&value).unwrap();
    assert_eq!(
        fory(true, 3).deserialize::<three::C>(&bytes).unwrap(),
        value
    );
    limit_err::<three::C>(&fory(true, 2), &bytes, "max_type_metas");
    // schema-consistent, by name: meta strings (the namespace once, three
    // names)
    let bytes = fory(false, 100).serialize(&value).unwrap();
    assert_eq!(
        fory(false, 4).deserialize::<three::C>(&bytes).unwrap(),
        value
    );
    limit_err::<three::C>(&fory(false, 1), &bytes, "max_type_metas");
}

// ----- every read frees what it made for itself -----

mod leftovers {
    use super::*;
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Reading {
        pub sensor: String,
        pub values: Vec<f64>,
    }
}

/// Runs `read` 200 times after a first run (which may fill the `Fory`'s
/// pooled tables and caches) and checks that the bytes live on this thread
/// did not grow: the reads' own state (reference slots, out-of-band
/// buffer views, meta strings, cycle breakers, the dynamic type) is freed
/// after success and after failure alike.
fn leaves_nothing<R>(what: &str, mut read: impl FnMut() -> R) {
    drop(read());
    let before = CURRENT.with(Cell::get);
    for _ in 0..200 {
        drop(read());
    }
    let after = CURRENT.with(Cell::get);
    assert!(
        after <= before,
        "{what}: 200 reads left {} bytes allocated",
        after.saturating_sub(before)
    );
}

#[test]
fn reads_leave_nothing_behind_in_success_or_failure() {
    let _g = lock();
    // out-of-band buffers, whole stream and one value of a sequence
    let fory = Fory::builder().build();
    let big = vec![1.5f64; 4096];
    let mut objs = Vec::new();
    let data = fory.serialize_with_callback(&big, &mut objs).unwrap();
    let buffers: Vec<bytes::Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
    leaves_nothing("with buffers", || {
        fory.deserialize_with_buffers::<Vec<f64>, _>(&data, buffers.clone())
            .unwrap()
    });
    leaves_nothing("with a buffer too many", || {
        let mut more = buffers.clone();
        more.push(bytes::Bytes::from_static(b"surplus"));
        fory.deserialize_with_buffers::<Vec<f64>, _>(&data, more)
            .unwrap_err()
    });
    leaves_nothing("from a queue of buffers", || {
        let mut queue: std::collections::VecDeque<fory_core::buffers::BufferView<'_>> =
            buffers.iter().map(Into::into).collect();
        let mut rest = &data[..];
        fory.deserialize_from_with_buffers::<Vec<f64>>(&mut rest, &mut queue)
            .unwrap()
    });
    // a named compatible struct read as a dynamic Value (meta strings,
    // TypeDefs), whole and cut short
    let mut named = Fory::builder().xlang(true).build();
    named
        .register_by_name::<leftovers::Reading>("lab", "Reading")
        .unwrap();
    let reading = leftovers::Reading {
        sensor: "t1".into(),
        values: vec![20.5, 21.0],
    };
    let bytes = named.serialize(&vec![reading.clone(), reading]).unwrap();
    leaves_nothing("a Value", || named.deserialize::<Value>(&bytes).unwrap());
    for cut in [bytes.len() / 2, bytes.len() - 1] {
        leaves_nothing("a Value cut short", || {
            named.deserialize::<Value>(&bytes[..cut]).unwrap_err()
        });
    }
    // a type named in schema-consistent mode: its names are meta strings
    let mut tags = Fory::builder().xlang(true).compatible(false).build();
    tags.register_by_name::<named::Tag>("lab", "Tag").unwrap();
    let bytes = tags.serialize(&vec![named::Tag::A, named::Tag::B]).unwrap();
    leaves_nothing("named enums", || {
        tags.deserialize::<Vec<named::Tag>>(&bytes).unwrap()
    });
    leaves_nothing("named enums cut short", || {
        tags.deserialize::<Vec<named::Tag>>(&bytes[..bytes.len() - 1])
            .unwrap_err()
    });
    // shared references: a cycle read back (and freed by the test), and
    // one rejected after it was built
    let mut refs = Fory::builder().ref_tracking(true).build();
    refs.register::<graph::Node>(43).unwrap();
    let node = Rc::new(RefCell::new(graph::Node { id: 1, next: None }));
    node.borrow_mut().next = Some(node.clone());
    let mut cyclic = refs.serialize(&node).unwrap();
    node.borrow_mut().next = None;
    leaves_nothing("a cycle", || {
        let back = refs
            .deserialize::<Rc<RefCell<graph::Node>>>(&cyclic)
            .unwrap();
        back.borrow_mut().next = None;
    });
    cyclic.push(0);
    leaves_nothing("a rejected cycle", || {
        refs.deserialize::<Rc<RefCell<graph::Node>>>(&cyclic)
            .unwrap_err()
    });
}

// ----- ref-tracked lists claiming more elements than the input holds -----

/// A ref-tracked list makes room in the reference table for its elements
/// before reading them, bounded by the bytes left (each element has a flag
/// byte): a list of structs (whose elements may take no bytes, so its
/// claimed length is not checked against the input) claiming 2^32 - 1
/// elements is an error after allocating a few KiB.
#[test]
fn ref_tracked_lists_reserve_no_more_than_the_input_holds() {
    #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
    struct Unit {}
    let _guard = lock();
    for compatible in [false, true] {
        let mut f = Fory::builder()
            .xlang(true)
            .compatible(compatible)
            .ref_tracking(true)
            .build();
        f.register::<Unit>(7).unwrap();
        let value = vec![Unit {}];
        let bytes = f.serialize(&value).unwrap();
        assert_eq!(f.deserialize::<Vec<Unit>>(&bytes).unwrap(), value);
        // header, ref flag, LIST, then the length 1: made 2^32 - 1
        assert_eq!(bytes[2..4], [22, 1], "{bytes:?}");
        let mut hostile = bytes[..3].to_vec();
        varuint(u32::MAX as u64, &mut hostile);
        hostile.extend_from_slice(&bytes[4..]);
        let (r, peak, _) = measure(|| f.deserialize::<Vec<Unit>>(&hostile));
        assert!(r.is_err(), "{hostile:?}");
        assert!(
            peak < 16 * 1024,
            "peak {peak} bytes for {} input bytes",
            hostile.len()
        );
    }
}

// ----- large elements of few bytes: nulls and unit variants -----

/// A union whose unit variant is a byte or two on the wire and 2 KiB in
/// memory, and its twin of the same wire form and small memory.
// large on purpose: the unit variant is what the test reads
#[allow(clippy::large_enum_variant)]
#[derive(ForyObject, Debug, Clone, PartialEq)]
enum Msg {
    Ping,
    Block([u8; 2048]),
}

#[derive(ForyObject, Debug, Clone, PartialEq)]
enum SmallMsg {
    Ping,
    Block(Vec<u8>),
}

/// Four large optional fields, all `None`: 2 KiB from a few bytes.
#[derive(ForyObject, Debug, Clone, PartialEq)]
struct Sparse {
    a: Option<[u64; 64]>,
    b: Option<[u64; 64]>,
    c: Option<[u64; 64]>,
    d: Option<[u64; 64]>,
}

#[derive(ForyObject, Debug, Clone, PartialEq, Default)]
struct SmallSparse {
    a: Option<Vec<u64>>,
    b: Option<Vec<u64>>,
    c: Option<Vec<u64>>,
    d: Option<Vec<u64>>,
}

fn budget_error(what: &str, e: fory_core::Error) {
    assert!(
        e.to_string().contains("large elements"),
        "{what}: expected the budget error, got {e}"
    );
}

/// A null is one byte, a unit variant two, and each may stand for
/// kilobytes of memory: such elements are charged what they take beyond
/// 16 bytes per byte read plus 512 to the read's budget, so a short stream
/// of them is an error, not gigabytes. Collections of small elements, and
/// a few large nulls, are not affected.
#[test]
fn nulls_and_unit_variants_of_large_types_are_charged_their_size() {
    let _g = lock();
    const N: usize = 20_000;
    for xlang in [false, true] {
        let mut f = Fory::builder().xlang(xlang).build();
        let mut small = Fory::builder().xlang(xlang).build();
        f.register::<Msg>(40).unwrap();
        f.register::<Sparse>(41).unwrap();
        small.register::<SmallMsg>(40).unwrap();
        small.register::<SmallSparse>(41).unwrap();
        // the bytes of large elements' nulls, written from small twins
        let nulls = small.serialize(&vec![None::<Vec<u8>>; N]).unwrap();
        let (r, peak, _) = measure(|| f.deserialize::<Vec<Option<[u8; 4096]>>>(&nulls));
        budget_error("Vec<Option<[u8; 4096]>>", r.unwrap_err());
        assert!(
            peak < 32 * MIB,
            "peak {peak} for {} input bytes",
            nulls.len()
        );
        let map: std::collections::HashMap<u16, Option<Vec<u8>>> =
            (0..N as u16).map(|k| (k, None)).collect();
        let bytes = small.serialize(&map).unwrap();
        let (r, peak, _) =
            measure(|| f.deserialize::<std::collections::HashMap<u16, Option<[u8; 4096]>>>(&bytes));
        budget_error("HashMap<u16, Option<[u8; 4096]>>", r.unwrap_err());
        assert!(peak < 32 * MIB, "peak {peak}");
        let (r, peak, _) = measure(|| {
            f.deserialize::<fory_core::indexmap::IndexMap<u16, Option<[u8; 4096]>>>(&bytes)
        });
        budget_error("IndexMap<u16, Option<[u8; 4096]>>", r.unwrap_err());
        assert!(peak < 32 * MIB, "peak {peak}");
        let bytes = small.serialize(&vec![SmallMsg::Ping; N]).unwrap();
        let (r, peak, _) = measure(|| f.deserialize::<Vec<Msg>>(&bytes));
        budget_error("Vec<Msg> of unit variants", r.unwrap_err());
        assert!(peak < 32 * MIB, "peak {peak}");
        let bytes = small.serialize(&vec![SmallSparse::default(); N]).unwrap();
        let (r, peak, _) = measure(|| f.deserialize::<Vec<Sparse>>(&bytes));
        budget_error("Vec<Sparse>", r.unwrap_err());
        assert!(peak < 32 * MIB, "peak {peak}");
        let tuples = small.serialize(&vec![(None::<Vec<u8>>,); N]).unwrap();
        let r = f.deserialize::<Vec<(Option<[u8; 4096]>,)>>(&tuples);
        budget_error("Vec<(Option<[u8; 4096]>,)>", r.unwrap_err());

        // not affected: small elements, and a few large ones
        let back: Vec<Option<[u8; 64]>> = f.deserialize(&nulls).unwrap();
        assert_eq!(back.len(), N);
        let few = small.serialize(&vec![None::<Vec<u8>>; 100]).unwrap();
        let back: Vec<Option<[u8; 4096]>> = f.deserialize(&few).unwrap();
        assert_eq!(back.len(), 100);
        let full = vec![Some([7u8; 4096]); 50];
        assert_eq!(
            f.deserialize::<Vec<Option<[u8; 4096]>>>(&f.serialize(&full).unwrap())
                .unwrap(),
            full
        );
    }
}

// ----- maps and sets claiming more entries than they hold -----

/// A map or set whose length is within the input (one byte an entry) but
/// whose first entry is bad: the capacity made from the claim is bounded
/// (256 KiB of entries), not the claim times a kilobyte. `HashMap` and
/// `HashSet` as the reference, and indexmap's twins.
#[test]
fn maps_and_sets_reserve_a_bounded_capacity_from_a_claimed_length() {
    use fory_core::indexmap::{IndexMap, IndexSet};
    use std::collections::{HashMap, HashSet};
    let _g = lock();
    const CLAIM: u64 = 1_000_000;
    let f = Fory::builder().xlang(true).build();
    // MAP: the claim, then an invalid chunk header, then padding
    let mut map = vec![0x01, 0xff, 24];
    varuint(CLAIM, &mut map);
    map.push(0xc0);
    map.resize(map.len() + CLAIM as usize, 0);
    // SET: the claim, elements each with their own type info (flags 0),
    // the first an unknown type id, then padding
    let mut set = vec![0x01, 0xff, 23];
    varuint(CLAIM, &mut set);
    set.extend_from_slice(&[0x00, 0xee]);
    set.resize(set.len() + CLAIM as usize, 0);
    let limit = 2 * MIB;
    let (r, peak, _) = measure(|| f.deserialize::<HashMap<u64, [u8; 1024]>>(&map));
    assert!(r.unwrap_err().to_string().contains("map chunk header"));
    assert!(peak < limit, "HashMap: peak {peak}");
    let (r, peak, _) = measure(|| f.deserialize::<IndexMap<u64, [u8; 1024]>>(&map));
    assert!(r.unwrap_err().to_string().contains("map chunk header"));
    assert!(peak < limit, "IndexMap: peak {peak}");
    let (r, peak, _) = measure(|| f.deserialize::<HashSet<[u8; 1024]>>(&set));
    assert!(r.is_err());
    assert!(peak < limit, "HashSet: peak {peak}");
    let (r, peak, _) = measure(|| f.deserialize::<IndexSet<[u8; 1024]>>(&set));
    assert!(r.is_err());
    assert!(peak < limit, "IndexSet: peak {peak}");
}

#[derive(ForyObject, Debug)]
struct Link {
    v: u32,
    next: Option<std::sync::Arc<Link>>,
}

/// A chain of `Arc`s in which each link's `next` is a back-reference to
/// the one before: the read never nests, but the value is as deep as the
/// stream is long. A read of such a stream that fails frees the partial
/// chain one link at a time (the ref table is emptied last slot first),
/// where it used to free it in one recursive drop and overflow the stack.
#[test]
fn a_failed_read_of_a_long_arc_chain_does_not_overflow_the_stack() {
    const N: u32 = 200_000;
    let run = || {
        for xlang in [false, true] {
            let mut f = Fory::builder().xlang(xlang).ref_tracking(true).build();
            f.register::<Link>(42).unwrap();
            let mut chain: Vec<std::sync::Arc<Link>> = Vec::with_capacity(N as usize);
            for v in 0..N {
                let next = chain.last().cloned();
                chain.push(std::sync::Arc::new(Link { v, next }));
            }
            let mut bytes = f.serialize(&chain).unwrap();
            // freed from the last link down: each drop is one level deep
            while chain.pop().is_some() {}
            bytes.push(0);
            let e = f
                .deserialize::<Vec<std::sync::Arc<Link>>>(&bytes)
                .unwrap_err();
            assert!(e.to_string().contains("trailing"), "{e}");
            // and cut short in the middle of the chain
            let e = f
                .deserialize::<Vec<std::sync::Arc<Link>>>(&bytes[..bytes.len() / 2])
                .unwrap_err();
            assert!(!e.to_string().is_empty());
        }
    };
    // a thread of 2 MiB, the usual for spawned threads and tokio workers
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

/// A wide struct (60 fields) nested to the default `max_depth`
/// (`Option<Box<Self>>`, 99 levels): each level's read frame holds a slot
/// per field (about 44 KB a level in a debug build), so depth alone let
/// such a stream overflow a 2 MiB thread's stack, an abort. The read stops
/// at its stack budget (`max_read_stack`) with an error instead; a
/// shallow chain reads on the same stack, and a deep one with the budget
/// raised on a thread that has the stack.
#[derive(fory_core::ForyObject, Debug, Default)]
struct Wide {
    f0: i32,
    f1: String,
    f2: Option<i64>,
    f3: Vec<u8>,
    f4: f64,
    f5: bool,
    f6: u8,
    f7: Option<String>,
    f8: i32,
    f9: String,
    f10: Option<i64>,
    f11: Vec<u8>,
    f12: f64,
    f13: bool,
    f14: u8,
    f15: Option<String>,
    f16: i32,
    f17: String,
    f18: Option<i64>,
    f19: Vec<u8>,
    f20: f64,
    f21: bool,
    f22: u8,
    f23: Option<String>,
    f24: i32,
    f25: String,
    f26: Option<i64>,
    f27: Vec<u8>,
    f28: f64,
    f29: bool,
    f30: u8,
    f31: Option<String>,
    f32: i32,
    f33: String,
    f34: Option<i64>,
    f35: Vec<u8>,
    f36: f64,
    f37: bool,
    f38: u8,
    f39: Option<String>,
    f40: i32,
    f41: String,
    f42: Option<i64>,
    f43: Vec<u8>,
    f44: f64,
    f45: bool,
    f46: u8,
    f47: Option<String>,
    f48: i32,
    f49: String,
    f50: Option<i64>,
    f51: Vec<u8>,
    f52: f64,
    f53: bool,
    f54: u8,
    f55: Option<String>,
    f56: i32,
    f57: String,
    f58: Option<i64>,
    f59: Vec<u8>,
    next: Option<Box<Wide>>,
}

fn wide_chain(levels: usize) -> Wide {
    let mut w = Wide::default();
    for _ in 0..levels {
        w = Wide {
            next: Some(Box::new(w)),
            ..Default::default()
        };
    }
    w
}

#[test]
fn wide_structs_nested_deep_stop_at_the_stack_budget() {
    let on_stack = |stack: usize, f: Box<dyn FnOnce() + Send>| {
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap()
    };
    on_stack(
        2 << 20,
        Box::new(|| {
            let mut f = Fory::builder().build();
            f.register::<Wide>(1).unwrap();
            let deep = f.serialize(&wide_chain(99)).unwrap();
            let e = f.deserialize::<Wide>(&deep).unwrap_err();
            assert_eq!(e.kind(), fory_core::ErrorKind::DepthLimit, "{e}");
            assert!(e.to_string().contains("max_read_stack"), "{e}");
            let shallow = f.serialize(&wide_chain(5)).unwrap();
            assert!(f.deserialize::<Wide>(&shallow).is_ok());
        }),
    );
    on_stack(
        64 << 20,
        Box::new(|| {
            let mut f = Fory::builder().max_read_stack(32 << 20).build();
            f.register::<Wide>(1).unwrap();
            let deep = f.serialize(&wide_chain(99)).unwrap();
            let mut levels = 0;
            let mut w = f.deserialize::<Wide>(&deep).unwrap();
            while let Some(next) = w.next.take() {
                levels += 1;
                w = *next;
            }
            assert_eq!(levels, 99);
        }),
    );
}
