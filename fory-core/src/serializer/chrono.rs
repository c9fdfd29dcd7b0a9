//! chrono (feature `chrono`): dates, instants and signed durations, byte
//! for byte as pyfory 1.7.7 writes `date`, `datetime` and `timedelta`;
//! times of day as the `timedelta` since midnight.
//!
//! | chrono | wire |
//! |---|---|
//! | `NaiveDate` | DATE: zigzag varint64 days since 1970-01-01 |
//! | `DateTime<Utc>`, `NaiveDateTime` (as UTC) | TIMESTAMP: int64 seconds since the epoch (rounded down), uint32 nanoseconds |
//! | `TimeDelta` | DURATION: zigzag varint64 seconds (rounded down), int32 nanoseconds (0 to 999,999,999) |
//! | `DateTime<FixedOffset>` | TIMESTAMP of its instant; read back at offset +00:00 (the offset is not kept; chrono's `==` compares instants, so the value read equals the one written) |
//! | `NaiveTime` | DURATION since midnight (pyfory 1.7.7 has no time-of-day type: it reads a `timedelta` under one day); a leap second (`23:59:60.5`) is written as the next second (86,400.5 s), as for instants, and 86,400 s to 86,401 s read back as `23:59:60`; anything else outside 0 to 86,400 s is an error |
//!
//! Nanoseconds are kept (pyfory itself keeps microseconds). A value outside
//! chrono's range is an error naming it. Under ref tracking pyfory writes
//! one `date` (`datetime`, `timedelta`) object met twice as a
//! back-reference: it reads as a copy of the value.
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::chrono::NaiveDate;
//! // pyfory.Fory(xlang=True, ref=True).serialize([d, d]) for
//! // d = datetime.date(2020, 1, 2): the second element is `fe 01`, a
//! // reference to the first
//! let bytes = [0x01, 0x00, 0x16, 0x02, 0x09, 0x27, 0x00, 0xae, 0x9d, 0x02, 0xfe, 0x01];
//! let fory = Fory::builder().xlang(true).build();
//! let d = NaiveDate::from_ymd_opt(2020, 1, 2).unwrap();
//! assert_eq!(fory.deserialize::<Vec<NaiveDate>>(&bytes)?, [d, d]);
//! # Ok::<(), fory_core::Error>(())
//! ```
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::chrono::NaiveDate;
//! let fory = Fory::builder().xlang(true).build();
//! let d = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
//! // what pyfory writes for datetime.date(2024, 1, 2)
//! assert_eq!(fory.serialize(&d)?, [0x01, 0xff, 0x27, 0x98, 0xb4, 0x02]);
//! assert_eq!(fory.deserialize::<NaiveDate>(&fory.serialize(&d)?)?, d);
//! # Ok::<(), fory_core::Error>(())
//! ```

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc,
};

use super::std_types::{read_duration_parts, read_timestamp_parts};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::io::{FixedWriter, PlainWriter};
use crate::types::type_id;

const NANOS: i64 = 1_000_000_000;

fn epoch_date() -> NaiveDate {
    DateTime::UNIX_EPOCH.date_naive()
}

/// 1970-01-01 in chrono's day count, where 0001-01-01 is day 1: the wire's
/// days are chrono's less this. (Through `signed_duration_since` of the
/// epoch date, the write built that date from `DateTime::UNIX_EPOCH` and
/// counted the days of both dates, about 80 instructions a date.)
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// DATE data: the days since 1970-01-01.
#[inline]
fn epoch_days(d: &NaiveDate) -> i64 {
    d.num_days_from_ce() as i64 - EPOCH_DAYS_FROM_CE
}

// ----- NaiveDate -----

// Every chrono type here is plain (`ForyType::FORY_PLAIN`): its data
// depends on the value alone and its write never fails, so struct fields,
// list elements, map entries and tuples of them go on one output cursor
// (`fory_write_plain`), as numbers and strings do.

impl ForyType for NaiveDate {
    const FORY_TYPE_ID: u8 = type_id::DATE;
    const FORY_READ_TAKES_INPUT: bool = true;
    const FORY_PLAIN: bool = true;
    // a varint64
    const FORY_FIELD_WIDTH: usize = 9;
}

impl Serialize for NaiveDate {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        self.fory_write_plain(&mut ctx.plain());
        Ok(())
    }

    #[inline]
    fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
        w.write_varint64(epoch_days(self));
    }

    #[inline]
    fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
        w.write_varint64(epoch_days(self));
    }
}

impl Deserialize for NaiveDate {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(epoch_date())
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let days = ctx.reader().read_varint64()?;
        days.checked_add(EPOCH_DAYS_FROM_CE)
            .and_then(|ce| i32::try_from(ce).ok())
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "date {days} days from 1970-01-01 at byte {at} is out of chrono::NaiveDate's range"
                ))
            })
    }
}

// ----- instants -----

/// TIMESTAMP data: int64 seconds (rounded down), uint32 nanoseconds.
#[inline]
fn instant_parts(t: &DateTime<Utc>) -> (i64, i32) {
    // a leap second's nanoseconds (1e9 to 2e9 - 1) roll into the next
    // second
    let (mut secs, mut nanos) = (t.timestamp(), t.timestamp_subsec_nanos());
    if nanos >= NANOS as u32 {
        secs += 1;
        nanos -= NANOS as u32;
    }
    (secs, nanos as i32)
}

/// [`instant_parts`] on an output cursor.
#[inline]
fn write_instant(w: &mut PlainWriter<'_>, t: &DateTime<Utc>) {
    let (secs, nanos) = instant_parts(t);
    w.write_i64(secs);
    w.write_i32(nanos);
}

/// [`instant_parts`] on room made before ([`INSTANT_WIDTH`] bytes).
#[inline]
fn write_instant_fixed(w: &mut FixedWriter<'_, '_>, t: &DateTime<Utc>) {
    let (secs, nanos) = instant_parts(t);
    w.write_i64(secs);
    w.write_i32(nanos);
}

/// The bytes of a TIMESTAMP's data.
const INSTANT_WIDTH: usize = 12;

/// A TIMESTAMP as a chrono instant; `what` (the type read) names it in
/// errors.
fn read_instant(ctx: &mut ReadContext<'_, '_>, what: &str) -> Result<DateTime<Utc>> {
    let at = ctx.reader().position();
    let (secs, nanos) = read_timestamp_parts(ctx, what)?;
    DateTime::from_timestamp(secs, nanos).ok_or_else(|| {
        Error::invalid(format!(
            "{what}: the timestamp {secs} s at byte {at} is out of chrono's range"
        ))
    })
}

impl ForyType for DateTime<Utc> {
    const FORY_TYPE_ID: u8 = type_id::TIMESTAMP;
    const FORY_READ_TAKES_INPUT: bool = true;
    const FORY_PLAIN: bool = true;
    const FORY_FIELD_WIDTH: usize = INSTANT_WIDTH;
}

impl Serialize for DateTime<Utc> {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_instant(&mut ctx.plain(), self);
        Ok(())
    }

    #[inline]
    fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
        write_instant(w, self);
    }

    #[inline]
    fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
        write_instant_fixed(w, self);
    }
}

impl Deserialize for DateTime<Utc> {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(DateTime::UNIX_EPOCH)
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        read_instant(ctx, "chrono::DateTime<Utc>")
    }
}

impl ForyType for NaiveDateTime {
    const FORY_TYPE_ID: u8 = type_id::TIMESTAMP;
    const FORY_READ_TAKES_INPUT: bool = true;
    const FORY_PLAIN: bool = true;
    const FORY_FIELD_WIDTH: usize = INSTANT_WIDTH;
}

impl Serialize for NaiveDateTime {
    /// As a UTC instant.
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_instant(&mut ctx.plain(), &self.and_utc());
        Ok(())
    }

    #[inline]
    fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
        write_instant(w, &self.and_utc());
    }

    #[inline]
    fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
        write_instant_fixed(w, &self.and_utc());
    }
}

impl Deserialize for NaiveDateTime {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(DateTime::UNIX_EPOCH.naive_utc())
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        read_instant(ctx, "chrono::NaiveDateTime").map(|t| t.naive_utc())
    }
}

impl ForyType for DateTime<FixedOffset> {
    const FORY_TYPE_ID: u8 = type_id::TIMESTAMP;
    const FORY_READ_TAKES_INPUT: bool = true;
    const FORY_PLAIN: bool = true;
    const FORY_FIELD_WIDTH: usize = INSTANT_WIDTH;
}

impl Serialize for DateTime<FixedOffset> {
    /// Its instant (the offset is not written).
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_instant(&mut ctx.plain(), &self.with_timezone(&Utc));
        Ok(())
    }

    #[inline]
    fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
        write_instant(w, &self.with_timezone(&Utc));
    }

    #[inline]
    fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
        write_instant_fixed(w, &self.with_timezone(&Utc));
    }
}

impl Deserialize for DateTime<FixedOffset> {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(DateTime::UNIX_EPOCH.fixed_offset())
    }
    /// At offset +00:00.
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        read_instant(ctx, "chrono::DateTime<FixedOffset>").map(|t| t.fixed_offset())
    }
}

// ----- NaiveTime: DURATION since midnight -----

/// Seconds in a day: a time of day is below it, but for a leap second.
const DAY_SECS: i64 = 86_400;

/// A time of day's DURATION: seconds since midnight, nanoseconds; a leap
/// second's nanoseconds (1e9 and up) roll into the next second.
#[inline]
fn time_parts(t: &NaiveTime) -> (i64, i32) {
    let (secs, nanos) = (t.num_seconds_from_midnight() as i64, t.nanosecond());
    if nanos >= NANOS as u32 {
        (secs + 1, (nanos - NANOS as u32) as i32)
    } else {
        (secs, nanos as i32)
    }
}

/// Types written as DURATION data, from `$parts` (seconds rounded
/// down, nanoseconds forward): zigzag varint64 seconds, int32
/// nanoseconds.
macro_rules! written_as_duration {
    ($($t:ty => $parts:ident;)*) => {$(
        impl ForyType for $t {
            const FORY_TYPE_ID: u8 = type_id::DURATION;
            const FORY_READ_TAKES_INPUT: bool = true;
            const FORY_PLAIN: bool = true;
            // a varint64 and an int32
            const FORY_FIELD_WIDTH: usize = 13;
        }

        impl Serialize for $t {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                self.fory_write_plain(&mut ctx.plain());
                Ok(())
            }

            #[inline]
            fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
                let (secs, nanos) = $parts(self);
                w.write_varint64(secs);
                w.write_i32(nanos);
            }

            #[inline]
            fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
                let (secs, nanos) = $parts(self);
                w.write_varint64(secs);
                w.write_i32(nanos);
            }
        }
    )*};
}

written_as_duration! {
    NaiveTime => time_parts;
    TimeDelta => delta_parts;
}

impl Deserialize for NaiveTime {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(NaiveTime::MIN)
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let (secs, nanos) = read_duration_parts(ctx, "chrono::NaiveTime")?;
        let time = match secs {
            0..DAY_SECS => NaiveTime::from_num_seconds_from_midnight_opt(secs as u32, nanos),
            // the second after 23:59:59: the leap second 23:59:60
            DAY_SECS => NaiveTime::from_num_seconds_from_midnight_opt(
                (DAY_SECS - 1) as u32,
                nanos + NANOS as u32,
            ),
            _ => None,
        };
        time.ok_or_else(|| {
            Error::invalid(format!(
                "chrono::NaiveTime: the duration {secs} s + {nanos} ns at byte {at} is not a time of day (0 to 86,400 s since midnight)"
            ))
        })
    }
}

// ----- TimeDelta -----

/// DURATION's seconds (rounded down) and nanoseconds (forward).
#[inline]
fn delta_parts(d: &TimeDelta) -> (i64, i32) {
    // chrono's nanoseconds carry the sign of the whole
    let total = d.num_seconds() as i128 * NANOS as i128 + d.subsec_nanos() as i128;
    (
        total.div_euclid(NANOS as i128) as i64,
        total.rem_euclid(NANOS as i128) as i32,
    )
}

impl Deserialize for TimeDelta {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(TimeDelta::zero())
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let (secs, nanos) = read_duration_parts(ctx, "chrono::TimeDelta")?;
        TimeDelta::new(secs, nanos).ok_or_else(|| {
            Error::invalid(format!(
                "duration of {secs} s at byte {at} is out of chrono::TimeDelta's range"
            ))
        })
    }
}
