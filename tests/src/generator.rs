//! The generator: snapshots of what it emits for the fixture specs, the staleness check of
//! `generated/` (which, with `api.manifest`, is the reviewed snapshot of `spec/`), and writing files.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use codegen::{Generated, Staleness};

pub(crate) fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_path_buf()
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures/specs").join(name)
}

fn generate(spec_dir: &Path) -> Generated {
    codegen::generate(spec_dir)
        .unwrap_or_else(|diagnostics| panic!("{}:\n{diagnostics}", spec_dir.display()))
}

/// All generated files as one text, each under a `==> path <==` line, for one snapshot per spec.
fn render(generated: &Generated) -> String {
    let mut text = format!(
        "{} endpoints, {} types, {} files\n",
        generated.endpoints,
        generated.types,
        generated.files.len()
    );
    for file in &generated.files {
        text.push_str(&format!(
            "\n==> {} <==\n{}",
            file.path.display(),
            file.contents
        ));
    }
    text
}

/// A directory under the system temp dir, removed when dropped.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "codegen-test-{}-{label}-{unique}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create a temp dir");
        Self(path)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Copies the files of `from` into `to`, in the order `order` gives the sorted list (to check that
/// the generator does not depend on directory listing order).
pub(crate) fn copy_tree(from: &Path, to: &Path, reverse: bool) {
    fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("read a fixture dir") {
            let path = entry.expect("read a fixture entry").path();
            if path.is_dir() {
                collect(&path, out)
            } else {
                out.push(path)
            }
        }
    }
    let mut files = Vec::new();
    collect(from, &mut files);
    files.sort();
    if reverse {
        files.reverse();
    }
    for file in files {
        let target = to.join(file.strip_prefix(from).expect("file under the fixture"));
        fs::create_dir_all(target.parent().expect("file has a parent")).expect("create a dir");
        fs::copy(&file, &target).expect("copy a fixture file");
    }
}

#[test]
fn features_fixture_generates_the_reviewed_code() {
    insta::assert_snapshot!("features", render(&generate(&fixture("features"))));
}

#[test]
fn minimal_fixture_generates_the_reviewed_code() {
    insta::assert_snapshot!("minimal", render(&generate(&fixture("minimal"))));
}

/// `generated/` is the snapshot of `spec/`: a mismatch says which files are stale and what the
/// change means for the API, and points at the command that fixes it.
#[test]
fn generated_crate_is_up_to_date_with_the_spec() {
    let root = workspace_root();
    let crate_dir = root.join("generated");
    let generated = generate(&root.join("spec"));
    let mut stale = codegen::check(&crate_dir, &generated.files).expect("read generated/");
    stale.extend(codegen::check_package(&crate_dir, &generated.manifest).expect("read generated/"));
    if stale.is_empty() {
        return;
    }
    let list: Vec<String> = stale
        .iter()
        .map(|staleness| format!("  {staleness}"))
        .collect();
    let api_changes = fs::read_to_string(crate_dir.join(codegen::MANIFEST_FILE))
        .ok()
        .and_then(|text| text.parse::<codegen::Manifest>().ok())
        .map(|old| codegen::semver::compare(&old, &generated.manifest).report())
        .filter(|report| !report.is_empty())
        .map_or_else(
            || "The public API (generated/api.manifest) is unchanged.\n".to_owned(),
            |report| format!("Changes to the public API (generated/api.manifest):\n{report}"),
        );
    panic!(
        "generated/ is not what spec/ produces:\n{}\n{api_changes}\
         Run `cargo xtask generate` (it prints the same report and updates CHANGELOG.md), review \
         `git diff generated/api.manifest`, and commit spec/ and generated/ together.",
        list.join("\n")
    );
}

#[test]
fn output_does_not_depend_on_file_creation_order() {
    let forward = TempDir::new("forward");
    let backward = TempDir::new("backward");
    copy_tree(&fixture("features"), forward.path(), false);
    copy_tree(&fixture("features"), backward.path(), true);
    let first = generate(forward.path());
    assert_eq!(first, generate(backward.path()));
    assert_eq!(
        first,
        generate(forward.path()),
        "a second run gives the same bytes"
    );
}

#[test]
fn write_touches_only_changed_files_and_removes_stale_ones() {
    let out = TempDir::new("write");
    let generated = generate(&fixture("features"));
    let all: Vec<PathBuf> = generated
        .files
        .iter()
        .map(|file| file.path.clone())
        .collect();

    let first = codegen::write(out.path(), &generated.files).expect("first write");
    assert_eq!(first.written, all);
    assert!(first.unchanged.is_empty() && first.removed.is_empty());

    let again = codegen::write(out.path(), &generated.files).expect("second write");
    assert!(
        again.written.is_empty(),
        "nothing changed, so nothing is written: {again:?}"
    );
    assert_eq!(again.unchanged, all);

    // A stale file in a stale folder, and a hand-edited generated file.
    let stale = Path::new(codegen::OWNED_DIR).join("old_resource/gone.rs");
    fs::create_dir_all(out.path().join(stale.parent().expect("has a parent")))
        .expect("create a stale dir");
    fs::write(out.path().join(&stale), "// stale").expect("write a stale file");
    let edited = &generated.files[0];
    fs::write(out.path().join(&edited.path), "// edited by hand").expect("edit a file");

    assert_eq!(
        codegen::check(out.path(), &generated.files).expect("check"),
        vec![
            Staleness::Changed(edited.path.clone()),
            Staleness::Extra(stale.clone())
        ]
    );
    let repaired = codegen::write(out.path(), &generated.files).expect("repairing write");
    assert_eq!(repaired.written, vec![edited.path.clone()]);
    assert_eq!(repaired.removed, vec![stale.clone()]);
    assert!(
        !out.path()
            .join(stale.parent().expect("has a parent"))
            .exists(),
        "the emptied folder is removed"
    );
    assert_eq!(
        codegen::check(out.path(), &generated.files).expect("check"),
        Vec::new()
    );

    // Files outside the owned folder are the crate's own and are never touched.
    let own = out.path().join("src/lib.rs");
    fs::write(&own, "// hand-written").expect("write a hand-written file");
    codegen::write(out.path(), &generated.files).expect("write");
    assert_eq!(fs::read_to_string(&own).expect("read"), "// hand-written");
}

#[test]
fn check_reports_missing_files() {
    let out = TempDir::new("missing");
    let generated = generate(&fixture("minimal"));
    let stale = codegen::check(out.path(), &generated.files).expect("check an empty dir");
    let expected: Vec<Staleness> = generated
        .files
        .iter()
        .map(|file| Staleness::Missing(file.path.clone()))
        .collect();
    assert_eq!(stale, expected);
}
