//! List and free-form JSON parameters as users pass them: array literals of `&str`, iterators,
//! owned `Vec`s, and `json!` values or a `serde_json::Map` built at run time, through the
//! client's re-export of `serde_json` (this crate does not depend on `serde_json` itself).

use stytch_b2b::serde_json::{self, Value, json};
use stytch_b2b::types::AuthMethod;
use stytch_b2b::{Client, Error};

/// Creates an Organization with lists given as an array literal, a borrowed iterator and enum
/// values, and metadata written with `json!`; returns the new Organization's ID.
pub async fn create_organization(client: &Client, domains: &[&str]) -> Result<String, Error> {
    let response = client
        .organizations()
        .create("Example Org")
        .email_allowed_domains(domains.iter().copied())
        .claimed_email_domains(["example.com", "example.org"])
        .allowed_auth_methods([AuthMethod::Sso, AuthMethod::MagicLink])
        .trusted_metadata(json!({ "tier": "gold", "seats": 5, "regions": ["eu", "us"] }))
        .await?;
    Ok(response.organization.organization_id)
}

/// Searches the Members of the Organizations named by `organization_ids` (owned strings);
/// returns how many Members the first page holds.
pub async fn count_members(client: &Client, organization_ids: Vec<String>) -> Result<usize, Error> {
    let response = client
        .organizations()
        .members()
        .search(organization_ids)
        .await?;
    Ok(response.members.len())
}

/// Adds a Member with one role and metadata assembled at run time in a `serde_json::Map`.
pub async fn add_member(
    client: &Client,
    organization_id: &str,
    email_address: &str,
    role: &str,
) -> Result<(), Error> {
    let mut metadata = serde_json::Map::new();
    metadata.insert("source".to_owned(), json!("import"));
    client
        .organizations()
        .members()
        .create(organization_id, email_address)
        .roles(std::iter::once(role))
        .untrusted_metadata(metadata)
        .await?;
    Ok(())
}

/// Clears an Organization's allowed domains: an empty list names its item type, which `[]`
/// alone cannot say.
pub async fn clear_allowed_domains(client: &Client, organization_id: &str) -> Result<(), Error> {
    client
        .organizations()
        .update(organization_id)
        .email_allowed_domains(Vec::<String>::new())
        .await?;
    Ok(())
}

/// Tries to store `metadata`, which may not be an object, as an Organization's metadata.
pub async fn set_metadata(
    client: &Client,
    organization_id: &str,
    metadata: Value,
) -> Result<(), Error> {
    client
        .organizations()
        .update(organization_id)
        .trusted_metadata(metadata)
        .await?;
    Ok(())
}
