//! The `one_of` module of the consumer crate (`tests/consumer/src/one_of.rs`), which builds the
//! enums of `one_of` groups from outside the client crate, run against a local server.

use serde_json::json;
use stytch_b2b::types::AttestSessionCredential;

use super::{MEMBER_ID, REQUEST_ID, SESSION_JWT, client_for, server_answering, single_request};

#[tokio::test]
async fn a_consumer_logs_a_member_out_everywhere_by_member_id() {
    let server = server_answering(
        200,
        &json!({ "request_id": REQUEST_ID, "status_code": 200 }),
    )
    .await;
    consumer::one_of::log_out_everywhere(&client_for(&server), MEMBER_ID)
        .await
        .expect("the revoke succeeds");
    let request = single_request(&server).await;
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("a JSON body");
    assert_eq!(body, json!({ "member_id": MEMBER_ID }));
}

#[test]
fn a_consumer_matches_on_a_group_with_a_last_arm() {
    assert!(consumer::one_of::is_jwt(
        &AttestSessionCredential::SessionJwt(SESSION_JWT.to_owned())
    ));
    assert!(!consumer::one_of::is_jwt(
        &AttestSessionCredential::SessionToken("token".to_owned())
    ));
}
