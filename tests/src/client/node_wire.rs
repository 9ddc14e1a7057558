//! The generated client sends what the official Node SDK sends: every spec example, made through
//! both clients, compared on the wire.
//!
//! The Node side is a recording, `tests/fixtures/node_wire/requests.json`, made by hand (Node is not
//! needed here or in CI) with `npm ci --prefix tests/node_wire && node tests/node_wire/record.mjs`:
//! for each `example:` in `spec/`, the request the SDK (npm `stytch`, pinned in
//! `tests/node_wire/package.json`) sent for the SDK method of the same name, called with the
//! example's values. Re-run it after adding or changing an example.
//!
//! The Rust side makes the same calls through `stytch_b2b::example_calls::send`, which the
//! generator emits from the same examples (one function per example, shared with the crate's own
//! example tests, public only with the crate's `example-calls` feature). So this test knows no
//! endpoint by name: a new endpoint with an example is compared as soon as it is recorded. A
//! hand-written call per operation would duplicate every example's values in Rust and need
//! writing for each of the ~100 endpoints; the generated calls are the ones the crate's example
//! tests already check against the decoded response, so both sides send one example.
//!
//! Four calls no example makes are recorded and made by hand ([`edge_call`]): path IDs, a query
//! value and a form body value that need escaping, and a `false` query value.
//!
//! Compared, per operation: method, raw path (percent-encoding included), query pairs (decoded,
//! in any order), the Basic `Authorization` (absent on a public endpoint) and the member-session
//! headers, and the body with its `Content-Type`: JSON compared as values, a form body
//! (`application/x-www-form-urlencoded`, recorded as `{"form": "<text>"}`) byte for byte. A request without a body on either side is not
//! compared on `Content-Type`: the SDK sets `application/json` on every request as a default
//! header, where it describes no content.
//!
//! Any difference fails the test, except those in [`KNOWN_DIFFERENCES`], each with the work that
//! removes it; a listed difference that is no longer seen fails too, so the list stays true and
//! only shrinks. An example without a recording, or a recording without an example call, fails
//! with the list of them.

use std::fmt;

use serde_json::Value;
use stytch_b2b::{Authorization, Client, Error, RetryPolicy, example_calls};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The credentials the recorder gave the Node client.
const PROJECT_ID: &str = "project-test-00000000-0000-4000-8000-000000000000";
const SECRET: &str = "secret-test-example";

/// The member-session headers, compared by value and by presence.
const SESSION_HEADERS: [&str; 2] = ["x-stytch-member-session", "x-stytch-member-sessionjwt"];

/// Differences the Rust client is known to have, as (operation, aspect), with what removes them.
const KNOWN_DIFFERENCES: &[(&str, Aspect, &str)] = &[];

/// One part of a request that the two clients may send differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aspect {
    /// The request was not sent at all, or the recording holds no request.
    Sent,
    Method,
    Path,
    Query,
    BasicAuthorization,
    SessionHeaders,
    /// The JSON body and its `Content-Type`.
    Body,
}

/// One request as the comparison sees it, from either client.
#[derive(Debug, Clone, PartialEq)]
struct Wire {
    method: String,
    path: String,
    /// Decoded pairs, sorted: the order of query parameters carries no meaning.
    query: Vec<(String, String)>,
    authorization: Option<String>,
    /// `SESSION_HEADERS`, in order.
    sessions: Vec<Option<String>>,
    /// `Content-Type` and the body, when there is a body.
    body: Option<(Option<String>, Value)>,
}

/// What one operation sends differently: the aspect, Node's value, ours.
struct Difference {
    operation: String,
    aspect: Aspect,
    node: String,
    rust: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({:?}): Node sends {}, the Rust client {}",
            self.operation, self.aspect, self.node, self.rust
        )
    }
}

/// A section of the recording, `{ "sdk": "stytch 14.2.0", "requests": {…}, "edges": {…} }`:
/// `requests` by operation ID, `edges` by the names of [`edge_call`], each a request or an error.
fn recording(section: &str) -> serde_json::Map<String, Value> {
    let text = include_str!("../../fixtures/node_wire/requests.json");
    let recording: Value = serde_json::from_str(text).expect("the recording is JSON");
    match recording.get(section) {
        Some(Value::Object(requests)) => requests.clone(),
        _ => panic!("the recording has no `{section}` object"),
    }
}

/// The calls no example makes, with values that need escaping or formatting, by the names the
/// recorder gives them (its `edges`): made here by hand, the same as there.
async fn edge_call(name: &str, client: &Client) -> Option<Result<(), Error>> {
    const ORGANIZATION_ID: &str = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
    const MEMBER_ID: &str = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
    let members = client.organizations().members();
    let outcome = match name {
        "path IDs that need escaping" => members
            .get_connected_apps("organization/with?odd#chars% é", "member-!~*'()[]@:+$,;=&é")
            .authorization(Authorization::SessionJwt(
                "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl".to_owned(),
            ))
            .await
            .map(drop),
        "a query value that needs escaping" => members
            .get(ORGANIZATION_ID)
            .email_address("ada+love lace@example.com&x=1#y")
            .await
            .map(drop),
        "a false boolean query value" => members
            .dangerously_get(MEMBER_ID)
            .include_deleted(false)
            .await
            .map(drop),
        "a form body that needs escaping" => client
            .idp()
            .introspect_token_network(
                PROJECT_ID,
                "a b+c/é~!*'()=&%",
                "connected-app-test-d731954d",
            )
            .await
            .map(drop),
        _ => return None,
    };
    Some(outcome)
}

/// The names [`edge_call`] knows, so one the recording lacks is reported.
const EDGES: [&str; 4] = [
    "path IDs that need escaping",
    "a query value that needs escaping",
    "a false boolean query value",
    "a form body that needs escaping",
];

fn string(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("recorded `{key}` is a string in {value}"))
        .to_owned()
}

/// A recorded request, as the recorder wrote it.
fn recorded_wire(recorded: &Value) -> Wire {
    let header = |name: &str| {
        recorded["headers"]
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut query: Vec<(String, String)> = recorded["query"]
        .as_array()
        .expect("recorded `query` is an array of pairs")
        .iter()
        .map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(name), Value::String(value)]) => (name.clone(), value.clone()),
            _ => panic!("recorded query pair {pair} is two strings"),
        })
        .collect();
    query.sort();
    Wire {
        method: string(recorded, "method"),
        path: string(recorded, "path"),
        query,
        authorization: header("authorization"),
        sessions: SESSION_HEADERS.iter().map(|name| header(name)).collect(),
        body: match &recorded["body"] {
            Value::Null => None,
            body => Some((header("content-type"), body.clone())),
        },
    }
}

/// The request the Rust client sent, as the recorder describes Node's.
fn sent_wire(request: &Request) -> Wire {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
    };
    let mut query: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    query.sort();
    let content_type = header("content-type");
    let form = content_type
        .as_deref()
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    let body = (!request.body.is_empty()).then(|| {
        let text = String::from_utf8_lossy(&request.body);
        let json = if form {
            serde_json::json!({ "form": text })
        } else {
            serde_json::from_slice(&request.body)
                .unwrap_or_else(|_| serde_json::json!({ "not_json": text }))
        };
        (content_type, json)
    });
    Wire {
        method: request.method.as_str().to_owned(),
        path: request.url.path().to_owned(),
        query,
        authorization: header("authorization"),
        sessions: SESSION_HEADERS.iter().map(|name| header(name)).collect(),
        body,
    }
}

/// JSON equality with numbers compared by value: JavaScript writes `1.0` as `1`.
fn same_json(node: &Value, rust: &Value) -> bool {
    match (node, rust) {
        (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| same_json(a, b)))
        }
        _ => node == rust,
    }
}

fn show_body(body: &Option<(Option<String>, Value)>) -> String {
    match body {
        None => "no body".to_owned(),
        Some((content_type, json)) => format!(
            "{json} (Content-Type: {})",
            content_type.as_deref().unwrap_or("none")
        ),
    }
}

/// The aspects in which `rust` differs from `node`, with both values shown.
fn compare(operation: &str, node: &Wire, rust: &Wire) -> Vec<Difference> {
    let mut differences = Vec::new();
    let mut differ = |aspect, node: String, rust: String| {
        differences.push(Difference {
            operation: operation.to_owned(),
            aspect,
            node,
            rust,
        });
    };
    if node.method != rust.method {
        differ(Aspect::Method, node.method.clone(), rust.method.clone());
    }
    if node.path != rust.path {
        differ(Aspect::Path, node.path.clone(), rust.path.clone());
    }
    if node.query != rust.query {
        differ(
            Aspect::Query,
            format!("{:?}", node.query),
            format!("{:?}", rust.query),
        );
    }
    if node.authorization != rust.authorization {
        differ(
            Aspect::BasicAuthorization,
            format!("{:?}", node.authorization),
            format!("{:?}", rust.authorization),
        );
    }
    if node.sessions != rust.sessions {
        let show = |values: &[Option<String>]| {
            let sent: Vec<String> = SESSION_HEADERS
                .iter()
                .zip(values)
                .filter_map(|(name, value)| Some(format!("{name}: {}", value.as_deref()?)))
                .collect();
            format!("[{}]", sent.join(", "))
        };
        differ(
            Aspect::SessionHeaders,
            show(&node.sessions),
            show(&rust.sessions),
        );
    }
    let same_body = match (&node.body, &rust.body) {
        (None, None) => true,
        (Some((node_type, node_json)), Some((rust_type, rust_json))) => {
            node_type == rust_type && same_json(node_json, rust_json)
        }
        _ => false,
    };
    if !same_body {
        differ(Aspect::Body, show_body(&node.body), show_body(&rust.body));
    }
    differences
}

/// Makes `call` with a Rust client of a fresh local server, and returns the one request it sent,
/// or a description of what went wrong instead; `None` when `call` has no request to make.
async fn rust_request<Call, Sent>(call: Call) -> Option<Result<Wire, String>>
where
    Call: FnOnce(Client) -> Sent,
    Sent: Future<Output = Option<Result<(), Error>>>,
{
    let server = MockServer::start().await;
    // Any answer will do: the example tests check the decoding, this test only the request.
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.uri())
        .allow_http(true)
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("a client for the local server");
    let outcome = call(client).await?;
    let requests = server
        .received_requests()
        .await
        .expect("the mock server records requests");
    Some(match (requests.as_slice(), outcome) {
        ([request], _) => Ok(sent_wire(request)),
        ([], Err(error)) => Err(format!("no request ({error})")),
        (requests, _) => Err(format!("{} requests", requests.len())),
    })
}

/// Compares every recorded request of `recorded` with the one `call` makes for its key. Keys
/// `call` has no request for are pushed to `unchecked`.
async fn compare_all<'k, Call, Sent>(
    recorded: &'k serde_json::Map<String, Value>,
    call: Call,
    unchecked: &mut Vec<&'k str>,
    differences: &mut Vec<Difference>,
) where
    Call: Fn(&'k str, Client) -> Sent,
    Sent: Future<Output = Option<Result<(), Error>>>,
{
    for (operation, recording) in recorded {
        if let Some(error) = recording.get("error") {
            differences.push(Difference {
                operation: operation.clone(),
                aspect: Aspect::Sent,
                node: format!("nothing ({error})"),
                rust: "—".to_owned(),
            });
            continue;
        }
        match rust_request(|client| call(operation, client)).await {
            None => unchecked.push(operation.as_str()),
            Some(Err(problem)) => differences.push(Difference {
                operation: operation.clone(),
                aspect: Aspect::Sent,
                node: "one request".to_owned(),
                rust: problem,
            }),
            Some(Ok(rust)) => {
                differences.extend(compare(operation, &recorded_wire(recording), &rust));
            }
        }
    }
}

#[tokio::test]
async fn every_example_sends_what_the_node_sdk_sends() {
    let recorded = recording("requests");
    let recorded_edges = recording("edges");
    let unrecorded: Vec<&str> = (example_calls::OPERATIONS.iter())
        .filter(|operation| !recorded.contains_key(**operation))
        .chain(
            EDGES
                .iter()
                .filter(|name| !recorded_edges.contains_key(**name)),
        )
        .copied()
        .collect();
    let mut unchecked = Vec::new();
    let mut differences = Vec::new();
    compare_all(
        &recorded,
        |operation, client| async move { example_calls::send(&client, operation).await },
        &mut unchecked,
        &mut differences,
    )
    .await;
    compare_all(
        &recorded_edges,
        |name, client| async move { edge_call(name, &client).await },
        &mut unchecked,
        &mut differences,
    )
    .await;

    let known = |difference: &Difference| {
        KNOWN_DIFFERENCES.iter().any(|(operation, aspect, _)| {
            *operation == difference.operation && *aspect == difference.aspect
        })
    };
    let new: Vec<String> = differences
        .iter()
        .filter(|difference| !known(difference))
        .map(ToString::to_string)
        .collect();
    let gone: Vec<String> = KNOWN_DIFFERENCES
        .iter()
        .filter(|(operation, aspect, _)| {
            !differences
                .iter()
                .any(|found| found.operation == *operation && found.aspect == *aspect)
        })
        .map(|(operation, aspect, why)| format!("{operation} ({aspect:?}): {why}"))
        .collect();

    let mut report = Vec::new();
    if !unrecorded.is_empty() {
        report.push(format!(
            "calls without a recording (run `npm ci --prefix tests/node_wire && node \
             tests/node_wire/record.mjs`):\n  {}",
            unrecorded.join("\n  ")
        ));
    }
    if !unchecked.is_empty() {
        report.push(format!(
            "recorded calls the Rust side does not make (no example, or not in `edge_call`):\n  {}",
            unchecked.join("\n  ")
        ));
    }
    if !new.is_empty() {
        report.push(format!(
            "requests that differ from the Node SDK's:\n  {}",
            new.join("\n  ")
        ));
    }
    if !gone.is_empty() {
        report.push(format!(
            "differences in KNOWN_DIFFERENCES that are gone (remove them from the list):\n  {}",
            gone.join("\n  ")
        ));
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

/// The comparison itself sees each aspect: a test of the test, on hand-made requests.
#[test]
fn the_comparison_reports_each_aspect_that_differs() {
    let node = Wire {
        method: "PUT".to_owned(),
        path: "/v1/a%2Fb".to_owned(),
        query: vec![("include_deleted".to_owned(), "true".to_owned())],
        authorization: Some("Basic x".to_owned()),
        sessions: vec![Some("token".to_owned()), None],
        body: Some((
            Some("application/json".to_owned()),
            serde_json::json!({"n": 1}),
        )),
    };
    let same = Wire {
        body: Some((
            Some("application/json".to_owned()),
            serde_json::json!({"n": 1.0}),
        )),
        ..node.clone()
    };
    assert!(
        compare("op", &node, &same).is_empty(),
        "1 and 1.0 are one number"
    );

    let different = Wire {
        method: "POST".to_owned(),
        path: "/v1/a/b".to_owned(),
        query: vec![("include_deleted".to_owned(), "1".to_owned())],
        authorization: None,
        sessions: vec![None, Some("token".to_owned())],
        body: None,
    };
    let aspects: Vec<Aspect> = compare("op", &node, &different)
        .iter()
        .map(|difference| difference.aspect)
        .collect();
    assert_eq!(
        aspects,
        [
            Aspect::Method,
            Aspect::Path,
            Aspect::Query,
            Aspect::BasicAuthorization,
            Aspect::SessionHeaders,
            Aspect::Body,
        ]
    );

    let other_content_type = Wire {
        body: Some((Some("text/plain".to_owned()), serde_json::json!({"n": 1}))),
        ..node.clone()
    };
    let aspects: Vec<Aspect> = compare("op", &node, &other_content_type)
        .iter()
        .map(|difference| difference.aspect)
        .collect();
    assert_eq!(aspects, [Aspect::Body]);
}
