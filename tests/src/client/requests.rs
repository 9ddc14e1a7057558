//! What each endpoint sends: method, raw path, escaping, credentials, query and body; what it
//! refuses to send (a URL longer than HTTP allows) and to follow (a redirect).

use serde_json::{Value, json};
use stytch_b2b::{Authorization, Client, Error, RetryPolicy};

use super::{
    BASIC_AUTH, EMAIL_ID, ENDPOINTS, Endpoint, IDS, MEMBER_ID, ODD_IDS, ODD_IDS_ENCODED,
    ORGANIZATION_ID, PROJECT_ID, REQUEST_ID, RETIRED_EMAIL_ADDRESS, SECRET, SESSION_HEADER,
    SESSION_JWT, SESSION_JWT_HEADER, SESSION_TOKEN, client_for, client_with_policy,
    get_member_response_json, header, request_count, server_answering, single_request,
    unlink_retired_email_response_json,
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
async fn get_sends_no_body_and_delete_sends_an_empty_json_object() {
    // The official Node SDK sends `{}` on every request but a GET, DELETE included.
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
        if endpoint.method() == "GET" {
            assert!(request.body.is_empty(), "{endpoint:?} sent a body");
            assert_eq!(header(&request, "content-type"), None, "{endpoint:?}");
        } else {
            assert_eq!(request.body, b"{}", "{endpoint:?}");
            assert_eq!(
                header(&request, "content-type"),
                Some("application/json"),
                "{endpoint:?}"
            );
        }
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

/// The one request `server` received must carry exactly `{}` as a JSON body, with its length.
async fn assert_empty_json_object_sent(server: &wiremock::MockServer, method: &str) {
    let request = single_request(server).await;
    assert_eq!(request.method.as_str(), method);
    assert_eq!(request.body, b"{}", "an empty JSON object");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "content-length"), Some("2"));
}

/// A `PUT` or `POST` whose endpoint has no body fields still sends JSON (`{}`), as the official
/// SDKs do: without a body and a `Content-Length`, some front ends answer 411.
#[tokio::test]
async fn a_put_or_post_without_body_fields_sends_an_empty_json_object() {
    let server = server_answering(200, &get_member_response_json()).await;
    client_for(&server)
        .organizations()
        .members()
        .reactivate(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("reactivate succeeds");
    assert_empty_json_object_sent(&server, "PUT").await;

    let revoked = json!({ "request_id": REQUEST_ID, "status_code": 200 });
    let server = server_answering(200, &revoked).await;
    client_for(&server)
        .organizations()
        .members()
        .connected_apps()
        .revoke(ORGANIZATION_ID, MEMBER_ID, "connected-app-test-1")
        .await
        .expect("revoke succeeds");
    assert_empty_json_object_sent(&server, "POST").await;
}

/// A path ID that makes the URL longer than HTTP allows (the `http` crate refuses URLs over
/// 65,534 bytes) is refused before sending, not turned into a retried transport error; and the
/// error does not repeat the ID.
#[tokio::test]
async fn a_url_longer_than_http_allows_is_an_invalid_request_never_sent() {
    let server = server_answering(200, &get_member_response_json()).await;
    let long_id = "m".repeat(70_000);
    let error = client_with_policy(&server.uri(), RetryPolicy::default())
        .organizations()
        .members()
        .dangerously_get(&long_id)
        .await
        .expect_err("the URL is too long");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(error.attempts(), 0);
    assert!(!error.is_retryable());
    let shown = error.to_string();
    assert!(shown.contains("more than the 65534"), "{shown}");
    assert!(shown.len() < 1024, "{} bytes", shown.len());
    assert_eq!(request_count(&server).await, 0);

    // Just under the limit, the request is sent.
    let base = format!(
        "{}/v1/b2b/organizations/members/dangerously_get/",
        server.uri()
    );
    let fitting_id = "m".repeat(65_534 - base.len());
    client_for(&server)
        .organizations()
        .members()
        .dangerously_get(&fitting_id)
        .await
        .expect("a URL of exactly the limit is sent");
    assert_eq!(request_count(&server).await, 1);
}

/// Every error that can quote something long (an ID, a URL, the API's message, a cursor) stays
/// short: long texts are cut in the middle, with their length.
#[tokio::test]
async fn no_error_message_is_longer_than_about_a_kibibyte() {
    let long = "x".repeat(30_000);
    let mut shown = Vec::new();

    // Within the 64 KiB an error body is read to.
    let field = &long[..10_000];
    let body = json!({
        "status_code": 400,
        "request_id": field,
        "error_type": field,
        "error_message": field,
        "error_url": field,
    });
    let server = server_answering(400, &body).await;
    let error = client_for(&server)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect_err("400");
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    shown.push(error.to_string());
    shown.push(format!("{error:?}"));

    // A transport error for a URL of 30,000 characters.
    let error = client_with_policy(&super::closed_local_base_url(), RetryPolicy::never())
        .organizations()
        .members()
        .dangerously_get(&long)
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        error.to_string().contains("[30"),
        "the URL's length is given: {error}"
    );
    shown.push(error.to_string());

    let error = Client::builder(PROJECT_ID, SECRET)
        .base_url(format!("http://example.com/{long}"))
        .build()
        .expect_err("http without allow_http");
    shown.push(error.to_string());

    let redirect = wiremock::ResponseTemplate::new(302)
        .insert_header("Location", format!("https://elsewhere.example/{long}"));
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(redirect)
        .mount(&server)
        .await;
    let error = client_for(&server)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect_err("302");
    shown.push(error.to_string());

    for text in shown {
        assert!(
            text.chars().count() <= 1024,
            "{} chars: {text}",
            text.chars().count()
        );
    }
}

/// A redirect is not followed (it could carry the member session headers elsewhere): it is a
/// typed error with the status and where it pointed, and is not retried.
#[tokio::test]
async fn a_redirect_is_an_error_and_is_not_followed() {
    for status in [301, 302, 307, 308] {
        let server = wiremock::MockServer::start().await;
        let elsewhere = format!("{}/elsewhere", server.uri());
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(
                wiremock::ResponseTemplate::new(status).insert_header("Location", &*elsewhere),
            )
            .mount(&server)
            .await;
        let error = client_with_policy(&server.uri(), RetryPolicy::default())
            .organizations()
            .members()
            .delete(ORGANIZATION_ID, MEMBER_ID)
            .authorization(Authorization::SessionToken(SESSION_TOKEN.to_owned()))
            .await
            .expect_err("a redirect is an error");
        let Error::Redirect(redirect) = &error else {
            panic!("expected Error::Redirect, got {error:?}");
        };
        assert_eq!(redirect.status, status);
        assert_eq!(redirect.location.as_deref(), Some(elsewhere.as_str()));
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.attempts(), 1);
        assert!(!error.is_retryable());
        assert!(
            error.to_string().contains("redirects are not followed"),
            "{error}"
        );
        assert_eq!(
            request_count(&server).await,
            1,
            "the redirect was not followed"
        );
    }
}
