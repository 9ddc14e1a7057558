//! The generator: spec files → validated model → tokens → formatted text → files.
//!
//! Stages, one module each, data flowing one way: `load` parses the YAML,
//! `validate` checks it and decides every Rust name, `emit` builds token streams with `quote!`,
//! `format` prints them with prettyplease, and [`write()`]/[`check()`] compare with or update the disk.
//! Nothing is written unless every earlier stage succeeded.

mod diagnostic;
mod emit;
mod format;
mod load;
mod locate;
mod model;
mod naming;
mod spec;
mod validate;
mod write;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics};
pub use format::HEADER;
pub use load::SourceFile;
pub use write::{Staleness, WriteReport, check, write};

/// One generated file: its path relative to the client crate's root, and its full text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// E.g. `src/api/types.rs`.
    pub path: PathBuf,
    /// The formatted source, header included.
    pub contents: String,
}

/// The generated client, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Every file, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Number of endpoints in the spec.
    pub endpoints: usize,
    /// Number of structs and enums in the `types` module.
    pub types: usize,
}

/// The folder of the client crate that the generator owns (relative to the crate root).
pub const OWNED_DIR: &str = emit::OWNED_DIR;

/// Generates the client from the spec in `spec_dir`, in memory.
///
/// # Errors
///
/// Every problem found in the spec, as diagnostics naming the file and, where known, the line.
pub fn generate(spec_dir: &Path) -> Result<Generated, Diagnostics> {
    generate_from_files(load::read_dir(spec_dir)?)
}

/// Generates the client from spec files already in memory (paths relative to a spec directory).
///
/// # Errors
///
/// As [`generate`].
pub fn generate_from_files(files: Vec<SourceFile>) -> Result<Generated, Diagnostics> {
    let mut spec = load::parse(files)?;
    let locations = std::mem::take(&mut spec.locations);
    let api = validate::validate(spec).map_err(|diagnostics| diagnostics.located(&locations))?;
    let mut diagnostics = Diagnostics::default();
    let mut files = Vec::new();
    for emitted in emit::emit(&api) {
        match format::format(&emitted) {
            Ok(contents) => files.push(GeneratedFile {
                path: emitted.path,
                contents,
            }),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    diagnostics.into_result(Generated {
        files,
        endpoints: api.endpoint_count,
        types: api.types.len() + api.enums.len(),
    })
}
