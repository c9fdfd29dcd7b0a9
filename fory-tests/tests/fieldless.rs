//! Structs without fields write no bytes of their own (compatible mode, and
//! native schema-consistent mode after the first value's hash), so a list
//! of them is shorter than its length: the reader bounds such a list by
//! work and memory (the free budget), not by the bytes left.

use std::collections::{BTreeSet, VecDeque};

use fory_core::value::Value;
use fory_core::{Fory, ForyObject};

#[derive(ForyObject, Debug, PartialEq, Clone, Copy, Eq, PartialOrd, Ord)]
struct Marker;

#[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
struct Empty {}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Holder {
    markers: Vec<Marker>,
    empties: Vec<Empty>,
    tail: String,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct TailOnly {
    tail: String,
}

fn all() -> Vec<(String, Fory)> {
    let mut out = Vec::new();
    for xlang in [false, true] {
        for compatible in [true, false] {
            for ref_tracking in [false, true] {
                let mut f = Fory::builder()
                    .xlang(xlang)
                    .compatible(compatible)
                    .ref_tracking(ref_tracking)
                    .build();
                f.register::<Marker>(60).unwrap();
                f.register::<Empty>(61).unwrap();
                f.register::<Holder>(62).unwrap();
                out.push((
                    format!("xlang {xlang}, compatible {compatible}, ref_tracking {ref_tracking}"),
                    f,
                ));
            }
        }
    }
    out
}

#[test]
fn lists_of_field_less_structs_round_trip() {
    for (how, f) in all() {
        for n in [0usize, 1, 13, 14, 1000, 100_000] {
            let v = vec![Marker; n];
            let bytes = f.serialize(&v).unwrap();
            let back: Vec<Marker> = f
                .deserialize(&bytes)
                .unwrap_or_else(|e| panic!("{how}: {n} markers in {} bytes: {e}", bytes.len()));
            assert_eq!(back.len(), n, "{how}");
            let v = vec![Empty {}; n];
            let back: Vec<Empty> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
            assert_eq!(back, v, "{how}");
            let v: VecDeque<Marker> = vec![Marker; n].into();
            let back: VecDeque<Marker> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
            assert_eq!(back, v, "{how}");
            let v = vec![Some(Marker); n];
            let back: Vec<Option<Marker>> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
            assert_eq!(back, v, "{how}");
        }
        let v = vec![vec![Marker; 14]; 14];
        let back: Vec<Vec<Marker>> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
        assert_eq!(back, v, "{how}");
        let v = BTreeSet::from([Marker]);
        let back: BTreeSet<Marker> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
        assert_eq!(back, v, "{how}");
        let h = Holder {
            markers: vec![Marker; 14],
            empties: vec![Empty {}; 20],
            tail: "end".into(),
        };
        let bytes = f.serialize(&h).unwrap();
        assert_eq!(f.deserialize::<Holder>(&bytes).unwrap(), h, "{how}");
    }
}

#[test]
fn the_short_case_from_the_issue() {
    let f = &all()[0].1;
    let bytes = f.serialize(&vec![Marker; 14]).unwrap();
    let many = f.serialize(&vec![Marker; 100]).unwrap();
    assert_eq!(bytes.len(), many.len(), "no bytes per element");
    assert_eq!(
        f.deserialize::<Vec<Marker>>(&bytes).unwrap(),
        vec![Marker; 14]
    );
}

#[test]
fn a_reader_without_the_field_skips_a_list_of_markers() {
    // skipping reads the field as a dynamic value: the same bound applies
    for xlang in [false, true] {
        let mut w = Fory::builder().xlang(xlang).build();
        w.register::<Marker>(60).unwrap();
        w.register::<Empty>(61).unwrap();
        w.register::<Holder>(62).unwrap();
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<TailOnly>(62).unwrap();
        let h = Holder {
            markers: vec![Marker; 14],
            empties: vec![Empty {}; 1000],
            tail: "end".into(),
        };
        let back: TailOnly = r.deserialize(&w.serialize(&h).unwrap()).unwrap();
        assert_eq!(back.tail, "end", "xlang {xlang}");
        // and as a Value
        let v: Value = w
            .deserialize(&w.serialize(&vec![Marker; 14]).unwrap())
            .unwrap();
        match v {
            Value::List(items) => assert_eq!(items.len(), 14),
            other => panic!("{other:?}"),
        }
    }
}
