//! Free-form JSON object fields (`json_object` in the spec), held as [`serde_json::Value`].
//!
//! A `Value` lets setters take anything that converts (`json!({…})`, a `serde_json::Map`), but it
//! can hold an array or a string too, which the API would refuse. So these fields are checked at
//! both ends: a request holding something else fails to serialize, naming the field (and the
//! request is never sent: [`Error::InvalidRequest`](crate::Error::InvalidRequest)); a response
//! holding something else fails to decode, as any value of the wrong type does. Neither error
//! quotes the value, which may be anything the caller or the server put there.
//!
//! Fields may also wrap the value (`Option`, `Vec`, `BTreeMap`, `Box`); [`JsonObjects`] walks
//! them. Used as `#[serde(serialize_with = "…", deserialize_with = "…")]` by generated fields,
//! and through [`to_value`] and [`from_value`] by tagged unions' variants.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::de::{self, Unexpected};
use serde::{Deserialize, Deserializer, Serialize, Serializer, ser};
use serde_json::Value;

/// A value holding free-form JSON objects: a [`Value`], or a container of them.
pub(crate) trait JsonObjects: Sized {
    /// What the first value that is not an object is (`"an array"`), if there is one.
    fn non_object(&self) -> Option<&'static str>;

    /// The empty value: `{}` for a [`Value`], an empty collection, `None`.
    fn empty() -> Self;
}

impl JsonObjects for Value {
    fn non_object(&self) -> Option<&'static str> {
        match self {
            Self::Object(_) => None,
            Self::Null => Some("null"),
            Self::Bool(_) => Some("a boolean"),
            Self::Number(_) => Some("a number"),
            Self::String(_) => Some("a string"),
            Self::Array(_) => Some("an array"),
        }
    }

    fn empty() -> Self {
        Self::Object(serde_json::Map::new())
    }
}

impl<T: JsonObjects> JsonObjects for Option<T> {
    fn non_object(&self) -> Option<&'static str> {
        self.as_ref().and_then(T::non_object)
    }

    fn empty() -> Self {
        None
    }
}

impl<T: JsonObjects> JsonObjects for Box<T> {
    fn non_object(&self) -> Option<&'static str> {
        T::non_object(self)
    }

    fn empty() -> Self {
        Box::new(T::empty())
    }
}

impl<T: JsonObjects> JsonObjects for Vec<T> {
    fn non_object(&self) -> Option<&'static str> {
        self.iter().find_map(T::non_object)
    }

    fn empty() -> Self {
        Self::new()
    }
}

impl<T: JsonObjects> JsonObjects for BTreeMap<String, T> {
    fn non_object(&self) -> Option<&'static str> {
        self.values().find_map(T::non_object)
    }

    fn empty() -> Self {
        Self::new()
    }
}

/// Serializes the field `field`, refusing a value that is not an object.
///
/// Generated code calls it from one small function per field name (serde's `serialize_with`
/// passes no name).
pub(crate) fn serialize<T, S>(field: &str, value: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: JsonObjects + Serialize,
    S: Serializer,
{
    match value.non_object() {
        Some(found) => Err(ser::Error::custom(format_args!(
            "`{field}` must be a JSON object, not {found}"
        ))),
        None => value.serialize(serializer),
    }
}

/// Deserializes a field, refusing a value that is not an object.
pub(crate) fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: JsonObjects + Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(deserializer).and_then(objects_only)
}

/// Deserializes a field with a default: `null` (or, with `default = "empty"`, an absent field)
/// is the empty value, so an absent object is `{}`, not `null`.
pub(crate) fn deserialize_or_empty<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: JsonObjects + Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer)
        .map(|value| value.unwrap_or_else(T::empty))
        .and_then(objects_only)
}

/// Deserializes a three-state field (see `double_option`): a received `null` stays `Some(None)`.
pub(crate) fn deserialize_nullable<'de, T, D>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error>
where
    T: JsonObjects + Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer)
        .map(Some)
        .and_then(objects_only)
}

/// A tagged union's variant value as JSON, refusing a value that is not an object; `tag` names
/// the variant in the error (a union serializes its value itself, so `serialize_with` has no
/// place there).
pub(crate) fn to_value<T: JsonObjects + Serialize>(
    tag: &str,
    value: &T,
) -> serde_json::Result<Value> {
    match value.non_object() {
        Some(found) => Err(ser::Error::custom(format_args!(
            "`{tag}` must be a JSON object, not {found}"
        ))),
        None => serde_json::to_value(value),
    }
}

/// A tagged union's variant value from its JSON, refusing a value that is not an object.
pub(crate) fn from_value<T: JsonObjects + DeserializeOwned>(value: Value) -> serde_json::Result<T> {
    serde_json::from_value(value).and_then(objects_only)
}

/// The default of a field with a default: `{}`, or an empty collection.
pub(crate) fn empty<T: JsonObjects>() -> T {
    T::empty()
}

/// `value`, or serde's "invalid type" error naming what was found instead of an object.
fn objects_only<T: JsonObjects, E: de::Error>(value: T) -> Result<T, E> {
    match value.non_object() {
        Some(found) => Err(E::invalid_type(Unexpected::Other(found), &"a JSON object")),
        None => Ok(value),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use super::JsonObjects;

    #[test]
    fn finds_a_non_object_at_any_depth() {
        assert_eq!(json!({"a": [1]}).non_object(), None);
        assert_eq!(json!([1]).non_object(), Some("an array"));
        assert_eq!(Some(json!("text")).non_object(), Some("a string"));
        assert_eq!(None::<Value>.non_object(), None);
        assert_eq!(vec![json!({}), json!(null)].non_object(), Some("null"));
        let map = BTreeMap::from([("k".to_owned(), Box::new(json!(1)))]);
        assert_eq!(map.non_object(), Some("a number"));
    }

    #[test]
    fn a_union_variant_value_must_be_an_object_both_ways() {
        assert_eq!(
            super::to_value("custom", &json!({"a": 1})).ok(),
            Some(json!({"a": 1}))
        );
        let refused = super::to_value("custom", &json!([1]))
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            refused.as_deref(),
            Some("`custom` must be a JSON object, not an array")
        );
        assert_eq!(
            super::from_value::<Value>(json!({"a": 1})).ok(),
            Some(json!({"a": 1}))
        );
        let refused = super::from_value::<Value>(json!("text"))
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            refused.as_deref(),
            Some("invalid type: a string, expected a JSON object")
        );
    }

    #[test]
    fn the_empty_value_of_an_object_is_an_empty_object() {
        assert_eq!(Value::empty(), json!({}));
        assert_eq!(Vec::<Value>::empty(), Vec::<Value>::new());
    }
}
