//! Schemas of the document as the format's types: structs, open enums, tagged unions, and the
//! type keys of fields.

use super::endpoints::copy_rust_name;
use super::*;
use crate::examples;
use crate::naming;

impl Importer<'_> {
    pub(super) fn component_schema(&self, key: &str) -> Option<&Value> {
        self.document.get("components")?.get("schemas")?.get(key)
    }

    /// The format's type keys (`type`/`ref`, `items`) for a schema, and whether it may be null.
    /// Objects, enums and unions become named schemas (`name_hint` names an inline one).
    pub(super) fn type_keys(
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
        let name_hint = type_name(name_hint);
        let name_hint = name_hint.as_str();
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
            Some("object") => match schema.get("additionalProperties") {
                Some(Value::Mapping(values)) if !values.is_empty() => {
                    let values = Value::Mapping(values.clone());
                    let (value_keys, value_nullable) = self.type_keys(
                        &values,
                        &format!("{pointer}/additionalProperties"),
                        &format!("{name_hint}Value"),
                        depth + 1,
                    )?;
                    if value_nullable {
                        let message =
                            "map values that may be null: the format has no optional map values";
                        self.refuse(&format!("{pointer}/additionalProperties"), message);
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
            },
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
    pub(super) fn claim_name(&mut self, name: &str, pointer: &str) -> bool {
        if !naming::is_type_name(name) {
            let message = format!("`{name}`, the type name made for this schema, is no Rust name");
            self.refuse_hint(
                pointer,
                message,
                "rename the schema so that its name starts with a letter",
            );
            return false;
        }
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
    pub(super) fn named_schema(
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
                    "a union told apart by a discriminator inside each variant's object: \
                     the format's unions keep the value under a content key next to the tag",
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
            let Some(fields) = self.fields(schema, pointer, name, true) else {
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

    /// The `fields` of an object schema; `received` when it is not a request body, whose fields
    /// take no `default`.
    pub(super) fn fields(
        &mut self,
        schema: &Value,
        pointer: &str,
        type_name: &str,
        received: bool,
    ) -> Option<Mapping> {
        if has_typed_additional_properties(schema) {
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
                if is_sensitive(property, property) {
                    insert(&mut field, "sensitive", true);
                }
                let default = property.get("default");
                let keeps_default = default.is_some_and(|value| {
                    received && is_required && !nullable && is_empty_value(&field, value)
                });
                if let (true, Some(value)) = (keeps_default, default) {
                    insert(&mut field, "default", value.clone());
                }
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
                let description = match default {
                    Some(value) if !keeps_default => with_default_note(description, value),
                    _ => description,
                };
                insert(&mut field, "description", description);
                fields.insert(Value::from(wire_name), Value::Mapping(field));
            }
        }
        complete.then_some(fields)
    }

    /// The example `value` of `schema` with its `null` members left out, as the format's examples
    /// leave out what is absent; inside free-form JSON objects, where `null` is a value, they stay.
    pub(super) fn without_nulls(&self, value: &Value, schema: &Value, depth: usize) -> Value {
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
            && !has_typed_additional_properties(schema);
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
    pub(super) fn tagged(&mut self, name: &str, parts: &[Value], pointer: &str) -> Option<Mapping> {
        let mut tag_name: Option<String> = None;
        let mut content_name: Option<String> = None;
        let mut variants = Mapping::new();
        let refuse = |importer: &mut Self| {
            importer.refuse_hint(
                pointer,
                "a oneOf/anyOf that is not adjacently tagged: the format's unions are objects \
                 of a tag (one string value per variant) and a content property",
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
            if is_sensitive(&part, &content_schema) {
                insert(&mut variant, "sensitive", true);
            }
            let description = text(&part, "description")
                .or_else(|| text(&content_schema, "description"))
                .unwrap_or_else(|| UNDESCRIBED.to_owned());
            insert(&mut variant, "description", description);
            if variants.contains_key(tag_value.as_str()) {
                let message = format!("the tag value `{tag_value}` is taken by an earlier variant");
                self.refuse(&part_pointer, message);
                return None;
            }
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
}

/// The format's name of a component schema: its `PascalCase`, with `Schema` added to `Self`,
/// the one type name Rust refuses.
pub(super) fn schema_name(key: &str) -> String {
    let name = type_name(key);
    if name == "Self" {
        format!("{name}Schema")
    } else {
        name
    }
}

/// `PascalCase` that stays the same when converted again, as the format requires of type names
/// (`api_v1_IMs` → `ApiV1IMs` → `ApiV1Ims`).
pub(super) fn type_name(text: &str) -> String {
    let mut name = text.to_upper_camel_case();
    // Each conversion only merges capitals, so this ends after a few rounds.
    for _ in 0..4 {
        let again = name.to_upper_camel_case();
        if again == name {
            break;
        }
        name = again;
    }
    name
}

/// The `type` of a schema; of a 3.1 list of types, the one that is not `null`.
pub(super) fn schema_type(schema: &Value) -> Option<String> {
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

pub(super) fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
        || schema
            .get("type")
            .and_then(Value::as_sequence)
            .is_some_and(|kinds| kinds.iter().any(|kind| kind.as_str() == Some("null")))
}

pub(super) fn is_null_type(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

/// Whether a component schema becomes a schema of the format (a struct, enum or union) rather
/// than an alias whose type is used inline.
pub(super) fn is_named_kind(schema: &Value) -> bool {
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

pub(super) fn has_composition(schema: &Value) -> bool {
    ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|composition| schema.get(*composition).is_some())
}

/// Whether a schema is an object with properties (or none at all and nothing else allowed).
pub(super) fn is_struct(schema: &Value) -> bool {
    let kind = schema_type(schema);
    matches!(kind.as_deref(), None | Some("object"))
        && (schema.get("properties").is_some()
            || (kind.is_some() && schema.get("additionalProperties") == Some(&Value::Bool(false))))
}

/// The string values of `enum`, `x-extensible-enum` or `const`, without `null`.
pub(super) fn enum_values(schema: &Value) -> Vec<String> {
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

/// Whether an object schema says what type its other members have (`additionalProperties` with a
/// schema), as a map does.
pub(super) fn has_typed_additional_properties(schema: &Value) -> bool {
    matches!(schema.get("additionalProperties"), Some(Value::Mapping(values)) if !values.is_empty())
}

/// Whether a value is a secret: `x-codegen-sensitive: true` on its `holder` (the property,
/// parameter or union variant), or a string `schema` of `format: password`. Never a boolean,
/// which the format refuses to call sensitive (it holds no secret).
pub(super) fn is_sensitive(holder: &Value, schema: &Value) -> bool {
    let kind = schema_type(schema);
    let marked = holder.get(X_SENSITIVE).and_then(Value::as_bool) == Some(true);
    let password = kind.as_deref() == Some("string")
        && schema.get("format").and_then(Value::as_str) == Some(PASSWORD_FORMAT);
    kind.as_deref() != Some("boolean") && (marked || password)
}

/// Whether `value` is the empty value of the field's type (`false`, `0`, `""`, `[]`, `{}`), the
/// only `default` the format has.
fn is_empty_value(field: &Mapping, value: &Value) -> bool {
    match (field.get("type").and_then(Value::as_str), value) {
        (Some("boolean"), Value::Bool(flag)) => !flag,
        (Some("int32" | "int64" | "number"), Value::Number(number)) => number.as_f64() == Some(0.0),
        (Some("string"), Value::String(text)) => text.is_empty(),
        (Some("array"), Value::Sequence(items)) => items.is_empty(),
        (Some("map" | "json_object"), Value::Mapping(entries)) => entries.is_empty(),
        _ => false,
    }
}

/// A description that ends by saying which `default` the document gives, where the format cannot
/// keep it as a `default` (another value, an optional or nullable field, a request or a
/// parameter): what the server assumes is still worth reading.
pub(super) fn with_default_note(description: String, value: &Value) -> String {
    let value = examples::free_form(value, "", &mut Vec::new()).map_or_else(
        || "a value of another form".to_owned(),
        |json| json.to_string(),
    );
    format!("{description}\n\nDefault: `{value}`.")
}
