//! The public-API manifest: one line per item users of the client can name, built from the model.
//!
//! It is committed next to the generated code (`generated/api.manifest`) and is what
//! [`crate::semver`] compares to classify a spec change. Built from the model, not from emitted
//! text, so it states what the API is whatever shape the emitter gives the code. A line is
//! `<kind> <key><signature>`: the kind and key name the item, the signature is what can change
//! about it. Lines never contain a backtick (the changelog quotes them between backticks).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use crate::model::{Api, Endpoint, Field, Member, Resource, Type};
use crate::semver::Version;

/// The manifest's file, relative to the client crate's root.
pub const MANIFEST_FILE: &str = "api.manifest";

const HEADER: &str = "\
# The public API of the generated client: one line per item its users can name. Written by
# `cargo xtask generate` from spec/ (do not edit); review its diff with every spec change.
";

/// What kind of item a line describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `Client::new` and `Client::builder`, with their arguments.
    Client,
    /// A Cargo feature of the crate: one per top-level resource, which turns it on.
    Feature,
    /// An authorization enum (`Authorization`).
    Authorization,
    /// A variant of an authorization enum.
    Credential,
    /// A resource accessor (`organizations.members`).
    Resource,
    /// An endpoint's method: required arguments, request builder, response type.
    Method,
    /// An optional parameter set on a request builder, or its `clear_…` twin.
    Setter,
    /// `pages()` or `items()` of a paginated request.
    Stream,
    /// The Cargo features of which any one turns a type on (`Member: organizations | sessions`);
    /// a type without this line is always compiled.
    Needs,
    /// A struct of the `types` module, with the role it plays.
    Struct,
    /// A field of a struct, with its Rust type.
    Field,
    /// An open enum.
    Enum,
    /// A known value of an open enum, with its wire value.
    Value,
    /// A tagged union.
    Union,
    /// A variant of a tagged union, with its content type and tag.
    Variant,
    /// The enum of a request body's `one_of` group.
    OneOf,
    /// A variant of a `one_of` enum, with its value's type and the field it sends.
    Alternative,
}

impl Kind {
    const ALL: [Kind; 17] = [
        Kind::Client,
        Kind::Feature,
        Kind::Authorization,
        Kind::Credential,
        Kind::Resource,
        Kind::Method,
        Kind::Setter,
        Kind::Stream,
        Kind::Needs,
        Kind::Struct,
        Kind::Field,
        Kind::Enum,
        Kind::Value,
        Kind::Union,
        Kind::Variant,
        Kind::OneOf,
        Kind::Alternative,
    ];

    /// The word that starts the item's line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Client => "client",
            Kind::Feature => "feature",
            Kind::Authorization => "authorization",
            Kind::Credential => "credential",
            Kind::Resource => "resource",
            Kind::Method => "method",
            Kind::Setter => "setter",
            Kind::Stream => "stream",
            Kind::Needs => "needs",
            Kind::Struct => "struct",
            Kind::Field => "field",
            Kind::Enum => "enum",
            Kind::Value => "value",
            Kind::Union => "union",
            Kind::Variant => "variant",
            Kind::OneOf => "one_of",
            Kind::Alternative => "alternative",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What the item is.
    pub kind: Kind,
    /// Its name, unique among items of its kind: `organizations.members.delete`, `Member.name`.
    pub key: String,
    /// Everything that can change about it, as written after the key: `(i32)`, `: String`, ``.
    pub signature: String,
}

impl Item {
    /// The item as the report names it: `field Member.name`.
    pub fn name(&self) -> String {
        format!("{} {}", self.kind, self.key)
    }

    /// The container the item belongs to: `Member` for `Member.name`, the method for a setter.
    pub fn parent(&self) -> &str {
        let end = self.key.rfind(['.', ':']).unwrap_or(0);
        self.key[..end].trim_end_matches(':')
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}{}", self.kind, self.key, self.signature)
    }
}

impl FromStr for Item {
    type Err = String;

    fn from_str(line: &str) -> Result<Self, String> {
        let (word, rest) = line
            .split_once(' ')
            .ok_or_else(|| format!("`{line}` is not `<kind> <item>`"))?;
        let kind = Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == word)
            .ok_or_else(|| format!("`{word}` is not a kind of item"))?;
        // The key ends where the signature starts: `(`, a space, or `: `.
        let end = rest
            .char_indices()
            .find(|&(index, c)| {
                c == '(' || c == ' ' || (c == ':' && rest[index + 1..].starts_with(' '))
            })
            .map_or(rest.len(), |(index, _)| index);
        if end == 0 || line.contains('`') {
            return Err(format!("`{line}` names no item"));
        }
        Ok(Item {
            kind,
            key: rest[..end].to_owned(),
            signature: rest[end..].to_owned(),
        })
    }
}

/// The public API of one version of the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The crate version the API was generated for.
    pub version: Version,
    /// Every item, in the order of the file.
    pub items: Vec<Item>,
}

impl Manifest {
    /// The crate's Cargo features that the API brings (one per top-level resource), in order.
    pub fn features(&self) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .filter(|item| item.kind == Kind::Feature)
            .map(|item| item.key.as_str())
    }

    /// The manifest as written to disk.
    pub fn render(&self) -> String {
        let mut text = String::from(HEADER);
        text.push_str(&format!("version {}\n", self.version));
        let mut previous: Option<Kind> = None;
        for item in &self.items {
            // A blank line before each resource, and before each type: the file reads in blocks.
            let block_start = matches!(
                item.kind,
                Kind::Resource
                    | Kind::Struct
                    | Kind::Enum
                    | Kind::Union
                    | Kind::OneOf
                    | Kind::Authorization
            ) || (matches!(item.kind, Kind::Client | Kind::Feature)
                && previous != Some(item.kind));
            if block_start {
                text.push('\n');
            }
            text.push_str(&item.to_string());
            text.push('\n');
            previous = Some(item.kind);
        }
        text
    }
}

/// Reads a manifest back; the error names the first line that is not one.
impl FromStr for Manifest {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let mut version = None;
        let mut items = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parsed = match line.strip_prefix("version ") {
                Some(value) => value.parse().map(|value| version = Some(value)),
                None => line.parse().map(|item| items.push(item)),
            };
            parsed.map_err(|message| format!("line {}: {message}", index + 1))?;
        }
        let version = version.ok_or("no `version` line")?;
        Ok(Manifest { version, items })
    }
}

/// Builds the manifest of `api`.
pub(crate) fn build(api: &Api) -> Manifest {
    let roles = Roles::of(api);
    let mut items = Vec::new();
    let mut push = |kind, key: String, signature: String| {
        items.push(Item {
            kind,
            key,
            signature,
        })
    };
    let credentials = format!(
        "({}: impl Into<String>, {}: impl Into<String>)",
        api.username.source(),
        api.password.source()
    );
    push(Kind::Client, "Client::new".into(), credentials.clone());
    push(Kind::Client, "Client::builder".into(), credentials);
    for resource in &api.resources {
        push(Kind::Feature, resource.feature().to_owned(), String::new());
    }
    for authorization in &api.authorizations {
        push(
            Kind::Authorization,
            authorization.type_name.clone(),
            String::new(),
        );
        for variant in &authorization.variants {
            push(
                Kind::Credential,
                format!("{}::{}", authorization.type_name, variant.name),
                "(String)".into(),
            );
        }
    }
    let mut resources = Vec::new();
    for resource in &api.resources {
        resource_items(api, resource, "", &mut resources);
    }
    for (kind, key, signature) in resources {
        push(kind, key, signature);
    }

    // Structs, enums and unions share the `types` namespace; list them in name order.
    let mut types: BTreeMap<&str, Vec<(Kind, String, String)>> = BTreeMap::new();
    for def in &api.types {
        let mut lines = vec![(Kind::Struct, def.name.clone(), roles.describe(&def.name))];
        // A request body's fields are its method's arguments and setters, listed there.
        if !roles.bodies.contains_key(def.name.as_str()) {
            for field in &def.fields {
                lines.push((
                    Kind::Field,
                    format!("{}.{}", def.name, field.rust_name.source()),
                    format!(": {}", field_type(field)),
                ));
            }
        }
        types.insert(&def.name, lines);
        for group in &def.one_of {
            let mut lines = vec![(Kind::OneOf, group.type_name.clone(), String::new())];
            for variant in &group.variants {
                if let Some(field) = def.fields.get(variant.field) {
                    let mut ty = rust_type(&field.ty);
                    if field.boxed {
                        ty = format!("Box<{ty}>");
                    }
                    lines.push((
                        Kind::Alternative,
                        format!("{}::{}", group.type_name, variant.name),
                        format!("({ty}) = {}", quoted(&field.wire_name)),
                    ));
                }
            }
            types.insert(&group.type_name, lines);
        }
    }
    for def in &api.enums {
        let mut lines = vec![(Kind::Enum, def.name.clone(), String::new())];
        for variant in &def.variants {
            lines.push((
                Kind::Value,
                format!("{}::{}", def.name, variant.name),
                format!(" = {}", quoted(&variant.value)),
            ));
        }
        types.insert(&def.name, lines);
    }
    for def in &api.unions {
        let mut lines = vec![(Kind::Union, def.name.clone(), String::new())];
        for variant in &def.variants {
            let mut ty = rust_type(&variant.ty);
            if variant.boxed {
                ty = format!("Box<{ty}>");
            }
            lines.push((
                Kind::Variant,
                format!("{}::{}", def.name, variant.name),
                format!("({ty}) = {}", quoted(&variant.tag)),
            ));
        }
        types.insert(&def.name, lines);
    }
    for (name, lines) in types {
        let mut lines = lines.into_iter();
        if let Some((kind, key, signature)) = lines.next() {
            push(kind, key, signature);
        }
        // With default features off, the type is there when one of these is on.
        if let Some(features) = api.type_features.get(name) {
            push(
                Kind::Needs,
                name.to_owned(),
                format!(": {}", features.join(" | ")),
            );
        }
        for (kind, key, signature) in lines {
            push(kind, key, signature);
        }
    }
    Manifest {
        version: api.version,
        items,
    }
}

/// How the request differs on the wire from the usual JSON body with Basic credentials, e.g.
/// `; sends form; no basic auth`: users cannot name it, but a change of it changes what is sent.
fn wire_notes(endpoint: &Endpoint) -> String {
    let mut notes = String::new();
    if endpoint
        .body
        .as_ref()
        .is_some_and(|body| body.encoding == crate::model::BodyEncoding::Form)
    {
        notes.push_str("; sends form");
    }
    if !endpoint.basic_auth {
        notes.push_str("; no basic auth");
    }
    notes
}

/// `resource`, its endpoints (each with its setters) and its children, depth first.
fn resource_items(
    api: &Api,
    resource: &Resource,
    parent: &str,
    out: &mut Vec<(Kind, String, String)>,
) {
    let path = if parent.is_empty() {
        resource.module.source()
    } else {
        format!("{parent}.{}", resource.module.source())
    };
    out.push((Kind::Resource, path.clone(), String::new()));
    let mut endpoints: Vec<&Endpoint> = resource.endpoints.iter().collect();
    endpoints.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    for endpoint in endpoints {
        let method = format!("{path}.{}", endpoint.method_name.source());
        let inputs = inputs(endpoint);
        let arguments: Vec<String> = inputs
            .iter()
            .filter(|input| !input.optional)
            .map(|input| format!("{}: {}", input.name, parameter_type(&input.ty)))
            .collect();
        out.push((
            Kind::Method,
            method.clone(),
            format!(
                "({}) -> {}, awaits {}{}",
                arguments.join(", "),
                endpoint.builder_name,
                endpoint.response,
                wire_notes(endpoint)
            ),
        ));
        for input in inputs.iter().filter(|input| input.optional) {
            out.push((
                Kind::Setter,
                format!("{method}.{}", input.name),
                format!("({})", parameter_type(&input.ty)),
            ));
            if input.nullable {
                out.push((
                    Kind::Setter,
                    format!("{method}.clear_{}", input.name.trim_start_matches("r#")),
                    "()".into(),
                ));
            }
        }
        if let Some(authorization) = endpoint
            .authorization
            .and_then(|index| api.authorizations.get(index))
        {
            out.push((
                Kind::Setter,
                format!("{method}.{}", authorization.setter.source()),
                format!("({})", authorization.type_name),
            ));
        }
        if let Some(pagination) = &endpoint.pagination {
            out.push((
                Kind::Stream,
                format!("{method}.pages"),
                format!("() -> {}", endpoint.response),
            ));
            out.push((
                Kind::Stream,
                format!("{method}.items"),
                format!("() -> {}", rust_type(&pagination.items.2)),
            ));
        }
    }
    for child in &resource.children {
        resource_items(api, child, &path, out);
    }
}

/// A value the caller of an endpoint passes: an argument when required, a setter when optional.
struct Input {
    name: String,
    ty: Type,
    optional: bool,
    nullable: bool,
}

/// The endpoint's inputs in argument order: path, query, headers, body.
fn inputs(endpoint: &Endpoint) -> Vec<Input> {
    let from_field = |field: &Field| Input {
        name: field.rust_name.source(),
        ty: field.ty.clone(),
        optional: field.optional,
        nullable: field.nullable,
    };
    let mut inputs: Vec<Input> = endpoint.path_params.iter().map(from_field).collect();
    inputs.extend(endpoint.query_params.iter().map(from_field));
    inputs.extend(endpoint.headers.iter().map(|header| Input {
        name: header.rust_name.source(),
        ty: Type::String,
        optional: header.optional,
        nullable: false,
    }));
    if let Some(body) = &endpoint.body {
        inputs.extend(body.members().into_iter().map(|member| match member {
            Member::Field(field) => from_field(field),
            Member::Group(group) => Input {
                name: group.name.source(),
                ty: group.ty.clone(),
                optional: !group.required,
                nullable: false,
            },
        }));
    }
    inputs
}

/// A wire value as a Rust string literal, with backticks escaped too: the changelog quotes
/// manifest lines between backticks.
fn quoted(value: &str) -> String {
    format!("{value:?}").replace('`', "\\u{60}")
}

/// The type a method or setter takes, as `emit::params` writes it: strings and JSON objects by
/// `Into`, arrays and maps by `IntoIterator`.
fn parameter_type(ty: &Type) -> String {
    match ty {
        Type::String => "impl Into<String>".to_owned(),
        Type::JsonObject => "impl Into<serde_json::Value>".to_owned(),
        Type::Array(item) => format!("impl IntoIterator<Item = {}>", parameter_type(item)),
        Type::Map(value) => format!(
            "impl IntoIterator<Item = (impl Into<String>, {})>",
            parameter_type(value)
        ),
        Type::Bool | Type::I32 | Type::I64 | Type::F64 | Type::Named(_) => rust_type(ty),
    }
}

/// The Rust type of a struct field, boxed and wrapped in `Option`s as declared.
fn field_type(field: &Field) -> String {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    if field.nullable {
        ty = format!("Option<{ty}>");
    }
    if field.optional {
        ty = format!("Option<{ty}>");
    }
    ty
}

/// The Rust type of a value, as a user of the crate writes it.
fn rust_type(ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Bool => "bool".to_owned(),
        Type::I32 => "i32".to_owned(),
        Type::I64 => "i64".to_owned(),
        Type::F64 => "f64".to_owned(),
        Type::JsonObject => "serde_json::Value".to_owned(),
        Type::Array(item) => format!("Vec<{}>", rust_type(item)),
        Type::Map(value) => format!("BTreeMap<String, {}>", rust_type(value)),
        Type::Named(name) => name.clone(),
    }
}

/// How each struct is used: built by users (request), read by users (response), or a request
/// body the client builds from arguments and setters. This decides whether a new field breaks
/// code (a struct literal) or not (reading a response).
struct Roles<'a> {
    request: BTreeSet<&'a str>,
    response: BTreeSet<&'a str>,
    /// Body type → the methods (operation IDs) that send it.
    bodies: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> Roles<'a> {
    fn of(api: &'a Api) -> Self {
        let mut roles = Roles {
            request: BTreeSet::new(),
            response: BTreeSet::new(),
            bodies: BTreeMap::new(),
        };
        let mut endpoints = Vec::new();
        fn collect<'a>(resource: &'a Resource, out: &mut Vec<&'a Endpoint>) {
            out.extend(&resource.endpoints);
            for child in &resource.children {
                collect(child, out);
            }
        }
        for resource in &api.resources {
            collect(resource, &mut endpoints);
        }
        let mut response_roots = vec![api.error_schema.as_str()];
        for endpoint in endpoints {
            if let Some(body) = &endpoint.body {
                roles
                    .bodies
                    .entry(body.type_name.as_str())
                    .or_default()
                    .push(endpoint.operation_id.as_str());
            }
            response_roots.push(endpoint.response.as_str());
        }
        // Decided once, in validate: the structs reachable from parameters and body fields.
        roles.request = api
            .types
            .iter()
            .filter(|def| def.built_by_users)
            .map(|def| def.name.as_str())
            .collect();
        reach(api, response_roots, &mut roles.response);
        roles
    }

    /// `: request`, `: response`, `: request, response`, `: body of …` or `: unused`.
    fn describe(&self, name: &str) -> String {
        if let Some(methods) = self.bodies.get(name) {
            return format!(": body of {}", methods.join(", "));
        }
        match (self.request.contains(name), self.response.contains(name)) {
            (true, true) => ": request, response".to_owned(),
            (true, false) => ": request".to_owned(),
            (false, true) => ": response".to_owned(),
            (false, false) => ": unused".to_owned(),
        }
    }
}

/// The type names `ty` mentions.
fn named_types<'a>(ty: &'a Type, out: &mut Vec<&'a str>) {
    match ty {
        Type::Array(inner) | Type::Map(inner) => named_types(inner, out),
        Type::Named(name) => out.push(name),
        _ => {}
    }
}

/// Every struct reachable from `roots` through fields and union variants.
fn reach<'a>(api: &'a Api, mut pending: Vec<&'a str>, seen: &mut BTreeSet<&'a str>) {
    let mut contents: BTreeMap<&str, Vec<&Type>> = BTreeMap::new();
    for def in &api.types {
        contents.insert(
            &def.name,
            def.fields.iter().map(|field| &field.ty).collect(),
        );
    }
    for def in &api.unions {
        contents.insert(
            &def.name,
            def.variants.iter().map(|variant| &variant.ty).collect(),
        );
    }
    while let Some(name) = pending.pop() {
        if !seen.insert(name) {
            continue;
        }
        for ty in contents.get(name).into_iter().flatten() {
            named_types(ty, &mut pending);
        }
    }
}
