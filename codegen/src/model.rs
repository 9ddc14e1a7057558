//! The validated model: what `validate` hands to `emit`, with every Rust name already decided.
//!
//! Everything here is known to be consistent: references resolve, names are unique, paths match
//! their parameters. The emitter turns it into tokens without checking anything again.

use std::collections::BTreeMap;

use crate::examples::Json;
use crate::naming::Name;
use crate::semver::Version;

/// The whole API.
#[derive(Debug)]
pub(crate) struct Api {
    pub name: String,
    /// The client crate's name as code refers to it (`stytch_b2b`), for rustdoc examples.
    pub crate_name: String,
    /// The client crate's version, written into its `Cargo.toml` and the API manifest.
    pub version: Version,
    pub description: String,
    pub docs_url: Option<String>,
    pub test_base_url: String,
    pub live_base_url: String,
    pub live_project_id_prefix: String,
    /// Argument names of `Client::new` for the Basic username and password.
    pub username: Name,
    pub password: Name,
    pub authorizations: Vec<Authorization>,
    /// The struct that error response bodies decode into.
    pub error_schema: String,
    /// Every struct of the `types` module, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every open enum of the `types` module, sorted by name.
    pub enums: Vec<EnumDef>,
    /// Every tagged union of the `types` module, sorted by name.
    pub unions: Vec<UnionDef>,
    /// The checked, complete example of each struct schema that has one, by schema name.
    pub schema_examples: BTreeMap<String, Json>,
    /// The top-level resources, sorted by module name.
    pub resources: Vec<Resource>,
    pub endpoint_count: usize,
    /// The Cargo features each type needs (any one of them turns it on), by type name, one
    /// per top-level resource whose endpoints reach the type; a type absent here is always
    /// compiled (the runtime or no endpoint reaches it). See `validate::features`.
    pub type_features: BTreeMap<String, Vec<String>>,
}

/// An optional credential that sets one of several headers (`Authorization::SessionToken`, …).
#[derive(Debug)]
pub(crate) struct Authorization {
    /// The key in `api.yaml`, which endpoints refer to.
    pub key: String,
    pub type_name: String,
    /// The builder setter, e.g. `authorization`.
    pub setter: Name,
    pub description: String,
    pub variants: Vec<AuthorizationVariant>,
}

#[derive(Debug)]
pub(crate) struct AuthorizationVariant {
    pub name: String,
    pub header: String,
    pub description: String,
}

/// A struct in the `types` module.
#[derive(Debug, Clone)]
pub(crate) struct TypeDef {
    pub name: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// Users build it themselves: it is reachable from a parameter or request body field (a
    /// search query, its operands, an inline request object). It gets `new` and a setter per
    /// optional field; other structs are built by the client (bodies, responses).
    pub built_by_users: bool,
    /// Groups of its optional fields of which exactly one (or at most one) is set; only request
    /// bodies have them. Their fields stay in `fields`, in place, for examples and exports.
    pub one_of: Vec<OneOf>,
}

impl TypeDef {
    /// A struct whose fields are all optional gets `Default`.
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|field| field.optional)
            && self.one_of.iter().all(|group| !group.required)
    }

    /// The struct's own fields and groups, in declaration order.
    pub fn members(&self) -> Vec<Member<'_>> {
        members(&self.fields, &self.one_of)
    }

    /// A struct with a sensitive field gets a `Debug` that hides it (a group's enum hides its
    /// own sensitive values).
    pub fn any_sensitive(&self) -> bool {
        self.members()
            .iter()
            .any(|member| matches!(member, Member::Field(field) if field.sensitive))
    }
}

/// Optional body fields of which a request sets exactly one (`required`) or at most one: an enum
/// with a variant per field, held by the body struct in one flattened field, so the wire is
/// the same as with the fields themselves (`{"session_token": "…"}`).
#[derive(Debug, Clone)]
pub(crate) struct OneOf {
    /// The body struct's field and the request's argument or setter, e.g. `credential`.
    pub name: Name,
    /// The enum in `types`, e.g. `AuthenticateSessionRequestCredential`.
    pub type_name: String,
    /// `Type::Named(type_name)`, so the group is passed like any other value.
    pub ty: Type,
    pub description: String,
    /// Exactly one (an argument), else at most one (a setter, `Option` in the body).
    pub required: bool,
    /// In the order the group lists them.
    pub variants: Vec<OneOfVariant>,
    /// Its index in the body's `one_of` list, for diagnostics (`body.one_of[1]`).
    pub position: usize,
}

/// What a body struct holds, and its request takes, in declaration order: a field not in any
/// group, or a group, which stands where its first field is declared.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Member<'a> {
    Field(&'a Field),
    Group(&'a OneOf),
}

/// `fields` and `one_of` as members: each group once, at its first field; its fields not at all.
pub(crate) fn members<'a>(fields: &'a [Field], one_of: &'a [OneOf]) -> Vec<Member<'a>> {
    let group_of = |index: usize| {
        one_of
            .iter()
            .find(|group| group.variants.iter().any(|variant| variant.field == index))
    };
    let mut members = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        match group_of(index) {
            None => members.push(Member::Field(field)),
            Some(group) => {
                let first = (0..index).all(|earlier| {
                    group_of(earlier).is_none_or(|other| !std::ptr::eq(other, group))
                });
                if first {
                    members.push(Member::Group(group));
                }
            }
        }
    }
    members
}

/// One field of a `one_of` group, as a variant of its enum.
#[derive(Debug, Clone)]
pub(crate) struct OneOfVariant {
    /// The variant, e.g. `SessionToken`.
    pub name: String,
    /// Index into the body's `TypeDef::fields` (and `Body::fields`).
    pub field: usize,
}

/// An open enum of strings: known values as variants, anything else kept in `Unknown(UnknownValue)`.
#[derive(Debug, Clone)]
pub(crate) struct EnumDef {
    pub name: String,
    pub description: String,
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone)]
pub(crate) struct EnumVariant {
    /// The value on the wire, e.g. `ALL_ALLOWED`.
    pub value: String,
    /// The variant, e.g. `AllAllowed`.
    pub name: String,
    pub description: String,
}

/// A union of objects `{"<tag>": "<variant>", "<content>": <value>}`; a tag the client does not
/// know is kept in `Other`.
#[derive(Debug, Clone)]
pub(crate) struct UnionDef {
    pub name: String,
    pub description: String,
    pub tag: String,
    pub content: String,
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone)]
pub(crate) struct UnionVariant {
    /// The tag value on the wire, e.g. `member_ids`.
    pub tag: String,
    /// The variant, e.g. `MemberIds`.
    pub name: String,
    pub ty: Type,
    /// Held in a `Box` to break a cycle of types containing each other.
    pub boxed: bool,
    /// The value is a secret: `Debug` shows a placeholder.
    pub sensitive: bool,
    pub description: String,
}

/// A field of a struct, or a path or query parameter.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub wire_name: String,
    pub rust_name: Name,
    pub ty: Type,
    pub optional: bool,
    /// Three states: absent, `null`, or a value (`Option<Option<T>>`); only with `optional`.
    pub nullable: bool,
    /// Held in a `Box` to break a cycle of types containing each other.
    pub boxed: bool,
    /// The value is a secret: `Debug` shows a placeholder.
    pub sensitive: bool,
    /// Absent or `null` in a response decodes as the type's empty value (`false`, `0`, `""`,
    /// empty collection); only on required fields.
    pub default: bool,
    pub description: String,
}

/// The Rust type of a field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Type {
    String,
    Bool,
    I32,
    I64,
    F64,
    JsonObject,
    Array(Box<Type>),
    /// A JSON object with string keys and values of one type.
    Map(Box<Type>),
    /// A struct or enum of the `types` module.
    Named(String),
}

/// A resource: one module, one struct reached from its parent (`client.organizations()`).
#[derive(Debug)]
pub(crate) struct Resource {
    /// The module and accessor method name, e.g. `members`.
    pub module: Name,
    /// The struct name, e.g. `Members`.
    pub type_name: String,
    pub description: String,
    pub endpoints: Vec<Endpoint>,
    pub children: Vec<Resource>,
}

impl Resource {
    /// The Cargo feature that turns a top-level resource on: its module's name (`sessions`).
    pub fn feature(&self) -> &str {
        &self.module.text
    }
}

/// One operation.
#[derive(Debug)]
pub(crate) struct Endpoint {
    /// Resource path and operation, e.g. `organizations.members.delete`, for traces.
    pub operation_id: String,
    /// Whether sending the request twice has the effect of sending it once, so failures may be
    /// retried (from the spec, else from the method: GET, PUT and DELETE are).
    pub idempotent: bool,
    /// The method on the resource, e.g. `delete_password`.
    pub method_name: Name,
    /// The request builder struct, e.g. `DeletePassword`.
    pub builder_name: String,
    pub http_method: HttpMethod,
    /// The path as written in the spec, for docs.
    pub path_template: String,
    pub path: Vec<PathPart>,
    /// In path order.
    pub path_params: Vec<Field>,
    pub query_params: Vec<Field>,
    pub headers: Vec<HeaderParam>,
    /// Index into `Api::authorizations`.
    pub authorization: Option<usize>,
    /// Whether the request carries the API's Basic credentials (`false`: a public endpoint).
    pub basic_auth: bool,
    pub body: Option<Body>,
    /// Name of the response struct in `types`.
    pub response: String,
    pub summary: String,
    pub description: Option<String>,
    pub docs_url: Option<String>,
    /// The module path from the client: `organizations`, `members`.
    pub resource_path: Vec<Name>,
    pub pagination: Option<Pagination>,
    pub example: Option<Example>,
}

impl Endpoint {
    /// What a request of it carries: its path, query and body fields, in that order.
    pub fn input_fields(&self) -> impl Iterator<Item = &Field> {
        self.path_params
            .iter()
            .chain(&self.query_params)
            .chain(self.body.iter().flat_map(|body| &body.fields))
    }
}

/// How to follow an endpoint's pages.
#[derive(Debug)]
pub(crate) struct Pagination {
    /// The builder setter that takes the cursor.
    pub cursor_setter: Name,
    /// The response fields down to the next cursor, each with whether it is optional.
    pub next_cursor: Vec<(Name, bool)>,
    /// The response field holding the items, whether it is optional, and the item type.
    pub items: (Name, bool, Type),
    /// The spec's paths, for docs.
    pub next_cursor_path: String,
    pub cursor_wire_name: String,
}

/// A checked example call of an endpoint: every value matches its declared type.
#[derive(Debug)]
pub(crate) struct Example {
    /// One per path parameter, in argument order.
    pub path_args: Vec<String>,
    /// Aligned with `Endpoint::query_params`.
    pub query: Vec<Option<Json>>,
    /// Aligned with `Endpoint::headers`.
    pub headers: Vec<Option<String>>,
    /// The variant (Rust name), its header, and the credential.
    pub authorization: Option<(String, String, String)>,
    /// Aligned with the body's fields.
    pub body: Vec<Option<Json>>,
    /// The body as it is sent.
    pub body_json: Option<Json>,
    /// The complete response, schema examples filled in.
    pub response: Json,
}

/// The HTTP methods the format accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PathPart {
    Literal(String),
    /// Index into `Endpoint::path_params`.
    Param(usize),
}

/// A request header parameter.
#[derive(Debug)]
pub(crate) struct HeaderParam {
    pub header: String,
    pub rust_name: Name,
    pub optional: bool,
    /// A secret: sent as a sensitive header, hidden by the builder's `Debug`.
    pub sensitive: bool,
    pub description: String,
}

/// A request body: a struct of `types`, whose fields the builder exposes.
#[derive(Debug)]
pub(crate) struct Body {
    pub type_name: String,
    /// Every field, grouped ones included (see `one_of`).
    pub fields: Vec<Field>,
    /// Groups of `fields` taken as one enum each, instead of a setter per field.
    pub one_of: Vec<OneOf>,
    pub encoding: BodyEncoding,
}

/// How a request body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`, its fields all scalars (checked by `validate`).
    Form,
}

impl Body {
    /// The request's body inputs and groups, in declaration order.
    pub fn members(&self) -> Vec<Member<'_>> {
        members(&self.fields, &self.one_of)
    }

    /// Whether the field at `index` of `fields` is in a `one_of` group.
    pub fn is_grouped(&self, index: usize) -> bool {
        self.one_of
            .iter()
            .any(|group| group.variants.iter().any(|variant| variant.field == index))
    }
}
