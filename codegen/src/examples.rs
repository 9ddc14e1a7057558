//! Examples in the spec: checked against their declared types, completed from schema examples,
//! and kept as JSON for the emitter (tests and rustdoc examples).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use serde_yaml::Value;

use crate::model::{EnumDef, Type, TypeDef, UnionDef};

/// A JSON value, in the order the spec wrote it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
    /// Only inside a free-form `json_object`.
    Null,
}

impl fmt::Display for Json {
    /// Compact JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Null => f.write_str("null"),
            Self::Bool(value) => write!(f, "{value}"),
            Self::Int(value) => write!(f, "{value}"),
            // Finite (checked); Rust never prints an exponent, so this is valid JSON.
            Self::Float(value) if value.fract() == 0.0 => write!(f, "{value:.1}"),
            Self::Float(value) => write!(f, "{value}"),
            Self::String(value) => write_json_string(f, value),
            Self::Array(items) => {
                f.write_char('[')?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_char(',')?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_char(']')
            }
            Self::Object(fields) => {
                f.write_char('{')?;
                for (index, (key, value)) in fields.iter().enumerate() {
                    if index > 0 {
                        f.write_char(',')?;
                    }
                    write_json_string(f, key)?;
                    write!(f, ":{value}")?;
                }
                f.write_char('}')
            }
        }
    }
}

impl Json {
    /// Indented JSON text (two spaces), one field or item per line, for reading and diffing.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write_pretty(&mut out, 0);
        out
    }

    fn write_pretty(&self, out: &mut String, depth: usize) {
        let indent = |out: &mut String, depth: usize| out.push_str(&"  ".repeat(depth));
        match self {
            Self::Array(items) if !items.is_empty() => {
                out.push_str("[\n");
                for (index, item) in items.iter().enumerate() {
                    indent(out, depth + 1);
                    item.write_pretty(out, depth + 1);
                    out.push_str(if index + 1 < items.len() { ",\n" } else { "\n" });
                }
                indent(out, depth);
                out.push(']');
            }
            Self::Object(fields) if !fields.is_empty() => {
                out.push_str("{\n");
                for (index, (key, value)) in fields.iter().enumerate() {
                    indent(out, depth + 1);
                    let _ = write!(out, "{}: ", Json::String(key.clone()));
                    value.write_pretty(out, depth + 1);
                    out.push_str(if index + 1 < fields.len() {
                        ",\n"
                    } else {
                        "\n"
                    });
                }
                indent(out, depth);
                out.push('}');
            }
            other => {
                let _ = write!(out, "{other}");
            }
        }
    }
}

fn write_json_string(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in value.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

/// A problem in an example: the key path below the example's root, and what is wrong.
pub(crate) type ExampleError = (String, String);

/// The types examples are checked against.
pub(crate) struct ExampleTypes<'a> {
    pub structs: BTreeMap<&'a str, &'a TypeDef>,
    pub enums: BTreeMap<&'a str, &'a EnumDef>,
    pub unions: BTreeMap<&'a str, &'a UnionDef>,
    /// Complete examples of struct schemas, used to fill in fields an example leaves out.
    pub schema_examples: &'a BTreeMap<String, Json>,
    /// Struct schemas whose own example is wrong (and reported there): a field of their type
    /// left out is not reported again.
    pub broken_schema_examples: &'a BTreeSet<String>,
}

impl ExampleTypes<'_> {
    /// Checks `value` against `ty`. With `fill` (an endpoint's response), a struct field left out
    /// whose type is a schema with an example (or an array of one) is filled in from it: any such
    /// field of `value` itself, and below it only the required ones, since an object the example
    /// writes out says which of its optional fields it has (a session factor holds one factor
    /// object, not every one whose schema has an example). Schema examples are used as they are.
    pub fn check(
        &self,
        value: &Value,
        ty: &Type,
        path: &str,
        fill: bool,
        errors: &mut Vec<ExampleError>,
    ) -> Option<Json> {
        let fill = if fill { Fill::Response } else { Fill::Nothing };
        self.check_value(value, ty, path, fill, errors)
    }

    fn check_value(
        &self,
        value: &Value,
        ty: &Type,
        path: &str,
        fill: Fill,
        errors: &mut Vec<ExampleError>,
    ) -> Option<Json> {
        let mut wrong = |expected: &str| {
            errors.push((
                path.to_owned(),
                format!("expected {expected}, found {}", describe(value)),
            ));
            None
        };
        match (ty, value) {
            (Type::String, Value::String(text)) => Some(Json::String(text.clone())),
            (Type::String, _) => wrong("a string"),
            (Type::Bool, Value::Bool(flag)) => Some(Json::Bool(*flag)),
            (Type::Bool, _) => wrong("true or false"),
            (Type::I32, Value::Number(number)) => {
                match number.as_i64().and_then(|n| i32::try_from(n).ok()) {
                    Some(n) => Some(Json::Int(n.into())),
                    None => wrong("a 32-bit integer"),
                }
            }
            (Type::I32, _) => wrong("a 32-bit integer"),
            (Type::I64, Value::Number(number)) => match number.as_i64() {
                Some(n) => Some(Json::Int(n)),
                None => wrong("a 64-bit integer"),
            },
            (Type::I64, _) => wrong("a 64-bit integer"),
            (Type::F64, Value::Number(number)) => match number.as_f64().filter(|n| n.is_finite()) {
                Some(n) => Some(Json::Float(n)),
                None => wrong("a finite number"),
            },
            (Type::F64, _) => wrong("a number"),
            (Type::JsonObject, Value::Mapping(_)) => free_form(value, path, errors),
            (Type::JsonObject, _) => wrong("an object"),
            (Type::Array(item), Value::Sequence(items)) => {
                let checked: Vec<Option<Json>> = items
                    .iter()
                    .enumerate()
                    .map(|(index, item_value)| {
                        let item_path = format!("{path}[{index}]");
                        self.check_value(item_value, item, &item_path, fill, errors)
                    })
                    .collect();
                checked
                    .into_iter()
                    .collect::<Option<Vec<_>>>()
                    .map(Json::Array)
            }
            (Type::Array(_), _) => wrong("a list"),
            (Type::Map(item), Value::Mapping(mapping)) => {
                let mut entries = Vec::new();
                for (key, item_value) in mapping {
                    let Some(key) = key.as_str() else {
                        errors.push((
                            path.to_owned(),
                            format!("map keys must be strings, found {}", describe(key)),
                        ));
                        return None;
                    };
                    entries.push((
                        key.to_owned(),
                        self.check_value(item_value, item, &format!("{path}.{key}"), fill, errors),
                    ));
                }
                entries
                    .into_iter()
                    .map(|(key, value)| value.map(|value| (key, value)))
                    .collect::<Option<Vec<_>>>()
                    .map(Json::Object)
            }
            (Type::Map(_), _) => wrong("an object (a map)"),
            (Type::Named(name), _) => {
                if let Some(def) = self.enums.get(name.as_str()) {
                    match value {
                        Value::String(text)
                            if def.variants.iter().any(|variant| variant.value == *text) =>
                        {
                            Some(Json::String(text.clone()))
                        }
                        Value::String(text) => {
                            let known: Vec<&str> =
                                def.variants.iter().map(|v| v.value.as_str()).collect();
                            let message = format!(
                                "`{text}` is not a value of `{name}` ({})",
                                known.join(", ")
                            );
                            errors.push((path.to_owned(), message));
                            None
                        }
                        _ => wrong(&format!("a value of `{name}`")),
                    }
                } else if let Some(def) = self.structs.get(name.as_str()) {
                    self.check_struct(value, def, path, fill, errors)
                } else if let Some(def) = self.unions.get(name.as_str()) {
                    self.check_union(value, def, path, fill, errors)
                } else {
                    None
                }
            }
        }
    }

    fn check_union(
        &self,
        value: &Value,
        def: &UnionDef,
        path: &str,
        fill: Fill,
        errors: &mut Vec<ExampleError>,
    ) -> Option<Json> {
        let mapping = object_of(value, &def.name, path, errors)?;
        let join = |key: &str| join_path(path, key);
        let unexpected = mapping
            .keys()
            .find(|key| !matches!(key.as_str(), Some(key) if key == def.tag || key == def.content));
        if let Some(key) = unexpected {
            let key = key
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| describe(key));
            errors.push((
                join(&key),
                format!(
                    "`{}` objects have only `{}` and `{}`",
                    def.name, def.tag, def.content
                ),
            ));
            return None;
        }
        let Some(Value::String(tag)) = mapping.get(def.tag.as_str()) else {
            errors.push((join(&def.tag), format!("expected `{}`, a string", def.tag)));
            return None;
        };
        let Some(content) = mapping.get(def.content.as_str()) else {
            errors.push((join(&def.content), format!("`{}` is missing", def.content)));
            return None;
        };
        let content_path = join(&def.content);
        let content = match def.variants.iter().find(|variant| variant.tag == *tag) {
            Some(variant) => {
                self.check_value(content, &variant.ty, &content_path, fill.below(), errors)?
            }
            // A tag the client does not know: its value is free-form.
            None => free_form(content, &content_path, errors)?,
        };
        Some(Json::Object(vec![
            (def.tag.clone(), Json::String(tag.clone())),
            (def.content.clone(), content),
        ]))
    }

    fn check_struct(
        &self,
        value: &Value,
        def: &TypeDef,
        path: &str,
        fill: Fill,
        errors: &mut Vec<ExampleError>,
    ) -> Option<Json> {
        let mapping = object_of(value, &def.name, path, errors)?;
        let join = |key: &str| join_path(path, key);
        let mut ok = true;
        for key in mapping.keys() {
            let known = key
                .as_str()
                .is_some_and(|key| def.fields.iter().any(|field| field.wire_name == key));
            if !known {
                let key = key
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| describe(key));
                errors.push((join(&key), format!("`{}` has no field `{key}`", def.name)));
                ok = false;
            }
        }
        let mut fields = Vec::new();
        for field in &def.fields {
            let field_path = join(&field.wire_name);
            match mapping.get(field.wire_name.as_str()) {
                Some(Value::Null) => {
                    errors.push((
                        field_path,
                        "null is not allowed in an example: leave the field out".to_owned(),
                    ));
                    ok = false;
                }
                Some(field_value) => {
                    let checked =
                        self.check_value(field_value, &field.ty, &field_path, fill.below(), errors);
                    match checked {
                        Some(json) => fields.push((field.wire_name.clone(), json)),
                        None => ok = false,
                    }
                }
                None => {
                    // The schema whose example fills the field in: its type, or its item type.
                    let fills = match fill {
                        Fill::Response => true,
                        Fill::Required => !field.optional,
                        Fill::Nothing => false,
                    };
                    let schema = match (&field.ty, fills) {
                        (Type::Named(name), true) => Some((name, false)),
                        (Type::Array(item), true) => match item.as_ref() {
                            Type::Named(name) => Some((name, true)),
                            _ => None,
                        },
                        _ => None,
                    };
                    let filled = schema.and_then(|(name, array)| {
                        let example = self.schema_examples.get(name)?.clone();
                        Some(if array {
                            Json::Array(vec![example])
                        } else {
                            example
                        })
                    });
                    if let Some(filled) = filled {
                        fields.push((field.wire_name.clone(), filled));
                    } else if let Some(empty) =
                        field.default.then(|| empty_value(&field.ty)).flatten()
                    {
                        // What the client decodes the absent field as, so the example is complete.
                        fields.push((field.wire_name.clone(), empty));
                    } else if !field.optional {
                        // A schema whose own example is wrong was reported there, once.
                        let consequence = schema.is_some_and(|(name, _)| {
                            self.broken_schema_examples.contains(name.as_str())
                        });
                        if !consequence {
                            errors.push((
                                field_path,
                                format!("the required field `{}` is missing", field.wire_name),
                            ));
                        }
                        ok = false;
                    }
                }
            }
        }
        for group in &def.one_of {
            let set: Vec<&str> = group
                .variants
                .iter()
                .filter_map(|variant| def.fields.get(variant.field))
                .map(|field| field.wire_name.as_str())
                .filter(|wire_name| mapping.contains_key(*wire_name))
                .collect();
            if let [first, second, ..] = set.as_slice() {
                let taken = if group.required {
                    "exactly one"
                } else {
                    "at most one"
                };
                errors.push((
                    join(second),
                    format!(
                        "`{first}` and `{second}` are both set, but the group `{}` takes {taken} of them",
                        group.name.text
                    ),
                ));
                ok = false;
            } else if set.is_empty() && group.required {
                errors.push((path.to_owned(), missing_group_message(def, group)));
                ok = false;
            }
        }
        ok.then_some(Json::Object(fields))
    }
}

/// What an example that sets no field of the required group `group` of `def` is told.
fn missing_group_message(def: &TypeDef, group: &crate::model::OneOf) -> String {
    let names: Vec<String> = group
        .variants
        .iter()
        .filter_map(|variant| def.fields.get(variant.field))
        .map(|field| format!("`{}`", field.wire_name))
        .collect();
    format!(
        "set exactly one of {} (the group `{}`)",
        names.join(", "),
        group.name.text
    )
}

/// Which fields left out of an example are filled in from their schemas' examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fill {
    /// None (request values, schema examples).
    Nothing,
    /// Every field of the response object itself.
    Response,
    /// The required fields of an object written out inside the response.
    Required,
}

impl Fill {
    /// What applies to the values inside an object checked with `self`.
    fn below(self) -> Self {
        match self {
            Self::Response | Self::Required => Self::Required,
            Self::Nothing => Self::Nothing,
        }
    }
}

/// The value a field with a `default` takes when it is absent: the empty value of its type.
fn empty_value(ty: &Type) -> Option<Json> {
    match ty {
        Type::Bool => Some(Json::Bool(false)),
        Type::I32 | Type::I64 => Some(Json::Int(0)),
        Type::F64 => Some(Json::Float(0.0)),
        Type::String => Some(Json::String(String::new())),
        Type::Array(_) => Some(Json::Array(Vec::new())),
        Type::Map(_) | Type::JsonObject => Some(Json::Object(Vec::new())),
        Type::Named(_) => None,
    }
}

/// The mapping an object of type `name` must be, or an error.
fn object_of<'v>(
    value: &'v Value,
    name: &str,
    path: &str,
    errors: &mut Vec<ExampleError>,
) -> Option<&'v serde_yaml::Mapping> {
    match value {
        Value::Mapping(mapping) => Some(mapping),
        _ => {
            let message = format!("expected an object `{name}`, found {}", describe(value));
            errors.push((path.to_owned(), message));
            None
        }
    }
}

/// `path.key`, or `key` at the root.
fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A free-form value, converted as it is (`null` allowed).
pub(crate) fn free_form(value: &Value, path: &str, errors: &mut Vec<ExampleError>) -> Option<Json> {
    match value {
        Value::Null => Some(Json::Null),
        Value::Bool(flag) => Some(Json::Bool(*flag)),
        Value::Number(number) => match (number.as_i64(), number.as_f64()) {
            (Some(n), _) => Some(Json::Int(n)),
            (None, Some(n)) if n.is_finite() => Some(Json::Float(n)),
            _ => {
                errors.push((path.to_owned(), "numbers must be finite".to_owned()));
                None
            }
        },
        Value::String(text) => Some(Json::String(text.clone())),
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| free_form(item, &format!("{path}[{index}]"), errors))
            .collect::<Option<Vec<_>>>()
            .map(Json::Array),
        Value::Mapping(mapping) => mapping
            .iter()
            .map(|(key, item)| match key.as_str() {
                Some(key) => free_form(item, &format!("{path}.{key}"), errors)
                    .map(|json| (key.to_owned(), json)),
                None => {
                    errors.push((
                        path.to_owned(),
                        format!("object keys must be strings, found {}", describe(key)),
                    ));
                    None
                }
            })
            .collect::<Option<Vec<_>>>()
            .map(Json::Object),
        Value::Tagged(_) => {
            errors.push((
                path.to_owned(),
                "YAML tags (`!name`) are not allowed in examples".to_owned(),
            ));
            None
        }
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Number(number) => format!("`{number}`"),
        Value::String(text) => format!("the string `{text}`"),
        Value::Sequence(_) => "a list".to_owned(),
        Value::Mapping(_) => "an object".to_owned(),
        Value::Tagged(_) => "a tagged value".to_owned(),
    }
}

/// Escapes a path segment like JavaScript's `encodeURIComponent`, as the client does, so a test
/// can state the exact raw path it expects.
pub(crate) fn encode_path_segment(value: &str) -> String {
    let mut encoded = String::new();
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// The `application/x-www-form-urlencoded` text of a flat object, as JavaScript's
/// `URLSearchParams` writes it (what the official SDKs send): `A-Z a-z 0-9 * - . _` as they are, a
/// space as `+`, every other byte `%XX`. Written apart from the client's encoder, so an example
/// test states the exact bytes independently. Nested values only reach here if validation let
/// them through; they are written as JSON text.
pub(crate) fn form_urlencoded(fields: &[(String, Json)]) -> String {
    fn escape(encoded: &mut String, text: &str) {
        for &byte in text.as_bytes() {
            match byte {
                b' ' => encoded.push('+'),
                _ if byte.is_ascii_alphanumeric() || b"*-._".contains(&byte) => {
                    encoded.push(char::from(byte));
                }
                _ => {
                    let _ = write!(encoded, "%{byte:02X}");
                }
            }
        }
    }
    let mut encoded = String::new();
    for (index, (name, value)) in fields.iter().enumerate() {
        if index > 0 {
            encoded.push('&');
        }
        escape(&mut encoded, name);
        encoded.push('=');
        match value {
            Json::String(text) => escape(&mut encoded, text),
            other => escape(&mut encoded, &other.to_string()),
        }
    }
    encoded
}

/// Standard base64 with padding, for the expected Basic authorization header.
pub(crate) fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let bytes = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;
    use crate::naming::Name;

    fn field(wire_name: &str, ty: Type, optional: bool) -> Field {
        Field {
            wire_name: wire_name.to_owned(),
            rust_name: Name {
                text: wire_name.to_owned(),
                raw: false,
            },
            ty,
            optional,
            nullable: false,
            boxed: false,
            sensitive: false,
            default: false,
            description: String::new(),
        }
    }

    fn object(fields: &[(&str, Json)]) -> Json {
        Json::Object(
            fields
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone()))
                .collect(),
        )
    }

    /// A session factor written out with one of its optional factor objects keeps only that one,
    /// though every factor object's schema has an example; left out of the response itself, an
    /// optional schema-typed field is filled in, and a required one anywhere.
    #[test]
    fn completion_fills_optional_fields_only_of_the_response_itself() {
        let named = |name: &str| Type::Named(name.to_owned());
        let struct_def = |name: &str, fields: Vec<Field>| TypeDef {
            name: name.to_owned(),
            description: String::new(),
            fields,
            one_of: Vec::new(),
            built_by_users: false,
        };
        let email = struct_def("Email", vec![field("email_id", Type::String, false)]);
        let phone = struct_def("Phone", vec![field("phone_id", Type::String, false)]);
        let factor = struct_def(
            "Factor",
            vec![
                field("email_factor", named("Email"), true),
                field("phone_factor", named("Phone"), true),
                field("owner", named("Email"), false),
            ],
        );
        let response = struct_def(
            "Response",
            vec![
                field("factors", Type::Array(Box::new(named("Factor"))), false),
                field("phone", named("Phone"), true),
            ],
        );
        let structs: BTreeMap<&str, &TypeDef> = [&email, &phone, &factor, &response]
            .into_iter()
            .map(|def| (def.name.as_str(), def))
            .collect();
        let email_example = object(&[("email_id", Json::String("email-1".to_owned()))]);
        let phone_example = object(&[("phone_id", Json::String("phone-1".to_owned()))]);
        let schema_examples = BTreeMap::from([
            ("Email".to_owned(), email_example.clone()),
            ("Phone".to_owned(), phone_example.clone()),
        ]);
        let broken = BTreeSet::new();
        let types = ExampleTypes {
            structs,
            enums: BTreeMap::new(),
            unions: BTreeMap::new(),
            schema_examples: &schema_examples,
            broken_schema_examples: &broken,
        };
        let value: Value =
            serde_yaml::from_str("factors: [{ email_factor: { email_id: email-2 } }]")
                .expect("YAML");
        let mut errors = Vec::new();
        let filled = types.check(&value, &named("Response"), "response", true, &mut errors);
        assert_eq!(errors, []);
        let written_factor = object(&[
            (
                "email_factor",
                object(&[("email_id", Json::String("email-2".to_owned()))]),
            ),
            ("owner", email_example),
        ]);
        assert_eq!(
            filled,
            Some(object(&[
                ("factors", Json::Array(vec![written_factor])),
                ("phone", phone_example),
            ]))
        );
    }

    #[test]
    fn base64_and_path_encoding_match_their_references() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(
            base64(b"project-test-example:secret-example"),
            "cHJvamVjdC10ZXN0LWV4YW1wbGU6c2VjcmV0LWV4YW1wbGU="
        );
        assert_eq!(
            encode_path_segment("okta|00u1 é/x"),
            "okta%7C00u1%20%C3%A9%2Fx"
        );
    }

    #[test]
    fn form_encoding_matches_url_search_params() {
        // `new URLSearchParams({token: "a b+c/é~!", client_id: "x*-._y", n: 42, on: true}).toString()`
        let fields = vec![
            ("token".to_owned(), Json::String("a b+c/é~!".to_owned())),
            ("client_id".to_owned(), Json::String("x*-._y".to_owned())),
            ("n".to_owned(), Json::Int(42)),
            ("on".to_owned(), Json::Bool(true)),
        ];
        assert_eq!(
            form_urlencoded(&fields),
            "token=a+b%2Bc%2F%C3%A9%7E%21&client_id=x*-._y&n=42&on=true"
        );
    }

    #[test]
    fn json_text_is_compact_and_escaped() {
        let json = Json::Object(vec![
            (
                "a".to_owned(),
                Json::Array(vec![Json::Int(1), Json::Float(2.5), Json::Float(3.0)]),
            ),
            (
                "b\"".to_owned(),
                Json::String("line\nbreak\u{1}".to_owned()),
            ),
            ("c".to_owned(), Json::Null),
        ]);
        assert_eq!(
            json.to_string(),
            r#"{"a":[1,2.5,3.0],"b\"":"line\nbreak\u0001","c":null}"#
        );
        assert_eq!(
            Json::Object(vec![
                ("a".to_owned(), Json::Array(vec![Json::Int(1)])),
                ("b".to_owned(), Json::Object(vec![]))
            ])
            .pretty(),
            "{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}"
        );
    }
}
