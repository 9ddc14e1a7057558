//! One module per resource: the resource struct, a method per endpoint, and each endpoint's request builder.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::debug::{DebugField, Shown, struct_debug};
use super::params;
use super::{
    EmittedFile, code_span, doc, ident, inner_doc, naming_convention_lint, prose,
    resource_accessor, resource_module_declaration, rust_type,
};
use crate::model::{
    Api, Endpoint, Field, HttpMethod, Member, Pagination, PathPart, Resource, Type,
};

/// Emits `resource` (and its children) as files under `dir`: `name/mod.rs` when it has children, else `name.rs`.
pub(super) fn resource_files(
    api: &Api,
    resource: &Resource,
    dir: &Path,
    files: &mut Vec<EmittedFile>,
) {
    let path = if resource.children.is_empty() {
        dir.join(format!("{}.rs", resource.module.text))
    } else {
        dir.join(&resource.module.text).join("mod.rs")
    };
    files.push(EmittedFile {
        path,
        tokens: resource_module(api, resource),
    });
    let child_dir = dir.join(&resource.module.text);
    for child in &resource.children {
        resource_files(api, child, &child_dir, files);
    }
}

fn resource_module(api: &Api, resource: &Resource) -> TokenStream {
    let module_docs = inner_doc(&prose(&resource.description));
    let docs = doc(&prose(&resource.description));
    let type_name = format_ident!("{}", resource.type_name);
    let modules = resource.children.iter().map(resource_module_declaration);
    let accessors = resource
        .children
        .iter()
        .map(|child| resource_accessor(child, quote!(&self.client), None));
    let methods = resource
        .endpoints
        .iter()
        .map(|endpoint| endpoint_method(api, endpoint));
    let builders = resource
        .endpoints
        .iter()
        .map(|endpoint| builder(api, resource, endpoint));
    quote! {
        #module_docs

        #(#modules)*

        #docs
        #[derive(Debug, Clone)]
        pub struct #type_name {
            pub(crate) client: crate::Client,
        }

        impl #type_name {
            #(#accessors)*

            #(#methods)*
        }

        #(#builders)*
    }
}

/// The most arguments (`self` included) clippy's `too_many_arguments` accepts by default.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// A value the caller passes: an argument when required, a setter when optional.
struct Input<'m> {
    name: &'m crate::naming::Name,
    ty: &'m Type,
    description: &'m str,
    optional: bool,
    /// Optional and nullable: it also gets a `clear_…` setter that sends `null`.
    nullable: bool,
    /// Stored in a `Box` (a field that closes a cycle of types).
    boxed: bool,
    /// How the builder stores it.
    slot: Slot,
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    /// A field of the builder itself.
    Builder,
    /// A field of the builder's `body`.
    Body,
}

fn inputs(endpoint: &Endpoint) -> Vec<Input<'_>> {
    fn from_field(field: &Field, slot: Slot) -> Input<'_> {
        Input {
            name: &field.rust_name,
            ty: &field.ty,
            description: &field.description,
            optional: field.optional,
            nullable: field.nullable,
            boxed: field.boxed,
            slot,
        }
    }
    let mut inputs: Vec<Input<'_>> = endpoint
        .path_params
        .iter()
        .map(|f| from_field(f, Slot::Builder))
        .collect();
    inputs.extend(
        endpoint
            .query_params
            .iter()
            .map(|f| from_field(f, Slot::Builder)),
    );
    inputs.extend(endpoint.headers.iter().map(|header| Input {
        name: &header.rust_name,
        ty: &Type::String,
        description: &header.description,
        optional: header.optional,
        nullable: false,
        boxed: false,
        slot: Slot::Builder,
    }));
    if let Some(body) = &endpoint.body {
        // A `one_of` group is one input, of its enum's type, where its first field is declared.
        inputs.extend(body.members().into_iter().map(|member| match member {
            Member::Field(f) => from_field(f, Slot::Body),
            Member::Group(group) => Input {
                name: &group.name,
                ty: &group.ty,
                description: &group.description,
                optional: !group.required,
                nullable: false,
                boxed: false,
                slot: Slot::Body,
            },
        }));
    }
    inputs
}

/// The type a method or setter takes for `input`.
fn parameter_type(input: &Input<'_>) -> TokenStream {
    params::parameter_type(input.ty)
}

/// The value stored for the argument named like `input` (converted and boxed as needed).
fn stored_value(input: &Input<'_>) -> TokenStream {
    params::stored_value(&ident(input.name), input.ty, input.boxed)
}

/// The struct-literal field that stores an input: the argument when required, `None` when optional.
fn initializer(input: &Input<'_>) -> TokenStream {
    let name = ident(input.name);
    if input.optional {
        return quote!(#name: ::core::option::Option::None);
    }
    if params::needs_conversion(input.ty, input.boxed) {
        let value = stored_value(input);
        quote!(#name: #value)
    } else {
        quote!(#name)
    }
}

fn endpoint_method(api: &Api, endpoint: &Endpoint) -> TokenStream {
    let method = ident(&endpoint.method_name);
    let builder = format_ident!("{}", endpoint.builder_name);
    let inputs = inputs(endpoint);
    let required: Vec<&Input<'_>> = inputs.iter().filter(|input| !input.optional).collect();

    let mut text = prose(&endpoint.summary).trim_end().to_owned();
    if let Some(description) = &endpoint.description {
        text.push_str("\n\n");
        text.push_str(prose(description).trim_end());
    }
    text.push_str(&format!(
        "\n\n{}",
        code_span(&format!(
            "{} {}",
            endpoint.http_method.as_str(),
            endpoint.path_template
        ))
    ));
    if let Some(url) = &endpoint.docs_url {
        text.push_str(&format!(" ([API docs]({url}))"));
    }
    if !required.is_empty() {
        text.push_str("\n\n# Arguments\n");
        for input in &required {
            text.push_str(&format!(
                "\n- `{}`: {}",
                input.name.text,
                prose(first_line(input.description))
            ));
        }
    }
    let optional: Vec<&Input<'_>> = inputs.iter().filter(|input| input.optional).collect();
    if !optional.is_empty() || endpoint.authorization.is_some() {
        text.push_str(&format!(
            "\n\nOptional parameters are set on the returned [`{}`] before awaiting it.",
            endpoint.builder_name
        ));
    }
    if let Some(example) = super::examples::doc_example(api, endpoint) {
        text.push_str("\n\n");
        text.push_str(&example);
    }
    let docs = doc(&text);
    // Names and argument counts come from the spec; clippy's opinions on them are no warning.
    let new_lint =
        (endpoint.method_name.text == "new").then(|| quote!(#[allow(clippy::new_ret_no_self)]));
    // `self` counts as an argument for clippy's limit of 7.
    let arguments_lint = (required.len() + 1 > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));

    let arguments = required.iter().map(|input| {
        let name = ident(input.name);
        let ty = parameter_type(input);
        quote!(#name: #ty)
    });
    let builder_fields = inputs
        .iter()
        .filter(|input| input.slot == Slot::Builder)
        .map(initializer);
    let authorization = endpoint
        .authorization
        .and_then(|index| api.authorizations.get(index))
        .map(|authorization| {
            let setter = ident(&authorization.setter);
            quote!(#setter: ::core::option::Option::None,)
        });
    let body = endpoint.body.as_ref().map(|body| {
        let body_type = format_ident!("{}", body.type_name);
        let fields = inputs
            .iter()
            .filter(|input| input.slot == Slot::Body)
            .map(initializer);
        quote!(body_: crate::types::#body_type { #(#fields),* },)
    });
    let convention_lint = naming_convention_lint(&endpoint.method_name.text);
    quote! {
        #docs
        #new_lint
        #arguments_lint
        #convention_lint
        pub fn #method(&self, #(#arguments),*) -> #builder {
            #builder {
                client_: ::core::clone::Clone::clone(&self.client),
                options_: ::core::default::Default::default(),
                #(#builder_fields,)*
                #authorization
                #body
            }
        }
    }
}

fn builder(api: &Api, resource: &Resource, endpoint: &Endpoint) -> TokenStream {
    let builder = format_ident!("{}", endpoint.builder_name);
    let response = format_ident!("{}", endpoint.response);
    let docs = doc(&format!(
        "The request of `{operation}`, made by [`{resource}::{method}`].\n\n\
         Set optional parameters with its methods, then `.await` it (or call [`send`](Self::send)). \
         It owns what it needs (`Send + 'static`): it can be spawned, or kept and sent later.",
        operation = endpoint.operation_id,
        method = endpoint.method_name.text,
        resource = resource.type_name,
    ));
    let inputs = inputs(endpoint);

    let fields = inputs
        .iter()
        .filter(|input| input.slot == Slot::Builder)
        .map(|input| {
            let name = ident(input.name);
            let ty = rust_type(input.ty);
            if input.optional {
                quote!(#name: ::core::option::Option<#ty>,)
            } else {
                quote!(#name: #ty,)
            }
        });
    let authorization = endpoint
        .authorization
        .and_then(|index| api.authorizations.get(index));
    let authorization_field = authorization.map(|authorization| {
        let setter = ident(&authorization.setter);
        let type_name = format_ident!("{}", authorization.type_name);
        quote!(#setter: ::core::option::Option<crate::#type_name>,)
    });
    let body_field = endpoint.body.as_ref().map(|body| {
        let body_type = format_ident!("{}", body.type_name);
        quote!(body_: crate::types::#body_type,)
    });

    let setters = inputs.iter().filter(|input| input.optional).map(|input| {
        let name = ident(input.name);
        params::optional_setters(&params::Optional {
            name: input.name,
            description: input.description,
            ty: input.ty,
            boxed: input.boxed,
            nullable: input.nullable,
            target: match input.slot {
                Slot::Builder => quote!(self.#name),
                Slot::Body => quote!(self.body_.#name),
            },
        })
    });
    let authorization_setter = authorization.map(|authorization| {
        let setter = ident(&authorization.setter);
        let type_name = format_ident!("{}", authorization.type_name);
        let docs = doc(&prose(&authorization.description));
        let lint = naming_convention_lint(&authorization.setter.text);
        quote! {
            #docs
            #lint
            pub fn #setter(mut self, #setter: crate::#type_name) -> Self {
                self.#setter = ::core::option::Option::Some(#setter);
                self
            }
        }
    });

    let send_docs = doc(&format!(
        "Sends the request and decodes the response: the same future as `.await` on the request \
         gives, for where a named method reads better (`tokio::spawn(request.send())`).\n\n\
         # Errors\n\n\
         [`Error::Api`](crate::Error::Api) when {} answers with an error status, and the other \
         [`Error`](crate::Error) variants when the request cannot be sent or the response cannot be read.",
        api.name
    ));
    let prepare_body = prepare_body(
        endpoint,
        authorization.map(|authorization| &authorization.setter),
    );
    let pagination = endpoint
        .pagination
        .as_ref()
        .map(|pagination| pagination_methods(pagination, &response));
    let (derive_debug, debug_impl) = builder_debug(
        endpoint,
        &builder,
        authorization.map(|authorization| &authorization.setter),
    );
    let response = quote!(crate::types::#response);
    quote! {
        #docs
        #[derive(#derive_debug Clone)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder {
            client_: crate::Client,
            options_: crate::runtime::RequestOptions,
            #(#fields)*
            #authorization_field
            #body_field
        }

        impl #builder {
            #(#setters)*
            #authorization_setter
            #pagination

            /// The most one attempt of this request may take, instead of the client's timeout.
            pub fn timeout(mut self, timeout: ::core::time::Duration) -> Self {
                self.options_.timeout = ::core::option::Option::Some(timeout);
                self
            }

            /// How this request is retried, instead of the client's policy.
            pub fn retry_policy(mut self, retry: crate::RetryPolicy) -> Self {
                self.options_.retry = ::core::option::Option::Some(retry);
                self
            }

            #send_docs
            pub fn send(self) -> crate::ResponseFuture<#response> {
                crate::ResponseFuture::new(self)
            }

            /// Sends the request and decodes the response, with the answer's status and headers
            /// ([`ResponseMeta`](crate::ResponseMeta)).
            ///
            /// # Errors
            ///
            /// As [`send`](Self::send).
            pub fn send_with_response(self) -> crate::ResponseWithMetaFuture<#response> {
                crate::ResponseFuture::new(self).with_meta()
            }

            /// Sends the request and waits for the answer, blocking the current thread: for
            /// synchronous code (the `blocking` feature). In async code, `.await` the request
            /// instead: this would block the executor's thread.
            ///
            /// # Errors
            ///
            /// As [`send`](Self::send).
            #[cfg(feature = "blocking")]
            pub fn send_blocking(self) -> ::core::result::Result<#response, crate::Error> {
                crate::ResponseFuture::wait(self)
            }
        }

        impl ::core::future::IntoFuture for #builder {
            type Output = ::core::result::Result<#response, crate::Error>;
            type IntoFuture = crate::ResponseFuture<#response>;

            fn into_future(self) -> Self::IntoFuture {
                crate::ResponseFuture::new(self)
            }
        }

        impl crate::runtime::Prepare for #builder {
            fn client(&self) -> &crate::Client {
                &self.client_
            }

            fn request(self) -> ::core::result::Result<crate::runtime::Request, crate::Error> {
                #prepare_body
            }
        }

        #debug_impl
    }
}

/// The builder's `Debug`: derived, unless a header parameter is sensitive; then one that hides it.
///
/// Only headers need this: path and query parameters cannot be sensitive, and sensitive body
/// fields are hidden by the body type's own `Debug`.
fn builder_debug(
    endpoint: &Endpoint,
    builder: &proc_macro2::Ident,
    authorization_setter: Option<&crate::naming::Name>,
) -> (Option<TokenStream>, Option<TokenStream>) {
    if !endpoint.headers.iter().any(|header| header.sensitive) {
        return (Some(quote!(Debug,)), None);
    }
    let plain = |name: &str| DebugField {
        ident: format_ident!("{}", name),
        shown: Shown::Plainly,
    };
    // The builder's own fields, named as in its struct (`_` keeps them apart from parameters).
    let mut fields = vec![plain("client_"), plain("options_")];
    for field in endpoint.path_params.iter().chain(&endpoint.query_params) {
        fields.push(DebugField {
            ident: ident(&field.rust_name),
            shown: Shown::field(field.sensitive, field.optional, false),
        });
    }
    for header in &endpoint.headers {
        fields.push(DebugField {
            ident: ident(&header.rust_name),
            shown: Shown::field(header.sensitive, header.optional, false),
        });
    }
    if let Some(setter) = authorization_setter {
        fields.push(DebugField {
            ident: ident(setter),
            shown: Shown::Plainly,
        });
    }
    if endpoint.body.is_some() {
        fields.push(plain("body_"));
    }
    (None, Some(struct_debug(builder, quote!(), &fields)))
}

/// `pages()` and `items()`: the endpoint's results as streams that follow the cursor.
fn pagination_methods(pagination: &Pagination, response: &proc_macro2::Ident) -> TokenStream {
    // `page.results_metadata.next_cursor.as_deref()`, through optional fields with `?`.
    let mut access = quote!(page);
    let last = pagination.next_cursor.len().saturating_sub(1);
    for (index, (name, optional)) in pagination.next_cursor.iter().enumerate() {
        let name = ident(name);
        access = match (index == last, optional) {
            (false, false) => quote!(#access.#name),
            (false, true) => quote!(#access.#name.as_ref()?),
            (true, false) => quote!(::core::option::Option::Some(#access.#name.as_str())),
            (true, true) => quote!(#access.#name.as_deref()),
        };
    }
    let setter = ident(&pagination.cursor_setter);
    let (items_field, items_optional, item_type) = &pagination.items;
    let items_name = ident(items_field);
    let take_items = if *items_optional {
        quote!(page.#items_name.unwrap_or_default())
    } else {
        quote!(page.#items_name)
    };
    let item_type = rust_type(item_type);
    let pages_docs = doc(&format!(
        "Every page of results: this request's, then, while `{}` is not empty, the next one, \
         requested with the same parameters and that value as `{}`.\n\n\
         Each page request is retried like any other. A cursor the API sends twice ends the stream \
         with [`Error::Pagination`](crate::Error::Pagination) instead of looping forever.",
        pagination.next_cursor_path, pagination.cursor_wire_name
    ));
    let items_docs = doc(&format!(
        "The `{}` of every page, one by one, following the cursor as [`pages`](Self::pages) does. \
         The pages' other fields are not kept: read them from `pages()`.",
        items_field.text
    ));
    let blocking_docs = doc(
        "[`pages`](Self::pages) as an iterator, for synchronous code (the `blocking` feature): \
         each `next()` blocks the thread until the page has arrived.",
    );
    let items_blocking_docs = doc(
        "[`items`](Self::items) as an iterator, for synchronous code (the `blocking` feature): \
         a `next()` that needs the next page blocks the thread until it has arrived.",
    );
    quote! {
        #pages_docs
        pub fn pages(self) -> crate::Pages<crate::types::#response> {
            crate::Pages::new(
                ::core::clone::Clone::clone(&self.client_),
                self,
                |page| #access,
                |request, cursor| request.#setter(cursor),
            )
        }

        #items_docs
        pub fn items(self) -> crate::Items<#item_type> {
            crate::Items::new(self.pages(), |page| #take_items)
        }

        #blocking_docs
        #[cfg(feature = "blocking")]
        pub fn pages_blocking(self) -> crate::BlockingPages<crate::types::#response> {
            crate::BlockingPages::new(self.pages())
        }

        #items_blocking_docs
        #[cfg(feature = "blocking")]
        pub fn items_blocking(self) -> crate::BlockingItems<#item_type> {
            crate::BlockingItems::new(self.items())
        }
    }
}

/// The statements of `Prepare::request`: build the path, add query, headers and body.
fn prepare_body(endpoint: &Endpoint, authorization: Option<&crate::naming::Name>) -> TokenStream {
    let operation = &endpoint.operation_id;
    let idempotent = endpoint.idempotent;
    // Room for the literal parts plus typical IDs, so building the path rarely reallocates.
    let capacity: usize = endpoint
        .path
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.len(),
            PathPart::Param(_) => 48,
        })
        .sum();
    let capacity = proc_macro2::Literal::usize_unsuffixed(capacity);
    let path_pushes = endpoint.path.iter().map(|part| match part {
        PathPart::Literal(text) => match single_char(text) {
            Some(c) => quote!(path.push(#c);),
            None => quote!(path.push_str(#text);),
        },
        PathPart::Param(index) => {
            let name = ident(&endpoint.path_params[*index].rust_name);
            {
                let wire = &endpoint.path_params[*index].wire_name;
                quote!(crate::runtime::push_path_segment(&mut path, #wire, &self.#name)?;)
            }
        }
    });
    let method = match endpoint.http_method {
        HttpMethod::Get => quote!(GET),
        HttpMethod::Post => quote!(POST),
        HttpMethod::Put => quote!(PUT),
        HttpMethod::Patch => quote!(PATCH),
        HttpMethod::Delete => quote!(DELETE),
    };
    let query = endpoint.query_params.iter().map(|param| {
        let name = ident(&param.rust_name);
        let wire = &param.wire_name;
        // Strings are sent as they are; numbers and booleans as Rust displays them (`true`, `42`).
        let text = |value: TokenStream| match param.ty {
            Type::String => value,
            _ => quote!(#value.to_string()),
        };
        if param.optional {
            let value = text(quote!(value));
            quote! {
                if let ::core::option::Option::Some(value) = self.#name {
                    request.query(#wire, #value);
                }
            }
        } else {
            let value = text(quote!(self.#name));
            quote!(request.query(#wire, #value);)
        }
    });
    let headers = endpoint.headers.iter().map(|header| {
        let name = ident(&header.rust_name);
        let wire = &header.header;
        if header.sensitive {
            // Marked sensitive, so the HTTP stack keeps the value out of its logs.
            return if header.optional {
                quote! {
                    if let Some(value) = &self.#name {
                        request.secret_header(#wire, value);
                    }
                }
            } else {
                quote!(request.secret_header(#wire, &self.#name);)
            };
        }
        if header.optional {
            quote! {
                if let ::core::option::Option::Some(value) = self.#name {
                    request.header(#wire, value);
                }
            }
        } else {
            quote!(request.header(#wire, self.#name);)
        }
    });
    let authorization_apply = authorization.map(|setter| {
        let setter = ident(setter);
        quote! {
            if let ::core::option::Option::Some(authorization) = &self.#setter {
                authorization.apply(&mut request);
            }
        }
    });
    let body = endpoint.body.as_ref().map(|body| match body.encoding {
        crate::model::BodyEncoding::Json => quote!(request.json(&self.body_)?;),
        crate::model::BodyEncoding::Form => quote!(request.form(&self.body_)?;),
    });
    let public = (!endpoint.basic_auth).then(|| quote!(request.without_basic_auth();));
    let has_additions = !endpoint.query_params.is_empty()
        || !endpoint.headers.is_empty()
        || authorization.is_some()
        || endpoint.body.is_some()
        || !endpoint.basic_auth;
    let request_binding = if has_additions {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    quote! {
        let mut path = ::std::string::String::with_capacity(#capacity);
        #(#path_pushes)*
        #request_binding = crate::runtime::Request::new(
            #operation,
            #idempotent,
            self.options_,
            ::reqwest::Method::#method,
            path,
        );
        #(#query)*
        #(#headers)*
        #authorization_apply
        #body
        #public
        ::core::result::Result::Ok(request)
    }
}

/// The only character of `text`, if it has one character.
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// The first line of a description that is not a code fence, for a list of arguments.
fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with("```") && !line.starts_with("~~~"))
        .unwrap_or_default()
}
