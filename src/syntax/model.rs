//! The model file: a versioned binary format of varints, read with bounds
//! checks so that a damaged file is an error, never a panic.

use super::SyntaxError;

/// The first bytes of every model file.
pub(crate) const MAGIC: &[u8; 8] = b"AGSYNTAX";
/// The format version; bump it when the layout or the feature hashing changes.
pub(crate) const VERSION: u64 = 1;

/// Writes the parts of a model.
#[derive(Default)]
pub(crate) struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    pub(crate) fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    pub(crate) fn raw(&mut self, b: &[u8]) {
        self.bytes.extend_from_slice(b);
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads the parts of a model, with bounds checks.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub(crate) fn error(&self, what: &str) -> SyntaxError {
        SyntaxError::Model { offset: self.at, message: what.to_string() }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    pub(crate) fn varint(&mut self) -> Result<u64, SyntaxError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at).ok_or_else(|| self.error("the model ends early"))?;
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(self.error("a number longer than 64 bits"))
    }

    pub(crate) fn signed(&mut self) -> Result<i64, SyntaxError> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    pub(crate) fn len(&mut self, what: &str) -> Result<usize, SyntaxError> {
        let n = self.varint()? as usize;
        if n > self.remaining() {
            return Err(self.error(&format!("{what}: a length beyond the end of the model")));
        }
        Ok(n)
    }

    pub(crate) fn str(&mut self) -> Result<&'a str, SyntaxError> {
        let n = self.len("a string")?;
        let s = std::str::from_utf8(&self.bytes[self.at..self.at + n]).map_err(|_| self.error("a string that is not UTF-8"))?;
        self.at += n;
        Ok(s)
    }

    pub(crate) fn raw(&mut self, n: usize) -> Result<&'a [u8], SyntaxError> {
        if n > self.remaining() {
            return Err(self.error("the model ends early"));
        }
        let b = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings_round_trip() {
        let mut w = Writer::default();
        for v in [0u64, 1, 127, 128, 300, u64::MAX] {
            w.varint(v);
        }
        for v in [0i64, -1, 1, i64::MIN, i64::MAX] {
            w.signed(v);
        }
        w.str("nmod:poss");
        let b = w.into_bytes();
        let mut r = Reader::new(&b);
        for v in [0u64, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(r.varint().unwrap(), v);
        }
        for v in [0i64, -1, 1, i64::MIN, i64::MAX] {
            assert_eq!(r.signed().unwrap(), v);
        }
        assert_eq!(r.str().unwrap(), "nmod:poss");
        assert!(r.varint().is_err());
    }

    #[test]
    fn damaged_input_is_an_error() {
        assert!(Reader::new(&[0xff; 11]).varint().is_err());
        assert!(Reader::new(&[5, b'a']).str().is_err());
        assert!(Reader::new(&[1, 0xff]).str().is_err());
    }
}
