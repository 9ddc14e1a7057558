//! The consumer crate's list and JSON parameters (`consumer::params`), run against a local
//! server: what a user's array literals, iterators and `json!` values put on the wire.

use serde_json::{Value, json};
use stytch_b2b::Error;

use super::{
    ORGANIZATION_ID, REQUEST_ID, client_for, delete_external_id_response_json,
    get_member_response_json, request_count, server_answering, single_request,
};

/// The JSON body of the one request `server` received.
async fn sent_body(server: &wiremock::MockServer) -> Value {
    let request = single_request(server).await;
    serde_json::from_slice(&request.body).expect("the client sends a JSON body")
}

#[tokio::test]
async fn arrays_iterators_and_json_values_are_sent_as_given() {
    let server = server_answering(200, &delete_external_id_response_json()).await;
    let organization_id =
        consumer::params::create_organization(&client_for(&server), &["a.example", "b.example"])
            .await
            .expect("the create succeeds");
    assert_eq!(organization_id, ORGANIZATION_ID);
    let body = sent_body(&server).await;
    assert_eq!(
        body["email_allowed_domains"],
        json!(["a.example", "b.example"])
    );
    assert_eq!(
        body["claimed_email_domains"],
        json!(["example.com", "example.org"])
    );
    assert_eq!(body["allowed_auth_methods"], json!(["sso", "magic_link"]));
    assert_eq!(
        body["trusted_metadata"],
        json!({ "tier": "gold", "seats": 5, "regions": ["eu", "us"] })
    );
}

#[tokio::test]
async fn an_owned_vec_of_ids_is_sent() {
    let response = json!({
        "request_id": REQUEST_ID,
        "members": [],
        "results_metadata": { "total": 0 },
        "status_code": 200,
    });
    let server = server_answering(200, &response).await;
    let count = consumer::params::count_members(
        &client_for(&server),
        vec!["org-1".to_owned(), "org-2".to_owned()],
    )
    .await
    .expect("the search succeeds");
    assert_eq!(count, 0);
    assert_eq!(
        sent_body(&server).await["organization_ids"],
        json!(["org-1", "org-2"])
    );
}

#[tokio::test]
async fn a_single_role_and_a_map_built_at_run_time_are_sent() {
    let server = server_answering(200, &get_member_response_json()).await;
    consumer::params::add_member(
        &client_for(&server),
        ORGANIZATION_ID,
        "ada@example.com",
        "stytch_admin",
    )
    .await
    .expect("the create succeeds");
    let body = sent_body(&server).await;
    assert_eq!(body["roles"], json!(["stytch_admin"]));
    assert_eq!(body["untrusted_metadata"], json!({ "source": "import" }));
}

#[tokio::test]
async fn an_empty_list_is_sent_as_an_empty_array() {
    let server = server_answering(200, &delete_external_id_response_json()).await;
    consumer::params::clear_allowed_domains(&client_for(&server), ORGANIZATION_ID)
        .await
        .expect("the update succeeds");
    assert_eq!(sent_body(&server).await["email_allowed_domains"], json!([]));
}

#[tokio::test]
async fn metadata_that_is_not_an_object_is_refused_and_not_sent() {
    let server = server_answering(200, &delete_external_id_response_json()).await;
    let error = consumer::params::set_metadata(
        &client_for(&server),
        ORGANIZATION_ID,
        json!(["not", "an", "object"]),
    )
    .await
    .expect_err("an array is refused");
    assert!(
        matches!(&error, Error::InvalidRequest(message) if message.contains("`trusted_metadata`")),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 0);
    assert_eq!(request_count(&server).await, 0);
}
