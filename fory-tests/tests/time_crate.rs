//! The time crate's types (feature `time`): byte for byte as their chrono
//! twins (NaiveDate, DateTime<Utc>, NaiveDateTime, DateTime<FixedOffset>,
//! TimeDelta, NaiveTime) in every mode, top-level and as struct fields;
//! each reads the other's bytes; boundaries and out-of-range input are
//! errors naming the value. (Against pyfory: tests/interop_types.rs.)

use fory_core::chrono::{
    DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc,
};
use fory_core::time::{
    Date, Month, OffsetDateTime, PrimitiveDateTime, SignedDuration, Time, Timestamp, UtcDateTime,
    UtcOffset,
};
use fory_core::{Deserialize, ErrorKind, Fory, ForyObject, Serialize};
use fory_tests::{hex, to_hex};

fn ymd(y: i32, m: Month, d: u8) -> Date {
    Date::from_calendar_date(y, m, d).unwrap()
}

fn chrono_ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// `a` and `b` have the same bytes in every config, each reads the
/// other's, and each round-trips.
fn twins<A, B>(a: &A, b: &B)
where
    A: Serialize + Deserialize + PartialEq + std::fmt::Debug + Copy,
    B: Serialize + Deserialize + PartialEq + std::fmt::Debug + Copy,
{
    for (name, f) in fory_tests::configs() {
        let ab = f.serialize(a).unwrap();
        let bb = f.serialize(b).unwrap();
        assert_eq!(to_hex(&ab), to_hex(&bb), "{name}: {a:?} vs {b:?}");
        assert_eq!(&f.deserialize::<A>(&bb).unwrap(), a, "{name}");
        assert_eq!(&f.deserialize::<B>(&ab).unwrap(), b, "{name}");
        assert_eq!(&f.deserialize::<A>(&ab).unwrap(), a, "{name}");
        // in a list and as an option
        let la = f.serialize(&vec![Some(*a), None]).unwrap();
        let lb = f.serialize(&vec![Some(*b), None]).unwrap();
        assert_eq!(to_hex(&la), to_hex(&lb), "{name}: lists");
        let back: Vec<Option<A>> = f.deserialize(&lb).unwrap();
        assert_eq!(back, [Some(*a), None], "{name}");
    }
}

#[test]
fn dates_are_chronos_days_since_the_epoch() {
    for (t, c) in [
        (ymd(1970, Month::January, 1), chrono_ymd(1970, 1, 1)),
        (ymd(2024, Month::January, 2), chrono_ymd(2024, 1, 2)),
        // leap days, before and after the epoch
        (ymd(2024, Month::February, 29), chrono_ymd(2024, 2, 29)),
        (ymd(2000, Month::February, 29), chrono_ymd(2000, 2, 29)),
        (ymd(1904, Month::February, 29), chrono_ymd(1904, 2, 29)),
        (ymd(1969, Month::December, 31), chrono_ymd(1969, 12, 31)),
        (ymd(1, Month::January, 1), chrono_ymd(1, 1, 1)),
        // the ends of time's range (chrono's is wider)
        (Date::MIN, chrono_ymd(-9999, 1, 1)),
        (Date::MAX, chrono_ymd(9999, 12, 31)),
    ] {
        twins(&t, &c);
    }
    // pyfory's datetime.date(2024, 1, 2)
    let f = Fory::builder().xlang(true).build();
    assert_eq!(
        f.serialize(&ymd(2024, Month::January, 2)).unwrap(),
        hex("01 ff 27 98 b4 02")
    );
}

#[test]
fn dates_beyond_times_range_are_errors_naming_them() {
    for (name, f) in fory_tests::configs() {
        // chrono writes one day past each end of time's range
        for c in [chrono_ymd(-10000, 12, 31), chrono_ymd(10000, 1, 1)] {
            let err = f
                .deserialize::<Date>(&f.serialize(&c).unwrap())
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidData, "{name}: {err}");
            let days = c.signed_duration_since(chrono_ymd(1970, 1, 1)).num_days();
            assert!(
                err.to_string().contains(&format!("date {days} days")),
                "{err}"
            );
            assert!(err.to_string().contains("time::Date's range"), "{err}");
        }
    }
    // far past i32 Julian days: no wrap
    let f = Fory::builder().xlang(true).build();
    let err = f
        .deserialize::<Date>(&hex("01 ff 27 fe ff ff ff ff ff ff ff ff 01"))
        .unwrap_err();
    assert!(
        err.to_string().contains("9223372036854775807 days"),
        "{err}"
    );
}

fn utc(secs: i64, nanos: u32) -> (UtcDateTime, DateTime<Utc>) {
    (
        UtcDateTime::from_unix_timestamp(secs)
            .unwrap()
            .replace_nanosecond(nanos)
            .unwrap(),
        DateTime::from_timestamp(secs, nanos).unwrap(),
    )
}

/// Instants: after and before the epoch, with nanoseconds, and the ends
/// of time's range.
fn instants() -> Vec<(i64, u32)> {
    let (min, max) = (UtcDateTime::MIN, UtcDateTime::MAX);
    vec![
        (0, 0),
        (1_704_164_645, 123_456_789),
        (-1, 999_999_999),
        (-86_400 * 365 - 7, 5),
        (min.unix_timestamp(), 0),
        (max.unix_timestamp(), max.nanosecond()),
    ]
}

#[test]
fn instants_are_chronos_timestamps() {
    for (secs, nanos) in instants() {
        let (t, c) = utc(secs, nanos);
        twins(&t, &c);
        let plain = PrimitiveDateTime::new(t.date(), t.time());
        twins(&plain, &c.naive_utc());
        twins(&Timestamp::from(t), &c);
        // an offset instant: the instant is written, read back at UTC
        let odt = OffsetDateTime::from(t);
        twins(&odt, &c.fixed_offset());
        if secs > 0 && secs < 10_000_000_000 {
            let east = odt.to_offset(UtcOffset::from_hms(5, 30, 0).unwrap());
            let c_east = c.with_timezone(&FixedOffset::east_opt(5 * 3600 + 1800).unwrap());
            twins(&east, &c_east);
            for (name, f) in fory_tests::configs() {
                let back: OffsetDateTime = f.deserialize(&f.serialize(&east).unwrap()).unwrap();
                assert_eq!(back, east, "{name}");
                assert_eq!(back.offset(), UtcOffset::UTC, "{name}");
            }
        }
    }
    // int64 seconds, uint32 nanoseconds: 1970-01-01T00:00:00.5 less 1 s
    let f = Fory::builder().xlang(true).build();
    assert_eq!(
        f.serialize(&utc(-1, 500_000_000).0).unwrap(),
        hex("01 ff 26 ff ff ff ff ff ff ff ff 00 65 cd 1d")
    );
}

#[test]
fn an_offset_date_time_past_the_utc_range_writes_and_reads_back_as_an_error() {
    // 9999-12-31 23:00 at -05:00 is 10000-01-01 04:00 UTC: written without
    // a panic; time (and chrono) read it back as errors
    let t = PrimitiveDateTime::new(Date::MAX, Time::from_hms(23, 0, 0).unwrap())
        .assume_offset(UtcOffset::from_hms(-5, 0, 0).unwrap());
    for (name, f) in fory_tests::configs() {
        let bytes = f.serialize(&t).unwrap();
        let err = f.deserialize::<OffsetDateTime>(&bytes).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData, "{name}: {err}");
        assert!(err.to_string().contains("time::OffsetDateTime"), "{err}");
        assert!(err.to_string().contains("253402315200 s"), "{err}");
        // chrono's range is wider: it reads the instant
        let c: DateTime<Utc> = f.deserialize(&bytes).unwrap();
        assert_eq!(c.timestamp(), 253_402_315_200, "{name}");
    }
}

#[test]
fn timestamps_beyond_times_range_and_bad_nanos_are_errors() {
    let f = Fory::builder().xlang(true).build();
    let max = UtcDateTime::MAX.unix_timestamp();
    for secs in [
        max + 1,
        UtcDateTime::MIN.unix_timestamp() - 1,
        i64::MIN,
        i64::MAX,
    ] {
        let c = DateTime::<Utc>::from_timestamp(secs, 0);
        let mut bytes = hex("01 ff 26");
        bytes.extend(secs.to_le_bytes());
        bytes.extend(0u32.to_le_bytes());
        if let Some(c) = c {
            assert_eq!(bytes, f.serialize(&c).unwrap());
        }
        for err in [
            f.deserialize::<UtcDateTime>(&bytes).unwrap_err(),
            f.deserialize::<Timestamp>(&bytes).unwrap_err(),
            f.deserialize::<PrimitiveDateTime>(&bytes).unwrap_err(),
        ] {
            assert_eq!(err.kind(), ErrorKind::InvalidData, "{err}");
            assert!(err.to_string().contains(&format!("{secs} s")), "{err}");
            assert!(
                err.to_string().contains("out of the time crate's range"),
                "{err}"
            );
        }
    }
    // nanoseconds of a second or more
    let err = f
        .deserialize::<UtcDateTime>(&hex("01 ff 26 00 00 00 00 00 00 00 00 00 ca 9a 3b"))
        .unwrap_err();
    assert!(err.to_string().contains("1000000000 nanoseconds"), "{err}");
    assert!(err.to_string().contains("time::UtcDateTime"), "{err}");
    // every truncation
    let bytes = f.serialize(&utc(5, 6).0).unwrap();
    for cut in 0..bytes.len() {
        assert!(f.deserialize::<UtcDateTime>(&bytes[..cut]).is_err());
        assert!(f.deserialize::<Date>(&bytes[..cut.min(4)]).is_err());
    }
}

#[test]
fn durations_are_chronos_time_deltas() {
    for (secs, nanos) in [
        (0, 0),
        (1, 500_000_000),
        // negative with nanoseconds: time keeps the sign on both parts,
        // the wire rounds the seconds down
        (-1, -500_000_000),
        (0, -1),
        (-86_400 * 400, -999_999_999),
        (1_000_000_000_000, 999_999_999),
        // chrono's extremes (±i64::MAX ms)
        (i64::MAX / 1000, 807_000_000),
        (-(i64::MAX / 1000), -807_000_000),
    ] {
        let t = SignedDuration::new(secs, nanos);
        let c = TimeDelta::new(secs, 0).unwrap() + TimeDelta::nanoseconds(nanos as i64);
        twins(&t, &c);
    }
    let f = Fory::builder().xlang(true).build();
    // -1.5 s: -2 s (zigzag 3), +500,000,000 ns
    assert_eq!(
        f.serialize(&SignedDuration::new(-1, -500_000_000)).unwrap(),
        hex("01 ff 25 03 00 65 cd 1d")
    );
    // time's range is wider than chrono's: both ends of the wire's
    for (name, f) in fory_tests::configs() {
        for d in [
            SignedDuration::new(i64::MAX, 999_999_999),
            SignedDuration::new(i64::MIN, 0),
            SignedDuration::new(i64::MIN + 1, -1),
        ] {
            let bytes = f.serialize(&d).unwrap();
            assert_eq!(
                f.deserialize::<SignedDuration>(&bytes).unwrap(),
                d,
                "{name}"
            );
            let err = f.deserialize::<TimeDelta>(&bytes).unwrap_err();
            assert!(err.to_string().contains("chrono::TimeDelta"), "{err}");
        }
        // SignedDuration::MIN is a nanosecond-second below: an error, no panic
        let err = f.serialize(&SignedDuration::MIN).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported, "{name}: {err}");
        assert!(err.to_string().contains("time::SignedDuration"), "{err}");
    }
    // nanoseconds out of 0..1e9 on the wire
    for nanos in ["ff ff ff ff", "00 ca 9a 3b"] {
        let err = f
            .deserialize::<SignedDuration>(&hex(&format!("01 ff 25 02 {nanos}")))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData, "{err}");
        assert!(err.to_string().contains("time::SignedDuration"), "{err}");
    }
    let bytes = f.serialize(&SignedDuration::new(-3, -7)).unwrap();
    for cut in 0..bytes.len() {
        assert!(f.deserialize::<SignedDuration>(&bytes[..cut]).is_err());
    }
}

#[test]
fn times_of_day_are_chronos_durations_since_midnight() {
    for (h, m, s, n) in [
        (0, 0, 0, 0),
        (12, 34, 56, 789_000_000),
        (23, 59, 59, 999_999_999),
        (0, 0, 0, 1),
    ] {
        let t = Time::from_hms_nano(h, m, s, n).unwrap();
        let c = NaiveTime::from_hms_nano_opt(h as u32, m as u32, s as u32, n).unwrap();
        twins(&t, &c);
    }
    let f = Fory::builder().xlang(true).build();
    // chrono's leap second 23:59:60.5 is 86,400.5 s: no time::Time
    let leap = NaiveTime::from_hms_nano_opt(23, 59, 59, 1_500_000_000).unwrap();
    let err = f
        .deserialize::<Time>(&f.serialize(&leap).unwrap())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData, "{err}");
    assert!(err.to_string().contains("86400 s + 500000000 ns"), "{err}");
    assert!(err.to_string().contains("not a time of day"), "{err}");
    // negative durations are not times of day either
    let err = f
        .deserialize::<Time>(&f.serialize(&SignedDuration::new(-1, 0)).unwrap())
        .unwrap_err();
    assert!(
        err.to_string().contains("time::Time: the duration -1 s"),
        "{err}"
    );
}

mod rec {
    use super::*;

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Event {
        pub name: String,
        pub day: Date,
        pub at: UtcDateTime,
        pub local: PrimitiveDateTime,
        pub offset: OffsetDateTime,
        pub took: SignedDuration,
        pub alarm: Time,
        pub stamp: Timestamp,
        pub maybe: Option<Date>,
        pub history: Vec<UtcDateTime>,
    }

    /// `Event` with chrono's types.
    pub mod chrono_twin {
        use super::*;
        #[derive(ForyObject, Debug, Clone, PartialEq)]
        pub struct Event {
            pub name: String,
            pub day: NaiveDate,
            pub at: DateTime<Utc>,
            pub local: NaiveDateTime,
            pub offset: DateTime<FixedOffset>,
            pub took: TimeDelta,
            pub alarm: NaiveTime,
            pub stamp: DateTime<Utc>,
            pub maybe: Option<NaiveDate>,
            pub history: Vec<DateTime<Utc>>,
        }
    }
}

fn event() -> (rec::Event, rec::chrono_twin::Event) {
    let (at, c_at) = utc(-1_000_000_001, 250);
    let (later, c_later) = utc(1_704_164_645, 123_456_789);
    (
        rec::Event {
            name: "e".into(),
            day: ymd(1960, Month::February, 29),
            at,
            local: PrimitiveDateTime::new(later.date(), later.time()),
            offset: OffsetDateTime::from(later),
            took: SignedDuration::new(-5, -1),
            alarm: Time::from_hms_nano(6, 30, 0, 5).unwrap(),
            stamp: Timestamp::from(at),
            maybe: Some(ymd(2024, Month::December, 31)),
            history: vec![at, later],
        },
        rec::chrono_twin::Event {
            name: "e".into(),
            day: chrono_ymd(1960, 2, 29),
            at: c_at,
            local: c_later.naive_utc(),
            offset: c_later.fixed_offset(),
            took: TimeDelta::new(-5, 0).unwrap() - TimeDelta::nanoseconds(1),
            alarm: NaiveTime::from_hms_nano_opt(6, 30, 0, 5).unwrap(),
            stamp: c_at,
            maybe: Some(chrono_ymd(2024, 12, 31)),
            history: vec![c_at, c_later],
        },
    )
}

#[test]
fn time_fields_have_the_chrono_fields_bytes_and_schema() {
    let (v, c) = event();
    for xlang in [false, true] {
        for compatible in [false, true] {
            let what = format!("xlang {xlang} compatible {compatible}");
            let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
            fory.register::<rec::Event>(82).unwrap();
            let mut twin = Fory::builder().xlang(xlang).compatible(compatible).build();
            twin.register::<rec::chrono_twin::Event>(82).unwrap();
            let bytes = fory.serialize(&v).unwrap();
            // the same bytes: the same TypeDef (compatible) or fingerprint
            // (schema-consistent) and the same data
            assert_eq!(
                to_hex(&bytes),
                to_hex(&twin.serialize(&c).unwrap()),
                "{what}"
            );
            assert_eq!(fory.deserialize::<rec::Event>(&bytes).unwrap(), v, "{what}");
            assert_eq!(
                twin.deserialize::<rec::chrono_twin::Event>(&bytes).unwrap(),
                c,
                "{what}"
            );
            let back: rec::Event = fory.deserialize(&twin.serialize(&c).unwrap()).unwrap();
            assert_eq!(back, v, "{what}");
            for cut in 0..bytes.len() {
                assert!(
                    fory.deserialize::<rec::Event>(&bytes[..cut]).is_err(),
                    "{what}: cut {cut}"
                );
            }
        }
    }
}

#[test]
fn a_chrono_field_out_of_times_range_is_an_error_naming_it() {
    let (_, mut c) = event();
    c.day = chrono_ymd(12000, 1, 1);
    for xlang in [false, true] {
        let mut fory = Fory::builder().xlang(xlang).build();
        fory.register::<rec::Event>(82).unwrap();
        let mut twin = Fory::builder().xlang(xlang).build();
        twin.register::<rec::chrono_twin::Event>(82).unwrap();
        let err = fory
            .deserialize::<rec::Event>(&twin.serialize(&c).unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData, "{err}");
        assert!(err.to_string().contains("time::Date's range"), "{err}");
    }
}
