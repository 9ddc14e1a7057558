//! The OpenAPI exporter and importer: exported documents checked for structure, imported drafts
//! generated, refusals snapshotted, and spec → OpenAPI → spec round trips.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Diagnostics, ImportOptions, SourceFile};
use serde_json::Value;

use crate::generator::{TempDir, copy_tree, fixture, workspace_root};

/// `spec/` and every fixture spec.
fn specs() -> Vec<(String, PathBuf)> {
    let mut specs = vec![("spec".to_owned(), workspace_root().join("spec"))];
    let fixtures = workspace_root().join("tests/fixtures/specs");
    let mut names: Vec<String> = fs::read_dir(&fixtures)
        .expect("list the fixture specs")
        .map(|entry| entry.expect("a fixture entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    names.sort();
    specs.extend(
        names
            .into_iter()
            .map(|name| (name.clone(), fixtures.join(name))),
    );
    specs
}

fn export(spec_dir: &Path) -> String {
    codegen::export_openapi(spec_dir)
        .unwrap_or_else(|diagnostics| panic!("{}:\n{diagnostics}", spec_dir.display()))
}

fn openapi_fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures/openapi").join(name)
}

fn import_file(path: &Path, options: &ImportOptions) -> Result<Vec<SourceFile>, Diagnostics> {
    let text = fs::read_to_string(path).expect("read an OpenAPI fixture");
    // Named relative to the workspace, as snapshots must not depend on where it is.
    let source = path.strip_prefix(workspace_root()).unwrap_or(path);
    codegen::import_openapi(source, &text, options)
}

/// Imports a document that must be importable.
fn import_ok(path: &Path) -> Vec<SourceFile> {
    import_file(path, &ImportOptions::default())
        .unwrap_or_else(|diagnostics| panic!("{}:\n{diagnostics}", path.display()))
}

/// Drafts as one text, each file under a `==> path <==` line, for a snapshot.
fn render(drafts: &[SourceFile]) -> String {
    drafts
        .iter()
        .map(|draft| {
            format!(
                "==> {} <==\n{}",
                draft.path.display(),
                String::from_utf8_lossy(&draft.contents)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn draft<'a>(drafts: &'a [SourceFile], path: &str) -> &'a str {
    let draft = drafts
        .iter()
        .find(|draft| draft.path == Path::new(path))
        .unwrap_or_else(|| panic!("no draft {path}"));
    std::str::from_utf8(&draft.contents).expect("drafts are UTF-8")
}

/// The value a local JSON pointer (`#/components/schemas/Pet`) points to.
fn resolve<'a>(document: &'a Value, pointer: &str) -> Option<&'a Value> {
    let path = pointer.strip_prefix('#')?;
    let unescaped: Vec<String> = path
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    unescaped
        .iter()
        .try_fold(document, |value, token| value.get(token.as_str()))
}

/// Every `$ref` in the document, with where it is.
fn references(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                if key == "$ref" {
                    out.push((
                        at.to_owned(),
                        member.as_str().unwrap_or_default().to_owned(),
                    ));
                } else {
                    references(member, &format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                references(item, &format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn exported_documents_have_every_operation_and_type_and_resolve() {
    for (name, spec_dir) in specs() {
        let generated = codegen::generate(&spec_dir).expect("the spec generates");
        let document: Value = serde_json::from_str(&export(&spec_dir)).expect("the export is JSON");
        assert_eq!(document["openapi"], "3.0.3", "{name}");
        assert!(document["info"]["title"].is_string() && document["info"]["version"].is_string());
        assert_eq!(
            document["servers"].as_array().map(Vec::len),
            Some(2),
            "{name}"
        );

        let mut operation_ids = BTreeSet::new();
        let paths = document["paths"].as_object().expect("paths");
        for (path, item) in paths {
            let placeholders: BTreeSet<&str> = path
                .split('/')
                .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
                .collect();
            for (method, operation) in item.as_object().expect("a path item") {
                assert!(["get", "put", "post", "delete", "patch"].contains(&method.as_str()));
                let id = operation["operationId"].as_str().expect("an operationId");
                assert!(operation_ids.insert(id.to_owned()), "{name}: {id} twice");
                assert!(operation["summary"].is_string(), "{name}: {id}");
                let parameters = operation["parameters"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let path_params: BTreeSet<&str> = parameters
                    .iter()
                    .filter(|parameter| parameter["in"] == "path")
                    .inspect(|parameter| assert_eq!(parameter["required"], true))
                    .filter_map(|parameter| parameter["name"].as_str())
                    .collect();
                assert_eq!(path_params, placeholders, "{name}: {id}");
                for parameter in &parameters {
                    assert!(
                        parameter["schema"].is_object() && parameter["description"].is_string()
                    );
                }
                let success = &operation["responses"]["200"]["content"]["application/json"];
                assert!(success["schema"]["$ref"].is_string(), "{name}: {id}");
                for errors in ["4XX", "5XX"] {
                    assert_eq!(
                        operation["responses"][errors]["$ref"],
                        "#/components/responses/Error"
                    );
                }
                if let Some(body) = operation.get("requestBody") {
                    let content = body["content"].as_object().expect("a body has content");
                    assert_eq!(content.len(), 1, "{name}: {id} has one body media type");
                    let (media_type, media) = content.iter().next().expect("one media type");
                    assert!(
                        ["application/json", "application/x-www-form-urlencoded"]
                            .contains(&media_type.as_str()),
                        "{name}: {id} sends {media_type}"
                    );
                    assert!(media["schema"]["$ref"].is_string());
                }
                for alternative in operation["security"].as_array().into_iter().flatten() {
                    for scheme in alternative.as_object().expect("a requirement").keys() {
                        assert!(
                            document["components"]["securitySchemes"][scheme].is_object(),
                            "{name}: {id} uses the undeclared scheme {scheme}"
                        );
                    }
                }
            }
        }
        assert_eq!(operation_ids.len(), generated.endpoints, "{name}");

        let schemas = document["components"]["schemas"]
            .as_object()
            .expect("schemas");
        assert_eq!(schemas.len(), generated.types, "{name}");
        for (schema_name, schema) in schemas {
            assert!(schema["description"].is_string(), "{name}: {schema_name}");
        }
        let mut refs = Vec::new();
        references(&document, "#", &mut refs);
        assert!(!refs.is_empty());
        for (at, reference) in refs {
            assert!(
                resolve(&document, &reference).is_some(),
                "{name}: {at}: `{reference}` does not resolve"
            );
        }
    }
}

#[test]
fn features_fixture_exports_the_reviewed_document() {
    insta::assert_snapshot!("openapi_features", export(&fixture("features")));
}

#[test]
fn export_is_byte_identical_on_every_run_and_file_order() {
    let spec = workspace_root().join("spec");
    assert_eq!(export(&spec), export(&spec));
    let backward = TempDir::new("openapi-backward");
    copy_tree(&fixture("features"), backward.path(), true);
    assert_eq!(export(&fixture("features")), export(backward.path()));
}

#[test]
fn export_of_a_broken_spec_is_its_diagnostics() {
    let broken = TempDir::new("openapi-broken");
    copy_tree(&fixture("minimal"), broken.path(), false);
    fs::write(broken.path().join("widgets/count.yaml"), "method: GET\n").expect("write");
    let diagnostics = codegen::export_openapi(broken.path()).expect_err("a broken spec");
    assert!(
        diagnostics
            .iter()
            .any(|diagnostic| diagnostic.file == Path::new("widgets/count.yaml")),
        "{diagnostics}"
    );
}

/// Spec → OpenAPI → spec: the drafts generate exactly the client the spec does, and export to
/// the same document.
#[test]
fn spec_to_openapi_to_spec_gives_the_same_client() {
    for (name, spec_dir) in specs() {
        let document = export(&spec_dir);
        let source = PathBuf::from(format!("{name}.json"));
        let drafts = codegen::import_openapi(&source, &document, &ImportOptions::default())
            .unwrap_or_else(|diagnostics| panic!("{name}:\n{diagnostics}"));
        let original = codegen::generate(&spec_dir).expect("the spec generates");
        let round_tripped = codegen::generate_from_files(drafts.clone())
            .unwrap_or_else(|diagnostics| panic!("{name}: the drafts:\n{diagnostics}"));
        assert_eq!(original.endpoints, round_tripped.endpoints, "{name}");
        assert_eq!(original.types, round_tripped.types, "{name}");
        for (before, after) in original.files.iter().zip(&round_tripped.files) {
            assert_eq!(before.path, after.path, "{name}");
            assert!(
                before.contents == after.contents,
                "{name}: {} differs after the round trip",
                before.path.display()
            );
        }
        assert_eq!(original.files.len(), round_tripped.files.len(), "{name}");

        let drafted = TempDir::new("openapi-round-trip");
        codegen::write_drafts(drafted.path(), &drafts, false).expect("write the drafts");
        let re_exported = export(drafted.path());
        let first_difference = re_exported
            .lines()
            .zip(document.lines())
            .position(|(after, before)| after != before);
        assert!(
            re_exported == document,
            "{name}: the re-export differs from line {}",
            first_difference.map_or(0, |index| index + 1)
        );
    }
}

/// Exports `spec_dir`, imports the document, and exports the drafts again.
fn round_trip_document(spec_dir: &Path) -> (String, String) {
    let document = export(spec_dir);
    let drafts =
        codegen::import_openapi(Path::new("doc.json"), &document, &ImportOptions::default())
            .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let drafted = TempDir::new("openapi-drafted");
    codegen::write_drafts(drafted.path(), &drafts, false).expect("write the drafts");
    (document, export(drafted.path()))
}

#[test]
fn a_resource_with_only_sub_resources_keeps_its_description() {
    let spec = TempDir::new("openapi-nested");
    copy_tree(&fixture("minimal"), spec.path(), false);
    fs::create_dir_all(spec.path().join("widgets/parts")).expect("create a folder");
    fs::rename(
        spec.path().join("widgets/count.yaml"),
        spec.path().join("widgets/parts/count.yaml"),
    )
    .expect("move the endpoint");
    let api = fs::read_to_string(spec.path().join("api.yaml")).expect("read api.yaml");
    let api = format!("{api}  widgets/parts:\n    description: Parts of widgets.\n");
    fs::write(spec.path().join("api.yaml"), api).expect("write api.yaml");
    let (document, again) = round_trip_document(spec.path());
    assert!(
        document.contains("\"description\": \"Widgets.\""),
        "{document}"
    );
    assert_eq!(again, document);
}

#[test]
fn a_foreign_openapi_3_0_document_imports_to_drafts_that_generate() {
    let drafts = import_ok(&openapi_fixture("clinic.yaml"));
    let generated = codegen::generate_from_files(drafts.clone())
        .unwrap_or_else(|diagnostics| panic!("the drafts:\n{diagnostics}"));
    assert_eq!(generated.endpoints, 4);
    insta::assert_snapshot!("openapi_clinic_drafts", render(&drafts));
}

#[test]
fn openapi_3_1_types_and_const_tagged_unions_import() {
    let drafts = import_ok(&openapi_fixture("events.yaml"));
    codegen::generate_from_files(drafts.clone())
        .unwrap_or_else(|diagnostics| panic!("the drafts:\n{diagnostics}"));
    let event = draft(&drafts, "schemas/event.yaml");
    assert!(
        event.contains("tag: kind") && event.contains("content: data"),
        "{event}"
    );
    assert!(event.contains("ref: EventSignup"), "{event}");
    let get = draft(&drafts, "events/get.yaml");
    // `type: [string, 'null']` not required: optional and nullable; the first named example.
    assert!(
        get.contains("note:\n      type: string\n      optional: true\n      nullable: true"),
        "{get}"
    );
    assert!(get.contains("user_id: user-1"), "{get}");
    let api = draft(&drafts, "api.yaml");
    assert!(api.contains("test: https://events.example.com"), "{api}");
    assert!(
        api.contains("live: https://events-live.example.com"),
        "{api}"
    );
    assert!(api.contains("schema: ErrorResponse"), "{api}");
}

#[test]
fn unsupported_constructs_are_refused_with_their_json_pointers() {
    let diagnostics = import_file(
        &openapi_fixture("unsupported.json"),
        &ImportOptions::default(),
    )
    .expect_err("nothing of it can be drafted");
    for diagnostic in diagnostics.iter() {
        assert!(diagnostic.key_path.starts_with("#/"), "{diagnostic}");
    }
    insta::assert_snapshot!("openapi_unsupported", diagnostics.to_string());
}

#[test]
fn path_prefixes_select_operations_and_only_the_schemas_they_use() {
    let options = ImportOptions {
        path_prefixes: vec!["/v2/patients/{".to_owned()],
    };
    let drafts = import_file(&openapi_fixture("clinic.yaml"), &options).expect("importable");
    let paths: Vec<String> = drafts
        .iter()
        .map(|draft| draft.path.display().to_string())
        .collect();
    assert!(
        paths.contains(&"patients/get_patient.yaml".to_owned()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"patients/update.yaml".to_owned()),
        "{paths:?}"
    );
    assert!(
        !paths.contains(&"patients/list_patients.yaml".to_owned()),
        "{paths:?}"
    );
    assert!(
        !paths.iter().any(|path| path.contains("species_")),
        "{paths:?}"
    );
    codegen::generate_from_files(drafts).expect("a selection generates too");

    // The refused operations of a document can be left out.
    let options = ImportOptions {
        path_prefixes: vec!["/nothing".to_owned()],
    };
    let diagnostics =
        import_file(&openapi_fixture("unsupported.json"), &options).expect_err("nothing selected");
    assert!(
        diagnostics.to_string().contains("no operation to import"),
        "{diagnostics}"
    );
}

#[test]
fn drafts_never_overwrite_a_file_with_other_content_unless_forced() {
    let drafts = import_ok(&openapi_fixture("events.yaml"));
    let out = TempDir::new("openapi-drafts");
    let report = codegen::write_drafts(out.path(), &drafts, false).expect("an empty folder");
    assert_eq!(report.written.len(), drafts.len());
    let again = codegen::write_drafts(out.path(), &drafts, false).expect("the same drafts");
    assert_eq!(
        (again.written.len(), again.unchanged.len()),
        (0, drafts.len())
    );

    let edited = out.path().join("events/get.yaml");
    fs::write(&edited, "# reviewed by hand\n").expect("edit a draft");
    let removed = out.path().join("api.yaml");
    fs::remove_file(&removed).expect("remove a draft");
    let conflicts = codegen::write_drafts(out.path(), &drafts, false).expect_err("a conflict");
    assert_eq!(conflicts.len(), 1, "{conflicts}");
    assert!(
        conflicts.to_string().contains("events/get.yaml"),
        "{conflicts}"
    );
    assert_eq!(
        fs::read_to_string(&edited).expect("read"),
        "# reviewed by hand\n"
    );
    assert!(
        !removed.exists(),
        "nothing is written when there is a conflict"
    );

    let forced = codegen::write_drafts(out.path(), &drafts, true).expect("forced");
    assert_eq!(forced.written.len(), 2);
    assert_ne!(
        fs::read_to_string(&edited).expect("read"),
        "# reviewed by hand\n"
    );
}

#[test]
fn documents_that_are_not_openapi_3_are_diagnosed() {
    let options = ImportOptions::default();
    let source = Path::new("doc.yaml");
    let not_yaml = codegen::import_openapi(source, "openapi: [3.0\n", &options).expect_err("bad");
    let first = not_yaml.iter().next().expect("a diagnostic");
    assert!(first.location.is_some(), "{not_yaml}");
    let swagger = codegen::import_openapi(source, "swagger: '2.0'\n", &options).expect_err("2.0");
    assert!(swagger.to_string().contains("Swagger 2.0"), "{swagger}");
    for text in [
        "[]",
        "42",
        "openapi: 3.0.3\n",
        "openapi: 3.0.3\npaths: {}\n",
    ] {
        assert!(
            codegen::import_openapi(source, text, &options).is_err(),
            "{text}"
        );
    }
}

#[test]
fn names_from_the_document_stay_inside_the_output_folder() {
    let document = r##"{
      "openapi": "3.0.3",
      "info": { "title": "Hostile", "version": "1" },
      "servers": [{ "url": "https://api.example.com" }],
      "security": [{ "basic": [] }],
      "components": {
        "securitySchemes": { "basic": { "type": "http", "scheme": "basic" } },
        "schemas": { "../Escape": { "type": "object", "properties": { "a": { "type": "string" } } } }
      },
      "paths": {
        "/../../x": {
          "get": {
            "operationId": "../../etc.passwd",
            "responses": { "200": { "description": "Out.", "content": { "application/json":
              { "schema": { "$ref": "#/components/schemas/..~1Escape" } } } } }
          }
        }
      }
    }"##;
    let drafts = codegen::import_openapi(
        Path::new("hostile.json"),
        document,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    for draft in &drafts {
        assert!(draft.path.is_relative(), "{}", draft.path.display());
        assert!(
            draft
                .path
                .components()
                .all(|part| matches!(part, std::path::Component::Normal(_))),
            "{}",
            draft.path.display()
        );
    }
    assert!(
        drafts
            .iter()
            .any(|draft| draft.path == Path::new("etc/passwd.yaml"))
    );
}

/// A foreign document's secrets (`format: password`, `x-codegen-sensitive`) import as
/// `sensitive`; an empty-value `default` of a required response property as `default`, and any
/// other `default` as a note in the description.
#[test]
fn secrets_and_defaults_of_a_foreign_document_import() {
    let drafts = import_ok(&openapi_fixture("vault.yaml"));
    let generated = codegen::generate_from_files(drafts.clone())
        .unwrap_or_else(|diagnostics| panic!("the drafts:\n{diagnostics}"));
    let types: String = generated
        .files
        .iter()
        .filter(|file| file.path.starts_with("src/api/types"))
        .map(|file| file.contents.as_str())
        .collect();
    assert!(types.contains("<redacted>"), "{types}");

    let secret = draft(&drafts, "schemas/secret.yaml");
    for expected in [
        "value:\n      type: string\n      sensitive: true\n",
        "shared:\n      type: boolean\n      default: false\n",
        "type: int64\n      default: []\n",
        "type: string\n      default: {}\n",
        "attempts:\n      type: int32\n      default: 0\n",
        // Not the empty value: the field stays required, the default is for readers.
        "rotation_days:\n      type: int32\n      description: |-\n        Days between \
         rotations.\n\n        Default: `90`.\n",
        // An optional field is `None` when absent, whatever the default.
        "owner:\n      type: string\n      optional: true\n      description: |-\n        \
         Who owns it.\n\n        Default: `\"\"`.\n",
    ] {
        assert!(secret.contains(expected), "{expected}\nin:\n{secret}");
    }
    let unlock = draft(&drafts, "schemas/unlock.yaml");
    assert!(
        unlock.contains("passphrase:\n        type: string\n        sensitive: true\n"),
        "{unlock}"
    );
    assert!(!unlock.contains("hardware_key:\n        type: string\n        sensitive"));
    // A request body is sent, never received: its default is only described.
    let create = draft(&drafts, "secrets/create.yaml");
    assert!(create.contains("sensitive: true"), "{create}");
    assert!(!create.contains("default:"), "{create}");
    assert!(create.contains("Default: `false`."), "{create}");
    let get = draft(&drafts, "secrets/get.yaml");
    assert!(
        get.contains("optional: true\n    sensitive: true\n    description: The code"),
        "{get}"
    );
    assert!(get.contains("Default: `1`."), "{get}");
}

/// A body's `one_of` groups travel in `x-codegen-one-of`: drafted back as the spec wrote them (a
/// default `type_name` left out), and a group that is not `{name, required, fields}` is refused
/// at its JSON pointer.
#[test]
fn one_of_groups_import_from_their_extension_and_a_malformed_one_is_refused() {
    let document = export(&fixture("features"));
    let drafts = codegen::import_openapi(
        Path::new("features.json"),
        &document,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let adopt = draft(&drafts, "pets/adopt.yaml");
    assert!(
        adopt.contains(
            "- name: adopter\n    description: Who adopts the pet.\n    required: true\n"
        ),
        "the default enum name is left out:\n{adopt}"
    );
    assert!(
        adopt.contains("- name: notice\n    type_name: AdoptionNotice\n"),
        "{adopt}"
    );

    let malformed = document.replacen(
        "\"required\": true,\n            \"fields\"",
        "\"fields\"",
        1,
    );
    assert_ne!(malformed, document, "the edit applies");
    let diagnostics = codegen::import_openapi(
        Path::new("features.json"),
        &malformed,
        &ImportOptions::default(),
    )
    .expect_err("a group without `required` is refused");
    let refused: Vec<&str> = diagnostics
        .iter()
        .map(|diagnostic| diagnostic.key_path.as_str())
        .collect();
    assert_eq!(
        refused,
        ["#/components/schemas/AdoptPetRequest/x-codegen-one-of/0"],
        "{diagnostics}"
    );
}
