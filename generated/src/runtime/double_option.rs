//! Serde helpers for three-state fields (`Option<Option<T>>`): absent, `null`, or a value.
//!
//! Used as `#[serde(default, skip_serializing_if = "Option::is_none", with = "…")]`: `None` is
//! left out, `Some(None)` is sent as `null`, and a received `null` stays `Some(None)`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[allow(
    dead_code,
    reason = "called by generated code for fields declared nullable"
)]
pub(crate) fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

#[allow(
    dead_code,
    reason = "called by generated code for fields declared nullable"
)]
pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
