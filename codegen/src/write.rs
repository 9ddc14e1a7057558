//! Puts generated files on disk, or compares them with what is there (`--check`).
//!
//! The generator owns one folder of the client crate (`src/api`): files there that it did not
//! produce are stale and removed. It also owns the manifest (`api.manifest`), the changelog, and
//! in the crate's `Cargo.toml` the `version` line and the resource features between two marker
//! lines of `[features]` (see [`write_package`]). Each file is written
//! through a temporary file and a rename, so an interrupted run never leaves a half-written file.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::GeneratedFile;
use crate::changelog::{self, CHANGELOG_FILE, Changelog};
use crate::emit::OWNED_DIR;
use crate::manifest::Manifest;
use crate::semver::Version;

/// The client crate's manifest file, whose `version` and resource features the generator sets.
const CARGO_TOML: &str = "Cargo.toml";

/// The lines of `Cargo.toml` between which the generator writes the resource features: `full`
/// (every resource) and one feature per top-level resource. Everything else stays hand-written.
const FEATURES_BEGIN: &str = "# begin: resource features (written by `cargo xtask generate`)";
const FEATURES_END: &str = "# end: resource features";

/// What `write` did, file by file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or changed.
    pub written: Vec<PathBuf>,
    /// Files whose content was already right.
    pub unchanged: Vec<PathBuf>,
    /// Stale files removed from the owned folder.
    pub removed: Vec<PathBuf>,
}

/// How a file on disk differs from what the spec produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staleness {
    /// The file should exist but does not.
    Missing(PathBuf),
    /// The file exists with other content.
    Changed(PathBuf),
    /// The file exists but the spec no longer produces it.
    Extra(PathBuf),
}

impl Staleness {
    /// The file concerned, relative to the crate root.
    pub fn path(&self) -> &Path {
        match self {
            Self::Missing(path) | Self::Changed(path) | Self::Extra(path) => path,
        }
    }
}

impl std::fmt::Display for Staleness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing(path) => write!(f, "missing: {}", path.display()),
            Self::Changed(path) => write!(f, "out of date: {}", path.display()),
            Self::Extra(path) => write!(f, "no longer generated: {}", path.display()),
        }
    }
}

/// Writes `files` under `crate_dir`, touching only files whose content changed.
pub fn write(crate_dir: &Path, files: &[GeneratedFile]) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    for file in files {
        let target = crate_dir.join(&file.path);
        if fs::read(&target).is_ok_and(|existing| existing == file.contents.as_bytes()) {
            report.unchanged.push(file.path.clone());
            continue;
        }
        replace_file(&target, &file.contents)?;
        report.written.push(file.path.clone());
    }
    for extra in existing_files(crate_dir)?.difference(&expected(files)) {
        fs::remove_file(crate_dir.join(extra))?;
        report.removed.push(extra.clone());
    }
    remove_empty_dirs(&crate_dir.join(OWNED_DIR))?;
    Ok(report)
}

/// Compares `files` with what is under `crate_dir`, writing nothing.
pub fn check(crate_dir: &Path, files: &[GeneratedFile]) -> io::Result<Vec<Staleness>> {
    let mut stale = Vec::new();
    for file in files {
        match fs::read(crate_dir.join(&file.path)) {
            Ok(existing) if existing == file.contents.as_bytes() => {}
            Ok(_) => stale.push(Staleness::Changed(file.path.clone())),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                stale.push(Staleness::Missing(file.path.clone()))
            }
            Err(error) => return Err(error),
        }
    }
    stale.extend(
        existing_files(crate_dir)?
            .difference(&expected(files))
            .cloned()
            .map(Staleness::Extra),
    );
    stale.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(stale)
}

/// What [`write_package`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageReport {
    /// Whether `Cargo.toml` changed: a new `version`, or other resource features.
    pub version_written: bool,
    /// Whether `CHANGELOG.md` changed.
    pub changelog_written: bool,
    /// The changelog, with what it lists as unreleased.
    pub changelog: Changelog,
}

/// Sets the crate's version and resource features in `Cargo.toml` (when there is one) and
/// brings `CHANGELOG.md` in step with `new`, given the manifest that was on disk before (`None`:
/// there was none, so nothing changed).
///
/// # Errors
///
/// A file that cannot be read or written, or a `Cargo.toml` whose `[package]` has no
/// `version = "…"` line, or that has no resource features block (see [`package_toml`]).
pub fn write_package(
    crate_dir: &Path,
    new: &Manifest,
    previous: Option<&Manifest>,
) -> io::Result<PackageReport> {
    let mut version_written = false;
    if let Some(existing) = read_if_present(&crate_dir.join(CARGO_TOML))? {
        let updated = package_toml(&existing, new)?;
        if updated != existing {
            replace_file(&crate_dir.join(CARGO_TOML), &updated)?;
            version_written = true;
        }
    }
    let path = crate_dir.join(CHANGELOG_FILE);
    let existing = read_if_present(&path)?;
    let changelog = changelog::update(existing.as_deref(), previous.unwrap_or(new), new);
    let changelog_written = existing.as_deref() != Some(changelog.text.as_str());
    if changelog_written {
        replace_file(&path, &changelog.text)?;
    }
    Ok(PackageReport {
        version_written,
        changelog_written,
        changelog,
    })
}

/// The package files [`write_package`] would change for `manifest`, writing nothing: a
/// `Cargo.toml` with another version or other resource features, a missing changelog.
///
/// # Errors
///
/// As [`write_package`].
pub fn check_package(crate_dir: &Path, manifest: &Manifest) -> io::Result<Vec<Staleness>> {
    let mut stale = Vec::new();
    if let Some(existing) = read_if_present(&crate_dir.join(CARGO_TOML))? {
        if package_toml(&existing, manifest)? != existing {
            stale.push(Staleness::Changed(PathBuf::from(CARGO_TOML)));
        }
    }
    if !crate_dir.join(CHANGELOG_FILE).is_file() {
        stale.push(Staleness::Missing(PathBuf::from(CHANGELOG_FILE)));
    }
    Ok(stale)
}

/// `cargo_toml` with the version and the resource features of `manifest`.
///
/// The features go between the lines `# begin: resource features (written by `cargo xtask
/// generate`)` and `# end: resource features` of its `[features]` table, which must be there:
///
/// ```toml
/// full = ["organizations", "sessions"]
/// organizations = []
/// sessions = []
/// ```
///
/// # Errors
///
/// No `version = "…"` line in `[package]`, or no marker lines.
pub fn package_toml(cargo_toml: &str, manifest: &Manifest) -> io::Result<String> {
    let with_version = with_version(cargo_toml, manifest.version)?;
    with_features(&with_version, &manifest.features().collect::<Vec<_>>())
}

/// `cargo_toml` with the lines between the feature markers replaced by `features`.
fn with_features(cargo_toml: &str, features: &[&str]) -> io::Result<String> {
    let lines: Vec<&str> = cargo_toml.split_inclusive('\n').collect();
    let position = |marker: &str| lines.iter().position(|line| line.trim_end() == marker);
    let (Some(begin), Some(end)) = (position(FEATURES_BEGIN), position(FEATURES_END)) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "Cargo.toml: `[features]` has no lines `{FEATURES_BEGIN}` and `{FEATURES_END}` \
                 for the generator to write the resource features between"
            ),
        ));
    };
    if end < begin {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("Cargo.toml: `{FEATURES_END}` comes before `{FEATURES_BEGIN}`"),
        ));
    }
    let quoted: Vec<String> = features
        .iter()
        .map(|feature| format!("{feature:?}"))
        .collect();
    let mut out: String = lines[..=begin].concat();
    out.push_str(&format!("full = [{}]\n", quoted.join(", ")));
    for feature in features {
        out.push_str(&format!("{feature} = []\n"));
    }
    out.push_str(&lines[end..].concat());
    Ok(out)
}

/// `cargo_toml` with the `version` of its `[package]` table set to `version`.
fn with_version(cargo_toml: &str, version: Version) -> io::Result<String> {
    let mut in_package = false;
    let mut found = false;
    let mut out = String::with_capacity(cargo_toml.len());
    for line in cargo_toml.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
        }
        let is_version = trimmed
            .strip_prefix("version")
            .is_some_and(|rest| rest.trim_start().starts_with("= \""));
        if in_package && is_version && !found {
            found = true;
            let ending = if line.ends_with('\n') { "\n" } else { "" };
            out.push_str(&format!("version = \"{version}\"{ending}"));
        } else {
            out.push_str(line);
        }
    }
    if found {
        Ok(out)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "Cargo.toml: [package] has no `version = \"…\"` line for the generator to set",
        ))
    }
}

fn read_if_present(path: &Path) -> io::Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// Writes `contents` to `target` through a temporary file and a rename.
fn replace_file(target: &Path, contents: &str) -> io::Result<()> {
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut temporary = target.as_os_str().to_owned();
    temporary.push(".tmp");
    fs::write(&temporary, contents)?;
    fs::rename(&temporary, target)
}

fn expected(files: &[GeneratedFile]) -> BTreeSet<PathBuf> {
    files.iter().map(|file| file.path.clone()).collect()
}

/// Every file in the owned folder, relative to the crate root.
fn existing_files(crate_dir: &Path) -> io::Result<BTreeSet<PathBuf>> {
    fn walk(crate_dir: &Path, relative: &Path, out: &mut BTreeSet<PathBuf>) -> io::Result<()> {
        let entries = match fs::read_dir(crate_dir.join(relative)) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(error),
        };
        for entry in entries {
            let entry = entry?;
            let child = relative.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                walk(crate_dir, &child, out)?;
            } else {
                out.insert(child);
            }
        }
        Ok(())
    }
    let mut out = BTreeSet::new();
    walk(crate_dir, Path::new(OWNED_DIR), &mut out)?;
    Ok(out)
}

fn remove_empty_dirs(dir: &Path) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            let path = entry.path();
            remove_empty_dirs(&path)?;
            if fs::read_dir(&path)?.next().is_none() {
                fs::remove_dir(&path)?;
            }
        }
    }
    Ok(())
}
