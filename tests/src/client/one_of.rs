//! Requests whose body takes exactly one (or at most one) of several fields (`one_of` groups):
//! the chosen variant is sent as its own field and nothing of the others, a sensitive variant
//! never shows in `Debug`, and the body decodes back into the same variant.

use serde_json::{Value, json};
use stytch_b2b::types::{
    AttestSessionCredential, AuthenticateSessionRequest, RevokeSessionTarget, SessionCredential,
};

use super::{
    MEMBER_ID, REQUEST_ID, SESSION_JWT, SESSION_TOKEN, client_for, server_answering, single_request,
};

/// The JSON body of the one request `server` received.
async fn sent_body(server: &wiremock::MockServer) -> Value {
    let request = single_request(server).await;
    serde_json::from_slice(&request.body).expect("the body is JSON")
}

#[tokio::test]
async fn each_revoke_target_is_sent_as_its_own_field_alone() {
    let session_id = "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509";
    let cases = [
        (
            RevokeSessionTarget::MemberSessionId(session_id.to_owned()),
            json!({ "member_session_id": session_id }),
        ),
        (
            RevokeSessionTarget::SessionToken(SESSION_TOKEN.to_owned()),
            json!({ "session_token": SESSION_TOKEN }),
        ),
        (
            RevokeSessionTarget::SessionJwt(SESSION_JWT.to_owned()),
            json!({ "session_jwt": SESSION_JWT }),
        ),
        (
            RevokeSessionTarget::MemberId(MEMBER_ID.to_owned()),
            json!({ "member_id": MEMBER_ID }),
        ),
    ];
    for (target, expected) in cases {
        let server = server_answering(
            200,
            &json!({ "request_id": REQUEST_ID, "status_code": 200 }),
        )
        .await;
        client_for(&server)
            .sessions()
            .revoke(target)
            .await
            .expect("the revoke succeeds");
        assert_eq!(sent_body(&server).await, expected);
    }
}

#[tokio::test]
async fn an_optional_group_sends_its_chosen_field_or_none_of_them() {
    let profile = "trusted-auth-token-profile-test-8a2c4e6f";
    // The answer is not an attest response: only what was sent matters here.
    let server = server_answering(200, &json!({})).await;
    let unset = client_for(&server)
        .sessions()
        .attest(profile, "trusted-token")
        .await;
    assert!(unset.is_err(), "`{{}}` is not an attest response");
    assert_eq!(
        sent_body(&server).await,
        json!({ "profile_id": profile, "token": "trusted-token" })
    );

    let server = server_answering(200, &json!({})).await;
    let client = client_for(&server);
    let request = client
        .sessions()
        .attest(profile, "trusted-token")
        .session(AttestSessionCredential::SessionJwt(SESSION_JWT.to_owned()));
    let shown = format!("{request:?}");
    assert!(shown.contains("SessionJwt(<redacted>)"), "{shown}");
    assert!(!shown.contains(SESSION_JWT), "{shown}");
    assert!(request.await.is_err(), "`{{}}` is not an attest response");
    assert_eq!(
        sent_body(&server).await,
        json!({ "profile_id": profile, "token": "trusted-token", "session_jwt": SESSION_JWT })
    );
}

#[test]
fn a_body_decodes_into_the_variant_it_was_sent_as_and_back() {
    let sent = json!({
        "session_token": SESSION_TOKEN,
        "session_duration_minutes": 60,
    });
    let body: AuthenticateSessionRequest =
        serde_json::from_value(sent.clone()).expect("the body decodes");
    assert_eq!(
        body.session,
        SessionCredential::SessionToken(SESSION_TOKEN.to_owned())
    );
    assert_eq!(serde_json::to_value(&body).expect("the body encodes"), sent);
    let shown = format!("{body:?}");
    assert!(shown.contains("SessionToken(<redacted>)"), "{shown}");
    assert!(!shown.contains(SESSION_TOKEN), "{shown}");

    let neither = serde_json::from_value::<AuthenticateSessionRequest>(json!({
        "session_duration_minutes": 60,
    }));
    assert!(
        neither.is_err(),
        "a body without its required group does not decode"
    );
}
