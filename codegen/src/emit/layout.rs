//! Which file of the `types` module each type goes into, by the Cargo features that turn it on
//! (`model::Api::type_features`): `src/api/types/for_<resource>.rs` for the types only one
//! top-level resource uses (its endpoints' parameters, bodies and responses, and every type
//! reachable from them, `one_of` enums included), `shared_by_<…>.rs` for the types of each set
//! of several resources, and `shared.rs` for the types always compiled (the error body, and
//! types no endpoint names).
//!
//! `types/mod.rs` declares each file behind the features of its types and re-exports it, so
//! users still name `crate::types::Member` and never see the files, and a feature is one `cfg`
//! per file rather than per item. Files small enough to format in parallel come with it.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Api, EnumDef, OneOf, Type, TypeDef, UnionDef};

/// The module of the types that are always compiled.
const SHARED_MODULE: &str = "shared";

/// Sets of at most this many features are named in full in their module's name
/// (`shared_by_idp_and_organizations`), and so are the features a set lacks
/// (`shared_by_all_but_rbac_and_scim`); other sets are counted (`shared_by_8_resources`).
const NAMED_FEATURES: usize = 3;

/// The types of one file of the `types` module.
pub(crate) struct TypeGroup<'a> {
    /// The module name: `for_<resource>`, `shared_by_<…>` or `shared` (the prefixes keep the
    /// kinds apart and make a keyword-named resource a plain identifier).
    pub module: String,
    /// The features that turn the group on (any one of them); none for `shared`.
    pub features: &'a [String],
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
    fn new(module: String, features: &'a [String]) -> Self {
        Self {
            module,
            features,
            names: BTreeSet::new(),
            structs: Vec::new(),
            one_ofs: Vec::new(),
            enums: Vec::new(),
            unions: Vec::new(),
        }
    }
}

/// The groups of the `types` module, one per set of features that turns types on, each with
/// at least one type, in the order of their sets (the always-compiled group first).
pub(super) fn type_groups(api: &Api) -> Vec<TypeGroup<'_>> {
    let no_features: &[String] = &[];
    let features_of = |name: &str| {
        api.type_features
            .get(name)
            .map_or(no_features, Vec::as_slice)
    };
    let mut groups: BTreeMap<&[String], TypeGroup<'_>> = BTreeMap::new();
    for def in &api.types {
        let group = group(&mut groups, features_of(&def.name));
        group.names.insert(&def.name);
        group.structs.push(def);
    }
    let mut placed_one_ofs = BTreeSet::new();
    for def in &api.types {
        for one_of in &def.one_of {
            if placed_one_ofs.insert(one_of.type_name.as_str()) {
                let group = group(&mut groups, features_of(&one_of.type_name));
                group.names.insert(&one_of.type_name);
                group.one_ofs.push((def, one_of));
            }
        }
    }
    for def in &api.enums {
        let group = group(&mut groups, features_of(&def.name));
        group.names.insert(&def.name);
        group.enums.push(def);
    }
    for def in &api.unions {
        let group = group(&mut groups, features_of(&def.name));
        group.names.insert(&def.name);
        group.unions.push(def);
    }
    let all: Vec<&str> = api
        .resources
        .iter()
        .map(|resource| resource.feature())
        .collect();
    let mut taken = BTreeSet::new();
    let mut groups: Vec<TypeGroup<'_>> = groups.into_values().collect();
    for group in &mut groups {
        let base = module_name(group.features, &all);
        // Sets of as many resources, or named alike once joined (`a_and_b` + `c`, `a` +
        // `b_and_c`), get a number.
        let mut module = base.clone();
        let mut number = 2;
        while !taken.insert(module.clone()) {
            module = format!("{base}_{number}");
            number += 1;
        }
        group.module = module;
    }
    groups
}

/// The group of the types that `features` turn on, made (still unnamed) if it is the first.
fn group<'a, 'g>(
    groups: &'g mut BTreeMap<&'a [String], TypeGroup<'a>>,
    features: &'a [String],
) -> &'g mut TypeGroup<'a> {
    groups
        .entry(features)
        .or_insert_with(|| TypeGroup::new(String::new(), features))
}

/// The module of the types that `features` turn on: `shared`, `for_<feature>`,
/// `shared_by_<a>_and_<b>`, `shared_by_all_but_<a>`, or `shared_by_<n>_resources`.
fn module_name(features: &[String], all: &[&str]) -> String {
    let missing: Vec<&str> = all
        .iter()
        .copied()
        .filter(|feature| !features.iter().any(|f| f == feature))
        .collect();
    match features {
        [] => SHARED_MODULE.to_owned(),
        [feature] => format!("for_{feature}"),
        _ if features.len() <= NAMED_FEATURES => format!("shared_by_{}", features.join("_and_")),
        _ if missing.len() <= NAMED_FEATURES => {
            format!("shared_by_all_but_{}", missing.join("_and_"))
        }
        _ => format!("shared_by_{}_resources", features.len()),
    }
}

/// The text of one group's file: its docs, the parent module's names when its items use any
/// (types of other groups, or the shared decoder), and its items in name order.
pub(super) fn group_module(group: &TypeGroup<'_>) -> TokenStream {
    let quoted: Vec<String> = group
        .features
        .iter()
        .map(|feature| format!("`{feature}`"))
        .collect();
    let docs = match quoted.as_slice() {
        [] => "The types always compiled: the error body, and any type no endpoint names; \
               re-exported by `types`."
            .to_owned(),
        [feature] => format!(
            "The types that only {feature} and the resources under it use, compiled with its \
             feature; re-exported by `types`."
        ),
        [rest @ .., last] => format!(
            "The types that {} and {last} use, compiled with any of their features; re-exported \
             by `types`.",
            rest.join(", ")
        ),
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

/// `types/mod.rs`: the module docs, the groups (private) and their re-exports, each behind the
/// features of its types, and the helpers the groups share.
pub(super) fn types_root(
    api: &Api,
    modules: &[(String, &[String])],
    helpers: Option<TokenStream>,
) -> TokenStream {
    let docs = super::types::types_module_docs(api);
    let declarations = modules.iter().map(|(module, features)| {
        let cfg = super::cfg_any(features);
        let module = format_ident!("{module}");
        quote! {
            #cfg
            mod #module;
            #cfg
            pub use #module::*;
        }
    });
    quote! {
        #docs
        #(#declarations)*
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

/// The type names `ty` mentions.
fn named_types<'a>(ty: &'a Type, out: &mut Vec<&'a str>) {
    match ty {
        Type::Array(inner) | Type::Map(inner) => named_types(inner, out),
        Type::Named(name) => out.push(name),
        _ => {}
    }
}
