//! The workspace's tests, in one test binary: generator snapshots and end-to-end client tests.
//!
//! - `generator`: the generated code for small fixture specs and for the real `spec/` (insta
//!   snapshots), the staleness check against `generated/`, and writing to disk.
//! - `broken_specs`: a corpus of broken copies of the `features` fixture, each with an insta
//!   snapshot of the exact diagnostics the generator gives for it.
//! - `compile`: the client crate of every fixture spec and of a random valid spec, built,
//!   documented and tested with warnings denied (in a temporary workspace under
//!   `target/compile-tests/`).
//! - `manifest`: the public-API manifest, a table of spec edits with the semver class and the
//!   items the generator names for each, the changelog, and the crate version.
//! - `client`: each endpoint of the generated client against a local HTTP server (wiremock).
//! - `openapi`: the OpenAPI exporter (structure of the documents, a snapshot, determinism) and
//!   importer (drafts that generate, refusals with JSON pointers, no overwriting), and round
//!   trips spec → OpenAPI → spec that must give the same client.
//! - `fuzz`: property tests (proptest) feeding arbitrary, mutated and random spec files to the
//!   generator: it must return diagnostics or code, never panic or hang.

#[cfg(test)]
mod broken_specs;
#[cfg(test)]
mod client;
#[cfg(test)]
mod compile;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod generator;
#[cfg(test)]
mod manifest;
#[cfg(test)]
mod openapi;
