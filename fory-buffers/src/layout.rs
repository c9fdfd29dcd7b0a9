//! Non-contiguous buffer layouts (strided n-d views).

use std::fmt;

use smallvec::SmallVec;

/// Shape and byte strides of a non-contiguous buffer over a base slice.
///
/// Element `[i0, i1, ...]` starts at byte
/// `offset + i0 * strides[0] + i1 * strides[1] + ...` of the base and is
/// `elem_size` bytes long. [`Strided::new`] checks that every element lies
/// inside the base, so gathering never reads out of bounds.
#[derive(Clone, PartialEq, Eq)]
pub struct Strided {
    offset: usize,
    elem_size: usize,
    shape: SmallVec<[usize; 4]>,
    strides: SmallVec<[isize; 4]>,
}

/// A shape, stride or length that does not describe valid memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    message: String,
}

impl LayoutError {
    #[cold]
    pub(crate) fn new(message: impl Into<String>) -> Self {
        LayoutError {
            message: message.into(),
        }
    }
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LayoutError {}

impl fmt::Debug for Strided {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Strided")
            .field("offset", &self.offset)
            .field("elem_size", &self.elem_size)
            .field("shape", &&self.shape[..])
            .field("strides", &&self.strides[..])
            .finish()
    }
}

impl Strided {
    /// Describes a strided layout over a base of `base_len` bytes.
    ///
    /// Fails when `shape` and `strides` differ in length, `elem_size` is 0,
    /// or any element would fall outside `0..base_len`.
    ///
    /// ```
    /// use fory_buffers::Strided;
    /// // every second u32 of a 16-byte base
    /// let s = Strided::new(16, 0, 4, &[2], &[8]).unwrap();
    /// assert_eq!(s.total_bytes(), 8);
    /// assert!(Strided::new(16, 0, 4, &[3], &[8]).is_err());
    /// ```
    pub fn new(
        base_len: usize,
        offset: usize,
        elem_size: usize,
        shape: &[usize],
        strides: &[isize],
    ) -> Result<Self, LayoutError> {
        if shape.len() != strides.len() {
            return Err(LayoutError::new(format!(
                "shape has {} dimensions but strides has {}",
                shape.len(),
                strides.len()
            )));
        }
        if elem_size == 0 {
            return Err(LayoutError::new("element size must not be zero"));
        }
        let layout = Strided {
            offset,
            elem_size,
            shape: shape.into(),
            strides: strides.into(),
        };
        let count = layout.element_count()?;
        if count > 0 {
            let (lo, hi) = layout.extent()?;
            let end = hi
                .checked_add(elem_size as i128)
                .ok_or_else(|| LayoutError::new("strided extent overflows"))?;
            if lo < 0 || end > base_len as i128 {
                return Err(LayoutError::new(format!(
                    "strided layout reaches bytes {lo}..{end} of a {base_len}-byte buffer"
                )));
            }
        }
        Ok(layout)
    }

    fn element_count(&self) -> Result<usize, LayoutError> {
        let count = self
            .shape
            .iter()
            .try_fold(1usize, |acc, &n| acc.checked_mul(n))
            .ok_or_else(|| LayoutError::new("shape product overflows usize"))?;
        count
            .checked_mul(self.elem_size)
            .ok_or_else(|| LayoutError::new("shape byte size overflows usize"))?;
        Ok(count)
    }

    /// Lowest and highest element start offsets (bytes, relative to base).
    fn extent(&self) -> Result<(i128, i128), LayoutError> {
        let mut lo = self.offset as i128;
        let mut hi = self.offset as i128;
        for (&n, &s) in self.shape.iter().zip(&self.strides) {
            let span = (n as i128 - 1) * s as i128;
            if span < 0 {
                lo += span;
            } else {
                hi += span;
            }
        }
        Ok((lo, hi))
    }

    /// Number of bytes once the elements are packed contiguously.
    pub fn total_bytes(&self) -> usize {
        // checked at construction
        self.shape.iter().product::<usize>() * self.elem_size
    }

    /// The shape, one length per dimension.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The byte strides, one per dimension.
    pub fn strides(&self) -> &[isize] {
        &self.strides
    }

    /// Bytes per element.
    pub fn elem_size(&self) -> usize {
        self.elem_size
    }

    /// Byte offset of element `[0, 0, ...]` in the base.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// True when the elements already lie packed in C (row-major) order,
    /// so the layout is one contiguous run of the base.
    pub fn is_c_contiguous(&self) -> bool {
        let mut expected = self.elem_size as isize;
        for (&n, &s) in self.shape.iter().zip(&self.strides).rev() {
            if n > 1 && s != expected {
                return false;
            }
            expected *= n as isize;
        }
        true
    }

    /// Calls `f` with each maximal contiguous run of bytes, in C order.
    ///
    /// # Panics
    ///
    /// If `base` is shorter than the `base_len` the layout was made for
    /// ([`Strided::new`] checked the layout against that length, not
    /// against this slice).
    pub fn for_each_run<'b>(&self, base: &'b [u8], mut f: impl FnMut(&'b [u8])) {
        if self.total_bytes() == 0 {
            return;
        }
        if self.is_c_contiguous() {
            f(&base[self.offset..self.offset + self.total_bytes()]);
            return;
        }
        // Merge trailing dimensions that are packed into one run.
        let mut run = self.elem_size;
        let mut outer = self.shape.len();
        while outer > 0 {
            let d = outer - 1;
            if self.strides[d] == run as isize || self.shape[d] == 1 {
                run *= self.shape[d];
                outer = d;
            } else {
                break;
            }
        }
        let dims = &self.shape[..outer];
        let strides = &self.strides[..outer];
        let mut index: SmallVec<[usize; 4]> = SmallVec::from_elem(0, dims.len());
        loop {
            let start = self.offset as isize
                + index
                    .iter()
                    .zip(strides)
                    .map(|(&i, &s)| i as isize * s)
                    .sum::<isize>();
            let start = start as usize; // in range: checked by `new`
            f(&base[start..start + run]);
            // odometer increment, last dimension fastest
            let mut d = dims.len();
            loop {
                if d == 0 {
                    return;
                }
                d -= 1;
                index[d] += 1;
                if index[d] < dims[d] {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    /// Packs the elements into one new contiguous buffer, in C order.
    ///
    /// # Panics
    ///
    /// If `base` is shorter than the `base_len` the layout was made for,
    /// as [`for_each_run`](Self::for_each_run) does.
    pub fn gather(&self, base: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.total_bytes());
        self.for_each_run(base, |run| out.extend_from_slice(run));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic]
    fn gather_over_a_base_shorter_than_the_layout_panics_as_documented() {
        let t = Strided::new(6, 0, 1, &[2, 3], &[1, 2]).unwrap();
        t.gather(&[0u8, 1, 2]);
    }

    #[test]
    fn transposed_2x3_gathers_in_c_order() {
        // base is a 3x2 row-major u8 matrix [[0,1],[2,3],[4,5]]; its transpose is 2x3
        let base = [0u8, 1, 2, 3, 4, 5];
        let t = Strided::new(6, 0, 1, &[2, 3], &[1, 2]).unwrap();
        assert!(!t.is_c_contiguous());
        assert_eq!(t.gather(&base), vec![0, 2, 4, 1, 3, 5]);
    }

    #[test]
    fn negative_strides_and_bounds() {
        let base = [0u8, 1, 2, 3];
        let rev = Strided::new(4, 3, 1, &[4], &[-1]).unwrap();
        assert_eq!(rev.gather(&base), vec![3, 2, 1, 0]);
        assert!(Strided::new(4, 2, 1, &[4], &[-1]).is_err());
        assert!(Strided::new(4, 0, 1, &[2], &[]).is_err());
        assert!(Strided::new(4, 0, 0, &[2], &[1]).is_err());
        assert!(Strided::new(4, 0, 1, &[usize::MAX, 2], &[1, 1]).is_err());
    }

    #[test]
    fn empty_shape_needs_no_memory() {
        let s = Strided::new(0, 0, 8, &[0, 5], &[40, 8]).unwrap();
        assert_eq!(s.total_bytes(), 0);
        assert!(s.gather(&[]).is_empty());
    }

    #[test]
    fn row_slices_merge_into_runs() {
        // 3x4 u8 matrix, take columns 1..3 of every row: runs of 2 bytes
        let base: Vec<u8> = (0..12).collect();
        let s = Strided::new(12, 1, 1, &[3, 2], &[4, 1]).unwrap();
        let mut runs = Vec::new();
        s.for_each_run(&base, |r| runs.push(r.to_vec()));
        assert_eq!(runs, vec![vec![1, 2], vec![5, 6], vec![9, 10]]);
    }
}
