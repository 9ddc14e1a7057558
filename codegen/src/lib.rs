//! The generator: spec files → validated model → tokens → formatted text → files.
//!
//! Stages, one module each, data flowing one way: `load` parses the YAML,
//! `validate` checks it and decides every Rust name, `emit` builds token streams with `quote!`,
//! `format` prints them with prettyplease, and [`write()`]/[`check()`] compare with or update the disk.
//! Nothing is written unless every earlier stage succeeded.
//!
//! Beside the pipeline, `openapi` exports the validated model as an OpenAPI document
//! ([`export_openapi`]) and imports an OpenAPI document as draft spec files ([`import_openapi`]).
//! The model also gives the public-API [`manifest`], which [`semver`] compares with the
//! previous one to class a change and say which version it needs, and which [`changelog`] turns
//! into the crate's `CHANGELOG.md`; [`write_package`] puts the version, the resource features and
//! the changelog on disk.

pub mod changelog;
mod diagnostic;
mod emit;
mod examples;
mod format;
mod load;
mod locate;
pub mod manifest;
mod model;
mod naming;
mod openapi;
pub mod semver;
mod spec;
mod validate;
mod write;

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use diagnostic::{Diagnostic, Diagnostics};
pub use format::HEADER;
pub use load::SourceFile;
pub use manifest::{MANIFEST_FILE, Manifest};
pub use openapi::{ImportOptions, import as import_openapi, write_drafts};
pub use semver::Version;
pub use write::{
    PackageReport, Staleness, WriteReport, check, check_package, package_toml, write, write_package,
};

/// One generated file: its path relative to the client crate's root, and its full text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// E.g. `src/api/types/mod.rs`.
    pub path: PathBuf,
    /// The formatted source, header included.
    pub contents: String,
}

/// The generated client, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Every file, sorted by path: the manifest and the code under `src/api`.
    pub files: Vec<GeneratedFile>,
    /// The public API, also in `files` as [`MANIFEST_FILE`].
    pub manifest: Manifest,
    /// Number of endpoints in the spec.
    pub endpoints: usize,
    /// Number of structs, enums and unions in the `types` module.
    pub types: usize,
    /// The client crate's name as its rustdoc examples write it (`crate_name` in `api.yaml`).
    pub crate_name: String,
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

/// Reads every spec file under `spec_dir` (hidden ones excepted), sorted by path: the input of
/// [`generate_from_files`] and [`generate_timed`]. [`generate`] is this followed by
/// [`generate_from_files`].
///
/// # Errors
///
/// A directory or file that cannot be read, or a file over the size limit.
pub fn read_spec_dir(spec_dir: &Path) -> Result<Vec<SourceFile>, Diagnostics> {
    load::read_dir(spec_dir)
}

/// Generates the client from spec files already in memory (paths relative to a spec directory).
///
/// # Errors
///
/// As [`generate`].
pub fn generate_from_files(files: Vec<SourceFile>) -> Result<Generated, Diagnostics> {
    generate_timed(files).0
}

/// Wall time spent in each stage of one [`generate_timed`] run. A stage that did not run (an
/// earlier one failed) is zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Parsing the YAML of every file, and locating its keys.
    pub load: Duration,
    /// Checking the spec and building the model.
    pub validate: Duration,
    /// Building the token streams.
    pub emit: Duration,
    /// Printing them with prettyplease.
    pub format: Duration,
}

impl StageTimes {
    /// The sum of the stages.
    pub fn total(&self) -> Duration {
        self.load + self.validate + self.emit + self.format
    }
}

/// The spec in `spec_dir` as an OpenAPI 3.0.3 document (pretty-printed JSON): every operation,
/// with its parameters, body, response and error response, every type as a component schema,
/// and the Basic credentials and authorizations as security schemes. The same spec always gives
/// the same bytes.
///
/// # Errors
///
/// As [`generate`]: the spec must be valid.
pub fn export_openapi(spec_dir: &Path) -> Result<String, Diagnostics> {
    let files = load::read_dir(spec_dir)?;
    let api = load_and_validate(files, &mut StageTimes::default())?;
    Ok(openapi::export(&api))
}

/// Parses and validates spec files into the model, timing both stages into `times`.
fn load_and_validate(
    files: Vec<SourceFile>,
    times: &mut StageTimes,
) -> Result<model::Api, Diagnostics> {
    let started = Instant::now();
    let parsed = load::parse(files);
    times.load = started.elapsed();
    let (mut spec, mut load_problems) = parsed?;
    // Files that did not parse are reported together with what validating the others finds.
    let started = Instant::now();
    let locations = std::mem::take(&mut spec.locations);
    let validated = validate::validate(spec);
    times.validate = started.elapsed();
    match validated {
        Ok(api) if load_problems.is_empty() => Ok(api),
        Ok(_) => Err(load_problems.located(&locations)),
        Err(problems) => {
            load_problems.extend(problems);
            Err(load_problems.located(&locations))
        }
    }
}

/// [`generate_from_files`], also saying how long each stage took (for benchmarks).
///
/// # Errors
///
/// As [`generate`].
pub fn generate_timed(files: Vec<SourceFile>) -> (Result<Generated, Diagnostics>, StageTimes) {
    let mut times = StageTimes::default();
    let api = match load_and_validate(files, &mut times) {
        Ok(api) => api,
        Err(diagnostics) => return (Err(diagnostics), times),
    };
    let (mut files, diagnostics) = emit_and_format(&api, &mut times);
    let started = Instant::now();
    let manifest = manifest::build(&api);
    files.push(GeneratedFile {
        path: PathBuf::from(MANIFEST_FILE),
        contents: manifest.render(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    times.format += started.elapsed();
    let result = diagnostics.into_result(Generated {
        files,
        manifest,
        endpoints: api.endpoint_count,
        types: api.types.len() + api.enums.len() + api.unions.len(),
        crate_name: api.crate_name.clone(),
    });
    (result, times)
}

/// Emits and formats every part of the API (`emit::parts`) on as many threads as the machine
/// has, each thread taking the next part still to do; a part's tokens are formatted on the thread
/// that emitted them (token streams cannot be sent to another). The files come back sorted by
/// path, whatever thread made them, so the output is the same on every run.
///
/// `times.emit` and `times.format` share the wall time of this step in proportion to the time the
/// threads spent in each.
fn emit_and_format(api: &model::Api, times: &mut StageTimes) -> (Vec<GeneratedFile>, Diagnostics) {
    let started = Instant::now();
    let parts = emit::parts(api);
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        let (mut emitting, mut formatting) = (Duration::ZERO, Duration::ZERO);
        while let Some(part) = parts.get(next.fetch_add(1, Ordering::Relaxed)) {
            let emit_started = Instant::now();
            let emitted = emit::emit_part(api, part);
            emitting += emit_started.elapsed();
            let format_started = Instant::now();
            for file in emitted {
                done.push((file.path.clone(), format::format(file)));
            }
            formatting += format_started.elapsed();
        }
        (done, emitting, formatting)
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(parts.len())
        .max(1);
    let finished = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut finished = vec![worker()];
        for helper in helpers {
            // A panic in the emitter is a bug; let it surface as it would on one thread.
            finished.push(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        finished
    });
    let (mut emitting, mut formatting) = (Duration::ZERO, Duration::ZERO);
    let mut done = Vec::new();
    for (files, emit_time, format_time) in finished {
        done.extend(files);
        emitting += emit_time;
        formatting += format_time;
    }
    done.sort_by(|(a, _), (b, _)| a.cmp(b));
    let mut files = Vec::new();
    let mut diagnostics = Diagnostics::default();
    for (path, formatted) in done {
        match formatted {
            Ok(contents) => files.push(GeneratedFile { path, contents }),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let wall = started.elapsed();
    let busy = (emitting + formatting).as_secs_f64();
    let emit_share = if busy > 0.0 {
        emitting.as_secs_f64() / busy
    } else {
        0.0
    };
    times.emit = wall.mul_f64(emit_share);
    times.format = wall - times.emit;
    (files, diagnostics)
}
