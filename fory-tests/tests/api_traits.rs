//! The auto traits and common impls a user expects of the public types,
//! checked at compile time: a regression (an `Rc` or `Cell` in `Fory`, a
//! lost `Debug`, an async future that is not `Send`) fails to build here.

use std::error::Error as StdError;
use std::panic::{RefUnwindSafe, UnwindSafe};

use fory_core::buffers::frame::{Frame, FrameError};
use fory_core::buffers::{
    AllInBand, AllOutOfBand, BufferKind, BufferObject, BufferView, ElemType, LayoutError,
    PickleBuffer, Predicate, SharedArray, SizeThreshold, Strided,
};
use fory_core::error::Eof;
use fory_core::serializer::arrow::ArrowArray;
use fory_core::serializer::ndarray::SharedNdArray;
use fory_core::value::{Array, EnumValue, StructValue, UnionValue, Value};
use fory_core::{Config, Error, ErrorKind, Fory, ForyBuilder};

fn send_sync<T: Send + Sync + 'static>() {}
fn debug<T: std::fmt::Debug>() {}
fn clone<T: Clone>() {}
fn eq<T: PartialEq>() {}
fn default<T: Default>() {}
fn unwind_safe<T: UnwindSafe + RefUnwindSafe>() {}
fn std_error<T: StdError + Send + Sync + 'static>() {}
fn send_future<F: std::future::Future + Send>(_: F) {}

#[test]
fn public_types_are_send_and_sync() {
    send_sync::<Fory>();
    send_sync::<Error>();
    send_sync::<ErrorKind>();
    send_sync::<Config>();
    send_sync::<ForyBuilder>();
    send_sync::<BufferObject<'static>>();
    send_sync::<BufferView<'static>>();
    send_sync::<PickleBuffer>();
    send_sync::<SharedArray<f64>>();
    send_sync::<Frame>();
    send_sync::<FrameError>();
    send_sync::<LayoutError>();
    send_sync::<Strided>();
    send_sync::<BufferKind>();
    send_sync::<ElemType>();
    send_sync::<Value>();
    send_sync::<Array>();
    send_sync::<StructValue>();
    send_sync::<EnumValue>();
    send_sync::<UnionValue>();
    send_sync::<SharedNdArray<f64>>();
    send_sync::<ArrowArray>();
    send_sync::<Eof>();
    send_sync::<AllInBand>();
    send_sync::<AllOutOfBand<Vec<BufferObject<'static>>>>();
    send_sync::<SizeThreshold<Vec<BufferObject<'static>>>>();
    send_sync::<Predicate<fn(&BufferObject<'_>) -> bool, Vec<BufferObject<'static>>>>();
}

#[test]
fn public_types_have_debug_clone_eq_default() {
    debug::<Fory>();
    debug::<Error>();
    debug::<Config>();
    debug::<ForyBuilder>();
    debug::<BufferObject<'static>>();
    debug::<BufferView<'static>>();
    debug::<PickleBuffer>();
    debug::<SharedArray<f64>>();
    debug::<Frame>();
    debug::<FrameError>();
    debug::<Strided>();
    debug::<Value>();
    debug::<SharedNdArray<f64>>();
    debug::<ArrowArray>();
    debug::<AllOutOfBand<Vec<BufferObject<'static>>>>();

    clone::<Fory>();
    clone::<Config>();
    clone::<ForyBuilder>();
    clone::<BufferObject<'static>>();
    clone::<BufferView<'static>>();
    clone::<PickleBuffer>();
    clone::<SharedArray<f64>>();
    clone::<Frame>();
    clone::<LayoutError>();
    clone::<Strided>();
    clone::<Value>();
    clone::<SharedNdArray<f64>>();
    clone::<ArrowArray>();

    eq::<Config>();
    eq::<ErrorKind>();
    eq::<PickleBuffer>();
    eq::<SharedArray<f64>>();
    eq::<BufferView<'static>>();
    eq::<Strided>();
    eq::<Value>();
    eq::<LayoutError>();
    eq::<BufferKind>();
    eq::<SharedNdArray<f64>>();

    default::<Fory>();
    default::<Config>();
    default::<ForyBuilder>();
    default::<PickleBuffer>();
    default::<SharedArray<f64>>();
    default::<AllInBand>();
}

#[test]
fn fory_and_errors_are_unwind_safe() {
    // a `&Fory` or an `Error` captured by a `catch_unwind` closure
    unwind_safe::<Fory>();
    unwind_safe::<Error>();
    unwind_safe::<FrameError>();
    unwind_safe::<LayoutError>();
}

#[test]
fn errors_are_std_errors_for_anyhow_and_boxed_dyn_error() {
    std_error::<Error>();
    std_error::<FrameError>();
    std_error::<LayoutError>();
    std_error::<Eof>();
    let eof = Eof {
        at: 4,
        requested: 8,
        available: 1,
    };
    assert_eq!(
        eof.to_string(),
        "unexpected end of input at byte 4: needed 8 more bytes, 1 remain"
    );
    assert_eq!(Error::from(eof).to_string(), eof.to_string());

    // `?` into `Box<dyn Error + Send + Sync>`, then across a thread
    fn read(fory: &Fory) -> Result<String, Box<dyn StdError + Send + Sync>> {
        Ok(fory.deserialize::<String>(&[0x00])?)
    }
    let fory = Fory::default();
    let err = std::thread::scope(|s| s.spawn(|| read(&fory).unwrap_err()).join().unwrap());
    let err = err.downcast::<Error>().expect("a fory_core::Error");
    assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
}

#[test]
fn async_message_futures_are_send() {
    // a multi-threaded runtime (`tokio::spawn`) needs `Send` futures
    let fory = Fory::default();
    let value = vec![1.0f64; 4];
    let mut out: Vec<u8> = Vec::new();
    send_future(fory.write_message_async(&value, &mut out));
    let mut input: &[u8] = &[];
    send_future(fory.read_message_async::<Vec<f64>, _>(&mut input));
    let mut out: Vec<u8> = Vec::new();
    send_future(fory_core::buffers::frame::write_frame_async(
        &mut out,
        &[],
        &[],
    ));
    let mut input: &[u8] = &[];
    send_future(Frame::read_from_async(&mut input));
}

#[test]
fn fory_debug_is_a_summary_of_settings_and_registered_types() {
    #[derive(fory_core::ForyObject)]
    struct Point {
        x: i32,
        y: Vec<u8>,
    }
    let mut fory = Fory::builder().xlang(true).build();
    fory.register::<Point>(100).unwrap();
    // a round trip fills the schema and TypeDef caches behind the registry
    let bytes = fory.serialize(&Point { x: 1, y: vec![2] }).unwrap();
    let _: Point = fory.deserialize(&bytes).unwrap();
    let text = format!("{fory:?}");
    assert!(
        text.starts_with("Fory { config: Config { xlang: true,"),
        "{text}"
    );
    assert!(
        text.contains("registered: {id 100: \"api_traits::"),
        "{text}"
    );
    assert!(text.contains("Point\"}"), "{text}");
    // no schemas, TypeIds or cached TypeDef bytes
    assert!(
        !text.contains("TypeId") && !text.contains("typedef"),
        "{text}"
    );
    assert!(text.len() < 600, "{} bytes: {text}", text.len());
}
