//! A request body's `one_of` groups: optional fields of which a request sets exactly one (or at
//! most one), each group checked against the body's fields and named once, up front.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::model::{OneOf, OneOfVariant};
use crate::spec::ObjectSpec;

/// The fewest fields a group can have: one field alone is a plain required or optional field.
const MIN_GROUP_FIELDS: usize = 2;

impl Context {
    /// Checks the groups of `body` against its converted `fields` and builds them, registering
    /// each enum's name in `types`. A group with an error is left out (the model is discarded).
    pub(super) fn one_of_groups(
        &mut self,
        file: &Path,
        body: &ObjectSpec,
        fields: &[Field],
    ) -> Vec<OneOf> {
        let mut groups = Vec::new();
        // Wire name → the group (its index) that claimed it first.
        let mut claimed: BTreeMap<&str, usize> = BTreeMap::new();
        for (index, spec) in body.one_of.iter().enumerate() {
            let key_path = format!("body.one_of[{index}]");
            let mut ok = true;
            self.require_text(file, &format!("{key_path}.description"), &spec.description);
            let name = self.snake_key(file, &format!("{key_path}.name"), &spec.name);
            if spec.fields.len() < MIN_GROUP_FIELDS {
                self.error_hint(
                    file,
                    &format!("{key_path}.fields"),
                    format!(
                        "a group needs at least {MIN_GROUP_FIELDS} fields, it has {}",
                        spec.fields.len()
                    ),
                    "list two or more fields, or remove the group and keep the field as it is",
                );
                ok = false;
            }
            let mut variants: Vec<OneOfVariant> = Vec::new();
            for (position, wire_name) in spec.fields.iter().enumerate() {
                let field_path = format!("{key_path}.fields[{position}]");
                let Some(field_spec) = body.fields.get(wire_name) else {
                    let hint = closest(wire_name, body.fields.iter().map(|(name, _)| name))
                        .map(|name| format!("did you mean `{name}`?"))
                        .unwrap_or_else(|| "list fields declared under `body.fields`".to_owned());
                    self.error_hint(
                        file,
                        &field_path,
                        format!("the body has no field `{wire_name}`"),
                        hint,
                    );
                    ok = false;
                    continue;
                };
                if spec.fields[..position].contains(wire_name) {
                    self.error_hint(
                        file,
                        &field_path,
                        format!("`{wire_name}` is listed twice"),
                        "list each field once",
                    );
                    ok = false;
                    continue;
                }
                match claimed.get(wire_name.as_str()) {
                    Some(&other) if other != index => {
                        self.error_hint(
                            file,
                            &field_path,
                            format!("`{wire_name}` is already in the group `body.one_of[{other}]`"),
                            "a field belongs to one group at most: merge the groups, or remove it from one",
                        );
                        ok = false;
                        continue;
                    }
                    _ => {
                        claimed.insert(wire_name, index);
                    }
                }
                let declared = format!("body.fields.{wire_name}");
                if !field_spec.optional {
                    self.error_hint(
                        file,
                        &format!("{declared}.optional"),
                        format!(
                            "`{wire_name}` is in the group `{}`, so it must be `optional: true`",
                            spec.name
                        ),
                        "the group says whether one of its fields is required (`required: true`)",
                    );
                    ok = false;
                }
                if field_spec.nullable {
                    self.error_hint(
                        file,
                        &format!("{declared}.nullable"),
                        format!(
                            "`{wire_name}` is in the group `{}`, so it cannot be nullable",
                            spec.name
                        ),
                        "a group sends one field with a value; remove `nullable`, or the field from the group",
                    );
                    ok = false;
                }
                // A field that failed its own checks is missing here, and reported already.
                let Some(field_index) = fields.iter().position(|f| f.wire_name == *wire_name)
                else {
                    ok = false;
                    continue;
                };
                let Some(variant) = naming::derived_type_name(&fields[field_index].rust_name.text)
                else {
                    // `_1` is a field name but `1` no variant name.
                    self.error_hint(
                        file,
                        &field_path,
                        format!(
                            "the Rust name `{}` of `{wire_name}` gives no variant name",
                            fields[field_index].rust_name.text
                        ),
                        "set `rust_name` on the field to a name that starts with a letter",
                    );
                    ok = false;
                    continue;
                };
                if let Some(other) = variants.iter().find(|other| other.name == variant) {
                    let other_wire = &fields[other.field].wire_name;
                    self.error_hint(
                        file,
                        &field_path,
                        format!(
                            "`{wire_name}` and `{other_wire}` both become the variant `{variant}`"
                        ),
                        "set `rust_name` on one of the fields",
                    );
                    ok = false;
                    continue;
                }
                variants.push(OneOfVariant {
                    name: variant,
                    field: field_index,
                });
            }
            let type_name = match &spec.type_name {
                Some(type_name) => Some(type_name.clone()),
                None => naming::derived_type_name(&spec.name)
                    .map(|group| format!("{}{group}", body.name)),
            };
            let type_key = if spec.type_name.is_some() {
                format!("{key_path}.type_name")
            } else {
                format!("{key_path}.name")
            };
            let declared = match type_name.as_deref() {
                // A group with errors of its own is reported already; comparing it would only
                // repeat them.
                Some(type_name) if self.one_of_types.contains_key(type_name) => {
                    ok && {
                        let shape =
                            EnumShape::new(file, &type_key, &spec.description, &variants, fields);
                        self.reuse_enum(type_name, &shape)
                    }
                }
                Some(type_name) => {
                    let declared = self.declare_type(type_name, file, &type_key);
                    if declared {
                        let mut shape =
                            EnumShape::new(file, &type_key, &spec.description, &variants, fields);
                        shape.complete = ok;
                        self.one_of_types.insert(type_name.to_owned(), shape);
                    }
                    declared
                }
                None => false,
            };
            if let (true, true, Some(name), Some(type_name)) = (ok, declared, name, type_name) {
                groups.push(OneOf {
                    name,
                    ty: Type::Named(type_name.clone()),
                    type_name,
                    description: spec.description.clone(),
                    required: spec.required,
                    variants,
                    position: index,
                });
            }
        }
        groups
    }
}

/// What groups that share one enum must agree on: its description and its variants.
pub(super) struct EnumShape {
    /// Whether the group declaring it had no errors: a later group is compared with a complete
    /// one only (the errors of an incomplete one are reported already).
    complete: bool,
    file: PathBuf,
    key_path: String,
    description: String,
    /// Each variant's name, its field's wire name, type and sensitivity, in order.
    variants: Vec<(String, String, Type, bool)>,
}

impl EnumShape {
    fn new(
        file: &Path,
        key_path: &str,
        description: &str,
        variants: &[OneOfVariant],
        fields: &[Field],
    ) -> Self {
        Self {
            complete: true,
            file: file.to_owned(),
            key_path: key_path.to_owned(),
            description: description.trim().to_owned(),
            variants: variants
                .iter()
                .filter_map(|variant| {
                    let field = fields.get(variant.field)?;
                    Some((
                        variant.name.clone(),
                        field.wire_name.clone(),
                        field.ty.clone(),
                        field.sensitive,
                    ))
                })
                .collect(),
        }
    }

    /// How `self` differs from `other` (the first declaration), in words; `None` when the two
    /// groups make the same enum.
    fn difference(&self, other: &EnumShape) -> Option<String> {
        if self.variants.len() != other.variants.len() {
            return Some(format!(
                "it has {} variants there and {} here",
                other.variants.len(),
                self.variants.len()
            ));
        }
        for (mine, theirs) in self.variants.iter().zip(&other.variants) {
            if mine.1 != theirs.1 || mine.0 != theirs.0 {
                return Some(format!(
                    "its variant `{}` sends `{}` there, and `{}` sends `{}` here",
                    theirs.0, theirs.1, mine.0, mine.1
                ));
            }
            if mine.2 != theirs.2 {
                return Some(format!("the field `{}` has another type there", mine.1));
            }
            if mine.3 != theirs.3 {
                return Some(format!(
                    "the field `{}` is `sensitive` in one group and not in the other",
                    mine.1
                ));
            }
        }
        (self.description != other.description)
            .then(|| "its `description` differs (it is the enum's rustdoc)".to_owned())
    }
}

impl Context {
    /// Whether a group may reuse the enum `type_name` of an earlier group: the same variants (in
    /// the same order, sending the same fields of the same types and sensitivity) and the same
    /// description. Reports the first difference otherwise.
    fn reuse_enum(&mut self, type_name: &str, shape: &EnumShape) -> bool {
        let Some(first) = self
            .one_of_types
            .get(type_name)
            .filter(|first| first.complete)
        else {
            return false;
        };
        let Some(difference) = shape.difference(first) else {
            return true;
        };
        let message = format!(
            "the `one_of` enum `{type_name}` is already defined at {} ({}) by another group: {difference}",
            first.file.display(),
            first.key_path
        );
        self.error_hint(
            &shape.file,
            &shape.key_path,
            message,
            "groups share an enum only when they list the same fields in the same order, with the same types, sensitivity and description; give this group another `type_name`",
        );
        false
    }
}
