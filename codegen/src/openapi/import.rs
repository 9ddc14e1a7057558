//! An OpenAPI 3.x document (JSON or YAML) as first-draft spec files: `api.yaml`,
//! `schemas/<schema>.yaml` and `<resource>/<operation>.yaml`, with descriptions and examples.
//!
//! What the spec format cannot say is refused, never approximated: each refusal is a diagnostic
//! naming the JSON pointer of the construct, all of them in one run, and then no draft at all.
//! Constraints the format has no key for (`format` beyond integer sizes, `pattern`, `minimum`,
//! `default`, `readOnly`, …) are dropped: they change no Rust type.
//!
//! Names: an `operationId` with dots (`pets.photos.delete`, what the exporter writes) gives the
//! resource path and the operation; otherwise the resource is the path's literal segments without
//! a leading version (`/v1/pets/{id}/photos` → `pets/photos`) and the operation is the
//! `snake_case` of the `operationId`, or, without one, `list`/`get`/`create`/`replace`/`update`/
//! `delete` from the method. Schema names become `PascalCase` (`Schema` added to names the
//! generated code uses: `Error` → `ErrorSchema`); an inline object, enum or union is named after
//! where it is (`Pet` + `location` → `PetLocation`; a query parameter's after its endpoint).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_yaml::{Mapping, Value};

use super::{
    SCHEMA_REF_PREFIX, X_AUTHORIZATION, X_CRATE_NAME, X_ENUM_DESCRIPTIONS, X_EXAMPLE_AUTHORIZATION,
    X_EXTENSIBLE_ENUM, X_IDEMPOTENT, X_LIVE_PREFIX, X_PAGINATION, X_PASSWORD, X_RUST_NAME,
    X_USERNAME, known_values_paragraph,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{API_FILE, SCHEMAS_DIR, SourceFile};
use crate::naming::RESERVED_TYPE_NAMES;
use crate::write::WriteReport;

/// The description a draft gets where the document has none (the format requires one): easy to
/// find when reviewing.
const UNDESCRIBED: &str = "Not described in the OpenAPI document.";
/// Fields the client's error type reads from an error body (as `validate` requires them).
const ERROR_FIELDS: &[&str] = &["request_id", "error_type", "error_message", "error_url"];
/// The error schema made when the document declares none.
const DEFAULT_ERROR_SCHEMA: &str = "ErrorResponse";
/// The authorization made of header API keys that carry no `x-codegen-authorization`.
const DEFAULT_AUTHORIZATION: &str = "authorization";
/// Deeper schemas are refused: only a cycle of aliases gets there.
const MAX_DEPTH: usize = 64;
const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];
const UNSUPPORTED_METHODS: &[&str] = &["head", "options", "trace"];

/// What to import from a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Only the operations whose path starts with one of these (every operation when empty),
    /// with the schemas they use.
    pub path_prefixes: Vec<String>,
}

/// Draft spec files (paths relative to a spec directory, sorted) for the OpenAPI document `text`
/// (JSON or YAML). `source` names the document in diagnostics.
///
/// # Errors
///
/// Everything the spec format cannot express, each with the JSON pointer of the construct; a
/// document that does not parse, with its line and column.
pub fn import(
    source: &Path,
    text: &str,
    options: &ImportOptions,
) -> Result<Vec<SourceFile>, Diagnostics> {
    let document: Value = serde_yaml::from_str(text).map_err(|error| {
        let mut diagnostic = Diagnostic::new(source, "", format!("not JSON or YAML: {error}"));
        diagnostic.location = error
            .location()
            .map(|location| (location.line(), location.column()));
        Diagnostics::from(diagnostic)
    })?;
    let mut importer = Importer {
        source: source.to_owned(),
        document: &document,
        problems: Diagnostics::default(),
        schemas: BTreeMap::new(),
        queued: Vec::new(),
        named_at: BTreeMap::new(),
        security_groups: BTreeMap::new(),
        error_votes: BTreeMap::new(),
    };
    let files = importer.run(options);
    importer.problems.into_result(files)
}

/// Writes `drafts` under `out_dir`. A file that exists with other content is a conflict: unless
/// `force`, conflicts are listed and nothing is written, so a hand-edited file is never lost.
///
/// # Errors
///
/// The conflicts, or a file that could not be read or written.
pub fn write_drafts(
    out_dir: &Path,
    drafts: &[SourceFile],
    force: bool,
) -> Result<WriteReport, Diagnostics> {
    let mut report = WriteReport::default();
    let mut conflicts = Diagnostics::default();
    let mut to_write = Vec::new();
    for draft in drafts {
        let target = out_dir.join(&draft.path);
        match fs::read(&target) {
            Ok(existing) if existing == draft.contents => report.unchanged.push(draft.path.clone()),
            Ok(_) if !force => conflicts.push(
                Diagnostic::new(
                    &target,
                    "",
                    "exists with other content; the draft was not written",
                )
                .with_hint("review and move the file, import into an empty --out, or pass --force to overwrite"),
            ),
            _ => to_write.push((target, draft)),
        }
    }
    if !conflicts.is_empty() {
        return Err(conflicts.sorted());
    }
    let io_error = |target: &Path, error: std::io::Error| {
        Diagnostics::from(Diagnostic::new(
            target,
            "",
            format!("cannot write: {error}"),
        ))
    };
    for (target, draft) in to_write {
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|error| io_error(parent, error))?;
        }
        fs::write(&target, &draft.contents).map_err(|error| io_error(&target, error))?;
        report.written.push(draft.path.clone());
    }
    Ok(report)
}

/// The draft of one endpoint file.
struct EndpointDraft {
    resource: Vec<String>,
    operation: String,
    /// `PascalCase` of the resource path and operation, the start of the names of its inline types.
    type_prefix: String,
    pointer: String,
    tags: Vec<String>,
    body: Mapping,
}

/// A header API key that selects one variant of an authorization.
#[derive(Clone)]
struct Variant {
    authorization: String,
    authorization_description: String,
    key: String,
    header: String,
    description: String,
}

struct Importer<'a> {
    source: PathBuf,
    document: &'a Value,
    problems: Diagnostics,
    /// Schemas in the format's shape (description and fields/values/tagged), by name.
    schemas: BTreeMap<String, Mapping>,
    /// Component schemas referred to but not converted yet: (component key, name).
    queued: Vec<(String, String)>,
    /// The pointer each schema name was made from, so two sources of one name are refused.
    named_at: BTreeMap<String, String>,
    /// Header API-key schemes used by imported operations, by scheme name.
    security_groups: BTreeMap<String, Variant>,
    /// How many operations name each schema as their error body.
    error_votes: BTreeMap<String, usize>,
}

impl Importer<'_> {
    fn refuse(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems
            .push(Diagnostic::new(&self.source, pointer, message));
    }

    fn refuse_hint(&mut self, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.problems
            .push(Diagnostic::new(&self.source, pointer, message).with_hint(hint));
    }

    /// A draft file: a comment saying where it comes from, then the YAML.
    fn draft_file(&mut self, path: PathBuf, pointer: &str, body: Mapping) -> SourceFile {
        let yaml = serde_yaml::to_string(&Value::Mapping(body)).unwrap_or_else(|error| {
            self.refuse(pointer, format!("cannot be written as YAML: {error}"));
            String::new()
        });
        let contents = format!(
            "# Draft imported from {} ({pointer}) by `cargo xtask import openapi`.\n# Review it, and rename resources, operations and types as they should read in Rust.\n{yaml}",
            self.source.display()
        );
        SourceFile {
            path,
            contents: contents.into_bytes(),
        }
    }

    fn run(&mut self, options: &ImportOptions) -> Vec<SourceFile> {
        let document = self.document;
        let version = document
            .get("openapi")
            .and_then(Value::as_str)
            .unwrap_or("");
        if !version.starts_with("3.") {
            let message = match document.get("swagger") {
                Some(_) => "a Swagger 2.0 document".to_owned(),
                None => format!("`openapi: {version}` is not an OpenAPI 3 document"),
            };
            self.refuse_hint(
                "#/openapi",
                message,
                "convert it to OpenAPI 3.0 or 3.1 first",
            );
            return Vec::new();
        }
        let mut endpoints = self.endpoints(options);
        self.convert_queued();
        let error_schema = self.error_schema();
        self.convert_queued();
        self.name_bodies(&mut endpoints);
        self.inline_responses(&mut endpoints);
        let api = self.api_file(&endpoints, &error_schema);
        if !self.problems.is_empty() {
            return Vec::new();
        }
        let mut files = vec![self.draft_file(PathBuf::from(API_FILE), "#", api)];
        let mut by_file: BTreeMap<String, Mapping> = BTreeMap::new();
        for (name, schema) in std::mem::take(&mut self.schemas) {
            by_file
                .entry(name.to_snake_case())
                .or_default()
                .insert(Value::from(name), Value::Mapping(schema));
        }
        for (stem, schemas) in by_file {
            let path = Path::new(SCHEMAS_DIR).join(format!("{stem}.yaml"));
            files.push(self.draft_file(path, "#/components/schemas", schemas));
        }
        for endpoint in endpoints {
            let mut path: PathBuf = endpoint.resource.iter().collect();
            path.push(format!("{}.yaml", endpoint.operation));
            files.push(self.draft_file(path, &endpoint.pointer, endpoint.body));
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// Converts the component schemas referred to so far, and those they refer to.
    fn convert_queued(&mut self) {
        while let Some((key, name)) = self.queued.pop() {
            let pointer = format!("#/components/schemas/{}", escape(&key));
            if let Some(schema) = self.component_schema(&key).cloned() {
                self.named_schema(&name, &schema, &pointer, None);
            }
        }
    }

    /// A body drafted from a component schema is named after it, unless that schema is also
    /// used elsewhere or by another body: then it is named after its endpoint.
    fn name_bodies(&mut self, endpoints: &mut [EndpointDraft]) {
        let body_name = |endpoint: &EndpointDraft| {
            endpoint
                .body
                .get("body")?
                .get("name")?
                .as_str()
                .map(str::to_owned)
        };
        let mut uses: BTreeMap<String, usize> = BTreeMap::new();
        for name in endpoints.iter().filter_map(body_name) {
            *uses.entry(name).or_default() += 1;
        }
        for endpoint in endpoints {
            let Some(name) = body_name(endpoint) else {
                continue;
            };
            let shared =
                uses.get(&name).is_some_and(|count| *count > 1) || self.schemas.contains_key(&name);
            let name = if shared {
                format!("{}Request", endpoint.type_prefix)
            } else {
                name
            };
            let pointer = format!("{}/requestBody", endpoint.pointer);
            if self.schemas.contains_key(&name) || (shared && !self.claim_name(&name, &pointer)) {
                let message = format!("the body's type name `{name}` is already a schema's");
                self.refuse_hint(&pointer, message, "give the operation another operationId");
                continue;
            }
            if let Some(body) = endpoint
                .body
                .get_mut("body")
                .and_then(Value::as_mapping_mut)
            {
                insert(body, "name", name);
            }
        }
    }

    /// A response schema that nothing else uses (and without an example) is written inline in
    /// its endpoint, as the spec format's own inline responses are (and as the exporter turned
    /// them into components).
    fn inline_responses(&mut self, endpoints: &mut [EndpointDraft]) {
        let response_ref = |endpoint: &EndpointDraft| {
            endpoint
                .body
                .get("response")?
                .get("ref")?
                .as_str()
                .map(str::to_owned)
        };
        let mut uses: BTreeMap<String, usize> = BTreeMap::new();
        for name in endpoints.iter().filter_map(response_ref) {
            *uses.entry(name).or_default() += 1;
        }
        // Bodies and query parameters of every endpoint.
        let inputs: Vec<Value> = endpoints
            .iter()
            .flat_map(|endpoint| [endpoint.body.get("body"), endpoint.body.get("query_params")])
            .flatten()
            .cloned()
            .collect();
        for endpoint in endpoints.iter_mut() {
            let Some(name) = response_ref(endpoint) else {
                continue;
            };
            let used_elsewhere = uses.get(&name).is_some_and(|count| *count > 1)
                || self
                    .schemas
                    .values()
                    .any(|schema| refers_to_in(schema, &name))
                || inputs.iter().any(|input| refers_to(input, &name));
            // A schema example is something only a schema can have.
            let Some(schema) = self
                .schemas
                .get(&name)
                .filter(|schema| !used_elsewhere && schema.get("example").is_none())
            else {
                continue;
            };
            let mut inline = Mapping::new();
            insert(&mut inline, "name", name.as_str());
            for key in ["description", "fields"] {
                if let Some(value) = schema.get(key) {
                    insert(&mut inline, key, value.clone());
                }
            }
            insert(&mut endpoint.body, "response", inline);
            self.schemas.remove(&name);
        }
    }

    fn endpoints(&mut self, options: &ImportOptions) -> Vec<EndpointDraft> {
        let document = self.document;
        let Some(paths) = document.get("paths").and_then(Value::as_mapping) else {
            self.refuse("#/paths", "the document has no paths");
            return Vec::new();
        };
        let mut endpoints: Vec<EndpointDraft> = Vec::new();
        let mut seen: BTreeMap<(Vec<String>, String), String> = BTreeMap::new();
        for (path, item) in paths {
            let Some(path) = path.as_str() else { continue };
            let selected = options.path_prefixes.is_empty()
                || options
                    .path_prefixes
                    .iter()
                    .any(|prefix| path.starts_with(prefix.as_str()));
            if !selected {
                continue;
            }
            let item_pointer = format!("#/paths/{}", escape(path));
            if item.get("$ref").is_some() {
                self.refuse(
                    &format!("{item_pointer}/$ref"),
                    "a path item `$ref`: only local components are read",
                );
                continue;
            }
            let Some(item) = item.as_mapping() else {
                continue;
            };
            for (method, operation) in item {
                let Some(method) = method.as_str() else {
                    continue;
                };
                let pointer = format!("{item_pointer}/{method}");
                if UNSUPPORTED_METHODS.contains(&method) {
                    self.refuse(
                        &pointer,
                        format!(
                            "the method {} is not in the format (GET, POST, PUT, PATCH, DELETE)",
                            method.to_ascii_uppercase()
                        ),
                    );
                    continue;
                }
                if !METHODS.contains(&method) {
                    continue;
                }
                let path_parameters = item.get("parameters");
                let Some(endpoint) =
                    self.endpoint(path, method, operation, path_parameters, &pointer)
                else {
                    continue;
                };
                let key = (endpoint.resource.clone(), endpoint.operation.clone());
                if let Some(first) = seen.get(&key) {
                    let message = format!(
                        "gives the same file `{}/{}.yaml` as {first}",
                        key.0.join("/"),
                        key.1
                    );
                    self.refuse_hint(
                        &pointer,
                        message,
                        "give the operations distinct operationIds",
                    );
                    continue;
                }
                seen.insert(key, pointer.clone());
                endpoints.push(endpoint);
            }
        }
        if endpoints.is_empty() && self.problems.is_empty() {
            self.refuse("#/paths", "no operation to import (check --paths)");
        }
        endpoints
    }

    fn endpoint(
        &mut self,
        path: &str,
        method: &str,
        operation: &Value,
        path_parameters: Option<&Value>,
        pointer: &str,
    ) -> Option<EndpointDraft> {
        let operation_id = operation.get("operationId").and_then(Value::as_str);
        let (resource, operation_name) = names(path, method, operation_id);
        let type_prefix: String = resource
            .iter()
            .chain([&operation_name])
            .map(|part| part.to_upper_camel_case())
            .collect();
        let mut out = Mapping::new();
        insert(&mut out, "method", method.to_ascii_uppercase());
        insert(&mut out, "path", path);
        let summary = text(operation, "summary")
            .or_else(|| {
                text(operation, "description").and_then(|d| d.lines().next().map(str::to_owned))
            })
            .unwrap_or_else(|| format!("{} {path}", method.to_ascii_uppercase()));
        insert(&mut out, "summary", summary.clone());
        if let Some(description) = text(operation, "description").filter(|d| *d != summary) {
            insert(&mut out, "description", description);
        }
        if let Some(url) = operation
            .get("externalDocs")
            .and_then(|docs| docs.get("url"))
            .and_then(Value::as_str)
        {
            insert(&mut out, "docs_url", url);
        }

        let mut example_complete = true;
        let mut body_example = None;
        let parameters = self.parameters(path_parameters, operation.get("parameters"), pointer);
        let mut path_params = Mapping::new();
        let mut query_params = Mapping::new();
        let mut headers = Mapping::new();
        let mut example_path = Mapping::new();
        let mut example_query = Mapping::new();
        let mut example_headers = Mapping::new();
        for (parameter, parameter_pointer) in parameters {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                self.refuse(&parameter_pointer, "a parameter without a name");
                continue;
            };
            let location = parameter.get("in").and_then(Value::as_str).unwrap_or("");
            let required = parameter
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let description =
                text(&parameter, "description").unwrap_or_else(|| UNDESCRIBED.to_owned());
            if parameter.get("content").is_some() {
                self.refuse(
                    &format!("{parameter_pointer}/content"),
                    "a parameter with `content`: the format sends parameters as plain values",
                );
                continue;
            }
            let schema = parameter.get("schema").cloned().unwrap_or(Value::Null);
            let schema_pointer = format!("{parameter_pointer}/schema");
            let value_example = parameter
                .get("example")
                .cloned()
                .or_else(|| schema.get("example").cloned());
            match location {
                "path" => {
                    let kind = self.parameter_type(&schema);
                    if !matches!(kind.as_deref(), None | Some("string" | "integer")) {
                        self.refuse(&schema_pointer, "a path parameter that is not a string or an integer: the format's path parameters are strings");
                        continue;
                    }
                    let mut field = Mapping::new();
                    insert(&mut field, "type", "string");
                    insert(&mut field, "description", description);
                    path_params.insert(Value::from(name), Value::Mapping(field));
                    match value_example.and_then(|value| scalar_text(&value)) {
                        Some(value) => {
                            example_path.insert(Value::from(name), Value::from(value));
                        }
                        None => example_complete = false,
                    }
                }
                "query" => {
                    let hint = format!("{type_prefix}{}", name.to_upper_camel_case());
                    let Some((mut field, _)) = self.type_keys(&schema, &schema_pointer, &hint, 0)
                    else {
                        continue;
                    };
                    let scalar = field.get("ref").is_some()
                        || matches!(
                            field.get("type").and_then(Value::as_str),
                            Some("string" | "boolean" | "int32" | "int64" | "number")
                        );
                    if !scalar {
                        self.refuse_hint(&schema_pointer, "a query parameter that is not a single value: the format sends strings, numbers, booleans and enums", "send it in a body, or write it by hand");
                        continue;
                    }
                    if !required {
                        insert(&mut field, "optional", true);
                    }
                    copy_rust_name(&parameter, &mut field);
                    insert(&mut field, "description", description);
                    query_params.insert(Value::from(name), Value::Mapping(field));
                    if let Some(value) = value_example.filter(|value| !value.is_null()) {
                        example_query.insert(Value::from(name), value);
                    } else if required {
                        example_complete = false;
                    }
                }
                "header" => {
                    // OpenAPI ignores these three as parameters; they are the client's to set.
                    if ["accept", "content-type", "authorization"]
                        .contains(&name.to_ascii_lowercase().as_str())
                    {
                        continue;
                    }
                    let kind = self.parameter_type(&schema);
                    if !matches!(kind.as_deref(), None | Some("string")) {
                        self.refuse(&schema_pointer, "a header parameter that is not a string: the format's headers are strings");
                        continue;
                    }
                    let key = parameter
                        .get(X_RUST_NAME)
                        .and_then(Value::as_str)
                        .map_or_else(|| name.to_snake_case(), str::to_owned);
                    let mut header = Mapping::new();
                    insert(&mut header, "header", name);
                    if !required {
                        insert(&mut header, "optional", true);
                    }
                    insert(&mut header, "description", description);
                    headers.insert(Value::from(key.as_str()), Value::Mapping(header));
                    match value_example.and_then(|value| scalar_text(&value)) {
                        Some(value) => {
                            example_headers.insert(Value::from(key), Value::from(value));
                        }
                        None if required => example_complete = false,
                        None => {}
                    }
                }
                "cookie" => self.refuse_hint(
                    &parameter_pointer,
                    "a cookie parameter: the format sends no cookies",
                    "leave the parameter out, or send it as a header by hand",
                ),
                other => self.refuse(&parameter_pointer, format!("a parameter `in: {other}`")),
            }
        }
        for (key, params) in [
            ("path_params", path_params),
            ("query_params", query_params),
            ("headers", headers),
        ] {
            if !params.is_empty() {
                insert(&mut out, key, params);
            }
        }
        if let Some(key) = self.authorization(operation, pointer) {
            insert(&mut out, "authorization", key);
        }
        if let Some(idempotent) = operation.get(X_IDEMPOTENT).and_then(Value::as_bool) {
            insert(&mut out, "idempotent", idempotent);
        }
        if let Some(request_body) = operation.get("requestBody") {
            let body_pointer = format!("{pointer}/requestBody");
            match self.request_body(
                request_body,
                &body_pointer,
                &format!("{type_prefix}Request"),
            ) {
                Some((body, example)) => {
                    insert(&mut out, "body", body);
                    example_complete &= example.is_some();
                    body_example = example;
                }
                None => example_complete = false,
            }
        }
        let (response, response_example) =
            self.responses(operation, pointer, &format!("{type_prefix}Response"))?;
        insert(&mut out, "response", response);
        if let Some(pagination) = operation
            .get(X_PAGINATION)
            .filter(|value| value.is_mapping())
        {
            insert(&mut out, "pagination", pagination.clone());
        }
        // An example is only drafted when the document gives every value it needs.
        if let (Some(response), true) = (response_example, example_complete) {
            let mut example = Mapping::new();
            for (key, values) in [
                ("path_params", example_path),
                ("query_params", example_query),
                ("headers", example_headers),
            ] {
                if !values.is_empty() {
                    insert(&mut example, key, values);
                }
            }
            if let Some(authorization) = operation
                .get(X_EXAMPLE_AUTHORIZATION)
                .filter(|value| value.is_mapping())
            {
                insert(&mut example, "authorization", authorization.clone());
            }
            if let Some(body) = body_example {
                insert(&mut example, "body", body);
            }
            insert(&mut example, "response", response);
            insert(&mut out, "example", example);
        }
        let tags = operation
            .get("tags")
            .and_then(Value::as_sequence)
            .map(|tags| {
                tags.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Some(EndpointDraft {
            resource,
            operation: operation_name,
            type_prefix,
            pointer: pointer.to_owned(),
            tags,
            body: out,
        })
    }

    /// The operation's parameters with those of its path item it does not override, resolved.
    fn parameters(
        &mut self,
        path_level: Option<&Value>,
        operation_level: Option<&Value>,
        pointer: &str,
    ) -> Vec<(Value, String)> {
        let item_pointer = pointer.rsplit_once('/').map_or(pointer, |(item, _)| item);
        let mut resolved: Vec<(Value, String)> = Vec::new();
        for (list, list_pointer) in [
            (operation_level, format!("{pointer}/parameters")),
            (path_level, format!("{item_pointer}/parameters")),
        ] {
            let Some(list) = list.and_then(Value::as_sequence) else {
                continue;
            };
            for (index, parameter) in list.iter().enumerate() {
                let parameter_pointer = format!("{list_pointer}/{index}");
                let Some(parameter) = self.resolve(parameter, "parameters", &parameter_pointer)
                else {
                    continue;
                };
                let identity = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
                if resolved
                    .iter()
                    .any(|(other, _)| identity(other) == identity(&parameter))
                {
                    continue;
                }
                resolved.push((parameter, parameter_pointer));
            }
        }
        // Path-level parameters came last; keep the document's order of operation parameters first.
        resolved
    }

    /// A `$ref` to `#/components/<section>/…` followed, or the value itself.
    fn resolve(&mut self, value: &Value, section: &str, pointer: &str) -> Option<Value> {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Some(value.clone());
        };
        let prefix = format!("#/components/{section}/");
        let target = reference.strip_prefix(prefix.as_str()).and_then(|key| {
            self.document
                .get("components")?
                .get(section)?
                .get(unescape(key).as_str())
        });
        match target {
            Some(target) if target.get("$ref").is_none() => Some(target.clone()),
            _ => {
                self.refuse(
                    &format!("{pointer}/$ref"),
                    format!("`{reference}` does not point to an entry of `#/components/{section}`"),
                );
                None
            }
        }
    }

    /// The type of a parameter's schema, through one `$ref` to a component schema.
    fn parameter_type(&self, schema: &Value) -> Option<String> {
        let target = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix(SCHEMA_REF_PREFIX)
                .and_then(|key| self.component_schema(&unescape(key)))?,
            None => schema,
        };
        schema_type(target)
    }

    fn authorization(&mut self, operation: &Value, pointer: &str) -> Option<String> {
        let document = self.document;
        let requirements = operation
            .get("security")
            .or_else(|| document.get("security"))?;
        let requirements = requirements.as_sequence()?;
        let schemes = document
            .get("components")
            .and_then(|c| c.get("securitySchemes"));
        let mut groups = BTreeSet::new();
        for requirement in requirements {
            let Some(requirement) = requirement.as_mapping() else {
                continue;
            };
            for name in requirement.keys().filter_map(Value::as_str) {
                let scheme_pointer = format!("#/components/securitySchemes/{}", escape(name));
                let Some(scheme) = schemes.and_then(|schemes| schemes.get(name)) else {
                    self.refuse(
                        &format!("{pointer}/security"),
                        format!("no security scheme named `{name}`"),
                    );
                    continue;
                };
                let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
                let location = scheme.get("in").and_then(Value::as_str).unwrap_or("");
                if is_basic(scheme) {
                    continue;
                }
                if kind != "apiKey" || location != "header" {
                    let what = match kind {
                        "http" => {
                            let scheme_name = scheme.get("scheme").and_then(Value::as_str);
                            format!("an HTTP `{}` scheme", scheme_name.unwrap_or("?"))
                        }
                        "apiKey" => format!("an API key in the {location}"),
                        other => format!("a `{other}` scheme"),
                    };
                    self.refuse_hint(
                        &scheme_pointer,
                        format!("{what}: the format authenticates with HTTP Basic, plus optional header credentials"),
                        "only `type: http, scheme: basic` and `type: apiKey, in: header` can be imported",
                    );
                    continue;
                }
                let variant = variant_of(name, scheme);
                groups.insert(variant.authorization.clone());
                self.security_groups.insert(name.to_owned(), variant);
            }
        }
        if groups.len() > 1 {
            let names: Vec<String> = groups.iter().map(|group| format!("`{group}`")).collect();
            self.refuse(
                &format!("{pointer}/security"),
                format!(
                    "credentials of several authorizations ({}): an endpoint takes at most one",
                    names.join(", ")
                ),
            );
            return None;
        }
        groups.into_iter().next()
    }

    fn request_body(
        &mut self,
        request_body: &Value,
        pointer: &str,
        name_hint: &str,
    ) -> Option<(Mapping, Option<Value>)> {
        let request_body = self.resolve(request_body, "requestBodies", pointer)?;
        let (media, media_pointer) = self.json_media(&request_body, pointer, "request body")?;
        let schema = media.get("schema").cloned().unwrap_or(Value::Null);
        let schema_pointer = format!("{media_pointer}/schema");
        let (name, object, object_pointer) = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let key = reference.strip_prefix(SCHEMA_REF_PREFIX).map(unescape);
                let target = key.as_deref().and_then(|key| self.component_schema(key));
                match (key, target) {
                    (Some(key), Some(target)) => (
                        schema_name(&key),
                        target.clone(),
                        format!("#/components/schemas/{}", escape(&key)),
                    ),
                    _ => {
                        self.refuse(
                            &format!("{schema_pointer}/$ref"),
                            format!("`{reference}` does not point to a component schema"),
                        );
                        return None;
                    }
                }
            }
            None => (name_hint.to_owned(), schema.clone(), schema_pointer.clone()),
        };
        if !is_struct(&object) {
            if has_composition(&object) {
                // The conversion says precisely what is wrong with it.
                self.type_keys(&object, &object_pointer, &name, 0)?;
            }
            self.refuse_hint(
                &schema_pointer,
                "a request body that is not a JSON object with properties",
                "the format's bodies are objects whose fields become arguments and setters",
            );
            return None;
        }
        let description = text(&request_body, "description")
            .or_else(|| text(&object, "description"))
            .unwrap_or_else(|| UNDESCRIBED.to_owned());
        let fields = self.fields(&object, &object_pointer, &name)?;
        let mut body = Mapping::new();
        insert(&mut body, "name", name);
        insert(&mut body, "description", description);
        insert(&mut body, "fields", fields);
        let example = media_example(&media).map(|value| self.without_nulls(&value, &schema, 0));
        Some((body, example))
    }

    /// The `application/json` entry of `content`, refusing a body of another media type.
    fn json_media(&mut self, holder: &Value, pointer: &str, what: &str) -> Option<(Value, String)> {
        let content = holder.get("content").and_then(Value::as_mapping)?;
        let json = content.iter().find_map(|(media_type, media)| {
            let media_type = media_type.as_str()?;
            let essence = media_type.split(';').next().unwrap_or("").trim();
            (essence == "application/json" || essence.ends_with("+json"))
                .then_some((media_type, media))
        });
        match json {
            Some((media_type, media)) => Some((
                media.clone(),
                format!("{pointer}/content/{}", escape(media_type)),
            )),
            None => {
                let types: Vec<&str> = content.keys().filter_map(Value::as_str).collect();
                self.refuse_hint(
                    &format!("{pointer}/content"),
                    format!("a {what} that is not JSON ({})", types.join(", ")),
                    "the format's bodies and responses are JSON objects",
                );
                None
            }
        }
    }

    fn responses(
        &mut self,
        operation: &Value,
        pointer: &str,
        name_hint: &str,
    ) -> Option<(Mapping, Option<Value>)> {
        let responses_pointer = format!("{pointer}/responses");
        let Some(responses) = operation.get("responses").and_then(Value::as_mapping) else {
            self.refuse(&responses_pointer, "an operation without responses");
            return None;
        };
        let mut success: Option<(String, &Value)> = None;
        for (status, response) in responses {
            let status = match status {
                Value::Number(number) => number.to_string(),
                other => other.as_str().unwrap_or("").to_owned(),
            };
            if status.starts_with('2') {
                if success.as_ref().is_none_or(|(best, _)| status < *best) {
                    success = Some((status, response));
                }
            } else if status == "default" || status.starts_with('4') || status.starts_with('5') {
                let error_pointer = format!("{responses_pointer}/{}", escape(&status));
                let schema = self
                    .resolve(response, "responses", &error_pointer)
                    .and_then(|response| {
                        response
                            .get("content")?
                            .as_mapping()?
                            .values()
                            .next()?
                            .get("schema")?
                            .get("$ref")?
                            .as_str()
                            .map(str::to_owned)
                    });
                if let Some(name) = schema
                    .and_then(|reference| reference.strip_prefix(SCHEMA_REF_PREFIX).map(unescape))
                {
                    *self.error_votes.entry(name).or_default() += 1;
                }
            }
        }
        let Some((status, response)) = success else {
            self.refuse(
                &responses_pointer,
                "no 2xx response: the format needs the JSON of a successful answer",
            );
            return None;
        };
        let response_pointer = format!("{responses_pointer}/{}", escape(&status));
        let response = self.resolve(response, "responses", &response_pointer)?;
        if response.get("content").is_none() {
            self.refuse_hint(
                &response_pointer,
                format!("a {status} response without a body"),
                "the format's responses are JSON objects",
            );
            return None;
        }
        let (media, media_pointer) = self.json_media(&response, &response_pointer, "response")?;
        let schema = media.get("schema").cloned().unwrap_or(Value::Null);
        let schema_pointer = format!("{media_pointer}/schema");
        let mut out = Mapping::new();
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = reference
                    .strip_prefix(SCHEMA_REF_PREFIX)
                    .and_then(|key| self.component_schema(&unescape(key)));
                if target.is_none() {
                    // The conversion names what is wrong with the reference.
                    self.type_keys(&schema, &schema_pointer, name_hint, 0);
                    return None;
                }
                if !target.is_some_and(is_struct) {
                    self.refuse(
                        &schema_pointer,
                        "a response that is not a JSON object with properties",
                    );
                    return None;
                }
                out = self.type_keys(&schema, &schema_pointer, name_hint, 0)?.0;
            }
            None if is_struct(&schema) => {
                let fields = self.fields(&schema, &schema_pointer, name_hint)?;
                let description = text(&response, "description")
                    .or_else(|| text(&schema, "description"))
                    .unwrap_or_else(|| UNDESCRIBED.to_owned());
                insert(&mut out, "name", name_hint);
                insert(&mut out, "description", description);
                insert(&mut out, "fields", fields);
            }
            None => {
                self.refuse(
                    &schema_pointer,
                    "a response that is not a JSON object with properties",
                );
                return None;
            }
        }
        let example = media_example(&media).map(|value| self.without_nulls(&value, &schema, 0));
        Some((out, example))
    }

    fn component_schema(&self, key: &str) -> Option<&Value> {
        self.document.get("components")?.get("schemas")?.get(key)
    }

    /// The format's type keys (`type`/`ref`, `items`) for a schema, and whether it may be null.
    /// Objects, enums and unions become named schemas (`name_hint` names an inline one).
    fn type_keys(
        &mut self,
        schema: &Value,
        pointer: &str,
        name_hint: &str,
        depth: usize,
    ) -> Option<(Mapping, bool)> {
        if depth > MAX_DEPTH {
            self.refuse(pointer, "schemas nested too deeply (a cycle of aliases?)");
            return None;
        }
        let mut keys = Mapping::new();
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let Some(key) = reference.strip_prefix(SCHEMA_REF_PREFIX).map(unescape) else {
                self.refuse(
                    &format!("{pointer}/$ref"),
                    format!("`{reference}`: only `#/components/schemas/…` references are read"),
                );
                return None;
            };
            let Some(target) = self.component_schema(&key).cloned() else {
                self.refuse(
                    &format!("{pointer}/$ref"),
                    format!("no component schema `{key}`"),
                );
                return None;
            };
            if is_named_kind(&target) {
                let name = schema_name(&key);
                let target_pointer = format!("#/components/schemas/{}", escape(&key));
                if self.claim_name(&name, &target_pointer) {
                    self.queued.push((key, name.clone()));
                }
                insert(&mut keys, "ref", name);
                return Some((keys, is_nullable(&target)));
            }
            // An alias (an array, a string, …): the format has none, so its type is used inline.
            let target_pointer = format!("#/components/schemas/{}", escape(&key));
            return self.type_keys(&target, &target_pointer, &schema_name(&key), depth + 1);
        }
        let nullable = is_nullable(schema);
        for composition in ["allOf", "anyOf", "oneOf"] {
            let Some(parts) = schema.get(composition).and_then(Value::as_sequence) else {
                continue;
            };
            let non_null: Vec<(usize, &Value)> = parts
                .iter()
                .enumerate()
                .filter(|(_, part)| !is_null_type(part))
                .collect();
            if let [(index, only)] = non_null.as_slice() {
                let (keys, inner_nullable) = self.type_keys(
                    only,
                    &format!("{pointer}/{composition}/{index}"),
                    name_hint,
                    depth + 1,
                )?;
                return Some((
                    keys,
                    nullable || inner_nullable || non_null.len() < parts.len(),
                ));
            }
            if composition == "allOf" {
                self.refuse_hint(
                    &format!("{pointer}/allOf"),
                    "an allOf of several schemas: the format has no inheritance",
                    "merge the schemas into one object",
                );
                return None;
            }
            // A union: only the adjacently tagged shape can be expressed; it becomes a schema.
            if self.claim_name(name_hint, pointer) {
                self.named_schema(name_hint, schema, pointer, None);
            }
            insert(&mut keys, "ref", name_hint);
            return Some((keys, nullable));
        }
        let kind = schema_type(schema);
        match kind.as_deref() {
            Some("string")
                if schema.get("enum").is_some()
                    || schema.get(X_EXTENSIBLE_ENUM).is_some()
                    || schema.get("const").is_some() =>
            {
                if self.claim_name(name_hint, pointer) {
                    self.named_schema(name_hint, schema, pointer, None);
                }
                insert(&mut keys, "ref", name_hint);
            }
            Some("string") => insert(&mut keys, "type", "string"),
            Some("boolean") => insert(&mut keys, "type", "boolean"),
            Some("integer") if schema.get("enum").is_some() => {
                self.refuse(
                    pointer,
                    "an enum of integers: the format's enums are strings",
                );
                return None;
            }
            Some("integer") => {
                let format = schema.get("format").and_then(Value::as_str);
                insert(
                    &mut keys,
                    "type",
                    if format == Some("int32") {
                        "int32"
                    } else {
                        "int64"
                    },
                );
            }
            Some("number") => insert(&mut keys, "type", "number"),
            Some("array") => {
                let items = schema.get("items").cloned().unwrap_or(Value::Null);
                if items.is_null() {
                    self.refuse(pointer, "an array without `items`");
                    return None;
                }
                let (item_keys, item_nullable) = self.type_keys(
                    &items,
                    &format!("{pointer}/items"),
                    &format!("{name_hint}Item"),
                    depth + 1,
                )?;
                if item_nullable {
                    self.refuse(
                        &format!("{pointer}/items"),
                        "array items that may be null: the format has no optional items",
                    );
                    return None;
                }
                insert(&mut keys, "type", "array");
                insert(&mut keys, "items", item_keys);
            }
            Some("object") | None if schema.get("properties").is_some() => {
                if self.claim_name(name_hint, pointer) {
                    self.named_schema(name_hint, schema, pointer, None);
                }
                insert(&mut keys, "ref", name_hint);
            }
            Some("object") => {
                match schema.get("additionalProperties") {
                    Some(Value::Mapping(values)) if !values.is_empty() => {
                        let values = Value::Mapping(values.clone());
                        let (value_keys, value_nullable) = self.type_keys(
                            &values,
                            &format!("{pointer}/additionalProperties"),
                            &format!("{name_hint}Value"),
                            depth + 1,
                        )?;
                        if value_nullable {
                            self.refuse(&format!("{pointer}/additionalProperties"), "map values that may be null: the format has no optional map values");
                            return None;
                        }
                        insert(&mut keys, "type", "map");
                        insert(&mut keys, "items", value_keys);
                    }
                    Some(Value::Bool(false)) => {
                        if self.claim_name(name_hint, pointer) {
                            self.named_schema(name_hint, schema, pointer, None);
                        }
                        insert(&mut keys, "ref", name_hint);
                    }
                    _ => insert(&mut keys, "type", "json_object"),
                }
            }
            Some(other) => {
                self.refuse(pointer, format!("a schema of type `{other}`"));
                return None;
            }
            None => {
                self.refuse_hint(
                    pointer,
                    "a schema without a type (any JSON value): the format's values have one type",
                    "give it a `type`; `type: object` for free-form JSON objects",
                );
                return None;
            }
        }
        Some((keys, nullable))
    }

    /// Records that `name` is made from the schema at `pointer`; false (after a refusal, unless
    /// it is the same schema again) when the name is taken.
    fn claim_name(&mut self, name: &str, pointer: &str) -> bool {
        match self.named_at.get(name) {
            None => {
                self.named_at.insert(name.to_owned(), pointer.to_owned());
                true
            }
            Some(first) if first == pointer => false,
            Some(first) => {
                let message = format!(
                    "the schema name `{name}` made for this schema is already the name of {first}"
                );
                self.refuse_hint(
                    pointer,
                    message,
                    "give one of them a component name of its own",
                );
                false
            }
        }
    }

    /// Converts a struct, open enum or tagged union into the format's schema `name`.
    fn named_schema(
        &mut self,
        name: &str,
        schema: &Value,
        pointer: &str,
        description: Option<String>,
    ) {
        let description = description
            .or_else(|| text(schema, "description"))
            .unwrap_or_else(|| UNDESCRIBED.to_owned());
        let mut out = Mapping::new();
        if let Some(parts) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_sequence)
        {
            let composition = if schema.get("oneOf").is_some() {
                "oneOf"
            } else {
                "anyOf"
            };
            if schema.get("discriminator").is_some() {
                self.refuse_hint(
                    &format!("{pointer}/discriminator"),
                    "a union told apart by a discriminator inside each variant's object: the format's unions keep the value under a content key next to the tag",
                    "reshape it as `{tag: value, content: …}` objects, or write the type by hand",
                );
                return;
            }
            let Some(tagged) = self.tagged(name, parts, &format!("{pointer}/{composition}")) else {
                return;
            };
            insert(&mut out, "description", description);
            insert(&mut out, "tagged", tagged);
        } else if schema_type(schema).as_deref() == Some("string") {
            let values = enum_values(schema);
            let descriptions = schema.get(X_ENUM_DESCRIPTIONS).and_then(Value::as_sequence);
            let mut listed = Mapping::new();
            let mut pairs = Vec::new();
            for (index, value) in values.iter().enumerate() {
                let value_description = descriptions
                    .and_then(|list| list.get(index))
                    .and_then(Value::as_str)
                    .unwrap_or(UNDESCRIBED);
                listed.insert(Value::from(value.as_str()), Value::from(value_description));
                pairs.push((value.as_str(), value_description));
            }
            let paragraph = known_values_paragraph(pairs.into_iter());
            let description = description
                .strip_suffix(&paragraph)
                .map_or(description.clone(), str::to_owned);
            insert(&mut out, "description", description);
            insert(&mut out, "values", listed);
        } else {
            let Some(fields) = self.fields(schema, pointer, name) else {
                return;
            };
            insert(&mut out, "description", description);
            insert(&mut out, "fields", fields);
            if let Some(example) = schema
                .get("example")
                .or_else(|| schema.get("examples").and_then(|e| e.get(0)))
            {
                if example.is_mapping() {
                    insert(&mut out, "example", self.without_nulls(example, schema, 0));
                }
            }
        }
        self.schemas.insert(name.to_owned(), out);
    }

    /// The `fields` of an object schema.
    fn fields(&mut self, schema: &Value, pointer: &str, type_name: &str) -> Option<Mapping> {
        if matches!(schema.get("additionalProperties"), Some(Value::Mapping(values)) if !values.is_empty())
        {
            self.refuse_hint(
                &format!("{pointer}/additionalProperties"),
                "an object with both properties and typed additional properties",
                "the format has structs or maps, not both",
            );
            return None;
        }
        let required: BTreeSet<&str> = schema
            .get("required")
            .and_then(Value::as_sequence)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Mapping::new();
        let mut complete = true;
        if let Some(properties) = schema.get("properties").and_then(Value::as_mapping) {
            for (wire_name, property) in properties {
                let Some(wire_name) = wire_name.as_str() else {
                    continue;
                };
                let property_pointer = format!("{pointer}/properties/{}", escape(wire_name));
                let hint = format!("{type_name}{}", wire_name.to_upper_camel_case());
                let Some((mut field, nullable)) =
                    self.type_keys(property, &property_pointer, &hint, 0)
                else {
                    complete = false;
                    continue;
                };
                let is_required = required.contains(wire_name);
                if !is_required || nullable {
                    insert(&mut field, "optional", true);
                }
                if !is_required && nullable {
                    insert(&mut field, "nullable", true);
                }
                copy_rust_name(property, &mut field);
                // A bare `$ref` has no description of its own (3.0 ignores its siblings): the
                // referenced schema's says what the value is.
                let description = text(property, "description")
                    .or_else(|| text(property, "title"))
                    .or_else(|| {
                        let key = property
                            .get("$ref")?
                            .as_str()?
                            .strip_prefix(SCHEMA_REF_PREFIX)?;
                        text(self.component_schema(&unescape(key))?, "description")
                    })
                    .unwrap_or_else(|| UNDESCRIBED.to_owned());
                insert(&mut field, "description", description);
                fields.insert(Value::from(wire_name), Value::Mapping(field));
            }
        }
        complete.then_some(fields)
    }

    /// The example `value` of `schema` with its `null` members left out, as the format's examples
    /// leave out what is absent; inside free-form JSON objects, where `null` is a value, they stay.
    fn without_nulls(&self, value: &Value, schema: &Value, depth: usize) -> Value {
        let mut schema = schema;
        for _ in 0..MAX_DEPTH {
            let single = ["allOf", "anyOf", "oneOf"].iter().find_map(|composition| {
                let parts = schema.get(*composition)?.as_sequence()?;
                let mut non_null = parts.iter().filter(|part| !is_null_type(part));
                let only = non_null.next()?;
                non_null.next().is_none().then_some(only)
            });
            let referenced = schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix(SCHEMA_REF_PREFIX))
                .and_then(|key| self.component_schema(&unescape(key)));
            match referenced.or(single) {
                Some(inner) => schema = inner,
                None => break,
            }
        }
        let free_form = schema_type(schema).as_deref() == Some("object")
            && schema.get("properties").is_none()
            && !matches!(schema.get("additionalProperties"), Some(Value::Mapping(values)) if !values.is_empty());
        if free_form || depth > MAX_DEPTH {
            return value.clone();
        }
        match value {
            Value::Mapping(members) => {
                let properties = schema.get("properties");
                let values = schema.get("additionalProperties");
                members
                    .iter()
                    .filter(|(_, member)| !member.is_null())
                    .map(|(key, member)| {
                        let member_schema = properties
                            .and_then(|properties| properties.get(key))
                            .or(values)
                            .unwrap_or(&Value::Null);
                        (
                            key.clone(),
                            self.without_nulls(member, member_schema, depth + 1),
                        )
                    })
                    .collect::<Mapping>()
                    .into()
            }
            Value::Sequence(items) => {
                let item_schema = schema.get("items").unwrap_or(&Value::Null);
                items
                    .iter()
                    .map(|item| self.without_nulls(item, item_schema, depth + 1))
                    .collect::<Vec<_>>()
                    .into()
            }
            other => other.clone(),
        }
    }

    /// `tagged` keys for a `oneOf` of objects `{<tag>: <one value>, <content>: <value>}`.
    fn tagged(&mut self, name: &str, parts: &[Value], pointer: &str) -> Option<Mapping> {
        let mut tag_name: Option<String> = None;
        let mut content_name: Option<String> = None;
        let mut variants = Mapping::new();
        let refuse = |importer: &mut Self| {
            importer.refuse_hint(
                pointer,
                "a oneOf/anyOf that is not adjacently tagged: the format's unions are objects of a tag (one string value per variant) and a content property",
                "reshape it as `{tag: value, content: …}` objects, or write the type by hand",
            );
        };
        for (index, part) in parts.iter().enumerate() {
            let part_pointer = format!("{pointer}/{index}");
            let part = self.resolve(part, "schemas", &part_pointer)?;
            let Some(properties) = part.get("properties").and_then(Value::as_mapping) else {
                refuse(self);
                return None;
            };
            let mut tag = None;
            let mut content = None;
            for (key, property) in properties {
                let key = key.as_str().unwrap_or_default();
                let values = enum_values(property);
                match values.as_slice() {
                    [value] if tag_name.as_deref().is_none_or(|t| t == key) && tag.is_none() => {
                        tag = Some((key.to_owned(), value.clone()));
                    }
                    _ => content = Some((key.to_owned(), property.clone())),
                }
            }
            let (Some((tag_key, tag_value)), Some((content_key, content_schema)), 2) =
                (tag, content, properties.len())
            else {
                refuse(self);
                return None;
            };
            if tag_name.get_or_insert(tag_key.clone()) != &tag_key
                || content_name.get_or_insert(content_key.clone()) != &content_key
            {
                refuse(self);
                return None;
            }
            let content_pointer = format!("{part_pointer}/properties/{}", escape(&content_key));
            let hint = format!("{name}{}", tag_value.to_upper_camel_case());
            let (mut variant, _) = self.type_keys(&content_schema, &content_pointer, &hint, 0)?;
            let description = text(&part, "description")
                .or_else(|| text(&content_schema, "description"))
                .unwrap_or_else(|| UNDESCRIBED.to_owned());
            insert(&mut variant, "description", description);
            variants.insert(Value::from(tag_value), Value::Mapping(variant));
        }
        let (Some(tag), Some(content)) = (tag_name, content_name) else {
            refuse(self);
            return None;
        };
        let mut tagged = Mapping::new();
        insert(&mut tagged, "tag", tag);
        insert(&mut tagged, "content", content);
        insert(&mut tagged, "variants", variants);
        Some(tagged)
    }

    /// The error schema: the one most error responses name, made to carry the fields the
    /// client's error type reads; a new one when none is named.
    fn error_schema(&mut self) -> String {
        let voted = self
            .error_votes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(key, _)| key.clone());
        let name = match voted {
            Some(key) => {
                let name = schema_name(&key);
                let pointer = format!("#/components/schemas/{}", escape(&key));
                if let Some(schema) = self.component_schema(&key).cloned() {
                    if self.claim_name(&name, &pointer) {
                        self.named_schema(&name, &schema, &pointer, None);
                    }
                }
                name
            }
            None => {
                let name = DEFAULT_ERROR_SCHEMA.to_owned();
                if self.claim_name(&name, "#/paths") {
                    let mut schema = Mapping::new();
                    insert(
                        &mut schema,
                        "description",
                        "The body of an error response (the document declares none).",
                    );
                    insert(&mut schema, "fields", Mapping::new());
                    self.schemas.insert(name.clone(), schema);
                }
                name
            }
        };
        let Some(fields) = self
            .schemas
            .get_mut(&name)
            .and_then(|schema| schema.get_mut("fields"))
            .and_then(Value::as_mapping_mut)
        else {
            if self.problems.is_empty() {
                self.refuse(
                    "#/components/schemas",
                    format!("the error schema `{name}` is not an object with properties"),
                );
            }
            return name;
        };
        let mut wrong = Vec::new();
        for field_name in ERROR_FIELDS {
            match fields.get_mut(*field_name).and_then(Value::as_mapping_mut) {
                Some(field) if field.get("type").and_then(Value::as_str) == Some("string") => {
                    // The client reads these when present; a required one would fail to decode
                    // the errors that lack it.
                    field.insert(Value::from("optional"), Value::from(true));
                }
                Some(_) => wrong.push(*field_name),
                None => {
                    let mut field = Mapping::new();
                    insert(&mut field, "type", "string");
                    insert(&mut field, "optional", true);
                    insert(
                        &mut field,
                        "description",
                        "Added by the importer: the client's error type reads it.",
                    );
                    fields.insert(Value::from(*field_name), Value::Mapping(field));
                }
            }
        }
        for field_name in wrong {
            self.refuse(&format!("#/components/schemas/{name}/properties/{field_name}"), format!("`{field_name}` of the error schema is not a string: the client's error type reads it as one"));
        }
        name
    }

    fn api_file(&mut self, endpoints: &[EndpointDraft], error_schema: &str) -> Mapping {
        let document = self.document;
        let info = document.get("info").cloned().unwrap_or(Value::Null);
        let mut api = Mapping::new();
        insert(&mut api, "format_version", 1);
        let title = text(&info, "title").unwrap_or_else(|| {
            self.refuse("#/info/title", "the document has no title");
            String::new()
        });
        insert(&mut api, "name", title.clone());
        if let Some(crate_name) = info.get(X_CRATE_NAME).and_then(Value::as_str) {
            insert(&mut api, "crate_name", crate_name);
        }
        insert(
            &mut api,
            "description",
            text(&info, "description").unwrap_or(title),
        );
        if let Some(url) = document
            .get("externalDocs")
            .and_then(|docs| docs.get("url"))
            .and_then(Value::as_str)
        {
            insert(&mut api, "docs_url", url);
        }
        let servers: Vec<String> = document
            .get("servers")
            .and_then(Value::as_sequence)
            .map(|servers| servers.iter().filter_map(server_url).collect())
            .unwrap_or_default();
        let (test, live) = match servers.as_slice() {
            [] => {
                self.refuse_hint(
                    "#/servers",
                    "the document has no server URL",
                    "the format needs the base URL of the API",
                );
                (String::new(), String::new())
            }
            [only] => (only.clone(), only.clone()),
            [test, live, ..] => (test.clone(), live.clone()),
        };
        let mut base_urls = Mapping::new();
        insert(&mut base_urls, "test", test);
        insert(&mut base_urls, "live", live);
        insert(&mut api, "base_urls", base_urls);
        let prefix = info
            .get(X_LIVE_PREFIX)
            .and_then(Value::as_str)
            .unwrap_or("live-");
        insert(&mut api, "live_project_id_prefix", prefix);

        let schemes = document
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
            .and_then(Value::as_mapping);
        let basic = schemes.and_then(|schemes| schemes.values().find(|scheme| is_basic(scheme)));
        let Some(basic) = basic else {
            self.refuse_hint(
                "#/components/securitySchemes",
                "no HTTP basic security scheme: the format's clients authenticate with HTTP Basic",
                "declare `type: http, scheme: basic`",
            );
            return api;
        };
        let mut auth = Mapping::new();
        insert(&mut auth, "scheme", "basic");
        insert(
            &mut auth,
            "username",
            basic
                .get(X_USERNAME)
                .and_then(Value::as_str)
                .unwrap_or("username"),
        );
        insert(
            &mut auth,
            "password",
            basic
                .get(X_PASSWORD)
                .and_then(Value::as_str)
                .unwrap_or("password"),
        );
        insert(&mut api, "auth", auth);

        let mut authorizations = Mapping::new();
        // In the order the document declares the schemes.
        let used = schemes
            .into_iter()
            .flatten()
            .filter_map(|(name, _)| self.security_groups.get(name.as_str()?));
        for variant in used {
            let group = authorizations
                .entry(Value::from(variant.authorization.as_str()))
                .or_insert_with(|| {
                    let mut group = Mapping::new();
                    insert(
                        &mut group,
                        "description",
                        variant.authorization_description.as_str(),
                    );
                    insert(&mut group, "variants", Mapping::new());
                    Value::Mapping(group)
                });
            let mut entry = Mapping::new();
            insert(&mut entry, "header", variant.header.as_str());
            insert(&mut entry, "description", variant.description.as_str());
            if let Some(variants) = group.get_mut("variants").and_then(Value::as_mapping_mut) {
                variants.insert(Value::from(variant.key.as_str()), Value::Mapping(entry));
            }
        }
        if !authorizations.is_empty() {
            insert(&mut api, "authorizations", authorizations);
        }
        let mut error = Mapping::new();
        insert(&mut error, "schema", error_schema);
        insert(&mut api, "error", error);

        let tag_descriptions: BTreeMap<String, String> = document
            .get("tags")
            .and_then(Value::as_sequence)
            .map(|tags| {
                tags.iter()
                    .filter_map(|tag| Some((text(tag, "name")?, text(tag, "description")?)))
                    .collect()
            })
            .unwrap_or_default();
        let mut resources: BTreeMap<Vec<String>, String> = BTreeMap::new();
        for endpoint in endpoints {
            for depth in 1..=endpoint.resource.len() {
                let path = endpoint.resource[..depth].to_vec();
                let own = depth == endpoint.resource.len();
                let description = tag_descriptions
                    .get(&path.join("."))
                    .or_else(|| tag_descriptions.get(&path.join("/")))
                    .or_else(|| {
                        own.then(|| {
                            endpoint
                                .tags
                                .first()
                                .and_then(|tag| tag_descriptions.get(tag))
                        })
                        .flatten()
                    })
                    .cloned();
                let entry = resources
                    .entry(path)
                    .or_insert_with(|| UNDESCRIBED.to_owned());
                if let (Some(description), true) = (description, entry == UNDESCRIBED) {
                    *entry = description;
                }
            }
        }
        let mut listed = Mapping::new();
        for (path, description) in resources {
            let mut resource = Mapping::new();
            insert(&mut resource, "description", description);
            listed.insert(Value::from(path.join("/")), Value::Mapping(resource));
        }
        insert(&mut api, "resources", listed);
        api
    }
}

/// The format's name of a component schema: its `PascalCase`, with `Schema` added to a name
/// the generated code already uses (`Error` → `ErrorSchema`).
fn schema_name(key: &str) -> String {
    let name = key.to_upper_camel_case();
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Schema")
    } else {
        name
    }
}

/// The resource path and operation name of an operation (see the module docs).
fn names(path: &str, method: &str, operation_id: Option<&str>) -> (Vec<String>, String) {
    if let Some((resource, operation)) = operation_id.and_then(|id| id.rsplit_once('.')) {
        let resource = resource
            .split('.')
            .map(ToSnakeCase::to_snake_case)
            .collect();
        return (resource, operation.to_snake_case());
    }
    let segments: Vec<&str> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    let mut literals: Vec<String> = segments
        .iter()
        .filter(|segment| !segment.starts_with('{'))
        .map(|segment| segment.to_snake_case())
        .filter(|segment| !segment.is_empty())
        .collect();
    if literals.first().is_some_and(|first| is_version(first)) {
        literals.remove(0);
    }
    if literals.is_empty() {
        literals.push("root".to_owned());
    }
    let operation = match operation_id {
        Some(id) => id.to_snake_case(),
        None => {
            let ends_with_param = segments.last().is_some_and(|last| last.starts_with('{'));
            match method {
                "get" if ends_with_param => "get",
                "get" => "list",
                "post" => "create",
                "put" => "replace",
                "patch" => "update",
                _ => "delete",
            }
            .to_owned()
        }
    };
    (literals, operation)
}

/// `v1`, `v2`, `v1beta`: a version segment, not a resource.
fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

fn variant_of(scheme_name: &str, scheme: &Value) -> Variant {
    let group = scheme.get(X_AUTHORIZATION);
    let authorization = group
        .and_then(|group| group.get("name"))
        .and_then(Value::as_str)
        .unwrap_or(DEFAULT_AUTHORIZATION)
        .to_owned();
    let authorization_description = group
        .and_then(|group| text(group, "description"))
        .unwrap_or_else(|| "Optional credentials sent in a header.".to_owned());
    let key = scheme_name
        .strip_prefix(&format!("{authorization}."))
        .unwrap_or(scheme_name)
        .to_snake_case();
    Variant {
        authorization,
        authorization_description,
        key,
        header: scheme
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        description: text(scheme, "description").unwrap_or_else(|| UNDESCRIBED.to_owned()),
    }
}

fn is_basic(scheme: &Value) -> bool {
    scheme.get("type").and_then(Value::as_str) == Some("http")
        && scheme
            .get("scheme")
            .and_then(Value::as_str)
            .is_some_and(|name| name.eq_ignore_ascii_case("basic"))
}

/// A server's URL with its variables at their defaults and no trailing slash.
fn server_url(server: &Value) -> Option<String> {
    let mut url = server.get("url")?.as_str()?.to_owned();
    if let Some(variables) = server.get("variables").and_then(Value::as_mapping) {
        for (name, variable) in variables {
            let (Some(name), Some(default)) = (
                name.as_str(),
                variable.get("default").and_then(Value::as_str),
            ) else {
                continue;
            };
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    Some(url.trim_end_matches('/').to_owned())
}

/// The `type` of a schema; of a 3.1 list of types, the one that is not `null`.
fn schema_type(schema: &Value) -> Option<String> {
    match schema.get("type")? {
        Value::String(kind) => Some(kind.clone()),
        Value::Sequence(kinds) => {
            let kinds: Vec<&str> = kinds
                .iter()
                .filter_map(Value::as_str)
                .filter(|kind| *kind != "null")
                .collect();
            match kinds.as_slice() {
                [kind] => Some((*kind).to_owned()),
                _ => Some(kinds.join("|")),
            }
        }
        _ => None,
    }
}

fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
        || schema
            .get("type")
            .and_then(Value::as_sequence)
            .is_some_and(|kinds| kinds.iter().any(|kind| kind.as_str() == Some("null")))
}

fn is_null_type(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

/// Whether a component schema becomes a schema of the format (a struct, enum or union) rather
/// than an alias whose type is used inline.
fn is_named_kind(schema: &Value) -> bool {
    let kind = schema_type(schema);
    let union_parts = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_sequence)
        .map(|parts| parts.iter().filter(|part| !is_null_type(part)).count());
    is_struct(schema)
        || (kind.as_deref() == Some("string") && !enum_values(schema).is_empty())
        || union_parts.is_some_and(|count| count > 1)
}

fn has_composition(schema: &Value) -> bool {
    ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|composition| schema.get(*composition).is_some())
}

/// Whether a schema is an object with properties (or none at all and nothing else allowed).
fn is_struct(schema: &Value) -> bool {
    let kind = schema_type(schema);
    matches!(kind.as_deref(), None | Some("object"))
        && (schema.get("properties").is_some()
            || (kind.is_some() && schema.get("additionalProperties") == Some(&Value::Bool(false))))
}

/// The string values of `enum`, `x-extensible-enum` or `const`, without `null`.
fn enum_values(schema: &Value) -> Vec<String> {
    let listed = schema
        .get(X_EXTENSIBLE_ENUM)
        .or_else(|| schema.get("enum"))
        .and_then(Value::as_sequence)
        .map(|values| {
            values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    match schema.get("const").and_then(Value::as_str) {
        Some(value) => vec![value.to_owned()],
        None => listed,
    }
}

/// The example of a media type: `example`, or the first of `examples`.
fn media_example(media: &Value) -> Option<Value> {
    media.get("example").cloned().or_else(|| {
        media
            .get("examples")?
            .as_mapping()?
            .values()
            .next()?
            .get("value")
            .cloned()
    })
}

/// Whether `value` (drafted YAML) has a `ref` to the schema `name` anywhere.
fn refers_to(value: &Value, name: &str) -> bool {
    match value {
        Value::Mapping(mapping) => refers_to_in(mapping, name),
        Value::Sequence(items) => items.iter().any(|item| refers_to(item, name)),
        _ => false,
    }
}

fn refers_to_in(mapping: &Mapping, name: &str) -> bool {
    mapping.iter().any(|(key, value)| {
        (key.as_str() == Some("ref") && value.as_str() == Some(name)) || refers_to(value, name)
    })
}

/// A scalar example as the text sent in a path or header.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn copy_rust_name(from: &Value, field: &mut Mapping) {
    if let Some(rust_name) = from.get(X_RUST_NAME).and_then(Value::as_str) {
        insert(field, "rust_name", rust_name);
    }
}

/// A non-empty text value.
fn text(holder: &Value, key: &str) -> Option<String> {
    holder
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

fn insert(mapping: &mut Mapping, key: &str, value: impl Into<Value>) {
    mapping.insert(Value::from(key), value.into());
}

/// A JSON pointer token: `~` and `/` escaped.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
