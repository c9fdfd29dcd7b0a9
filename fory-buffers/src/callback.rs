//! The buffer callback: who decides, per buffer, in-band or out-of-band.
//!
//! Anything implementing [`BufferCallback`] can be passed to
//! `Fory::serialize_with_callback`:
//!
//! | callback | when to use | when not to |
//! |---|---|---|
//! | a closure `FnMut(BufferObject) -> bool` | custom decisions, side effects (counting, shipping right away) | when a ready policy says it |
//! | `&mut Vec<BufferObject>` | send everything out-of-band, collect in order | when small buffers should stay in-band |
//! | [`AllOutOfBand`] | the same, into any [`BufferSink`] | — |
//! | [`AllInBand`] | produce the out-of-band framing (header bit, in-band flags) with nothing left out, e.g. to test a peer | normal in-band use: call `serialize` instead, it is smaller |
//! | [`SizeThreshold`] | large buffers out, small ones in (the usual choice for RPC) | when the decision depends on the kind of value |
//! | [`Predicate`] | decide by [`BufferKind`](crate::BufferKind), size or contiguity | — |
//!
//! As in pickle protocol 5, the callback returns `true` to keep a buffer
//! **in-band** and `false` to take it **out-of-band**. Out-of-band buffers
//! must be handed back to deserialization in the order they were offered.
//!
//! When a serialization fails after the callback took buffers, its stream
//! is never returned, so those buffers belong to nothing:
//! [`BufferCallback::rollback`] is told how many there were. A
//! `&mut Vec<BufferObject>` and the ready policies over a `Vec` (or a
//! sink that implements [`BufferSink::rollback`]) drop them, so a sink
//! shared by a sequence of values holds, after a failed value, exactly
//! what it held before it. A closure cannot be rolled back: what it did
//! with the buffers stays done (see [`BufferCallback::rollback`]).
//!
//! ```
//! use fory_buffers::{BufferCallback, BufferKind, BufferObject, SizeThreshold};
//! let mut kept = Vec::new();
//! let mut policy = SizeThreshold::new(1024, &mut kept);
//! let small = [0u8; 10];
//! let large = vec![0u8; 4096];
//! assert!(policy.offer(BufferObject::borrowed(&small, BufferKind::Binary)));  // in-band
//! assert!(!policy.offer(BufferObject::borrowed(&large, BufferKind::Binary))); // out-of-band
//! assert_eq!(kept.len(), 1);
//! ```

use crate::BufferObject;

/// Decides, for each buffer met during serialization, whether it is written
/// in-band (`true`) or left out-of-band (`false`, the callback keeps it).
///
/// `M` is a marker type that lets closures and `&mut Vec<BufferObject>`
/// both implement this trait; it is inferred, never named.
pub trait BufferCallback<'a, M> {
    /// Offers one buffer; `true` keeps it in-band.
    fn offer(&mut self, buffer: BufferObject<'a>) -> bool;

    /// Called once when the serialization this callback was given fails,
    /// with the number of buffers it took out-of-band (answered `false`)
    /// during that call: they are the last ones it took, and no stream
    /// refers to them. `&mut Vec<BufferObject>` and the ready policies
    /// drop them from their sink ([`BufferSink::rollback`]), so the sink
    /// is as it was before the call.
    ///
    /// The default does nothing, and a closure gets the default: buffers
    /// a closure kept stay wherever it put them. A closure that collects
    /// into a vector shared by several values should note the vector's
    /// length before each call and truncate to it on error (or collect
    /// each value's buffers apart); one that ships buffers as they come
    /// must tell the receiver that the value failed.
    ///
    /// ```
    /// use fory_buffers::{BufferCallback, BufferKind, BufferObject, SizeThreshold};
    /// let mut kept = vec![BufferObject::borrowed(b"an earlier value's", BufferKind::Binary)];
    /// let mut policy = SizeThreshold::new(1, &mut kept);
    /// assert!(!policy.offer(BufferObject::borrowed(b"this value's", BufferKind::Binary)));
    /// // ...the serialization then fails:
    /// policy.rollback(1);
    /// assert_eq!(kept.len(), 1);
    /// ```
    #[inline]
    fn rollback(&mut self, taken: usize) {
        let _ = taken;
    }
}

/// Marker types that keep the [`BufferCallback`] impls apart.
pub mod marker {
    /// A closure `FnMut(BufferObject) -> bool`.
    #[derive(Debug)]
    pub enum Closure {}
    /// A `&mut Vec<BufferObject>` collecting everything out-of-band.
    #[derive(Debug)]
    pub enum Collect {}
    /// One of the ready policies of this module.
    #[derive(Debug)]
    pub enum Policy {}
}

impl<'a, F> BufferCallback<'a, marker::Closure> for F
where
    F: FnMut(BufferObject<'a>) -> bool,
{
    #[inline]
    fn offer(&mut self, buffer: BufferObject<'a>) -> bool {
        self(buffer)
    }
}

impl<'a> BufferCallback<'a, marker::Collect> for &mut Vec<BufferObject<'a>> {
    #[inline]
    fn offer(&mut self, buffer: BufferObject<'a>) -> bool {
        self.push(buffer);
        false
    }

    /// Drops the last `taken` buffers.
    fn rollback(&mut self, taken: usize) {
        BufferSink::rollback(&mut **self, taken);
    }
}

/// A policy can be lent (`&mut policy`), to get its sink back afterwards.
impl<'a, P> BufferCallback<'a, marker::Policy> for &mut P
where
    P: BufferCallback<'a, marker::Policy>,
{
    #[inline]
    fn offer(&mut self, buffer: BufferObject<'a>) -> bool {
        (**self).offer(buffer)
    }

    fn rollback(&mut self, taken: usize) {
        (**self).rollback(taken);
    }
}

/// Where the policies put the buffers they take out-of-band.
///
/// After a failed serialization a `Vec<BufferObject>` holds what it held
/// before the call; a sink of your own does too if it implements
/// [`rollback`](Self::rollback), and otherwise keeps the failed value's
/// buffers at its end.
///
/// ```
/// use fory_buffers::{AllOutOfBand, BufferCallback, BufferKind, BufferObject, BufferSink};
/// // a sink that writes each buffer's size to a log, and can take lines back
/// struct Log(Vec<String>);
/// impl<'a> BufferSink<'a> for Log {
///     fn push(&mut self, buffer: BufferObject<'a>) {
///         self.0.push(format!("{} bytes", buffer.total_bytes()));
///     }
///     fn rollback(&mut self, count: usize) {
///         self.0.truncate(self.0.len() - count);
///     }
/// }
/// let mut policy = AllOutOfBand(Log(Vec::new()));
/// policy.offer(BufferObject::borrowed(b"abc", BufferKind::Binary));
/// policy.rollback(1); // what a failed serialization calls
/// assert!(policy.0 .0.is_empty());
/// ```
pub trait BufferSink<'a> {
    /// Keeps one out-of-band buffer; called in stream order.
    fn push(&mut self, buffer: BufferObject<'a>);

    /// Drops the last `count` buffers pushed: the serialization that
    /// pushed them failed, and no stream refers to them (see
    /// [`BufferCallback::rollback`]). `count` is at most the number pushed
    /// during that serialization. The default does nothing: the buffers
    /// stay, and a sink shared by a sequence of values then holds buffers
    /// the next values' readers would take for their own (in xlang mode
    /// no sizes are recorded to catch it) — implement it, or give each
    /// value a sink of its own.
    #[inline]
    fn rollback(&mut self, count: usize) {
        let _ = count;
    }
}

impl<'a> BufferSink<'a> for Vec<BufferObject<'a>> {
    #[inline]
    fn push(&mut self, buffer: BufferObject<'a>) {
        Vec::push(self, buffer);
    }

    /// Truncates to the length before the last `count` pushes.
    fn rollback(&mut self, count: usize) {
        self.truncate(self.len().saturating_sub(count));
    }
}

impl<'a, S: BufferSink<'a> + ?Sized> BufferSink<'a> for &mut S {
    #[inline]
    fn push(&mut self, buffer: BufferObject<'a>) {
        (**self).push(buffer);
    }

    fn rollback(&mut self, count: usize) {
        (**self).rollback(count);
    }
}

/// Every buffer out-of-band, into a sink.
///
/// ```
/// use fory_buffers::{AllOutOfBand, BufferCallback, BufferKind, BufferObject};
/// let mut policy = AllOutOfBand(Vec::new());
/// assert!(!policy.offer(BufferObject::borrowed(b"abc", BufferKind::Binary)));
/// assert_eq!(policy.0.len(), 1);
/// ```
#[derive(Debug, Default)]
pub struct AllOutOfBand<S>(pub S);

impl<'a, S: BufferSink<'a>> BufferCallback<'a, marker::Policy> for AllOutOfBand<S> {
    #[inline]
    fn offer(&mut self, buffer: BufferObject<'a>) -> bool {
        self.0.push(buffer);
        false
    }

    fn rollback(&mut self, taken: usize) {
        self.0.rollback(taken);
    }
}

/// Every buffer in-band: the stream still carries the out-of-band header
/// bit and one in-band flag per buffer, and no buffers are needed to read it
/// back but an empty list.
#[derive(Debug, Default, Clone, Copy)]
pub struct AllInBand;

impl<'a> BufferCallback<'a, marker::Policy> for AllInBand {
    #[inline]
    fn offer(&mut self, _buffer: BufferObject<'a>) -> bool {
        true
    }
}

/// Buffers of at least `min_bytes` go out-of-band into the sink; smaller
/// ones stay in-band, where the per-buffer bookkeeping costs more than the
/// copy.
#[derive(Debug)]
pub struct SizeThreshold<S> {
    min_bytes: usize,
    sink: S,
}

impl<S> SizeThreshold<S> {
    /// A threshold policy collecting into `sink`.
    pub fn new(min_bytes: usize, sink: S) -> Self {
        SizeThreshold { min_bytes, sink }
    }

    /// The sink, with the buffers taken out-of-band.
    pub fn into_sink(self) -> S {
        self.sink
    }
}

impl<'a, S: BufferSink<'a>> BufferCallback<'a, marker::Policy> for SizeThreshold<S> {
    #[inline]
    fn offer(&mut self, buffer: BufferObject<'a>) -> bool {
        if buffer.total_bytes() >= self.min_bytes {
            self.sink.push(buffer);
            false
        } else {
            true
        }
    }

    fn rollback(&mut self, taken: usize) {
        self.sink.rollback(taken);
    }
}

/// Buffers for which the predicate returns `true` go out-of-band into the
/// sink; the others stay in-band.
///
/// ```
/// use fory_buffers::{BufferCallback, BufferKind, BufferObject, Predicate};
/// // only byte strings out-of-band
/// let mut p = Predicate::new(|b: &BufferObject| b.kind() == BufferKind::Binary, Vec::new());
/// assert!(!p.offer(BufferObject::borrowed(b"x", BufferKind::Binary)));
/// assert_eq!(p.into_sink().len(), 1);
/// ```
#[derive(Debug)]
pub struct Predicate<F, S> {
    out_of_band: F,
    sink: S,
}

impl<F, S> Predicate<F, S> {
    /// A predicate policy collecting into `sink`.
    pub fn new(out_of_band: F, sink: S) -> Self {
        Predicate { out_of_band, sink }
    }

    /// The sink, with the buffers taken out-of-band.
    pub fn into_sink(self) -> S {
        self.sink
    }
}

impl<'a, F, S> BufferCallback<'a, marker::Policy> for Predicate<F, S>
where
    F: FnMut(&BufferObject<'a>) -> bool,
    S: BufferSink<'a>,
{
    #[inline]
    fn offer(&mut self, buffer: BufferObject<'a>) -> bool {
        if (self.out_of_band)(&buffer) {
            self.sink.push(buffer);
            false
        } else {
            true
        }
    }

    fn rollback(&mut self, taken: usize) {
        self.sink.rollback(taken);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BufferKind;

    fn offer_all<'a, M>(
        mut cb: impl BufferCallback<'a, M>,
        items: &[BufferObject<'a>],
    ) -> Vec<bool> {
        items.iter().map(|b| cb.offer(b.clone())).collect()
    }

    #[test]
    fn closures_and_vec_are_callbacks() {
        let a = [1u8; 8];
        let items = vec![
            BufferObject::borrowed(&a, BufferKind::Binary),
            BufferObject::borrowed(&a[..2], BufferKind::Binary),
        ];
        let mut n = 0;
        let flags = offer_all(
            |_b: BufferObject<'_>| {
                n += 1;
                n % 2 == 1
            },
            &items,
        );
        assert_eq!(flags, vec![true, false]);
        let mut v = Vec::new();
        assert_eq!(offer_all(&mut v, &items), vec![false, false]);
        assert_eq!(
            v.iter().map(|b| b.total_bytes()).collect::<Vec<_>>(),
            vec![8, 2]
        );
        assert_eq!(offer_all(AllInBand, &items), vec![true, true]);
        let mut sink = Vec::new();
        assert_eq!(
            offer_all(SizeThreshold::new(8, &mut sink), &items),
            vec![false, true]
        );
        assert_eq!(sink.len(), 1);
    }
}
