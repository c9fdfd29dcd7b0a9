//! Errors: one opaque public [`Error`] with a [`ErrorKind`], a message that
//! names the problem and the path of types being read or written.

use std::fmt;

/// What went wrong, for callers that branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended before the value did.
    UnexpectedEof,
    /// The bytes are not a valid Fory stream (bad flag, length, encoding).
    InvalidData,
    /// The stream holds a different type than the one asked for.
    TypeMismatch,
    /// A type id or name the reader does not know.
    UnknownType,
    /// Out-of-band buffers: too few, too many, wrong size, or a header
    /// flag that does not match whether buffers were given.
    Buffers,
    /// Nesting deeper than the configured limit.
    DepthLimit,
    /// A read went past a limit set on the builder
    /// ([`max_collection_len`](crate::ForyBuilder::max_collection_len),
    /// [`max_binary_size`](crate::ForyBuilder::max_binary_size),
    /// [`max_type_metas`](crate::ForyBuilder::max_type_metas)).
    Limit,
    /// A registration problem, or an unregistered type in strict mode.
    Registry,
    /// A value the format cannot represent (e.g. a length over 4 GiB).
    Unsupported,
    /// An I/O error while writing or reading a buffer.
    Io,
}

/// The error of every fallible operation in this crate.
///
/// ```
/// use fory_core::{Error, ErrorKind, Fory};
/// let fory = Fory::builder().build();
/// let err: Error = fory.deserialize::<String>(&[0x00]).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
/// assert!(err.to_string().contains("end of input"));
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    message: String,
    path: Vec<&'static str>,
    /// The error this one wraps (an I/O error), for
    /// [`source`](std::error::Error::source).
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    /// An error of `kind` with a message.
    #[cold]
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            path: Vec::new(),
            source: None,
        }))
    }

    /// An error of `kind` with a message, wrapping `source` (given back
    /// by [`source`](std::error::Error::source)).
    #[cold]
    pub fn with_source(
        kind: ErrorKind,
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        let mut e = Self::new(kind, message);
        e.0.source = Some(Box::new(source));
        e
    }

    /// The [`std::io::ErrorKind`] of the I/O error this one wraps, if it
    /// wraps one (a failed read or write of a frame, a buffer or a file):
    /// to tell, say, a peer that closed the connection
    /// (`UnexpectedEof`, `ConnectionReset`) from one that sent bad bytes.
    ///
    /// ```
    /// use fory_core::{Error, ErrorKind};
    /// let e = Error::from(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
    /// assert_eq!(e.kind(), ErrorKind::Io);
    /// assert_eq!(e.io_kind(), Some(std::io::ErrorKind::ConnectionReset));
    /// assert!(std::error::Error::source(&e).is_some());
    /// ```
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        // the I/O error may be wrapped (a frame's error holds it)
        let mut cause = std::error::Error::source(self);
        while let Some(e) = cause {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                return Some(io.kind());
            }
            cause = e.source();
        }
        None
    }

    #[cold]
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidData, message)
    }

    #[cold]
    pub(crate) fn buffers(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Buffers, message)
    }

    #[cold]
    pub(crate) fn unsupported(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unsupported, message)
    }

    #[cold]
    pub(crate) fn type_mismatch(expected: &str, found: impl fmt::Display) -> Self {
        Self::new(
            ErrorKind::TypeMismatch,
            format!("expected {}, found {found}", short_type_name(expected)),
        )
    }

    /// What went wrong.
    #[inline]
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The message, without the path.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Types being read or written when the error happened, outermost
    /// first (e.g. `["Vec<Frame>", "Frame", "samples"]`); a union's
    /// variant follows the union, with the field of a variant of several
    /// or named fields (`["Reading", "Level"]`, `["Reading", "Pair.1"]`).
    pub fn path(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.path.iter().rev().copied()
    }

    /// The same error (kind and path) with its message rewritten by `f`.
    #[cold]
    pub(crate) fn map_message(mut self, f: impl FnOnce(&str) -> String) -> Self {
        self.0.message = f(&self.0.message);
        self
    }

    /// Adds an enclosing type or field name to the path. Past 16
    /// segments the middle is elided (`…`), keeping both ends.
    #[cold]
    #[must_use = "context returns the error with the segment added"]
    pub fn context(mut self, segment: &'static str) -> Self {
        const MAX: usize = 16;
        let path = &mut self.0.path;
        if path.len() >= MAX {
            // path[0] is the innermost segment; keep it and the newest ones
            if path[1] != "…" {
                path[1] = "…";
            } else {
                path.remove(2);
            }
        }
        path.push(segment);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)?;
        if !self.0.path.is_empty() {
            f.write_str(" (in ")?;
            for (i, seg) in self.path().enumerate() {
                if i > 0 {
                    f.write_str(" > ")?;
                }
                f.write_str(seg)?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?}: {self})", self.0.kind)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

// Like `anyhow::Error`: the boxed source (`dyn Error + Send + Sync`, an
// `io::Error` among others) would make `Error` neither `UnwindSafe` nor
// `RefUnwindSafe`, so an `Error` could not be captured by a
// `catch_unwind` closure. Nothing in it is mutated through `&self`, and a
// panic cannot leave it half-built.
impl std::panic::UnwindSafe for Error {}
impl std::panic::RefUnwindSafe for Error {}

impl From<std::io::Error> for Error {
    #[cold]
    fn from(e: std::io::Error) -> Self {
        Error::with_source(ErrorKind::Io, format!("I/O error: {e}"), e)
    }
}

impl From<fory_buffers::LayoutError> for Error {
    #[cold]
    fn from(e: fory_buffers::LayoutError) -> Self {
        Error::invalid(e.to_string())
    }
}

/// The small, `Copy` error of the hot byte reader: how many bytes were
/// needed and how many remained. Converted into [`Error`] at the boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eof {
    /// Offset in the input where the read started.
    pub at: usize,
    /// Bytes the read needed.
    pub requested: usize,
    /// Bytes that remained.
    pub available: usize,
}

impl fmt::Display for Eof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unexpected end of input at byte {}: needed {} more bytes, {} remain",
            self.at, self.requested, self.available
        )
    }
}

impl std::error::Error for Eof {}

impl From<Eof> for Error {
    #[cold]
    fn from(e: Eof) -> Self {
        Error::new(ErrorKind::UnexpectedEof, e.to_string())
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A Rust type name as a reader writes it: every path cut to its last
/// segment (`std::collections::hash::map::HashMap<alloc::string::String,
/// i64>` is `HashMap<String, i64>`), for error messages.
pub(crate) fn short_type_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // where the path being read began in `out`
    let mut path_start = 0;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            out.truncate(path_start);
        } else {
            out.push(c);
            if !(c.is_alphanumeric() || c == '_') {
                path_start = out.len();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paths_keep_both_ends() {
        let mut e = Error::invalid("boom").context("inner");
        for _ in 0..100 {
            e = e.context("mid");
        }
        let e = e.context("outer");
        let text = e.to_string();
        assert!(text.starts_with("boom (in outer > mid"), "{text}");
        assert!(text.ends_with("… > inner)"), "{text}");
        assert!(e.path().count() <= 17, "{}", e.path().count());
    }

    #[test]
    fn short_type_names_keep_the_last_segment_of_each_path() {
        use super::short_type_name as short;
        assert_eq!(
            short("std::collections::hash::map::HashMap<alloc::string::String, i64>"),
            "HashMap<String, i64>"
        );
        assert_eq!(
            short("alloc::vec::Vec<core::option::Option<[u8; 4]>>"),
            "Vec<Option<[u8; 4]>>"
        );
        assert_eq!(short("&dyn core::any::Any"), "&dyn Any");
        assert_eq!(short("(i32, alloc::sync::Arc<str>)"), "(i32, Arc<str>)");
        assert_eq!(short("an n-d array of f64"), "an n-d array of f64");
    }
}
