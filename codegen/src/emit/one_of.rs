//! A request body's `one_of` groups: the enum of each group (a variant per field) and the
//! flattened field of the body struct that holds it.
//!
//! An externally tagged enum flattened into the struct writes `"<field>": <value>`, the same JSON
//! as the field itself, so the wire does not change; only the Rust side now allows one field.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::debug::placeholder;
use super::{code_span, doc, ident, prose, type_tokens};
use crate::model::{Field, OneOf, Type, TypeDef};

/// The group's fields, each with its variant name, in the group's order.
fn variants<'a>(def: &'a TypeDef, group: &'a OneOf) -> impl Iterator<Item = (&'a str, &'a Field)> {
    group.variants.iter().filter_map(|variant| {
        def.fields
            .get(variant.field)
            .map(|field| (variant.name.as_str(), field))
    })
}

/// The wire names of the group's fields as code spans: `` `session_token`, `session_jwt` ``.
fn field_list(def: &TypeDef, group: &OneOf) -> String {
    variants(def, group)
        .map(|(_, field)| code_span(&field.wire_name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many of the fields a request sends, in words.
fn how_many(group: &OneOf) -> &'static str {
    if group.required {
        "exactly one"
    } else {
        "at most one"
    }
}

/// The enum of `group`, a group of the body struct `def`. Groups of several bodies may share it
/// (the validator checked they agree), so its docs say nothing of whether one is required: the
/// argument or setter says that.
pub(super) fn enum_def(def: &TypeDef, group: &OneOf) -> TokenStream {
    let docs = doc(&format!(
        "{}\n\nEach variant sends one of the fields {}: its own, with its value.",
        prose(&group.description).trim_end(),
        field_list(def, group),
    ));
    let name = format_ident!("{}", group.type_name);
    let variant_tokens = variants(def, group).map(|(variant, field)| {
        let description = prose(&field.description);
        let description = description.trim();
        // A description that opens with a code block needs it on a line of its own.
        let separator = if description.starts_with("```") || description.starts_with("~~~") {
            ":\n\n"
        } else {
            ": "
        };
        let mut text = format!("{}{separator}{description}", code_span(&field.wire_name));
        if field.sensitive {
            text.push_str("\n\nSensitive: `Debug` shows `<redacted>` instead of the value.");
        }
        let docs = doc(&text);
        let wire = &field.wire_name;
        let variant_name = format_ident!("{}", variant);
        let ty = type_tokens(&field.ty, false);
        let ty = if field.boxed {
            quote!(::std::boxed::Box<#ty>)
        } else {
            ty
        };
        quote! {
            #docs
            #[serde(rename = #wire)]
            #variant_name(#ty),
        }
    });
    // A struct held by value may be much larger than a string; boxing it would only make the
    // variant harder to build.
    let size_lint = variants(def, group)
        .any(|(_, field)| !field.boxed && matches!(field.ty, Type::Named(_)))
        .then(|| quote!(#[allow(clippy::large_enum_variant)]));
    let any_sensitive = variants(def, group).any(|(_, field)| field.sensitive);
    let derive_debug = (!any_sensitive).then(|| quote!(Debug,));
    let debug_impl = any_sensitive.then(|| {
        let arms = variants(def, group).map(|(variant, field)| {
            let variant_name = format_ident!("{}", variant);
            if field.sensitive {
                quote!(Self::#variant_name(_) => f.debug_tuple(#variant).field(&Redacted).finish(),)
            } else {
                quote!(Self::#variant_name(value) => f.debug_tuple(#variant).field(value).finish(),)
            }
        });
        let placeholder = placeholder();
        let docs = doc("Shows which variant it is; sensitive values show as `<redacted>`.");
        quote! {
            #docs
            impl ::core::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    #placeholder
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        // Variants are named after wire fields, which often share a word (`SessionToken`, `SessionJwt`).
        #[allow(clippy::enum_variant_names)]
        #size_lint
        pub enum #name {
            #(#variant_tokens)*
        }

        #debug_impl
    }
}

/// The field of the body struct `def` that holds `group`, flattened so each variant is sent as
/// its own field.
pub(super) fn struct_field(def: &TypeDef, group: &OneOf) -> TokenStream {
    let docs = doc(&format!(
        "{}\n\nSent as {} of the fields {}.",
        prose(&group.description).trim_end(),
        how_many(group),
        field_list(def, group),
    ));
    let name = ident(&group.name);
    let ty = type_tokens(&group.ty, false);
    let ty = if group.required {
        ty
    } else {
        quote!(::core::option::Option<#ty>)
    };
    quote! {
        #docs
        #[serde(flatten)]
        pub #name: #ty,
    }
}
