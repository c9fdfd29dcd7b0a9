"""Arrow record batches, tables and pandas DataFrames over pyfory (xlang),
in the encoding Fory for Rust reads and writes as `arrow_array::RecordBatch`.

Usage::

    import pyfory, pyarrow as pa, pandas as pd
    import fory_arrow

    fory = pyfory.Fory(xlang=True, ref=False)
    fory_arrow.register(fory)            # RecordBatch and Table serializers

    df = pd.DataFrame({"x": [1, 2], "y": ["a", "b"]})
    buffers = []                         # out-of-band: every column buffer
    stream = fory.serialize(fory_arrow.from_pandas(df),
                            buffer_callback=lambda b: buffers.append(b) and False)
    # send `stream` and `[b.getbuffer() for b in buffers]` (memoryviews over
    # the pyarrow memory, no copy) to the peer ...
    back = fory.deserialize(stream, buffers=[b.getbuffer() for b in buffers])
    assert fory_arrow.to_pandas(back).equals(df)

Wire (docs/wire-format.md, "xlang record batch"): type info EXT (31) and
the user type id (RECORD_BATCH_TYPE_ID, or TABLE_TYPE_ID for a Table);
then the schema as the encapsulated Arrow IPC schema message
(`schema.serialize()`, varuint32 size + bytes, in-band), varuint64 row
count, and each column as a node: varuint64 length, varuint64 offset,
varuint32 buffer count, per buffer a bool "present" and, if present, the
buffer as a pyfory buffer object (in-band or out-of-band as the callback
says), then the child nodes (list/map/fixed-size list: one; struct: one
per field), then for a dictionary type the dictionary's node.

A node's buffers are the array's own, validity first, in Arrow's layout
order (what `Array.buffers()` lists for the array itself; views: views then
the data buffers). Children follow the Arrow spec: a struct or fixed-size
list child is indexed with its parent's offset; list and map children
through the offsets.

Zero copy: writing offers each pyarrow buffer (whole, the node's offset
says where the array starts) as a buffer object whose `getbuffer()` is a
memoryview over the pyarrow memory; reading wraps each received buffer
(out-of-band object or in-band slice of the stream) with `pa.py_buffer`,
which shares the memory. The one copy: the validity bitmap of a sliced
struct array is re-packed (its children are written sliced).

A `pa.Table` is written as one record batch (`combine_chunks()`; no copy
when every column has a single chunk, as `Table.from_pandas` makes) under
TABLE_TYPE_ID and read back as a Table; Rust reads either id as a
RecordBatch and writes RECORD_BATCH_TYPE_ID.

Everything read is validated (`validate(full=True)`) before it is returned.
"""

import pyarrow as pa
import pyarrow.compute as pc
from pyfory.serializer import Serializer

try:  # the BufferObject base class of pyfory 1.7.7
    from pyfory._fory import BufferObject
except ImportError:  # pragma: no cover
    BufferObject = object

__all__ = [
    "RECORD_BATCH_TYPE_ID",
    "TABLE_TYPE_ID",
    "register",
    "from_pandas",
    "to_pandas",
    "RecordBatchSerializer",
    "TableSerializer",
]

#: pyfory EXT user type id of `pa.RecordBatch` (Rust: `XLANG_RECORD_BATCH_ID`).
RECORD_BATCH_TYPE_ID = 7000
#: pyfory EXT user type id of `pa.Table` (Rust: `XLANG_TABLE_ID`).
TABLE_TYPE_ID = 7001


def register(fory, batch_type_id=RECORD_BATCH_TYPE_ID, table_type_id=TABLE_TYPE_ID):
    """Registers the RecordBatch and Table serializers on an xlang `pyfory.Fory`."""
    fory.register_type(pa.RecordBatch, type_id=batch_type_id, serializer=RecordBatchSerializer)
    fory.register_type(pa.Table, type_id=table_type_id, serializer=TableSerializer)


def from_pandas(df):
    """A pandas DataFrame as a `pa.Table` (the index is not kept)."""
    return pa.Table.from_pandas(df, preserve_index=False)


def to_pandas(value):
    """A RecordBatch or Table read back, as a pandas DataFrame (dtypes restored
    from the pandas metadata in the schema)."""
    return value.to_pandas()


class ArrowBufferObject(BufferObject):
    """One pyarrow buffer offered to pyfory's buffer callback, without copying."""

    __slots__ = ("buffer",)

    def __init__(self, buffer):
        self.buffer = buffer

    def total_bytes(self):
        return self.buffer.size

    def write_to(self, stream):
        if self.buffer.size == 0:
            return
        view = memoryview(self.buffer)
        if hasattr(stream, "write_buffer"):
            stream.write_buffer(view)
        else:
            stream.write(view)

    def getbuffer(self):
        return memoryview(self.buffer)

    def raw(self):
        return memoryview(self.buffer)


def _child_types(t):
    if pa.types.is_struct(t):
        return [t.field(i).type for i in range(t.num_fields)]
    if pa.types.is_map(t):
        return [pa.struct([t.key_field, t.item_field])]
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return [t.value_type]
    return []


def _own_buffers(arr):
    t = arr.type
    if pa.types.is_dictionary(t) or pa.types.is_string_view(t) or pa.types.is_binary_view(t):
        return arr.buffers()
    return arr.buffers()[: t.num_buffers]


def _write_buffer(ctx, buf):
    if buf is None:
        ctx.write_bool(False)
        return
    ctx.write_bool(True)
    ctx.write_buffer_object(ArrowBufferObject(buf))


def _unsupported(t):
    return (
        pa.types.is_union(t)
        or pa.types.is_run_end_encoded(t)
        or pa.types.is_list_view(t)
        or pa.types.is_large_list_view(t)
    )


def _write_node(ctx, arr):
    t = arr.type
    if _unsupported(t):
        raise TypeError(f"Arrow type {t} is not supported by the Fory record batch encoding")
    if isinstance(t, pa.BaseExtensionType):
        # an extension array is its storage on the wire (the schema names
        # the extension in the field's metadata)
        _write_node(ctx, arr.storage)
        return
    if pa.types.is_struct(t) and arr.offset != 0:
        # pyarrow hands out struct children already sliced: write the
        # struct at offset 0 with its validity re-packed
        own = [None]
        if arr.null_count:
            own = [pc.is_valid(arr).buffers()[1]]
        children = [arr.field(i) for i in range(t.num_fields)]
        ctx.write_var_uint64(len(arr))
        ctx.write_var_uint64(0)
        ctx.write_var_uint32(1)
        _write_buffer(ctx, own[0])
        for c in children:
            _write_node(ctx, c)
        return
    own = _own_buffers(arr)
    ctx.write_var_uint64(len(arr))
    ctx.write_var_uint64(arr.offset)
    ctx.write_var_uint32(len(own))
    for b in own:
        _write_buffer(ctx, b)
    if pa.types.is_struct(t):
        children = [arr.field(i) for i in range(t.num_fields)]
    elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_map(t) or pa.types.is_fixed_size_list(t):
        children = [arr.values]
    elif pa.types.is_dictionary(t):
        children = [arr.dictionary]
    else:
        children = []
    for c in children:
        _write_node(ctx, c)


def _read_buffer(ctx):
    if not ctx.read_bool():
        return None
    obj = ctx.read_buffer_object()
    if isinstance(obj, pa.Buffer):
        return obj
    if len(memoryview(obj)) == 0:
        # an empty in-band buffer has no memory: pyarrow aborts the
        # process on a Py_buffer whose pointer is null
        return pa.py_buffer(b"")
    return pa.py_buffer(obj)  # shares the memory, keeps `obj` alive


def _read_node(ctx, t, depth=0):
    if depth > 64:
        raise ValueError("Arrow array nested too deep")
    if isinstance(t, pa.BaseExtensionType):
        return pa.ExtensionArray.from_storage(t, _read_node(ctx, t.storage_type, depth + 1))
    length = ctx.read_var_uint64()
    offset = ctx.read_var_uint64()
    count = ctx.read_var_uint32()
    if count > 1 << 20:
        raise ValueError(f"Arrow array claims {count} buffers")
    buffers = [_read_buffer(ctx) for _ in range(count)]
    if pa.types.is_dictionary(t):
        dictionary = _read_node(ctx, t.value_type, depth + 1)
        return pa.DictionaryArray.from_buffers(t, length, buffers, dictionary, offset=offset)
    children = [_read_node(ctx, c, depth + 1) for c in _child_types(t)]
    return pa.Array.from_buffers(t, length, buffers, offset=offset, children=children or None)


def write_batch(ctx, batch):
    """Writes a RecordBatch's data (after the type info)."""
    ctx.write_bytes_and_size(batch.schema.serialize().to_pybytes())
    ctx.write_var_uint64(batch.num_rows)
    for column in batch.columns:
        _write_node(ctx, column)


def read_batch(ctx):
    """Reads a RecordBatch's data (after the type info), validated."""
    schema = pa.ipc.read_schema(pa.py_buffer(ctx.read_bytes_and_size()))
    rows = ctx.read_var_uint64()
    columns = [_read_node(ctx, field.type) for field in schema]
    for field, column in zip(schema, columns):
        if len(column) != rows:
            raise ValueError(f"Arrow column {field.name!r} has {len(column)} rows, the batch {rows}")
    if columns:
        batch = pa.RecordBatch.from_arrays(columns, schema=schema)
    else:
        # no columns to take the row count from (a struct array of no
        # fields holds no memory, whatever its length)
        empty = pa.StructArray.from_buffers(pa.struct([]), rows, [None])
        batch = pa.RecordBatch.from_struct_array(empty).replace_schema_metadata(schema.metadata)
    batch.validate(full=True)
    return batch


def _table_as_batch(table):
    batches = table.combine_chunks().to_batches()
    if len(batches) == 1:
        return batches[0]
    if not batches:
        empty = [pa.array([], type=f.type) for f in table.schema]
        return pa.RecordBatch.from_arrays(empty, schema=table.schema)
    return pa.Table.from_batches(batches).combine_chunks().to_batches()[0]


class RecordBatchSerializer(Serializer):
    def write(self, write_context, value):
        write_batch(write_context, value)

    def read(self, read_context):
        return read_batch(read_context)


class TableSerializer(Serializer):
    def write(self, write_context, value):
        write_batch(write_context, _table_as_batch(value))

    def read(self, read_context):
        return pa.Table.from_batches([read_batch(read_context)])
