//! Arrow (feature `arrow`): `arrow_array::RecordBatch` — the DataFrame of
//! Rust — and single arrays ([`ArrowArray`]). In native mode the schema
//! travels in-band; every column buffer (values, offsets, validity, views)
//! is its own `BufferObject` of kind `TableColumn`, offered as the buffer's own memory
//! (or a zero-copy window of it). Read back from `Bytes` buffers the
//! columns point into them (misaligned buffers are copied once into aligned
//! memory).
//!
//! # xlang mode: DataFrames with Python
//!
//! In xlang mode a `RecordBatch` is a pyfory extension type, `EXT` with
//! user type id [`XLANG_RECORD_BATCH_ID`] (7000): no registration on the
//! Rust side; in Python, `python/fory_arrow.py`'s `register(fory)`
//! registers `pyarrow.RecordBatch` (7000) and `pyarrow.Table` (7001, read
//! here as a batch). The schema is the Arrow IPC schema message (what
//! pyarrow's `Schema.serialize()` makes), then each column as its length,
//! offset and Arrow buffers (validity first), each buffer a pyfory buffer
//! object, so a callback can take all of them out-of-band, then its
//! children and a dictionary's values. Read from `Bytes` buffers (files,
//! a socket) the columns point into them. [`ArrowArray`] stays native
//! only. Read without its Rust type (in a `dict` or list, or a struct read
//! dynamically) a batch is a [`Value::RecordBatch`](crate::value::Value::RecordBatch)
//! and a native array a [`Value::ArrowArray`](crate::value::Value::ArrowArray),
//! through the reads and writes here. The byte layout is in `docs/wire-format.md` ("xlang record
//! batch"); `docs/interop.md` has a Python example.
//!
//! ```
//! use std::sync::Arc;
//!
//! use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
//! use fory_core::Fory;
//!
//! let batch = RecordBatch::try_from_iter([
//!     ("id", Arc::new(Int64Array::from(vec![1, 2])) as ArrayRef),
//!     ("name", Arc::new(StringArray::from(vec![Some("a"), None]))),
//! ])
//! .unwrap();
//! let fory = Fory::builder().xlang(true).build();
//! let mut buffers = Vec::new();
//! // what Python reads with fory.deserialize(stream, buffers=[...])
//! let stream = fory.serialize_with_callback(&batch, &mut buffers).unwrap();
//! assert_eq!(&stream[..5], &[0x03, 0xff, 31, 0xd8, 0x36]); // EXT, id 7000
//! let back: RecordBatch = fory
//!     .deserialize_with_buffers(&stream, buffers.iter().map(|b| b.to_buffer()))
//!     .unwrap();
//! assert_eq!(back, batch);
//! ```
//!
//! # Supported data types
//!
//! | kind | Arrow data types |
//! |---|---|
//! | flat | `Null`, `Boolean`, `Int8`–`Int64`, `UInt8`–`UInt64`, `Float16`, `Float32`, `Float64` |
//! | binary | `Utf8`, `LargeUtf8`, `Binary`, `LargeBinary`, `FixedSizeBinary(width)`, `Utf8View`, `BinaryView` |
//! | temporal | `Date32`, `Date64`, `Timestamp(unit, tz)` (every unit, with or without a time zone), `Time32(s / ms)`, `Time64(µs / ns)`, `Duration(unit)`, `Interval(YearMonth / DayTime / MonthDayNano)` |
//! | decimal | `Decimal32`, `Decimal64`, `Decimal128`, `Decimal256` (precision, scale) |
//! | nested | `List`, `LargeList`, `FixedSizeList(size)`, `Struct`, `Map(keys_sorted)`, `Dictionary` (any integer key type, any value type) |
//!
//! Nested types nest to any depth up to [`max_depth`](crate::ForyBuilder::max_depth);
//! child fields keep their names, nullability and metadata, and the
//! schema its metadata (pandas' `pandas` key), in native and xlang mode, so
//! a batch reads back equal to the one written. `Union`, `RunEndEncoded`, `ListView` and
//! `LargeListView` are refused with [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported),
//! and so is what no reader takes: more than [`MAX_COLUMNS`] columns or
//! struct fields, and in xlang mode fields nested more than 60 levels deep
//! (as far as the Arrow IPC schema message is read), schemas whose IPC
//! message has more tables than its readers' verifier takes (a million;
//! two a plain field), and `Interval(YearMonth)`
//! and `Interval(DayTime)` (pyarrow has no array of them).
//!
//! A sliced array ships its window only, in native and xlang mode:
//! fixed-width buffers and bitmaps as zero-copy sub-slices of the parent's
//! buffers, offset-based columns (`Utf8`, `Binary`, `List`, `Map`) with
//! their offsets rebased when that saves more than it copies. The byte
//! layout is in `docs/wire-format.md`.
//!
//! Everything read is checked before it sizes anything (lengths against
//! the builder's limits, type nesting against `max_depth`) and validated
//! before use, at every level, with the checks of arrow's
//! `ArrayDataBuilder::build` (then `RecordBatch::try_new`): corrupt input
//! is an error, never a panic. The per-value part (offsets in order and in
//! bounds, UTF-8 on char boundaries, dictionary keys in range) runs as
//! branch-free passes, several times faster than arrow's own on large
//! columns; on a failure arrow's check runs and its message is the error.
//!
//! # Example
//!
//! ```
//! use std::sync::Arc;
//!
//! use arrow_array::builder::{Int32Builder, ListBuilder};
//! use arrow_array::types::Int16Type;
//! use arrow_array::{
//!     Array, ArrayRef, Decimal128Array, DictionaryArray, RecordBatch, TimestampMicrosecondArray,
//! };
//! use arrow_schema::{DataType, Field, Schema, TimeUnit};
//! use fory_core::Fory;
//!
//! let when = TimestampMicrosecondArray::from(vec![Some(1_700_000_000_000_000), None])
//!     .with_timezone("UTC");
//! let city: DictionaryArray<Int16Type> = vec!["Oslo", "Lima"].into_iter().collect();
//! let price = Decimal128Array::from(vec![Some(12_345), None])
//!     .with_precision_and_scale(10, 2)
//!     .unwrap();
//! let mut tags = ListBuilder::new(Int32Builder::new());
//! tags.append_value([Some(1), None, Some(3)]);
//! tags.append_null();
//! let tags = tags.finish();
//!
//! let schema = Arc::new(Schema::new(vec![
//!     Field::new("when", DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())), true),
//!     Field::new("city", city.data_type().clone(), false),
//!     Field::new("price", DataType::Decimal128(10, 2), true),
//!     Field::new("tags", tags.data_type().clone(), true),
//! ]));
//! let columns: Vec<ArrayRef> =
//!     vec![Arc::new(when), Arc::new(city), Arc::new(price), Arc::new(tags)];
//! let batch = RecordBatch::try_new(schema, columns).unwrap();
//!
//! let fory = Fory::builder().build();
//! let mut buffers = Vec::new();
//! let stream = fory.serialize_with_callback(&batch, &mut buffers).unwrap();
//! let back: RecordBatch = fory
//!     .deserialize_with_buffers(&stream, buffers.iter().map(|b| b.to_buffer()))
//!     .unwrap();
//! assert_eq!(back, batch);
//! ```

use std::sync::Arc;

use arrow_array::types::{Decimal128Type, Decimal256Type, Decimal32Type, Decimal64Type};
use arrow_array::{make_array, ArrayRef, RecordBatch};
use arrow_buffer::{ArrowNativeType, BooleanBuffer, Buffer, NullBuffer};
use arrow_data::{ArrayData, BufferSpec};
use arrow_schema::{DataType, Field, Fields, IntervalUnit, Schema, TimeUnit};
use fory_buffers::{BufferKind, BufferObject, BufferView};

use super::collection::write_len;
use super::string::{read_string, write_str};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::types::type_id;

/// Type id of a native-mode record batch.
pub const RECORD_BATCH: u8 = type_id::RECORD_BATCH;
/// Type id of a native-mode Arrow array.
pub const ARROW_ARRAY: u8 = type_id::ARROW_ARRAY;
/// pyfory `EXT` user type id of a record batch in xlang mode (the id
/// `python/fory_arrow.py` registers `pyarrow.RecordBatch` under).
pub const XLANG_RECORD_BATCH_ID: u32 = crate::types::ARROW_BATCH_EXT;
/// pyfory `EXT` user type id of a `pyarrow.Table` (sent as one batch);
/// read as a [`RecordBatch`], never written by Rust.
pub const XLANG_TABLE_ID: u32 = crate::types::ARROW_TABLE_EXT;
/// More columns (or struct fields) than this is rejected as hostile.
pub const MAX_COLUMNS: usize = 1 << 16;

// Data type tags. 0–17 are the flat types of the first format and keep
// their bytes; the rest carry parameters after the tag.
const T_FLOAT16: u8 = 18;
const T_TIMESTAMP: u8 = 19;
const T_TIME32: u8 = 20;
const T_TIME64: u8 = 21;
const T_DURATION: u8 = 22;
const T_INTERVAL: u8 = 23;
const T_DECIMAL128: u8 = 24;
const T_DECIMAL256: u8 = 25;
const T_DECIMAL32: u8 = 26;
const T_DECIMAL64: u8 = 27;
const T_FIXED_SIZE_BINARY: u8 = 28;
const T_UTF8_VIEW: u8 = 29;
const T_BINARY_VIEW: u8 = 30;
const T_LIST: u8 = 31;
const T_LARGE_LIST: u8 = 32;
const T_FIXED_SIZE_LIST: u8 = 33;
const T_STRUCT: u8 = 34;
const T_MAP: u8 = 35;
const T_DICTIONARY: u8 = 36;

/// Before a native record batch's field count: schema metadata follows.
/// It is the varuint32 `u32::MAX`, which no field count can be (at most
/// [`MAX_COLUMNS`]), so a batch without metadata keeps the bytes of the
/// first format and batches written before metadata was carried still read.
const SCHEMA_METADATA: [u8; 5] = [0xff, 0xff, 0xff, 0xff, 0x0f];

// Field flag bits.
const F_NULLABLE: u8 = 1;
const F_METADATA: u8 = 2;
const F_DICT_ORDERED: u8 = 4;

/// The one-byte tag of a parameterless type, if it is one.
fn flat_tag(dt: &DataType) -> Option<u8> {
    Some(match dt {
        DataType::Null => 0,
        DataType::Boolean => 1,
        DataType::Int8 => 2,
        DataType::Int16 => 3,
        DataType::Int32 => 4,
        DataType::Int64 => 5,
        DataType::UInt8 => 6,
        DataType::UInt16 => 7,
        DataType::UInt32 => 8,
        DataType::UInt64 => 9,
        DataType::Float32 => 10,
        DataType::Float64 => 11,
        DataType::Utf8 => 12,
        DataType::LargeUtf8 => 13,
        DataType::Binary => 14,
        DataType::LargeBinary => 15,
        DataType::Date32 => 16,
        DataType::Date64 => 17,
        DataType::Float16 => T_FLOAT16,
        DataType::Utf8View => T_UTF8_VIEW,
        DataType::BinaryView => T_BINARY_VIEW,
        _ => return None,
    })
}

fn flat_type(tag: u8) -> Option<DataType> {
    Some(match tag {
        0 => DataType::Null,
        1 => DataType::Boolean,
        2 => DataType::Int8,
        3 => DataType::Int16,
        4 => DataType::Int32,
        5 => DataType::Int64,
        6 => DataType::UInt8,
        7 => DataType::UInt16,
        8 => DataType::UInt32,
        9 => DataType::UInt64,
        10 => DataType::Float32,
        11 => DataType::Float64,
        12 => DataType::Utf8,
        13 => DataType::LargeUtf8,
        14 => DataType::Binary,
        15 => DataType::LargeBinary,
        16 => DataType::Date32,
        17 => DataType::Date64,
        T_FLOAT16 => DataType::Float16,
        T_UTF8_VIEW => DataType::Utf8View,
        T_BINARY_VIEW => DataType::BinaryView,
        _ => return None,
    })
}

fn unit_byte(unit: &TimeUnit) -> u8 {
    match unit {
        TimeUnit::Second => 0,
        TimeUnit::Millisecond => 1,
        TimeUnit::Microsecond => 2,
        TimeUnit::Nanosecond => 3,
    }
}

fn read_unit(ctx: &mut ReadContext<'_, '_>) -> Result<TimeUnit> {
    let at = ctx.reader().position();
    Ok(match ctx.reader().read_u8()? {
        0 => TimeUnit::Second,
        1 => TimeUnit::Millisecond,
        2 => TimeUnit::Microsecond,
        3 => TimeUnit::Nanosecond,
        b => {
            return Err(Error::invalid(format!(
                "unknown Arrow time unit {b} at byte {at}"
            )))
        }
    })
}

fn unsupported(dt: &DataType) -> Error {
    Error::unsupported(format!("Arrow data type {dt} is not supported yet"))
}

/// Writes a data type: its tag, then its parameters (child fields
/// recursively). Each level counts against `max_depth`.
fn write_type(dt: &DataType, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    ctx.enter("an Arrow data type")?;
    let r = write_type_inner(dt, ctx);
    ctx.leave();
    r
}

fn write_type_inner(dt: &DataType, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    if let Some(tag) = flat_tag(dt) {
        ctx.writer().write_u8(tag);
        return Ok(());
    }
    match dt {
        DataType::Timestamp(unit, tz) => {
            ctx.writer().write_u8(T_TIMESTAMP);
            ctx.writer().write_u8(unit_byte(unit));
            ctx.writer().write_bool(tz.is_some());
            if let Some(tz) = tz {
                write_str(tz, ctx)?;
            }
        }
        DataType::Time32(unit) | DataType::Time64(unit) | DataType::Duration(unit) => {
            let tag = match dt {
                DataType::Time32(_) => T_TIME32,
                DataType::Time64(_) => T_TIME64,
                _ => T_DURATION,
            };
            ctx.writer().write_u8(tag);
            ctx.writer().write_u8(unit_byte(unit));
        }
        DataType::Interval(unit) => {
            ctx.writer().write_u8(T_INTERVAL);
            ctx.writer().write_u8(match unit {
                IntervalUnit::YearMonth => 0,
                IntervalUnit::DayTime => 1,
                IntervalUnit::MonthDayNano => 2,
            });
        }
        DataType::Decimal32(p, s)
        | DataType::Decimal64(p, s)
        | DataType::Decimal128(p, s)
        | DataType::Decimal256(p, s) => {
            let tag = match dt {
                DataType::Decimal32(..) => T_DECIMAL32,
                DataType::Decimal64(..) => T_DECIMAL64,
                DataType::Decimal128(..) => T_DECIMAL128,
                _ => T_DECIMAL256,
            };
            ctx.writer().write_u8(tag);
            ctx.writer().write_u8(*p);
            ctx.writer().write_i8(*s);
        }
        DataType::FixedSizeBinary(width) => {
            let width = u32::try_from(*width).map_err(|_| unsupported(dt))?;
            ctx.writer().write_u8(T_FIXED_SIZE_BINARY);
            ctx.writer().write_varuint32(width);
        }
        DataType::List(f) => {
            ctx.writer().write_u8(T_LIST);
            write_field(f, ctx)?;
        }
        DataType::LargeList(f) => {
            ctx.writer().write_u8(T_LARGE_LIST);
            write_field(f, ctx)?;
        }
        DataType::FixedSizeList(f, size) => {
            let size = u32::try_from(*size).map_err(|_| unsupported(dt))?;
            ctx.writer().write_u8(T_FIXED_SIZE_LIST);
            ctx.writer().write_varuint32(size);
            write_field(f, ctx)?;
        }
        DataType::Struct(fields) => {
            too_many_fields(fields.len(), "an Arrow struct", "fields")?;
            ctx.writer().write_u8(T_STRUCT);
            write_len(ctx, fields.len(), "Arrow struct")?;
            for f in fields {
                write_field(f, ctx)?;
            }
        }
        DataType::Map(entries, keys_sorted) => {
            ctx.writer().write_u8(T_MAP);
            ctx.writer().write_bool(*keys_sorted);
            write_field(entries, ctx)?;
        }
        DataType::Dictionary(key, value) => {
            if !key.is_dictionary_key_type() {
                return Err(unsupported(dt));
            }
            ctx.writer().write_u8(T_DICTIONARY);
            write_type(key, ctx)?;
            write_type(value, ctx)?;
        }
        other => return Err(unsupported(other)),
    }
    Ok(())
}

/// Reads a data type written by [`write_type`], checking every parameter.
fn read_type(ctx: &mut ReadContext<'_, '_>) -> Result<DataType> {
    ctx.enter("an Arrow data type")?;
    let r = read_type_inner(ctx);
    ctx.leave();
    r
}

fn read_type_inner(ctx: &mut ReadContext<'_, '_>) -> Result<DataType> {
    let at = ctx.reader().position();
    let tag = ctx.reader().read_u8()?;
    if let Some(dt) = flat_type(tag) {
        return Ok(dt);
    }
    Ok(match tag {
        T_TIMESTAMP => {
            let unit = read_unit(ctx)?;
            let tz = if ctx.reader().read_bool()? {
                Some(Arc::from(read_string(ctx)?))
            } else {
                None
            };
            DataType::Timestamp(unit, tz)
        }
        T_TIME32 => match read_unit(ctx)? {
            unit @ (TimeUnit::Second | TimeUnit::Millisecond) => DataType::Time32(unit),
            unit => {
                return Err(Error::invalid(format!(
                    "Arrow Time32 at byte {at} has unit {unit:?} (only seconds or milliseconds)"
                )))
            }
        },
        T_TIME64 => match read_unit(ctx)? {
            unit @ (TimeUnit::Microsecond | TimeUnit::Nanosecond) => DataType::Time64(unit),
            unit => {
                return Err(Error::invalid(format!(
                    "Arrow Time64 at byte {at} has unit {unit:?} (only microseconds or nanoseconds)"
                )))
            }
        },
        T_DURATION => DataType::Duration(read_unit(ctx)?),
        T_INTERVAL => DataType::Interval(match ctx.reader().read_u8()? {
            0 => IntervalUnit::YearMonth,
            1 => IntervalUnit::DayTime,
            2 => IntervalUnit::MonthDayNano,
            b => {
                return Err(Error::invalid(format!(
                    "unknown Arrow interval unit {b} at byte {at}"
                )))
            }
        }),
        T_DECIMAL32 | T_DECIMAL64 | T_DECIMAL128 | T_DECIMAL256 => {
            use arrow_array::types::validate_decimal_precision_and_scale as check;
            let p = ctx.reader().read_u8()?;
            let s = ctx.reader().read_i8()?;
            let (checked, dt) = match tag {
                T_DECIMAL32 => (check::<Decimal32Type>(p, s), DataType::Decimal32(p, s)),
                T_DECIMAL64 => (check::<Decimal64Type>(p, s), DataType::Decimal64(p, s)),
                T_DECIMAL128 => (check::<Decimal128Type>(p, s), DataType::Decimal128(p, s)),
                _ => (check::<Decimal256Type>(p, s), DataType::Decimal256(p, s)),
            };
            checked.map_err(|e| {
                Error::invalid(format!("invalid Arrow decimal type at byte {at}: {e}"))
            })?;
            dt
        }
        T_FIXED_SIZE_BINARY => DataType::FixedSizeBinary(read_i32_param(ctx, "width")?),
        T_LIST => DataType::List(Arc::new(read_field(ctx)?)),
        T_LARGE_LIST => DataType::LargeList(Arc::new(read_field(ctx)?)),
        T_FIXED_SIZE_LIST => {
            let size = read_i32_param(ctx, "list size")?;
            DataType::FixedSizeList(Arc::new(read_field(ctx)?), size)
        }
        T_STRUCT => {
            let n = ctx.reader().read_len(3, "Arrow struct")?;
            if n > MAX_COLUMNS {
                return Err(Error::invalid(format!(
                    "Arrow struct at byte {at} claims {n} fields (at most {MAX_COLUMNS})"
                )));
            }
            let mut fields = Vec::with_capacity(n);
            for _ in 0..n {
                fields.push(read_field(ctx)?);
            }
            DataType::Struct(Fields::from(fields))
        }
        T_MAP => {
            let keys_sorted = ctx.reader().read_bool()?;
            let entries = read_field(ctx)?;
            // arrow's MapArray panics on other shapes: check before it can
            match entries.data_type() {
                DataType::Struct(f) if f.len() == 2 => {}
                other => {
                    return Err(Error::invalid(format!(
                        "Arrow map at byte {at} has entries of type {other}, not a struct of key and value"
                    )))
                }
            }
            DataType::Map(Arc::new(entries), keys_sorted)
        }
        T_DICTIONARY => {
            let key = read_type(ctx)?;
            if !key.is_dictionary_key_type() {
                return Err(Error::invalid(format!(
                    "Arrow dictionary at byte {at} has key type {key}, not an integer type"
                )));
            }
            let value = read_type(ctx)?;
            DataType::Dictionary(Box::new(key), Box::new(value))
        }
        t => {
            return Err(Error::invalid(format!(
                "unknown Arrow data type tag {t} at byte {at}"
            )))
        }
    })
}

/// A varuint32 type parameter that must fit an `i32` (a width or size).
fn read_i32_param(ctx: &mut ReadContext<'_, '_>, what: &str) -> Result<i32> {
    let at = ctx.reader().position();
    let v = ctx.reader().read_varuint32()?;
    i32::try_from(v)
        .map_err(|_| Error::invalid(format!("Arrow {what} {v} at byte {at} is over i32::MAX")))
}

/// A field: name, flags (bit 0 nullable, bit 1 metadata follows, bit 2
/// dictionary ordered), the metadata pairs, the data type.
fn write_field(f: &Field, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    write_str(f.name(), ctx)?;
    let mut flags = 0;
    if f.is_nullable() {
        flags |= F_NULLABLE;
    }
    if !f.metadata().is_empty() {
        flags |= F_METADATA;
    }
    if f.dict_is_ordered() == Some(true) {
        flags |= F_DICT_ORDERED;
    }
    ctx.writer().write_u8(flags);
    if !f.metadata().is_empty() {
        write_metadata(f.metadata(), ctx, "Arrow field metadata")?;
    }
    write_type(f.data_type(), ctx)
}

/// Metadata: `varuint32` pair count, then key and value strings, sorted by
/// key (arrow keeps them sorted), so the same metadata writes the same bytes.
fn write_metadata(
    metadata: &arrow_schema::Metadata,
    ctx: &mut WriteContext<'_, '_>,
    what: &str,
) -> Result<()> {
    write_len(ctx, metadata.len(), what)?;
    for (k, v) in metadata {
        write_str(k, ctx)?;
        write_str(v, ctx)?;
    }
    Ok(())
}

fn read_metadata(ctx: &mut ReadContext<'_, '_>, what: &str) -> Result<Vec<(String, String)>> {
    let n = ctx.read_len(2, what)?;
    let mut metadata = Vec::with_capacity(n);
    for _ in 0..n {
        let k = read_string(ctx)?;
        let v = read_string(ctx)?;
        metadata.push((k, v));
    }
    Ok(metadata)
}

fn read_field(ctx: &mut ReadContext<'_, '_>) -> Result<Field> {
    let name = read_string(ctx)?;
    let at = ctx.reader().position();
    let flags = ctx.reader().read_u8()?;
    if flags & !(F_NULLABLE | F_METADATA | F_DICT_ORDERED) != 0 {
        return Err(Error::invalid(format!(
            "invalid Arrow field flags {flags:#04x} at byte {at}"
        )));
    }
    let mut metadata = Vec::new();
    if flags & F_METADATA != 0 {
        metadata = read_metadata(ctx, "Arrow field metadata")?;
    }
    let dt = read_type(ctx)?;
    let mut field = Field::new(name, dt, flags & F_NULLABLE != 0);
    if !metadata.is_empty() {
        field = field.with_metadata(metadata.into_iter().collect::<arrow_schema::Metadata>());
    }
    if flags & F_DICT_ORDERED != 0 {
        field = field.with_dict_is_ordered(true);
    }
    Ok(field)
}

/// A column buffer as a shared `Bytes` owning a clone of the Arrow buffer
/// (a reference count): no copy, no borrow.
fn column(buffer: &Buffer) -> BufferObject<'static> {
    BufferObject::shared(
        bytes::Bytes::from_owner(buffer.clone()),
        BufferKind::TableColumn,
    )
}

/// [`column`] for a buffer of `data`'s window: marked a copy
/// ([`BufferObject::is_copy`]) when it is not `data`'s own memory
/// (rebased offsets, re-packed validity bits, a made-up offset).
fn column_of(buffer: &Buffer, data: &ArrayData) -> BufferObject<'static> {
    let (start, end) = (
        buffer.as_ptr() as usize,
        buffer.as_ptr() as usize + buffer.len(),
    );
    let inside = |b: &Buffer| {
        let s = b.as_ptr() as usize;
        s <= start && end <= s + b.len()
    };
    let own = buffer.is_empty()
        || data.buffers().iter().any(inside)
        || data.nulls().is_some_and(|n| inside(n.buffer()));
    if own {
        column(buffer)
    } else {
        column(buffer).marked_copy()
    }
}

/// The bytes of `bits` holding bits `offset..offset + len`, as a zero-copy
/// slice, and the bit offset of the first one in it.
fn bits_window(bits: &Buffer, offset: usize, len: usize) -> (Buffer, usize) {
    let start = offset / 8;
    let end = (offset + len).div_ceil(8);
    (bits.slice_with_length(start, end - start), offset % 8)
}

/// The offsets of rows `o..o + n` of an offset-based array and the range
/// of values (bytes or child rows) they refer to. Zero-copy when the window
/// starts at value 0 or when rebasing would copy more offsets than it
/// saves values; else rebased into a new (window-sized) buffer.
fn offsets_window<O>(data: &ArrayData, o: usize, n: usize) -> (Buffer, usize, usize)
where
    O: ArrowNativeType + std::ops::Sub<Output = O>,
{
    let raw = &data.buffers()[0];
    if raw.is_empty() {
        // a zero-length array may carry no offsets at all
        return (raw.clone(), 0, 0);
    }
    let window = &raw.typed_data::<O>()[o..=o + n];
    let first = window[0].as_usize();
    let end = window[n].as_usize();
    if first == 0 || n + 1 > first {
        let w = std::mem::size_of::<O>();
        (raw.slice_with_length(o * w, (n + 1) * w), 0, end)
    } else {
        let base = window[0];
        let rebased: Vec<O> = window.iter().map(|&x| x - base).collect();
        (Buffer::from_vec(rebased), first, end)
    }
}

/// The window of `data` to write: the offset the reader applies, the
/// buffers, the child arrays (each again windowed when written).
fn window(data: &ArrayData) -> (usize, Vec<Buffer>, Vec<ArrayData>) {
    let (o, n) = (data.offset(), data.len());
    match data.data_type() {
        DataType::Utf8 | DataType::Binary | DataType::LargeUtf8 | DataType::LargeBinary => {
            let (offsets, start, end) = match data.data_type() {
                DataType::Utf8 | DataType::Binary => offsets_window::<i32>(data, o, n),
                _ => offsets_window::<i64>(data, o, n),
            };
            let values = data.buffers()[1].slice_with_length(start, end - start);
            (0, vec![offsets, values], vec![])
        }
        DataType::List(_) | DataType::Map(..) | DataType::LargeList(_) => {
            let (offsets, start, end) = match data.data_type() {
                DataType::LargeList(_) => offsets_window::<i64>(data, o, n),
                _ => offsets_window::<i32>(data, o, n),
            };
            let child = data.child_data()[0].slice(start, end - start);
            (0, vec![offsets], vec![child])
        }
        DataType::FixedSizeList(_, size) => {
            let k = *size as usize;
            (0, vec![], vec![data.child_data()[0].slice(o * k, n * k)])
        }
        DataType::Struct(_) => {
            let children = data.child_data().iter().map(|c| c.slice(o, n)).collect();
            (0, vec![], children)
        }
        dt => {
            // fixed-width values (dictionary keys, view structs), a bitmap
            // (booleans), the variadic data buffers of views kept whole;
            // a dictionary's values are its child, kept whole
            let layout = arrow_data::layout(dt);
            let mut offset = 0;
            let buffers = data
                .buffers()
                .iter()
                .enumerate()
                .map(|(i, b)| match layout.buffers.get(i) {
                    Some(BufferSpec::FixedWidth { byte_width, .. }) => {
                        b.slice_with_length(o * byte_width, n * byte_width)
                    }
                    Some(BufferSpec::BitMap) => {
                        let (bits, bit) = bits_window(b, o, n);
                        offset = bit;
                        bits
                    }
                    _ => b.clone(),
                })
                .collect();
            (offset, buffers, data.child_data().to_vec())
        }
    }
}

fn write_array(data: &ArrayData, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    write_type(data.data_type(), ctx)?;
    write_body(data, ctx)
}

/// An array without its type: length, offset, validity, buffers, children.
fn write_body(data: &ArrayData, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    let (offset, buffers, children) = window(data);
    ctx.writer().write_varuint64(data.len() as u64);
    ctx.writer().write_varuint64(offset as u64);
    match data.nulls() {
        Some(nulls) => {
            let bits = nulls.inner();
            let (bitmap, bit) = bits_window(bits.inner(), bits.offset(), bits.len());
            ctx.writer().write_bool(true);
            ctx.writer().write_varuint64(bit as u64);
            ctx.write_buffer(column_of(&bitmap, data))?;
        }
        None => ctx.writer().write_bool(false),
    }
    write_len(ctx, buffers.len(), "Arrow buffer list")?;
    for b in &buffers {
        ctx.write_buffer(column_of(b, data))?;
    }
    for child in &children {
        ctx.enter("an Arrow child array")?;
        write_body(child, ctx)?;
        ctx.leave();
    }
    Ok(())
}

fn read_array(ctx: &mut ReadContext<'_, '_>) -> Result<ArrayData> {
    let dt = read_type(ctx)?;
    built(read_body::<false>(dt, ctx)?)
}

/// The array a read (`SKIP` false) returns.
fn built<T>(v: Option<T>) -> Result<T> {
    v.ok_or_else(|| Error::invalid("an Arrow array read was skipped"))
}

/// Reads an array's body: its length, offset, validity, buffers and
/// children. With `SKIP` (a field the reader lacks) every buffer is
/// consumed (the out-of-band ones too) and the lengths are checked as for
/// a read, but nothing is built or copied and the values are not
/// validated: the result is `None`.
fn read_body<const SKIP: bool>(
    dt: DataType,
    ctx: &mut ReadContext<'_, '_>,
) -> Result<Option<ArrayData>> {
    let at = ctx.reader().position();
    let len = to_usize(ctx.reader().read_varuint64()?, at)?;
    ctx.check_array_len(len, "Arrow")?;
    let offset = to_usize(ctx.reader().read_varuint64()?, at)?;
    ctx.check_array_len(offset, "Arrow (offset)")?;
    let has_nulls = ctx.reader().read_bool()?;
    let nulls = if has_nulls {
        let bit_offset = to_usize(ctx.reader().read_varuint64()?, at)?;
        let bits = ctx.read_buffer(1, "an Arrow validity bitmap")?;
        let needed = bit_offset.checked_add(len).ok_or_else(|| {
            Error::invalid(format!("Arrow validity bitmap at byte {at} overflows"))
        })?;
        if needed > bits.len().saturating_mul(8) {
            return Err(Error::invalid(format!(
                "Arrow validity bitmap at byte {at} holds {} bits, the array needs {needed}",
                bits.len() * 8
            )));
        }
        (!SKIP).then(|| {
            let bits = Buffer::from(bits.to_bytes());
            NullBuffer::new(BooleanBuffer::new(bits, bit_offset, len))
        })
    } else {
        None
    };
    let count = ctx.reader().read_len(1, "Arrow buffer list")?;
    let layout = arrow_data::layout(&dt);
    let expected = layout.buffers.len();
    if count < expected || (count > expected && !layout.variadic) {
        return Err(Error::invalid(format!(
            "Arrow {dt} array at byte {at} has {count} buffers, its layout has {expected}"
        )));
    }
    let mut buffers = Vec::with_capacity(if SKIP { 0 } else { count });
    for i in 0..count {
        // arrow's own validation panics on a fixed-width buffer whose length
        // is not a whole number of elements: check it first
        let width = match layout.buffers.get(i) {
            Some(BufferSpec::FixedWidth { byte_width, .. }) => (*byte_width).max(1),
            _ => 1,
        };
        let view = ctx.read_buffer(width, "an Arrow column buffer")?;
        if !SKIP {
            buffers.push(Buffer::from(view.to_bytes()));
        }
    }
    let mut children = Vec::new();
    let mut child = |dt: &DataType, ctx: &mut ReadContext<'_, '_>| -> Result<()> {
        ctx.enter("an Arrow child array")?;
        let r = read_body::<SKIP>(dt.clone(), ctx)?;
        ctx.leave();
        children.extend(r);
        Ok(())
    };
    match &dt {
        DataType::List(f) | DataType::LargeList(f) | DataType::Map(f, _) => {
            child(f.data_type(), ctx)?
        }
        DataType::FixedSizeList(f, size) => {
            let elements = offset
                .checked_add(len)
                .and_then(|n| n.checked_mul(*size as usize))
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "Arrow fixed-size list at byte {at} of {len} lists of {size} overflows"
                    ))
                })?;
            if has_nulls && !SKIP {
                // arrow expands the list's validity to one bit per element
                // to check a non-nullable child: charge it, the bits take no
                // input when the child is, say, a Null array
                ctx.charge_free(elements / 8, "Arrow fixed-size list elements")?;
            }
            child(f.data_type(), ctx)?
        }
        DataType::Struct(fields) => {
            for f in fields {
                child(f.data_type(), ctx)?;
            }
        }
        DataType::Dictionary(_, value) => child(value, ctx)?,
        _ => {}
    }
    if SKIP {
        return Ok(None);
    }
    // validates this level (children were validated as they were built):
    // O(1) for fixed-width buffers beyond counting the nulls; offsets,
    // UTF-8, views and dictionary keys are checked value by value
    let builder = ArrayData::builder(dt)
        .len(len)
        .offset(offset)
        .nulls(nulls)
        .buffers(buffers)
        .child_data(children)
        .align_buffers(true);
    super::arrow_check::build(builder)
        .map(Some)
        .map_err(|e| Error::invalid(format!("invalid Arrow array at byte {at}: {e}")))
}

fn to_usize(v: u64, at: usize) -> Result<usize> {
    usize::try_from(v).map_err(|_| Error::invalid(format!("Arrow length at byte {at} overflows")))
}

fn native_only(ctx: &WriteContext<'_, '_>) -> Result<()> {
    if ctx.is_xlang() {
        return Err(Error::unsupported(
            "a single Arrow array is written in native mode only; in xlang mode send a RecordBatch",
        ));
    }
    Ok(())
}

impl ForyType for RecordBatch {
    const FORY_TYPE_ID: u8 = RECORD_BATCH;
    /// In xlang mode a struct field of a record batch is declared as a
    /// dynamic value (UNKNOWN) and carries its type info (EXT, 7000), as
    /// pyfory declares and writes a field of an extension type
    /// (`batch: pa.RecordBatch`, with `python/fory_arrow.py`), in both
    /// layouts.
    const FORY_XLANG_TYPE_ID: u8 = type_id::UNKNOWN;
    const FORY_TRACKS_REF: bool = true;

    /// Native mode: `RECORD_BATCH`. xlang mode: `EXT` and the user type id
    /// [`XLANG_RECORD_BATCH_ID`], as pyfory writes a type registered with
    /// `register_type(pa.RecordBatch, type_id=7000, serializer=...)`.
    fn fory_write_type_info(ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        if ctx.is_xlang() {
            ctx.writer().write_u8(type_id::EXT);
            ctx.writer().write_varuint32(XLANG_RECORD_BATCH_ID);
        } else {
            ctx.writer().write_u8(RECORD_BATCH);
        }
        Ok(())
    }

    /// Reads what [`Self::fory_write_type_info`] writes; in xlang mode a
    /// table ([`XLANG_TABLE_ID`]) reads as a record batch too.
    fn fory_read_type_info(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
        let at = ctx.reader().position();
        let id = ctx.reader().read_u8()?;
        let expected = if ctx.is_xlang() {
            type_id::EXT
        } else {
            RECORD_BATCH
        };
        if id != expected {
            return Err(super::unexpected_type_id::<Self>(id, at));
        }
        if id == type_id::EXT {
            let user = ctx.reader().read_varuint32()?;
            if user != XLANG_RECORD_BATCH_ID && user != XLANG_TABLE_ID {
                return Err(Error::type_mismatch(
                    Self::fory_type_name(),
                    format_args!(
                        "EXT user type id {user} at byte {at} (an Arrow record batch is {XLANG_RECORD_BATCH_ID}, a table {XLANG_TABLE_ID})"
                    ),
                ));
            }
        }
        Ok(id)
    }

    #[inline]
    fn fory_accepts(id: u8) -> bool {
        id == RECORD_BATCH || id == type_id::EXT
    }
}

impl Serialize for RecordBatch {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        if ctx.is_xlang() {
            return write_xlang_batch(self, ctx);
        }
        let schema = self.schema_ref();
        if !schema.metadata().is_empty() {
            ctx.writer().write_bytes(&SCHEMA_METADATA);
            write_metadata(schema.metadata(), ctx, "Arrow schema metadata")?;
        }
        too_many_fields(schema.fields().len(), "an Arrow schema", "columns")?;
        write_len(ctx, schema.fields().len(), "Arrow schema")?;
        for f in schema.fields() {
            write_field(f, ctx)?;
        }
        ctx.writer().write_varuint64(self.num_rows() as u64);
        ctx.enter("a RecordBatch")?;
        for c in self.columns() {
            write_column(c, ctx)?;
        }
        ctx.leave();
        Ok(())
    }
}

fn write_column(c: &ArrayRef, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    // the ArrayData holds Arc clones of the column's buffers: same memory
    write_array(&c.to_data(), ctx)
}

impl Deserialize for RecordBatch {
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        // in xlang mode a batch is always the EXT form: a declared position
        // (a struct field, a declared map value) passes RECORD_BATCH
        if id == type_id::EXT || ctx.is_xlang() {
            return built(read_xlang_batch::<false>(ctx)?);
        }
        built(read_native_batch::<false>(ctx)?)
    }
}

/// Consumes a native-mode record batch (after its type info), a field the
/// reader lacks: its schema is read and each column walked as
/// [`read_body`] walks it with `SKIP`, every buffer consumed (out-of-band
/// ones too), nothing built or copied.
pub(crate) fn skip_native_batch(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    read_native_batch::<true>(ctx).map(drop)
}

/// Consumes a native-mode Arrow array (after its type info), as
/// [`skip_native_batch`] does a batch.
pub(crate) fn skip_native_array(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    let dt = read_type(ctx)?;
    read_body::<true>(dt, ctx).map(drop)
}

/// Consumes an xlang record batch (after its type info), as
/// [`skip_native_batch`] does a native one: the IPC schema message is
/// parsed for the columns' types, each column walked.
pub(crate) fn skip_xlang_batch(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    read_xlang_batch::<true>(ctx).map(drop)
}

/// Reads a native-mode batch; with `SKIP`, as [`read_body`] says, `None`.
fn read_native_batch<const SKIP: bool>(
    ctx: &mut ReadContext<'_, '_>,
) -> Result<Option<RecordBatch>> {
    let mut at = ctx.reader().position();
    let mut metadata = Vec::new();
    if ctx.reader().data()[at..].starts_with(&SCHEMA_METADATA) {
        ctx.reader().advance(SCHEMA_METADATA.len())?;
        metadata = read_metadata(ctx, "Arrow schema metadata")?;
        at = ctx.reader().position();
    }
    let n = ctx.read_len(3, "Arrow schema")?;
    if n > MAX_COLUMNS {
        return Err(Error::invalid(format!(
            "Arrow schema at byte {at} claims {n} columns"
        )));
    }
    let mut fields = Vec::with_capacity(n);
    for _ in 0..n {
        fields.push(read_field(ctx)?);
    }
    let rows = to_usize(ctx.reader().read_varuint64()?, at)?;
    ctx.enter("a RecordBatch")?;
    let mut columns = Vec::with_capacity(if SKIP { 0 } else { n });
    for f in &fields {
        let dt = read_type(ctx).map_err(|e| in_column(f, e))?;
        let same = dt == *f.data_type();
        let data = read_body::<SKIP>(dt.clone(), ctx).map_err(|e| in_column(f, e))?;
        if !same {
            return Err(Error::invalid(format!(
                "Arrow column {:?} is {} but the schema says {}",
                f.name(),
                dt,
                f.data_type()
            )));
        }
        columns.extend(data.map(make_array));
    }
    ctx.leave();
    if SKIP {
        return Ok(None);
    }
    let mut schema = Schema::new(fields);
    if !metadata.is_empty() {
        schema = schema.with_metadata(metadata.into_iter().collect::<arrow_schema::Metadata>());
    }
    let schema = Arc::new(schema);
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
    RecordBatch::try_new_with_options(schema, columns, &options)
        .map(Some)
        .map_err(|e| Error::invalid(format!("invalid Arrow record batch at byte {at}: {e}")))
}

/// `e` with the column it happened in named (both modes' batch readers).
fn in_column(f: &Field, e: Error) -> Error {
    Error::new(
        e.kind(),
        format!("Arrow column {:?}: {}", f.name(), e.message()),
    )
}

/// A single Arrow array (any supported type), e.g. one column.
#[derive(Debug, Clone)]
pub struct ArrowArray(pub ArrayRef);

impl PartialEq for ArrowArray {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_data() == other.0.to_data()
    }
}

impl ForyType for ArrowArray {
    const FORY_TYPE_ID: u8 = ARROW_ARRAY;
    const FORY_TRACKS_REF: bool = true;
}

impl Serialize for ArrowArray {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_array_ref(&self.0, ctx)
    }
}

impl Deserialize for ArrowArray {
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _id: u8) -> Result<Self> {
        read_array_ref(ctx).map(ArrowArray)
    }
}

/// Writes the data of an [`ArrowArray`] (native mode only); a dynamic
/// `Value` holding an array writes through it too.
pub(crate) fn write_array_ref(array: &ArrayRef, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    native_only(ctx)?;
    write_column(array, ctx)
}

/// Reads the data of an [`ArrowArray`] (after its type info).
pub(crate) fn read_array_ref(ctx: &mut ReadContext<'_, '_>) -> Result<ArrayRef> {
    Ok(make_array(read_array(ctx)?))
}

// ----- xlang mode: the record batch pyfory + python/fory_arrow.py speak -----

/// The schema as an encapsulated Arrow IPC message (continuation marker,
/// `i32` length, the flatbuffer `Message`, padding to 8): the bytes
/// pyarrow's `Schema.serialize()` makes and `pa.ipc.read_schema` reads.
fn ipc_schema_message(schema: &Schema) -> Result<Vec<u8>> {
    use arrow_ipc::writer::{write_message, DictionaryTracker, IpcDataGenerator, IpcWriteOptions};
    let options = IpcWriteOptions::default();
    let mut tracker = DictionaryTracker::new(false);
    let encoded = IpcDataGenerator::default().schema_to_bytes_with_dictionary_tracker(
        schema,
        &mut tracker,
        &options,
    );
    let mut out = Vec::new();
    write_message(&mut out, encoded, &options)
        .map_err(|e| Error::invalid(format!("cannot encode the Arrow schema as IPC: {e}")))?;
    Ok(out)
}

/// Refuses more fields or columns than a reader takes ([`MAX_COLUMNS`]),
/// so that nothing is written that no reader reads.
fn too_many_fields(n: usize, what: &str, unit: &str) -> Result<()> {
    if n > MAX_COLUMNS {
        return Err(Error::unsupported(format!(
            "{what} of {n} {unit} cannot be written: readers take at most {MAX_COLUMNS}"
        )));
    }
    Ok(())
}

/// How deep fields may nest in an xlang schema: the Arrow IPC schema
/// message is a flatbuffer, whose verifier (arrow-rs's and pyarrow's)
/// stops at 64 levels of tables, which 60 levels of child fields reach.
const MAX_XLANG_FIELD_DEPTH: usize = 60;

/// The fields of an xlang schema at every level, and at most how many
/// flatbuffer tables they take in its IPC message.
struct SchemaSize {
    fields: usize,
    tables: usize,
}

impl SchemaSize {
    fn add(&mut self, f: &Field) {
        self.fields += 1;
        // the field, its type, a dictionary's encoding and index type, a
        // table per metadata entry
        self.tables += 4 + f.metadata().len();
    }
}

/// From how many tables ([`SchemaSize`]) an xlang schema message is
/// verified before it is written, as its reader will: the flatbuffer
/// verifier of arrow-rs and pyarrow counts at most a million tables, so a
/// schema below this bound always passes and pays nothing.
const VERIFY_SCHEMA_FROM: usize = 900_000;

/// Refuses the data types the xlang encoding does not carry (the same as
/// native mode, and the intervals pyarrow has no array for), at every
/// level of nesting, and fields nested deeper than the IPC schema message
/// is read ([`MAX_XLANG_FIELD_DEPTH`]); `depth` is the field's. Adds the
/// child fields met to `size`.
fn check_xlang_type(
    dt: &DataType,
    depth: usize,
    size: &mut SchemaSize,
    ctx: &mut WriteContext<'_, '_>,
) -> Result<()> {
    if depth > MAX_XLANG_FIELD_DEPTH {
        return Err(Error::unsupported(format!(
            "an Arrow field nested {depth} levels deep cannot be written in xlang mode: the Arrow IPC schema message is read to {MAX_XLANG_FIELD_DEPTH} levels (native mode has no such limit)"
        )));
    }
    ctx.enter("an Arrow data type")?;
    let r = match dt {
        DataType::Union(..)
        | DataType::RunEndEncoded(..)
        | DataType::ListView(_)
        | DataType::LargeListView(_) => Err(unsupported(dt)),
        DataType::Interval(IntervalUnit::YearMonth | IntervalUnit::DayTime) => {
            Err(Error::unsupported(format!(
                "Arrow data type {dt} cannot be written in xlang mode: pyarrow has no array of it (use Interval(MonthDayNano), or native mode)"
            )))
        }
        DataType::Dictionary(key, value) if key.is_dictionary_key_type() => {
            check_xlang_type(value, depth, size, ctx)
        }
        DataType::Dictionary(..) => Err(unsupported(dt)),
        DataType::List(f) | DataType::LargeList(f) | DataType::FixedSizeList(f, _) => {
            size.add(f);
            check_xlang_type(f.data_type(), depth + 1, size, ctx)
        }
        // the entries' struct, then its key and value
        DataType::Map(f, _) => {
            size.add(f);
            check_xlang_type(f.data_type(), depth + 1, size, ctx)
        }
        DataType::Struct(children) => children.iter().try_for_each(|f| {
            size.add(f);
            check_xlang_type(f.data_type(), depth + 1, size, ctx)
        }),
        _ => Ok(()),
    };
    ctx.leave();
    r
}

fn write_xlang_batch<'a>(batch: &'a RecordBatch, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
    let schema = batch.schema_ref();
    too_many_fields(schema.fields().len(), "an Arrow schema", "columns")?;
    let mut size = SchemaSize {
        fields: 0,
        tables: schema.metadata().len(),
    };
    for f in schema.fields() {
        size.add(f);
        check_xlang_type(f.data_type(), 0, &mut size, ctx)?;
    }
    let message = ipc_schema_message(schema)?;
    if size.tables > VERIFY_SCHEMA_FROM {
        // the reader's own parse, verifier included, on what it would get
        arrow_ipc::convert::try_schema_from_ipc_buffer(&message).map_err(|e| {
            Error::unsupported(format!(
                "an Arrow schema of {} fields in all cannot be written in xlang mode: its IPC schema message ({} bytes) does not pass the flatbuffer verifier that arrow-rs and pyarrow read it with ({e}); native mode has no such limit",
                size.fields,
                message.len()
            ))
        })?;
    }
    let size = u32::try_from(message.len())
        .map_err(|_| Error::unsupported("an Arrow IPC schema message over 4 GiB"))?;
    ctx.writer().write_varuint32(size);
    ctx.writer().write_bytes(&message);
    ctx.writer().write_varuint64(batch.num_rows() as u64);
    ctx.enter("a RecordBatch")?;
    for c in batch.columns() {
        write_node(&c.to_data(), ctx)?;
    }
    ctx.leave();
    Ok(())
}

/// What an xlang node ships for `data`, all cut to its window: the Arrow
/// offset (0–7), the validity bitmap, its own buffers, its children. The
/// offset is the bit offset of the window's first row in the first byte of
/// its bitmap, so a bitmap starting mid-byte is a zero-copy byte slice too
/// and the other buffers start that many elements early. The copies:
/// offsets rebased when that saves more than it copies (as in native
/// mode), and a validity bitmap whose bit offset does not match the other
/// buffers' (arrow-rs slices a primitive array's values by pointer and its
/// validity by bit offset) re-packed to the window's bits.
struct XlangWindow {
    offset: usize,
    validity: Option<Buffer>,
    buffers: Vec<Buffer>,
    children: Vec<ArrayData>,
}

fn xlang_window(data: &ArrayData) -> XlangWindow {
    let (o, n) = (data.offset(), data.len());
    let dt = data.data_type();
    let shift = match (dt, data.nulls()) {
        // the values are a bitmap: their bit offset decides
        (DataType::Boolean, _) => o % 8,
        (_, Some(nulls)) if nulls.offset() % 8 <= o => nulls.offset() % 8,
        _ => 0,
    };
    // the elements shipped: `shift` before the window, then the window
    let (start, count) = (o - shift, n + shift);
    let validity = data.nulls().map(|nulls| {
        let bits = nulls.inner();
        if bits.offset() % 8 == shift {
            bits_window(bits.inner(), bits.offset(), n).0
        } else {
            let mut packed = arrow_buffer::BooleanBufferBuilder::new(count);
            packed.append_n(shift, false);
            packed.append_buffer(bits);
            packed.finish().into_inner()
        }
    });
    let (buffers, children) = match dt {
        DataType::Utf8 | DataType::Binary | DataType::LargeUtf8 | DataType::LargeBinary => {
            let (offsets, from, to) = match dt {
                DataType::Utf8 | DataType::Binary => offsets_window::<i32>(data, start, count),
                _ => offsets_window::<i64>(data, start, count),
            };
            let values = data.buffers()[1].slice_with_length(from, to - from);
            (vec![offsets, values], vec![])
        }
        DataType::List(_) | DataType::Map(..) | DataType::LargeList(_) => {
            let (offsets, from, to) = match dt {
                DataType::LargeList(_) => offsets_window::<i64>(data, start, count),
                _ => offsets_window::<i32>(data, start, count),
            };
            let child = data.child_data()[0].slice(from, to - from);
            (vec![offsets], vec![child])
        }
        DataType::FixedSizeList(_, size) => {
            let k = *size as usize;
            let child = data.child_data()[0].slice(start * k, count * k);
            (vec![], vec![child])
        }
        DataType::Struct(_) => {
            let children = data
                .child_data()
                .iter()
                .map(|c| c.slice(start, count))
                .collect();
            (vec![], children)
        }
        _ => {
            // fixed-width values (dictionary keys, view structs), a bitmap
            // (booleans: `start` is a multiple of 8 there), the data
            // buffers of views kept whole; a dictionary's values (its
            // child) kept whole
            let layout = arrow_data::layout(dt);
            let buffers = data
                .buffers()
                .iter()
                .enumerate()
                .map(|(i, b)| match layout.buffers.get(i) {
                    Some(BufferSpec::FixedWidth { byte_width, .. }) => {
                        b.slice_with_length(start * byte_width, count * byte_width)
                    }
                    Some(BufferSpec::BitMap) => bits_window(b, start, count).0,
                    _ => b.clone(),
                })
                .collect();
            (buffers, data.child_data().to_vec())
        }
    };
    XlangWindow {
        offset: shift,
        validity,
        buffers,
        children,
    }
}

/// The width of the offsets of the types whose first buffer is offsets.
fn has_offsets(dt: &DataType) -> Option<usize> {
    match dt {
        DataType::Utf8 | DataType::Binary | DataType::List(_) | DataType::Map(..) => Some(4),
        DataType::LargeUtf8 | DataType::LargeBinary | DataType::LargeList(_) => Some(8),
        _ => None,
    }
}

/// One array: length, offset, its buffers (validity first, each a bool
/// "present" then a buffer-path value), then its child arrays (a
/// dictionary's values last), all cut to the window ([`xlang_window`]).
fn write_node(data: &ArrayData, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    ctx.enter("an Arrow array")?;
    let r = write_node_inner(data, ctx);
    ctx.leave();
    r
}

fn write_node_inner(data: &ArrayData, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    let window = xlang_window(data);
    ctx.writer().write_varuint64(data.len() as u64);
    ctx.writer().write_varuint64(window.offset as u64);
    write_len(ctx, 1 + window.buffers.len(), "Arrow buffer list")?;
    match &window.validity {
        Some(bits) => {
            ctx.writer().write_bool(true);
            ctx.write_buffer(column_of(bits, data))?;
        }
        None => ctx.writer().write_bool(false),
    }
    for (i, b) in window.buffers.iter().enumerate() {
        ctx.writer().write_bool(true);
        match has_offsets(data.data_type()) {
            // an empty array may carry no offsets; Arrow's format wants one
            Some(width) if i == 0 && b.is_empty() => {
                ctx.write_buffer(column(&Buffer::from_vec(vec![0u8; width])).marked_copy())?
            }
            _ => ctx.write_buffer(column_of(b, data))?,
        }
    }
    for child in &window.children {
        write_node(child, ctx)?;
    }
    Ok(())
}

/// Reads an xlang batch; with `SKIP`, as [`read_body`] says, `None`.
fn read_xlang_batch<const SKIP: bool>(
    ctx: &mut ReadContext<'_, '_>,
) -> Result<Option<RecordBatch>> {
    let at = ctx.reader().position();
    let size = ctx.reader().read_len(1, "Arrow IPC schema message")?;
    ctx.check_binary_size(size, "Arrow IPC schema message")?;
    let message = ctx.reader().read_bytes(size)?;
    let schema = arrow_ipc::convert::try_schema_from_ipc_buffer(message).map_err(|e| {
        Error::invalid(format!(
            "the Arrow IPC schema message at byte {at} ({size} bytes) does not parse: {e}"
        ))
    })?;
    if schema.fields().len() > MAX_COLUMNS {
        return Err(Error::invalid(format!(
            "Arrow schema at byte {at} has {} columns (at most {MAX_COLUMNS})",
            schema.fields().len()
        )));
    }
    let schema = Schema::new_with_metadata(
        schema
            .fields()
            .iter()
            .map(naive_if_empty_tz)
            .collect::<Fields>(),
        schema.metadata().clone(),
    );
    let rows_at = ctx.reader().position();
    let rows = to_usize(ctx.reader().read_varuint64()?, rows_at)?;
    ctx.enter("a RecordBatch")?;
    let mut columns = Vec::with_capacity(if SKIP { 0 } else { schema.fields().len() });
    for f in schema.fields() {
        let data = read_node::<SKIP>(f.data_type(), ctx).map_err(|e| in_column(f, e))?;
        columns.extend(data.map(make_array));
    }
    ctx.leave();
    if SKIP {
        return Ok(None);
    }
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
    RecordBatch::try_new_with_options(Arc::new(schema), columns, &options)
        .map(Some)
        .map_err(|e| Error::invalid(format!("invalid Arrow record batch at byte {at}: {e}")))
}

/// `field` with every `Timestamp(unit, Some(""))` in its type made
/// `Timestamp(unit, None)`. Arrow's format spec reads an empty time zone
/// as "no time zone" and arrow-ipc's writer drops it, so an IPC schema
/// message that carries one would not survive a write and read back;
/// reading it as `None` makes what reads write back to itself.
fn naive_if_empty_tz(field: &Arc<Field>) -> Arc<Field> {
    match naive_type(field.data_type()) {
        Some(dt) => Arc::new(field.as_ref().clone().with_data_type(dt)),
        None => field.clone(),
    }
}

/// `dt` with empty time zones removed, or `None` when it has none.
/// The recursion follows the schema's nesting, which the flatbuffer
/// verifier of the IPC message bounds.
fn naive_type(dt: &DataType) -> Option<DataType> {
    let fields = |fs: &Fields| -> Option<Fields> {
        let mapped: Vec<Arc<Field>> = fs.iter().map(naive_if_empty_tz).collect();
        let changed = mapped
            .iter()
            .zip(fs.iter())
            .any(|(a, b)| !Arc::ptr_eq(a, b));
        changed.then(|| Fields::from(mapped))
    };
    let one = |f: &Arc<Field>| -> Option<Arc<Field>> {
        let m = naive_if_empty_tz(f);
        (!Arc::ptr_eq(&m, f)).then_some(m)
    };
    match dt {
        DataType::Timestamp(unit, Some(tz)) if tz.is_empty() => {
            Some(DataType::Timestamp(*unit, None))
        }
        DataType::List(f) => one(f).map(DataType::List),
        DataType::LargeList(f) => one(f).map(DataType::LargeList),
        DataType::FixedSizeList(f, n) => one(f).map(|f| DataType::FixedSizeList(f, *n)),
        DataType::Map(f, sorted) => one(f).map(|f| DataType::Map(f, *sorted)),
        DataType::Struct(fs) => fields(fs).map(DataType::Struct),
        DataType::Dictionary(k, v) => {
            naive_type(v).map(|v| DataType::Dictionary(k.clone(), Box::new(v)))
        }
        _ => None,
    }
}

/// A buffer slot: a bool "present", then the buffer (a buffer-path value).
fn read_slot<'d>(
    ctx: &mut ReadContext<'d, '_>,
    width: usize,
    what: &str,
) -> Result<Option<BufferView<'d>>> {
    if !ctx.reader().read_bool()? {
        return Ok(None);
    }
    ctx.read_buffer(width, what).map(Some)
}

/// Reads one node; with `SKIP`, as [`read_body`] says, `None`.
fn read_node<const SKIP: bool>(
    dt: &DataType,
    ctx: &mut ReadContext<'_, '_>,
) -> Result<Option<ArrayData>> {
    ctx.enter("an Arrow array")?;
    let r = read_node_inner::<SKIP>(dt, ctx);
    ctx.leave();
    r
}

fn read_node_inner<const SKIP: bool>(
    dt: &DataType,
    ctx: &mut ReadContext<'_, '_>,
) -> Result<Option<ArrayData>> {
    let at = ctx.reader().position();
    match dt {
        DataType::Union(..)
        | DataType::RunEndEncoded(..)
        | DataType::ListView(_)
        | DataType::LargeListView(_) => return Err(unsupported(dt)),
        DataType::Dictionary(key, _) if !key.is_dictionary_key_type() => {
            return Err(unsupported(dt))
        }
        _ => {}
    }
    let len = to_usize(ctx.reader().read_varuint64()?, at)?;
    ctx.check_array_len(len, "Arrow")?;
    let offset = to_usize(ctx.reader().read_varuint64()?, at)?;
    ctx.check_array_len(offset, "Arrow (offset)")?;
    let count = ctx.reader().read_len(1, "Arrow buffer list")?;
    let layout = arrow_data::layout(dt);
    let expected = 1 + layout.buffers.len();
    if count < expected || (count > expected && !layout.variadic) {
        return Err(Error::invalid(format!(
            "Arrow {dt} array at byte {at} has {count} buffers, its layout has {expected} (validity first)"
        )));
    }
    let end = offset.checked_add(len).ok_or_else(|| {
        Error::invalid(format!(
            "Arrow array at byte {at}: offset + length overflows"
        ))
    })?;
    let bits = read_slot(ctx, 1, "an Arrow validity bitmap")?;
    let has_nulls = bits.is_some();
    let nulls = match bits {
        None => None,
        Some(_) if matches!(dt, DataType::Null) => {
            return Err(Error::invalid(format!(
                "Arrow Null array at byte {at} has a validity bitmap"
            )))
        }
        Some(bits) => {
            if end > bits.len().saturating_mul(8) {
                return Err(Error::invalid(format!(
                    "Arrow validity bitmap at byte {at} holds {} bits, the array needs {end}",
                    bits.len().saturating_mul(8)
                )));
            }
            (!SKIP).then(|| {
                let bits = Buffer::from(bits.to_bytes());
                NullBuffer::new(BooleanBuffer::new(bits, offset, len))
            })
        }
    };
    let mut buffers = Vec::with_capacity(if SKIP { 0 } else { count - 1 });
    for i in 0..count - 1 {
        // arrow's own validation panics on a fixed-width buffer whose length
        // is not a whole number of elements: check it first
        let width = match layout.buffers.get(i) {
            Some(BufferSpec::FixedWidth { byte_width, .. }) => (*byte_width).max(1),
            _ => 1,
        };
        match read_slot(ctx, width, "an Arrow column buffer")? {
            Some(b) if !SKIP => buffers.push(Buffer::from(b.to_bytes())),
            Some(_) => {}
            None => {
                return Err(Error::invalid(format!(
                    "Arrow {dt} array at byte {at}: buffer {} is absent (only the validity bitmap may be)",
                    i + 1
                )))
            }
        }
    }
    let mut children = Vec::new();
    let mut child = |dt: &DataType, ctx: &mut ReadContext<'_, '_>| -> Result<()> {
        children.extend(read_node::<SKIP>(dt, ctx)?);
        Ok(())
    };
    match dt {
        DataType::List(f) | DataType::LargeList(f) | DataType::Map(f, _) => {
            child(f.data_type(), ctx)?
        }
        DataType::FixedSizeList(f, size) => {
            let elements = end.checked_mul(*size as usize).ok_or_else(|| {
                Error::invalid(format!(
                    "Arrow fixed-size list at byte {at} of {len} lists of {size} overflows"
                ))
            })?;
            if has_nulls && !SKIP {
                // see read_body: arrow expands the validity per element
                ctx.charge_free(elements / 8, "Arrow fixed-size list elements")?;
            }
            child(f.data_type(), ctx)?
        }
        DataType::Struct(fields) => {
            for f in fields {
                child(f.data_type(), ctx)?;
            }
        }
        DataType::Dictionary(_, value) => child(value, ctx)?,
        _ => {}
    }
    if SKIP {
        return Ok(None);
    }
    let builder = ArrayData::builder(dt.clone())
        .len(len)
        .offset(offset)
        .nulls(nulls)
        .buffers(buffers)
        .child_data(children)
        .align_buffers(true);
    super::arrow_check::build(builder)
        .map(Some)
        .map_err(|e| Error::invalid(format!("invalid Arrow array at byte {at}: {e}")))
}
