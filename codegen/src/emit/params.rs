//! What a generated method or setter takes for a value of each type, and how it stores it.
//!
//! Request builders and the constructors of the structs users build share these rules, so a value
//! is passed the same way wherever it goes:
//!
//! | type | takes | stored as |
//! | --- | --- | --- |
//! | `string` | `impl Into<String>` | `String` |
//! | `json_object` | `impl Into<serde_json::Value>` | `serde_json::Value`, an object (checked when sent) |
//! | `array` of `T` | `impl IntoIterator<Item = P>`, `P` what `T` takes | `Vec<T>` |
//! | `map` of `T` | `impl IntoIterator<Item = (impl Into<String>, P)>` | `BTreeMap<String, T>` |
//! | anything else | the type itself | as passed |
//!
//! An empty array literal cannot say what it would hold: `[]` passed where items are
//! `impl Into<String>` leaves the item type to infer, so callers write `Vec::<String>::new()`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{doc, ident, naming_convention_lint, prose, rust_type};
use crate::model::Type;
use crate::naming::Name;

/// An optional value that a setter sets: a request builder's optional parameter, or an optional
/// field of a struct users build.
pub(super) struct Optional<'a> {
    pub name: &'a Name,
    pub description: &'a str,
    pub ty: &'a Type,
    pub boxed: bool,
    /// It can be sent as `null`, to clear it: it also gets a `clear_<name>` setter.
    pub nullable: bool,
    /// Where the setter stores it: `self.name`, `self.body_.name`.
    pub target: TokenStream,
}

/// The setter of `value`, taking what `parameter_type` says, and for a nullable value its
/// `clear_<name>` twin, which stores `null`.
pub(super) fn optional_setters(value: &Optional<'_>) -> TokenStream {
    let name = ident(value.name);
    let docs = doc(&prose(value.description));
    let ty = parameter_type(value.ty);
    let stored = stored_value(&name, value.ty, value.boxed);
    let stored = if value.nullable {
        quote!(::core::option::Option::Some(#stored))
    } else {
        stored
    };
    let target = &value.target;
    let clear = value.nullable.then(|| {
        let clear = format_ident!("clear_{}", value.name.text);
        let docs = doc(&format!(
            "Sends `{}` as `null`, which clears it.",
            value.name.text
        ));
        quote! {
            #docs
            pub fn #clear(mut self) -> Self {
                #target = ::core::option::Option::Some(::core::option::Option::None);
                self
            }
        }
    });
    let lint = naming_convention_lint(&value.name.text);
    quote! {
        #docs
        #lint
        pub fn #name(mut self, #name: #ty) -> Self {
            #target = ::core::option::Option::Some(#stored);
            self
        }
        #clear
    }
}

/// The type a method or setter takes for a value of `ty`.
pub(super) fn parameter_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(impl ::core::convert::Into<::std::string::String>),
        Type::JsonObject => quote!(impl ::core::convert::Into<::serde_json::Value>),
        Type::Array(item) => {
            let item = parameter_type(item);
            quote!(impl ::core::iter::IntoIterator<Item = #item>)
        }
        Type::Map(value) => {
            let value = parameter_type(value);
            quote! {
                impl ::core::iter::IntoIterator<
                    Item = (impl ::core::convert::Into<::std::string::String>, #value),
                >
            }
        }
        Type::Bool | Type::I32 | Type::I64 | Type::F64 | Type::Named(_) => rust_type(ty),
    }
}

/// The value stored for the argument `name` of type `ty` (converted, and boxed when `boxed`).
pub(super) fn stored_value(name: &Ident, ty: &Type, boxed: bool) -> TokenStream {
    let value = converted(quote!(#name), ty).unwrap_or_else(|| quote!(#name));
    if boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    }
}

/// Whether the argument must be converted before it is stored (else it is stored as passed).
pub(super) fn needs_conversion(ty: &Type, boxed: bool) -> bool {
    boxed || takes_other_type(ty)
}

/// Whether what a method takes for `ty` differs from the stored type.
fn takes_other_type(ty: &Type) -> bool {
    matches!(
        ty,
        Type::String | Type::JsonObject | Type::Array(_) | Type::Map(_)
    )
}

/// `value` (an expression of what `parameter_type(ty)` accepts) turned into the stored type, or
/// `None` when it is stored as it is.
fn converted(value: TokenStream, ty: &Type) -> Option<TokenStream> {
    match ty {
        Type::String | Type::JsonObject => Some(quote!(::core::convert::Into::into(#value))),
        Type::Array(item) => Some(match element_conversion(item) {
            Some(convert) => quote! {
                ::core::iter::Iterator::collect(
                    ::core::iter::Iterator::map(::core::iter::IntoIterator::into_iter(#value), #convert)
                )
            },
            None => quote!(::core::iter::Iterator::collect(
                ::core::iter::IntoIterator::into_iter(#value)
            )),
        }),
        Type::Map(item) => {
            let entry = converted(quote!(value), item).unwrap_or_else(|| quote!(value));
            Some(quote! {
                ::core::iter::Iterator::collect(::core::iter::Iterator::map(
                    ::core::iter::IntoIterator::into_iter(#value),
                    |(key, value)| (::core::convert::Into::into(key), #entry),
                ))
            })
        }
        Type::Bool | Type::I32 | Type::I64 | Type::F64 | Type::Named(_) => None,
    }
}

/// The function that converts one element of a collection of `ty` (a path where one exists, so
/// clippy sees no redundant closure), or `None` when elements are stored as they are.
fn element_conversion(ty: &Type) -> Option<TokenStream> {
    match ty {
        Type::String | Type::JsonObject => Some(quote!(::core::convert::Into::into)),
        Type::Array(_) | Type::Map(_) => {
            let body = converted(quote!(item), ty)?;
            Some(quote!(|item| #body))
        }
        Type::Bool | Type::I32 | Type::I64 | Type::F64 | Type::Named(_) => None,
    }
}
