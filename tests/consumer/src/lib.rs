//! A crate that uses `stytch-b2b` the way its users do: it depends on it by path, with default
//! features, and reaches it through its public API only (no `example-calls`, no hidden items).
//!
//! That it compiles is the test that the public API allows what users need; the `tests` crate
//! also runs its functions against a local server (`client::consumer`). Each module holds one
//! kind of use, written as a user would write it.

pub mod one_of;
pub mod params;
pub mod requests;
pub mod types;
