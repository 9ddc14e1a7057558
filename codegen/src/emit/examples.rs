//! The spec's examples as code: a rustdoc example on each endpoint method,
//! `src/api/example_calls.rs`, a function per example that makes its call (and `send`, which
//! makes one by operation ID), and `src/api/examples.rs`, a test per example that runs that
//! function against a local server.

use std::cell::RefCell;
use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::ident;
use crate::examples::{Json, base64, encode_path_segment};
use crate::model::{Api, Endpoint, Example, Field, HttpMethod, Member, PathPart, Type};

/// Where generated code names the crate: `crate` inside it, `stytch_b2b` in rustdoc examples,
/// whose JSON values are set aside to be written in after formatting (see [`JsonValues`]).
#[derive(Clone, Copy)]
enum CratePath<'a> {
    Inside,
    Outside(&'a str, &'a JsonValues),
}

impl CratePath<'_> {
    fn tokens(self) -> TokenStream {
        match self {
            Self::Inside => quote!(crate),
            Self::Outside(name, _) => {
                let name = format_ident!("{}", name);
                quote!(#name)
            }
        }
    }
}

/// The example call: `client.organizations().members().delete(…).authorization(…)`.
fn call(api: &Api, endpoint: &Endpoint, example: &Example, krate: CratePath<'_>) -> TokenStream {
    let root = krate.tokens();
    let resources = endpoint.resource_path.iter().map(ident);
    let method = ident(&endpoint.method_name);
    let body_fields: &[Field] = endpoint
        .body
        .as_ref()
        .map(|body| body.fields.as_slice())
        .unwrap_or_default();

    let mut arguments: Vec<TokenStream> = example
        .path_args
        .iter()
        .map(|value| quote!(#value))
        .collect();
    let mut setters = Vec::new();
    for (param, value) in endpoint.query_params.iter().zip(&example.query) {
        if let Some(value) = value {
            push_input(api, param, value, krate, &mut arguments, &mut setters);
        }
    }
    for (header, value) in endpoint.headers.iter().zip(&example.headers) {
        if let Some(value) = value {
            let name = ident(&header.rust_name);
            if header.optional {
                setters.push(quote!(.#name(#value)))
            } else {
                arguments.push(quote!(#value))
            }
        }
    }
    let members = endpoint.body.iter().flat_map(|body| body.members());
    for member in members {
        match member {
            Member::Field(field) => {
                let index = body_fields.iter().position(|f| std::ptr::eq(f, field));
                if let Some(Some(value)) = index.and_then(|index| example.body.get(index)) {
                    push_input(api, field, value, krate, &mut arguments, &mut setters);
                }
            }
            Member::Group(group) => {
                // The group's one set field, as its variant.
                let set = group.variants.iter().find_map(|variant| {
                    let field = body_fields.get(variant.field)?;
                    let value = example.body.get(variant.field)?.as_ref()?;
                    Some((variant, field, value))
                });
                if let Some((variant, field, value)) = set {
                    let type_name = format_ident!("{}", group.type_name);
                    let variant = format_ident!("{}", variant.name);
                    let mut value = value_tokens(api, &field.ty, value, krate);
                    if field.boxed {
                        value = quote!(Box::new(#value));
                    }
                    let value = quote!(#root::types::#type_name::#variant(#value));
                    if group.required {
                        arguments.push(value);
                    } else {
                        let name = ident(&group.name);
                        setters.push(quote!(.#name(#value)));
                    }
                }
            }
        }
    }
    if let (Some((variant, _, credential)), Some(index)) =
        (&example.authorization, endpoint.authorization)
    {
        if let Some(authorization) = api.authorizations.get(index) {
            let setter = ident(&authorization.setter);
            let type_name = format_ident!("{}", authorization.type_name);
            let variant = format_ident!("{}", variant);
            setters.push(quote!(.#setter(#root::#type_name::#variant(#credential.to_owned()))));
        }
    }
    quote!(client #(.#resources())* .#method(#(#arguments),*) #(#setters)*)
}

/// A required input becomes an argument, an optional one a setter call.
fn push_input(
    api: &Api,
    field: &Field,
    value: &Json,
    krate: CratePath<'_>,
    arguments: &mut Vec<TokenStream>,
    setters: &mut Vec<TokenStream>,
) {
    let value = argument_tokens(api, &field.ty, value, krate);
    if field.optional {
        let name = ident(&field.rust_name);
        setters.push(quote!(.#name(#value)));
    } else {
        arguments.push(value);
    }
}

/// A value passed to a method, constructor or setter (see `params`), written as users would:
/// `"…"` for a string, `["…", "…"]` for a list of them.
fn argument_tokens(api: &Api, ty: &Type, value: &Json, krate: CratePath<'_>) -> TokenStream {
    match (ty, value) {
        (Type::String, Json::String(text)) => quote!(#text),
        // Nothing in an empty literal, or one holding only empty ones, says what it holds:
        // name the type.
        (Type::Array(item), Json::Array(items)) if !says_its_type(ty, value) => {
            let item_type = example_type(item, krate);
            if items.is_empty() {
                quote!(Vec::<#item_type>::new())
            } else {
                let items = items
                    .iter()
                    .map(|value| value_tokens(api, item, value, krate));
                quote!(Vec::<#item_type>::from([#(#items),*]))
            }
        }
        (Type::Map(item), Json::Object(entries)) if !says_its_type(ty, value) => {
            let item_type = example_type(item, krate);
            if entries.is_empty() {
                quote!(std::collections::BTreeMap::<String, #item_type>::new())
            } else {
                let entries = entries.iter().map(|(key, value)| {
                    let value = value_tokens(api, item, value, krate);
                    quote!((#key.to_owned(), #value))
                });
                quote!(std::collections::BTreeMap::<String, #item_type>::from([#(#entries),*]))
            }
        }
        (Type::Array(item), Json::Array(items)) => {
            let items = items
                .iter()
                .map(|value| element_tokens(api, item, value, krate));
            quote!([#(#items),*])
        }
        (Type::Map(item), Json::Object(entries)) => {
            let entries = entries.iter().map(|(key, value)| {
                let value = element_tokens(api, item, value, krate);
                quote!((#key, #value))
            });
            quote!([#(#entries),*])
        }
        _ => value_tokens(api, ty, value, krate),
    }
}

/// An element of a list or map argument. A collection there is `Vec::from([…])` or
/// `BTreeMap::from([…])`, not an array literal, since literals of different lengths have
/// different types; an empty one takes its type from a sibling.
fn element_tokens(api: &Api, ty: &Type, value: &Json, krate: CratePath<'_>) -> TokenStream {
    match (ty, value) {
        (Type::Array(_), Json::Array(items)) if items.is_empty() => quote!(Vec::new()),
        (Type::Array(item), Json::Array(items)) => {
            let items = items
                .iter()
                .map(|value| element_tokens(api, item, value, krate));
            quote!(Vec::from([#(#items),*]))
        }
        (Type::Map(_), Json::Object(entries)) if entries.is_empty() => {
            quote!(std::collections::BTreeMap::new())
        }
        (Type::Map(item), Json::Object(entries)) => {
            let entries = entries.iter().map(|(key, value)| {
                let value = element_tokens(api, item, value, krate);
                quote!((#key, #value))
            });
            quote!(std::collections::BTreeMap::from([#(#entries),*]))
        }
        _ => argument_tokens(api, ty, value, krate),
    }
}

/// Whether Rust can infer the type of `value` written as an argument: it is no collection, or
/// a collection with an element that says its type (which then types its siblings).
fn says_its_type(ty: &Type, value: &Json) -> bool {
    match (ty, value) {
        (Type::Array(item), Json::Array(items)) => {
            items.iter().any(|value| says_its_type(item, value))
        }
        (Type::Map(item), Json::Object(entries)) => {
            entries.iter().any(|(_, value)| says_its_type(item, value))
        }
        _ => true,
    }
}

/// The Rust type of `ty` as an example writes it (`Vec<String>`, `stytch_b2b::types::Member`).
fn example_type(ty: &Type, krate: CratePath<'_>) -> TokenStream {
    let root = krate.tokens();
    match ty {
        Type::String => quote!(String),
        Type::Bool => quote!(bool),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        Type::JsonObject => quote!(#root::serde_json::Value),
        Type::Array(item) => {
            let item = example_type(item, krate);
            quote!(Vec<#item>)
        }
        Type::Map(item) => {
            let item = example_type(item, krate);
            quote!(std::collections::BTreeMap<String, #item>)
        }
        Type::Named(name) => {
            let name = format_ident!("{}", name);
            quote!(#root::types::#name)
        }
    }
}

/// A Rust expression of type `ty` for the checked example value `value`.
fn value_tokens(api: &Api, ty: &Type, value: &Json, krate: CratePath<'_>) -> TokenStream {
    let root = krate.tokens();
    match (ty, value) {
        (Type::String, Json::String(text)) => quote!(#text.to_owned()),
        (Type::Bool, Json::Bool(flag)) => quote!(#flag),
        (Type::I32 | Type::I64, Json::Int(number)) => {
            let literal = Literal::i64_unsuffixed(*number);
            quote!(#literal)
        }
        (Type::F64, Json::Float(number)) => {
            let literal = Literal::f64_unsuffixed(*number);
            quote!(#literal)
        }
        (Type::F64, Json::Int(number)) => {
            let literal = Literal::f64_unsuffixed(*number as f64);
            quote!(#literal)
        }
        (Type::JsonObject, _) => json_macro(value, krate),
        (Type::Array(item), Json::Array(items)) => {
            let items = items
                .iter()
                .map(|value| value_tokens(api, item, value, krate));
            // A function call, which prettyplease formats (it leaves `vec![…]` as tokens).
            quote!(Vec::from([#(#items),*]))
        }
        (Type::Map(item), Json::Object(entries)) => {
            let entries = entries.iter().map(|(key, value)| {
                let value = value_tokens(api, item, value, krate);
                quote!((#key.to_owned(), #value))
            });
            quote!(std::collections::BTreeMap::from([#(#entries),*]))
        }
        (Type::Named(name), Json::String(text)) => {
            let type_name = format_ident!("{}", name);
            let variant = api
                .enums
                .iter()
                .find(|def| def.name == *name)
                .and_then(|def| def.variants.iter().find(|variant| variant.value == *text));
            match variant {
                Some(variant) => {
                    let variant = format_ident!("{}", variant.name);
                    quote!(#root::types::#type_name::#variant)
                }
                None => quote!(#root::types::#type_name::from(#text)),
            }
        }
        (Type::Named(name), Json::Object(given))
            if api.unions.iter().any(|def| def.name == *name) =>
        {
            let type_name = format_ident!("{}", name);
            let def = api.unions.iter().find(|def| def.name == *name);
            let field = |key: &str| {
                given
                    .iter()
                    .find(|(wire, _)| wire == key)
                    .map(|(_, value)| value)
            };
            let tag = def.and_then(|def| field(&def.tag));
            let content = def.and_then(|def| field(&def.content));
            let variant = def.zip(tag).and_then(|(def, tag)| match tag {
                Json::String(tag) => def.variants.iter().find(|variant| variant.tag == *tag),
                _ => None,
            });
            match (variant, tag, content) {
                (Some(variant), _, Some(content)) => {
                    let variant_name = format_ident!("{}", variant.name);
                    let value = value_tokens(api, &variant.ty, content, krate);
                    let value = if variant.boxed {
                        quote!(Box::new(#value))
                    } else {
                        value
                    };
                    quote!(#root::types::#type_name::#variant_name(#value))
                }
                // A tag this client does not know: only decoding JSON makes an `Other`.
                _ => typed_json_from_text(value, quote!(#root::types::#type_name)),
            }
        }
        (Type::Named(name), Json::Object(given)) => {
            let type_name = format_ident!("{}", name);
            let Some(def) = api.types.iter().find(|def| def.name == *name) else {
                return json_from_text(value);
            };
            let given = |field: &Field| {
                given
                    .iter()
                    .find(|(wire, _)| *wire == field.wire_name)
                    .map(|(_, value)| argument_tokens(api, &field.ty, value, krate))
            };
            // Built the way users build it: `new` with the required fields, then setters.
            let arguments: Option<Vec<TokenStream>> = def
                .fields
                .iter()
                .filter(|field| !field.optional)
                .map(given)
                .collect();
            // Checked examples give every required field; decoding is the fallback all the same.
            let Some(arguments) = arguments else {
                return typed_json_from_text(value, quote!(#root::types::#type_name));
            };
            let setters = def
                .fields
                .iter()
                .filter(|field| field.optional)
                .filter_map(|field| {
                    let setter = ident(&field.rust_name);
                    given(field).map(|value| quote!(.#setter(#value)))
                });
            quote!(#root::types::#type_name::new(#(#arguments),*) #(#setters)*)
        }
        // A free-form object, or anything unexpected: parse the JSON text.
        _ => json_from_text(value),
    }
}

/// The JSON values of a rustdoc example, each written in the code as a placeholder identifier
/// and replaced by its `json!` after formatting: prettyplease prints a macro's tokens as they
/// come (`{ "theme" : "dark" }`), not as JSON is written. A placeholder is about as long as the
/// `json!` on one line, so prettyplease breaks the lines around it as it would around the value.
#[derive(Default)]
struct JsonValues(RefCell<Vec<(String, Json)>>);

impl JsonValues {
    /// Placeholders are `json_value_placeholder_<index>_`, padded with `_`: each ends its index
    /// with `_`, so none is found inside another.
    const PLACEHOLDER: &'static str = "json_value_placeholder_";
    /// The longest padding: a longer value is written on several lines anyway.
    const MAX_PLACEHOLDER: usize = 60;

    /// A placeholder for `value`, in an example of the crate `krate`.
    fn set_aside(&self, value: &Json, krate: &str) -> TokenStream {
        let mut values = self.0.borrow_mut();
        let mut placeholder = format!("{}{}_", Self::PLACEHOLDER, values.len());
        let one_line = format!("{krate}::serde_json::json!({})", json_line(value)).len();
        while placeholder.len() < one_line.min(Self::MAX_PLACEHOLDER) {
            placeholder.push('_');
        }
        let ident = format_ident!("{}", placeholder);
        values.push((placeholder, value.clone()));
        quote!(#ident)
    }

    /// `line` of formatted code with its placeholders replaced by `krate::serde_json::json!(…)`.
    fn write_in(&self, line: &str, krate: &str) -> String {
        let mut line = line.to_owned();
        for (placeholder, value) in self.0.borrow().iter() {
            if let Some(at) = line.find(placeholder.as_str()) {
                let indent = line.len() - line.trim_start().len();
                let json = json_text(value, indent);
                line.replace_range(
                    at..at + placeholder.len(),
                    &format!("{krate}::serde_json::json!({json})"),
                );
            }
        }
        line
    }
}

/// `value` as it is written in `json!`: on one line when short, else one entry per line,
/// indented from `indent`.
fn json_text(value: &Json, indent: usize) -> String {
    const MAX_LINE: usize = 72;
    let one_line = json_line(value);
    let (open, close, entries): (&str, &str, Vec<String>) = match value {
        Json::Array(items) if indent + one_line.len() > MAX_LINE => (
            "[",
            "]",
            items
                .iter()
                .map(|item| json_text(item, indent + 4))
                .collect(),
        ),
        Json::Object(entries) if indent + one_line.len() > MAX_LINE => (
            "{",
            "}",
            entries
                .iter()
                .map(|(key, value)| format!("{key:?}: {}", json_text(value, indent + 4)))
                .collect(),
        ),
        _ => return one_line,
    };
    let inner = " ".repeat(indent + 4);
    let entries: Vec<String> = entries
        .iter()
        .map(|entry| format!("{inner}{entry}"))
        .collect();
    format!(
        "{open}\n{}\n{}{close}",
        entries.join(",\n"),
        " ".repeat(indent)
    )
}

/// `value` on one line: `{"crm": {"tier": "gold"}, "max_members": 500}`.
fn json_line(value: &Json) -> String {
    match value {
        Json::Array(items) => {
            let items: Vec<String> = items.iter().map(json_line).collect();
            format!("[{}]", items.join(", "))
        }
        Json::Object(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(key, value)| format!("{key:?}: {}", json_line(value)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Json::String(text) => format!("{text:?}"),
        Json::Float(number) => Literal::f64_unsuffixed(*number).to_string(),
        Json::Int(_) | Json::Bool(_) | Json::Null => value.to_string(),
    }
}

/// `serde_json::json!({…})` of `value`, through the crate's re-export of `serde_json`.
fn json_macro(value: &Json, krate: CratePath<'_>) -> TokenStream {
    if let CratePath::Outside(name, json_values) = krate {
        return json_values.set_aside(value, name);
    }
    let root = krate.tokens();
    let value = json_macro_input(value);
    quote!(#root::serde_json::json!(#value))
}

/// `value` written as `json!` reads it.
fn json_macro_input(value: &Json) -> TokenStream {
    match value {
        Json::Null => quote!(null),
        Json::Bool(flag) => quote!(#flag),
        Json::Int(number) => {
            let literal = Literal::i64_unsuffixed(*number);
            quote!(#literal)
        }
        Json::Float(number) => {
            let literal = Literal::f64_unsuffixed(*number);
            quote!(#literal)
        }
        Json::String(text) => quote!(#text),
        Json::Array(items) => {
            let items = items.iter().map(json_macro_input);
            quote!([#(#items),*])
        }
        Json::Object(entries) => {
            let entries = entries.iter().map(|(key, value)| {
                let value = json_macro_input(value);
                quote!(#key: #value)
            });
            quote!({#(#entries),*})
        }
    }
}

/// A raw string literal (`r#"…"#`) of `text`, so JSON reads as JSON in the generated code.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = "#".to_owned();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| quote!(#text))
}

/// `serde_json::from_str::<T>(r#"…"#).expect(…)`: a value of `ty` decoded from its JSON.
fn typed_json_from_text(value: &Json, ty: TokenStream) -> TokenStream {
    let text = raw_string(&value.to_string());
    quote!(serde_json::from_str::<#ty>(#text).expect("the example is valid JSON"))
}

/// `serde_json::from_str(r#"…"#).expect(…)`: a free-form JSON value.
fn json_from_text(value: &Json) -> TokenStream {
    let text = raw_string(&value.to_string());
    quote!(serde_json::from_str(#text).expect("the example is valid JSON"))
}

/// The `# Example` section of an endpoint method's rustdoc.
pub(super) fn doc_example(api: &Api, endpoint: &Endpoint) -> Option<String> {
    let example = endpoint.example.as_ref()?;
    let json_values = JsonValues::default();
    let call = call(
        api,
        endpoint,
        example,
        CratePath::Outside(&api.crate_name, &json_values),
    );
    // Formatted like the rest of the code, inside a wrapper whose lines rustdoc hides.
    let body = quote!(fn example() { let response = #call.await?; });
    let formatted = syn::parse2::<syn::File>(body.clone())
        .map(|file| prettyplease::unparse(&file))
        .unwrap_or_else(|_| body.to_string());
    let krate = &api.crate_name;
    let mut lines = vec![format!(
        "# async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{"
    )];
    let inner = formatted.lines().skip(1).take_while(|line| *line != "}");
    lines.extend(
        inner.map(|line| json_values.write_in(line.strip_prefix("    ").unwrap_or(line), krate)),
    );
    lines.extend([
        "# let _ = response;".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
    ]);
    Some(format!("# Example\n\n```no_run\n{}\n```", lines.join("\n")))
}

/// Whether any endpoint (at any depth) has an example.
pub(super) fn any_example(resources: &[crate::model::Resource]) -> bool {
    resources.iter().any(|resource| {
        resource
            .endpoints
            .iter()
            .any(|endpoint| endpoint.example.is_some())
            || any_example(&resource.children)
    })
}

/// The Cargo feature that makes `example_calls` public outside the crate's own tests.
pub(super) const EXAMPLE_CALLS_FEATURE: &str = "example-calls";

/// `src/api/example_calls.rs`, or `None` when no endpoint has an example.
///
/// The example tests call these functions, and so can tests outside the crate (with the
/// `example-calls` feature): `send` makes any example call by operation ID, so a test can make
/// every one without knowing the endpoints.
pub(super) fn example_calls_module(api: &Api) -> Option<TokenStream> {
    let examples = collect_examples(api);
    if examples.is_empty() {
        return None;
    }
    let operation_ids = examples.iter().map(|named| &named.endpoint.operation_id);
    let arms = examples.iter().map(|named| {
        let (id, name) = (&named.endpoint.operation_id, &named.name);
        let cfg = super::cfg_any(&[named.feature]);
        quote!(#cfg #id => Some(#name(client).await.map(drop)),)
    });
    let functions = examples.iter().map(|Named { endpoint, example, name, feature }| {
        let cfg = super::cfg_any(&[*feature]);
        let call = call(api, endpoint, example, CratePath::Inside);
        let response = format_ident!("{}", endpoint.response);
        let doc = format!(
            " The example call of `{}` (`{} {}`).",
            endpoint.operation_id,
            endpoint.http_method.as_str(),
            endpoint.path_template
        );
        quote! {
            #[doc = #doc]
            #cfg
            pub async fn #name(client: &crate::Client) -> Result<crate::types::#response, crate::Error> {
                #call.await
            }
        }
    });
    let feature = EXAMPLE_CALLS_FEATURE;
    let module_doc = format!(
        " The spec's example calls: one function per endpoint example, which the example tests \
         (`examples.rs`) run, and [`send`], which makes any of them by operation ID. Public with \
         the `{feature}` feature, for tests outside the crate; not part of the stable API."
    );
    Some(quote! {
        #![doc = #module_doc]

        /// The operation ID of every endpoint with an example, in spec order, whatever features
        /// are on.
        pub const OPERATIONS: &[&str] = &[#(#operation_ids),*];

        /// Makes the example call of `operation_id` through `client`, or returns `None` when that
        /// operation has no example or its resource's feature is off. The decoded response is
        /// dropped: the example tests check it.
        pub async fn send(client: &crate::Client, operation_id: &str) -> Option<Result<(), crate::Error>> {
            match operation_id {
                #(#arms)*
                _ => None,
            }
        }

        #(#functions)*
    })
}

/// An endpoint with an example, and the name of its example call and test.
struct Named<'a> {
    endpoint: &'a Endpoint,
    example: &'a Example,
    name: proc_macro2::Ident,
    /// The feature of the endpoint's top-level resource, which its call and test need.
    feature: &'a str,
}

/// The functions of `example_calls` and `examples` besides the per-example ones: no example's
/// function may be named like them.
const HELPER_NAMES: &[&str] = &[
    "send",
    "serve",
    "json",
    "check_response",
    "header",
    "check_request",
];

/// The endpoints with an example, in spec order (depth first, like the resource modules), each
/// named after its operation ID (`organizations.members.delete` → `organizations_members_delete`).
/// `a_b/c` and `a/b_c` give the same name, and a name may be a helper's: a number tells them apart.
fn collect_examples(api: &Api) -> Vec<Named<'_>> {
    fn walk<'a>(
        resource: &'a crate::model::Resource,
        feature: &'a str,
        out: &mut Vec<(&'a Endpoint, &'a Example, &'a str)>,
    ) {
        for endpoint in &resource.endpoints {
            if let Some(example) = &endpoint.example {
                out.push((endpoint, example, feature));
            }
        }
        for child in &resource.children {
            walk(child, feature, out);
        }
    }
    let mut examples = Vec::new();
    for resource in &api.resources {
        walk(resource, resource.feature(), &mut examples);
    }
    let mut taken: BTreeSet<String> = HELPER_NAMES.iter().map(|name| (*name).to_owned()).collect();
    examples
        .into_iter()
        .map(|(endpoint, example, feature)| {
            let base = endpoint.operation_id.replace('.', "_");
            let mut name = base.clone();
            let mut number = 2;
            while taken.contains(&name) {
                name = format!("{base}_{number}");
                number += 1;
            }
            let ident = format_ident!("{}", name);
            taken.insert(name);
            Named {
                endpoint,
                example,
                name: ident,
                feature,
            }
        })
        .collect()
}

/// `src/api/examples.rs`, or `None` when no endpoint has an example.
pub(super) fn examples_module(api: &Api) -> Option<TokenStream> {
    let examples = collect_examples(api);
    if examples.is_empty() {
        return None;
    }
    let tests = examples.iter().map(example_test);
    let basic = format!(
        "Basic {}",
        base64(format!("{EXAMPLE_PROJECT_ID}:{EXAMPLE_SECRET}").as_bytes())
    );
    Some(quote! {
        //! Tests made from the spec's examples: each serves its example response from a local
        //! server, makes the example call through the client, and checks the decoded response
        //! and the request that was sent.

        use wiremock::{Mock, MockServer, Request, ResponseTemplate};

        const PROJECT_ID: &str = #EXAMPLE_PROJECT_ID;
        const SECRET: &str = #EXAMPLE_SECRET;
        /// `Basic` and the base64 of `PROJECT_ID:SECRET`, computed by the generator.
        const BASIC_AUTHORIZATION: &str = #basic;

        /// A local server that answers every request with `response`, and a client for it.
        async fn serve(response: &str) -> (MockServer, crate::Client) {
            let server = MockServer::start().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(ResponseTemplate::new(200).set_body_raw(response, "application/json"))
                .mount(&server)
                .await;
            let client = crate::Client::builder(PROJECT_ID, SECRET)
                .base_url(server.uri())
                .allow_http(true)
                .retry_policy(crate::RetryPolicy::never())
                .build()
                .expect("a client for the local server");
            (server, client)
        }

        fn json(text: &[u8]) -> serde_json::Value {
            serde_json::from_slice(text).expect("valid JSON")
        }

        /// The decoded response, encoded again, is exactly the example: nothing lost or renamed.
        fn check_response<T: serde::Serialize>(decoded: &T, response: &str) {
            let encoded = serde_json::to_value(decoded).expect("the response encodes");
            assert_eq!(encoded, json(response.as_bytes()));
        }

        fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
            request.headers.get(name).and_then(|value| value.to_str().ok())
        }

        /// What the server must have received: one request with this method, raw path, query,
        /// headers, Basic authentication (unless `basic` is false: a public endpoint) and body
        /// (its content type and text: JSON compared as JSON, anything else byte for byte).
        async fn check_request(
            server: &MockServer,
            method: &str,
            path: &str,
            query: &[(&str, &str)],
            headers: &[(&str, &str)],
            basic: bool,
            body: Option<(&str, &str)>,
        ) {
            let requests = server.received_requests().await.expect("requests are recorded");
            assert_eq!(requests.len(), 1, "one request");
            let request = &requests[0];
            assert_eq!(request.method.as_str(), method);
            assert_eq!(request.url.path(), path);
            let sent: Vec<(String, String)> =
                request.url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect();
            let expected: Vec<(String, String)> =
                query.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
            assert_eq!(sent, expected);
            assert_eq!(header(request, "authorization"), basic.then_some(BASIC_AUTHORIZATION));
            for (name, value) in headers {
                assert_eq!(header(request, name), Some(*value), "header {name}");
            }
            match body {
                Some((content_type, body)) => {
                    assert_eq!(header(request, "content-type"), Some(content_type));
                    if content_type == "application/json" {
                        assert_eq!(json(&request.body), json(body.as_bytes()));
                    } else {
                        assert_eq!(String::from_utf8_lossy(&request.body), body);
                    }
                }
                None => assert!(request.body.is_empty(), "no body"),
            }
        }

        #(#tests)*
    })
}

const EXAMPLE_PROJECT_ID: &str = "project-test-00000000-0000-4000-8000-000000000000";
const EXAMPLE_SECRET: &str = "secret-test-example";

fn example_test(named: &Named<'_>) -> TokenStream {
    let Named {
        endpoint,
        example,
        name,
        feature,
    } = named;
    let cfg = super::cfg_any(&[*feature]);
    let response = raw_string(&example.response.pretty());
    let method = endpoint.http_method.as_str();
    let path: String = endpoint
        .path
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.clone(),
            PathPart::Param(index) => encode_path_segment(&example.path_args[*index]),
        })
        .collect();
    let query = endpoint
        .query_params
        .iter()
        .zip(&example.query)
        .filter_map(|(param, value)| {
            let text = match value.as_ref()? {
                // As the client sends it: strings as they are, the rest as Rust displays them.
                Json::String(text) => text.clone(),
                Json::Float(number) => number.to_string(),
                other => other.to_string(),
            };
            let name = &param.wire_name;
            Some(quote!((#name, #text)))
        });
    let mut headers: Vec<TokenStream> = endpoint
        .headers
        .iter()
        .zip(&example.headers)
        .filter_map(|(header, value)| {
            let (name, value) = (&header.header, value.as_ref()?);
            Some(quote!((#name, #value)))
        })
        .collect();
    if let Some((_, header, credential)) = &example.authorization {
        headers.push(quote!((#header, #credential)));
    }
    let form_fields = endpoint
        .body
        .as_ref()
        .filter(|body| body.encoding == crate::model::BodyEncoding::Form)
        .map(|body| {
            // In the order of the body's fields, as the client sends them.
            let given = body.fields.iter().zip(&example.body);
            let fields =
                given.filter_map(|(field, value)| Some((field.wire_name.clone(), value.clone()?)));
            fields.collect::<Vec<_>>()
        });
    let body = match (&example.body_json, form_fields) {
        (Some(_), Some(fields)) => {
            let text = crate::examples::form_urlencoded(&fields);
            quote!(Some(("application/x-www-form-urlencoded", #text)))
        }
        (Some(body), None) => {
            let text = raw_string(&body.pretty());
            quote!(Some(("application/json", #text)))
        }
        // The runtime sends `{}` on every request but a GET when the endpoint has no body fields.
        (None, _) if endpoint.http_method != HttpMethod::Get => {
            quote!(Some(("application/json", "{}")))
        }
        (None, _) => quote!(None),
    };
    let basic = endpoint.basic_auth;
    let doc = format!(
        " The example of `{}` (`{method} {}`).",
        endpoint.operation_id, endpoint.path_template
    );
    quote! {
        #[doc = #doc]
        #cfg
        #[tokio::test]
        async fn #name() {
            let response = #response;
            let (server, client) = serve(response).await;
            let decoded = super::example_calls::#name(&client).await.expect("the example call succeeds");
            check_response(&decoded, response);
            check_request(&server, #method, #path, &[#(#query),*], &[#(#headers),*], #basic, #body).await;
        }
    }
}
