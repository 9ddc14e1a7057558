//! Reads the spec files and parses each as YAML into the `spec` shapes, noting where each key is.
//!
//! Every file is read even after one fails, so one run reports every syntax problem.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::locate::{Locations, SyntaxError, locate};
use crate::spec::{ApiFile, EndpointFile, SchemaFile};

/// The name of the API-level file at the root of the spec directory.
pub(crate) const API_FILE: &str = "api.yaml";
/// The folder of shared schemas.
pub(crate) const SCHEMAS_DIR: &str = "schemas";

/// Every spec file, parsed, in a deterministic order (sorted by path).
#[derive(Debug)]
pub(crate) struct SpecFiles {
    pub api: Loaded<ApiFile>,
    pub schemas: Vec<Loaded<SchemaFile>>,
    pub endpoints: Vec<LoadedEndpoint>,
    /// Where each key is, per file, for diagnostics found after parsing.
    pub locations: BTreeMap<PathBuf, Locations>,
    /// Files that could not be parsed: validation still runs on the others, but must not report
    /// what only looks wrong because these are missing.
    pub unparsed: Unparsed,
}

/// What is missing from `SpecFiles` because some files could not be parsed.
#[derive(Debug, Default)]
pub(crate) struct Unparsed {
    /// Whether any file was unparsable.
    pub any: bool,
    /// Whether a file under `schemas/` was: references may point into it.
    pub schemas: bool,
    /// The folders of unparsable endpoint files: they are resources all the same.
    pub endpoint_folders: Vec<Vec<String>>,
}

/// A parsed file and its path relative to the spec directory.
#[derive(Debug)]
pub(crate) struct Loaded<T> {
    pub file: PathBuf,
    pub spec: T,
}

/// An endpoint file with what its location says: its resource path and operation name.
#[derive(Debug)]
pub(crate) struct LoadedEndpoint {
    pub file: PathBuf,
    /// Folder names from the spec root, e.g. `["organizations", "members"]`.
    pub resource: Vec<String>,
    /// The file stem, e.g. `delete_password`.
    pub operation: String,
    pub spec: EndpointFile,
}

/// A spec file before parsing: its path relative to the spec directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// E.g. `organizations/members/delete.yaml`.
    pub path: PathBuf,
    /// The file's content, not yet known to be UTF-8.
    pub contents: Vec<u8>,
}

/// Larger files are refused unread: a spec file is a few kilobytes, and the limit keeps memory
/// and time bounded whatever is put in the spec directory.
pub(crate) const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads every file under `spec_dir` (hidden ones excepted), sorted by path.
pub(crate) fn read_dir(spec_dir: &Path) -> Result<Vec<SourceFile>, Diagnostics> {
    let mut paths = Vec::new();
    if let Err(error) = list_files(spec_dir, Path::new(""), &mut paths) {
        let message = format!("cannot read the spec directory: {error}");
        return Err(Diagnostic::new(spec_dir, "", message).into());
    }
    paths.sort();
    let mut diagnostics = Diagnostics::default();
    let mut files = Vec::new();
    for path in paths {
        let full_path = spec_dir.join(&path);
        let read = fs::metadata(&full_path).and_then(|metadata| {
            if metadata.len() > MAX_FILE_BYTES {
                Ok(Err(metadata.len()))
            } else {
                fs::read(&full_path).map(Ok)
            }
        });
        match read {
            Ok(Ok(contents)) => files.push(SourceFile { path, contents }),
            Ok(Err(size)) => diagnostics.push(Diagnostic::new(
                &path,
                "",
                format!(
                    "the file is {size} bytes; spec files are limited to {MAX_FILE_BYTES} bytes"
                ),
            )),
            Err(error) => diagnostics.push(Diagnostic::new(
                &path,
                "",
                format!("cannot read the file: {error}"),
            )),
        }
    }
    diagnostics.into_result(files)
}

/// Parses every file, classifying it by where it is. Every file is parsed even after one fails.
/// Returns the parsed files with the problems of those that did not parse (which validation adds
/// to), or only problems when `api.yaml` itself is missing or unparsable.
pub(crate) fn parse(files: Vec<SourceFile>) -> Result<(SpecFiles, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut api = None;
    let mut schemas = Vec::new();
    let mut endpoints = Vec::new();
    let mut locations = BTreeMap::new();
    let mut files = files;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for SourceFile {
        path: relative,
        contents,
    } in files
    {
        let is_yaml = relative.extension().is_some_and(|ext| ext == "yaml");
        if !is_yaml {
            if relative != Path::new("README.md") {
                let hint = if relative.extension().is_some_and(|ext| ext == "yml") {
                    "rename it to `.yaml`"
                } else {
                    "spec/ holds only `.yaml` files and README.md; move the file elsewhere"
                };
                diagnostics.push(Diagnostic::new(&relative, "", "not a spec file").with_hint(hint));
            }
            continue;
        }
        if contents.len() as u64 > MAX_FILE_BYTES {
            let message = format!(
                "the file is {} bytes; spec files are limited to {MAX_FILE_BYTES} bytes",
                contents.len()
            );
            diagnostics.push(Diagnostic::new(&relative, "", message));
            continue;
        }
        let Some(text) = utf8(&relative, contents, &mut diagnostics) else {
            continue;
        };
        let folders: Vec<String> = relative
            .parent()
            .map(|parent| {
                parent
                    .iter()
                    .map(|part| part.to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let file_locations = locate(&text);
        let stem = relative
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();

        if folders.is_empty() {
            if relative == Path::new(API_FILE) {
                api = parse_yaml::<ApiFile>(&text, &relative, &file_locations, &mut diagnostics)
                    .map(|spec| Loaded {
                        file: relative.clone(),
                        spec,
                    });
            } else {
                diagnostics.push(
                    Diagnostic::new(&relative, "", "unexpected file at the root of the spec directory")
                        .with_hint("the root holds only api.yaml; put endpoints in a resource folder, schemas in schemas/"),
                );
            }
        } else if folders[0] == SCHEMAS_DIR {
            if folders.len() > 1 {
                diagnostics.push(
                    Diagnostic::new(&relative, "", "schemas/ has no sub-folders")
                        .with_hint("move the file up into schemas/"),
                );
            } else if let Some(spec) =
                parse_yaml::<SchemaFile>(&text, &relative, &file_locations, &mut diagnostics)
            {
                schemas.push(Loaded {
                    file: relative.clone(),
                    spec,
                });
            }
        } else if let Some(spec) =
            parse_yaml::<EndpointFile>(&text, &relative, &file_locations, &mut diagnostics)
        {
            endpoints.push(LoadedEndpoint {
                file: relative.clone(),
                resource: folders,
                operation: stem,
                spec,
            });
        }
        locations.insert(relative, file_locations);
    }

    let Some(api) = api else {
        if !diagnostics.iter().any(|d| d.file == Path::new(API_FILE)) {
            diagnostics.push(
                Diagnostic::new(
                    API_FILE,
                    "",
                    "missing: every spec directory needs an api.yaml",
                )
                .with_hint("is this the spec directory?"),
            );
        }
        return Err(diagnostics.located(&locations));
    };
    let mut unparsed = Unparsed {
        any: !diagnostics.is_empty(),
        ..Unparsed::default()
    };
    for diagnostic in diagnostics.iter() {
        let file = &diagnostic.file;
        if file.extension().is_none_or(|ext| ext != "yaml") {
            continue;
        }
        let folders: Vec<String> = file
            .parent()
            .map(|parent| {
                parent
                    .iter()
                    .map(|part| part.to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        match folders.first() {
            Some(first) if first == SCHEMAS_DIR => unparsed.schemas = true,
            Some(_) => unparsed.endpoint_folders.push(folders),
            None => {}
        }
    }
    let spec = SpecFiles {
        api,
        schemas,
        endpoints,
        locations,
        unparsed,
    };
    Ok((spec, diagnostics))
}

/// Collects file paths (relative to `root`) below `root/relative`, skipping hidden entries.
fn list_files(root: &Path, relative: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(root.join(relative))? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let child = relative.join(&name);
        if entry.file_type()?.is_dir() {
            list_files(root, &child, out)?;
        } else {
            out.push(child);
        }
    }
    Ok(())
}

/// The text of a file, or a diagnostic pointing at its first byte that is not UTF-8.
fn utf8(relative: &Path, contents: Vec<u8>, diagnostics: &mut Diagnostics) -> Option<String> {
    match String::from_utf8(contents) {
        Ok(text) => Some(text),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let mut diagnostic = Diagnostic::new(relative, "", "the file is not valid UTF-8");
            diagnostic.location = Some(line_column(error.as_bytes(), offset));
            diagnostics.push(diagnostic.with_hint("save it as UTF-8"));
            None
        }
    }
}

/// Parses one file's text, recording a diagnostic (with line and column where known) on failure.
fn parse_yaml<T: DeserializeOwned>(
    text: &str,
    relative: &Path,
    locations: &Locations,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    let only_comments = text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    });
    if only_comments {
        let message = if text.trim().is_empty() {
            "the file is empty"
        } else {
            "the file holds only comments"
        };
        diagnostics.push(Diagnostic::new(relative, "", message));
        return None;
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(spec) => Some(spec),
        // serde reads as it parses, so a syntax error can first look like a missing key on the
        // line before (an under-indented line ends its mapping early): the syntax error is the
        // cause, and is reported alone.
        Err(error) if locations.syntax_error.is_some() && !is_syntax_error(&error) => {
            if let Some(error) = &locations.syntax_error {
                diagnostics.push(syntax_diagnostic(relative, text, error));
            }
            None
        }
        Err(error) => {
            diagnostics.push(yaml_diagnostic(relative, text, locations, &error));
            None
        }
    }
}

/// Whether serde_yaml's error is one of YAML syntax (which it reports well) rather than of shape.
fn is_syntax_error(error: &serde_yaml::Error) -> bool {
    let message = error.to_string();
    [
        "while scanning",
        "while parsing",
        "in this context",
        "did not find expected",
        "found unexpected",
        "found character",
        "control characters",
        "recursion limit",
        "repetition limit",
    ]
    .iter()
    .any(|marker| message.contains(marker))
}

/// A YAML syntax error, with a hint where the indentation looks like the cause.
fn syntax_diagnostic(relative: &Path, text: &str, error: &SyntaxError) -> Diagnostic {
    let (line, _) = error.location;
    let mut diagnostic = Diagnostic::new(
        relative,
        error.key_path.clone(),
        format!("invalid YAML: {}", error.message),
    );
    diagnostic.location = Some(error.location);
    diagnostic.hint = hint_for(&error.message, text, Some(error.location))
        .or_else(|| indentation_hint(text, line));
    diagnostic
}

/// When the line of a syntax error (or the one before it) is indented like none of the lines
/// above it, that is the likely cause.
fn indentation_hint(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    fn content(line: &&str) -> bool {
        let trimmed = line.trim();
        !trimmed.is_empty() && !trimmed.starts_with('#')
    }
    // The error is often reported where the parser gave up, after the bad line.
    for number in [line, line.saturating_sub(1)] {
        let Some(current) = number.checked_sub(1).and_then(|index| lines.get(index)) else {
            continue;
        };
        if !content(current) {
            continue;
        }
        let width = indent(current);
        let above: Vec<usize> = lines[..number - 1]
            .iter()
            .filter(|line| content(line))
            .map(|line| indent(line))
            .collect();
        let Some(&previous) = above.last() else {
            continue;
        };
        if width < previous && !above.contains(&width) {
            let expected = above
                .iter()
                .copied()
                .filter(|&level| level < width)
                .max()
                .map_or(String::new(), |lower| {
                    format!(" (the levels above are {lower} and {previous} spaces)")
                });
            return Some(format!(
                "line {number} is indented by {width} spaces, like no key above it{expected}: \
                 line it up with the keys of its mapping"
            ));
        }
    }
    None
}

/// Splits serde_yaml's message (`path.to.key: message at line L column C`) into our diagnostic's parts.
fn yaml_diagnostic(
    relative: &Path,
    text: &str,
    locations: &Locations,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let mut message = error.to_string();
    let mut location = error
        .location()
        .map(|location| (location.line(), location.column()));
    if let Some((line, column)) = location {
        // The diagnostic shows the position already; keep only other positions in the text.
        let position = format!(" at line {line} column {column}");
        if let Some(stripped) = message.strip_suffix(&position) {
            message = stripped.to_owned();
        } else {
            message = message.replacen(&position, "", 1);
        }
    }
    // serde_yaml prefixes the key path when the error is below the top level.
    let (key_path, message) = match message.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && path
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_.[]-".contains(c)) =>
        {
            (path.to_owned(), rest.to_owned())
        }
        _ => (String::new(), message),
    };
    // A repeated key: point at the repetition, not at the start of its mapping.
    let mut key_path = key_path;
    let repeated = ["duplicate field `", "duplicate key `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next());
    if let Some(key) = repeated {
        let full_path = if key_path.is_empty() {
            key.to_owned()
        } else {
            format!("{key_path}.{key}")
        };
        if let Some(position) = locations.repeated(&full_path) {
            location = Some(position);
            key_path = full_path;
        }
    }
    let hint = hint_for(&message, text, location);
    let mut diagnostic = Diagnostic::new(relative, key_path, message);
    diagnostic.location = location;
    diagnostic.hint = hint;
    diagnostic
}

/// A hint for the YAML or serde messages that do not say how to fix the problem.
fn hint_for(message: &str, text: &str, location: Option<(usize, usize)>) -> Option<String> {
    if let Some(hint) = misspelt_key_hint(message) {
        return Some(hint);
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let unknown = rest.split('`').next().unwrap_or_default();
        let suggestion = match unknown {
            "integer" | "int" | "long" | "i32" | "i64" | "u32" | "u64" => {
                Some("`int32` or `int64`")
            }
            "float" | "double" | "f32" | "f64" | "decimal" => Some("`number`"),
            "bool" => Some("`boolean`"),
            "str" | "text" => Some("`string`"),
            "map" | "dict" | "any" => {
                Some("`json_object` for free-form JSON, or `object` with `fields`")
            }
            _ => None,
        };
        if let Some(suggestion) = suggestion {
            return Some(format!("use {suggestion}"));
        }
    }
    if message.contains("repetition limit exceeded") {
        return Some(
            "the file expands YAML aliases (`*name`) too many times; spec files need no aliases"
                .to_owned(),
        );
    }
    if message.contains("recursion limit exceeded") {
        return Some("the file nests more than 128 levels deep".to_owned());
    }
    let at_tab = location.is_some_and(|(line, column)| {
        text.lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.chars().nth(column.saturating_sub(1)))
            == Some('\t')
    });
    if at_tab {
        return Some("YAML does not allow tabs for indentation; indent with spaces".to_owned());
    }
    None
}

/// For serde's "unknown field `sumary`, expected one of `method`, `summary`, …", the likely key.
fn misspelt_key_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once("`, expected ")?;
    let candidates = expected.split('`').skip(1).step_by(2);
    crate::diagnostic::closest(unknown, candidates).map(|key| format!("did you mean `{key}`?"))
}

/// 1-based line and column of byte `offset` in `bytes`.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}
