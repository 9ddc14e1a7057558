//! Rust identifiers from spec names: case conversion (heck) and keyword handling, in one place.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// A Rust identifier decided by the naming rules.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Name {
    /// The identifier without any `r#` prefix.
    pub text: String,
    /// Whether it must be written as a raw identifier (`r#type`).
    pub raw: bool,
}

impl Name {
    /// How the name appears in Rust source (`r#type`, `member_id`).
    pub fn source(&self) -> String {
        if self.raw {
            format!("r#{}", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// Keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names the client crate's root defines or re-exports besides the generated `api` module
/// (`generated/src/lib.rs` and its runtime). The root glob-imports `api`, where authorization
/// enums and top-level resource modules live, so one of these names there would be shadowed.
pub(crate) const CRATE_ROOT_NAMES: &[&str] = &[
    "api",
    "runtime",
    "stream",
    "types",
    "header",
    "BlockingItems",
    "BlockingPages",
    "Items",
    "Pages",
    "ResponseFuture",
    "ResponseMeta",
    "ResponseWithMetaFuture",
    "ApiError",
    "BodyProblem",
    "Client",
    "ClientBuilder",
    "DecodeError",
    "Error",
    "ErrorBody",
    "RedirectError",
    "RetryPolicy",
    "TransportError",
    "UnknownValue",
    "UnknownVariant",
    "serde_json",
    "reqwest",
];

/// Modules of the generated `api` module besides the resources.
pub(crate) const API_MODULE_NAMES: &[&str] = &["types", "examples", "example_calls"];

/// Methods `Client` already has (hand-written in the runtime, or generated in `api/mod.rs`); a
/// top-level resource's accessor cannot be named like one.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "inner",
    "execute",
    "send",
    "exchange",
    "block_on",
    "run_blocking",
];

/// The `snake_case` Rust identifier for a spec name, or `None` when no identifier can be made
/// (empty, or starting with a digit after conversion).
pub(crate) fn snake_name(spec_name: &str) -> Option<Name> {
    let text = spec_name.to_snake_case();
    if !is_identifier(&text) {
        return None;
    }
    Some(escape_keyword(text))
}

/// Checks a `rust_name` override and turns it into a name (keywords become raw).
pub(crate) fn explicit_name(rust_name: &str) -> Option<Name> {
    let text = rust_name.strip_prefix("r#").unwrap_or(rust_name);
    if !is_identifier(text) {
        return None;
    }
    Some(escape_keyword(text.to_owned()))
}

/// `UpperCamelCase` of a spec name (used for names the spec derives, such as enum variants).
pub(crate) fn pascal_case(spec_name: &str) -> String {
    spec_name.to_upper_camel_case()
}

/// The `PascalCase` type or variant name derived from a spec name (`self` → `Self_`, as fields
/// get `self_`), or `None` when no identifier can be made.
pub(crate) fn derived_type_name(spec_name: &str) -> Option<String> {
    let text = pascal_case(spec_name);
    if !is_identifier(&text) {
        return None;
    }
    Some(if NON_RAW_KEYWORDS.contains(&text.as_str()) {
        format!("{text}_")
    } else {
        text
    })
}

/// The request builder of an endpoint, unique in the crate: the `PascalCase` of its resource
/// folders and operation, as its operation ID reads (`organizations/members/delete.yaml` →
/// `OrganizationsMembersDelete`, the builder of `organizations.members.delete`).
pub(crate) fn builder_name(resource: &[String], operation: &str) -> Option<String> {
    let path: Vec<&str> = resource
        .iter()
        .map(String::as_str)
        .chain([operation])
        .collect();
    derived_type_name(&path.join("_"))
}

/// Whether a type name written in the spec is already `PascalCase` and a usable identifier.
pub(crate) fn is_type_name(name: &str) -> bool {
    is_identifier(name) && name.to_upper_camel_case() == name && !NON_RAW_KEYWORDS.contains(&name)
}

/// Whether a folder, file or key name is `snake_case` (`[a-z][a-z0-9_]*`).
pub(crate) fn is_snake_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.to_snake_case() == name
}

/// Whether `name` is a Rust keyword (strict, reserved, or one that cannot be a raw identifier).
pub(crate) fn is_keyword(name: &str) -> bool {
    RAW_KEYWORDS.contains(&name) || NON_RAW_KEYWORDS.contains(&name)
}

fn escape_keyword(text: String) -> Name {
    if NON_RAW_KEYWORDS.contains(&text.as_str()) {
        Name {
            text: format!("{text}_"),
            raw: false,
        }
    } else {
        let raw = RAW_KEYWORDS.contains(&text.as_str());
        Name { text, raw }
    }
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && text != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_escapes() {
        assert_eq!(snake_name("memberId").unwrap().source(), "member_id");
        assert_eq!(snake_name("type").unwrap().source(), "r#type");
        assert_eq!(snake_name("self").unwrap().source(), "self_");
        assert_eq!(
            snake_name("X-Stytch-Member-Session").unwrap().source(),
            "x_stytch_member_session"
        );
        assert_eq!(snake_name("2fa"), None);
        // No converted wire name ends with `_`: the request builder's own fields do.
        assert_eq!(snake_name("client_").unwrap().source(), "client");
        assert_eq!(snake_name("_body_").unwrap().source(), "body");
        assert_eq!(snake_name(""), None);
        assert!(is_type_name("Member") && !is_type_name("member") && !is_type_name("Self"));
        assert_eq!(derived_type_name("self").as_deref(), Some("Self_"));
        assert_eq!(
            derived_type_name("ALL_ALLOWED").as_deref(),
            Some("AllAllowed")
        );
        assert_eq!(derived_type_name("2fa"), None);
        assert!(is_snake_case("delete_password") && !is_snake_case("deletePassword"));
    }
}
