//! The spec files exactly as written: serde shapes of the YAML, checked only for syntax and known keys.
//!
//! Meaning (references resolve, names are unique, …) is checked later, in `validate`.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

/// A YAML mapping whose order is kept (it becomes field and parameter order) and whose keys are unique.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<T>(pub Vec<(String, T)>);

impl<T> Default for OrderedMap<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> OrderedMap<T> {
    /// Entries in the order they were written.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.0.iter().map(|(key, value)| (key.as_str(), value))
    }

    /// The entry named `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedMapVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedMapVisitor<T> {
            type Value = OrderedMap<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.iter().any(|(existing, _)| *existing == key) {
                        return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
                    }
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }

            // An empty value (`fields:` with nothing after it) reads as null: an empty map.
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OrderedMap::default())
            }
        }

        deserializer.deserialize_map(OrderedMapVisitor(PhantomData))
    }
}

/// `api.yaml`: what holds for the whole API.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiFile {
    pub format_version: u32,
    pub name: String,
    pub crate_name: Option<String>,
    /// The client crate's version, `MAJOR.MINOR.PATCH`.
    pub version: Option<String>,
    pub description: String,
    pub docs_url: Option<String>,
    pub base_urls: BaseUrls,
    pub live_project_id_prefix: String,
    pub auth: Auth,
    #[serde(default)]
    pub authorizations: OrderedMap<AuthorizationSpec>,
    pub error: ErrorSpec,
    pub resources: OrderedMap<ResourceSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseUrls {
    pub test: String,
    pub live: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    pub scheme: String,
    pub username: String,
    pub password: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorizationSpec {
    pub description: String,
    pub variants: OrderedMap<AuthorizationVariantSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorizationVariantSpec {
    pub header: String,
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    pub schema: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceSpec {
    pub description: String,
}

/// A file under `schemas/`: schema name → schema.
pub type SchemaFile = OrderedMap<SchemaSpec>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    pub description: String,
    /// A struct's fields; exactly one of `fields` and `values` is set.
    pub fields: Option<OrderedMap<FieldSpec>>,
    /// An open enum's known wire values, each with its description.
    pub values: Option<OrderedMap<String>>,
    /// A union of values told apart by a tag field.
    pub tagged: Option<TaggedSpec>,
    /// A complete example value of a struct.
    pub example: Option<serde_yaml::Value>,
}

/// `{"<tag>": "<variant>", "<content>": <value>}` objects, one variant per tag value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaggedSpec {
    pub tag: String,
    pub content: String,
    /// Tag value → the type of its content, as a field (type keys and a description).
    pub variants: OrderedMap<FieldSpec>,
}

/// The primitive and structural type keywords of `type:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKeyword {
    String,
    Boolean,
    Int32,
    Int64,
    Number,
    JsonObject,
    Array,
    Map,
    Object,
}

/// A field of an object, or a path, query or header parameter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub description: String,
    #[serde(rename = "type")]
    pub type_keyword: Option<TypeKeyword>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub items: Option<Box<ItemSpec>>,
    pub fields: Option<OrderedMap<FieldSpec>>,
    pub name: Option<String>,
    pub object_description: Option<String>,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub nullable: bool,
    pub rust_name: Option<String>,
    /// A credential or other secret: kept out of `Debug`.
    #[serde(default)]
    pub sensitive: bool,
    /// What a response that leaves the field out (or sends `null`) decodes as: the empty value of
    /// its type, written out (`false`, `0`, `""`, `[]`, `{}`).
    pub default: Option<serde_yaml::Value>,
}

/// The element type of an array.
///
/// It repeats `FieldSpec`'s type keys rather than sharing a struct: serde's `flatten` cannot be
/// combined with `deny_unknown_fields`, and unknown keys must stay errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSpec {
    #[serde(rename = "type")]
    pub type_keyword: Option<TypeKeyword>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub items: Option<Box<ItemSpec>>,
    pub fields: Option<OrderedMap<FieldSpec>>,
    pub name: Option<String>,
    pub description: Option<String>,
}

/// A header parameter of an endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderSpec {
    pub header: String,
    pub description: String,
    #[serde(default)]
    pub optional: bool,
    /// A credential or other secret: sent as a sensitive header and kept out of `Debug`.
    #[serde(default)]
    pub sensitive: bool,
}

/// A request body: a named inline object whose optional fields may form `one_of` groups.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectSpec {
    pub name: String,
    pub description: String,
    /// How a request body is encoded; JSON when left out.
    pub encoding: Option<BodyEncodingSpec>,
    pub fields: OrderedMap<FieldSpec>,
    /// Groups of optional fields of which a request sets exactly one (or at most one).
    #[serde(default)]
    pub one_of: Vec<OneOfSpec>,
}

/// Body fields of which a request sets exactly one (`required: true`) or at most one: one Rust
/// enum, a variant per field, taken as an argument or a setter instead of the fields' own.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OneOfSpec {
    /// The argument's or setter's name (`snake_case`).
    pub name: String,
    pub description: String,
    /// `true`: exactly one field is sent (an argument); `false`: at most one (a setter).
    pub required: bool,
    /// Wire names of fields declared in the body's `fields`, each optional and not nullable.
    pub fields: Vec<String>,
    /// The enum's name, instead of the body's name followed by the `PascalCase` of `name`.
    pub type_name: Option<String>,
}

/// `body.encoding`: the media type a request body is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncodingSpec {
    /// `application/json` (the default).
    Json,
    /// `application/x-www-form-urlencoded`: flat fields as `name=value` pairs.
    Form,
}

/// An endpoint's `auth`: whether it sends the API's Basic credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointAuthSpec {
    /// The credentials of `api.yaml`'s `auth` (the default).
    Basic,
    /// No credentials: a public endpoint.
    None,
}

/// A response: a reference to a schema, or an inline object.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub fields: Option<OrderedMap<FieldSpec>>,
}

/// One endpoint file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointFile {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: Option<String>,
    pub docs_url: Option<String>,
    #[serde(default)]
    pub path_params: OrderedMap<FieldSpec>,
    #[serde(default)]
    pub query_params: OrderedMap<FieldSpec>,
    #[serde(default)]
    pub headers: OrderedMap<HeaderSpec>,
    pub authorization: Option<String>,
    /// `none`: the endpoint is public and is sent without the Basic credentials.
    pub auth: Option<EndpointAuthSpec>,
    pub idempotent: Option<bool>,
    pub body: Option<ObjectSpec>,
    pub response: ResponseSpec,
    pub pagination: Option<PaginationSpec>,
    pub example: Option<ExampleSpec>,
}

/// How an endpoint's results continue on further pages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationSpec {
    /// The optional string input (query parameter or body field) that takes the cursor.
    pub cursor: String,
    /// Dotted path, in the response, to the next page's cursor.
    pub next_cursor: String,
    /// The response field holding a page's items (an array).
    pub items: String,
}

/// A realistic call of an endpoint and its answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    #[serde(default)]
    pub path_params: OrderedMap<serde_yaml::Value>,
    #[serde(default)]
    pub query_params: OrderedMap<serde_yaml::Value>,
    #[serde(default)]
    pub headers: OrderedMap<serde_yaml::Value>,
    /// One authorization variant and its credential.
    #[serde(default)]
    pub authorization: OrderedMap<String>,
    pub body: Option<serde_yaml::Value>,
    pub response: serde_yaml::Value,
}
