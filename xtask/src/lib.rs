//! The library side of `cargo xtask`: what the bench and tests crates share with the CLI
//! (synthetic specs, temporary workspaces of client crates), and the `--deny-breaking` check,
//! kept here so its tests can drive it against real git repositories.

pub mod deny;
pub mod scratch;
pub mod synth;
