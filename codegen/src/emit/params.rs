//! What a generated method or setter takes for a value of each type, and how it stores it.
//!
//! Request builders and the constructors of the structs users build share these rules, so a value
//! is passed the same way wherever it goes.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::rust_type;
use crate::model::Type;

/// The type a method or setter takes for a value of `ty`: strings accept `impl Into<String>`.
pub(super) fn parameter_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(impl ::core::convert::Into<::std::string::String>),
        other => rust_type(other),
    }
}

/// The value stored for the argument `name` of type `ty` (converted, and boxed when `boxed`).
pub(super) fn stored_value(name: &Ident, ty: &Type, boxed: bool) -> TokenStream {
    let value = match ty {
        Type::String => quote!(::core::convert::Into::into(#name)),
        _ => quote!(#name),
    };
    if boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    }
}

/// Whether the argument must be converted before it is stored (else it is stored as passed).
pub(super) fn needs_conversion(ty: &Type, boxed: bool) -> bool {
    boxed || *ty == Type::String
}
