//! `src/api/types.rs`: one struct per schema, inline object, request body and response, and one
//! open enum per enum schema.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc, field_type, ident, inner_doc};
use crate::model::{Api, EnumDef, Field, TypeDef};

pub(super) fn types_module(api: &Api) -> TokenStream {
    let docs = inner_doc(&format!(
        "The request and response types of the {} API.\n\n\
         Responses ignore fields they do not know, so the server can add fields without breaking this \
         client; optional fields accept both a missing value and `null`. Enums are open: a value this \
         client does not know is kept in their `Unknown` variant.",
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
    let items = items.into_values();
    quote! {
        #docs
        #(#items)*
    }
}

fn struct_def(def: &TypeDef) -> TokenStream {
    let docs = doc(&def.description);
    let name = format_ident!("{}", def.name);
    let default = def.all_optional().then(|| quote!(Default,));
    let fields = def.fields.iter().map(field);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let docs = doc(&field.description);
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
