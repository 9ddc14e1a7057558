//! How responses decode: every field of a full response is kept, unknown fields are ignored,
//! optional fields may be null or missing, and enum values the client does not know are kept.

use serde_json::{Value, json};
use stytch_b2b::types::{Member, MemberStatus, MfaPolicy, Organization, RoleAssignmentType};

use super::{
    EMAIL_ID, MEMBER_ID, MEMBER_PASSWORD_ID, ORGANIZATION_ID, REQUEST_ID, client_for,
    delete_external_id_response_json, delete_member_response_json, delete_password_response_json,
    get_member_response_json, member_json, organization_json, server_answering,
    unlink_retired_email_response_json,
};

/// The values a test expects in the full Member fixture.
fn assert_full_member(member: &Member) {
    assert_eq!(member.member_id, MEMBER_ID);
    assert_eq!(member.organization_id, ORGANIZATION_ID);
    assert_eq!(member.email_address, "ada.lovelace@example.com");
    assert_eq!(member.status, MemberStatus::Active);
    assert!(member.is_locked);
    assert_eq!(member.mfa_phone_number.as_deref(), Some("+12025550162"));
    assert_eq!(
        member.member_password_id.as_deref(),
        Some(MEMBER_PASSWORD_ID)
    );
    assert_eq!(member.retired_email_addresses[0].email_id, EMAIL_ID);
    assert_eq!(member.oauth_registrations[0].provider_type, "Google");

    let roles = &member.roles;
    assert_eq!(roles[0].role_id, "stytch_admin");
    assert_eq!(
        roles[0].sources[0].r#type,
        RoleAssignmentType::DirectAssignment
    );
    let scim_source = &roles[1].sources[1];
    assert_eq!(scim_source.r#type, RoleAssignmentType::ScimConnectionGroup);
    assert_eq!(scim_source.details["group_id"], "00g7k2m9p4Q1r8s5t3u6");

    let trusted = &member.trusted_metadata;
    assert_eq!(trusted["billing"]["seats"], 250);
    assert_eq!(trusted["cost_center"], Value::Null);

    let registration = member
        .scim_registration
        .as_ref()
        .expect("the fixture has a scim_registration");
    let attributes = registration
        .scim_attributes
        .as_ref()
        .expect("the fixture has scim_attributes");
    assert_eq!(attributes.emails[0].value, "ada.lovelace@example.com");
    assert_eq!(attributes.emails[0].r#type, "work");
    assert!(attributes.emails[0].primary);
    assert_eq!(attributes.addresses[0].postal_code, "SW1Y 4LB");
    let name = attributes
        .name
        .as_ref()
        .expect("the fixture has a SCIM name");
    assert_eq!(name.family_name, "Lovelace");
    let manager = attributes
        .enterprise_extension
        .as_ref()
        .and_then(|extension| extension.manager.as_ref())
        .expect("the fixture has a SCIM manager");
    assert_eq!(
        manager.r#ref,
        "https://example.okta.com/scim/v2/Users/00u9z8y7X6w5v4U3t2s1"
    );
}

/// The values a test expects in the full Organization fixture.
fn assert_full_organization(organization: &Organization) {
    assert_eq!(organization.organization_id, ORGANIZATION_ID);
    assert_eq!(organization.organization_name, "Example Org Inc.");
    assert_eq!(organization.organization_slug, "example-org");
    assert_eq!(organization.mfa_policy, MfaPolicy::RequiredForAll);
    assert_eq!(
        organization.sso_active_connections[1].identity_provider,
        "microsoft-entra"
    );
    let trusted = &organization.trusted_metadata;
    assert_eq!(trusted["crm"]["tier"], "gold");
    assert_eq!(trusted["regions"], json!(["us-east-1", "eu-west-1"]));
    assert_eq!(
        organization.custom_roles[0].permissions[0].actions,
        ["read", "update"]
    );
    let scim = organization
        .scim_active_connection
        .as_ref()
        .expect("the fixture has a scim_active_connection");
    assert_eq!(scim.bearer_token_last_four, "f3Q9");
    assert!(organization.allowed_third_party_connected_apps.is_empty());
}

#[tokio::test]
async fn dangerously_get_decodes_a_full_response_without_losing_a_field() {
    let body = get_member_response_json();
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect("a full response decodes");

    assert_eq!(response.status_code, 200);
    assert_eq!(response.request_id, REQUEST_ID);
    assert_eq!(response.member_id, MEMBER_ID);
    assert_full_member(&response.member);
    assert_full_organization(&response.organization);
    // Serialized back, it is exactly the body sent: no field lost, renamed or added.
    assert_eq!(serde_json::to_value(&response).expect("serializes"), body);
}

#[tokio::test]
async fn delete_member_decodes_a_full_response_without_losing_a_field() {
    let body = delete_member_response_json();
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("a full response decodes");

    assert_eq!(response.status_code, 200);
    assert_eq!(response.request_id, REQUEST_ID);
    assert_eq!(response.member_id, MEMBER_ID);
    // Serialized back, it is exactly the body sent: no field lost, renamed or added.
    assert_eq!(serde_json::to_value(&response).expect("serializes"), body);
}

#[tokio::test]
async fn delete_password_decodes_a_full_response_without_losing_a_field() {
    let body = delete_password_response_json();
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .delete_password(ORGANIZATION_ID, MEMBER_PASSWORD_ID)
        .await
        .expect("a full response decodes");

    assert_eq!(response.status_code, 200);
    assert_eq!(response.request_id, REQUEST_ID);
    assert_eq!(response.member_id, MEMBER_ID);
    assert_full_member(&response.member);
    assert_full_organization(&response.organization);
    // Serialized back, it is exactly the body sent: no field lost, renamed or added.
    assert_eq!(serde_json::to_value(&response).expect("serializes"), body);
}

#[tokio::test]
async fn delete_external_id_decodes_a_full_response_without_losing_a_field() {
    let body = delete_external_id_response_json();
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .delete_external_id(ORGANIZATION_ID)
        .await
        .expect("a full response decodes");

    assert_eq!(response.status_code, 200);
    assert_eq!(response.request_id, REQUEST_ID);
    assert_full_organization(&response.organization);
    // Serialized back, it is exactly the body sent: no field lost, renamed or added.
    assert_eq!(serde_json::to_value(&response).expect("serializes"), body);
}

#[tokio::test]
async fn unlink_retired_email_decodes_a_full_response_without_losing_a_field() {
    let body = unlink_retired_email_response_json();
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID)
        .email_id(EMAIL_ID)
        .await
        .expect("a full response decodes");

    assert_eq!(response.status_code, 200);
    assert_eq!(response.request_id, REQUEST_ID);
    assert_eq!(response.member_id, MEMBER_ID);
    assert_eq!(response.organization_id, ORGANIZATION_ID);
    assert_full_member(&response.member);
    assert_full_organization(&response.organization);
    // Serialized back, it is exactly the body sent: no field lost, renamed or added.
    assert_eq!(serde_json::to_value(&response).expect("serializes"), body);
}

/// Any 2xx is a success: Stytch's docs show 201 for creations.
#[tokio::test]
async fn a_201_answer_is_a_success() {
    let mut body = delete_member_response_json();
    body["status_code"] = json!(201);
    let server = server_answering(201, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("a 201 answer decodes");
    assert_eq!(response.status_code, 201);
}

/// Sets `"field_added_later"` on the object at `pointer` in `body`.
fn add_unknown_field(body: &mut Value, pointer: &str) {
    let object = body
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{pointer} is an object"));
    object.insert(
        "field_added_later".to_owned(),
        json!({ "nested": [1, "two", null], "flag": true }),
    );
}

#[tokio::test]
async fn unknown_fields_at_any_depth_are_ignored() {
    let plain = get_member_response_json();
    let mut body = plain.clone();
    for pointer in [
        "",
        "/member",
        "/member/roles/0",
        "/member/roles/0/sources/0",
        "/member/sso_registrations/0",
        "/member/oauth_registrations/0",
        "/member/scim_registration",
        "/member/scim_registration/scim_attributes",
        "/member/scim_registration/scim_attributes/emails/0",
        "/member/scim_registration/scim_attributes/enterprise_extension/manager",
        "/organization",
        "/organization/scim_active_connection",
        "/organization/custom_roles/0/permissions/0",
    ] {
        add_unknown_field(&mut body, pointer);
    }
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect("a response with unknown fields decodes");

    let expected: stytch_b2b::types::MemberResponse =
        serde_json::from_value(plain).expect("the plain response decodes");
    assert_eq!(response, expected);
}

/// The member fixture with optional fields null or missing, as the live API sends them.
fn sparse_member_json() -> Value {
    let mut member = member_json();
    let object = member.as_object_mut().expect("a member is an object");
    for null in [
        "is_locked",
        "is_breakglass",
        "mfa_phone_number",
        "default_mfa_method",
        "totp_registration_id",
        "member_password_id",
        "scim_registration",
        "untrusted_metadata",
        "external_id",
        "lock_created_at",
        "lock_expires_at",
    ] {
        object.insert(null.to_owned(), Value::Null);
    }
    for missing in ["roles", "trusted_metadata", "created_at", "updated_at"] {
        object.remove(missing);
    }
    member["oauth_registrations"][0]["profile_picture_url"] = Value::Null;
    member["sso_registrations"][0]["sso_attributes"] = Value::Null;
    member
}

/// The organization fixture with optional fields null or missing.
fn sparse_organization_json() -> Value {
    let mut organization = organization_json();
    let object = organization
        .as_object_mut()
        .expect("an organization is an object");
    for null in [
        "sso_default_connection_id",
        "scim_active_connection",
        "organization_external_id",
        "allowed_oauth_tenants",
        "trusted_metadata",
    ] {
        object.insert(null.to_owned(), Value::Null);
    }
    for missing in [
        "auth_methods",
        "allowed_auth_methods",
        "mfa_methods",
        "allowed_mfa_methods",
        "custom_roles",
        "rbac_email_implicit_role_assignments",
        "claimed_email_domains",
    ] {
        object.remove(missing);
    }
    organization
}

/// `value` without the object fields that are null, at any depth.
fn without_nulls(mut value: Value) -> Value {
    if let Value::Object(object) = &mut value {
        object.retain(|_, field| !field.is_null());
        for field in object.values_mut() {
            *field = without_nulls(field.take());
        }
    } else if let Value::Array(items) = &mut value {
        for item in items {
            *item = without_nulls(item.take());
        }
    }
    value
}

#[tokio::test]
async fn null_or_missing_member_fields_decode_to_none_or_their_default() {
    let mut body = get_member_response_json();
    body["member"] = sparse_member_json();
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect("a member with null and missing optional fields decodes");

    let member = &response.member;
    // Booleans and collections decode as their default (spec/README.md, "Fields the API may
    // leave out"); everything else as `None`.
    assert!(!member.is_locked);
    assert!(!member.is_breakglass);
    assert_eq!(member.untrusted_metadata, json!({}));
    assert!(member.roles.is_empty());
    assert_eq!(member.trusted_metadata, json!({}));
    assert_eq!(member.sso_registrations[0].sso_attributes, json!({}));
    assert_eq!(member.mfa_phone_number, None);
    assert_eq!(member.default_mfa_method, None);
    assert_eq!(member.totp_registration_id, None);
    assert_eq!(member.member_password_id, None);
    assert_eq!(member.scim_registration, None);
    assert_eq!(member.external_id, None);
    assert_eq!(member.lock_created_at, None);
    assert_eq!(member.lock_expires_at, None);
    assert_eq!(member.created_at, None);
    assert_eq!(member.oauth_registrations[0].profile_picture_url, None);
    // The required fields around them are intact.
    assert_eq!(member.email_address, "ada.lovelace@example.com");
    assert!(member.mfa_enrolled);

    // An absent value is left out when serialized, never written as `null`; a default is written.
    let json = serde_json::to_value(member).expect("serializes");
    let mut expected = without_nulls(sparse_member_json());
    for (field, default) in [
        ("is_locked", json!(false)),
        ("is_breakglass", json!(false)),
        ("untrusted_metadata", json!({})),
        ("roles", json!([])),
        ("trusted_metadata", json!({})),
    ] {
        expected[field] = default;
    }
    expected["sso_registrations"][0]["sso_attributes"] = json!({});
    assert_eq!(json, expected);
}

#[tokio::test]
async fn null_or_missing_organization_fields_decode_to_none_or_their_default() {
    let body = json!({
        "request_id": REQUEST_ID,
        "organization": sparse_organization_json(),
        "status_code": 200,
    });
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .delete_external_id(ORGANIZATION_ID)
        .await
        .expect("an organization with null and missing optional fields decodes");

    let organization = &response.organization;
    assert_eq!(organization.sso_default_connection_id, None);
    assert_eq!(organization.scim_active_connection, None);
    assert_eq!(organization.organization_external_id, None);
    assert_eq!(organization.allowed_oauth_tenants, json!({}));
    assert_eq!(organization.trusted_metadata, json!({}));
    assert_eq!(organization.auth_methods, None);
    assert!(organization.allowed_auth_methods.is_empty());
    assert_eq!(organization.mfa_methods, None);
    assert!(organization.custom_roles.is_empty());
    assert!(organization.rbac_email_implicit_role_assignments.is_empty());
    assert_eq!(organization.organization_name, "Example Org Inc.");

    let json = serde_json::to_value(organization).expect("serializes");
    let mut expected = without_nulls(sparse_organization_json());
    for (field, default) in [
        ("allowed_oauth_tenants", json!({})),
        ("trusted_metadata", json!({})),
        ("allowed_auth_methods", json!([])),
        ("allowed_mfa_methods", json!([])),
        ("custom_roles", json!([])),
        ("rbac_email_implicit_role_assignments", json!([])),
        ("claimed_email_domains", json!([])),
    ] {
        expected[field] = default;
    }
    assert_eq!(json, expected);
}

#[test]
fn enum_values_the_client_does_not_know_are_kept_and_sent_back_unchanged() {
    let mut member = member_json();
    member["status"] = json!("suspended");
    member["roles"][0]["sources"][0]["type"] = json!("future_assignment");
    let decoded: Member =
        serde_json::from_value(member.clone()).expect("an unknown enum value decodes");
    assert_eq!(decoded.status, MemberStatus::from("suspended"));
    assert!(
        matches!(&decoded.status, MemberStatus::Unknown(value) if value.as_str() == "suspended")
    );
    assert_eq!(decoded.status.as_str(), "suspended");
    assert_eq!(
        decoded.roles[0].sources[0].r#type.to_string(),
        "future_assignment"
    );
    assert_eq!(serde_json::to_value(&decoded).expect("encode"), member);

    let mut organization = organization_json();
    organization["mfa_policy"] = json!("REQUIRED_FOR_ADMINS");
    let decoded: Organization = serde_json::from_value(organization.clone()).expect("decode");
    assert_eq!(decoded.mfa_policy, MfaPolicy::from("REQUIRED_FOR_ADMINS"));
    assert_eq!(
        serde_json::to_value(&decoded).expect("encode"),
        organization
    );
}

#[test]
fn known_enum_values_decode_to_their_variants() {
    for (wire, status) in [
        ("pending", MemberStatus::Pending),
        ("invited", MemberStatus::Invited),
        ("active", MemberStatus::Active),
        ("deleted", MemberStatus::Deleted),
    ] {
        assert_eq!(
            serde_json::from_value::<MemberStatus>(json!(wire)).expect("decode"),
            status
        );
        assert_eq!(MemberStatus::from(wire), status);
        assert_eq!(status.to_string(), wire);
    }
}
