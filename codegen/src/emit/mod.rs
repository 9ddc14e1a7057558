//! Turns the validated model into token streams, one per generated file, part by part ([`parts`],
//! [`emit_part`]).
//!
//! The emitter trusts the model: every name is already a valid, unique identifier.

mod debug;
mod examples;
mod json_object;
mod layout;
mod one_of;
mod params;
mod prose;
mod resources;
mod types;

use std::path::PathBuf;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Api, Authorization, Resource, Type};
use crate::naming::Name;
use prose::{code_span, prose};

/// The folder of the client crate that the generator owns, relative to the crate root.
pub(crate) const OWNED_DIR: &str = "src/api";

/// One generated file, before formatting.
pub(crate) struct EmittedFile {
    /// Relative to the client crate's root, e.g. `src/api/types/mod.rs`.
    pub path: PathBuf,
    pub tokens: TokenStream,
}

/// A part of the API whose files are emitted together. Parts are independent of each other, so
/// the pipeline emits (and formats) them on several threads; tokens never cross threads.
pub(crate) enum Part<'a> {
    /// `src/api/mod.rs`.
    Root,
    /// `src/api/types/mod.rs`, which declares and re-exports the groups: their modules, each
    /// with the features that turn it on.
    TypesRoot(Vec<(String, &'a [String])>),
    /// One file of the `types` module.
    Types(layout::TypeGroup<'a>),
    /// A top-level resource's module and the modules under it.
    Resource(&'a Resource),
    /// `src/api/example_calls.rs`.
    ExampleCalls,
    /// `src/api/examples.rs`.
    Examples,
}

/// Every part of the API, the ones that usually give the biggest files first (so that the
/// threads emitting them finish at about the same time).
pub(crate) fn parts(api: &Api) -> Vec<Part<'_>> {
    let groups = layout::type_groups(api);
    let mut parts = vec![Part::Examples, Part::ExampleCalls];
    parts.extend(api.resources.iter().map(Part::Resource));
    parts.push(Part::TypesRoot(
        groups
            .iter()
            .map(|group| (group.module.clone(), group.features))
            .collect(),
    ));
    parts.extend(groups.into_iter().map(Part::Types));
    parts.push(Part::Root);
    parts
}

/// Emits the files of one part (none for the examples of an API without any).
pub(crate) fn emit_part(api: &Api, part: &Part<'_>) -> Vec<EmittedFile> {
    let dir = PathBuf::from(OWNED_DIR);
    let types_dir = dir.join("types");
    let one = |path: PathBuf, tokens: TokenStream| vec![EmittedFile { path, tokens }];
    match part {
        Part::Root => one(dir.join("mod.rs"), root_module(api)),
        Part::TypesRoot(modules) => one(
            types_dir.join("mod.rs"),
            layout::types_root(api, modules, types::shared_helpers(api)),
        ),
        Part::Types(group) => one(
            types_dir.join(format!("{}.rs", group.module)),
            layout::group_module(group),
        ),
        Part::Resource(resource) => {
            let mut files = Vec::new();
            resources::resource_files(api, resource, &dir, &mut files);
            files
        }
        Part::ExampleCalls => examples::example_calls_module(api)
            .map(|tokens| one(dir.join("example_calls.rs"), tokens))
            .unwrap_or_default(),
        Part::Examples => examples::examples_module(api)
            .map(|tokens| one(dir.join("examples.rs"), tokens))
            .unwrap_or_default(),
    }
}

/// `src/api/mod.rs`: module docs, the client's constructors and top-level resources, authorizations.
fn root_module(api: &Api) -> TokenStream {
    let module_docs = inner_doc(&format!(
        "{}\n\n{}{}",
        api.name,
        prose(&api.description).trim_end(),
        api.docs_url
            .as_ref()
            .map(|url| format!("\n\nAPI documentation: <{url}>"))
            .unwrap_or_default()
    ));
    // Each top-level resource, and the method that reaches it, comes with its Cargo feature.
    let modules = api.resources.iter().map(|resource| {
        let cfg = cfg_any(&[resource.feature()]);
        let declaration = resource_module_declaration(resource);
        quote!(#cfg #declaration)
    });
    let accessors = api
        .resources
        .iter()
        .map(|resource| resource_accessor(resource, quote!(self), Some(resource.feature())));
    let username = ident(&api.username);
    let password = ident(&api.password);
    let (name, test_url, live_url, prefix) = (
        &api.name,
        &api.test_base_url,
        &api.live_base_url,
        &api.live_project_id_prefix,
    );
    let new_docs = doc(&format!(
        "Creates a client for the {name} API, authenticating every request with HTTP Basic \
         (`{username}:{password}`).\n\n\
         When `{username}` starts with `{prefix}`, requests go to the live environment (`{live_url}`); \
         otherwise to the test environment (`{test_url}`). Use [`Client::builder`](crate::Client::builder) \
         to set a custom base URL, \
         timeout, user agent or `reqwest::Client`.\n\n\
         # Errors\n\n\
         [`Error::Config`](crate::Error::Config) when the HTTP client cannot be built.",
        username = api.username.text,
        password = api.password.text,
    ));
    let builder_docs = doc(&format!(
        "Starts configuring a client for the {name} API; see [`ClientBuilder`](crate::ClientBuilder)."
    ));
    let authorizations = api.authorizations.iter().map(authorization);
    let error_schema = format_ident!("{}", api.error_schema);
    let feature = examples::EXAMPLE_CALLS_FEATURE;
    let examples_module = examples::any_example(&api.resources).then(|| {
        quote!(
            #[cfg(any(test, feature = #feature))]
            #[doc(hidden)]
            pub mod example_calls;
            #[cfg(test)]
            mod examples;
        )
    });
    quote! {
        #module_docs

        #(#modules)*
        pub mod types;
        #examples_module

        /// What the runtime needs to know about this API.
        static API_INFO: crate::runtime::ApiInfo = crate::runtime::ApiInfo {
            test_base_url: #test_url,
            live_base_url: #live_url,
            live_project_id_prefix: #prefix,
        };

        /// The body of an error response, which [`ApiError`](crate::ApiError) keeps.
        pub(crate) type ErrorBody = crate::types::#error_schema;

        impl crate::Client {
            #new_docs
            pub fn new(
                #username: impl ::core::convert::Into<::std::string::String>,
                #password: impl ::core::convert::Into<::std::string::String>,
            ) -> ::core::result::Result<Self, crate::Error> {
                Self::builder(#username, #password).build()
            }

            #builder_docs
            pub fn builder(
                #username: impl ::core::convert::Into<::std::string::String>,
                #password: impl ::core::convert::Into<::std::string::String>,
            ) -> crate::ClientBuilder {
                crate::ClientBuilder::new(
                    &API_INFO,
                    ::core::convert::Into::into(#username),
                    ::core::convert::Into::into(#password),
                )
            }

            #(#accessors)*
        }

        #(#authorizations)*
    }
}

/// `pub mod organizations;`
pub(crate) fn resource_module_declaration(resource: &Resource) -> TokenStream {
    let module = ident(&resource.module);
    quote!(pub mod #module;)
}

/// The attribute of an item that any of `features` turns on: `#[cfg(feature = "sessions")]`,
/// or `#[cfg(any(feature = "a", feature = "b"))]`; none for no features (always compiled).
pub(crate) fn cfg_any<S: AsRef<str>>(features: &[S]) -> Option<TokenStream> {
    let features: Vec<&str> = features.iter().map(AsRef::as_ref).collect();
    match features.as_slice() {
        [] => None,
        [feature] => Some(quote!(#[cfg(feature = #feature)])),
        _ => Some(quote!(#[cfg(any(#(feature = #features),*))])),
    }
}

/// The method that reaches `resource` from its parent: `client.organizations()`,
/// `organizations.members()`. The handle holds a clone of `client` (a `&crate::Client`): a
/// reference count, so handles and requests own what they need. A top-level resource's comes
/// with its `feature`.
pub(crate) fn resource_accessor(
    resource: &Resource,
    client: TokenStream,
    feature: Option<&str>,
) -> TokenStream {
    let module = ident(&resource.module);
    let type_name = format_ident!("{}", resource.type_name);
    let mut docs = prose(&resource.description).trim_end().to_owned();
    if let Some(feature) = feature {
        docs.push_str(&format!(
            "\n\nNeeds the crate feature `{feature}` (on by default)."
        ));
    }
    let docs = doc(&docs);
    let cfg = feature.and_then(|feature| cfg_any(&[feature]));
    let lint = naming_convention_lint(&resource.module.text);
    quote! {
        #docs
        #cfg
        #lint
        pub fn #module(&self) -> #module::#type_name {
            #module::#type_name { client: ::core::clone::Clone::clone(#client) }
        }
    }
}

/// An authorization enum: one variant per header, a `Debug` that hides the credential.
fn authorization(authorization: &Authorization) -> TokenStream {
    let type_name = format_ident!("{}", authorization.type_name);
    let docs = doc(&prose(&authorization.description));
    let variants = authorization.variants.iter().map(|variant| {
        let name = format_ident!("{}", variant.name);
        let docs = doc(&format!(
            "{}\n\nSent as the {} header.",
            prose(&variant.description).trim_end(),
            code_span(&variant.header)
        ));
        quote! { #docs #name(::std::string::String), }
    });
    let apply_arms = authorization.variants.iter().map(|variant| {
        let name = format_ident!("{}", variant.name);
        let header = &variant.header;
        quote! { Self::#name(value) => request.secret_header(#header, value), }
    });
    let debug_arms = authorization.variants.iter().map(|variant| {
        let name = format_ident!("{}", variant.name);
        let redacted = format!("{}(<redacted>)", variant.name);
        quote! { Self::#name(_) => f.write_str(#redacted), }
    });
    quote! {
        #docs
        #[derive(Clone, PartialEq, Eq)]
        pub enum #type_name {
            #(#variants)*
        }

        impl #type_name {
            /// Adds the matching header to `request`, marked sensitive.
            pub(crate) fn apply(&self, request: &mut crate::runtime::Request) {
                match self {
                    #(#apply_arms)*
                }
            }
        }

        /// Shows which kind of credential this is, never the credential.
        impl ::core::fmt::Debug for #type_name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #(#debug_arms)*
                }
            }
        }
    }
}

/// Methods of std traits that clippy's `should_implement_trait` looks for.
const STD_TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// Clippy expects `as_`, `from_`, `into_`, `is_` and `to_` methods to take `self` in certain ways,
/// and a method named like a std trait's (`add`, `clone`) to be that trait's. A method named by
/// the spec (a setter `is_active(mut self, …)`, a body field `add`) follows the builder's pattern
/// instead.
pub(crate) fn naming_convention_lint(method: &str) -> Option<TokenStream> {
    let convention = ["as_", "from_", "into_", "is_", "to_"]
        .iter()
        .any(|prefix| method.starts_with(prefix))
        .then(|| quote!(#[allow(clippy::wrong_self_convention)]));
    let trait_method = STD_TRAIT_METHODS
        .contains(&method)
        .then(|| quote!(#[allow(clippy::should_implement_trait)]));
    convention
        .into_iter()
        .chain(trait_method)
        .reduce(|a, b| quote!(#a #b))
}

/// An identifier from a decided name.
pub(crate) fn ident(name: &Name) -> Ident {
    if name.raw {
        Ident::new_raw(&name.text, Span::call_site())
    } else {
        Ident::new(&name.text, Span::call_site())
    }
}

/// `#[doc = "…"]` attributes, one per line, so prettyplease prints them as `///` lines.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// `#![doc = "…"]` attributes for module docs.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

fn doc_lines(text: &str) -> Vec<String> {
    text.trim_end()
        .lines()
        .map(|line| {
            if line.trim().is_empty() {
                String::new()
            } else {
                format!(" {}", line.trim_end())
            }
        })
        .collect()
}

/// The Rust type of a struct field: its type, boxed and wrapped in `Option`s as declared.
pub(crate) fn field_type(field: &crate::model::Field, qualify: bool) -> TokenStream {
    let mut ty = type_tokens(&field.ty, qualify);
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if field.nullable {
        ty = quote!(::core::option::Option<#ty>);
    }
    if field.optional {
        ty = quote!(::core::option::Option<#ty>);
    }
    ty
}

/// The Rust type of a value of `ty`, as seen from outside the `types` module.
pub(crate) fn rust_type(ty: &Type) -> TokenStream {
    type_tokens(ty, true)
}

/// The Rust type of `ty`; named types are qualified with `crate::types::` when `qualify` is set.
pub(crate) fn type_tokens(ty: &Type, qualify: bool) -> TokenStream {
    match ty {
        Type::String => quote!(::std::string::String),
        Type::Bool => quote!(bool),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        // Any value converts into it; `runtime::json_object` refuses one that is not an object.
        Type::JsonObject => quote!(::serde_json::Value),
        Type::Array(item) => {
            let item = type_tokens(item, qualify);
            quote!(::std::vec::Vec<#item>)
        }
        Type::Map(value) => {
            let value = type_tokens(value, qualify);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        Type::Named(name) => {
            let name = format_ident!("{}", name);
            if qualify {
                quote!(crate::types::#name)
            } else {
                quote!(#name)
            }
        }
    }
}
