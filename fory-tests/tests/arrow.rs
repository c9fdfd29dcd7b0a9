//! Arrow record batches and arrays (feature `arrow`): every column kind
//! with nulls, sliced columns, zero-copy both ways, bad input.

use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, BinaryArray, BooleanArray, Float64Array, Int32Array, Int64Array,
    LargeStringArray, RecordBatch, StringArray, UInt8Array,
};
use arrow_schema::{DataType, Field, IntervalUnit, Schema};
use bytes::Bytes;
use fory_core::buffers::BufferKind;
use fory_core::serializer::arrow::ArrowArray;
use fory_core::{ErrorKind, Fory};

fn batch() -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("score", DataType::Float64, true),
        Field::new("ok", DataType::Boolean, true),
        Field::new("name", DataType::Utf8, true),
        Field::new("blob", DataType::Binary, true),
        Field::new("small", DataType::Int32, true),
        Field::new("bytes", DataType::UInt8, false),
        Field::new("long_text", DataType::LargeUtf8, true),
    ]));
    let n = 1000;
    let cols: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from_iter_values(0..n)),
        Arc::new(Float64Array::from_iter(
            (0..n).map(|i| (i % 7 != 0).then_some(i as f64 * 0.5)),
        )),
        Arc::new(BooleanArray::from_iter(
            (0..n).map(|i| (i % 5 != 0).then_some(i % 2 == 0)),
        )),
        Arc::new(StringArray::from_iter(
            (0..n).map(|i| (i % 3 != 0).then(|| format!("row-{i}"))),
        )),
        Arc::new(BinaryArray::from_iter(
            (0..n).map(|i| (i % 4 != 0).then(|| vec![i as u8; (i % 9) as usize])),
        )),
        Arc::new(Int32Array::from_iter(
            (0..n).map(|i| (i % 11 != 0).then_some(i as i32 * -3)),
        )),
        Arc::new(UInt8Array::from_iter_values((0..n).map(|i| i as u8))),
        Arc::new(LargeStringArray::from_iter(
            (0..n).map(|i| (i % 2 == 0).then(|| "ü".repeat((i % 4) as usize))),
        )),
    ];
    RecordBatch::try_new(schema, cols).unwrap()
}

#[test]
fn record_batch_round_trips_in_band_and_out_of_band() {
    let f = Fory::builder().build();
    let b = batch();
    let back: RecordBatch = f.deserialize(&f.serialize(&b).unwrap()).unwrap();
    assert_eq!(back, b);

    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&b, &mut objs).unwrap();
    assert!(objs.iter().all(|o| o.kind() == BufferKind::TableColumn));
    // validity bitmaps + values (+ offsets for the string/binary columns)
    assert!(objs.len() >= b.num_columns() * 2, "{} buffers", objs.len());
    assert!(
        data.len() < 200,
        "the stream holds only the schema: {} bytes",
        data.len()
    );
    // offered without a copy: the first buffer is the id column's values
    let id_values = b.column(0).to_data().buffers()[0].as_ptr();
    assert!(objs.iter().any(|o| o.getbuffer().as_ptr() == id_values));

    let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    let back: RecordBatch = f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
    assert_eq!(back, b);
    // read back zero-copy: each column's values live inside a given buffer
    let inside = |p: *const u8| buffers.iter().any(|b| b.as_ptr_range().contains(&p));
    for c in back.columns() {
        for buf in c.to_data().buffers() {
            if !buf.is_empty() {
                assert!(inside(buf.as_ptr()), "column buffer copied");
            }
        }
    }
}

#[test]
fn sliced_columns_keep_their_window() {
    let f = Fory::builder().build();
    let b = batch().slice(123, 456);
    // the validity bitmaps of a slice start mid-byte (bit offset 123)
    assert!(b
        .columns()
        .iter()
        .any(|c| c.nulls().is_some_and(|n| n.offset() == 123)));
    let back: RecordBatch = f.deserialize(&f.serialize(&b).unwrap()).unwrap();
    assert_eq!(back, b);
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&b, &mut objs).unwrap();
    let back: RecordBatch = f
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.getbuffer()))
        .unwrap();
    assert_eq!(back, b);
    // a single sliced array with an odd offset (bitmaps not byte-aligned)
    let bools = BooleanArray::from_iter((0..50).map(|i| (i % 3 != 0).then_some(i % 2 == 1)));
    let a = ArrowArray(Arc::new(bools.slice(13, 29)));
    let back: ArrowArray = f.deserialize(&f.serialize(&a).unwrap()).unwrap();
    assert_eq!(back, a);
    let strings = StringArray::from(vec![Some("a"), None, Some("ccc"), Some("dd")]);
    let s = ArrowArray(Arc::new(strings.slice(1, 3)));
    let back: ArrowArray = f.deserialize(&f.serialize(&s).unwrap()).unwrap();
    assert_eq!(back, s);
}

#[test]
fn misaligned_buffers_are_copied_and_read_right() {
    let f = Fory::builder().build();
    let a = ArrowArray(Arc::new(Float64Array::from(vec![1.5, 2.5, 3.5])));
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&a, &mut objs).unwrap();
    let shifted: Vec<Bytes> = objs
        .iter()
        .map(|o| {
            let mut v = vec![0u8];
            v.extend_from_slice(&o.getbuffer());
            Bytes::from(v).slice(1..)
        })
        .collect();
    let back: ArrowArray = f.deserialize_with_buffers(&data, shifted).unwrap();
    assert_eq!(back, a);
}

#[test]
fn corrupt_arrow_data_is_an_error_not_a_panic() {
    let f = Fory::builder().build();
    let b = batch().slice(0, 20);
    let good = f.serialize(&b).unwrap();
    for i in 1..good.len() {
        assert!(
            f.deserialize::<RecordBatch>(&good[..i]).is_err(),
            "prefix {i}"
        );
    }
    for i in 0..good.len() {
        for x in [0x00u8, 0x01, 0x7f, 0xff] {
            let mut bad = good.clone();
            bad[i] = x;
            let _ = f.deserialize::<RecordBatch>(&bad); // Err or Ok, never a panic
        }
    }
    // garbage in an out-of-band buffer (offsets, bitmaps, UTF-8), or a
    // buffer of the wrong length: errors, never panics
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&b, &mut objs).unwrap();
    let good_bufs: Vec<Vec<u8>> = objs.iter().map(|o| o.getbuffer().to_vec()).collect();
    for i in 0..good_bufs.len() {
        for mutate in [0usize, 1, 2] {
            let mut bufs = good_bufs.clone();
            match mutate {
                0 => bufs[i].iter_mut().for_each(|x| *x = 0xff),
                1 => {
                    bufs[i].pop();
                }
                _ => bufs[i].extend_from_slice(&[0x80; 3]),
            }
            let _ = f.deserialize_with_buffers::<RecordBatch, _>(&data, bufs);
        }
    }
    // xlang mode has record batches (tests/interop_arrow.rs), not arrays
    let x = Fory::builder().xlang(true).build();
    let one = ArrowArray(b.column(0).clone());
    assert_eq!(
        x.serialize(&one).unwrap_err().kind(),
        ErrorKind::Unsupported
    );
}

// ---- every column type a DataFrame carries (nested, temporal, decimal,
// dictionary, views), through ArrowArray and RecordBatch, whole and sliced

use arrow_array::builder::{
    FixedSizeListBuilder, Int16Builder, Int64Builder, LargeListBuilder, MapBuilder, StringBuilder,
};
use arrow_array::types::{
    Int16Type, Int32Type, Int8Type, IntervalDayTime, IntervalMonthDayNano, UInt64Type,
};
use arrow_array::{
    BinaryViewArray, Date32Array, Date64Array, Decimal128Array, Decimal256Array, Decimal32Array,
    Decimal64Array, DictionaryArray, DurationMicrosecondArray, DurationMillisecondArray,
    DurationNanosecondArray, DurationSecondArray, FixedSizeBinaryArray, Float16Array,
    IntervalDayTimeArray, IntervalMonthDayNanoArray, IntervalYearMonthArray, ListArray, NullArray,
    StringViewArray, StructArray, Time32MillisecondArray, Time32SecondArray,
    Time64MicrosecondArray, Time64NanosecondArray, TimestampMicrosecondArray,
    TimestampMillisecondArray, TimestampNanosecondArray, TimestampSecondArray,
};
use arrow_schema::{Fields, TimeUnit};
use fory_core::arrow_buffer::{i256, NullBuffer, OffsetBuffer, ScalarBuffer};
use fory_core::half::f16;

const N: usize = 37;

fn valid(i: usize) -> bool {
    i % 5 != 2
}

/// Round-trips `a` and slices of it (as an array and as a batch column,
/// in-band and out-of-band) and checks each reads back equal.
fn check(a: ArrayRef) {
    let f = Fory::builder().build();
    let n = a.len();
    let mut windows = vec![(0, n)];
    if n > 3 {
        windows.extend([(1, n - 1), (3, 9.min(n - 3)), (n / 2, 0), (n - 1, 1)]);
    }
    if n > 20 {
        windows.push((13, n - 20));
    }
    for (off, len) in windows {
        let s = a.slice(off, len);
        let what = format!("{} [{off}, +{len})", a.data_type());
        let arr = ArrowArray(s.clone());
        let back: ArrowArray = f.deserialize(&f.serialize(&arr).unwrap()).unwrap();
        assert_eq!(back, arr, "{what} in-band");
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&arr, &mut objs).unwrap();
        let back: ArrowArray = f
            .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
            .unwrap();
        assert_eq!(back, arr, "{what} out-of-band");

        let field = Field::new("c", s.data_type().clone(), true);
        let b = RecordBatch::try_new(Arc::new(Schema::new(vec![field])), vec![s]).unwrap();
        let back: RecordBatch = f.deserialize(&f.serialize(&b).unwrap()).unwrap();
        assert_eq!(back, b, "{what} batch in-band");
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&b, &mut objs).unwrap();
        let back: RecordBatch = f
            .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
            .unwrap();
        assert_eq!(back, b, "{what} batch out-of-band");

        // the xlang encoding (IPC schema, per-array buffers) of the same
        let x = Fory::builder().xlang(true).build();
        if matches!(
            b.column(0).data_type(),
            DataType::Interval(IntervalUnit::YearMonth | IntervalUnit::DayTime)
        ) {
            // pyarrow has no array of these: refused, not sent
            let e = x.serialize(&b).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
            assert!(e.to_string().contains("MonthDayNano"), "{e}");
            continue;
        }
        let back: RecordBatch = x.deserialize(&x.serialize(&b).unwrap()).unwrap();
        assert_eq!(back, b, "{what} xlang batch in-band");
        let mut objs = Vec::new();
        let data = x.serialize_with_callback(&b, &mut objs).unwrap();
        let back: RecordBatch = x
            .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
            .unwrap();
        assert_eq!(back, b, "{what} xlang batch out-of-band");
    }
}

fn opt<T>(i: usize, v: T) -> Option<T> {
    valid(i).then_some(v)
}

#[test]
fn flat_types_round_trip_whole_and_sliced() {
    let cols: Vec<ArrayRef> = vec![
        Arc::new(NullArray::new(N)),
        Arc::new(Float16Array::from_iter(
            (0..N).map(|i| opt(i, f16::from_f32(i as f32 * 0.25))),
        )),
        Arc::new(Date32Array::from_iter(
            (0..N).map(|i| opt(i, i as i32 * 31)),
        )),
        Arc::new(Date64Array::from_iter(
            (0..N).map(|i| opt(i, i as i64 * 86_400_000)),
        )),
        Arc::new(Time32SecondArray::from_iter(
            (0..N).map(|i| opt(i, i as i32)),
        )),
        Arc::new(Time32MillisecondArray::from_iter(
            (0..N).map(|i| opt(i, i as i32 * 7)),
        )),
        Arc::new(Time64MicrosecondArray::from_iter(
            (0..N).map(|i| opt(i, i as i64 * 9)),
        )),
        Arc::new(Time64NanosecondArray::from_iter(
            (0..N).map(|i| opt(i, i as i64 * 11)),
        )),
        Arc::new(DurationSecondArray::from_iter(
            (0..N).map(|i| opt(i, -(i as i64))),
        )),
        Arc::new(DurationMillisecondArray::from_iter(
            (0..N).map(|i| opt(i, i as i64)),
        )),
        Arc::new(DurationMicrosecondArray::from_iter(
            (0..N).map(|i| opt(i, i as i64)),
        )),
        Arc::new(DurationNanosecondArray::from_iter(
            (0..N).map(|i| opt(i, i as i64)),
        )),
        Arc::new(IntervalYearMonthArray::from_iter(
            (0..N).map(|i| opt(i, i as i32)),
        )),
        Arc::new(IntervalDayTimeArray::from_iter(
            (0..N).map(|i| opt(i, IntervalDayTime::new(i as i32, -(i as i32)))),
        )),
        Arc::new(IntervalMonthDayNanoArray::from_iter((0..N).map(|i| {
            opt(i, IntervalMonthDayNano::new(i as i32, 2, i as i64 * 1000))
        }))),
        Arc::new(
            Decimal32Array::from_iter((0..N).map(|i| opt(i, i as i32 * 101)))
                .with_precision_and_scale(9, 2)
                .unwrap(),
        ),
        Arc::new(
            Decimal64Array::from_iter((0..N).map(|i| opt(i, i as i64 * -101)))
                .with_precision_and_scale(18, 0)
                .unwrap(),
        ),
        Arc::new(
            Decimal128Array::from_iter((0..N).map(|i| opt(i, i as i128 * 10_000_000_007)))
                .with_precision_and_scale(38, 10)
                .unwrap(),
        ),
        Arc::new(
            Decimal256Array::from_iter((0..N).map(|i| opt(i, i256::from_i128(i as i128 - 9))))
                .with_precision_and_scale(76, -3)
                .unwrap(),
        ),
        Arc::new(
            FixedSizeBinaryArray::try_from_sparse_iter_with_size(
                (0..N).map(|i| opt(i, [i as u8; 5])),
                5,
            )
            .unwrap(),
        ),
        Arc::new(StringViewArray::from_iter((0..N).map(|i| {
            // short strings live in the view, long ones in data buffers
            opt(i, "v".repeat(i % 20))
        }))),
        Arc::new(BinaryViewArray::from_iter(
            (0..N).map(|i| opt(i, vec![i as u8; (i * 3) % 29])),
        )),
    ];
    for c in cols {
        check(c);
    }
}

#[test]
fn timestamps_in_every_unit_with_and_without_a_time_zone() {
    for tz in [None, Some("UTC"), Some("+05:30")] {
        let vals = |m: i64| (0..N).map(move |i| opt(i, 1_700_000_000 * m + i as i64));
        let cols: Vec<ArrayRef> = vec![
            Arc::new(TimestampSecondArray::from_iter(vals(1)).with_timezone_opt(tz)),
            Arc::new(TimestampMillisecondArray::from_iter(vals(1000)).with_timezone_opt(tz)),
            Arc::new(TimestampMicrosecondArray::from_iter(vals(1_000_000)).with_timezone_opt(tz)),
            Arc::new(
                TimestampNanosecondArray::from_iter(vals(1_000_000_000)).with_timezone_opt(tz),
            ),
        ];
        for c in cols {
            if let DataType::Timestamp(_, got) = c.data_type() {
                assert_eq!(got.as_deref(), tz);
            }
            check(c);
        }
    }
    let unit = DataType::Timestamp(TimeUnit::Nanosecond, Some("+05:30".into()));
    let f = Fory::builder().build();
    let a = ArrowArray(Arc::new(
        TimestampNanosecondArray::from(vec![1, 2]).with_timezone("+05:30"),
    ));
    let back: ArrowArray = f.deserialize(&f.serialize(&a).unwrap()).unwrap();
    assert_eq!(back.0.data_type(), &unit);
}

/// List<Struct<{xs: List<Int32>, s: Utf8, k: Int64 (non-nullable)}>> with
/// nulls at every level: outer lists, structs, inner lists, their items,
/// strings.
fn nested_list_of_struct() -> ArrayRef {
    let rows = 3 * N;
    let xs = ListArray::from_iter_primitive::<Int32Type, _, _>((0..rows).map(|i| {
        (i % 7 != 3).then(|| (0..i % 4).map(move |j| (j != 1).then_some((i * 10 + j) as i32)))
    }));
    let s = StringArray::from_iter((0..rows).map(|i| (i % 3 != 1).then(|| format!("s{i}"))));
    let k = Int64Array::from_iter_values((0..rows).map(|i| i as i64));
    let fields = Fields::from(vec![
        Field::new("xs", xs.data_type().clone(), true),
        Field::new("s", DataType::Utf8, true),
        Field::new("k", DataType::Int64, false),
    ]);
    let struct_nulls = NullBuffer::from((0..rows).map(|i| i % 6 != 4).collect::<Vec<_>>());
    let structs = StructArray::new(
        fields,
        vec![Arc::new(xs), Arc::new(s), Arc::new(k)],
        Some(struct_nulls),
    );
    // N lists of 3 structs each, every 4th list null (and empty)
    let mut offsets = vec![0i32];
    let mut list_valid = Vec::new();
    for i in 0..N {
        let last = *offsets.last().unwrap();
        let null = i % 4 == 1;
        offsets.push(if null { last } else { last + 3 });
        list_valid.push(!null);
    }
    let used = *offsets.last().unwrap() as usize;
    let item = Arc::new(Field::new("item", structs.data_type().clone(), true));
    Arc::new(ListArray::new(
        item,
        OffsetBuffer::new(ScalarBuffer::from(offsets)),
        Arc::new(structs.slice(0, used)),
        Some(NullBuffer::from(list_valid)),
    ))
}

fn map_column() -> ArrayRef {
    let mut m = MapBuilder::new(None, StringBuilder::new(), Int64Builder::new());
    for i in 0..N {
        if i % 6 == 5 {
            m.append(false).unwrap();
            continue;
        }
        for j in 0..i % 3 {
            m.keys().append_value(format!("k{j}"));
            if j == 1 {
                m.values().append_null();
            } else {
                m.values().append_value((i * j) as i64);
            }
        }
        m.append(true).unwrap();
    }
    Arc::new(m.finish())
}

#[test]
fn nested_lists_structs_maps_round_trip() {
    check(nested_list_of_struct());
    check(map_column());

    let mut fl = FixedSizeListBuilder::new(Int16Builder::new(), 3);
    for i in 0..N {
        for j in 0..3 {
            fl.values()
                .append_option((j != 2 || i % 2 == 0).then_some((i * j) as i16));
        }
        fl.append(valid(i));
    }
    check(Arc::new(fl.finish()));

    let mut ll = LargeListBuilder::new(StringBuilder::new());
    for i in 0..N {
        for j in 0..i % 5 {
            ll.values()
                .append_option((j % 2 == 0).then(|| format!("{i}.{j}")));
        }
        ll.append(valid(i));
    }
    check(Arc::new(ll.finish()));

    // a struct column with a non-nullable child and a child field that
    // carries metadata: the field metadata reads back
    let meta = [("ARROW:extension:name".to_string(), "x.unit".to_string())];
    let fields = Fields::from(vec![
        Field::new("a", DataType::Int32, false),
        Field::new("b", DataType::Utf8, true).with_metadata(
            meta.into_iter()
                .collect::<std::collections::HashMap<_, _>>(),
        ),
    ]);
    let st = StructArray::new(
        fields,
        vec![
            Arc::new(Int32Array::from_iter_values(0..N as i32)),
            Arc::new(StringArray::from_iter(
                (0..N).map(|i| opt(i, format!("b{i}"))),
            )),
        ],
        Some(NullBuffer::from(
            (0..N).map(|i| i % 4 != 0).collect::<Vec<_>>(),
        )),
    );
    check(Arc::new(st));
}

#[test]
fn dictionaries_with_every_key_width_round_trip() {
    let words = ["red", "green", "blue", "cyan"];
    let values = (0..N).map(|i| opt(i, words[i % 4]));
    let d8: DictionaryArray<Int8Type> = values.clone().collect();
    let d16: DictionaryArray<Int16Type> = values.clone().collect();
    let d32: DictionaryArray<Int32Type> = values.clone().collect();
    let d64: DictionaryArray<UInt64Type> = values.collect();
    for d in [
        Arc::new(d8) as ArrayRef,
        Arc::new(d16),
        Arc::new(d32),
        Arc::new(d64),
    ] {
        check(d);
    }
    // a dictionary of lists, and dict_is_ordered on the field
    let lists = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
        Some(vec![Some(1), None]),
        None,
        Some(vec![]),
    ]);
    let keys = arrow_array::Int16Array::from(vec![Some(0), Some(2), None, Some(1), Some(0)]);
    let d = DictionaryArray::<Int16Type>::try_new(keys, Arc::new(lists)).unwrap();
    check(Arc::new(d.clone()));
    let field = Field::new("d", d.data_type().clone(), true).with_dict_is_ordered(true);
    let b = RecordBatch::try_new(Arc::new(Schema::new(vec![field])), vec![Arc::new(d)]).unwrap();
    let f = Fory::builder().build();
    let back: RecordBatch = f.deserialize(&f.serialize(&b).unwrap()).unwrap();
    assert_eq!(back, b);
    assert_eq!(back.schema().field(0).dict_is_ordered(), Some(true));
}

/// A batch of every kind of column at once, for the hostile-input tests.
fn nested_batch() -> RecordBatch {
    let cols: Vec<ArrayRef> = vec![
        nested_list_of_struct(),
        map_column(),
        Arc::new(
            (0..N)
                .map(|i| opt(i, ["a", "b"][i % 2]))
                .collect::<DictionaryArray<Int8Type>>(),
        ),
        Arc::new(
            TimestampMillisecondArray::from_iter((0..N).map(|i| opt(i, i as i64)))
                .with_timezone("+05:30"),
        ),
        Arc::new(
            Decimal128Array::from_iter((0..N).map(|i| opt(i, i as i128)))
                .with_precision_and_scale(20, 4)
                .unwrap(),
        ),
        Arc::new(StringViewArray::from_iter(
            (0..N).map(|i| opt(i, "long string ".repeat(i % 3))),
        )),
    ];
    let fields: Vec<Field> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| Field::new(format!("c{i}"), c.data_type().clone(), true))
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).unwrap()
}

#[test]
fn nested_batch_round_trips_sliced_and_zero_copy() {
    let f = Fory::builder().build();
    let b = nested_batch();
    for (off, len) in [(0, N), (5, 11), (N - 1, 1), (17, 0)] {
        let s = b.slice(off, len);
        let back: RecordBatch = f.deserialize(&f.serialize(&s).unwrap()).unwrap();
        assert_eq!(back, s, "slice {off}+{len}");
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&s, &mut objs).unwrap();
        let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
        let back: RecordBatch = f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
        assert_eq!(back, s);
    }
    // zero-copy reads, at the top and deep inside: every non-empty buffer of
    // the read arrays (values, offsets, children's) points into a given buffer
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&b, &mut objs).unwrap();
    let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    let back: RecordBatch = f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
    let inside = |p: *const u8| buffers.iter().any(|b| b.as_ptr_range().contains(&p));
    fn all_buffers(a: &dyn Array, out: &mut Vec<*const u8>) {
        let d = a.to_data();
        out.extend(
            d.buffers()
                .iter()
                .filter(|b| !b.is_empty())
                .map(|b| b.as_ptr()),
        );
        for c in d.child_data() {
            all_buffers(&arrow_array::make_array(c.clone()), out);
        }
    }
    let mut n = 0;
    for c in back.columns() {
        let mut ptrs = Vec::new();
        all_buffers(c, &mut ptrs);
        for p in ptrs {
            assert!(inside(p), "a buffer of {} was copied", c.data_type());
            n += 1;
        }
    }
    assert!(n > 10, "{n} buffers checked");
    // a primitive column read back: its values are the very bytes handed in
    let a = ArrowArray(Arc::new(Int64Array::from_iter_values(0..1000)));
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&a, &mut objs).unwrap();
    let given: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    let back: ArrowArray = f.deserialize_with_buffers(&data, given.clone()).unwrap();
    assert_eq!(back, a);
    assert_eq!(back.0.to_data().buffers()[0].as_ptr(), given[0].as_ptr());
}

#[test]
fn nested_batch_round_trips_in_xlang_sliced_and_zero_copy() {
    let x = Fory::builder().xlang(true).build();
    let b = nested_batch();
    for (off, len) in [(0, N), (5, 11), (N - 1, 1), (17, 0)] {
        let s = b.slice(off, len);
        let back: RecordBatch = x.deserialize(&x.serialize(&s).unwrap()).unwrap();
        assert_eq!(back, s, "slice {off}+{len}");
        let mut objs = Vec::new();
        let data = x.serialize_with_callback(&s, &mut objs).unwrap();
        let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
        let back: RecordBatch = x.deserialize_with_buffers(&data, buffers.clone()).unwrap();
        assert_eq!(back, s);
        let inside = |p: *const u8| buffers.iter().any(|b| b.as_ptr_range().contains(&p));
        fn check_data(d: &arrow_data::ArrayData, inside: &dyn Fn(*const u8) -> bool) {
            let nulls = d.nulls().map(|n| n.buffer().clone());
            for buf in d.buffers().iter().chain(nulls.as_ref()) {
                assert!(
                    buf.is_empty() || inside(buf.as_ptr()),
                    "{} copied",
                    d.data_type()
                );
            }
            for c in d.child_data() {
                check_data(c, inside);
            }
        }
        for c in back.columns() {
            check_data(&c.to_data(), &inside);
        }
    }
}

#[test]
fn byte_flips_in_an_xlang_batch_never_panic() {
    let x = Fory::builder().xlang(true).build();
    let b = nested_batch().slice(3, 6);
    let good = x.serialize(&b).unwrap();
    let mut errors = 0;
    for i in 0..good.len() {
        for v in [
            0x00u8,
            0x01,
            0x7f,
            0x80,
            0xff,
            good[i] ^ 0x01,
            good[i] ^ 0x40,
        ] {
            let mut bad = good.clone();
            bad[i] = v;
            errors += x.deserialize::<RecordBatch>(&bad).is_err() as usize;
        }
    }
    assert!(errors > good.len(), "{errors} errors");
    let whole = nested_batch();
    let mut objs = Vec::new();
    let data = x.serialize_with_callback(&whole, &mut objs).unwrap();
    let raw: Vec<Vec<u8>> = objs.iter().map(|o| o.getbuffer().to_vec()).collect();
    let mut refused = 0;
    for i in 0..raw.len() {
        for mutate in 0..4 {
            let mut v = raw.clone();
            match mutate {
                0 => v[i].iter_mut().for_each(|x| *x = 0xff),
                1 => v[i].iter_mut().step_by(3).for_each(|x| *x ^= 0x85),
                2 => {
                    v[i].pop();
                }
                _ => v[i].extend_from_slice(&[0x80; 8]),
            }
            let r =
                x.deserialize_with_buffers::<RecordBatch, _>(&data, v.into_iter().map(Bytes::from));
            refused += r.is_err() as usize;
        }
    }
    assert!(
        refused > raw.len(),
        "{refused} of {} refused",
        raw.len() * 4
    );
}

#[test]
fn a_small_slice_of_a_big_column_ships_only_its_window() {
    let n = 1_000_000usize;
    let ints = Int64Array::from_iter((0..n).map(|i| (i % 3 != 0).then_some(i as i64)));
    let strs = StringArray::from_iter_values((0..n).map(|i| format!("value-{i}")));
    let lists = ListArray::from_iter_primitive::<Int32Type, _, _>(
        (0..n).map(|i| (i % 5 != 0).then(|| vec![Some(i as i32); i % 4])),
    );
    let bools = BooleanArray::from_iter((0..n).map(|i| (i % 7 != 0).then_some(i % 2 == 0)));
    let dict: DictionaryArray<Int32Type> = (0..n).map(|i| ["x", "y", "z"][i % 3]).collect();
    let fields = Fields::from(vec![
        Field::new("i", DataType::Int64, true),
        Field::new("s", DataType::Utf8, false),
    ]);
    let structs = StructArray::new(
        fields,
        vec![Arc::new(ints.clone()), Arc::new(strs.clone())],
        Some(NullBuffer::from(
            (0..n).map(|i| i % 9 != 0).collect::<Vec<_>>(),
        )),
    );
    let cols: Vec<ArrayRef> = vec![
        Arc::new(ints.clone()),
        Arc::new(strs),
        Arc::new(lists),
        Arc::new(bools),
        Arc::new(dict),
        Arc::new(structs),
    ];
    let f = Fory::builder().build();
    let cost = |objs: &[fory_core::buffers::BufferObject<'_>], data: &[u8]| {
        data.len() + objs.iter().map(|o| o.getbuffer().len()).sum::<usize>()
    };
    for c in &cols {
        for off in [0, 3, 500_003, n - 10] {
            let s = ArrowArray(c.slice(off, 10));
            let mut objs = Vec::new();
            let data = f.serialize_with_callback(&s, &mut objs).unwrap();
            let total = cost(&objs, &data);
            assert!(
                total < 400,
                "{} rows {off}..+10 cost {total} bytes",
                c.data_type()
            );
            let back: ArrowArray = f
                .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
                .unwrap();
            assert_eq!(back, s);
            // in-band too
            let inband = f.serialize(&s).unwrap();
            assert!(inband.len() < 400, "in-band {}", inband.len());
        }
    }
    // the fixed-width window is shared, not copied: it is the parent's
    // memory 500,003 values in
    let mut objs = Vec::new();
    let s = ArrowArray(Arc::new(ints.slice(500_003, 10)));
    f.serialize_with_callback(&s, &mut objs).unwrap();
    let parent = ints.values().inner().as_ptr();
    let want = parent.wrapping_add(500_003 * 8);
    assert!(objs.iter().any(|o| o.getbuffer().as_ptr() == want));

    let schema = Schema::new(
        cols.iter()
            .enumerate()
            .map(|(i, c)| Field::new(format!("c{i}"), c.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    let b = RecordBatch::try_new(Arc::new(schema), cols).unwrap();
    let s = b.slice(700_001, 10);
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&s, &mut objs).unwrap();
    let total = cost(&objs, &data);
    assert!(
        total < 1500,
        "a 10-row slice of the batch cost {total} bytes"
    );
    let back: RecordBatch = f
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
        .unwrap();
    assert_eq!(back, s);

    // xlang mode ships the window too: a one-column batch costs its IPC
    // schema message (about 100-250 bytes) plus a few hundred bytes
    let x = Fory::builder().xlang(true).build();
    for (i, c) in b.columns().iter().enumerate() {
        let one = RecordBatch::try_new(
            Arc::new(Schema::new(vec![b.schema().field(i).clone()])),
            vec![c.clone()],
        )
        .unwrap();
        let schema_only = x.serialize(&one.slice(0, 0)).unwrap().len();
        for off in [0, 3, 500_003, n - 10] {
            let s = one.slice(off, 10);
            let mut objs = Vec::new();
            let data = x.serialize_with_callback(&s, &mut objs).unwrap();
            let total = cost(&objs, &data) - schema_only;
            assert!(
                total < 400,
                "xlang {} rows {off}..+10 cost {total} bytes beyond the schema",
                c.data_type()
            );
            let back: RecordBatch = x
                .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
                .unwrap();
            assert_eq!(back, s);
            let inband = x.serialize(&s).unwrap();
            assert!(
                inband.len() - schema_only < 400,
                "xlang in-band {}",
                inband.len()
            );
            assert_eq!(x.deserialize::<RecordBatch>(&inband).unwrap(), s);
        }
    }
    let mut objs = Vec::new();
    let data = x.serialize_with_callback(&s, &mut objs).unwrap();
    let total = cost(&objs, &data);
    assert!(
        total < 2500,
        "a 10-row slice of the batch cost {total} bytes in xlang mode"
    );
    let back: RecordBatch = x
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
        .unwrap();
    assert_eq!(back, s);
}

// ---- hostile input

/// The stream of an `ArrowArray` up to (not including) its data type.
fn array_prefix(f: &Fory) -> Vec<u8> {
    let bytes = f
        .serialize(&ArrowArray(Arc::new(NullArray::new(0))))
        .unwrap();
    // type 0 (Null), length 0, offset 0, no validity, 0 buffers
    assert!(bytes.ends_with(&[0, 0, 0, 0, 0]), "{bytes:?}");
    bytes[..bytes.len() - 5].to_vec()
}

/// LEB128, the varuint32 / varuint64 encoding of values below 2^56.
fn leb(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

#[test]
fn every_truncation_of_a_nested_batch_is_an_error() {
    let f = Fory::builder().build();
    let b = nested_batch().slice(2, 9);
    let good = f.serialize(&b).unwrap();
    assert_eq!(f.deserialize::<RecordBatch>(&good).unwrap(), b);
    for i in 0..good.len() {
        assert!(
            f.deserialize::<RecordBatch>(&good[..i]).is_err(),
            "prefix {i}"
        );
    }
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&b, &mut objs).unwrap();
    let bufs: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    for i in 0..data.len() {
        assert!(
            f.deserialize_with_buffers::<RecordBatch, _>(&data[..i], bufs.clone())
                .is_err(),
            "out-of-band prefix {i}"
        );
    }
    // one buffer short
    assert!(f
        .deserialize_with_buffers::<RecordBatch, _>(&data, bufs[..bufs.len() - 1].to_vec())
        .is_err());
}

#[test]
fn byte_flips_in_a_nested_batch_never_panic() {
    let f = Fory::builder().build();
    let b = nested_batch().slice(3, 6);
    let good = f.serialize(&b).unwrap();
    let mut errors = 0;
    for i in 0..good.len() {
        for x in [
            0x00u8,
            0x01,
            0x02,
            0x7f,
            0x80,
            0xff,
            good[i] ^ 0x01,
            good[i] ^ 0x40,
        ] {
            let mut bad = good.clone();
            bad[i] = x;
            errors += f.deserialize::<RecordBatch>(&bad).is_err() as usize;
        }
    }
    assert!(errors > good.len(), "{errors} errors");
    // the same over the out-of-band stream (the structure without the data)
    let mut objs = Vec::new();
    let whole = nested_batch();
    let data = f.serialize_with_callback(&whole, &mut objs).unwrap();
    let bufs: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    for i in 0..data.len() {
        for x in [
            0x00u8,
            0x01,
            0x03,
            0x1f,
            0x7f,
            0xff,
            data[i] ^ 0x01,
            data[i] ^ 0x10,
        ] {
            let mut bad = data.clone();
            bad[i] = x;
            let _ = f.deserialize_with_buffers::<RecordBatch, _>(&bad, bufs.clone());
        }
    }
    // garbage in the out-of-band buffers (offsets, views, dictionary keys,
    // bitmaps, UTF-8) or buffers of the wrong length: errors, never panics
    let raw: Vec<Vec<u8>> = bufs.iter().map(|b| b.to_vec()).collect();
    let mut refused = 0;
    for i in 0..raw.len() {
        for mutate in 0..4 {
            let mut v = raw.clone();
            match mutate {
                0 => v[i].iter_mut().for_each(|x| *x = 0xff),
                1 => v[i].iter_mut().step_by(3).for_each(|x| *x ^= 0x85),
                2 => {
                    v[i].pop();
                }
                _ => v[i].extend_from_slice(&[0x80; 8]),
            }
            let r =
                f.deserialize_with_buffers::<RecordBatch, _>(&data, v.into_iter().map(Bytes::from));
            refused += r.is_err() as usize;
        }
    }
    assert!(
        refused > raw.len(),
        "{refused} of {} refused",
        raw.len() * 4
    );
}

#[test]
fn a_deeply_nested_type_is_an_error_naming_the_depth() {
    let f = Fory::builder().build();
    let mut bad = array_prefix(&f);
    for _ in 0..10_000 {
        // List, child field "" (empty UTF-8 string), nullable
        bad.extend([31, 0x02, 0x01]);
    }
    bad.push(4);
    let e = f.deserialize::<ArrowArray>(&bad).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DepthLimit, "{e}");
    assert!(e.message().contains("max_depth"), "{e}");
    assert!(e.message().contains("Arrow data type"), "{e}");

    // nesting within the limit round-trips; past it, writing fails the same way
    let nest = |depth: usize| {
        let mut a: ArrayRef = Arc::new(Int32Array::from(vec![Some(7), None]));
        for _ in 0..depth {
            let field = Arc::new(Field::new("item", a.data_type().clone(), true));
            a = Arc::new(ListArray::new(
                field,
                OffsetBuffer::from_lengths([a.len()]),
                a,
                None,
            ));
        }
        ArrowArray(a)
    };
    let a = nest(60);
    let back: ArrowArray = f.deserialize(&f.serialize(&a).unwrap()).unwrap();
    assert_eq!(back, a);
    let e = f.serialize(&nest(300)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DepthLimit, "{e}");

    // xlang: the IPC schema message is read to 60 levels of fields, so a
    // batch nested deeper is refused on write, not sent and refused on read
    let x = Fory::builder().xlang(true).build();
    let batch = |a: ArrowArray| RecordBatch::try_from_iter([("c", a.0)]).unwrap();
    let b = batch(nest(60));
    let back: RecordBatch = x.deserialize(&x.serialize(&b).unwrap()).unwrap();
    assert_eq!(back, b);
    let e = x.serialize(&batch(nest(61))).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
    assert!(e.message().contains("nested 61 levels"), "{e}");
    // structs and maps count their child fields' levels too
    let mut s: ArrayRef = Arc::new(Int32Array::from(vec![1]));
    for _ in 0..61 {
        let field = Field::new("f", s.data_type().clone(), true);
        s = Arc::new(StructArray::new(vec![field].into(), vec![s], None));
    }
    let e = x.serialize(&batch(ArrowArray(s))).unwrap_err();
    assert!(e.message().contains("nested 61 levels"), "{e}");
}

/// No reader takes more than `MAX_COLUMNS` columns, so none is written.
#[test]
fn more_columns_than_a_reader_takes_are_refused_on_write() {
    use fory_core::serializer::arrow::MAX_COLUMNS;
    let col: ArrayRef = Arc::new(Int32Array::from(vec![1]));
    let fields: Vec<Field> = (0..=MAX_COLUMNS)
        .map(|i| Field::new(format!("c{i}"), DataType::Int32, false))
        .collect();
    let b = RecordBatch::try_new(
        Arc::new(Schema::new(fields.clone())),
        vec![col.clone(); MAX_COLUMNS + 1],
    )
    .unwrap();
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).build();
        let e = f.serialize(&b).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
        assert!(e.message().contains("65537 columns"), "{e}");
    }
    let wide = StructArray::new(fields.into(), vec![col; MAX_COLUMNS + 1], None);
    let e = Fory::builder()
        .build()
        .serialize(&ArrowArray(Arc::new(wide)))
        .unwrap_err();
    assert!(e.message().contains("65537 fields"), "{e}");
}

#[test]
fn huge_claimed_counts_and_lengths_are_errors_without_allocating() {
    let f = Fory::builder().build();
    let prefix = array_prefix(&f);
    let with = |tail: &[u8]| {
        let mut v = prefix.clone();
        v.extend_from_slice(tail);
        f.deserialize::<ArrowArray>(&v).unwrap_err()
    };
    // a struct of 2^32 - 1 fields
    let e = with(&[34, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    assert!(e.message().contains("Arrow struct length"), "{e}");
    // a field with 2^32 - 1 metadata pairs
    let e = with(&[31, 0x02, 0x03, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    assert!(e.message().contains("Arrow field metadata"), "{e}");
    // an Int32 array of 2^40 values: over max_collection_len
    let mut t = vec![4];
    leb(1 << 40, &mut t);
    t.extend([0, 0, 1, 0]);
    let e = with(&t);
    assert_eq!(e.kind(), ErrorKind::Limit, "{e}");
    // 2^31 values in a 4-byte buffer: arrow's validation refuses it
    let mut t = vec![4];
    leb(1 << 31, &mut t);
    t.extend([0, 0, 1, 4, 1, 2, 3, 4]);
    let e = with(&t);
    assert!(e.message().contains("invalid Arrow array"), "{e}");
    // 2^32 - 1 buffers
    let e = with(&[4, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    assert!(e.message().contains("Arrow buffer list"), "{e}");
    // a fixed-size list of 2^20 non-nullable Null elements per list, 1,000
    // lists with a validity bitmap: checking the child against it would
    // expand the bitmap to 2^30 bits, for a stream of 150 bytes
    let mut t = vec![33];
    leb(1 << 20, &mut t);
    t.extend([0x02, 0x00, 0]); // field "", not nullable, Null
    leb(1000, &mut t);
    t.extend([0, 1, 0]); // offset 0, a bitmap at bit 0
    leb(125, &mut t);
    t.extend([0x55; 125]);
    t.push(0); // no buffers of its own
    leb(1000 << 20, &mut t); // the child: that many Nulls
    t.extend([0, 0, 0]);
    let e = with(&t);
    assert!(e.message().contains("hostile"), "{e}");
    // an unknown type tag, an impossible unit, a bad decimal, a non-integer
    // dictionary key
    for (tail, says) in [
        (&[200u8][..], "unknown Arrow data type tag 200"),
        (&[20, 3][..], "Time32"),
        (&[24, 0, 0][..], "decimal"),
        (&[24, 39, 0][..], "decimal"),
        (&[36, 12, 4][..], "not an integer type"),
        (&[35, 0, 0x02, 0x00, 4][..], "not a struct"),
    ] {
        let e = with(tail);
        assert!(e.message().contains(says), "{says}: {e}");
    }
}

#[test]
fn arrays_in_the_first_format_still_read() {
    // the first format wrote a sliced array's buffers whole with its
    // offset: Int32 [10, 20, 30, 40, 50] sliced to rows 1..4, the
    // validity bitmap 0b11011 (30 is null) with bit offset 1
    let f = Fory::builder().build();
    let mut v = array_prefix(&f);
    v.extend([4, 3, 1, 1, 1, 1, 0b11011, 1, 20]);
    for x in [10i32, 20, 30, 40, 50] {
        v.extend(x.to_le_bytes());
    }
    let back: ArrowArray = f.deserialize(&v).unwrap();
    let want = Int32Array::from(vec![Some(20), None, Some(40)]);
    assert_eq!(back, ArrowArray(Arc::new(want)));
}

#[test]
fn schema_metadata_round_trips_in_native_mode() {
    let f = Fory::builder().build();
    let plain = batch();
    let meta = [
        ("pandas", r#"{"index_columns": [], "columns": []}"#),
        ("origin", "fory-rust"),
    ];
    let b = plain
        .clone()
        .with_schema(Arc::new(
            plain.schema().as_ref().clone().with_metadata(
                meta.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<arrow_schema::Metadata>(),
            ),
        ))
        .unwrap();
    let back: RecordBatch = f.deserialize(&f.serialize(&b).unwrap()).unwrap();
    assert_eq!(back, b);
    assert_eq!(back.schema().metadata().get("origin").unwrap(), "fory-rust");
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&b, &mut objs).unwrap();
    let back: RecordBatch = f
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
        .unwrap();
    assert_eq!(back, b);

    // a batch without schema metadata keeps the bytes of the earlier
    // format (field count first); with it, the u32::MAX marker and the
    // pairs come before the field count
    let without = f.serialize(&plain).unwrap();
    let with = f.serialize(&b).unwrap();
    let marker = [0xff, 0xff, 0xff, 0xff, 0x0f];
    let at = with.windows(5).position(|w| w == marker).unwrap();
    assert_eq!(with[..at], without[..at]);
    assert_eq!(with[at + 5], 2, "two pairs");
    assert!(!without[..at + 5].windows(5).any(|w| w == marker));

    // every truncation of the metadata is an error, not a panic
    for cut in at..at + 60 {
        assert!(f.deserialize::<RecordBatch>(&with[..cut]).is_err(), "{cut}");
    }
    // a hostile pair count is refused before anything is allocated
    let mut bad = with[..at + 5].to_vec();
    bad.extend([0xff, 0xff, 0xff, 0xff, 0x07]);
    bad.extend_from_slice(&with[at + 6..]);
    let e = f.deserialize::<RecordBatch>(&bad).unwrap_err();
    assert!(e.message().contains("Arrow schema metadata"), "{e}");
}

/// Arrow's format reads an empty time zone as "no time zone" and
/// arrow-ipc writes `Some("")` as no time zone at all, so an xlang schema
/// message with an empty zone string (Rust never writes one; the fuzzer
/// made one) reads as `None`, top level and nested, and what reads
/// writes back to itself. Native mode keeps `Some("")` exactly.
#[test]
fn an_empty_time_zone_reads_as_none_in_xlang() {
    let x = Fory::builder().xlang(true).build();
    let ts = |tz: &str| DataType::Timestamp(TimeUnit::Microsecond, Some(tz.into()));
    let list_of = |tz: &str| DataType::List(Arc::new(Field::new("item", ts(tz), true)));
    let make = |tz: &str| {
        let top = TimestampMicrosecondArray::from(vec![Some(1), None, Some(3)]).with_timezone(tz);
        let items = TimestampMicrosecondArray::from(vec![7, 8, 9]).with_timezone(tz);
        let list = arrow_array::ListArray::new(
            Arc::new(Field::new("item", ts(tz), true)),
            OffsetBuffer::new(ScalarBuffer::from(vec![0i32, 1, 1, 3])),
            Arc::new(items),
            None,
        );
        RecordBatch::try_new(
            Arc::new(Schema::new(vec![
                Field::new("t", ts(tz), true),
                Field::new("l", list_of(tz), true),
            ])),
            vec![Arc::new(top), Arc::new(list)],
        )
        .unwrap()
    };
    // "Q" as a flatbuffer string (u32 length, bytes, NUL), made empty
    let mut stream = x.serialize(&make("Q")).unwrap();
    let pattern = [1u8, 0, 0, 0, b'Q', 0];
    let mut patched = 0;
    for i in 0..stream.len() - pattern.len() {
        if stream[i..i + pattern.len()] == pattern {
            stream[i] = 0; // length 0
            stream[i + 4] = 0; // its NUL where "Q" was
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "one zone string per timestamp type");
    let back: RecordBatch = x.deserialize(&stream).unwrap();
    let naive = DataType::Timestamp(TimeUnit::Microsecond, None);
    assert_eq!(back.column(0).data_type(), &naive);
    assert_eq!(
        back.column(1).data_type(),
        &DataType::List(Arc::new(Field::new("item", naive.clone(), true)))
    );
    assert_eq!(back.schema().field(0).data_type(), &naive);
    let again: RecordBatch = x.deserialize(&x.serialize(&back).unwrap()).unwrap();
    assert_eq!(again, back);
    let ts_col = back
        .column(0)
        .as_any()
        .downcast_ref::<TimestampMicrosecondArray>();
    assert_eq!(ts_col.unwrap().value(2), 3);

    // written from Rust: xlang drops the empty zone as Arrow IPC does,
    // native mode keeps it
    let empty = make("");
    let via_x: RecordBatch = x.deserialize(&x.serialize(&empty).unwrap()).unwrap();
    assert_eq!(via_x.column(0).data_type(), &naive);
    let n = Fory::builder().build();
    let via_n: RecordBatch = n.deserialize(&n.serialize(&empty).unwrap()).unwrap();
    assert_eq!(via_n, empty);
}

/// The value checks of offset-based and dictionary arrays run as fast
/// passes after the array is built (fory-core's serializer::arrow_check):
/// every byte of every shipped buffer of a small batch with strings
/// (ASCII and not), binaries, lists, a map and a dictionary, flipped
/// three ways, either fails to read or reads into columns arrow's full
/// validation accepts. Runs under valgrind (scripts/valgrind.sh).
#[test]
fn corrupt_offsets_keys_and_utf8_are_errors_or_valid() {
    let n = 9usize;
    let names = StringArray::from_iter((0..n).map(|i| (i % 4 != 1).then(|| format!("n{i}"))));
    let wide = StringArray::from_iter((0..n).map(|i| Some("é€😀".repeat(i % 3))));
    let blobs = arrow_array::BinaryArray::from_iter((0..n).map(|i| Some(vec![i as u8; i % 3])));
    let mut lists =
        arrow_array::builder::ListBuilder::new(arrow_array::builder::Int32Builder::new());
    for i in 0..n {
        for k in 0..(i % 3) as i32 {
            lists.values().append_value(k);
        }
        lists.append(i % 5 != 2);
    }
    let mut cats = arrow_array::builder::StringDictionaryBuilder::<Int8Type>::new();
    for i in 0..n {
        cats.append_value(["a", "bb", "ccc"][i % 3]);
    }
    let cols: Vec<ArrayRef> = vec![
        Arc::new(names),
        Arc::new(wide),
        Arc::new(blobs),
        Arc::new(lists.finish()),
        map_column().slice(0, 3),
        Arc::new(cats.finish()),
    ];
    let fields: Vec<Field> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| Field::new(format!("c{i}"), c.data_type().clone(), true))
        .collect();
    let opts = arrow_array::RecordBatchOptions::new().with_row_count(Some(3));
    let cols: Vec<ArrayRef> = cols.into_iter().map(|c| c.slice(0, 3)).collect();
    let b = RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), cols, &opts).unwrap();
    for fory in [Fory::builder().build(), Fory::builder().xlang(true).build()] {
        let mut objs = Vec::new();
        let stream = fory.serialize_with_callback(&b, &mut objs).unwrap();
        let shipped: Vec<Vec<u8>> = objs.iter().map(|o| o.to_buffer().to_vec()).collect();
        let (mut read, mut rejected) = (0, 0);
        for (i, buf) in shipped.iter().enumerate() {
            for at in 0..buf.len() {
                for flip in [0x01u8, 0x80, 0xff] {
                    let mut given: Vec<Bytes> =
                        shipped.iter().map(|b| Bytes::from(b.clone())).collect();
                    let mut bad = buf.clone();
                    bad[at] ^= flip;
                    given[i] = Bytes::from(bad);
                    match fory.deserialize_with_buffers::<RecordBatch, _>(&stream, given) {
                        Ok(back) => {
                            for c in back.columns() {
                                c.to_data()
                                    .validate_full()
                                    .expect("a read column validates");
                            }
                            read += 1;
                        }
                        Err(_) => rejected += 1,
                    }
                }
            }
        }
        // data bytes flip into other valid values; offsets and keys mostly
        // do not
        assert!(read > 0 && rejected > 0, "read {read}, rejected {rejected}");
    }
}

/// A stream whose schema declares a field non-nullable while its data has
/// nulls — top level and inside a struct — is an error naming the
/// column, in native mode (where the field's nullable byte is easy to
/// flip: name, then nullable, then type).
#[test]
fn nulls_in_a_non_nullable_field_are_an_error_naming_it() {
    let fory = Fory::builder().build();
    let flip = |stream: &mut Vec<u8>, name: u8| {
        // the name as a native string: header (1 << 2 | UTF-8), the byte
        // (every place the field is described)
        let pat = [0x06, name, 0x01];
        let at: Vec<usize> = (0..stream.len() - 2)
            .filter(|&i| stream[i..i + 3] == pat)
            .collect();
        assert!(!at.is_empty(), "the field in the schema");
        for i in at {
            stream[i + 2] = 0x00;
        }
    };
    let v = Arc::new(Int32Array::from(vec![Some(1), None, Some(3)])) as ArrayRef;
    let top = RecordBatch::try_from_iter([("v", v.clone())]).unwrap();
    let mut stream = fory.serialize(&top).unwrap();
    assert!(fory.deserialize::<RecordBatch>(&stream).is_ok());
    flip(&mut stream, b'v');
    let e = fory.deserialize::<RecordBatch>(&stream).unwrap_err();
    let named = |e: &fory_core::Error, c: &str| {
        let m = e.to_string();
        m.contains(&format!("'{c}'")) || m.contains(&format!("\"{c}\""))
    };
    assert!(named(&e, "v"), "the column is named: {e}");
    assert!(e.to_string().to_lowercase().contains("null"), "{e}");

    let inner = StructArray::from(vec![(
        Arc::new(Field::new("a", DataType::Int32, true)),
        v.clone(),
    )]);
    let nested = RecordBatch::try_from_iter([("s", Arc::new(inner) as ArrayRef)]).unwrap();
    let mut stream = fory.serialize(&nested).unwrap();
    assert!(fory.deserialize::<RecordBatch>(&stream).is_ok());
    flip(&mut stream, b'a');
    let e = fory.deserialize::<RecordBatch>(&stream).unwrap_err();
    assert!(named(&e, "s"), "the column is named: {e}");
}

/// Edge shapes a user meets: no rows, no columns (a row count only), a
/// zero-length slice at the very end, all in both modes, in band and out
/// of band.
#[test]
fn empty_batches_and_columnless_batches_round_trip() {
    let b = nested_batch();
    let no_columns = RecordBatch::try_new_with_options(
        Arc::new(Schema::empty()),
        vec![],
        &arrow_array::RecordBatchOptions::new().with_row_count(Some(7)),
    )
    .unwrap();
    let cases = [
        ("no rows", b.slice(0, 0)),
        ("a slice at the end", b.slice(b.num_rows(), 0)),
        ("no columns", no_columns),
        ("the flat batch, no rows", batch().slice(0, 0)),
    ];
    for fory in [Fory::builder().build(), Fory::builder().xlang(true).build()] {
        for (what, case) in &cases {
            let back: RecordBatch = fory.deserialize(&fory.serialize(case).unwrap()).unwrap();
            assert_eq!(&back, case, "{what}");
            assert_eq!(back.num_rows(), case.num_rows(), "{what}");
            let mut objs = Vec::new();
            let stream = fory.serialize_with_callback(case, &mut objs).unwrap();
            let given: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
            let back: RecordBatch = fory.deserialize_with_buffers(&stream, given).unwrap();
            assert_eq!(&back, case, "{what}, out of band");
        }
    }
}

/// A `RecordBatch` struct field in xlang mode is declared as pyfory
/// declares a field of an extension type (UNKNOWN, its value after its
/// type info EXT 7000), in both layouts, and round-trips in band and out
/// of band (zero-copy); native mode keeps its own id. The field was
/// declared RECORD_BATCH without type info in xlang mode and its xlang
/// data read back as the native form (an error).
#[test]
fn record_batch_struct_fields_round_trip_in_every_mode() {
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct WithBatch {
        name: String,
        batch: RecordBatch,
        maybe: Option<RecordBatch>,
    }
    for xlang in [false, true] {
        for compatible in [false, true] {
            let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
            f.register::<WithBatch>(1).unwrap();
            let v = WithBatch {
                name: "b".into(),
                batch: batch().slice(3, 10),
                maybe: None,
            };
            let what = format!("xlang {xlang}, compatible {compatible}");
            let bytes = f.serialize(&v).unwrap();
            assert_eq!(f.deserialize::<WithBatch>(&bytes).unwrap(), v, "{what}");
            let ext = [31u8, 0xd8, 0x36]; // EXT, varuint32 7000
            assert_eq!(bytes.windows(3).any(|w| w == ext), xlang, "{what}");
            let v = WithBatch {
                maybe: Some(batch().slice(0, 2)),
                ..v
            };
            let mut objs = Vec::new();
            let data = f.serialize_with_callback(&v, &mut objs).unwrap();
            let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
            let back: WithBatch = f.deserialize_with_buffers(&data, buffers).unwrap();
            assert_eq!(back, v, "{what}");
        }
    }
}

/// A compatible reader skips record batch and Arrow array fields it lacks
/// (alone, in an `Option` and a list; nested columns; sliced), in native
/// and xlang mode, in band and out of band: every column buffer is
/// consumed, so the field after them reads right and every buffer given
/// is used. It failed: "an unknown type id ... cannot be read as a
/// dynamic Value".
#[test]
fn skipped_record_batch_fields_consume_their_buffers() {
    mod v2 {
        use super::*;
        #[derive(fory_core::ForyObject, Debug, PartialEq)]
        pub struct Rb {
            pub a: String,
            pub extra: RecordBatch,
            pub maybe: Option<RecordBatch>,
            pub many: Vec<RecordBatch>,
            pub z: String,
        }
        #[derive(fory_core::ForyObject, Debug, PartialEq)]
        pub struct Col {
            pub a: String,
            pub col: ArrowArray,
            pub z: String,
        }
    }
    mod v1 {
        #[derive(fory_core::ForyObject, Debug, PartialEq)]
        pub struct Rb {
            pub a: String,
            pub z: String,
        }
    }
    let value = v2::Rb {
        a: "a".into(),
        extra: batch().slice(1, 20),
        maybe: Some(nested_batch()),
        many: vec![nested_batch().slice(3, 4), batch().slice(0, 0)],
        z: "z".into(),
    };
    let want = v1::Rb {
        a: "a".into(),
        z: "z".into(),
    };
    for xlang in [false, true] {
        let mut w = Fory::builder().xlang(xlang).build();
        w.register::<v2::Rb>(1).unwrap();
        w.register::<v2::Col>(2).unwrap();
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<v1::Rb>(1).unwrap();
        r.register::<v1::Rb>(2).unwrap_err(); // one type, one id
        let bytes = w.serialize(&value).unwrap();
        assert_eq!(
            r.deserialize::<v1::Rb>(&bytes).unwrap(),
            want,
            "xlang {xlang}"
        );
        let mut objs = Vec::new();
        let data = w.serialize_with_callback(&value, &mut objs).unwrap();
        let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
        let back: v1::Rb = r.deserialize_with_buffers(&data, buffers.clone()).unwrap();
        assert_eq!(back, want, "xlang {xlang}");
        let err = r
            .deserialize_with_buffers::<v1::Rb, _>(&data, buffers[..buffers.len() - 1].to_vec())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Buffers, "{err}");
        for i in 0..bytes.len() {
            assert!(r.deserialize::<v1::Rb>(&bytes[..i]).is_err(), "prefix {i}");
        }
        if !xlang {
            // a single array (native only)
            let mut r = Fory::builder().build();
            r.register::<v1::Rb>(2).unwrap();
            let col = v2::Col {
                a: "a".into(),
                col: ArrowArray(nested_list_of_struct()),
                z: "z".into(),
            };
            let mut objs = Vec::new();
            let data = w.serialize_with_callback(&col, &mut objs).unwrap();
            let back: v1::Rb = r
                .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
                .unwrap();
            assert_eq!(back, want);
        }
    }
}

/// A skipped batch whose bytes are hostile is an error naming the field
/// (and, with arrow's own checks left out of a skip, never a panic):
/// every byte flipped in turn.
#[test]
fn byte_flips_in_a_skipped_batch_never_panic() {
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct W {
        a: String,
        extra: RecordBatch,
    }
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct R {
        a: String,
    }
    for xlang in [false, true] {
        let mut w = Fory::builder().xlang(xlang).build();
        w.register::<W>(1).unwrap();
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<R>(1).unwrap();
        let good = w
            .serialize(&W {
                a: "a".into(),
                extra: nested_batch().slice(2, 5),
            })
            .unwrap();
        let mut named = 0;
        for i in 0..good.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = good.clone();
                bad[i] ^= flip;
                if let Err(e) = r.deserialize::<R>(&bad) {
                    named += e.to_string().contains("the writer's field `extra`") as usize;
                }
            }
        }
        assert!(named > 0, "xlang {xlang}");
    }
}

/// In xlang mode a list or map field of record batches writes the
/// batches' type info (EXT 7000) as pyfory writes a list or dict of
/// `pa.RecordBatch` (a type it declares as dynamic), and reads back;
/// native mode declares them.
#[test]
fn xlang_lists_and_maps_of_batches_carry_their_type_info() {
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct Batches {
        many: Vec<RecordBatch>,
        by_name: std::collections::BTreeMap<String, RecordBatch>,
    }
    let value = || Batches {
        many: vec![batch().slice(0, 2), batch().slice(5, 1)],
        by_name: [("k".to_string(), batch().slice(7, 3))].into(),
    };
    for xlang in [false, true] {
        for compatible in [false, true] {
            let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
            f.register::<Batches>(1).unwrap();
            let bytes = f.serialize(&value()).unwrap();
            let what = format!("xlang {xlang}, compatible {compatible}");
            assert_eq!(f.deserialize::<Batches>(&bytes).unwrap(), value(), "{what}");
            let ext = [31u8, 0xd8, 0x36];
            let n = bytes.windows(3).filter(|w| *w == ext).count();
            // once for the list, once for the map's chunk
            assert_eq!(n, if xlang { 2 } else { 0 }, "{what}");
        }
    }
}

/// Every buffer offered to the callback says truly whether it is the
/// batch's own memory: `is_copy` exactly for the ones that are not
/// (rebased offsets of a small slice of a long string or list column,
/// validity bits re-packed for a slice starting mid-byte), in both modes.
#[test]
fn offered_buffers_say_whether_they_are_copies() {
    fn memory(d: &arrow_data::ArrayData, out: &mut Vec<std::ops::Range<usize>>) {
        let mut add = |b: &fory_core::arrow_buffer::Buffer| {
            let p = b.as_ptr() as usize;
            out.push(p..p + b.len());
        };
        d.buffers().iter().for_each(&mut add);
        if let Some(n) = d.nulls() {
            add(n.buffer());
        }
        d.child_data().iter().for_each(|c| memory(c, out));
    }
    let text: ArrayRef = Arc::new(StringArray::from_iter(
        (0..200).map(|i| valid(i).then(|| format!("value {i}"))),
    ));
    let ints: ArrayRef = Arc::new(Int32Array::from_iter((0..200).map(|i| opt(i, i as i32))));
    let lists: ArrayRef = Arc::new(ListArray::from_iter_primitive::<Int32Type, _, _>(
        (0..200).map(|i| opt(i, vec![Some(i as i32); 3])),
    ));
    let mut copies = 0;
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).build();
        for a in [&text, &ints, &lists] {
            for (off, len) in [(0, 200), (8, 16), (3, 17), (150, 5)] {
                let s = a.slice(off, len);
                let mut own = Vec::new();
                memory(&s.to_data(), &mut own);
                let b = RecordBatch::try_from_iter([("c", s)]).unwrap();
                let mut objs = Vec::new();
                f.serialize_with_callback(&b, &mut objs).unwrap();
                for o in &objs {
                    let buf = o.getbuffer();
                    let p = buf.as_ptr() as usize;
                    let inside = buf.is_empty()
                        || own.iter().any(|r| r.start <= p && p + buf.len() <= r.end);
                    assert_eq!(
                        o.is_copy(),
                        !inside,
                        "xlang {xlang} {} [{off}, +{len}) buffer of {} bytes",
                        a.data_type(),
                        buf.len()
                    );
                    copies += o.is_copy() as usize;
                }
            }
        }
    }
    assert!(copies > 0, "some windows copy");
}

/// The IPC schema message is a flatbuffer whose verifier (arrow-rs's and
/// pyarrow's) reads at most a million tables: a schema of more fields in
/// all than that takes is refused on write, not sent and refused on read.
#[test]
fn xlang_schema_past_the_flatbuffer_table_limit_is_refused_on_write() {
    let x = Fory::builder().xlang(true).build();
    let leaf: ArrayRef = Arc::new(Int32Array::from(Vec::<i32>::new()));
    let field = Arc::new(Field::new("f", DataType::Int32, true));
    let wide = |n: usize| -> ArrayRef {
        Arc::new(StructArray::new(
            vec![field.clone(); n].into(),
            vec![leaf.clone(); n],
            None,
        ))
    };
    let batch = |cols: usize, n: usize| {
        let s = wide(n);
        let fields: Vec<Field> = (0..cols)
            .map(|i| Field::new(format!("c{i}"), s.data_type().clone(), true))
            .collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), vec![s; cols]).unwrap()
    };
    // 64 columns of 10,000 fields each: 640,064 fields, past a million
    // tables in the IPC message
    let e = x.serialize(&batch(64, 10_000)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
    assert!(e.message().contains("640064 fields"), "{e}");
    assert!(e.message().contains("flatbuffer verifier"), "{e}");
    // a wide schema the verifier takes (verified on write too) round-trips
    let ok = batch(30, 10_000);
    let back: RecordBatch = x.deserialize(&x.serialize(&ok).unwrap()).unwrap();
    assert_eq!(back, ok);
}
