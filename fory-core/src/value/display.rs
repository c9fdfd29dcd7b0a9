//! Readable text for [`Value`]: JSON-like, with type names for structs,
//! enums and arrays, and long binaries shortened.

use std::fmt::{self, Display, Formatter, Write};

use super::{Array, Value};

const MAX_BINARY: usize = 32;
const MAX_ARRAY: usize = 16;

fn list<T>(
    f: &mut Formatter<'_>,
    open: &str,
    items: &[T],
    close: &str,
    each: impl Fn(&mut Formatter<'_>, &T) -> fmt::Result,
    limit: usize,
) -> fmt::Result {
    f.write_str(open)?;
    for (i, item) in items.iter().take(limit).enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        each(f, item)?;
    }
    if items.len() > limit {
        write!(f, ", … ({} in all)", items.len())?;
    }
    f.write_str(close)
}

impl Display for Value {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(v) => write!(f, "{v}"),
            Value::UInt(v) => write!(f, "{v}"),
            Value::Float32(v) => write!(f, "{v:?}f32"),
            Value::Float16(bits) => write!(f, "{:?}f16", super::f16_bits_to_f64(*bits)),
            Value::BFloat16(bits) => {
                write!(f, "{:?}bf16", f32::from_bits(u32::from(*bits) << 16))
            }
            Value::Float64(v) => write!(f, "{v:?}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Binary(b) => {
                f.write_str("b\"")?;
                for &byte in b.iter().take(MAX_BINARY) {
                    if byte.is_ascii_graphic() && byte != b'"' && byte != b'\\' || byte == b' ' {
                        f.write_char(byte as char)?;
                    } else {
                        write!(f, "\\x{byte:02x}")?;
                    }
                }
                f.write_char('"')?;
                if b.len() > MAX_BINARY {
                    write!(f, "… ({} bytes)", b.len())?;
                }
                Ok(())
            }
            Value::List(items) => list(f, "[", items, "]", |f, v| write!(f, "{v}"), usize::MAX),
            Value::Set(items) => list(f, "set{", items, "}", |f, v| write!(f, "{v}"), usize::MAX),
            Value::Map(entries) => list(
                f,
                "{",
                entries,
                "}",
                |f, (k, v)| write!(f, "{k}: {v}"),
                usize::MAX,
            ),
            Value::Array(a) => write!(f, "{a}"),
            Value::Struct(s) => {
                write!(f, "{} ", s.type_name)?;
                list(
                    f,
                    "{ ",
                    &s.fields,
                    " }",
                    |f, (n, v)| write!(f, "{n}: {v}"),
                    usize::MAX,
                )
            }
            Value::Enum(e) => write!(f, "{}({})", e.type_name, e.value),
            Value::Union(u) => write!(f, "{}::case{}({})", u.type_name, u.case, u.value),
            Value::Ref(id) => write!(f, "&{id}"),
            Value::Date(days) => {
                let (y, m, d) = civil_from_days(*days);
                write!(f, "date({y:04}-{m:02}-{d:02})")
            }
            Value::Timestamp { seconds, nanos } => {
                let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
                let (y, m, d) = civil_from_days(days);
                let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
                write!(f, "timestamp({y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}")?;
                if *nanos != 0 {
                    write!(f, ".{nanos:09}")?;
                }
                f.write_str("Z)")
            }
            Value::Duration { seconds, nanos } => {
                write!(f, "duration({seconds}s")?;
                if *nanos != 0 {
                    write!(f, " + {nanos}ns")?;
                }
                f.write_char(')')
            }
            Value::Decimal { unscaled, scale } => write_decimal(f, *unscaled, *scale),
            #[cfg(feature = "arrow")]
            Value::RecordBatch(batch) => {
                let (rows, columns) = (batch.num_rows(), batch.num_columns());
                write!(
                    f,
                    "RecordBatch[{rows} row{} × {columns} column{}]",
                    plural(rows),
                    plural(columns)
                )
            }
            Value::NdArray(a) => {
                write!(f, "ndarray<{}>[", a.elem().name())?;
                for (i, d) in a.shape().iter().enumerate() {
                    if i > 0 {
                        f.write_char('×')?;
                    }
                    write!(f, "{d}")?;
                }
                f.write_char(']')?;
                if a.is_fortran() {
                    f.write_str(" (Fortran order)")?;
                }
                Ok(())
            }
            #[cfg(feature = "arrow")]
            Value::ArrowArray(array) => {
                use arrow_array::Array as _;
                let rows = array.len();
                write!(
                    f,
                    "ArrowArray[{}, {rows} row{}]",
                    array.data_type(),
                    plural(rows)
                )
            }
        }
    }
}

/// The plural "s" of a count of things.
#[cfg(feature = "arrow")]
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

impl Display for Array {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        macro_rules! arr {
            ($name:literal, $v:expr) => {
                list(
                    f,
                    concat!($name, "["),
                    $v,
                    "]",
                    |f, x| write!(f, "{x:?}"),
                    MAX_ARRAY,
                )
            };
        }
        match self {
            Array::Bool(v) => arr!("bool", v),
            Array::I8(v) => arr!("int8", v),
            Array::I16(v) => arr!("int16", v),
            Array::I32(v) => arr!("int32", v),
            Array::I64(v) => arr!("int64", v),
            Array::U8(v) => arr!("uint8", v),
            Array::U16(v) => arr!("uint16", v),
            Array::U32(v) => arr!("uint32", v),
            Array::U64(v) => arr!("uint64", v),
            Array::F16(v) => arr!("float16bits", v),
            Array::BF16(v) => arr!("bfloat16bits", v),
            Array::F32(v) => arr!("float32", v),
            Array::F64(v) => arr!("float64", v),
        }
    }
}

/// Year, month, day of `days` since 1970-01-01 in the proleptic Gregorian
/// calendar (the era arithmetic of Howard Hinnant's date algorithms).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days as i128 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i128::from(m <= 2);
    (y.clamp(i64::MIN as i128, i64::MAX as i128) as i64, m, d)
}

/// `unscaled × 10^-scale` in plain decimal notation (an exponent for
/// scales far from zero). A zero with a negative scale is written with
/// its exponent, as Python's `Decimal` prints it (`0E+5`): padding a
/// zero with zeros would read as a different number of digits.
fn write_decimal(f: &mut Formatter<'_>, unscaled: i128, scale: i32) -> fmt::Result {
    let digits = unscaled.unsigned_abs().to_string();
    let sign = if unscaled < 0 { "-" } else { "" };
    if unscaled == 0 && scale < 0 {
        return write!(f, "0E+{}", -(scale as i64));
    }
    if scale <= 0 {
        if scale < -32 {
            return write!(f, "{sign}{digits}E+{}", -(scale as i64));
        }
        return write!(f, "{sign}{digits}{}", "0".repeat((-scale) as usize));
    }
    let scale = scale as usize;
    if scale > 64 {
        return write!(f, "{sign}{digits}E-{scale}");
    }
    if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    } else {
        write!(f, "{sign}0.{}{digits}", "0".repeat(scale - digits.len()))
    }
}
