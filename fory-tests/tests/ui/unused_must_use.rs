// Methods that return a changed copy warn when the copy is dropped: a
// builder setting, a built Fory, an error's added context, a detached
// buffer.
#![deny(unused_must_use)]

fn main() {
    let builder = fory_core::Fory::builder();
    builder.clone().xlang(true);
    builder.build();
    let err = fory_core::Error::new(fory_core::ErrorKind::InvalidData, "boom");
    err.context("Outer");
    let pb = fory_core::buffers::PickleBuffer::new(vec![1u8, 2, 3]);
    pb.detach();
}
