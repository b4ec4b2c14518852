//! Rust tests of the C API: the exported functions called as C calls them.

mod api;
mod boundary;
mod dealreg;
mod health;
mod plan;
mod profile;
mod support;
mod track;
mod version;
