//! One endpoint file: method, path and its parameters, query, headers, body, response,
//! pagination, and the names its request builder gets; and that no two endpoints share a route.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::model::BodyEncoding;
use crate::spec::{BodyEncodingSpec, EndpointAuthSpec};

impl Context {
    pub(super) fn endpoint(
        &mut self,
        loaded: &LoadedEndpoint,
        api: &ApiFile,
        authorizations: &[Authorization],
    ) -> Option<Endpoint> {
        let file = loaded.file.as_path();
        let spec = &loaded.spec;
        let mut ok = true;
        for (index, folder) in loaded.resource.iter().enumerate() {
            if !naming::is_snake_case(folder) {
                ok = false;
                // Reported once, on the first file found in the folder.
                let folder_path = loaded.resource[..=index].join("/");
                if self.bad_folders.insert(folder_path.clone()) {
                    let hint = format!(
                        "rename it to `{}`",
                        heck::ToSnakeCase::to_snake_case(folder.as_str())
                    );
                    let message = format!("folder `{folder_path}` is not snake_case");
                    self.error_hint(file, "", message, hint);
                }
            }
        }
        let method_name = self.snake_key(file, "", &loaded.operation);
        self.require_text(file, "summary", &spec.summary);
        if let Some(description) = &spec.description {
            self.require_text(file, "description", description);
        }

        let http_method = match spec.method.as_str() {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            "PUT" => Some(HttpMethod::Put),
            "PATCH" => Some(HttpMethod::Patch),
            "DELETE" => Some(HttpMethod::Delete),
            other => {
                let hint = if ["get", "post", "put", "patch", "delete"]
                    .contains(&other.to_ascii_lowercase().as_str())
                {
                    format!("write it in upper case: `{}`", other.to_ascii_uppercase())
                } else {
                    "use GET, POST, PUT, PATCH or DELETE".to_owned()
                };
                self.error_hint(
                    file,
                    "method",
                    format!("`{other}` is not a supported HTTP method"),
                    hint,
                );
                None
            }
        };

        // Path and its parameters.
        let mut path_params = Vec::new();
        for (name, param) in spec.path_params.iter() {
            let key_path = format!("path_params.{name}");
            if param.optional {
                self.error(
                    file,
                    &format!("{key_path}.optional"),
                    "path parameters are always required",
                );
            }
            self.parameter_keys(file, &key_path, param);
            if let Some(field) = self.field(file, &key_path, name, param) {
                if field.ty != Type::String {
                    self.error(file, &key_path, "path parameters must be `type: string`");
                }
                path_params.push(field);
            }
        }
        let path = self.path(file, &spec.path, &spec.path_params, &mut path_params);

        let mut query_params = Vec::new();
        for (name, param) in spec.query_params.iter() {
            let key_path = format!("query_params.{name}");
            self.parameter_keys(file, &key_path, param);
            if let Some(field) = self.field(file, &key_path, name, param) {
                let is_enum = |name: &str| self.enums.iter().any(|def| def.name == name);
                let scalar = match &field.ty {
                    Type::String | Type::Bool | Type::I32 | Type::I64 | Type::F64 => true,
                    Type::Named(name) => is_enum(name),
                    Type::JsonObject | Type::Array(_) | Type::Map(_) => false,
                };
                if field.nullable {
                    self.error(
                        file,
                        &format!("{key_path}.nullable"),
                        "parameters cannot be nullable",
                    );
                }
                if !scalar {
                    self.error_hint(
                        file,
                        &key_path,
                        "query parameters must be a scalar type",
                        "use string, boolean, int32, int64, number or an enum",
                    );
                }
                query_params.push(field);
            }
        }

        let mut headers = Vec::new();
        for (name, header) in spec.headers.iter() {
            let key_path = format!("headers.{name}");
            self.require_text(
                file,
                &format!("{key_path}.description"),
                &header.description,
            );
            self.header_name(file, &format!("{key_path}.header"), &header.header);
            if let Some(rust_name) = self.snake_key(file, &key_path, name) {
                headers.push(HeaderParam {
                    header: header.header.clone(),
                    rust_name,
                    optional: header.optional,
                    sensitive: header.sensitive,
                    description: header.description.clone(),
                });
            }
        }

        self.check_header_sources(file, spec, api);

        let authorization = spec.authorization.as_ref().and_then(|key| {
            // An entry that failed its own validation is missing here but reported already.
            let index = authorizations
                .iter()
                .position(|authorization| authorization.key == *key);
            if api.authorizations.get(key).is_none() {
                let hint = closest(key, api.authorizations.iter().map(|(name, _)| name))
                    .map(|name| format!("did you mean `{name}`?"))
                    .unwrap_or_else(|| "declare it under `authorizations` in api.yaml".to_owned());
                self.error_hint(
                    file,
                    "authorization",
                    format!("no authorization named `{key}` in {API_FILE}"),
                    hint,
                );
            }
            index
        });

        let body = spec.body.as_ref().and_then(|body| {
            self.require_text(file, "body.description", &body.description);
            if !self.declare_type(&body.name, file, "body.name") {
                return None;
            }
            for (name, field) in body.fields.iter() {
                if field.default.is_some() {
                    self.error_hint(
                        file,
                        &format!("body.fields.{name}.default"),
                        "a request body field has no default: the body is sent, never received",
                        "remove `default`; make the field `optional: true` to leave it out",
                    );
                }
            }
            let fields = self.fields(file, "body", &body.fields);
            let encoding = match body.encoding {
                None | Some(BodyEncodingSpec::Json) => BodyEncoding::Json,
                Some(BodyEncodingSpec::Form) => {
                    self.check_form_fields(file, &fields);
                    BodyEncoding::Form
                }
            };
            let one_of = self.one_of_groups(file, body, &fields);
            self.push_type(
                TypeDef {
                    name: body.name.clone(),
                    description: body.description.clone(),
                    fields: fields.clone(),
                    built_by_users: false,
                    one_of: one_of.clone(),
                },
                file,
                "body",
            );
            Some(Body {
                type_name: body.name.clone(),
                fields,
                one_of,
                encoding,
            })
        });
        if body.is_some() && http_method == Some(HttpMethod::Get) {
            self.error_hint(
                file,
                "body",
                "a GET request has no body",
                "use query_params, or another method",
            );
        }

        let response = self.response(file, spec);

        // Folders and operation are checked snake_case keys, so they always give a type name.
        let builder_name =
            naming::builder_name(&loaded.resource, &loaded.operation).unwrap_or_default();
        let idempotent = spec.idempotent.unwrap_or(matches!(
            http_method,
            Some(HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete)
        ));
        let operation_id = loaded
            .resource
            .iter()
            .chain([&loaded.operation])
            .cloned()
            .collect::<Vec<_>>()
            .join(".");
        let endpoint = Endpoint {
            operation_id,
            idempotent,
            method_name: method_name?,
            builder_name,
            http_method: http_method?,
            path_template: spec.path.clone(),
            path: path?,
            path_params,
            query_params,
            headers,
            authorization,
            basic_auth: spec.auth != Some(EndpointAuthSpec::None),
            body,
            response: response?,
            summary: spec.summary.clone(),
            description: spec.description.clone(),
            docs_url: spec.docs_url.clone(),
            resource_path: loaded
                .resource
                .iter()
                .filter_map(|folder| naming::snake_name(folder))
                .collect(),
            pagination: None,
            example: None,
        };
        self.check_builder_names(file, &endpoint, authorizations);
        let mut endpoint = endpoint;
        if let Some(pagination) = &spec.pagination {
            endpoint.pagination = self.pagination(file, pagination, &endpoint);
        }
        ok.then_some(endpoint)
    }

    /// A form body is `name=value` pairs: each field must be one scalar whose text every encoder
    /// writes alike, present or left out (a form has no `null`).
    fn check_form_fields(&mut self, file: &Path, fields: &[Field]) {
        for field in fields {
            let key_path = format!("body.fields.{}", field.wire_name);
            let flat = match &field.ty {
                Type::String | Type::Bool | Type::I32 | Type::I64 => true,
                Type::Named(name) => self.enums.iter().any(|def| def.name == *name),
                Type::F64 | Type::JsonObject | Type::Array(_) | Type::Map(_) => false,
            };
            if !flat {
                let hint = if field.ty == Type::F64 {
                    "a `number`'s text differs between encoders (`1.0` or `1`): send it as a string, or use `encoding: json`"
                } else {
                    "a form field is one `name=value` pair: use string, boolean, int32, int64 or an enum, or `encoding: json`"
                };
                self.error_hint(
                    file,
                    &key_path,
                    "a field of a form body (`encoding: form`) must be a flat scalar",
                    hint,
                );
            }
            if field.nullable {
                self.error_hint(
                    file,
                    &format!("{key_path}.nullable"),
                    "a form body cannot send `null`",
                    "remove `nullable`; an unset optional field is left out",
                );
            }
        }
    }

    /// Every header an endpoint can send comes from one place: two header parameters, or a header
    /// parameter and a variant of the endpoint's authorization, must not name the same header
    /// (header names are case-insensitive), or one value would silently replace the other.
    fn check_header_sources(
        &mut self,
        file: &Path,
        spec: &crate::spec::EndpointFile,
        api: &ApiFile,
    ) {
        // (header, where it is declared), in declaration order.
        let mut seen: Vec<(&str, String)> = Vec::new();
        if let Some(authorization) = spec
            .authorization
            .as_ref()
            .and_then(|key| Some((key, api.authorizations.get(key)?)))
        {
            let (key, authorization) = authorization;
            for (variant, variant_spec) in authorization.variants.iter() {
                seen.push((
                    &variant_spec.header,
                    format!("the authorization `{key}` (variant `{variant}`, in {API_FILE})"),
                ));
            }
        }
        let from_authorization = seen.len();
        for (name, header) in spec.headers.iter() {
            let key_path = format!("headers.{name}.header");
            let earlier = seen
                .iter()
                .enumerate()
                .find(|(_, (other, _))| other.eq_ignore_ascii_case(&header.header));
            if let Some((index, (other, source))) = earlier {
                let hint = if index < from_authorization {
                    "remove this parameter: the request's `.authorization(…)` setter sends it"
                } else {
                    "remove one of them (header names are case-insensitive)"
                };
                let message = if *other == header.header {
                    format!("`{other}` is already sent by {source}")
                } else {
                    format!(
                        "`{}` is already sent, as `{other}`, by {source}",
                        header.header
                    )
                };
                self.error_hint(file, &key_path, message, hint);
            } else {
                seen.push((&header.header, format!("headers.{name}")));
            }
        }
    }

    /// Keys a field may have but a path or query parameter may not.
    fn parameter_keys(&mut self, file: &Path, key_path: &str, param: &FieldSpec) {
        if param.sensitive {
            self.error_hint(
                file,
                &format!("{key_path}.sensitive"),
                "a parameter in the URL cannot be kept secret: URLs appear in traces, proxy logs and transport errors",
                "send the secret in a header (`headers:` with `sensitive: true`) or a body field",
            );
        }
        if param.default.is_some() {
            self.error_hint(
                file,
                &format!("{key_path}.default"),
                "a parameter has no default: it is sent, never received",
                "remove `default`; make the parameter `optional: true` to leave it out",
            );
        }
    }

    /// Resolves `pagination`: the cursor input, the path to the next cursor, the items field.
    pub(super) fn pagination(
        &mut self,
        file: &Path,
        spec: &PaginationSpec,
        endpoint: &Endpoint,
    ) -> Option<Pagination> {
        let inputs = endpoint
            .query_params
            .iter()
            .chain(endpoint.body.iter().flat_map(|body| body.fields.iter()));
        let cursor = inputs.clone().find(|field| field.wire_name == spec.cursor);
        let grouped = endpoint.body.as_ref().is_some_and(|body| {
            body.fields
                .iter()
                .enumerate()
                .any(|(index, field)| field.wire_name == spec.cursor && body.is_grouped(index))
        });
        let cursor_setter = match cursor {
            Some(_) if grouped => {
                self.error_hint(
                    file,
                    "pagination.cursor",
                    format!(
                        "`{}` is in a `one_of` group, so it has no setter of its own",
                        spec.cursor
                    ),
                    "take the cursor field out of the group",
                );
                None
            }
            Some(field) if field.optional && field.ty == Type::String => {
                Some(field.rust_name.clone())
            }
            Some(_) => {
                self.error(
                    file,
                    "pagination.cursor",
                    format!("`{}` must be an optional string", spec.cursor),
                );
                None
            }
            None => {
                let names: Vec<&str> = inputs.map(|field| field.wire_name.as_str()).collect();
                let hint = closest(&spec.cursor, names.into_iter())
                    .map(|name| format!("did you mean `{name}`?"))
                    .unwrap_or_else(|| "name an optional query parameter or body field".to_owned());
                let message = format!("no query parameter or body field `{}`", spec.cursor);
                self.error_hint(file, "pagination.cursor", message, hint);
                None
            }
        };

        // Walk the response's fields down the dotted path.
        let mut next_cursor = Vec::new();
        let mut current = endpoint.response.clone();
        let segments: Vec<&str> = spec.next_cursor.split('.').collect();
        let mut resolved = true;
        for (index, segment) in segments.iter().enumerate() {
            let field = self
                .types
                .iter()
                .find(|def| def.name == current)
                .and_then(|def| def.fields.iter().find(|field| field.wire_name == *segment));
            let Some(field) = field else {
                self.error(
                    file,
                    "pagination.next_cursor",
                    format!("`{current}` has no field `{segment}`"),
                );
                resolved = false;
                break;
            };
            next_cursor.push((field.rust_name.clone(), field.optional));
            let last = index + 1 == segments.len();
            match (&field.ty, last) {
                (Type::String, true) => {}
                (Type::Named(name), false) => current = name.clone(),
                _ => {
                    let expected = if last { "a string" } else { "an object" };
                    self.error(
                        file,
                        "pagination.next_cursor",
                        format!("`{segment}` is not {expected}"),
                    );
                    resolved = false;
                    break;
                }
            }
        }

        let items = self
            .types
            .iter()
            .find(|def| def.name == endpoint.response)
            .and_then(|def| {
                def.fields
                    .iter()
                    .find(|field| field.wire_name == spec.items)
            })
            .cloned();
        let items = match items {
            Some(Field {
                rust_name,
                optional,
                ty: Type::Array(item),
                ..
            }) => Some((rust_name, optional, *item)),
            Some(_) => {
                self.error(
                    file,
                    "pagination.items",
                    format!("`{}` is not an array", spec.items),
                );
                None
            }
            None => {
                let message = format!("`{}` has no field `{}`", endpoint.response, spec.items);
                self.error(file, "pagination.items", message);
                None
            }
        };
        Some(Pagination {
            cursor_setter: cursor_setter?,
            next_cursor: resolved.then_some(next_cursor)?,
            items: items?,
            next_cursor_path: spec.next_cursor.clone(),
            cursor_wire_name: spec.cursor.clone(),
        })
    }

    pub(super) fn response(
        &mut self,
        file: &Path,
        spec: &crate::spec::EndpointFile,
    ) -> Option<String> {
        let response = &spec.response;
        match (&response.reference, &response.name) {
            (Some(reference), None) => {
                if response.fields.is_some() || response.description.is_some() {
                    self.error_hint(
                        file,
                        "response",
                        "a response is either a `ref` or an inline `name`/`description`/`fields`",
                        "remove `ref`, or the inline keys",
                    );
                }
                let shape = Shape {
                    reference: Some(reference),
                    ..Shape::default()
                };
                match self.shape(file, "response", &shape)? {
                    Type::Named(name) => Some(name),
                    _ => None,
                }
            }
            (None, Some(name)) => {
                let description = response.description.as_deref().unwrap_or_default();
                if description.trim().is_empty() {
                    self.error(
                        file,
                        "response.description",
                        "an inline response needs a description",
                    );
                }
                let Some(fields) = &response.fields else {
                    self.error(file, "response", "an inline response needs `fields`");
                    return None;
                };
                if !self.declare_type(name, file, "response.name") {
                    return None;
                }
                let fields = self.fields(file, "response", fields);
                self.push_type(
                    TypeDef {
                        name: name.clone(),
                        description: description.to_owned(),
                        fields,
                        built_by_users: false,
                        one_of: Vec::new(),
                    },
                    file,
                    "response",
                );
                Some(name.clone())
            }
            (Some(_), Some(_)) => {
                self.error_hint(
                    file,
                    "response",
                    "has both `ref` and `name`",
                    "keep one of them",
                );
                None
            }
            (None, None) => {
                self.error_hint(
                    file,
                    "response",
                    "needs `ref` or an inline `name`",
                    "add `ref: SchemaName`, or `name`, `description` and `fields`",
                );
                None
            }
        }
    }

    /// Splits a path template into literals and parameters, checking it against `path_params`.
    pub(super) fn path(
        &mut self,
        file: &Path,
        template: &str,
        declared: &OrderedMap<FieldSpec>,
        params: &mut [Field],
    ) -> Option<Vec<PathPart>> {
        if !template.starts_with('/') {
            self.error_hint(
                file,
                "path",
                "must start with `/`",
                format!("write `/{template}`"),
            );
            return None;
        }
        if template.contains(['?', '#']) {
            self.error_hint(
                file,
                "path",
                "must not contain a query or fragment",
                "declare query parameters under query_params",
            );
            return None;
        }
        let mut parts = Vec::new();
        let mut used: Vec<String> = Vec::new();
        let mut rest = template;
        let mut ok = true;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|offset| open + offset) else {
                self.error(file, "path", "a `{` has no matching `}`");
                return None;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let placeholder = &rest[open + 1..close];
            if used.iter().any(|name| name == placeholder) {
                self.error(
                    file,
                    "path",
                    format!("`{{{placeholder}}}` appears more than once"),
                );
                ok = false;
            } else if declared.get(placeholder).is_none() {
                self.error_hint(
                    file,
                    "path",
                    format!("placeholder `{{{placeholder}}}` is not declared"),
                    format!("declare `{placeholder}` under path_params, or fix the path"),
                );
                ok = false;
            }
            used.push(placeholder.to_owned());
            parts.push(PathPart::Param(0));
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            self.error(file, "path", "a `}` has no matching `{`");
            return None;
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for (name, _) in declared.iter() {
            if !used.iter().any(|used| used == name) {
                self.error_hint(
                    file,
                    &format!("path_params.{name}"),
                    format!("`{name}` is not used in the path"),
                    format!("add `{{{name}}}` to the path, or remove the parameter"),
                );
                ok = false;
            }
        }
        if !ok || params.len() != used.len() {
            return None;
        }
        // Parameters become arguments in path order.
        params.sort_by_key(|param| used.iter().position(|name| *name == param.wire_name));
        let mut index = 0;
        for part in &mut parts {
            if let PathPart::Param(slot) = part {
                *slot = index;
                index += 1;
            }
        }
        Some(parts)
    }

    /// Arguments and setters of one builder share a namespace with `send`.
    pub(super) fn check_builder_names(
        &mut self,
        file: &Path,
        endpoint: &Endpoint,
        authorizations: &[Authorization],
    ) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        // A grouped field has no setter of its own: its group's argument or setter stands for it.
        let body_fields = endpoint.body.iter().flat_map(|body| {
            body.fields
                .iter()
                .enumerate()
                .filter(|(index, _)| !body.is_grouped(*index))
                .map(|(_, field)| field)
        });
        let groups = endpoint.body.iter().flat_map(|body| {
            body.one_of.iter().map(|group| {
                let key_path = format!("body.one_of[{}].name", group.position);
                (group.name.text.clone(), key_path)
            })
        });
        let names = endpoint
            .path_params
            .iter()
            .map(|p| {
                (
                    p.rust_name.text.clone(),
                    format!("path_params.{}", p.wire_name),
                )
            })
            .chain(endpoint.query_params.iter().map(|p| {
                (
                    p.rust_name.text.clone(),
                    format!("query_params.{}", p.wire_name),
                )
            }))
            .chain(endpoint.headers.iter().map(|h| {
                (
                    h.rust_name.text.clone(),
                    format!("headers.{}", h.rust_name.text),
                )
            }))
            .chain(body_fields.flat_map(|f| {
                let key_path = format!("body.fields.{}", f.wire_name);
                // A nullable field also gets a setter that clears it.
                let clear = f
                    .nullable
                    .then(|| (format!("clear_{}", f.rust_name.text), key_path.clone()));
                [(f.rust_name.text.clone(), key_path)]
                    .into_iter()
                    .chain(clear)
            }))
            .chain(groups)
            .chain(
                endpoint
                    .authorization
                    .and_then(|index| authorizations.get(index))
                    .map(|a| (a.setter.text.clone(), "authorization".to_owned())),
            );
        for (name, key_path) in names {
            if BUILDER_METHODS.contains(&name.as_str()) {
                self.error_hint(
                    file,
                    &key_path,
                    format!("`{name}` is a method every request builder already has"),
                    format!(
                        "set `rust_name` to another identifier, e.g. `rust_name: {name}_value`"
                    ),
                );
            } else if BUILDER_FIELDS.contains(&name.as_str()) {
                self.error_hint(
                    file,
                    &key_path,
                    format!("`{name}` is the name of the request builder's own state"),
                    "set `rust_name` to another identifier",
                );
            } else if let Some(first) = seen.get(&name) {
                let message = format!("becomes the Rust name `{name}`, like {first}");
                self.error_hint(file, &key_path, message, "set `rust_name` on one of them");
            } else {
                seen.insert(name, key_path);
            }
        }
    }
}

pub(super) fn check_unique_routes(ctx: &mut Context, endpoints: &[LoadedEndpoint]) {
    let mut routes: BTreeMap<(String, String), &Path> = BTreeMap::new();
    for endpoint in endpoints {
        // Placeholder names do not matter for routing: `/a/{x}` and `/a/{y}` are the same route,
        // and neither does a trailing slash.
        let mut shape = String::new();
        let mut in_placeholder = false;
        for c in endpoint.spec.path.chars() {
            match c {
                '{' => {
                    in_placeholder = true;
                    shape.push_str("{}");
                }
                '}' => in_placeholder = false,
                _ if !in_placeholder => shape.push(c),
                _ => {}
            }
        }
        while shape.len() > 1 && shape.ends_with('/') {
            shape.pop();
        }
        let key = (endpoint.spec.method.clone(), shape);
        if let Some(first) = routes.get(&key) {
            let message = format!(
                "`{} {}` is also defined in {}",
                endpoint.spec.method,
                endpoint.spec.path,
                first.display()
            );
            ctx.error_hint(
                &endpoint.file,
                "path",
                message,
                "each method and path is one endpoint; remove one",
            );
        } else {
            routes.insert(key, &endpoint.file);
        }
    }
}
