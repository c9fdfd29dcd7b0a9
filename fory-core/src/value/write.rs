//! Writing a [`Value`]: each value carries the type info of its variant.

use fory_buffers::{BufferKind, BufferObject, ElemType};

use super::{Array, Value};
use crate::context::WriteContext;
use crate::error::{Error, Result};
use crate::serializer::collection::write_same_type;
use crate::serializer::map::write_map;
use crate::serializer::std_types::{write_duration_parts, write_timestamp_parts};
use crate::serializer::Serialize;
use crate::types::type_id as t;

impl Array {
    fn type_id(&self) -> u8 {
        match self {
            Array::Bool(_) => t::BOOL_ARRAY,
            Array::I8(_) => t::INT8_ARRAY,
            Array::I16(_) => t::INT16_ARRAY,
            Array::I32(_) => t::INT32_ARRAY,
            Array::I64(_) => t::INT64_ARRAY,
            Array::U8(_) => t::UINT8_ARRAY,
            Array::U16(_) => t::UINT16_ARRAY,
            Array::U32(_) => t::UINT32_ARRAY,
            Array::U64(_) => t::UINT64_ARRAY,
            Array::F16(_) => t::FLOAT16_ARRAY,
            Array::BF16(_) => t::BFLOAT16_ARRAY,
            Array::F32(_) => t::FLOAT32_ARRAY,
            Array::F64(_) => t::FLOAT64_ARRAY,
        }
    }

    fn object(&self) -> BufferObject<'_> {
        macro_rules! obj {
            ($v:expr, $e:ident) => {
                BufferObject::from_slice($v, BufferKind::PrimitiveArray(ElemType::$e))
            };
        }
        match self {
            Array::Bool(v) => obj!(v, Bool),
            Array::I8(v) => obj!(v, I8),
            Array::I16(v) => obj!(v, I16),
            Array::I32(v) => obj!(v, I32),
            Array::I64(v) => obj!(v, I64),
            Array::U8(v) => obj!(v, U8),
            Array::U16(v) => obj!(v, U16),
            Array::U32(v) => obj!(v, U32),
            Array::U64(v) => obj!(v, U64),
            Array::F16(v) => obj!(v, F16),
            Array::BF16(v) => obj!(v, BF16),
            Array::F32(v) => obj!(v, F32),
            Array::F64(v) => obj!(v, F64),
        }
    }
}

impl Value {
    fn type_id(&self) -> Result<u8> {
        Ok(match self {
            Value::Null => t::NONE,
            Value::Bool(_) => t::BOOL,
            Value::Int(_) => t::VARINT64,
            Value::UInt(_) => t::VAR_UINT64,
            Value::Float32(_) => t::FLOAT32,
            Value::Float16(_) => t::FLOAT16,
            Value::BFloat16(_) => t::BFLOAT16,
            Value::Float64(_) => t::FLOAT64,
            Value::String(_) => t::STRING,
            Value::Binary(_) => t::BINARY,
            Value::List(_) => t::LIST,
            Value::Set(_) => t::SET,
            Value::Map(_) => t::MAP,
            Value::Array(a) => a.type_id(),
            Value::Date(_) => t::DATE,
            Value::Timestamp { .. } => t::TIMESTAMP,
            Value::Duration { .. } => t::DURATION,
            Value::Decimal { .. } => t::DECIMAL,
            // the key that groups batches in a list or map chunk; the type
            // info written is the mode's (`fory_write_dyn_type_info`)
            #[cfg(feature = "arrow")]
            Value::RecordBatch(_) => t::RECORD_BATCH,
            #[cfg(feature = "arrow")]
            Value::ArrowArray(_) => t::ARROW_ARRAY,
            Value::NdArray(_) => t::NDARRAY,
            Value::Struct(_) | Value::Enum(_) | Value::Union(_) | Value::Ref(_) => {
                return Err(not_writable(self))
            }
        })
    }
}

impl Value {
    /// Whether the typed value this variant reads from takes ref flags and
    /// ids under ref tracking, (in xlang mode, in native mode): as its
    /// type's `FORY_TRACKS_REF` and `FORY_NATIVE_TRACKS_REF` say. A
    /// binary is a `Vec<u8>` (a `Bytes`, which native mode tracks too,
    /// reads as the same `Value`: see the module docs), an array a `Vec`,
    /// a list, set or map a `Vec`, `HashSet` or `HashMap` (tracked by
    /// pyfory, never a back-reference in native mode); Arrow data is
    /// shared, so tracked in both modes. Scalars, strings, times and
    /// decimals are not tracked.
    fn tracked(&self) -> (bool, bool) {
        match self {
            Value::Binary(_) | Value::List(_) | Value::Set(_) | Value::Map(_) | Value::Array(_) => {
                (true, false)
            }
            #[cfg(feature = "arrow")]
            Value::RecordBatch(_) | Value::ArrowArray(_) => (true, true),
            Value::NdArray(_) => (true, true),
            _ => (false, false),
        }
    }
}

fn check_nanos(nanos: u32) -> Result<()> {
    if nanos < 1_000_000_000 {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "a Value with {nanos} nanoseconds (0 to 999,999,999)"
        )))
    }
}

#[cold]
fn not_writable(v: &Value) -> Error {
    let what = match v {
        Value::Struct(_) => "a struct",
        Value::Enum(_) => "an enum",
        Value::Union(_) => "a union",
        _ => "a back-reference",
    };
    Error::unsupported(format!(
        "a dynamic Value holding {what} cannot be written: use the registered Rust type"
    ))
}

impl Serialize for Value {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        match self {
            Value::Null => Ok(()),
            Value::Bool(v) => v.fory_write_data(ctx),
            Value::Int(v) => v.fory_write_data(ctx),
            Value::UInt(v) => v.fory_write_data(ctx),
            Value::Float32(v) => v.fory_write_data(ctx),
            Value::Float16(bits) | Value::BFloat16(bits) => {
                ctx.writer().write_u16(*bits);
                Ok(())
            }
            Value::Float64(v) => v.fory_write_data(ctx),
            Value::String(v) => v.fory_write_data(ctx),
            Value::Binary(v) => v.fory_write_data(ctx),
            Value::List(v) | Value::Set(v) => write_same_type(v.iter(), v.len(), ctx),
            Value::Map(entries) => {
                write_map(entries.iter().map(|(k, v)| (k, v)), entries.len(), ctx)
            }
            Value::Array(a) => {
                if ctx.config().arrays_take_buffer_path() {
                    ctx.write_buffer(a.object())
                } else {
                    let object = a.object();
                    let bytes = object.as_contiguous().unwrap_or_default();
                    ctx.write_sized_bytes(bytes)
                }
            }
            Value::Date(days) => {
                ctx.writer().write_varint64(*days);
                Ok(())
            }
            Value::Timestamp { seconds, nanos } => {
                check_nanos(*nanos)?;
                write_timestamp_parts(ctx, *seconds, *nanos);
                Ok(())
            }
            Value::Duration { seconds, nanos } => {
                check_nanos(*nanos)?;
                write_duration_parts(ctx, *seconds, *nanos);
                Ok(())
            }
            Value::Decimal { unscaled, scale } => {
                crate::serializer::decimal_wire::write_decimal_parts(ctx, *unscaled, *scale);
                Ok(())
            }
            // the typed writes: the same bytes, the same buffers offered
            #[cfg(feature = "arrow")]
            Value::RecordBatch(batch) => batch.fory_write_data(ctx),
            #[cfg(feature = "arrow")]
            Value::ArrowArray(array) => crate::serializer::arrow::write_array_ref(array, ctx),
            Value::NdArray(a) => super::nd::write_nd(a, ctx),
            other => Err(not_writable(other)),
        }
    }

    fn fory_is_none(&self) -> bool {
        matches!(self, Value::Null)
    }

    fn fory_dyn_tracks_ref(&self, ctx: &WriteContext<'_, '_>) -> bool {
        let (xlang, native) = self.tracked();
        crate::serializer::tracks_ref_by(xlang, native, ctx)
    }

    fn fory_dyn_native_tracks_ref(&self) -> bool {
        self.tracked().1
    }

    fn fory_dyn_type_key(&self) -> Option<u8> {
        match self {
            Value::Null | Value::Struct(_) | Value::Enum(_) | Value::Union(_) | Value::Ref(_) => {
                None
            }
            other => other.type_id().ok(),
        }
    }

    fn fory_write_dyn_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        // a batch's type info depends on the mode (xlang: EXT and its user
        // type id)
        #[cfg(feature = "arrow")]
        if let Value::RecordBatch(_) = self {
            return <arrow_array::RecordBatch as crate::ForyType>::fory_write_type_info(ctx);
        }
        let id = self.type_id()?;
        ctx.writer().write_u8(id);
        Ok(())
    }
}
