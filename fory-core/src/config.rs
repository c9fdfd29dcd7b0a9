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
    pub(crate) max_depth: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            xlang: false,
            ref_tracking: false,
            strict: true,
            compatible: true,
            xlang_array_buffers: false,
            max_depth: ForyBuilder::DEFAULT_MAX_DEPTH,
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
    /// Whether dense primitive arrays take the buffer path (always in native
    /// mode; in xlang mode only with [`ForyBuilder::xlang_array_buffers`]).
    pub fn arrays_take_buffer_path(&self) -> bool {
        !self.xlang || self.xlang_array_buffers
    }
    /// Nesting limit.
    pub fn max_depth(&self) -> u32 {
        self.max_depth
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
pub struct ForyBuilder {
    config: Config,
}

impl ForyBuilder {
    /// Default nesting limit: deeper input is an error, not a stack
    /// overflow.
    pub const DEFAULT_MAX_DEPTH: u32 = 200;

    /// `true`: Apache Fory's xlang format, readable by pyfory and Java
    /// Fory. `false` (default): Rust native mode, where every large buffer
    /// kind takes the buffer path.
    pub fn xlang(mut self, on: bool) -> Self {
        self.config.xlang = on;
        self
    }

    /// `true`: a shared `Rc`/`Arc` (and the same `Bytes` buffer) is written
    /// once and read back shared; cycles through `Rc` are allowed.
    pub fn ref_tracking(mut self, on: bool) -> Self {
        self.config.ref_tracking = on;
        self
    }

    /// `true` (default): every user type must be registered before use.
    pub fn strict(mut self, on: bool) -> Self {
        self.config.strict = on;
        self
    }

    /// `true` (default): structs carry their TypeDef so that readers with
    /// more or fewer fields still read them. `false`: schema-consistent
    /// layout (field order and a schema fingerprint).
    pub fn compatible(mut self, on: bool) -> Self {
        self.config.compatible = on;
        self
    }

    /// Java Fory's convention in xlang mode: dense primitive arrays
    /// (`Vec<f64>`, ...) take the buffer path too, so they can go
    /// out-of-band. Off by default, because pyfory 1.7.7 cannot read such
    /// streams; turn it on only when the peer is Java Fory.
    pub fn xlang_array_buffers(mut self, on: bool) -> Self {
        self.config.xlang_array_buffers = on;
        self
    }

    /// Maximum nesting of containers, boxes and structs, on write and read.
    /// Default [`DEFAULT_MAX_DEPTH`](Self::DEFAULT_MAX_DEPTH).
    pub fn max_depth(mut self, depth: u32) -> Self {
        self.config.max_depth = depth;
        self
    }

    /// The configured [`Fory`].
    pub fn build(self) -> Fory {
        Fory::with_config(self.config)
    }
}
