//! A corpus of broken specs, each a broken copy of the `features` fixture with an insta snapshot
//! of the exact diagnostics.
//!
//! Every case must be rejected (not accepted, no panic, no hang) with diagnostics that each name a
//! file relative to the spec directory. The snapshot of a case is the `Display` of its diagnostics,
//! with the case's `why` as the snapshot's description.

use std::any::Any;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use codegen::Diagnostics;

use crate::generator::{TempDir, copy_tree, fixture};

/// A case that takes longer than this counts as a hang.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// What one case may add to the process's peak memory: spec files are at most 4 MiB, and
/// hostile ones (alias bombs, deep nesting) must not make the generator use much more.
const CASE_MEMORY_LIMIT_BYTES: u64 = 256 * 1024 * 1024;

/// The test process must stay below this peak memory, whatever the cases contain.
const MEMORY_LIMIT_BYTES: u64 = 1024 * 1024 * 1024;

/// One broken spec: a copy of the `features` fixture with `edits` applied in order.
struct Case {
    /// `snake_case`; the snapshot's name.
    name: &'static str,
    /// What the edits break; the snapshot's description.
    why: &'static str,
    edits: &'static [Edit],
}

/// A change to the copy of the fixture; paths are relative to the spec directory.
enum Edit {
    /// Replaces `find`, which must occur exactly once in `file`, by `with`.
    Replace {
        file: &'static str,
        find: &'static str,
        with: &'static str,
    },
    /// Writes `file` (creating folders) with exactly these bytes.
    Write {
        file: &'static str,
        contents: &'static [u8],
    },
    /// Writes `file` with bytes made at test time (too large or too repetitive to write out).
    Generated {
        file: &'static str,
        make: fn() -> Vec<u8>,
    },
    /// Renames a file or a folder.
    Rename {
        from: &'static str,
        to: &'static str,
    },
    /// Removes a file.
    Delete { file: &'static str },
}

use Edit::{Delete, Generated, Rename, Replace, Write};

/// A "billion laughs" list of nine levels, each item nine aliases of the level before: 9^9 strings
/// if the aliases were expanded. `$indent` is put before each line.
macro_rules! laughs {
    ($indent:literal) => {
        concat!(
            $indent,
            "- &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
            $indent,
            "- &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n",
            $indent,
            "- &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
            $indent,
            "- &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
            $indent,
            "- &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
            $indent,
            "- &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
            $indent,
            "- &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
            $indent,
            "- &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n",
            $indent,
            "- &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n",
        )
    };
}

/// An endpoint file of about 5 MiB (over the 4 MiB limit) that is otherwise a valid spec file.
fn huge_endpoint() -> Vec<u8> {
    let mut text = String::from(
        "method: GET\npath: /v1/pets/search\nsummary: Search with very many filters.\nquery_params:\n",
    );
    let mut index = 0;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(&format!(
            "  filter_{index:06}:\n    type: string\n    optional: true\n    description: Filter number {index}, one of very many.\n"
        ));
        index += 1;
    }
    text.push_str("response: { ref: Pet }\n");
    text.into_bytes()
}

/// 10,000 nested flow sequences as the value of `description`.
fn deep_flow_nesting() -> Vec<u8> {
    let depth = 10_000;
    format!(
        "method: GET\npath: /v1/stores\nsummary: List the stores.\ndescription: {}{}\nresponse: {{ ref: Owner }}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    )
    .into_bytes()
}

/// 10,000 nested block sequences (`- - - … x`) as the value of `description`.
fn deep_block_nesting() -> Vec<u8> {
    format!(
        "method: GET\npath: /v1/stores\nsummary: List the stores.\ndescription:\n{}x\nresponse: {{ ref: Owner }}\n",
        "- ".repeat(10_000)
    )
    .into_bytes()
}

/// An array type nested 10,000 deep, in flow style, as the response's only field.
fn deep_array_items() -> Vec<u8> {
    let depth = 10_000;
    format!(
        "method: GET\npath: /v1/stores\nsummary: List the stores.\nresponse:\n  name: StoreList\n  description: Stores.\n  fields:\n    stores:\n      description: Deep.\n      type: array\n      items: {}{{ type: string }}{}\n",
        "{ type: array, items: ".repeat(depth),
        " }".repeat(depth)
    )
    .into_bytes()
}

/// A small valid endpoint file on `path`, for cases that add endpoints.
macro_rules! endpoint {
    ($path:literal) => {
        concat!(
            "method: GET\npath: ",
            $path,
            "\nsummary: An extra endpoint.\nresponse: { ref: Owner }\n"
        )
        .as_bytes()
    };
}

const CASES: &[Case] = &[
    // ---- Files that are not YAML, or not parseable ----
    Case {
        name: "yaml_syntax_error",
        why: "A quoted scalar that is never closed.",
        edits: &[Replace {
            file: "stores/list.yaml",
            find: "summary: List the stores.",
            with: "summary: \"List the stores.",
        }],
    },
    Case {
        name: "yaml_bad_indentation",
        why: "A key indented deeper than its siblings.",
        edits: &[Replace {
            file: "stores/list.yaml",
            find: "summary: List the stores.\n",
            with: "summary: List the stores.\n   description: Misplaced.\n",
        }],
    },
    Case {
        name: "under_indented_line",
        why: "A field's `description` indented one space less than its `type`: a YAML syntax error, which serde first sees as a missing `description`.",
        edits: &[Replace {
            file: "pets/photos/delete.yaml",
            find: "      type: string\n      description: The deleted photo's ID.",
            with: "      type: string\n     description: The deleted photo's ID.",
        }],
    },
    Case {
        name: "parameter_named_like_a_builder_method",
        why: "A query parameter `timeout`, and a body field whose `rust_name` is `body_`, the request builder's own method and state.",
        edits: &[
            Replace {
                file: "stores/list.yaml",
                find: "  limit:\n",
                with: "  timeout:\n    type: int32\n    optional: true\n    description: Seconds.\n  limit:\n",
            },
            Replace {
                file: "pets/create.yaml",
                find: "    age_in_days:\n      type: int64\n",
                with: "    age_in_days:\n      type: int64\n      rust_name: body_\n",
            },
        ],
    },
    Case {
        name: "setters_of_a_type_users_build_collide",
        why: "`Owner` is sent in requests, so users build it with `Owner::new` and setters: an optional field `new` would be a setter named like the constructor, and an optional `clear_nickname` like the method that clears the nullable `nickname`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "    email:\n      type: string\n      optional: true\n      description: The owner's email address.\n",
            with: "    email:\n      type: string\n      optional: true\n      description: The owner's email address.\n    new:\n      type: boolean\n      optional: true\n      description: Whether the owner is new.\n    nickname:\n      type: string\n      optional: true\n      nullable: true\n      description: A nickname.\n    clear_nickname:\n      type: boolean\n      optional: true\n      description: Whether to forget the nickname.\n",
        }],
    },
    Case {
        name: "names_the_crate_root_already_holds",
        why: "A top-level folder `new` (like `Client::new`) and an authorization `client` (whose enum would be `Client`).",
        edits: &[
            Rename {
                from: "stores",
                to: "new",
            },
            Replace {
                file: "api.yaml",
                find: "  stores:\n",
                with: "  new:\n",
            },
            Replace {
                file: "api.yaml",
                find: "  acting_user:\n",
                with: "  client:\n",
            },
            Replace {
                file: "pets/create.yaml",
                find: "authorization: acting_user",
                with: "authorization: client",
            },
            Replace {
                file: "pets/photos/delete.yaml",
                find: "authorization: acting_user",
                with: "authorization: client",
            },
        ],
    },
    Case {
        name: "resource_named_like_a_feature_of_the_crate",
        why: "A top-level folder `tracing`: its Cargo feature would be the crate's own `tracing` feature (spans per request).",
        edits: &[
            Rename {
                from: "stores",
                to: "tracing",
            },
            Replace {
                file: "api.yaml",
                find: "  stores:\n",
                with: "  tracing:\n",
            },
        ],
    },
    Case {
        name: "empty_file",
        why: "An endpoint file with no bytes at all.",
        edits: &[Write {
            file: "stores/list.yaml",
            contents: b"",
        }],
    },
    Case {
        name: "only_whitespace_and_comments",
        why: "An endpoint file with blank lines and comments only.",
        edits: &[Write {
            file: "stores/list.yaml",
            contents: b"\n   \n# Listing the stores: to be written.\n\n  # nothing yet\n",
        }],
    },
    Case {
        name: "tab_indentation",
        why: "A line indented with a tab, which YAML does not allow.",
        edits: &[Replace {
            file: "stores/list.yaml",
            find: "  name: StoreList\n",
            with: "\tname: StoreList\n",
        }],
    },
    Case {
        name: "non_utf8_bytes",
        why: "An endpoint file with bytes that are not UTF-8 on line 2.",
        edits: &[Write {
            file: "pets/get.yaml",
            contents: b"method: GET\npath: /v1/\xff\xfe\n",
        }],
    },
    Case {
        name: "top_level_not_a_mapping",
        why: "A schema file that is a list instead of a mapping of names to schemas.",
        edits: &[Write {
            file: "schemas/problem.yaml",
            contents: b"- Problem\n- Owner\n",
        }],
    },
    // ---- Values of the wrong type, unknown keys ----
    Case {
        name: "wrong_type_format_version",
        why: "`format_version: one` where a number is expected.",
        edits: &[Replace {
            file: "api.yaml",
            find: "format_version: 1",
            with: "format_version: one",
        }],
    },
    Case {
        name: "wrong_type_optional",
        why: "`optional: maybe` where a boolean is expected.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      type: number\n      optional: true\n",
            with: "      type: number\n      optional: maybe\n",
        }],
    },
    Case {
        name: "unknown_type_keyword",
        why: "`type: integer`, which is not one of the type keywords.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      type: int64\n",
            with: "      type: integer\n",
        }],
    },
    Case {
        name: "misspelt_key_in_api_yaml",
        why: "`doc_url` for `docs_url` in api.yaml.",
        edits: &[Replace {
            file: "api.yaml",
            find: "docs_url: https://docs.example.com/pets",
            with: "doc_url: https://docs.example.com/pets",
        }],
    },
    Case {
        name: "misspelt_key_in_schema_field",
        why: "`rustname` for `rust_name` in a field of a schema.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "rust_name: label",
            with: "rustname: label",
        }],
    },
    Case {
        name: "misspelt_key_in_endpoint",
        why: "`sumary` for `summary` at the top of an endpoint file.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "summary:",
            with: "sumary:",
        }],
    },
    Case {
        name: "duplicate_key_in_endpoint",
        why: "`summary` twice at the top of an endpoint file.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "summary: Get a pet.\n",
            with: "summary: Get a pet.\nsummary: Get one pet.\n",
        }],
    },
    Case {
        name: "duplicate_key_in_fields",
        why: "The field `weight` twice in one `fields` mapping.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "    vaccinated:\n",
            with: "    weight:\n      type: number\n      description: The weight again.\n    vaccinated:\n",
        }],
    },
    // ---- Paths and path parameters ----
    Case {
        name: "undeclared_path_placeholder",
        why: "A `{photo_id}` placeholder with no entry under path_params.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "path: /v1/pets/{pet_id}",
            with: "path: /v1/pets/{pet_id}/{photo_id}",
        }],
    },
    Case {
        name: "path_param_not_in_path",
        why: "A declared path param whose placeholder was dropped from the path.",
        edits: &[Replace {
            file: "pets/photos/delete.yaml",
            find: "path: /v1/pets/{pet_id}/photos/{photo_id}",
            with: "path: /v1/pets/{pet_id}/photos",
        }],
    },
    Case {
        name: "path_placeholder_used_twice",
        why: "The placeholder `{pet_id}` twice in one path.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "path: /v1/pets/{pet_id}",
            with: "path: /v1/pets/{pet_id}/{pet_id}",
        }],
    },
    Case {
        name: "path_without_leading_slash",
        why: "A path that does not start with `/`.",
        edits: &[Replace {
            file: "stores/list.yaml",
            find: "path: /v1/stores",
            with: "path: v1/stores",
        }],
    },
    Case {
        name: "path_with_unclosed_brace",
        why: "A `{` with no `}` in a path.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "path: /v1/pets/{pet_id}",
            with: "path: /v1/pets/{pet_id",
        }],
    },
    Case {
        name: "optional_path_param",
        why: "`optional: true` on a path parameter.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "  pet_id:\n    type: string\n",
            with: "  pet_id:\n    type: string\n    optional: true\n",
        }],
    },
    // ---- Routes and names that collide ----
    Case {
        name: "same_method_and_path_twice",
        why: "A second endpoint file for `GET /v1/stores`.",
        edits: &[Write {
            file: "stores/list_again.yaml",
            contents: endpoint!("/v1/stores"),
        }],
    },
    Case {
        name: "same_route_with_a_trailing_slash",
        why: "`GET /v1/stores/` next to `GET /v1/stores`: servers route them alike.",
        edits: &[Write {
            file: "stores/list_again.yaml",
            contents: endpoint!("/v1/stores/"),
        }],
    },
    Case {
        name: "same_route_with_other_placeholder_names",
        why: "`GET /v1/pets/{a}` and `GET /v1/pets/{b}`: the same route.",
        edits: &[
            Replace {
                file: "pets/get.yaml",
                find: "path: /v1/pets/{pet_id}",
                with: "path: /v1/pets/{a}",
            },
            Replace {
                file: "pets/get.yaml",
                find: "  pet_id:\n",
                with: "  a:\n",
            },
            Write {
                file: "pets/fetch.yaml",
                contents: b"method: GET\npath: /v1/pets/{b}\nsummary: Fetch a pet.\npath_params:\n  b: { type: string, description: The pet's ID. }\nresponse: { ref: Pet }\n",
            },
        ],
    },
    Case {
        name: "field_names_collide_after_case_conversion",
        why: "The fields `memberId` and `member_id` both become `member_id`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "    email:\n",
            with: "    memberId:\n      type: string\n      description: The member, in camelCase.\n    member_id:\n      type: string\n      description: The member, in snake_case.\n    email:\n",
        }],
    },
    Case {
        name: "field_names_collide_with_the_first_in_camel_case",
        why: "A `created_at` field before the fixture's `createdAt`: both become `created_at`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "    createdAt:\n",
            with: "    created_at:\n      type: string\n      description: A twin.\n    createdAt:\n",
        }],
    },
    Case {
        name: "operation_file_not_snake_case",
        why: "`get_pet.yaml` and `getPet.yaml`: the second is not snake_case (and would be the same method).",
        edits: &[
            Write {
                file: "pets/get_pet.yaml",
                contents: endpoint!("/v1/pets/details"),
            },
            Write {
                file: "pets/getPet.yaml",
                contents: endpoint!("/v1/pets/summary"),
            },
        ],
    },
    Case {
        name: "request_types_collide",
        why: "`list2.yaml` and `list_2.yaml` are both snake_case but both make the request type `StoresList2`.",
        edits: &[
            Write {
                file: "stores/list2.yaml",
                contents: endpoint!("/v1/stores/2"),
            },
            Write {
                file: "stores/list_2.yaml",
                contents: endpoint!("/v1/stores/two"),
            },
        ],
    },
    Case {
        name: "method_clashes_with_sub_resource",
        why: "An endpoint file `pets/photos.yaml` next to the sub-resource folder `pets/photos/`.",
        edits: &[Write {
            file: "pets/photos.yaml",
            contents: endpoint!("/v1/pets/photos"),
        }],
    },
    Case {
        name: "request_type_clashes_with_resource_type",
        why: "A folder `stores/stores_list/`: its resource struct `StoresList` is the request type of `stores/list.yaml`.",
        edits: &[
            Write {
                file: "stores/stores_list/get.yaml",
                contents: endpoint!("/v1/stores/lists"),
            },
            Replace {
                file: "api.yaml",
                find: "    description: The stores of the account.\n",
                with: "    description: The stores of the account.\n  stores/stores_list:\n    description: Lists of stores.\n",
            },
        ],
    },
    Case {
        name: "request_types_collide_across_folders",
        why: "`stores/pets_get.yaml` and `stores_pets/get.yaml` are in different resources, but both make the request type `StoresPetsGet`: builder names are unique in the crate.",
        edits: &[
            Write {
                file: "stores/pets_get.yaml",
                contents: endpoint!("/v1/stores/pets"),
            },
            Write {
                file: "stores_pets/get.yaml",
                contents: endpoint!("/v1/store-pets"),
            },
            Replace {
                file: "api.yaml",
                find: "    description: The stores of the account.\n",
                with: "    description: The stores of the account.\n  stores_pets:\n    description: Pets by store.\n",
            },
        ],
    },
    Case {
        name: "request_type_clashes_with_a_type",
        why: "A schema `PetsGet` is named like the request type of `pets/get.yaml`.",
        edits: &[Write {
            file: "schemas/pets_get.yaml",
            contents: b"PetsGet:\n  description: Named like a request.\n  fields:\n    name: { type: string, description: A name. }\n",
        }],
    },
    Case {
        name: "wrong_value_in_a_schema_example",
        why: "`Owner`'s example has a list for its name; endpoint examples that leave an `Owner` out (to fill it from there) are not reported again.",
        edits: &[
            Replace {
                file: "schemas/pet.yaml",
                find: "    name: Ada Lovelace\n",
                with: "    name: [Ada, Lovelace]\n",
            },
            Write {
                file: "stores/owner.yaml",
                contents: b"method: GET\npath: /v1/stores/owner\nsummary: The owner of the stores.\nresponse:\n  name: StoreOwner\n  description: The owner.\n  fields:\n    owner: { ref: Owner, description: The owner. }\n    previous: { type: array, items: { ref: Owner }, description: Earlier owners. }\nexample:\n  response: {}\n",
            },
        ],
    },
    Case {
        name: "duplicate_schema_across_files",
        why: "`Owner` defined in schemas/pet.yaml and again in schemas/owner.yaml.",
        edits: &[Write {
            file: "schemas/owner.yaml",
            contents: b"Owner:\n  description: Another owner.\n  fields:\n    name:\n      type: string\n      description: The name.\n",
        }],
    },
    Case {
        name: "inline_object_named_like_a_schema",
        why: "An inline object named `Owner`, the name of a schema.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "name: PetLocation",
            with: "name: Owner",
        }],
    },
    // ---- Names that cannot be Rust names ----
    Case {
        name: "type_named_self",
        why: "An inline object named `Self`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "name: PetLocation",
            with: "name: Self",
        }],
    },
    Case {
        name: "schema_name_not_pascal_case",
        why: "A schema named `pet_owner`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "Owner:\n  description: A person who adopted a pet.",
            with: "pet_owner:\n  description: A person who adopted a pet.",
        }],
    },
    Case {
        name: "operation_file_starts_with_digit",
        why: "An endpoint file `pets/2fa.yaml`: no method name can be made from it.",
        edits: &[Write {
            file: "pets/2fa.yaml",
            contents: endpoint!("/v1/pets/2fa"),
        }],
    },
    Case {
        name: "field_starts_with_digit",
        why: "A field named `2fa`: no Rust field name can be made from it.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "    email:\n",
            with: "    2fa:\n      type: boolean\n      description: Whether 2FA is on.\n    email:\n",
        }],
    },
    Case {
        name: "rust_name_not_an_identifier",
        why: "`rust_name: \"my-name\"`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "rust_name: label",
            with: "rust_name: \"my-name\"",
        }],
    },
    Case {
        name: "folder_not_snake_case",
        why: "The resource folder `pets/` renamed `Pets/` (and api.yaml's resources to match).",
        edits: &[
            Rename {
                from: "pets",
                to: "Pets",
            },
            Replace {
                file: "api.yaml",
                find: "  pets:\n",
                with: "  Pets:\n",
            },
            Replace {
                file: "api.yaml",
                find: "  pets/photos:\n",
                with: "  Pets/photos:\n",
            },
        ],
    },
    // ---- Schemas and types ----
    Case {
        name: "unknown_schema_with_hint",
        why: "`ref: Ownr`, close to `Owner`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "ref: Owner",
            with: "ref: Ownr",
        }],
    },
    Case {
        name: "unknown_schema_without_hint",
        why: "`ref: Zebra`, close to no schema.",
        edits: &[Replace {
            file: "pets/create.yaml",
            find: "ref: Owner",
            with: "ref: Zebra",
        }],
    },
    Case {
        name: "schema_contains_itself",
        why: "`Node` has a required field of type `Node`: no finite value exists.",
        edits: &[Write {
            file: "schemas/node.yaml",
            contents: b"Node:\n  description: A list that never ends.\n  fields:\n    next:\n      ref: Node\n      description: The next node.\n",
        }],
    },
    Case {
        name: "schemas_contain_each_other",
        why: "`Chicken` requires an `Egg`, which requires a `Chicken`.",
        edits: &[Write {
            file: "schemas/cycle.yaml",
            contents: b"Chicken:\n  description: Comes from an egg.\n  fields:\n    egg: { ref: Egg, description: Its egg. }\nEgg:\n  description: Comes from a chicken.\n  fields:\n    chicken: { ref: Chicken, description: Its chicken. }\n",
        }],
    },
    Case {
        name: "type_and_ref_both_set",
        why: "A field with both `type` and `ref`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      ref: Owner\n",
            with: "      type: string\n      ref: Owner\n",
        }],
    },
    Case {
        name: "neither_type_nor_ref",
        why: "A field with neither `type` nor `ref`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "    age_in_days:\n      type: int64\n",
            with: "    age_in_days:\n",
        }],
    },
    Case {
        name: "array_without_items",
        why: "`type: array` with no `items`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      type: array\n      items: { type: string }\n",
            with: "      type: array\n",
        }],
    },
    Case {
        name: "inline_object_without_name",
        why: "`type: object` with `fields` but no `name`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      name: PetLocation\n",
            with: "",
        }],
    },
    Case {
        name: "empty_description",
        why: "`description: \"\"` on a schema field.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "description: Weight in kilograms.",
            with: "description: \"\"",
        }],
    },
    Case {
        name: "nullable_without_optional",
        why: "`nullable: true` on a required field.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      type: boolean\n      description: Whether the pet is vaccinated.\n",
            with: "      type: boolean\n      nullable: true\n      description: Whether the pet is vaccinated.\n",
        }],
    },
    Case {
        name: "schema_with_fields_and_values",
        why: "A schema with both `fields` and `values`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "  description: The species of a pet.\n",
            with: "  description: The species of a pet.\n  fields:\n    name: { type: string, description: A name. }\n",
        }],
    },
    Case {
        name: "schema_with_neither_fields_nor_values",
        why: "A schema with only a description.",
        edits: &[Write {
            file: "schemas/empty.yaml",
            contents: b"Nothing:\n  description: Neither a struct nor an enum.\n",
        }],
    },
    Case {
        name: "enum_without_values",
        why: "An enum schema with `values: {}`.",
        edits: &[Write {
            file: "schemas/empty.yaml",
            contents: b"Color:\n  description: No colors at all.\n  values: {}\n",
        }],
    },
    Case {
        name: "enum_value_becomes_unknown",
        why: "An enum value `unknown`, whose variant would be the catch-all `Unknown`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "    cat: A cat.\n",
            with: "    cat: A cat.\n    unknown: Not known.\n",
        }],
    },
    Case {
        name: "enum_values_collide",
        why: "Enum values `guinea_pig` and `GUINEA_PIG` both become `GuineaPig`.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "    cat: A cat.\n",
            with: "    cat: A cat.\n    guinea_pig: Another guinea pig.\n",
        }],
    },
    Case {
        name: "enum_value_starts_with_digit",
        why: "An enum value `3d`: no variant name can be made from it.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "    cat: A cat.\n",
            with: "    cat: A cat.\n    3d: A three-dimensional pet.\n",
        }],
    },
    // ---- Endpoints ----
    Case {
        name: "invalid_http_method",
        why: "`method: FETCH`.",
        edits: &[Replace {
            file: "stores/list.yaml",
            find: "method: GET",
            with: "method: FETCH",
        }],
    },
    Case {
        name: "lower_case_http_method",
        why: "`method: get`.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "method: GET",
            with: "method: get",
        }],
    },
    Case {
        name: "header_name_with_space",
        why: "`header: X Tenant`.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "header: X-Tenant",
            with: "header: X Tenant",
        }],
    },
    Case {
        name: "header_name_with_colon",
        why: "`header: \"X-Tenant:\"`.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "header: X-Tenant",
            with: "header: \"X-Tenant:\"",
        }],
    },
    Case {
        name: "authorization_header_name_with_space",
        why: "An authorization variant's `header: X User Token` in api.yaml.",
        edits: &[Replace {
            file: "api.yaml",
            find: "header: X-User-Token",
            with: "header: X User Token",
        }],
    },
    Case {
        name: "array_query_param",
        why: "A query parameter of `type: array`.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "  fields:\n    type: string\n",
            with: "  fields:\n    type: array\n    items: { type: string }\n",
        }],
    },
    Case {
        name: "get_with_body",
        why: "A GET endpoint with a request body.",
        edits: &[Replace {
            file: "stores/list.yaml",
            find: "summary: List the stores.\n",
            with: "summary: List the stores.\nbody:\n  name: ListStoresRequest\n  description: A filter.\n  fields:\n    city: { type: string, description: The city. }\n",
        }],
    },
    Case {
        name: "form_body_with_fields_a_form_cannot_hold",
        why: "A form body (`encoding: form`) with an array, a struct, a JSON object and two nullable fields: a form holds flat `name=value` pairs.",
        edits: &[Replace {
            file: "pets/create.yaml",
            find: "  description: A new pet.\n",
            with: "  description: A new pet.\n  encoding: form\n",
        }],
    },
    Case {
        name: "form_body_with_a_number",
        why: "A form body with a `number` field, whose text encoders write differently.",
        edits: &[Replace {
            file: "pets/photos/delete.yaml",
            find: "summary: ",
            with: "body:\n  name: DeletePhotoRequest\n  description: Why.\n  encoding: form\n  fields:\n    weight: { type: number, optional: true, description: The weight. }\nsummary: ",
        }],
    },
    Case {
        name: "unknown_body_encoding",
        why: "A body `encoding` that is neither `json` nor `form`.",
        edits: &[Replace {
            file: "pets/create.yaml",
            find: "  description: A new pet.\n",
            with: "  description: A new pet.\n  encoding: xml\n",
        }],
    },
    Case {
        name: "unknown_endpoint_auth",
        why: "An endpoint `auth` that is neither `basic` nor `none`.",
        edits: &[Replace {
            file: "pets/create.yaml",
            find: "authorization: acting_user\n",
            with: "authorization: acting_user\nauth: bearer\n",
        }],
    },
    Case {
        name: "response_with_ref_and_name",
        why: "A response with both `ref` and `name`.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "  ref: Pet\n",
            with: "  ref: Pet\n  name: GetPetResponse\n",
        }],
    },
    Case {
        name: "unknown_authorization",
        why: "`authorization: acting_usr`, close to `acting_user`.",
        edits: &[Replace {
            file: "pets/create.yaml",
            find: "authorization: acting_user",
            with: "authorization: acting_usr",
        }],
    },
    // ---- The spec directory and api.yaml ----
    Case {
        name: "resource_entry_without_folder",
        why: "A `resources` entry `owners` with no folder.",
        edits: &[Replace {
            file: "api.yaml",
            find: "    description: The stores of the account.\n",
            with: "    description: The stores of the account.\n  owners:\n    description: The owners.\n",
        }],
    },
    Case {
        name: "resource_without_entry",
        why: "The folder `pets/photos` with no `resources` entry.",
        edits: &[Replace {
            file: "api.yaml",
            find: "  pets/photos:\n    description: Photos of one pet.\n",
            with: "",
        }],
    },
    Case {
        name: "yml_extension",
        why: "An endpoint file named `.yml`.",
        edits: &[Write {
            file: "stores/archive.yml",
            contents: endpoint!("/v1/stores/archive"),
        }],
    },
    Case {
        name: "stray_non_yaml_file",
        why: "A `notes.txt` in a resource folder.",
        edits: &[Write {
            file: "pets/notes.txt",
            contents: b"Remember to feed the pets.\n",
        }],
    },
    Case {
        name: "yaml_file_at_the_root",
        why: "A YAML file other than api.yaml at the root.",
        edits: &[Write {
            file: "extra.yaml",
            contents: endpoint!("/v1/extra"),
        }],
    },
    Case {
        name: "schemas_sub_folder",
        why: "A schema file in a folder under schemas/.",
        edits: &[Write {
            file: "schemas/old/legacy.yaml",
            contents: b"Legacy:\n  description: Old.\n  fields:\n    a: { type: string, description: A. }\n",
        }],
    },
    Case {
        name: "missing_api_yaml",
        why: "No api.yaml.",
        edits: &[Delete { file: "api.yaml" }],
    },
    Case {
        name: "format_version_2",
        why: "`format_version: 2`, newer than this generator.",
        edits: &[Replace {
            file: "api.yaml",
            find: "format_version: 1",
            with: "format_version: 2",
        }],
    },
    Case {
        name: "http_base_url",
        why: "A base URL that is `http://`.",
        edits: &[Replace {
            file: "api.yaml",
            find: "test: https://sandbox.example.com",
            with: "test: http://sandbox.example.com",
        }],
    },
    Case {
        name: "api_name_gives_no_crate_name",
        why: "An API name with no letters a crate name could be made of (found by the fuzzer).",
        edits: &[Replace { file: "api.yaml", find: "name: Pet Store", with: "name: \"౷\"" }],
    },
    Case {
        name: "parse_and_validation_errors_in_one_run",
        why: "A syntax error in one file and a bad path in another: both are reported in one run.",
        edits: &[
            Replace { file: "stores/list.yaml", find: "summary: List the stores.", with: "summary: \"List the stores." },
            Replace { file: "pets/get.yaml", find: "path: /v1/pets/{pet_id}", with: "path: /v1/pets/{pet_id}/{photo_id}" },
        ],
    },
    Case {
        name: "unparsable_schema_file_causes_no_cascade",
        why: "A schema file that does not parse: its schemas' uses are not reported as unknown too.",
        edits: &[Replace { file: "schemas/pet.yaml", find: "Owner:\n", with: "Owner:\n\tbroken: tab\n" }],
    },
    Case {
        name: "crate_name_is_a_keyword",
        why: "A crate name that is a Rust keyword, which the rustdoc examples could not use (found by the fuzzer).",
        edits: &[Replace { file: "api.yaml", find: "name: Pet Store", with: "name: Pet Store\ncrate_name: self" }],
    },
    Case {
        name: "authorization_variants_share_a_header",
        why: "Two authorization variants that would send the same header.",
        edits: &[Replace { file: "api.yaml", find: "header: X-User-Jwt", with: "header: X-User-Token" }],
    },
    Case {
        name: "error_schema_missing_error_type",
        why: "The error schema `Problem` without `error_type`.",
        edits: &[Replace {
            file: "schemas/problem.yaml",
            find: "    error_type:\n      type: string\n      optional: true\n      description: A machine-readable error code.\n",
            with: "",
        }],
    },
    Case {
        name: "error_schema_unknown",
        why: "`error.schema: Problm`, close to `Problem`.",
        edits: &[Replace {
            file: "api.yaml",
            find: "schema: Problem",
            with: "schema: Problm",
        }],
    },
    // ---- Secrets (`sensitive`) and defaults ----
    Case {
        name: "sensitive_path_parameter",
        why: "A sensitive path parameter: the URL would carry the secret into traces and errors.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "    description: The pet's ID.\n",
            with: "    sensitive: true\n    description: The pet's ID.\n",
        }],
    },
    Case {
        name: "sensitive_query_parameter",
        why: "A sensitive query parameter, which is in the URL too.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "    description: Which fields to return; required, so a method argument.\n",
            with: "    sensitive: true\n    description: Which fields to return; required, so a method argument.\n",
        }],
    },
    Case {
        name: "sensitive_boolean_field",
        why: "A sensitive boolean, which cannot hold a secret.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      description: Whether the pet is vaccinated.\n",
            with: "      sensitive: true\n      description: Whether the pet is vaccinated.\n",
        }],
    },
    Case {
        name: "sensitive_error_schema_field",
        why: "A sensitive `error_message`, which every API error shows in its Display.",
        edits: &[Replace {
            file: "schemas/problem.yaml",
            find: "      description: What went wrong.\n",
            with: "      sensitive: true\n      description: What went wrong.\n",
        }],
    },
    Case {
        name: "default_not_the_empty_value",
        why: "`default: true` on a boolean: only the empty value of a type can be a default.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      description: Whether the pet is vaccinated.\n",
            with: "      default: true\n      description: Whether the pet is vaccinated.\n",
        }],
    },
    Case {
        name: "default_of_another_type",
        why: "`default: {}` on an array.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      items: { type: string }\n      description: Free-text tags.\n",
            with: "      items: { type: string }\n      default: {}\n      description: Free-text tags.\n",
        }],
    },
    Case {
        name: "default_on_optional_field",
        why: "A default on an optional field, which is `None` when absent.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      type: number\n      optional: true\n",
            with: "      type: number\n      optional: true\n      default: 0\n",
        }],
    },
    Case {
        name: "default_on_schema_reference",
        why: "A default on a field whose type is a schema (an enum), which has no empty value.",
        edits: &[Replace {
            file: "schemas/pet.yaml",
            find: "      ref: PetKind\n      description: The species, an open enum.\n",
            with: "      ref: PetKind\n      default: cat\n      description: The species, an open enum.\n",
        }],
    },
    Case {
        name: "default_on_body_field",
        why: "A default on a request body field: the body is sent, never decoded.",
        edits: &[Replace {
            file: "pets/create.yaml",
            find: "      description: Age in days.\n",
            with: "      default: 0\n      description: Age in days.\n",
        }],
    },
    Case {
        name: "default_on_query_parameter",
        why: "A default on a query parameter, which is sent, never decoded.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "    description: Which fields to return; required, so a method argument.\n",
            with: "    default: \"\"\n    description: Which fields to return; required, so a method argument.\n",
        }],
    },
    Case {
        name: "default_on_union_variant",
        why: "A default on a tagged union's variant, whose value has a type and a description only.",
        edits: &[Replace {
            file: "schemas/filter.yaml",
            find: "        description: Pets of this kind.\n",
            with: "        default: cat\n        description: Pets of this kind.\n",
        }],
    },
    // ---- Headers the client sets, and headers sent twice ----
    Case {
        name: "header_parameter_named_authorization",
        why: "A header parameter `authorization` (lower case), which would replace the Basic credentials.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "    header: X-Tenant\n",
            with: "    header: authorization\n",
        }],
    },
    Case {
        name: "header_parameter_named_content_length",
        why: "A header parameter `Content-Length`, which the HTTP stack sets from the body.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "    header: X-Request-Tag\n",
            with: "    header: Content-Length\n",
        }],
    },
    Case {
        name: "authorization_variant_named_user_agent",
        why: "An authorization variant sending `User-Agent`, which the client sets itself.",
        edits: &[Replace {
            file: "api.yaml",
            find: "        header: X-User-Jwt\n",
            with: "        header: user-agent\n",
        }],
    },
    Case {
        name: "header_parameters_share_a_header",
        why: "Two header parameters of one endpoint naming the same header in different cases.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "    header: X-Request-Tag\n",
            with: "    header: x-tenant\n",
        }],
    },
    Case {
        name: "header_parameter_sent_by_the_authorization",
        why: "A header parameter naming a header that a variant of the endpoint's authorization sends.",
        edits: &[
            Replace {
                file: "pets/get.yaml",
                find: "response:\n  ref: Pet\n",
                with: "authorization: acting_user\nresponse:\n  ref: Pet\n",
            },
            Replace {
                file: "pets/get.yaml",
                find: "    header: X-Request-Tag\n",
                with: "    header: X-USER-TOKEN\n",
            },
        ],
    },
    // ---- Hostile input: must end quickly, in little memory, without overflowing the stack ----
    Case {
        name: "alias_bomb_under_unknown_key",
        why: "A billion-laughs alias bomb as the value of an unknown key.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "summary: Get a pet.\n",
            with: concat!("summary: Get a pet.\nlol:\n", laughs!("  ")),
        }],
    },
    Case {
        name: "alias_bomb_as_description",
        why: "A billion-laughs alias bomb as the value of `description`.",
        edits: &[Replace {
            file: "pets/get.yaml",
            find: "description: Returns one pet, with every optional query type and two header parameters.\n",
            with: concat!("description:\n", laughs!("  ")),
        }],
    },
    Case {
        name: "alias_bomb_of_valid_fields",
        why: "An alias bomb of well-formed nested inline objects: deserializing it would expand 9^8 fields.",
        edits: &[Write {
            file: "schemas/bomb.yaml",
            contents: b"Bomb:\n  description: Nine to the eighth fields, if aliases were expanded.\n  fields:\n    a: &a { type: string, description: lol }\n    b: &b { type: object, description: lol, fields: { a1: *a, a2: *a, a3: *a, a4: *a, a5: *a, a6: *a, a7: *a, a8: *a, a9: *a } }\n    c: &c { type: object, description: lol, fields: { b1: *b, b2: *b, b3: *b, b4: *b, b5: *b, b6: *b, b7: *b, b8: *b, b9: *b } }\n    d: &d { type: object, description: lol, fields: { c1: *c, c2: *c, c3: *c, c4: *c, c5: *c, c6: *c, c7: *c, c8: *c, c9: *c } }\n    e: &e { type: object, description: lol, fields: { d1: *d, d2: *d, d3: *d, d4: *d, d5: *d, d6: *d, d7: *d, d8: *d, d9: *d } }\n    f: &f { type: object, description: lol, fields: { e1: *e, e2: *e, e3: *e, e4: *e, e5: *e, e6: *e, e7: *e, e8: *e, e9: *e } }\n    g: &g { type: object, description: lol, fields: { f1: *f, f2: *f, f3: *f, f4: *f, f5: *f, f6: *f, f7: *f, f8: *f, f9: *f } }\n    h: &h { type: object, description: lol, fields: { g1: *g, g2: *g, g3: *g, g4: *g, g5: *g, g6: *g, g7: *g, g8: *g, g9: *g } }\n    i: &i { type: object, description: lol, fields: { h1: *h, h2: *h, h3: *h, h4: *h, h5: *h, h6: *h, h7: *h, h8: *h, h9: *h } }\n",
        }],
    },
    Case {
        name: "very_large_file",
        why: "A well-formed endpoint file of about 5 MiB, over the 4 MiB limit.",
        edits: &[Generated {
            file: "pets/search.yaml",
            make: huge_endpoint,
        }],
    },
    Case {
        name: "deeply_nested_flow_sequences",
        why: "10,000 nested `[` … `]` as a description.",
        edits: &[Generated {
            file: "stores/list.yaml",
            make: deep_flow_nesting,
        }],
    },
    Case {
        name: "deeply_nested_block_sequences",
        why: "10,000 nested block sequences (`- - - … x`) as a description.",
        edits: &[Generated {
            file: "stores/list.yaml",
            make: deep_block_nesting,
        }],
    },
    Case {
        name: "deeply_nested_array_items",
        why: "An array of arrays 10,000 deep (`items: { type: array, items: … }`), which the spec shapes would recurse into.",
        edits: &[Generated {
            file: "stores/list.yaml",
            make: deep_array_items,
        }],
    },
    // ---- `one_of` groups of body fields ----
    Case {
        name: "one_of_unknown_field",
        why: "A group lists a field the body does not declare (a typo of `owner`).",
        edits: &[Replace {
            file: "pets/adopt.yaml",
            find: "fields: [owner_id, owner, portal_token]",
            with: "fields: [owner_id, ownr, portal_token]",
        }],
    },
    Case {
        name: "one_of_field_listed_twice_or_in_two_groups",
        why: "A group lists `email` twice, and `owner_id`, already in the first group.",
        edits: &[Replace {
            file: "pets/adopt.yaml",
            find: "fields: [email, phone_number]",
            with: "fields: [email, phone_number, email, owner_id]",
        }],
    },
    Case {
        name: "one_of_required_and_nullable_fields",
        why: "A grouped field that is required, and one that is nullable: the group decides whether one is required, and sends a value.",
        edits: &[
            Replace {
                file: "pets/adopt.yaml",
                find: "    owner_id:\n      type: string\n      optional: true\n",
                with: "    owner_id:\n      type: string\n",
            },
            Replace {
                file: "pets/adopt.yaml",
                find: "    email:\n      type: string\n      optional: true\n",
                with: "    email:\n      type: string\n      optional: true\n      nullable: true\n",
            },
        ],
    },
    Case {
        name: "one_of_group_of_one_field",
        why: "A group of one field, which is just an optional (or required) field.",
        edits: &[Replace {
            file: "pets/adopt.yaml",
            find: "fields: [email, phone_number]",
            with: "fields: [email]",
        }],
    },
    Case {
        name: "one_of_names_collide",
        why: "A group named like a body field (`note`), and one whose `type_name` is taken by a schema.",
        edits: &[
            Replace {
                file: "pets/adopt.yaml",
                find: "    - name: notice\n",
                with: "    - name: note\n",
            },
            Replace {
                file: "pets/adopt.yaml",
                find: "    - name: adopter\n",
                with: "    - name: adopter\n      type_name: Owner\n",
            },
        ],
    },
    Case {
        name: "one_of_name_not_snake_case",
        why: "A group whose name, the argument's, is not snake_case.",
        edits: &[Replace {
            file: "pets/adopt.yaml",
            find: "    - name: adopter\n",
            with: "    - name: Adopter\n",
        }],
    },
    Case {
        name: "one_of_field_gives_no_variant_name",
        why: "A grouped field whose `rust_name` is `_1`: a field name, but `1` is no variant name.",
        edits: &[Replace {
            file: "pets/adopt.yaml",
            find: "    owner_id:\n      type: string\n",
            with: "    owner_id:\n      type: string\n      rust_name: _1\n",
        }],
    },
    Case {
        name: "one_of_missing_required_key",
        why: "A group without `required`: whether one field must be sent is the author's decision, never a default.",
        edits: &[Replace {
            file: "pets/adopt.yaml",
            find: "      required: false\n",
            with: "",
        }],
    },
    Case {
        name: "one_of_example_sets_none_or_two",
        why: "An example that sets no field of the required group and two of the optional one.",
        edits: &[Replace {
            file: "pets/adopt.yaml",
            find: "    owner_id: owner-1\n    shelter_id: shelter-1\n",
            with: "    shelter_id: shelter-1\n    email: ada@example.com\n",
        }],
    },
    Case {
        name: "one_of_type_name_reused_with_other_fields",
        why: "A second body reuses the group enum `AdoptionNotice` with other fields (and another description): groups share an enum only when they agree on it.",
        edits: &[Write {
            file: "stores/notify.yaml",
            contents: b"method: POST
path: /v1/stores/notify
summary: Notify a store.
description: Sends a store a notice.
body:
  name: NotifyStoreRequest
  description: Where to send the notice.
  one_of:
    - name: notice
      type_name: AdoptionNotice
      description: Where to send the notice.
      required: true
      fields: [email, fax_number]
  fields:
    email:
      type: string
      optional: true
      description: An email address.
    fax_number:
      type: string
      optional: true
      description: A fax number.
response:
  name: NotifyStoreResponse
  description: The notice sent.
  fields:
    request_id:
      type: string
      description: The request's ID.
",
        }],
    },
    Case {
        name: "one_of_cursor_in_a_group",
        why: "Pagination whose cursor is a grouped body field: it has no setter to follow pages with.",
        edits: &[Replace {
            file: "pets/adopt.yaml",
            find: "response:\n  name: AdoptPetResponse\n",
            with: "pagination: { cursor: email, next_cursor: adoption_id, items: request_id }\nresponse:\n  name: AdoptPetResponse\n",
        }],
    },
];
/// A copy of the `features` fixture with `edits` applied.
fn broken_copy(label: &str, edits: &[Edit]) -> TempDir {
    let spec = TempDir::new(label);
    copy_tree(&fixture("features"), spec.path(), false);
    for edit in edits {
        apply(spec.path(), edit);
    }
    spec
}

fn apply(root: &Path, edit: &Edit) {
    let write = |file: &str, contents: &[u8]| {
        let target = root.join(file);
        fs::create_dir_all(target.parent().expect("a file has a parent")).expect("create a dir");
        fs::write(&target, contents).expect("write a broken file");
    };
    match edit {
        Replace { file, find, with } => {
            let target = root.join(file);
            let original = fs::read_to_string(&target).expect("read the file to break");
            assert_eq!(
                original.matches(find).count(),
                1,
                "`{find}` must occur exactly once in {file}"
            );
            fs::write(&target, original.replacen(find, with, 1)).expect("write the broken file");
        }
        Write { file, contents } => write(file, contents),
        Generated { file, make } => write(file, &make()),
        Rename { from, to } => fs::rename(root.join(from), root.join(to)).expect("rename"),
        Delete { file } => fs::remove_file(root.join(file)).expect("delete a fixture file"),
    }
}

/// What the generator did with a spec.
enum Outcome {
    Rejected(Diagnostics),
    Accepted { endpoints: usize, types: usize },
    Panicked(String),
    Hung,
}

/// Runs the generator on its own thread (named after the case, so that even a stack overflow,
/// which aborts the process, says which case it was), within [`TIME_LIMIT`].
fn run_generator(label: &str, spec_dir: &Path) -> Outcome {
    let (sender, receiver) = mpsc::channel();
    let spec_dir: PathBuf = spec_dir.to_path_buf();
    let worker = thread::Builder::new()
        .name(format!("broken spec `{label}`"))
        .spawn(move || {
            let _ = sender.send(codegen::generate(&spec_dir));
        })
        .expect("spawn the generator's thread");
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(Ok(generated)) => Outcome::Accepted {
            endpoints: generated.endpoints,
            types: generated.types,
        },
        Ok(Err(diagnostics)) => Outcome::Rejected(diagnostics),
        Err(mpsc::RecvTimeoutError::Timeout) => Outcome::Hung,
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(payload) => Outcome::Panicked(panic_message(payload.as_ref())),
            Ok(()) => Outcome::Panicked("the thread ended without an answer".to_owned()),
        },
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|message| (*message).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// The diagnostics of a run that must be rejected, or what went wrong instead.
fn rejected(label: &str, spec_dir: &Path) -> Result<Diagnostics, String> {
    let diagnostics = match run_generator(label, spec_dir) {
        Outcome::Rejected(diagnostics) => diagnostics,
        Outcome::Accepted { endpoints, types } => {
            return Err(format!(
                "ACCEPTED: generated {endpoints} endpoints and {types} types without a diagnostic"
            ));
        }
        Outcome::Panicked(message) => return Err(format!("PANICKED: {message}")),
        Outcome::Hung => return Err(format!("HUNG: no answer within {TIME_LIMIT:?}")),
    };
    let unnamed: Vec<String> = diagnostics
        .iter()
        .filter(|diagnostic| {
            diagnostic.file.as_os_str().is_empty() || diagnostic.file.is_absolute()
        })
        .map(ToString::to_string)
        .collect();
    if !unnamed.is_empty() {
        return Err(format!(
            "diagnostics that do not name a file relative to the spec directory:\n{}",
            unnamed.join("\n")
        ));
    }
    Ok(diagnostics)
}

fn check_case(case: &Case) -> Result<(), String> {
    let spec = broken_copy(case.name, case.edits);
    let before = reset_peak_memory();
    let diagnostics = rejected(case.name, spec.path());
    let grown = before
        .zip(memory_bytes("VmHWM:"))
        .map(|(before, peak)| peak.saturating_sub(before));
    let report = diagnostics?.to_string();
    insta::with_settings!({ description => case.why, omit_expression => true }, {
        insta::assert_snapshot!(case.name, report);
    });
    match grown {
        Some(grown) if grown > CASE_MEMORY_LIMIT_BYTES => Err(format!(
            "MEMORY: the diagnostics are right, but the run raised the process's peak memory by {} MiB (limit {} MiB)",
            grown / 1024 / 1024,
            CASE_MEMORY_LIMIT_BYTES / 1024 / 1024
        )),
        _ => Ok(()),
    }
}

/// A line of `/proc/self/status` (`VmRSS:`, `VmHWM:`) in bytes, where the OS has one (Linux).
fn memory_bytes(field: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets the process's peak memory to its current memory (Linux: `5` to `clear_refs`) and
/// returns that, or `None` where this is not possible. Tests running in parallel share the
/// process, hence the generous [`CASE_MEMORY_LIMIT_BYTES`].
fn reset_peak_memory() -> Option<u64> {
    fs::write("/proc/self/clear_refs", "5").ok()?;
    memory_bytes("VmRSS:")
}

#[test]
fn broken_specs_get_diagnostics_naming_file_and_place() {
    // Every case runs even after one fails, and the failures are reported together.
    let mut failures = Vec::new();
    for case in CASES {
        let problem = match panic::catch_unwind(AssertUnwindSafe(|| check_case(case))) {
            Ok(Ok(())) => continue,
            Ok(Err(problem)) => problem,
            Err(payload) => panic_message(payload.as_ref()),
        };
        failures.push(format!("{}: {problem}", case.name));
    }
    if let Some(peak) = memory_bytes("VmHWM:").filter(|&peak| peak > MEMORY_LIMIT_BYTES) {
        failures.push(format!(
            "the test process peaked at {} MiB",
            peak / 1024 / 1024
        ));
    }
    assert!(
        failures.is_empty(),
        "{} of {} broken specs went wrong:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn case_names_are_unique_snake_case_and_every_snapshot_has_a_case() {
    let mut names: Vec<&str> = CASES.iter().map(|case| case.name).collect();
    for name in &names {
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "`{name}` is not snake_case"
        );
    }
    names.sort_unstable();
    let count = names.len();
    names.dedup();
    assert_eq!(names.len(), count, "case names are unique");

    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/snapshots");
    let prefix = "tests__broken_specs__";
    let others = ["problems_in_several_files", "parse_errors_in_several_files"];
    for entry in fs::read_dir(&snapshots).expect("read the snapshot dir") {
        let file_name = entry.expect("read a snapshot entry").file_name();
        let file_name = file_name.to_string_lossy();
        let Some(name) = file_name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(".snap"))
        else {
            continue;
        };
        assert!(
            names.binary_search(&name).is_ok() || others.contains(&name),
            "{file_name} belongs to no case; delete it"
        );
    }
}

/// Asserts that `diagnostics` are sorted (file, position, key, message) and end with the count line.
fn assert_sorted_and_counted(diagnostics: &Diagnostics) {
    assert_eq!(
        diagnostics.clone().sorted(),
        *diagnostics,
        "diagnostics are sorted"
    );
    let text = diagnostics.to_string();
    let last = text.lines().last().expect("at least one line");
    assert_eq!(
        last,
        format!(
            "{} errors in the spec; nothing was written",
            diagnostics.len()
        )
    );
}

#[test]
fn problems_in_several_files_are_all_reported_in_one_run() {
    let spec = broken_copy(
        "several",
        &[
            Replace {
                file: "api.yaml",
                find: "format_version: 1",
                with: "format_version: 2",
            },
            Replace {
                file: "pets/get.yaml",
                find: "method: GET",
                with: "method: FETCH",
            },
            Replace {
                file: "pets/get.yaml",
                find: "header: X-Tenant",
                with: "header: X Tenant",
            },
            Replace {
                file: "schemas/pet.yaml",
                find: "ref: Owner",
                with: "ref: Ownr",
            },
            Replace {
                file: "stores/list.yaml",
                find: "path: /v1/stores",
                with: "path: v1/stores",
            },
        ],
    );
    let diagnostics =
        rejected("several", spec.path()).unwrap_or_else(|problem| panic!("{problem}"));
    assert_sorted_and_counted(&diagnostics);
    let files: Vec<&Path> = diagnostics.iter().map(|d| d.file.as_path()).collect();
    for file in [
        "api.yaml",
        "pets/get.yaml",
        "schemas/pet.yaml",
        "stores/list.yaml",
    ] {
        assert!(
            files.contains(&Path::new(file)),
            "{file} is reported:\n{diagnostics}"
        );
    }
    assert_eq!(diagnostics.len(), 5, "{diagnostics}");
    insta::assert_snapshot!("problems_in_several_files", diagnostics.to_string());
}

#[test]
fn parse_errors_in_several_files_are_all_reported_in_one_run() {
    let spec = broken_copy(
        "several-parse",
        &[
            Replace {
                file: "api.yaml",
                find: "format_version: 1",
                with: "format_version: one",
            },
            Replace {
                file: "pets/get.yaml",
                find: "summary:",
                with: "sumary:",
            },
            Write {
                file: "pets/notes.txt",
                contents: b"notes\n",
            },
            Replace {
                file: "stores/list.yaml",
                find: "summary: List the stores.",
                with: "summary: \"List the stores.",
            },
            Write {
                file: "schemas/problem.yaml",
                contents: b"",
            },
        ],
    );
    let diagnostics =
        rejected("several-parse", spec.path()).unwrap_or_else(|problem| panic!("{problem}"));
    assert_sorted_and_counted(&diagnostics);
    assert_eq!(diagnostics.len(), 5, "{diagnostics}");
    insta::assert_snapshot!("parse_errors_in_several_files", diagnostics.to_string());
}

/// Field names that are Rust keywords are not errors: `type` and `ref` become raw identifiers
/// (`r#type`), and `self`, `crate` and `super`, which cannot be raw, get a trailing underscore.
#[test]
fn keyword_field_names_are_accepted() {
    let spec = broken_copy(
        "keywords",
        &[
            Replace {
                file: "schemas/pet.yaml",
                // In the example too, which must stay complete.
                find: "    email:\n",
                with: "    crate:\n      type: string\n      description: A keyword.\n    super:\n      type: string\n      description: Another.\n    email:\n",
            },
            Replace {
                file: "schemas/pet.yaml",
                find: "    email: ada@example.com\n",
                with: "    email: ada@example.com\n    crate: a\n    super: b\n",
            },
        ],
    );
    let generated = codegen::generate(spec.path())
        .unwrap_or_else(|diagnostics| panic!("keyword field names are rejected:\n{diagnostics}"));
    let types: String = generated
        .files
        .iter()
        .filter(|file| file.path.starts_with("src/api/types"))
        .map(|file| file.contents.as_str())
        .collect();
    for expected in [
        "pub r#type: ::std::string::String",
        "pub r#ref: ::core::option::Option<::std::string::String>",
        "pub self_: ::core::option::Option<::std::string::String>",
        "pub crate_: ::std::string::String",
        "pub super_: ::std::string::String",
    ] {
        assert!(
            types.contains(expected),
            "`{expected}` in the types module:\n{types}"
        );
    }
}
