//! The public-API manifest and what a spec change means for users: a table of spec edits, each
//! with the class the generator gives it and the items it names; the changelog the generator
//! keeps; the crate version in `api.yaml` and `Cargo.toml`.

use std::fs;
use std::path::Path;

use codegen::Manifest;
use codegen::semver::{Class, Version, compare};
use serde_yaml::{Mapping, Value};

use crate::generator::{TempDir, copy_tree, fixture};

/// One change to a file of a copy of the `features` fixture.
enum Edit {
    /// Sets the value at a dotted key path (the last key is added if missing) to a YAML value.
    Set(&'static str, &'static str, &'static str),
    /// Removes the key at a dotted key path.
    Remove(&'static str, &'static str),
    /// Renames the last key of a dotted key path, keeping its place.
    Rename(&'static str, &'static str, &'static str),
    /// Writes a new file.
    Add(&'static str, &'static str),
    /// Deletes a file.
    Delete(&'static str),
}

use Edit::{Add, Delete, Remove, Rename, Set};

/// A spec edit and what the generator must make of it: the class of the whole change (`None`:
/// no change at all) and every item it names.
struct Case {
    name: &'static str,
    edits: &'static [Edit],
    class: Option<Class>,
    items: &'static [&'static str],
}

const STORE_GET: &str = "\
method: GET
path: /v1/stores/{store_id}
summary: Get a store.
path_params:
  store_id: { type: string, description: The store's ID. }
response:
  name: StoreDetails
  description: One store.
  fields:
    store_id: { type: string, description: The store's ID. }
";

const CASES: &[Case] = &[
    // Endpoints.
    Case {
        name: "new endpoint",
        edits: &[Add("stores/get.yaml", STORE_GET)],
        class: Some(Class::Additive),
        items: &[
            "method stores.get",
            "struct StoreDetails",
            "needs StoreDetails",
            "field StoreDetails.store_id",
        ],
    },
    Case {
        name: "endpoint removed, with its resource",
        edits: &[
            Delete("pets/photos/delete.yaml"),
            Remove("api.yaml", "resources.pets/photos"),
        ],
        class: Some(Class::Breaking),
        items: &[
            "resource pets.photos",
            "method pets.photos.delete",
            "setter pets.photos.delete.acting_user",
            "struct DeletePhotoResponse",
            "needs DeletePhotoResponse",
            "field DeletePhotoResponse.photo_id",
        ],
    },
    Case {
        name: "response type of an endpoint changed",
        edits: &[Set(
            "pets/photos/delete.yaml",
            "response.name",
            "PhotoDeleted",
        )],
        class: Some(Class::Breaking),
        items: &[
            "method pets.photos.delete",
            "struct PhotoDeleted",
            "needs PhotoDeleted",
            "field PhotoDeleted.photo_id",
            "struct DeletePhotoResponse",
            "needs DeletePhotoResponse",
            "field DeletePhotoResponse.photo_id",
        ],
    },
    // Parameters: required ones are arguments, optional ones setters.
    Case {
        name: "new optional query parameter",
        edits: &[Set(
            "pets/get.yaml",
            "query_params.colour",
            "{ type: string, optional: true, description: Only of this colour. }",
        )],
        class: Some(Class::Additive),
        items: &["setter pets.get.colour"],
    },
    Case {
        name: "new required query parameter",
        edits: &[
            Set(
                "pets/get.yaml",
                "query_params.colour",
                "{ type: string, description: Only of this colour. }",
            ),
            Set("pets/get.yaml", "example.query_params.colour", "ginger"),
        ],
        class: Some(Class::Breaking),
        items: &["method pets.get"],
    },
    Case {
        name: "optional query parameter removed",
        edits: &[Remove("pets/get.yaml", "query_params.since")],
        class: Some(Class::Breaking),
        items: &["setter pets.get.since"],
    },
    Case {
        name: "optional query parameter renamed",
        edits: &[
            Rename("pets/get.yaml", "query_params.limit", "max_photos"),
            Rename("pets/get.yaml", "example.query_params.limit", "max_photos"),
        ],
        class: Some(Class::Breaking),
        items: &["setter pets.get.max_photos"],
    },
    Case {
        name: "query parameter type changed",
        edits: &[Set("pets/get.yaml", "query_params.limit.type", "int64")],
        class: Some(Class::Breaking),
        items: &["setter pets.get.limit"],
    },
    Case {
        name: "path parameter renamed: positional, so only its name changes",
        edits: &[
            Rename(
                "pets/photos/delete.yaml",
                "path_params.photo_id",
                "image_id",
            ),
            Set(
                "pets/photos/delete.yaml",
                "path",
                "/v1/pets/{pet_id}/photos/{image_id}",
            ),
        ],
        class: Some(Class::Docs),
        items: &["method pets.photos.delete"],
    },
    Case {
        name: "path parameters swapped: calls compile but send each ID as the other",
        edits: &[Set(
            "pets/photos/delete.yaml",
            "path",
            "/v1/pets/{photo_id}/photos/{pet_id}",
        )],
        class: Some(Class::Breaking),
        items: &["method pets.photos.delete"],
    },
    Case {
        name: "optional request field became required",
        edits: &[Set(
            "pets/create.yaml",
            "body.fields.tags.optional",
            "false",
        )],
        class: Some(Class::Breaking),
        items: &["method pets.create", "setter pets.create.tags"],
    },
    Case {
        name: "required request field became optional",
        edits: &[Set(
            "pets/create.yaml",
            "body.fields.age_in_days.optional",
            "true",
        )],
        class: Some(Class::Breaking),
        items: &["method pets.create", "setter pets.create.age_in_days"],
    },
    Case {
        name: "new optional request field",
        edits: &[Set(
            "pets/create.yaml",
            "body.fields.collar_size",
            "{ type: string, optional: true, description: The size of its collar. }",
        )],
        class: Some(Class::Additive),
        items: &["setter pets.create.collar_size"],
    },
    Case {
        name: "a request field can no longer be cleared",
        edits: &[Remove("pets/create.yaml", "body.fields.nickname.nullable")],
        class: Some(Class::Breaking),
        items: &["setter pets.create.clear_nickname"],
    },
    Case {
        name: "authorization dropped from an endpoint",
        edits: &[Remove("pets/photos/delete.yaml", "authorization")],
        class: Some(Class::Breaking),
        items: &["setter pets.photos.delete.acting_user"],
    },
    Case {
        name: "new authorization variant: the enum is exhaustive",
        edits: &[Set(
            "api.yaml",
            "authorizations.acting_user.variants.user_key",
            "{ header: X-User-Key, description: A user's API key. }",
        )],
        class: Some(Class::Breaking),
        items: &["credential ActingUser::UserKey"],
    },
    Case {
        name: "pagination removed",
        edits: &[Remove("stores/list.yaml", "pagination")],
        class: Some(Class::Breaking),
        items: &["stream stores.list.pages", "stream stores.list.items"],
    },
    // Response fields: users read them.
    Case {
        name: "response field became optional",
        edits: &[Set(
            "pets/photos/delete.yaml",
            "response.fields.photo_id.optional",
            "true",
        )],
        class: Some(Class::Breaking),
        items: &["field DeletePhotoResponse.photo_id"],
    },
    Case {
        name: "response field became required",
        edits: &[Remove(
            "stores/list.yaml",
            "response.fields.meta.fields.next_cursor.optional",
        )],
        class: Some(Class::Breaking),
        items: &["field PageMeta.next_cursor"],
    },
    Case {
        name: "new required response field",
        edits: &[Set(
            "pets/photos/delete.yaml",
            "response.fields.deleted_at",
            "{ type: string, description: When the photo was deleted. }",
        )],
        class: Some(Class::Additive),
        items: &["field DeletePhotoResponse.deleted_at"],
    },
    Case {
        name: "new optional response field",
        edits: &[Set(
            "pets/create.yaml",
            "response.fields.warnings",
            "{ type: array, items: { type: string }, optional: true, description: Warnings. }",
        )],
        class: Some(Class::Additive),
        items: &["field CreatePetResponse.warnings"],
    },
    Case {
        name: "response field removed",
        edits: &[Remove("schemas/problem.yaml", "Problem.fields.details")],
        class: Some(Class::Breaking),
        items: &["field Problem.details"],
    },
    Case {
        name: "response field renamed",
        edits: &[Rename(
            "stores/list.yaml",
            "response.fields.stores.items.fields.store_id",
            "id",
        )],
        class: Some(Class::Breaking),
        items: &["field Store.id"],
    },
    // Types users build themselves with `new` and setters (Owner is a request setter's type).
    Case {
        name: "new optional field of a type users build",
        edits: &[Set(
            "schemas/pet.yaml",
            "Owner.fields.phone",
            "{ type: string, optional: true, description: The owner's phone number. }",
        )],
        class: Some(Class::Additive),
        items: &["field Owner.phone"],
    },
    Case {
        name: "new required field of a type users build",
        edits: &[
            Set(
                "schemas/pet.yaml",
                "Owner.fields.phone",
                "{ type: string, description: The owner's phone number. }",
            ),
            Set("schemas/pet.yaml", "Owner.example.phone", "\"555-0100\""),
        ],
        class: Some(Class::Breaking),
        items: &["field Owner.phone"],
    },
    Case {
        name: "field type changed",
        edits: &[Set(
            "schemas/pet.yaml",
            "Pet.fields.age_in_days.type",
            "int32",
        )],
        class: Some(Class::Breaking),
        items: &["field Pet.age_in_days"],
    },
    Case {
        name: "new type",
        edits: &[Set(
            "schemas/pet.yaml",
            "Collar",
            "{ description: A collar., fields: { size: { type: int32, description: Its size. } } }",
        )],
        class: Some(Class::Additive),
        items: &["struct Collar", "field Collar.size"],
    },
    // Enums and unions are open: values can be added.
    Case {
        name: "new enum value",
        edits: &[Set(
            "schemas/pet.yaml",
            "PetKind.values.hamster",
            "A hamster.",
        )],
        class: Some(Class::Additive),
        items: &["value PetKind::Hamster"],
    },
    Case {
        name: "enum value removed",
        edits: &[Remove("schemas/pet.yaml", "PetKind.values.pt-br")],
        class: Some(Class::Breaking),
        items: &["value PetKind::PtBr"],
    },
    Case {
        name: "enum value's wire form changed",
        edits: &[
            Rename(
                "schemas/pet.yaml",
                "PetKind.values.GUINEA_PIG",
                "guinea_pig",
            ),
            Set("pets/get.yaml", "example.query_params.kind", "guinea_pig"),
            Set("pets/get.yaml", "example.response.kind", "guinea_pig"),
        ],
        class: Some(Class::Breaking),
        items: &["value PetKind::GuineaPig"],
    },
    Case {
        name: "new union variant",
        edits: &[Set(
            "schemas/filter.yaml",
            "Filter.tagged.variants.named",
            "{ type: string, description: Pets of this name. }",
        )],
        class: Some(Class::Additive),
        items: &["variant Filter::Named"],
    },
    Case {
        name: "union variant removed",
        edits: &[Remove("schemas/filter.yaml", "Filter.tagged.variants.all")],
        class: Some(Class::Breaking),
        items: &["variant Filter::All"],
    },
    Case {
        name: "union variant's type changed",
        edits: &[
            Remove("schemas/filter.yaml", "Filter.tagged.variants.kind.ref"),
            Set(
                "schemas/filter.yaml",
                "Filter.tagged.variants.kind.type",
                "string",
            ),
        ],
        class: Some(Class::Breaking),
        items: &["variant Filter::Kind"],
    },
    // The same calls, sent differently.
    Case {
        name: "endpoint made public",
        edits: &[Set("pets/get.yaml", "auth", "none")],
        class: Some(Class::Additive),
        items: &["method pets.get"],
    },
    // Neither the API nor the code.
    Case {
        name: "docs only",
        edits: &[Set("pets/get.yaml", "summary", "Get one pet.")],
        class: Some(Class::Docs),
        items: &[],
    },
    Case {
        name: "version bumped, nothing else",
        edits: &[Set("api.yaml", "version", "0.2.0")],
        class: None,
        items: &[],
    },
    // Several at once: the most severe class wins, every item is named.
    Case {
        name: "additive edits together",
        edits: &[
            Set("schemas/pet.yaml", "PetKind.values.hamster", "A hamster."),
            Set(
                "pets/get.yaml",
                "query_params.colour",
                "{ type: string, optional: true, description: Only of this colour. }",
            ),
            Set("pets/get.yaml", "summary", "Get one pet."),
        ],
        class: Some(Class::Additive),
        items: &["value PetKind::Hamster", "setter pets.get.colour"],
    },
    Case {
        name: "a new endpoint and a removed enum value",
        edits: &[
            Add("stores/get.yaml", STORE_GET),
            Remove("schemas/pet.yaml", "PetKind.values.pt-br"),
        ],
        class: Some(Class::Breaking),
        items: &[
            "method stores.get",
            "struct StoreDetails",
            "needs StoreDetails",
            "field StoreDetails.store_id",
            "value PetKind::PtBr",
        ],
    },
    Case {
        name: "a setter renamed and a response field added",
        edits: &[
            Rename("stores/list.yaml", "query_params.limit", "page_size"),
            Set(
                "pets/photos/delete.yaml",
                "response.fields.deleted_at",
                "{ type: string, description: When the photo was deleted. }",
            ),
        ],
        class: Some(Class::Breaking),
        items: &[
            "setter stores.list.page_size",
            "field DeletePhotoResponse.deleted_at",
        ],
    },
    // Features: a type comes with any resource that reaches it.
    Case {
        name: "a type another resource starts to use",
        edits: &[Set(
            "stores/notify.yaml",
            "body.fields.pet_kind",
            "{ ref: PetKind, optional: true, description: The kind of pet adopted. }",
        )],
        class: Some(Class::Additive),
        items: &["setter stores.notify.pet_kind", "needs PetKind"],
    },
    Case {
        name: "a type a resource stops using",
        edits: &[Delete("stores/notify.yaml")],
        class: Some(Class::Breaking),
        items: &[
            "method stores.notify",
            "struct NotifyStoreRequest",
            "needs NotifyStoreRequest",
            "struct NotifyStoreResponse",
            "needs NotifyStoreResponse",
            "field NotifyStoreResponse.request_id",
            "needs AdoptionNotice",
        ],
    },
    // `one_of` groups: one enum argument or setter instead of a setter per field.
    Case {
        name: "one_of group added over existing optional fields",
        edits: &[Set(
            "pets/create.yaml",
            "body.one_of",
            "[{ name: extra, description: Tags or attributes., required: false, fields: [tags, attributes] }]",
        )],
        class: Some(Class::Breaking),
        items: &[
            "setter pets.create.tags",
            "setter pets.create.attributes",
            "setter pets.create.extra",
            "one_of CreatePetRequestExtra",
            "needs CreatePetRequestExtra",
            "alternative CreatePetRequestExtra::Tags",
            "alternative CreatePetRequestExtra::Attributes",
        ],
    },
    Case {
        name: "new field in a one_of group",
        edits: &[
            Set(
                "pets/adopt.yaml",
                "body.fields.fax",
                "{ type: string, optional: true, description: A fax number. }",
            ),
            Set(
                "pets/adopt.yaml",
                "body.one_of",
                "[{ name: adopter, description: Who adopts., required: true, fields: [owner_id, owner, portal_token] }, \
                 { name: notice, type_name: AdoptionNotice, description: Where to send the papers., required: false, fields: [email, phone_number, fax] }]",
            ),
            // `stores.notify` shares the enum, so its group gains the field too.
            Set(
                "stores/notify.yaml",
                "body.fields.fax",
                "{ type: string, optional: true, description: A fax number. }",
            ),
            Set(
                "stores/notify.yaml",
                "body.one_of",
                "[{ name: notice, type_name: AdoptionNotice, description: Where to send the papers., required: true, fields: [email, phone_number, fax] }]",
            ),
        ],
        class: Some(Class::Additive),
        items: &["alternative AdoptionNotice::Fax"],
    },
    Case {
        name: "optional one_of group made required",
        edits: &[Set(
            "pets/adopt.yaml",
            "body.one_of",
            "[{ name: adopter, description: Who adopts., required: true, fields: [owner_id, owner, portal_token] }, \
             { name: notice, type_name: AdoptionNotice, description: Where to send the papers., required: true, fields: [email, phone_number] }]",
        )],
        class: Some(Class::Breaking),
        items: &["method pets.adopt", "setter pets.adopt.notice"],
    },
];
#[test]
fn spec_edits_get_their_semver_class_and_name_their_items() {
    assert!(CASES.len() >= 25, "the table covers every kind of edit");
    let base = codegen::generate(&fixture("features")).expect("the fixture generates");
    let mut failures = Vec::new();
    for case in CASES {
        let dir = TempDir::new("semver");
        copy_tree(&fixture("features"), dir.path(), false);
        for edit in case.edits {
            apply(dir.path(), edit);
        }
        let edited = codegen::generate(dir.path())
            .unwrap_or_else(|diagnostics| panic!("{}: the edited spec:\n{diagnostics}", case.name));
        let diff = compare(&base.manifest, &edited.manifest);
        let code_changed = base.files.iter().zip(&edited.files).any(|(a, b)| a != b)
            || base.files.len() != edited.files.len();
        // No API change but other code: documentation.
        let class = diff.class().or_else(|| {
            (code_changed && diff.old_version == diff.new_version).then_some(Class::Docs)
        });
        let mut items: Vec<String> = diff.changes.iter().map(|change| change.item()).collect();
        let mut expected: Vec<String> = case.items.iter().map(|item| item.to_string()).collect();
        items.sort();
        expected.sort();
        if class != case.class || items != expected {
            failures.push(format!(
                "{}: expected {:?} {expected:?}, got {class:?} {items:?}\n{}",
                case.name,
                case.class,
                diff.report()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn apply(spec: &Path, edit: &Edit) {
    match *edit {
        Add(file, text) => fs::write(spec.join(file), text).expect("write a new spec file"),
        Delete(file) => fs::remove_file(spec.join(file)).expect("delete a spec file"),
        Set(file, path, value) => edit_yaml(spec, file, path, |map, key| {
            let value = serde_yaml::from_str(value).expect("a YAML value");
            map.insert(Value::from(key), value);
        }),
        Remove(file, path) => edit_yaml(spec, file, path, |map, key| {
            map.remove(key)
                .unwrap_or_else(|| panic!("{file}: no `{path}` to remove"));
        }),
        Rename(file, path, new_key) => edit_yaml(spec, file, path, |map, key| {
            assert!(map.contains_key(key), "{file}: no `{path}` to rename");
            *map = std::mem::take(map)
                .into_iter()
                .map(|(k, v)| match k.as_str() == Some(key) {
                    true => (Value::from(new_key), v),
                    false => (k, v),
                })
                .collect();
        }),
    }
}

/// Runs `change` on the mapping that holds the last key of `path`, and writes the file back.
fn edit_yaml(spec: &Path, file: &str, path: &str, change: impl FnOnce(&mut Mapping, &str)) {
    let file_path = spec.join(file);
    let text = fs::read_to_string(&file_path).expect("read a spec file");
    let mut document: Value = serde_yaml::from_str(&text).expect("a YAML spec file");
    let (parents, last) = path.rsplit_once('.').map_or(("", path), |(a, b)| (a, b));
    let mut node = &mut document;
    for key in parents.split('.').filter(|key| !key.is_empty()) {
        node = node
            .get_mut(key)
            .unwrap_or_else(|| panic!("{file}: no `{key}` on the way to `{path}`"));
    }
    let map = node
        .as_mapping_mut()
        .unwrap_or_else(|| panic!("{file}: `{parents}` is not a mapping"));
    change(map, last);
    fs::write(&file_path, serde_yaml::to_string(&document).expect("YAML")).expect("write");
}

/// The manifest reads back as what was written, so the previous one on disk can be compared.
#[test]
fn manifest_reads_back_as_written() {
    for name in ["features", "minimal"] {
        let generated = codegen::generate(&fixture(name)).expect("the fixture generates");
        let text = generated.manifest.render();
        assert_eq!(text.parse::<Manifest>(), Ok(generated.manifest), "{name}");
    }
    // A wire value with a backtick is escaped: the changelog quotes lines between backticks.
    let odd = TempDir::new("backtick");
    copy_tree(&fixture("features"), odd.path(), false);
    apply(
        odd.path(),
        &Set("schemas/pet.yaml", "PetKind.values.odd`one", "Odd."),
    );
    let generated = codegen::generate(odd.path()).expect("the edited fixture generates");
    let text = generated.manifest.render();
    assert!(
        text.contains("value PetKind::OddOne = \"odd\\u{60}one\"\n"),
        "{text}"
    );
    assert_eq!(text.parse::<Manifest>(), Ok(generated.manifest));

    let not_a_manifest = "version 0.1.0\nmethod\n".parse::<Manifest>();
    assert_eq!(
        not_a_manifest,
        Err("line 2: `method` is not `<kind> <item>`".to_owned())
    );
    assert!(
        "field Pet.id: String\n".parse::<Manifest>().is_err(),
        "no version"
    );
}

#[test]
fn bumps_follow_the_0x_policy() {
    let v = Version::new;
    assert_eq!(v(0, 1, 3).needed_for(Class::Breaking), Some(v(0, 2, 0)));
    assert_eq!(v(0, 1, 3).needed_for(Class::Additive), Some(v(0, 1, 4)));
    assert_eq!(v(0, 1, 3).needed_for(Class::Docs), None);
    assert_eq!(v(1, 4, 2).needed_for(Class::Breaking), Some(v(2, 0, 0)));
    assert_eq!(v(1, 4, 2).needed_for(Class::Additive), Some(v(1, 5, 0)));
    for bad in ["1.2", "0.1.0-beta", "01.2.3", "1.2.x", ""] {
        assert!(bad.parse::<Version>().is_err(), "{bad:?}");
    }
}

#[test]
fn the_report_ends_with_the_version_the_change_needs() {
    let base = codegen::generate(&fixture("features")).expect("the fixture generates");
    let dir = TempDir::new("report");
    copy_tree(&fixture("features"), dir.path(), false);
    apply(
        dir.path(),
        &Remove("schemas/pet.yaml", "PetKind.values.pt-br"),
    );
    apply(dir.path(), &Set("api.yaml", "version", "0.1.3"));
    let before = codegen::generate(dir.path()).expect("generates");
    apply(dir.path(), &Remove("pets/get.yaml", "query_params.since"));
    let after = codegen::generate(dir.path()).expect("generates");
    let report = compare(&before.manifest, &after.manifest).report();
    assert_eq!(
        report,
        "  breaking  removed  setter pets.get.since(i64) (removed: code using it stops compiling)\n\
         breaking: needs 0.2.0 (now 0.1.3)\n"
    );
    assert_eq!(
        compare(&base.manifest, &base.manifest).report(),
        "",
        "no change, no report"
    );
}

#[test]
fn a_malformed_version_is_reported_where_it_is() {
    for (value, message) in [
        ("1.2", "`1.2` is not a crate version"),
        ("0.1.0-beta", "`0.1.0-beta` is not a crate version"),
    ] {
        let dir = TempDir::new("version");
        copy_tree(&fixture("minimal"), dir.path(), false);
        apply(dir.path(), &Set("api.yaml", "version", value));
        let diagnostics = codegen::generate(dir.path())
            .expect_err("a malformed version is an error")
            .to_string();
        assert!(
            diagnostics.contains("api.yaml") && diagnostics.contains(message),
            "{value}: {diagnostics}"
        );
    }
}

/// The `[features]` table of a client's Cargo.toml, with the lines between which the generator
/// writes the resource features.
const FEATURES: &str = "[features]\ndefault = [\"full\"]\n\
    # begin: resource features (written by `cargo xtask generate`)\n\
    # end: resource features\n";

/// The version goes into Cargo.toml; the changelog follows the manifest: changes gather under
/// "Unreleased", one undone leaves no trace, and a big enough bump releases them.
#[test]
fn changelog_and_cargo_toml_follow_the_spec() {
    let spec = TempDir::new("changelog-spec");
    let out = TempDir::new("changelog-out");
    copy_tree(&fixture("features"), spec.path(), false);
    fs::write(
        out.path().join("Cargo.toml"),
        format!("[package]\nname = \"pets\"\nversion = \"0.0.0\"\n\n{FEATURES}\n[dependencies]\nversion = \"1\"\n"),
    )
    .expect("write Cargo.toml");
    let regenerate = |spec: &Path| {
        let generated = codegen::generate(spec).expect("generates");
        let previous = fs::read_to_string(out.path().join(codegen::MANIFEST_FILE))
            .ok()
            .map(|text| text.parse::<Manifest>().expect("a manifest"));
        codegen::write(out.path(), &generated.files).expect("write");
        codegen::write_package(out.path(), &generated.manifest, previous.as_ref())
            .expect("write the package")
    };
    let changelog = || fs::read_to_string(out.path().join("CHANGELOG.md")).expect("a changelog");
    let unreleased = || {
        let text = changelog();
        let start = text.find("## [Unreleased]").expect("an Unreleased section");
        let end = text[start + 1..]
            .find("\n## ")
            .map_or(text.len(), |at| start + at + 2);
        text[start..end].to_owned()
    };

    let first = regenerate(spec.path());
    assert!(first.version_written && first.changelog_written);
    let cargo_toml = fs::read_to_string(out.path().join("Cargo.toml")).expect("read");
    let features = FEATURES.replace(
        "\n# end",
        "\nfull = [\"pets\", \"stores\"]\npets = []\nstores = []\n# end",
    );
    assert_eq!(
        cargo_toml,
        format!(
            "[package]\nname = \"pets\"\nversion = \"0.1.0\"\n\n{features}\n[dependencies]\nversion = \"1\"\n"
        ),
        "only the package's version and the resource features change"
    );
    assert_eq!(unreleased(), "## [Unreleased]\n");
    let generated = codegen::generate(spec.path()).expect("generates");
    assert_eq!(
        codegen::check_package(out.path(), &generated.manifest).expect("check"),
        Vec::new()
    );
    let mut other_version = generated.manifest.clone();
    other_version.version = Version::new(0, 2, 0);
    assert_eq!(
        codegen::check_package(out.path(), &other_version).expect("check"),
        vec![codegen::Staleness::Changed("Cargo.toml".into())]
    );
    let mut other_features = generated.manifest.clone();
    other_features
        .items
        .retain(|item| item.kind != codegen::manifest::Kind::Feature);
    assert_eq!(
        codegen::check_package(out.path(), &other_features).expect("check"),
        vec![codegen::Staleness::Changed("Cargo.toml".into())],
        "a resource feature more or less is a change of Cargo.toml"
    );
    // Without the marker lines the generator has nowhere to write the features: it says so.
    fs::write(
        out.path().join("Cargo.toml"),
        "[package]\nname = \"pets\"\nversion = \"0.1.0\"\n",
    )
    .expect("write Cargo.toml");
    let error =
        codegen::check_package(out.path(), &generated.manifest).expect_err("no marker lines");
    assert!(
        error.to_string().contains("# begin: resource features"),
        "{error}"
    );
    fs::write(
        out.path().join("Cargo.toml"),
        format!("[package]\nname = \"pets\"\nversion = \"0.1.0\"\n\n{features}"),
    )
    .expect("write Cargo.toml");

    apply(
        spec.path(),
        &Remove("schemas/pet.yaml", "PetKind.values.pt-br"),
    );
    regenerate(spec.path());
    apply(
        spec.path(),
        &Set("schemas/pet.yaml", "PetKind.values.hamster", "A hamster."),
    );
    let report = regenerate(spec.path());
    assert_eq!(
        unreleased(),
        "## [Unreleased]\n\n### Added\n\n- Added `value PetKind::Hamster = \"hamster\"`\n\n\
         ### Removed\n\n- **Breaking:** Removed `value PetKind::PtBr = \"pt-br\"`\n"
    );
    assert_eq!(
        report.changelog.unreleased.verdict().as_deref(),
        Some("breaking: needs 0.2.0 (now 0.1.0)"),
        "the verdict covers every unreleased change"
    );

    // Undoing a change removes its entry; running again changes nothing.
    apply(
        spec.path(),
        &Set("schemas/pet.yaml", "PetKind.values.pt-br", "Back."),
    );
    regenerate(spec.path());
    let again = regenerate(spec.path());
    assert!(!again.changelog_written && !again.version_written);
    assert_eq!(
        unreleased(),
        "## [Unreleased]\n\n### Added\n\n- Added `value PetKind::Hamster = \"hamster\"`\n"
    );

    // A breaking change with too small a bump stays unreleased; the right bump releases it.
    apply(spec.path(), &Remove("pets/get.yaml", "query_params.since"));
    apply(spec.path(), &Set("api.yaml", "version", "0.1.1"));
    let small = regenerate(spec.path());
    assert_eq!(small.changelog.released, None);
    assert_eq!(
        small.changelog.unreleased.verdict().as_deref(),
        Some("breaking: needs 0.2.0 (was 0.1.0; spec/api.yaml has 0.1.1: not enough)")
    );
    apply(spec.path(), &Set("api.yaml", "version", "0.2.0"));
    let released = regenerate(spec.path());
    assert_eq!(released.changelog.released, Some(Version::new(0, 2, 0)));
    assert_eq!(unreleased(), "## [Unreleased]\n\n");
    assert!(
        changelog().contains(
            "## [0.2.0]\n\n### Added\n\n- Added `value PetKind::Hamster = \"hamster\"`\n\n\
             ### Removed\n\n- **Breaking:** Removed `setter pets.get.since(i64)`\n"
        ),
        "{}",
        changelog()
    );
    assert!(
        fs::read_to_string(out.path().join("Cargo.toml"))
            .expect("read")
            .contains("version = \"0.2.0\"")
    );
    let settled = regenerate(spec.path());
    assert!(!settled.changelog_written, "a release happens once");
}
