//! Every spec the generator accepts gives a crate that compiles, documents cleanly and passes its
//! tests: each fixture spec's client crate is built with warnings denied (`cargo clippy
//! --all-targets`, `cargo doc`) and tested (`cargo test`: its example tests and rustdoc examples).
//!
//! The crates are copies of `generated/` (the hand-written runtime) with `src/api` generated from
//! the spec, members of one temporary workspace under `target/compile-tests/` that uses the main
//! target directory: one cargo run builds every crate, dependencies are shared with the
//! workspace's own build where their features match, and a rerun compiles only what changed.
//!
//! A crate generated from a random valid spec is built along: `spec/` with random schema and
//! endpoint files from the fuzz strategies (keyword and prelude names, unicode, deep nesting,
//! optional and nullable fields, enums, unions, cycles, maps of arrays), each kept when the spec
//! stays valid with it (`fuzz::random_valid_spec`). `COMPILE_FUZZ_FILES` sets how many random
//! files are drawn (default 24), `PROPTEST_RNG_SEED` the seed (default fixed); a longer run:
//!
//! ```text
//! COMPILE_FUZZ_FILES=400 PROPTEST_RNG_SEED=7 cargo test -p tests compile::
//! ```
//!
//! The random spec is kept in `target/compile-tests/generated/random_spec/spec/`, to regenerate
//! it with `cargo xtask generate --spec … --out …` after a failure.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::generator::{fixture, workspace_root};

/// The workspace's target directory.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The folder under the workspace's `target/` that holds the temporary workspaces.
fn scratch_root() -> PathBuf {
    target_dir().join("compile-tests")
}

/// The temporary workspace's folder under `target/compile-tests/`.
const WORKSPACE: &str = "generated";

/// A spec to compile, generated.
pub(crate) struct SpecCrate {
    /// The member folder, also used in messages.
    pub(crate) folder: String,
    pub(crate) generated: codegen::Generated,
}

/// Writes `crates` as the members of the temporary workspace `name`, then checks, documents and
/// tests them all with warnings denied; panics with cargo's output when a step fails.
pub(crate) fn build_and_test(name: &str, crates: &[SpecCrate]) {
    let root = workspace_root();
    let workspace = scratch_root().join(name);
    let members: Vec<&str> = crates.iter().map(|spec| spec.folder.as_str()).collect();
    xtask::scratch::workspace(&root, &workspace, &members)
        .unwrap_or_else(|error| panic!("{error}"));
    for spec in crates {
        let crate_dir = workspace.join(&spec.folder);
        // The package is named like the crate the spec's rustdoc examples use.
        let package = spec.generated.crate_name.replace('_', "-");
        let copy = xtask::scratch::ClientCopy {
            package: &package,
            other_api: Some("A client generated from a test spec."),
        };
        xtask::scratch::copy_client(&root, &crate_dir, &copy)
            .unwrap_or_else(|error| panic!("{error}"));
        xtask::scratch::write_client(&crate_dir, &spec.generated)
            .unwrap_or_else(|error| panic!("{error}"));
    }
    // The main target directory: dependencies built with the same features (rustls, serde, …)
    // are shared with the workspace's own build. Cargo does not hold its lock while tests run.
    let target_dir = target_dir();
    let started = Instant::now();
    // `--all-features`: the `blocking` setters and `tracing` spans compile too; one feature set
    // for every step, so dependencies are built once per mode.
    cargo(
        &workspace,
        &target_dir,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    cargo(
        &workspace,
        &target_dir,
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    cargo(
        &workspace,
        &target_dir,
        &["test", "--workspace", "--all-features"],
        &[],
    );
    eprintln!(
        "compile-tests/{name}: {} crates checked, documented and tested in {:.1} s",
        crates.len(),
        started.elapsed().as_secs_f64()
    );
}

/// Runs one cargo command in `workspace`; panics with its output when it fails.
fn cargo(workspace: &Path, target_dir: &Path, args: &[&str], env: &[(&str, &str)]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    // Everything the copies depend on is in the main lock file and was fetched for the
    // workspace's own build: tests never reach the network.
    command
        .arg(args[0])
        .arg("--offline")
        .args(&args[1..])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTDOCFLAGS");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run cargo {}: {error}", args.join(" ")));
    if !output.status.success() {
        panic!(
            "`cargo {}` failed in {} ({}):\n{}{}",
            args.join(" "),
            workspace.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The fixture specs, each generated (they must all be valid).
fn fixtures() -> Vec<SpecCrate> {
    let dir = fixture("");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .map(|entry| {
            entry
                .expect("a fixture entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let generated = codegen::generate(&fixture(&name))
                .unwrap_or_else(|diagnostics| panic!("fixture {name}:\n{diagnostics}"));
            SpecCrate {
                folder: name,
                generated,
            }
        })
        .collect()
}

/// How many random files `random_valid_spec` draws unless `COMPILE_FUZZ_FILES` says otherwise.
const DEFAULT_FUZZ_FILES: u32 = 24;

/// The crate of a random valid spec, its spec written next to it for a rerun by hand.
fn random_crate(workspace: &Path) -> SpecCrate {
    let attempts = std::env::var("COMPILE_FUZZ_FILES")
        .ok()
        .map(|value| {
            value
                .parse()
                .unwrap_or_else(|_| panic!("COMPILE_FUZZ_FILES=`{value}` is not a number"))
        })
        .unwrap_or(DEFAULT_FUZZ_FILES);
    let (files, kept) = crate::fuzz::random_valid_spec(attempts);
    eprintln!("compile-tests: {kept} of {attempts} random spec files kept");
    // About a third is kept: far fewer means the fuzz strategies no longer match the format.
    assert!(
        attempts < 12 || kept * 8 >= attempts as usize,
        "only {kept} of {attempts} random spec files were valid: the fuzz strategies need updating"
    );
    let folder = "random_spec".to_owned();
    let spec_dir = workspace.join(&folder).join("spec");
    let _ = std::fs::remove_dir_all(&spec_dir);
    for file in &files {
        let path = spec_dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a spec file has a folder"))
            .expect("create a spec folder");
        std::fs::write(&path, &file.contents).expect("write a spec file");
    }
    let generated = codegen::generate_from_files(files)
        .unwrap_or_else(|diagnostics| panic!("the random spec is valid:\n{diagnostics}"));
    SpecCrate { folder, generated }
}

#[test]
fn generated_crates_compile_document_and_pass_their_tests_without_warnings() {
    let mut crates = fixtures();
    crates.push(random_crate(&scratch_root().join(WORKSPACE)));
    let mut crate_names: Vec<&str> = crates
        .iter()
        .map(|spec| spec.generated.crate_name.as_str())
        .collect();
    crate_names.sort_unstable();
    crate_names.dedup();
    assert_eq!(
        crate_names.len(),
        crates.len(),
        "each fixture needs its own crate_name: they are built side by side"
    );
    build_and_test(WORKSPACE, &crates);
}

/// Each resource's feature alone, and none, gives a client that builds with its tests and
/// without a warning: a type is never compiled without the types it names, nor a method
/// without the types it takes and returns. The checked-in crate, in the workspace itself.
#[test]
fn each_resource_feature_builds_alone_without_warnings() {
    let root = workspace_root();
    let generated = codegen::generate(&root.join("spec")).expect("spec/ is valid");
    let features: Vec<&str> = generated.manifest.features().collect();
    assert!(features.len() > 1, "spec/ has several top-level resources");
    let started = Instant::now();
    for feature in std::iter::once("").chain(features.iter().copied()) {
        cargo(
            &root,
            &target_dir(),
            &[
                "clippy",
                "--package",
                "stytch-b2b",
                "--all-targets",
                "--no-default-features",
                "--features",
                feature,
                "--",
                "-D",
                "warnings",
            ],
            &[],
        );
    }
    eprintln!(
        "stytch-b2b: no feature and each of {} features built alone in {:.1} s",
        features.len(),
        started.elapsed().as_secs_f64()
    );
}
