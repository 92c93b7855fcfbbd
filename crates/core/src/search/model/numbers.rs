//! Runs of numbers kept as little-endian bytes: the cache holds the model's vocabulary and
//! weights this way, and a warm run maps them instead of reading and decoding them, so a
//! question touches only the pages it looks at.

use std::cmp::Ordering;
use std::marker::PhantomData;

use tantivy::directory::OwnedBytes;

/// A number with a fixed-size little-endian form.
pub trait Fixed: Copy {
    const BYTES: usize;
    fn put(self, out: &mut Vec<u8>);
    /// The number of the first [`Fixed::BYTES`] bytes of `bytes`, which has at least that many.
    fn take(bytes: &[u8]) -> Self;
}

macro_rules! fixed {
    ($($number:ty),*) => {$(
        impl Fixed for $number {
            const BYTES: usize = size_of::<$number>();
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn take(bytes: &[u8]) -> Self {
                let mut word = [0; size_of::<$number>()];
                word.copy_from_slice(&bytes[..Self::BYTES]);
                <$number>::from_le_bytes(word)
            }
        }
    )*};
}

fixed!(u8, f32, u64);

/// Numbers of one type, one after the other.
#[derive(Debug, Clone)]
pub struct Numbers<T> {
    bytes: OwnedBytes,
    number: PhantomData<T>,
}

impl<T> Default for Numbers<T> {
    fn default() -> Self {
        Self {
            bytes: OwnedBytes::empty(),
            number: PhantomData,
        }
    }
}

impl<T: Fixed> Numbers<T> {
    pub fn from_values(values: impl IntoIterator<Item = T>) -> Self {
        let mut bytes = Vec::new();
        for value in values {
            value.put(&mut bytes);
        }
        Self::of_bytes(OwnedBytes::new(bytes))
    }

    /// `count` numbers from the start of `bytes`, and the bytes after them; `None` when
    /// `bytes` is too short.
    pub fn split_off(bytes: OwnedBytes, count: usize) -> Option<(Self, OwnedBytes)> {
        let length = count.checked_mul(T::BYTES)?;
        (bytes.len() >= length).then(|| {
            let (numbers, rest) = bytes.split(length);
            (Self::of_bytes(numbers), rest)
        })
    }

    fn of_bytes(bytes: OwnedBytes) -> Self {
        Self {
            bytes,
            number: PhantomData,
        }
    }

    pub fn len(&self) -> usize {
        self.bytes.len() / T::BYTES
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The number at `at`, which is below [`Numbers::len`].
    pub fn get(&self, at: usize) -> T {
        T::take(&self.bytes[at * T::BYTES..])
    }

    /// The numbers from `at`, `count` of them, both within [`Numbers::len`].
    pub fn run(&self, at: usize, count: usize) -> impl Iterator<Item = T> + '_ {
        self.bytes[at * T::BYTES..][..count * T::BYTES]
            .chunks_exact(T::BYTES)
            .map(T::take)
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }
}

impl<T: Fixed + Ord> Numbers<T> {
    /// Where `wanted` is, in numbers sorted in increasing order.
    pub fn position(&self, wanted: T) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.get(middle).cmp(&wanted) {
                Ordering::Less => low = middle + 1,
                Ordering::Greater => high = middle,
                Ordering::Equal => return Some(middle),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_the_same_and_a_short_run_is_refused() {
        let floats = [0.0, -1.5, f32::MAX, 1e-30];
        let hashes = [0, 1, 0x0123_4567_89ab_cdef, u64::MAX];
        let mut bytes = Numbers::from_values(hashes).as_bytes().to_vec();
        bytes.extend_from_slice(Numbers::from_values(floats).as_bytes());
        let (read_hashes, rest) =
            Numbers::<u64>::split_off(OwnedBytes::new(bytes), 4).expect("long enough");
        let (read_floats, rest) = Numbers::<f32>::split_off(rest, 4).expect("long enough");
        assert!(rest.is_empty());
        assert_eq!(read_hashes.run(0, 4).collect::<Vec<_>>(), hashes);
        assert_eq!(read_floats.run(0, 4).collect::<Vec<_>>(), floats);
        assert_eq!(read_floats.get(2).to_bits(), f32::MAX.to_bits());
        assert!(Numbers::<f32>::split_off(OwnedBytes::new(vec![0; 7]), 2).is_none());
        assert!(Numbers::<u64>::split_off(OwnedBytes::new(vec![0; 8]), usize::MAX).is_none());
    }

    #[test]
    fn sorted_numbers_are_found_and_missing_ones_are_not() {
        let sorted = Numbers::from_values([2u64, 3, 5, 7, 11, 13]);
        for (at, &number) in [2u64, 3, 5, 7, 11, 13].iter().enumerate() {
            assert_eq!(sorted.position(number), Some(at));
        }
        for missing in [0, 4, 12, 14, u64::MAX] {
            assert_eq!(sorted.position(missing), None);
        }
        assert_eq!(Numbers::<u64>::default().position(1), None);
    }
}
