//! Progenitor's client of the same API, for side-by-side figures in the compile benchmark
//! (`compile --progenitor`): the spec is exported with `codegen::export_openapi`, and
//! `cargo-progenitor` (installed on first use into the target directory, never in CI) generates
//! its crate from that document.
//!
//! Progenitor's crate is built in a workspace of its own (its dependencies differ from ours) that
//! shares the target directory, so its dependencies are built once too.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{Scratch, Size};

/// The version measured against (the one of the compile-cost issue's figures).
pub const VERSION: &str = "0.15.1";
/// The package name of progenitor's crate.
pub const PACKAGE: &str = "progenitor-compile-bench";

/// `cargo-progenitor`, installed (once) under `target_dir`.
pub fn install(target_dir: &Path) -> Result<PathBuf, String> {
    let root = target_dir.join(format!("bench-tools/cargo-progenitor-{VERSION}"));
    let binary = root.join("bin/cargo-progenitor");
    if binary.exists() {
        return Ok(binary);
    }
    eprintln!(
        "note: installing cargo-progenitor {VERSION} into {} (once; a few minutes)",
        root.display()
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "install",
            "cargo-progenitor",
            "--locked",
            "--version",
            VERSION,
            "--root",
        ])
        .arg(&root)
        .status()
        .map_err(|error| format!("cannot run cargo install: {error}"))?;
    if !status.success() || !binary.exists() {
        return Err(format!(
            "cargo install cargo-progenitor {VERSION} failed ({status})"
        ));
    }
    Ok(binary)
}

/// Writes the OpenAPI document of the spec in `spec_dir` (of `size`) into the scratch directory,
/// returning its path.
pub fn export(scratch: &Scratch, size: Size, spec_dir: &Path) -> Result<PathBuf, String> {
    let stem = match size {
        Size::Real => "spec".to_owned(),
        Size::Synthetic(endpoints) => endpoints.to_string(),
    };
    let document = scratch.path().join(format!("openapi-{stem}.json"));
    if !document.exists() {
        let text =
            codegen::export_openapi(spec_dir).map_err(|diagnostics| diagnostics.to_string())?;
        fs::write(&document, &text)
            .map_err(|error| format!("cannot write {}: {error}", document.display()))?;
    }
    Ok(document)
}

/// The workspace progenitor's crate is built in: `<workspace>/client` is the crate, and
/// `<workspace>/consumer` the consumer of the consumer benchmark.
pub fn set_up(workspace: &Path) -> Result<(), String> {
    fs::create_dir_all(workspace)
        .map_err(|error| format!("cannot create {}: {error}", workspace.display()))?;
    let manifest = "[workspace]\nresolver = \"3\"\nmembers = [\"client\", \"consumer\"]\n";
    fs::write(workspace.join("Cargo.toml"), manifest)
        .map_err(|error| format!("cannot write into {}: {error}", workspace.display()))?;
    crate::consumer::write_theirs(workspace, PACKAGE)
}

/// Generates progenitor's crate for the OpenAPI `document` into `<workspace>/client` (replacing
/// what is there), returning the wall time of the `cargo-progenitor` process in seconds.
pub fn generate(binary: &Path, document: &Path, workspace: &Path) -> Result<f64, String> {
    let crate_dir = workspace.join("client");
    if crate_dir.exists() {
        fs::remove_dir_all(&crate_dir)
            .map_err(|error| format!("cannot clear {}: {error}", crate_dir.display()))?;
    }
    let started = Instant::now();
    let output = Command::new(binary)
        .arg("progenitor")
        .arg("--input")
        .arg(document)
        .arg("--output")
        .arg(&crate_dir)
        .args(["--name", PACKAGE, "--version", "0.1.0"])
        .output()
        .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "cargo-progenitor failed on {} ({}):\n{}",
            document.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(seconds)
}

/// The number of lines of the Rust sources progenitor generated.
pub fn generated_lines(workspace: &Path) -> usize {
    fs::read_to_string(workspace.join("client/src/lib.rs")).map_or(0, |text| text.lines().count())
}
