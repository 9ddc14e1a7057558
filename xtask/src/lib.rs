//! The library side of `cargo xtask`: what the bench crate shares with the CLI (synthetic specs).

pub mod synth;
