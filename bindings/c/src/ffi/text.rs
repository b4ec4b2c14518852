//! Text the library hands to C (the JSON report): one allocation laid out as
//! `[length: usize][capacity: usize][text …][NUL]`, with C holding a pointer to the text.
//!
//! The header lets `ps_string_free` give the allocation back without `strlen` (no scan of a large report)
//! and whatever the caller wrote into the text (`char *`, not `const`): it never reads the text.

use std::ffi::c_char;
use std::mem::{size_of, ManuallyDrop};

use super::boundary::Failure;
use super::error::ps_status;

const HEADER: usize = 2 * size_of::<usize>();

/// A buffer to write output text into, then hand to C.
pub(crate) struct OutText(Vec<u8>);

impl OutText {
    /// An empty text.
    pub(crate) fn new() -> Self {
        OutText(vec![0; HEADER])
    }

    /// The buffer to append the text to.
    pub(crate) fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }

    /// Hands the text to C: the NUL-terminated string and its length (without the NUL). Text holding a NUL
    /// byte cannot be a C string: that is an internal error (our JSON writes NUL as `\u0000`, so it does not
    /// happen). Free the string with [`free`].
    pub(crate) fn into_raw(self) -> Result<(*mut c_char, usize), Failure> {
        let mut bytes = self.0;
        let text = bytes.get(HEADER..).unwrap_or_default();
        // `contains` on bytes is a memchr: a fast scan, and this one cannot be skipped if C is to get a string.
        if text.contains(&0) {
            let at = text.iter().position(|&b| b == 0).unwrap_or_default();
            let message = format!("internal error: output has a NUL byte at {at}");
            return Err(Failure::new(ps_status::PS_ERR_INTERNAL, message));
        }
        let len = text.len();
        bytes.push(0);
        let mut bytes = ManuallyDrop::new(bytes);
        let (base, total, capacity) = (bytes.as_mut_ptr(), bytes.len(), bytes.capacity());
        // SAFETY: the allocation holds at least HEADER + 1 bytes; the writes are unaligned-safe. The text
        // starts HEADER bytes in.
        unsafe {
            base.cast::<usize>().write_unaligned(total);
            base.add(size_of::<usize>()).cast::<usize>().write_unaligned(capacity);
            Ok((base.add(HEADER).cast::<c_char>(), len))
        }
    }
}

/// Frees a string made by [`OutText::into_raw`].
///
/// # Safety
/// `text` is a pointer returned by `OutText::into_raw` that has not been freed. Its bytes may have been
/// changed; the header before it must not.
pub(crate) unsafe fn free(text: *mut c_char) {
    // SAFETY: per the contract, HEADER bytes before `text` hold the length and capacity of the Vec<u8>
    // whose buffer starts there.
    unsafe {
        let base = text.cast::<u8>().sub(HEADER);
        let total = base.cast::<usize>().read_unaligned();
        let capacity = base.add(size_of::<usize>()).cast::<usize>().read_unaligned();
        drop(Vec::from_raw_parts(base, total, capacity));
    }
}
