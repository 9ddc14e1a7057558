//! Which Cargo features each type needs. The client has one feature per top-level resource
//! (`sessions`, `organizations`, …), so a user compiles only the resources they call: a type
//! needs the features of the top-level resources whose endpoints reach it (any one of them
//! turns it on), and none when the runtime reaches it (the error body, and what it names) or no
//! endpoint does (a schema kept for later).
//!
//! Reaching is transitive, so a type's features always include those of every type it holds
//! (when `A` holds `B`, whatever reaches `A` reaches `B`): a type is never on without the types
//! it names.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, Endpoint, Resource, Type};

/// Cargo features that the client crate's manifest declares by hand, and Cargo's own `default`:
/// no top-level resource may be named like one (`generated/Cargo.toml`, `[features]`).
pub(crate) const RESERVED_FEATURES: &[&str] = &["default", "full", "tracing", "blocking"];

/// The features each gated type needs, by type name (structs, enums, unions and the enums of
/// `one_of` groups), each list in the order of `api.resources`; types that are always compiled
/// are absent.
pub(super) fn type_features(api: &Api) -> BTreeMap<String, Vec<String>> {
    let contents = type_contents(api);
    let mut users: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (index, resource) in api.resources.iter().enumerate() {
        let mut roots = Vec::new();
        resource_roots(resource, &mut roots);
        for name in reachable(&contents, roots) {
            users.entry(name).or_default().insert(index);
        }
    }
    let mut always_roots = vec![api.error_schema.as_str()];
    let all_types = api
        .types
        .iter()
        .map(|def| def.name.as_str())
        .chain(api.enums.iter().map(|def| def.name.as_str()))
        .chain(api.unions.iter().map(|def| def.name.as_str()));
    always_roots.extend(all_types.filter(|name| !users.contains_key(name)));
    let always = reachable(&contents, always_roots);
    users
        .into_iter()
        .filter(|(name, _)| !always.contains(name))
        .map(|(name, indices)| {
            let features = indices
                .into_iter()
                .map(|index| api.resources[index].feature().to_owned())
                .collect();
            (name.to_owned(), features)
        })
        .collect()
}

/// The types each struct and union names directly, by name.
fn type_contents(api: &Api) -> BTreeMap<&str, Vec<&Type>> {
    let mut contents: BTreeMap<&str, Vec<&Type>> = BTreeMap::new();
    for def in &api.types {
        // A body reaches its groups' enums, which may be shared with other bodies.
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
    for field in endpoint.input_fields() {
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
