//! `src/api/types.rs`: one struct per schema, inline object, request body and response, and one
//! open enum per enum schema.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::debug::{DebugField, DebugVariant, Shown, struct_debug, union_debug};
use super::{doc, field_type, ident, inner_doc, type_tokens};
use crate::model::{Api, EnumDef, Field, Type, TypeDef, UnionDef};

pub(super) fn types_module(api: &Api) -> TokenStream {
    let docs = inner_doc(&format!(
        "The request and response types of the {} API.\n\n\
         Responses ignore fields they do not know, so the server can add fields without breaking this \
         client; optional fields accept both a missing value and `null`, and fields with a default \
         decode either as `false`, `0` or empty. Enums are open: a value this client does not know \
         is kept in their `Unknown` variant. Fields holding credentials show as `<redacted>` in \
         `Debug`.",
        api.name
    ));
    // Structs and enums share one namespace; emit them in name order.
    let mut items: BTreeMap<&str, TokenStream> = BTreeMap::new();
    for def in &api.types {
        items.insert(&def.name, struct_def(def));
    }
    for def in &api.enums {
        items.insert(&def.name, enum_def(def));
    }
    for def in &api.unions {
        items.insert(&def.name, union_def(def));
    }
    let items = items.into_values();
    let null_as_default = api
        .types
        .iter()
        .any(|def| def.fields.iter().any(|field| field.default))
        .then(null_as_default);
    quote! {
        #docs
        #(#items)*
        #null_as_default
    }
}

/// The decoder of fields with a `default`: `null` reads as the default too, as an absent field
/// does (serde's own `default` covers only absent ones).
fn null_as_default() -> TokenStream {
    quote! {
        /// Decodes `null` as `T::default()`, for fields that have a default.
        fn null_as_default<'de, D, T>(deserializer: D) -> ::core::result::Result<T, D::Error>
        where
            D: serde::Deserializer<'de>,
            T: ::core::default::Default + serde::Deserialize<'de>,
        {
            <::core::option::Option<T> as serde::Deserialize<'de>>::deserialize(deserializer)
                .map(::core::option::Option::unwrap_or_default)
        }
    }
}

fn struct_def(def: &TypeDef) -> TokenStream {
    let docs = doc(&def.description);
    let name = format_ident!("{}", def.name);
    let default = def.all_optional().then(|| quote!(Default,));
    let fields = def.fields.iter().map(field);
    // A struct holding a secret gets a `Debug` that hides it instead of the derived one.
    let (derive_debug, debug_impl) = if def.any_sensitive() {
        let fields: Vec<DebugField> = def
            .fields
            .iter()
            .map(|field| DebugField {
                ident: ident(&field.rust_name),
                shown: Shown::field(field.sensitive, field.optional, field.nullable),
            })
            .collect();
        (None, Some(struct_debug(&name, quote!(), &fields)))
    } else {
        (Some(quote!(Debug,)), None)
    };
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
        #debug_impl
    }
}

fn field(field: &Field) -> TokenStream {
    let mut text = field.description.trim_end().to_owned();
    if field.default {
        let empty = match field.ty {
            Type::Bool => "`false`",
            Type::I32 | Type::I64 | Type::F64 => "`0`",
            Type::String => "an empty string",
            Type::Array(_) => "an empty list",
            Type::Map(_) | Type::JsonObject | Type::Named(_) => "an empty object",
        };
        text.push_str(&format!(
            "\n\nA response that leaves it out or sends `null` gives {empty}."
        ));
    }
    if field.sensitive {
        text.push_str("\n\nSensitive: `Debug` shows `<redacted>` instead of the value.");
    }
    let docs = doc(&text);
    let name = ident(&field.rust_name);
    let mut serde_args = Vec::new();
    // serde strips `r#` itself; any other difference needs an explicit rename.
    if field.rust_name.text != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    if field.optional {
        serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    if field.nullable {
        // Keeps an explicit `null` apart from an absent field.
        serde_args.push(quote!(with = "crate::runtime::double_option"));
    }
    if field.default {
        serde_args.push(quote!(default, deserialize_with = "null_as_default"));
    }
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let ty = field_type(field, false);
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

/// An open enum: the known values as unit variants plus `Unknown(String)`, with serde impls that
/// map unknown values there instead of failing, so a value added by the server never breaks a
/// response.
fn enum_def(def: &EnumDef) -> TokenStream {
    let docs = doc(&format!(
        "{}\n\nA value this version of the client does not know decodes as \
         [`{name}::Unknown`] and is sent back unchanged.",
        def.description.trim_end(),
        name = def.name
    ));
    let name = format_ident!("{}", def.name);
    let variants = def.variants.iter().map(|variant| {
        let docs = doc(&format!(
            "`{}`: {}",
            variant.value,
            variant.description.trim()
        ));
        let variant = format_ident!("{}", variant.name);
        quote!(#docs #variant,)
    });
    let to_wire = def.variants.iter().map(|variant| {
        let (value, variant) = (&variant.value, format_ident!("{}", variant.name));
        quote!(Self::#variant => #value,)
    });
    let from_wire = def.variants.iter().map(|variant| {
        let (value, variant) = (&variant.value, format_ident!("{}", variant.name));
        quote!(#value => Self::#variant,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, exactly as received.
            Unknown(String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_wire)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// A tagged union: one tuple variant per known tag plus `Other` for any other tag, serialized as
/// `{"<tag>": "<variant>", "<content>": <value>}`.
fn union_def(def: &UnionDef) -> TokenStream {
    let docs = doc(&format!(
        "{}\n\nSent as `{{\"{tag}\": …, \"{content}\": …}}`. A `{tag}` this version of the client does \
         not know can be sent, and is received, as [`{name}::Other`].",
        def.description.trim_end(),
        tag = def.tag,
        content = def.content,
        name = def.name
    ));
    let name = format_ident!("{}", def.name);
    let (tag, content) = (&def.tag, &def.content);
    let variants = def.variants.iter().map(|variant| {
        let sensitive = if variant.sensitive {
            "\n\nSensitive: `Debug` shows `<redacted>` instead of the value."
        } else {
            ""
        };
        let docs = doc(&format!(
            "`{}`: {}{sensitive}",
            variant.tag,
            variant.description.trim()
        ));
        let variant_name = format_ident!("{}", variant.name);
        let ty = type_tokens(&variant.ty, false);
        let ty = if variant.boxed { quote!(Box<#ty>) } else { ty };
        quote!(#docs #variant_name(#ty),)
    });
    let serialize_arms = def.variants.iter().map(|variant| {
        let (wire, variant_name) = (&variant.tag, format_ident!("{}", variant.name));
        quote!(Self::#variant_name(value) => (#wire, serde_json::to_value(value)),)
    });
    let deserialize_arms = def.variants.iter().map(|variant| {
        let (wire, variant_name) = (&variant.tag, format_ident!("{}", variant.name));
        quote!(#wire => serde_json::from_value(wire.value).map(Self::#variant_name).map_err(serde::de::Error::custom),)
    });
    let other_docs = doc(&format!(
        "A `{tag}` this version of the client does not know, with its `{content}` as JSON."
    ));
    let (derive_debug, debug_impl) = if def.variants.iter().any(|variant| variant.sensitive) {
        let variants: Vec<DebugVariant<'_>> = def
            .variants
            .iter()
            .map(|variant| DebugVariant {
                name: &variant.name,
                sensitive: variant.sensitive,
            })
            .collect();
        (None, Some(union_debug(&name, &variants)))
    } else {
        (Some(quote!(Debug,)), None)
    };
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other_docs
            Other {
                /// The tag.
                tag: String,
                /// The content.
                value: serde_json::Value,
            },
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let (tag, value) = match self {
                    #(#serialize_arms)*
                    Self::Other { tag, value } => (tag.as_str(), Ok(value.clone())),
                };
                let value = value.map_err(serde::ser::Error::custom)?;
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry(#tag, tag)?;
                map.serialize_entry(#content, &value)?;
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[derive(serde::Deserialize)]
                struct Wire {
                    #[serde(rename = #tag)]
                    tag: String,
                    #[serde(rename = #content)]
                    value: serde_json::Value,
                }
                let wire = Wire::deserialize(deserializer)?;
                match wire.tag.as_str() {
                    #(#deserialize_arms)*
                    _ => Ok(Self::Other { tag: wire.tag, value: wire.value }),
                }
            }
        }

        #debug_impl
    }
}
