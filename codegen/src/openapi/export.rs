//! The validated model as an OpenAPI 3.0.3 document (JSON), for docs portals, API tools and other
//! languages' generators.
//!
//! The document is built as ordered JSON and printed with two-space indentation, so the same spec
//! always gives the same bytes. Paths are sorted, methods in OpenAPI's order, component schemas
//! by name, and fields and parameters in spec order.

use heck::ToSnakeCase;

use super::{
    BASIC_SCHEME, ERROR_RESPONSE, FORM_MEDIA_TYPE, OPENAPI_VERSION, PASSWORD_FORMAT,
    SCHEMA_REF_PREFIX, X_AUTHORIZATION, X_CRATE_NAME, X_ENUM_DESCRIPTIONS, X_EXAMPLE_AUTHORIZATION,
    X_EXTENSIBLE_ENUM, X_IDEMPOTENT, X_LIVE_PREFIX, X_ONE_OF, X_PAGINATION, X_PASSWORD,
    X_RUST_NAME, X_SENSITIVE, X_USERNAME, known_values_paragraph,
};
use crate::examples::Json;
use crate::model::{
    Api, Authorization, Endpoint, EnumDef, Field, HttpMethod, Resource, Type, TypeDef, UnionDef,
};
use crate::naming;

/// An ordered JSON object under construction.
struct Object(Vec<(String, Json)>);

impl Object {
    fn new() -> Self {
        Self(Vec::new())
    }

    fn with(mut self, key: &str, value: impl Into<Json>) -> Self {
        self.0.push((key.to_owned(), value.into()));
        self
    }

    fn with_some(self, key: &str, value: Option<impl Into<Json>>) -> Self {
        match value {
            Some(value) => self.with(key, value),
            None => self,
        }
    }

    /// Leaves out an empty list, which OpenAPI forbids for `required` and which says nothing
    /// for `parameters`.
    fn with_unless_empty<T: Into<Json>>(self, key: &str, items: Vec<T>) -> Self {
        if items.is_empty() {
            self
        } else {
            self.with(key, items)
        }
    }
}

impl From<Object> for Json {
    fn from(object: Object) -> Self {
        Json::Object(object.0)
    }
}

impl From<&str> for Json {
    fn from(text: &str) -> Self {
        Json::String(text.to_owned())
    }
}

impl From<String> for Json {
    fn from(text: String) -> Self {
        Json::String(text)
    }
}

impl From<bool> for Json {
    fn from(value: bool) -> Self {
        Json::Bool(value)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(items: Vec<T>) -> Self {
        Json::Array(items.into_iter().map(Into::into).collect())
    }
}

/// The OpenAPI document of `api`, as pretty-printed JSON ending with a newline.
pub(crate) fn export(api: &Api) -> String {
    let info = Object::new()
        .with("title", api.name.as_str())
        .with("description", api.description.as_str())
        // The client crate's version: the import reads it back into `version`.
        .with("version", api.version.to_string())
        .with(X_CRATE_NAME, api.crate_name.as_str())
        .with(X_LIVE_PREFIX, api.live_project_id_prefix.as_str());
    let prefix = &api.live_project_id_prefix;
    let servers = vec![
        Object::new().with("url", api.test_base_url.as_str()).with(
            "description",
            format!("Test environment: project IDs not starting with `{prefix}`."),
        ),
        Object::new().with("url", api.live_base_url.as_str()).with(
            "description",
            format!("Live environment: project IDs starting with `{prefix}`."),
        ),
    ];
    let mut endpoints = Vec::new();
    let mut tags = Vec::new();
    collect(&api.resources, 1, &mut endpoints, &mut tags);
    let document = Object::new()
        .with("openapi", OPENAPI_VERSION)
        .with("info", info)
        .with_some(
            "externalDocs",
            api.docs_url
                .as_deref()
                .map(|url| Object::new().with("url", url)),
        )
        .with("servers", servers)
        .with("security", vec![basic_only()])
        .with("tags", tags)
        .with("paths", paths(api, &endpoints))
        .with("components", components(api));
    let mut text = Json::from(document).pretty();
    text.push('\n');
    text
}

/// Every endpoint, and a tag (named like the operation IDs' prefix) per resource, in resource
/// order; `depth` is the number of folders of `resources`.
fn collect<'a>(
    resources: &'a [Resource],
    depth: usize,
    endpoints: &mut Vec<&'a Endpoint>,
    tags: &mut Vec<Json>,
) {
    for resource in resources {
        // A resource's folders are the first operation ID segments of any endpoint under it.
        if let Some(endpoint) = first_endpoint(resource) {
            let segments: Vec<&str> = endpoint.operation_id.split('.').take(depth).collect();
            tags.push(
                Object::new()
                    .with("name", segments.join("."))
                    .with("description", resource.description.as_str())
                    .into(),
            );
        }
        endpoints.extend(&resource.endpoints);
        collect(&resource.children, depth + 1, endpoints, tags);
    }
}

fn first_endpoint(resource: &Resource) -> Option<&Endpoint> {
    resource
        .endpoints
        .first()
        .or_else(|| resource.children.iter().find_map(first_endpoint))
}

/// The tag of an endpoint's resource: its operation ID without the operation
/// (`organizations.members`).
fn resource_tag(endpoint: &Endpoint) -> &str {
    endpoint
        .operation_id
        .rsplit_once('.')
        .map_or(endpoint.operation_id.as_str(), |(resource, _)| resource)
}

fn basic_only() -> Object {
    Object::new().with(BASIC_SCHEME, Vec::<Json>::new())
}

/// The security scheme of one authorization variant: `<authorization>.<variant>`.
fn variant_scheme(authorization: &Authorization, variant_name: &str) -> String {
    format!("{}.{}", authorization.key, variant_name.to_snake_case())
}

fn paths(api: &Api, endpoints: &[&Endpoint]) -> Object {
    let mut sorted: Vec<&Endpoint> = endpoints.to_vec();
    sorted.sort_by_key(|endpoint| (&endpoint.path_template, method_rank(endpoint.http_method)));
    let mut paths = Object::new();
    for endpoint in sorted {
        let method = endpoint.http_method.as_str().to_ascii_lowercase();
        let operation = operation(api, endpoint);
        match paths.0.last_mut() {
            Some((path, Json::Object(item))) if *path == endpoint.path_template => {
                item.push((method, operation));
            }
            _ => {
                paths = paths.with(
                    &endpoint.path_template,
                    Object::new().with(&method, operation),
                )
            }
        }
    }
    paths
}

/// The order of methods within a path item, as the OpenAPI specification lists them.
fn method_rank(method: HttpMethod) -> u8 {
    match method {
        HttpMethod::Get => 0,
        HttpMethod::Put => 1,
        HttpMethod::Post => 2,
        HttpMethod::Delete => 3,
        HttpMethod::Patch => 4,
    }
}

fn operation(api: &Api, endpoint: &Endpoint) -> Json {
    let example = endpoint.example.as_ref();
    let mut parameters = Vec::new();
    for (index, param) in endpoint.path_params.iter().enumerate() {
        let value = example.and_then(|example| example.path_args.get(index).cloned());
        parameters.push(parameter(param, "path", value.map(Json::String)));
    }
    for (index, param) in endpoint.query_params.iter().enumerate() {
        let value = example.and_then(|example| example.query.get(index).cloned().flatten());
        parameters.push(parameter(param, "query", value));
    }
    for (index, header) in endpoint.headers.iter().enumerate() {
        let value = example.and_then(|example| example.headers.get(index).cloned().flatten());
        let rust_name = (naming::snake_name(&header.header).as_ref() != Some(&header.rust_name))
            .then_some(header.rust_name.text.as_str());
        parameters.push(
            Object::new()
                .with("name", header.header.as_str())
                .with("in", "header")
                .with("description", header.description.as_str())
                .with("required", !header.optional)
                .with("schema", value_schema(&Type::String, header.sensitive))
                .with_some("example", value)
                .with_some(X_RUST_NAME, rust_name)
                .with_some(X_SENSITIVE, header.sensitive.then_some(true))
                .into(),
        );
    }
    let request_body = endpoint.body.as_ref().map(|body| {
        let description = api
            .types
            .iter()
            .find(|def| def.name == body.type_name)
            .map(|def| def.description.as_str());
        let body_example = example.and_then(|example| example.body_json.clone());
        let media_type = match body.encoding {
            crate::model::BodyEncoding::Json => "application/json",
            crate::model::BodyEncoding::Form => FORM_MEDIA_TYPE,
        };
        Object::new()
            .with_some("description", description)
            .with("required", true)
            .with(
                "content",
                Object::new().with(
                    media_type,
                    Object::new()
                        .with("schema", reference(&body.type_name))
                        .with_some("example", body_example),
                ),
            )
    });
    let response_description = api
        .types
        .iter()
        .find(|def| def.name == endpoint.response)
        .map_or("A successful response.", |def| def.description.as_str());
    let success = Object::new()
        .with("description", response_description)
        .with(
            "content",
            Object::new().with(
                "application/json",
                Object::new()
                    .with("schema", reference(&endpoint.response))
                    .with_some("example", example.map(|example| example.response.clone())),
            ),
        );
    // Errors as the 4XX and 5XX ranges rather than `default`: they say the same for every status
    // the client reports as an error, and progenitor reads `default` as a possible success too
    // (and stops, as its type differs from the 200 one).
    let error = || Object::new().with("$ref", format!("#/components/responses/{ERROR_RESPONSE}"));
    let responses = Object::new()
        .with("200", success)
        .with("4XX", error())
        .with("5XX", error());
    // Basic is the document's default; a public endpoint overrides it with no requirement
    // (`security: []`), or with an empty one beside its optional credentials.
    let basic = || {
        if endpoint.basic_auth {
            basic_only()
        } else {
            Object::new()
        }
    };
    let security = match endpoint
        .authorization
        .and_then(|i| api.authorizations.get(i))
    {
        Some(authorization) => {
            let mut alternatives = vec![basic()];
            for variant in &authorization.variants {
                alternatives.push(basic().with(
                    &variant_scheme(authorization, &variant.name),
                    Vec::<Json>::new(),
                ));
            }
            Some(alternatives)
        }
        None if !endpoint.basic_auth => Some(Vec::new()),
        None => None,
    };
    let default_idempotent = matches!(
        endpoint.http_method,
        HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete
    );
    let pagination = endpoint.pagination.as_ref().map(|pagination| {
        let items = api
            .types
            .iter()
            .find(|def| def.name == endpoint.response)
            .and_then(|def| {
                def.fields
                    .iter()
                    .find(|field| field.rust_name == pagination.items.0)
            })
            .map_or(pagination.items.0.text.as_str(), |field| {
                field.wire_name.as_str()
            });
        Object::new()
            .with("cursor", pagination.cursor_wire_name.as_str())
            .with("next_cursor", pagination.next_cursor_path.as_str())
            .with("items", items)
    });
    Object::new()
        .with("tags", vec![resource_tag(endpoint)])
        .with("summary", endpoint.summary.as_str())
        .with_some("description", endpoint.description.as_deref())
        .with("operationId", endpoint.operation_id.as_str())
        .with_some(
            "externalDocs",
            endpoint
                .docs_url
                .as_deref()
                .map(|url| Object::new().with("url", url)),
        )
        .with_unless_empty("parameters", parameters)
        .with_some("requestBody", request_body)
        .with("responses", responses)
        .with_some("security", security)
        .with_some(
            X_IDEMPOTENT,
            (endpoint.idempotent != default_idempotent).then_some(endpoint.idempotent),
        )
        .with_some(X_PAGINATION, pagination)
        .with_some(
            X_EXAMPLE_AUTHORIZATION,
            example
                .and_then(|example| example.authorization.as_ref())
                .map(|(variant, _, credential)| {
                    Object::new().with(&variant.to_snake_case(), credential.as_str())
                }),
        )
        .into()
}

fn parameter(field: &Field, location: &str, example: Option<Json>) -> Json {
    Object::new()
        .with("name", field.wire_name.as_str())
        .with("in", location)
        .with("description", field.description.as_str())
        .with("required", location == "path" || !field.optional)
        .with("schema", type_schema(&field.ty))
        .with_some("example", example)
        .with_some(X_RUST_NAME, rust_name_override(field))
        .into()
}

/// The field's `rust_name` where it is not what the naming rules derive from the wire name.
fn rust_name_override(field: &Field) -> Option<&str> {
    (naming::snake_name(&field.wire_name).as_ref() != Some(&field.rust_name))
        .then_some(field.rust_name.text.as_str())
}

fn reference(name: &str) -> Object {
    Object::new().with("$ref", format!("{SCHEMA_REF_PREFIX}{name}"))
}

/// The schema of a type, without a description.
fn type_schema(ty: &Type) -> Object {
    match ty {
        Type::String => Object::new().with("type", "string"),
        Type::Bool => Object::new().with("type", "boolean"),
        Type::I32 => Object::new()
            .with("type", "integer")
            .with("format", "int32"),
        Type::I64 => Object::new()
            .with("type", "integer")
            .with("format", "int64"),
        Type::F64 => Object::new()
            .with("type", "number")
            .with("format", "double"),
        Type::JsonObject => Object::new()
            .with("type", "object")
            .with("additionalProperties", true),
        Type::Array(items) => Object::new()
            .with("type", "array")
            .with("items", type_schema(items)),
        Type::Map(values) => Object::new()
            .with("type", "object")
            .with("additionalProperties", type_schema(values)),
        Type::Named(name) => reference(name),
    }
}

/// The schema of a value: a sensitive string also gets `format: password`, OpenAPI's own word
/// for a string that tools should not show (docs portals mask it, and generators still read it
/// as a plain string). `x-codegen-sensitive` says it for every type and is what the import reads
/// first.
fn value_schema(ty: &Type, sensitive: bool) -> Object {
    let schema = type_schema(ty);
    if sensitive && *ty == Type::String {
        schema.with("format", PASSWORD_FORMAT)
    } else {
        schema
    }
}

/// The empty value of a type, which a field with `default` decodes as when it is absent; none
/// for a named type, which the validator gives no default.
fn empty_value(ty: &Type) -> Option<Json> {
    match ty {
        Type::Bool => Some(Json::Bool(false)),
        Type::I32 | Type::I64 | Type::F64 => Some(Json::Int(0)),
        Type::String => Some(Json::String(String::new())),
        Type::Array(_) => Some(Json::Array(Vec::new())),
        Type::Map(_) | Type::JsonObject => Some(Json::Object(Vec::new())),
        Type::Named(_) => None,
    }
}

/// The schema of a field with its description. OpenAPI 3.0 ignores the siblings of a `$ref`, so a
/// described (or nullable) reference is wrapped in a one-element `allOf`.
fn field_schema(field: &Field) -> Object {
    let schema = match &field.ty {
        Type::Named(_) => Object::new().with("allOf", vec![type_schema(&field.ty)]),
        ty => value_schema(ty, field.sensitive),
    };
    // A field with a default stays `required`: our model's responses always hold it once
    // decoded, and OpenAPI's `default` says what a consumer assumes when it is left out.
    schema
        .with("description", field.description.as_str())
        .with_some("nullable", field.nullable.then_some(true))
        .with_some(
            "default",
            field.default.then(|| empty_value(&field.ty)).flatten(),
        )
        .with_some(X_RUST_NAME, rust_name_override(field))
        .with_some(X_SENSITIVE, field.sensitive.then_some(true))
}

fn components(api: &Api) -> Object {
    let mut schemas: Vec<(&str, Json)> = Vec::new();
    schemas.extend(
        api.types
            .iter()
            .map(|def| (def.name.as_str(), struct_schema(api, def))),
    );
    schemas.extend(
        api.enums
            .iter()
            .map(|def| (def.name.as_str(), enum_schema(def))),
    );
    schemas.extend(
        api.unions
            .iter()
            .map(|def| (def.name.as_str(), union_schema(def))),
    );
    schemas.sort_by(|a, b| a.0.cmp(b.0));
    let error = Object::new()
        .with("description", "An error: the status code says which.")
        .with(
            "content",
            Object::new().with(
                "application/json",
                Object::new().with("schema", reference(&api.error_schema)),
            ),
        );
    let mut security_schemes = Object::new().with(
        BASIC_SCHEME,
        Object::new()
            .with("type", "http")
            .with("scheme", "basic")
            .with(
                "description",
                format!(
                    "HTTP Basic authentication on every request: \
                     the `{}` as the username and the `{}` as the password.",
                    api.username.text, api.password.text
                ),
            )
            .with(X_USERNAME, api.username.text.as_str())
            .with(X_PASSWORD, api.password.text.as_str()),
    );
    for authorization in &api.authorizations {
        for variant in &authorization.variants {
            security_schemes = security_schemes.with(
                &variant_scheme(authorization, &variant.name),
                Object::new()
                    .with("type", "apiKey")
                    .with("in", "header")
                    .with("name", variant.header.as_str())
                    .with("description", variant.description.as_str())
                    .with(
                        X_AUTHORIZATION,
                        Object::new()
                            .with("name", authorization.key.as_str())
                            .with("description", authorization.description.as_str()),
                    ),
            );
        }
    }
    Object::new()
        .with(
            "schemas",
            Object(
                schemas
                    .into_iter()
                    .map(|(name, schema)| (name.to_owned(), schema))
                    .collect(),
            ),
        )
        .with("responses", Object::new().with(ERROR_RESPONSE, error))
        .with("securitySchemes", security_schemes)
}

fn struct_schema(api: &Api, def: &TypeDef) -> Json {
    let required: Vec<&str> = def
        .fields
        .iter()
        .filter(|field| !field.optional)
        .map(|field| field.wire_name.as_str())
        .collect();
    let mut properties = Object::new();
    for field in &def.fields {
        properties = properties.with(&field.wire_name, field_schema(field));
    }
    let one_of: Vec<Object> = def
        .one_of
        .iter()
        .map(|group| {
            let fields: Vec<&str> = group
                .variants
                .iter()
                .filter_map(|variant| def.fields.get(variant.field))
                .map(|field| field.wire_name.as_str())
                .collect();
            Object::new()
                .with("name", group.name.text.as_str())
                .with("type_name", group.type_name.as_str())
                .with("description", group.description.as_str())
                .with("required", group.required)
                .with("fields", fields)
        })
        .collect();
    Object::new()
        .with("type", "object")
        .with("description", def.description.as_str())
        .with_unless_empty("required", required)
        .with("properties", properties)
        .with_unless_empty(X_ONE_OF, one_of)
        .with_some("example", api.schema_examples.get(&def.name).cloned())
        .into()
}

fn enum_schema(def: &EnumDef) -> Json {
    let values = def
        .variants
        .iter()
        .map(|variant| (variant.value.as_str(), variant.description.as_str()));
    let description = format!("{}{}", def.description, known_values_paragraph(values));
    Object::new()
        .with("type", "string")
        .with("description", description)
        .with(
            X_EXTENSIBLE_ENUM,
            def.variants
                .iter()
                .map(|variant| variant.value.as_str())
                .collect::<Vec<_>>(),
        )
        .with(
            X_ENUM_DESCRIPTIONS,
            def.variants
                .iter()
                .map(|variant| variant.description.as_str())
                .collect::<Vec<_>>(),
        )
        .into()
}

/// A union as `oneOf` objects of two required properties: the tag (one allowed value) and the
/// content. Generators recognise this adjacently tagged shape (typify makes it a Rust enum).
fn union_schema(def: &UnionDef) -> Json {
    let variants: Vec<Json> = def
        .variants
        .iter()
        .map(|variant| {
            Object::new()
                .with("type", "object")
                .with("description", variant.description.as_str())
                .with_some(X_SENSITIVE, variant.sensitive.then_some(true))
                .with("required", vec![def.tag.as_str(), def.content.as_str()])
                .with(
                    "properties",
                    Object::new()
                        .with(
                            &def.tag,
                            Object::new()
                                .with("type", "string")
                                .with("enum", vec![variant.tag.as_str()]),
                        )
                        .with(&def.content, value_schema(&variant.ty, variant.sensitive)),
                )
                .into()
        })
        .collect();
    Object::new()
        .with("description", def.description.as_str())
        .with("oneOf", variants)
        .into()
}
