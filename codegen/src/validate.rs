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
use crate::naming::{self, Name, RESERVED_MODULE_NAMES, RESERVED_TYPE_NAMES};
use crate::spec::{
    ApiFile, ExampleSpec, FieldSpec, ItemSpec, OrderedMap, PaginationSpec, SchemaSpec, TaggedSpec,
    TypeKeyword,
};

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
    "send_blocking",
    "into_future",
    "timeout",
    "retry_policy",
    "pages",
    "items",
];

/// Validates `files` and builds the model.
pub(crate) fn validate(files: SpecFiles) -> Result<Api, Diagnostics> {
    let mut ctx = Context::default();
    let api_file = files.api.file.clone();

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
    ctx.check_schema_examples();

    let api = &files.api.spec;
    let authorizations = ctx.authorizations(&api_file, api);
    check_api(&mut ctx, &api_file, api);
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
            .filter_map(|loaded| Some((&loaded.file, loaded.spec.example.as_ref()?)));
        for (file, example) in specs {
            // An endpoint that failed validation has no example to check.
            let Some(&index) = by_file.get(file) else {
                continue;
            };
            let (_, _, endpoint) = &mut endpoints[index];
            let (checked, errors) = endpoint_example(&types, example, endpoint, &authorizations);
            endpoint.example = checked;
            example_errors.push((file.clone(), errors));
        }
    }
    for (file, errors) in example_errors {
        ctx.report_example_errors(&file, "example", errors);
    }
    check_unique_routes(&mut ctx, &files.endpoints);
    let endpoint_count = endpoints.len();
    let folders: Vec<&[String]> = files
        .endpoints
        .iter()
        .map(|loaded| loaded.resource.as_slice())
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
    let (Some(username), Some(password), Some(crate_name), true) =
        (username, password, crate_name, ctx.diagnostics.is_empty())
    else {
        return Err(ctx.diagnostics.sorted());
    };
    let mut types = ctx.types;
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let mut enums = ctx.enums;
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    let mut unions = ctx.unions;
    unions.sort_by(|a, b| a.name.cmp(&b.name));
    let model = Api {
        crate_name,
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
        resources,
        endpoint_count,
    };
    Ok(model)
}

#[derive(Default)]
struct Context {
    diagnostics: Diagnostics,
    /// Every name in `types`, with where it was declared first.
    types_declared: BTreeMap<String, (PathBuf, String)>,
    schema_names: BTreeSet<String>,
    types: Vec<TypeDef>,
    enums: Vec<EnumDef>,
    unions: Vec<UnionDef>,
    /// Folders already reported as not snake_case.
    bad_folders: BTreeSet<String>,
    /// Struct schema examples as written: (file, schema, value).
    raw_schema_examples: Vec<(PathBuf, String, serde_yaml::Value)>,
    /// Checked, complete struct schema examples, for filling in endpoint examples.
    schema_examples: BTreeMap<String, Json>,
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
        if RESERVED_TYPE_NAMES.contains(&name) {
            self.error_hint(
                file,
                key_path,
                format!("`{name}` is a name the generated code already uses"),
                "choose another name",
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
        Some(Field {
            wire_name: wire_name.to_owned(),
            rust_name: rust_name?,
            ty,
            optional: spec.optional,
            nullable: spec.nullable,
            boxed: false,
            description: spec.description.clone(),
        })
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
            self.types.push(TypeDef {
                name: name.to_owned(),
                description: schema.description.clone(),
                fields,
            });
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
            let rust_name = naming::pascal_case(tag);
            if !naming::is_type_name(&rust_name) {
                self.error(
                    file,
                    &variant_path,
                    format!("`{tag}` cannot be made into a Rust enum variant"),
                );
                continue;
            }
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
            if variant.optional || variant.nullable || variant.rust_name.is_some() {
                self.error(
                    file,
                    &variant_path,
                    "a variant's value has a type and a description only",
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
                variants.push(UnionVariant {
                    tag: tag.to_owned(),
                    name: rust_name,
                    boxed: false,
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
            let variant = naming::pascal_case(value);
            if !naming::is_type_name(&variant) {
                self.error(
                    file,
                    &key_path,
                    format!("`{value}` cannot be made into a Rust enum variant"),
                );
            } else if variant == UNKNOWN_VARIANT {
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
                    self.types.push(TypeDef {
                        name: name.to_owned(),
                        description: description.to_owned(),
                        fields,
                    });
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
            let type_name = naming::pascal_case(key);
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
                    name: naming::pascal_case(variant),
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
        }
    }

    fn endpoint(
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
                    description: header.description.clone(),
                });
            }
        }

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
            let fields = self.fields(file, "body", &body.fields);
            self.types.push(TypeDef {
                name: body.name.clone(),
                description: body.description.clone(),
                fields: fields.clone(),
            });
            Some(Body {
                type_name: body.name.clone(),
                fields,
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

        let builder_name = naming::pascal_case(&loaded.operation);
        if RESERVED_TYPE_NAMES.contains(&builder_name.as_str()) {
            self.error_hint(
                file,
                "",
                format!("the request type `{builder_name}` made from this file's name would shadow a name the generated code relies on"),
                "rename the file",
            );
        }
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

    /// Resolves `pagination`: the cursor input, the path to the next cursor, the items field.
    fn pagination(
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
        let cursor_setter = match cursor {
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

    /// The types examples are checked against, as they are now.
    fn example_types(&self) -> ExampleTypes<'_> {
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
        }
    }

    fn report_example_errors(&mut self, file: &Path, prefix: &str, errors: Vec<ExampleError>) {
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
    fn check_schema_examples(&mut self) {
        let raw = std::mem::take(&mut self.raw_schema_examples);
        let mut checked = BTreeMap::new();
        let mut all_errors = Vec::new();
        {
            let types = self.example_types();
            for (file, name, value) in &raw {
                let mut errors = Vec::new();
                let json = types.check(value, &Type::Named(name.clone()), "", false, &mut errors);
                all_errors.push((file, format!("{name}.example"), errors));
                if let Some(json) = json {
                    checked.insert(name.clone(), json);
                }
            }
        }
        for (file, prefix, errors) in all_errors {
            self.report_example_errors(file, &prefix, errors);
        }
        self.schema_examples = checked;
    }

    fn response(&mut self, file: &Path, spec: &crate::spec::EndpointFile) -> Option<String> {
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
                self.types.push(TypeDef {
                    name: name.clone(),
                    description: description.to_owned(),
                    fields,
                });
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
    fn path(
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
    fn check_builder_names(
        &mut self,
        file: &Path,
        endpoint: &Endpoint,
        authorizations: &[Authorization],
    ) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let body_fields = endpoint.body.iter().flat_map(|body| body.fields.iter());
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

/// Checks an endpoint's example against the endpoint: every value of its declared type, every
/// required input given, the response complete.
fn endpoint_example(
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
                    .find(|v| v.name == naming::pascal_case(variant))
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
            if body.fields.iter().any(|field| !field.optional) {
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

fn check_api(ctx: &mut Context, file: &Path, api: &ApiFile) {
    if api.format_version != FORMAT_VERSION {
        ctx.error_hint(
            file,
            "format_version",
            format!("format version {} is not supported", api.format_version),
            format!("this generator reads format version {FORMAT_VERSION}"),
        );
    }
    ctx.require_text(file, "name", &api.name);
    ctx.require_text(file, "description", &api.description);
    for (key, url) in [
        ("base_urls.test", &api.base_urls.test),
        ("base_urls.live", &api.base_urls.live),
    ] {
        let host = url.strip_prefix("https://").unwrap_or_default();
        if host.is_empty() || host.contains(char::is_whitespace) || url.ends_with('/') {
            ctx.error_hint(
                file,
                key,
                format!("`{url}` is not an https base URL"),
                "write it as `https://host`, with no trailing slash",
            );
        }
    }
    ctx.require_text(file, "live_project_id_prefix", &api.live_project_id_prefix);
    if api.auth.scheme != "basic" {
        ctx.error_hint(
            file,
            "auth.scheme",
            format!("`{}` is not supported", api.auth.scheme),
            "the only scheme is `basic`",
        );
    }
    if api.auth.username == api.auth.password {
        ctx.error(file, "auth.password", "must differ from auth.username");
    }
}

fn check_error_schema(ctx: &mut Context, file: &Path, schema: &str) {
    let Some(def) = ctx.types.iter().find(|def| def.name == schema) else {
        let hint = closest(schema, ctx.schema_names.iter().map(String::as_str))
            .map(|name| format!("did you mean `{name}`?"))
            .unwrap_or_else(|| "define it in a file under schemas/".to_owned());
        ctx.error_hint(
            file,
            "error.schema",
            format!("no schema named `{schema}`"),
            hint,
        );
        return;
    };
    let missing: Vec<&str> = ERROR_SCHEMA_FIELDS
        .iter()
        .copied()
        .filter(|name| {
            !def.fields.iter().any(|field| {
                field.wire_name == *name
                    && field.rust_name.text == *name
                    && field.optional
                    && field.ty == Type::String
            })
        })
        .collect();
    if !missing.is_empty() {
        let fields: Vec<String> = missing.iter().map(|name| format!("`{name}`")).collect();
        let message = if let [field] = fields.as_slice() {
            format!("schema `{schema}` must declare {field} as an optional string")
        } else {
            format!(
                "schema `{schema}` must declare {} as optional strings",
                fields.join(", ")
            )
        };
        let defined_in = ctx
            .types_declared
            .get(schema)
            .map(|(file, _)| format!(" (it is defined in {})", file.display()))
            .unwrap_or_default();
        let hint = format!("the client's ApiError reads these fields{defined_in}");
        ctx.error_hint(file, "error.schema", message, hint);
    }
}

fn check_unique_routes(ctx: &mut Context, endpoints: &[LoadedEndpoint]) {
    let mut routes: BTreeMap<(String, String), &Path> = BTreeMap::new();
    for endpoint in endpoints {
        // Placeholder names do not matter for routing: `/a/{x}` and `/a/{y}` are the same route.
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

/// Builds the resource tree from the endpoints' folders, checking it against `resources` in api.yaml.
fn build_resources(
    ctx: &mut Context,
    api_file: &Path,
    api: &ApiFile,
    endpoint_folders: &[&[String]],
    endpoints: Vec<(Vec<String>, PathBuf, Endpoint)>,
) -> Vec<Resource> {
    // Every folder that holds endpoint files (valid or not), and each of its ancestors, is a resource.
    let mut folders: BTreeMap<Vec<String>, Vec<(PathBuf, Endpoint)>> = BTreeMap::new();
    for resource in endpoint_folders {
        for depth in 1..=resource.len() {
            folders.entry(resource[..depth].to_vec()).or_default();
        }
    }
    for (resource, file, endpoint) in endpoints {
        folders.entry(resource).or_default().push((file, endpoint));
    }
    for (key, spec) in api.resources.iter() {
        let key_path = format!("resources.{key}");
        ctx.require_text(
            api_file,
            &format!("{key_path}.description"),
            &spec.description,
        );
        let folder: Vec<String> = key.split('/').map(str::to_owned).collect();
        if !folders.contains_key(&folder) {
            ctx.error_hint(
                api_file,
                &key_path,
                format!("no folder `{key}` with endpoints in the spec"),
                "remove the entry, or add endpoints",
            );
        }
    }
    for folder in folders.keys() {
        let key = folder.join("/");
        let last = folder.last().map(String::as_str).unwrap_or_default();
        let type_name = naming::pascal_case(last);
        let shadowed = if RESERVED_MODULE_NAMES.contains(&last) {
            Some(format!(
                "the module `{last}` would shadow the `{last}` the generated code uses"
            ))
        } else if RESERVED_TYPE_NAMES.contains(&type_name.as_str()) {
            Some(format!(
                "the type `{type_name}` made from it would shadow a name the generated code uses"
            ))
        } else {
            None
        };
        if let Some(shadowed) = shadowed {
            let message = format!("folder `{key}`: {shadowed}");
            ctx.error_hint(
                api_file,
                &format!("resources.{key}"),
                message,
                "rename the folder",
            );
        }
        if api.resources.get(&key).is_none() {
            ctx.error_hint(
                api_file,
                "resources",
                format!("resource `{key}` has no entry"),
                format!("add `{key}: {{ description: … }}` under resources"),
            );
        }
    }

    fn build(
        ctx: &mut Context,
        api: &ApiFile,
        prefix: &[String],
        folders: &mut BTreeMap<Vec<String>, Vec<(PathBuf, Endpoint)>>,
    ) -> Vec<Resource> {
        let child_folders: Vec<Vec<String>> = folders
            .keys()
            .filter(|folder| folder.len() == prefix.len() + 1 && folder.starts_with(prefix))
            .cloned()
            .collect();
        let mut resources = Vec::new();
        for folder in child_folders {
            let mut endpoints = folders.remove(&folder).unwrap_or_default();
            endpoints.sort_by(|a, b| a.1.method_name.cmp(&b.1.method_name));
            let children = build(ctx, api, &folder, folders);
            let Some(last) = folder.last() else { continue };
            let Some(module) = naming::snake_name(last) else {
                continue;
            };
            let type_name = naming::pascal_case(last);
            // Methods of one resource: its endpoints and its sub-resource accessors.
            let mut methods: BTreeMap<&str, &Path> = BTreeMap::new();
            let mut builders: BTreeMap<&str, &Path> = BTreeMap::new();
            for (file, endpoint) in &endpoints {
                methods.insert(endpoint.method_name.text.as_str(), file);
                if endpoint.builder_name == type_name {
                    ctx.error_hint(
                        file,
                        "",
                        format!(
                            "the request type `{}` clashes with the resource type of the same name",
                            endpoint.builder_name
                        ),
                        "rename the file",
                    );
                } else if let Some(first) = builders.insert(endpoint.builder_name.as_str(), file) {
                    let message = format!(
                        "the request type `{}` is also made from {}",
                        endpoint.builder_name,
                        first.display()
                    );
                    ctx.error_hint(file, "", message, "rename one of the files");
                }
            }
            for child in &children {
                if let Some(file) = methods.get(child.module.text.as_str()) {
                    let message = format!(
                        "method `{}` clashes with the sub-resource `{}`",
                        child.module.text,
                        folder.join("/") + "/" + &child.module.text
                    );
                    ctx.error_hint(file, "", message, "rename the file or the folder");
                }
            }
            let description = api
                .resources
                .get(&folder.join("/"))
                .map(|spec| spec.description.clone())
                .unwrap_or_default();
            resources.push(Resource {
                module,
                type_name,
                description,
                endpoints: endpoints
                    .into_iter()
                    .map(|(_, endpoint)| endpoint)
                    .collect(),
                children,
            });
        }
        resources
    }
    build(ctx, api, &[], &mut folders)
}

/// Gives every cycle of structs containing each other the indirection it needs.
///
/// Through an array a cycle has one already. A cycle of required fields only has no finite value
/// at all and is reported. Any other cycle is broken by boxing the back edges of a depth-first
/// walk (structs by name, fields in order), which is deterministic and boxes only fields that
/// close a cycle. Only schema-file types can form cycles: nothing can refer to an endpoint's
/// inline body or response.
fn break_cycles(ctx: &mut Context) {
    ctx.types.sort_by(|a, b| a.name.cmp(&b.name));
    ctx.unions.sort_by(|a, b| a.name.cmp(&b.name));
    // Nodes: the structs, then the tagged unions (whose variants hold their value inline too).
    let struct_count = ctx.types.len();
    let names: Vec<String> = ctx
        .types
        .iter()
        .map(|def| def.name.clone())
        .chain(ctx.unions.iter().map(|def| def.name.clone()))
        .collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let target = |ty: &Type| match ty {
        Type::Named(name) => index.get(name.as_str()).copied(),
        _ => None,
    };
    // Edges that hold the target inline (not through an array or map): (slot, target node), the
    // slot being a struct's field or a union's variant.
    let edges: Vec<Vec<(usize, usize)>> = ctx
        .types
        .iter()
        .map(|def| {
            def.fields
                .iter()
                .enumerate()
                .filter_map(|(slot, f)| Some((slot, target(&f.ty)?)))
                .collect()
        })
        .chain(ctx.unions.iter().map(|def| {
            def.variants
                .iter()
                .enumerate()
                .filter_map(|(slot, v)| Some((slot, target(&v.ty)?)))
                .collect()
        }))
        .collect();
    // A union variant is never required: another variant ends the chain.
    let required: Vec<Vec<bool>> = edges
        .iter()
        .enumerate()
        .map(|(node, out)| {
            out.iter()
                .map(|&(slot, _)| node < struct_count && !ctx.types[node].fields[slot].optional)
                .collect()
        })
        .collect();

    // Cycles of required fields only.
    let mut reported = BTreeSet::new();
    let mut seen_cycles = BTreeSet::new();
    for start in 0..names.len() {
        let mut stack = vec![(start, vec![start])];
        let mut visited = BTreeSet::new();
        while let Some((node, chain)) = stack.pop() {
            for (edge, &(_, target)) in edges[node].iter().enumerate() {
                if !required[node][edge] {
                    continue;
                }
                if target == start {
                    let cycle: Vec<&str> = chain
                        .iter()
                        .chain([&target])
                        .map(|&i| names[i].as_str())
                        .collect();
                    // Each cycle once, at its first type by name (the walk starts there first).
                    let mut members = chain.clone();
                    members.sort_unstable();
                    if seen_cycles.insert(members) {
                        reported.insert((names[start].clone(), cycle.join(" → ")));
                    }
                } else if visited.insert(target) {
                    let mut longer = chain.clone();
                    longer.push(target);
                    stack.push((target, longer));
                }
            }
        }
    }

    // Back edges of a depth-first walk.
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnStack,
        Done,
    }
    let mut state = vec![State::New; names.len()];
    let mut to_box = Vec::new();
    for start in 0..names.len() {
        if state[start] != State::New {
            continue;
        }
        state[start] = State::OnStack;
        let mut stack = vec![(start, 0)];
        while let Some((node, next_edge)) = stack.last_mut() {
            let node = *node;
            let Some(&(slot, target)) = edges[node].get(*next_edge) else {
                state[node] = State::Done;
                stack.pop();
                continue;
            };
            *next_edge += 1;
            match state[target] {
                State::OnStack => to_box.push((node, slot)),
                State::New => {
                    state[target] = State::OnStack;
                    stack.push((target, 0));
                }
                State::Done => {}
            }
        }
    }
    for (node, slot) in to_box {
        if node < struct_count {
            ctx.types[node].fields[slot].boxed = true;
        } else {
            ctx.unions[node - struct_count].variants[slot].boxed = true;
        }
    }

    for (name, cycle) in reported {
        if let Some((file, key_path)) = ctx.types_declared.get(&name).cloned() {
            ctx.error_hint(
                &file,
                &key_path,
                format!("`{name}` contains itself through required fields: {cycle}"),
                "make one field of the cycle optional, or an array",
            );
        }
    }
}

fn join(prefix: &str, middle: &str, key: &str) -> String {
    if prefix.is_empty() {
        format!("{middle}.{key}")
    } else {
        format!("{prefix}.{middle}.{key}")
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(name.len()) / 3).max(1))
        .min()
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
