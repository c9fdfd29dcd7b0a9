//! Reading any value dynamically: driven by the type info in the stream
//! and, for struct fields, by the writer's TypeDef.

use std::sync::Arc;

use bytes::Bytes;

use super::{Array, EnumValue, StructValue, UnionValue, Value};
use crate::context::{LabelKey, ReadContext, Slot};
use crate::error::{Error, ErrorKind, Result};
use crate::io::Reader;
use crate::object::{
    is_struct_id, read_meta_string, read_shared_meta, RemoteField, RemoteType, RemoteTypeDef,
    TypeKey,
};
use crate::serializer::collection::prealloc;
use crate::serializer::number::read_array_bytes;
use crate::serializer::std_types::{read_duration_parts, read_timestamp_parts};
use crate::serializer::string::{read_string, skip_string};
use crate::serializer::{Deserialize, ForyType};
use crate::types::{coll_flag, map_flag, ref_flag, type_id as t};
use fory_buffers::ElemType;

/// Type info read without knowing the Rust type.
#[derive(Debug, Clone)]
pub(crate) struct AnyType {
    pub(crate) id: u8,
    pub(crate) def: Option<Arc<RemoteTypeDef>>,
    /// How a user type is labelled in a `Value` (shared, not copied per
    /// value); `None` for built-in types and enum fields the stream does
    /// not name.
    pub(crate) label: Option<Arc<str>>,
    /// The user type id of a type registered by id (STRUCT, ENUM,
    /// TYPED_UNION, EXT) when the type info named it.
    pub(crate) user_id: Option<u32>,
}

impl AnyType {
    fn plain(id: u8) -> Self {
        AnyType {
            id,
            def: None,
            label: None,
            user_id: None,
        }
    }
}

/// Reads type info of any type.
pub(crate) fn read_any_type_info(ctx: &mut ReadContext<'_, '_>) -> Result<AnyType> {
    let at = ctx.reader().position();
    let id = ctx.reader().read_u8()?;
    let compatible = ctx.config().compatible();
    let mut user_id = None;
    let (def, label) = match id {
        t::COMPATIBLE_STRUCT | t::NAMED_COMPATIBLE_STRUCT => {
            let def = read_shared_meta(ctx)?;
            let label = def_label(ctx, &def);
            (Some(def), Some(label))
        }
        t::NAMED_STRUCT | t::NAMED_ENUM | t::NAMED_UNION | t::NAMED_EXT if compatible => {
            let def = read_shared_meta(ctx)?;
            let label = def_label(ctx, &def);
            (Some(def), Some(label))
        }
        t::NAMED_STRUCT | t::NAMED_ENUM | t::NAMED_UNION | t::NAMED_EXT => {
            let (ns_index, namespace) = read_meta_string(ctx, true)?;
            let (name_index, name) = read_meta_string(ctx, false)?;
            let label = if namespace.is_empty() {
                name
            } else {
                ctx.label(LabelKey::Named(ns_index, name_index), || {
                    format!("{namespace}.{name}").into()
                })?
            };
            (None, Some(label))
        }
        t::STRUCT | t::ENUM | t::TYPED_UNION | t::EXT => {
            let id = ctx.reader().read_varuint32()?;
            user_id = Some(id);
            let fory = ctx.fory();
            let label = ctx.label(LabelKey::Id(id), || id_label(fory, id))?;
            (None, Some(label))
        }
        // native mode's own types: a read as `Value` refuses them, a skip
        // consumes them
        t::NDARRAY | t::RECORD_BATCH | t::ARROW_ARRAY if !ctx.is_xlang() => (None, None),
        id if id > t::FLOAT64_ARRAY => {
            return Err(Error::new(
                ErrorKind::UnknownType,
                format!("unknown type id {id} at byte {at}"),
            ))
        }
        _ => (None, None),
    };
    Ok(AnyType {
        id,
        def,
        label,
        user_id,
    })
}

/// The label of a type registered by id: its Rust name when registered
/// here, else `#id`.
fn id_label(fory: &crate::Fory, id: u32) -> Arc<str> {
    match fory.registry().by_id(id) {
        Some(r) => r.rust_name().rsplit("::").next().unwrap_or("").into(),
        None => format!("#{id}").into(),
    }
}

/// The label of a TypeDef's type, made once per decoded TypeDef.
fn def_label(ctx: &ReadContext<'_, '_>, def: &RemoteTypeDef) -> Arc<str> {
    def.label
        .get_or_init(|| match &def.key {
            TypeKey::Name { namespace, name } if namespace.is_empty() => name.as_str().into(),
            TypeKey::Name { namespace, name } => format!("{namespace}.{name}").into(),
            TypeKey::Id(id) => id_label(ctx.fory(), *id),
        })
        .clone()
}

/// The label of a user type, or `fallback` when the stream names none (an
/// enum field, whose type the TypeDef records only as ENUM).
fn label_or(ty: &AnyType, fallback: &'static str) -> Arc<str> {
    match &ty.label {
        Some(l) => l.clone(),
        None => fallback.into(),
    }
}

/// Reads a ref/null flag. `Ok(Err(v))` is a complete value (null or a
/// back-reference); `Ok(Ok(()))` means data follows. A reference-tracked
/// value's slot can be shared by no typed read later: it holds a dynamic
/// `Value`, or with `SKIP` nothing (a field the reader lacks).
fn read_flag<const SKIP: bool>(
    ctx: &mut ReadContext<'_, '_>,
) -> Result<std::result::Result<(), Value>> {
    let at = ctx.reader().position();
    match ctx.reader().read_i8()? {
        ref_flag::NULL => Ok(Err(Value::Null)),
        ref_flag::REF => {
            // only an earlier reference-tracked value (or one being read,
            // for a cycle) can be pointed at
            let id = ctx.reader().read_varuint32()?;
            ctx.check_ref_id(id)?;
            Ok(Err(Value::Ref(id)))
        }
        ref_flag::NOT_NULL => Ok(Ok(())),
        ref_flag::REF_VALUE => {
            let slot = ctx.reserve_ref();
            let held = if SKIP {
                crate::context::SKIPPED_VALUE
            } else {
                "a dynamic Value"
            };
            ctx.fill_ref(slot, Slot::Unshareable(held));
            Ok(Ok(()))
        }
        f => Err(Error::invalid(format!(
            "invalid reference flag {:#04x} at byte {at}",
            f as u8
        ))),
    }
}

/// Reads a whole value: flag, type info, data.
fn read_whole<const SKIP: bool>(ctx: &mut ReadContext<'_, '_>) -> Result<Value> {
    if let Err(v) = read_flag::<SKIP>(ctx)? {
        return Ok(v);
    }
    let ty = read_any_type_info(ctx)?;
    read_data::<SKIP>(ctx, &ty, None)
}

/// Reads a field of a remote struct. With `SKIP` (a field the reader has
/// no place for) every byte and out-of-band buffer of it is consumed and
/// checked as for a `Value`, but nothing is built: the result is
/// [`Value::Null`] (or the [`Value::Ref`] a back-reference is), and no
/// string, list or label is allocated.
pub(crate) fn read_field<const SKIP: bool>(
    ctx: &mut ReadContext<'_, '_>,
    field: &RemoteField,
) -> Result<Value> {
    if field.ty.nullable || field.ty.track_ref {
        if let Err(v) = read_flag::<SKIP>(ctx)? {
            return Ok(v);
        }
    }
    if is_struct_id(field.ty.id) || field.ty.id == t::UNKNOWN {
        let ty = read_any_type_info(ctx)?;
        read_data::<SKIP>(ctx, &ty, None)
    } else {
        read_data::<SKIP>(ctx, &AnyType::plain(field.ty.id), Some(&field.ty))
    }
}

/// Reads the data of a value of type `ty`; `declared` is the writer's
/// declared type with its nested types (for struct fields). With `SKIP`,
/// as [`read_field`] says.
fn read_data<const SKIP: bool>(
    ctx: &mut ReadContext<'_, '_>,
    ty: &AnyType,
    declared: Option<&RemoteType>,
) -> Result<Value> {
    if let Some(v) = read_scalar(ctx.reader(), ty.id) {
        return v;
    }
    let at = ctx.reader().position();
    let r = ctx.reader();
    Ok(match ty.id {
        t::STRING if SKIP => {
            skip_string(ctx)?;
            Value::Null
        }
        t::STRING => Value::String(read_string(ctx)?),
        t::BINARY => {
            let b = ctx.read_buffer(1, "binary")?;
            if SKIP {
                Value::Null
            } else {
                Value::Binary(b.to_bytes())
            }
        }
        t::NONE => Value::Null,
        t::DATE => Value::Date(r.read_varint64()?),
        t::TIMESTAMP => {
            let (seconds, nanos) = read_timestamp_parts(ctx, "a timestamp value")?;
            Value::Timestamp { seconds, nanos }
        }
        t::DURATION => {
            let (seconds, nanos) = read_duration_parts(ctx, "a duration value")?;
            Value::Duration { seconds, nanos }
        }
        t::DECIMAL => match crate::serializer::decimal_wire::read_decimal_parts(ctx)? {
            Some((unscaled, scale)) => Value::Decimal { unscaled, scale },
            None => {
                return Err(Error::unsupported(format!(
                    "the decimal at byte {at} has digits outside an i128 (-2^127 to 2^127 - 1), what a dynamic Value holds"
                )))
            }
        },
        t::BOOL_ARRAY..=t::FLOAT64_ARRAY => match read_array::<SKIP>(ctx, ty.id, at)? {
            Some(a) => Value::Array(a),
            None => Value::Null,
        },
        t::LIST | t::SET | t::MAP if SKIP => {
            if ty.id == t::MAP {
                read_map::<true>(ctx, declared)?;
            } else {
                read_list::<true>(ctx, declared)?;
            }
            Value::Null
        }
        t::LIST => Value::List(read_list::<false>(ctx, declared)?),
        t::SET => Value::Set(read_list::<false>(ctx, declared)?),
        t::MAP => Value::Map(read_map::<false>(ctx, declared)?),
        t::ENUM | t::NAMED_ENUM if SKIP => {
            ctx.reader().read_varuint32()?;
            Value::Null
        }
        t::ENUM | t::NAMED_ENUM => Value::Enum(EnumValue {
            type_name: label_or(ty, "enum"),
            value: ctx.reader().read_varuint32()?,
        }),
        t::UNION | t::TYPED_UNION | t::NAMED_UNION => {
            let case = ctx.reader().read_varuint32()?;
            ctx.enter("a union")?;
            let value = read_whole::<SKIP>(ctx)?;
            ctx.leave();
            if SKIP {
                return Ok(Value::Null);
            }
            Value::Union(UnionValue {
                type_name: label_or(ty, "union"),
                case,
                value: Box::new(value),
            })
        }
        t::COMPATIBLE_STRUCT | t::NAMED_COMPATIBLE_STRUCT | t::NAMED_STRUCT => match &ty.def {
            Some(def) => {
                let def = def.clone();
                ctx.enter("a struct")?;
                let mut fields = Vec::with_capacity(if SKIP {
                    0
                } else {
                    prealloc::<(Arc<str>, Value)>(def.fields.len())
                });
                for f in &def.fields {
                    // names are shared with the TypeDef; a field that took
                    // no input is charged (a TypeDef of many such fields
                    // must not multiply memory per struct value, nor a
                    // skip's time)
                    let before = ctx.reader().position();
                    let v = read_field::<SKIP>(ctx, f)?;
                    if ctx.reader().position() == before {
                        ctx.charge_free(std::mem::size_of::<(Arc<str>, Value)>(), "struct fields")?;
                    }
                    if !SKIP {
                        fields.push((f.name.clone(), v));
                    }
                }
                ctx.leave();
                if SKIP {
                    return Ok(Value::Null);
                }
                Value::Struct(StructValue {
                    type_name: label_or(ty, "struct"),
                    fields,
                })
            }
            None => return Err(no_typedef(ty, at)),
        },
        t::STRUCT => return Err(no_typedef(ty, at)),
        // a field the reader lacks of native mode's n-d arrays: consumed
        // without building anything, its buffers too
        t::NDARRAY if SKIP && !ctx.is_xlang() => {
            crate::serializer::ndarray_wire::skip_nd_array(ctx)?;
            Value::Null
        }
        t::NDARRAY if !ctx.is_xlang() => Value::NdArray(super::nd::read_nd(ctx)?),
        // native mode's Arrow types, or an Arrow batch in xlang mode
        // (pyfory's EXT 7000 or 7001): read by the typed readers, or with
        // `SKIP` consumed without building anything, their buffers too
        t::RECORD_BATCH | t::ARROW_ARRAY | t::EXT => read_arrow::<SKIP>(ctx, ty, at)?,
        other if SKIP => {
            return Err(Error::unsupported(format!(
                "{} (type id {other}) at byte {at} has a layout this library does not know",
                t::name(other)
            )))
        }
        other => {
            return Err(Error::unsupported(format!(
                "{} at byte {at} cannot be read as a dynamic Value",
                t::name(other)
            )))
        }
    })
}

/// Reads an Arrow value: a native record batch or array, or in xlang mode
/// an EXT value of the user type id a record batch (or a pyfory `Table`,
/// sent as one batch) is written under, as [`Value::RecordBatch`] or
/// [`Value::ArrowArray`] by the typed readers (zero-copy from `Bytes`
/// buffers as they are). With `SKIP` it is consumed, nothing built, and
/// the result is [`Value::Null`]. Anything else is an error saying why it
/// cannot be read.
fn read_arrow<const SKIP: bool>(
    ctx: &mut ReadContext<'_, '_>,
    ty: &AnyType,
    at: usize,
) -> Result<Value> {
    let form = arrow_form(ctx, ty, at)?;
    if SKIP {
        skip_arrow_form(ctx, form, at)?;
        return Ok(Value::Null);
    }
    read_arrow_form(ctx, form, at)
}

/// Which Arrow layout a value of type `ty` has in this stream.
fn arrow_form(ctx: &ReadContext<'_, '_>, ty: &AnyType, at: usize) -> Result<ArrowForm> {
    let xlang = ctx.is_xlang();
    let form = match (ty.id, xlang) {
        (t::EXT, true) => match ty.user_id {
            Some(crate::types::ARROW_BATCH_EXT | crate::types::ARROW_TABLE_EXT) => {
                ArrowForm::XlangBatch
            }
            Some(id) => {
                return Err(Error::unsupported(format!(
                    "EXT (type id {}) at byte {at} is of user type {id}, and of extension types this library knows only Arrow record batches ({} and {} for a table)",
                    t::EXT,
                    crate::types::ARROW_BATCH_EXT,
                    crate::types::ARROW_TABLE_EXT
                )))
            }
            None => {
                return Err(Error::unsupported(format!(
                    "the stream does not say which extension type EXT (type id {}) at byte {at} is",
                    t::EXT
                )))
            }
        },
        (t::RECORD_BATCH, false) => ArrowForm::NativeBatch,
        // a declared position in an xlang stream: a typed read takes it
        // as the xlang batch, and so does a skip
        (t::RECORD_BATCH, true) => ArrowForm::XlangBatch,
        (t::ARROW_ARRAY, false) => ArrowForm::NativeArray,
        (id, _) => {
            let mode = if xlang { "xlang" } else { "native-mode" };
            return Err(Error::unsupported(format!(
                "{} (type id {id}) at byte {at} is in no {mode} stream (its layout there is unknown)",
                t::name(id)
            )));
        }
    };
    Ok(form)
}

/// The Arrow layouts a skip walks.
#[derive(Clone, Copy)]
enum ArrowForm {
    XlangBatch,
    NativeBatch,
    NativeArray,
}

#[cfg(feature = "arrow")]
fn skip_arrow_form(ctx: &mut ReadContext<'_, '_>, form: ArrowForm, _at: usize) -> Result<()> {
    use crate::serializer::arrow;
    match form {
        ArrowForm::XlangBatch => arrow::skip_xlang_batch(ctx),
        ArrowForm::NativeBatch => arrow::skip_native_batch(ctx),
        ArrowForm::NativeArray => arrow::skip_native_array(ctx),
    }
}

#[cfg(feature = "arrow")]
fn read_arrow_form(ctx: &mut ReadContext<'_, '_>, form: ArrowForm, _at: usize) -> Result<Value> {
    use arrow_array::RecordBatch;
    Ok(match form {
        // the typed read takes any batch of an xlang stream as the EXT form
        ArrowForm::XlangBatch => Value::RecordBatch(RecordBatch::fory_read_data(ctx, t::EXT)?),
        ArrowForm::NativeBatch => {
            Value::RecordBatch(RecordBatch::fory_read_data(ctx, t::RECORD_BATCH)?)
        }
        ArrowForm::NativeArray => Value::ArrowArray(crate::serializer::arrow::read_array_ref(ctx)?),
    })
}

#[cfg(not(feature = "arrow"))]
fn skip_arrow_form(_ctx: &mut ReadContext<'_, '_>, form: ArrowForm, at: usize) -> Result<()> {
    Err(no_arrow(form, at, "walked"))
}

#[cfg(not(feature = "arrow"))]
fn read_arrow_form(_ctx: &mut ReadContext<'_, '_>, form: ArrowForm, at: usize) -> Result<Value> {
    Err(no_arrow(form, at, "read"))
}

#[cfg(not(feature = "arrow"))]
#[cold]
fn no_arrow(form: ArrowForm, at: usize, done: &str) -> Error {
    let what = match form {
        ArrowForm::NativeArray => "an Arrow array",
        ArrowForm::XlangBatch | ArrowForm::NativeBatch => "an Arrow record batch",
    };
    Error::unsupported(format!(
        "{what} at byte {at} needs fory-core's `arrow` feature to be {done}, which this build lacks"
    ))
}

/// A `bool` or number of type `id`; `None` (nothing read) for the other
/// types. (Such a value owns nothing: a skip drops it for free.)
#[inline]
pub(crate) fn read_scalar(r: &mut Reader<'_>, id: u8) -> Option<Result<Value>> {
    let v = match id {
        t::BOOL => r.read_bool().map(Value::Bool),
        t::INT8 => r.read_i8().map(|v| Value::Int(v.into())),
        t::INT16 => r.read_i16().map(|v| Value::Int(v.into())),
        t::INT32 => r.read_i32().map(|v| Value::Int(v.into())),
        t::VARINT32 => r.read_varint32().map(|v| Value::Int(v.into())),
        t::INT64 => r.read_i64().map(Value::Int),
        t::VARINT64 => r.read_varint64().map(Value::Int),
        t::TAGGED_INT64 => r.read_tagged_int64().map(Value::Int),
        t::UINT8 => r.read_u8().map(|v| Value::UInt(v.into())),
        t::UINT16 => r.read_u16().map(|v| Value::UInt(v.into())),
        t::UINT32 => r.read_u32().map(|v| Value::UInt(v.into())),
        t::VAR_UINT32 => r.read_varuint32().map(|v| Value::UInt(v.into())),
        t::UINT64 => r.read_u64().map(Value::UInt),
        t::VAR_UINT64 => r.read_varuint64().map(Value::UInt),
        t::TAGGED_UINT64 => r.read_tagged_uint64().map(Value::UInt),
        t::FLOAT32 => r.read_f32().map(Value::Float32),
        t::FLOAT16 => r.read_u16().map(Value::Float16),
        t::BFLOAT16 => r.read_u16().map(Value::BFloat16),
        t::FLOAT64 => r.read_f64().map(Value::Float64),
        _ => return None,
    };
    Some(v)
}

#[cold]
fn no_typedef(ty: &AnyType, at: usize) -> Error {
    Error::unsupported(format!(
        "struct {} at byte {at} was written in the schema-consistent layout, which has no field names: read it as its Rust type, or have the writer use compatible mode",
        ty.label.as_deref().unwrap_or("")
    ))
}

/// A dense array; `None` with `SKIP` (its bytes checked, not copied).
fn read_array<const SKIP: bool>(
    ctx: &mut ReadContext<'_, '_>,
    id: u8,
    at: usize,
) -> Result<Option<Array>> {
    fn cast<T: bytemuck::Pod>(b: &[u8]) -> Vec<T> {
        let mut v = vec![T::zeroed(); b.len() / std::mem::size_of::<T>()];
        bytemuck::cast_slice_mut::<T, u8>(&mut v).copy_from_slice(b);
        v
    }
    // (BINARY is `Value::Binary`, never read here)
    let elem = match super::nd::elem_of(id) {
        Some(elem) if id != t::BINARY => elem,
        _ => return Err(Error::unsupported(format!("{} at byte {at}", t::name(id)))),
    };
    let b = read_array_bytes(ctx, elem)?;
    let bool_of = |&x: &u8| match x {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(Error::invalid(format!(
            "bool array element {x:#04x} at byte {at}"
        ))),
    };
    if SKIP {
        if elem == ElemType::Bool {
            b.iter().try_for_each(|x| bool_of(x).map(drop))?;
        }
        return Ok(None);
    }
    Ok(Some(match elem {
        ElemType::Bool => Array::Bool(b.iter().map(bool_of).collect::<Result<_>>()?),
        ElemType::I8 => Array::I8(cast(&b)),
        ElemType::I16 => Array::I16(cast(&b)),
        ElemType::I32 => Array::I32(cast(&b)),
        ElemType::I64 => Array::I64(cast(&b)),
        ElemType::U8 => Array::U8(b.to_vec()),
        ElemType::U16 => Array::U16(cast(&b)),
        ElemType::U32 => Array::U32(cast(&b)),
        ElemType::U64 => Array::U64(cast(&b)),
        ElemType::F16 => Array::F16(cast(&b)),
        ElemType::BF16 => Array::BF16(cast(&b)),
        ElemType::F32 => Array::F32(cast(&b)),
        _ => Array::F64(cast(&b)),
    }))
}

/// A list's or set's elements; with `SKIP` they are consumed and the
/// result is empty.
fn read_list<const SKIP: bool>(
    ctx: &mut ReadContext<'_, '_>,
    declared: Option<&RemoteType>,
) -> Result<Vec<Value>> {
    // the length is checked against the bytes left once the element type
    // is known: elements of a struct type may take none (the loop charges
    // those to the free budget instead)
    let at = ctx.reader().position();
    let len = ctx.read_len(0, "list")?;
    let left = ctx.reader().remaining();
    if len == 0 {
        return Ok(Vec::new());
    }
    let flags = ctx.reader().read_u8()?;
    ctx.enter("a list")?;
    let same = flags & coll_flag::SAME_TYPE != 0;
    let flagged = flags & (coll_flag::TRACKING_REF | coll_flag::HAS_NULL) != 0;
    let child = declared.and_then(|d| d.children.first());
    let shared = if same && flags & coll_flag::DECL_ELEMENT_TYPE == 0 {
        Some(read_any_type_info(ctx)?)
    } else {
        None
    };
    let elem_id = match (same, &shared, child) {
        (true, Some(ty), _) => Some(ty.id),
        (true, None, Some(d)) => Some(d.id),
        _ => None,
    };
    if !flagged && elem_id.is_some_and(crate::serializer::collection::may_take_no_bytes) {
        // bounded by the budget charged per element below
    } else if len > left {
        return Err(Error::invalid(format!(
            "list length {len} at byte {at} is larger than the {left} bytes left in the input"
        )));
    }
    let mut out = Vec::with_capacity(if SKIP { 0 } else { prealloc::<Value>(len) });
    for _ in 0..len {
        let before = ctx.reader().position();
        if flagged {
            if let Err(v) = read_flag::<SKIP>(ctx)? {
                if !SKIP {
                    out.push(v);
                }
                continue;
            }
        }
        let v = match (same, &shared, child) {
            (true, Some(ty), _) => read_data::<SKIP>(ctx, ty, None)?,
            (true, None, Some(d)) => read_data::<SKIP>(ctx, &AnyType::plain(d.id), Some(d))?,
            (true, None, None) => {
                return Err(Error::invalid(
                    "a list declares its element type but none is known",
                ))
            }
            (false, _, _) => {
                let ty = read_any_type_info(ctx)?;
                read_data::<SKIP>(ctx, &ty, None)?
            }
        };
        if ctx.reader().position() == before {
            ctx.charge_free(std::mem::size_of::<Value>(), "list elements")?;
        }
        if !SKIP {
            out.push(v);
        }
    }
    ctx.leave();
    Ok(out)
}

/// A map's entries; with `SKIP` they are consumed and the result is
/// empty.
fn read_map<const SKIP: bool>(
    ctx: &mut ReadContext<'_, '_>,
    declared: Option<&RemoteType>,
) -> Result<Vec<(Value, Value)>> {
    let mut size = ctx.read_len(1, "map")?;
    let mut out = Vec::with_capacity(if SKIP {
        0
    } else {
        prealloc::<(Value, Value)>(size)
    });
    if size == 0 {
        return Ok(out);
    }
    ctx.enter("a map")?;
    let (dk, dv) = match declared.map(|d| &d.children[..]) {
        Some([k, v]) => (Some(k), Some(v)),
        _ => (None, None),
    };
    // one side of an entry: declared (data by the declared type, after a
    // ref flag when tracked) or not (type info per chunk)
    let side = |ctx: &mut ReadContext<'_, '_>,
                ty: Option<&AnyType>,
                d: Option<&RemoteType>,
                tracked: bool|
     -> Result<Value> {
        if tracked {
            if let Err(v) = read_flag::<SKIP>(ctx)? {
                return Ok(v);
            }
        }
        match (ty, d) {
            (Some(ty), _) => read_data::<SKIP>(ctx, ty, None),
            (None, Some(d)) => read_data::<SKIP>(ctx, &AnyType::plain(d.id), Some(d)),
            (None, None) => Err(Error::invalid(
                "a map declares its key or value type but none is known",
            )),
        }
    };
    while size > 0 {
        let at = ctx.reader().position();
        let header = ctx.reader().read_u8()?;
        let key_null = header & map_flag::KEY_HAS_NULL != 0;
        let value_null = header & map_flag::VALUE_HAS_NULL != 0;
        if key_null || value_null {
            let mut pair = [Value::Null, Value::Null];
            for (i, (null, decl, track, d)) in [
                (
                    key_null,
                    map_flag::KEY_DECL_TYPE,
                    map_flag::TRACKING_KEY_REF,
                    dk,
                ),
                (
                    value_null,
                    map_flag::VALUE_DECL_TYPE,
                    map_flag::TRACKING_VALUE_REF,
                    dv,
                ),
            ]
            .into_iter()
            .enumerate()
            {
                if null {
                    continue;
                }
                pair[i] = if header & decl == 0 {
                    // undeclared: type info, after a ref flag when the
                    // header says the side is tracked (pyfory always sets
                    // the bit here; the official Rust crate does not)
                    if header & track != 0 {
                        read_whole::<SKIP>(ctx)?
                    } else {
                        let ty = read_any_type_info(ctx)?;
                        read_data::<SKIP>(ctx, &ty, None)?
                    }
                } else {
                    side(ctx, None, d, header & track != 0)?
                };
            }
            if !SKIP {
                let [k, v] = pair;
                out.push((k, v));
            }
            size -= 1;
            continue;
        }
        let count = ctx.reader().read_u8()? as usize;
        if count == 0 || count > size {
            return Err(Error::invalid(format!(
                "invalid map chunk size {count} at byte {at} ({size} entries left)"
            )));
        }
        let kt = if header & map_flag::KEY_DECL_TYPE == 0 {
            Some(read_any_type_info(ctx)?)
        } else {
            None
        };
        let vt = if header & map_flag::VALUE_DECL_TYPE == 0 {
            Some(read_any_type_info(ctx)?)
        } else {
            None
        };
        for _ in 0..count {
            let before = ctx.reader().position();
            let k = side(
                ctx,
                kt.as_ref(),
                dk,
                header & map_flag::TRACKING_KEY_REF != 0,
            )?;
            let v = side(
                ctx,
                vt.as_ref(),
                dv,
                header & map_flag::TRACKING_VALUE_REF != 0,
            )?;
            if ctx.reader().position() == before {
                ctx.charge_free(std::mem::size_of::<(Value, Value)>(), "map entries")?;
            }
            if !SKIP {
                out.push((k, v));
            }
        }
        size -= count;
    }
    ctx.leave();
    Ok(out)
}

impl ForyType for Value {
    const FORY_TYPE_ID: u8 = t::UNKNOWN;
    const FORY_NULLABLE: bool = true;

    fn fory_type_name() -> &'static str {
        "Value"
    }

    fn fory_read_type_info(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
        let ty = read_any_type_info(ctx)?;
        let id = ty.id;
        ctx.set_any_type(ty);
        Ok(id)
    }

    fn fory_accepts(_id: u8) -> bool {
        true
    }
}

impl Deserialize for Value {
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        // the type info read last (once for a whole same-type list); keep it
        // for the next element after nested reads replace it
        let ty = match ctx.any_type() {
            Some(ty) if ty.id == id => ty,
            _ => AnyType::plain(id),
        };
        let v = read_data::<false>(ctx, &ty, None);
        ctx.set_any_type(ty);
        v
    }

    fn fory_null() -> Option<Self> {
        Some(Value::Null)
    }

    fn fory_ref(id: u32) -> Option<Self> {
        Some(Value::Ref(id))
    }

    fn fory_zero() -> Option<Self> {
        Some(Value::Null)
    }
}

impl From<Bytes> for Value {
    fn from(b: Bytes) -> Self {
        Value::Binary(b)
    }
}
