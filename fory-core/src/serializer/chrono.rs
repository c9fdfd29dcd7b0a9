//! chrono (feature `chrono`): dates, instants and signed durations, byte
//! for byte as pyfory 1.7.7 writes `date`, `datetime` and `timedelta`.
//!
//! | chrono | wire |
//! |---|---|
//! | `NaiveDate` | DATE: zigzag varint64 days since 1970-01-01 |
//! | `DateTime<Utc>`, `NaiveDateTime` (as UTC) | TIMESTAMP: int64 seconds since the epoch (rounded down), uint32 nanoseconds |
//! | `TimeDelta` | DURATION: zigzag varint64 seconds (rounded down), int32 nanoseconds (0 to 999,999,999) |
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

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeDelta, Utc};

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

// ----- TimeDelta -----

impl ForyType for TimeDelta {
    const FORY_TYPE_ID: u8 = type_id::DURATION;
    const FORY_READ_TAKES_INPUT: bool = true;
    const FORY_PLAIN: bool = true;
    // a varint64 and an int32
    const FORY_FIELD_WIDTH: usize = 13;
}

impl Serialize for TimeDelta {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        self.fory_write_plain(&mut ctx.plain());
        Ok(())
    }

    /// DURATION data: zigzag varint64 seconds (rounded down), int32
    /// nanoseconds.
    #[inline]
    fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
        let (secs, nanos) = delta_parts(self);
        w.write_varint64(secs);
        w.write_i32(nanos);
    }

    #[inline]
    fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
        let (secs, nanos) = delta_parts(self);
        w.write_varint64(secs);
        w.write_i32(nanos);
    }
}

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
