//! Whole messages over tokio (feature `tokio`): `write_message_async` and
//! `read_message_async` through a small duplex pipe, a loopback socket on a
//! multi-thread runtime and a writer that takes a few bytes per poll; the
//! frames are the sync ones byte for byte; `Bytes` read back point into the
//! frame's one aligned allocation; truncated, hostile and garbage input is
//! an error.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use fory_core::buffers::frame::{self, Frame};
use fory_core::{Fory, ForyObject};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Samples {
    name: String,
    values: Vec<f64>,
    raw: Bytes,
    tag: u32,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Pair {
    first: Bytes,
    second: Bytes,
}

fn fory() -> Fory {
    let mut f = Fory::builder().build();
    f.register::<Samples>(1).unwrap();
    f.register::<Pair>(2).unwrap();
    f
}

/// `n` samples: `n * 8` bytes of `values` (out-of-band from n = 128) and
/// `n + 3` of `raw` (out-of-band from n = 1021; `MESSAGE_OOB_THRESHOLD`).
fn samples(n: usize) -> Samples {
    Samples {
        name: format!("run-{n}"),
        values: (0..n).map(|i| i as f64 * 0.5).collect(),
        raw: Bytes::from((0..n + 3).map(|i| (i % 251) as u8).collect::<Vec<u8>>()),
        tag: 7,
    }
}

fn sync_bytes<T: fory_core::Serialize + ?Sized>(f: &Fory, v: &T) -> Vec<u8> {
    let mut wire = Vec::new();
    f.write_message(v, &mut wire).unwrap();
    wire
}

async fn async_bytes<T: fory_core::Serialize + Sync + ?Sized>(f: &Fory, v: &T) -> Vec<u8> {
    let mut wire = Vec::new();
    let n = f.write_message_async(v, &mut wire).await.unwrap();
    assert_eq!(n as usize, wire.len());
    wire
}

fn out_of_band_buffers(wire: &[u8]) -> usize {
    Frame::from_bytes(Bytes::copy_from_slice(wire))
        .unwrap()
        .buffers()
        .len()
}

fn assert_send<F: Send>(_: &F) {}

#[test]
fn the_futures_are_send() {
    let f = fory();
    let s = samples(10);
    let mut vec_out = Vec::new();
    assert_send(&f.write_message_async(&s, &mut vec_out));
    let mut slice_in: &[u8] = &[];
    assert_send(&f.read_message_async::<Samples, _>(&mut slice_in));
    // and with the socket and pipe types the other tests use
    fn with_streams(
        f: &Fory,
        s: &Samples,
        tcp: &mut TcpStream,
        pipe: &mut tokio::io::DuplexStream,
    ) {
        assert_send(&f.write_message_async(s, tcp));
        assert_send(&f.read_message_async::<Samples, _>(tcp));
        assert_send(&f.write_message_async(s, pipe));
        assert_send(&f.read_message_async::<Bytes, _>(pipe));
    }
    let _ = with_streams;
    // unsized writers and readers
    let mut boxed_out: Box<dyn AsyncWrite + Send + Unpin> = Box::new(Vec::new());
    assert_send(&f.write_message_async(&s, &mut *boxed_out));
    let mut boxed_in: Box<dyn tokio::io::AsyncRead + Send + Unpin> = Box::new(&[][..]);
    assert_send(&f.read_message_async::<String, _>(&mut *boxed_in));
}

#[tokio::test]
async fn sync_and_async_frames_are_the_same_bytes_and_read_both_ways() {
    let f = fory();
    let s = samples(20_000);
    let sync = sync_bytes(&f, &s);
    let asy = async_bytes(&f, &s).await;
    assert_eq!(asy, sync, "the two writers write the same frame");
    assert_eq!(out_of_band_buffers(&sync), 2, "values and raw out-of-band");
    // sync-written, read async; async-written, read sync
    let back: Samples = f.read_message_async(&mut &sync[..]).await.unwrap();
    assert_eq!(back, s);
    let back: Samples = f.read_message(&mut &asy[..]).unwrap();
    assert_eq!(back, s);

    let text = "a string, in-band".repeat(3);
    let sync = sync_bytes(&f, &text);
    assert_eq!(async_bytes(&f, &text).await, sync);
    let back: String = f.read_message_async(&mut &sync[..]).await.unwrap();
    assert_eq!(back, text);

    let small = (42u16, -1i64);
    let sync = sync_bytes(&f, &small);
    assert_eq!(out_of_band_buffers(&sync), 0, "no buffers");
    assert_eq!(async_bytes(&f, &small).await, sync);
    let back: (u16, i64) = f.read_message_async(&mut &sync[..]).await.unwrap();
    assert_eq!(back, small);
}

#[tokio::test]
async fn round_trips_through_a_tiny_duplex_pipe() {
    // 61 bytes of pipe: every write and read is partial
    let (mut a, mut b) = tokio::io::duplex(61);
    let f = fory();
    let big = samples(50_000);
    let text = "héllo over a pipe".to_string();
    let writer = async {
        f.write_message_async(&big, &mut a).await.unwrap();
        f.write_message_async(&text, &mut a).await.unwrap();
        f.write_message_async(&9u8, &mut a).await.unwrap();
        f.write_message_async(&samples(3), &mut a).await.unwrap();
        a.shutdown().await.unwrap();
    };
    let reader = async {
        let got_big: Samples = f.read_message_async(&mut b).await.unwrap();
        let got_text: String = f.read_message_async(&mut b).await.unwrap();
        let got_small: u8 = f.read_message_async(&mut b).await.unwrap();
        let got_tiny: Samples = f.read_message_async(&mut b).await.unwrap();
        // the writer is done: one more read is an error, not a hang
        let end = f.read_message_async::<u8, _>(&mut b).await.unwrap_err();
        (got_big, got_text, got_small, got_tiny, end)
    };
    let ((), (got_big, got_text, got_small, got_tiny, end)) = tokio::join!(writer, reader);
    assert_eq!(got_big, big);
    assert_eq!(got_text, text);
    assert_eq!(got_small, 9);
    assert_eq!(got_tiny, samples(3));
    // (the input ended between frames: no frame, not a truncated one)
    assert_eq!(end.kind(), fory_core::ErrorKind::UnexpectedEof, "{end}");
    assert!(end.to_string().contains("no frame"), "{end}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trips_over_loopback_tcp_on_a_multi_thread_runtime() {
    let f = Arc::new(fory());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // the server echoes three values; spawning needs Send futures
    let server = tokio::spawn({
        let f = Arc::clone(&f);
        async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let s: Samples = f.read_message_async(&mut sock).await.unwrap();
            f.write_message_async(&s, &mut sock).await.unwrap();
            let t: String = f.read_message_async(&mut sock).await.unwrap();
            f.write_message_async(&t, &mut sock).await.unwrap();
            let b: Bytes = f.read_message_async(&mut sock).await.unwrap();
            f.write_message_async(&b, &mut sock).await.unwrap();
        }
    });
    let client = tokio::spawn({
        let f = Arc::clone(&f);
        async move {
            let mut sock = TcpStream::connect(addr).await.unwrap();
            let s = samples(300_000);
            f.write_message_async(&s, &mut sock).await.unwrap();
            assert_eq!(
                f.read_message_async::<Samples, _>(&mut sock).await.unwrap(),
                s
            );
            let t = "over tcp".to_string();
            f.write_message_async(&t, &mut sock).await.unwrap();
            assert_eq!(
                f.read_message_async::<String, _>(&mut sock).await.unwrap(),
                t
            );
            let b = Bytes::from(vec![0xabu8; 3 << 20]);
            f.write_message_async(&b, &mut sock).await.unwrap();
            let back: Bytes = f.read_message_async(&mut sock).await.unwrap();
            assert_eq!(back, b);
            assert_eq!(back.as_ptr() as usize % 64, 0);
        }
    });
    client.await.unwrap();
    server.await.unwrap();
}

/// Takes 1 to 7 bytes per poll (cycling), from one or several slices, and
/// is `Pending` every third poll.
struct Trickle {
    out: Vec<u8>,
    polls: usize,
    most_slices: usize,
}

impl AsyncWrite for Trickle {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.poll_write_vectored(cx, &[IoSlice::new(buf)])
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.polls += 1;
        if self.polls % 3 == 0 {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let mut budget = 1 + self.polls % 7;
        let mut taken = 0;
        let mut slices = 0;
        for b in bufs {
            if budget == 0 {
                break;
            }
            let n = b.len().min(budget);
            self.out.extend_from_slice(&b[..n]);
            taken += n;
            budget -= n;
            slices += usize::from(n > 0);
        }
        self.most_slices = self.most_slices.max(slices);
        Poll::Ready(Ok(taken))
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[tokio::test]
async fn a_writer_taking_one_to_seven_bytes_per_poll_gets_the_whole_frame() {
    let f = fory();
    // 1500 samples: 12000 + 1503 bytes out-of-band, neither a multiple of
    // 64, so the partial writes cross stream, buffer and padding boundaries
    for s in [samples(1500), samples(0)] {
        let mut w = Trickle {
            out: Vec::new(),
            polls: 0,
            most_slices: 0,
        };
        let n = f.write_message_async(&s, &mut w).await.unwrap();
        let sync = sync_bytes(&f, &s);
        let oob = if s.values.is_empty() { 0 } else { 2 };
        assert_eq!(out_of_band_buffers(&sync), oob);
        assert_eq!(n as usize, sync.len());
        assert_eq!(w.out, sync);
        assert!(w.most_slices > 1, "writes were vectored across slices");
        let back: Samples = f.read_message_async(&mut &w.out[..]).await.unwrap();
        assert_eq!(back, s);
    }
}

#[tokio::test]
async fn bytes_read_async_point_into_one_aligned_frame_allocation() {
    let f = fory();
    let v = Pair {
        first: Bytes::from(vec![1u8; 5001]),
        second: Bytes::from(vec![2u8; 3333]),
    };
    let wire = sync_bytes(&f, &v);
    // where the frame puts the two buffers, relative to each other
    let parsed = Frame::from_bytes(Bytes::from(wire.clone())).unwrap();
    let bufs = parsed.buffers();
    assert_eq!(bufs.len(), 2);
    let at = |b: &Bytes| {
        let i = bufs.iter().position(|x| x == b).expect("a buffer") as usize;
        bufs[i].as_ptr() as isize
    };
    let layout_distance = at(&v.second) - at(&v.first);
    assert_eq!(
        layout_distance.unsigned_abs(),
        5001usize.next_multiple_of(64),
        "consecutive buffers, the first padded to 64"
    );

    let (mut a, mut b) = tokio::io::duplex(1000);
    let (n, back) = tokio::join!(f.write_message_async(&v, &mut a), async {
        f.read_message_async::<Pair, _>(&mut b).await
    });
    assert_eq!(n.unwrap() as usize, wire.len());
    let back = back.unwrap();
    assert_eq!(back, v);
    for x in [&back.first, &back.second] {
        assert_eq!(x.as_ptr() as usize % 64, 0, "64-byte aligned");
    }
    // both point into one allocation, laid out as the frame is
    let distance = back.second.as_ptr() as isize - back.first.as_ptr() as isize;
    assert_eq!(distance, layout_distance);

    // a Bytes value of its own: out-of-band and aligned too
    let big = Bytes::from(vec![3u8; 70_000]);
    let wire = sync_bytes(&f, &big);
    let back: Bytes = f.read_message_async(&mut &wire[..]).await.unwrap();
    assert_eq!(back, big);
    assert_eq!(back.as_ptr() as usize % 64, 0);
}

#[tokio::test]
async fn every_truncation_is_an_error() {
    let f = fory();
    // 1100 samples: 8800 + 1103 bytes out-of-band; a frame of 10 KiB
    let s = samples(1100);
    let wire = sync_bytes(&f, &s);
    assert_eq!(out_of_band_buffers(&wire), 2);
    for i in 0..wire.len() {
        let e = f
            .read_message_async::<Samples, _>(&mut &wire[..i])
            .await
            .unwrap_err();
        assert_eq!(
            e.kind(),
            fory_core::ErrorKind::UnexpectedEof,
            "prefix {i}: {e}"
        );
        let said = if i == 0 { "no frame" } else { "truncated" };
        assert!(e.to_string().contains(said), "prefix {i}: {e}");
    }
    // through a pipe whose writer closes after a prefix
    for i in (0..wire.len()).step_by(37) {
        let (mut a, mut b) = tokio::io::duplex(64);
        let prefix = &wire[..i];
        let writer = async move {
            a.write_all(prefix).await.unwrap();
            drop(a);
        };
        let (_, got) = tokio::join!(writer, f.read_message_async::<Samples, _>(&mut b));
        assert!(got.is_err(), "pipe prefix {i}");
    }
}

/// A frame header: `count` buffers (the table left out) and a stream of
/// `stream` bytes.
fn header(count: u32, stream: u64) -> Vec<u8> {
    let mut h = Vec::new();
    h.extend_from_slice(b"FORYFRM\x01");
    h.extend_from_slice(&0u32.to_le_bytes());
    h.extend_from_slice(&64u32.to_le_bytes());
    h.extend_from_slice(&count.to_le_bytes());
    h.extend_from_slice(&0u32.to_le_bytes());
    h.extend_from_slice(&stream.to_le_bytes());
    h
}

#[tokio::test]
async fn hostile_lengths_followed_by_eof_are_errors() {
    let f = fory();
    // 2^20 buffers (the limit), with 100 table bytes then the end
    let mut many = header(1 << 20, 0);
    many.extend_from_slice(&[0u8; 100]);
    let e = f
        .read_message_async::<Bytes, _>(&mut &many[..])
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("buffer table needs 8388608 bytes"),
        "{e}"
    );
    // a 1 GiB stream, with 1000 bytes then the end, through a pipe
    let mut huge = header(0, 1 << 30);
    huge.extend_from_slice(&[0u8; 32]);
    huge.extend_from_slice(&[7u8; 1000]);
    let (mut a, mut b) = tokio::io::duplex(256);
    let writer = async move {
        a.write_all(&huge).await.unwrap();
    };
    let (_, got) = tokio::join!(writer, f.read_message_async::<Bytes, _>(&mut b));
    let e = got.unwrap_err();
    assert!(e.to_string().contains("needs 1073741888 bytes"), "{e}");
    // over the buffer limit, or lengths that overflow
    let e = f
        .read_message_async::<Bytes, _>(&mut &header((1 << 20) + 1, 0)[..])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("limit"), "{e}");
    let mut over = header(1, 0);
    over.extend_from_slice(&u64::MAX.to_le_bytes());
    let e = f
        .read_message_async::<Bytes, _>(&mut &over[..])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("overflow"), "{e}");
}

#[tokio::test]
async fn garbage_is_an_error_that_names_the_problem() {
    let f = fory();
    let http = b"GET / HTTP/1.1\r\nHost: example.invalid\r\n\r\nand some more bytes".to_vec();
    let e = f
        .read_message_async::<Samples, _>(&mut &http[..])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("bad magic"), "{e}");

    let mut wire = sync_bytes(&f, &samples(200));
    wire[7] = 9;
    let e = f
        .read_message_async::<Samples, _>(&mut &wire[..])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("unsupported frame version 9"), "{e}");
    wire[7] = 1;
    wire[12] = 32;
    let e = f
        .read_message_async::<Samples, _>(&mut &wire[..])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("alignment"), "{e}");

    // a well-formed frame around a stream that is not Fory
    let mut framed = Vec::new();
    frame::write_frame_async(&mut framed, &[0xff; 40], &[])
        .await
        .unwrap();
    let e = f
        .read_message_async::<Samples, _>(&mut &framed[..])
        .await
        .unwrap_err();
    assert!(e.to_string().contains("header"), "{e}");
    assert!(f
        .deserialize_message::<Samples>(Bytes::from(framed))
        .is_err());
}

/// A frame of an in-band stream (no out-of-band bit) and no buffers reads
/// async as it does sync, whichever side wrote it; buffers given with such
/// a stream are surplus.
#[tokio::test]
async fn a_frame_of_an_in_band_stream_and_no_buffers_reads() {
    let f = fory();
    let value = samples(10);
    let plain = f.serialize(&value).unwrap();
    let mut wire = Vec::new();
    frame::write_frame_async(&mut wire, &plain, &[])
        .await
        .unwrap();
    let mut sync = Vec::new();
    frame::write_frame(&mut sync, &plain, &[]).unwrap();
    assert_eq!(wire, sync);
    // twice in a row through one reader
    wire.extend_from_slice(&sync);
    let mut input = &wire[..];
    for _ in 0..2 {
        let back: Samples = f.read_message_async(&mut input).await.unwrap();
        assert_eq!(back, value);
    }
    assert!(input.is_empty());

    let payload = [1u8; 16];
    let surplus = [fory_core::buffers::BufferObject::borrowed(
        &payload,
        fory_core::buffers::BufferKind::Binary,
    )];
    let mut wire = Vec::new();
    frame::write_frame_async(&mut wire, &plain, &surplus)
        .await
        .unwrap();
    let e = f
        .read_message_async::<Samples, _>(&mut &wire[..])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), fory_core::ErrorKind::Buffers, "{e}");
}
