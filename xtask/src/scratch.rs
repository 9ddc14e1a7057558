//! Temporary workspaces of client crates: copies of `generated/` (the hand-written runtime) whose
//! `src/api` is generated from another spec, built with the main workspace's lock file. Shared by
//! the compile benchmark (`bench`) and the tests that compile what fixture and random specs
//! generate (`tests`).

use std::fs;
use std::path::Path;

/// The package name of the checked-in client crate, which copies rename.
const CLIENT_PACKAGE: &str = "stytch-b2b";
/// Its library name as code writes it (in the runtime's rustdoc examples).
const CLIENT_LIB: &str = "stytch_b2b";

/// Makes a workspace at `workspace` with `members` (folders under it), using the main workspace's
/// manifest (its `[workspace.dependencies]` and lints) and lock file, so no dependency is resolved
/// anew.
pub fn workspace(root: &Path, workspace: &Path, members: &[&str]) -> Result<(), String> {
    let manifest_path = root.join("Cargo.toml");
    let manifest = fs::read_to_string(&manifest_path)
        .map_err(|error| format!("cannot read {}: {error}", manifest_path.display()))?;
    let list = members
        .iter()
        .map(|member| format!("{member:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let manifest = with_members(&manifest, &format!("[{list}]"))
        .ok_or_else(|| format!("{} has no `members = [...]`", manifest_path.display()))?;
    fs::create_dir_all(workspace)
        .map_err(|error| format!("cannot create {}: {error}", workspace.display()))?;
    write_if_changed(&workspace.join("Cargo.toml"), &manifest)?;
    let lock = root.join("Cargo.lock");
    let lock_text = fs::read_to_string(&lock)
        .map_err(|error| format!("cannot read {}: {error}", lock.display()))?;
    write_if_changed(&workspace.join("Cargo.lock"), &lock_text)
}

/// How a copy of the client crate differs from `generated/`.
pub struct ClientCopy<'a> {
    /// The copy's package name (never `stytch-b2b`, so its artifacts never replace the real
    /// crate's in a shared target directory).
    pub package: &'a str,
    /// When set, the copy is a client for another API: its crate docs (about the Stytch API) are
    /// replaced by this line, and the runtime's rustdoc examples name the crate by the package's
    /// library name instead of `stytch_b2b`.
    pub other_api: Option<&'a str>,
}

/// Copies the client crate of `root` into `to`, without its generated `src/api` (write one with
/// [`write_client`]). Files whose contents are already there are left alone, so cargo rebuilds
/// only what changed.
pub fn copy_client(root: &Path, to: &Path, copy: &ClientCopy<'_>) -> Result<(), String> {
    let from = root.join("generated");
    let mut files = Vec::new();
    list_files(&from, Path::new(""), &mut files, &|relative| {
        relative == Path::new("src/api") || relative == Path::new("target")
    })?;
    let lib_name = copy.package.replace('-', "_");
    for relative in files {
        let source = from.join(&relative);
        let mut text = fs::read_to_string(&source)
            .map_err(|error| format!("cannot read {}: {error}", source.display()))?;
        if relative == Path::new("Cargo.toml") {
            let renamed = text.replacen(
                &format!("name = {CLIENT_PACKAGE:?}"),
                &format!("name = {:?}", copy.package),
                1,
            );
            if renamed == text {
                return Err(format!(
                    "{} does not say `name = \"{CLIENT_PACKAGE}\"`",
                    source.display()
                ));
            }
            text = renamed;
        } else if let Some(docs) = copy.other_api {
            if relative == Path::new("src/lib.rs") {
                let rest: Vec<&str> = text
                    .lines()
                    .skip_while(|line| line.starts_with("//!"))
                    .collect();
                text = format!("//! {docs}\n{}\n", rest.join("\n"));
            }
            text = text.replace(CLIENT_LIB, &lib_name);
        }
        let target = to.join(&relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        }
        write_if_changed(&target, &text)?;
    }
    Ok(())
}

/// Writes the client of `generated` into a copy made by [`copy_client`]: its `src/api`, and the
/// version and resource features of its `Cargo.toml`.
pub fn write_client(crate_dir: &Path, generated: &codegen::Generated) -> Result<(), String> {
    codegen::write(crate_dir, &generated.files)
        .map_err(|error| format!("cannot write into {}: {error}", crate_dir.display()))?;
    let path = crate_dir.join("Cargo.toml");
    let text = fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let text = codegen::package_toml(&text, &generated.manifest)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    write_if_changed(&path, &text)
}

/// The manifest with its `members = [...]` list (possibly over several lines) replaced.
fn with_members(manifest: &str, members: &str) -> Option<String> {
    let start = manifest
        .match_indices("members")
        .map(|(index, _)| index)
        .find(|&index| index == 0 || manifest[..index].ends_with('\n'))?;
    let end = start + manifest[start..].find(']')? + 1;
    Some(format!(
        "{}members = {members}{}",
        &manifest[..start],
        &manifest[end..]
    ))
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// The files under `dir` (relative to it), skipping the relative paths `skip` names.
fn list_files(
    dir: &Path,
    relative: &Path,
    out: &mut Vec<std::path::PathBuf>,
    skip: &dyn Fn(&Path) -> bool,
) -> Result<(), String> {
    let source = dir.join(relative);
    let entries = fs::read_dir(&source)
        .map_err(|error| format!("cannot read {}: {error}", source.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| format!("cannot read {}: {error}", source.display()))?;
        let child = relative.join(entry.file_name());
        if skip(&child) {
            continue;
        }
        let kind = entry
            .file_type()
            .map_err(|error| format!("cannot read {}: {error}", entry.path().display()))?;
        if kind.is_dir() {
            list_files(dir, &child, out, skip)?;
        } else {
            out.push(child);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_replaced() {
        let manifest = "[workspace]\nresolver = \"3\"\nmembers = [\n  \"a\",\n  \"b\",\n]\n\n[workspace.package]\n";
        assert_eq!(
            with_members(manifest, r#"["client"]"#).as_deref(),
            Some("[workspace]\nresolver = \"3\"\nmembers = [\"client\"]\n\n[workspace.package]\n")
        );
    }
}
