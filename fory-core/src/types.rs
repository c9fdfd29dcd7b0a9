//! Wire constants of the Fory xlang format: type ids, reference flags and
//! the header bitmap. Values as pyfory 1.7.7 writes them.

/// Internal type ids (one byte on the wire).
#[allow(missing_docs)]
pub mod type_id {
    pub const UNKNOWN: u8 = 0;
    pub const BOOL: u8 = 1;
    pub const INT8: u8 = 2;
    pub const INT16: u8 = 3;
    pub const INT32: u8 = 4;
    pub const VARINT32: u8 = 5;
    pub const INT64: u8 = 6;
    pub const VARINT64: u8 = 7;
    pub const TAGGED_INT64: u8 = 8;
    pub const UINT8: u8 = 9;
    pub const UINT16: u8 = 10;
    pub const UINT32: u8 = 11;
    pub const VAR_UINT32: u8 = 12;
    pub const UINT64: u8 = 13;
    pub const VAR_UINT64: u8 = 14;
    pub const TAGGED_UINT64: u8 = 15;
    pub const FLOAT8: u8 = 16;
    pub const FLOAT16: u8 = 17;
    pub const BFLOAT16: u8 = 18;
    pub const FLOAT32: u8 = 19;
    pub const FLOAT64: u8 = 20;
    pub const STRING: u8 = 21;
    pub const LIST: u8 = 22;
    pub const SET: u8 = 23;
    pub const MAP: u8 = 24;
    pub const ENUM: u8 = 25;
    pub const NAMED_ENUM: u8 = 26;
    pub const STRUCT: u8 = 27;
    pub const COMPATIBLE_STRUCT: u8 = 28;
    pub const NAMED_STRUCT: u8 = 29;
    pub const NAMED_COMPATIBLE_STRUCT: u8 = 30;
    pub const EXT: u8 = 31;
    pub const NAMED_EXT: u8 = 32;
    pub const UNION: u8 = 33;
    pub const TYPED_UNION: u8 = 34;
    pub const NAMED_UNION: u8 = 35;
    pub const NONE: u8 = 36;
    pub const DURATION: u8 = 37;
    pub const TIMESTAMP: u8 = 38;
    pub const DATE: u8 = 39;
    pub const DECIMAL: u8 = 40;
    pub const BINARY: u8 = 41;
    pub const ARRAY: u8 = 42;
    pub const BOOL_ARRAY: u8 = 43;
    pub const INT8_ARRAY: u8 = 44;
    pub const INT16_ARRAY: u8 = 45;
    pub const INT32_ARRAY: u8 = 46;
    pub const INT64_ARRAY: u8 = 47;
    pub const UINT8_ARRAY: u8 = 48;
    pub const UINT16_ARRAY: u8 = 49;
    pub const UINT32_ARRAY: u8 = 50;
    pub const UINT64_ARRAY: u8 = 51;
    pub const FLOAT8_ARRAY: u8 = 52;
    pub const FLOAT16_ARRAY: u8 = 53;
    pub const BFLOAT16_ARRAY: u8 = 54;
    pub const FLOAT32_ARRAY: u8 = 55;
    pub const FLOAT64_ARRAY: u8 = 56;
    /// Native mode's n-d array (`ndarray` feature), outside the xlang
    /// range: named here so that errors name it with or without the
    /// feature.
    pub const NDARRAY: u8 = 100;
    /// Native mode's Arrow record batch (`arrow` feature), named here as
    /// [`NDARRAY`] is.
    pub const RECORD_BATCH: u8 = 101;
    /// Native mode's single Arrow array (`arrow` feature).
    pub const ARROW_ARRAY: u8 = 102;

    /// A readable name for a type id, for error messages.
    pub fn name(id: u8) -> &'static str {
        const NAMES: [&str; 57] = [
            "UNKNOWN",
            "BOOL",
            "INT8",
            "INT16",
            "INT32",
            "VARINT32",
            "INT64",
            "VARINT64",
            "TAGGED_INT64",
            "UINT8",
            "UINT16",
            "UINT32",
            "VAR_UINT32",
            "UINT64",
            "VAR_UINT64",
            "TAGGED_UINT64",
            "FLOAT8",
            "FLOAT16",
            "BFLOAT16",
            "FLOAT32",
            "FLOAT64",
            "STRING",
            "LIST",
            "SET",
            "MAP",
            "ENUM",
            "NAMED_ENUM",
            "STRUCT",
            "COMPATIBLE_STRUCT",
            "NAMED_STRUCT",
            "NAMED_COMPATIBLE_STRUCT",
            "EXT",
            "NAMED_EXT",
            "UNION",
            "TYPED_UNION",
            "NAMED_UNION",
            "NONE",
            "DURATION",
            "TIMESTAMP",
            "DATE",
            "DECIMAL",
            "BINARY",
            "ARRAY",
            "BOOL_ARRAY",
            "INT8_ARRAY",
            "INT16_ARRAY",
            "INT32_ARRAY",
            "INT64_ARRAY",
            "UINT8_ARRAY",
            "UINT16_ARRAY",
            "UINT32_ARRAY",
            "UINT64_ARRAY",
            "FLOAT8_ARRAY",
            "FLOAT16_ARRAY",
            "BFLOAT16_ARRAY",
            "FLOAT32_ARRAY",
            "FLOAT64_ARRAY",
        ];
        match NAMES.get(id as usize) {
            Some(name) => name,
            None if id == NDARRAY => "NDARRAY (a native-mode n-d array)",
            None if id == RECORD_BATCH => "RECORD_BATCH (a native-mode Arrow record batch)",
            None if id == ARROW_ARRAY => "ARROW_ARRAY (a native-mode Arrow array)",
            None => "an unknown type id",
        }
    }
}

/// The pyfory EXT user type id of an Arrow record batch in xlang mode
/// (`python/fory_arrow.py` registers `pyarrow.RecordBatch` under it).
pub(crate) const ARROW_BATCH_EXT: u32 = 7000;
/// The pyfory EXT user type id of a `pyarrow.Table` (sent as one batch).
pub(crate) const ARROW_TABLE_EXT: u32 = 7001;

/// True for the types pyfory never tracks in xlang mode, whatever its
/// `ref` setting: `bool`, the numbers and strings (Python's immutable
/// scalars). A ref-tracked xlang list of shared pointers to them sets
/// HAS_NULL as well (`write_same_type` in serializer/collection.rs says
/// why).
pub(crate) const fn xlang_value_id(id: u8) -> bool {
    id >= type_id::BOOL && id <= type_id::STRING
}

/// Reference/null flags written before a value.
pub mod ref_flag {
    /// The value is null (`None`).
    pub const NULL: i8 = -3;
    /// A reference to a value already written; a varuint32 ref id follows.
    pub const REF: i8 = -2;
    /// A non-null value that takes no ref id.
    pub const NOT_NULL: i8 = -1;
    /// A non-null value that takes the next ref id.
    pub const REF_VALUE: i8 = 0;
}

/// Header bitmap bits (the first byte of every stream).
pub mod header {
    /// The stream is in the xlang format.
    pub const XLANG: u8 = 1;
    /// The stream was written with a buffer callback: buffer-path values
    /// carry an in-band flag.
    pub const OUT_OF_BAND: u8 = 2;
}

/// Collection header flags (LIST, SET).
pub mod coll_flag {
    /// Elements carry ref flags.
    pub const TRACKING_REF: u8 = 0b1;
    /// Elements carry null flags.
    pub const HAS_NULL: u8 = 0b10;
    /// The element type is declared by the schema and not written.
    pub const DECL_ELEMENT_TYPE: u8 = 0b100;
    /// All elements share one type, written once after the header.
    pub const SAME_TYPE: u8 = 0b1000;
}

/// Map chunk header flags.
pub mod map_flag {
    /// Keys carry ref flags.
    pub const TRACKING_KEY_REF: u8 = 0b1;
    /// The entry's key is null (a one-entry chunk).
    pub const KEY_HAS_NULL: u8 = 0b10;
    /// The key type is declared and not written.
    pub const KEY_DECL_TYPE: u8 = 0b100;
    /// Values carry ref flags.
    pub const TRACKING_VALUE_REF: u8 = 0b1000;
    /// The entry's value is null (a one-entry chunk).
    pub const VALUE_HAS_NULL: u8 = 0b10000;
    /// The value type is declared and not written.
    pub const VALUE_DECL_TYPE: u8 = 0b100000;
    /// Entries in one chunk at most.
    pub const MAX_CHUNK_SIZE: usize = 255;
}
