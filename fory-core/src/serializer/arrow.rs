//! Arrow (feature `arrow`): `arrow_array::RecordBatch` — the DataFrame of
//! Rust — and single arrays ([`ArrowArray`]). The schema travels in-band;
//! every column buffer (values, offsets, validity) is its own
//! `BufferObject` of kind `TableColumn`, offered as the buffer's own
//! memory. Read back from `Bytes` buffers the columns point into them
//! (misaligned buffers are copied once into aligned memory).
//!
//! Native mode only (pyfory 1.7.7 has no record batches in xlang).
//!
//! Layout of an array: data type tag, `varuint64` length, offset and (for
//! the validity bitmap) bit offset, a bool for "has a validity bitmap",
//! the bitmap, `varuint32` buffer count, the buffers. A sliced array keeps
//! its parent's buffers whole (zero-copy) and records the offset. A batch:
//! `varuint32` field count, each field's name, nullability and type tag,
//! `varuint64` row count, then the columns. Everything read is validated
//! by arrow (`ArrayData::validate_full`, `RecordBatch::try_new`) before use.

use std::sync::Arc;

use arrow_array::{make_array, ArrayRef, RecordBatch};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer};
use arrow_data::ArrayData;
use arrow_schema::{DataType, Field, Schema};
use fory_buffers::{BufferKind, BufferObject};

use super::string::{read_string, write_str};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};

/// Type id of a native-mode record batch.
pub const RECORD_BATCH: u8 = 101;
/// Type id of a native-mode Arrow array.
pub const ARROW_ARRAY: u8 = 102;
/// More columns than this is rejected as hostile.
pub const MAX_COLUMNS: usize = 1 << 16;

fn tag(dt: &DataType) -> Result<u8> {
    Ok(match dt {
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
        other => {
            return Err(Error::unsupported(format!(
                "Arrow data type {other} is not supported yet"
            )))
        }
    })
}

fn data_type(tag: u8) -> Result<DataType> {
    Ok(match tag {
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
        t => return Err(Error::invalid(format!("unknown Arrow data type tag {t}"))),
    })
}

/// A column buffer as a shared `Bytes` owning a clone of the Arrow buffer
/// (a reference count): no copy, no borrow.
fn column(buffer: &Buffer) -> BufferObject<'static> {
    BufferObject::shared(
        bytes::Bytes::from_owner(buffer.clone()),
        BufferKind::TableColumn,
    )
}

fn write_array(data: &ArrayData, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    if !data.child_data().is_empty() {
        return Err(Error::unsupported(
            "nested Arrow arrays are not supported yet",
        ));
    }
    ctx.writer().write_u8(tag(data.data_type())?);
    ctx.writer().write_varuint64(data.len() as u64);
    ctx.writer().write_varuint64(data.offset() as u64);
    match data.nulls() {
        Some(nulls) => {
            ctx.writer().write_bool(true);
            let bits = nulls.inner();
            ctx.writer().write_varuint64(bits.offset() as u64);
            ctx.write_buffer(column(bits.inner()))?;
        }
        None => ctx.writer().write_bool(false),
    }
    crate::serializer::collection::write_len(ctx, data.buffers().len(), "Arrow buffer list")?;
    for b in data.buffers() {
        ctx.write_buffer(column(b))?;
    }
    Ok(())
}

fn read_array(ctx: &mut ReadContext<'_, '_>) -> Result<ArrayData> {
    let at = ctx.reader().position();
    let dt = data_type(ctx.reader().read_u8()?)?;
    let len = to_usize(ctx.reader().read_varuint64()?, at)?;
    let offset = to_usize(ctx.reader().read_varuint64()?, at)?;
    let nulls = if ctx.reader().read_bool()? {
        let bit_offset = to_usize(ctx.reader().read_varuint64()?, at)?;
        let bits = Buffer::from(ctx.read_buffer(1, "an Arrow validity bitmap")?.to_bytes());
        let needed = bit_offset.checked_add(len).ok_or_else(|| {
            Error::invalid(format!("Arrow validity bitmap at byte {at} overflows"))
        })?;
        if needed > bits.len().saturating_mul(8) {
            return Err(Error::invalid(format!(
                "Arrow validity bitmap at byte {at} holds {} bits, the array needs {needed}",
                bits.len() * 8
            )));
        }
        Some(NullBuffer::new(BooleanBuffer::new(bits, bit_offset, len)))
    } else {
        None
    };
    let count = ctx.reader().read_len(1, "Arrow buffer list")?;
    if count > 4 {
        return Err(Error::invalid(format!(
            "Arrow array at byte {at} claims {count} buffers"
        )));
    }
    let layout = arrow_data::layout(&dt);
    if count != layout.buffers.len() {
        return Err(Error::invalid(format!(
            "Arrow {dt} array at byte {at} has {count} buffers, its layout has {}",
            layout.buffers.len()
        )));
    }
    let mut buffers = Vec::with_capacity(count);
    for spec in &layout.buffers {
        // arrow's own validation panics on a fixed-width buffer whose length
        // is not a whole number of elements: check it first
        let width = match spec {
            arrow_data::BufferSpec::FixedWidth { byte_width, .. } => (*byte_width).max(1),
            _ => 1,
        };
        buffers.push(Buffer::from(
            ctx.read_buffer(width, "an Arrow column buffer")?.to_bytes(),
        ));
    }
    let data = ArrayData::builder(dt)
        .len(len)
        .offset(offset)
        .nulls(nulls)
        .buffers(buffers)
        .align_buffers(true)
        .build()
        .and_then(|d| d.validate_full().map(|()| d))
        .map_err(|e| Error::invalid(format!("invalid Arrow array at byte {at}: {e}")))?;
    Ok(data)
}

fn to_usize(v: u64, at: usize) -> Result<usize> {
    usize::try_from(v).map_err(|_| Error::invalid(format!("Arrow length at byte {at} overflows")))
}

fn native_only(ctx: &WriteContext<'_, '_>) -> Result<()> {
    if ctx.is_xlang() {
        return Err(Error::unsupported(
            "Arrow data is written in native mode only (pyfory 1.7.7 has no record batches in xlang)",
        ));
    }
    Ok(())
}

impl ForyType for RecordBatch {
    const FORY_TYPE_ID: u8 = RECORD_BATCH;
    const FORY_TRACKS_REF: bool = true;
}

impl Serialize for RecordBatch {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        native_only(ctx)?;
        let schema = self.schema_ref();
        crate::serializer::collection::write_len(ctx, schema.fields().len(), "Arrow schema")?;
        for f in schema.fields() {
            write_str(f.name(), ctx)?;
            ctx.writer().write_bool(f.is_nullable());
            ctx.writer().write_u8(tag(f.data_type())?);
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
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let n = ctx.reader().read_len(3, "Arrow schema")?;
        if n > MAX_COLUMNS {
            return Err(Error::invalid(format!(
                "Arrow schema at byte {at} claims {n} columns"
            )));
        }
        let mut fields = Vec::with_capacity(n);
        for _ in 0..n {
            let name = read_string(ctx)?;
            let nullable = ctx.reader().read_bool()?;
            let dt = data_type(ctx.reader().read_u8()?)?;
            fields.push(Field::new(name, dt, nullable));
        }
        let rows = to_usize(ctx.reader().read_varuint64()?, at)?;
        ctx.enter("a RecordBatch")?;
        let mut columns = Vec::with_capacity(n);
        for f in &fields {
            let data = read_array(ctx)?;
            if data.data_type() != f.data_type() {
                return Err(Error::invalid(format!(
                    "Arrow column {:?} is {} but the schema says {}",
                    f.name(),
                    data.data_type(),
                    f.data_type()
                )));
            }
            columns.push(make_array(data));
        }
        ctx.leave();
        let schema = Arc::new(Schema::new(fields));
        let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows));
        RecordBatch::try_new_with_options(schema, columns, &options)
            .map_err(|e| Error::invalid(format!("invalid Arrow record batch at byte {at}: {e}")))
    }
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
        native_only(ctx)?;
        write_column(&self.0, ctx)
    }
}

impl Deserialize for ArrowArray {
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _id: u8) -> Result<Self> {
        Ok(ArrowArray(make_array(read_array(ctx)?)))
    }
}
