//! Compile-cost benchmark: `cargo check` and `cargo build` (dev profile) of the generated crate
//! alone, after its dependencies are built, per spec size.
//!
//! The crate is a copy of `generated/` (its manifest renamed `stytch-b2b-compile-bench`, and its
//! hand-written `src/`) with `src/api` generated from the spec being measured, in a temporary
//! workspace made from the main one's manifest and lock file. It shares the main target directory,
//! so dependencies are built once. Each measurement touches `src/lib.rs` and times one cargo
//! command with `CARGO_INCREMENTAL=0`; peak memory is the largest resident set of cargo and the
//! rustc it waits for, from `/usr/bin/time -f %M`. A run during which cargo waited for another
//! cargo's lock on the target directory is thrown away and repeated.
//!
//! With `--progenitor`, progenitor's client of the same API (`progenitor.rs`) is generated and
//! built too, interleaved with ours run by run so that the machine's load weighs on both alike,
//! and a second table gives each figure of progenitor's and the ratio of ours to it (the median
//! of the per-run ratios). For `spec/` it also times a consumer's incremental rebuild with each
//! client (`consumer.rs`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

use crate::stats::Summary;
use crate::{Options, Scratch, consumer, progenitor, workspace_root};

/// The copied crate's package name (not `stytch-b2b`, so its artifacts never replace the real
/// crate's in the shared target directory).
const PACKAGE: &str = "stytch-b2b-compile-bench";
/// Where GNU time lives; without it, peak memory is not measured.
const GNU_TIME: &str = "/usr/bin/time";
/// The file a run of the crate-only benchmark touches, relative to the workspace.
const LIB_RS: &str = "client/src/lib.rs";
/// How often one measurement is attempted before a busy target directory is an error.
const ATTEMPTS: usize = 5;

/// One timed cargo command: seconds and peak resident memory in MiB (0 when unknown).
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub seconds: f64,
    pub peak_mib: f64,
}

/// Runs the compile benchmark and prints its table.
pub fn run(options: &Options, scratch: &Scratch) -> Result<(), String> {
    let root = workspace_root();
    let target_dir = crate::target_dir(options);
    let workspace = scratch.path().join("compile");
    set_up(&root, &workspace)?;
    let crate_dir = workspace.join("client");
    let cargo = Cargo {
        workspace: workspace.clone(),
        target_dir: target_dir.clone(),
        memory: Path::new(GNU_TIME).exists(),
        package: PACKAGE,
        touched: LIB_RS,
        incremental: false,
        only_feature: None,
    };
    let rival = if options.progenitor {
        let binary = progenitor::install(&target_dir)?;
        let workspace = scratch.path().join("progenitor");
        progenitor::set_up(&workspace)?;
        Some((
            binary,
            Cargo {
                workspace,
                target_dir: target_dir.clone(),
                memory: cargo.memory,
                package: progenitor::PACKAGE,
                touched: LIB_RS,
                incremental: false,
                only_feature: None,
            },
        ))
    } else {
        None
    };
    let mut rival_rows = Vec::new();
    let mut consumer_row = None;
    let mut one_rows = Vec::new();
    println!(
        "## Compile cost of the generated crate alone (s and peak MiB, median [min–max] of {} runs)\n",
        options.runs
    );
    println!(
        "Dev profile, `CARGO_INCREMENTAL=0`, dependencies already built (target dir {}); each run \
         touches `src/lib.rs`. Times include cargo's own start-up (about 0.1 s). Generated lines \
         count every generated file, test-only ones (`#[cfg(test)]`) included.\n",
        target_dir.display()
    );
    println!(
        "| spec | endpoints | types | generated lines (all files) | check s | check peak MiB | build s | build peak MiB |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|");
    let mut first = true;
    for &size in &options.compile_sizes {
        let spec_dir = scratch.spec_dir(size)?;
        let generated =
            codegen::generate(&spec_dir).map_err(|diagnostics| diagnostics.to_string())?;
        xtask::scratch::write_client(&crate_dir, &generated)?;
        let lines: usize = generated
            .files
            .iter()
            .map(|file| file.contents.lines().count())
            .sum();
        let rival = match &rival {
            Some((binary, rival_cargo)) => {
                let document = progenitor::export(scratch, size, &spec_dir)?;
                let mut generation = Vec::new();
                for index in 0..options.runs {
                    let ours = time_our_generation(
                        &spec_dir,
                        &scratch.path().join(format!("ours-{index}")),
                    )?;
                    let theirs = progenitor::generate(binary, &document, &rival_cargo.workspace)?;
                    generation.push((ours, theirs));
                }
                if first {
                    rival_cargo.run("check", false)?;
                    rival_cargo.run("build", false)?;
                }
                Some((rival_cargo, generation))
            }
            None => None,
        };
        if first {
            // Dependencies (and this crate once), untimed. Later sizes need no warm-up: new
            // generated code is compiled again whatever was built before, like after a touch.
            cargo.run("check", false)?;
            cargo.run("build", false)?;
            first = false;
        }
        // One resource: `sessions` of spec/ (what a service authenticating its members calls),
        // the first copy of spec/ in a synthetic spec.
        let one_cargo = options.one_resource.then(|| Cargo {
            only_feature: Some(match size {
                crate::Size::Real => "sessions".to_owned(),
                crate::Size::Synthetic(_) => "r1".to_owned(),
            }),
            ..cargo.clone()
        });
        if let Some(one_cargo) = &one_cargo {
            one_cargo.run("check", false)?;
            one_cargo.run("build", false)?;
        }
        let mut checks = Vec::new();
        let mut builds = Vec::new();
        let mut rival_checks = Vec::new();
        let mut rival_builds = Vec::new();
        let mut one_checks = Vec::new();
        let mut one_builds = Vec::new();
        for _ in 0..options.runs {
            checks.push(cargo.run("check", true)?);
            if let Some((rival_cargo, _)) = &rival {
                rival_checks.push(rival_cargo.run("check", true)?);
            }
            if let Some(one_cargo) = &one_cargo {
                one_checks.push(one_cargo.run("check", true)?);
            }
            builds.push(cargo.run("build", true)?);
            if let Some((rival_cargo, _)) = &rival {
                rival_builds.push(rival_cargo.run("build", true)?);
            }
            if let Some(one_cargo) = &one_cargo {
                one_builds.push(one_cargo.run("build", true)?);
            }
        }
        if let Some(one_cargo) = &one_cargo {
            one_rows.push(one_resource_row(
                size,
                one_cargo.only_feature.as_deref().unwrap_or_default(),
                (&one_checks, &checks),
                (&one_builds, &builds),
            ));
        }
        if let (Some((rival_cargo, _)), crate::Size::Real) = (&rival, size) {
            consumer_row = Some(consumer::measure(&cargo, rival_cargo, options.runs)?);
        }
        if let Some((rival_cargo, generation)) = &rival {
            rival_rows.push(rival_row(
                size,
                progenitor::generated_lines(&rival_cargo.workspace),
                generation,
                (&checks, &rival_checks),
                (&builds, &rival_builds),
            ));
        }
        let seconds = |runs: &[Measured]| {
            Summary::of(&runs.iter().map(|run| run.seconds).collect::<Vec<_>>()).cell(2)
        };
        let memory = |runs: &[Measured]| {
            let summary = Summary::of(&runs.iter().map(|run| run.peak_mib).collect::<Vec<_>>());
            if summary.max > 0.0 {
                summary.cell(0)
            } else {
                "n/a".to_owned()
            }
        };
        println!(
            "| {size} | {} | {} | {lines} | {} | {} | {} | {} |",
            generated.endpoints,
            generated.types,
            seconds(&checks),
            memory(&checks),
            seconds(&builds),
            memory(&builds),
        );
    }
    println!();
    if !rival_rows.is_empty() {
        println!(
            "### Progenitor {} on the same API (the spec exported by `cargo xtask openapi`)\n",
            progenitor::VERSION
        );
        println!(
            "Each figure of progenitor's, and the ratio of ours to it: the median [min–max] of \
             the per-run ratios, ours and progenitor's measured one after the other in each run. \
             Generation: ours in this process (generate and write), progenitor's \
             `cargo-progenitor` process.\n"
        );
        println!(
            "| spec | progenitor lines | generate ms | generate ratio | check s | check ratio | build s | build ratio | build peak MiB | build peak ratio |"
        );
        println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for row in rival_rows {
            println!("{row}");
        }
        println!();
    }
    if !one_rows.is_empty() {
        println!("### One resource: `--no-default-features --features <resource>`\n");
        println!(
            "The crate with one top-level resource's feature, and the ratio of it to the crate \
             with every resource (the default): the median [min–max] of the per-run ratios, \
             both measured one after the other in each run.\n"
        );
        println!(
            "| spec | feature | check s | check ratio | build s | build ratio | build peak MiB | build peak ratio |"
        );
        println!("|---|---|--:|--:|--:|--:|--:|--:|");
        for row in one_rows {
            println!("{row}");
        }
        println!();
    }
    if let Some(row) = consumer_row {
        println!(
            "### A consumer calling five endpoints: incremental debug rebuild after touching its main.rs (`spec/`)\n"
        );
        println!(
            "Seconds, median [min–max] of {} runs; the ratio is ours ÷ progenitor's, run by run \
             (ours then progenitor's in each run).\n",
            options.runs
        );
        println!("| ours s | progenitor s | ratio |");
        println!("|--:|--:|--:|");
        println!("{row}\n");
    }
    Ok(())
}

/// Seconds to generate the client for `spec_dir` and write it into the new folder `out`.
fn time_our_generation(spec_dir: &Path, out: &Path) -> Result<f64, String> {
    let started = Instant::now();
    let generated = codegen::generate(spec_dir).map_err(|diagnostics| diagnostics.to_string())?;
    codegen::write(out, &generated.files)
        .map_err(|error| format!("cannot write into {}: {error}", out.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    fs::remove_dir_all(out).map_err(|error| format!("cannot remove {}: {error}", out.display()))?;
    Ok(seconds)
}

/// A row of the progenitor table: progenitor's figures and the per-run ratios of ours to them.
fn rival_row(
    size: crate::Size,
    lines: usize,
    generation: &[(f64, f64)],
    checks: (&[Measured], &[Measured]),
    builds: (&[Measured], &[Measured]),
) -> String {
    let theirs = |values: Vec<f64>, decimals: usize| Summary::of(&values).cell(decimals);
    format!(
        "| {size} | {lines} | {} | {} | {} | {} | {} | {} | {} | {} |",
        theirs(
            generation
                .iter()
                .map(|(_, theirs)| theirs * 1000.0)
                .collect(),
            0
        ),
        ratio_cell(generation.to_vec()),
        theirs(checks.1.iter().map(seconds).collect(), 2),
        ratio_cell(paired(checks, seconds)),
        theirs(builds.1.iter().map(seconds).collect(), 2),
        ratio_cell(paired(builds, seconds)),
        theirs(builds.1.iter().map(peak).collect(), 0),
        ratio_cell(paired(builds, peak)),
    )
}

/// A row of the one-resource table: the crate with one resource's feature, and the per-run
/// ratios of it to the crate with every resource.
fn one_resource_row(
    size: crate::Size,
    feature: &str,
    checks: (&[Measured], &[Measured]),
    builds: (&[Measured], &[Measured]),
) -> String {
    let one = |values: Vec<f64>, decimals: usize| Summary::of(&values).cell(decimals);
    format!(
        "| {size} | `{feature}` | {} | {} | {} | {} | {} | {} |",
        one(checks.0.iter().map(seconds).collect(), 2),
        ratio_cell(paired(checks, seconds)),
        one(builds.0.iter().map(seconds).collect(), 2),
        ratio_cell(paired(builds, seconds)),
        one(builds.0.iter().map(peak).collect(), 0),
        ratio_cell(paired(builds, peak)),
    )
}

fn seconds(run: &Measured) -> f64 {
    run.seconds
}

fn peak(run: &Measured) -> f64 {
    run.peak_mib
}

/// The figure `pick` of each run of the first list with the same run of the second.
fn paired(
    (first, second): (&[Measured], &[Measured]),
    pick: fn(&Measured) -> f64,
) -> Vec<(f64, f64)> {
    first
        .iter()
        .zip(second)
        .map(|(a, b)| (pick(a), pick(b)))
        .collect()
}

/// The median [min–max] of the ratios of each pair, `n/a` when there are none to divide by.
fn ratio_cell(pairs: Vec<(f64, f64)>) -> String {
    let ratios: Vec<f64> = pairs
        .into_iter()
        .filter(|(_, divisor)| *divisor > 0.0)
        .map(|(value, divisor)| value / divisor)
        .collect();
    if ratios.is_empty() {
        "n/a".to_owned()
    } else {
        format!("{}×", Summary::of(&ratios).cell(2))
    }
}

/// Makes the temporary workspace: the main manifest with two members, the main lock file, a copy
/// of the client crate without its generated code, and the consumer of the consumer benchmark.
fn set_up(root: &Path, workspace: &Path) -> Result<(), String> {
    xtask::scratch::workspace(root, workspace, &["client", "consumer"])?;
    let copy = xtask::scratch::ClientCopy {
        package: PACKAGE,
        other_api: None,
    };
    xtask::scratch::copy_client(root, &workspace.join("client"), &copy)?;
    consumer::write_ours(workspace, PACKAGE)
}

/// Runs cargo in the temporary workspace.
#[derive(Clone)]
pub struct Cargo {
    pub workspace: PathBuf,
    pub target_dir: PathBuf,
    /// Whether `/usr/bin/time` measures peak memory.
    pub memory: bool,
    /// The package built.
    pub package: &'static str,
    /// The file a timed run touches first, relative to the workspace.
    pub touched: &'static str,
    /// Whether cargo compiles incrementally (`CARGO_INCREMENTAL`): off for the crate-only
    /// figures, on (cargo's default for dev builds) for a consumer's edit loop.
    pub incremental: bool,
    /// Builds with default features off and only this one on (one resource), else with the
    /// default features (every resource).
    pub only_feature: Option<String>,
}

impl Cargo {
    /// Runs `cargo <command> -p <package>`; when `timed`, first touches the `touched` file and
    /// checks that the package was compiled again. Repeats a run that waited for another cargo's
    /// lock.
    pub fn run(&self, command: &str, timed: bool) -> Result<Measured, String> {
        for _ in 0..ATTEMPTS {
            if timed {
                self.touch()?;
            }
            let memory_file = self.workspace.join("peak-kib");
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let mut process = if self.memory {
                let mut process = Command::new(GNU_TIME);
                process
                    .args(["-f", "%M", "-o"])
                    .arg(&memory_file)
                    .arg(cargo);
                process
            } else {
                Command::new(cargo)
            };
            process.args([command, "--package", self.package]);
            if let Some(feature) = &self.only_feature {
                process.args(["--no-default-features", "--features", feature]);
            }
            process
                .current_dir(&self.workspace)
                .env("CARGO_TARGET_DIR", &self.target_dir)
                .env(
                    "CARGO_INCREMENTAL",
                    if self.incremental { "1" } else { "0" },
                )
                .env("CARGO_TERM_COLOR", "never");
            let started = Instant::now();
            let output = process
                .output()
                .map_err(|error| format!("cannot run cargo {command}: {error}"))?;
            let seconds = started.elapsed().as_secs_f64();
            let stderr = String::from_utf8_lossy(&output.stderr);
            if !output.status.success() {
                return Err(format!(
                    "cargo {command} of the generated crate failed ({}):\n{stderr}",
                    output.status
                ));
            }
            if stderr.contains("Blocking waiting for file lock") {
                eprintln!("note: cargo {command} waited for another cargo; measuring again");
                continue;
            }
            if timed && !stderr.contains(self.package) {
                return Err(format!(
                    "cargo {command} did not compile {} again after touching {}:\n{stderr}",
                    self.package, self.touched
                ));
            }
            let peak_mib = if self.memory {
                fs::read_to_string(&memory_file)
                    .ok()
                    .and_then(|text| text.trim().parse::<f64>().ok())
                    .map_or(0.0, |kib| kib / 1024.0)
            } else {
                0.0
            };
            return Ok(Measured { seconds, peak_mib });
        }
        Err(format!(
            "cargo {command} waited for another cargo's lock on {} {ATTEMPTS} times; run the \
             benchmark when the target directory is idle, or pass --target-dir",
            self.target_dir.display()
        ))
    }

    fn touch(&self) -> Result<(), String> {
        let file = self.workspace.join(self.touched);
        fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|file| file.set_modified(SystemTime::now()))
            .map_err(|error| format!("cannot touch {}: {error}", file.display()))
    }
}
