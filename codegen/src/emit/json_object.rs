//! How free-form JSON object fields (`json_object`) are held and checked: as `serde_json::Value`,
//! which anything that converts fills, sent and received through `runtime::json_object`, which
//! refuses a value that is not an object.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::doc;
use crate::model::{Api, Field, Type};

/// Whether a value of `ty` holds free-form JSON objects (itself, or in an array or map).
pub(super) fn holds_json_objects(ty: &Type) -> bool {
    match ty {
        Type::JsonObject => true,
        Type::Array(item) | Type::Map(item) => holds_json_objects(item),
        Type::String | Type::Bool | Type::I32 | Type::I64 | Type::F64 | Type::Named(_) => false,
    }
}

/// The `#[serde(…)]` arguments of a field holding JSON objects (else `None`), which replace those
/// of nullable fields and fields with a default: the check wraps them.
pub(super) fn serde_args(field: &Field) -> Option<TokenStream> {
    if !holds_json_objects(&field.ty) {
        return None;
    }
    let serialize = serializer_name(&field.rust_name.text).to_string();
    let (default, deserialize) = if field.default {
        (
            Some(quote!(default = "crate::runtime::json_object::empty",)),
            "deserialize_or_empty",
        )
    } else if field.nullable {
        (None, "deserialize_nullable")
    } else {
        (None, "deserialize")
    };
    let deserialize = format!("crate::runtime::json_object::{deserialize}");
    Some(quote!(#default serialize_with = #serialize, deserialize_with = #deserialize))
}

/// One serializer per name of a field holding JSON objects, which names the field when it
/// refuses a value (serde's `serialize_with` passes no name).
pub(super) fn serializers(api: &Api) -> TokenStream {
    let names: BTreeSet<&str> = api
        .types
        .iter()
        .flat_map(|def| &def.fields)
        .filter(|field| holds_json_objects(&field.ty))
        .map(|field| field.rust_name.text.as_str())
        .collect();
    let serializers = names.into_iter().map(|name| {
        let function = serializer_name(name);
        let docs = doc(&format!(
            "Sends the `{name}` fields, refusing a value that is not a JSON object."
        ));
        quote! {
            #docs
            fn #function<T, S>(value: &T, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                T: crate::runtime::json_object::JsonObjects + ::serde::Serialize,
                S: ::serde::Serializer,
            {
                crate::runtime::json_object::serialize(#name, value, serializer)
            }
        }
    });
    quote!(#(#serializers)*)
}

/// `serialize_json_trusted_metadata`: no type (`PascalCase`) or other function of the `types`
/// module is named like that.
fn serializer_name(field_name: &str) -> Ident {
    format_ident!("serialize_json_{}", field_name)
}
