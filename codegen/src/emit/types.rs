//! `src/api/types.rs`: one struct per schema, inline object, request body and response.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc, ident, inner_doc, type_tokens};
use crate::model::{Api, Field, TypeDef};

pub(super) fn types_module(api: &Api) -> TokenStream {
    let docs = inner_doc(&format!(
        "The request and response types of the {} API.\n\n\
         Responses ignore fields they do not know, so the server can add fields without breaking this \
         client; optional fields accept both a missing value and `null`.",
        api.name
    ));
    let types = api.types.iter().map(type_def);
    quote! {
        #docs
        #(#types)*
    }
}

fn type_def(def: &TypeDef) -> TokenStream {
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
    let ty = type_tokens(&field.ty, false);
    let ty = if field.optional {
        serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
        quote!(Option<#ty>)
    } else {
        ty
    };
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}
