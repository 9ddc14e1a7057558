//! `cargo xtask`: the project's commands: `generate`, `synth` (synthetic specs), `bench`, and
//! `openapi` / `import openapi` (an OpenAPI document from the spec, draft spec files from one).

use std::path::{Component, Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use xtask::{deny, synth};

const USAGE: &str = "\
usage: cargo xtask generate [--check] [--deny-breaking [--base REV]] [--spec DIR] [--out DIR]
       cargo xtask synth --endpoints N --out DIR [--spec DIR]
       cargo xtask bench [BENCH ARGS…]
       cargo xtask openapi [--spec DIR] [--out FILE]
       cargo xtask import openapi FILE [--paths PREFIX…] [--out DIR] [--force]

  generate         write the client crate's generated code (generated/src/api), its API manifest
                   (api.manifest), version and CHANGELOG.md from spec/, and report what changed
                   for users: each item breaking, additive or docs, and the version it needs
  --check          write nothing; fail if the generated files differ from what spec/ produces
  --deny-breaking  also fail if the API changed incompatibly since a git revision and the
                   version in spec/api.yaml was not bumped for it (for CI)
  --base REV       that revision (default: the merge base of HEAD with main, else origin/main,
                   else HEAD)
  --spec DIR       read the spec from DIR (default: spec)
  --out DIR        the client crate to write into (default: generated)

  synth            write a valid spec with exactly N endpoints into DIR (new, empty, or an
                   earlier synthetic spec), made by repeating spec/ under resources r1/, r2/, …

  bench            build and run the benchmarks in release mode
                   (`cargo run --release -p bench -- BENCH ARGS…`; `cargo xtask bench --help`)

  openapi          write the spec as an OpenAPI 3.0.3 document (JSON) to FILE (default: stdout)

  import openapi   write draft spec files (api.yaml, schemas/, <resource>/<operation>.yaml) from
                   an OpenAPI 3.x document (JSON or YAML) into DIR (default: target/openapi-draft)
  --paths PREFIX…  only the operations whose path starts with one of the prefixes
  --force          overwrite files that exist with other content (default: refuse, write nothing)";

struct Options {
    check: bool,
    deny_breaking: bool,
    base: Option<String>,
    spec: PathBuf,
    out: PathBuf,
}

struct ExportOptions {
    spec: PathBuf,
    /// `None`: standard output.
    out: Option<PathBuf>,
}

struct ImportArgs {
    document: PathBuf,
    options: codegen::ImportOptions,
    out: PathBuf,
    force: bool,
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
    } else if args.first().is_some_and(|arg| arg == "openapi") {
        parse_export_args(args[1..].iter().cloned()).map(|options| export_openapi(&options))
    } else if args.first().is_some_and(|arg| arg == "import") {
        parse_import_args(args[1..].iter().cloned()).map(|options| import_openapi(&options))
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
        deny_breaking: false,
        base: None,
        spec: root.join("spec"),
        out: root.join("generated"),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--deny-breaking" => options.deny_breaking = true,
            "--base" => options.base = Some(args.next().ok_or("--base needs a git revision")?),
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
    if options.base.is_some() && !options.deny_breaking {
        return Err("--base goes with --deny-breaking".to_owned());
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
        let mut stale = codegen::check(&options.out, &generated.files).map_err(io_error)?;
        stale.extend(codegen::check_package(&options.out, &generated.manifest).map_err(io_error)?);
        if !stale.is_empty() {
            let list: Vec<String> = stale
                .iter()
                .map(|staleness| format!("  {staleness}"))
                .collect();
            return Err(format!(
                "error: the generated files in {} are not what {} produces:\n{}\nrun `cargo xtask generate`, review its report and `git diff`, and commit the result",
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
        let previous = previous_manifest(&options.out)?;
        let report = codegen::write(&options.out, &generated.files).map_err(io_error)?;
        let package = codegen::write_package(&options.out, &generated.manifest, previous.as_ref())
            .map_err(io_error)?;
        if let Some(previous) = &previous {
            print!(
                "{}",
                change_report(&options.out, previous, &generated, &report, &package)
            );
        }
        println!(
            "generated {} endpoints, {} types: {} files written, {} unchanged, {} removed ({:.2?})",
            generated.endpoints,
            generated.types,
            report.written.len()
                + usize::from(package.version_written)
                + usize::from(package.changelog_written),
            report.unchanged.len(),
            report.removed.len(),
            started.elapsed()
        );
    }
    if options.deny_breaking {
        let passed =
            deny::deny_breaking(&options.out, options.base.as_deref(), &generated.manifest)?;
        for note in passed.notes {
            eprintln!("{note}");
        }
        if !passed.message.is_empty() {
            println!("{}", passed.message);
        }
    }
    Ok(())
}

/// The manifest on disk before this run; `None` (with a warning) when it is missing or unreadable.
fn previous_manifest(out: &Path) -> Result<Option<codegen::Manifest>, String> {
    let path = out.join(codegen::MANIFEST_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => match text.parse() {
            Ok(manifest) => Ok(Some(manifest)),
            Err(message) => {
                eprintln!(
                    "warning: {} is not a manifest ({message}); it is rewritten, and this run's changes are not reported",
                    path.display()
                );
                Ok(None)
            }
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(format!("error: cannot read {}: {error}", path.display())),
    }
}

/// What this run changed for users, item by item, and the version the unreleased changes need;
/// empty when nothing changed.
fn change_report(
    out: &Path,
    previous: &codegen::Manifest,
    generated: &codegen::Generated,
    report: &codegen::WriteReport,
    package: &codegen::PackageReport,
) -> String {
    let diff = codegen::semver::compare(previous, &generated.manifest);
    let unreleased = &package.changelog.unreleased;
    let mut text = String::new();
    if !diff.changes.is_empty() {
        let root = workspace_root();
        let manifest = out.join(codegen::MANIFEST_FILE);
        text.push_str(&format!(
            "API changes (see `git diff {}`):\n",
            manifest.strip_prefix(&root).unwrap_or(&manifest).display()
        ));
        for change in &diff.changes {
            text.push_str(&format!("  {change}\n"));
        }
    } else if report
        .written
        .iter()
        .chain(&report.removed)
        .any(|path| path != Path::new(codegen::MANIFEST_FILE))
    {
        text.push_str("docs only: the generated code changed, its API did not\n");
    }
    if let Some(version) = package.changelog.released {
        text.push_str(&format!(
            "version {version}: CHANGELOG.md's unreleased changes are now under [{version}]\n"
        ));
    }
    if let Some(verdict) = unreleased.verdict() {
        if !diff.changes.is_empty() || previous.version != generated.manifest.version {
            let scope = if unreleased.changes.len() > diff.changes.len() {
                " (with the earlier unreleased changes in CHANGELOG.md)"
            } else {
                ""
            };
            text.push_str(&format!("{verdict}{scope}\n"));
        }
    }
    text
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

fn parse_export_args(mut args: impl Iterator<Item = String>) -> Result<ExportOptions, String> {
    let mut options = ExportOptions {
        spec: workspace_root().join("spec"),
        out: None,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => {
                options.spec = args
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--spec needs a directory")?
            }
            "--out" => {
                options.out = Some(args.next().map(PathBuf::from).ok_or("--out needs a file")?)
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

fn export_openapi(options: &ExportOptions) -> Result<(), String> {
    let document =
        codegen::export_openapi(&options.spec).map_err(|diagnostics| diagnostics.to_string())?;
    match &options.out {
        Some(out) => {
            std::fs::write(out, &document)
                .map_err(|error| format!("error: cannot write {}: {error}", out.display()))?;
            eprintln!(
                "wrote the OpenAPI document of {} to {}",
                options.spec.display(),
                out.display()
            );
        }
        None => print!("{document}"),
    }
    Ok(())
}

fn parse_import_args(mut args: impl Iterator<Item = String>) -> Result<ImportArgs, String> {
    match args.next().as_deref() {
        Some("openapi") => {}
        _ => return Err("`import` needs a format: `import openapi FILE`".to_owned()),
    }
    let mut document = None;
    let mut options = codegen::ImportOptions::default();
    let mut out = workspace_root().join("target/openapi-draft");
    let mut force = false;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--paths" => {
                while let Some(prefix) = args.next_if(|next| !next.starts_with("--")) {
                    options.path_prefixes.push(prefix);
                }
                if options.path_prefixes.is_empty() {
                    return Err("--paths needs at least one prefix".to_owned());
                }
            }
            "--out" => {
                out = args
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--out needs a directory")?
            }
            "--force" => force = true,
            other if other.starts_with("--") || document.is_some() => {
                return Err(format!("unknown argument `{other}`"));
            }
            _ => document = Some(PathBuf::from(arg)),
        }
    }
    Ok(ImportArgs {
        document: document.ok_or("import openapi needs the document's FILE")?,
        options,
        out,
        force,
    })
}

fn import_openapi(args: &ImportArgs) -> Result<(), String> {
    let text = std::fs::read_to_string(&args.document)
        .map_err(|error| format!("error: cannot read {}: {error}", args.document.display()))?;
    let drafts = codegen::import_openapi(&args.document, &text, &args.options)
        .map_err(|diagnostics| diagnostics.to_string())?;
    let report = codegen::write_drafts(&args.out, &drafts, args.force)
        .map_err(|diagnostics| diagnostics.to_string())?;
    println!(
        "wrote {} draft files to {} ({} unchanged)",
        report.written.len(),
        args.out.display(),
        report.unchanged.len()
    );
    // The drafts are for review: say whether they generate as they are.
    match codegen::generate_from_files(drafts) {
        Ok(generated) => println!(
            "the drafts generate a client of {} endpoints and {} types; review and rename before use",
            generated.endpoints, generated.types
        ),
        Err(diagnostics) => println!("the drafts need edits before they generate:\n{diagnostics}"),
    }
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
