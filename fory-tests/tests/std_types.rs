//! Standard-library types as values and struct fields, in both modes and
//! both struct layouts; time types byte for byte as pyfory 1.7.7 writes
//! them.

use std::borrow::Cow;
use std::collections::{BinaryHeap, HashMap, LinkedList};
use std::ffi::OsString;
use std::fmt::Debug;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::num::{NonZeroI64, NonZeroU32, NonZeroU8};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fory_core::{Deserialize, ErrorKind, Fory, ForyObject, Serialize};
use fory_tests::hex;

fn xlang() -> Fory {
    Fory::builder().xlang(true).build()
}

fn round_trip<T>(fory: &Fory, v: &T) -> T
where
    T: fory_core::Serialize + fory_core::Deserialize,
{
    fory.deserialize(&fory.serialize(v).unwrap()).unwrap()
}

/// Each value round-trips in every configuration (native and xlang, ref
/// tracking off and on) as a top-level value, inside `Option` (`Some`
/// and `None`), and in a `Vec` and a `Vec<Option<_>>` of them all.
fn round_trips_everywhere<T>(values: &[T])
where
    T: Serialize + Deserialize + PartialEq + Debug + Clone,
{
    for (name, f) in fory_tests::configs() {
        for v in values {
            assert_eq!(round_trip(&f, v), *v, "{name}");
            let some = Some(v.clone());
            assert_eq!(round_trip(&f, &some), some, "{name}");
        }
        assert_eq!(round_trip(&f, &None::<T>), None, "{name}");
        let list = values.to_vec();
        assert_eq!(round_trip(&f, &list), list, "{name}");
        let holes: Vec<Option<T>> = values.iter().cloned().map(Some).chain([None]).collect();
        assert_eq!(round_trip(&f, &holes), holes, "{name}");
    }
}

#[test]
fn durations_match_pyfory_timedelta() {
    let f = xlang();
    // pyfory.Fory(xlang=True).serialize(timedelta(seconds=5))
    assert_eq!(
        f.serialize(&Duration::from_secs(5)).unwrap(),
        hex("01ff250a00000000")
    );
    // timedelta(seconds=5, microseconds=1000), written by pyfory
    let back: Duration = f.deserialize(&hex("01ff250a40420f00")).unwrap();
    assert_eq!(back, Duration::new(5, 1_000_000));
    // timedelta(seconds=-5, microseconds=250): negative, an error naming it
    let err = f
        .deserialize::<Duration>(&hex("01ff250990d00300"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TypeMismatch);
    assert!(err.to_string().contains("negative duration"), "{err}");
    // nanoseconds out of range
    let err = f
        .deserialize::<Duration>(&hex("01ff250a00ca9a3b"))
        .unwrap_err();
    assert!(err.to_string().contains("nanoseconds"), "{err}");
    for d in [
        Duration::ZERO,
        Duration::new(1, 999_999_999),
        Duration::from_secs(i64::MAX as u64),
    ] {
        for fory in [xlang(), Fory::builder().build()] {
            assert_eq!(round_trip(&fory, &d), d);
        }
    }
    assert!(f.serialize(&Duration::MAX).is_err());
}

#[test]
fn system_times_match_pyfory_datetime() {
    let f = xlang();
    // datetime(1970,1,1,0,0,1,500000, tzinfo=utc) in pyfory
    let t = UNIX_EPOCH + Duration::from_millis(1500);
    assert_eq!(
        f.serialize(&t).unwrap(),
        hex("01ff2601000000000000000065cd1d")
    );
    // datetime(1969,12,31,23,59,59,250000, tzinfo=utc): before the epoch,
    // seconds rounded down and nanoseconds forward
    let before = UNIX_EPOCH - Duration::from_millis(750);
    assert_eq!(
        f.serialize(&before).unwrap(),
        hex("01ff26ffffffffffffffff80b2e60e")
    );
    assert_eq!(
        f.deserialize::<SystemTime>(&hex("01ff26ffffffffffffffff80b2e60e"))
            .unwrap(),
        before
    );
    let now = SystemTime::now();
    for fory in [xlang(), Fory::builder().build()] {
        assert_eq!(round_trip(&fory, &now), now);
        assert_eq!(round_trip(&fory, &UNIX_EPOCH), UNIX_EPOCH);
    }
    let err = f
        .deserialize::<SystemTime>(&hex("01ff26010000000000000000ca9a3b"))
        .unwrap_err();
    assert!(err.to_string().contains("nanoseconds"), "{err}");
}

#[test]
fn chars_are_one_character_strings() {
    for fory in [xlang(), Fory::builder().build()] {
        for c in ['a', 'é', '€', '🦀', '\0'] {
            assert_eq!(round_trip(&fory, &c), c);
            // a peer reads it as a string
            assert_eq!(
                fory.deserialize::<String>(&fory.serialize(&c).unwrap())
                    .unwrap(),
                c.to_string()
            );
        }
        for s in ["", "ab"] {
            let err = fory
                .deserialize::<char>(&fory.serialize(&s.to_string()).unwrap())
                .unwrap_err();
            assert!(err.to_string().contains("char"), "{err}");
        }
    }
    // pyfory's 'a'
    assert_eq!(
        xlang().deserialize::<char>(&hex("01ff150461")).unwrap(),
        'a'
    );
}

#[test]
fn paths_are_strings_and_native_keeps_os_bytes() {
    let p = PathBuf::from("/tmp/some dir/file.txt");
    for fory in [xlang(), Fory::builder().build()] {
        assert_eq!(round_trip(&fory, &p), p);
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let odd = PathBuf::from(std::ffi::OsStr::from_bytes(b"/tmp/\xff\xfe.bin"));
        let native = Fory::builder().build();
        assert_eq!(round_trip(&native, &odd), odd);
        let err = xlang().serialize(&odd).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
        // read as a String it is an error, not a lossy string
        let bytes = native.serialize(&odd).unwrap();
        assert!(native.deserialize::<String>(&bytes).is_err());
    }
}

#[test]
fn non_zero_integers_reject_zero() {
    for fory in [xlang(), Fory::builder().build()] {
        let v = NonZeroU32::new(7).unwrap();
        assert_eq!(round_trip(&fory, &v), v);
        let v = NonZeroI64::new(-3).unwrap();
        assert_eq!(round_trip(&fory, &v), v);
        let err = fory
            .deserialize::<NonZeroU8>(&fory.serialize(&0u8).unwrap())
            .unwrap_err();
        assert!(err.to_string().contains("NonZeroU8"), "{err}");
        let list = vec![NonZeroU32::new(1).unwrap(), NonZeroU32::new(9).unwrap()];
        assert_eq!(round_trip(&fory, &list), list);
    }
}

mod rec {
    use super::*;

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Everything {
        pub took: Duration,
        pub at: SystemTime,
        pub initial: char,
        pub path: PathBuf,
        pub boxed: Box<str>,
        pub rc: Rc<str>,
        pub arc: Arc<str>,
        pub cow: Cow<'static, str>,
        pub ints: Box<[i32]>,
        pub names: Arc<[String]>,
        pub floats: Cow<'static, [f64]>,
        pub queue: LinkedList<u16>,
        pub id: NonZeroU32,
        pub maybe: Option<Duration>,
    }
}

fn everything() -> rec::Everything {
    rec::Everything {
        took: Duration::new(3, 14),
        at: UNIX_EPOCH + Duration::new(1_700_000_000, 123_456_789),
        initial: 'ß',
        path: PathBuf::from("a/b"),
        boxed: "boxed".into(),
        rc: Rc::from("rc"),
        arc: Arc::from("arc"),
        cow: Cow::Borrowed("cow"),
        ints: vec![1, -2, 3].into_boxed_slice(),
        names: Arc::from(vec!["x".to_string(), "y".to_string()]),
        floats: Cow::Owned(vec![0.5, 1.5]),
        queue: LinkedList::from([1, 2, 3]),
        id: NonZeroU32::new(42).unwrap(),
        maybe: None,
    }
}

#[test]
fn every_std_type_is_a_struct_field_in_both_modes_and_layouts() {
    let v = everything();
    for xlang in [false, true] {
        for compatible in [false, true] {
            let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
            fory.register::<rec::Everything>(70).unwrap();
            assert_eq!(
                round_trip(&fory, &v),
                v,
                "xlang {xlang} compatible {compatible}"
            );
        }
    }
}

#[test]
fn shared_strings_and_slices_stay_shared_with_ref_tracking() {
    let fory = Fory::builder().ref_tracking(true).build();
    let s: Rc<str> = Rc::from("shared");
    let back: Vec<Rc<str>> = round_trip(&fory, &vec![s.clone(), s]);
    assert!(Rc::ptr_eq(&back[0], &back[1]));
    let a: Arc<[i64]> = Arc::from(vec![1, 2, 3]);
    let back: Vec<Arc<[i64]>> = round_trip(&fory, &vec![a.clone(), a]);
    assert!(Arc::ptr_eq(&back[0], &back[1]));
    assert_eq!(&*back[0], &[1, 2, 3]);
}

#[test]
fn heaps_rebuild_on_read() {
    let fory = Fory::builder().build();
    let heap = BinaryHeap::from(vec![5, 1, 8, 3]);
    let back: BinaryHeap<i32> = round_trip(&fory, &heap);
    assert_eq!(back.into_sorted_vec(), vec![1, 3, 5, 8]);
    let list: LinkedList<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
    assert_eq!(round_trip(&fory, &list), list);
}

// ----- chrono (feature `chrono`) -----

mod with_chrono {
    use super::*;
    use fory_core::chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};

    #[test]
    fn dates_match_pyfory_over_its_whole_range() {
        let f = xlang();
        for (y, m, d, bytes) in [
            (2024, 1, 2, "01ff2798b402"),
            (1, 1, 1, "01ff27f3e457"),
            (9999, 12, 31, "01ff27c082e602"),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(f.serialize(&date).unwrap(), hex(bytes), "{date}");
            assert_eq!(f.deserialize::<NaiveDate>(&hex(bytes)).unwrap(), date);
        }
        // far outside chrono's range: an error, not a wrap
        let mut far = vec![0x01, 0xff, 0x27];
        far.extend_from_slice(&[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        let err = f.deserialize::<NaiveDate>(&far).unwrap_err();
        assert!(err.to_string().contains("NaiveDate"), "{err}");
    }

    /// The days written are the days since 1970-01-01 for every date
    /// chrono has, its two ends included, and each reads back; one day
    /// past either end, and the extreme day counts, are errors naming
    /// the day count.
    #[test]
    fn dates_are_days_since_the_epoch_across_chronos_range() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let days_of = |bytes: &[u8]| {
            // header (3 bytes), then the zigzag varint64 days
            let (mut v, mut shift) = (0u64, 0);
            for &b in &bytes[3..] {
                v |= u64::from(b & 0x7f) << shift;
                shift += 7;
            }
            (v >> 1) as i64 ^ -((v & 1) as i64)
        };
        let mut dates = vec![NaiveDate::MIN, NaiveDate::MAX, epoch];
        dates.extend((-3..=3).map(|d| epoch + TimeDelta::days(d)));
        let span = (NaiveDate::MAX - NaiveDate::MIN).num_days();
        dates.extend((0..=400).map(|i| NaiveDate::MIN + TimeDelta::days(span / 400 * i)));
        for f in [xlang(), Fory::builder().build()] {
            for &date in &dates {
                let bytes = f.serialize(&date).unwrap();
                assert_eq!(days_of(&bytes), (date - epoch).num_days(), "{date}");
                assert_eq!(f.deserialize::<NaiveDate>(&bytes).unwrap(), date);
            }
            let min = (NaiveDate::MIN - epoch).num_days();
            let max = (NaiveDate::MAX - epoch).num_days();
            for days in [min - 1, max + 1, i64::MIN, i64::MAX, i64::MAX - 719_162] {
                let mut bad = f.serialize(&epoch).unwrap();
                bad.truncate(3);
                let mut z = ((days << 1) ^ (days >> 63)) as u64;
                while z >= 0x80 {
                    bad.push(z as u8 | 0x80);
                    z >>= 7;
                }
                bad.push(z as u8);
                let err = f.deserialize::<NaiveDate>(&bad).unwrap_err().to_string();
                assert!(
                    err.contains("NaiveDate") && err.contains(&days.to_string()),
                    "{err}"
                );
            }
        }
    }

    #[test]
    fn instants_and_deltas_match_pyfory() {
        let f = xlang();
        // datetime(2024,5,6,7,8,9,123456, tzinfo=utc)
        let t = NaiveDate::from_ymd_opt(2024, 5, 6)
            .unwrap()
            .and_hms_micro_opt(7, 8, 9, 123_456)
            .unwrap();
        let bytes = hex("01ff26d98138660000000000ca5b07");
        assert_eq!(f.serialize(&t.and_utc()).unwrap(), bytes);
        assert_eq!(f.serialize(&t).unwrap(), bytes);
        assert_eq!(f.deserialize::<DateTime<Utc>>(&bytes).unwrap(), t.and_utc());
        assert_eq!(f.deserialize::<NaiveDateTime>(&bytes).unwrap(), t);
        // nanoseconds are kept
        let precise = DateTime::from_timestamp(-1, 999_999_999).unwrap();
        assert_eq!(round_trip(&f, &precise), precise);
        // timedelta(seconds=-5, microseconds=250) and timedelta(days=-1)
        let d = TimeDelta::new(-5, 250_000).unwrap();
        assert_eq!(f.serialize(&d).unwrap(), hex("01ff250990d00300"));
        assert_eq!(
            f.deserialize::<TimeDelta>(&hex("01ff250990d00300"))
                .unwrap(),
            d
        );
        assert_eq!(
            f.serialize(&TimeDelta::days(-1)).unwrap(),
            hex("01ff25ffc50a00000000")
        );
        for d in [
            TimeDelta::zero(),
            TimeDelta::nanoseconds(-1),
            TimeDelta::MAX,
            TimeDelta::MIN,
        ] {
            assert_eq!(round_trip(&f, &d), d);
            assert_eq!(round_trip(&Fory::builder().build(), &d), d);
        }
    }

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    struct Event {
        day: NaiveDate,
        at: DateTime<Utc>,
        local: NaiveDateTime,
        took: TimeDelta,
        maybe: Option<NaiveDate>,
    }

    #[test]
    fn chrono_fields_in_both_modes_and_layouts() {
        let e = Event {
            day: NaiveDate::from_ymd_opt(1999, 12, 31).unwrap(),
            at: DateTime::from_timestamp(1_700_000_000, 5).unwrap(),
            local: NaiveDate::from_ymd_opt(2000, 2, 29)
                .unwrap()
                .and_hms_opt(23, 59, 59)
                .unwrap(),
            took: TimeDelta::milliseconds(-1500),
            maybe: None,
        };
        for xlang in [false, true] {
            for compatible in [false, true] {
                let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
                fory.register::<Event>(71).unwrap();
                assert_eq!(round_trip(&fory, &e), e);
            }
        }
    }
}

// ----- chrono's times of day and offset instants -----

mod with_chrono_times {
    use super::*;
    use fory_core::chrono::{
        DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc,
    };

    fn hms_nano(h: u32, m: u32, s: u32, n: u32) -> NaiveTime {
        NaiveTime::from_hms_nano_opt(h, m, s, n).unwrap()
    }

    #[test]
    fn times_of_day_are_durations_since_midnight() {
        let t = hms_nano(13, 45, 30, 500_000_000);
        for (name, f) in fory_tests::configs() {
            assert_eq!(
                f.serialize(&t).unwrap(),
                f.serialize(&TimeDelta::new(49_530, 500_000_000).unwrap())
                    .unwrap(),
                "{name}"
            );
            // a timedelta under a day from a peer reads as the time
            let d = f.serialize(&TimeDelta::seconds(59)).unwrap();
            assert_eq!(
                f.deserialize::<NaiveTime>(&d).unwrap(),
                hms_nano(0, 0, 59, 0)
            );
        }
        // pyfory.Fory(xlang=True).serialize(timedelta(hours=13, minutes=45,
        // seconds=30, microseconds=500000))
        assert_eq!(xlang().serialize(&t).unwrap(), hex("01ff25f485060065cd1d"));
        assert_eq!(
            xlang()
                .deserialize::<NaiveTime>(&hex("01ff25f485060065cd1d"))
                .unwrap(),
            t
        );
        round_trips_everywhere(&[
            NaiveTime::MIN,
            t,
            hms_nano(23, 59, 59, 999_999_999),
            // the leap second: written as the next second, 86,400.5 s
            hms_nano(23, 59, 59, 1_500_000_000),
        ]);
    }

    #[test]
    fn leap_seconds_are_the_next_second_as_for_instants() {
        let f = xlang();
        let leap = hms_nano(23, 59, 59, 1_500_000_000);
        assert_eq!(
            f.serialize(&leap).unwrap(),
            f.serialize(&TimeDelta::new(86_400, 500_000_000).unwrap())
                .unwrap()
        );
        // another minute's leap second reads back as the next minute
        let odd = hms_nano(12, 34, 59, 1_250_000_000);
        assert_eq!(round_trip(&f, &odd), hms_nano(12, 35, 0, 250_000_000));
        // as DateTime<Utc> does
        let day = NaiveDate::from_ymd_opt(2016, 12, 31).unwrap();
        let instant = day.and_time(leap).and_utc();
        assert_eq!(
            round_trip(&f, &instant),
            day.succ_opt()
                .unwrap()
                .and_time(hms_nano(0, 0, 0, 500_000_000))
                .and_utc()
        );
    }

    #[test]
    fn durations_that_are_no_time_of_day_are_errors() {
        for (name, f) in fory_tests::configs() {
            for d in [
                TimeDelta::new(86_401, 0).unwrap(),
                TimeDelta::days(3),
                TimeDelta::nanoseconds(-1),
                TimeDelta::MIN,
            ] {
                let err = f
                    .deserialize::<NaiveTime>(&f.serialize(&d).unwrap())
                    .unwrap_err();
                assert_eq!(err.kind(), ErrorKind::InvalidData, "{name}");
                assert!(
                    err.to_string().contains("chrono::NaiveTime")
                        && err.to_string().contains("not a time of day"),
                    "{name}: {err}"
                );
            }
            let good = f.serialize(&hms_nano(1, 2, 3, 4)).unwrap();
            for cut in 1..good.len() {
                assert!(f.deserialize::<NaiveTime>(&good[..cut]).is_err(), "{name}");
            }
        }
    }

    #[test]
    fn offset_instants_are_timestamps_read_at_utc() {
        let plus2 = FixedOffset::east_opt(2 * 3600).unwrap();
        let t = plus2.with_ymd_and_hms(2024, 5, 6, 9, 8, 9).unwrap()
            + TimeDelta::nanoseconds(123_456_789);
        let utc = t.with_timezone(&Utc);
        // pyfory.Fory(xlang=True).serialize(datetime(2024, 5, 6, 9, 8, 9,
        // 123456, tzinfo=timezone(timedelta(hours=2))))
        let micros = t - TimeDelta::nanoseconds(789);
        assert_eq!(
            xlang().serialize(&micros).unwrap(),
            hex("01ff26d98138660000000000ca5b07")
        );
        assert_eq!(
            xlang()
                .deserialize::<DateTime<FixedOffset>>(&hex("01ff26d98138660000000000ca5b07"))
                .unwrap(),
            micros
        );
        for (name, f) in fory_tests::configs() {
            assert_eq!(
                f.serialize(&t).unwrap(),
                f.serialize(&utc).unwrap(),
                "{name}"
            );
            let back: DateTime<FixedOffset> = round_trip(&f, &t);
            // the same instant, at +00:00
            assert_eq!(back, t, "{name}");
            assert_eq!(back.offset().local_minus_utc(), 0, "{name}");
            assert_eq!(back.naive_utc(), utc.naive_utc());
        }
        let west = FixedOffset::west_opt(9 * 3600 + 1800).unwrap();
        round_trips_everywhere(&[
            t,
            west.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap(),
            DateTime::UNIX_EPOCH.fixed_offset(),
        ]);
    }

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    struct Shift {
        starts: NaiveTime,
        at: DateTime<FixedOffset>,
        breaks: Vec<NaiveTime>,
        ends: Option<NaiveTime>,
        logged: Option<DateTime<FixedOffset>>,
        stamps: Vec<DateTime<FixedOffset>>,
    }

    #[test]
    fn times_and_offset_instants_are_struct_fields() {
        let plus9 = FixedOffset::east_opt(9 * 3600).unwrap();
        let s = Shift {
            starts: hms_nano(8, 30, 0, 0),
            at: plus9.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap(),
            breaks: vec![hms_nano(12, 0, 0, 0), hms_nano(15, 0, 0, 1)],
            ends: None,
            logged: Some(DateTime::UNIX_EPOCH.fixed_offset()),
            stamps: vec![plus9.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap()],
        };
        for xlang in [false, true] {
            for compatible in [false, true] {
                let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
                fory.register::<Shift>(77).unwrap();
                assert_eq!(
                    round_trip(&fory, &s),
                    s,
                    "xlang {xlang} compatible {compatible}"
                );
            }
        }
    }
}

// ----- rust_decimal (feature `rust_decimal`) -----

mod with_decimal {
    use super::*;
    use fory_core::rust_decimal::Decimal;

    #[test]
    fn decimals_match_pyfory() {
        let f = xlang();
        // pyfory.Fory(xlang=True).serialize(decimal.Decimal(s))
        for (s, bytes) in [
            ("1.25", "01ff2804f403"),
            ("-1.25", "01ff2804f203"),
            ("0", "01ff280000"),
            ("-0.000001", "01ff280c02"),
        ] {
            let d: Decimal = s.parse().unwrap();
            assert_eq!(f.serialize(&d).unwrap(), hex(bytes), "{s}");
            assert_eq!(f.deserialize::<Decimal>(&hex(bytes)).unwrap(), d, "{s}");
        }
        // Decimal("1E+3"): a negative scale, rescaled exactly
        assert_eq!(
            f.deserialize::<Decimal>(&hex("01ff280504")).unwrap(),
            Decimal::from(1000)
        );
        // Decimal("12345678901234567890123.456"): the big encoding
        let big: Decimal = "12345678901234567890123.456".parse().unwrap();
        assert_eq!(
            f.deserialize::<Decimal>(&hex("01ff28062dc0badc6aaa7e22984c360a"))
                .unwrap(),
            big
        );
        assert_eq!(
            f.serialize(&big).unwrap(),
            hex("01ff28062dc0badc6aaa7e22984c360a")
        );
        for d in [
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::new(-7, 3),
        ] {
            assert_eq!(round_trip(&f, &d), d);
            assert_eq!(round_trip(&Fory::builder().build(), &d), d);
        }
    }

    #[test]
    fn decimals_out_of_range_are_errors() {
        let f = xlang();
        // 2^100: 13 magnitude bytes, over 96 bits
        let mut bytes = hex("01ff2800");
        bytes.push(((13u8 << 1) << 1) | 1);
        bytes.extend_from_slice(&[0; 12]);
        bytes.push(0x10);
        let err = f.deserialize::<Decimal>(&bytes).unwrap_err();
        assert!(err.to_string().contains("rust_decimal::Decimal"), "{err}");
        // scale 40 with no trailing zeros to shed
        let err = f.deserialize::<Decimal>(&hex("01ff285002")).unwrap_err();
        assert!(err.to_string().contains("range"), "{err}");
        // a hostile scale on zero is quick and exact
        let mut zero = hex("01ff28");
        zero.extend_from_slice(&[0xfe, 0xff, 0xff, 0xff, 0x0f, 0x00]);
        assert_eq!(f.deserialize::<Decimal>(&zero).unwrap(), Decimal::ZERO);
        // a trailing zero magnitude byte is non-canonical
        let err = f
            .deserialize::<Decimal>(&hex("01ff2800090100"))
            .unwrap_err();
        assert!(err.to_string().contains("non-canonical"), "{err}");
    }
}

// ----- the dynamic Value reads and writes the four -----

#[test]
fn values_read_and_write_pyfory_temporal_and_decimal_bytes() {
    use fory_core::value::Value;
    let f = xlang();
    for (bytes, expected, shown) in [
        ("01ff2798b402", Value::Date(19724), "date(2024-01-02)"),
        ("01ff27f3e457", Value::Date(-719162), "date(0001-01-01)"),
        (
            "01ff26d98138660000000000ca5b07",
            Value::Timestamp {
                seconds: 1714979289,
                nanos: 123_456_000,
            },
            "timestamp(2024-05-06T07:08:09.123456000Z)",
        ),
        (
            "01ff250990d00300",
            Value::Duration {
                seconds: -5,
                nanos: 250_000,
            },
            "duration(-5s + 250000ns)",
        ),
        (
            "01ff2804f403",
            Value::Decimal {
                unscaled: 125,
                scale: 2,
            },
            "1.25",
        ),
        (
            "01ff280c02",
            Value::Decimal {
                unscaled: -1,
                scale: 6,
            },
            "-0.000001",
        ),
        (
            "01ff28062dc0badc6aaa7e22984c360a",
            Value::Decimal {
                unscaled: 12345678901234567890123456,
                scale: 3,
            },
            "12345678901234567890123.456",
        ),
    ] {
        let v: Value = f.deserialize(&hex(bytes)).unwrap();
        assert_eq!(v, expected, "{bytes}");
        assert_eq!(v.to_string(), shown);
        // and written back exactly as pyfory wrote it
        assert_eq!(f.serialize(&v).unwrap(), hex(bytes), "{shown}");
    }
    // a Value with impossible nanoseconds is not written
    let bad = Value::Timestamp {
        seconds: 0,
        nanos: 2_000_000_000,
    };
    assert!(f.serialize(&bad).is_err());
}

// ----- half (feature `half`) -----

#[test]
fn f16_values_and_arrays_match_numpy_float16() {
    use fory_core::half::f16;
    let f = xlang();
    let v = vec![f16::from_f32(1.0), f16::from_f32(-2.5)];
    // pyfory: numpy.array([1.0, -2.5], dtype=numpy.float16)
    assert_eq!(f.serialize(&v).unwrap(), hex("01ff3504003c00c1"));
    assert_eq!(
        f.deserialize::<Vec<f16>>(&hex("01ff3504003c00c1")).unwrap(),
        v
    );
    let one = f16::from_f32(0.333);
    assert_eq!(round_trip(&f, &one), one);
    // out-of-band in native mode, zero-copy like the other arrays
    let native = Fory::builder().build();
    let big: Vec<f16> = (0..1000).map(|i| f16::from_f32(i as f32)).collect();
    let mut objs = Vec::new();
    let data = native.serialize_with_callback(&big, &mut objs).unwrap();
    assert_eq!(objs.len(), 1);
    assert_eq!(objs[0].total_bytes(), 2000);
    let back: Vec<f16> = native.deserialize_with_buffers(&data, &objs).unwrap();
    assert_eq!(back, big);
    #[derive(ForyObject, Debug, PartialEq)]
    struct Half {
        x: f16,
        xs: Vec<f16>,
    }
    for compatible in [false, true] {
        let mut fory = Fory::builder().xlang(true).compatible(compatible).build();
        fory.register::<Half>(72).unwrap();
        let h = Half {
            x: f16::from_f32(2.0),
            xs: v.clone(),
        };
        assert_eq!(round_trip(&fory, &h), h);
    }
}

#[test]
fn bf16_values_and_arrays_match_pyfory_bfloat16() {
    use fory_core::buffers::{BufferKind, ElemType, SharedArray};
    use fory_core::half::bf16;
    let f = xlang();
    // pyfory reads these as 1.0 (a BFLOAT16 scalar, pyfory.BFloat16) ...
    assert_eq!(f.serialize(&bf16::ONE).unwrap(), hex("01ff12803f"));
    assert_eq!(
        f.deserialize::<bf16>(&hex("01ff12803f")).unwrap(),
        bf16::ONE
    );
    // ... and writes pyfory.BFloat16Array.from_values([1.0, -2.5]) so
    let v = vec![bf16::from_f32(1.0), bf16::from_f32(-2.5)];
    assert_eq!(f.serialize(&v).unwrap(), hex("01ff3604803f20c0"));
    assert_eq!(
        f.deserialize::<Vec<bf16>>(&hex("01ff3604803f20c0"))
            .unwrap(),
        v
    );
    // a FLOAT16 is no BFLOAT16, nor a FLOAT16_ARRAY a BFLOAT16_ARRAY
    let e = f
        .deserialize::<Vec<bf16>>(&hex("01ff3504003c00c1"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TypeMismatch);
    let e = f.deserialize::<bf16>(&hex("01ff11003c")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
    round_trips_everywhere(&[
        bf16::ZERO,
        bf16::NEG_ZERO,
        bf16::MAX,
        bf16::MIN_POSITIVE_SUBNORMAL,
        bf16::INFINITY,
        bf16::from_f32(-1234.5),
    ]);
    // out-of-band in native mode, zero-copy into a SharedArray
    let native = Fory::builder().build();
    let big: Vec<bf16> = (0..1000).map(|i| bf16::from_f32(i as f32)).collect();
    let mut objs = Vec::new();
    let data = native.serialize_with_callback(&big, &mut objs).unwrap();
    assert_eq!(objs[0].kind(), BufferKind::PrimitiveArray(ElemType::BF16));
    assert_eq!(objs[0].total_bytes(), 2000);
    let buffers: Vec<bytes::Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    let back: SharedArray<bf16> = native
        .deserialize_with_buffers(&data, buffers.clone())
        .unwrap();
    assert_eq!(&back[..], &big[..]);
    assert_eq!(back.as_ptr() as *const u8, buffers[0].as_ptr());
    #[derive(ForyObject, Debug, PartialEq)]
    struct Brain {
        x: bf16,
        xs: Vec<bf16>,
        maybe: Option<bf16>,
    }
    for compatible in [false, true] {
        let mut fory = Fory::builder().xlang(true).compatible(compatible).build();
        fory.register::<Brain>(73).unwrap();
        let b = Brain {
            x: bf16::from_f32(2.0),
            xs: v.clone(),
            maybe: Some(bf16::NAN),
        };
        let back = round_trip(&fory, &b);
        assert_eq!((back.x, &back.xs), (b.x, &b.xs));
        assert!(back.maybe.is_some_and(|x| x.is_nan()));
    }
}

#[test]
fn shared_f16_arrays_are_numpy_float16_arrays_and_zero_copy() {
    use fory_core::buffers::{BufferKind, ElemType, SharedArray};
    use fory_core::half::f16;
    let v = SharedArray::from_vec(vec![f16::from_f32(1.0), f16::from_f32(-2.5)]);
    // xlang: the bytes of numpy.array([1.0, -2.5], dtype=numpy.float16)
    assert_eq!(xlang().serialize(&v).unwrap(), hex("01ff3504003c00c1"));
    let back: SharedArray<f16> = xlang().deserialize(&hex("01ff3504003c00c1")).unwrap();
    assert_eq!(back, v);
    // pyfory's out-of-band form of an array: BINARY of arr.tobytes()
    let raw = bytes::Bytes::from(v.as_bytes().to_vec());
    let mut objs = Vec::new();
    let data = xlang().serialize_with_callback(&raw, &mut objs).unwrap();
    let given = vec![objs[0].to_buffer()];
    let back: SharedArray<f16> = xlang()
        .deserialize_with_buffers(&data, given.clone())
        .unwrap();
    assert_eq!(back, v);
    assert_eq!(back.as_ptr() as *const u8, given[0].as_ptr());
    // native: offered as its own memory, read back into the buffer
    let native = Fory::builder().build();
    let mut objs = Vec::new();
    let data = native.serialize_with_callback(&v, &mut objs).unwrap();
    assert_eq!(objs[0].kind(), BufferKind::SharedArray(ElemType::F16));
    assert_eq!(objs[0].getbuffer().as_ptr(), v.as_bytes().as_ptr());
    let given = vec![objs[0].to_buffer()];
    let back: SharedArray<f16> = native
        .deserialize_with_buffers(&data, given.clone())
        .unwrap();
    assert_eq!(back.as_ptr() as *const u8, given[0].as_ptr());
    // an odd number of bytes is an error naming the element type
    let odd = vec![bytes::Bytes::from_static(&[0, 0x3c, 0])];
    let data = xlang()
        .serialize_with_callback(&bytes::Bytes::from_static(&[0, 0x3c, 0]), &mut Vec::new())
        .unwrap();
    let e = xlang()
        .deserialize_with_buffers::<SharedArray<f16>, _>(&data, odd)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "out-of-band buffer #1 has 3 bytes, not a whole number of 2-byte elements (for f16)"
    );
}

#[test]
fn wide_integers_are_integral_decimals_as_pyfory_writes_them() {
    let f = xlang();
    // pyfory.Fory(xlang=True).serialize(decimal.Decimal(v))
    for (v, bytes) in [
        (0i128, "01ff280000"),
        (1, "01ff280004"),
        (-1, "01ff280002"),
        (1 << 62, "01ff2800210000000000000040"),
        (-(1 << 62), "01ff2800feffffffffffffffff"),
        (i128::MAX, "01ff280041ffffffffffffffffffffffffffffff7f"),
        (i128::MIN, "01ff28004300000000000000000000000000000080"),
    ] {
        assert_eq!(f.serialize(&v).unwrap(), hex(bytes), "{v}");
        assert_eq!(f.deserialize::<i128>(&hex(bytes)).unwrap(), v);
    }
    let max = "01ff280041ffffffffffffffffffffffffffffffff";
    assert_eq!(f.serialize(&u128::MAX).unwrap(), hex(max));
    assert_eq!(f.deserialize::<u128>(&hex(max)).unwrap(), u128::MAX);
    // out of range, negative into u128, or not an integer: errors
    assert!(f.deserialize::<i128>(&hex(max)).is_err());
    assert!(f.deserialize::<u128>(&hex("01ff280002")).is_err());
    assert!(f.deserialize::<u128>(&hex("01ff2804f403")).is_err()); // 1.25
                                                                   // Decimal("1E+3") and Decimal("2.00") are integers
    assert_eq!(f.deserialize::<u128>(&hex("01ff280504")).unwrap(), 1000);
    let mut two = f.serialize(&200u128).unwrap();
    two[3] = 0x04; // scale 2: 200 × 10^-2
    assert_eq!(f.deserialize::<u128>(&two).unwrap(), 2);
    for fory in [xlang(), Fory::builder().build()] {
        for v in [0u128, 7, u64::MAX as u128 + 1, u128::MAX] {
            assert_eq!(round_trip(&fory, &v), v);
        }
        #[derive(ForyObject, Debug, PartialEq)]
        struct Wide {
            a: u128,
            b: i128,
            c: Vec<i128>,
        }
        let w = Wide {
            a: u128::MAX - 1,
            b: i128::MIN + 1,
            c: vec![-5, 5],
        };
        let mut fory = fory;
        fory.register::<Wide>(73).unwrap();
        assert_eq!(round_trip(&fory, &w), w);
    }
}

#[derive(ForyObject, Debug, PartialEq)]
struct Wrapped<T> {
    counter: std::num::Wrapping<u32>,
    level: std::num::Saturating<i16>,
    rank: std::cmp::Reverse<i64>,
    hits: std::cell::Cell<u64>,
    big: std::num::NonZeroU128,
    signed: std::num::NonZeroI128,
    // a marker: not written, `PhantomData` again on read
    marker: std::marker::PhantomData<T>,
    tail: String,
}

/// The wrappers that are their value (`Wrapping`, `Saturating`,
/// `Reverse`, `Cell`) write exactly what their value writes, and the
/// 128-bit `NonZero`s what `u128`/`i128` do; a struct with a
/// `PhantomData` field leaves it off the wire.
#[test]
fn value_wrappers_and_markers_are_their_values() {
    use std::num::{NonZeroI128, NonZeroU128, Saturating, Wrapping};
    for xlang in [false, true] {
        for compatible in [false, true] {
            let f = Fory::builder().xlang(xlang).compatible(compatible).build();
            let same = |a: Vec<u8>, b: Vec<u8>| assert_eq!(a, b, "xlang {xlang}");
            same(
                f.serialize(&Wrapping(7u32)).unwrap(),
                f.serialize(&7u32).unwrap(),
            );
            same(
                f.serialize(&Saturating(-7i16)).unwrap(),
                f.serialize(&-7i16).unwrap(),
            );
            same(
                f.serialize(&std::cmp::Reverse("r".to_string())).unwrap(),
                f.serialize(&"r".to_string()).unwrap(),
            );
            same(
                f.serialize(&std::cell::Cell::new(3.5f64)).unwrap(),
                f.serialize(&3.5f64).unwrap(),
            );
            let big = NonZeroU128::new(u128::MAX).unwrap();
            same(f.serialize(&big).unwrap(), f.serialize(&u128::MAX).unwrap());
            assert_eq!(round_trip(&f, &big), big);
            assert!(f
                .deserialize::<NonZeroI128>(&f.serialize(&0i128).unwrap())
                .is_err());
            let heap = BinaryHeap::from([std::cmp::Reverse(3), std::cmp::Reverse(1)]);
            assert_eq!(
                round_trip(&f, &heap).into_sorted_vec(),
                heap.clone().into_sorted_vec()
            );

            let mut f = f;
            f.register::<Wrapped<String>>(60).unwrap();
            let w = Wrapped::<String> {
                counter: Wrapping(u32::MAX),
                level: Saturating(i16::MIN),
                rank: std::cmp::Reverse(-9),
                hits: std::cell::Cell::new(12),
                big: NonZeroU128::new(1 << 100).unwrap(),
                signed: NonZeroI128::new(-(1 << 90)).unwrap(),
                marker: std::marker::PhantomData,
                tail: "end".into(),
            };
            assert_eq!(
                round_trip(&f, &w),
                w,
                "xlang {xlang}, compatible {compatible}"
            );
            // the marker is no field: the TypeDef and hash see seven
            use fory_core::UserType;
            assert_eq!(<Wrapped<String> as UserType>::fory_fields().len(), 7);
        }
    }
}

// ----- network addresses, OS strings -----

fn v6() -> Ipv6Addr {
    "2001:db8::8a2e:370:7334".parse().unwrap()
}

#[test]
fn addresses_are_their_text_in_both_modes() {
    let v4 = Ipv4Addr::new(192, 168, 0, 1);
    let sock6 = SocketAddrV6::new(v6(), 8443, 0, 3);
    for (name, f) in fory_tests::configs() {
        // exactly the bytes of their standard text as a String
        let same = |bytes: Vec<u8>, text: &str| {
            assert_eq!(
                bytes,
                f.serialize(&text.to_string()).unwrap(),
                "{name}: {text}"
            )
        };
        same(f.serialize(&v4).unwrap(), "192.168.0.1");
        same(f.serialize(&v6()).unwrap(), "2001:db8::8a2e:370:7334");
        same(
            f.serialize(&IpAddr::V6(Ipv6Addr::LOCALHOST)).unwrap(),
            "::1",
        );
        same(
            f.serialize(&SocketAddrV4::new(v4, 80)).unwrap(),
            "192.168.0.1:80",
        );
        same(
            f.serialize(&sock6).unwrap(),
            "[2001:db8::8a2e:370:7334%3]:8443",
        );
        same(
            f.serialize(&SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::LOCALHOST,
                1,
                0,
                0,
            )))
            .unwrap(),
            "[::1]:1",
        );
        // and a string from a peer is read as one
        let text = f.serialize(&"10.0.0.255".to_string()).unwrap();
        assert_eq!(
            f.deserialize::<IpAddr>(&text).unwrap(),
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 255))
        );
        assert_eq!(
            f.deserialize::<String>(&f.serialize(&sock6).unwrap())
                .unwrap(),
            "[2001:db8::8a2e:370:7334%3]:8443"
        );
    }
    round_trips_everywhere(&[v4, Ipv4Addr::UNSPECIFIED, Ipv4Addr::BROADCAST]);
    round_trips_everywhere(&[
        v6(),
        Ipv6Addr::LOCALHOST,
        Ipv4Addr::LOCALHOST.to_ipv6_mapped(),
    ]);
    round_trips_everywhere(&[IpAddr::V4(v4), IpAddr::V6(v6())]);
    round_trips_everywhere(&[SocketAddrV4::new(v4, 0), SocketAddrV4::new(v4, 65535)]);
    round_trips_everywhere(&[sock6, SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, 9, 0, 0)]);
    round_trips_everywhere(&[
        SocketAddr::V4(SocketAddrV4::new(v4, 22)),
        SocketAddr::V6(sock6),
    ]);
    // a map keyed by address
    let hosts = HashMap::from([(IpAddr::V4(v4), "router".to_string())]);
    for (name, f) in fory_tests::configs() {
        assert_eq!(round_trip(&f, &hosts), hosts, "{name}");
    }
}

/// `SocketAddrV6`'s text has no flow info: it reads back as 0.
#[test]
fn socket_v6_flow_info_is_not_kept() {
    let with_flow = SocketAddrV6::new(v6(), 80, 7, 0);
    let back = round_trip(&xlang(), &with_flow);
    assert_eq!(back, SocketAddrV6::new(v6(), 80, 0, 0));
}

#[test]
fn unparsable_addresses_are_errors_naming_the_type_and_text() {
    for (name, f) in fory_tests::configs() {
        let bad = f.serialize(&"10.0.0.256".to_string()).unwrap();
        let err = f.deserialize::<Ipv4Addr>(&bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData, "{name}");
        let msg = err.to_string();
        assert!(
            msg.contains("std::net::Ipv4Addr") && msg.contains("\"10.0.0.256\""),
            "{name}: {msg}"
        );
        // an IPv6 address is not an Ipv4Addr, nor a bare address a socket
        assert!(f
            .deserialize::<Ipv4Addr>(&f.serialize(&Ipv6Addr::LOCALHOST).unwrap())
            .is_err());
        let msg = f
            .deserialize::<SocketAddr>(&f.serialize(&Ipv6Addr::LOCALHOST).unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("std::net::SocketAddr") && msg.contains("\"::1\""),
            "{msg}"
        );
        // a megabyte of text is cut to its first 64 bytes in the message
        let long = "9".repeat(1 << 20);
        let msg = f
            .deserialize::<IpAddr>(&f.serialize(&long).unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("(1048576 bytes)"),
            "{name}: {}",
            &msg[..msg.len().min(400)]
        );
        assert!(msg.len() < 400, "{name}: a {}-byte message", msg.len());
        // a multi-byte char at the cut is not split
        let wide = "é".repeat(100);
        let msg = f
            .deserialize::<IpAddr>(&f.serialize(&wide).unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains(&"é".repeat(32)) && msg.contains("(200 bytes)"),
            "{msg}"
        );
        // another type altogether
        let err = f
            .deserialize::<Ipv6Addr>(&f.serialize(&7i32).unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{name}");
        // every truncation of a good one
        let good = f
            .serialize(&SocketAddr::V6(SocketAddrV6::new(v6(), 1, 0, 0)))
            .unwrap();
        for cut in 1..good.len() {
            assert!(
                f.deserialize::<SocketAddr>(&good[..cut]).is_err(),
                "{name}: cut at {cut}"
            );
        }
    }
}

#[test]
fn os_strings_are_strings_and_native_keeps_os_bytes() {
    let s = OsString::from("plain €");
    for (name, f) in fory_tests::configs() {
        assert_eq!(
            f.serialize(&s).unwrap(),
            f.serialize(&"plain €".to_string()).unwrap(),
            "{name}"
        );
        // a `&OsStr` writes the same
        assert_eq!(
            f.serialize(s.as_os_str()).unwrap(),
            f.serialize(&s).unwrap()
        );
        assert_eq!(
            f.deserialize::<OsString>(&f.serialize(&"from a peer".to_string()).unwrap())
                .unwrap(),
            "from a peer"
        );
    }
    round_trips_everywhere(&[s, OsString::new()]);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let odd = OsString::from_vec(b"caf\xe9".to_vec());
        let native = Fory::builder().build();
        assert_eq!(round_trip(&native, &odd), odd);
        assert_eq!(round_trip(&native, &vec![odd.clone()]), vec![odd.clone()]);
        // a path reads the same bytes back (one encoding for both)
        assert_eq!(
            native
                .deserialize::<PathBuf>(&native.serialize(&odd).unwrap())
                .unwrap()
                .into_os_string(),
            odd
        );
        let err = xlang().serialize(&odd).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(
            err.to_string().contains("OS string") && err.to_string().contains("not UTF-8"),
            "{err}"
        );
        // read as a String it is an error, not a lossy string
        assert!(native
            .deserialize::<String>(&native.serialize(&odd).unwrap())
            .is_err());
        // a length past the input is an error naming it, with no allocation
        let mut bytes = native.serialize(&odd).unwrap();
        bytes.truncate(3);
        bytes.extend_from_slice(&[0xfe, 0xff, 0xff, 0xff, 0x0f]);
        let err = native.deserialize::<OsString>(&bytes).unwrap_err();
        assert!(err.to_string().contains("an OS string length"), "{err}");
    }
}

/// `Box`, `Rc` and `Arc` of `Path` and `OsStr` are their owned forms on
/// the wire, and read back as themselves.
#[test]
fn boxed_and_shared_paths_and_os_strings_are_strings() {
    use std::ffi::OsStr;
    use std::path::Path;
    let p: Box<Path> = PathBuf::from("/srv/data/ü.bin").into_boxed_path();
    let o: Box<OsStr> = OsString::from("plain €").into_boxed_os_str();
    for (name, f) in fory_tests::configs() {
        assert_eq!(
            f.serialize(&p).unwrap(),
            f.serialize(&"/srv/data/ü.bin".to_string()).unwrap(),
            "{name}"
        );
        assert_eq!(
            f.serialize(&o).unwrap(),
            f.serialize(&"plain €".to_string()).unwrap(),
            "{name}"
        );
        // what a peer's string reads as
        let text = f.serialize(&"from a peer".to_string()).unwrap();
        assert_eq!(
            &*f.deserialize::<Box<Path>>(&text).unwrap(),
            Path::new("from a peer")
        );
        assert_eq!(
            &*f.deserialize::<Box<OsStr>>(&text).unwrap(),
            OsStr::new("from a peer")
        );
        assert_eq!(
            &*f.deserialize::<Rc<Path>>(&text).unwrap(),
            Path::new("from a peer")
        );
        assert_eq!(
            &*f.deserialize::<Arc<OsStr>>(&text).unwrap(),
            OsStr::new("from a peer")
        );
    }
    round_trips_everywhere(&[p.clone(), PathBuf::new().into_boxed_path()]);
    round_trips_everywhere(&[o.clone(), OsString::new().into_boxed_os_str()]);
    round_trips_everywhere(&[Rc::<Path>::from(Path::new("rc")), Rc::from(Path::new(""))]);
    round_trips_everywhere(&[Arc::<Path>::from(Path::new("arc"))]);
    round_trips_everywhere(&[Rc::<OsStr>::from(OsStr::new("rc"))]);
    round_trips_everywhere(&[Arc::<OsStr>::from(OsStr::new("arc"))]);
    // shared pointers stay shared under ref tracking
    let fory = Fory::builder().ref_tracking(true).build();
    let shared: Arc<Path> = Arc::from(Path::new("/shared"));
    let back: Vec<Arc<Path>> = round_trip(&fory, &vec![shared.clone(), shared]);
    assert!(Arc::ptr_eq(&back[0], &back[1]));
    let shared: Rc<OsStr> = Rc::from(OsStr::new("shared"));
    let back: Vec<Rc<OsStr>> = round_trip(&fory, &vec![shared.clone(), shared]);
    assert!(Rc::ptr_eq(&back[0], &back[1]));
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let odd_path: Box<Path> = Path::new(OsStr::from_bytes(b"/tmp/\xff.bin")).into();
        let odd: Box<OsStr> = OsStr::from_bytes(b"caf\xe9").into();
        let native = Fory::builder().build();
        assert_eq!(round_trip(&native, &odd_path), odd_path);
        assert_eq!(round_trip(&native, &odd), odd);
        let err = xlang().serialize(&odd_path).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
        // a length past the input is an error naming it
        let mut bytes = native.serialize(&odd_path).unwrap();
        bytes.truncate(3);
        bytes.extend_from_slice(&[0xfe, 0xff, 0xff, 0xff, 0x0f]);
        let err = native.deserialize::<Box<Path>>(&bytes).unwrap_err();
        assert!(err.to_string().contains("a path length"), "{err}");
        // truncated data
        let bytes = native.serialize(&odd).unwrap();
        for cut in 0..bytes.len() {
            assert!(native.deserialize::<Box<OsStr>>(&bytes[..cut]).is_err());
        }
    }
}

mod boxed_rec {
    use super::*;
    use std::ffi::OsStr;
    use std::path::Path;

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Files {
        pub path: Box<Path>,
        pub os: Box<OsStr>,
        pub shared: Arc<Path>,
        pub many: Vec<Box<Path>>,
        pub maybe: Option<Box<OsStr>>,
    }

    /// `Files` without its last three fields: a compatible reader of it
    /// fills them with their zero values.
    pub mod older {
        use super::*;
        #[derive(ForyObject, Debug, Clone, PartialEq)]
        pub struct Files {
            pub path: Box<Path>,
            pub os: Box<OsStr>,
        }
    }
}

#[test]
fn boxed_paths_and_os_strings_are_struct_fields_with_empty_zero_values() {
    use std::ffi::OsStr;
    use std::path::Path;
    let v = boxed_rec::Files {
        path: Path::new("a/b").into(),
        os: OsStr::new("os").into(),
        shared: Arc::from(Path::new("/etc")),
        many: vec![Path::new("x").into(), Path::new("").into()],
        maybe: Some(OsStr::new("m").into()),
    };
    for xlang in [false, true] {
        for compatible in [false, true] {
            let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
            fory.register::<boxed_rec::Files>(75).unwrap();
            assert_eq!(
                round_trip(&fory, &v),
                v,
                "xlang {xlang} compatible {compatible}"
            );
        }
        let mut old = Fory::builder().xlang(xlang).build();
        old.register::<boxed_rec::older::Files>(75).unwrap();
        let mut new = Fory::builder().xlang(xlang).build();
        new.register::<boxed_rec::Files>(75).unwrap();
        let bytes = old
            .serialize(&boxed_rec::older::Files {
                path: Path::new("p").into(),
                os: OsStr::new("o").into(),
            })
            .unwrap();
        let back: boxed_rec::Files = new.deserialize(&bytes).unwrap();
        assert_eq!(&*back.path, Path::new("p"));
        assert_eq!(&*back.shared, Path::new(""));
        assert!(back.many.is_empty());
        assert_eq!(back.maybe, None);
    }
}

mod cow_rec {
    use super::*;
    use std::ffi::OsStr;
    use std::path::Path;

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Point {
        pub x: i32,
        pub y: i32,
    }

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Cows {
        pub path: Cow<'static, Path>,
        pub os: Cow<'static, OsStr>,
        pub point: Cow<'static, Point>,
        pub text: Cow<'static, str>,
        pub bytes: Cow<'static, [u8]>,
        pub paths: Vec<Cow<'static, Path>>,
        pub maybe: Option<Cow<'static, Point>>,
    }

    /// `Cows` with the owned types in their place: the same bytes.
    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Owned {
        pub path: PathBuf,
        pub os: OsString,
        pub point: Point,
        pub text: String,
        pub bytes: Vec<u8>,
        pub paths: Vec<PathBuf>,
        pub maybe: Option<Point>,
    }
}

/// `Cow<B>` is `B`'s owned form on the wire, borrowed or owned, and reads
/// back owned: paths, OS strings, user types, strings and slices, as
/// values and as struct fields in both modes and layouts.
#[test]
fn cows_are_their_owned_form() {
    use cow_rec::{Cows, Owned, Point};
    use std::ffi::OsStr;
    use std::path::Path;
    static P: Point = Point { x: 1, y: -2 };
    let p = &P;
    for (name, f) in fory_tests::configs() {
        let mut f = f;
        f.register::<Point>(90).unwrap();
        let borrowed: Cow<Path> = Cow::Borrowed(Path::new("/srv/ü"));
        assert_eq!(
            f.serialize(&borrowed).unwrap(),
            f.serialize(&PathBuf::from("/srv/ü")).unwrap(),
            "{name}"
        );
        let back: Cow<'static, Path> = round_trip(&f, &borrowed);
        assert!(matches!(back, Cow::Owned(_)), "{name}");
        assert_eq!(back, borrowed, "{name}");
        let os: Cow<OsStr> = Cow::Borrowed(OsStr::new("os €"));
        assert_eq!(round_trip(&f, &os), os, "{name}");
        let point: Cow<Point> = Cow::Borrowed(p);
        assert_eq!(
            f.serialize(&point).unwrap(),
            f.serialize(p).unwrap(),
            "{name}"
        );
        assert_eq!(round_trip(&f, &point), point, "{name}");
        let ints: Cow<[i64]> = Cow::Borrowed(&[1, -2, 3]);
        assert_eq!(
            f.serialize(&ints).unwrap(),
            f.serialize(&vec![1i64, -2, 3]).unwrap(),
            "{name}"
        );
        // the wrong type is still an error
        let text = f.serialize(&"s".to_string()).unwrap();
        assert!(f.deserialize::<Cow<Point>>(&text).is_err(), "{name}");
    }
    let cows = Cows {
        path: Cow::Borrowed(Path::new("a/b")),
        os: Cow::Owned(OsString::from("o")),
        point: Cow::Borrowed(p),
        text: Cow::Borrowed("t"),
        bytes: Cow::Borrowed(b"\x00\x01"),
        paths: vec![Cow::Borrowed(Path::new("x")), Cow::Owned(PathBuf::new())],
        maybe: Some(Cow::Owned(Point { x: 3, y: 4 })),
    };
    let owned = Owned {
        path: "a/b".into(),
        os: "o".into(),
        point: p.clone(),
        text: "t".into(),
        bytes: vec![0, 1],
        paths: vec!["x".into(), PathBuf::new()],
        maybe: Some(Point { x: 3, y: 4 }),
    };
    for xlang in [false, true] {
        for compatible in [false, true] {
            let what = format!("xlang {xlang} compatible {compatible}");
            let make = || {
                let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
                f.register::<Point>(90).unwrap();
                f
            };
            let mut a = make();
            a.register::<Cows>(91).unwrap();
            let mut b = make();
            b.register::<Owned>(91).unwrap();
            let bytes = a.serialize(&cows).unwrap();
            assert_eq!(bytes, b.serialize(&owned).unwrap(), "{what}");
            assert_eq!(a.deserialize::<Cows>(&bytes).unwrap(), cows, "{what}");
            assert_eq!(b.deserialize::<Owned>(&bytes).unwrap(), owned, "{what}");
        }
    }
}

mod net_rec {
    use super::*;

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Net {
        pub v4: Ipv4Addr,
        pub v6: Ipv6Addr,
        pub ip: IpAddr,
        pub sock4: SocketAddrV4,
        pub sock6: SocketAddrV6,
        pub sock: SocketAddr,
        pub peers: Vec<IpAddr>,
        pub backup: Option<SocketAddr>,
        pub none: Option<Ipv4Addr>,
        pub os: OsString,
        pub tail: i32,
    }
}

fn net() -> net_rec::Net {
    let v4 = Ipv4Addr::new(10, 1, 2, 3);
    net_rec::Net {
        v4,
        v6: v6(),
        ip: IpAddr::V6(Ipv6Addr::LOCALHOST),
        sock4: SocketAddrV4::new(v4, 53),
        sock6: SocketAddrV6::new(v6(), 443, 0, 0),
        sock: SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 8080)),
        peers: vec![IpAddr::V4(v4), IpAddr::V6(v6())],
        backup: Some(SocketAddr::V6(SocketAddrV6::new(v6(), 1, 0, 0))),
        none: None,
        os: OsString::from("os"),
        tail: -1,
    }
}

#[test]
fn addresses_and_os_strings_are_struct_fields_in_both_modes_and_layouts() {
    let v = net();
    for xlang in [false, true] {
        for compatible in [false, true] {
            for refs in [false, true] {
                let mut fory = Fory::builder()
                    .xlang(xlang)
                    .compatible(compatible)
                    .ref_tracking(refs)
                    .build();
                fory.register::<net_rec::Net>(74).unwrap();
                assert_eq!(
                    round_trip(&fory, &v),
                    v,
                    "xlang {xlang} compatible {compatible} refs {refs}"
                );
                let list = vec![v.clone(), v.clone()];
                assert_eq!(round_trip(&fory, &list), list);
            }
        }
    }
}

// ----- (), Result, Range -----

#[test]
fn unit_is_none_with_no_data_and_reads_a_null() {
    for (name, f) in fory_tests::configs() {
        let bytes = f.serialize(&()).unwrap();
        // the header, the flag, NONE (36), and no data
        assert_eq!(bytes.len(), 3, "{name}");
        assert_eq!(bytes[2], 36, "{name}");
        f.deserialize::<()>(&bytes).unwrap();
        // a null reads as (), alone or as a map value
        f.deserialize::<()>(&f.serialize(&None::<String>).unwrap())
            .unwrap();
        let keys: HashMap<String, ()> = f
            .deserialize(
                &f.serialize(&HashMap::from([("k".to_string(), None::<i32>)]))
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(keys, HashMap::from([("k".to_string(), ())]), "{name}");
        // Option<()> keeps Some(()) apart from None
        assert_eq!(round_trip(&f, &Some(())), Some(()), "{name}");
        assert_eq!(round_trip(&f, &None::<()>), None, "{name}");
        // a value is not ()
        let err = f
            .deserialize::<()>(&f.serialize(&1i32).unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{name}");
    }
    // pyfory.Fory(xlang=True).serialize(v) for None, [None, None] and
    // {"k": None}, with ref=False and ref=True
    let x = xlang();
    let refs = Fory::builder().xlang(true).ref_tracking(true).build();
    for f in [&x, &refs] {
        f.deserialize::<()>(&hex("01fd")).unwrap();
    }
    assert_eq!(
        x.deserialize::<Vec<()>>(&hex("01ff16020a24fdfd")).unwrap(),
        [(), ()]
    );
    assert_eq!(
        refs.deserialize::<Vec<()>>(&hex("010016020a24fdfd"))
            .unwrap(),
        [(), ()]
    );
    let k = HashMap::from([("k".to_string(), ())]);
    assert_eq!(
        x.deserialize::<HashMap<String, ()>>(&hex("01ff180111ff15046b"))
            .unwrap(),
        k
    );
    assert_eq!(
        refs.deserialize::<HashMap<String, ()>>(&hex("01001801110015046b"))
            .unwrap(),
        k
    );
    round_trips_everywhere(&[()]);
    let set = HashMap::from([("a".to_string(), ()), ("b".to_string(), ())]);
    for (name, f) in fory_tests::configs() {
        assert_eq!(round_trip(&f, &set), set, "{name}");
        assert_eq!(round_trip(&f, &vec![(); 1000]).len(), 1000, "{name}");
    }
}

/// A list of units has no element data: its elements are charged to the
/// read's budget for values that take no input (16 per input byte plus
/// 1 MiB), so a claimed length of 2^31 is an error, not a long loop.
#[test]
fn a_hostile_list_of_units_is_refused() {
    for (name, f) in fory_tests::configs() {
        let mut bytes = f.serialize(&vec![(); 3]).unwrap();
        // header, flag, LIST, then the length 3
        let at = bytes.iter().position(|&b| b == 22).unwrap() + 1;
        assert_eq!(bytes[at], 3, "{name}");
        bytes.splice(at..at + 1, [0xff, 0xff, 0xff, 0xff, 0x07]);
        let err = f.deserialize::<Vec<()>>(&bytes).unwrap_err();
        assert!(
            err.to_string().contains("rejected as hostile"),
            "{name}: {err}"
        );
    }
}

#[derive(ForyObject, Debug, Clone, PartialEq)]
pub enum R<T, E> {
    Ok(T),
    Err(E),
}

#[test]
fn results_are_the_bytes_of_a_derived_two_case_enum() {
    type Res = Result<i32, String>;
    let values: [(Res, R<i32, String>); 2] = [
        (Ok(-5), R::Ok(-5)),
        (Err("bad".into()), R::Err("bad".into())),
    ];
    for (name, _) in fory_tests::configs() {
        for by_name in [false, true] {
            let mut f = Fory::builder()
                .xlang(name.starts_with("xlang"))
                .ref_tracking(name.ends_with("true"))
                .compatible(by_name)
                .build();
            if by_name {
                f.register_by_name::<R<i32, String>>("t", "R").unwrap();
            } else {
                f.register::<R<i32, String>>(75).unwrap();
            }
            for (res, r) in &values {
                let res_bytes = f.serialize(res).unwrap();
                let r_bytes = f.serialize(r).unwrap();
                // UNION alone, against TYPED_UNION and the id / NAMED_UNION
                // and the name (a TypeDef when compatible)
                assert_eq!(res_bytes[2], 33, "{name}");
                let data = if by_name {
                    assert_eq!(r_bytes[2], 35, "{name}");
                    r_bytes.len() - (res_bytes.len() - 3)
                } else {
                    assert_eq!(r_bytes[2..4], [34, 75], "{name}");
                    4
                };
                assert_eq!(res_bytes[3..], r_bytes[data..], "{name}, by name {by_name}");
                // each reads the other's
                assert_eq!(f.deserialize::<R<i32, String>>(&res_bytes).unwrap(), *r);
                assert_eq!(f.deserialize::<Res>(&r_bytes).unwrap(), *res, "{name}");
            }
        }
    }
    // Result<(), E>'s Ok(()) is a whole value of NONE
    let f = xlang();
    assert_eq!(
        f.serialize(&Ok::<(), String>(())).unwrap(),
        hex("01 ff 21 00 ff 24")
    );
}

#[test]
fn results_round_trip_and_refuse_bad_input() {
    round_trips_everywhere::<Result<i32, String>>(&[Ok(1), Err("e".into()), Ok(i32::MIN)]);
    round_trips_everywhere::<Result<(), String>>(&[Ok(()), Err("failed".into())]);
    round_trips_everywhere::<Result<Option<Vec<u8>>, Ipv4Addr>>(&[
        Ok(Some(vec![1, 2])),
        Ok(None),
        Err(Ipv4Addr::LOCALHOST),
    ]);
    round_trips_everywhere::<Result<Result<u8, String>, char>>(&[
        Ok(Ok(1)),
        Ok(Err("inner".into())),
        Err('x'),
    ]);
    for (name, f) in fory_tests::configs() {
        let good = f.serialize(&Err::<i32, String>("bad".into())).unwrap();
        // the case after the type id: 1 (Err); 2 is neither
        assert_eq!(good[3], 1, "{name}");
        let mut bad = good.clone();
        bad[3] = 2;
        let err = f.deserialize::<Result<i32, String>>(&bad).unwrap_err();
        assert!(
            err.to_string().contains("union case 2") && err.to_string().contains("Result"),
            "{name}: {err}"
        );
        for cut in 1..good.len() {
            assert!(
                f.deserialize::<Result<i32, String>>(&good[..cut]).is_err(),
                "{name}: cut at {cut}"
            );
        }
        // the case's value of another type
        let err = f.deserialize::<Result<u64, i32>>(&good).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{name}");
        // not a union at all
        let err = f
            .deserialize::<Result<i32, String>>(&f.serialize(&7i32).unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{name}");
        assert!(err.to_string().contains("Result"), "{name}: {err}");
    }
}

#[test]
fn ranges_are_the_bytes_of_their_pair() {
    for (name, f) in fory_tests::configs() {
        let same = |a: Vec<u8>, b: Vec<u8>| assert_eq!(a, b, "{name}");
        same(
            f.serialize(&(-3i32..7)).unwrap(),
            f.serialize(&(-3i32, 7i32)).unwrap(),
        );
        same(
            f.serialize(&(1u64..=9)).unwrap(),
            f.serialize(&(1u64, 9u64)).unwrap(),
        );
        same(
            f.serialize(&("a".to_string().."z".to_string())).unwrap(),
            f.serialize(&("a".to_string(), "z".to_string())).unwrap(),
        );
        same(
            f.serialize(&(Some(1i64)..None)).unwrap(),
            f.serialize(&(Some(1i64), None::<i64>)).unwrap(),
        );
        same(
            f.serialize(&(vec![1u8]..=vec![2u8, 3])).unwrap(),
            f.serialize(&(vec![1u8], vec![2u8, 3])).unwrap(),
        );
        // and a pair reads as a range
        let pair = f.serialize(&(2i32, 5i32)).unwrap();
        assert_eq!(f.deserialize::<std::ops::Range<i32>>(&pair).unwrap(), 2..5);
        assert_eq!(
            f.deserialize::<std::ops::RangeInclusive<i32>>(&pair)
                .unwrap(),
            2..=5
        );
        // three elements are not a range
        let err = f
            .deserialize::<std::ops::Range<i32>>(&f.serialize(&(1i32, 2i32, 3i32)).unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{name}");
        assert!(err.to_string().contains("3 elements"), "{name}: {err}");
        for cut in 1..pair.len() {
            assert!(f.deserialize::<std::ops::Range<i32>>(&pair[..cut]).is_err());
        }
    }
    // an empty or reversed range is kept as it is
    #[allow(clippy::reversed_empty_ranges)]
    let odd = [0i64..0, 5..-5, i64::MIN..i64::MAX];
    round_trips_everywhere(&odd);
    round_trips_everywhere(&[0u8..=255, 3..=3]);
    round_trips_everywhere(&['a'..='z']);
    round_trips_everywhere(&[Duration::ZERO..Duration::from_secs(1)]);
}

mod misc_rec {
    use super::*;

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Misc {
        pub unit: (),
        pub res: Result<u32, String>,
        pub unit_res: Result<(), String>,
        pub span: std::ops::Range<i64>,
        pub closed: std::ops::RangeInclusive<char>,
        pub maybe: Option<Result<i32, i32>>,
        pub results: Vec<Result<i32, String>>,
        pub keys: HashMap<String, ()>,
        pub spans: Vec<std::ops::Range<u16>>,
        pub tail: u8,
    }

    /// [`Misc`] with its results as a derived enum.
    pub mod twin {
        use super::super::R;
        use super::*;

        #[derive(ForyObject, Debug, Clone, PartialEq)]
        pub struct Misc {
            pub unit: (),
            pub res: R<u32, String>,
            pub unit_res: R<(), String>,
            pub span: std::ops::Range<i64>,
            pub closed: std::ops::RangeInclusive<char>,
            pub maybe: Option<R<i32, i32>>,
            pub results: Vec<R<i32, String>>,
            pub keys: HashMap<String, ()>,
            pub spans: Vec<std::ops::Range<u16>>,
            pub tail: u8,
        }
    }
}

fn misc() -> misc_rec::Misc {
    misc_rec::Misc {
        unit: (),
        res: Err("no".into()),
        unit_res: Ok(()),
        span: -1..1,
        closed: 'a'..='f',
        maybe: Some(Err(3)),
        results: vec![Ok(1), Err("two".into())],
        keys: HashMap::from([("k".to_string(), ())]),
        spans: vec![0..1, 2..3],
        tail: 9,
    }
}

fn misc_twin() -> misc_rec::twin::Misc {
    misc_rec::twin::Misc {
        unit: (),
        res: R::Err("no".into()),
        unit_res: R::Ok(()),
        span: -1..1,
        closed: 'a'..='f',
        maybe: Some(R::Err(3)),
        results: vec![R::Ok(1), R::Err("two".into())],
        keys: HashMap::from([("k".to_string(), ())]),
        spans: vec![0..1, 2..3],
        tail: 9,
    }
}

#[test]
fn units_results_and_ranges_are_struct_fields_in_both_modes_and_layouts() {
    let v = misc();
    let twin = misc_twin();
    for xlang in [false, true] {
        for compatible in [false, true] {
            for refs in [false, true] {
                let build = || {
                    let mut f = Fory::builder()
                        .xlang(xlang)
                        .compatible(compatible)
                        .ref_tracking(refs)
                        .build();
                    f.register::<R<u32, String>>(80).unwrap();
                    f.register::<R<(), String>>(81).unwrap();
                    f.register::<R<i32, i32>>(82).unwrap();
                    f.register::<R<i32, String>>(83).unwrap();
                    f
                };
                let how = format!("xlang {xlang} compatible {compatible} refs {refs}");
                let mut f = build();
                f.register::<misc_rec::Misc>(76).unwrap();
                assert_eq!(round_trip(&f, &v), v, "{how}");
                let list = vec![v.clone(), v.clone()];
                assert_eq!(round_trip(&f, &list), list, "{how}");
                // the same struct with derived enums for the results: the
                // same bytes schema-consistent (compatible TypeDefs name
                // the field types, UNION against TYPED_UNION), and each
                // reads the other's either way
                let mut g = build();
                g.register::<misc_rec::twin::Misc>(76).unwrap();
                let (ours, theirs) = (f.serialize(&v).unwrap(), g.serialize(&twin).unwrap());
                if !compatible {
                    assert_eq!(ours, theirs, "{how}");
                }
                assert_eq!(
                    g.deserialize::<misc_rec::twin::Misc>(&ours).unwrap(),
                    twin,
                    "{how}"
                );
                assert_eq!(
                    f.deserialize::<misc_rec::Misc>(&theirs).unwrap(),
                    v,
                    "{how}"
                );
            }
        }
    }
}
