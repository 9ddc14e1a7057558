//! Synthetic specs for benchmarks: the real spec repeated under new resource names until it has N endpoints.
//!
//! Copy `k` (from 1) of the spec's endpoints goes under the top-level resource folder `r{k}/`,
//! keeping its sub-folders (`organizations/members/get.yaml` → `r3/organizations/members/get.yaml`),
//! with its HTTP path's first segment after `/v1/` replaced (`/v1/b2b/…` → `/v1/r3/…`). Each copy
//! has its own copies of the schemas its endpoints use, directly or not, renamed `<Name>R{k}`
//! (`Member` → `MemberR3`), and so are its inline type names (request bodies, inline responses,
//! inline objects). A suffix, not a prefix: heck reads `R3OAuthRegistration` as
//! `R3oAuthRegistration`, which the generator refuses as not `PascalCase`; `OAuthRegistrationR3`
//! is fine. The error schema named in `api.yaml` (and what it uses) is shared by all copies,
//! unrenamed. The last copy takes only the first endpoints (in path order) it needs to reach
//! exactly N. The output depends only on the input spec and N.
//!
//! The YAML is handled as [`serde_yaml::Value`]: comments and layout are not kept, meaning is.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

/// The file in an output folder that says `synth` made it, so it may be replaced by a new run.
pub const MARKER: &str = ".synthetic-spec";

/// One file of a synthetic spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// Relative to the spec directory, e.g. `r3/organizations/members/get.yaml`.
    pub path: PathBuf,
    /// The YAML text.
    pub contents: String,
}

/// A spec file read and parsed.
struct Parsed {
    path: PathBuf,
    value: Value,
}

/// Builds a spec with exactly `endpoints` endpoints from the spec in `spec_dir`.
///
/// # Errors
///
/// A file that cannot be read or parsed, or a spec without endpoints or `api.yaml`.
pub fn synthesize(spec_dir: &Path, endpoints: usize) -> Result<Vec<SpecFile>, String> {
    // The generator's own reader: same files, same order, same size limit.
    let files = codegen::read_spec_dir(spec_dir).map_err(|diagnostics| diagnostics.to_string())?;
    let mut api = None;
    let mut schema_files = Vec::new();
    let mut endpoint_files = Vec::new();
    for file in files {
        let path = file.path;
        if path.extension().is_none_or(|ext| ext != "yaml") {
            continue;
        }
        let full = spec_dir.join(&path);
        let value: Value = serde_yaml::from_slice(&file.contents)
            .map_err(|error| format!("{} is not valid YAML: {error}", full.display()))?;
        let parsed = Parsed { path, value };
        let depth = parsed.path.components().count();
        if depth == 1 && parsed.path == Path::new("api.yaml") {
            api = Some(parsed.value);
        } else if parsed.path.starts_with("schemas") {
            schema_files.push(parsed);
        } else if depth > 1 {
            endpoint_files.push(parsed);
        }
    }
    let api = api.ok_or_else(|| format!("{} has no api.yaml", spec_dir.display()))?;
    if endpoint_files.is_empty() {
        return Err(format!("{} has no endpoint files", spec_dir.display()));
    }

    // Every schema: name → (its file's stem, its definition), in file and declaration order.
    let mut schemas: Vec<(String, String, Value)> = Vec::new();
    for file in &schema_files {
        let stem = file_stem(&file.path);
        let Value::Mapping(map) = &file.value else {
            return Err(format!("{} is not a mapping", file.path.display()));
        };
        for (name, definition) in map {
            let Value::String(name) = name else {
                return Err(format!(
                    "{}: a schema name is not a string",
                    file.path.display()
                ));
            };
            schemas.push((name.clone(), stem.clone(), definition.clone()));
        }
    }
    let definitions: BTreeMap<&str, &Value> = schemas
        .iter()
        .map(|(name, _, definition)| (name.as_str(), definition))
        .collect();

    // The error schema and what it uses are shared by every copy.
    let error_schema = api
        .get("error")
        .and_then(|error| error.get("schema"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let shared = closure(error_schema.iter().cloned().collect(), &definitions);
    let renamed: BTreeSet<String> = schemas
        .iter()
        .map(|(name, _, _)| name.clone())
        .filter(|name| !shared.contains(name))
        .collect();

    let resource_descriptions: BTreeMap<String, Value> = api
        .get("resources")
        .and_then(Value::as_mapping)
        .map(|resources| {
            resources
                .iter()
                .filter_map(|(key, value)| Some((key.as_str()?.to_owned(), value.clone())))
                .collect()
        })
        .unwrap_or_default();

    let mut out = Vec::new();
    let mut resources = Mapping::new();
    let mut remaining = endpoints;
    let mut copy = 0;
    while remaining > 0 {
        copy += 1;
        let take = remaining.min(endpoint_files.len());
        remaining -= take;
        let suffix = format!("R{copy}");
        let folder = format!("r{copy}");

        let mut used = BTreeSet::new();
        let mut folders = BTreeSet::new();
        for file in &endpoint_files[..take] {
            let mut value = file.value.clone();
            rewrite(&mut value, &suffix, &renamed, &mut used);
            if let Some(Value::String(path)) = value.get_mut("path") {
                *path = rewrite_path(path, &folder);
            }
            let path = Path::new(&folder).join(&file.path);
            let mut ancestor = path.parent();
            while let Some(dir) = ancestor.filter(|dir| !dir.as_os_str().is_empty()) {
                folders.insert(slash_path(dir));
                ancestor = dir.parent();
            }
            out.push(SpecFile {
                path,
                contents: to_yaml(&value)?,
            });
        }
        for key in folders {
            let description = match key.split_once('/') {
                None => {
                    let text = format!(
                        "Synthetic copy {copy} of the API's resources, generated for benchmarks."
                    );
                    let mut entry = Mapping::new();
                    entry.insert("description".into(), text.into());
                    Value::Mapping(entry)
                }
                Some((_, original)) => match resource_descriptions.get(original) {
                    Some(entry) => entry.clone(),
                    None => {
                        let mut entry = Mapping::new();
                        entry.insert(
                            "description".into(),
                            format!("Copy of `{original}`.").into(),
                        );
                        Value::Mapping(entry)
                    }
                },
            };
            resources.insert(key.into(), description);
        }

        // This copy's schemas: what its endpoints use, directly or through other schemas.
        let used = closure(used, &definitions);
        let mut by_file: BTreeMap<&str, Mapping> = BTreeMap::new();
        for (name, stem, definition) in &schemas {
            if !used.contains(name) || shared.contains(name) {
                continue;
            }
            let mut definition = definition.clone();
            rewrite(&mut definition, &suffix, &renamed, &mut BTreeSet::new());
            by_file
                .entry(stem)
                .or_default()
                .insert(format!("{name}{suffix}").into(), definition);
        }
        for (stem, map) in by_file {
            out.push(SpecFile {
                path: Path::new("schemas").join(format!("{folder}_{stem}.yaml")),
                contents: to_yaml(&Value::Mapping(map))?,
            });
        }
    }

    let mut shared_schemas: BTreeMap<&str, Mapping> = BTreeMap::new();
    for (name, stem, definition) in &schemas {
        if shared.contains(name) {
            shared_schemas
                .entry(stem)
                .or_default()
                .insert(name.clone().into(), definition.clone());
        }
    }
    for (stem, map) in shared_schemas {
        out.push(SpecFile {
            path: Path::new("schemas").join(format!("{stem}.yaml")),
            contents: to_yaml(&Value::Mapping(map))?,
        });
    }

    let mut api = api;
    if let Value::Mapping(map) = &mut api {
        map.insert("resources".into(), Value::Mapping(resources));
    }
    out.push(SpecFile {
        path: PathBuf::from("api.yaml"),
        contents: to_yaml(&api)?,
    });
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Writes `files` into `out`, which must not exist, be empty, or hold an earlier synthetic spec
/// (which is replaced).
///
/// # Errors
///
/// `out` holds other files, or a file cannot be written.
pub fn write(out: &Path, files: &[SpecFile]) -> Result<(), String> {
    let io = |what: &str, path: &Path, error: std::io::Error| {
        format!("cannot {what} {}: {error}", path.display())
    };
    if out.exists() {
        let mut entries = fs::read_dir(out).map_err(|error| io("read", out, error))?;
        if out.join(MARKER).exists() {
            fs::remove_dir_all(out).map_err(|error| io("remove", out, error))?;
        } else if entries.next().is_some() {
            return Err(format!(
                "{} is not empty and holds no synthetic spec; choose an empty or new folder",
                out.display()
            ));
        }
    }
    fs::create_dir_all(out).map_err(|error| io("create", out, error))?;
    fs::write(out.join(MARKER), "made by `cargo xtask synth`\n")
        .map_err(|error| io("write", &out.join(MARKER), error))?;
    for file in files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|error| io("create", parent, error))?;
        }
        fs::write(&path, &file.contents).map_err(|error| io("write", &path, error))?;
    }
    Ok(())
}

/// Counts the endpoint files of a synthetic spec (everything but `api.yaml` and `schemas/`).
pub fn endpoint_count(files: &[SpecFile]) -> usize {
    files
        .iter()
        .filter(|file| file.path.components().count() > 1 && !file.path.starts_with("schemas"))
        .count()
}

/// Renames, below `value`, every `ref` to a schema in `renamed`, every inline type `name` (a
/// string `name` next to a map of `fields`) and every `one_of` group's `type_name` to
/// `{name}{suffix}`, noting the original names referred to in
/// `used`. Enum `values`, descriptions and examples are prose or data and left alone.
fn rewrite(
    value: &mut Value,
    suffix: &str,
    renamed: &BTreeSet<String>,
    used: &mut BTreeSet<String>,
) {
    match value {
        Value::Mapping(map) => {
            // A `one_of` group's `fields` is a list of field names, and its `name` no type name.
            let inline_object = map.get("fields").is_some_and(Value::is_mapping);
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    // Prose and example data, not names.
                    (Some("values" | "description" | "object_description" | "example"), _) => {}
                    (Some("ref"), Value::String(name)) => {
                        used.insert(name.clone());
                        if renamed.contains(name.as_str()) {
                            *name = format!("{name}{suffix}");
                        }
                    }
                    (Some("name"), Value::String(name)) if inline_object => {
                        *name = format!("{name}{suffix}");
                    }
                    // The enum of a `one_of` group.
                    (Some("type_name"), Value::String(name)) => {
                        *name = format!("{name}{suffix}");
                    }
                    (_, child) => rewrite(child, suffix, renamed, used),
                }
            }
        }
        Value::Sequence(items) => {
            for item in items {
                rewrite(item, suffix, renamed, used);
            }
        }
        Value::Tagged(tagged) => rewrite(&mut tagged.value, suffix, renamed, used),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

/// `names` and every schema they refer to, directly or not.
fn closure(names: BTreeSet<String>, definitions: &BTreeMap<&str, &Value>) -> BTreeSet<String> {
    let mut done = BTreeSet::new();
    let mut todo: Vec<String> = names.into_iter().collect();
    while let Some(name) = todo.pop() {
        if !done.insert(name.clone()) {
            continue;
        }
        if let Some(definition) = definitions.get(name.as_str()) {
            let mut refs = BTreeSet::new();
            rewrite(&mut (*definition).clone(), "", &BTreeSet::new(), &mut refs);
            todo.extend(refs.into_iter().filter(|name| !done.contains(name)));
        }
    }
    done
}

/// `/v1/b2b/organizations` → `/v1/r3/organizations`; a path of another shape gets the folder as
/// its first segment (`/x` → `/r3/x`), so every copy's routes are distinct.
fn rewrite_path(path: &str, folder: &str) -> String {
    if let Some(rest) = path.strip_prefix("/v1/")
        && let Some((_, tail)) = rest.split_once('/')
    {
        return format!("/v1/{folder}/{tail}");
    }
    format!("/{folder}{path}")
}

fn to_yaml(value: &Value) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|error| format!("cannot print YAML: {error}"))
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A relative path with `/` separators, as `api.yaml` names resources.
fn slash_path(path: &Path) -> String {
    path.iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_rewritten() {
        assert_eq!(
            rewrite_path("/v1/b2b/organizations/{id}", "r7"),
            "/v1/r7/organizations/{id}"
        );
        assert_eq!(rewrite_path("/health", "r2"), "/r2/health");
    }

    #[test]
    fn refs_and_inline_names_are_renamed() {
        let mut value: Value = serde_yaml::from_str(
            "body:\n  name: Req\n  fields:\n    name: { type: string, description: d }\n    m: { ref: Member, description: d }\n    e: { ref: ApiErrorBody, description: d }\nvalues:\n  ref: a value\n",
        )
        .expect("test YAML parses");
        let renamed: BTreeSet<String> = ["Member".to_owned()].into();
        let mut used = BTreeSet::new();
        rewrite(&mut value, "R2", &renamed, &mut used);
        let text = to_yaml(&value).expect("prints");
        assert!(text.contains("name: ReqR2"), "{text}");
        assert!(text.contains("ref: MemberR2"), "{text}");
        assert!(text.contains("ref: ApiErrorBody"), "{text}");
        assert!(text.contains("ref: a value"), "{text}");
        assert_eq!(
            used,
            ["ApiErrorBody".to_owned(), "Member".to_owned()].into()
        );
    }
}
