//! Every response body Stytch's docs publish decodes through the client
//! (`tests/fixtures/responses/docs/`, see its README for where each comes from).
//!
//! The docs leave out fields the OpenAPI description calls required (the Member object page has
//! no `is_admin` and no `retired_email_addresses`), send `null` where nothing is nullable, and
//! fill templates with `"<string>"` and `123`. The spec's policy (spec/README.md, "Fields the API
//! may leave out") makes absent booleans `false`, absent collections empty, and other absent or
//! `null` fields `None`; these tests hold it to the documented bodies.

use std::fs;
use std::path::PathBuf;

use serde_json::Value;
use stytch_b2b::example_calls;
use stytch_b2b::types::{
    Member, MemberSession, MemberStatus, MfaPolicy, Organization, ScimConnectionWithNextToken,
};

use super::{MEMBER_ID, ORGANIZATION_ID, REQUEST_ID, client_for, server_answering};

/// A body from `tests/fixtures/responses/docs/`.
fn documented(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/responses/docs")
        .join(name);
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("read {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()))
}

/// The Member of the Member object page: what it has, and what it leaves out.
fn assert_member_object_page(member: &Member) {
    assert_eq!(member.member_id, MEMBER_ID);
    assert_eq!(member.name, "Test Member");
    assert_eq!(member.status, MemberStatus::Active);
    assert!(member.mfa_enrolled);
    assert_eq!(member.trusted_metadata["teams"][1], "support");
    assert_eq!(
        member.sso_registrations[0].sso_attributes["first_name"][0],
        "Test"
    );
    assert_eq!(member.oauth_registrations[0].locale.as_deref(), Some("en"));
    // Left out by the page: booleans are false, collections empty, the rest `None`.
    assert!(!member.is_admin);
    assert!(member.retired_email_addresses.is_empty());
    assert!(!member.is_locked);
    assert!(member.roles.is_empty());
    assert_eq!(member.default_mfa_method, None);
    assert_eq!(member.totp_registration_id, None);
    assert_eq!(member.scim_registration, None);
    assert_eq!(member.created_at, None);
}

/// The Organization of the Get Organization page, with its `null`s and left-out settings.
fn assert_get_organization_page(organization: &Organization) {
    assert_eq!(
        organization.organization_id,
        "organization-test-staging-12345"
    );
    assert_eq!(organization.organization_logo_url, "");
    assert_eq!(organization.mfa_policy, MfaPolicy::Optional);
    assert_eq!(organization.allowed_oauth_tenants["hubspot"][1], "Hub3456");
    // `null` in the body.
    assert_eq!(organization.sso_default_connection_id, None);
    assert_eq!(organization.scim_active_connection, None);
    // Left out.
    assert_eq!(organization.auth_methods, None);
    assert!(organization.allowed_auth_methods.is_empty());
    assert!(organization.custom_roles.is_empty());
    assert!(organization.claimed_email_domains.is_empty());
    assert_eq!(organization.created_at, None);
}

#[test]
fn the_member_object_page_decodes() {
    let page = documented("member_object.json");
    let member: Member = serde_json::from_value(page["member"].clone())
        .expect("the Member object of the docs decodes");
    assert_member_object_page(&member);
}

#[tokio::test]
async fn get_member_built_from_the_member_object_page_decodes() {
    let server = server_answering(200, &documented("get_member.json")).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .get(ORGANIZATION_ID)
        .member_id(MEMBER_ID)
        .await
        .expect("a Get Member answer with the docs' Member object decodes");
    assert_eq!(response.request_id, REQUEST_ID);
    assert_member_object_page(&response.member);
    assert_get_organization_page(&response.organization);
}

#[tokio::test]
async fn the_unlink_retired_email_page_decodes() {
    let server = server_answering(200, &documented("unlink_retired_email.json")).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID)
        .email_address("sandbox@stytch.com")
        .await
        .expect("the Unlink Retired Email answer of the docs decodes");
    assert_eq!(response.organization_id, ORGANIZATION_ID);
    assert_eq!(response.status_code, 200);
    assert_member_object_page(&response.member);
    assert_get_organization_page(&response.organization);
}

#[tokio::test]
async fn the_get_organization_page_decodes() {
    let server = server_answering(200, &documented("get_organization.json")).await;
    let response = client_for(&server)
        .organizations()
        .get(ORGANIZATION_ID)
        .await
        .expect("the Get Organization answer of the docs decodes");
    assert_get_organization_page(&response.organization);
}

#[tokio::test]
async fn the_delete_member_page_decodes() {
    let server = server_answering(200, &documented("delete_member.json")).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("the Delete Member answer of the docs decodes");
    assert_eq!(response.member_id, "<string>");
    assert_eq!(response.status_code, 123);
}

/// The template bodies (every field, `"<string>"` for strings) keep every field, and their
/// placeholder enum values land in `Unknown`.
fn assert_template_member(member: &Member) {
    assert_eq!(member.member_id, "<string>");
    assert_eq!(member.status, MemberStatus::from("<string>"));
    assert!(member.is_admin);
    assert_eq!(member.retired_email_addresses[0].email_id, "<string>");
    let scim = member
        .scim_registration
        .as_ref()
        .and_then(|registration| registration.scim_attributes.as_ref())
        .expect("the template has SCIM attributes");
    assert_eq!(scim.x509certificates[0].value, "<string>");
}

fn assert_template_organization(organization: &Organization) {
    assert_eq!(organization.organization_id, "<string>");
    assert_eq!(organization.mfa_policy, MfaPolicy::from("<string>"));
    assert_eq!(
        organization.custom_roles[0].permissions[0].actions,
        ["<string>"]
    );
    let scim = organization
        .scim_active_connection
        .as_ref()
        .expect("the template has a SCIM connection");
    assert_eq!(scim.bearer_token_last_four, "<string>");
}

#[tokio::test]
async fn the_delete_member_password_page_decodes() {
    let server = server_answering(200, &documented("delete_member_password.json")).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .delete_password(ORGANIZATION_ID, "member-password-test-51861cbc")
        .await
        .expect("the Delete Member Password answer of the docs decodes");
    assert_template_member(&response.member);
    assert_template_organization(&response.organization);
}

#[tokio::test]
async fn the_dangerously_get_member_page_decodes() {
    let server = server_answering(200, &documented("dangerously_get_member.json")).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect("the Get Member (Dangerous) answer of the docs decodes");
    assert_template_member(&response.member);
    assert_template_organization(&response.organization);
}

#[tokio::test]
async fn the_delete_organization_external_id_page_decodes() {
    let server = server_answering(200, &documented("delete_organization_external_id.json")).await;
    let response = client_for(&server)
        .organizations()
        .delete_external_id(ORGANIZATION_ID)
        .await
        .expect("the Delete Organization External ID answer of the docs decodes");
    assert_template_organization(&response.organization);
}

/// The Session object page's `member_session`: a magic-link factor with its email factor.
#[test]
fn the_session_object_page_decodes() {
    let page = documented("session_object.json");
    let session: MemberSession = serde_json::from_value(page["member_session"].clone())
        .expect("the Session object of the docs decodes");
    assert_eq!(session.member_id, MEMBER_ID);
    assert_eq!(session.roles, ["stytch_member", "editor"]);
    let factor = &session.authentication_factors[0];
    assert_eq!(
        factor
            .email_factor
            .as_ref()
            .map(|email| email.email_address.as_str()),
        Some("sandbox@stytch.com")
    );
    assert_eq!(session.custom_claims["claim2"], "value2");
}

/// The connection the SCIM Rotate Token Start pages show, with the next bearer token.
#[test]
fn the_scim_rotate_token_start_connection_decodes() {
    let page = documented("scim_rotate_start_connection.json");
    let connection: ScimConnectionWithNextToken =
        serde_json::from_value(page["connection"].clone())
            .expect("the SCIM connection of the docs decodes");
    assert_eq!(connection.bearer_token_last_four, "sdko");
    assert_eq!(
        connection.next_bearer_token,
        "8TqbGcJyFFLSNveQPGZ861xSE2B7CPtC2gnyasAIbDiUrcjn"
    );
}

/// The documented answers of whole endpoints, `endpoints/<operation ID>.json`: each is served
/// to the endpoint's example call (`example_calls::send`), which must decode it. Every failure
/// is listed at once.
#[tokio::test]
async fn every_documented_endpoint_answer_decodes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/responses/docs/endpoints");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the documented endpoint answers exist")
        .map(|entry| entry.expect("a fixture entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no documented endpoint answers");
    let mut failures = Vec::new();
    for file in &files {
        let operation = file
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("a file named after an operation ID");
        let text = fs::read_to_string(file).expect("the fixture reads");
        let body: Value = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{} is not JSON: {error}", file.display()));
        let server = server_answering(200, &body).await;
        match example_calls::send(&client_for(&server), operation).await {
            None => failures.push(format!("{operation}: no such operation")),
            Some(Err(error)) => failures.push(format!("{operation}: {error}")),
            Some(Ok(())) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "documented answers that do not decode:\n  {}",
        failures.join("\n  ")
    );
}

#[test]
fn every_documented_body_has_a_test() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/responses/docs");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("the docs fixture folder exists")
        .map(|entry| {
            entry
                .expect("a fixture entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    let source = include_str!("documented_bodies.rs");
    for name in &names {
        assert!(
            source.contains(&format!("documented(\"{name}\")")),
            "{name} is not decoded by any test here"
        );
    }
}

#[test]
fn null_decodes_like_an_absent_field() {
    // No response field of the spec is `nullable` (three states are for request fields a caller
    // clears), so in a response `null` and absent both mean "not set": `None`, or the default.
    let page = documented("member_object.json");
    let mut with_nulls = page["member"].clone();
    for field in [
        "is_admin",
        "retired_email_addresses",
        "roles",
        "default_mfa_method",
    ] {
        with_nulls[field] = Value::Null;
    }
    let with_nulls: Member = serde_json::from_value(with_nulls).expect("decodes with nulls");
    let absent: Member = serde_json::from_value(page["member"].clone()).expect("decodes");
    assert_eq!(with_nulls, absent);
    assert!(!with_nulls.is_admin);
    assert!(with_nulls.retired_email_addresses.is_empty());

    let page = documented("get_organization.json");
    let with_null: Organization =
        serde_json::from_value(page["organization"].clone()).expect("decodes with null");
    let mut without = page["organization"].clone();
    let object = without.as_object_mut().expect("an object");
    object.remove("sso_default_connection_id");
    object.remove("scim_active_connection");
    let without_field: Organization = serde_json::from_value(without).expect("decodes without");
    assert_eq!(with_null, without_field);
}
