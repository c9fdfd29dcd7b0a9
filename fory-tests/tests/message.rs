//! Whole messages as frames over Vec<u8>, a file, a mapped file and a
//! loopback socket; zero-copy where the input is shared; every truncation
//! is an error.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use bytes::Bytes;
use fory_core::buffers::{frame, SharedArray};
use fory_core::serializer::ndarray::SharedNdArray;
use fory_core::{ErrorKind, Fory, ForyObject};
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

/// `frame::write_frame` takes any stream and buffer list: a stream of
/// `serialize` (no out-of-band bit) in a frame of no buffers reads as it
/// is, through every reader and in both modes; buffers given for it are
/// surplus, an error. (Such a frame was refused: "out-of-band buffers
/// were given", with none given.)
#[test]
fn a_frame_of_an_in_band_stream_and_no_buffers_reads() {
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).build();
        let text = "hello".to_string();
        let plain = f.serialize(&text).unwrap();
        let mut wire = Vec::new();
        frame::write_frame(&mut wire, &plain, &[]).unwrap();
        // a second frame after it: the reader stops at the first one's end
        let big = vec![7u8; 5000];
        frame::write_frame(&mut wire, &f.serialize(&big).unwrap(), &[]).unwrap();
        let mut input = &wire[..];
        assert_eq!(f.read_message::<String, _>(&mut input).unwrap(), text);
        assert_eq!(f.read_message::<Vec<u8>, _>(&mut input).unwrap(), big);
        assert!(input.is_empty());
        let data = Bytes::from(wire);
        assert_eq!(f.deserialize_message::<String>(data.clone()).unwrap(), text);
        let first = frame::Frame::from_bytes(data.clone()).unwrap();
        assert_eq!(f.deserialize_frame::<String>(&first).unwrap(), text);
        let second = frame::Frame::from_bytes(data.slice(first.len()..)).unwrap();
        assert_eq!(f.deserialize_frame::<Vec<u8>>(&second).unwrap(), big);
        // the wrong type is still the wrong type, and the frame is read
        // past: the next one reads
        assert!(f.deserialize_message::<i32>(data.clone()).is_err());
        let mut input = &data[..];
        assert!(f.read_message::<i32, _>(&mut input).is_err());
        assert_eq!(f.read_message::<Vec<u8>, _>(&mut input).unwrap(), big);

        // the out-of-band bit with no buffers taken (AllInBand) reads too
        let in_band = f
            .serialize_with_callback(&big, fory_core::buffers::AllInBand)
            .unwrap();
        let mut wire = Vec::new();
        frame::write_frame(&mut wire, &in_band, &[]).unwrap();
        assert_eq!(f.read_message::<Vec<u8>, _>(&mut &wire[..]).unwrap(), big);

        // buffers with a stream that has no use for them: an error
        let payload = [1u8; 16];
        let surplus = [fory_core::buffers::BufferObject::borrowed(
            &payload,
            fory_core::buffers::BufferKind::Binary,
        )];
        let mut wire = Vec::new();
        frame::write_frame(&mut wire, &plain, &surplus).unwrap();
        let e = f.read_message::<String, _>(&mut &wire[..]).unwrap_err();
        assert_eq!(e.kind(), fory_core::ErrorKind::Buffers, "{e}");
        assert!(e.to_string().contains("without a buffer callback"), "{e}");
        let e = f
            .deserialize_message::<String>(Bytes::from(wire))
            .unwrap_err();
        assert_eq!(e.kind(), fory_core::ErrorKind::Buffers, "{e}");

        // and an out-of-band stream whose frame lost its buffers
        let shipped = Bytes::from(vec![3u8; 64]);
        let mut objs = Vec::new();
        let oob = f.serialize_with_callback(&shipped, &mut objs).unwrap();
        let mut wire = Vec::new();
        frame::write_frame(&mut wire, &oob, &[]).unwrap();
        let e = f.read_message::<Bytes, _>(&mut &wire[..]).unwrap_err();
        assert_eq!(e.kind(), fory_core::ErrorKind::Buffers, "{e}");
        let mut wire = Vec::new();
        frame::write_frame(&mut wire, &oob, &objs).unwrap();
        assert_eq!(
            f.read_message::<Bytes, _>(&mut &wire[..]).unwrap(),
            vec![3u8; 64]
        );
    }
}

/// A value that cannot be written (xlang has no n-d arrays) after its
/// byte string was taken out-of-band writes nothing: the output holds the
/// frames before it, and the next message follows them.
#[test]
fn a_value_that_fails_writes_no_part_of_a_frame() {
    let f = Fory::builder().xlang(true).build();
    let first = Bytes::from(vec![1u8; 4096]);
    let bad = (Bytes::from(vec![2u8; 4096]), Array2::<f64>::zeros((2, 2)));
    let last = Bytes::from(vec![3u8; 4096]);
    let mut wire = Vec::new();
    f.write_message(&first, &mut wire).unwrap();
    let before = wire.clone();
    assert!(f.write_message(&bad, &mut wire).is_err());
    assert_eq!(wire, before);
    f.write_message(&last, &mut wire).unwrap();
    let mut input = &wire[..];
    assert_eq!(f.read_message::<Bytes, _>(&mut input).unwrap(), first);
    assert_eq!(f.read_message::<Bytes, _>(&mut input).unwrap(), last);
    assert!(input.is_empty());
}

/// A reader or writer that fails with one I/O error kind.
struct Failing(std::io::ErrorKind);

impl std::io::Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(self.0.into())
    }
}

impl std::io::Write for Failing {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(self.0.into())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a message read or write failed on is told apart by kind: the
/// I/O error (kept as the source, its kind by `io_kind`), the input
/// ending between frames or inside one, or bytes that are not a frame.
/// (Every frame error was `InvalidData` with the I/O error dropped.)
#[test]
fn message_errors_say_whether_io_the_end_or_bad_bytes() {
    use std::error::Error as _;
    use std::io::ErrorKind as Io;
    let fory = Fory::builder().build();
    for io in [Io::ConnectionReset, Io::WouldBlock, Io::PermissionDenied] {
        let e = fory
            .read_message::<String, _>(&mut Failing(io))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io, "{e}");
        assert_eq!(e.io_kind(), Some(io), "{e}");
        assert!(e.source().is_some(), "{e}");
        let e = fory
            .write_message(&"x".to_string(), &mut Failing(io))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io, "{e}");
        assert_eq!(e.io_kind(), Some(io), "{e}");
    }
    // the peer closed between frames
    let e = fory
        .read_message::<String, _>(&mut std::io::empty())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedEof, "{e}");
    assert!(e.to_string().contains("no frame"), "{e}");
    // ... or inside one
    let mut wire = Vec::new();
    fory.write_message(&"hello".to_string(), &mut wire).unwrap();
    for cut in 1..wire.len() {
        let e = fory
            .read_message::<String, _>(&mut &wire[..cut])
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnexpectedEof, "cut {cut}: {e}");
        assert!(e.to_string().contains("truncated frame"), "cut {cut}: {e}");
    }
    // the same from memory, for a frame with buffers too (every stage:
    // header, buffer table, body)
    let mut big = Vec::new();
    fory.write_message(&vec![7u64; 5000], &mut big).unwrap();
    for wire in [&wire, &big] {
        for cut in 0..wire.len() {
            let data = fory_core::bytes::Bytes::copy_from_slice(&wire[..cut]);
            let frame_err = fory_core::buffers::frame::Frame::from_bytes(data.clone()).unwrap_err();
            assert!(frame_err.is_eof(), "cut {cut}: {frame_err}");
            let e = fory.deserialize_message::<Vec<u64>>(data).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::UnexpectedEof, "cut {cut}: {e}");
            assert!(e.to_string().contains("truncated frame"), "cut {cut}: {e}");
        }
    }
    // not a frame
    let mut bad = wire.clone();
    bad[0] ^= 0xff;
    let e = fory.read_message::<String, _>(&mut &bad[..]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
    assert_eq!(e.io_kind(), None, "{e}");
}

/// An error reporter (anyhow's `{:#}`, `Caused by:` lists) prints each
/// link of the source chain: no link repeats the one before it. (A frame
/// error was the source of an `Error` with the same message, so the text
/// was printed twice.)
#[test]
fn message_error_chains_do_not_repeat_a_message() {
    use std::error::Error as _;
    use std::io::ErrorKind as Io;
    fn chain(e: &fory_core::Error) -> Vec<String> {
        let mut out = vec![e.to_string()];
        let mut cause = e.source();
        while let Some(c) = cause {
            out.push(c.to_string());
            cause = c.source();
        }
        out
    }
    let fory = Fory::builder().build();
    let mut wire = Vec::new();
    fory.write_message(&"hello".to_string(), &mut wire).unwrap();
    let errors = [
        fory.read_message::<String, _>(&mut Failing(Io::ConnectionReset)),
        fory.read_message::<String, _>(&mut &wire[..wire.len() - 1]),
        fory.read_message::<String, _>(&mut std::io::empty()),
        fory.deserialize_message::<String>(fory_core::bytes::Bytes::from_static(b"not a frame")),
    ];
    for e in errors {
        let e = e.unwrap_err();
        let links = chain(&e);
        for pair in links.windows(2) {
            assert_ne!(pair[0], pair[1], "{links:?}");
        }
    }
    // the I/O error is still reachable, one link down
    let e = fory
        .read_message::<String, _>(&mut Failing(Io::ConnectionReset))
        .unwrap_err();
    let io = e
        .source()
        .unwrap()
        .downcast_ref::<std::io::Error>()
        .unwrap();
    assert_eq!(io.kind(), Io::ConnectionReset);
    assert_eq!(e.io_kind(), Some(Io::ConnectionReset));
}
