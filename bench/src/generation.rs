//! Generation benchmark: wall time per stage (read, load, validate, emit, format, write) and peak
//! memory, per spec size.
//!
//! Each run is a fresh child process of this binary (`__generation-child SPEC OUT`) that generates
//! once into an empty folder and prints its stage times and its peak resident memory (`VmHWM`), so
//! one run's allocations never flatter or burden the next.
//!
//! With `--progenitor`, each run of ours is followed by a run of `cargo-progenitor` on the same
//! API (the spec exported as OpenAPI), and a second table gives the ratio of our total to its
//! wall time, run by run. Progenitor's figure is its whole process (start-up and its rustfmt
//! pass included); ours is the child's time from reading the spec to the last file written
//! (without the child's start-up, a millisecond or two).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use crate::stats::Summary;
use crate::{Options, Scratch, Size, progenitor};

/// The hidden command line of a child process.
pub const CHILD_COMMAND: &str = "__generation-child";

/// The goal for the real spec: total time at most this many milliseconds.
const SPEC_GOAL_MS: f64 = 100.0;
/// The linearity goal: time at 2,000 endpoints at most this many times the time at 200.
const LINEAR_GOAL: f64 = 11.0;

/// One child's measurements.
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    read: f64,
    load: f64,
    validate: f64,
    emit: f64,
    format: f64,
    write: f64,
    total: f64,
    /// Peak resident memory in MiB (0 when unknown).
    peak_mib: f64,
    endpoints: usize,
    types: usize,
    files: usize,
}

/// Runs the generation benchmark and prints its table; `Ok(false)` when a `--limit` is exceeded.
pub fn run(options: &Options, scratch: &Scratch) -> Result<bool, String> {
    println!(
        "## Generation (ms per stage, median [min–max] of {} runs, each in a fresh process)\n",
        options.runs
    );
    println!(
        "| spec | endpoints | types | files | read | load | validate | emit | format | write | total | µs/endpoint | peak MiB |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    let mut totals: Vec<(Size, Summary, Summary)> = Vec::new();
    let rival = if options.progenitor {
        let binary = progenitor::install(&crate::target_dir(options))?;
        let workspace = scratch.path().join("progenitor-generation");
        progenitor::set_up(&workspace)?;
        Some((binary, workspace))
    } else {
        None
    };
    let mut rival_rows = Vec::new();
    for &size in &options.sizes {
        let spec_dir = scratch.spec_dir(size)?;
        let document = match &rival {
            Some(_) => Some(progenitor::export(scratch, size, &spec_dir)?),
            None => None,
        };
        let mut runs = Vec::new();
        let mut rival_ms = Vec::new();
        for index in 0..options.runs {
            let out = scratch.path().join(format!("generated-{index}"));
            runs.push(measure(&spec_dir, &out)?);
            remove(&out)?;
            if let (Some((binary, workspace)), Some(document)) = (&rival, &document) {
                rival_ms.push(progenitor::generate(binary, document, workspace)? * 1000.0);
            }
        }
        let summary =
            |pick: fn(&Run) -> f64| Summary::of(&runs.iter().map(pick).collect::<Vec<_>>());
        let first = runs.first().copied().unwrap_or_default();
        let total = summary(|run| run.total);
        let peak = summary(|run| run.peak_mib);
        println!(
            "| {size} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} | {} |",
            first.endpoints,
            first.types,
            first.files,
            summary(|run| run.read).cell(1),
            summary(|run| run.load).cell(1),
            summary(|run| run.validate).cell(1),
            summary(|run| run.emit).cell(1),
            summary(|run| run.format).cell(1),
            summary(|run| run.write).cell(1),
            total.cell(1),
            total.median * 1000.0 / first.endpoints.max(1) as f64,
            if peak.max > 0.0 {
                peak.cell(1)
            } else {
                "n/a".to_owned()
            },
        );
        totals.push((size, total, peak));
        if rival.is_some() {
            let ratios: Vec<f64> = runs
                .iter()
                .zip(&rival_ms)
                .map(|(ours, theirs)| ours.total / theirs)
                .collect();
            rival_rows.push(format!(
                "| {size} | {} | {} | {} | {}× |",
                first.endpoints,
                total.cell(1),
                Summary::of(&rival_ms).cell(1),
                Summary::of(&ratios).cell(3)
            ));
        }
    }
    println!();
    if !rival_rows.is_empty() {
        println!(
            "### Against progenitor {} (`cargo-progenitor` on the spec exported as OpenAPI)\n",
            progenitor::VERSION
        );
        println!(
            "Ms per run, median [min–max]; the ratio is ours ÷ progenitor's, run by run (each run \
             of ours followed by one of progenitor's).\n"
        );
        println!("| spec | endpoints | ours ms | progenitor ms | ratio |");
        println!("|---|--:|--:|--:|--:|");
        for row in rival_rows {
            println!("{row}");
        }
        println!();
    }
    let total_of = |size: Size| {
        totals
            .iter()
            .find(|(measured, _, _)| *measured == size)
            .map(|(_, total, _)| *total)
    };
    let peak_of = |size: Size| {
        totals
            .iter()
            .find(|(measured, _, _)| *measured == size)
            .map(|(_, _, peak)| *peak)
    };
    if let Some(spec) = total_of(Size::Real) {
        println!(
            "- goal `spec/` ≤ {SPEC_GOAL_MS:.0} ms: {:.1} ms, {}",
            spec.median,
            verdict(spec.median <= SPEC_GOAL_MS)
        );
    }
    if let (Some(small), Some(large)) = (
        total_of(Size::Synthetic(200)),
        total_of(Size::Synthetic(2000)),
    ) {
        let ratio = large.median / small.median;
        println!(
            "- goal time(2000) ≤ {LINEAR_GOAL:.0} × time(200): {ratio:.2} ×, {}",
            verdict(ratio <= LINEAR_GOAL)
        );
    }
    let mut within = true;
    for &(size, limit) in &options.limits {
        if let Some(total) = total_of(size) {
            let ok = total.median <= limit;
            within &= ok;
            println!(
                "- limit {size} ≤ {limit:.0} ms (median total): {:.1} ms, {}",
                total.median,
                if ok { "ok" } else { "EXCEEDED" }
            );
        }
    }
    for &(size, limit) in &options.memory_limits {
        if let Some(peak) = peak_of(size).filter(|peak| peak.max > 0.0) {
            let ok = peak.median <= limit;
            within &= ok;
            println!(
                "- limit {size} ≤ {limit:.0} MiB (median peak memory): {:.1} MiB, {}",
                peak.median,
                if ok { "ok" } else { "EXCEEDED" }
            );
        }
    }
    println!();
    Ok(within)
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "NOT met" }
}

fn remove(dir: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(format!("cannot remove {}: {error}", dir.display())),
    }
}

/// Runs one child process and reads its line.
fn measure(spec_dir: &Path, out: &Path) -> Result<Run, String> {
    let exe = std::env::current_exe()
        .map_err(|error| format!("cannot find the bench binary itself: {error}"))?;
    let output = Command::new(exe)
        .arg(CHILD_COMMAND)
        .arg(spec_dir)
        .arg(out)
        .output()
        .map_err(|error| format!("cannot start a generation run: {error}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "generating from {} failed ({}):\n{stdout}{}",
            spec_dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let numbers: Vec<f64> = stdout
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|error| format!("unexpected output of a generation run `{stdout}`: {error}"))?;
    let &[
        read,
        load,
        validate,
        emit,
        format,
        write,
        total,
        peak_kib,
        endpoints,
        types,
        files,
    ] = numbers.as_slice()
    else {
        return Err(format!("unexpected output of a generation run: `{stdout}`"));
    };
    Ok(Run {
        read,
        load,
        validate,
        emit,
        format,
        write,
        total,
        peak_mib: peak_kib / 1024.0,
        endpoints: endpoints as usize,
        types: types as usize,
        files: files as usize,
    })
}

/// The child: `__generation-child SPEC OUT` generates from SPEC into the empty crate folder OUT
/// and prints `read load validate emit format write total` (ms), peak KiB, endpoints, types and
/// files, on one line.
pub fn child(args: &[String]) -> ExitCode {
    let [spec_dir, out] = args else {
        eprintln!("usage: bench {CHILD_COMMAND} SPEC_DIR OUT_DIR");
        return ExitCode::FAILURE;
    };
    match child_run(Path::new(spec_dir), &PathBuf::from(out)) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn child_run(spec_dir: &Path, out: &Path) -> Result<String, String> {
    let started = Instant::now();
    let files = codegen::read_spec_dir(spec_dir).map_err(|diagnostics| diagnostics.to_string())?;
    let read = started.elapsed();
    let (generated, times) = codegen::generate_timed(files);
    let generated = generated.map_err(|diagnostics| diagnostics.to_string())?;
    let write_started = Instant::now();
    codegen::write(out, &generated.files)
        .map_err(|error| format!("cannot write into {}: {error}", out.display()))?;
    let write = write_started.elapsed();
    let total = started.elapsed();
    let ms = |duration: Duration| duration.as_secs_f64() * 1000.0;
    Ok(format!(
        "{:.4} {:.4} {:.4} {:.4} {:.4} {:.4} {:.4} {} {} {} {}",
        ms(read),
        ms(times.load),
        ms(times.validate),
        ms(times.emit),
        ms(times.format),
        ms(write),
        ms(total),
        peak_kib(),
        generated.endpoints,
        generated.types,
        generated.files.len()
    ))
}

/// This process's peak resident memory (`VmHWM`) in KiB; 0 where `/proc` has no answer.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
