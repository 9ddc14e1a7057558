//! `CHANGELOG.md` of the client crate (Keep a Changelog): its "Unreleased" section kept in step
//! with the manifest, and moved under the new version when the spec's version is bumped.
//!
//! Each entry quotes manifest lines between backticks, so the section can be read back: undoing
//! its entries on the previous manifest gives the manifest of the last release, and the section
//! is rewritten as the difference between that and the new manifest. A change made and undone
//! before a release leaves no entry; released sections are kept as they are.

use crate::manifest::{Item, Manifest};
use crate::semver::{Class, Diff, Version, compare};

/// The changelog's file, relative to the client crate's root.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

const UNRELEASED: &str = "## [Unreleased]";

const PREAMBLE: &str = "\
# Changelog

Changes to the public API of this crate, kept by `cargo xtask generate` from the API manifest
(`api.manifest`): \"Unreleased\" follows every regeneration, and raising `version` in
`spec/api.yaml` enough for those changes moves them under the new version. The format is
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/); versions follow the crate docs'
\"Semver policy\". Entries quote manifest lines: edit the released sections freely (a release
heading has no date, so the generator's output does not depend on the day: add one when you
publish), but leave the entries under \"Unreleased\" to the generator.
";

/// The updated changelog, and what it now lists as unreleased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changelog {
    /// The full text to write.
    pub text: String,
    /// The difference between the last release and the new manifest: what the next release holds
    /// (empty once it has been released).
    pub unreleased: Diff,
    /// The version the unreleased changes were just moved under, if the spec's version was bumped
    /// enough for them.
    pub released: Option<Version>,
}

/// Updates `existing` (the changelog on disk, if any) for a regeneration from `previous` (the
/// manifest on disk) to `new`.
///
/// The last release is the first version heading under "Unreleased" (else `previous`'s
/// version). When `new` has a later version that is enough for the unreleased changes (see
/// [`Diff::version_is_enough`]), they move under a heading of that version; when it is not
/// enough they stay, and the report says which version they need.
pub fn update(existing: Option<&str>, previous: &Manifest, new: &Manifest) -> Changelog {
    let existing = existing.unwrap_or("");
    let (head, section, rest) = split(existing);
    let mut released = undo(previous, &section);
    released.version = last_release(rest).unwrap_or(previous.version);
    let mut unreleased = compare(&released, new);
    let mut text = if head.trim().is_empty() {
        PREAMBLE.to_owned()
    } else {
        head.to_owned()
    };
    if !text.ends_with("\n\n") {
        text.push('\n');
    }
    text.push_str(UNRELEASED);
    text.push('\n');
    let release = new.version > released.version && unreleased.version_is_enough();
    if release {
        text.push_str(&format!("\n## [{}]\n", new.version));
        text.push_str(&entries(&unreleased));
        if unreleased.changes.is_empty() {
            text.push_str("\nNo change to the API.\n");
        }
    } else {
        text.push_str(&entries(&unreleased));
    }
    if !rest.is_empty() {
        text.push('\n');
        text.push_str(rest);
    }
    let released = release.then_some(new.version);
    if release {
        unreleased.old_version = new.version;
        unreleased.changes.clear();
    }
    Changelog {
        text,
        unreleased,
        released,
    }
}

/// The version of the first `## [x.y.z]` heading of `released`.
fn last_release(released: &str) -> Option<Version> {
    released.lines().find_map(|line| {
        let inside = line.strip_prefix("## [")?.split_once(']')?.0;
        inside.parse().ok()
    })
}

/// The text before the "Unreleased" heading, the entry lines under it, and the text after it
/// (from the next `## ` heading on).
fn split(text: &str) -> (&str, Vec<&str>, &str) {
    let Some(start) = text.find(UNRELEASED) else {
        // No section yet: everything but a leading title block is released history.
        return match text.find("\n## ") {
            Some(at) => (&text[..at + 1], Vec::new(), &text[at + 1..]),
            None => (text, Vec::new(), ""),
        };
    };
    let body_start = start + UNRELEASED.len();
    let end = text[body_start..]
        .find("\n## ")
        .map_or(text.len(), |at| body_start + at + 1);
    let section = text[body_start..end]
        .lines()
        .filter(|line| line.starts_with("- "))
        .collect();
    (&text[..start], section, &text[end..])
}

/// `manifest` with the unreleased entries undone: the manifest of the last release.
fn undo(manifest: &Manifest, entries: &[&str]) -> Manifest {
    let mut items = manifest.items.clone();
    for entry in entries {
        let entry = entry
            .trim_start_matches("- ")
            .trim_start_matches("**Breaking:** ");
        let quoted: Vec<Item> = entry
            .split('`')
            .skip(1)
            .step_by(2)
            .take(2)
            .filter_map(|line| line.parse().ok())
            .collect();
        let (before, after) = match quoted.as_slice() {
            [item] if entry.starts_with("Added `") => (None, Some(item)),
            [item] if entry.starts_with("Removed `") => (Some(item), None),
            [after, before] if entry.starts_with('`') => (Some(before), Some(after)),
            // Not an entry the generator wrote: nothing to undo.
            _ => continue,
        };
        if let Some(after) = after {
            items.retain(|item| item != after);
        }
        if let Some(before) = before {
            if !items.contains(before) {
                items.push(before.clone());
            }
        }
    }
    Manifest {
        version: manifest.version,
        items,
    }
}

/// The entries of `diff` under Keep a Changelog's headings, breaking ones marked.
fn entries(diff: &Diff) -> String {
    let mut added = Vec::new();
    let mut changed = Vec::new();
    let mut removed = Vec::new();
    for change in &diff.changes {
        let mark = if change.class == Class::Breaking {
            "**Breaking:** "
        } else {
            ""
        };
        match (&change.before, &change.after) {
            (None, Some(after)) => added.push(format!("- {mark}Added `{after}`")),
            (Some(before), None) => removed.push(format!("- {mark}Removed `{before}`")),
            (Some(before), Some(after)) => changed.push(format!(
                "- {mark}`{after}`, was `{before}` ({})",
                change.reason
            )),
            (None, None) => {}
        }
    }
    let mut text = String::new();
    for (heading, lines) in [("Added", added), ("Changed", changed), ("Removed", removed)] {
        if !lines.is_empty() {
            text.push_str(&format!("\n### {heading}\n\n{}\n", lines.join("\n")));
        }
    }
    text
}
