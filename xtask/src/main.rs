//! `cargo xtask`: the project's commands: `generate`, `synth` (synthetic specs) and `bench`.

use std::path::{Component, Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use xtask::synth;

const USAGE: &str = "\
usage: cargo xtask generate [--check] [--spec DIR] [--out DIR]
       cargo xtask synth --endpoints N --out DIR [--spec DIR]
       cargo xtask bench [BENCH ARGS…]

  generate         write the client crate's generated code (generated/src/api) from spec/
  --check          write nothing; fail if the generated code differs from what spec/ produces
  --spec DIR       read the spec from DIR (default: spec)
  --out DIR        the client crate to write into (default: generated)

  synth            write a valid spec with exactly N endpoints into DIR (new, empty, or an
                   earlier synthetic spec), made by repeating spec/ under resources r1/, r2/, …

  bench            build and run the benchmarks in release mode
                   (`cargo run --release -p bench -- BENCH ARGS…`; `cargo xtask bench --help`)";

struct Options {
    check: bool,
    spec: PathBuf,
    out: PathBuf,
}

struct SynthOptions {
    endpoints: usize,
    spec: PathBuf,
    out: PathBuf,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Everything after `bench` belongs to the bench binary, `--help` included.
    if args.first().is_some_and(|arg| arg == "bench") {
        return bench(&args[1..]);
    }
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = if args.first().is_some_and(|arg| arg == "synth") {
        parse_synth_args(args[1..].iter().cloned()).map(|options| run_synth(&options))
    } else {
        parse_args(args.into_iter()).map(|options| generate(&options))
    };
    let result = match result {
        Ok(result) => result,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    // Paths are relative to the workspace root, wherever cargo was started from.
    let root = workspace_root();
    match args.next().as_deref() {
        Some("generate") => {}
        None => return Err("which command?".to_owned()),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let mut options = Options {
        check: false,
        spec: root.join("spec"),
        out: root.join("generated"),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--spec" => {
                options.spec = args
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--spec needs a directory")?
            }
            "--out" => {
                options.out = args
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--out needs a directory")?
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

/// The workspace root: xtask's manifest directory is `<root>/xtask`.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

fn generate(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let spec_shown = shown(&options.spec);
    let generated = codegen::generate(&options.spec)
        .map_err(|diagnostics| rebased(diagnostics, &options.spec, &spec_shown).to_string())?;
    let io_error = |error: std::io::Error| {
        format!(
            "error: cannot access {}: {error}",
            shown(&options.out).display()
        )
    };
    if options.check {
        let stale = codegen::check(&options.out, &generated.files).map_err(io_error)?;
        if !stale.is_empty() {
            let list: Vec<String> = stale
                .iter()
                .map(|staleness| format!("  {staleness}"))
                .collect();
            return Err(format!(
                "error: the generated code in {} is not what {} produces:\n{}\nrun `cargo xtask generate` and commit the result",
                shown(&options.out).display(),
                spec_shown.display(),
                list.join("\n")
            ));
        }
        println!(
            "generated code is up to date: {} endpoints, {} types, {} files ({:.2?})",
            generated.endpoints,
            generated.types,
            generated.files.len(),
            started.elapsed()
        );
    } else {
        let report = codegen::write(&options.out, &generated.files).map_err(io_error)?;
        println!(
            "generated {} endpoints, {} types: {} files written, {} unchanged, {} removed ({:.2?})",
            generated.endpoints,
            generated.types,
            report.written.len(),
            report.unchanged.len(),
            report.removed.len(),
            started.elapsed()
        );
    }
    Ok(())
}

fn parse_synth_args(mut args: impl Iterator<Item = String>) -> Result<SynthOptions, String> {
    let mut endpoints = None;
    let mut spec = workspace_root().join("spec");
    let mut out = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--endpoints" => {
                let value = args.next().ok_or("--endpoints needs a number")?;
                let number = value
                    .parse::<usize>()
                    .ok()
                    .filter(|&number| number > 0)
                    .ok_or_else(|| format!("--endpoints: `{value}` is not a positive number"))?;
                endpoints = Some(number);
            }
            "--spec" => {
                spec = args
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--spec needs a directory")?
            }
            "--out" => {
                out = Some(
                    args.next()
                        .map(PathBuf::from)
                        .ok_or("--out needs a directory")?,
                )
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(SynthOptions {
        endpoints: endpoints.ok_or("synth needs --endpoints N")?,
        spec,
        out: out.ok_or("synth needs --out DIR")?,
    })
}

fn run_synth(options: &SynthOptions) -> Result<(), String> {
    let started = Instant::now();
    let files = synth::synthesize(&options.spec, options.endpoints)
        .map_err(|message| format!("error: {message}"))?;
    synth::write(&options.out, &files).map_err(|message| format!("error: {message}"))?;
    println!(
        "wrote a spec with {} endpoints ({} files) to {} ({:.2?})",
        synth::endpoint_count(&files),
        files.len(),
        options.out.display(),
        started.elapsed()
    );
    Ok(())
}

/// Runs the bench binary in release mode: xtask itself stays free of the client's dependencies.
fn bench(args: &[String]) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(workspace_root())
        .args(["run", "--release", "--package", "bench", "--"])
        .args(args)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("error: the benchmarks failed ({status})");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: cannot run cargo: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `path` as a terminal or editor started here can open it: relative to the current directory
/// (`spec`, `../spec`), or absolute when it shares nothing with it.
fn shown(path: &Path) -> PathBuf {
    let Ok(current) = std::env::current_dir() else {
        return path.to_path_buf();
    };
    let absolute = normalized(&current.join(path));
    let current = normalized(&current);
    let common = absolute
        .components()
        .zip(current.components())
        .take_while(|(a, b)| a == b)
        .count();
    // Only the root in common: `../../..` would say less than the absolute path.
    if common <= 1 {
        return absolute;
    }
    let mut relative: PathBuf = current.components().skip(common).map(|_| "..").collect();
    relative.extend(absolute.components().skip(common));
    if relative.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        relative
    }
}

/// `path` without `.` and with `..` applied, without reading the file system.
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The diagnostics with their files relative to the current directory instead of the spec
/// directory, so `spec/organizations/members/get.yaml:12:3` opens from here.
fn rebased(
    diagnostics: codegen::Diagnostics,
    spec: &Path,
    spec_shown: &Path,
) -> codegen::Diagnostics {
    let mut out = codegen::Diagnostics::default();
    for diagnostic in diagnostics.iter() {
        let mut diagnostic = diagnostic.clone();
        // A problem with the directory itself names it as given.
        if diagnostic.file == spec {
            diagnostic.file = spec_shown.to_path_buf();
        } else if diagnostic.file.is_relative() {
            diagnostic.file = spec_shown.join(&diagnostic.file);
        }
        out.push(diagnostic);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_current_directory() {
        let current = std::env::current_dir().expect("a current directory");
        assert_eq!(shown(&current.join("spec")), PathBuf::from("spec"));
        assert_eq!(
            shown(Path::new("spec/../spec/a.yaml")),
            PathBuf::from("spec/a.yaml")
        );
        let parent = current.parent().expect("not at the root");
        let name = current.file_name().expect("a name");
        assert_eq!(
            shown(&parent.join("other")),
            PathBuf::from("..").join("other")
        );
        assert_eq!(shown(&current), PathBuf::from("."));
        assert_eq!(shown(&current.join("..").join(name)), PathBuf::from("."));
    }
}
