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
//!
//! Servers: the test base URL is the server whose description mentions `test`, `sandbox` or
//! `staging` (else the first), the live one another server (else the same).

mod endpoints;
mod schemas;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_yaml::{Mapping, Value};

use super::{
    FORM_MEDIA_TYPE, PASSWORD_FORMAT, SCHEMA_REF_PREFIX, X_AUTHORIZATION, X_CRATE_NAME,
    X_ENUM_DESCRIPTIONS, X_EXAMPLE_AUTHORIZATION, X_EXTENSIBLE_ENUM, X_IDEMPOTENT, X_LIVE_PREFIX,
    X_ONE_OF, X_PAGINATION, X_PASSWORD, X_RUST_NAME, X_SENSITIVE, X_USERNAME,
    known_values_paragraph,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{API_FILE, SCHEMAS_DIR, SourceFile};
use crate::write::WriteReport;
use endpoints::is_basic;
use schemas::{schema_name, type_name};

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
/// The other keys of a path item (`servers` is refused where it is read).
const PATH_ITEM_KEYS: &[&str] = &["summary", "description", "parameters", "servers", "$ref"];

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
                .with_hint(
                    "review and move the file, import into an empty --out, \
                     or pass --force to overwrite",
                ),
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

/// One import: the document, what has been drafted from it so far, and what was refused.
struct Importer<'a> {
    /// The document's name in diagnostics.
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
    /// Records that the construct at `pointer` cannot be drafted.
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
            "# Draft imported from {} ({pointer}) by `cargo xtask import openapi`.\n\
             # Review it, and rename resources, operations and types as they should read in Rust.\n\
             {yaml}",
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
                type_name(&format!("{}Request", endpoint.type_prefix))
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
            let message = format!(
                "`{field_name}` of the error schema is not a string: \
                 the client's error type reads it as one"
            );
            self.refuse(
                &format!("#/components/schemas/{name}/properties/{field_name}"),
                message,
            );
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
        // A semver `info.version` becomes the crate's; others (`1`, a date) are the document's own.
        if let Some(version) = text(&info, "version")
            .filter(|version| version.parse::<crate::semver::Version>().is_ok())
        {
            insert(&mut api, "version", version);
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
        let servers: Vec<(String, String)> = document
            .get("servers")
            .and_then(Value::as_sequence)
            .map(|servers| servers.iter().filter_map(server_url).collect())
            .unwrap_or_default();
        // A server described as a test one is the test server; otherwise the first is.
        let is_test = |description: &str| {
            ["test", "sandbox", "staging"]
                .iter()
                .any(|word| description.contains(word))
        };
        let test = servers
            .iter()
            .find(|(_, description)| is_test(description))
            .or(servers.first());
        let live = servers.iter().find(|server| Some(*server) != test).or(test);
        let (test, live) = match (test, live) {
            (Some((test, _)), Some((live, _))) => (test.clone(), live.clone()),
            _ => {
                self.refuse_hint(
                    "#/servers",
                    "the document has no server URL",
                    "the format needs the base URL of the API",
                );
                (String::new(), String::new())
            }
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

/// A server's URL with its variables at their defaults and no trailing slash, and its
/// description in lower case.
fn server_url(server: &Value) -> Option<(String, String)> {
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
    let description = text(server, "description")
        .unwrap_or_default()
        .to_lowercase();
    Some((url.trim_end_matches('/').to_owned(), description))
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
