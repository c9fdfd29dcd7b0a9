//! Whole messages as frames over Vec<u8>, a file, a mapped file and a
//! loopback socket; zero-copy where the input is shared; every truncation
//! is an error.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use bytes::Bytes;
use fory_core::buffers::{frame, SharedArray};
use fory_core::serializer::ndarray::SharedNdArray;
use fory_core::{Fory, ForyObject};
use ndarray::Array2;

#[derive(ForyObject, Debug, PartialEq)]
struct Batch {
    name: String,
    image: SharedNdArray<f32>,
    raw: Bytes,
    small: Vec<u8>,
}

fn fory() -> Fory {
    let mut f = Fory::builder().build();
    f.register::<Batch>(1).unwrap();
    f
}

fn batch() -> Batch {
    let image = Array2::from_shape_fn((64, 48), |(i, j)| (i * 48 + j) as f32);
    Batch {
        name: "b1".into(),
        image: SharedNdArray::new(
            SharedArray::from_vec(image.into_raw_vec_and_offset().0),
            vec![64, 48],
        )
        .unwrap(),
        raw: Bytes::from(vec![5u8; 10_000]),
        small: vec![1, 2, 3],
    }
}

#[test]
fn through_a_vec_every_truncation_is_an_error() {
    let f = fory();
    let b = batch();
    let mut wire = Vec::new();
    let n = f.write_message(&b, &mut wire).unwrap();
    assert_eq!(n as usize, wire.len());
    let back: Batch = f.read_message(&mut &wire[..]).unwrap();
    assert_eq!(back, b);
    // the frame holds two buffers (image, raw); `small` stayed in-band
    let fr = frame::Frame::from_bytes(Bytes::from(wire.clone())).unwrap();
    assert_eq!(fr.buffers().len(), 2);
    for i in (0..wire.len()).step_by(7).chain([wire.len() - 1]) {
        assert!(
            f.read_message::<Batch, _>(&mut &wire[..i]).is_err(),
            "prefix {i}"
        );
        assert!(
            f.deserialize_message::<Batch>(Bytes::copy_from_slice(&wire[..i]))
                .is_err(),
            "prefix {i}"
        );
    }
}

#[test]
fn from_shared_bytes_the_values_point_into_the_frame() {
    let f = fory();
    let mut wire = Vec::new();
    f.write_message(&batch(), &mut wire).unwrap();
    let data = Bytes::from(wire);
    let back: Batch = f.deserialize_message(data.clone()).unwrap();
    let range = data.as_ptr_range();
    assert!(range.contains(&back.raw.as_ptr()));
    assert!(range.contains(&(back.image.data().as_ptr() as *const u8)));
}

#[test]
fn through_a_file_and_a_memory_map() {
    let f = fory();
    let b = batch();
    let path = std::env::temp_dir().join(format!("fory-message-{}.bin", std::process::id()));
    let mut file = std::fs::File::create(&path).unwrap();
    f.write_message(&b, &mut file).unwrap();
    file.flush().unwrap();
    drop(file);
    // read
    let back: Batch = f
        .read_message(&mut std::fs::File::open(&path).unwrap())
        .unwrap();
    assert_eq!(back, b);
    // map: no copy at all
    let mapped = frame::map_file(&path).unwrap();
    let back: Batch = f.deserialize_message(mapped.clone()).unwrap();
    assert_eq!(back, b);
    let range = mapped.as_ptr_range();
    assert!(
        range.contains(&(back.image.data().as_ptr() as *const u8)),
        "image points into the map"
    );
    assert!(
        range.contains(&back.raw.as_ptr()),
        "raw points into the map"
    );
    drop((back, mapped));
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn through_a_loopback_socket() {
    let f = fory();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let sender = std::thread::spawn(move || {
        let mut sock = TcpStream::connect(addr).unwrap();
        let f = fory();
        for _ in 0..3 {
            f.write_message(&batch(), &mut sock).unwrap();
        }
    });
    let (mut sock, _) = listener.accept().unwrap();
    for _ in 0..3 {
        let back: Batch = f.read_message(&mut sock).unwrap();
        assert_eq!(back, batch());
    }
    sender.join().unwrap();
    // the peer closed: one more read is a clean error
    let mut rest = Vec::new();
    sock.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty());
    assert!(f.read_message::<Batch, _>(&mut &rest[..]).is_err());
}
