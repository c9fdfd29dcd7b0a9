//! time (feature `time`): the time crate's dates, instants, durations and
//! times of day, byte for byte as chrono's twins (`chrono.rs`), so as
//! pyfory 1.7.7 writes `date`, `datetime` and `timedelta`.
//!
//! | time | wire | chrono twin |
//! |---|---|---|
//! | `Date` | DATE: zigzag varint64 days since 1970-01-01 | `NaiveDate` |
//! | `UtcDateTime`, `Timestamp`, `PlainDateTime` (`PrimitiveDateTime`, taken as UTC) | TIMESTAMP: int64 seconds since the epoch (rounded down), uint32 nanoseconds | `DateTime<Utc>`, `NaiveDateTime` |
//! | `OffsetDateTime` | TIMESTAMP of its instant; read back at offset +00:00 (the offset is not kept; time's `==` compares instants, so the value read equals the one written) | `DateTime<FixedOffset>` |
//! | `SignedDuration` (`Duration`) | DURATION: zigzag varint64 seconds (rounded down), int32 nanoseconds (0 to 999,999,999) | `TimeDelta` |
//! | `Time` | DURATION since midnight, 0 to 86,399.999999999 s | `NaiveTime` |
//!
//! The data goes through the TIMESTAMP and DURATION helpers that
//! `std::time` and chrono use. time keeps the sign of a duration on both
//! its seconds and nanoseconds (-1.5 s is -1 s, -500,000,000 ns); the wire
//! rounds the seconds down and counts the nanoseconds forward (-2 s,
//! +500,000,000 ns), as chrono's `TimeDelta` is written.
//!
//! Ranges: time's dates run from -9999-01-01 to 9999-12-31 (±999,999
//! years if some crate in the build enables time's `large-dates`); a
//! DATE or TIMESTAMP outside the range read is an error naming it, as is
//! a duration since midnight of 86,400 s or more (chrono writes its leap
//! second `23:59:60` so; time has no leap seconds). Every DURATION fits
//! a `SignedDuration`; one below the wire's least, `i64::MIN` seconds
//! (`SignedDuration::MIN` is `i64::MIN` s less 999,999,999 ns), is an
//! error on write.
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::time::{Date, Month};
//! let fory = Fory::builder().xlang(true).build();
//! let d = Date::from_calendar_date(2024, Month::January, 2).unwrap();
//! // what pyfory writes for datetime.date(2024, 1, 2)
//! assert_eq!(fory.serialize(&d)?, [0x01, 0xff, 0x27, 0x98, 0xb4, 0x02]);
//! assert_eq!(fory.deserialize::<Date>(&fory.serialize(&d)?)?, d);
//! # Ok::<(), fory_core::Error>(())
//! ```
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::time::{OffsetDateTime, SignedDuration, UtcOffset};
//! let fory = Fory::builder().xlang(true).build();
//! // 2024-01-02 03:04:05.5 at +02:00: the instant comes back, at UTC
//! let t = OffsetDateTime::from_unix_timestamp(1_704_157_445).unwrap()
//!     .replace_nanosecond(500_000_000).unwrap()
//!     .to_offset(UtcOffset::from_hms(2, 0, 0).unwrap());
//! let back: OffsetDateTime = fory.deserialize(&fory.serialize(&t)?)?;
//! assert_eq!(back, t);
//! assert_eq!(back.offset(), UtcOffset::UTC);
//! // -1.5 s is written as -2 s + 500,000,000 ns
//! let d = SignedDuration::new(-1, -500_000_000);
//! assert_eq!(fory.serialize(&d)?, [0x01, 0xff, 0x25, 0x03, 0x00, 0x65, 0xcd, 0x1d]);
//! assert_eq!(fory.deserialize::<SignedDuration>(&fory.serialize(&d)?)?, d);
//! # Ok::<(), fory_core::Error>(())
//! ```

use time::{Date, OffsetDateTime, PlainDateTime, SignedDuration, Time, Timestamp, UtcDateTime};

use super::std_types::{
    read_duration_parts, read_timestamp_parts, write_duration_parts, write_timestamp_parts,
};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::types::type_id;

const NANOS: i64 = 1_000_000_000;

/// 1970-01-01's Julian day: the wire's days are time's Julian days less
/// this.
const EPOCH_JULIAN_DAY: i64 = 2_440_588;

// ----- Date -----

impl ForyType for Date {
    const FORY_TYPE_ID: u8 = type_id::DATE;
    const FORY_READ_TAKES_INPUT: bool = true;
}

impl Serialize for Date {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.writer()
            .write_varint64(self.to_julian_day() as i64 - EPOCH_JULIAN_DAY);
        Ok(())
    }
}

impl Deserialize for Date {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(UtcDateTime::UNIX_EPOCH.date())
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let days = ctx.reader().read_varint64()?;
        days.checked_add(EPOCH_JULIAN_DAY)
            .and_then(|j| i32::try_from(j).ok())
            .and_then(|j| Date::from_julian_day(j).ok())
            .ok_or_else(|| {
                Error::invalid(format!(
                    "date {days} days from 1970-01-01 at byte {at} is out of time::Date's range ({} to {})",
                    Date::MIN,
                    Date::MAX
                ))
            })
    }
}

// ----- instants -----

/// Reads TIMESTAMP data as a UTC date and time; `what` (the type read)
/// names it in errors.
fn read_instant(ctx: &mut ReadContext<'_, '_>, what: &str) -> Result<UtcDateTime> {
    let at = ctx.reader().position();
    let (secs, nanos) = read_timestamp_parts(ctx, what)?;
    UtcDateTime::from_unix_timestamp(secs)
        .and_then(|t| t.replace_nanosecond(nanos))
        .map_err(|_| {
            Error::invalid(format!(
                "{what}: the timestamp {secs} s at byte {at} is out of the time crate's range ({} to {})",
                UtcDateTime::MIN,
                UtcDateTime::MAX
            ))
        })
}

/// Types written as TIMESTAMP data from `$parts` (seconds since the
/// epoch rounded down, nanoseconds forward), read from a `UtcDateTime`
/// through `$from`.
macro_rules! written_as_timestamp {
    ($($t:ty, $name:literal => $parts:expr, $from:expr;)*) => {$(
        impl ForyType for $t {
            const FORY_TYPE_ID: u8 = type_id::TIMESTAMP;
            const FORY_READ_TAKES_INPUT: bool = true;
        }

        impl Serialize for $t {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                let (secs, nanos): (i64, u32) = $parts(self);
                write_timestamp_parts(ctx, secs, nanos);
                Ok(())
            }
        }

        impl Deserialize for $t {
            shared_by_copy!();
            fn fory_zero() -> Option<Self> {
                Some($from(UtcDateTime::UNIX_EPOCH))
            }
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
                read_instant(ctx, $name).map($from)
            }
        }
    )*};
}

written_as_timestamp! {
    UtcDateTime, "time::UtcDateTime" =>
        |t: &UtcDateTime| (t.unix_timestamp(), t.nanosecond()), |t| t;
    // its instant (the offset is not written; `unix_timestamp` subtracts
    // it without the range check of `to_utc`, which panics past
    // 9999-12-31 UTC); read back at +00:00
    OffsetDateTime, "time::OffsetDateTime" =>
        |t: &OffsetDateTime| (t.unix_timestamp(), t.nanosecond()), OffsetDateTime::from;
    // as a UTC instant
    PlainDateTime, "time::PlainDateTime" =>
        |t: &PlainDateTime| { let t = t.as_utc(); (t.unix_timestamp(), t.nanosecond()) },
        |t: UtcDateTime| PlainDateTime::new(t.date(), t.time());
    Timestamp, "time::Timestamp" =>
        |t: &Timestamp| (t.as_seconds(), t.nanosecond()), Timestamp::from;
}

// ----- durations -----

/// Types written as DURATION data, from `$parts` (seconds rounded
/// down, nanoseconds forward, or an error).
macro_rules! written_as_duration {
    ($($t:ty => $parts:ident;)*) => {$(
        impl ForyType for $t {
            const FORY_TYPE_ID: u8 = type_id::DURATION;
            const FORY_READ_TAKES_INPUT: bool = true;
        }

        impl Serialize for $t {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                let (secs, nanos) = $parts(self)?;
                write_duration_parts(ctx, secs, nanos);
                Ok(())
            }
        }
    )*};
}

written_as_duration! {
    SignedDuration => duration_parts;
    Time => time_parts;
}

/// DURATION's seconds (rounded down) and nanoseconds (forward): time's
/// nanoseconds carry the sign of the whole.
#[inline]
fn duration_parts(d: &SignedDuration) -> Result<(i64, u32)> {
    let (secs, nanos) = (d.whole_seconds(), d.subsec_nanoseconds());
    if nanos >= 0 {
        return Ok((secs, nanos as u32));
    }
    match secs.checked_sub(1) {
        Some(secs) => Ok((secs, (nanos as i64 + NANOS) as u32)),
        None => Err(Error::unsupported(format!(
            "a time::SignedDuration of {secs} s {nanos} ns is below the format's least duration (i64::MIN seconds)"
        ))),
    }
}

impl Deserialize for SignedDuration {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(SignedDuration::ZERO)
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let (secs, nanos) = read_duration_parts(ctx, "time::SignedDuration")?;
        // nanos is 0 to 999,999,999: the sum never overflows (a negative
        // `secs` goes up by one)
        Ok(SignedDuration::new(secs, nanos as i32))
    }
}

/// Seconds in a day: a time of day is below it.
const DAY_SECS: i64 = 86_400;

/// A time of day's DURATION: seconds since midnight, nanoseconds.
#[inline]
fn time_parts(t: &Time) -> Result<(i64, u32)> {
    let (h, m, s, nanos) = t.as_hms_nano();
    Ok((h as i64 * 3600 + m as i64 * 60 + s as i64, nanos))
}

impl Deserialize for Time {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(Time::MIDNIGHT)
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let (secs, nanos) = read_duration_parts(ctx, "time::Time")?;
        let time = match secs {
            0..DAY_SECS => Time::from_hms_nano(
                (secs / 3600) as u8,
                (secs / 60 % 60) as u8,
                (secs % 60) as u8,
                nanos,
            )
            .ok(),
            _ => None,
        };
        time.ok_or_else(|| {
            Error::invalid(format!(
                "time::Time: the duration {secs} s + {nanos} ns at byte {at} is not a time of day (0 to 86,399.999999999 s since midnight; time has no leap second)"
            ))
        })
    }
}
