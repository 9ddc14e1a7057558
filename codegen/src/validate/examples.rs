//! Examples: struct schemas' examples checked (complete), then each endpoint's example checked
//! against the endpoint and completed from them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;

impl Context {
    /// The types examples are checked against, as they are now.
    pub(super) fn example_types(&self) -> ExampleTypes<'_> {
        ExampleTypes {
            structs: self
                .types
                .iter()
                .map(|def| (def.name.as_str(), def))
                .collect(),
            unions: self
                .unions
                .iter()
                .map(|def| (def.name.as_str(), def))
                .collect(),
            enums: self
                .enums
                .iter()
                .map(|def| (def.name.as_str(), def))
                .collect(),
            schema_examples: &self.schema_examples,
            broken_schema_examples: &self.broken_schema_examples,
        }
    }

    pub(super) fn report_example_errors(
        &mut self,
        file: &Path,
        prefix: &str,
        errors: Vec<ExampleError>,
    ) {
        for (path, message) in errors {
            let key_path = if path.is_empty() {
                prefix.to_owned()
            } else {
                format!("{prefix}.{path}")
            };
            self.error(file, &key_path, message);
        }
    }

    /// Checks every struct schema's example; they must be complete (nothing is filled in).
    pub(super) fn check_schema_examples(&mut self) {
        let raw = std::mem::take(&mut self.raw_schema_examples);
        let mut checked = BTreeMap::new();
        let mut broken = BTreeSet::new();
        let mut all_errors = Vec::new();
        {
            let types = self.example_types();
            for (file, name, value) in &raw {
                let mut errors = Vec::new();
                let json = types.check(value, &Type::Named(name.clone()), "", false, &mut errors);
                all_errors.push((file, format!("{name}.example"), errors));
                match json {
                    Some(json) => {
                        checked.insert(name.clone(), json);
                    }
                    None => {
                        broken.insert(name.clone());
                    }
                }
            }
        }
        for (file, prefix, errors) in all_errors {
            self.report_example_errors(file, &prefix, errors);
        }
        self.schema_examples = checked;
        self.broken_schema_examples = broken;
    }
}

/// Checks an endpoint's example against the endpoint: every value of its declared type, every
/// required input given, the response complete.
pub(super) fn endpoint_example(
    types: &ExampleTypes<'_>,
    example: &ExampleSpec,
    endpoint: &Endpoint,
    authorizations: &[Authorization],
) -> (Option<Example>, Vec<ExampleError>) {
    let mut errors: Vec<ExampleError> = Vec::new();

    let mut path_args = Vec::new();
    for param in &endpoint.path_params {
        match example.path_params.get(&param.wire_name) {
            Some(serde_yaml::Value::String(value)) if !value.is_empty() => {
                path_args.push(value.clone())
            }
            Some(_) => errors.push((
                format!("path_params.{}", param.wire_name),
                "expected a non-empty string".to_owned(),
            )),
            None => errors.push((
                format!("path_params.{}", param.wire_name),
                "a value is needed for every path parameter".to_owned(),
            )),
        }
    }
    for (name, _) in example.path_params.iter() {
        if !endpoint
            .path_params
            .iter()
            .any(|param| param.wire_name == name)
        {
            errors.push((
                format!("path_params.{name}"),
                format!("the endpoint has no path parameter `{name}`"),
            ));
        }
    }

    let mut query = Vec::new();
    for param in &endpoint.query_params {
        let path = format!("query_params.{}", param.wire_name);
        match example.query_params.get(&param.wire_name) {
            Some(value) => query.push(types.check(value, &param.ty, &path, false, &mut errors)),
            None if param.optional => query.push(None),
            None => {
                errors.push((path, "the required query parameter is missing".to_owned()));
                query.push(None);
            }
        }
    }
    for (name, _) in example.query_params.iter() {
        if !endpoint
            .query_params
            .iter()
            .any(|param| param.wire_name == name)
        {
            errors.push((
                format!("query_params.{name}"),
                format!("the endpoint has no query parameter `{name}`"),
            ));
        }
    }

    let mut headers = Vec::new();
    for header in &endpoint.headers {
        let path = format!("headers.{}", header.rust_name.text);
        match example.headers.get(&header.rust_name.text) {
            Some(serde_yaml::Value::String(value)) => headers.push(Some(value.clone())),
            Some(_) => {
                errors.push((path, "expected a string".to_owned()));
                headers.push(None);
            }
            None if header.optional => headers.push(None),
            None => {
                errors.push((path, "the required header is missing".to_owned()));
                headers.push(None);
            }
        }
    }
    for (name, _) in example.headers.iter() {
        if !endpoint
            .headers
            .iter()
            .any(|header| header.rust_name.text == name)
        {
            errors.push((
                format!("headers.{name}"),
                format!("the endpoint has no header parameter `{name}`"),
            ));
        }
    }

    let authorization = match (example.authorization.0.as_slice(), endpoint.authorization) {
        ([], _) => None,
        ([(variant, credential)], Some(index)) => {
            let found = authorizations.get(index).and_then(|authorization| {
                authorization
                    .variants
                    .iter()
                    .find(|v| Some(&v.name) == naming::derived_type_name(variant).as_ref())
            });
            match found {
                Some(found) => Some((found.name.clone(), found.header.clone(), credential.clone())),
                None => {
                    errors.push((
                        format!("authorization.{variant}"),
                        format!("`{variant}` is not a variant of the endpoint's authorization"),
                    ));
                    None
                }
            }
        }
        (_, None) => {
            errors.push((
                "authorization".to_owned(),
                "the endpoint takes no authorization".to_owned(),
            ));
            None
        }
        (_, Some(_)) => {
            errors.push((
                "authorization".to_owned(),
                "give exactly one variant and its credential".to_owned(),
            ));
            None
        }
    };

    let (body, body_json) = match (&endpoint.body, &example.body) {
        (Some(body), Some(value)) => {
            let json = types.check(
                value,
                &Type::Named(body.type_name.clone()),
                "body",
                false,
                &mut errors,
            );
            let given: Vec<Option<Json>> = body
                .fields
                .iter()
                .map(|field| match &json {
                    Some(Json::Object(fields)) => fields
                        .iter()
                        .find(|(name, _)| *name == field.wire_name)
                        .map(|(_, value)| value.clone()),
                    _ => None,
                })
                .collect();
            (given, json)
        }
        (Some(body), None) => {
            if body.fields.iter().any(|field| !field.optional)
                || body.one_of.iter().any(|group| group.required)
            {
                errors.push((
                    "body".to_owned(),
                    "the body has required fields: give them".to_owned(),
                ));
            }
            (
                vec![None; body.fields.len()],
                Some(Json::Object(Vec::new())),
            )
        }
        (None, Some(_)) => {
            errors.push(("body".to_owned(), "the endpoint has no body".to_owned()));
            (Vec::new(), None)
        }
        (None, None) => (Vec::new(), None),
    };

    let response = types.check(
        &example.response,
        &Type::Named(endpoint.response.clone()),
        "response",
        true,
        &mut errors,
    );
    let example = response
        .filter(|_| errors.is_empty())
        .map(|response| Example {
            path_args,
            query,
            headers,
            authorization,
            body,
            body_json,
            response,
        });
    (example, errors)
}
