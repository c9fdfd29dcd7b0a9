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
        }
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
