//! [`Value`]: any xlang value, read without knowing its Rust type.
//!
//! Read a stream into `Value` to inspect what another language sent:
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::value::Value;
//! let fory = Fory::builder().xlang(true).build();
//! let bytes = fory.serialize(&(1i64, "two".to_string(), vec![3.0f64]))?;
//! let v: Value = fory.deserialize(&bytes)?;
//! assert_eq!(v.to_string(), r#"[1, "two", float64[3.0]]"#);
//! # Ok::<(), fory_core::Error>(())
//! ```
//!
//! `Value` holds the scalars, strings, binaries, lists, sets, maps and
//! dense arrays, dates, times and decimals, and pyfory's
//! [`Float16`](Value::Float16) and [`BFloat16`](Value::BFloat16). Structs
//! are readable when the stream carries their TypeDef (pyfory's default,
//! `compatible=True`); a schema-consistent struct has no field names on
//! the wire and is an error. Enums and union cases are read with their
//! type's name. A back-reference (`ref=True`) is [`Value::Ref`] with the
//! ref id of the value it points to (ids count reference-tracked values in
//! stream order, the root first).
//!
//! With fory-core's `arrow` feature, an Arrow record batch (pyfory's
//! `pa.RecordBatch` and `pa.Table` with `python/fory_arrow.py`, native
//! mode's `RECORD_BATCH`) is `Value::RecordBatch`, and native mode's single
//! Arrow array `Value::ArrowArray`: read by the typed readers (zero-copy
//! from out-of-band `Bytes` buffers) and written as they write. Without the
//! feature, reading one is an error naming it; other extension types are
//! errors too (a struct field of one that the reader lacks is skipped).
//! Native mode's n-d arrays (`ndarray`'s arrays and `SharedNdArray` with
//! the `ndarray` feature) are [`Value::NdArray`], in any build: shape,
//! order, element type and the elements' bytes, shared with an
//! out-of-band `Bytes` buffer as a `SharedNdArray` read is.
//!
//! `Value` can be written too, except structs, enums, unions and refs,
//! which need a registered Rust type.
//!
//! # Writing a `Value` back
//!
//! A typed write read as a `Value` and written again gives the typed
//! write's bytes and out-of-band buffers (tests/value_parity.rs checks
//! every type the library writes, in both modes and layouts, with and
//! without ref tracking and buffers kept out of band): one element type
//! per list or map chunk when they share one, and the ref flags the typed
//! containers carry. Where the `Value` does not hold what made the typed
//! bytes, it writes other bytes, which the typed read takes back to the
//! same value:
//!
//! - An integer is a number, not its encoding: [`Int`](Value::Int) and
//!   [`UInt`](Value::UInt) are written as VARINT64 and VAR_UINT64 (what
//!   `i64`, `u64` and pyfory's `int` write). An `i8`, `i16`, `i32`, `u8`,
//!   `u16` or `u32` (alone or in a tuple, set, map, `Option`, cell, atomic,
//!   `NonZero`, `Wrapping`; `Ordering`'s INT8) comes back in other bytes.
//!   Dense arrays (`Vec<i32>`) keep their type.
//! - A list does not keep its header: a tuple or range whose elements
//!   share a type (nulls aside) is written as a list of that one type
//!   (pyfory writes a tuple so), and a list of only nulls with pyfory's
//!   element type NONE, where a typed `Vec<Option<T>>` names `T`.
//! - A null is a null flag: `()`, `RangeFull` and `PhantomPinned`
//!   (written as a value of type NONE) come back as the null flag an
//!   `Option`'s `None` is.
//! - A binary is written as a `Vec<u8>` is: offered to the buffer
//!   callback (a `Uuid`'s 16 bytes never are), and in native mode without
//!   a ref id (a `Bytes` at the root of a stream with ref tracking takes
//!   one). So is an array as a `Vec` of its elements: in native mode a
//!   `SharedArray` takes a ref id under ref tracking (and in a list, a
//!   ref flag each) that its `Value` does not.
//! - An `Rc` or `Arc` (of a `str` or slice too) is its contents: at the
//!   root of a native-mode stream with ref tracking the typed pointer
//!   takes a ref id that the `Value` of its contents does not; a second
//!   pointer to the same value is a [`Ref`](Value::Ref), which cannot be
//!   written.
//! - A struct, enum or union cannot be written (see above), nor read when
//!   schema-consistent; a `u128` past `i128::MAX` cannot be read
//!   ([`Decimal`](Value::Decimal) holds an `i128`).
//!
//! [`Value`] and [`Array`] are `#[non_exhaustive]`: a `match` on them
//! outside this crate needs a `_ =>` arm.

mod display;
mod nd;
pub(crate) mod read;
mod write;

pub use nd::NdArray;

use std::sync::Arc;

use bytes::Bytes;

/// A dynamically typed Fory value.
///
/// `Value` is `#[non_exhaustive]`: pyfory's list of types grows (`Value`
/// gained [`BFloat16`](Value::BFloat16) with it), and with fory-core's `arrow` feature `Value` holds Arrow
/// data too (`Value::RecordBatch`, `Value::ArrowArray`), so a `match`
/// outside this crate needs a `_ =>` arm:
///
/// ```
/// use fory_core::value::Value;
/// fn kind(v: &Value) -> &'static str {
///     match v {
///         Value::Int(_) | Value::UInt(_) => "integer",
///         Value::String(_) => "string",
///         _ => "something else",
///     }
/// }
/// assert_eq!(kind(&Value::Int(3)), "integer");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// A null (`None`).
    Null,
    /// BOOL.
    Bool(bool),
    /// Any signed integer encoding (INT8..VARINT64); written as
    /// VARINT64.
    Int(i64),
    /// Any unsigned integer encoding (UINT8..VAR_UINT64); written as
    /// VAR_UINT64.
    UInt(u64),
    /// FLOAT16, as its IEEE 754 half-precision bits (numpy's `float16`;
    /// `half::f16::from_bits` with the `half` feature);
    /// [`as_f64`](Value::as_f64) gives its value.
    Float16(u16),
    /// BFLOAT16, as its bfloat16 bits (the high half of an `f32`;
    /// `pyfory.BFloat16`, `half::bf16::from_bits` with the `half`
    /// feature); [`as_f64`](Value::as_f64) gives its value.
    BFloat16(u16),
    /// FLOAT32.
    Float32(f32),
    /// FLOAT64.
    Float64(f64),
    /// STRING.
    String(String),
    /// BINARY (shared with an out-of-band `Bytes` buffer when given one).
    Binary(Bytes),
    /// LIST.
    List(Vec<Value>),
    /// SET.
    Set(Vec<Value>),
    /// MAP, entries in stream order.
    Map(Vec<(Value, Value)>),
    /// A dense `*_ARRAY`.
    Array(Array),
    /// A struct with its field names (from its TypeDef).
    Struct(StructValue),
    /// An enum value.
    Enum(EnumValue),
    /// A union case.
    Union(UnionValue),
    /// A back-reference to the value with this ref id.
    Ref(u32),
    /// DATE: days since 1970-01-01 (Python's `date`; `chrono::NaiveDate`
    /// with the `chrono` feature).
    Date(i64),
    /// TIMESTAMP: an instant, seconds since the Unix epoch (rounded down)
    /// and nanoseconds (0 to 999,999,999) (Python's `datetime`).
    Timestamp {
        /// Seconds since 1970-01-01T00:00:00Z.
        seconds: i64,
        /// Nanoseconds after `seconds`.
        nanos: u32,
    },
    /// DURATION: a signed span, seconds (rounded down) and nanoseconds
    /// (0 to 999,999,999) (Python's `timedelta`).
    Duration {
        /// Whole seconds, rounded toward negative infinity.
        seconds: i64,
        /// Nanoseconds after `seconds`.
        nanos: u32,
    },
    /// DECIMAL: `unscaled × 10^-scale` (Python's `decimal.Decimal`). A
    /// coefficient outside an `i128` (past `i128::MIN..=i128::MAX`) is an
    /// error on read.
    Decimal {
        /// The digits as an integer.
        unscaled: i128,
        /// Digits after the decimal point (negative: zeros before it).
        scale: i32,
    },
    /// An Arrow record batch (fory-core feature `arrow`): in xlang mode
    /// pyfory's `pa.RecordBatch` (EXT, user type id 7000, with
    /// `python/fory_arrow.py`) or `pa.Table` (7001, sent as one batch), in
    /// native mode `RECORD_BATCH`. It is read by the typed
    /// [`RecordBatch`](arrow_array::RecordBatch) reader, so read from
    /// out-of-band `Bytes` buffers its columns point into them; it is
    /// written as a `RecordBatch` is (in xlang mode under 7000: a table
    /// comes back to Python as a `pa.RecordBatch`), each column buffer
    /// offered to the buffer callback (and under native-mode ref tracking
    /// taking a ref id, as a typed batch does).
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// use arrow_array::{ArrayRef, Int64Array, RecordBatch};
    /// use fory_core::value::Value;
    /// use fory_core::Fory;
    ///
    /// let batch = RecordBatch::try_from_iter([
    ///     ("id", Arc::new(Int64Array::from(vec![1, 2, 3])) as ArrayRef),
    /// ])?;
    /// let fory = Fory::builder().xlang(true).build();
    /// // what pyfory writes for {"name": "x", "batch": batch}
    /// let map = Value::Map(vec![
    ///     (Value::String("name".into()), Value::String("x".into())),
    ///     (Value::String("batch".into()), Value::RecordBatch(batch.clone())),
    /// ]);
    /// let mut buffers = Vec::new();
    /// let stream = fory.serialize_with_callback(&map, &mut buffers)?;
    /// let back: Value = fory
    ///     .deserialize_with_buffers(&stream, buffers.iter().map(|b| b.to_buffer()))?;
    /// assert_eq!(back.get("batch"), Some(&Value::RecordBatch(batch)));
    /// assert_eq!(back.to_string(), r#"{"name": "x", "batch": RecordBatch[3 rows × 1 column]}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "arrow")]
    RecordBatch(arrow_array::RecordBatch),
    /// A single Arrow array (fory-core feature `arrow`): native mode's
    /// `ARROW_ARRAY`, what [`ArrowArray`](crate::serializer::arrow::ArrowArray)
    /// writes. Native mode only, as that type is: writing it in xlang mode
    /// is an error.
    #[cfg(feature = "arrow")]
    ArrowArray(arrow_array::ArrayRef),
    /// Native mode's n-d array (`NDARRAY`): what `ndarray`'s arrays and
    /// `SharedNdArray` write there (fory-core feature `ndarray`); readable
    /// and writable without the feature. See [`NdArray`].
    NdArray(NdArray),
}

/// A dense array of primitives.
///
/// `#[non_exhaustive]` as [`Value`] is: pyfory's array types grow
/// ([`BF16`](Array::BF16) came with bfloat16 arrays), so a `match` outside this crate needs a
/// `_ =>` arm.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
#[non_exhaustive]
pub enum Array {
    Bool(Vec<bool>),
    I8(Vec<i8>),
    I16(Vec<i16>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
    U64(Vec<u64>),
    /// IEEE half precision, as raw bits.
    F16(Vec<u16>),
    /// bfloat16, as raw bits.
    BF16(Vec<u16>),
    F32(Vec<f32>),
    F64(Vec<f64>),
}

/// A struct read from its TypeDef.
#[derive(Debug, Clone, PartialEq)]
pub struct StructValue {
    /// `namespace.name`, or `#id` for types registered by id.
    pub type_name: Arc<str>,
    /// Fields in stream order.
    pub fields: Vec<(Arc<str>, Value)>,
}

impl StructValue {
    /// The field named `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.fields
            .iter()
            .find(|(n, _)| **n == *name)
            .map(|(_, v)| v)
    }
}

/// An enum value: its type and discriminant.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// `namespace.name`, or `#id`.
    pub type_name: Arc<str>,
    /// The discriminant.
    pub value: u32,
}

/// A union case.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionValue {
    /// `namespace.name`, or `#id`.
    pub type_name: Arc<str>,
    /// The case (variant) index.
    pub case: u32,
    /// The case's value.
    pub value: Box<Value>,
}

impl Value {
    /// The value as an `i64`, for any integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::Int(v) => Some(v),
            Value::UInt(v) => i64::try_from(v).ok(),
            _ => None,
        }
    }

    /// The value as an `f64`, for floats and integers.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Float64(v) => Some(v),
            Value::Float32(v) => Some(v as f64),
            Value::Float16(bits) => Some(f16_bits_to_f64(bits)),
            Value::BFloat16(bits) => Some(f64::from(f32::from_bits(u32::from(bits) << 16))),
            Value::Int(v) => Some(v as f64),
            Value::UInt(v) => Some(v as f64),
            _ => None,
        }
    }

    /// The string, for STRING values.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements of a list or set.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(v) | Value::Set(v) => Some(v),
            _ => None,
        }
    }

    /// A struct's field, or a map's value under a string key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Struct(s) => s.get(key),
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

/// The value of IEEE 754 half-precision `bits` (exact in an `f64`).
pub(crate) fn f16_bits_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((bits >> 10) & 0x1f);
    let mantissa = f64::from(bits & 0x3ff);
    match exp {
        0 => sign * mantissa * 2f64.powi(-24),
        31 if mantissa == 0.0 => sign * f64::INFINITY,
        31 => f64::NAN,
        e => sign * (1.0 + mantissa / 1024.0) * 2f64.powi(e - 15),
    }
}

#[cfg(test)]
mod f16_tests {
    use super::f16_bits_to_f64;

    #[test]
    fn half_bits_decode() {
        assert_eq!(f16_bits_to_f64(0x3c00), 1.0);
        assert_eq!(f16_bits_to_f64(0xc000), -2.0);
        assert_eq!(f16_bits_to_f64(0x7bff), 65504.0);
        assert_eq!(f16_bits_to_f64(0x0001), 2f64.powi(-24));
        assert_eq!(f16_bits_to_f64(0x3555), 0.333251953125);
        assert_eq!(f16_bits_to_f64(0x7c00), f64::INFINITY);
        assert_eq!(f16_bits_to_f64(0xfc00), f64::NEG_INFINITY);
        assert!(f16_bits_to_f64(0x7e00).is_nan());
        assert_eq!(f16_bits_to_f64(0x8000), 0.0);
    }
}
