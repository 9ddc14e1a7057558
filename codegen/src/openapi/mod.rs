//! OpenAPI 3 documents: the validated model exported as one (`export`), and an OpenAPI document
//! imported as first-draft spec files (`import`).
//!
//! What OpenAPI has no word for travels in vendor extensions (`x-codegen-…`), written by the
//! exporter and read by the importer, so that an exported spec imports back to the same API.

mod export;
mod import;

pub(crate) use export::export;
pub use import::{ImportOptions, import, write_drafts};

/// The OpenAPI version the exporter writes: the one progenitor and most generators read.
const OPENAPI_VERSION: &str = "3.0.3";

/// The security scheme of the HTTP Basic credentials every request carries.
const BASIC_SCHEME: &str = "basic";
/// The media type of a form body (`body.encoding: form`); JSON is the other.
const FORM_MEDIA_TYPE: &str = "application/x-www-form-urlencoded";
/// The shared response (under `components/responses`) of every failed request.
const ERROR_RESPONSE: &str = "Error";
/// `#/components/schemas/` references.
const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// `info`: the client crate's name as Rust code writes it (`crate_name`).
const X_CRATE_NAME: &str = "x-codegen-crate-name";
/// `info`: the project ID prefix that selects the live server (`live_project_id_prefix`).
const X_LIVE_PREFIX: &str = "x-codegen-live-project-id-prefix";
/// The Basic scheme: the names of the username and password (`auth.username`, `auth.password`).
const X_USERNAME: &str = "x-codegen-username";
const X_PASSWORD: &str = "x-codegen-password";
/// A header API-key scheme: `{name, description}` of the authorization it is a variant of.
const X_AUTHORIZATION: &str = "x-codegen-authorization";
/// A property or parameter: its `rust_name`, where it is not the `snake_case` of the wire name.
const X_RUST_NAME: &str = "x-codegen-rust-name";
/// A property, header parameter or union variant: `sensitive: true`, the value is a secret.
/// Explicit, as `format: password` (which the exporter adds to strings for other tools) only fits
/// strings and to other tools means "mask the input", not "keep out of logs".
const X_SENSITIVE: &str = "x-codegen-sensitive";
/// The `format` OpenAPI defines for a string to hide from view: written on sensitive strings, and
/// read as `sensitive: true` where the format allows it.
const PASSWORD_FORMAT: &str = "password";
/// An operation: `idempotent`, where it differs from the method's default.
const X_IDEMPOTENT: &str = "x-codegen-idempotent";
/// An operation: the authorization of its example, `{<variant>: <credential>}`.
const X_EXAMPLE_AUTHORIZATION: &str = "x-codegen-example-authorization";
/// An operation: `pagination` (`cursor`, `next_cursor`, `items`).
const X_PAGINATION: &str = "x-codegen-pagination";
/// A request body's object schema: its `one_of` groups, each `{name, type_name, description,
/// required, fields}` as in the spec (`fields`: wire names of its properties). OpenAPI's own
/// `oneOf` picks one of several schemas, not one of several properties, and generators read it
/// as a type of its own, so the groups travel here and the properties stay optional.
const X_ONE_OF: &str = "x-codegen-one-of";
/// A string schema: the known values of an open enum (Zalando's convention for enums the server
/// may extend; a plain `enum` would tell generators that no other value can come).
const X_EXTENSIBLE_ENUM: &str = "x-extensible-enum";
/// The description of each value of `x-extensible-enum`, aligned with it (openapi-generator's
/// name for the same list next to `enum`).
const X_ENUM_DESCRIPTIONS: &str = "x-enum-descriptions";

/// The paragraph the exporter appends to an open enum's description, listing its known values
/// for readers of the document (the importer removes it again).
fn known_values_paragraph<'a>(values: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut text = String::from("\n\nKnown values (the API may add others):");
    for (value, description) in values {
        text.push_str(&format!("\n- `{value}`: {description}"));
    }
    text
}
