//! The `types` module (`src/api/types/`): one `#[non_exhaustive]` struct per schema, inline
//! object, request body and response (with `new` and setters when users build it), one open enum
//! per enum schema and one tagged union per union schema (their unknown values opaque).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::debug::{DebugField, DebugVariant, Shown, struct_debug, union_debug};
use super::json_object;
use super::one_of;
use super::{code_span, doc, field_type, ident, inner_doc, params, prose, type_tokens};
use crate::model::{Api, EnumDef, Field, Member, OneOf, Type, TypeDef, UnionDef};

/// The docs of the `types` module.
pub(super) fn types_module_docs(api: &Api) -> TokenStream {
    inner_doc(&format!(
        "The request and response types of the {} API.\n\n\
         Responses ignore fields they do not know, so the server can add fields without breaking this \
         client; optional fields accept both a missing value and `null`, and fields with a default \
         decode either as `false`, `0` or empty. Fields holding credentials show as `<redacted>` in \
         `Debug`.\n\n\
         Every struct is `#[non_exhaustive]`, so the API can add fields without breaking your code: \
         read its public fields; build a struct you send (a search query, its operands) with \
         `new` and the setters of its optional fields; build a response (in tests) by decoding \
         JSON with `serde_json::from_value`. Enums are open: a value this client does not know is \
         kept in their `Unknown` variant (a tagged union's: `Other`), which only the client makes, \
         so a known value is always its own variant; parse one with `\"active\".parse()`.",
        api.name
    ))
}

/// The items of the given structs, `one_of` enums, enums and unions by type, in name order (structs, enums and unions share one
/// namespace; `emit::layout` decides which file each goes into).
pub(super) fn type_items<'a>(
    structs: &[&'a TypeDef],
    one_ofs: &[(&'a TypeDef, &'a OneOf)],
    enums: &[&'a EnumDef],
    unions: &[&'a UnionDef],
) -> Vec<TokenStream> {
    let mut items: BTreeMap<&'a str, TokenStream> = BTreeMap::new();
    for def in structs {
        items.insert(&def.name, struct_def(def));
    }
    for (def, group) in one_ofs {
        items.insert(&group.type_name, one_of::enum_def(def, group));
    }
    for def in enums {
        items.insert(&def.name, enum_def(def));
    }
    for def in unions {
        items.insert(&def.name, union_def(def));
    }
    items.into_values().collect()
}

/// What the types' fields share, in the `types` module itself: the decoder of fields with a
/// `default`, and the serializers of free-form JSON fields, when there are any.
pub(super) fn shared_helpers(api: &Api) -> Option<TokenStream> {
    let null_as_default = api
        .types
        .iter()
        .any(|def| {
            def.fields
                .iter()
                .any(|field| field.default && !json_object::holds_json_objects(&field.ty))
        })
        .then(null_as_default);
    let json_serializers = json_object::serializers(api);
    if null_as_default.is_none() && json_serializers.is_empty() {
        return None;
    }
    Some(quote! {
        #null_as_default
        #json_serializers
    })
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
    let how_to_build = if def.built_by_users {
        format!(
            "Build it with [`{name}::new`] and the setters of its optional fields, so that code \
             keeps compiling when the API adds an optional field.",
            name = def.name
        )
    } else {
        "The client builds it; to build one yourself (in tests), decode JSON with \
         `serde_json::from_value`, which keeps compiling when the API adds a field."
            .to_owned()
    };
    let docs = doc(&format!(
        "{}\n\n{how_to_build}",
        prose(&def.description).trim_end()
    ));
    let name = format_ident!("{}", def.name);
    let default = def.all_optional().then(|| quote!(Default,));
    let members = def.members();
    let fields = members.iter().map(|member| match member {
        Member::Field(field) => self::field(field),
        Member::Group(group) => one_of::struct_field(def, group),
    });
    // A struct holding a secret gets a `Debug` that hides it instead of the derived one.
    let (derive_debug, debug_impl) = if def.any_sensitive() {
        let fields: Vec<DebugField> = members
            .iter()
            .map(|member| match member {
                Member::Field(field) => DebugField {
                    ident: ident(&field.rust_name),
                    shown: Shown::field(field.sensitive, field.optional, field.nullable),
                },
                // The group's enum hides its own secrets.
                Member::Group(group) => DebugField {
                    ident: ident(&group.name),
                    shown: Shown::Plainly,
                },
            })
            .collect();
        (None, Some(struct_debug(&name, quote!(), &fields)))
    } else {
        (Some(quote!(Debug,)), None)
    };
    let constructors = def.built_by_users.then(|| constructors(def));
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #constructors
        #debug_impl
    }
}

/// The most arguments clippy's `too_many_arguments` accepts by default.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// `new` with the required fields, and a setter per optional field (plus `clear_<field>` for a
/// nullable one), for a struct users build: a new optional field is then a new setter, and code
/// building the struct keeps compiling. Arguments and setters take what request builders take
/// for the same type (`params`).
fn constructors(def: &TypeDef) -> TokenStream {
    let name = &def.name;
    let required: Vec<&Field> = def.fields.iter().filter(|field| !field.optional).collect();
    let arguments = required.iter().map(|field| {
        let argument = ident(&field.rust_name);
        let ty = params::parameter_type(&field.ty);
        quote!(#argument: #ty)
    });
    let initializers = def.fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        if field.optional {
            quote!(#field_name: ::core::option::Option::None)
        } else if params::needs_conversion(&field.ty, field.boxed) {
            let value = params::stored_value(&field_name, &field.ty, field.boxed);
            quote!(#field_name: #value)
        } else {
            quote!(#field_name)
        }
    });
    let new_docs = doc(&if required.is_empty() {
        format!(
            "Creates one with no field set, like `{name}::default()`; set fields with the \
             setters."
        )
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|field| code_span(&field.rust_name.source()))
            .collect();
        format!(
            "Creates one from its required fields ({}); set the optional ones with the setters.",
            names.join(", ")
        )
    });
    let arguments_lint = (required.len() > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let setters = def
        .fields
        .iter()
        .filter(|field| field.optional)
        .map(|field| {
            let field_name = ident(&field.rust_name);
            params::optional_setters(&params::Optional {
                name: &field.rust_name,
                description: &field.description,
                ty: &field.ty,
                boxed: field.boxed,
                nullable: field.nullable,
                target: quote!(self.#field_name),
            })
        });
    let type_name = format_ident!("{}", name);
    quote! {
        impl #type_name {
            #new_docs
            #arguments_lint
            pub fn new(#(#arguments),*) -> Self {
                Self {
                    #(#initializers,)*
                }
            }

            #(#setters)*
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let mut text = prose(&field.description).trim_end().to_owned();
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
        serde_args.push(quote!(
            default,
            skip_serializing_if = "::core::option::Option::is_none"
        ));
    }
    if let Some(json_args) = json_object::serde_args(field) {
        serde_args.push(json_args);
    } else {
        if field.nullable {
            // Keeps an explicit `null` apart from an absent field.
            serde_args.push(quote!(with = "crate::runtime::double_option"));
        }
        if field.default {
            serde_args.push(quote!(default, deserialize_with = "null_as_default"));
        }
    }
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let ty = field_type(field, false);
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

/// An open enum: the known values as unit variants plus `Unknown(UnknownValue)`, with serde impls that
/// map unknown values there instead of failing, so a value added by the server never breaks a
/// response.
fn enum_def(def: &EnumDef) -> TokenStream {
    let docs = doc(&format!(
        "{}\n\nA value this version of the client does not know decodes as \
         [`{name}::Unknown`] and is sent back unchanged. Make one from its wire value with \
         `parse` or `From<&str>`: a known value always gives its own variant, never `Unknown`.",
        prose(&def.description).trim_end(),
        name = def.name
    ));
    let name = format_ident!("{}", def.name);
    let variants = def.variants.iter().map(|variant| {
        let docs = doc(&labelled(&variant.value, &variant.description));
        let variant = format_ident!("{}", variant.name);
        quote!(#docs #variant,)
    });
    let variant_names_lint = variant_names_lint(
        &def.name,
        def.variants.iter().map(|variant| variant.name.as_str()),
    );
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
        #variant_names_lint
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, exactly as received. It is
            /// never a known value, and only the client makes one: convert a string into the
            /// enum instead.
            Unknown(crate::UnknownValue),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::core::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#from_wire)*
                    _ => Self::Unknown(crate::UnknownValue::new(value)),
                }
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = ::core::convert::Infallible;

            /// The variant of a wire value: its known variant, else `Unknown`; never fails.
            // `Self::Err` could be a variant named `Err`: the error type is written out.
            fn from_str(value: &str) -> ::core::result::Result<Self, ::core::convert::Infallible> {
                ::core::result::Result::Ok(Self::from(value))
            }
        }

        impl ::core::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(::std::string::String::from(value))
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)
                    .map(Self::from)
            }
        }
    }
}

/// A tagged union: one tuple variant per known tag plus `Other` for any other tag, serialized as
/// `{"<tag>": "<variant>", "<content>": <value>}`.
fn union_def(def: &UnionDef) -> TokenStream {
    let docs = doc(&format!(
        "{}\n\nSent as {}. A {} this version of the client does not know is received as \
         [`{name}::Other`]; to send one, decode its JSON with `serde_json::from_value` (a known \
         tag always gives its own variant, never `Other`).",
        prose(&def.description).trim_end(),
        code_span(&format!("{{\"{}\": …, \"{}\": …}}", def.tag, def.content)),
        code_span(&def.tag),
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
            "{}{sensitive}",
            labelled(&variant.tag, &variant.description)
        ));
        let variant_name = format_ident!("{}", variant.name);
        let ty = type_tokens(&variant.ty, false);
        let ty = if variant.boxed {
            quote!(::std::boxed::Box<#ty>)
        } else {
            ty
        };
        quote!(#docs #variant_name(#ty),)
    });
    let variant_names_lint = variant_names_lint(
        &def.name,
        def.variants.iter().map(|variant| variant.name.as_str()),
    );
    // A struct held by value may be much larger than the other variants; boxing it would only
    // make the type harder to build.
    let size_lint = def
        .variants
        .iter()
        .any(|variant| !variant.boxed && matches!(variant.ty, Type::Named(_)))
        .then(|| quote!(#[allow(clippy::large_enum_variant)]));
    // A variant holding free-form JSON objects is checked both ways, as a struct field is.
    let serialize_arms = def.variants.iter().map(|variant| {
        let (wire, variant_name) = (&variant.tag, format_ident!("{}", variant.name));
        if json_object::holds_json_objects(&variant.ty) {
            quote!(Self::#variant_name(value) => (#wire, crate::runtime::json_object::to_value(#wire, value)),)
        } else {
            quote!(Self::#variant_name(value) => (#wire, ::serde_json::to_value(value)),)
        }
    });
    let deserialize_arms = def.variants.iter().map(|variant| {
        let (wire, variant_name) = (&variant.tag, format_ident!("{}", variant.name));
        let from_value = if json_object::holds_json_objects(&variant.ty) {
            quote!(crate::runtime::json_object::from_value)
        } else {
            quote!(::serde_json::from_value)
        };
        quote!(#wire => #from_value(wire.value)
            .map(Self::#variant_name)
            .map_err(::serde::de::Error::custom),)
    });
    let other_docs = doc(&format!(
        "A {} this version of the client does not know, with its {} as JSON. Its tag is \
         never a known one, and only the client makes one: decode JSON instead.",
        code_span(tag),
        code_span(content)
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
        #variant_names_lint
        #size_lint
        pub enum #name {
            #(#variants)*
            #other_docs
            Other(crate::UnknownVariant),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let (tag, value) = match self {
                    #(#serialize_arms)*
                    Self::Other(other) => {
                        (other.tag(), ::core::result::Result::Ok(other.value().clone()))
                    }
                };
                let value = value.map_err(::serde::ser::Error::custom)?;
                let mut map = serializer.serialize_map(::core::option::Option::Some(2))?;
                map.serialize_entry(#tag, tag)?;
                map.serialize_entry(#content, &value)?;
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                struct Wire {
                    #[serde(rename = #tag)]
                    tag: ::std::string::String,
                    #[serde(rename = #content)]
                    value: ::serde_json::Value,
                }
                let wire = <Wire as ::serde::Deserialize>::deserialize(deserializer)?;
                match wire.tag.as_str() {
                    #(#deserialize_arms)*
                    _ => ::core::result::Result::Ok(Self::Other(
                        crate::UnknownVariant::new(wire.tag, wire.value),
                    )),
                }
            }
        }

        #debug_impl
    }
}

/// The docs of a variant: its wire value, then its description.
fn labelled(value: &str, description: &str) -> String {
    let description = prose(description);
    let description = description.trim();
    // A description that opens with a code block needs it on a line of its own.
    if description.starts_with("```") || description.starts_with("~~~") {
        format!("{}:\n\n{description}", code_span(value))
    } else {
        format!("{}: {description}", code_span(value))
    }
}

/// Variants are named after wire values: one that repeats the enum's name (`PetKind::PetKindCat`)
/// is the spec's choice, not something to warn about.
fn variant_names_lint<'a>(
    name: &str,
    mut variants: impl Iterator<Item = &'a str>,
) -> Option<TokenStream> {
    variants
        .any(|variant| variant.starts_with(name) || variant.ends_with(name))
        .then(|| quote!(#[allow(clippy::enum_variant_names)]))
}
