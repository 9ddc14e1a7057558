//! `cargo xtask`: the project's commands. Today one, `generate`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask generate [--check] [--spec DIR] [--out DIR]

  generate     write the client crate's generated code (generated/src/api) from spec/
  --check      write nothing; fail if the generated code differs from what spec/ produces
  --spec DIR   read the spec from DIR (default: spec)
  --out DIR    the client crate to write into (default: generated)";

struct Options {
    check: bool,
    spec: PathBuf,
    out: PathBuf,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_args(args.into_iter()) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match generate(&options) {
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
    let generated =
        codegen::generate(&options.spec).map_err(|diagnostics| diagnostics.to_string())?;
    let io_error =
        |error: std::io::Error| format!("error: cannot access {}: {error}", options.out.display());
    if options.check {
        let stale = codegen::check(&options.out, &generated.files).map_err(io_error)?;
        if !stale.is_empty() {
            let list: Vec<String> = stale
                .iter()
                .map(|staleness| format!("  {staleness}"))
                .collect();
            return Err(format!(
                "error: the generated code in {} is not what {} produces:\n{}\nrun `cargo xtask generate` and commit the result",
                options.out.display(),
                options.spec.display(),
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
