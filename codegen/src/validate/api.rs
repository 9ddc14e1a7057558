//! The API-level file: format version, crate version, base URLs, auth, and the error schema the
//! runtime reads.

use std::path::Path;

use super::*;
use crate::semver::Version;

/// The crate version when `api.yaml` sets none.
const DEFAULT_VERSION: Version = Version::new(0, 1, 0);

/// Checks the API-level keys; returns the crate version (`None` when it is malformed, which is
/// reported).
pub(super) fn check_api(ctx: &mut Context, file: &Path, api: &ApiFile) -> Option<Version> {
    if api.format_version != FORMAT_VERSION {
        ctx.error_hint(
            file,
            "format_version",
            format!("format version {} is not supported", api.format_version),
            format!("this generator reads format version {FORMAT_VERSION}"),
        );
    }
    ctx.require_text(file, "name", &api.name);
    ctx.require_text(file, "description", &api.description);
    for (key, url) in [
        ("base_urls.test", &api.base_urls.test),
        ("base_urls.live", &api.base_urls.live),
    ] {
        let host = url.strip_prefix("https://").unwrap_or_default();
        if host.is_empty() || host.contains(char::is_whitespace) || url.ends_with('/') {
            ctx.error_hint(
                file,
                key,
                format!("`{url}` is not an https base URL"),
                "write it as `https://host`, with no trailing slash",
            );
        }
    }
    ctx.require_text(file, "live_project_id_prefix", &api.live_project_id_prefix);
    if api.auth.scheme != "basic" {
        ctx.error_hint(
            file,
            "auth.scheme",
            format!("`{}` is not supported", api.auth.scheme),
            "the only scheme is `basic`",
        );
    }
    if api.auth.username == api.auth.password {
        ctx.error(file, "auth.password", "must differ from auth.username");
    }
    let Some(version) = &api.version else {
        return Some(DEFAULT_VERSION);
    };
    let parsed = version.parse::<Version>();
    if parsed.is_err() {
        ctx.error_hint(
            file,
            "version",
            format!("`{version}` is not a crate version"),
            "write it as MAJOR.MINOR.PATCH, e.g. `0.1.0` (no pre-release or build suffix)",
        );
    }
    parsed.ok()
}

pub(super) fn check_error_schema(ctx: &mut Context, file: &Path, schema: &str) {
    let Some(def) = ctx.types.iter().find(|def| def.name == schema) else {
        if ctx.schemas_incomplete {
            // It may be defined in the schema file that did not parse.
            return;
        }
        let hint = closest(schema, ctx.schema_names.iter().map(String::as_str))
            .map(|name| format!("did you mean `{name}`?"))
            .unwrap_or_else(|| "define it in a file under schemas/".to_owned());
        ctx.error_hint(
            file,
            "error.schema",
            format!("no schema named `{schema}`"),
            hint,
        );
        return;
    };
    let missing: Vec<&str> = ERROR_SCHEMA_FIELDS
        .iter()
        .copied()
        .filter(|name| {
            !def.fields.iter().any(|field| {
                field.wire_name == *name
                    && field.rust_name.text == *name
                    && field.optional
                    && field.ty == Type::String
            })
        })
        .collect();
    // `ApiError` shows these fields in its `Display` and `Debug`, which cannot hide them.
    let shown_sensitive: Vec<String> = def
        .fields
        .iter()
        .filter(|field| field.sensitive && ERROR_SCHEMA_FIELDS.contains(&field.wire_name.as_str()))
        .map(|field| field.wire_name.clone())
        .collect();
    if !missing.is_empty() {
        let fields: Vec<String> = missing.iter().map(|name| format!("`{name}`")).collect();
        let message = if let [field] = fields.as_slice() {
            format!("schema `{schema}` must declare {field} as an optional string")
        } else {
            format!(
                "schema `{schema}` must declare {} as optional strings",
                fields.join(", ")
            )
        };
        let defined_in = ctx
            .types_declared
            .get(schema)
            .map(|(file, _)| format!(" (it is defined in {})", file.display()))
            .unwrap_or_default();
        let hint = format!("the client's ApiError reads these fields{defined_in}");
        ctx.error_hint(file, "error.schema", message, hint);
    }
    if let Some((schema_file, schema_key)) = ctx.types_declared.get(schema).cloned() {
        for name in shown_sensitive {
            ctx.error_hint(
                &schema_file,
                &format!("{schema_key}.fields.{name}.sensitive"),
                format!(
                    "`{name}` of the error schema cannot be sensitive: every API error shows it"
                ),
                "remove `sensitive`; keep secrets out of error messages on the server side",
            );
        }
    }
}
