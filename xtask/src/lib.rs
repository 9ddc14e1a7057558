//! The library side of `cargo xtask`: what the bench and tests crates share with the CLI
//! (synthetic specs, temporary workspaces of client crates).

pub mod scratch;
pub mod synth;
