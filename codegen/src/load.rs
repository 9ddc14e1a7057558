//! Reads the spec directory: finds the files, parses each as YAML into the `spec` shapes.
//!
//! Every file is read even after one fails, so one run reports every syntax problem.

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Diagnostics};
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

/// Reads and parses every file under `spec_dir`.
pub(crate) fn load(spec_dir: &Path) -> Result<SpecFiles, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut files = Vec::new();
    if let Err(error) = list_files(spec_dir, Path::new(""), &mut files) {
        return Err(Diagnostic::new(
            spec_dir,
            "",
            format!("cannot read the spec directory: {error}"),
        )
        .into());
    }
    files.sort();

    let mut api = None;
    let mut schemas = Vec::new();
    let mut endpoints = Vec::new();
    for relative in files {
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
        let path = spec_dir.join(&relative);
        let folders: Vec<String> = relative
            .parent()
            .map(|parent| {
                parent
                    .iter()
                    .map(|part| part.to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let stem = relative
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();

        if folders.is_empty() {
            if relative == Path::new(API_FILE) {
                api = parse::<ApiFile>(&path, &relative, &mut diagnostics).map(|spec| Loaded {
                    file: relative,
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
            } else if let Some(spec) = parse::<SchemaFile>(&path, &relative, &mut diagnostics) {
                schemas.push(Loaded {
                    file: relative,
                    spec,
                });
            }
        } else if let Some(spec) = parse::<EndpointFile>(&path, &relative, &mut diagnostics) {
            endpoints.push(LoadedEndpoint {
                file: relative,
                resource: folders,
                operation: stem,
                spec,
            });
        }
    }

    let Some(api) = api else {
        if !diagnostics.iter().any(|d| d.file == Path::new(API_FILE)) {
            diagnostics.push(
                Diagnostic::new(
                    API_FILE,
                    "",
                    "missing: every spec directory needs an api.yaml",
                )
                .with_hint(format!("is `{}` the spec directory?", spec_dir.display())),
            );
        }
        return Err(diagnostics.sorted());
    };
    diagnostics.into_result(SpecFiles {
        api,
        schemas,
        endpoints,
    })
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

/// Parses one file, recording a diagnostic (with line and column where known) on failure.
fn parse<T: DeserializeOwned>(
    path: &Path,
    relative: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(Diagnostic::new(
                relative,
                "",
                format!("cannot read the file: {error}"),
            ));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let (line, column) = line_column(error.as_bytes(), offset);
            let mut diagnostic = Diagnostic::new(relative, "", "the file is not valid UTF-8");
            diagnostic.location = Some((line, column));
            diagnostics.push(diagnostic.with_hint("save it as UTF-8"));
            return None;
        }
    };
    if text.trim().is_empty() {
        diagnostics.push(Diagnostic::new(relative, "", "the file is empty"));
        return None;
    }
    match serde_yaml::from_str::<T>(&text) {
        Ok(spec) => Some(spec),
        Err(error) => {
            diagnostics.push(yaml_diagnostic(relative, &error));
            None
        }
    }
}

/// Splits serde_yaml's message (`path.to.key: message at line L column C`) into our diagnostic's parts.
fn yaml_diagnostic(relative: &Path, error: &serde_yaml::Error) -> Diagnostic {
    let mut message = error.to_string();
    let location = error
        .location()
        .map(|location| (location.line(), location.column()));
    if let Some((line, column)) = location {
        let suffix = format!(" at line {line} column {column}");
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_owned();
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
    let hint = misspelt_key_hint(&message);
    let mut diagnostic = Diagnostic::new(relative, key_path, message);
    diagnostic.location = location;
    diagnostic.hint = hint;
    diagnostic
}

/// For serde's "unknown field `sumary`, expected one of `method`, `summary`, …", the likely key.
fn misspelt_key_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once("`, expected ")?;
    let candidates = expected.split('`').skip(1).step_by(2);
    crate::validate::closest(unknown, candidates).map(|key| format!("did you mean `{key}`?"))
}

/// 1-based line and column of byte `offset` in `bytes`.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}
