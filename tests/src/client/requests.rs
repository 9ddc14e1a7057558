//! What each endpoint sends: method, raw path, escaping, credentials, query and body.

use serde_json::{Value, json};
use stytch_b2b::{Authorization, Error};

use super::{
    BASIC_AUTH, EMAIL_ID, ENDPOINTS, Endpoint, IDS, MEMBER_ID, ODD_IDS, ODD_IDS_ENCODED,
    ORGANIZATION_ID, RETIRED_EMAIL_ADDRESS, SESSION_HEADER, SESSION_JWT, SESSION_JWT_HEADER,
    SESSION_TOKEN, client_for, get_member_response_json, header, request_count, server_answering,
    single_request, unlink_retired_email_response_json,
};

#[tokio::test]
async fn each_endpoint_sends_its_method_and_exact_path() {
    for endpoint in ENDPOINTS {
        let server = server_answering(200, &endpoint.success_body()).await;
        endpoint
            .call(&client_for(&server), IDS, None)
            .await
            .unwrap_or_else(|error| panic!("{endpoint:?} succeeds: {error}"));

        let request = single_request(&server).await;
        assert_eq!(request.method.as_str(), endpoint.method(), "{endpoint:?}");
        assert_eq!(request.url.path(), endpoint.path(IDS), "{endpoint:?}");
    }
}

#[tokio::test]
async fn each_endpoint_escapes_every_path_id_as_one_segment() {
    for endpoint in ENDPOINTS {
        let server = server_answering(200, &endpoint.success_body()).await;
        endpoint
            .call(&client_for(&server), ODD_IDS, None)
            .await
            .unwrap_or_else(|error| panic!("{endpoint:?} succeeds: {error}"));

        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            endpoint.path(ODD_IDS_ENCODED),
            "{endpoint:?}"
        );
        // `?` and `#` were escaped, so nothing leaked into a query or fragment.
        assert_eq!(request.url.query(), None, "{endpoint:?}");
        assert_eq!(request.url.fragment(), None, "{endpoint:?}");
    }
}

/// `.` and `..` survive `encodeURIComponent`, but a URL parser treats them as dot segments: sent
/// as they are, `delete(org, "..")` would become `DELETE /v1/b2b/organizations/{org}/`, another
/// route. The client must refuse such an ID or send it so that it stays one segment.
#[tokio::test]
async fn dot_segment_ids_cannot_reach_another_route() {
    let mut problems = Vec::new();
    for dots in [".", ".."] {
        for endpoint in ENDPOINTS {
            for &parameter in endpoint.path_parameters() {
                let server = server_answering(200, &endpoint.success_body()).await;
                let ids = IDS.with(parameter, dots);
                let result = endpoint.call(&client_for(&server), ids, None).await;
                let context = format!("{endpoint:?} with {parameter} = {dots:?}");
                if let Some(problem) =
                    dot_segment_problem(result, &server, &endpoint.path(ids)).await
                {
                    problems.push(format!("{context}: {problem}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What is wrong with the outcome of a call with a dot-segment ID, if anything. Either the
/// client refused the ID before sending, or the request reached `literal_path`'s route with the
/// ID still one segment.
async fn dot_segment_problem(
    result: Result<Value, Error>,
    server: &wiremock::MockServer,
    literal_path: &str,
) -> Option<String> {
    match result {
        Err(Error::InvalidRequest(_)) => match request_count(server).await {
            0 => None,
            count => Some(format!("refused, but {count} request(s) sent")),
        },
        Err(error) => Some(format!("unexpected error {error}")),
        Ok(_) => {
            let request = single_request(server).await;
            let path = request.url.path();
            let expected: Vec<&str> = literal_path.split('/').collect();
            let received: Vec<&str> = path.split('/').collect();
            let same_route = expected.len() == received.len()
                && expected.iter().zip(&received).all(|(expected, received)| {
                    if matches!(*expected, "." | "..") {
                        !matches!(*received, "" | "." | "..")
                    } else {
                        expected == received
                    }
                });
            (!same_route).then(|| {
                format!(
                    "sent {} {path} (another route) instead of {literal_path}",
                    request.method
                )
            })
        }
    }
}

#[tokio::test]
async fn each_endpoint_authenticates_with_basic_auth_and_asks_for_json() {
    for endpoint in ENDPOINTS {
        let server = server_answering(200, &endpoint.success_body()).await;
        endpoint
            .call(&client_for(&server), IDS, None)
            .await
            .unwrap_or_else(|error| panic!("{endpoint:?} succeeds: {error}"));

        let request = single_request(&server).await;
        assert_eq!(
            header(&request, "authorization"),
            Some(BASIC_AUTH),
            "{endpoint:?}"
        );
        assert_eq!(
            header(&request, "accept"),
            Some("application/json"),
            "{endpoint:?}"
        );
    }
}

#[tokio::test]
async fn session_token_is_sent_as_the_member_session_header_only() {
    for endpoint in ENDPOINTS.into_iter().filter(|e| e.takes_authorization()) {
        let server = server_answering(200, &endpoint.success_body()).await;
        let authorization = Authorization::SessionToken(SESSION_TOKEN.to_owned());
        endpoint
            .call(&client_for(&server), IDS, Some(authorization))
            .await
            .unwrap_or_else(|error| panic!("{endpoint:?} succeeds: {error}"));

        let request = single_request(&server).await;
        assert_eq!(
            header(&request, SESSION_HEADER),
            Some(SESSION_TOKEN),
            "{endpoint:?}"
        );
        assert_eq!(header(&request, SESSION_JWT_HEADER), None, "{endpoint:?}");
        // The member session is sent in addition to, not instead of, the project's credentials.
        assert_eq!(
            header(&request, "authorization"),
            Some(BASIC_AUTH),
            "{endpoint:?}"
        );
    }
}

#[tokio::test]
async fn session_jwt_is_sent_as_the_member_session_jwt_header_only() {
    for endpoint in ENDPOINTS.into_iter().filter(|e| e.takes_authorization()) {
        let server = server_answering(200, &endpoint.success_body()).await;
        let authorization = Authorization::SessionJwt(SESSION_JWT.to_owned());
        endpoint
            .call(&client_for(&server), IDS, Some(authorization))
            .await
            .unwrap_or_else(|error| panic!("{endpoint:?} succeeds: {error}"));

        let request = single_request(&server).await;
        assert_eq!(
            header(&request, SESSION_JWT_HEADER),
            Some(SESSION_JWT),
            "{endpoint:?}"
        );
        assert_eq!(header(&request, SESSION_HEADER), None, "{endpoint:?}");
        assert_eq!(
            header(&request, "authorization"),
            Some(BASIC_AUTH),
            "{endpoint:?}"
        );
    }
}

#[tokio::test]
async fn without_authorization_no_session_header_is_sent() {
    for endpoint in ENDPOINTS {
        let server = server_answering(200, &endpoint.success_body()).await;
        endpoint
            .call(&client_for(&server), IDS, None)
            .await
            .unwrap_or_else(|error| panic!("{endpoint:?} succeeds: {error}"));

        let request = single_request(&server).await;
        assert_eq!(header(&request, SESSION_HEADER), None, "{endpoint:?}");
        assert_eq!(header(&request, SESSION_JWT_HEADER), None, "{endpoint:?}");
    }
}

#[tokio::test]
async fn get_and_delete_requests_send_no_body_and_no_content_type() {
    for endpoint in ENDPOINTS
        .into_iter()
        .filter(|e| *e != Endpoint::UnlinkRetiredEmail)
    {
        let server = server_answering(200, &endpoint.success_body()).await;
        endpoint
            .call(&client_for(&server), IDS, None)
            .await
            .unwrap_or_else(|error| panic!("{endpoint:?} succeeds: {error}"));

        let request = single_request(&server).await;
        assert!(request.body.is_empty(), "{endpoint:?} sent a body");
        assert_eq!(header(&request, "content-type"), None, "{endpoint:?}");
        assert_eq!(request.url.query(), None, "{endpoint:?}");
    }
}

/// Sends `dangerously_get`, with `include_deleted` when given, and returns the raw query.
async fn dangerously_get_query(include_deleted: Option<bool>) -> Option<String> {
    let server = server_answering(200, &get_member_response_json()).await;
    let client = client_for(&server);
    let request = client.organizations().members().dangerously_get(MEMBER_ID);
    let request = match include_deleted {
        Some(include_deleted) => request.include_deleted(include_deleted),
        None => request,
    };
    request.await.expect("dangerously_get succeeds");
    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        format!("/v1/b2b/organizations/members/dangerously_get/{MEMBER_ID}")
    );
    request.url.query().map(str::to_owned)
}

#[tokio::test]
async fn dangerously_get_sends_include_deleted_true() {
    assert_eq!(
        dangerously_get_query(Some(true)).await.as_deref(),
        Some("include_deleted=true")
    );
}

#[tokio::test]
async fn dangerously_get_sends_include_deleted_false() {
    assert_eq!(
        dangerously_get_query(Some(false)).await.as_deref(),
        Some("include_deleted=false")
    );
}

#[tokio::test]
async fn dangerously_get_leaves_include_deleted_out_when_unset() {
    assert_eq!(dangerously_get_query(None).await, None);
}

/// Sends `unlink_retired_email` with the given body fields and returns the request received.
async fn unlink_request(email_id: Option<&str>, email_address: Option<&str>) -> wiremock::Request {
    let server = server_answering(200, &unlink_retired_email_response_json()).await;
    let client = client_for(&server);
    let mut request = client
        .organizations()
        .members()
        .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID);
    if let Some(email_id) = email_id {
        request = request.email_id(email_id);
    }
    if let Some(email_address) = email_address {
        request = request.email_address(email_address);
    }
    request.await.expect("unlink_retired_email succeeds");
    single_request(&server).await
}

/// The request's body, checked to be declared and parsed as JSON.
fn json_body(request: &wiremock::Request) -> Value {
    assert_eq!(header(request, "content-type"), Some("application/json"));
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

#[tokio::test]
async fn unlink_retired_email_posts_only_the_email_id_when_only_it_is_set() {
    let request = unlink_request(Some(EMAIL_ID), None).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        request.url.path(),
        format!("/v1/b2b/organizations/{ORGANIZATION_ID}/members/{MEMBER_ID}/unlink_retired_email")
    );
    assert_eq!(json_body(&request), json!({ "email_id": EMAIL_ID }));
}

#[tokio::test]
async fn unlink_retired_email_posts_only_the_email_address_when_only_it_is_set() {
    let request = unlink_request(None, Some(RETIRED_EMAIL_ADDRESS)).await;
    assert_eq!(
        json_body(&request),
        json!({ "email_address": RETIRED_EMAIL_ADDRESS })
    );
}

#[tokio::test]
async fn unlink_retired_email_posts_both_identifiers_when_both_are_set() {
    let request = unlink_request(Some(EMAIL_ID), Some(RETIRED_EMAIL_ADDRESS)).await;
    assert_eq!(
        json_body(&request),
        json!({ "email_id": EMAIL_ID, "email_address": RETIRED_EMAIL_ADDRESS })
    );
}

#[tokio::test]
async fn unlink_retired_email_posts_an_empty_object_when_nothing_is_set() {
    let request = unlink_request(None, None).await;
    assert_eq!(request.body, b"{}");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
}

#[tokio::test]
async fn unlink_retired_email_sends_a_session_token_with_its_json_body() {
    let server = server_answering(200, &unlink_retired_email_response_json()).await;
    let client = client_for(&server);
    client
        .organizations()
        .members()
        .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID)
        .email_address(RETIRED_EMAIL_ADDRESS)
        .authorization(Authorization::SessionToken(SESSION_TOKEN.to_owned()))
        .await
        .expect("unlink_retired_email succeeds");

    let request = single_request(&server).await;
    assert_eq!(header(&request, SESSION_HEADER), Some(SESSION_TOKEN));
    assert_eq!(header(&request, SESSION_JWT_HEADER), None);
    assert_eq!(
        json_body(&request),
        json!({ "email_address": RETIRED_EMAIL_ADDRESS })
    );
}
