//! What list and free-form JSON parameters send: any iterator of items, JSON objects exactly as
//! given; a JSON value that is not an object refused before anything is sent, and one received
//! refused as a decode error, neither quoting the value.

use serde_json::{Value, json};
use stytch_b2b::types::{AuthMethod, MemberStatus};
use stytch_b2b::{BodyProblem, Error};

use super::{
    MEMBER_ID, ORGANIZATION_ID, REQUEST_ID, client_for, delete_external_id_response_json,
    get_member_response_json, member_json, request_count, server_answering, single_request,
};

/// The JSON body of the one request `server` received.
async fn sent_body(server: &wiremock::MockServer) -> Value {
    let request = single_request(server).await;
    serde_json::from_slice(&request.body).expect("the client sends a JSON body")
}

fn empty_search_response() -> Value {
    json!({
        "request_id": REQUEST_ID,
        "members": [],
        "results_metadata": { "total": 0 },
        "status_code": 200,
    })
}

#[tokio::test]
async fn a_required_list_takes_an_array_of_str_and_sends_it_in_order() {
    let server = server_answering(200, &empty_search_response()).await;
    client_for(&server)
        .organizations()
        .members()
        .search(["org-2", "org-1"])
        .await
        .expect("the search succeeds");
    assert_eq!(
        sent_body(&server).await["organization_ids"],
        json!(["org-2", "org-1"])
    );
}

#[tokio::test]
async fn list_setters_take_any_iterator_of_what_converts() {
    let server = server_answering(200, &delete_external_id_response_json()).await;
    let domains = ["example.com", "example.org"].map(String::from);
    client_for(&server)
        .organizations()
        .create("Example Org")
        // Borrowed strings of a Vec, and enum values of an array.
        .email_allowed_domains(domains.iter().map(String::as_str))
        .allowed_auth_methods([AuthMethod::Sso, AuthMethod::MagicLink])
        .claimed_email_domains(std::iter::once("example.com"))
        .await
        .expect("the create succeeds");
    let body = sent_body(&server).await;
    assert_eq!(
        body["email_allowed_domains"],
        json!(["example.com", "example.org"])
    );
    assert_eq!(body["allowed_auth_methods"], json!(["sso", "magic_link"]));
    assert_eq!(body["claimed_email_domains"], json!(["example.com"]));
}

#[tokio::test]
async fn an_empty_list_is_sent_as_an_empty_array_not_left_out() {
    let server = server_answering(200, &delete_external_id_response_json()).await;
    client_for(&server)
        .organizations()
        .update(ORGANIZATION_ID)
        .email_allowed_domains(Vec::<String>::new())
        .allowed_auth_methods([])
        .await
        .expect("the update succeeds");
    let body = sent_body(&server).await;
    assert_eq!(body["email_allowed_domains"], json!([]));
    assert_eq!(body["allowed_auth_methods"], json!([]));
}

#[tokio::test]
async fn json_objects_are_sent_exactly_as_given_at_any_depth() {
    let metadata = json!({
        "crm": { "account_id": "0015g00000XyZAbCDE", "tiers": ["gold", null, 3, 2.5, false] },
        "empty": {},
        "unicode": "é\u{1f600}\"",
        "big": 9_007_199_254_740_993_u64,
    });
    let server = server_answering(200, &delete_external_id_response_json()).await;
    client_for(&server)
        .organizations()
        .create("Example Org")
        .trusted_metadata(metadata.clone())
        .await
        .expect("the create succeeds");
    assert_eq!(sent_body(&server).await["trusted_metadata"], metadata);
}

#[tokio::test]
async fn a_json_map_is_taken_as_well_as_a_value() {
    let mut metadata = serde_json::Map::new();
    metadata.insert("theme".to_owned(), json!("dark"));
    let server = server_answering(200, &get_member_response_json()).await;
    client_for(&server)
        .organizations()
        .members()
        .create(ORGANIZATION_ID, "ada@example.com")
        .untrusted_metadata(metadata)
        .roles(vec!["stytch_admin".to_owned()])
        .await
        .expect("the create succeeds");
    let body = sent_body(&server).await;
    assert_eq!(body["untrusted_metadata"], json!({ "theme": "dark" }));
    assert_eq!(body["roles"], json!(["stytch_admin"]));
}

#[tokio::test]
async fn a_json_value_that_is_not_an_object_is_refused_before_sending() {
    let secret = "do-not-echo-3f1c";
    for (value, found) in [
        (json!([1, secret]), "an array"),
        (json!(secret), "a string"),
        (json!(42), "a number"),
        (json!(true), "a boolean"),
        (Value::Null, "null"),
    ] {
        let server = server_answering(200, &delete_external_id_response_json()).await;
        let error = client_for(&server)
            .organizations()
            .create("Example Org")
            .trusted_metadata(value)
            .await
            .expect_err("a non-object is refused");
        let Error::InvalidRequest(message) = &error else {
            panic!("expected InvalidRequest, got {error:?}");
        };
        assert!(
            message.contains("`trusted_metadata` must be a JSON object, not ")
                && message.ends_with(found),
            "{message}"
        );
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert_eq!(error.attempts(), 0);
        assert_eq!(request_count(&server).await, 0, "nothing is sent");
    }
}

#[tokio::test]
async fn a_received_json_field_that_is_not_an_object_is_a_decode_error() {
    let secret = "do-not-echo-77aa";
    for (field, value) in [
        ("trusted_metadata", json!([secret])),
        ("untrusted_metadata", json!(secret)),
    ] {
        let mut member = member_json();
        member[field] = value;
        let mut body = get_member_response_json();
        body["member"] = member;
        let server = server_answering(200, &body).await;
        let error = client_for(&server)
            .organizations()
            .members()
            .dangerously_get(MEMBER_ID)
            .await
            .expect_err("a non-object field does not decode");
        let Error::Decode(decode) = &error else {
            panic!("expected a decode error, got {error:?}");
        };
        assert_eq!(decode.problem, BodyProblem::UnexpectedShape);
        let shown = error.to_string();
        assert!(shown.contains("expected a JSON object"), "{shown}");
        assert!(!shown.contains(secret), "{shown}");
        assert!(!format!("{error:?}").contains(secret));
    }
}

#[tokio::test]
async fn absent_or_null_json_fields_with_a_default_decode_as_an_empty_object() {
    let mut member = member_json();
    member["trusted_metadata"] = Value::Null;
    member
        .as_object_mut()
        .expect("a member is an object")
        .remove("untrusted_metadata");
    let mut body = get_member_response_json();
    body["member"] = member;
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect("the member decodes");
    assert_eq!(response.member.trusted_metadata, json!({}));
    assert_eq!(response.member.untrusted_metadata, json!({}));
    assert_eq!(response.member.status, MemberStatus::Active);
}
