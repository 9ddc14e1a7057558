//! The library side of `cargo xtask`: what the bench crate shares with the CLI (synthetic specs),
//! and the `--deny-breaking` check, kept here so its tests can drive it against real git
//! repositories.

pub mod deny;
pub mod synth;
