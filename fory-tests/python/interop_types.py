"""Interop peer for tests/interop_types.rs: the newer xlang types (DATE,
TIMESTAMP, DURATION, DECIMAL, FLOAT16 and FLOAT16_ARRAY) against pyfory
1.7.7, both ways; and the Rust types that map onto Python's plain ones
(network addresses as `str`, `()` as `None`, chrono's `NaiveTime` as a
`timedelta` since midnight, `DateTime<FixedOffset>` as a `datetime`,
`uuid::Uuid` as the `bytes` of a `uuid.UUID`, indexmap's `IndexMap` as a
`dict` in the same order, std's atomics as `int`/`bool` (and `Vec`s of
them, of `Wrapping`, `Cell`, `NonZero` and `Ordering`, as the plain `Vec`'s
typed array), `CString` and
`bytes::BytesMut` as `bytes`, smallvec's `SmallVec` as what its `Vec` is
(an int32 array, a list), a Rust 14-tuple as a 14-element tuple).

    python interop_types.py read DIR    # check DIR/<case>.bin against CASES
    python interop_types.py write DIR   # write every case into DIR

Run with TZ=UTC: pyfory converts a naive datetime with the local time zone.
"""

import dataclasses
import datetime
import decimal
import ipaddress
import math
import typing
import uuid

import numpy as np
import pyfory

import peer_driver

UTC = datetime.timezone.utc
D = decimal.Decimal


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@dataclasses.dataclass
class Dated:
    day: datetime.date
    at: datetime.datetime
    amount: decimal.Decimal
    span: datetime.timedelta
    due: typing.Optional[datetime.date]


@dataclasses.dataclass
class Halves:
    h: pyfory.Float16
    hs: pyfory.Float16Array


@dataclasses.dataclass
class Stamped:
    """std::time and 128-bit integers as fields; `local` is naive."""

    at: datetime.datetime
    span: datetime.timedelta
    big: decimal.Decimal
    small: decimal.Decimal
    local: datetime.datetime


@dataclasses.dataclass
class Hosted:
    """Rust's twin has an IpAddr, a SocketAddr and an Option<Ipv6Addr>."""

    ip: str
    peer: str
    backup: typing.Optional[str]


@dataclasses.dataclass
class Identified:
    """Rust's twin has a Uuid, an Option<Uuid> and a Vec<Uuid>."""

    id: bytes
    parent: typing.Optional[bytes]
    members: typing.List[bytes]


@dataclasses.dataclass
class Ordered:
    """Rust's twin holds an IndexMap<String, i64>."""

    name: str
    settings: typing.Dict[str, pyfory.Int64]


@dataclasses.dataclass
class Counted:
    """Rust's twin has an AtomicI32, an AtomicI64, an AtomicBool, a CString
    and a BytesMut."""

    hits: pyfory.Int32
    total: int
    on: bool
    name: bytes
    raw: bytes


@dataclasses.dataclass
class Packed:
    """Rust's twin holds a SmallVec<[i32; 4]> and a SmallVec<[String; 2]>."""

    ints: pyfory.Int32Array
    names: typing.List[str]


@dataclasses.dataclass
class Gauges:
    """Rust's twin holds Vecs of AtomicI32, Wrapping<bool>, Ordering,
    Cell<f64> and NonZeroU8: what the plain Vecs are."""

    hits: pyfory.Int32Array
    flags: pyfory.BoolArray
    votes: pyfory.Int8Array
    ratios: pyfory.Float64Array
    raw: bytes


def gauges(hits, flags, votes, ratios, raw):
    return Gauges(
        pyfory.Int32Array(hits),
        pyfory.BoolArray(flags),
        pyfory.Int8Array(votes),
        pyfory.Float64Array(ratios),
        raw,
    )


def halves(h, hs):
    return Halves(h, pyfory.Float16Array.from_values(hs))


def register_all(fory):
    fory.register(Dated, name="example.Dated")
    fory.register(Halves, name="example.Halves")
    fory.register(Stamped, name="example.Stamped")
    fory.register(Hosted, name="example.Hosted")
    fory.register(Identified, name="example.Identified")
    fory.register(Ordered, name="example.Ordered")
    fory.register(Counted, name="example.Counted")
    fory.register(Packed, name="example.Packed")
    fory.register(Gauges, name="example.Gauges")


INF = float("inf")
NAN = float("nan")
F16_SUBNORMAL = 2.0**-24  # the smallest positive float16
F16_VALUES = [1.0, -2.5, INF, -INF, NAN, F16_SUBNORMAL, 65504.0]
STAMPED = Stamped(
    utc(1969, 12, 31, 23, 59, 59, 999999),
    datetime.timedelta(days=100000, microseconds=999999),
    D(2**128 - 1),
    D(-(2**127)),
    datetime.datetime(2000, 2, 29, 12, 0, 0, 1),
)
UUID_A = uuid.UUID("67e55044-10b1-426f-9247-bb680e5fe0c8")
UUID_B = uuid.UUID("00000000-0000-0000-0000-000000000001")
UUID_MAX = uuid.UUID("ffffffff-ffff-ffff-ffff-ffffffffffff")
DATED = Dated(
    datetime.date(2024, 1, 2),
    utc(2024, 1, 2, 3, 4, 5, 6),
    D("-12.50"),
    datetime.timedelta(days=-1, microseconds=5),
    None,
)
DATED_DUE = Dated(
    datetime.date(1, 1, 1),
    utc(1969, 7, 20, 20, 17, 40, 999999),
    D("79228162514264337593543950335"),
    datetime.timedelta(days=100000, microseconds=1),
    datetime.date(9999, 12, 31),
)

# name -> (value, compatible); Rust writes the same value (or READ_EXPECT's)
CASES = {
    # DATE
    "date_epoch": (datetime.date(1970, 1, 1), True),
    "date_year1": (datetime.date(1, 1, 1), True),
    "date_9999": (datetime.date(9999, 12, 31), True),
    "date_1900": (datetime.date(1900, 3, 1), True),
    "date_list": ([datetime.date(2024, 1, 2), datetime.date(1969, 12, 31)], True),
    "date_optional_list": ([datetime.date(2024, 1, 2), None], True),
    "date_dict_values": ({"a": datetime.date(2000, 2, 29), "b": datetime.date(1, 1, 1)}, True),
    "date_dict_keys": ({datetime.date(1, 1, 1): "first", datetime.date(2024, 1, 2): "later"}, True),
    # TIMESTAMP
    "ts_system_epoch": (utc(1970, 1, 1), True),
    "ts_system_micros": (utc(2024, 1, 2, 3, 4, 5, 123456), True),
    "ts_system_pre1970": (utc(1969, 12, 31, 23, 59, 59, 500000), True),
    "ts_utc_micros": (utc(2024, 1, 2, 3, 4, 5, 123456), True),
    "ts_utc_year1": (utc(1, 1, 1), True),
    "ts_utc_9999": (utc(9999, 12, 31, 23, 59, 59), True),
    "ts_utc_pre1970": (utc(1900, 1, 1, 12, 0, 0, 250000), True),
    # pyfory writes a naive datetime as local time (UTC here); it reads an
    # aware UTC datetime
    "ts_naive": (datetime.datetime(2024, 1, 2, 3, 4, 5, 6), True),
    # Rust writes 123456789 ns: pyfory reads the nearest microsecond
    "ts_utc_nanos": (utc(2024, 1, 2, 3, 4, 5, 123457), True),
    "ts_list": ([utc(2024, 1, 2), utc(1969, 12, 31, 23, 59, 59, 999999)], True),
    "ts_dict_values": ({"end": utc(2038, 1, 19, 3, 14, 8), "start": utc(1970, 1, 1)}, True),
    # DURATION
    "dur_zero": (datetime.timedelta(0), True),
    "dur_micros": (datetime.timedelta(days=1, hours=1, minutes=1, seconds=1, microseconds=1), True),
    "dur_large": (datetime.timedelta(days=100000, microseconds=999999), True),
    # Rust writes 999999999 ns: pyfory truncates to microseconds
    "dur_nanos": (datetime.timedelta(seconds=1, microseconds=999999), True),
    "dur_list": ([datetime.timedelta(seconds=1), datetime.timedelta(milliseconds=5)], True),
    "delta_negative_micro": (datetime.timedelta(microseconds=-1), True),
    "delta_negative_large": (datetime.timedelta(days=-100000, microseconds=1), True),
    # Rust writes -1 ns (-1 s + 999999999 ns): pyfory reads -1 us
    "delta_nanos": (datetime.timedelta(microseconds=-1), True),
    "delta_dict_values": ({"back": datetime.timedelta(hours=-3), "on": datetime.timedelta(minutes=90)}, True),
    # DECIMAL
    "dec_small": (D("1.25"), True),
    "dec_scale0": (D("12345"), True),
    "dec_negative": (D("-12.50"), True),
    "dec_large_scale": (D("0.0000000000000000000000000001"), True),
    "dec_max": (D("79228162514264337593543950335"), True),
    "dec_min": (D("-79228162514264337593543950335"), True),
    # pyfory writes scale -5; Rust reads 100000 and writes it with scale 0
    "dec_exponent": (D("1E+5"), True),
    "dec_list": ([D("0.1"), D("-3"), D("12345678901234567890.5")], True),
    "dec_dict_values": ({"price": D("9.99"), "tax": D("-0.001")}, True),
    "u128_big": (D(2**100), True),
    "u128_max": (D(2**128 - 1), True),
    "i128_min": (D(-(2**127)), True),
    "i128_negative": (D(-12345678901234567890123), True),
    # FLOAT16
    "f16_one": (1.5, True),
    "f16_inf": (INF, True),
    "f16_neg_inf": (-INF, True),
    "f16_nan": (NAN, True),
    "f16_subnormal": (F16_SUBNORMAL, True),
    "f16_max": (65504.0, True),
    "f16_array": (np.array(F16_VALUES, dtype=np.float16), True),
    "f16_array_empty": (np.array([], dtype=np.float16), True),
    # structs
    "dated": (DATED, True),
    "dated_due": (DATED_DUE, True),
    "dated_schema": (DATED, False),
    "dated_due_schema": (DATED_DUE, False),
    "stamped": (STAMPED, True),
    "stamped_schema": (STAMPED, False),
    "halves": (halves(F16_SUBNORMAL, F16_VALUES), True),
    "halves_schema": (halves(-INF, [0.5]), False),
    # pyfory only: what Rust reads (or refuses) from these is checked there
    "py_naive_dict": ({"at": datetime.datetime(1999, 12, 31, 23, 59, 59)}, True),
    "py_year1_micro": (utc(1, 1, 1, 0, 0, 0, 1), True),
    "py_9999_last_micro": (utc(9999, 12, 31, 23, 59, 59, 999999), True),
    "py_negative_duration": (datetime.timedelta(seconds=-5, microseconds=250), True),
    "py_decimal_96_bits": (D(2**96), True),
    "py_decimal_big": (D(-(2**100) - 1), True),
    "py_decimal_scale30": (D("1E-30"), True),
    "py_decimal_trailing_zeros": (D("1." + "0" * 30), True),
    "py_decimal_fraction_u128": (D("1.5"), True),
    # under ref tracking (`_ref`): one object twice is a back-reference
    "py_dates_shared_ref": ([datetime.date(2024, 1, 2)] * 3, True),
    "py_instants_shared_ref": ([utc(2024, 1, 2, 3, 4, 5, 6)] * 2 + [utc(1970, 1, 1)], True),
    "py_spans_shared_ref": ([datetime.timedelta(seconds=90, microseconds=5)] * 2, True),
    "py_date_values_shared_ref": (dict.fromkeys(["a", "b"], datetime.date(1999, 12, 31)), True),
    # Rust's network addresses are their text: a str here (the `ip_` ones
    # must also parse with ipaddress.ip_address)
    "ip_v4": ("192.168.0.1", True),
    "ip_v6": ("2001:db8::8a2e:370:7334", True),
    "ip_list": (["10.0.0.1", "::1", "::ffff:127.0.0.1"], True),
    "sock_v6": ("[2001:db8::1%3]:8443", True),
    "hosted": (Hosted("10.1.2.3", "[::1]:80", None), True),
    "hosted_schema": (Hosted("::", "0.0.0.0:65535", "fe80::1"), False),
    # Rust's () is NONE: None here; pyfory's None (a null flag) is ()
    "unit": (None, True),
    "unit_list": ([None, None], True),
    "unit_values": ({"a": None, "b": None}, True),
    # chrono's NaiveTime: the timedelta since midnight
    "time_of_day": (datetime.timedelta(hours=13, minutes=45, seconds=30, microseconds=500000), True),
    "time_list": ([datetime.timedelta(0), datetime.timedelta(hours=23, minutes=59, seconds=59, microseconds=999999)], True),
    # chrono's DateTime<FixedOffset>: its instant (read back as UTC)
    "ts_offset": (datetime.datetime(2024, 5, 6, 9, 8, 9, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=2))), True),
    # uuid::Uuid: the 16 bytes of a uuid.UUID (the `uuid_` ones must also
    # make a uuid.UUID again)
    "uuid_value": (UUID_A.bytes, True),
    "uuid_nil": (uuid.UUID(int=0).bytes, True),
    "uuid_list": ([UUID_A.bytes, UUID_B.bytes, UUID_MAX.bytes], True),
    "uuid_dict_keys": ({UUID_B.bytes: "b", UUID_A.bytes: "a"}, True),
    "uuid_struct": (Identified(UUID_A.bytes, None, [UUID_B.bytes, UUID_MAX.bytes]), True),
    "uuid_struct_schema": (Identified(UUID_MAX.bytes, UUID_B.bytes, []), False),
    # pyfory only: bytes of another length, which Rust refuses as a Uuid
    "py_uuid_short": (UUID_A.bytes[:15], True),
    # indexmap's IndexMap / IndexSet: a dict in the same order (the
    # `ordered_` ones are compared in order), a set
    "ordered_dict": ({"pear": -20, "apple": -10, "zebra": 0, "mango": 10, "banana": 20}, True),
    "ordered_dict_nested": ({"z": {"b": 1, "a": 2}, "a": {}, "m": {"y": 3}}, True),
    "ordered_struct": (Ordered("cfg", {"zeta": 1, "alpha": 2, "mid": 3}), True),
    "ordered_struct_schema": (Ordered("cfg", {"b": -1, "a": 1 << 40}), False),
    "index_set": ({"pear", "apple", "zebra"}, True),
    # the time crate (feature `time`): the bytes of chrono's twins
    "tc_date_leap": (datetime.date(2024, 2, 29), True),
    "tc_date_pre1970": (datetime.date(1900, 3, 1), True),
    "tc_utc_pre1970": (utc(1969, 12, 31, 23, 59, 59, 250000), True),
    "tc_utc_9999": (utc(9999, 12, 31, 23, 59, 59, 500000), True),
    # time's PrimitiveDateTime: pyfory writes its naive datetime as local
    # time (UTC here) and reads an aware UTC datetime
    "tc_naive": (datetime.datetime(2000, 2, 29, 12, 0, 0, 1), True),
    # time's OffsetDateTime: its instant (read back as UTC)
    "tc_offset": (datetime.datetime(2024, 5, 6, 9, 8, 9, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))), True),
    # time's SignedDuration: -1.5 s is -2 s + 500000000 ns on the wire
    "tc_duration_negative": (datetime.timedelta(seconds=-1, microseconds=-500000), True),
    "tc_duration_list": ([datetime.timedelta(days=100000, microseconds=1), datetime.timedelta(microseconds=-1)], True),
    # time's Time: the timedelta since midnight
    "tc_time_of_day": (datetime.timedelta(hours=6, minutes=30, microseconds=5), True),
    # a struct whose Rust twin has time-crate fields
    "tc_dated": (DATED_DUE, True),
    "tc_dated_schema": (DATED, False),
    # hashbrown's HashMap: a dict (one entry: the same bytes; two: either
    # order)
    "hb_dict": ({"one": 1}, True),
    "hb_dict_two": ({"a": 1, "b": -(2**40)}, True),
    "hb_set": ({"x"}, True),
    # std's atomics are their value: an int or a bool here
    "atomic_bool": (True, True),
    "atomic_int": (-(2**40), True),
    # a Vec of atomics is the plain Vec: a numpy array
    "atomic_list": (np.array([1, -2, 2**62], dtype=np.int64), True),
    "atomic_flags": (np.array([True, False, True]), True),
    # Vecs of Wrapping, Cell, NonZero and Ordering: the plain Vec's array
    "wrapping_i32_list": (np.array([-(2**31), 0, 7], dtype=np.int32), True),
    "cell_f64_list": (np.array([1.5, -0.25], dtype=np.float64), True),
    "nonzero_u8_list": (b"\x01\x80\xff", True),
    "ordering_list": (np.array([-1, 0, 1], dtype=np.int8), True),
    # pyfory only: an int8 array holding 5, which no Ordering is
    "py_ordering_list_bad": (np.array([1, 5], dtype=np.int8), True),
    "gauges": (gauges([1, -2], [True], [-1, 1], [0.5], b"\x09\xff"), True),
    "gauges_schema": (gauges([], [False, True], [0], [], b"\x01"), False),
    # CString (its bytes without the nul) and bytes::BytesMut: bytes
    "cstring": (b"hello, C", True),
    "cstring_empty": (b"", True),
    "cstring_list": ([b"a", b"", b"xyz"], True),
    "bytes_mut": (b"\x00\x01\xfe\xff", True),
    "counted": (Counted(7, -(2**40), True, b"name", b"\x00raw"), True),
    "counted_schema": (Counted(-(2**31), 0, False, b"", b""), False),
    # pyfory only: bytes with a zero inside, which Rust refuses as a CString
    "py_cstring_nul": (b"a\x00b", True),
    # smallvec's SmallVec is its Vec: an int32 array (inline and spilled in
    # Rust), a list of str, and as dataclass fields
    "smallvec_i32": (np.array([-(2**31), 0, 7], dtype=np.int32), True),
    "smallvec_i32_spilled": (np.array([1, -2, 3, -4, 5, 2**31 - 1], dtype=np.int32), True),
    "smallvec_str": (["a", "ü", "long" * 10], True),
    "packed": (Packed(pyfory.Int32Array([7, -8, 9]), ["x"]), True),
    "packed_schema": (Packed(pyfory.Int32Array([1, 2, 3, 4, 5]), ["p", "q", "r"]), False),
    # a Rust tuple of 14 elements is a LIST of them, as a Python tuple
    "tuple14": ((1, "two", 3.5, True, None, b"\x00\x01", -(2**40), "ü", 0.0, False, (7, "x"), 2**62, "", 12), True),
}

# Rust writes no file for these
PYTHON_ONLY = {name for name in CASES if name.startswith("py_")}
# Python cannot write a bare float16 (a float is FLOAT64): Rust writes these
RUST_ONLY = {name for name in CASES if name.startswith("f16_") and "array" not in name}

# What the Python reader gets where it differs from what it writes.
READ_EXPECT = {
    "ts_naive": utc(2024, 1, 2, 3, 4, 5, 6),
    "dec_exponent": D("100000"),
    "stamped": dataclasses.replace(STAMPED, local=utc(2000, 2, 29, 12, 0, 0, 1)),
    "stamped_schema": dataclasses.replace(STAMPED, local=utc(2000, 2, 29, 12, 0, 0, 1)),
    "ts_offset": utc(2024, 5, 6, 7, 8, 9, 123456),
    "tc_naive": utc(2000, 2, 29, 12, 0, 0, 1),
    "tc_offset": utc(2024, 5, 6, 3, 38, 9, 123456),
}


def normalize(v):
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    if isinstance(v, np.ndarray):
        return normalize(v.tolist())
    if isinstance(v, (list, tuple)):
        return [normalize(x) for x in v]
    if isinstance(v, dict):
        return {normalize(k): normalize(x) for k, x in v.items()}
    if isinstance(v, decimal.Decimal):
        # the digits and the exponent, not just the number
        return ("Decimal", str(v))
    if isinstance(v, datetime.datetime):
        # aware and naive datetimes never compare equal: keep which it is
        return ("datetime", v.isoformat())
    if dataclasses.is_dataclass(v):
        return (type(v).__name__, {f.name: normalize(getattr(v, f.name)) for f in dataclasses.fields(v)})
    if hasattr(v, "tolist"):  # pyfory's Float16Array
        return normalize(list(v.tolist()))
    return v


def uuid_bytes(v):
    """Every `bytes` in a case's value (a UUID's, if Rust wrote it)."""
    if isinstance(v, bytes):
        return [v]
    if isinstance(v, list):
        return v
    if isinstance(v, dict):
        return list(v)
    return [v.id] + ([v.parent] if v.parent is not None else []) + v.members


def order_of(v):
    """The keys of a dict (and of the dicts in it), in order."""
    if dataclasses.is_dataclass(v):
        return order_of(v.settings)
    if isinstance(v, dict):
        return [(k, order_of(x)) for k, x in v.items()]
    return None


def make_fory(compatible, ref=False):
    fory = pyfory.Fory(xlang=True, ref=ref, strict=False, compatible=compatible)
    register_all(fory)
    return fory


def make_case_fory(name, case):
    # ref tracking for the `_ref` cases pyfory writes for Rust only
    return make_fory(case[1], ref=name.endswith("_ref"))


def check(name, got, value):
    """Addresses parse, UUIDs are 16 bytes, dicts keep their order."""
    if name.startswith("ip_"):
        for text in got if isinstance(got, list) else [got]:
            ipaddress.ip_address(text)
    if name.startswith("uuid_"):
        for b in uuid_bytes(got):
            uuid.UUID(bytes=b)
    if name.startswith("ordered_") and order_of(got) != order_of(value):
        return f"the order {order_of(got)} is not {order_of(value)}"
    if name in PLAIN_VEC_CASES:
        # what pyfory reads for the plain Vec (the same bytes): its typed
        # array (bytes for u8), not a list
        want = PLAIN_VEC_CASES[name]
        if type(got) is not want:
            return f"read {type(got).__name__}, not {want.__name__}"
    if name.startswith("gauges"):
        for field in dataclasses.fields(Gauges):
            g, v = getattr(got, field.name), getattr(value, field.name)
            if type(g) is not type(v):
                return f"field {field.name}: read {type(g).__name__}, not {type(v).__name__}"
    return None


# Vecs of wrappers: pyfory reads what it reads for the plain Vec
PLAIN_VEC_CASES = {
    "atomic_list": pyfory.Int64Array,
    "atomic_flags": pyfory.BoolArray,
    "wrapping_i32_list": pyfory.Int32Array,
    "cell_f64_list": pyfory.Float64Array,
    "nonzero_u8_list": bytes,
    "ordering_list": pyfory.Int8Array,
}


PEER = peer_driver.Peer(
    CASES,
    make_case_fory,
    python_only=PYTHON_ONLY,
    rust_only=RUST_ONLY,
    read_expect=READ_EXPECT,
    normalize=normalize,
    check=check,
)

if __name__ == "__main__":
    PEER.main()
