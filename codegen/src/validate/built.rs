//! Which structs users build themselves, and the names of the methods that build them.
//!
//! A struct reachable from a parameter or a request body field (a search query, its operands, an
//! inline request object) is built by users: it gets `new` with its required fields and a setter
//! per optional field (`clear_<field>` too for a nullable one), so a new optional field is a new
//! setter and their code keeps compiling. Those method names must not collide.

use std::collections::BTreeSet;

use super::{Context, join};
use crate::model::{Endpoint, Type};

/// The constructor every struct users build has.
pub(crate) const CONSTRUCTOR: &str = "new";

impl Context {
    /// Marks the structs users build (`TypeDef::built_by_users`) and checks that their
    /// constructor and setters have distinct names.
    pub(super) fn mark_built_by_users<'a>(
        &mut self,
        endpoints: impl Iterator<Item = &'a Endpoint>,
    ) {
        let mut pending: Vec<String> = Vec::new();
        for endpoint in endpoints {
            for field in endpoint.input_fields() {
                named_types(&field.ty, &mut pending);
            }
        }
        let mut built: BTreeSet<String> = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if !built.insert(name.clone()) {
                continue;
            }
            if let Some(def) = self.types.iter().find(|def| def.name == name) {
                for field in &def.fields {
                    named_types(&field.ty, &mut pending);
                }
            } else if let Some(def) = self.unions.iter().find(|def| def.name == name) {
                for variant in &def.variants {
                    named_types(&variant.ty, &mut pending);
                }
            }
        }
        let mut problems = Vec::new();
        for def in &mut self.types {
            if !built.contains(&def.name) {
                continue;
            }
            def.built_by_users = true;
            let Some((file, key_path)) = self.struct_locations.get(&def.name) else {
                continue;
            };
            let optional = def.fields.iter().filter(|field| field.optional);
            let clears: Vec<String> = optional
                .clone()
                .filter(|field| field.nullable)
                .map(|field| format!("clear_{}", field.rust_name.text))
                .collect();
            for field in optional {
                let name = field.rust_name.text.as_str();
                let message = if name == CONSTRUCTOR {
                    format!(
                        "`{}` is built by users with `{}::new(…)`, so its optional field cannot \
                         have the setter `new`",
                        def.name, def.name
                    )
                } else if clears.iter().any(|clear| clear == name) {
                    format!(
                        "`{}` is built by users, and the setter of this field would be named like \
                         the `{name}()` that clears the nullable field `{}`",
                        def.name,
                        name.trim_start_matches("clear_")
                    )
                } else {
                    continue;
                };
                let hint = format!(
                    "set `rust_name` to another identifier, e.g. `rust_name: {name}_value`"
                );
                problems.push((
                    file.clone(),
                    join(key_path, "fields", &field.wire_name),
                    message,
                    hint,
                ));
            }
        }
        for (file, key_path, message, hint) in problems {
            self.error_hint(&file, &key_path, message, hint);
        }
    }
}

/// The type names `ty` mentions.
fn named_types(ty: &Type, out: &mut Vec<String>) {
    match ty {
        Type::Array(inner) | Type::Map(inner) => named_types(inner, out),
        Type::Named(name) => out.push(name.clone()),
        _ => {}
    }
}
