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

/// A tuple whose non-null elements share a type is written by a `Value`
/// (and by pyfory, for `("o", None)`) as a list of that one type with
/// null flags: a typed tuple reads its null elements of other types (it
/// was a type mismatch at the null element).
#[test]
fn a_tuple_reads_nulls_of_other_types_from_a_list_of_one_type() {
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).build();
        for v in [
            Value::List(vec![Value::String("o".into()), Value::Null]),
            Value::List(vec![Value::Null, Value::String("o".into())]),
        ] {
            let bytes = f.serialize(&v).unwrap();
            // SAME_TYPE | HAS_NULL, STRING once
            assert_eq!(&bytes[2..6], &[0x16, 0x02, 0x0a, 0x15], "{}", hex(&bytes));
            if v.as_list().unwrap()[0] == Value::Null {
                let t: (Option<i64>, Option<String>) = f.deserialize(&bytes).unwrap();
                assert_eq!(t, (None, Some("o".into())));
                // a null where the type is not optional is still an error
                assert!(f.deserialize::<(i64, Option<String>)>(&bytes).is_err());
            } else {
                let t: (Option<String>, Option<i64>) = f.deserialize(&bytes).unwrap();
                assert_eq!(t, (Some("o".into()), None));
                assert!(f.deserialize::<(Option<String>, i64)>(&bytes).is_err());
            }
        }
    }
}
