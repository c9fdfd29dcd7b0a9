//! `Value` parity: a typed write read as a `Value` and written again
//! gives the typed write's bytes.

use std::collections::BTreeMap;
use std::sync::Arc;

use fory_core::value::Value;
use fory_core::Fory;

fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Under native-mode ref tracking a record batch at the root takes a ref
/// id (flag `00`), written as a typed batch or as `Value::RecordBatch`
/// (the `Value` wrote `ff`), and so does an Arrow array.
#[test]
fn arrow_values_take_the_typed_ref_flag_at_the_root() {
    use fory_core::arrow_array::{ArrayRef, Int64Array, RecordBatch};
    let f = Fory::builder().ref_tracking(true).build();
    let column: ArrayRef = Arc::new(Int64Array::from(vec![1, 2]));
    let batch = RecordBatch::try_from_iter([("id", column.clone())]).unwrap();
    let typed = f.serialize(&batch).unwrap();
    assert_eq!(typed[1], 0x00, "{}", hex(&typed));
    assert_eq!(f.serialize(&Value::RecordBatch(batch)).unwrap(), typed);
    let typed = f
        .serialize(&fory_core::serializer::arrow::ArrowArray(column.clone()))
        .unwrap();
    assert_eq!(f.serialize(&Value::ArrowArray(column)).unwrap(), typed);
}

/// Lists and maps of `Value`s under ref tracking have the typed headers:
/// one element type and ref flags only for types that take them (a list
/// of strings was written as a list of mixed types, each element flagged;
/// a map's chunk of list values lacked the value-tracking bit pyfory
/// sets).
#[test]
fn value_lists_and_maps_under_ref_tracking_have_the_typed_headers() {
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).ref_tracking(true).build();
        let strings = vec![String::from("a"), String::from("b")];
        let typed = f.serialize(&strings).unwrap();
        let v: Value = f.deserialize(&typed).unwrap();
        assert_eq!(hex(&f.serialize(&v).unwrap()), hex(&typed), "xlang {xlang}");
        let nested = vec![vec![1i32], vec![]];
        let typed = f.serialize(&nested).unwrap();
        let v: Value = f.deserialize(&typed).unwrap();
        assert_eq!(hex(&f.serialize(&v).unwrap()), hex(&typed), "xlang {xlang}");
        let map = BTreeMap::from([(String::from("k"), vec![1i64]), (String::from("j"), vec![])]);
        let typed = f.serialize(&map).unwrap();
        let v: Value = f.deserialize(&typed).unwrap();
        assert_eq!(hex(&f.serialize(&v).unwrap()), hex(&typed), "xlang {xlang}");
    }
}
