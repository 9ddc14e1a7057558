//! End-to-end tests of the generated client against a local HTTP server (wiremock): what each of
//! the five endpoints sends, how responses and errors are decoded, and how the client is configured.
//!
//! No test reaches the network: every client points at a `MockServer` on loopback.
//!
//! - `blocking`: `send_blocking()` from synchronous code (the `blocking` feature), and after
//!   async calls on the same thread, which must not stall it.
//! - `pagination`: `pages()` and `items()` of the searches: three pages, a repeated cursor, an
//!   error midway.
//! - `requests`: method, raw path, path escaping, Basic auth, session headers, query and body
//!   (`{}` for a POST or PUT without fields); URLs too long to send, redirects not followed, and
//!   error messages that stay short.
//! - `responses`: full fixture responses decode without losing a field; unknown fields and
//!   null or missing optional fields are tolerated.
//! - `errors`: API errors, undecodable bodies and transport failures.
//! - `limits`: bodies over the client's limit (512 MiB made up on the fly) refused as they
//!   arrive.
//! - `node_wire`: every spec example sends what the official Node SDK sends for the same call
//!   (method, raw path, query, credentials, body), against a checked-in recording of the SDK.
//! - `config`: base URLs, `Debug` redaction, invalid input, user agent, timeout.
//! - `resilience`: retries (429 for every method, `Retry-After` beyond the cap, `max_elapsed`,
//!   TLS failures not retried), timeouts, resets, cut and oversized bodies and many concurrent
//!   requests, against a local server that misbehaves (wiremock, or a raw TCP server where
//!   wiremock cannot misbehave enough).
//! - `traces`: the `tracing` span and events of a request, recorded by an in-test subscriber, and
//!   that no credential reaches them, nor any part of a response body (nor an error's `Display`,
//!   `Debug` or `source()` chain).
//! - `documented_bodies`: every response body of Stytch's docs pages decodes (fields the docs
//!   leave out take their default or `None`).
//! - `redaction`: OAuth and OIDC tokens in responses (`sensitive: true`) never show in `Debug`.
//! - `consumer_one_of`: the consumer crate's `one_of` module, which builds the enums of `one_of`
//!   groups from outside the client crate, against a local server.
//! - `one_of`: bodies that take exactly one of several fields send the chosen one alone, hide a
//!   sensitive one from `Debug`, and decode back into the same variant.
//! - `consumer_types`: the `consumer` crate's use of the generated types (enums parsed from
//!   strings, structs built with `new`, responses decoded from JSON, unknown values kept opaque).
//! - `consumer_requests`: the consumer crate's requests spawned on tasks, page streams kept in
//!   structs and drained later, and `send_with_response`.
//! - `parameters`: list parameters take any iterator, free-form JSON any value that converts;
//!   a JSON value that is not an object is refused before sending, and when received.
//! - `consumer_params`: the same, through the consumer crate (`tests/consumer`), as users write it.
//!
//! Tests that are not about retries use a client that never retries ([`client_without_retries`]),
//! and retry tests use short waits ([`fast_retries`]), so the suite stays fast.

mod blocking;
mod config;
mod consumer_one_of;
mod consumer_params;
mod consumer_requests;
mod consumer_types;
mod documented_bodies;
mod errors;
mod limits;
mod node_wire;
mod one_of;
mod pagination;
mod parameters;
mod redaction;
mod requests;
mod resilience;
mod responses;
mod traces;

use std::time::Duration;

use serde_json::{Value, json};
use stytch_b2b::{Authorization, Client, Error, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PROJECT_ID: &str = "project-test-6b1c2f0e-3f4a-4d2b-9c1e-8a7d5e4f3b2a";
const SECRET: &str = "secret-test-Xq9lR2yVhT4mJ8nW0pZc3KbF6dGs1aEu-8w=";
/// `Basic ` + base64(`PROJECT_ID:SECRET`), computed independently of the client:
/// `python3 -c "import base64;print(base64.b64encode(b'<PROJECT_ID>:<SECRET>').decode())"`.
const BASIC_AUTH: &str = "Basic cHJvamVjdC10ZXN0LTZiMWMyZjBlLTNmNGEtNGQyYi05YzFlLThhN2Q1ZTRmM2IyYTpzZWNyZXQtdGVzdC1YcTlsUjJ5VmhUNG1KOG5XMHBaYzNLYkY2ZEdzMWFFdS04dz0=";

const ORGANIZATION_ID: &str = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
const MEMBER_ID: &str = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
const MEMBER_PASSWORD_ID: &str = "member-password-test-2c5e1a9d-7f3b-4e8a-b6d0-9c4f1e2a7b35";
const EMAIL_ID: &str = "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953";
const RETIRED_EMAIL_ADDRESS: &str = "sandbox@stytch.com";
const REQUEST_ID: &str = "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141";
const SESSION_TOKEN: &str = "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q";
const SESSION_JWT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3ay10ZXN0LTIyMDMzMmY1In0.eyJzdWIiOiJtZW1iZXItdGVzdC0zMmZjNTAyNCJ9.c2lnbmF0dXJlLXRlc3Q";

const SESSION_HEADER: &str = "X-Stytch-Member-Session";
const SESSION_JWT_HEADER: &str = "X-Stytch-Member-SessionJWT";

/// The path parameters of a call: every endpoint takes the ones it needs.
#[derive(Debug, Clone, Copy)]
struct Ids<'a> {
    organization_id: &'a str,
    member_id: &'a str,
    member_password_id: &'a str,
}

impl<'a> Ids<'a> {
    /// These IDs with the path parameter `name` set to `value`.
    fn with(self, name: &str, value: &'a str) -> Self {
        match name {
            "organization_id" => Self {
                organization_id: value,
                ..self
            },
            "member_id" => Self {
                member_id: value,
                ..self
            },
            "member_password_id" => Self {
                member_password_id: value,
                ..self
            },
            other => panic!("unknown path parameter {other}"),
        }
    }
}

/// Realistic IDs, which need no escaping.
const IDS: Ids<'static> = Ids {
    organization_id: ORGANIZATION_ID,
    member_id: MEMBER_ID,
    member_password_id: MEMBER_PASSWORD_ID,
};

/// IDs with characters that would change the route if sent unescaped.
const ODD_IDS: Ids<'static> = Ids {
    organization_id: "organization/with?odd#chars% é",
    member_id: "member/with?odd#chars% é",
    member_password_id: "member-password/with?odd#chars% é",
};

/// `ODD_IDS` as one path segment each, escaped like JavaScript's `encodeURIComponent`.
const ODD_IDS_ENCODED: Ids<'static> = Ids {
    organization_id: "organization%2Fwith%3Fodd%23chars%25%20%C3%A9",
    member_id: "member%2Fwith%3Fodd%23chars%25%20%C3%A9",
    member_password_id: "member-password%2Fwith%3Fodd%23chars%25%20%C3%A9",
};

/// The five endpoints of the client, so a behaviour can be checked on each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    DeleteExternalId,
    DeleteMember,
    DeletePassword,
    DangerouslyGet,
    UnlinkRetiredEmail,
}

const ENDPOINTS: [Endpoint; 5] = [
    Endpoint::DeleteExternalId,
    Endpoint::DeleteMember,
    Endpoint::DeletePassword,
    Endpoint::DangerouslyGet,
    Endpoint::UnlinkRetiredEmail,
];

impl Endpoint {
    /// The HTTP method the endpoint must use.
    fn method(self) -> &'static str {
        match self {
            Self::DangerouslyGet => "GET",
            Self::UnlinkRetiredEmail => "POST",
            Self::DeleteExternalId | Self::DeleteMember | Self::DeletePassword => "DELETE",
        }
    }

    /// The path the server must receive, from IDs already in their expected encoding.
    fn path(self, ids: Ids<'_>) -> String {
        let Ids {
            organization_id,
            member_id,
            member_password_id,
        } = ids;
        match self {
            Self::DeleteExternalId => {
                format!("/v1/b2b/organizations/{organization_id}/external_id")
            }
            Self::DeleteMember => {
                format!("/v1/b2b/organizations/{organization_id}/members/{member_id}")
            }
            Self::DeletePassword => format!(
                "/v1/b2b/organizations/{organization_id}/members/passwords/{member_password_id}"
            ),
            Self::DangerouslyGet => {
                format!("/v1/b2b/organizations/members/dangerously_get/{member_id}")
            }
            Self::UnlinkRetiredEmail => format!(
                "/v1/b2b/organizations/{organization_id}/members/{member_id}/unlink_retired_email"
            ),
        }
    }

    /// Whether the spec marks the endpoint idempotent, so that it is retried after a timeout or
    /// a 502, 503 or 504: deleting an Organization's current external ID is not (a late retry
    /// could delete one set in the meantime).
    fn idempotent(self) -> bool {
        !matches!(self, Self::UnlinkRetiredEmail | Self::DeleteExternalId)
    }

    /// The names of the endpoint's path parameters.
    fn path_parameters(self) -> &'static [&'static str] {
        match self {
            Self::DeleteExternalId => &["organization_id"],
            Self::DeleteMember | Self::UnlinkRetiredEmail => &["organization_id", "member_id"],
            Self::DeletePassword => &["organization_id", "member_password_id"],
            Self::DangerouslyGet => &["member_id"],
        }
    }

    /// Whether the endpoint takes the optional member-session `authorization`.
    fn takes_authorization(self) -> bool {
        self != Self::DangerouslyGet
    }

    /// A full success response of the endpoint, built from the fixtures.
    fn success_body(self) -> Value {
        match self {
            Self::DeleteExternalId => delete_external_id_response_json(),
            Self::DeleteMember => delete_member_response_json(),
            Self::DeletePassword => delete_password_response_json(),
            Self::DangerouslyGet => get_member_response_json(),
            Self::UnlinkRetiredEmail => unlink_retired_email_response_json(),
        }
    }

    /// Calls the endpoint (`unlink_retired_email` with an `email_id`) and returns the decoded
    /// response serialized back to JSON.
    async fn call(
        self,
        client: &Client,
        ids: Ids<'_>,
        authorization: Option<Authorization>,
    ) -> Result<Value, Error> {
        // A macro, not a function: this crate does not depend on `serde` to name `Serialize`.
        macro_rules! to_json {
            ($response:expr $(,)?) => {
                serde_json::to_value($response).expect("a decoded response serializes back to JSON")
            };
        }
        let organizations = client.organizations();
        let members = organizations.members();
        let response = match (self, authorization) {
            (Self::DeleteExternalId, None) => {
                to_json!(
                    organizations
                        .delete_external_id(ids.organization_id)
                        .await?
                )
            }
            (Self::DeleteExternalId, Some(authorization)) => to_json!(
                organizations
                    .delete_external_id(ids.organization_id)
                    .authorization(authorization)
                    .await?,
            ),
            (Self::DeleteMember, None) => {
                to_json!(members.delete(ids.organization_id, ids.member_id).await?)
            }
            (Self::DeleteMember, Some(authorization)) => to_json!(
                members
                    .delete(ids.organization_id, ids.member_id)
                    .authorization(authorization)
                    .await?,
            ),
            (Self::DeletePassword, None) => to_json!(
                members
                    .delete_password(ids.organization_id, ids.member_password_id)
                    .await?,
            ),
            (Self::DeletePassword, Some(authorization)) => to_json!(
                members
                    .delete_password(ids.organization_id, ids.member_password_id)
                    .authorization(authorization)
                    .await?,
            ),
            (Self::DangerouslyGet, None) => to_json!(members.dangerously_get(ids.member_id).await?),
            (Self::DangerouslyGet, Some(_)) => {
                panic!("dangerously_get takes no authorization")
            }
            (Self::UnlinkRetiredEmail, None) => to_json!(
                members
                    .unlink_retired_email(ids.organization_id, ids.member_id)
                    .email_id(EMAIL_ID)
                    .await?,
            ),
            (Self::UnlinkRetiredEmail, Some(authorization)) => to_json!(
                members
                    .unlink_retired_email(ids.organization_id, ids.member_id)
                    .email_id(EMAIL_ID)
                    .authorization(authorization)
                    .await?,
            ),
        };
        Ok(response)
    }
}

/// A client for `server`, with the test credentials.
fn client_for(server: &MockServer) -> Client {
    Client::builder(PROJECT_ID, SECRET)
        .base_url(server.uri())
        .allow_http(true)
        .build()
        .expect("a client for a local http server builds with allow_http(true)")
}

/// A client for `base_url` (a local http server) that retries as `retry` says.
fn client_with_policy(base_url: &str, retry: RetryPolicy) -> Client {
    Client::builder(PROJECT_ID, SECRET)
        .base_url(base_url)
        .allow_http(true)
        .retry_policy(retry)
        .build()
        .expect("a client for a local http server builds with allow_http(true)")
}

/// A client for `server` that sends every request once: for tests of how one answer is read,
/// not of retries.
fn client_without_retries(server: &MockServer) -> Client {
    client_with_policy(&server.uri(), RetryPolicy::never())
}

/// The default policy (3 attempts) with waits of 10 to 40 ms instead of 250 ms to 4 s.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(40))
}

/// A base URL on a loopback port nothing listens on.
fn closed_local_base_url() -> String {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port can be bound");
    let port = listener
        .local_addr()
        .expect("a bound listener has an address")
        .port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A server answering every request with `status` and the JSON `body`.
async fn server_answering(status: u16, body: &Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// A server answering every request with `status` and `body` as it is, of type `content_type`.
async fn server_answering_raw(status: u16, body: &str, content_type: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    server
}

/// The one request `server` received.
async fn single_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("the mock server records requests");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// How many requests `server` received.
async fn request_count(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("the mock server records requests")
        .len()
}

/// The value of the one header `name` of `request`, if present; panics if it is repeated.
fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    let mut values = request.headers.get_all(name).iter();
    let value = values.next()?;
    assert!(
        values.next().is_none(),
        "header {name} is sent more than once"
    );
    Some(value.to_str().expect("the header value is visible ASCII"))
}

fn parse_fixture(name: &str, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("fixture {name} is JSON: {error}"))
}

/// A full Member, every field of the docs' example set.
fn member_json() -> Value {
    parse_fixture(
        "member.json",
        include_str!("../fixtures/responses/member.json"),
    )
}

/// A full Organization, every field of the docs' example set.
fn organization_json() -> Value {
    parse_fixture(
        "organization.json",
        include_str!("../fixtures/responses/organization.json"),
    )
}

fn get_member_response_json() -> Value {
    json!({
        "request_id": REQUEST_ID,
        "member_id": MEMBER_ID,
        "member": member_json(),
        "organization": organization_json(),
        "status_code": 200,
    })
}

fn delete_member_response_json() -> Value {
    json!({
        "request_id": REQUEST_ID,
        "member_id": MEMBER_ID,
        "status_code": 200,
    })
}

fn delete_password_response_json() -> Value {
    get_member_response_json()
}

fn delete_external_id_response_json() -> Value {
    json!({
        "request_id": REQUEST_ID,
        "organization": organization_json(),
        "status_code": 200,
    })
}

fn unlink_retired_email_response_json() -> Value {
    json!({
        "status_code": 200,
        "request_id": REQUEST_ID,
        "member_id": MEMBER_ID,
        "organization_id": ORGANIZATION_ID,
        "member": member_json(),
        "organization": organization_json(),
    })
}

/// The client and the futures of its requests can move across threads and be shared.
#[test]
fn client_is_send_sync_and_clone() {
    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    fn assert_send<T: Send>(_: &T) {}
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}

    assert_send_sync_clone::<Client>();
    assert_send_sync_clone::<Authorization>();
    assert_error::<Error>();

    let client = Client::new(PROJECT_ID, SECRET).expect("the client builds");
    let future = std::future::IntoFuture::into_future(
        client
            .organizations()
            .members()
            .delete(ORGANIZATION_ID, MEMBER_ID),
    );
    assert_send(&future);
}
