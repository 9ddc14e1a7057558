//! Fuzzing the generator: whatever the spec files hold, `generate_from_files` returns (in bounded time).
//!
//! Three kinds of input, each a property test (proptest, fixed seed, no failure files written):
//!
//! - `yaml`: one YAML file built from the spec format's keys and telling values (now and then
//!   anything), on top of the real `spec/`, so that most cases get through parsing and deep into
//!   validation, and about a third through emit and format.
//! - `mutated`: the real `spec/` with one file mutated a few times (lines deleted, duplicated,
//!   swapped, borrowed from another file, re-indented; bytes inserted, flipped, cut off), run
//!   twice (files in reverse order the second time) to check the result does not change.
//! - `bytes`: one file of random bytes (mostly YAML-ish ASCII) on top of the smallest fixture spec.
//!
//! `random_valid_spec` draws files from the same strategies and keeps those the validator accepts,
//! for `compile` to build the client of a random valid spec.
//!
//! Each case must give `Ok`, or `Err` with at least one diagnostic, every one naming a file of the
//! spec and none reporting an internal error; a panic fails the test with the shrunk input, and a
//! run longer than [`TIME_LIMIT`] aborts the test binary after printing the input.
//! `PROPTEST_CASES` overrides the number of cases of each test, `PROPTEST_RNG_SEED` the seed.

use std::cell::Cell;
use std::fmt::{self, Write as _};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use codegen::{Diagnostics, Generated, SourceFile};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::{Union, ValueTree};
use proptest::test_runner::{RngSeed, TestRunner};

/// The seed when `PROPTEST_RNG_SEED` is not set, so that CI runs the same cases every time.
const SEED: u64 = 0x5EED_C0DE_6E11;

/// A case taking longer than this is a hang: a debug build generates the real spec in well under a
/// second.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// `default_cases` cases unless `PROPTEST_CASES` says otherwise. Every case runs the generator on
/// a whole spec (the real one takes about 0.1 s to generate in a debug build), so the defaults keep
/// the three tests together to about 30 CPU seconds: 15 s on two idle cores.
fn config(default_cases: u32) -> ProptestConfig {
    // `default()` reads the PROPTEST_* variables; keep what they set.
    let from_env = ProptestConfig::default();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            from_env.cases
        } else {
            default_cases
        },
        rng_seed: if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
            from_env.rng_seed
        } else {
            RngSeed::Fixed(SEED)
        },
        failure_persistence: None,
        ..from_env
    }
}

// ---------------------------------------------------------------------------------------------
// Running the generator

/// The files under `dir` (relative to the workspace root), sorted by path.
fn read_spec(dir: &str) -> Vec<SourceFile> {
    fn collect(root: &Path, relative: &Path, out: &mut Vec<SourceFile>) {
        let dir = root.join(relative);
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let entry = entry.expect("read a spec dir entry");
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = relative.join(&name);
            if entry.file_type().expect("file type").is_dir() {
                collect(root, &path, out);
            } else {
                let contents = fs::read(root.join(&path)).expect("read a spec file");
                out.push(SourceFile { path, contents });
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let mut files = Vec::new();
    collect(&root, Path::new(""), &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    assert!(
        files.iter().any(|file| file.path == Path::new("api.yaml")),
        "{dir} has an api.yaml"
    );
    files
}

/// The files of the real `spec/`, read once.
fn real_spec() -> &'static [SourceFile] {
    static FILES: OnceLock<Vec<SourceFile>> = OnceLock::new();
    FILES.get_or_init(|| read_spec("spec"))
}

/// The files of the smallest fixture spec, read once.
fn minimal_spec() -> &'static [SourceFile] {
    static FILES: OnceLock<Vec<SourceFile>> = OnceLock::new();
    FILES.get_or_init(|| read_spec("tests/fixtures/specs/minimal"))
}

/// A valid spec that cases add a file to.
#[derive(Clone, Copy, Debug)]
enum Base {
    /// `spec/`.
    Real,
    /// `tests/fixtures/specs/minimal/`: for input that hardly ever parses, where the rest of the
    /// spec would only add time.
    Minimal,
}

impl Base {
    fn files(self) -> &'static [SourceFile] {
        match self {
            Base::Real => real_spec(),
            Base::Minimal => minimal_spec(),
        }
    }

    fn dir(self) -> &'static str {
        match self {
            Base::Real => "spec/",
            Base::Minimal => "tests/fixtures/specs/minimal/",
        }
    }
}

/// The spec `base` with a file added, or in place of the file at the same path.
fn spec_with(base: Base, path: &Path, contents: &[u8]) -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = base
        .files()
        .iter()
        .filter(|file| file.path != path)
        .cloned()
        .collect();
    files.push(SourceFile {
        path: path.to_owned(),
        contents: contents.to_owned(),
    });
    files
}

/// Runs the generator on another thread: its panic is re-raised here (so proptest shrinks the
/// input), and a run that does not return within [`TIME_LIMIT`] stops the test binary after
/// printing `input`, since a hung thread cannot be stopped.
fn run(files: Vec<SourceFile>, input: &dyn fmt::Debug) -> Result<Generated, Diagnostics> {
    let (sender, receiver) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name("fuzz-generate".to_owned())
        .spawn(move || {
            let _ = sender.send(codegen::generate_from_files(files));
        })
        .expect("spawn a generator thread");
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(result) => {
            let _ = worker.join();
            result
        }
        Err(RecvTimeoutError::Disconnected) => match worker.join() {
            Err(payload) => std::panic::resume_unwind(payload),
            Ok(()) => unreachable!("the worker sends before it ends"),
        },
        Err(RecvTimeoutError::Timeout) => {
            // Straight to stderr: the test harness's capture of `eprintln!` dies with the process.
            let _ = writeln!(
                std::io::stderr(),
                "generate_from_files did not return within {TIME_LIMIT:?} for this input:\n{input:?}"
            );
            std::process::abort();
        }
    }
}

/// What every result must satisfy.
fn check(
    files: &[SourceFile],
    result: &Result<Generated, Diagnostics>,
) -> Result<(), TestCaseError> {
    let Err(diagnostics) = result else {
        return Ok(());
    };
    let text = diagnostics.to_string();
    prop_assert!(!diagnostics.is_empty(), "Err without a diagnostic: {text}");
    for diagnostic in diagnostics.iter() {
        prop_assert!(
            !diagnostic.file.as_os_str().is_empty(),
            "a diagnostic names no file: {diagnostic:?}"
        );
        prop_assert!(
            diagnostic.file == Path::new("api.yaml")
                || files.iter().any(|file| file.path == diagnostic.file),
            "a diagnostic names a file that is not in the spec: {diagnostic:?}"
        );
        prop_assert!(
            !diagnostic.message.starts_with("internal error"),
            "the generator reports a bug of its own: {diagnostic}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Showing inputs

/// Text with numbered lines; control characters escaped, and bytes that are not UTF-8 as `\xNN`.
fn show_lines(lines: &[&[u8]], first_number: usize, marker: &str, out: &mut String) {
    for (offset, line) in lines.iter().enumerate() {
        let number = first_number + offset;
        let shown = match std::str::from_utf8(line) {
            Ok(text) => text
                .chars()
                .map(|c| {
                    if c.is_control() {
                        c.escape_default().to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect(),
            Err(_) => line.escape_ascii().to_string(),
        };
        let _ = writeln!(out, "  {marker} {number:>4} | {shown}");
    }
}

fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split(|&b| b == b'\n').collect()
}

/// The lines of `after` that differ from `before`, with two lines of context.
fn show_diff(before: &[u8], after: &[u8]) -> String {
    let old = split_lines(before);
    let new = split_lines(after);
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = String::new();
    if before == after {
        out.push_str("  (no change)\n");
        return out;
    }
    let start = prefix.saturating_sub(2);
    show_lines(&old[start..prefix], start + 1, " ", &mut out);
    show_lines(&old[prefix..old.len() - suffix], prefix + 1, "-", &mut out);
    show_lines(&new[prefix..new.len() - suffix], prefix + 1, "+", &mut out);
    let end = (old.len() - suffix + 2).min(old.len());
    show_lines(
        &old[old.len() - suffix..end],
        old.len() - suffix + 1,
        " ",
        &mut out,
    );
    out
}

/// One file put on top of the real spec.
#[derive(Clone)]
struct FileCase {
    base: Base,
    path: PathBuf,
    contents: Vec<u8>,
}

impl fmt::Debug for FileCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        show_lines(&split_lines(&self.contents), 1, " ", &mut text);
        write!(
            f,
            "{} with {} ({} bytes) =\n{text}",
            self.base.dir(),
            self.path.display(),
            self.contents.len()
        )
    }
}

fn check_file_case(case: &FileCase) -> Result<(), TestCaseError> {
    let files = spec_with(case.base, &case.path, &case.contents);
    let result = run(files.clone(), case);
    check(&files, &result)
}

// ---------------------------------------------------------------------------------------------
// Strategy 1: YAML built from the spec format's keys and values

/// A YAML node; scalars are already written out (plain or quoted).
#[derive(Clone, Debug)]
enum Yaml {
    Scalar(String),
    Seq(Vec<Yaml>, Flow),
    Map(Vec<(String, Yaml)>, Flow),
}

/// Whether a collection is written `{ … }`/`[ … ]` rather than as an indented block.
type Flow = bool;

fn map(entries: Vec<(String, Yaml)>) -> Yaml {
    Yaml::Map(entries, false)
}

fn plain(text: &str) -> Yaml {
    Yaml::Scalar(text.to_owned())
}

/// The YAML text of a document.
fn render(value: &Yaml) -> String {
    let mut out = String::new();
    render_block(value, 0, &mut out);
    out
}

fn render_block(value: &Yaml, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Yaml::Map(entries, false) if !entries.is_empty() => {
            for (key, value) in entries {
                let _ = write!(out, "{pad}{key}:");
                render_after_indicator(value, indent, out);
            }
        }
        Yaml::Seq(items, false) if !items.is_empty() => {
            for item in items {
                let _ = write!(out, "{pad}-");
                render_after_indicator(item, indent, out);
            }
        }
        _ => {
            out.push_str(&pad);
            render_flow(value, out);
            out.push('\n');
        }
    }
}

/// A value after `key:` or `-`.
fn render_after_indicator(value: &Yaml, indent: usize, out: &mut String) {
    match value {
        Yaml::Map(entries, false) if !entries.is_empty() => {
            out.push('\n');
            render_block(value, indent + 2, out);
        }
        Yaml::Seq(items, false) if !items.is_empty() => {
            out.push('\n');
            render_block(value, indent + 2, out);
        }
        _ => {
            out.push(' ');
            render_flow(value, out);
            out.push('\n');
        }
    }
}

fn render_flow(value: &Yaml, out: &mut String) {
    match value {
        Yaml::Scalar(text) => out.push_str(text),
        Yaml::Seq(items, _) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                render_flow(item, out);
            }
            out.push(']');
        }
        Yaml::Map(entries, _) => {
            out.push('{');
            for (index, (key, value)) in entries.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{key}: ");
                render_flow(value, out);
            }
            out.push('}');
        }
    }
}

/// `text` as a double-quoted YAML scalar.
fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{FEFF}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as a single-quoted YAML scalar.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The keys of the spec format.
const KEYS: &[&str] = &[
    "format_version",
    "name",
    "description",
    "base_urls",
    "test",
    "live",
    "live_project_id_prefix",
    "auth",
    "scheme",
    "username",
    "password",
    "authorizations",
    "variants",
    "header",
    "error",
    "schema",
    "resources",
    "method",
    "path",
    "summary",
    "docs_url",
    "path_params",
    "query_params",
    "headers",
    "authorization",
    "body",
    "response",
    "fields",
    "type",
    "ref",
    "items",
    "object_description",
    "optional",
    "rust_name",
    "values",
    "nullable",
    "crate_name",
    "idempotent",
    "pagination",
    "cursor",
    "next_cursor",
    "example",
    "tagged",
    "tag",
    "content",
    "sensitive",
    "default",
];

/// Values that mean something somewhere in the spec format, or in Rust.
const WORDS: &[&str] = &[
    "{x}",
    "GET",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "get",
    "HEAD",
    "string",
    "boolean",
    "int32",
    "int64",
    "number",
    "json_object",
    "array",
    "map",
    "object",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "r#type",
    "async",
    "fn",
    "_",
    "true",
    "false",
    "null",
    "~",
    "0",
    "1",
    "2",
    "-1",
    "1.5",
    "1e999",
    "4294967296",
    "0x1F",
    ".inf",
    "basic",
    "bearer",
    "/",
    "/v1/{x}",
    "/v1/{x}/{x}",
    "/v1/{organization_id}/members/{member_id}",
    "Member",
    "Organization",
    "ApiErrorBody",
    "authorization",
    "X-Header",
    "https://example.com",
    "member_id",
    "organizations",
    "organizations/members",
    "Unknown",
    "unknown",
    "send",
    "into_future",
    "é",
    "-",
    "|",
    ">",
    "&a",
    "*a",
    "!!str",
    "!tag x",
    "? x",
    "#",
    "%YAML 1.2",
    "---",
    "...",
];

/// A scalar: a known word or any short string, plain or quoted.
fn scalar() -> BoxedStrategy<Yaml> {
    let text = prop_oneof![
        3 => select(WORDS).prop_map(str::to_owned),
        1 => select(KEYS).prop_map(str::to_owned),
        2 => "\\PC{0,12}",
        1 => "[a-z_][a-z0-9_]{0,10}",
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<f64>().prop_map(|n| n.to_string()),
    ];
    (text, 0..4u8)
        .prop_map(|(text, style)| {
            Yaml::Scalar(match style {
                0 => double_quoted(&text),
                1 => single_quoted(&text),
                _ => text,
            })
        })
        .boxed()
}

/// A mapping key: mostly one of the format's keys.
fn key() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(KEYS).prop_map(str::to_owned),
        1 => select(WORDS).prop_map(str::to_owned),
        1 => "[a-zA-Z_][a-zA-Z0-9_]{0,8}",
        1 => "\\PC{0,8}".prop_map(|text| double_quoted(&text)),
    ]
    .boxed()
}

/// Any YAML value, a few levels deep.
fn any_yaml() -> BoxedStrategy<Yaml> {
    scalar()
        .prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                (
                    prop::collection::vec(inner.clone(), 0..5),
                    prop::bool::weighted(0.3)
                )
                    .prop_map(|(items, flow)| Yaml::Seq(items, flow)),
                (
                    prop::collection::vec((key(), inner), 0..6),
                    prop::bool::weighted(0.2)
                )
                    .prop_map(|(entries, flow)| Yaml::Map(entries, flow)),
            ]
        })
        .boxed()
}

/// Entries of a mapping under construction.
type Entries = Vec<(String, Yaml)>;

/// `value`, now and then replaced by anything.
fn perturbed(value: BoxedStrategy<Yaml>) -> BoxedStrategy<Yaml> {
    prop_oneof![300 => value, 1 => any_yaml()].boxed()
}

/// A key that is required: almost always there.
fn required(key: &'static str, value: BoxedStrategy<Yaml>) -> BoxedStrategy<Entries> {
    prop_oneof![
        300 => perturbed(value).prop_map(move |value| vec![(key.to_owned(), value)]),
        1 => Just(Vec::new()),
    ]
    .boxed()
}

/// A key that is there with probability `probability`.
fn optional(
    probability: f64,
    key: &'static str,
    value: BoxedStrategy<Yaml>,
) -> BoxedStrategy<Entries> {
    prop::option::weighted(probability, perturbed(value))
        .prop_map(move |value| {
            value
                .map(|value| (key.to_owned(), value))
                .into_iter()
                .collect()
        })
        .boxed()
}

/// A mapping of the given parts, now and then with a stray key.
fn object(parts: Vec<BoxedStrategy<Entries>>) -> BoxedStrategy<Yaml> {
    let stray = prop::option::weighted(0.005, (key(), any_yaml()));
    (parts, stray, prop::bool::weighted(0.1))
        .prop_map(|(parts, stray, flow)| {
            let mut entries: Entries = parts.into_iter().flatten().collect();
            entries.extend(stray);
            Yaml::Map(entries, flow)
        })
        .boxed()
}

/// A mapping of names to values.
fn named(
    names: BoxedStrategy<String>,
    value: BoxedStrategy<Yaml>,
    size: std::ops::Range<usize>,
) -> BoxedStrategy<Yaml> {
    (
        prop::collection::vec((names, value), size),
        prop::bool::weighted(0.05),
        prop::bool::weighted(0.02),
    )
        .prop_map(|(entries, flow, keep_duplicates)| {
            let mut seen = Vec::new();
            let mut kept = Vec::new();
            for (name, value) in entries {
                if keep_duplicates || !seen.contains(&name) {
                    kept.push((as_scalar(&name), value));
                    seen.push(name);
                }
            }
            Yaml::Map(kept, flow)
        })
        .boxed()
}

/// Mostly a `good` word, sometimes an `odd` one, rarely a match of the regex `any`.
fn words(
    good: &'static [&'static str],
    odd: &'static [&'static str],
    any: &'static str,
) -> BoxedStrategy<String> {
    let mut choices: Vec<(u32, BoxedStrategy<String>)> =
        vec![(100, select(good).prop_map(str::to_owned).boxed())];
    if !odd.is_empty() {
        choices.push((2, select(odd).prop_map(str::to_owned).boxed()));
    }
    choices.push((1, any.boxed()));
    Union::new_weighted(choices).boxed()
}

/// Whether `text` reads back as the same string when written plain.
fn plain_is_safe(text: &str) -> bool {
    let special = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    text.starts_with(|c: char| c.is_alphabetic())
        && !text.ends_with(' ')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " _-./()".contains(c))
        && !special.contains(&text.to_ascii_lowercase().as_str())
}

/// `text` as a scalar: plain where that is safe, else double-quoted.
fn as_scalar(text: &str) -> String {
    if plain_is_safe(text) {
        text.to_owned()
    } else {
        double_quoted(text)
    }
}

/// A string value: written safely, now and then written plain whatever it holds.
fn text_value(values: BoxedStrategy<String>) -> BoxedStrategy<Yaml> {
    (values, prop::bool::weighted(0.01))
        .prop_map(|(text, raw)| Yaml::Scalar(if raw { text } else { as_scalar(&text) }))
        .boxed()
}

/// Names written in the spec as keys: fields, parameters, operations.
const WIRE_NAMES: &[&str] = &[
    "member_id",
    "organization_id",
    "email_address",
    "display_name",
    "status",
    "created_at",
    "fuzz_field",
    "fuzz_count",
    "x",
    "a",
];

const ODD_WIRE_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "async",
    "await",
    "dyn",
    "r#type",
    "_",
    "__",
    "aB",
    "createdAt",
    "CreatedAt",
    "a-b",
    "a.b",
    "a b",
    "1a",
    "über",
    "send",
    "into_future",
    "new",
    "builder",
    "client",
    "request",
    "authorization",
    "unknown",
    "Unknown",
    "X",
    "x_",
    "",
];

const TYPE_NAMES: &[&str] = &[
    "FuzzThing",
    "FuzzOther",
    "FuzzResponse",
    "FuzzBody",
    "FuzzItem",
    "FuzzInner",
];

const ODD_TYPE_NAMES: &[&str] = &[
    "Member",
    "Organization",
    "ApiErrorBody",
    "DeleteMemberResponse",
    "Self",
    "Client",
    "ClientBuilder",
    "ApiInfo",
    "Request",
    "Error",
    "Option",
    "Some",
    "None",
    "String",
    "Vec",
    "Box",
    "Result",
    "Authorization",
    "Unknown",
    "Type",
    "A",
    "ABC",
    "fooBar",
    "foo",
    "Foo_Bar",
    "1Foo",
    "Members",
    "Organizations",
    "OrganizationsMembers",
    "",
];

/// The schemas of the real spec (the unindented keys of `schemas/*.yaml`).
fn schema_names() -> Vec<String> {
    let mut names = Vec::new();
    for file in real_spec() {
        if !file.path.starts_with("schemas") {
            continue;
        }
        for line in String::from_utf8_lossy(&file.contents).lines() {
            let name = line.split_once(':').map_or("", |(name, _)| name);
            if name.starts_with(|c: char| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
            {
                names.push(name.to_owned());
            }
        }
    }
    assert!(!names.is_empty(), "spec/schemas/ has schemas");
    names
}

const ODD_SCHEMA_NAMES: &[&str] = &[
    "FuzzThing",
    "Membr",
    "member",
    "Self",
    "String",
    "",
    "Member ",
];

const TEXTS: &[&str] = &[
    "Does a thing.",
    "A thing.",
    "The `member_id` of a Member.",
    "Line one.\nLine two.\n\n- an item",
    "Ends with a quote \"",
    "Has */ and /* in it.",
    "Has {braces}, [brackets] and a \\ backslash.",
    "Unicode: é ü 日本 🦀",
];

const ODD_TEXTS: &[&str] = &[
    "",
    " ",
    "\n",
    "\r\n",
    "\u{0}",
    "\u{2028}",
    "```\nfn main() {}\n",
    "```rust\nnot rust\n```",
    "<b>html</b> [link](https://x)",
    "#[doc = \"x\"]",
    "\"",
    "\\",
    "*/",
    "//! inner",
];

const URLS: &[&str] = &["https://example.com", "https://example.com/docs/x"];

const ODD_URLS: &[&str] = &[
    "https://example.com/",
    "http://example.com",
    "example.com",
    "https://",
    "",
    "javascript:alert(1)",
    "https://a b",
    "https://example.com/\"",
];

fn wire_name() -> BoxedStrategy<String> {
    words(WIRE_NAMES, ODD_WIRE_NAMES, "[a-z_][a-z0-9_]{0,8}")
}

fn type_name() -> BoxedStrategy<String> {
    words(TYPE_NAMES, ODD_TYPE_NAMES, "[A-Z][a-zA-Z0-9]{0,8}")
}

fn description() -> BoxedStrategy<Yaml> {
    text_value(words(TEXTS, ODD_TEXTS, "\\PC{0,16}"))
}

fn url() -> BoxedStrategy<Yaml> {
    text_value(words(URLS, ODD_URLS, "\\PC{0,10}"))
}

fn keyword(good: &'static [&'static str]) -> BoxedStrategy<Yaml> {
    prop_oneof![
        50 => select(good).prop_map(plain),
        1 => scalar(),
    ]
    .boxed()
}

fn scalar_type() -> BoxedStrategy<Yaml> {
    keyword(&["string", "boolean", "int32", "int64", "number"])
}

fn schema_ref() -> BoxedStrategy<Yaml> {
    let names = prop_oneof![
        100 => select(schema_names()),
        5 => select(TYPE_NAMES).prop_map(str::to_owned),
        2 => select(ODD_SCHEMA_NAMES).prop_map(str::to_owned),
        1 => "[A-Z][a-zA-Z]{0,8}",
    ];
    text_value(names.boxed())
}

fn boolean() -> BoxedStrategy<Yaml> {
    keyword(&["true", "false"])
}

/// The type keys of a field or array item: a scalar type, a reference, an array or an object.
fn shape(depth: u32, in_field: bool) -> BoxedStrategy<Entries> {
    let mut kinds: Vec<(u32, BoxedStrategy<Entries>)> = vec![
        (
            8,
            scalar_type()
                .prop_map(|t| vec![("type".to_owned(), t)])
                .boxed(),
        ),
        (
            1,
            Just(vec![("type".to_owned(), plain("json_object"))]).boxed(),
        ),
        (
            4,
            schema_ref()
                .prop_map(|r| vec![("ref".to_owned(), r)])
                .boxed(),
        ),
        // Neither `type` nor `ref`, or both.
        (1, Just(Vec::new()).boxed()),
        (
            1,
            (scalar_type(), schema_ref())
                .prop_map(|(t, r)| vec![("type".to_owned(), t), ("ref".to_owned(), r)])
                .boxed(),
        ),
    ];
    if depth > 0 {
        kinds.push((
            3,
            (item(depth - 1), prop::bool::weighted(0.95))
                .prop_map(|(items, with_items)| {
                    let mut entries = vec![("type".to_owned(), plain("array"))];
                    if with_items {
                        entries.push(("items".to_owned(), items));
                    }
                    entries
                })
                .boxed(),
        ));
        kinds.push((
            1,
            item(depth - 1)
                .prop_map(|items| {
                    vec![
                        ("type".to_owned(), plain("map")),
                        ("items".to_owned(), items),
                    ]
                })
                .boxed(),
        ));
        let description_key = if in_field {
            "object_description"
        } else {
            "description"
        };
        kinds.push((
            3,
            (
                prop::option::weighted(0.97, type_name()),
                prop::option::weighted(0.97, fields(depth - 1)),
                prop::option::weighted(if in_field { 0.3 } else { 0.97 }, description()),
            )
                .prop_map(move |(name, fields, description)| {
                    let mut entries = vec![("type".to_owned(), plain("object"))];
                    entries.extend(
                        name.map(|name| ("name".to_owned(), Yaml::Scalar(as_scalar(&name)))),
                    );
                    entries.extend(fields.map(|fields| ("fields".to_owned(), fields)));
                    entries.extend(description.map(|d| (description_key.to_owned(), d)));
                    entries
                })
                .boxed(),
        ));
    }
    Union::new_weighted(kinds).boxed()
}

fn item(depth: u32) -> BoxedStrategy<Yaml> {
    object(vec![shape(depth, false)])
}

fn field(depth: u32) -> BoxedStrategy<Yaml> {
    object(vec![
        required("description", description()),
        shape(depth, true),
        optional(0.3, "optional", boolean()),
        optional(0.05, "nullable", boolean()),
        optional(0.05, "rust_name", text_value(wire_name())),
        optional(0.1, "sensitive", boolean()),
        optional(0.1, "default", default_value()),
    ])
}

/// A `default`: the empty values of the types, and some that are not.
fn default_value() -> BoxedStrategy<Yaml> {
    keyword(&[
        "false", "0", "\"\"", "[]", "{}", "true", "1.5", "[x]", "{ a: 1 }", "x",
    ])
}

fn fields(depth: u32) -> BoxedStrategy<Yaml> {
    named(wire_name(), field(depth), 0..4)
}

/// A path and its matching `path_params`, now and then not matching.
fn path_and_params() -> BoxedStrategy<Entries> {
    let param = prop_oneof![
        20 => description().prop_map(|d| map(vec![
            ("type".to_owned(), plain("string")),
            ("description".to_owned(), d),
        ])),
        1 => field(0),
    ];
    let odd_paths = select(
        &[
            "v1/x",
            "/v1/x?y=1",
            "/v1/x#y",
            "/v1/{",
            "/v1/}",
            "/v1/{}",
            "/v1/{a b}",
            "/v1/{{x}}",
            "/v1/{x}{y}",
            "/v1/{x}/{x}",
            "/v1/organizations/{organization_id}/members/{member_id}",
            "/",
            "",
        ][..],
    );
    (
        prop::collection::vec((wire_name(), param), 0..3),
        prop::option::weighted(0.03, odd_paths),
        prop::option::weighted(0.02, wire_name()),
    )
        .prop_map(|(params, odd_path, extra)| {
            let mut path = String::from("/v1/fuzz");
            for (name, _) in &params {
                let _ = write!(path, "/{{{name}}}/x");
            }
            if let Some(extra) = extra {
                let _ = write!(path, "/{{{extra}}}");
            }
            let path = odd_path.map_or(path, str::to_owned);
            let params = params
                .into_iter()
                .map(|(name, value)| (as_scalar(&name), value))
                .collect();
            vec![
                ("path".to_owned(), Yaml::Scalar(as_scalar(&path))),
                ("path_params".to_owned(), Yaml::Map(params, false)),
            ]
        })
        .boxed()
}

fn endpoint() -> BoxedStrategy<Yaml> {
    with_example(endpoint_definition(), 0.4, |endpoint| {
        Some(example_of_endpoint(endpoint))
    })
}

fn endpoint_definition() -> BoxedStrategy<Yaml> {
    let method = text_value(words(
        &["GET", "POST", "PUT", "PATCH", "DELETE"],
        &["get", "HEAD", "OPTIONS", "", "GET "],
        "[A-Za-z]{1,7}",
    ));
    let query_param = object(vec![
        required("description", description()),
        required(
            "type",
            prop_oneof![
                10 => scalar_type(),
                1 => schema_ref().prop_map(|_| plain("array")),
                1 => Just(plain("json_object")),
            ]
            .boxed(),
        ),
        optional(0.5, "optional", boolean()),
        optional(0.02, "nullable", boolean()),
        optional(0.05, "rust_name", text_value(wire_name())),
    ]);
    let header = object(vec![
        required(
            "header",
            text_value(words(
                &["X-Fuzz", "X-Fuzz-Id"],
                &[
                    "x-fuzz",
                    "Authorization",
                    "X-Stytch-Member-Session",
                    "Content-Type",
                    "X Bad",
                    "X:Bad",
                    "",
                    "X-Fuzz\n",
                ],
                "[A-Za-z-]{1,10}",
            )),
        ),
        required("description", description()),
        optional(0.5, "optional", boolean()),
        optional(0.2, "sensitive", boolean()),
    ]);
    let body = object(vec![
        required("name", text_value(type_name())),
        required("description", description()),
        required("fields", fields(2)),
    ]);
    let response = prop_oneof![
        1 => object(vec![required("ref", schema_ref())]),
        3 => object(vec![
            required("name", text_value(type_name())),
            required("description", description()),
            required("fields", fields(2)),
            optional(0.01, "ref", schema_ref()),
        ]),
    ]
    .boxed();
    object(vec![
        required("method", method),
        path_and_params(),
        required("summary", description()),
        optional(0.3, "description", description()),
        optional(0.3, "docs_url", url()),
        optional(0.3, "query_params", named(wire_name(), query_param, 0..3)),
        optional(0.3, "headers", named(wire_name(), header, 0..3)),
        optional(
            0.4,
            "authorization",
            text_value(words(&["authorization"], &["session", ""], "[a-z_]{1,8}")),
        ),
        optional(0.4, "body", body),
        required("response", response),
        optional(0.1, "idempotent", boolean()),
        optional(
            0.05,
            "pagination",
            object(vec![
                required(
                    "cursor",
                    text_value(words(&["cursor"], ODD_WIRE_NAMES, "[a-z_.]{1,8}")),
                ),
                required(
                    "next_cursor",
                    text_value(words(
                        &["results_metadata.next_cursor", "next_cursor"],
                        &["", ".", "a..b", "results_metadata", "x.y.z"],
                        "[a-z_.]{1,12}",
                    )),
                ),
                required(
                    "items",
                    text_value(words(&["members", "items"], ODD_WIRE_NAMES, "[a-z_]{1,8}")),
                ),
            ]),
        ),
    ])
}

// Examples (`example:` of endpoints and struct schemas), derived from the generated definitions
// so that most are right, then now and then broken in one place.

/// The value of `key` in a mapping.
fn get<'a>(value: &'a Yaml, key: &str) -> Option<&'a Yaml> {
    match value {
        Yaml::Map(entries, _) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Whether a field says `optional: true`.
fn is_optional(field: &Yaml) -> bool {
    matches!(get(field, "optional"), Some(Yaml::Scalar(flag)) if flag == "true")
}

/// A value of the type a field or item declares; `None` for a `ref` (filled in from the schema's
/// example, where it has one) and for what has no clear type.
fn example_of_type(shape: &Yaml, depth: u32) -> Option<Yaml> {
    if depth > 6 {
        return None;
    }
    let Some(Yaml::Scalar(keyword)) = get(shape, "type") else {
        return None;
    };
    let items = || get(shape, "items").and_then(|items| example_of_type(items, depth + 1));
    Some(match keyword.as_str() {
        "string" => plain("example-text"),
        "boolean" => plain("true"),
        "int32" => plain("7"),
        "int64" => plain("9007199254740993"),
        "number" => plain("1.5"),
        "json_object" => Yaml::Map(vec![("free".to_owned(), plain("[1, {a: b}]"))], true),
        "array" => Yaml::Seq(items().into_iter().collect(), false),
        "map" => Yaml::Map(
            items()
                .map(|item| ("some_key".to_owned(), item))
                .into_iter()
                .collect(),
            false,
        ),
        "object" => example_of_fields(get(shape, "fields")?, depth + 1),
        _ => return None,
    })
}

/// A value of each field (optional ones included).
fn example_of_fields(fields: &Yaml, depth: u32) -> Yaml {
    let entries = match fields {
        Yaml::Map(entries, _) => entries
            .iter()
            .filter_map(|(name, field)| Some((name.clone(), example_of_type(field, depth)?)))
            .collect(),
        _ => Vec::new(),
    };
    map(entries)
}

/// The example of an endpoint: its parameters, authorization, body and response.
fn example_of_endpoint(endpoint: &Yaml) -> Yaml {
    let mut entries = Vec::new();
    let params = |key: &str, all: bool| -> Option<Yaml> {
        let Some(Yaml::Map(params, _)) = get(endpoint, key) else {
            return None;
        };
        let values: Entries = params
            .iter()
            .filter(|(_, field)| all || !is_optional(field))
            .filter_map(|(name, field)| {
                let value = if key == "headers" {
                    plain("header-value")
                } else {
                    example_of_type(field, 0)?
                };
                Some((name.clone(), value))
            })
            .collect();
        (!values.is_empty()).then(|| map(values))
    };
    for (key, all) in [
        ("path_params", true),
        ("query_params", false),
        ("headers", false),
    ] {
        entries.extend(params(key, all).map(|value| (key.to_owned(), value)));
    }
    if get(endpoint, "authorization").is_some() {
        let credential = vec![("session_token".to_owned(), plain("token-123"))];
        entries.push(("authorization".to_owned(), Yaml::Map(credential, true)));
    }
    if let Some(fields) = get(endpoint, "body").and_then(|body| get(body, "fields")) {
        entries.push(("body".to_owned(), example_of_fields(fields, 0)));
    }
    let response = get(endpoint, "response")
        .and_then(|response| get(response, "fields"))
        .map_or_else(|| map(Vec::new()), |fields| example_of_fields(fields, 0));
    entries.push(("response".to_owned(), response));
    map(entries)
}

/// One way of breaking an example in one place.
#[derive(Clone, Copy, Debug)]
enum Breakage {
    Remove,
    Null,
    WrongScalar,
    ExtraKey,
}

/// Breaks the `at`-th node of `value` (in depth-first order, counting mapping entries).
fn break_example(value: &mut Yaml, at: Index, breakage: Breakage) {
    fn count(value: &Yaml) -> usize {
        match value {
            Yaml::Scalar(_) => 1,
            Yaml::Seq(items, _) => 1 + items.iter().map(count).sum::<usize>(),
            Yaml::Map(entries, _) => 1 + entries.iter().map(|(_, v)| count(v)).sum::<usize>(),
        }
    }
    fn visit(value: &mut Yaml, target: &mut usize, breakage: Breakage) -> bool {
        if *target == 0 {
            match breakage {
                Breakage::Remove | Breakage::Null => *value = plain("null"),
                Breakage::WrongScalar => {
                    *value = plain(match value {
                        Yaml::Scalar(text) if text == "true" => "\"true\"",
                        Yaml::Scalar(text) if text.starts_with(|c: char| c.is_ascii_digit()) => {
                            "3000000000"
                        }
                        Yaml::Scalar(_) => "12",
                        _ => "text",
                    })
                }
                Breakage::ExtraKey => match value {
                    Yaml::Map(entries, _) => entries.push(("not_a_field".to_owned(), plain("1"))),
                    _ => *value = Yaml::Seq(vec![value.clone()], true),
                },
            }
            return true;
        }
        *target -= 1;
        match value {
            Yaml::Scalar(_) => false,
            Yaml::Seq(items, _) => items.iter_mut().any(|item| visit(item, target, breakage)),
            Yaml::Map(entries, _) => {
                for index in 0..entries.len() {
                    if *target == 0 && matches!(breakage, Breakage::Remove) {
                        entries.remove(index);
                        return true;
                    }
                    if visit(&mut entries[index].1, target, breakage) {
                        return true;
                    }
                }
                false
            }
        }
    }
    let mut target = at.index(count(value));
    visit(value, &mut target, breakage);
}

/// `definition` with an `example` derived by `derive`, sometimes broken, added with probability
/// `probability`.
fn with_example(
    definition: BoxedStrategy<Yaml>,
    probability: f64,
    derive: fn(&Yaml) -> Option<Yaml>,
) -> BoxedStrategy<Yaml> {
    let breakage = select(
        &[
            Breakage::Remove,
            Breakage::Null,
            Breakage::WrongScalar,
            Breakage::ExtraKey,
        ][..],
    );
    (
        definition,
        prop::bool::weighted(probability),
        prop::option::weighted(0.2, (any::<Index>(), breakage)),
    )
        .prop_map(move |(mut definition, add, broken)| {
            let example = if add { derive(&definition) } else { None };
            if let (Some(mut example), Yaml::Map(entries, _)) = (example, &mut definition) {
                if let Some((at, breakage)) = broken {
                    break_example(&mut example, at, breakage);
                }
                entries.push(("example".to_owned(), example));
            }
            definition
        })
        .boxed()
}

fn schema_file() -> BoxedStrategy<Yaml> {
    let values = named(
        words(
            &["active", "pending", "deleted", "fuzz_value"],
            &[
                "unknown", "Unknown", "a-b", "1", "", "type", "Self", "ACTIVE", "Active", "a b",
                "_", "active ",
            ],
            "\\PC{0,8}",
        ),
        description(),
        0..4,
    );
    let variant = object(vec![required("description", description()), shape(1, true)]);
    let tagged = object(vec![
        required(
            "tag",
            text_value(words(
                &["filter_name", "kind"],
                ODD_WIRE_NAMES,
                "[a-z_]{1,8}",
            )),
        ),
        required(
            "content",
            text_value(words(
                &["filter_value", "value"],
                ODD_WIRE_NAMES,
                "[a-z_]{1,8}",
            )),
        ),
        required("variants", named(wire_name(), variant, 0..4)),
    ]);
    let structure = object(vec![
        required("description", description()),
        required("fields", fields(2)),
        optional(0.01, "values", values.clone()),
    ]);
    let schema = prop_oneof![
        3 => with_example(structure, 0.3, |schema| {
            get(schema, "fields").map(|fields| example_of_fields(fields, 0))
        }),
        1 => object(vec![
            required("description", description()),
            required("tagged", tagged),
            optional(0.01, "fields", fields(1)),
        ]),
        1 => object(vec![
            required("description", description()),
            required("values", values),
            optional(0.01, "fields", fields(1)),
        ]),
    ]
    .boxed();
    named(type_name(), schema, 1..4)
}

fn api_file() -> BoxedStrategy<Yaml> {
    let snake = |good: &'static [&'static str]| {
        text_value(words(
            good,
            &["type", "self", "Self", "", "a-b", "client", "x", "new"],
            "[a-z_]{1,8}",
        ))
    };
    let variant = object(vec![
        required(
            "header",
            text_value(words(
                &[
                    "X-Stytch-Member-Session",
                    "X-Stytch-Member-SessionJWT",
                    "X-Fuzz",
                ],
                &["X Bad", "", "x-stytch-member-session"],
                "[A-Za-z-]{1,8}",
            )),
        ),
        required("description", description()),
    ]);
    let authorization = object(vec![
        required("description", description()),
        required(
            "variants",
            // The real spec's endpoint examples use these two.
            (
                prop::option::weighted(0.97, variant.clone()),
                prop::option::weighted(0.97, variant.clone()),
                named(
                    words(
                        &["fuzz_variant"],
                        &["session_token", "type", "Self", "a-b", "unknown", ""],
                        "[a-z_]{1,8}",
                    ),
                    variant,
                    0..2,
                ),
            )
                .prop_map(|(token, jwt, more)| {
                    let mut entries: Entries = Vec::new();
                    entries.extend(token.map(|v| ("session_token".to_owned(), v)));
                    entries.extend(jwt.map(|v| ("session_jwt".to_owned(), v)));
                    if let Yaml::Map(more, _) = more {
                        entries.extend(more);
                    }
                    map(entries)
                })
                .boxed(),
        ),
    ]);
    let resource = object(vec![required("description", description())]);
    // The resource folders of the real spec, each with its ancestors.
    let mut folders: Vec<String> = Vec::new();
    for file in real_spec() {
        let parts: Vec<String> = file
            .path
            .parent()
            .into_iter()
            .flat_map(Path::iter)
            .map(|part| part.to_string_lossy().into_owned())
            .collect();
        if parts.first().is_some_and(|first| first != "schemas") {
            for depth in 1..=parts.len() {
                let folder = parts[..depth].join("/");
                if !folders.contains(&folder) {
                    folders.push(folder);
                }
            }
        }
    }
    let resources = (
        prop::collection::vec(
            prop::option::weighted(0.99, resource.clone()),
            folders.len(),
        ),
        prop::option::weighted(
            0.05,
            (
                words(
                    &["fuzz"],
                    &[
                        "organizations/fuzz",
                        "type",
                        "a/b",
                        "",
                        "/",
                        "A",
                        "organizations/",
                    ],
                    "\\PC{0,8}",
                ),
                resource,
            ),
        ),
    )
        .prop_map(move |(declared, extra)| {
            let mut entries: Entries = folders
                .iter()
                .zip(declared)
                .filter_map(|(folder, resource)| Some((as_scalar(folder), resource?)))
                .collect();
            entries.extend(extra.map(|(k, v)| (as_scalar(&k), v)));
            map(entries)
        })
        .boxed();
    object(vec![
        required("format_version", keyword(&["1"])),
        // The crate name is derived from `name` unless `crate_name` is given.
        required(
            "name",
            text_value(
                prop_oneof![
                    12 => select(&["Stytch B2B", "Fuzz API"][..]).prop_map(str::to_owned),
                    2 => select(
                        &["123 API", "2FA", "", " ", "!!", "type", "self", "Self", "crate", "é", "a-b"][..]
                    )
                    .prop_map(str::to_owned),
                    1 => "\\PC{0,10}",
                ]
                .boxed(),
            ),
        ),
        optional(
            0.05,
            "crate_name",
            text_value(words(
                &["stytch_b2b", "fuzz_api"],
                &[
                    "self", "crate", "super", "type", "1a", "Fuzz", "", "a-b", "std", "core",
                ],
                "[a-z_]{1,8}",
            )),
        ),
        required("description", description()),
        optional(0.3, "docs_url", url()),
        required(
            "base_urls",
            object(vec![required("test", url()), required("live", url())]),
        ),
        required("live_project_id_prefix", description()),
        required(
            "auth",
            object(vec![
                required("scheme", keyword(&["basic"])),
                required("username", snake(&["project_id", "username"])),
                required("password", snake(&["secret", "password"])),
            ]),
        ),
        optional(
            0.98,
            "authorizations",
            named(
                words(
                    &["authorization"],
                    &["fuzz_auth", "type", ""],
                    "[a-z_]{1,8}",
                ),
                authorization,
                1..3,
            ),
        ),
        required(
            "error",
            object(vec![required(
                "schema",
                text_value(words(
                    &["ApiErrorBody"],
                    &["Member", "FuzzThing"],
                    "[A-Z][a-z]{0,6}",
                )),
            )]),
        ),
        required("resources", resources),
    ])
}

/// A YAML file, at a path where its content means something most of the time.
fn yaml_case() -> BoxedStrategy<FileCase> {
    let endpoint_paths = prop_oneof![
        20 => select(
            &[
                "organizations/fuzz_op.yaml",
                "organizations/members/fuzz_op.yaml",
                "organizations/members/delete.yaml",
            ][..],
        ),
        1 => select(
            &[
                "organizations/type.yaml",
                "organizations/members.yaml",
                "organizations/members/send.yaml",
                "organizations/members/self.yaml",
                "organizations/members/new.yaml",
                "organizations/members/Fuzz.yaml",
                "a/b.yaml",
                "a/b/c.yaml",
            ][..],
        ),
    ];
    let schema_paths = prop_oneof![
        10 => Just("schemas/x.yaml"),
        1 => select(&["schemas/member.yaml", "schemas/error.yaml"][..]),
    ];
    let any_paths = prop_oneof![
        10 => select(&["api.yaml", "schemas/x.yaml", "a/b.yaml", "a/b/c.yaml"][..]),
        1 => select(
            &[
                "schemas/x/y.yaml",
                "x.yaml",
                "README.md",
                "x.yml",
                "organizations/members/.yaml",
            ][..],
        ),
    ];
    prop_oneof![
        3 => (Just("api.yaml"), api_file()),
        3 => (schema_paths, schema_file()),
        6 => (endpoint_paths, endpoint()),
        2 => (any_paths, any_yaml()),
    ]
    .prop_map(|(path, value)| FileCase {
        base: Base::Real,
        path: PathBuf::from(path),
        contents: render(&value).into_bytes(),
    })
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Strategy 2: mutations of the real spec files

#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    /// A line of this file replaced by a line of any spec file.
    BorrowLine(Index, Index, Index),
    InsertChar(Index, char),
    InsertLine(Index, String),
    Truncate(Index),
    FlipByte(Index, u8),
    Reindent(Index, usize),
}

fn yaml_files() -> Vec<&'static SourceFile> {
    real_spec()
        .iter()
        .filter(|file| file.path.extension().is_some_and(|ext| ext == "yaml"))
        .collect()
}

fn lines_of(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

impl Mutation {
    /// Applies the mutation, saying what it did.
    fn apply(&self, bytes: &mut Vec<u8>) -> String {
        let mut lines = lines_of(bytes);
        let said = match self {
            Mutation::DeleteLine(at) => {
                let at = at.index(lines.len());
                lines.remove(at);
                format!("delete line {}", at + 1)
            }
            Mutation::DuplicateLine(at) => {
                let at = at.index(lines.len());
                lines.insert(at, lines[at].clone());
                format!("duplicate line {}", at + 1)
            }
            Mutation::SwapLines(a, b) => {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
                format!("swap lines {} and {}", a + 1, b + 1)
            }
            Mutation::BorrowLine(at, file, line) => {
                let files = yaml_files();
                let file = files[file.index(files.len())];
                let from = lines_of(&file.contents);
                let line = line.index(from.len());
                let at = at.index(lines.len());
                lines[at] = from[line].clone();
                format!(
                    "replace line {} by line {} of {}",
                    at + 1,
                    line + 1,
                    file.path.display()
                )
            }
            Mutation::InsertLine(at, text) => {
                let at = at.index(lines.len() + 1);
                lines.insert(at, text.clone().into_bytes());
                format!("insert line {}: {text:?}", at + 1)
            }
            Mutation::InsertChar(at, c) => {
                let at = at.index(bytes.len() + 1);
                let mut buffer = [0; 4];
                bytes.splice(at..at, c.encode_utf8(&mut buffer).bytes());
                return format!("insert {c:?} at byte {at}");
            }
            Mutation::Truncate(at) => {
                let at = at.index(bytes.len() + 1);
                bytes.truncate(at);
                return format!("truncate at byte {at}");
            }
            Mutation::FlipByte(at, mask) => {
                if bytes.is_empty() {
                    return "flip a byte (the file is empty)".to_owned();
                }
                let at = at.index(bytes.len());
                bytes[at] ^= mask;
                return format!("xor byte {at} with {mask:#04x}");
            }
            Mutation::Reindent(at, indent) => {
                let at = at.index(lines.len());
                let line = &lines[at];
                let start = line.iter().take_while(|&&b| b == b' ').count();
                let mut new = vec![b' '; *indent];
                new.extend_from_slice(&line[start..]);
                lines[at] = new;
                format!("indent line {} by {indent}", at + 1)
            }
        };
        *bytes = lines.join(&b'\n');
        said
    }
}

fn mutation() -> BoxedStrategy<Mutation> {
    let inserted_char = prop_oneof![
        3 => select(&[
            ':', '-', ' ', '\t', '{', '}', '[', ']', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`', '?', ',', '\n', '\r', '\0', 'é', '\u{FEFF}', '\u{85}',
        ][..]),
        1 => any::<char>(),
    ];
    let inserted_line = prop_oneof![
        3 => (0..8usize, select(KEYS), scalar()).prop_map(|(indent, key, value)| {
            format!("{}{key}: {}", " ".repeat(indent), render(&value).trim_end())
        }),
        1 => (0..8usize, scalar()).prop_map(|(indent, value)| {
            format!("{}- {}", " ".repeat(indent), render(&value).trim_end())
        }),
        1 => "\\PC{0,20}",
    ];
    prop_oneof![
        2 => any::<Index>().prop_map(Mutation::DeleteLine),
        2 => any::<Index>().prop_map(Mutation::DuplicateLine),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        2 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(at, file, line)| Mutation::BorrowLine(at, file, line)),
        2 => (any::<Index>(), inserted_char).prop_map(|(at, c)| Mutation::InsertChar(at, c)),
        2 => (any::<Index>(), inserted_line).prop_map(|(at, line)| Mutation::InsertLine(at, line)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), 0..8u32).prop_map(|(at, bit)| Mutation::FlipByte(at, 1 << bit)),
        2 => (any::<Index>(), 0..10usize).prop_map(|(at, indent)| Mutation::Reindent(at, indent)),
    ]
    .boxed()
}

/// The real spec with one of its YAML files mutated.
#[derive(Clone)]
struct MutationCase {
    file: Index,
    mutations: Vec<Mutation>,
}

impl MutationCase {
    /// The mutated file: its path, original and new content, and what was done.
    fn apply(&self) -> (&'static SourceFile, Vec<u8>, Vec<String>) {
        let files = yaml_files();
        let file = files[self.file.index(files.len())];
        let mut contents = file.contents.clone();
        let said = self
            .mutations
            .iter()
            .map(|mutation| mutation.apply(&mut contents))
            .collect();
        (file, contents, said)
    }
}

impl fmt::Debug for MutationCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, contents, said) = self.apply();
        writeln!(f, "spec/{}: {}", file.path.display(), said.join(", then "))?;
        write!(f, "{}", show_diff(&file.contents, &contents))
    }
}

fn mutation_case() -> BoxedStrategy<MutationCase> {
    (any::<Index>(), prop::collection::vec(mutation(), 1..=4))
        .prop_map(|(file, mutations)| MutationCase { file, mutations })
        .boxed()
}

/// How two results differ (output, or diagnostics compared as text), or `None` when they do not.
fn difference(
    a: &Result<Generated, Diagnostics>,
    b: &Result<Generated, Diagnostics>,
) -> Option<String> {
    match (a, b) {
        (Ok(a), Ok(b)) if a == b => None,
        (Ok(a), Ok(b)) => {
            let paths = |g: &Generated| g.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
            if paths(a) != paths(b) {
                return Some(format!("other files: {:?} vs {:?}", paths(a), paths(b)));
            }
            let changed = a.files.iter().zip(&b.files).find(|(x, y)| x != y);
            Some(match changed {
                Some((x, _)) => format!("{} differs", x.path.display()),
                None => format!(
                    "other counts: {} endpoints, {} types vs {}, {}",
                    a.endpoints, a.types, b.endpoints, b.types
                ),
            })
        }
        (Err(a), Err(b)) => {
            let (a, b) = (a.to_string(), b.to_string());
            (a != b).then(|| format!("other diagnostics:\n{a}\n---\n{b}"))
        }
        (Ok(_), Err(b)) => Some(format!("Ok, then Err:\n{b}")),
        (Err(a), Ok(_)) => Some(format!("Err, then Ok; the Err was:\n{a}")),
    }
}

// ---------------------------------------------------------------------------------------------
// Strategy 3: random bytes

fn bytes_case() -> BoxedStrategy<FileCase> {
    // Mostly YAML-ish ASCII: any bytes are almost never UTF-8, and any characters almost always
    // hold a control character, both rejected before YAML parsing starts.
    let yaml_char = || {
        select(
            "abc_XYZ019:-{}[]#&*!|>'\"%@`?,. \t\n\r"
                .chars()
                .collect::<Vec<_>>(),
        )
    };
    let text = |chars: BoxedStrategy<char>| {
        prop::collection::vec(chars, 0..256)
            .prop_map(|chars| chars.into_iter().collect::<String>().into_bytes())
    };
    let bytes = prop_oneof![
        4 => text(yaml_char().boxed()),
        1 => text(prop_oneof![20 => yaml_char(), 1 => any::<char>()].boxed()),
        1 => prop::collection::vec(any::<u8>(), 0..256),
    ];
    let paths = select(
        &[
            "api.yaml",
            "schemas/x.yaml",
            "a/b.yaml",
            "a/b/c.yaml",
            "widgets/count.yaml",
            "widgets/x.yaml",
        ][..],
    );
    (paths, bytes)
        .prop_map(|(path, contents)| FileCase {
            base: Base::Minimal,
            path: PathBuf::from(path),
            contents,
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn the_real_spec_is_a_valid_base() {
    let files = real_spec().to_vec();
    if let Err(diagnostics) = codegen::generate_from_files(files) {
        panic!("spec/ must generate for the fuzz cases built on it to go deep:\n{diagnostics}");
    }
}

/// Besides never panicking, checks that the strategy still matches the spec format: if too few
/// cases generate code, changes to the format have made it shallow, and it needs updating.
#[test]
fn yaml_files_never_panic() {
    let config = config(160);
    let cases = config.cases;
    let mut runner = TestRunner::new(config);
    let generated = Cell::new(0_u32);
    let result = runner.run(&yaml_case(), |case| {
        let files = spec_with(case.base, &case.path, &case.contents);
        let result = run(files.clone(), &case);
        generated.set(generated.get() + u32::from(result.is_ok()));
        check(&files, &result)
    });
    if let Err(error) = result {
        panic!("{error}\n{runner}");
    }
    let generated = generated.get();
    // When spec/ itself does not generate, the_real_spec_is_a_valid_base says so.
    assert!(
        cases < 100
            || generated * 10 >= cases
            || codegen::generate_from_files(real_spec().to_vec()).is_err(),
        "only {generated} of {cases} cases got through validation: yaml_case() no longer matches \
         the spec format (spec/README.md) and should be updated"
    );
}

proptest! {
    #![proptest_config(config(112))]

    #[test]
    fn mutated_spec_files_never_panic_and_give_the_same_result_twice(case in mutation_case()) {
        let (file, contents, _) = case.apply();
        let files = spec_with(Base::Real, &file.path, &contents);
        let first = run(files.clone(), &case);
        check(&files, &first)?;
        let mut reversed = files.clone();
        reversed.reverse();
        let second = run(reversed, &case);
        if let Some(difference) = difference(&first, &second) {
            return Err(TestCaseError::fail(format!(
                "a second run (files in reverse order) gives another result: {difference}"
            )));
        }
    }
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn random_bytes_never_panic(case in bytes_case()) {
        check_file_case(&case)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Random valid specs, for the compile test

/// A valid spec made of `spec/` and random schema and endpoint files from the `yaml` strategy,
/// each kept only when the spec stays valid with it (tried as drawn, then with its type names and
/// route made unique): random input the validator accepts, for `compile` to build. Returns the
/// files and how many random files were kept. `attempts` files are drawn, with the seed of
/// [`config`] (`PROPTEST_RNG_SEED`).
pub(crate) fn random_valid_spec(attempts: u32) -> (Vec<SourceFile>, usize) {
    let mut files: Vec<SourceFile> = real_spec().to_vec();
    for file in &mut files {
        if file.path == Path::new("api.yaml") {
            // Its own crate name: the copy is built next to other clients.
            file.contents
                .extend_from_slice(b"\ncrate_name: random_spec\n");
        }
    }
    let mut runner = TestRunner::new(config(attempts));
    let strategy = prop_oneof![
        schema_file().prop_map(|file| (true, file)),
        endpoint().prop_map(|file| (false, file)),
    ];
    let mut kept = 0;
    for index in 0..attempts {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        let (is_schema, value) = tree.current();
        let path = match (is_schema, index % 2) {
            (true, _) => format!("schemas/fuzz_{index}.yaml"),
            (false, 0) => format!("organizations/fuzz_op_{index}.yaml"),
            (false, _) => format!("organizations/members/fuzz_op_{index}.yaml"),
        };
        let mut unique = value.clone();
        make_unique(&mut unique, is_schema, &format!("X{index}"), true);
        for candidate in [value, unique] {
            let mut with = files.clone();
            with.push(SourceFile {
                path: PathBuf::from(&path),
                contents: render(&candidate).into_bytes(),
            });
            if codegen::generate_from_files(with.clone()).is_ok() {
                files = with;
                kept += 1;
                break;
            }
        }
    }
    (files, kept)
}

/// Appends `suffix` to the type names a random file declares (a schema file's top-level keys,
/// every `name:`), and to its route, so that it clashes with nothing already in the spec.
fn make_unique(value: &mut Yaml, is_schema: bool, suffix: &str, top: bool) {
    match value {
        Yaml::Map(entries, _) => {
            for (key, entry) in entries {
                if top && is_schema && plain_is_safe(key) {
                    key.push_str(suffix);
                }
                match entry {
                    Yaml::Scalar(text) if key == "name" && plain_is_safe(text) => {
                        text.push_str(suffix);
                    }
                    Yaml::Scalar(text) if key == "path" && top && !is_schema => {
                        *text = text.replacen("/v1/fuzz", &format!("/v1/fuzz/{suffix}"), 1);
                    }
                    _ => make_unique(entry, is_schema, suffix, false),
                }
            }
        }
        Yaml::Seq(items, _) => {
            for item in items {
                make_unique(item, is_schema, suffix, false);
            }
        }
        Yaml::Scalar(_) => {}
    }
}
