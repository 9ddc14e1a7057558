//! The opaque values that open enums and tagged unions keep when the API sends something this
//! version of the client does not know.
//!
//! Only the client makes them (when decoding, or when a string that is not a known value is
//! converted into an enum), so a known value is always its known variant:
//! `MemberStatus::from("active")` is `MemberStatus::Active`, never `Unknown`.

use std::fmt;

/// A value of an open enum that this version of the client does not know, exactly as received.
///
/// Read it with [`as_str`](Self::as_str) or `Display`; there is no public constructor: convert a
/// string into the enum instead (`"new_value".parse::<MemberStatus>()`), which gives the known
/// variant when there is one. Do not rely on a value staying unknown: a later version of the
/// client may know it and decode it as its own variant (a new variant is an additive change).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a value the caller checked is not a known value of its enum.
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    /// The value as it is sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for UnknownValue {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A variant of a tagged union that this version of the client does not know: its tag and its
/// content as JSON, exactly as received.
///
/// There is no public constructor: decode the JSON instead
/// (`serde_json::from_value(json!({"filter_name": …, "filter_value": …}))`), which gives the
/// known variant when the tag is known. Do not rely on a tag staying unknown: a later version of
/// the client may decode it as its own variant (a new variant is an additive change).
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownVariant {
    tag: String,
    value: serde_json::Value,
}

impl UnknownVariant {
    /// Wraps a tag the caller checked is not a known tag of its union, and its content.
    pub(crate) fn new(tag: String, value: serde_json::Value) -> Self {
        Self { tag, value }
    }

    /// The tag, as sent on the wire.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The content, as JSON.
    pub fn value(&self) -> &serde_json::Value {
        &self.value
    }
}
