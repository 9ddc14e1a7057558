//! `Debug` impls that hide sensitive values, for the types and request builders that hold any.
//!
//! They print what `#[derive(Debug)]` would, except that a sensitive value shows as `<redacted>`
//! (an optional one as `Some(<redacted>)` or `None`), so logs still say whether it was set.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// How `Debug` shows one field.
pub(super) enum Shown {
    /// As derive would.
    Plainly,
    /// `<redacted>`.
    Redacted,
    /// An `Option` of a secret: `Some(<redacted>)` or `None`.
    RedactedOption,
    /// An `Option<Option<_>>` of a secret (absent, `null`, a value): `None`, `Some(None)` or
    /// `Some(Some(<redacted>))`.
    RedactedDoubleOption,
}

impl Shown {
    /// How a field is shown, from whether it is a secret and how many `Option`s wrap it.
    pub(super) fn field(sensitive: bool, optional: bool, nullable: bool) -> Self {
        match (sensitive, optional, nullable) {
            (false, _, _) => Self::Plainly,
            (true, false, _) => Self::Redacted,
            (true, true, false) => Self::RedactedOption,
            (true, true, true) => Self::RedactedDoubleOption,
        }
    }
}

/// One field of a struct, as its `Debug` shows it.
pub(super) struct DebugField {
    /// The field's identifier.
    pub ident: Ident,
    pub shown: Shown,
}

/// A placeholder type, local to each `fmt`, whose `Debug` is `<redacted>`.
///
/// Local so that it needs no name in the crate (where it could clash with a schema's) and no
/// support from the runtime.
pub(super) fn placeholder() -> TokenStream {
    quote! {
        struct Redacted;
        impl ::core::fmt::Debug for Redacted {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str("<redacted>")
            }
        }
    }
}

/// `impl Debug for #name #generics` over `fields`, in order; `generics` is e.g. `<'a>` or empty.
pub(super) fn struct_debug(
    name: &Ident,
    generics: TokenStream,
    fields: &[DebugField],
) -> TokenStream {
    let label = name.to_string();
    let entries = fields.iter().map(|field| {
        let ident = &field.ident;
        let label = ident.to_string();
        let label = label.strip_prefix("r#").unwrap_or(&label);
        let value = match field.shown {
            Shown::Plainly => quote!(&self.#ident),
            Shown::Redacted => quote!(&Redacted),
            Shown::RedactedOption => quote!(&self.#ident.as_ref().map(|_| Redacted)),
            Shown::RedactedDoubleOption => {
                quote!(&self.#ident.as_ref().map(|value| value.as_ref().map(|_| Redacted)))
            }
        };
        quote!(.field(#label, #value))
    });
    let placeholder = placeholder();
    quote! {
        /// Shows every field but the sensitive ones, which show as `<redacted>`.
        impl #generics ::core::fmt::Debug for #name #generics {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #placeholder
                f.debug_struct(#label)
                    #(#entries)*
                    .finish()
            }
        }
    }
}

/// One variant of a tagged union: its name and whether its value is a secret.
pub(super) struct DebugVariant<'a> {
    pub name: &'a str,
    pub sensitive: bool,
}

/// `impl Debug` for a tagged union with tuple `variants` and the `Other(UnknownVariant)` variant.
pub(super) fn union_debug(name: &Ident, variants: &[DebugVariant<'_>]) -> TokenStream {
    let arms = variants.iter().map(|variant| {
        let label = variant.name;
        let ident = format_ident!("{}", variant.name);
        if variant.sensitive {
            quote!(Self::#ident(_) => f.debug_tuple(#label).field(&Redacted).finish(),)
        } else {
            quote!(Self::#ident(value) => f.debug_tuple(#label).field(value).finish(),)
        }
    });
    let placeholder = placeholder();
    quote! {
        /// Shows the variant; the values of sensitive variants show as `<redacted>`.
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #placeholder
                match self {
                    #(#arms)*
                    Self::Other(other) => f.debug_tuple("Other").field(other).finish(),
                }
            }
        }
    }
}
