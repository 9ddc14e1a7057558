//! What a spec change means for the client's users: two manifests compared item by item, each
//! change classed as breaking, additive or docs-only, and the version bump that class needs.
//!
//! The policy (also in the client crate's docs, "Semver policy"): a change that can stop users'
//! code compiling, or make it read something else, is breaking; one that only adds is additive.
//! Under 0.x a breaking change needs the next minor version (0.1.3 → 0.2.0) and an additive one
//! the next patch (0.1.3 → 0.1.4); from 1.0 on, the next major and the next minor.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::manifest::{Item, Kind, Manifest};

/// A crate version, `MAJOR.MINOR.PATCH` (no pre-release or build suffix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Incompatible changes from 1.0 on.
    pub major: u64,
    /// Compatible additions from 1.0 on; incompatible changes before.
    pub minor: u64,
    /// Fixes from 1.0 on; any compatible change before.
    pub patch: u64,
}

impl Version {
    /// `major.minor.patch`.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// The smallest version after `self` that a change of `class` may be released as; `None`
    /// when it needs no new version.
    pub fn needed_for(self, class: Class) -> Option<Version> {
        match (class, self.major) {
            (Class::Docs, _) => None,
            (Class::Breaking, 0) => Some(Version::new(0, self.minor + 1, 0)),
            (Class::Breaking, major) => Some(Version::new(major + 1, 0, 0)),
            (Class::Additive, 0) => Some(Version::new(0, self.minor, self.patch + 1)),
            (Class::Additive, major) => Some(Version::new(major, self.minor + 1, 0)),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let number = |part: &str| -> Option<u64> {
            // `01` is not a semver number.
            let canonical = part == "0" || !part.starts_with('0');
            (canonical && !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        };
        let parts: Vec<&str> = text.split('.').collect();
        match parts.as_slice() {
            [major, minor, patch] => Ok(Version::new(
                number(major).ok_or_else(|| format!("`{text}` is not MAJOR.MINOR.PATCH"))?,
                number(minor).ok_or_else(|| format!("`{text}` is not MAJOR.MINOR.PATCH"))?,
                number(patch).ok_or_else(|| format!("`{text}` is not MAJOR.MINOR.PATCH"))?,
            )),
            _ => Err(format!("`{text}` is not MAJOR.MINOR.PATCH")),
        }
    }
}

/// How a change affects the crate's users, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Nothing users' code depends on changed (an argument's name, documentation).
    Docs,
    /// Something was added; existing code compiles and means what it did.
    Additive,
    /// Existing code may stop compiling or read something else.
    Breaking,
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::Docs => "docs",
            Class::Additive => "additive",
            Class::Breaking => "breaking",
        })
    }
}

/// One item that differs between two manifests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What it means for users.
    pub class: Class,
    /// The item's line before, if it existed.
    pub before: Option<Item>,
    /// The item's line after, if it still exists.
    pub after: Option<Item>,
    /// Why it has its class, for the report.
    pub reason: &'static str,
}

impl Change {
    /// The item as the report names it (`field Member.name`); a rename names the new item.
    pub fn item(&self) -> String {
        self.after
            .as_ref()
            .or(self.before.as_ref())
            .map(Item::name)
            .unwrap_or_default()
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<10}", self.class.to_string())?;
        match (&self.before, &self.after) {
            (None, Some(after)) => write!(f, "added    {after}")?,
            (Some(before), None) => write!(f, "removed  {before}")?,
            (Some(before), Some(after)) if before.key == after.key => write!(
                f,
                "changed  {}: `{}` -> `{}`",
                after.name(),
                before.signature.trim_start_matches([':', ' ']),
                after.signature.trim_start_matches([':', ' '])
            )?,
            (Some(before), Some(after)) => write!(f, "renamed  {before} -> {}", after.key)?,
            (None, None) => {}
        }
        write!(f, " ({})", self.reason)
    }
}

/// Every difference between two manifests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// The version of the older manifest: the one users have.
    pub old_version: Version,
    /// The version of the newer one: what the spec says now.
    pub new_version: Version,
    /// The changed items, in the newer manifest's order (removed items after them).
    pub changes: Vec<Change>,
}

impl Diff {
    /// The class of the whole change: that of its most severe item (`None` when there is none).
    pub fn class(&self) -> Option<Class> {
        self.changes.iter().map(|change| change.class).max()
    }

    /// The version the change needs at least, if any.
    pub fn needed_version(&self) -> Option<Version> {
        self.old_version.needed_for(self.class()?)
    }

    /// Whether the new version is enough for the change.
    pub fn version_is_enough(&self) -> bool {
        self.needed_version()
            .is_none_or(|needed| self.new_version >= needed)
    }

    /// The verdict line: `breaking: needs 0.2.0 (now 0.1.3)`; `None` when nothing changed.
    pub fn verdict(&self) -> Option<String> {
        let class = self.class()?;
        let (now, spec) = (self.old_version, self.new_version);
        Some(match self.needed_version() {
            None => format!("{class} only: no new version needed (now {now})"),
            Some(needed) if spec == now => format!("{class}: needs {needed} (now {now})"),
            Some(needed) => {
                let enough = if spec >= needed {
                    "enough"
                } else {
                    "not enough"
                };
                format!("{class}: needs {needed} (was {now}; spec/api.yaml has {spec}: {enough})")
            }
        })
    }

    /// One line per change, then the verdict; empty when nothing changed.
    pub fn report(&self) -> String {
        let mut text = String::new();
        for change in &self.changes {
            text.push_str(&format!("  {change}\n"));
        }
        if let Some(verdict) = self.verdict() {
            text.push_str(&verdict);
            text.push('\n');
        }
        text
    }
}

/// Compares the manifest users have (`old`) with the new one.
pub fn compare(old: &Manifest, new: &Manifest) -> Diff {
    let index = |manifest: &Manifest| -> BTreeMap<(Kind, String), Item> {
        manifest
            .items
            .iter()
            .map(|item| ((item.kind, item.key.clone()), item.clone()))
            .collect()
    };
    let old_items = index(old);
    let new_items = index(new);
    let context = Context {
        old: &old_items,
        new: &new_items,
    };
    let mut added = Vec::new();
    let mut changes = Vec::new();
    for item in &new.items {
        match old_items.get(&(item.kind, item.key.clone())) {
            None => added.push(item.clone()),
            Some(before) if before.signature != item.signature => {
                let (class, reason) = context.changed(before, item);
                changes.push(Change {
                    class,
                    before: Some(before.clone()),
                    after: Some(item.clone()),
                    reason,
                });
            }
            Some(_) => {}
        }
    }
    let mut removed: Vec<Item> = old
        .items
        .iter()
        .filter(|item| !new_items.contains_key(&(item.kind, item.key.clone())))
        .cloned()
        .collect();
    // A setter or field removed and another of the same type added next to it: a rename.
    let mut renamed = Vec::new();
    for (position, after) in added.iter().enumerate() {
        if !matches!(after.kind, Kind::Setter | Kind::Field) {
            continue;
        }
        let alike = |item: &&Item| {
            item.kind == after.kind
                && item.parent() == after.parent()
                && item.signature == after.signature
        };
        let candidates = removed.iter().filter(alike).count();
        let added_alike = added.iter().filter(alike).count();
        if candidates == 1 && added_alike == 1 {
            let at = removed.iter().position(|item| alike(&item)).unwrap_or(0);
            let before = removed.remove(at);
            renamed.push(position);
            changes.push(Change {
                class: Class::Breaking,
                before: Some(before),
                after: Some(after.clone()),
                reason: "renamed: code using the old name stops compiling",
            });
        }
    }
    for (position, item) in added.into_iter().enumerate() {
        if renamed.contains(&position) {
            continue;
        }
        let (class, reason) = context.added(&item);
        changes.push(Change {
            class,
            before: None,
            after: Some(item),
            reason,
        });
    }
    for item in removed {
        let (class, reason) = context.removed(&item);
        changes.push(Change {
            class,
            before: Some(item),
            after: None,
            reason,
        });
    }
    // Report in the new manifest's order, removed items last in the old one's.
    let order = |change: &Change| {
        let position = |manifest: &Manifest, item: &Option<Item>| {
            item.as_ref().and_then(|item| {
                manifest
                    .items
                    .iter()
                    .position(|other| other.kind == item.kind && other.key == item.key)
            })
        };
        match position(new, &change.after) {
            Some(position) => (0, position),
            None => (1, position(old, &change.before).unwrap_or(0)),
        }
    };
    changes.sort_by_key(order);
    Diff {
        old_version: old.version,
        new_version: new.version,
        changes,
    }
}

struct Context<'a> {
    old: &'a BTreeMap<(Kind, String), Item>,
    new: &'a BTreeMap<(Kind, String), Item>,
}

impl Context<'_> {
    /// Whether users build the struct `name` themselves (with `new` and setters), in either
    /// version: it is sent in requests as a value (a search query, its operands).
    fn users_build(&self, name: &str) -> bool {
        [self.old, self.new]
            .iter()
            .any(|items| users_build_in(items, name))
    }

    /// Whether `items` has a type (struct, enum, union or `one_of` enum) named `name`.
    fn has_type(items: &BTreeMap<(Kind, String), Item>, name: &str) -> bool {
        [Kind::Struct, Kind::Enum, Kind::Union, Kind::OneOf]
            .into_iter()
            .any(|kind| items.contains_key(&(kind, name.to_owned())))
    }

    fn removed(&self, item: &Item) -> (Class, &'static str) {
        match item.kind {
            Kind::Needs if Self::has_type(self.new, &item.key) => (
                Class::Additive,
                "always compiled now, whatever features are on",
            ),
            _ => (Class::Breaking, "removed: code using it stops compiling"),
        }
    }

    fn added(&self, item: &Item) -> (Class, &'static str) {
        match item.kind {
            Kind::Needs if Self::has_type(self.old, &item.key) => (
                Class::Breaking,
                "was always compiled: with default features off, it now needs one of these",
            ),
            Kind::Needs => (Class::Additive, "the features of a new type"),
            Kind::Field
                if !self
                    .old
                    .contains_key(&(Kind::Struct, item.parent().to_owned())) =>
            {
                (Class::Additive, "a field of a new type")
            }
            Kind::Field
                if self.users_build(item.parent())
                    && !item
                        .signature
                        .trim_start_matches([':', ' '])
                        .starts_with("Option<") =>
            {
                (
                    Class::Breaking,
                    "a required field of a type users build: its `new` takes another argument",
                )
            }
            Kind::Field if self.users_build(item.parent()) => (
                Class::Additive,
                "an optional field of a type users build: a new setter, `new` is unchanged",
            ),
            Kind::Field => (
                Class::Additive,
                "a field of a type users read: structs are non-exhaustive, code reading it still compiles",
            ),
            Kind::Credential => (
                Class::Breaking,
                "the authorization enum is exhaustive: a match on it stops compiling",
            ),
            Kind::Client => (Class::Additive, "a new constructor"),
            Kind::Feature => (
                Class::Additive,
                "a new Cargo feature, on by default through `full`",
            ),
            Kind::Value | Kind::Variant => (
                Class::Additive,
                "the enum is open and non-exhaustive: existing matches still compile",
            ),
            Kind::Alternative
                if !self
                    .old
                    .contains_key(&(Kind::OneOf, item.parent().to_owned())) =>
            {
                (Class::Additive, "an alternative of a new type")
            }
            Kind::Alternative => (
                Class::Additive,
                "a new field of a one_of group: its enum is non-exhaustive, existing code still compiles",
            ),
            Kind::Setter | Kind::Stream => (
                Class::Additive,
                "a new optional parameter: existing calls still compile",
            ),
            Kind::Method | Kind::Resource => (Class::Additive, "a new endpoint"),
            Kind::Struct | Kind::Enum | Kind::Union | Kind::OneOf | Kind::Authorization => {
                (Class::Additive, "a new type")
            }
        }
    }

    fn changed(&self, before: &Item, after: &Item) -> (Class, &'static str) {
        let (old, new) = (before.signature.as_str(), after.signature.as_str());
        match after.kind {
            Kind::Method | Kind::Client if tail(old) != tail(new) => (
                Class::Breaking,
                "its request or response type changed: code naming it stops compiling",
            ),
            Kind::Method | Kind::Client if argument_types(old) != argument_types(new) => (
                Class::Breaking,
                "its required arguments changed: existing calls stop compiling",
            ),
            Kind::Method | Kind::Client if arguments_moved(old, new) => (
                Class::Breaking,
                "its arguments changed places: calls still compile but pass values to the wrong ones",
            ),
            Kind::Method if wire_notes(old) != wire_notes(new) => (
                Class::Additive,
                "it is sent differently (body encoding or Basic credentials): calls still compile",
            ),
            Kind::Method | Kind::Client => (
                Class::Docs,
                "only argument names changed: calls still compile",
            ),
            Kind::Struct
                if users_build_in(self.old, &after.key)
                    && !users_build_in(self.new, &after.key) =>
            {
                (
                    Class::Breaking,
                    "no longer sent in requests: its `new` and setters are gone",
                )
            }
            Kind::Struct => (
                Class::Additive,
                "it is used differently: its fields are classed by the new use",
            ),
            Kind::Field => {
                let old_type = old.trim_start_matches([':', ' ']);
                let new_type = new.trim_start_matches([':', ' ']);
                if new_type == format!("Option<{old_type}>") {
                    if self.users_build(after.parent()) {
                        (
                            Class::Breaking,
                            "became optional: it moves from `new`'s arguments to a setter",
                        )
                    } else {
                        (
                            Class::Breaking,
                            "a response field became optional: code reading it stops compiling",
                        )
                    }
                } else if old_type == format!("Option<{new_type}>") {
                    (
                        Class::Breaking,
                        "became required: code building or reading it as an Option stops compiling",
                    )
                } else {
                    (
                        Class::Breaking,
                        "its type changed: code using it stops compiling",
                    )
                }
            }
            Kind::Value => (
                Class::Breaking,
                "its wire value changed: as_str() and Display return another string",
            ),
            Kind::Needs if features(old).is_subset(&features(new)) => {
                (Class::Additive, "more resources' features turn it on")
            }
            Kind::Needs => (
                Class::Breaking,
                "fewer resources' features turn it on: with default features off, code using it may need another feature",
            ),
            _ => (
                Class::Breaking,
                "its type changed: code using it stops compiling",
            ),
        }
    }
}

/// The features of a `needs` line's signature (`: a | b`).
fn features(signature: &str) -> std::collections::BTreeSet<&str> {
    signature
        .trim_start_matches([':', ' '])
        .split(" | ")
        .map(str::trim)
        .filter(|feature| !feature.is_empty())
        .collect()
}

/// Whether users build the struct `name` in the API of `items`: its role names requests.
fn users_build_in(items: &BTreeMap<(Kind, String), Item>, name: &str) -> bool {
    items
        .get(&(Kind::Struct, name.to_owned()))
        .is_some_and(|item| {
            let role = item.signature.trim_start_matches([':', ' ']);
            role.split(", ").any(|part| part == "request")
        })
}

/// The types of a signature's arguments, names dropped: `(a: String, b: i32) -> …` → `[String, i32]`.
fn argument_types(signature: &str) -> Vec<&str> {
    arguments(signature).into_iter().map(|(_, ty)| ty).collect()
}

/// Whether an argument of `old` is at another position in `new`: arguments are positional, so a
/// swap of two of one type compiles and sends each value as the other.
fn arguments_moved(old: &str, new: &str) -> bool {
    let names = |signature| -> Vec<&str> {
        arguments(signature)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    };
    let (old, new) = (names(old), names(new));
    old.iter()
        .zip(&new)
        .any(|(before, after)| before != after && (new.contains(before) || old.contains(after)))
}

/// A signature's arguments as (name, type): `(a: String, b: i32) -> …` → `[(a, String), (b, i32)]`.
fn arguments(signature: &str) -> Vec<(&str, &str)> {
    let inside = signature
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(')'))
        .map_or("", |(inside, _)| inside);
    split_arguments(inside)
        .into_iter()
        .map(|argument| argument.split_once(": ").unwrap_or(("", argument)))
        .collect()
}

/// Top-level arguments of `inside`: commas inside `<…>` do not split.
fn split_arguments(inside: &str) -> Vec<&str> {
    let mut arguments = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (index, c) in inside.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                arguments.push(inside[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    if !inside[start..].trim().is_empty() {
        arguments.push(inside[start..].trim());
    }
    arguments
}

/// What follows the argument list: `-> Builder, awaits Response` (without the wire notes).
fn tail(signature: &str) -> &str {
    let signature = signature
        .split_once("; ")
        .map_or(signature, |(types, _)| types);
    signature.rfind(')').map_or("", |index| &signature[index..])
}

/// How a method's request is sent, when not as JSON with Basic credentials: `; sends form`.
fn wire_notes(signature: &str) -> &str {
    signature.find("; ").map_or("", |index| &signature[index..])
}
