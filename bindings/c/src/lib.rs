//! The C library of partnerscore: `libpartnerscore.so` / `libpartnerscore.a` with the header
//! `include/partnerscore.h`, generated from this crate by cbindgen.
//!
//! JSON in, JSON out. Every fallible call returns a [`ps_status`] and, when the caller passes an `err`
//! pointer, an error object saying where and why. No panic crosses the boundary, NULL pointers are
//! errors, and outputs are written only on success. The conventions are in `bindings/c/README.md`.
//!
//! This crate only converts: C buffers to text, engine errors to status codes, reports to JSON text.
//! Every formula is in the core crate (`crates/partnerscore`, imported here as `engine`).
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

mod ffi;
#[cfg(test)]
mod tests;

pub use ffi::*;
