//! Checks the parsed spec as a whole and builds the model, deciding every Rust name on the way.
//!
//! All problems are collected (not just the first); the model is returned only when there are none.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::examples::{ExampleError, ExampleTypes, Json};
use crate::load::{API_FILE, LoadedEndpoint, SpecFiles};
use crate::model::{
    Api, Authorization, AuthorizationVariant, Body, Endpoint, EnumDef, EnumVariant, Example, Field,
    HeaderParam, HttpMethod, Pagination, PathPart, Resource, Type, TypeDef, UnionDef, UnionVariant,
};
use crate::naming::{self, API_MODULE_NAMES, CLIENT_METHODS, CRATE_ROOT_NAMES, Name};
use crate::spec::{
    ApiFile, ExampleSpec, FieldSpec, ItemSpec, OrderedMap, PaginationSpec, SchemaSpec, TaggedSpec,
    TypeKeyword,
};

mod api;
mod built;
mod cycles;
mod endpoint;
mod examples;
mod features;
mod one_of;
mod resources;

use api::{check_api, check_error_schema};
use cycles::break_cycles;
use endpoint::check_unique_routes;
use examples::endpoint_example;
use resources::build_resources;

pub(crate) use crate::diagnostic::closest;

/// The only format version this generator reads.
const FORMAT_VERSION: u32 = 1;

/// Fields of the error schema that the runtime's `ApiError` reads; each must be an optional string.
const ERROR_SCHEMA_FIELDS: &[&str] = &["request_id", "error_type", "error_message", "error_url"];

/// The variant of every open enum that holds values the client does not know.
const UNKNOWN_VARIANT: &str = "Unknown";
/// The variant of every tagged union that holds tags the client does not know.
const OTHER_VARIANT: &str = "Other";

/// Method names a request builder already has.
const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_with_response",
    "send_blocking",
    "into_future",
    "timeout",
    "retry_policy",
    "pages",
    "items",
    "pages_blocking",
    "items_blocking",
];

/// Fields every request builder has besides its parameters. A trailing underscore is something
/// no converted wire name ends with, so only a `rust_name` can clash with them.
const BUILDER_FIELDS: &[&str] = &["client_", "options_", "body_"];

/// Validates `files` and builds the model.
pub(crate) fn validate(files: SpecFiles) -> Result<Api, Diagnostics> {
    let mut ctx = Context {
        schemas_incomplete: files.unparsed.schemas,
        ..Context::default()
    };
    let api_file = files.api.file.clone();
    // With a file unparsed, an example may only look wrong because a type it uses is missing.
    let check_examples = !files.unparsed.any;

    // Schema names first, so references anywhere can be resolved in one pass.
    for loaded in &files.schemas {
        for (name, _) in loaded.spec.iter() {
            ctx.declare_type(name, &loaded.file, name);
        }
    }
    let schema_names: BTreeSet<String> = ctx.types_declared.keys().cloned().collect();
    ctx.schema_names = schema_names;

    for loaded in &files.schemas {
        for (name, schema) in loaded.spec.iter() {
            ctx.schema(&loaded.file, name, schema);
        }
    }
    break_cycles(&mut ctx);
    if check_examples {
        ctx.check_schema_examples();
    }

    let api = &files.api.spec;
    let authorizations = ctx.authorizations(&api_file, api);
    let version = check_api(&mut ctx, &api_file, api);
    check_error_schema(&mut ctx, &api_file, &api.error.schema);

    let mut endpoints = Vec::new();
    for loaded in &files.endpoints {
        if let Some(endpoint) = ctx.endpoint(loaded, api, &authorizations) {
            endpoints.push((loaded.resource.clone(), loaded.file.clone(), endpoint));
        }
    }
    // Examples once every type is known, with the type lookups built once (not per example).
    let mut example_errors = Vec::new();
    {
        let types = ctx.example_types();
        let by_file: BTreeMap<PathBuf, usize> = endpoints
            .iter()
            .enumerate()
            .map(|(index, (_, file, _))| (file.clone(), index))
            .collect();
        let specs = files
            .endpoints
            .iter()
            .filter(|_| check_examples)
            .filter_map(|loaded| Some((loaded, loaded.spec.example.as_ref()?)));
        for (loaded, example) in specs {
            let file = &loaded.file;
            // An endpoint that failed validation has no example to check.
            let Some(&index) = by_file.get(file) else {
                continue;
            };
            let (_, _, endpoint) = &mut endpoints[index];
            let (checked, mut errors) =
                endpoint_example(&types, example, endpoint, &authorizations);
            if loaded.spec.authorization.is_some() && endpoint.authorization.is_none() {
                // The authorization it names failed its own validation, which was reported.
                errors.retain(|(path, _)| path.split('.').next() != Some("authorization"));
            }
            endpoint.example = checked;
            example_errors.push((file.clone(), errors));
        }
    }
    for (file, errors) in example_errors {
        ctx.report_example_errors(&file, "example", errors);
    }
    check_unique_routes(&mut ctx, &files.endpoints);
    ctx.mark_built_by_users(endpoints.iter().map(|(_, _, endpoint)| endpoint));
    let endpoint_count = endpoints.len();
    // Unparsed endpoint files are in their folders all the same.
    let folders: Vec<&[String]> = files
        .endpoints
        .iter()
        .map(|loaded| loaded.resource.as_slice())
        .chain(files.unparsed.endpoint_folders.iter().map(Vec::as_slice))
        .collect();
    let resources = build_resources(&mut ctx, &api_file, api, &folders, endpoints);

    let crate_name = match &api.crate_name {
        Some(name) if naming::is_snake_case(name) && !naming::is_keyword(name) => {
            Some(name.clone())
        }
        Some(name) => {
            let message = format!(
                "`{name}` is not a crate name as code writes it (snake_case, not a keyword)"
            );
            ctx.error_hint(
                &api_file,
                "crate_name",
                message,
                "write it in snake_case, e.g. `stytch_b2b`",
            );
            None
        }
        None => {
            let derived = heck::ToSnakeCase::to_snake_case(api.name.as_str());
            if naming::is_snake_case(&derived) && !naming::is_keyword(&derived) {
                Some(derived)
            } else {
                let message = format!(
                    "the name `{}` gives no crate name for code examples",
                    api.name
                );
                ctx.error_hint(
                    &api_file,
                    "name",
                    message,
                    "set `crate_name`, e.g. `crate_name: my_api`",
                );
                None
            }
        }
    };
    let username = ctx.snake(&api_file, "auth.username", &api.auth.username);
    let password = ctx.snake(&api_file, "auth.password", &api.auth.password);
    // A `None` here was reported as a diagnostic, and the model is only wanted without any.
    let (Some(username), Some(password), Some(crate_name), Some(version), true) = (
        username,
        password,
        crate_name,
        version,
        ctx.diagnostics.is_empty(),
    ) else {
        return Err(ctx.diagnostics.sorted());
    };
    let mut types = ctx.types;
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let mut enums = ctx.enums;
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    let mut unions = ctx.unions;
    unions.sort_by(|a, b| a.name.cmp(&b.name));
    let mut model = Api {
        crate_name,
        version,
        name: api.name.clone(),
        description: api.description.clone(),
        docs_url: api.docs_url.clone(),
        test_base_url: api.base_urls.test.clone(),
        live_base_url: api.base_urls.live.clone(),
        live_project_id_prefix: api.live_project_id_prefix.clone(),
        username,
        password,
        authorizations,
        error_schema: api.error.schema.clone(),
        types,
        enums,
        unions,
        schema_examples: ctx.schema_examples,
        resources,
        endpoint_count,
        type_features: BTreeMap::new(),
    };
    model.type_features = features::type_features(&model);
    Ok(model)
}

#[derive(Default)]
struct Context {
    diagnostics: Diagnostics,
    /// Every name in `types`, with where it was declared first.
    types_declared: BTreeMap<String, (PathBuf, String)>,
    /// The enums of `one_of` groups by name, as first declared: a later group may reuse a
    /// name only with the same variants and description (`validate::one_of`).
    one_of_types: BTreeMap<String, one_of::EnumShape>,
    schema_names: BTreeSet<String>,
    types: Vec<TypeDef>,
    enums: Vec<EnumDef>,
    unions: Vec<UnionDef>,
    /// A schema file did not parse: a reference to an unknown schema may point into it.
    schemas_incomplete: bool,
    /// Folders already reported as not snake_case.
    bad_folders: BTreeSet<String>,
    /// Struct schema examples as written: (file, schema, value).
    raw_schema_examples: Vec<(PathBuf, String, serde_yaml::Value)>,
    /// Checked, complete struct schema examples, for filling in endpoint examples.
    schema_examples: BTreeMap<String, Json>,
    /// Struct schemas whose example has errors (reported at the example).
    broken_schema_examples: BTreeSet<String>,
    /// Where each struct's fields are written: (file, key path of the struct), for the checks of
    /// the structs users build.
    struct_locations: BTreeMap<String, (PathBuf, String)>,
}

impl Context {
    fn error(&mut self, file: &Path, key_path: &str, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::new(file, key_path, message));
    }

    fn error_hint(
        &mut self,
        file: &Path,
        key_path: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::new(file, key_path, message).with_hint(hint));
    }

    /// Descriptions become rustdoc; an empty one would leave a public item undocumented.
    fn require_text(&mut self, file: &Path, key_path: &str, text: &str) {
        if text.trim().is_empty() {
            self.error(file, key_path, "must not be empty");
        }
    }

    /// Registers a name of the `types` module, reporting bad or duplicate names.
    /// Adds a struct to `types`, remembering where its fields are written.
    fn push_type(&mut self, def: TypeDef, file: &Path, key_path: &str) {
        self.struct_locations
            .insert(def.name.clone(), (file.to_path_buf(), key_path.to_owned()));
        self.types.push(def);
    }

    fn declare_type(&mut self, name: &str, file: &Path, key_path: &str) -> bool {
        if name == "Self" {
            self.error_hint(
                file,
                key_path,
                "`Self` is a Rust keyword",
                "choose another name",
            );
            return false;
        }
        if !naming::is_type_name(name) {
            let hint = format!(
                "write it in PascalCase, e.g. `{}`",
                naming::pascal_case(name)
            );
            self.error_hint(
                file,
                key_path,
                format!("`{name}` is not a PascalCase type name"),
                hint,
            );
            return false;
        }
        if let Some((first_file, first_key)) = self.types_declared.get(name) {
            let message = format!(
                "type `{name}` is already defined at {} ({first_key})",
                first_file.display()
            );
            self.error_hint(
                file,
                key_path,
                message,
                "type names are shared by the whole spec; rename one",
            );
            return false;
        }
        self.types_declared
            .insert(name.to_owned(), (file.to_path_buf(), key_path.to_owned()));
        true
    }

    fn snake(&mut self, file: &Path, key_path: &str, spec_name: &str) -> Option<Name> {
        let name = naming::snake_name(spec_name);
        if name.is_none() {
            self.error_hint(
                file,
                key_path,
                format!("`{spec_name}` cannot be made into a Rust identifier"),
                "set `rust_name` to the identifier to use",
            );
        }
        name
    }

    /// Converts a field map, checking that Rust names are unique within it.
    fn fields(&mut self, file: &Path, key_path: &str, specs: &OrderedMap<FieldSpec>) -> Vec<Field> {
        let mut fields: Vec<Field> = Vec::new();
        for (wire_name, spec) in specs.iter() {
            let field_path = join(key_path, "fields", wire_name);
            if let Some(field) = self.field(file, &field_path, wire_name, spec) {
                if let Some(other) = fields
                    .iter()
                    .find(|other| other.rust_name == field.rust_name)
                {
                    let message = format!(
                        "`{wire_name}` and `{}` both become the Rust name `{}`",
                        other.wire_name,
                        field.rust_name.source()
                    );
                    self.error_hint(file, &field_path, message, "set `rust_name` on one of them");
                    continue;
                }
                fields.push(field);
            }
        }
        fields
    }

    fn field(
        &mut self,
        file: &Path,
        key_path: &str,
        wire_name: &str,
        spec: &FieldSpec,
    ) -> Option<Field> {
        self.require_text(file, &format!("{key_path}.description"), &spec.description);
        let rust_name = match &spec.rust_name {
            Some(rust_name) => {
                let name = naming::explicit_name(rust_name);
                if name.is_none() {
                    self.error(
                        file,
                        &format!("{key_path}.rust_name"),
                        format!("`{rust_name}` is not a Rust identifier"),
                    );
                }
                name
            }
            None => self.snake(file, key_path, wire_name),
        };
        let object_description = spec
            .object_description
            .as_deref()
            .unwrap_or(&spec.description);
        let shape = Shape {
            type_keyword: spec.type_keyword,
            reference: spec.reference.as_deref(),
            items: spec.items.as_deref(),
            fields: spec.fields.as_ref(),
            name: spec.name.as_deref(),
            description: Some(object_description),
        };
        if spec.object_description.is_some() && spec.type_keyword != Some(TypeKeyword::Object) {
            self.error(
                file,
                &format!("{key_path}.object_description"),
                "only allowed with `type: object`",
            );
        }
        let ty = self.shape(file, key_path, &shape)?;
        if spec.nullable && !spec.optional {
            self.error_hint(
                file,
                &format!("{key_path}.nullable"),
                "a nullable field must also be optional",
                "add `optional: true`: the three states are absent, null and a value",
            );
        }
        if spec.sensitive {
            self.sensitive_type(file, key_path, &ty);
        }
        let default = spec
            .default
            .as_ref()
            .is_some_and(|value| self.default_value(file, key_path, spec, &ty, value));
        Some(Field {
            wire_name: wire_name.to_owned(),
            rust_name: rust_name?,
            ty,
            optional: spec.optional,
            nullable: spec.nullable,
            boxed: false,
            sensitive: spec.sensitive,
            default,
            description: spec.description.clone(),
        })
    }

    /// `sensitive` on a value of type `ty`: a boolean holds no secret, so marking one is a mistake.
    fn sensitive_type(&mut self, file: &Path, key_path: &str, ty: &Type) {
        if *ty == Type::Bool {
            self.error_hint(
                file,
                &format!("{key_path}.sensitive"),
                "a boolean cannot hold a secret",
                "remove `sensitive`: it is for credentials and other secret values",
            );
        }
    }

    /// Checks a field's `default`: only on a required field, and only the empty value of its type,
    /// which is what the generated code's `Default` gives.
    fn default_value(
        &mut self,
        file: &Path,
        key_path: &str,
        spec: &FieldSpec,
        ty: &Type,
        value: &serde_yaml::Value,
    ) -> bool {
        use serde_yaml::Value;
        let default_path = format!("{key_path}.default");
        if spec.optional {
            self.error_hint(
                file,
                &default_path,
                "an optional field has no default: it is `None` when absent",
                "remove `default`, or `optional: true` to keep the plain type",
            );
            return false;
        }
        let empty = match (ty, value) {
            (Type::Bool, Value::Bool(value)) => !value,
            (Type::I32 | Type::I64 | Type::F64, Value::Number(number)) => {
                number.as_f64() == Some(0.0)
            }
            (Type::String, Value::String(text)) => text.is_empty(),
            (Type::Array(_), Value::Sequence(items)) => items.is_empty(),
            (Type::Map(_) | Type::JsonObject, Value::Mapping(entries)) => entries.is_empty(),
            (Type::Named(name), _) => {
                let message = format!("a field of type `{name}` cannot have a default");
                self.error_hint(
                    file,
                    &default_path,
                    message,
                    "make the field `optional: true` instead: it is `None` when absent",
                );
                return false;
            }
            _ => false,
        };
        if !empty {
            let expected = match ty {
                Type::Bool => "`false`",
                Type::I32 | Type::I64 | Type::F64 => "`0`",
                Type::String => "`\"\"`",
                Type::Array(_) => "`[]`",
                _ => "`{}`",
            };
            self.error_hint(
                file,
                &default_path,
                format!(
                    "the default of this field can only be {expected}, the empty value of its type"
                ),
                "for any other value, make the field `optional: true` and choose in your code",
            );
        }
        empty
    }

    /// A named schema: a struct (`fields`), an open enum (`values`) or a tagged union (`tagged`).
    fn schema(&mut self, file: &Path, name: &str, schema: &SchemaSpec) {
        self.require_text(file, &format!("{name}.description"), &schema.description);
        let kinds = [
            schema.fields.is_some(),
            schema.values.is_some(),
            schema.tagged.is_some(),
        ];
        match kinds.iter().filter(|&&set| set).count() {
            0 => self.error_hint(
                file,
                name,
                "has none of `fields`, `values` and `tagged`",
                "add `fields` for a struct, `values` for an enum of strings, or `tagged` for a union",
            ),
            1 => {}
            _ => self.error_hint(
                file,
                name,
                "has more than one of `fields`, `values` and `tagged`",
                "a schema is a struct (`fields`), an enum (`values`) or a union (`tagged`)",
            ),
        }
        if schema.example.is_some() && schema.fields.is_none() {
            self.error(
                file,
                &format!("{name}.example"),
                "only struct schemas have examples",
            );
        }
        // Each kind that is set is registered, so the schema's uses are not reported too when it
        // is invalid (the model is discarded then).
        if let Some(fields) = &schema.fields {
            let fields = self.fields(file, name, fields);
            self.push_type(
                TypeDef {
                    name: name.to_owned(),
                    description: schema.description.clone(),
                    fields,
                    built_by_users: false,
                    one_of: Vec::new(),
                },
                file,
                name,
            );
            if let Some(example) = &schema.example {
                self.raw_schema_examples.push((
                    file.to_path_buf(),
                    name.to_owned(),
                    example.clone(),
                ));
            }
        }
        if let Some(values) = &schema.values {
            let variants = self.enum_variants(file, name, values);
            self.enums.push(EnumDef {
                name: name.to_owned(),
                description: schema.description.clone(),
                variants,
            });
        }
        if let Some(tagged) = &schema.tagged {
            let union = self.tagged_union(file, name, &schema.description, tagged);
            self.unions.push(union);
        }
    }

    /// A union told apart by a tag field: `{"filter_name": "member_ids", "filter_value": […]}`.
    fn tagged_union(
        &mut self,
        file: &Path,
        name: &str,
        description: &str,
        spec: &TaggedSpec,
    ) -> UnionDef {
        let key_path = format!("{name}.tagged");
        if spec.tag == spec.content {
            self.error(
                file,
                &format!("{key_path}.content"),
                "the tag and the content need different keys",
            );
        }
        if spec.variants.is_empty() {
            self.error(
                file,
                &format!("{key_path}.variants"),
                "a union needs at least one variant",
            );
        }
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (tag, variant) in spec.variants.iter() {
            let variant_path = format!("{key_path}.variants.{tag}");
            self.require_text(
                file,
                &format!("{variant_path}.description"),
                &variant.description,
            );
            let Some(rust_name) = naming::derived_type_name(tag) else {
                self.error(
                    file,
                    &variant_path,
                    format!("`{tag}` cannot be made into a Rust enum variant"),
                );
                continue;
            };
            if rust_name == OTHER_VARIANT {
                let message = format!(
                    "`{tag}` becomes the variant `{OTHER_VARIANT}`, which holds tags the client does not know"
                );
                self.error_hint(
                    file,
                    &variant_path,
                    message,
                    "leave it out: it decodes as `Other` anyway",
                );
                continue;
            }
            if let Some(other) = variants.iter().find(|other| other.name == rust_name) {
                let message = format!(
                    "`{tag}` and `{}` both become the variant `{rust_name}`",
                    other.tag
                );
                self.error(file, &variant_path, message);
                continue;
            }
            if variant.optional
                || variant.nullable
                || variant.rust_name.is_some()
                || variant.default.is_some()
            {
                self.error(
                    file,
                    &variant_path,
                    "a variant's value has a type, a description and `sensitive` only",
                );
            }
            let shape = Shape {
                type_keyword: variant.type_keyword,
                reference: variant.reference.as_deref(),
                items: variant.items.as_deref(),
                fields: variant.fields.as_ref(),
                name: variant.name.as_deref(),
                description: Some(
                    variant
                        .object_description
                        .as_deref()
                        .unwrap_or(&variant.description),
                ),
            };
            if let Some(ty) = self.shape(file, &variant_path, &shape) {
                if variant.sensitive {
                    self.sensitive_type(file, &variant_path, &ty);
                }
                variants.push(UnionVariant {
                    tag: tag.to_owned(),
                    name: rust_name,
                    boxed: false,
                    sensitive: variant.sensitive,
                    ty,
                    description: variant.description.clone(),
                });
            }
        }
        UnionDef {
            name: name.to_owned(),
            description: description.to_owned(),
            tag: spec.tag.clone(),
            content: spec.content.clone(),
            variants,
        }
    }

    fn enum_variants(
        &mut self,
        file: &Path,
        name: &str,
        values: &OrderedMap<String>,
    ) -> Vec<EnumVariant> {
        if values.is_empty() {
            self.error(
                file,
                &format!("{name}.values"),
                "an enum needs at least one value",
            );
        }
        let mut variants: Vec<EnumVariant> = Vec::new();
        for (value, description) in values.iter() {
            let key_path = format!("{name}.values.{value}");
            self.require_text(file, &key_path, description);
            let Some(variant) = naming::derived_type_name(value) else {
                self.error(
                    file,
                    &key_path,
                    format!("`{value}` cannot be made into a Rust enum variant"),
                );
                continue;
            };
            if variant == UNKNOWN_VARIANT {
                self.error_hint(
                    file,
                    &key_path,
                    format!("`{value}` becomes the variant `{UNKNOWN_VARIANT}`, which holds values the client does not know"),
                    "leave this value out: it decodes as `Unknown` anyway",
                );
            } else if let Some(other) = variants.iter().find(|other| other.name == variant) {
                let message = format!(
                    "`{value}` and `{}` both become the variant `{variant}`",
                    other.value
                );
                self.error(file, &key_path, message);
            } else {
                variants.push(EnumVariant {
                    value: value.to_owned(),
                    name: variant,
                    description: description.clone(),
                });
            }
        }
        variants
    }

    /// Resolves the type keys shared by fields and array items.
    fn shape(&mut self, file: &Path, key_path: &str, shape: &Shape<'_>) -> Option<Type> {
        let misplaced = |ctx: &mut Self, key: &str, allowed_with: &str| {
            ctx.error(
                file,
                &format!("{key_path}.{key}"),
                format!("only allowed with {allowed_with}"),
            );
        };
        let keyword = shape.type_keyword;
        if shape.items.is_some() && !matches!(keyword, Some(TypeKeyword::Array | TypeKeyword::Map))
        {
            misplaced(self, "items", "`type: array`");
        }
        if keyword != Some(TypeKeyword::Object) {
            if shape.fields.is_some() {
                misplaced(self, "fields", "`type: object`");
            }
            if shape.name.is_some() {
                misplaced(self, "name", "`type: object`");
            }
        }
        match (keyword, shape.reference) {
            (Some(_), Some(_)) => {
                self.error_hint(
                    file,
                    key_path,
                    "has both `type` and `ref`",
                    "keep one of them",
                );
                None
            }
            (None, None) => {
                self.error_hint(
                    file,
                    key_path,
                    "has neither `type` nor `ref`",
                    "add `type: string` (or another type), or `ref: SchemaName`",
                );
                None
            }
            (None, Some(reference)) => {
                if self.schema_names.contains(reference) {
                    Some(Type::Named(reference.to_owned()))
                } else if self.schemas_incomplete {
                    // It may be defined in the schema file that did not parse.
                    None
                } else {
                    let hint = closest(reference, self.schema_names.iter().map(String::as_str))
                        .map(|name| format!("did you mean `{name}`?"))
                        .unwrap_or_else(|| "define it in a file under schemas/".to_owned());
                    self.error_hint(
                        file,
                        &format!("{key_path}.ref"),
                        format!("no schema named `{reference}`"),
                        hint,
                    );
                    None
                }
            }
            (Some(keyword), None) => match keyword {
                TypeKeyword::String => Some(Type::String),
                TypeKeyword::Boolean => Some(Type::Bool),
                TypeKeyword::Int32 => Some(Type::I32),
                TypeKeyword::Int64 => Some(Type::I64),
                TypeKeyword::Number => Some(Type::F64),
                TypeKeyword::JsonObject => Some(Type::JsonObject),
                TypeKeyword::Array | TypeKeyword::Map => {
                    let Some(items) = shape.items else {
                        let what = if keyword == TypeKeyword::Map {
                            "a map needs `items` (the type of its values)"
                        } else {
                            "an array needs `items`"
                        };
                        self.error_hint(file, key_path, what, "add e.g. `items: { type: string }`");
                        return None;
                    };
                    let items_path = format!("{key_path}.items");
                    let item_shape = Shape {
                        type_keyword: items.type_keyword,
                        reference: items.reference.as_deref(),
                        items: items.items.as_deref(),
                        fields: items.fields.as_ref(),
                        name: items.name.as_deref(),
                        description: items.description.as_deref(),
                    };
                    if items.description.is_some()
                        && items.type_keyword != Some(TypeKeyword::Object)
                    {
                        self.error(
                            file,
                            &format!("{items_path}.description"),
                            "only allowed with `type: object`",
                        );
                    }
                    let item = self.shape(file, &items_path, &item_shape)?;
                    Some(if keyword == TypeKeyword::Map {
                        Type::Map(Box::new(item))
                    } else {
                        Type::Array(Box::new(item))
                    })
                }
                TypeKeyword::Object => {
                    let Some(name) = shape.name else {
                        self.error_hint(
                            file,
                            key_path,
                            "an inline object needs a `name` for its Rust type",
                            "add `name: SomePascalCaseName`, or use `ref` to a schema",
                        );
                        return None;
                    };
                    let Some(fields) = shape.fields else {
                        self.error_hint(
                            file,
                            key_path,
                            "an inline object needs `fields`",
                            "add its fields, or use `type: json_object` for free-form JSON",
                        );
                        return None;
                    };
                    let description = shape.description.unwrap_or_default();
                    if description.trim().is_empty() {
                        self.error(
                            file,
                            &format!("{key_path}.description"),
                            "an inline object needs a description",
                        );
                    }
                    if !self.declare_type(name, file, &format!("{key_path}.name")) {
                        return None;
                    }
                    let fields = self.fields(file, key_path, fields);
                    self.push_type(
                        TypeDef {
                            name: name.to_owned(),
                            description: description.to_owned(),
                            fields,
                            built_by_users: false,
                            one_of: Vec::new(),
                        },
                        file,
                        key_path,
                    );
                    Some(Type::Named(name.to_owned()))
                }
            },
        }
    }

    fn authorizations(&mut self, file: &Path, api: &ApiFile) -> Vec<Authorization> {
        let mut authorizations = Vec::new();
        for (key, spec) in api.authorizations.iter() {
            let key_path = format!("authorizations.{key}");
            self.require_text(file, &format!("{key_path}.description"), &spec.description);
            let Some(setter) = self.snake_key(file, &key_path, key) else {
                continue;
            };
            let type_name = naming::derived_type_name(key).unwrap_or_default();
            if CRATE_ROOT_NAMES.contains(&type_name.as_str()) {
                let message = format!(
                    "the enum `{type_name}` made from this key would be shadowed by the crate's own `{type_name}`"
                );
                self.error_hint(file, &key_path, message, "rename the authorization");
                continue;
            }
            if !self.declare_type(&type_name, file, &key_path) {
                continue;
            }
            if spec.variants.is_empty() {
                self.error(
                    file,
                    &format!("{key_path}.variants"),
                    "needs at least one variant",
                );
            }
            let mut variants = Vec::new();
            for (variant, variant_spec) in spec.variants.iter() {
                let variant_path = format!("{key_path}.variants.{variant}");
                if self.snake_key(file, &variant_path, variant).is_none() {
                    continue;
                }
                self.require_text(
                    file,
                    &format!("{variant_path}.description"),
                    &variant_spec.description,
                );
                self.header_name(
                    file,
                    &format!("{variant_path}.header"),
                    &variant_spec.header,
                );
                if variants.iter().any(|other: &AuthorizationVariant| {
                    other.header.eq_ignore_ascii_case(&variant_spec.header)
                }) {
                    let message = format!(
                        "another variant already sends the header `{}`",
                        variant_spec.header
                    );
                    self.error(file, &format!("{variant_path}.header"), message);
                }
                variants.push(AuthorizationVariant {
                    name: naming::derived_type_name(variant).unwrap_or_default(),
                    header: variant_spec.header.clone(),
                    description: variant_spec.description.clone(),
                });
            }
            authorizations.push(Authorization {
                key: key.to_owned(),
                type_name,
                setter,
                description: spec.description.clone(),
                variants,
            });
        }
        authorizations
    }

    /// A key the spec author must write in `snake_case` (resource folders, operations, variants).
    fn snake_key(&mut self, file: &Path, key_path: &str, key: &str) -> Option<Name> {
        if !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
            self.error_hint(
                file,
                key_path,
                format!("`{key}` does not start with a letter, so it cannot become a Rust name"),
                "rename it so it starts with a letter",
            );
            return None;
        }
        if !naming::is_snake_case(key) {
            let hint = format!(
                "write it in snake_case, e.g. `{}`",
                heck::ToSnakeCase::to_snake_case(key)
            );
            self.error_hint(file, key_path, format!("`{key}` is not snake_case"), hint);
            return None;
        }
        self.snake(file, key_path, key)
    }

    fn header_name(&mut self, file: &Path, key_path: &str, header: &str) {
        // RFC 9110 token characters.
        let valid = !header.is_empty()
            && header
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !valid {
            self.error_hint(
                file,
                key_path,
                format!("`{header}` is not a valid HTTP header name"),
                "header names are letters, digits and `-` (no spaces or `:`), e.g. `X-Request-Tag`",
            );
            return;
        }
        if let Some((reserved, set_by)) = CLIENT_HEADERS
            .iter()
            .find(|(reserved, _)| reserved.eq_ignore_ascii_case(header))
        {
            // Sent as well, it would replace (or duplicate) the client's own value: an
            // `Authorization` header parameter would silently replace the Basic credentials.
            self.error_hint(
                file,
                key_path,
                format!("`{header}` is a header the client sets itself ({set_by})"),
                format!("choose another header name: a spec cannot send `{reserved}`"),
            );
        }
    }
}

/// Headers the client or its HTTP stack sets on every request, with what sets them; a spec may not
/// send them (compared case-insensitively).
const CLIENT_HEADERS: &[(&str, &str)] = &[
    (
        "Authorization",
        "HTTP Basic, from the project ID and secret",
    ),
    ("Host", "from the base URL"),
    ("Content-Type", "`application/json` with a body"),
    ("Content-Length", "the length of the body"),
    ("Transfer-Encoding", "by the HTTP stack"),
    ("Connection", "by the HTTP stack"),
    ("User-Agent", "the client's user agent"),
    ("Accept", "`application/json`"),
];

/// The type keys shared by fields and array items.
#[derive(Default)]
struct Shape<'a> {
    type_keyword: Option<TypeKeyword>,
    reference: Option<&'a str>,
    items: Option<&'a ItemSpec>,
    fields: Option<&'a OrderedMap<FieldSpec>>,
    name: Option<&'a str>,
    description: Option<&'a str>,
}

fn join(prefix: &str, middle: &str, key: &str) -> String {
    if prefix.is_empty() {
        format!("{middle}.{key}")
    } else {
        format!("{prefix}.{middle}.{key}")
    }
}
