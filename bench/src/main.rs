//! The benchmarks (`cargo xtask bench`): generator speed, compile cost of the generated crate, and
//! the generated client's overhead over hand-written reqwest code. Prints Markdown tables; every
//! figure is the median of `--runs` runs, with the smallest and largest.

#[cfg(feature = "client")]
mod client;
mod compile;
mod consumer;
mod generation;
mod progenitor;
mod stats;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask bench [SECTION…] [OPTIONS]
       (or: cargo run --release -p bench -- [SECTION…] [OPTIONS])

sections (default: all three)
  generation             time per stage and peak memory of the generator, per spec size
  compile                `cargo check` / `cargo build` of the generated crate alone, per spec size
  client                 calls per second through the generated client and hand-written reqwest code

options
  --runs K               runs per figure (default 5)
  --sizes LIST           generation: `spec` (the real spec/) and synthetic endpoint counts
                         (default spec,50,200,500,2000)
  --compile-sizes LIST   compile (default spec,50,500; add 2000 for minutes more on 2 cores)
  --progenitor           generation: also time cargo-progenitor on the same API, run by run,
                         and print the ratio of our total to its time;
                         compile: also generate and build progenitor's client of the same API
                         (the spec exported as OpenAPI; installs cargo-progenitor on first use)
                         and print the ratios, ours to progenitor's, of each figure
  --one-resource         compile: also build the crate with one resource's feature only
                         (`sessions` of spec/, `r1` of a synthetic spec) and print the ratios
                         to the crate with every resource
  --target-dir DIR       compile: the target directory whose dependencies are shared, and
                         where cargo-progenitor is installed (default: $CARGO_TARGET_DIR, else
                         the workspace's)
  --calls N              client: calls per measurement (default 5000)
  --concurrency C        client: requests in flight in the concurrent measurement (default 16)
  --limit SIZE=MS        generation: fail when the median total time for SIZE exceeds MS
                         milliseconds (repeatable; CI's guard)
  --limit-mib SIZE=MIB   generation: fail when the median peak memory for SIZE exceeds MIB";

/// A spec to measure: the real one or a synthetic one with this many endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Size {
    /// The real `spec/`.
    Real,
    /// `cargo xtask synth --endpoints N`.
    Synthetic(usize),
}

impl Size {
    fn parse(text: &str) -> Result<Self, String> {
        match text {
            "spec" => Ok(Self::Real),
            number => number
                .parse()
                .ok()
                .filter(|&n| n > 0)
                .map(Self::Synthetic)
                .ok_or_else(|| format!("`{text}` is neither `spec` nor a positive number")),
        }
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Real => f.write_str("spec/"),
            Self::Synthetic(n) => write!(f, "synthetic {n}"),
        }
    }
}

/// Everything the command line says.
#[derive(Debug)]
pub struct Options {
    generation: bool,
    compile: bool,
    client: bool,
    /// Runs per figure.
    pub runs: usize,
    /// Generation sizes.
    pub sizes: Vec<Size>,
    /// Compile sizes.
    pub compile_sizes: Vec<Size>,
    /// Target directory for the compile benchmark.
    pub target_dir: Option<PathBuf>,
    /// Whether the compile benchmark measures progenitor's client of the same API too.
    pub progenitor: bool,
    /// Whether the compile benchmark also builds the crate with one resource's feature.
    pub one_resource: bool,
    /// Client calls per measurement.
    pub calls: usize,
    /// Client requests in flight.
    pub concurrency: usize,
    /// Generation limits on the median total time: size → milliseconds.
    pub limits: Vec<(Size, f64)>,
    /// Generation limits on the median peak memory: size → MiB.
    pub memory_limits: Vec<(Size, f64)>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        generation: false,
        compile: false,
        client: false,
        runs: 5,
        sizes: parse_sizes("spec,50,200,500,2000")?,
        compile_sizes: parse_sizes("spec,50,500")?,
        target_dir: None,
        progenitor: false,
        one_resource: false,
        calls: 5000,
        concurrency: 16,
        limits: Vec::new(),
        memory_limits: Vec::new(),
    };
    let mut args = args.iter();
    let positive = |name: &str, value: Option<&String>| -> Result<usize, String> {
        let value = value.ok_or_else(|| format!("{name} needs a value"))?;
        value
            .parse()
            .ok()
            .filter(|&n: &usize| n > 0)
            .ok_or_else(|| format!("{name}: `{value}` is not a positive number"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "generation" => options.generation = true,
            "compile" => options.compile = true,
            "client" => options.client = true,
            "--runs" => options.runs = positive("--runs", args.next())?,
            "--calls" => options.calls = positive("--calls", args.next())?,
            "--concurrency" => options.concurrency = positive("--concurrency", args.next())?,
            "--sizes" => {
                options.sizes = parse_sizes(args.next().ok_or("--sizes needs a list")?)?;
            }
            "--compile-sizes" => {
                options.compile_sizes =
                    parse_sizes(args.next().ok_or("--compile-sizes needs a list")?)?;
            }
            "--progenitor" => options.progenitor = true,
            "--one-resource" => options.one_resource = true,
            "--target-dir" => {
                let dir = args.next().ok_or("--target-dir needs a directory")?;
                options.target_dir = Some(PathBuf::from(dir));
            }
            "--limit" => options.limits.push(parse_limit("--limit", args.next())?),
            "--limit-mib" => options
                .memory_limits
                .push(parse_limit("--limit-mib", args.next())?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if !(options.generation || options.compile || options.client) {
        options.generation = true;
        options.compile = true;
        options.client = true;
    }
    for (size, _) in options.limits.iter().chain(&options.memory_limits) {
        if !options.sizes.contains(size) {
            options.sizes.push(*size);
        }
    }
    Ok(options)
}

/// `SIZE=NUMBER`, e.g. `spec=100` or `200=650`.
fn parse_limit(name: &str, value: Option<&String>) -> Result<(Size, f64), String> {
    let value = value.ok_or_else(|| format!("{name} needs SIZE=NUMBER"))?;
    let (size, number) = value
        .split_once('=')
        .ok_or_else(|| format!("{name}: `{value}` is not SIZE=NUMBER"))?;
    let number: f64 = number
        .parse()
        .ok()
        .filter(|number: &f64| *number > 0.0)
        .ok_or_else(|| format!("{name}: `{number}` is not a positive number"))?;
    Ok((Size::parse(size)?, number))
}

fn parse_sizes(list: &str) -> Result<Vec<Size>, String> {
    let mut sizes = list
        .split(',')
        .map(|item| Size::parse(item.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    sizes.sort();
    sizes.dedup();
    Ok(sizes)
}

/// The workspace root: this crate's manifest directory is `<root>/bench`.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

/// The target directory whose dependencies the compile benchmark shares, and under which
/// `cargo-progenitor` is installed: `--target-dir`, else `$CARGO_TARGET_DIR`, else the
/// workspace's.
pub fn target_dir(options: &Options) -> PathBuf {
    options
        .target_dir
        .clone()
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from))
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// A scratch directory, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, String> {
        let dir = std::env::temp_dir().join(format!("stytch-bench-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|error| format!("cannot clear {}: {error}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        Ok(Self(dir))
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// The spec directory for `size`: `spec/`, or a synthetic spec written here on first use.
    pub fn spec_dir(&self, size: Size) -> Result<PathBuf, String> {
        match size {
            Size::Real => Ok(workspace_root().join("spec")),
            Size::Synthetic(n) => {
                let dir = self.0.join(format!("spec-{n}"));
                if !dir.exists() {
                    let files = xtask::synth::synthesize(&workspace_root().join("spec"), n)?;
                    xtask::synth::write(&dir, &files)?;
                }
                Ok(dir)
            }
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_dir_all(&self.0) {
            eprintln!("warning: cannot remove {}: {error}", self.0.display());
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args
        .first()
        .is_some_and(|arg| arg == generation::CHILD_COMMAND)
    {
        return generation::child(&args[1..]);
    }
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_args(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match run(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the chosen sections; `Ok(false)` when a `--limit` was exceeded.
fn run(options: &Options) -> Result<bool, String> {
    #[cfg(not(feature = "client"))]
    if options.client {
        return Err(
            "this build has no client benchmark; build the bench crate with its default features, \
             or choose sections (`generation`, `compile`)"
                .to_owned(),
        );
    }
    let scratch = Scratch::new()?;
    println!("{}\n", stats::machine());
    let mut within_limits = true;
    if options.generation {
        within_limits &= generation::run(options, &scratch)?;
    }
    if options.compile {
        compile::run(options, &scratch)?;
    }
    #[cfg(feature = "client")]
    if options.client {
        client::run(options)?;
    }
    Ok(within_limits)
}
