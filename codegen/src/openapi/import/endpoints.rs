//! Operations of the document as endpoint drafts: parameters, bodies, responses, security.

use super::schemas::{
    has_composition, is_sensitive, is_struct, schema_name, schema_type, type_name,
    with_default_note,
};
use super::*;

/// An endpoint's parameters, drafted, with the example value of each that has one.
#[derive(Default)]
struct Inputs {
    path_params: Mapping,
    query_params: Mapping,
    headers: Mapping,
    example_path: Mapping,
    example_query: Mapping,
    example_headers: Mapping,
    /// Whether every required input has an example value, so the endpoint's example can be drafted.
    example_complete: bool,
}

impl Importer<'_> {
    pub(super) fn endpoints(&mut self, options: &ImportOptions) -> Vec<EndpointDraft> {
        let document = self.document;
        let Some(paths) = document.get("paths").and_then(Value::as_mapping) else {
            self.refuse("#/paths", "the document has no paths");
            return Vec::new();
        };
        let mut endpoints: Vec<EndpointDraft> = Vec::new();
        let mut seen: BTreeMap<(Vec<String>, String), String> = BTreeMap::new();
        for (path, item) in paths {
            let Some(path) = path.as_str() else {
                self.refuse("#/paths", format!("the path {path:?} is not a string"));
                continue;
            };
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
                self.refuse(&item_pointer, "a path item that is not an object");
                continue;
            };
            for (method, operation) in item {
                let method = method.as_str().unwrap_or_default();
                let pointer = format!("{item_pointer}/{}", escape(method));
                if method == "servers" || operation.get("servers").is_some() {
                    self.refuse_hint(
                        &pointer,
                        "servers of its own: the format has one base URL per environment",
                        "import the operations of each server separately",
                    );
                    continue;
                }
                if !METHODS.contains(&method)
                    && !UNSUPPORTED_METHODS.contains(&method)
                    && !PATH_ITEM_KEYS.contains(&method)
                    && !method.starts_with("x-")
                {
                    self.refuse(&pointer, "not a key of a path item");
                    continue;
                }
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

    pub(super) fn endpoint(
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

        let mut inputs = Inputs {
            example_complete: true,
            ..Inputs::default()
        };
        let parameters = self.parameters(path_parameters, operation.get("parameters"), pointer);
        for (parameter, parameter_pointer) in parameters {
            self.parameter(&mut inputs, &parameter, &parameter_pointer, &type_prefix);
        }
        for (key, params) in [
            ("path_params", inputs.path_params),
            ("query_params", inputs.query_params),
            ("headers", inputs.headers),
        ] {
            if !params.is_empty() {
                insert(&mut out, key, params);
            }
        }
        let mut example_complete = inputs.example_complete;
        let mut body_example = None;
        if let Some(key) = self.authorization(operation, pointer) {
            insert(&mut out, "authorization", key);
        }
        if self.is_public(operation) {
            insert(&mut out, "auth", "none");
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
                ("path_params", inputs.example_path),
                ("query_params", inputs.example_query),
                ("headers", inputs.example_headers),
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

    /// Adds one parameter (and its example) to `inputs`, or refuses it.
    fn parameter(
        &mut self,
        inputs: &mut Inputs,
        parameter: &Value,
        pointer: &str,
        type_prefix: &str,
    ) {
        let Some(name) = parameter.get("name").and_then(Value::as_str) else {
            self.refuse(pointer, "a parameter without a name");
            return;
        };
        let required = parameter.get("required").and_then(Value::as_bool) == Some(true);
        let description = text(parameter, "description").unwrap_or_else(|| UNDESCRIBED.to_owned());
        if parameter.get("content").is_some() {
            let message = "a parameter with `content`: the format sends parameters as plain values";
            self.refuse(&format!("{pointer}/content"), message);
            return;
        }
        let schema = parameter.get("schema").cloned().unwrap_or(Value::Null);
        let schema_pointer = format!("{pointer}/schema");
        let example = parameter
            .get("example")
            .or_else(|| schema.get("example"))
            .filter(|value| !value.is_null())
            .cloned();
        match parameter.get("in").and_then(Value::as_str).unwrap_or("") {
            "path" => {
                let kind = self.parameter_type(&schema);
                if !matches!(kind.as_deref(), None | Some("string" | "integer")) {
                    let message = "a path parameter that is not a string or an integer: \
                        the format's path parameters are strings";
                    self.refuse(&schema_pointer, message);
                    return;
                }
                let mut field = Mapping::new();
                insert(&mut field, "type", "string");
                insert(&mut field, "description", description);
                inputs
                    .path_params
                    .insert(Value::from(name), Value::Mapping(field));
                match example.as_ref().and_then(scalar_text) {
                    Some(value) => {
                        inputs
                            .example_path
                            .insert(Value::from(name), Value::from(value));
                    }
                    None => inputs.example_complete = false,
                }
            }
            "query" => {
                let hint = format!("{type_prefix}{}", name.to_upper_camel_case());
                let Some((mut field, _)) = self.type_keys(&schema, &schema_pointer, &hint, 0)
                else {
                    return;
                };
                let scalar = field.get("ref").is_some()
                    || matches!(
                        field.get("type").and_then(Value::as_str),
                        Some("string" | "boolean" | "int32" | "int64" | "number")
                    );
                if !scalar {
                    let message = "a query parameter that is not a single value: \
                        the format sends strings, numbers, booleans and enums";
                    self.refuse_hint(
                        &schema_pointer,
                        message,
                        "send it in a body, or write it by hand",
                    );
                    return;
                }
                if !required {
                    insert(&mut field, "optional", true);
                }
                copy_rust_name(parameter, &mut field);
                // A query parameter is never sensitive (a URL ends up in logs), and has no
                // `default` in the format: what the server assumes is kept for readers.
                let description = match schema.get("default") {
                    Some(value) => with_default_note(description, value),
                    None => description,
                };
                insert(&mut field, "description", description);
                inputs
                    .query_params
                    .insert(Value::from(name), Value::Mapping(field));
                match example {
                    Some(value) => {
                        inputs.example_query.insert(Value::from(name), value);
                    }
                    None if required => inputs.example_complete = false,
                    None => {}
                }
            }
            "header" => {
                // OpenAPI ignores these three as parameters; they are the client's to set.
                let lowercase = name.to_ascii_lowercase();
                if ["accept", "content-type", "authorization"].contains(&lowercase.as_str()) {
                    return;
                }
                let kind = self.parameter_type(&schema);
                if !matches!(kind.as_deref(), None | Some("string")) {
                    let message = "a header parameter that is not a string: \
                        the format's headers are strings";
                    self.refuse(&schema_pointer, message);
                    return;
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
                if is_sensitive(parameter, &schema) {
                    insert(&mut header, "sensitive", true);
                }
                insert(&mut header, "description", description);
                inputs
                    .headers
                    .insert(Value::from(key.as_str()), Value::Mapping(header));
                match example.as_ref().and_then(scalar_text) {
                    Some(value) => {
                        inputs
                            .example_headers
                            .insert(Value::from(key), Value::from(value));
                    }
                    None if required => inputs.example_complete = false,
                    None => {}
                }
            }
            "cookie" => self.refuse_hint(
                pointer,
                "a cookie parameter: the format sends no cookies",
                "leave the parameter out, or send it as a header by hand",
            ),
            other => self.refuse(pointer, format!("a parameter `in: {other}`")),
        }
    }

    /// The operation's parameters with those of its path item it does not override, resolved.
    pub(super) fn parameters(
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
    pub(super) fn resolve(&mut self, value: &Value, section: &str, pointer: &str) -> Option<Value> {
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
    pub(super) fn parameter_type(&self, schema: &Value) -> Option<String> {
        let target = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix(SCHEMA_REF_PREFIX)
                .and_then(|key| self.component_schema(&unescape(key)))?,
            None => schema,
        };
        schema_type(target)
    }

    pub(super) fn authorization(&mut self, operation: &Value, pointer: &str) -> Option<String> {
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
                        format!(
                            "{what}: the format authenticates with HTTP Basic, \
                             plus optional header credentials"
                        ),
                        "only `type: http, scheme: basic` and `type: apiKey, in: header` \
                         can be imported",
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

    /// Whether the operation overrides the document's security with requirements of which none
    /// holds the Basic scheme (`security: []`, or only header credentials): a public endpoint.
    fn is_public(&self, operation: &Value) -> bool {
        let Some(requirements) = operation.get("security").and_then(Value::as_sequence) else {
            return false;
        };
        let schemes = self
            .document
            .get("components")
            .and_then(|c| c.get("securitySchemes"));
        !requirements.iter().any(|requirement| {
            requirement.as_mapping().is_some_and(|requirement| {
                requirement.keys().filter_map(Value::as_str).any(|name| {
                    schemes
                        .and_then(|schemes| schemes.get(name))
                        .is_some_and(is_basic)
                })
            })
        })
    }

    pub(super) fn request_body(
        &mut self,
        request_body: &Value,
        pointer: &str,
        name_hint: &str,
    ) -> Option<(Mapping, Option<Value>)> {
        let request_body = self.resolve(request_body, "requestBodies", pointer)?;
        // A form body (and no JSON one) is drafted with `encoding: form`; validation then says
        // whether its fields are flat enough for one.
        let form = form_media(&request_body, pointer);
        let (media, media_pointer) = match form.clone() {
            Some(found) => found,
            None => self.json_media(&request_body, pointer, "request body")?,
        };
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
            None => (type_name(name_hint), schema.clone(), schema_pointer.clone()),
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
        let fields = self.fields(&object, &object_pointer, &name, false)?;
        let one_of = match object.get(X_ONE_OF) {
            Some(groups) => {
                let pointer = format!("{object_pointer}/{}", escape(X_ONE_OF));
                Some(self.one_of_groups(groups, &pointer, &name)?)
            }
            None => None,
        };
        let mut body = Mapping::new();
        insert(&mut body, "name", name);
        insert(&mut body, "description", description);
        if form.is_some() {
            insert(&mut body, "encoding", "form");
        }
        insert(&mut body, "fields", fields);
        if let Some(one_of) = one_of {
            insert(&mut body, "one_of", one_of);
        }
        let example = media_example(&media).map(|value| self.without_nulls(&value, &schema, 0));
        Some((body, example))
    }

    /// A body's `x-codegen-one-of` as the spec's `one_of` list; a `type_name` that is the default
    /// (the body's name and the group's) is left out. Whether the fields exist and may be grouped
    /// is the validator's to say, on the draft.
    fn one_of_groups(&mut self, groups: &Value, pointer: &str, body_name: &str) -> Option<Value> {
        let Some(groups) = groups.as_sequence() else {
            self.refuse(pointer, format!("`{X_ONE_OF}` is not a list"));
            return None;
        };
        let mut drafted = Vec::new();
        for (index, group) in groups.iter().enumerate() {
            let group_pointer = format!("{pointer}/{index}");
            let name = group.get("name").and_then(Value::as_str);
            let required = group.get("required").and_then(Value::as_bool);
            let fields: Option<Vec<&str>> = group
                .get("fields")
                .and_then(Value::as_sequence)
                .and_then(|fields| fields.iter().map(Value::as_str).collect());
            let (Some(name), Some(required), Some(fields)) = (name, required, fields) else {
                self.refuse_hint(
                    &group_pointer,
                    "a `one_of` group without a string `name`, a boolean `required` and a list of field names `fields`",
                    "write it as the exporter does: `{name, type_name, description, required, fields}`",
                );
                return None;
            };
            let mut draft = Mapping::new();
            insert(&mut draft, "name", name);
            let default_type_name = format!("{body_name}{}", name.to_upper_camel_case());
            if let Some(type_name) = group.get("type_name").and_then(Value::as_str) {
                if type_name != default_type_name {
                    insert(&mut draft, "type_name", type_name);
                }
            }
            let description = text(group, "description").unwrap_or_else(|| UNDESCRIBED.to_owned());
            insert(&mut draft, "description", description);
            insert(&mut draft, "required", required);
            let fields: Vec<Value> = fields.into_iter().map(Value::from).collect();
            insert(&mut draft, "fields", fields);
            drafted.push(Value::Mapping(draft));
        }
        Some(Value::Sequence(drafted))
    }

    /// The `application/json` entry of `content`, refusing a body of another media type.
    pub(super) fn json_media(
        &mut self,
        holder: &Value,
        pointer: &str,
        what: &str,
    ) -> Option<(Value, String)> {
        let Some(content) = holder.get("content").and_then(Value::as_mapping) else {
            self.refuse(pointer, format!("a {what} without `content`"));
            return None;
        };
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

    pub(super) fn responses(
        &mut self,
        operation: &Value,
        pointer: &str,
        name_hint: &str,
    ) -> Option<(Mapping, Option<Value>)> {
        let name_hint = type_name(name_hint);
        let name_hint = name_hint.as_str();
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
                let fields = self.fields(&schema, &schema_pointer, name_hint, true)?;
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
}

/// The resource path and operation name of an operation (see the module docs).
pub(super) fn names(path: &str, method: &str, operation_id: Option<&str>) -> (Vec<String>, String) {
    let dotted = operation_id
        .and_then(|id| id.rsplit_once('.'))
        .map(|(resource, operation)| {
            let resource: Vec<String> = resource
                .split('.')
                .map(ToSnakeCase::to_snake_case)
                .filter(|segment| !segment.is_empty())
                .collect();
            (resource, operation.to_snake_case())
        })
        .filter(|(resource, operation)| !resource.is_empty() && !operation.is_empty());
    if let Some(names) = dotted {
        return names;
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
    // An operationId with nothing to keep (`..`) is treated as none.
    let operation = match operation_id.map(ToSnakeCase::to_snake_case) {
        Some(id) if !id.is_empty() => id,
        _ => {
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
pub(super) fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

pub(super) fn variant_of(scheme_name: &str, scheme: &Value) -> Variant {
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

pub(super) fn is_basic(scheme: &Value) -> bool {
    scheme.get("type").and_then(Value::as_str) == Some("http")
        && scheme
            .get("scheme")
            .and_then(Value::as_str)
            .is_some_and(|name| name.eq_ignore_ascii_case("basic"))
}

/// The `application/x-www-form-urlencoded` entry of a request body's `content`, with its
/// pointer, when the body has no JSON entry (JSON is preferred where both are offered).
fn form_media(request_body: &Value, pointer: &str) -> Option<(Value, String)> {
    let content = request_body.get("content").and_then(Value::as_mapping)?;
    let essence = |media_type: &Value| {
        let media_type = media_type.as_str().unwrap_or("");
        media_type.split(';').next().unwrap_or("").trim().to_owned()
    };
    let json = |essence: &str| essence == "application/json" || essence.ends_with("+json");
    if content.keys().any(|media_type| json(&essence(media_type))) {
        return None;
    }
    let (media_type, media) = content
        .iter()
        .find(|(media_type, _)| essence(media_type) == FORM_MEDIA_TYPE)?;
    let media_type = media_type.as_str().unwrap_or(FORM_MEDIA_TYPE);
    Some((
        media.clone(),
        format!("{pointer}/content/{}", escape(media_type)),
    ))
}

/// The example of a media type: `example`, or the first of `examples`.
pub(super) fn media_example(media: &Value) -> Option<Value> {
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

/// A scalar example as the text sent in a path or header.
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

pub(super) fn copy_rust_name(from: &Value, field: &mut Mapping) {
    if let Some(rust_name) = from.get(X_RUST_NAME).and_then(Value::as_str) {
        insert(field, "rust_name", rust_name);
    }
}
