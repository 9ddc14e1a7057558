//! Which file of the `types` module each type goes into: `src/api/types/for_<resource>.rs` for
//! the types only one top-level resource uses (its endpoints' parameters, bodies and responses,
//! and every type reachable from them, `one_of` enums included), `src/api/types/shared.rs` for
//! the rest (an enum that bodies of several resources share goes there).
//!
//! One file per group keeps files small enough to format in parallel and keeps a resource's
//! types together; `types/mod.rs` re-exports every group, so users still name
//! `crate::types::Member` and never see the groups.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Api, Endpoint, EnumDef, OneOf, Resource, Type, TypeDef, UnionDef};

/// The module of the types that no single top-level resource owns.
const SHARED_MODULE: &str = "shared";

/// The types of one file of the `types` module.
pub(crate) struct TypeGroup<'a> {
    /// The module name: `for_<resource>` or `shared` (the prefix keeps the two kinds apart and
    /// makes a keyword-named resource a plain identifier).
    pub module: String,
    /// The top-level resource that alone uses these types; `None` for the shared group.
    pub resource: Option<&'a Resource>,
    /// The types' names.
    pub names: BTreeSet<&'a str>,
    pub structs: Vec<&'a TypeDef>,
    /// The enums of `one_of` groups, each once with the first body struct (in name order) that
    /// declares it (groups of several bodies may share one enum).
    pub one_ofs: Vec<(&'a TypeDef, &'a OneOf)>,
    pub enums: Vec<&'a EnumDef>,
    pub unions: Vec<&'a UnionDef>,
}

impl<'a> TypeGroup<'a> {
    fn new(module: String, resource: Option<&'a Resource>) -> Self {
        Self {
            module,
            resource,
            names: BTreeSet::new(),
            structs: Vec::new(),
            one_ofs: Vec::new(),
            enums: Vec::new(),
            unions: Vec::new(),
        }
    }
}

/// Who uses a type so far.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// Only the top-level resource with this index.
    Resource(usize),
    /// Several resources, or the runtime (the error body).
    Shared,
}

/// The groups of the `types` module: the non-empty ones of the top-level resources in their
/// order, then the shared group (when not empty).
pub(super) fn type_groups(api: &Api) -> Vec<TypeGroup<'_>> {
    let contents = type_contents(api);
    let mut owners: BTreeMap<&str, Owner> = BTreeMap::new();
    owners.insert(&api.error_schema, Owner::Shared);
    for (index, resource) in api.resources.iter().enumerate() {
        let mut roots = Vec::new();
        resource_roots(resource, &mut roots);
        for name in reachable(&contents, roots) {
            owners
                .entry(name)
                .and_modify(|owner| {
                    if *owner != Owner::Resource(index) {
                        *owner = Owner::Shared;
                    }
                })
                .or_insert(Owner::Resource(index));
        }
    }
    let mut groups: Vec<TypeGroup<'_>> = api
        .resources
        .iter()
        .map(|resource| TypeGroup::new(format!("for_{}", resource.module.text), Some(resource)))
        .collect();
    groups.push(TypeGroup::new(SHARED_MODULE.to_owned(), None));
    let shared = groups.len() - 1;
    // Shared, or used by no endpoint: the shared group.
    let group_of = |name: &str| match owners.get(name) {
        Some(Owner::Resource(index)) => *index,
        _ => shared,
    };
    for def in &api.types {
        let group = &mut groups[group_of(&def.name)];
        group.names.insert(&def.name);
        group.structs.push(def);
    }
    let mut placed_one_ofs = BTreeSet::new();
    for def in &api.types {
        for one_of in &def.one_of {
            if placed_one_ofs.insert(one_of.type_name.as_str()) {
                let group = &mut groups[group_of(&one_of.type_name)];
                group.names.insert(&one_of.type_name);
                group.one_ofs.push((def, one_of));
            }
        }
    }
    for def in &api.enums {
        let group = &mut groups[group_of(&def.name)];
        group.names.insert(&def.name);
        group.enums.push(def);
    }
    for def in &api.unions {
        let group = &mut groups[group_of(&def.name)];
        group.names.insert(&def.name);
        group.unions.push(def);
    }
    groups.retain(|group| !group.names.is_empty());
    groups
}

/// The text of one group's file: its docs, the parent module's names when its items use any
/// (types of other groups, or the shared decoder), and its items in name order.
pub(super) fn group_module(group: &TypeGroup<'_>) -> TokenStream {
    let docs = match group.resource {
        Some(resource) => format!(
            "The types that only `{}` and the resources under it use; re-exported by `types`.",
            resource.module.text
        ),
        None => "The types that several resources use, the error body, and any type no endpoint \
                 names; re-exported by `types`."
            .to_owned(),
    };
    let docs = super::inner_doc(&docs);
    let import = uses_parent(group).then(|| {
        quote!(
            use super::*;
        )
    });
    let items =
        super::types::type_items(&group.structs, &group.one_ofs, &group.enums, &group.unions);
    quote! {
        #docs
        #import
        #(#items)*
    }
}

/// `types/mod.rs`: the module docs, the groups (private) and their re-exports, and the helpers
/// the groups share.
pub(super) fn types_root(
    api: &Api,
    modules: &[String],
    helpers: Option<TokenStream>,
) -> TokenStream {
    let docs = super::types::types_module_docs(api);
    let modules: Vec<_> = modules
        .iter()
        .map(|module| format_ident!("{module}"))
        .collect();
    quote! {
        #docs
        #(mod #modules;)*
        #(pub use #modules::*;)*
        #helpers
    }
}

/// Whether a group's items name anything of the parent module: a type of another group, the
/// decoder of fields with a default, or the serializers of free-form JSON fields.
fn uses_parent(group: &TypeGroup<'_>) -> bool {
    let outside = |ty: &Type| {
        let mut named = Vec::new();
        named_types(ty, &mut named);
        named.iter().any(|name| !group.names.contains(name))
    };
    group.structs.iter().any(|def| {
        def.fields.iter().any(|field| {
            field.default || super::json_object::holds_json_objects(&field.ty) || outside(&field.ty)
        }) || def.one_of.iter().any(|one_of| outside(&one_of.ty))
    }) || group.one_ofs.iter().any(|(def, one_of)| {
        one_of
            .variants
            .iter()
            .filter_map(|variant| def.fields.get(variant.field))
            .any(|field| outside(&field.ty))
    }) || group
        .unions
        .iter()
        .any(|def| def.variants.iter().any(|variant| outside(&variant.ty)))
}

/// The types each struct and union names directly, by name.
fn type_contents(api: &Api) -> BTreeMap<&str, Vec<&Type>> {
    let mut contents: BTreeMap<&str, Vec<&Type>> = BTreeMap::new();
    for def in &api.types {
        // A body reaches its groups' enums, which may live elsewhere when several bodies
        // share one.
        contents.insert(
            &def.name,
            def.fields
                .iter()
                .map(|field| &field.ty)
                .chain(def.one_of.iter().map(|one_of| &one_of.ty))
                .collect(),
        );
    }
    for def in &api.unions {
        contents.insert(
            &def.name,
            def.variants.iter().map(|variant| &variant.ty).collect(),
        );
    }
    contents
}

/// The types the endpoints of `resource` and of the resources under it name directly.
fn resource_roots<'a>(resource: &'a Resource, roots: &mut Vec<&'a str>) {
    for endpoint in &resource.endpoints {
        endpoint_roots(endpoint, roots);
    }
    for child in &resource.children {
        resource_roots(child, roots);
    }
}

fn endpoint_roots<'a>(endpoint: &'a Endpoint, roots: &mut Vec<&'a str>) {
    roots.push(&endpoint.response);
    let fields = endpoint
        .path_params
        .iter()
        .chain(&endpoint.query_params)
        .chain(endpoint.body.iter().flat_map(|body| &body.fields));
    for field in fields {
        named_types(&field.ty, roots);
    }
    if let Some(body) = &endpoint.body {
        roots.push(&body.type_name);
    }
}

/// Every type reachable from `pending` through fields and union variants, roots included.
fn reachable<'a>(
    contents: &BTreeMap<&'a str, Vec<&'a Type>>,
    mut pending: Vec<&'a str>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if seen.insert(name) {
            for ty in contents.get(name).into_iter().flatten() {
                named_types(ty, &mut pending);
            }
        }
    }
    seen
}

/// The type names `ty` mentions.
fn named_types<'a>(ty: &'a Type, out: &mut Vec<&'a str>) {
    match ty {
        Type::Array(inner) | Type::Map(inner) => named_types(inner, out),
        Type::Named(name) => out.push(name),
        _ => {}
    }
}
