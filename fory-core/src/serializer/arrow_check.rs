//! Building read Arrow arrays with arrow-rs's validation, made fast where
//! it costs one step per value.
//!
//! `ArrayDataBuilder::build` validates in three steps: `validate` (the
//! layout: buffer count and sizes, children), `validate_nulls` (the null
//! count) and `validate_values` (offsets in order and in bounds, UTF-8 on
//! char boundaries, dictionary keys in range). The last one walks each
//! offset and key through an iterator of `Result`s with a closure per
//! value: about 90% of reading a 1,000,000-row batch with a string, a
//! list and a dictionary column (benches/benches/arrow_ipc.rs). Here the
//! same value checks run as branch-free passes over the slices; when one
//! fails, or the type is not one of these, arrow's own `validate_values`
//! runs, so every rejection carries arrow's message.

use arrow_buffer::ArrowNativeType;
use arrow_data::{ArrayData, ArrayDataBuilder};
use arrow_schema::{ArrowError, DataType};

/// `builder.build()`: the same checks, in the same order, with the value
/// checks of the offset and dictionary types done by [`values_ok`].
pub(super) fn build(builder: ArrayDataBuilder) -> Result<ArrayData, ArrowError> {
    let data = build_then_validate(builder)?;
    data.validate()?;
    data.validate_nulls()?;
    if !values_ok(&data) {
        // arrow's checks: for the types this module does not check, for
        // its error message, or for a value this module is stricter about
        data.validate_values()?;
    }
    Ok(data)
}

/// The array, not yet validated: the caller validates it before anything
/// reads a value.
#[allow(unsafe_code)]
fn build_then_validate(builder: ArrayDataBuilder) -> Result<ArrayData, ArrowError> {
    // SAFETY: `skip_validation` only skips `validate_data` inside `build`
    // (construction and buffer alignment still run). The one caller runs
    // what `validate_data` runs — `validate`, `validate_nulls`, then
    // `validate_values` unless `values_ok` (which checks at least what
    // `validate_values` checks for the types it accepts) — before the
    // array leaves `build`; an array that fails is only dropped, which
    // frees its buffers and reads no value.
    unsafe { builder.skip_validation(true) }.build()
}

/// Whether `data`'s values pass `ArrayData::validate_values`' checks, for
/// the offset-based and dictionary types; `false` when they fail or the
/// type is another (the caller then runs arrow's). Runs after `validate`,
/// so the buffers have their sizes.
fn values_ok(data: &ArrayData) -> bool {
    let child_len = |i: usize| data.child_data().get(i).map(ArrayData::len);
    match data.data_type() {
        DataType::Utf8 => utf8_ok::<i32>(data),
        DataType::LargeUtf8 => utf8_ok::<i64>(data),
        DataType::Binary => values_len(data).is_some_and(|n| offsets_ok::<i32>(data, n).is_some()),
        DataType::LargeBinary => {
            values_len(data).is_some_and(|n| offsets_ok::<i64>(data, n).is_some())
        }
        DataType::List(_) | DataType::Map(..) => {
            child_len(0).is_some_and(|n| offsets_ok::<i32>(data, n).is_some())
        }
        DataType::LargeList(_) => {
            child_len(0).is_some_and(|n| offsets_ok::<i64>(data, n).is_some())
        }
        DataType::Dictionary(key, _) => match (key.as_ref(), child_len(0)) {
            (DataType::Int8, Some(n)) => keys_ok::<i8>(data, n),
            (DataType::Int16, Some(n)) => keys_ok::<i16>(data, n),
            (DataType::Int32, Some(n)) => keys_ok::<i32>(data, n),
            (DataType::Int64, Some(n)) => keys_ok::<i64>(data, n),
            (DataType::UInt8, Some(n)) => keys_ok::<u8>(data, n),
            (DataType::UInt16, Some(n)) => keys_ok::<u16>(data, n),
            (DataType::UInt32, Some(n)) => keys_ok::<u32>(data, n),
            (DataType::UInt64, Some(n)) => keys_ok::<u64>(data, n),
            _ => false,
        },
        _ => false,
    }
}

fn values_len(data: &ArrayData) -> Option<usize> {
    data.buffers().get(1).map(|b| b.len())
}

/// `buffers[index]` as `len` values of `T` from the array's offset;
/// `None` when it is misaligned or short.
fn typed<T: ArrowNativeType + bytemuck::Pod>(
    data: &ArrayData,
    index: usize,
    len: usize,
) -> Option<&[T]> {
    let all: &[T] = bytemuck::try_cast_slice(data.buffers().get(index)?.as_slice()).ok()?;
    all.get(data.offset()..data.offset().checked_add(len)?)
}

/// The array's offsets: `len + 1` of them, or none at all for an empty
/// array with an empty offsets buffer (as arrow allows).
fn offsets<T: ArrowNativeType + bytemuck::Pod>(data: &ArrayData) -> Option<&[T]> {
    if data.is_empty() && data.buffers().first()?.is_empty() {
        return Some(&[]);
    }
    typed(data, 0, data.len().checked_add(1)?)
}

/// Offsets that are in order, non-negative and at most `limit` (what
/// arrow's `validate_offsets_full` checks); returns the first and last.
fn offsets_ok<T: ArrowNativeType + bytemuck::Pod>(
    data: &ArrayData,
    limit: usize,
) -> Option<(usize, usize)> {
    let offs = offsets::<T>(data)?;
    let (Some(&first), Some(&last)) = (offs.first(), offs.last()) else {
        return Some((0, 0));
    };
    // one pass, no early exit: the compiler vectorizes it
    let mut ordered = true;
    let mut prev = first;
    for &o in offs {
        ordered &= prev <= o;
        prev = o;
    }
    let (first, last) = (first.to_usize()?, last.to_usize()?);
    // in order from a non-negative first up to last <= limit: all in range
    (ordered && last <= limit).then_some((first, last))
}

/// Offsets as [`offsets_ok`] checks them, the bytes they span valid UTF-8,
/// and every offset on a char boundary (arrow's `validate_utf8`).
fn utf8_ok<T: ArrowNativeType + bytemuck::Pod>(data: &ArrayData) -> bool {
    let Some(values) = data.buffers().get(1) else {
        return false;
    };
    let Some((first, last)) = offsets_ok::<T>(data, values.len()) else {
        return false;
    };
    let Some(span) = values.as_slice().get(first..last) else {
        return false;
    };
    if span.is_ascii() {
        // valid UTF-8, and every byte starts a char
        return true;
    }
    if std::str::from_utf8(span).is_err() {
        return false;
    }
    let Some(offs) = offsets::<T>(data) else {
        return false;
    };
    // a char boundary: the span's end or a byte that does not continue a
    // sequence (not 0b10xx_xxxx)
    let mut on_boundary = true;
    for &o in offs {
        let at = o.as_usize() - first;
        on_boundary &= span.get(at).map_or(true, |&b| (b as i8) >= -0x40);
    }
    on_boundary
}

/// Every key in `0..dict_len` (arrow's `check_bounds`, which skips null
/// keys: a null key out of range makes this `false` and arrow decides).
fn keys_ok<T: ArrowNativeType + bytemuck::Pod>(data: &ArrayData, dict_len: usize) -> bool {
    let Some(keys) = typed::<T>(data, 0, data.len()) else {
        return false;
    };
    let mut in_range = true;
    if std::mem::size_of::<T>() <= std::mem::size_of::<usize>() {
        // `as_usize` sign-extends: a negative key becomes huge and fails
        // the compare, so one unsigned compare per key (vectorized)
        for &k in keys {
            in_range &= k.as_usize() < dict_len;
        }
    } else {
        for &k in keys {
            in_range &= k.to_usize().is_some_and(|k| k < dict_len);
        }
    }
    in_range
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_buffer::Buffer;
    use arrow_schema::Field;

    use super::*;

    /// What arrow's `build` says and what [`build`] says agree on every
    /// case: accepted or rejected alike.
    fn agree(
        dt: DataType,
        len: usize,
        offset: usize,
        buffers: Vec<Buffer>,
        child: Option<ArrayData>,
    ) {
        let make = || {
            let b = ArrayData::builder(dt.clone())
                .len(len)
                .offset(offset)
                .buffers(buffers.clone())
                .align_buffers(true);
            match &child {
                Some(c) => b.child_data(vec![c.clone()]),
                None => b,
            }
        };
        let theirs = make().build();
        let ours = build(make());
        assert_eq!(
            ours.is_ok(),
            theirs.is_ok(),
            "{dt} len {len} offset {offset}: ours {ours:?} arrow {theirs:?}"
        );
        if let (Ok(a), Ok(b)) = (ours, theirs) {
            // (arrow's equality indexes the offsets of an empty array
            // without any: compare the parts)
            assert_eq!(a.len(), b.len());
            assert_eq!(a.offset(), b.offset());
            assert_eq!(a.buffers(), b.buffers());
            assert_eq!(a.null_count(), b.null_count());
        }
    }

    fn i32s(v: &[i32]) -> Buffer {
        Buffer::from_slice_ref(v)
    }

    #[test]
    fn offsets_and_utf8_agree_with_arrow() {
        let text = "aé€😀z".as_bytes().to_vec(); // 1, 2, 3, 4, 1 bytes
        let cases: Vec<Vec<i32>> = vec![
            vec![0, 1, 3, 6, 10, 11],
            vec![0, 2, 3],     // splits é
            vec![0, 1, 1, 11], // empty string
            vec![1, 0],        // out of order
            vec![-1, 1],       // negative
            vec![0, 12],       // past the end
            vec![3, 6],        // starts mid-buffer
            vec![0],
        ];
        for offs in cases {
            let n = offs.len() - 1;
            for dt in [DataType::Utf8, DataType::Binary] {
                agree(
                    dt.clone(),
                    n,
                    0,
                    vec![i32s(&offs), Buffer::from_vec(text.clone())],
                    None,
                );
                if n > 0 {
                    agree(
                        dt,
                        n - 1,
                        1,
                        vec![i32s(&offs), Buffer::from_vec(text.clone())],
                        None,
                    );
                }
            }
        }
        // ASCII (the fast path skips the per-offset boundary checks)
        for offs in [
            vec![0, 2, 5],
            vec![0, 6],
            vec![3, 1],
            vec![-2, 5],
            vec![1, 1, 4],
        ] {
            let n = offs.len() - 1;
            agree(
                DataType::Utf8,
                n,
                0,
                vec![i32s(&offs), Buffer::from_vec(b"hello".to_vec())],
                None,
            );
        }
        // not UTF-8 at all, and an empty array with no offsets
        agree(
            DataType::Utf8,
            1,
            0,
            vec![i32s(&[0, 2]), Buffer::from_vec(vec![0xff, 0x41])],
            None,
        );
        agree(
            DataType::Utf8,
            0,
            0,
            vec![
                Buffer::from_vec(Vec::<u8>::new()),
                Buffer::from_vec(Vec::<u8>::new()),
            ],
            None,
        );
        let large: Vec<i64> = vec![0, 1, 3, 6, 10, 11];
        agree(
            DataType::LargeUtf8,
            5,
            0,
            vec![
                Buffer::from_slice_ref(&large),
                Buffer::from_vec(text.clone()),
            ],
            None,
        );
        agree(
            DataType::LargeUtf8,
            2,
            0,
            vec![Buffer::from_slice_ref([0i64, 2, 3]), Buffer::from_vec(text)],
            None,
        );
    }

    #[test]
    fn list_offsets_and_dictionary_keys_agree_with_arrow() {
        let child = ArrayData::builder(DataType::Int32)
            .len(4)
            .buffers(vec![i32s(&[1, 2, 3, 4])])
            .build()
            .unwrap();
        let list = DataType::List(Arc::new(Field::new("item", DataType::Int32, true)));
        for offs in [
            vec![0, 1, 4],
            vec![0, 5],
            vec![2, 1],
            vec![-3, 0],
            vec![0, 0, 0],
        ] {
            agree(
                list.clone(),
                offs.len() - 1,
                0,
                vec![i32s(&offs)],
                Some(child.clone()),
            );
        }
        let values = ArrayData::builder(DataType::Int32)
            .len(3)
            .buffers(vec![i32s(&[7, 8, 9])])
            .build()
            .unwrap();
        let dict = DataType::Dictionary(Box::new(DataType::Int16), Box::new(DataType::Int32));
        for keys in [vec![0i16, 2, 1], vec![0, 3], vec![-1, 0], vec![2, 2, 2, 2]] {
            agree(
                dict.clone(),
                keys.len(),
                0,
                vec![Buffer::from_slice_ref(&keys)],
                Some(values.clone()),
            );
        }
        let dict8 = DataType::Dictionary(Box::new(DataType::UInt8), Box::new(DataType::Int32));
        for keys in [vec![0u8, 2], vec![3u8], vec![255u8]] {
            agree(
                dict8.clone(),
                keys.len(),
                0,
                vec![Buffer::from_slice_ref(&keys)],
                Some(values.clone()),
            );
        }
    }

    #[test]
    fn other_types_get_arrows_own_checks() {
        // fixed width: a buffer too short for the length, and one that fits
        agree(DataType::Int32, 3, 0, vec![i32s(&[1, 2])], None);
        agree(DataType::Int32, 3, 0, vec![i32s(&[1, 2, 3])], None);
        agree(DataType::Int32, 2, 1, vec![i32s(&[1, 2, 3])], None);
        agree(
            DataType::FixedSizeBinary(2),
            2,
            0,
            vec![Buffer::from_vec(vec![1u8, 2, 3])],
            None,
        );
        // a missing buffer
        agree(DataType::Float64, 1, 0, vec![], None);
    }

    #[test]
    fn a_null_key_out_of_range_is_arrows_call() {
        // arrow skips null keys; the fast pass declines and arrow decides
        let values = ArrayData::builder(DataType::Int32)
            .len(1)
            .buffers(vec![i32s(&[7])])
            .build()
            .unwrap();
        let dt = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Int32));
        let make = || {
            ArrayData::builder(dt.clone())
                .len(2)
                .null_bit_buffer(Some(Buffer::from([0b01u8])))
                .buffers(vec![i32s(&[0, 99])])
                .child_data(vec![values.clone()])
        };
        assert!(make().build().is_ok());
        let data = build(make()).unwrap();
        assert_eq!(data.null_count(), 1);
    }
}
