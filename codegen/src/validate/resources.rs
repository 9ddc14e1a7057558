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
            let mut builders: BTreeMap<&str, &Path> = BTreeMap::new();
            for (file, endpoint) in &endpoints {
                methods.insert(endpoint.method_name.text.as_str(), file);
                if endpoint.builder_name == type_name {
                    ctx.error_hint(
                        file,
                        "",
                        format!(
                            "the request type `{}` clashes with the resource type of the same name",
                            endpoint.builder_name
                        ),
                        "rename the file",
                    );
                } else if let Some(first) = builders.insert(endpoint.builder_name.as_str(), file) {
                    let message = format!(
                        "the request type `{}` is also made from {}",
                        endpoint.builder_name,
                        first.display()
                    );
                    ctx.error_hint(file, "", message, "rename one of the files");
                }
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
    build(ctx, api, &[], &mut folders)
}
