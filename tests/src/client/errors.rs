//! How failures surface: API errors keep every field, undecodable bodies keep the status and
//! body, and transport failures say what went wrong.
//!
//! A `502` or `503` would be retried by the default policy: these tests are about how one answer
//! is read, so their clients never retry (retries are tested in `resilience`).

use serde_json::json;
use stytch_b2b::{ApiError, BodyProblem, DecodeError, Error, RetryPolicy};

use super::{
    ENDPOINTS, Endpoint, IDS, MEMBER_ID, SECRET, client_for, client_with_policy,
    client_without_retries, closed_local_base_url, server_answering, server_answering_raw,
};

const NOT_FOUND_REQUEST_ID: &str = "request-id-test-9d3c2a51-6e0f-4b8a-a1c7-2f5e8d4b9c60";
/// A 404 body exactly as the API sends it (compact JSON).
const NOT_FOUND_BODY: &str = r#"{"status_code":404,"request_id":"request-id-test-9d3c2a51-6e0f-4b8a-a1c7-2f5e8d4b9c60","error_type":"member_not_found","error_message":"Member not found.","error_url":"https://stytch.com/docs/api/errors/404#member_not_found"}"#;

const BAD_GATEWAY_BODY: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

fn expect_api_error(result: Result<serde_json::Value, Error>, context: &str) -> Box<ApiError> {
    match result {
        Err(Error::Api(error)) => error,
        Err(other) => panic!("{context}: expected Error::Api, got {other:?}"),
        Ok(value) => panic!("{context}: expected Error::Api, got a response {value}"),
    }
}

fn expect_decode_error(
    result: Result<serde_json::Value, Error>,
    context: &str,
) -> Box<DecodeError> {
    match result {
        Err(Error::Decode(error)) => error,
        Err(other) => panic!("{context}: expected Error::Decode, got {other:?}"),
        Ok(value) => panic!("{context}: expected Error::Decode, got a response {value}"),
    }
}

/// Calls `dangerously_get` once (no retry) against a server answering `status` with `body` as
/// `content_type`.
async fn dangerously_get_answered(status: u16, body: &str, content_type: &str) -> Error {
    let server = server_answering_raw(status, body, content_type).await;
    client_without_retries(&server)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect_err("the call fails")
}

#[tokio::test]
async fn each_endpoint_turns_a_404_into_an_api_error_keeping_every_field() {
    for endpoint in ENDPOINTS {
        let server = server_answering_raw(404, NOT_FOUND_BODY, "application/json").await;
        let result = endpoint.call(&client_for(&server), IDS, None).await;
        let error = expect_api_error(result, &format!("{endpoint:?}"));

        assert_eq!(error.status, 404, "{endpoint:?}");
        assert_eq!(
            error.request_id(),
            Some(NOT_FOUND_REQUEST_ID),
            "{endpoint:?}"
        );
        assert_eq!(error.error_type(), Some("member_not_found"), "{endpoint:?}");
        assert_eq!(
            error.error_message(),
            Some("Member not found."),
            "{endpoint:?}"
        );
        assert_eq!(
            error.error_url(),
            Some("https://stytch.com/docs/api/errors/404#member_not_found"),
            "{endpoint:?}"
        );
        assert_eq!(error.body.status_code, Some(404), "{endpoint:?}");
        assert_eq!(error.body.error_details, None, "{endpoint:?}");
        assert_eq!(error.raw_body(), NOT_FOUND_BODY, "{endpoint:?}");
        // A 404 is not retried, whatever the method.
        assert_eq!(error.attempts, 1, "{endpoint:?}");
    }
}

#[tokio::test]
async fn api_error_display_names_the_status_error_type_and_message() {
    let error = dangerously_get_answered(404, NOT_FOUND_BODY, "application/json").await;
    let shown = error.to_string();
    for part in [
        "404",
        "member_not_found",
        "Member not found.",
        NOT_FOUND_REQUEST_ID,
    ] {
        assert!(shown.contains(part), "{shown:?} does not contain {part:?}");
    }
    assert_eq!(
        shown,
        format!(
            "the API answered 404 Not Found member_not_found: Member not found. \
             (request_id {NOT_FOUND_REQUEST_ID}); \
             see https://stytch.com/docs/api/errors/404#member_not_found"
        )
    );
}

#[tokio::test]
async fn error_helpers_give_the_status_request_id_and_error_type_of_an_api_error() {
    let error = dangerously_get_answered(404, NOT_FOUND_BODY, "application/json").await;
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.request_id(), Some(NOT_FOUND_REQUEST_ID));
    assert_eq!(error.error_type(), Some("member_not_found"));
    assert_eq!(error.attempts(), 1);
    assert!(!error.is_retryable(), "a 404 will not go away by itself");
}

#[tokio::test]
async fn an_api_error_keeps_its_error_details() {
    let body = json!({
        "status_code": 400,
        "request_id": "request-id-test-1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b",
        "error_type": "invalid_email",
        "error_message": "Email format is invalid.",
        "error_url": "https://stytch.com/docs/api/errors/400#invalid_email",
        "error_details": { "field": "email_address", "reasons": ["missing @"] },
    });
    let server = server_answering(400, &body).await;
    let error = client_for(&server)
        .organizations()
        .members()
        .unlink_retired_email(super::ORGANIZATION_ID, MEMBER_ID)
        .email_address("not-an-email")
        .await
        .expect_err("a 400 is an error");

    let Error::Api(error) = error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(error.status, 400);
    assert_eq!(error.error_type(), Some("invalid_email"));
    let details = error.body.error_details.as_ref().expect("details are kept");
    assert_eq!(details["field"], "email_address");
    assert_eq!(details["reasons"], json!(["missing @"]));
}

#[tokio::test]
async fn each_endpoint_turns_an_html_502_into_a_decode_error_keeping_the_body() {
    for endpoint in ENDPOINTS {
        let server = server_answering_raw(502, BAD_GATEWAY_BODY, "text/html").await;
        let result = endpoint
            .call(&client_without_retries(&server), IDS, None)
            .await;
        let error = expect_decode_error(result, &format!("{endpoint:?}"));

        assert_eq!(error.status, 502, "{endpoint:?}");
        assert_eq!(error.problem, BodyProblem::NotJson, "{endpoint:?}");
        assert_eq!(
            error.content_type.as_deref(),
            Some("text/html"),
            "{endpoint:?}"
        );
        assert_eq!(error.raw_body(), BAD_GATEWAY_BODY, "{endpoint:?}");
        assert!(!error.raw_body_truncated, "{endpoint:?}");
        assert_eq!(error.attempts, 1, "{endpoint:?}");
    }
}

#[tokio::test]
async fn an_html_502_error_shows_its_status_and_body_and_has_no_api_fields() {
    let error = dangerously_get_answered(502, BAD_GATEWAY_BODY, "text/html").await;
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.request_id(), None);
    assert_eq!(error.error_type(), None);
    assert!(error.is_retryable(), "a 502 may go away by itself");
    let shown = error.to_string();
    assert!(shown.contains("502"), "{shown}");
    assert!(shown.contains("502 Bad Gateway"), "{shown}");
    assert_eq!(
        shown,
        format!(
            "the API answered 502 Bad Gateway with a body that is not JSON (text/html) ({} bytes)",
            BAD_GATEWAY_BODY.len()
        ),
        "no part of the body is shown"
    );
}

#[tokio::test]
async fn an_empty_error_body_is_a_decode_error() {
    let error = dangerously_get_answered(503, "", "text/plain").await;
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode.status, 503);
    assert_eq!(decode.problem, BodyProblem::Empty);
    assert_eq!(decode.raw_body(), "");
    assert!(error.to_string().contains("503"), "{error}");
    assert_eq!(
        error.to_string(),
        "the API answered 503 Service Unavailable with an empty body"
    );
}

#[tokio::test]
async fn each_endpoint_turns_a_200_of_the_wrong_shape_into_a_decode_error() {
    let wrong_shape = json!({
        "status_code": 200,
        "request_id": "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141",
        "member_id": 42,
        "organization": "not an object",
    });
    let wrong_shape_text = wrong_shape.to_string();
    for endpoint in ENDPOINTS {
        let server = server_answering_raw(200, &wrong_shape_text, "application/json").await;
        let result = endpoint.call(&client_for(&server), IDS, None).await;
        let error = expect_decode_error(result, &format!("{endpoint:?}"));

        assert_eq!(error.status, 200, "{endpoint:?}");
        assert_eq!(error.problem, BodyProblem::UnexpectedShape, "{endpoint:?}");
        assert_eq!(error.raw_body(), wrong_shape_text, "{endpoint:?}");
        let shown = error.to_string();
        assert!(
            shown.starts_with(
                "the API answered 200 OK with JSON this client cannot read: invalid type: "
            ),
            "{endpoint:?}: {shown}"
        );
        assert!(
            !shown.contains("not an object"),
            "no value is quoted: {shown}"
        );
    }
}

#[tokio::test]
async fn a_200_that_is_not_json_is_a_decode_error_with_status_200() {
    let error = dangerously_get_answered(200, "OK", "text/plain").await;
    assert_eq!(error.status(), Some(200));
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode.problem, BodyProblem::NotJson);
    assert_eq!(decode.content_type.as_deref(), Some("text/plain"));
    assert!(error.to_string().contains("200"), "{error}");
    assert_eq!(
        error.to_string(),
        "the API answered 200 OK with a body that is not JSON (text/plain) (2 bytes)"
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_that_says_so() {
    // A refused connection is retried by default; this test is about the error, not retries.
    let client = client_with_policy(&closed_local_base_url(), RetryPolicy::never());
    let result = Endpoint::DeleteMember.call(&client, IDS, None).await;

    let error = result.expect_err("nothing listens on the port");
    let Error::Transport(transport) = &error else {
        panic!("expected Error::Transport, got {error:?}");
    };
    assert!(transport.is_connect(), "{transport:?}");
    assert!(!transport.is_timeout(), "{transport:?}");
    assert_eq!(error.status(), None);
    assert_eq!(error.attempts(), 1);
    assert!(error.is_retryable());
    let shown = error.to_string();
    assert!(
        shown.starts_with("could not connect to the API: "),
        "{shown}"
    );
    assert!(
        shown.to_lowercase().contains("connection refused"),
        "the cause is shown: {shown}"
    );
    assert!(!shown.contains(SECRET), "{shown}");
}
