//! What made a buffer: lets a policy decide without looking at the bytes.

/// The element type of a typed buffer (a primitive array, an n-d array, a
/// column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ElemType {
    /// `bool`, one byte per element (0 or 1).
    Bool,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// IEEE 754 half precision, stored as 2 bytes.
    F16,
    /// bfloat16, stored as 2 bytes.
    BF16,
    /// `f32`
    F32,
    /// `f64`
    F64,
}

impl ElemType {
    /// Size of one element in bytes.
    ///
    /// ```
    /// assert_eq!(fory_buffers::ElemType::F64.size(), 8);
    /// ```
    #[inline]
    pub const fn size(self) -> usize {
        match self {
            ElemType::Bool | ElemType::I8 | ElemType::U8 => 1,
            ElemType::I16 | ElemType::U16 | ElemType::F16 | ElemType::BF16 => 2,
            ElemType::I32 | ElemType::U32 | ElemType::F32 => 4,
            ElemType::I64 | ElemType::U64 | ElemType::F64 => 8,
        }
    }

    /// A short name (`"f64"`, `"u8"`, ...), as Rust spells the type.
    pub const fn name(self) -> &'static str {
        match self {
            ElemType::Bool => "bool",
            ElemType::I8 => "i8",
            ElemType::I16 => "i16",
            ElemType::I32 => "i32",
            ElemType::I64 => "i64",
            ElemType::U8 => "u8",
            ElemType::U16 => "u16",
            ElemType::U32 => "u32",
            ElemType::U64 => "u64",
            ElemType::F16 => "f16",
            ElemType::BF16 => "bf16",
            ElemType::F32 => "f32",
            ElemType::F64 => "f64",
        }
    }
}

/// Which kind of value produced a [`BufferObject`](crate::BufferObject).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BufferKind {
    /// A byte string: `Vec<u8>`, `&[u8]`, `Bytes`.
    Binary,
    /// A dense 1-D array of primitives: `Vec<f64>`, `&[i32]`, ...
    PrimitiveArray(ElemType),
    /// A [`PickleBuffer`](crate::PickleBuffer).
    PickleBuffer,
    /// A [`SharedArray`](crate::SharedArray).
    SharedArray(ElemType),
    /// The data of an n-dimensional array.
    NdArray(ElemType),
    /// One buffer (values, offsets or validity) of a table column.
    TableColumn,
}

impl BufferKind {
    /// The element type, for the typed kinds.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, ElemType};
    /// assert_eq!(BufferKind::PrimitiveArray(ElemType::F32).elem_type(), Some(ElemType::F32));
    /// assert_eq!(BufferKind::Binary.elem_type(), None);
    /// ```
    pub const fn elem_type(self) -> Option<ElemType> {
        match self {
            BufferKind::PrimitiveArray(e) | BufferKind::SharedArray(e) | BufferKind::NdArray(e) => {
                Some(e)
            }
            _ => None,
        }
    }
}
