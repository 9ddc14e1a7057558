//! The resource tree, from the endpoint files' folders, checked against `resources` in api.yaml.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;

/// Builds the resource tree from the endpoints' folders, checking it against `resources` in api.yaml.
pub(super) fn build_resources(
    ctx: &mut Context,
    api_file: &Path,
    api: &ApiFile,
    endpoint_folders: &[&[String]],
    endpoints: Vec<(Vec<String>, PathBuf, Endpoint)>,
) -> Vec<Resource> {
    // Every folder that holds endpoint files (valid or not), and each of its ancestors, is a resource.
    let mut folders: BTreeMap<Vec<String>, Vec<(PathBuf, Endpoint)>> = BTreeMap::new();
    for resource in endpoint_folders {
        for depth in 1..=resource.len() {
            folders.entry(resource[..depth].to_vec()).or_default();
        }
    }
    for (resource, file, endpoint) in endpoints {
        folders.entry(resource).or_default().push((file, endpoint));
    }
    for (key, spec) in api.resources.iter() {
        let key_path = format!("resources.{key}");
        ctx.require_text(
            api_file,
            &format!("{key_path}.description"),
            &spec.description,
        );
        let folder: Vec<String> = key.split('/').map(str::to_owned).collect();
        if !folders.contains_key(&folder) {
            ctx.error_hint(
                api_file,
                &key_path,
                format!("no folder `{key}` with endpoints in the spec"),
                "remove the entry, or add endpoints",
            );
        }
    }
    for folder in folders.keys() {
        let key = folder.join("/");
        let last = folder.last().map(String::as_str).unwrap_or_default();
        let shadowed = if folder.len() == 1 && CRATE_ROOT_NAMES.contains(&last) {
            Some(format!(
                "the module `{last}` would be shadowed by the crate's own `{last}`"
            ))
        } else if folder.len() == 1 && API_MODULE_NAMES.contains(&last) {
            Some(format!(
                "the module `{last}` would clash with the generated module `{last}`"
            ))
        } else if folder.len() == 1 && CLIENT_METHODS.contains(&last) {
            Some(format!(
                "its accessor `client.{last}()` would clash with the method `Client::{last}`"
            ))
        } else if folder.len() == 1 && features::RESERVED_FEATURES.contains(&last) {
            Some(format!(
                "its Cargo feature `{last}` would clash with the client crate's own feature \
                 `{last}`"
            ))
        } else {
            None
        };
        if let Some(shadowed) = shadowed {
            let message = format!("folder `{key}`: {shadowed}");
            ctx.error_hint(
                api_file,
                &format!("resources.{key}"),
                message,
                "rename the folder",
            );
        }
        if api.resources.get(&key).is_none() {
            ctx.error_hint(
                api_file,
                "resources",
                format!("resource `{key}` has no entry"),
                format!("add `{key}: {{ description: … }}` under resources"),
            );
        }
    }

    fn build(
        ctx: &mut Context,
        api: &ApiFile,
        prefix: &[String],
        folders: &mut BTreeMap<Vec<String>, Vec<(PathBuf, Endpoint)>>,
    ) -> Vec<Resource> {
        let child_folders: Vec<Vec<String>> = folders
            .keys()
            .filter(|folder| folder.len() == prefix.len() + 1 && folder.starts_with(prefix))
            .cloned()
            .collect();
        let mut resources = Vec::new();
        for folder in child_folders {
            let mut endpoints = folders.remove(&folder).unwrap_or_default();
            endpoints.sort_by(|a, b| a.1.method_name.cmp(&b.1.method_name));
            let children = build(ctx, api, &folder, folders);
            let Some(last) = folder.last() else { continue };
            let Some(module) = naming::snake_name(last) else {
                continue;
            };
            let Some(type_name) = naming::derived_type_name(last) else {
                continue;
            };
            // Methods of one resource: its endpoints and its sub-resource accessors.
            let mut methods: BTreeMap<&str, &Path> = BTreeMap::new();
            for (file, endpoint) in &endpoints {
                methods.insert(endpoint.method_name.text.as_str(), file);
            }
            for child in &children {
                if let Some(file) = methods.get(child.module.text.as_str()) {
                    let message = format!(
                        "method `{}` clashes with the sub-resource `{}`",
                        child.module.text,
                        folder.join("/") + "/" + &child.module.text
                    );
                    ctx.error_hint(file, "", message, "rename the file or the folder");
                }
            }
            let description = api
                .resources
                .get(&folder.join("/"))
                .map(|spec| spec.description.clone())
                .unwrap_or_default();
            resources.push(Resource {
                module,
                type_name,
                description,
                endpoints: endpoints
                    .into_iter()
                    .map(|(_, endpoint)| endpoint)
                    .collect(),
                children,
            });
        }
        resources
    }
    check_builder_names(ctx, &folders);
    build(ctx, api, &[], &mut folders)
}

/// Request builders are named after their endpoint's folders and file
/// (`OrganizationsMembersDelete`), so two are only named alike when two paths differ in where
/// their underscores and slashes are (`a/b_c.yaml` and `a_b/c.yaml`). Each name must be unique
/// in the crate: among builders, the types of `types`, and the resource structs (whose module a
/// builder may share).
fn check_builder_names(
    ctx: &mut Context,
    folders: &BTreeMap<Vec<String>, Vec<(PathBuf, Endpoint)>>,
) {
    let resource_types: BTreeMap<String, String> = folders
        .keys()
        .filter_map(|folder| {
            let type_name = naming::derived_type_name(folder.last()?)?;
            Some((type_name, folder.join("/")))
        })
        .collect();
    let mut builders: BTreeMap<&str, &Path> = BTreeMap::new();
    for (file, endpoint) in folders.values().flatten() {
        let name = endpoint.builder_name.as_str();
        let clash = if let Some(first) = builders.get(name) {
            Some(format!(
                "the endpoint {} has a request type of that name too",
                first.display()
            ))
        } else if let Some((type_file, key_path)) = ctx.types_declared.get(name) {
            Some(format!(
                "the type `{name}` of `types` is defined at {} ({key_path})",
                type_file.display()
            ))
        } else {
            resource_types
                .get(name)
                .map(|folder| format!("the resource `{folder}` has a struct of that name"))
        };
        match clash {
            Some(clash) => {
                let message = format!(
                    "its request type would be `{name}` (named after the endpoint's folders and file), but {clash}"
                );
                ctx.error_hint(
                    file,
                    "",
                    message,
                    "rename this file or one of its folders (or rename the other type)",
                );
            }
            None => {
                builders.insert(name, file);
            }
        }
    }
}
