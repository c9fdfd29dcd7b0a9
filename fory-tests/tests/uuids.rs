//! `uuid::Uuid` (feature `uuid`): BINARY of its 16 bytes in RFC 4122
//! order, as a value, in collections and map keys, and as a struct field;
//! anything but 16 bytes is an error naming the type and the length.
//! (Against pyfory: tests/interop_types.rs.)

use std::collections::{BTreeMap, HashMap, HashSet};

use fory_core::buffers::BufferObject;
use fory_core::bytes::Bytes;
use fory_core::uuid::Uuid;
use fory_core::{Deserialize, ErrorKind, Fory, ForyObject, Serialize};
use fory_tests::hex;

fn round_trip<T: Serialize + Deserialize>(fory: &Fory, v: &T) -> T {
    fory.deserialize(&fory.serialize(v).unwrap()).unwrap()
}

/// 67e55044-10b1-426f-9247-bb680e5fe0c8
fn sample() -> Uuid {
    Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8)
}

fn samples() -> Vec<Uuid> {
    vec![
        sample(),
        Uuid::nil(),
        Uuid::max(),
        Uuid::from_u128(1),
        Uuid::from_u128(1 << 127),
    ]
}

#[test]
fn a_uuid_is_binary_of_its_sixteen_bytes_in_rfc_order() {
    let id = sample();
    // header, NOT_NULL, BINARY (41), size 16, then the bytes as
    // Python's uuid.UUID("67e55044-10b1-426f-9247-bb680e5fe0c8").bytes
    let xlang = Fory::builder().xlang(true).build();
    assert_eq!(
        xlang.serialize(&id).unwrap(),
        hex("01 ff 29 10 67e5504410b1426f9247bb680e5fe0c8")
    );
    // in every configuration the bytes of a Vec<u8> of `as_bytes()`, and
    // each reads the other's
    for (name, f) in fory_tests::configs() {
        let raw = id.as_bytes().to_vec();
        assert_eq!(
            f.serialize(&id).unwrap(),
            f.serialize(&raw).unwrap(),
            "{name}"
        );
        assert_eq!(
            f.deserialize::<Uuid>(&f.serialize(&raw).unwrap()).unwrap(),
            id,
            "{name}"
        );
        let bytes = Bytes::copy_from_slice(id.as_bytes());
        assert_eq!(
            f.deserialize::<Uuid>(&f.serialize(&bytes).unwrap())
                .unwrap(),
            id,
            "{name}"
        );
        assert_eq!(
            f.deserialize::<Vec<u8>>(&f.serialize(&id).unwrap())
                .unwrap(),
            raw,
            "{name}"
        );
        // lists of them: a list of binaries
        let ids = samples();
        let raws: Vec<Vec<u8>> = ids.iter().map(|u| u.as_bytes().to_vec()).collect();
        assert_eq!(
            f.serialize(&ids).unwrap(),
            f.serialize(&raws).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn uuids_round_trip_everywhere() {
    for (name, f) in fory_tests::configs() {
        for id in samples() {
            assert_eq!(round_trip(&f, &id), id, "{name}");
            assert_eq!(round_trip(&f, &Some(id)), Some(id), "{name}");
        }
        assert_eq!(round_trip(&f, &None::<Uuid>), None, "{name}");
        let list = samples();
        assert_eq!(round_trip(&f, &list), list, "{name}");
        let holes: Vec<Option<Uuid>> = samples().into_iter().map(Some).chain([None]).collect();
        assert_eq!(round_trip(&f, &holes), holes, "{name}");
        let set: HashSet<Uuid> = samples().into_iter().collect();
        assert_eq!(round_trip(&f, &set), set, "{name}");
        // as map keys and values
        let by_id: HashMap<Uuid, String> =
            samples().into_iter().map(|u| (u, u.to_string())).collect();
        assert_eq!(round_trip(&f, &by_id), by_id, "{name}");
        let sorted: BTreeMap<Uuid, Uuid> = samples().into_iter().map(|u| (u, u)).collect();
        assert_eq!(round_trip(&f, &sorted), sorted, "{name}");
    }
}

#[test]
fn binary_of_another_length_is_an_error_naming_uuid_and_the_length() {
    for (name, f) in fory_tests::configs() {
        for len in [0usize, 1, 15, 17, 32] {
            let bytes = f.serialize(&vec![7u8; len]).unwrap();
            let err = f.deserialize::<Uuid>(&bytes).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidData, "{name}");
            let msg = err.to_string();
            assert!(
                msg.contains("uuid::Uuid") && msg.contains(&format!("has {len}")),
                "{name}: {msg}"
            );
        }
        // inside a list and a map: the same error
        let bytes = f.serialize(&vec![vec![1u8; 16], vec![2u8; 3]]).unwrap();
        let err = f.deserialize::<Vec<Uuid>>(&bytes).unwrap_err();
        assert!(err.to_string().contains("uuid::Uuid"), "{name}: {err}");
        let bytes = f.serialize(&BTreeMap::from([(vec![1u8; 20], 1)])).unwrap();
        let err = f.deserialize::<HashMap<Uuid, i32>>(&bytes).unwrap_err();
        assert!(err.to_string().contains("has 20"), "{name}: {err}");
        // another type altogether: a type mismatch naming it
        let err = f
            .deserialize::<Uuid>(&f.serialize(&"not a uuid".to_string()).unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{name}");
        assert!(err.to_string().contains("expected Uuid"), "{name}: {err}");
    }
}

#[test]
fn truncated_or_corrupt_uuids_are_errors() {
    for (name, f) in fory_tests::configs() {
        let bytes = f.serialize(&samples()).unwrap();
        for cut in 0..bytes.len() {
            assert!(
                f.deserialize::<Vec<Uuid>>(&bytes[..cut]).is_err(),
                "{name}: cut at {cut}"
            );
        }
        // a size past the input
        let mut bad = f.serialize(&sample()).unwrap();
        bad.truncate(3);
        bad.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        let err = f.deserialize::<Uuid>(&bad).unwrap_err();
        assert!(err.to_string().contains("uuid::Uuid"), "{name}: {err}");
    }
}

#[test]
fn a_uuid_stays_in_band_but_reads_from_an_out_of_band_buffer() {
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).build();
        let ids = samples();
        // never offered to the callback: in-band, after the in_band flag
        let mut objs: Vec<BufferObject> = Vec::new();
        let data = f.serialize_with_callback(&ids, &mut objs).unwrap();
        assert!(objs.is_empty());
        let none: Vec<Bytes> = Vec::new();
        let back: Vec<Uuid> = f.deserialize_with_buffers(&data, none).unwrap();
        assert_eq!(back, ids);
        // a peer that sends the bytes out-of-band (pyfory's `bytes`)
        let raw = sample().as_bytes().to_vec();
        let mut objs: Vec<BufferObject> = Vec::new();
        let data = f.serialize_with_callback(&raw, &mut objs).unwrap();
        assert_eq!(objs.len(), 1);
        let back: Uuid = f
            .deserialize_with_buffers(&data, objs.iter().map(|b| b.to_buffer()))
            .unwrap();
        assert_eq!(back, sample());
        // ... of the wrong size
        let raw = vec![0u8; 12];
        let mut objs: Vec<BufferObject> = Vec::new();
        let data = f.serialize_with_callback(&raw, &mut objs).unwrap();
        let err = f
            .deserialize_with_buffers::<Uuid, _>(&data, objs.iter().map(|b| b.to_buffer()))
            .unwrap_err();
        assert!(err.to_string().contains("has 12"), "{err}");
    }
}

#[test]
fn a_shared_binary_reads_as_copies_of_the_uuid() {
    // under ref tracking one `Bytes` (pyfory: one `bytes` object) met twice
    // is written once and then as a back-reference
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).ref_tracking(true).build();
        let b = Bytes::copy_from_slice(sample().as_bytes());
        let data = f.serialize(&vec![b.clone(), b]).unwrap();
        let back: Vec<Uuid> = f.deserialize(&data).unwrap();
        assert_eq!(back, [sample(), sample()]);
    }
}

mod rec {
    use super::*;

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Account {
        pub id: Uuid,
        pub parent: Option<Uuid>,
        pub members: Vec<Uuid>,
        pub roles: HashMap<Uuid, String>,
        pub name: String,
    }

    /// `Account` before it had ids: a compatible reader of it gives the
    /// missing ones their zero values.
    pub mod older {
        use super::*;
        #[derive(ForyObject, Debug, Clone, PartialEq)]
        pub struct Account {
            pub name: String,
        }
    }
}

fn account() -> rec::Account {
    rec::Account {
        id: sample(),
        parent: Some(Uuid::max()),
        members: samples(),
        roles: HashMap::from([(Uuid::from_u128(5), "admin".to_string())]),
        name: "ops".into(),
    }
}

#[test]
fn uuids_are_struct_fields_in_both_modes_and_layouts() {
    let v = account();
    for xlang in [false, true] {
        for compatible in [false, true] {
            for refs in [false, true] {
                let mut fory = Fory::builder()
                    .xlang(xlang)
                    .compatible(compatible)
                    .ref_tracking(refs)
                    .build();
                fory.register::<rec::Account>(80).unwrap();
                let what = format!("xlang {xlang} compatible {compatible} refs {refs}");
                assert_eq!(round_trip(&fory, &v), v, "{what}");
                let list = vec![v.clone(), v.clone()];
                assert_eq!(round_trip(&fory, &list), list, "{what}");
            }
        }
    }
}

#[test]
fn a_missing_uuid_field_is_nil() {
    for xlang in [false, true] {
        let mut old = Fory::builder().xlang(xlang).build();
        old.register::<rec::older::Account>(80).unwrap();
        let mut new = Fory::builder().xlang(xlang).build();
        new.register::<rec::Account>(80).unwrap();
        let bytes = old
            .serialize(&rec::older::Account { name: "a".into() })
            .unwrap();
        let back: rec::Account = new.deserialize(&bytes).unwrap();
        assert_eq!(back.id, Uuid::nil());
        assert_eq!(back.parent, None);
        assert!(back.members.is_empty() && back.roles.is_empty());
        assert_eq!(back.name, "a");
        // and the older reader skips the ids
        let back: rec::older::Account = old
            .deserialize(&new.serialize(&account()).unwrap())
            .unwrap();
        assert_eq!(back.name, "ops");
    }
}
