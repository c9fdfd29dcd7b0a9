//! [`Config`] and the [`ForyBuilder`].

use crate::Fory;

/// Settings of a [`Fory`] instance. Build one with [`Fory::builder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub(crate) xlang: bool,
    pub(crate) ref_tracking: bool,
    pub(crate) strict: bool,
    pub(crate) compatible: bool,
    pub(crate) xlang_array_buffers: bool,
    pub(crate) xlang_utf8_strings: bool,
    /// `xlang && !xlang_utf8_strings`, kept by the builder: strings take
    /// pyfory's encodings (one load where every struct's strings ask).
    pub(crate) pyfory_strings: bool,
    /// `xlang && ref_tracking`, kept by the builder: structs, lists and
    /// maps take ref ids (pyfory's flags; native mode gives them none).
    pub(crate) xlang_refs: bool,
    pub(crate) max_depth: u32,
    pub(crate) max_read_stack: usize,
    pub(crate) max_collection_len: usize,
    pub(crate) max_binary_size: usize,
    pub(crate) max_type_metas: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            xlang: false,
            ref_tracking: false,
            strict: true,
            compatible: true,
            xlang_array_buffers: false,
            xlang_utf8_strings: false,
            pyfory_strings: false,
            xlang_refs: false,
            max_depth: ForyBuilder::DEFAULT_MAX_DEPTH,
            max_read_stack: ForyBuilder::DEFAULT_MAX_READ_STACK,
            max_collection_len: ForyBuilder::DEFAULT_MAX_COLLECTION_LEN,
            max_binary_size: ForyBuilder::DEFAULT_MAX_BINARY_SIZE,
            max_type_metas: ForyBuilder::DEFAULT_MAX_TYPE_METAS,
        }
    }
}

impl Config {
    /// Xlang (cross-language) format rather than Rust native mode.
    pub fn xlang(&self) -> bool {
        self.xlang
    }
    /// Shared `Rc`/`Arc` written once; cycles allowed.
    pub fn ref_tracking(&self) -> bool {
        self.ref_tracking
    }
    /// Every user type must be registered first.
    pub fn strict(&self) -> bool {
        self.strict
    }
    /// Schema-evolution struct layout.
    pub fn compatible(&self) -> bool {
        self.compatible
    }
    /// Java's convention for xlang arrays, as set by
    /// [`ForyBuilder::xlang_array_buffers`] (whatever the mode; see
    /// [`arrays_take_buffer_path`](Self::arrays_take_buffer_path) for its
    /// effect).
    pub fn xlang_array_buffers(&self) -> bool {
        self.xlang_array_buffers
    }
    /// Whether dense primitive arrays take the buffer path (always in native
    /// mode; in xlang mode only with [`ForyBuilder::xlang_array_buffers`]).
    pub fn arrays_take_buffer_path(&self) -> bool {
        !self.xlang || self.xlang_array_buffers
    }
    /// Whether the bytes of a dense array written under type id `id` take
    /// the buffer path: always for BINARY (bytes, which pyfory reads as a
    /// buffer object in any mode), otherwise as
    /// [`arrays_take_buffer_path`](Self::arrays_take_buffer_path) says.
    pub(crate) fn dense_takes_buffer_path(&self, id: u8) -> bool {
        id == crate::types::type_id::BINARY || self.arrays_take_buffer_path()
    }
    /// Whether xlang strings are written as UTF-8 whatever their chars
    /// (see [`ForyBuilder::xlang_utf8_strings`]).
    pub fn xlang_utf8_strings(&self) -> bool {
        self.xlang_utf8_strings
    }
    /// Nesting limit.
    pub fn max_depth(&self) -> u32 {
        self.max_depth
    }
    /// The stack a read may use below where it started, in bytes.
    pub fn max_read_stack(&self) -> usize {
        self.max_read_stack
    }
    /// Most elements one list, set, map or array may claim on read.
    pub fn max_collection_len(&self) -> usize {
        self.max_collection_len
    }
    /// Most bytes one string, binary or array buffer may have on read,
    /// in-band or out-of-band.
    pub fn max_binary_size(&self) -> usize {
        self.max_binary_size
    }
    /// Most TypeDefs, and most meta strings, one stream may declare.
    pub fn max_type_metas(&self) -> usize {
        self.max_type_metas
    }
}

/// Builds a [`Fory`]. Defaults mirror pyfory: `xlang(false)`,
/// `ref_tracking(false)`, `strict(true)`, `compatible(true)`.
///
/// ```
/// use fory_core::Fory;
/// let fory = Fory::builder().xlang(true).ref_tracking(true).max_depth(64).build();
/// assert!(fory.config().xlang());
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a builder method returns the changed builder: chain the calls and finish with .build()"]
pub struct ForyBuilder {
    config: Config,
}

impl ForyBuilder {
    /// Default nesting limit: deeper input is an error, not a stack
    /// overflow.
    pub const DEFAULT_MAX_DEPTH: u32 = 200;
    /// Default [`max_read_stack`](Self::max_read_stack): 1 MiB, half the
    /// stack of a thread spawned with Rust's (and tokio's) default size.
    pub const DEFAULT_MAX_READ_STACK: usize = 1 << 20;
    /// Default [`max_collection_len`](Self::max_collection_len): the
    /// format's own limit (a length is a varuint32). Reads are bounded by
    /// the input regardless: a length is checked against the bytes left.
    pub const DEFAULT_MAX_COLLECTION_LEN: usize = u32::MAX as usize;
    /// Default [`max_binary_size`](Self::max_binary_size): no limit beyond
    /// the input (in-band sizes are checked against the bytes left; an
    /// out-of-band buffer is already in memory).
    pub const DEFAULT_MAX_BINARY_SIZE: usize = usize::MAX;
    /// Default [`max_type_metas`](Self::max_type_metas).
    pub const DEFAULT_MAX_TYPE_METAS: usize = 4096;

    /// `true`: Apache Fory's xlang format, readable by pyfory and Java
    /// Fory. `false` (default): Rust native mode, where every large buffer
    /// kind takes the buffer path.
    ///
    /// ```
    /// use fory_core::Fory;
    /// let native = Fory::builder().build();
    /// let xlang = Fory::builder().xlang(true).build();
    /// // the header's xlang bit, and a stream one mode cannot read as the other
    /// let bytes = xlang.serialize(&"hello".to_string())?;
    /// assert_eq!(xlang.deserialize::<String>(&bytes)?, "hello");
    /// assert!(native.deserialize::<String>(&bytes).is_err());
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn xlang(mut self, on: bool) -> Self {
        self.config.xlang = on;
        self.config.pyfory_strings = on && !self.config.xlang_utf8_strings;
        self.config.xlang_refs = on && self.config.ref_tracking;
        self
    }

    /// `true`: a shared `Rc`/`Arc` (and the same `Bytes` buffer) is written
    /// once and read back shared; cycles through `Rc` are allowed.
    ///
    /// ```
    /// use std::rc::Rc;
    /// use fory_core::Fory;
    /// let fory = Fory::builder().ref_tracking(true).build();
    /// let shared = Rc::new("one copy".to_string());
    /// let bytes = fory.serialize(&vec![shared.clone(), shared])?;
    /// let back: Vec<Rc<String>> = fory.deserialize(&bytes)?;
    /// assert!(Rc::ptr_eq(&back[0], &back[1]));
    /// // without it, each element is its own value
    /// let plain = Fory::builder().build();
    /// let two = Rc::new("two".to_string());
    /// let back: Vec<Rc<String>> = plain.deserialize(&plain.serialize(&vec![two.clone(), two])?)?;
    /// assert!(!Rc::ptr_eq(&back[0], &back[1]));
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn ref_tracking(mut self, on: bool) -> Self {
        self.config.ref_tracking = on;
        self.config.xlang_refs = on && self.config.xlang;
        self
    }

    /// `true` (default): every user type must be registered before use.
    /// `false`: an unregistered type is written and read by its Rust path
    /// name (`module_path::Type`), so both sides must agree on it.
    ///
    /// ```
    /// # #[cfg(feature = "derive")] { // the example needs the derive
    /// use fory_core::{Fory, ForyObject};
    /// #[derive(ForyObject, Debug, PartialEq)]
    /// struct Point { x: i32, y: i32 }
    /// let p = Point { x: 1, y: 2 };
    /// assert!(Fory::builder().build().serialize(&p).is_err()); // not registered
    /// let loose = Fory::builder().strict(false).build();
    /// assert_eq!(loose.deserialize::<Point>(&loose.serialize(&p)?)?, p);
    /// # }
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn strict(mut self, on: bool) -> Self {
        self.config.strict = on;
        self
    }

    /// `true` (default): structs carry their TypeDef so that readers with
    /// more or fewer fields still read them. `false`: schema-consistent
    /// layout (field order and a schema fingerprint).
    ///
    /// ```
    /// # #[cfg(feature = "derive")] { // the example needs the derive
    /// use fory_core::{Fory, ForyObject};
    /// mod v1 {
    ///     #[derive(fory_core::ForyObject)]
    ///     pub struct User { pub name: String }
    /// }
    /// mod v2 {
    ///     #[derive(fory_core::ForyObject, Debug, PartialEq)]
    ///     pub struct User { pub name: String, pub age: Option<u8> }
    /// }
    /// let mut old = Fory::builder().compatible(true).build();
    /// old.register::<v1::User>(1)?;
    /// let mut new = Fory::builder().compatible(true).build();
    /// new.register::<v2::User>(1)?;
    /// let bytes = old.serialize(&v1::User { name: "ada".into() })?;
    /// // the field the writer did not have takes its zero value
    /// let user: v2::User = new.deserialize(&bytes)?;
    /// assert_eq!(user, v2::User { name: "ada".into(), age: None });
    /// # }
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn compatible(mut self, on: bool) -> Self {
        self.config.compatible = on;
        self
    }

    /// Java Fory's convention in xlang mode: dense primitive arrays
    /// (`Vec<f64>`, ...) take the buffer path too, so they can go
    /// out-of-band. Off by default, because pyfory 1.7.7 cannot read such
    /// streams; turn it on only when the peer is Java Fory.
    ///
    /// ```
    /// use fory_core::Fory;
    /// use fory_core::buffers::BufferObject;
    /// let data = vec![1.5f64; 1000];
    /// let java_style = Fory::builder().xlang(true).xlang_array_buffers(true).build();
    /// let mut objs: Vec<BufferObject> = Vec::new();
    /// let bytes = java_style.serialize_with_callback(&data, &mut objs)?;
    /// assert_eq!(objs.len(), 1); // the array went out-of-band
    /// let back: Vec<f64> = java_style.deserialize_with_buffers(&bytes, &objs)?;
    /// assert_eq!(back, data);
    /// // pyfory's convention (the default): the array stays in-band
    /// let mut none: Vec<BufferObject> = Vec::new();
    /// Fory::builder().xlang(true).build().serialize_with_callback(&data, &mut none)?;
    /// assert!(none.is_empty());
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn xlang_array_buffers(mut self, on: bool) -> Self {
        self.config.xlang_array_buffers = on;
        self
    }

    /// `true`: in xlang mode every string is written as UTF-8, as Rust
    /// holds it, and as the official Fory Rust crate writes it. `false`
    /// (default): the encoding pyfory picks for the same string, so the
    /// bytes match pyfory's: Latin-1 when every char is below U+0100,
    /// UTF-16 when every char is in the Basic Multilingual Plane, UTF-8
    /// otherwise.
    ///
    /// Reading accepts all three encodings whatever this says; the xlang
    /// spec's STRING type allows each of them, and pyfory 1.7.7 reads
    /// these strings back (tested). Turn it on when the bytes need not
    /// equal pyfory's own. Text that is all ASCII is written the same either
    /// way but for the encoding in its header. Text with other chars is
    /// then copied rather than transcoded: its write costs what native
    /// mode's does (English prose with a few curly quotes and accents
    /// serializes about 5x faster; docs/benchmarks.md), and CJK text
    /// takes 3 bytes a char rather than UTF-16's 2. Native mode always
    /// writes UTF-8; there this setting changes nothing.
    ///
    /// ```
    /// use fory_core::Fory;
    /// let text = "caf\u{e9} \u{2014} \u{65e5}\u{672c}".to_string();
    /// let pyfory_bytes = Fory::builder().xlang(true).build().serialize(&text)?;
    /// let utf8 = Fory::builder().xlang(true).xlang_utf8_strings(true).build();
    /// let bytes = utf8.serialize(&text)?;
    /// // the string's own bytes, as they are in memory
    /// assert!(bytes.windows(text.len()).any(|w| w == text.as_bytes()));
    /// assert!(!pyfory_bytes.windows(text.len()).any(|w| w == text.as_bytes()));
    /// // either reads back with either setting
    /// assert_eq!(utf8.deserialize::<String>(&pyfory_bytes)?, text);
    /// assert_eq!(Fory::builder().xlang(true).build().deserialize::<String>(&bytes)?, text);
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn xlang_utf8_strings(mut self, on: bool) -> Self {
        self.config.xlang_utf8_strings = on;
        self.config.pyfory_strings = self.config.xlang && !on;
        self
    }

    /// Maximum nesting of containers, boxes and structs, on write and read.
    /// Default [`DEFAULT_MAX_DEPTH`](Self::DEFAULT_MAX_DEPTH).
    ///
    /// ```
    /// use fory_core::{ErrorKind, Fory};
    /// // two levels of lists around a dense i32 array
    /// let nested = vec![vec![vec![1i32]]];
    /// let bytes = Fory::builder().build().serialize(&nested)?;
    /// assert!(Fory::builder().max_depth(2).build().deserialize::<Vec<Vec<Vec<i32>>>>(&bytes).is_ok());
    /// let shallow = Fory::builder().max_depth(1).build();
    /// let err = shallow.deserialize::<Vec<Vec<Vec<i32>>>>(&bytes).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::DepthLimit);
    /// // the same limit guards writing
    /// assert!(shallow.serialize(&nested).is_err());
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn max_depth(mut self, depth: u32) -> Self {
        self.config.max_depth = depth;
        self
    }

    /// How much stack a read may use below the frame it started in, in
    /// bytes: nesting that would take more is an error of kind
    /// [`DepthLimit`](crate::ErrorKind::DepthLimit), like nesting past
    /// [`max_depth`](Self::max_depth). Each level's frame grows with the
    /// struct's fields (a wide struct's read keeps a slot for each), so
    /// `max_depth` alone cannot keep a hostile stream of wide structs
    /// nested within the stack. Default
    /// [`DEFAULT_MAX_READ_STACK`](Self::DEFAULT_MAX_READ_STACK); lower it
    /// for reads on threads with small stacks, raise it for deep data on
    /// large ones.
    ///
    /// ```
    /// # #[cfg(feature = "derive")] { // the example needs the derive
    /// use fory_core::{ErrorKind, Fory, ForyObject};
    /// #[derive(ForyObject, Debug, Default)]
    /// struct Link { value: i32, next: Option<Box<Link>> }
    /// let mut fory = Fory::builder().build();
    /// fory.register::<Link>(1)?;
    /// let chain = Link { value: 1, next: Some(Box::new(Link::default())) };
    /// let bytes = fory.serialize(&chain)?;
    /// assert!(fory.deserialize::<Link>(&bytes).is_ok());
    /// // a budget no struct's read fits in
    /// let mut tight = Fory::builder().max_read_stack(1).build();
    /// tight.register::<Link>(1)?;
    /// let err = tight.deserialize::<Link>(&bytes).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::DepthLimit);
    /// # }
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn max_read_stack(mut self, bytes: usize) -> Self {
        self.config.max_read_stack = bytes;
        self
    }

    /// Most elements one list, set, map or n-d/dense array may claim on
    /// read; a longer one is an error of kind
    /// [`Limit`](crate::ErrorKind::Limit) before anything is allocated.
    /// Default [`DEFAULT_MAX_COLLECTION_LEN`](Self::DEFAULT_MAX_COLLECTION_LEN).
    ///
    /// ```
    /// use fory_core::{ErrorKind, Fory};
    /// let writer = Fory::builder().build();
    /// let bytes = writer.serialize(&vec![1i64; 100])?;
    /// let reader = Fory::builder().max_collection_len(10).build();
    /// let err = reader.deserialize::<Vec<i64>>(&bytes).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Limit);
    /// assert!(err.to_string().contains("max_collection_len"));
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn max_collection_len(mut self, n: usize) -> Self {
        self.config.max_collection_len = n;
        self
    }

    /// Most bytes one string, binary, dense array or array buffer may have
    /// on read, in-band or out-of-band (an out-of-band buffer over it is
    /// refused before it is wrapped). Default
    /// [`DEFAULT_MAX_BINARY_SIZE`](Self::DEFAULT_MAX_BINARY_SIZE).
    ///
    /// A string is measured as it arrives, in its wire encoding: the
    /// `String` read from a Latin-1 string (xlang mode) takes up to twice
    /// the limit in UTF-8, from a UTF-16 one up to one and a half times.
    /// Native mode's strings are UTF-8 on the wire, so there the limit is
    /// the `String`'s length.
    ///
    /// ```
    /// use fory_core::{ErrorKind, Fory};
    /// let writer = Fory::builder().build();
    /// let bytes = writer.serialize(&"x".repeat(1000))?;
    /// let reader = Fory::builder().max_binary_size(100).build();
    /// let err = reader.deserialize::<String>(&bytes).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Limit);
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn max_binary_size(mut self, n: usize) -> Self {
        self.config.max_binary_size = n;
        self
    }

    /// Most TypeDefs, and most meta strings (type names), one stream may
    /// declare on read. Default
    /// [`DEFAULT_MAX_TYPE_METAS`](Self::DEFAULT_MAX_TYPE_METAS).
    ///
    /// ```
    /// # #[cfg(feature = "derive")] { // the example needs the derive
    /// use fory_core::{ErrorKind, Fory, ForyObject};
    /// #[derive(ForyObject)]
    /// struct A { x: i32 }
    /// #[derive(ForyObject)]
    /// struct B { a: A }
    /// let mut writer = Fory::builder().build();
    /// writer.register::<A>(1)?;
    /// writer.register::<B>(2)?;
    /// let bytes = writer.serialize(&B { a: A { x: 1 } })?; // two TypeDefs
    /// let mut reader = Fory::builder().max_type_metas(1).build();
    /// reader.register::<A>(1)?;
    /// reader.register::<B>(2)?;
    /// let err = reader.deserialize::<B>(&bytes).err().unwrap();
    /// assert_eq!(err.kind(), ErrorKind::Limit);
    /// # }
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn max_type_metas(mut self, n: usize) -> Self {
        self.config.max_type_metas = n;
        self
    }

    /// The configured [`Fory`].
    ///
    /// ```
    /// use fory_core::Fory;
    /// let fory = Fory::builder().compatible(false).max_depth(32).build();
    /// assert!(!fory.config().compatible());
    /// assert_eq!(fory.config().max_depth(), 32);
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    #[must_use]
    pub fn build(self) -> Fory {
        Fory::with_config(self.config)
    }
}
