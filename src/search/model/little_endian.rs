//! Long runs of numbers in the cached model as one run of little-endian bytes: a warm `ask`
//! reads the model from the cache, and decoding bytes is many times faster than decoding a
//! sequence of numbers one by one (postcard writes integers as varints).

use serde::de::{Deserializer, Error, Visitor};
use serde::ser::Serializer;

/// A number with a fixed-size little-endian form.
pub trait Fixed: Sized {
    const BYTES: usize;
    fn put(&self, out: &mut Vec<u8>);
    /// The number of exactly [`Fixed::BYTES`] bytes (a slice of another length panics).
    fn take(bytes: &[u8]) -> Self;
}

impl Fixed for f32 {
    const BYTES: usize = 4;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Self {
        let mut word = [0; 4];
        word.copy_from_slice(bytes);
        f32::from_le_bytes(word)
    }
}

impl Fixed for u64 {
    const BYTES: usize = 8;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Self {
        let mut word = [0; 8];
        word.copy_from_slice(bytes);
        u64::from_le_bytes(word)
    }
}

pub fn serialize<T: Fixed, S: Serializer>(values: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    let mut bytes = Vec::with_capacity(values.len() * T::BYTES);
    for value in values {
        value.put(&mut bytes);
    }
    serializer.serialize_bytes(&bytes)
}

pub fn deserialize<'de, T: Fixed, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    struct Numbers<T>(std::marker::PhantomData<T>);
    impl<T: Fixed> Visitor<'_> for Numbers<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "little-endian numbers of {} bytes", T::BYTES)
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<T>, E> {
            let chunks = bytes.chunks_exact(T::BYTES);
            if !chunks.remainder().is_empty() {
                return Err(E::custom("not a whole number of numbers"));
            }
            Ok(chunks.map(T::take).collect())
        }
    }
    deserializer.deserialize_bytes(Numbers(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Both {
        #[serde(with = "super")]
        floats: Vec<f32>,
        #[serde(with = "super")]
        hashes: Vec<u64>,
    }

    #[test]
    fn numbers_read_back_the_same_and_a_cut_run_is_refused() {
        let both = Both {
            floats: vec![0.0, -1.5, f32::MAX, 1e-30],
            hashes: vec![0, 1, u64::MAX, 0x0123_4567_89ab_cdef],
        };
        let bytes = postcard::to_allocvec(&both).expect("serializes");
        assert_eq!(postcard::from_bytes::<Both>(&bytes).expect("reads"), both);
        let mut cut = postcard::to_allocvec(&vec![1u8, 2, 3]).expect("serializes");
        cut.extend(postcard::to_allocvec(&Vec::<u8>::new()).expect("serializes"));
        assert!(postcard::from_bytes::<Both>(&cut).is_err());
    }
}
