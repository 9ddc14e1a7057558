//! Puts generated files on disk, or compares them with what is there (`--check`).
//!
//! The generator owns one folder of the client crate (`src/api`): files there that it did not
//! produce are stale and removed. Each file is written through a temporary file and a rename, so
//! an interrupted run never leaves a half-written file.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::GeneratedFile;
use crate::emit::OWNED_DIR;

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
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let temporary = target.with_extension("rs.tmp");
        fs::write(&temporary, &file.contents)?;
        fs::rename(&temporary, &target)?;
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
