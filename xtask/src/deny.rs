//! `cargo xtask generate --deny-breaking`: the API at a git base compared with the new one,
//! failing on a breaking change that the crate version was not raised enough for.

use std::path::Path;
use std::process::{Command, Output};

use codegen::Manifest;
use codegen::semver::{Class, compare};

/// What the check found when it passes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passed {
    /// Why it compared with something else than asked, or with nothing (for standard error).
    pub notes: Vec<String>,
    /// The result (for standard output); empty when there was nothing to compare with.
    pub message: String,
}

/// Compares `new` with the manifest committed at `base` in the repository of `crate_dir`.
///
/// Without `base`, the base is the merge base of `HEAD` with `main`, else with `origin/main`,
/// else `HEAD` itself; outside a repository with a commit the check passes with a note, so a
/// checkout without history cannot fail it. A base without a manifest passes too.
///
/// # Errors
///
/// The breaking changes and the version they need; a `base` that is not a revision; git that
/// cannot run when a base was named; a manifest at the base that does not read.
pub fn deny_breaking(
    crate_dir: &Path,
    base: Option<&str>,
    new: &Manifest,
) -> Result<Passed, String> {
    let git = |args: &[&str]| -> Result<Output, String> {
        Command::new("git")
            .arg("-C")
            .arg(crate_dir)
            .args(args)
            .output()
            .map_err(|error| format!("error: --deny-breaking needs git: {error}"))
    };
    let succeeds = |args: &[&str]| git(args).is_ok_and(|output| output.status.success());
    let mut notes = Vec::new();
    let base = match base {
        Some(base) => base.to_owned(),
        None => {
            if !succeeds(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]) {
                notes.push(format!(
                    "note: {} is not in a git repository with a commit: --deny-breaking has no base to compare with",
                    crate_dir.display()
                ));
                return Ok(Passed {
                    notes,
                    message: String::new(),
                });
            }
            let merge_base = ["main", "origin/main"].iter().find_map(|branch| {
                let output = git(&["merge-base", "HEAD", branch]).ok()?;
                output
                    .status
                    .success()
                    .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
            });
            merge_base.unwrap_or_else(|| {
                notes.push("note: no `main` or `origin/main` branch: comparing with HEAD".into());
                "HEAD".to_owned()
            })
        }
    };
    if !git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{base}^{{commit}}"),
    ])?
    .status
    .success()
    {
        return Err(format!("error: --base `{base}` is not a git revision"));
    }
    // `REV:./path` is relative to the directory git runs in: the crate's.
    let file = format!("{base}:./{}", codegen::MANIFEST_FILE);
    let shown = git(&["show", &file])?;
    if !shown.status.success() {
        return Ok(Passed {
            notes,
            message: format!(
                "no {} at {base}: no API to compare with",
                codegen::MANIFEST_FILE
            ),
        });
    }
    let old: Manifest = String::from_utf8_lossy(&shown.stdout)
        .parse()
        .map_err(|message| format!("error: {file} is not a manifest: {message}"))?;
    let diff = compare(&old, new);
    let Some(verdict) = diff.verdict() else {
        return Ok(Passed {
            notes,
            message: format!("no API change since {base}"),
        });
    };
    if diff.class() == Some(Class::Breaking) && !diff.version_is_enough() {
        let breaking: Vec<String> = diff
            .changes
            .iter()
            .filter(|change| change.class == Class::Breaking)
            .map(|change| format!("  {change}"))
            .collect();
        let needed = diff.needed_version().unwrap_or(diff.new_version);
        return Err(format!(
            "error: breaking API changes since {base} without the version they need:\n{}\n{verdict}\n\
             set `version: {needed}` in spec/api.yaml and run `cargo xtask generate`, or undo the breaking changes",
            breaking.join("\n")
        ));
    }
    Ok(Passed {
        notes,
        message: format!("API changes since {base}: {verdict}"),
    })
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use super::*;

    const MANIFEST: &str = "version 0.1.0\nmethod pets.get(pet_id: impl Into<String>) -> Get, awaits Pet\nsetter pets.get.limit(i32)\n";

    /// A git repository in a fresh temporary directory, removed when dropped.
    struct Repository(PathBuf);

    impl Repository {
        fn new(label: &str, branch: &str) -> Self {
            let path =
                std::env::temp_dir().join(format!("xtask-deny-{}-{label}", std::process::id()));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).expect("create a temp dir");
            let repository = Self(path);
            repository.git(&["init", "--quiet", "--initial-branch", branch]);
            repository
        }

        fn git(&self, args: &[&str]) {
            let status = Command::new("git")
                .arg("-C")
                .arg(&self.0)
                .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
                .args(args)
                .status()
                .expect("run git");
            assert!(status.success(), "git {args:?}");
        }

        fn commit(&self, file: &str, text: &str) {
            fs::write(self.0.join(file), text).expect("write");
            self.git(&["add", "."]);
            self.git(&["commit", "--quiet", "-m", file]);
        }
    }

    impl Drop for Repository {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn manifest(text: &str) -> Manifest {
        text.parse().expect("a manifest")
    }

    #[test]
    fn breaking_changes_since_main_need_their_version() {
        let repository = Repository::new("main", "main");
        repository.commit(codegen::MANIFEST_FILE, MANIFEST);
        repository.git(&["checkout", "--quiet", "-b", "feature"]);
        repository.commit("other.txt", "unrelated");

        let without_setter =
            "version 0.1.0\nmethod pets.get(pet_id: impl Into<String>) -> Get, awaits Pet\n";
        let error = deny_breaking(&repository.0, None, &manifest(without_setter))
            .expect_err("a breaking change without a bump");
        assert!(
            error.contains("removed  setter pets.get.limit(i32)")
                && error.contains("breaking: needs 0.2.0 (now 0.1.0)")
                && error.contains("set `version: 0.2.0` in spec/api.yaml"),
            "{error}"
        );
        let bumped = without_setter.replace("0.1.0", "0.2.0");
        let passed = deny_breaking(&repository.0, None, &manifest(&bumped)).expect("bumped");
        assert!(passed.notes.is_empty());
        assert!(
            passed.message.ends_with("spec/api.yaml has 0.2.0: enough)"),
            "{passed:?}"
        );

        let added = format!("{MANIFEST}setter pets.get.since(i64)\n");
        let passed = deny_breaking(&repository.0, None, &manifest(&added)).expect("additive");
        assert!(
            passed.message.contains("additive: needs 0.1.1"),
            "{passed:?}"
        );
        let same = deny_breaking(&repository.0, Some("main"), &manifest(MANIFEST)).expect("same");
        assert!(
            same.message.starts_with("no API change since main"),
            "{same:?}"
        );
    }

    #[test]
    fn without_main_or_history_there_is_a_fallback_not_a_failure() {
        let repository = Repository::new("trunk", "trunk");
        let none = deny_breaking(&repository.0, None, &manifest(MANIFEST)).expect("no commit");
        assert!(
            none.notes[0].contains("not in a git repository with a commit"),
            "{none:?}"
        );

        repository.commit("README", "no manifest yet");
        let no_manifest = deny_breaking(&repository.0, None, &manifest(MANIFEST)).expect("HEAD");
        assert_eq!(
            no_manifest.notes,
            vec!["note: no `main` or `origin/main` branch: comparing with HEAD".to_owned()]
        );
        assert_eq!(
            no_manifest.message,
            "no api.manifest at HEAD: no API to compare with"
        );

        let error = deny_breaking(&repository.0, Some("no-such-branch"), &manifest(MANIFEST))
            .expect_err("an unknown base");
        assert_eq!(
            error,
            "error: --base `no-such-branch` is not a git revision"
        );
    }
}
