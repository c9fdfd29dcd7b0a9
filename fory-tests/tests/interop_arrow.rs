//! DataFrames between Python (pyfory 1.7.7, pyarrow, pandas and
//! `python/fory_arrow.py`, pinned in the venv `scripts/test.sh` creates)
//! and Rust `RecordBatch`es, in xlang mode, both directions: through
//! files and over a TCP socket. Rust's reads are checked to be zero-copy
//! (every column buffer points into the buffers handed in).
//!
//! The bad-input tests at the end need no Python. The others are never
//! skipped: without the venv they fail and say how to make it.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use arrow_array::builder::{Int32Builder, Int64Builder, ListBuilder};
use arrow_array::types::{Int16Type, Int8Type};
use arrow_array::{
    Array, ArrayRef, BinaryArray, BooleanArray, Decimal128Array, DictionaryArray, Float64Array,
    Int16Array, Int32Array, Int64Array, LargeStringArray, RecordBatch, StringArray, StructArray,
    TimestampMicrosecondArray, TimestampNanosecondArray,
};
use arrow_data::ArrayData;
use arrow_schema::{DataType, Field, Fields, Schema, TimeUnit};
use bytes::Bytes;
use fory_core::value::Value;
use fory_core::{ErrorKind, Fory};
use fory_tests::peer;

fn run_py(args: &[&dyn AsRef<std::ffi::OsStr>]) {
    let mut cmd = Command::new(peer::python());
    cmd.arg(peer::script("interop_arrow.py"));
    for a in args {
        cmd.arg(a);
    }
    let out = cmd.output().expect("run the Python peer");
    assert!(
        out.status.success(),
        "the Python peer failed ({:?}):\n{}\n{}",
        cmd,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn xlang() -> Fory {
    Fory::builder().xlang(true).build()
}

/// NAME.bin and NAME.<i>.buf, as the Python peer writes them.
fn load(dir: &Path, name: &str) -> (Vec<u8>, Vec<Bytes>) {
    let stream = std::fs::read(dir.join(format!("{name}.bin"))).unwrap();
    let mut buffers = Vec::new();
    while let Ok(b) = std::fs::read(dir.join(format!("{name}.{}.buf", buffers.len()))) {
        buffers.push(Bytes::from(b));
    }
    (stream, buffers)
}

fn save(dir: &Path, name: &str, stream: &[u8], buffers: &[Bytes]) {
    std::fs::write(dir.join(format!("{name}.bin")), stream).unwrap();
    for (i, b) in buffers.iter().enumerate() {
        std::fs::write(dir.join(format!("{name}.{i}.buf")), b).unwrap();
    }
}

/// Serializes with every buffer out-of-band.
fn write_oob(fory: &Fory, batch: &RecordBatch) -> (Vec<u8>, Vec<Bytes>) {
    let mut objs = Vec::new();
    let stream = fory.serialize_with_callback(batch, &mut objs).unwrap();
    (stream, objs.iter().map(|o| o.to_buffer()).collect())
}

/// Every buffer of every level of `data` lies inside one of `given`.
fn assert_points_into(data: &ArrayData, given: &[Bytes], path: &str) {
    let inside = |p: *const u8, len: usize| {
        len == 0
            || given.iter().any(|g| {
                let (s, e) = (g.as_ptr() as usize, g.as_ptr() as usize + g.len());
                p as usize >= s && p as usize + len <= e
            })
    };
    if let Some(n) = data.nulls() {
        let b = n.buffer();
        assert!(inside(b.as_ptr(), b.len()), "{path}: validity copied");
    }
    for (i, b) in data.buffers().iter().enumerate() {
        assert!(inside(b.as_ptr(), b.len()), "{path}: buffer {i} copied");
    }
    for (i, c) in data.child_data().iter().enumerate() {
        assert_points_into(c, given, &format!("{path}.{i}"));
    }
}

/// The DataFrame of interop_arrow.py's `make_df`, as pyarrow converts it.
fn check_df(batch: &RecordBatch) {
    assert_eq!(batch.num_rows(), 4);
    let col = |name: &str| batch.column_by_name(name).unwrap().clone();
    let id = col("id");
    let id = id.as_any().downcast_ref::<Int64Array>().unwrap();
    assert_eq!(id.values().as_ref(), &[1, -2, 3, 1 << 62]);
    let score = col("score");
    let score = score.as_any().downcast_ref::<Float64Array>().unwrap();
    assert_eq!(
        score.iter().collect::<Vec<_>>(),
        [Some(1.5), None, Some(-0.25), Some(1e300)]
    );
    let name = col("name");
    let name = name.as_any().downcast_ref::<LargeStringArray>().unwrap();
    assert_eq!(
        name.iter().collect::<Vec<_>>(),
        [Some("ann"), None, Some("bø"), Some("中文")]
    );
    let flag = col("flag");
    let flag = flag.as_any().downcast_ref::<BooleanArray>().unwrap();
    assert_eq!(
        flag.iter().collect::<Vec<_>>(),
        [Some(true), Some(false), Some(true), Some(false)]
    );
    let when = col("when");
    assert_eq!(
        when.data_type(),
        &DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
    );
    let when = when
        .as_any()
        .downcast_ref::<TimestampNanosecondArray>()
        .unwrap();
    assert_eq!(
        when.iter().collect::<Vec<_>>(),
        [
            Some(1_704_067_200_000_000_000),
            Some(1_717_245_000_000_000_000),
            None,
            Some(946_684_799_500_000_000)
        ]
    );
    let kind = col("kind");
    let kind = kind
        .as_any()
        .downcast_ref::<DictionaryArray<Int8Type>>()
        .unwrap();
    let values = kind
        .values()
        .as_any()
        .downcast_ref::<LargeStringArray>()
        .unwrap();
    let kinds: Vec<_> = kind
        .keys()
        .iter()
        .map(|k| k.map(|k| values.value(k as usize)))
        .collect();
    assert_eq!(kinds, [Some("x"), Some("y"), Some("x"), None]);
    let price = col("price");
    let price = price.as_any().downcast_ref::<Decimal128Array>().unwrap();
    assert_eq!(price.scale(), 2);
    assert_eq!(
        price.iter().collect::<Vec<_>>(),
        [Some(150), None, Some(-225), Some(10_000)]
    );
    // pandas' metadata travels in the schema, so Python restores the dtypes
    assert!(batch.schema().metadata().contains_key("pandas"));
}

#[test]
fn dataframe_python_to_rust_and_back_out_of_band() {
    let dir = peer::tempdir("arrow-oob");
    run_py(&[&"write-df", &dir, &"df"]);
    let (stream, given) = load(&dir, "df");
    assert!(given.len() >= 10, "{} buffers", given.len());
    let fory = xlang();
    let batch: RecordBatch = fory
        .deserialize_with_buffers(&stream, given.iter().cloned())
        .unwrap();
    check_df(&batch);
    for (f, c) in batch.schema().fields().iter().zip(batch.columns()) {
        assert_points_into(&c.to_data(), &given, f.name());
    }
    // through native mode and back: the schema metadata (pandas') stays
    let native = Fory::builder().build();
    let mut objs = Vec::new();
    let data = native.serialize_with_callback(&batch, &mut objs).unwrap();
    let batch: RecordBatch = native
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
        .unwrap();
    check_df(&batch);
    let (back, buffers) = write_oob(&fory, &batch);
    save(&dir, "back", &back, &buffers);
    run_py(&[&"check-df", &dir, &"back"]);
}

#[test]
fn dataframe_python_to_rust_and_back_in_band() {
    let dir = peer::tempdir("arrow-inband");
    run_py(&[&"write-df-inband", &dir, &"df"]);
    let (stream, given) = load(&dir, "df");
    assert!(given.is_empty());
    let fory = xlang();
    let batch: RecordBatch = fory.deserialize(&stream).unwrap();
    check_df(&batch);
    let back = fory.serialize(&batch).unwrap();
    save(&dir, "back", &back, &[]);
    run_py(&[&"check-df", &dir, &"back"]);
}

/// pyfory's `{"name": "df", "batch": pa.RecordBatch}` read as a dynamic
/// `Value` (out of band: zero-copy), written back as pyfory wrote it
/// around the batch and as the typed write writes the batch (the same
/// buffers offered), and read by Python.
#[test]
fn a_dict_holding_a_batch_reads_as_a_value_and_goes_back() {
    for (cmd, oob) in [("write-value", true), ("write-value-inband", false)] {
        let dir = peer::tempdir(cmd);
        run_py(&[&cmd, &dir, &"value"]);
        let (stream, given) = load(&dir, "value");
        assert_eq!(given.is_empty(), !oob, "{cmd}");
        let fory = xlang();
        let v: Value = if oob {
            fory.deserialize_with_buffers(&stream, given.iter().cloned())
                .unwrap()
        } else {
            fory.deserialize(&stream).unwrap()
        };
        assert_eq!(v.get("name").and_then(Value::as_str), Some("df"), "{cmd}");
        let Some(Value::RecordBatch(batch)) = v.get("batch") else {
            panic!("{cmd}: no batch in {v}");
        };
        check_df(batch);
        if oob {
            for (f, c) in batch.schema().fields().iter().zip(batch.columns()) {
                assert_points_into(&c.to_data(), &given, f.name());
            }
        }
        assert_eq!(
            v.to_string(),
            r#"{"name": "df", "batch": RecordBatch[4 rows × 7 columns]}"#
        );
        let (back, buffers) = if oob {
            let mut objs = Vec::new();
            let back = fory.serialize_with_callback(&v, &mut objs).unwrap();
            (back, objs.iter().map(|o| o.to_buffer()).collect())
        } else {
            (fory.serialize(&v).unwrap(), Vec::new())
        };
        // pyfory's bytes up to the batch's data (the map's chunks, the
        // key, the type info EXT 7000), then the typed write's batch: its
        // IPC schema message is arrow-rs's flatbuffer, not pyarrow's, so
        // the typed write of a batch is not pyfory's byte for byte
        let key = b"\x14batch";
        let at = stream.windows(key.len()).position(|w| w == key).unwrap() + key.len();
        let (typed, typed_buffers) = if oob {
            let mut objs = Vec::new();
            let typed = fory.serialize_with_callback(batch, &mut objs).unwrap();
            (typed, objs.iter().map(|o| o.to_buffer()).collect())
        } else {
            (fory.serialize(batch).unwrap(), Vec::new())
        };
        // header, flag, EXT, varuint32 7000
        assert_eq!(typed[2..5], [31, 0xd8, 0x36]);
        let want = [&stream[..at], &typed[5..]].concat();
        if let Some(diff) = peer::bytes_differ(cmd, &want, &back) {
            panic!("{diff}");
        }
        assert_eq!(buffers, typed_buffers, "{cmd}: the buffers offered");
        if oob {
            // python/fory_arrow.py offers 16 buffers for this batch, Rust
            // 15: the one left out is the all-valid bitmap of the `kind`
            // column's categories (pandas gives them one; arrow-rs keeps
            // none without a null); the others are the same bytes
            // (docs/interop.md, "Out-of-band buffers of a record batch")
            assert_eq!(given.len(), 16, "{cmd}");
            assert_eq!(given[11].as_ref(), [0b11], "{cmd}: the categories' bitmap");
            let mut without = given.clone();
            without.remove(11);
            assert_eq!(
                buffers, without,
                "{cmd}: Rust's buffers are Python's but one"
            );
        }
        save(&dir, "back", &back, &buffers);
        run_py(&[&"check-value", &dir, &"back"]);
    }
}

/// A `pa.Table` (EXT 7001, sent as one batch) reads as a
/// `Value::RecordBatch`, as the typed read reads it as a `RecordBatch`.
#[test]
fn a_table_in_a_list_reads_as_a_value_record_batch() {
    let dir = peer::tempdir("arrow-tables");
    run_py(&[&"write-tables", &dir, &"tables"]);
    let (stream, given) = load(&dir, "tables");
    assert!(given.is_empty());
    let v: Value = xlang().deserialize(&stream).unwrap();
    let items = v.as_list().expect("a list");
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_str(), Some("t"));
    let (Value::RecordBatch(table), Value::RecordBatch(batch)) = (&items[1], &items[2]) else {
        panic!("not two batches: {v}");
    };
    check_df(table);
    check_df(batch);
    assert_eq!(table, batch);
}

/// Nulls, sliced columns (the windows interop_arrow.py expects), nesting,
/// a dictionary, a time zone, decimals.
fn rust_batch() -> RecordBatch {
    let n = Int32Array::from(vec![Some(10), Some(20), None, Some(40), Some(50)]).slice(1, 3);
    let s = StringArray::from(vec![Some("a"), Some("b"), None, Some("dd")]).slice(1, 3);
    let mut l = ListBuilder::new(Int64Builder::new());
    l.append_value([Some(1)]);
    l.append_value([Some(2), None]);
    l.append_null();
    l.append_value([]);
    let l = l.finish().slice(1, 3);
    let b = BooleanArray::from(vec![Some(true), Some(false), None, Some(true)]).slice(1, 3);
    let st_fields = Fields::from(vec![
        Field::new("a", DataType::Int16, true),
        Field::new("b", DataType::Utf8, true),
    ]);
    let st = StructArray::new(
        st_fields.clone(),
        vec![
            Arc::new(Int16Array::from(vec![1, 2, 3, 4])) as ArrayRef,
            Arc::new(StringArray::from(vec![
                Some("x"),
                Some("y"),
                Some("z"),
                None,
            ])),
        ],
        Some(vec![true, true, false, true].into()),
    )
    .slice(1, 3);
    let d = DictionaryArray::<Int16Type>::new(
        Int16Array::from(vec![Some(0), Some(1), None]),
        Arc::new(StringArray::from(vec!["lo", "hi"])),
    );
    let t = TimestampMicrosecondArray::from(vec![Some(1_704_067_200_000_000), None, Some(0)])
        .with_timezone("UTC");
    let dec = Decimal128Array::from(vec![Some(123), None, Some(-456)])
        .with_precision_and_scale(10, 2)
        .unwrap();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(n),
        Arc::new(s),
        Arc::new(l),
        Arc::new(b),
        Arc::new(st),
        Arc::new(d),
        Arc::new(t),
        Arc::new(dec),
    ];
    let fields: Vec<Field> = ["n", "s", "l", "b", "st", "d", "t", "dec"]
        .iter()
        .zip(&columns)
        .map(|(name, c)| Field::new(*name, c.data_type().clone(), true))
        .collect();
    // schema metadata: interop_arrow.py checks it arrived
    let metadata = [("origin", "fory-rust"), ("note", "ü")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect::<arrow_schema::Metadata>();
    let schema = Schema::new(fields).with_metadata(metadata);
    RecordBatch::try_new(Arc::new(schema), columns).unwrap()
}

#[test]
fn rust_batch_to_python_and_back() {
    let dir = peer::tempdir("arrow-rust");
    let fory = xlang();
    let batch = rust_batch();
    let (stream, buffers) = write_oob(&fory, &batch);
    save(&dir, "rust", &stream, &buffers);
    run_py(&[&"echo", &dir, &"rust", &"echoed"]);
    let (stream, given) = load(&dir, "echoed");
    let back: RecordBatch = fory
        .deserialize_with_buffers(&stream, given.iter().cloned())
        .unwrap();
    assert_eq!(back, batch);
    for c in back.columns() {
        assert_points_into(&c.to_data(), &given, "echoed");
    }
    // in-band too: Python reads the buffers out of the stream
    let inband = fory.serialize(&batch).unwrap();
    save(&dir, "rust_inband", &inband, &[]);
    run_py(&[&"echo", &dir, &"rust_inband", &"echoed2"]);
}

/// A batch of `columns`, each field named and nullable.
fn batch_of(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, c)| Field::new(*name, c.data_type().clone(), true))
        .collect();
    let columns = columns.into_iter().map(|(_, c)| c).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap()
}

/// interop_arrow.py's `buffer_batches`, as Rust holds them: ints,
/// floats, strings, bools, binary and (nested) lists, without and with
/// nulls, and "all_valid", which Python writes with two all-valid
/// bitmaps (the `i` and `s` columns) that no Rust array carries.
fn buffer_batches() -> Vec<(&'static str, RecordBatch)> {
    let list = |rows: &[Option<Vec<Option<i64>>>]| {
        let mut b = ListBuilder::new(Int64Builder::new());
        for r in rows {
            match r {
                Some(items) => b.append_value(items.iter().copied()),
                None => b.append_null(),
            }
        }
        Arc::new(b.finish()) as ArrayRef
    };
    let mut ll = ListBuilder::new(ListBuilder::new(Int32Builder::new()));
    ll.values().append_value([Some(1)]);
    ll.values().append_value([Some(2), Some(3)]);
    ll.append(true);
    ll.append(true);
    ll.values().append_value([]);
    ll.append(true);
    let no_nulls = batch_of(vec![
        ("i", Arc::new(Int64Array::from(vec![1, -2, 3]))),
        ("f", Arc::new(Float64Array::from(vec![1.5, -0.25, 1e300]))),
        ("s", Arc::new(StringArray::from(vec!["a", "bø", ""]))),
        ("b", Arc::new(BooleanArray::from(vec![true, false, true]))),
        (
            "bin",
            Arc::new(BinaryArray::from(vec![&b"\x00\x01"[..], b"", b"xyz"])),
        ),
        (
            "l",
            list(&[
                Some(vec![Some(1), Some(2)]),
                Some(vec![]),
                Some(vec![Some(3)]),
            ]),
        ),
        ("ll", Arc::new(ll.finish())),
    ]);
    let nulls = batch_of(vec![
        (
            "i",
            Arc::new(Int64Array::from(vec![Some(1), None, Some(3)])),
        ),
        (
            "f",
            Arc::new(Float64Array::from(vec![None, Some(2.5), None])),
        ),
        (
            "s",
            Arc::new(StringArray::from(vec![Some("a"), None, Some("中")])),
        ),
        (
            "b",
            Arc::new(BooleanArray::from(vec![None, Some(true), Some(false)])),
        ),
        (
            "bin",
            Arc::new(BinaryArray::from(vec![Some(&b"x"[..]), None, Some(b"")])),
        ),
        ("l", list(&[Some(vec![Some(1), None]), None, Some(vec![])])),
    ]);
    let all_valid = batch_of(vec![
        ("i", Arc::new(Int64Array::from(vec![7, 8, 9]))),
        ("s", Arc::new(StringArray::from(vec!["x", "", "yz"]))),
        (
            "f",
            Arc::new(Float64Array::from(vec![Some(0.5), None, Some(2.0)])),
        ),
    ]);
    vec![
        ("no_nulls", no_nulls),
        ("nulls", nulls),
        ("all_valid", all_valid),
    ]
}

/// The out-of-band buffers of a record batch are pyfory's (with
/// python/fory_arrow.py), count and bytes, both ways: Rust writes each of
/// `buffer_batches` and Python reads it, checks the values, and checks
/// that what it offers for the batch (read, or built as Rust holds it) is
/// what Rust offered; Python writes them and Rust reads each (zero-copy),
/// and offers what Python did. The one difference: an all-valid bitmap
/// (a validity bitmap without a null, which pyarrow may keep) is absent
/// from Rust's write, as arrow-rs keeps no validity for an array without
/// nulls; fory_arrow.py reads both layouts (a bool "present" per buffer),
/// and so does Rust (docs/interop.md, "Out-of-band buffers of a record
/// batch").
#[test]
fn batch_buffers_out_of_band_are_pyforys() {
    let dir = peer::tempdir("arrow-buffers");
    let fory = xlang();
    let batches = buffer_batches();
    // Rust -> Python
    for (name, batch) in &batches {
        let (stream, buffers) = write_oob(&fory, batch);
        save(&dir, name, &stream, &buffers);
    }
    run_py(&[&"check-batches", &dir]);
    // Python -> Rust
    let py_dir = peer::tempdir("arrow-buffers-python");
    run_py(&[&"write-batches", &py_dir]);
    for (name, batch) in &batches {
        let (stream, given) = load(&py_dir, name);
        assert_eq!(stream[0] & 2, 2, "{name}: written without a callback");
        let back: RecordBatch = fory
            .deserialize_with_buffers(&stream, given.iter().cloned())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(&back, batch, "{name}");
        for (f, c) in back.schema().fields().iter().zip(back.columns()) {
            assert_points_into(&c.to_data(), &given, &format!("{name}.{}", f.name()));
        }
        let (_, ours) = write_oob(&fory, batch);
        let (_, again) = write_oob(&fory, &back);
        assert_eq!(
            again, ours,
            "{name}: what Rust offers for the batch it read"
        );
        let expected: Vec<Bytes> = if *name == "all_valid" {
            // Python's: i's bitmap, i's values, s's bitmap, s's offsets
            // and data, f's bitmap and values; Rust's the same without
            // the two all-valid bitmaps
            assert_eq!(given.len(), 7, "{name}");
            assert_eq!(given[0].as_ref(), [0b111], "{name}: i's bitmap");
            assert_eq!(given[2].as_ref(), [0b111], "{name}: s's bitmap");
            given
                .iter()
                .enumerate()
                .filter(|(i, _)| ![0, 2].contains(i))
                .map(|(_, b)| b.clone())
                .collect()
        } else {
            given.clone()
        };
        assert_eq!(ours.len(), expected.len(), "{name}: the buffer count");
        for (i, (a, b)) in ours.iter().zip(&expected).enumerate() {
            assert_eq!(
                a,
                b,
                "{name}: buffer {i}: Rust {}, pyfory {}",
                fory_tests::to_hex(a),
                fory_tests::to_hex(b)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&py_dir);
}

/// A message: u64 count of blobs, then u64 length + bytes each (the stream
/// first, then the out-of-band buffers).
fn recv_msg(r: &mut impl Read) -> Vec<Bytes> {
    let mut word = [0u8; 8];
    r.read_exact(&mut word).unwrap();
    let count = u64::from_le_bytes(word);
    assert!(count < 10_000);
    (0..count)
        .map(|_| {
            r.read_exact(&mut word).unwrap();
            let mut blob = vec![0u8; u64::from_le_bytes(word) as usize];
            r.read_exact(&mut blob).unwrap();
            Bytes::from(blob)
        })
        .collect()
}

fn send_msg(w: &mut impl Write, blobs: &[&[u8]]) {
    w.write_all(&(blobs.len() as u64).to_le_bytes()).unwrap();
    for b in blobs {
        w.write_all(&(b.len() as u64).to_le_bytes()).unwrap();
        w.write_all(b).unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn dataframe_over_a_socket() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let peer = std::thread::spawn(move || run_py(&[&"socket", &port]));
    let (mut conn, _) = listener.accept().unwrap();
    let mut blobs = recv_msg(&mut conn);
    let stream = blobs.remove(0);
    let fory = xlang();
    let batch: RecordBatch = fory
        .deserialize_with_buffers(&stream, blobs.iter().cloned())
        .unwrap();
    check_df(&batch);
    for c in batch.columns() {
        assert_points_into(&c.to_data(), &blobs, "socket");
    }
    let (back, buffers) = write_oob(&fory, &batch);
    let mut reply: Vec<&[u8]> = vec![&back];
    reply.extend(buffers.iter().map(|b| b.as_ref()));
    send_msg(&mut conn, &reply);
    peer.join().expect("the Python peer failed");
}

// ----- bad input on the xlang path: errors naming the problem, no panics -----

fn small_batch() -> RecordBatch {
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from(vec![Some(1), None, Some(3)])),
        Arc::new(StringArray::from(vec!["a", "bb", "ccc"])),
    ];
    let schema = Schema::new(vec![
        Field::new("x", DataType::Int64, true),
        Field::new("s", DataType::Utf8, false),
    ]);
    RecordBatch::try_new(Arc::new(schema), columns).unwrap()
}

#[test]
fn xlang_batch_round_trips_in_rust() {
    let fory = xlang();
    let batch = rust_batch();
    let (stream, buffers) = write_oob(&fory, &batch);
    let back: RecordBatch = fory
        .deserialize_with_buffers(&stream, buffers.iter().cloned())
        .unwrap();
    assert_eq!(back, batch);
    let back: RecordBatch = fory.deserialize(&fory.serialize(&batch).unwrap()).unwrap();
    assert_eq!(back, batch);
    // type info: EXT (31), user type id 7000
    let stream = fory.serialize(&small_batch()).unwrap();
    assert_eq!(&stream[..5], &[0x01, 0xff, 31, 0xd8, 0x36]);
}

#[test]
fn truncated_xlang_batches_are_errors() {
    let fory = xlang();
    let stream = fory.serialize(&rust_batch()).unwrap();
    for cut in 0..stream.len() {
        assert!(
            fory.deserialize::<RecordBatch>(&stream[..cut]).is_err(),
            "cut at {cut}"
        );
    }
}

#[test]
fn a_schema_message_that_does_not_parse_is_an_error() {
    let fory = xlang();
    let stream = fory.serialize(&small_batch()).unwrap();
    // header, flag, EXT, 2-byte id, 2-byte size, then the message
    let (size, at) = (u16::from_le_bytes([stream[5], stream[6]]), 7);
    assert_eq!(size & 0x80, 0x80, "a two-byte size");
    let mut bad = stream.clone();
    for b in &mut bad[at + 8..at + 40] {
        *b ^= 0x5a;
    }
    let err = fory.deserialize::<RecordBatch>(&bad).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData);
    assert!(err.to_string().contains("IPC schema message"), "{err}");
    // a negative encapsulated length
    let mut bad = stream.clone();
    bad[at + 4..at + 8].copy_from_slice(&(-8i32).to_le_bytes());
    let err = fory.deserialize::<RecordBatch>(&bad).unwrap_err();
    assert!(err.to_string().contains("does not parse"), "{err}");
}

#[test]
fn missing_surplus_and_wrong_buffers_are_errors() {
    let fory = xlang();
    let batch = small_batch();
    let (stream, buffers) = write_oob(&fory, &batch);
    // x: validity, values; s: offsets, values (no validity)
    assert_eq!(buffers.len(), 4);
    let err = fory
        .deserialize_with_buffers::<RecordBatch, _>(&stream, buffers[..3].iter().cloned())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Buffers);
    assert!(
        err.to_string().contains("only 3 buffers were given"),
        "{err}"
    );
    let mut more = buffers.clone();
    more.push(Bytes::from_static(b"extra"));
    assert!(fory
        .deserialize_with_buffers::<RecordBatch, _>(&stream, more)
        .is_err());
    // values of 7 bytes: not whole i64s
    let mut odd = buffers.clone();
    odd[1] = Bytes::from_static(&[0; 7]);
    let err = fory
        .deserialize_with_buffers::<RecordBatch, _>(&stream, odd)
        .unwrap_err();
    assert!(err.to_string().contains("8-byte elements"), "{err}");
    // values too short for the rows
    let mut short = buffers.clone();
    short[1] = Bytes::from_static(&[0; 8]);
    let err = fory
        .deserialize_with_buffers::<RecordBatch, _>(&stream, short)
        .unwrap_err();
    assert!(err.to_string().contains("column \"x\""), "{err}");
    // a validity bitmap of no bytes
    let mut empty = buffers.clone();
    empty[0] = Bytes::new();
    let err = fory
        .deserialize_with_buffers::<RecordBatch, _>(&stream, empty)
        .unwrap_err();
    assert!(err.to_string().contains("validity bitmap"), "{err}");
    // offsets pointing past the values
    let mut offsets = buffers.clone();
    offsets[2] = Bytes::from(
        [0i32, 1, 3, 99]
            .iter()
            .flat_map(|o| o.to_le_bytes())
            .collect::<Vec<_>>(),
    );
    let err = fory
        .deserialize_with_buffers::<RecordBatch, _>(&stream, offsets)
        .unwrap_err();
    assert!(err.to_string().contains("invalid Arrow array"), "{err}");
    // garbage everywhere
    for i in 0..buffers.len() {
        for junk in [&[][..], &[0xff; 3], &[0xff; 64]] {
            let mut bad = buffers.clone();
            bad[i] = Bytes::copy_from_slice(junk);
            let _ = fory.deserialize_with_buffers::<RecordBatch, _>(&stream, bad);
        }
    }
}

#[test]
fn a_wrong_buffer_count_or_an_absent_buffer_is_an_error() {
    let fory = xlang();
    let stream = fory.serialize(&small_batch()).unwrap();
    // column x's node: len 3, offset 0, 2 buffers (validity, values)
    let schema_size = (stream[5] & 0x7f) as usize | ((stream[6] as usize) << 7);
    let node = 7 + schema_size + 1;
    assert_eq!(&stream[node..node + 3], &[3, 0, 2]);
    let mut bad = stream.clone();
    bad[node + 2] = 1;
    let err = fory.deserialize::<RecordBatch>(&bad).unwrap_err();
    assert!(
        err.to_string().contains("has 1 buffers, its layout has 2"),
        "{err}"
    );
    bad[node + 2] = 3;
    let err = fory.deserialize::<RecordBatch>(&bad).unwrap_err();
    assert!(
        err.to_string().contains("has 3 buffers, its layout has 2"),
        "{err}"
    );
    // the values buffer marked absent: validity slot is 1 + size 1 + 1
    // byte, so the values' present flag follows
    let mut bad = stream.clone();
    let values = node + 3 + 3;
    assert_eq!(bad[values], 1);
    bad[values] = 0;
    let err = fory.deserialize::<RecordBatch>(&bad).unwrap_err();
    assert!(err.to_string().contains("buffer 1 is absent"), "{err}");
    // an ArrowArray is still native only
    let err = fory
        .serialize(&fory_core::serializer::arrow::ArrowArray(Arc::new(
            Int64Array::from(vec![1]),
        )))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
}

/// The fenced ```python blocks of the "DataFrames" section of
/// docs/interop.md, in order.
fn interop_page_python_blocks() -> Vec<String> {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/interop.md");
    let text = std::fs::read_to_string(page).unwrap();
    let section = text
        .split("\n## ")
        .find(|s| s.starts_with("DataFrames"))
        .expect("the DataFrames section of docs/interop.md");
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(at) = rest.find("```python\n") {
        let body = &rest[at + "```python\n".len()..];
        let end = body.find("\n```").expect("a closed block");
        blocks.push(body[..end].to_string());
        rest = &body[end..];
    }
    blocks
}

/// The recipe of docs/interop.md exactly as printed: its first Python
/// block writes a DataFrame out-of-band to files, Rust reads them
/// zero-copy and writes the batch back, its second block reads that as a
/// DataFrame and checks it.
#[test]
fn the_dataframe_recipe_in_the_docs_runs() {
    let blocks = interop_page_python_blocks();
    assert_eq!(blocks.len(), 2, "a write block and a read block");
    let dir = peer::tempdir("arrow-docs-recipe");
    let run = |code: &str| run_py_code(&dir, code);
    run(&blocks[0]);
    let (stream, buffers) = load(&dir, "df");
    assert!(
        !buffers.is_empty(),
        "the recipe ships its buffers out-of-band"
    );
    let fory = xlang();
    let batch: RecordBatch = fory
        .deserialize_with_buffers(&stream, buffers.clone())
        .unwrap();
    assert_eq!(batch.num_rows(), 2);
    let ids = batch.column_by_name("id").unwrap();
    let ids = ids.as_any().downcast_ref::<Int64Array>().unwrap();
    assert_eq!(ids.values().as_ref(), &[1, 2]);
    let names = batch.column_by_name("name").unwrap();
    // pandas' strings arrive as large_string (pandas 3) or string
    let first = match names.data_type() {
        DataType::LargeUtf8 => names
            .as_any()
            .downcast_ref::<LargeStringArray>()
            .unwrap()
            .value(0),
        DataType::Utf8 => names
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap()
            .value(0),
        other => panic!("names as {other}"),
    };
    assert_eq!((first, names.is_null(1)), ("ann", true));
    let price = batch.column_by_name("price").unwrap();
    assert!(
        matches!(price.data_type(), DataType::Decimal128(_, 2)),
        "{}",
        price.data_type()
    );
    assert!(price.is_null(1));
    for c in batch.columns() {
        assert_points_into(&c.to_data(), &buffers, "docs recipe");
    }
    let (back, back_buffers) = write_oob(&fory, &batch);
    save(&dir, "back", &back, &back_buffers);
    run(&blocks[1]);
}

/// Runs `code` with the venv's Python in `dir`, fory_arrow importable.
fn run_py_code(dir: &Path, code: &str) {
    let out = Command::new(peer::python())
        .arg("-c")
        .arg(code)
        .current_dir(dir)
        .env(
            "PYTHONPATH",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../python"),
        )
        .output()
        .expect("run Python");
    assert!(
        out.status.success(),
        "Python failed:\n{code}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// DataFrames with no rows (every dtype of the main test) and a Table
/// sliced to nothing go Python -> Rust -> Python and stay equal.
#[test]
fn empty_dataframes_cross_both_ways() {
    let dir = peer::tempdir("arrow-empty-df");
    let common = r#"
import decimal, glob
import pandas as pd, pyarrow as pa, pyfory
import fory_arrow
fory = pyfory.Fory(xlang=True, ref=False)
fory_arrow.register(fory)
def frames():
    df = pd.DataFrame({
        "id": pd.Series([], dtype="int64"),
        "score": pd.Series([], dtype="float64"),
        "name": pd.Series([], dtype="str"),
        "flag": pd.Series([], dtype="bool"),
        "when": pd.Series([], dtype="datetime64[ns, UTC]"),
        "kind": pd.Categorical([], categories=["x", "y"]),
    })
    full = pa.table({"x": pa.array([1, 2, 3], pa.int32()), "s": pa.array(["a", None, "c"])})
    return {"empty": fory_arrow.from_pandas(df), "sliced": full.slice(3, 0)}
"#;
    let write = format!(
        "{common}
for name, table in frames().items():
    objs = []
    stream = fory.serialize(table, buffer_callback=lambda o: objs.append(o) and False)
    open(name + '.bin', 'wb').write(stream)
    for i, o in enumerate(objs):
        open(f'{{name}}.{{i}}.buf', 'wb').write(o.getbuffer())
"
    );
    run_py_code(&dir, &write);
    let fory = xlang();
    for (name, columns) in [("empty", 6), ("sliced", 2)] {
        let (stream, buffers) = load(&dir, name);
        let batch: RecordBatch = fory.deserialize_with_buffers(&stream, buffers).unwrap();
        assert_eq!(
            (batch.num_rows(), batch.num_columns()),
            (0, columns),
            "{name}"
        );
        let (back, back_buffers) = write_oob(&fory, &batch);
        save(&dir, &format!("{name}_back"), &back, &back_buffers);
        // in-band too: empty buffers in line
        let inline = fory.serialize(&batch).unwrap();
        std::fs::write(dir.join(format!("{name}_inline.bin")), inline).unwrap();
    }
    // a column of only empty strings has an empty values buffer
    let blanks =
        RecordBatch::try_from_iter([("s", Arc::new(StringArray::from(vec!["", ""])) as ArrayRef)])
            .unwrap();
    std::fs::write(
        dir.join("blanks_inline.bin"),
        fory.serialize(&blanks).unwrap(),
    )
    .unwrap();
    let check = format!(
        "{common}
for name, table in frames().items():
    n = len(glob.glob(name + '_back.*.buf'))
    back = fory.deserialize(open(name + '_back.bin', 'rb').read(),
        buffers=[memoryview(open(f'{{name}}_back.{{i}}.buf', 'rb').read()) for i in range(n)])
    got = back if isinstance(back, pa.Table) else pa.Table.from_batches([back])
    assert got.num_rows == 0, name
    assert got.schema.equals(table.schema, check_metadata=True), (name, got.schema, table.schema)
    # in line, empty buffers are empty pyfory buffers (pyarrow aborted
    # the process on one before fory_arrow wrapped it)
    inline = fory.deserialize(open(name + '_inline.bin', 'rb').read())
    assert inline.num_rows == 0 and inline.schema.equals(table.schema), name
    inline = fory.deserialize(fory.serialize(table))
    assert inline.num_rows == 0, name
blanks = fory.deserialize(open('blanks_inline.bin', 'rb').read())
assert blanks.column(0).to_pylist() == ['', ''], blanks
blanks = fory.deserialize(fory.serialize(fory_arrow.from_pandas(pd.DataFrame({{'s': ['', '']}}))))
assert list(fory_arrow.to_pandas(blanks)['s']) == ['', ''], blanks
"
    );
    run_py_code(&dir, &check);
}

/// Extension columns (a fixed-shape tensor over a fixed-size list, a
/// pandas interval over a struct, a JSON string) are their storage on the
/// wire, the extension named in the field's metadata: pyfory writes and
/// reads them through fory_arrow.py (the nested ones wrote no child nodes,
/// and reading one crashed the process), and Rust reads them as their
/// storage with the metadata kept, and writes them back.
#[test]
fn extension_columns_cross_both_ways() {
    let dir = peer::tempdir("arrow-extension");
    let common = r#"
import glob
import numpy as np, pandas as pd, pyarrow as pa, pyfory
import fory_arrow
fory = pyfory.Fory(xlang=True, ref=False)
fory_arrow.register(fory)
def batch():
    tensor = pa.FixedShapeTensorArray.from_numpy_ndarray(np.arange(12, dtype="float32").reshape(3, 2, 2))
    interval = pa.Table.from_pandas(pd.DataFrame({"iv": pd.interval_range(0, 3)}), preserve_index=False).column(0).combine_chunks()
    js = pa.array(['{"a":1}', None, "[]"], pa.json_())
    return pa.record_batch([tensor, interval, js], names=["t", "iv", "js"])
"#;
    let write = format!(
        "{common}
b = batch()
assert fory.deserialize(fory.serialize(b)).equals(b)
objs = []
stream = fory.serialize(b, buffer_callback=lambda o: objs.append(o) and False)
open('ext.bin', 'wb').write(stream)
for i, o in enumerate(objs):
    open(f'ext.{{i}}.buf', 'wb').write(o.getbuffer())
"
    );
    run_py_code(&dir, &write);
    let fory = xlang();
    let (stream, buffers) = load(&dir, "ext");
    let batch: RecordBatch = fory.deserialize_with_buffers(&stream, buffers).unwrap();
    assert_eq!((batch.num_rows(), batch.num_columns()), (3, 3));
    let schema = batch.schema();
    assert_eq!(
        schema
            .field(0)
            .metadata()
            .get("ARROW:extension:name")
            .map(String::as_str),
        Some("arrow.fixed_shape_tensor")
    );
    let values = batch.column(0).to_data().child_data()[0].len();
    assert_eq!(values, 12, "the tensor's 12 floats");
    let (back, back_buffers) = write_oob(&fory, &batch);
    save(&dir, "ext_back", &back, &back_buffers);
    std::fs::write(dir.join("ext_inline.bin"), fory.serialize(&batch).unwrap()).unwrap();
    let check = format!(
        "{common}
# (made first: building it registers pandas' extension types with pyarrow)
want = batch()
n = len(glob.glob('ext_back.*.buf'))
back = fory.deserialize(open('ext_back.bin', 'rb').read(),
    buffers=[memoryview(open(f'ext_back.{{i}}.buf', 'rb').read()) for i in range(n)])
assert back.equals(want), back
assert fory.deserialize(open('ext_inline.bin', 'rb').read()).equals(want)
"
    );
    run_py_code(&dir, &check);
}

/// A batch of no columns keeps its row count both ways (Python read it as
/// 0 rows), and fory_arrow.py refuses the types the encoding does not
/// carry when writing, as Rust does (it wrote them, and reading failed).
#[test]
fn zero_column_batches_keep_their_rows_and_python_refuses_unsupported_types() {
    use arrow_array::RecordBatchOptions;
    let dir = peer::tempdir("arrow-zero-columns");
    let fory = xlang();
    let schema = Arc::new(arrow_schema::Schema::empty());
    let options = RecordBatchOptions::new().with_row_count(Some(5));
    let batch = RecordBatch::try_new_with_options(schema, vec![], &options).unwrap();
    std::fs::write(dir.join("rows.bin"), fory.serialize(&batch).unwrap()).unwrap();
    let code = r#"
import pyarrow as pa, pyfory
import fory_arrow
fory = pyfory.Fory(xlang=True, ref=False)
fory_arrow.register(fory)
b = fory.deserialize(open('rows.bin', 'rb').read())
assert (b.num_rows, b.num_columns) == (5, 0), b
# a hostile row count costs nothing
assert fory.deserialize(fory.serialize(pa.RecordBatch.from_struct_array(
    pa.StructArray.from_buffers(pa.struct([]), 10**12, [None])))).num_rows == 10**12
open('back.bin', 'wb').write(fory.serialize(b))
unsupported = [
    pa.array([[1], [2]], pa.list_view(pa.int32())),
    pa.UnionArray.from_sparse(pa.array([0, 1], pa.int8()), [pa.array([1, 2]), pa.array(['a', 'b'])]),
    pa.RunEndEncodedArray.from_arrays([2, 3], [7, 8]),
]
for arr in unsupported:
    try:
        fory.serialize(pa.record_batch([arr], names=['c']))
    except TypeError as e:
        assert 'not supported' in str(e), e
    else:
        raise AssertionError(f'{arr.type} was written')
"#;
    run_py_code(&dir, code);
    let back: RecordBatch = fory
        .deserialize(&std::fs::read(dir.join("back.bin")).unwrap())
        .unwrap();
    assert_eq!((back.num_rows(), back.num_columns()), (5, 0));
}
