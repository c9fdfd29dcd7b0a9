//! The newer xlang types against the real peer, pyfory 1.7.7, both ways:
//! DATE (`chrono::NaiveDate` / `date`), TIMESTAMP (`SystemTime`,
//! `DateTime<Utc>`, `NaiveDateTime` / `datetime`), DURATION (`Duration`,
//! `TimeDelta` / `timedelta`), DECIMAL (`rust_decimal::Decimal`, `u128`,
//! `i128` / `decimal.Decimal`), FLOAT16 and FLOAT16_ARRAY (`half::f16`,
//! `Vec<f16>` / `float`, numpy `float16`), alone, in lists and maps and as
//! struct fields, with their edge values; and the dynamic `Value` reading
//! all of them. Also the Rust types that map onto Python's plain ones:
//! `std::net` addresses as `str` (which `ipaddress.ip_address` parses),
//! `()` as `None`, chrono's `NaiveTime` as a `timedelta` since midnight and
//! `DateTime<FixedOffset>` as a `datetime`, `uuid::Uuid` as the `bytes`
//! of a `uuid.UUID` (pyfory 1.7.7 has no UUID type), indexmap's
//! `IndexMap` as a `dict` in the same order both ways, std's atomics as
//! `int`/`bool`, `Vec`s of atomics, `Wrapping`, `Cell`, `NonZero` integers
//! and `Ordering` as the plain `Vec` (pyfory's typed array or `bytes`, as
//! values and dataclass fields; an `Ordering` array holding 5 is an error),
//! `CString` and `bytes::BytesMut` as `bytes`, smallvec's
//! `SmallVec` as what its `Vec` is (an int32 array, a list; as dataclass
//! fields), and a 14-tuple as a Python tuple. The peer is
//! python/interop_types.py.
//!
//! Values are compared by their `Debug` text, so a NaN equals a NaN and a
//! `Decimal`'s scale counts. Where pyfory's bytes are deterministic, Rust's
//! must equal them.
//!
//! Never skipped: without the venv this test fails and says how to make it.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use std::cell::Cell;
use std::ffi::CString;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};
use std::num::{NonZeroU8, Wrapping};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64};

use bytes::BytesMut;

use fory_core::chrono::{
    DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc,
};
use fory_core::half::f16;
use fory_core::hashbrown::{HashMap as HbMap, HashSet as HbSet};
use fory_core::indexmap::{IndexMap, IndexSet};
use fory_core::rust_decimal::Decimal;
use fory_core::smallvec::{smallvec, SmallVec};
use fory_core::time::{
    Date, Month, OffsetDateTime, PrimitiveDateTime, SignedDuration, Time, UtcDateTime, UtcOffset,
};
use fory_core::uuid::Uuid;
use fory_core::value::{Array, Value};
use fory_core::{Deserialize, Fory, ForyObject, Serialize};
use fory_tests::peer::{self, Case};

/// The Python peer's script, in `python/`.
const SCRIPT: &str = "interop_types.py";

// The twins of the dataclasses in python/interop_types.py.

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Dated {
    day: NaiveDate,
    at: DateTime<Utc>,
    amount: Decimal,
    span: TimeDelta,
    due: Option<NaiveDate>,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Halves {
    h: f16,
    hs: Vec<f16>,
}

/// Python's `local` is a naive datetime (local time, UTC in the test).
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Stamped {
    at: SystemTime,
    span: Duration,
    big: u128,
    small: i128,
    local: NaiveDateTime,
}

/// Python's `Hosted` has three `str` fields.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Hosted {
    ip: IpAddr,
    peer: SocketAddr,
    backup: Option<Ipv6Addr>,
}

/// Python's `Identified` has `bytes` fields: a UUID's 16 bytes.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Identified {
    id: Uuid,
    parent: Option<Uuid>,
    members: Vec<Uuid>,
}

/// Python's `Ordered` has a `Dict[str, pyfory.Int64]`.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Ordered {
    name: String,
    settings: IndexMap<String, i64>,
}

/// `Dated` with the time crate's types: Python's `Dated` as well.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct TimeDated {
    day: Date,
    at: UtcDateTime,
    amount: Decimal,
    span: SignedDuration,
    due: Option<Date>,
}

/// Python's `Counted` has `Int32`, `int`, `bool` and two `bytes` fields.
#[derive(ForyObject, Debug)]
struct Counted {
    hits: AtomicI32,
    total: AtomicI64,
    on: AtomicBool,
    name: CString,
    raw: BytesMut,
}

/// Python's `Packed` has a `pyfory.Int32Array` and a `List[str]`.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Packed {
    ints: SmallVec<[i32; 4]>,
    names: SmallVec<[String; 2]>,
}

/// Python's `Gauges`: numpy-array fields (`pyfory.Int32Array`,
/// `BoolArray`, `Int8Array`, `Float64Array`) and `bytes`, each a `Vec` of
/// wrappers here, which writes the plain `Vec`'s dense array.
#[derive(ForyObject, Debug)]
struct Gauges {
    hits: Vec<AtomicI32>,
    flags: Vec<Wrapping<bool>>,
    votes: Vec<std::cmp::Ordering>,
    ratios: Vec<Cell<f64>>,
    raw: Vec<NonZeroU8>,
}

fn gauges(hits: &[i32], flags: &[bool], votes: &[i8], ratios: &[f64], raw: &[u8]) -> Gauges {
    Gauges {
        hits: hits.iter().copied().map(AtomicI32::new).collect(),
        flags: flags.iter().copied().map(Wrapping).collect(),
        votes: votes.iter().map(|v| v.cmp(&0)).collect(),
        ratios: ratios.iter().copied().map(Cell::new).collect(),
        raw: raw.iter().map(|&b| NonZeroU8::new(b).unwrap()).collect(),
    }
}

/// Python's `tuple14`.
type T14 = (
    i64,
    String,
    f64,
    bool,
    Option<i64>,
    Vec<u8>,
    i64,
    String,
    f64,
    bool,
    (i64, String),
    i64,
    String,
    i64,
);

fn tuple14() -> T14 {
    (
        1,
        s("two"),
        3.5,
        true,
        None,
        vec![0, 1],
        -(1 << 40),
        s("ü"),
        0.0,
        false,
        (7, s("x")),
        1 << 62,
        String::new(),
        12,
    )
}

/// Rust writes [`tuple14`], pyfory's 14-element tuple reads as it, and the
/// bytes are the same. (std's `Debug` stops at 12-tuples: the halves are
/// compared.)
fn tuple14_case() -> Case {
    let halves = |t: T14| {
        let (a, b, c, d, e, f, g, h, i, j, k, l, m, n) = t;
        format!("{:?}", ((a, b, c, d, e, f, g), (h, i, j, k, l, m, n)))
    };
    let read: peer::ReadCase = Box::new(move |dir: &std::path::Path| {
        let got: T14 = fory(true)
            .deserialize(&peer::load(dir, "tuple14")?)
            .map_err(|e| format!("tuple14: {e}"))?;
        let (got, want) = (halves(got), halves(tuple14()));
        if got != want {
            return Err(format!("tuple14: got {got}, expected {want}"));
        }
        Ok(())
    });
    Case {
        name: "tuple14",
        write: Some(peer::writer("tuple14", || fory(true), tuple14())),
        read: Some(read),
        same_bytes: peer::ALL,
    }
}

fn counted(hits: i32, total: i64, on: bool, name: &str, raw: &[u8]) -> Counted {
    Counted {
        hits: hits.into(),
        total: total.into(),
        on: on.into(),
        name: CString::new(name).unwrap(),
        raw: BytesMut::from(raw),
    }
}

fn fory(compatible: bool) -> Fory {
    let mut f = Fory::builder()
        .xlang(true)
        .strict(false)
        .compatible(compatible)
        .build();
    f.register_by_name::<Dated>("example", "Dated").unwrap();
    f.register_by_name::<Halves>("example", "Halves").unwrap();
    f.register_by_name::<Stamped>("example", "Stamped").unwrap();
    f.register_by_name::<Hosted>("example", "Hosted").unwrap();
    f.register_by_name::<Identified>("example", "Identified")
        .unwrap();
    f.register_by_name::<Ordered>("example", "Ordered").unwrap();
    f.register_by_name::<Counted>("example", "Counted").unwrap();
    f.register_by_name::<Packed>("example", "Packed").unwrap();
    f.register_by_name::<Gauges>("example", "Gauges").unwrap();
    f
}

/// Rust writes `written`; reading pyfory's file gives `expected`.
fn both_full<T>(
    name: &'static str,
    compatible: bool,
    written: T,
    expected: T,
    same_bytes: bool,
) -> Case
where
    T: Serialize + Deserialize + Debug + 'static,
{
    let make = move || fory(compatible);
    Case {
        name,
        write: Some(peer::writer(name, make, written)),
        read: Some(peer::reader(name, make, expected, peer::debug_eq)),
        same_bytes: if same_bytes { peer::ALL } else { 0 },
    }
}

/// Each side writes `value`, reads the other's as `value`, and the bytes
/// are the same.
fn both<T>(name: &'static str, value: T) -> Case
where
    T: Serialize + Deserialize + Debug + Clone + 'static,
{
    both_full(name, true, value.clone(), value, true)
}

/// As [`both`], schema-consistent (`compatible=False`).
fn schema<T>(name: &'static str, value: T) -> Case
where
    T: Serialize + Deserialize + Debug + Clone + 'static,
{
    both_full(name, false, value.clone(), value, true)
}

/// Rust writes it, pyfory reads it (pyfory cannot write the type).
fn to_python<T: Serialize + 'static>(name: &'static str, value: T) -> Case {
    peer::to_peer(name, || fory(true), value)
}

/// pyfory's file `name` reads as `expected`.
fn from_python<T: Deserialize + Debug + 'static>(name: &'static str, expected: T) -> Case {
    peer::from_peer(name, || fory(true), expected, peer::debug_eq)
}

/// pyfory's file `name` is an error as a `T`, and the message says `needle`.
fn from_python_err<T: Deserialize + Debug + 'static>(
    name: &'static str,
    needle: &'static str,
) -> Case {
    peer::refused::<T, _>(name, || fory(true), &[needle])
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn naive(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nanos: u32) -> NaiveDateTime {
    date(y, mo, d).and_hms_nano_opt(h, mi, s, nanos).unwrap()
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nanos: u32) -> DateTime<Utc> {
    naive(y, mo, d, h, mi, s, nanos).and_utc()
}

fn ip6(s: &str) -> Ipv6Addr {
    s.parse().unwrap()
}

fn time(h: u32, m: u32, s: u32, nanos: u32) -> NaiveTime {
    NaiveTime::from_hms_nano_opt(h, m, s, nanos).unwrap()
}

fn uuid(s: &str) -> Uuid {
    s.parse().unwrap()
}

/// Python's UUID_A, UUID_B and UUID_MAX.
fn uuids() -> [Uuid; 3] {
    [
        uuid("67e55044-10b1-426f-9247-bb680e5fe0c8"),
        uuid("00000000-0000-0000-0000-000000000001"),
        Uuid::max(),
    ]
}

/// An `IndexMap` of these entries, in this order.
fn ordered<K: std::hash::Hash + Eq, V>(
    entries: impl IntoIterator<Item = (K, V)>,
) -> IndexMap<K, V> {
    entries.into_iter().collect()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn map<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    entries.into_iter().collect()
}

fn s(v: &str) -> String {
    v.to_string()
}

fn f16s(v: &[f32]) -> Vec<f16> {
    v.iter().map(|&x| f16::from_f32(x)).collect()
}

/// The smallest positive f16, a subnormal (2^-24).
const F16_SUBNORMAL: f16 = f16::from_bits(1);

fn f16_values() -> Vec<f16> {
    let mut v = f16s(&[1.0, -2.5, f32::INFINITY, f32::NEG_INFINITY, f32::NAN]);
    v.extend([F16_SUBNORMAL, f16::MAX]);
    v
}

const DAY: u64 = 86_400;

fn dated() -> Dated {
    Dated {
        day: date(2024, 1, 2),
        at: utc(2024, 1, 2, 3, 4, 5, 6_000),
        amount: dec("-12.50"),
        span: TimeDelta::days(-1) + TimeDelta::microseconds(5),
        due: None,
    }
}

fn dated_due() -> Dated {
    Dated {
        day: date(1, 1, 1),
        at: utc(1969, 7, 20, 20, 17, 40, 999_999_000),
        amount: Decimal::MAX,
        span: TimeDelta::days(100_000) + TimeDelta::microseconds(1),
        due: Some(date(9999, 12, 31)),
    }
}

fn stamped() -> Stamped {
    Stamped {
        at: UNIX_EPOCH - Duration::from_micros(1),
        span: Duration::new(100_000 * DAY, 999_999_000),
        big: u128::MAX,
        small: i128::MIN,
        local: naive(2000, 2, 29, 12, 0, 0, 1_000),
    }
}

fn tc_date(y: i32, m: Month, d: u8) -> Date {
    Date::from_calendar_date(y, m, d).unwrap()
}

fn tc_utc(secs: i64, nanos: u32) -> UtcDateTime {
    UtcDateTime::from_unix_timestamp(secs)
        .unwrap()
        .replace_nanosecond(nanos)
        .unwrap()
}

/// [`dated`] with the time crate's types.
fn tc_dated() -> TimeDated {
    TimeDated {
        day: tc_date(2024, Month::January, 2),
        at: tc_utc(1_704_164_645, 6_000),
        amount: dec("-12.50"),
        span: SignedDuration::new(-(DAY as i64), 5_000),
        due: None,
    }
}

/// [`dated_due`] with the time crate's types.
fn tc_dated_due() -> TimeDated {
    TimeDated {
        day: tc_date(1, Month::January, 1),
        at: tc_utc(-14_182_940, 999_999_000),
        amount: Decimal::MAX,
        span: SignedDuration::new(100_000 * DAY as i64, 1_000),
        due: Some(tc_date(9999, Month::December, 31)),
    }
}

/// Python's `Dated` read and written as [`TimeDated`] (registered under
/// its name in a `Fory` of its own).
fn tc_dated_case(name: &'static str, compatible: bool, value: TimeDated) -> Case {
    let make = move || {
        let mut f = Fory::builder()
            .xlang(true)
            .strict(false)
            .compatible(compatible)
            .build();
        f.register_by_name::<TimeDated>("example", "Dated").unwrap();
        f
    };
    Case {
        name,
        write: Some(peer::writer(name, make, value.clone())),
        read: Some(peer::reader(name, make, value, peer::eq)),
        same_bytes: peer::ALL,
    }
}

fn cases() -> Vec<Case> {
    let epoch_secs = |secs: u64, nanos: u32| UNIX_EPOCH + Duration::new(secs, nanos);
    vec![
        // ----- DATE -----
        both("date_epoch", date(1970, 1, 1)),
        both("date_year1", date(1, 1, 1)),
        both("date_9999", date(9999, 12, 31)),
        both("date_1900", date(1900, 3, 1)),
        both("date_list", vec![date(2024, 1, 2), date(1969, 12, 31)]),
        both("date_optional_list", vec![Some(date(2024, 1, 2)), None]),
        both(
            "date_dict_values",
            map([(s("a"), date(2000, 2, 29)), (s("b"), date(1, 1, 1))]),
        ),
        both(
            "date_dict_keys",
            map([(date(1, 1, 1), s("first")), (date(2024, 1, 2), s("later"))]),
        ),
        // ----- TIMESTAMP -----
        both("ts_system_epoch", UNIX_EPOCH),
        both("ts_system_micros", epoch_secs(1_704_164_645, 123_456_000)),
        both("ts_system_pre1970", UNIX_EPOCH - Duration::from_millis(500)),
        both("ts_utc_micros", utc(2024, 1, 2, 3, 4, 5, 123_456_000)),
        both("ts_utc_year1", utc(1, 1, 1, 0, 0, 0, 0)),
        both("ts_utc_9999", utc(9999, 12, 31, 23, 59, 59, 0)),
        both("ts_utc_pre1970", utc(1900, 1, 1, 12, 0, 0, 250_000_000)),
        // pyfory writes its naive datetime as local time (TZ=UTC here)
        both("ts_naive", naive(2024, 1, 2, 3, 4, 5, 6_000)),
        // nanoseconds: pyfory reads the nearest microsecond (123457)
        both_full(
            "ts_utc_nanos",
            true,
            utc(2024, 1, 2, 3, 4, 5, 123_456_789),
            utc(2024, 1, 2, 3, 4, 5, 123_457_000),
            false,
        ),
        both(
            "ts_list",
            vec![
                utc(2024, 1, 2, 0, 0, 0, 0),
                utc(1969, 12, 31, 23, 59, 59, 999_999_000),
            ],
        ),
        both(
            "ts_dict_values",
            map([(s("end"), epoch_secs(1 << 31, 0)), (s("start"), UNIX_EPOCH)]),
        ),
        // ----- DURATION -----
        both("dur_zero", Duration::ZERO),
        both("dur_micros", Duration::new(DAY + 3661, 1_000)),
        both("dur_large", Duration::new(100_000 * DAY, 999_999_000)),
        // nanoseconds: pyfory truncates to microseconds
        both_full(
            "dur_nanos",
            true,
            Duration::new(1, 999_999_999),
            Duration::new(1, 999_999_000),
            false,
        ),
        both(
            "dur_list",
            vec![Duration::from_secs(1), Duration::from_millis(5)],
        ),
        both("delta_negative_micro", TimeDelta::microseconds(-1)),
        both(
            "delta_negative_large",
            TimeDelta::days(-100_000) + TimeDelta::microseconds(1),
        ),
        // -1 ns is -1 s + 999,999,999 ns on the wire: pyfory reads -1 us
        both_full(
            "delta_nanos",
            true,
            TimeDelta::nanoseconds(-1),
            TimeDelta::microseconds(-1),
            false,
        ),
        both(
            "delta_dict_values",
            map([
                (s("back"), TimeDelta::hours(-3)),
                (s("on"), TimeDelta::minutes(90)),
            ]),
        ),
        // ----- DECIMAL -----
        both("dec_small", dec("1.25")),
        both("dec_scale0", dec("12345")),
        both("dec_negative", dec("-12.50")),
        both("dec_large_scale", dec("0.0000000000000000000000000001")),
        both("dec_max", Decimal::MAX),
        both("dec_min", Decimal::MIN),
        // pyfory writes 1E+5 with scale -5, Rust 100000 with scale 0
        both_full("dec_exponent", true, dec("100000"), dec("100000"), false),
        both(
            "dec_list",
            vec![dec("0.1"), dec("-3"), dec("12345678901234567890.5")],
        ),
        both(
            "dec_dict_values",
            map([(s("price"), dec("9.99")), (s("tax"), dec("-0.001"))]),
        ),
        both("u128_big", 1u128 << 100),
        both("u128_max", u128::MAX),
        both("i128_min", i128::MIN),
        both("i128_negative", -12_345_678_901_234_567_890_123i128),
        // ----- FLOAT16: pyfory writes a float as FLOAT64, so these go one
        // way (its dataclass field `pyfory.Float16` goes both: `halves`)
        to_python("f16_one", f16::from_f32(1.5)),
        to_python("f16_inf", f16::INFINITY),
        to_python("f16_neg_inf", f16::NEG_INFINITY),
        to_python("f16_nan", f16::NAN),
        to_python("f16_subnormal", F16_SUBNORMAL),
        to_python("f16_max", f16::MAX),
        both("f16_array", f16_values()),
        both("f16_array_empty", Vec::<f16>::new()),
        // ----- structs registered by name -----
        both("dated", dated()),
        both("dated_due", dated_due()),
        schema("dated_schema", dated()),
        schema("dated_due_schema", dated_due()),
        both("stamped", stamped()),
        schema("stamped_schema", stamped()),
        // pyfory's Float16Array turns float("nan") into 0x7e01 (numpy and
        // half: 0x7e00), so only the values are compared
        both_full(
            "halves",
            true,
            Halves {
                h: F16_SUBNORMAL,
                hs: f16_values(),
            },
            Halves {
                h: F16_SUBNORMAL,
                hs: f16_values(),
            },
            false,
        ),
        schema(
            "halves_schema",
            Halves {
                h: f16::NEG_INFINITY,
                hs: f16s(&[0.5]),
            },
        ),
        // ----- what pyfory writes for Rust to read (or refuse) -----
        // under ref tracking pyfory writes one date, datetime or timedelta
        // object met again as a back-reference: a copy of the value
        from_python("py_dates_shared_ref", vec![date(2024, 1, 2); 3]),
        from_python(
            "py_instants_shared_ref",
            vec![
                utc(2024, 1, 2, 3, 4, 5, 6_000),
                utc(2024, 1, 2, 3, 4, 5, 6_000),
                utc(1970, 1, 1, 0, 0, 0, 0),
            ],
        ),
        from_python(
            "py_instants_shared_ref",
            vec![
                epoch_secs(1_704_164_645, 6_000),
                epoch_secs(1_704_164_645, 6_000),
                epoch_secs(0, 0),
            ],
        ),
        from_python(
            "py_spans_shared_ref",
            vec![TimeDelta::new(90, 5_000).unwrap(); 2],
        ),
        from_python("py_spans_shared_ref", vec![Duration::new(90, 5_000); 2]),
        from_python(
            "py_date_values_shared_ref",
            map([(s("a"), date(1999, 12, 31)), (s("b"), date(1999, 12, 31))]),
        ),
        from_python(
            "py_date_values_shared_ref",
            map([
                (s("a"), Some(date(1999, 12, 31))),
                (s("b"), Some(date(1999, 12, 31))),
            ]),
        ),
        from_python(
            "py_naive_dict",
            map([(s("at"), naive(1999, 12, 31, 23, 59, 59, 0))]),
        ),
        from_python(
            "py_naive_dict",
            map([(s("at"), utc(1999, 12, 31, 23, 59, 59, 0))]),
        ),
        // pyfory computes timestamps through a float: it drops this
        // microsecond (year 1 has a resolution of about 8 us in an f64) ...
        from_python("py_year1_micro", utc(1, 1, 1, 0, 0, 0, 0)),
        // ... and rounds 9999-12-31T23:59:59.999999 up to the year 10000,
        // which chrono holds (and pyfory itself cannot read back)
        from_python("py_9999_last_micro", utc(10000, 1, 1, 0, 0, 0, 0)),
        from_python(
            "py_9999_last_micro",
            Value::Timestamp {
                seconds: 253_402_300_800,
                nanos: 0,
            },
        ),
        from_python("py_9999_last_micro", epoch_secs(253_402_300_800, 0)),
        // a negative timedelta: an error as Duration, fine as TimeDelta
        from_python_err::<Duration>("py_negative_duration", "expected Duration"),
        from_python(
            "py_negative_duration",
            TimeDelta::seconds(-5) + TimeDelta::microseconds(250),
        ),
        from_python(
            "py_negative_duration",
            Value::Duration {
                seconds: -5,
                nanos: 250_000,
            },
        ),
        // more than 96 bits of digits: an error as Decimal, not as u128/i128
        // or Value
        from_python_err::<Decimal>("py_decimal_96_bits", "rust_decimal::Decimal"),
        from_python("py_decimal_96_bits", 1u128 << 96),
        from_python(
            "py_decimal_96_bits",
            Value::Decimal {
                unscaled: 1 << 96,
                scale: 0,
            },
        ),
        from_python_err::<Decimal>("py_decimal_big", "rust_decimal::Decimal"),
        from_python("py_decimal_big", -(1i128 << 100) - 1),
        from_python_err::<u128>("py_decimal_big", "u128"),
        from_python(
            "py_decimal_big",
            Value::Decimal {
                unscaled: -(1 << 100) - 1,
                scale: 0,
            },
        ),
        // a scale over 28: an error as Decimal unless trailing zeros
        // bring it into range
        from_python_err::<Decimal>("py_decimal_scale30", "rust_decimal::Decimal"),
        from_python(
            "py_decimal_scale30",
            Value::Decimal {
                unscaled: 1,
                scale: 30,
            },
        ),
        from_python_err::<u128>("py_decimal_scale30", "u128"),
        from_python(
            "py_decimal_trailing_zeros",
            dec("1.0000000000000000000000000000"),
        ),
        from_python(
            "py_decimal_trailing_zeros",
            Value::Decimal {
                unscaled: 10i128.pow(30),
                scale: 30,
            },
        ),
        from_python("py_decimal_trailing_zeros", 1u128),
        from_python_err::<u128>("py_decimal_fraction_u128", "u128"),
        from_python_err::<i128>("py_decimal_fraction_u128", "i128"),
        from_python("py_decimal_fraction_u128", dec("1.5")),
        // ----- addresses as str, () as None, NaiveTime as timedelta,
        // DateTime<FixedOffset> as datetime -----
        both("ip_v4", Ipv4Addr::new(192, 168, 0, 1)),
        both("ip_v4", IpAddr::V4(Ipv4Addr::new(192, 168, 0, 1))),
        both("ip_v6", ip6("2001:db8::8a2e:370:7334")),
        both(
            "ip_list",
            vec![
                IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
                IpAddr::V6(Ipv4Addr::LOCALHOST.to_ipv6_mapped()),
            ],
        ),
        both("sock_v6", SocketAddrV6::new(ip6("2001:db8::1"), 8443, 0, 3)),
        both(
            "hosted",
            Hosted {
                ip: IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3)),
                peer: SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 80, 0, 0)),
                backup: None,
            },
        ),
        schema(
            "hosted_schema",
            Hosted {
                ip: IpAddr::V6(Ipv6Addr::UNSPECIFIED),
                peer: SocketAddr::V4("0.0.0.0:65535".parse().unwrap()),
                backup: Some(ip6("fe80::1")),
            },
        ),
        // pyfory writes None as a null flag, Rust () as NONE (pyfory reads
        // None): each reads the other's, the bytes differ
        both_full("unit", true, (), (), false),
        both_full("unit_list", true, vec![(), ()], vec![(), ()], false),
        both_full(
            "unit_values",
            true,
            map([(s("a"), ()), (s("b"), ())]),
            map([(s("a"), ()), (s("b"), ())]),
            false,
        ),
        both("time_of_day", time(13, 45, 30, 500_000_000)),
        both(
            "time_list",
            vec![time(0, 0, 0, 0), time(23, 59, 59, 999_999_000)],
        ),
        // the same bytes; each side reads the instant back at UTC
        both_full(
            "ts_offset",
            true,
            FixedOffset::east_opt(2 * 3600)
                .unwrap()
                .with_ymd_and_hms(2024, 5, 6, 9, 8, 9)
                .unwrap()
                + TimeDelta::microseconds(123_456),
            utc(2024, 5, 6, 7, 8, 9, 123_456_000).fixed_offset(),
            true,
        ),
        // ----- uuid::Uuid as the bytes of a uuid.UUID -----
        both("uuid_value", uuids()[0]),
        both("uuid_nil", Uuid::nil()),
        both("uuid_list", uuids().to_vec()),
        both(
            "uuid_dict_keys",
            map([(uuids()[1], s("b")), (uuids()[0], s("a"))]),
        ),
        both(
            "uuid_struct",
            Identified {
                id: uuids()[0],
                parent: None,
                members: vec![uuids()[1], uuids()[2]],
            },
        ),
        schema(
            "uuid_struct_schema",
            Identified {
                id: uuids()[2],
                parent: Some(uuids()[1]),
                members: vec![],
            },
        ),
        // the bytes as bytes, too
        from_python("uuid_value", uuids()[0].as_bytes().to_vec()),
        from_python_err::<Uuid>("py_uuid_short", "has 15"),
        from_python_err::<Uuid>("py_uuid_short", "uuid::Uuid"),
        // ----- indexmap: a dict in its order, both ways (Debug shows the
        // order, which the comparison of Rust's reads includes) -----
        both(
            "ordered_dict",
            ordered([
                (s("pear"), -20i64),
                (s("apple"), -10),
                (s("zebra"), 0),
                (s("mango"), 10),
                (s("banana"), 20),
            ]),
        ),
        both(
            "ordered_dict_nested",
            ordered([
                (s("z"), ordered([(s("b"), 1i64), (s("a"), 2)])),
                (s("a"), IndexMap::new()),
                (s("m"), ordered([(s("y"), 3)])),
            ]),
        ),
        both(
            "ordered_struct",
            Ordered {
                name: s("cfg"),
                settings: ordered([(s("zeta"), 1), (s("alpha"), 2), (s("mid"), 3)]),
            },
        ),
        schema(
            "ordered_struct_schema",
            Ordered {
                name: s("cfg"),
                settings: ordered([(s("b"), -1), (s("a"), 1 << 40)]),
            },
        ),
        // a Python set's order is its hash order: Rust -> Python only
        to_python(
            "index_set",
            [s("zebra"), s("pear"), s("apple")]
                .into_iter()
                .collect::<IndexSet<String>>(),
        ),
        // ----- std's atomics: int and bool -----
        both_full(
            "atomic_bool",
            true,
            AtomicBool::new(true),
            AtomicBool::new(true),
            true,
        ),
        both_full(
            "atomic_int",
            true,
            AtomicI64::new(-(1 << 40)),
            AtomicI64::new(-(1 << 40)),
            true,
        ),
        // a Vec of them is the plain Vec: a numpy int64 array
        both_full(
            "atomic_list",
            true,
            Vec::from([1, -2, 1 << 62].map(AtomicI64::new)),
            Vec::from([1, -2, 1 << 62].map(AtomicI64::new)),
            true,
        ),
        both_full(
            "atomic_flags",
            true,
            Vec::from([true, false, true].map(AtomicBool::new)),
            Vec::from([true, false, true].map(AtomicBool::new)),
            true,
        ),
        // ----- Vecs of Wrapping, Cell, NonZero, Ordering: the plain Vec -----
        both(
            "wrapping_i32_list",
            vec![Wrapping(i32::MIN), Wrapping(0), Wrapping(7)],
        ),
        both("cell_f64_list", vec![Cell::new(1.5), Cell::new(-0.25)]),
        both(
            "nonzero_u8_list",
            [1u8, 0x80, 0xff]
                .map(|b| NonZeroU8::new(b).unwrap())
                .to_vec(),
        ),
        both(
            "ordering_list",
            vec![
                std::cmp::Ordering::Less,
                std::cmp::Ordering::Equal,
                std::cmp::Ordering::Greater,
            ],
        ),
        from_python_err::<Vec<std::cmp::Ordering>>("py_ordering_list_bad", "not -1"),
        both_full(
            "gauges",
            true,
            gauges(&[1, -2], &[true], &[-1, 1], &[0.5], &[9, 255]),
            gauges(&[1, -2], &[true], &[-1, 1], &[0.5], &[9, 255]),
            true,
        ),
        both_full(
            "gauges_schema",
            false,
            gauges(&[], &[false, true], &[0], &[], &[1]),
            gauges(&[], &[false, true], &[0], &[], &[1]),
            true,
        ),
        // ----- CString, BytesMut: bytes -----
        both("cstring", CString::new("hello, C").unwrap()),
        both("cstring_empty", CString::default()),
        both(
            "cstring_list",
            ["a", "", "xyz"].map(|t| CString::new(t).unwrap()).to_vec(),
        ),
        both("bytes_mut", BytesMut::from(&b"\x00\x01\xfe\xff"[..])),
        both_full(
            "counted",
            true,
            counted(7, -(1 << 40), true, "name", b"\x00raw"),
            counted(7, -(1 << 40), true, "name", b"\x00raw"),
            true,
        ),
        both_full(
            "counted_schema",
            false,
            counted(i32::MIN, 0, false, "", b""),
            counted(i32::MIN, 0, false, "", b""),
            true,
        ),
        from_python_err::<CString>("py_cstring_nul", "zero at position 1"),
        // ----- smallvec's SmallVec: its Vec (an int32 array, a list) -----
        both(
            "smallvec_i32",
            SmallVec::<[i32; 4]>::from_slice(&[i32::MIN, 0, 7]),
        ),
        both(
            "smallvec_i32_spilled",
            SmallVec::<[i32; 4]>::from_slice(&[1, -2, 3, -4, 5, i32::MAX]),
        ),
        from_python("smallvec_i32", vec![i32::MIN, 0, 7]),
        both(
            "smallvec_str",
            [s("a"), s("ü"), "long".repeat(10)]
                .into_iter()
                .collect::<SmallVec<[String; 2]>>(),
        ),
        both(
            "packed",
            Packed {
                ints: smallvec![7, -8, 9],
                names: smallvec![s("x")],
            },
        ),
        schema(
            "packed_schema",
            Packed {
                ints: smallvec![1, 2, 3, 4, 5],
                names: smallvec![s("p"), s("q"), s("r")],
            },
        ),
        // ----- a 14-tuple: a Python tuple -----
        tuple14_case(),
        // ----- the time crate: the bytes of chrono's twins -----
        both("tc_date_leap", tc_date(2024, Month::February, 29)),
        both("tc_date_pre1970", tc_date(1900, Month::March, 1)),
        both("tc_utc_pre1970", tc_utc(-1, 250_000_000)),
        // (pyfory reads a timestamp through a float: its last microsecond of
        // 9999 rounds up into year 10000)
        both("tc_utc_9999", tc_utc(253_402_300_799, 500_000_000)),
        // pyfory writes its naive datetime as local time (TZ=UTC here)
        both("tc_naive", {
            let t = tc_utc(951_825_600, 1_000);
            PrimitiveDateTime::new(t.date(), t.time())
        }),
        // the same bytes; each side reads the instant back at UTC
        both_full(
            "tc_offset",
            true,
            OffsetDateTime::from(tc_utc(1_714_966_689, 123_456_000))
                .to_offset(UtcOffset::from_hms(5, 30, 0).unwrap()),
            OffsetDateTime::from(tc_utc(1_714_966_689, 123_456_000)),
            true,
        ),
        both(
            "tc_duration_negative",
            SignedDuration::new(-1, -500_000_000),
        ),
        both(
            "tc_duration_list",
            vec![
                SignedDuration::new(100_000 * DAY as i64, 1_000),
                SignedDuration::new(0, -1_000),
            ],
        ),
        both("tc_time_of_day", Time::from_hms_micro(6, 30, 0, 5).unwrap()),
        tc_dated_case("tc_dated", true, tc_dated_due()),
        tc_dated_case("tc_dated_schema", false, tc_dated()),
        // ----- hashbrown: a dict (two entries: either order) -----
        both("hb_dict", HbMap::<String, i64>::from([(s("one"), 1)])),
        {
            let two = HbMap::<String, i64>::from([(s("a"), 1), (s("b"), -(1 << 40))]);
            Case {
                name: "hb_dict_two",
                write: Some(peer::writer("hb_dict_two", || fory(true), two.clone())),
                // compared with `==`: the order is the hasher's
                read: Some(peer::reader("hb_dict_two", || fory(true), two, peer::eq)),
                same_bytes: 0,
            }
        },
        both("hb_set", HbSet::<String>::from([s("x")])),
        // ----- the dynamic Value, exactly -----
        from_python("date_year1", Value::Date(-719_162)),
        from_python("date_9999", Value::Date(2_932_896)),
        from_python(
            "ts_utc_pre1970",
            Value::Timestamp {
                seconds: -2_208_945_600,
                nanos: 250_000_000,
            },
        ),
        from_python(
            "delta_negative_micro",
            Value::Duration {
                seconds: -1,
                nanos: 999_999_000,
            },
        ),
        from_python(
            "dec_negative",
            Value::Decimal {
                unscaled: -1250,
                scale: 2,
            },
        ),
        from_python(
            "dec_exponent",
            Value::Decimal {
                unscaled: 1,
                scale: -5,
            },
        ),
        from_python(
            "u128_big",
            Value::Decimal {
                unscaled: 1 << 100,
                scale: 0,
            },
        ),
        from_python_err::<Value>("u128_max", "outside an i128"),
        from_python_err::<Value>("stamped", "outside an i128"),
        from_python(
            "i128_min",
            Value::Decimal {
                unscaled: i128::MIN,
                scale: 0,
            },
        ),
        from_python(
            "f16_array",
            Value::Array(Array::F16(
                f16_values().iter().map(|h| h.to_bits()).collect(),
            )),
        ),
    ]
}

#[test]
fn pyfory_and_rust_read_each_others_dates_times_decimals_and_halves() {
    let cases = cases();
    let mut run = peer::both_ways(SCRIPT, "interop-types", &cases);
    let py_dir = run.py_dir.clone();

    // every compatible-mode file pyfory wrote reads as a dynamic Value,
    // except coefficients outside an i128 (an error, checked above)
    let files: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter(|c| c.read.is_some())
        .map(|c| c.name)
        .collect();
    for name in files {
        if name.ends_with("_schema") || ["u128_max", "stamped"].contains(&name) {
            continue;
        }
        let data = std::fs::read(py_dir.join(format!("{name}.bin"))).unwrap();
        if let Err(e) = fory(true).deserialize::<Value>(&data) {
            run.failures.push(format!("{name} as Value: {e}"));
        }
    }
    let data = std::fs::read(py_dir.join("dated_due.bin")).unwrap();
    let v: Value = fory(true).deserialize(&data).unwrap();
    assert_eq!(
        v.to_string(),
        "example.Dated { amount: 79228162514264337593543950335, at: timestamp(1969-07-20T20:17:40.999999000Z), day: date(0001-01-01), due: date(9999-12-31), span: duration(8640000000s + 1000ns) }"
    );
    run.finish();
}
