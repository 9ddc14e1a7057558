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

/// Type names the generated code (or the std prelude it relies on) already uses.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Client",
    "ClientBuilder",
    "Error",
    "ApiError",
    "Request",
    "Self",
];

/// Crate names the generated code uses by path; a resource module of that name would shadow them.
pub(crate) const RESERVED_MODULE_NAMES: &[&str] = &[
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "reqwest",
    "types",
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
        assert_eq!(snake_name(""), None);
        assert!(is_type_name("Member") && !is_type_name("member") && !is_type_name("Self"));
        assert!(is_snake_case("delete_password") && !is_snake_case("deletePassword"));
    }
}
