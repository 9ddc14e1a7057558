//! Retries, timeouts and broken answers, against a local server that misbehaves.
//!
//! wiremock serves what it can: statuses in turn (`up_to_n_times(1)` mocks mounted in order),
//! slow answers, `Retry-After`, odd and oversized bodies. A tiny raw TCP server ([`RawServer`])
//! does what wiremock cannot: close or reset a connection before answering, or in the middle of a
//! body. Every test checks both what the client returns and how many requests (or connections)
//! the server saw, so a retry that should not happen, or one that is missing, is caught.
//!
//! Retry tests use [`fast_retries`] (waits of 10 to 40 ms); only the `Retry-After` and default
//! policy tests wait longer.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stytch_b2b::types::{MemberResponse, UnlinkRetiredEmailResponse};
use stytch_b2b::{
    ApiError, Authorization, BodyProblem, Client, DecodeError, Error, RetryPolicy, TransportError,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    BASIC_AUTH, EMAIL_ID, ENDPOINTS, Endpoint, IDS, MEMBER_ID, ORGANIZATION_ID, PROJECT_ID,
    REQUEST_ID, SECRET, SESSION_JWT, SESSION_TOKEN, client_for, client_with_policy,
    client_without_retries, closed_local_base_url, fast_retries, get_member_response_json, header,
    request_count, server_answering, server_answering_raw,
};

/// A JSON error body as the API sends it with a `status`.
fn error_body(status: u16, error_type: &str) -> Value {
    json!({
        "status_code": status,
        "request_id": "request-id-test-5e0d7c3b-2a41-4f86-9b1e-7c3d5a9f0e21",
        "error_type": error_type,
        "error_message": "Please try again later.",
        "error_url": format!("https://stytch.com/docs/api/errors/{status}"),
    })
}

/// A wiremock server answering its first requests with `first`, one template each in order,
/// and every later request with `then`.
async fn server_answering_in_turn(
    first: impl IntoIterator<Item = ResponseTemplate>,
    then: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    for template in first {
        Mock::given(any())
            .respond_with(template)
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    Mock::given(any()).respond_with(then).mount(&server).await;
    server
}

fn json_answer(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// `dangerously_get` (a `GET`, so idempotent) with the client's settings.
async fn get(client: &Client) -> Result<MemberResponse, Error> {
    client
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
}

/// `unlink_retired_email` (a `POST`, so never sent twice unless it cannot have arrived).
async fn post(client: &Client) -> Result<UnlinkRetiredEmailResponse, Error> {
    client
        .organizations()
        .members()
        .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID)
        .email_id(EMAIL_ID)
        .await
}

fn expect_transport<T: std::fmt::Debug>(
    result: Result<T, Error>,
    context: &str,
) -> Box<TransportError> {
    match result {
        Err(Error::Transport(error)) => error,
        other => panic!("{context}: expected Error::Transport, got {other:?}"),
    }
}

fn expect_decode<T: std::fmt::Debug>(result: Result<T, Error>, context: &str) -> Box<DecodeError> {
    match result {
        Err(Error::Decode(error)) => error,
        other => panic!("{context}: expected Error::Decode, got {other:?}"),
    }
}

fn expect_api<T: std::fmt::Debug>(result: Result<T, Error>, context: &str) -> Box<ApiError> {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("{context}: expected Error::Api, got {other:?}"),
    }
}

// --- Retries of error statuses ---------------------------------------------------------------

#[tokio::test]
async fn a_get_answered_503_then_200_succeeds_on_the_second_attempt() {
    let server = server_answering_in_turn(
        [json_answer(503, &error_body(503, "service_unavailable"))],
        json_answer(200, &get_member_response_json()),
    )
    .await;
    let client = client_with_policy(&server.uri(), fast_retries());

    let response = get(&client).await.expect("the retry succeeds");
    assert_eq!(response.request_id, REQUEST_ID);

    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(requests.len(), 2, "one 503, one retry");
    for request in &requests {
        // The retry is the same request, credentials included.
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url, requests[0].url);
        assert_eq!(header(request, "authorization"), Some(BASIC_AUTH));
    }
}

#[tokio::test]
async fn a_get_answered_503_every_time_gives_up_after_three_attempts_by_default() {
    let server = server_answering(503, &error_body(503, "service_unavailable")).await;

    // The default policy: 3 attempts, waits of 125–250 ms then 250–500 ms.
    let started = Instant::now();
    let error = get(&client_for(&server))
        .await
        .expect_err("every attempt fails");
    let elapsed = started.elapsed();

    assert_eq!(error.status(), Some(503));
    assert_eq!(error.attempts(), 3);
    assert!(error.is_retryable(), "a 503 may still go away later");
    assert_eq!(error.error_type(), Some("service_unavailable"));
    let shown = error.to_string();
    assert!(shown.ends_with(" (after 3 attempts)"), "{shown}");
    assert!(
        elapsed >= Duration::from_millis(375) && elapsed < Duration::from_secs(5),
        "two backoffs of the default policy: {elapsed:?}"
    );
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn a_429_with_retry_after_waits_as_long_as_the_server_asks() {
    let server =
        server_answering_in_turn(
            [json_answer(429, &error_body(429, "too_many_requests"))
                .insert_header("Retry-After", "1")],
            json_answer(200, &get_member_response_json()),
        )
        .await;

    // The default policy would wait at most 250 ms; the server asks for 1 s.
    let started = Instant::now();
    let response = get(&client_for(&server)).await.expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(response.member_id, MEMBER_ID);
    assert!(
        elapsed >= Duration::from_secs(1),
        "retried before the Retry-After: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_429_is_retried_for_every_method_as_it_was_not_processed() {
    for endpoint in ENDPOINTS {
        let server = server_answering_in_turn(
            [json_answer(429, &error_body(429, "too_many_requests"))
                .insert_header("Retry-After", "0")],
            json_answer(200, &endpoint.success_body()),
        )
        .await;
        let client = client_with_policy(&server.uri(), fast_retries());
        endpoint
            .call(&client, IDS, None)
            .await
            .unwrap_or_else(|error| panic!("{endpoint:?}: the retry succeeds: {error}"));
        assert_eq!(request_count(&server).await, 2, "{endpoint:?}");
    }
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_ends_the_retries_and_is_given_on_the_error() {
    for (asked, expected) in [
        ("3600", Duration::from_secs(3600)),
        ("18446744073709551615", Duration::from_secs(u64::MAX)),
        ("99999999999999999999999999", Duration::from_secs(u64::MAX)),
    ] {
        let server = server_answering_in_turn(
            [],
            json_answer(429, &error_body(429, "too_many_requests"))
                .insert_header("Retry-After", asked),
        )
        .await;
        let error = post(&client_with_policy(&server.uri(), fast_retries()))
            .await
            .expect_err("the 429 is an error");
        assert_eq!(error.status(), Some(429), "{asked}");
        assert_eq!(error.retry_after(), Some(expected), "{asked}");
        assert_eq!(error.attempts(), 1, "not retried early: {asked}");
        assert!(error.is_retryable(), "later, it may succeed");
        assert_eq!(request_count(&server).await, 1, "{asked}");
    }
}

#[tokio::test]
async fn max_elapsed_bounds_the_whole_call_by_cutting_the_attempts_timeout() {
    let server = server_answering_in_turn(
        [],
        json_answer(200, &get_member_response_json()).set_delay(Duration::from_secs(3)),
    )
    .await;
    // Each attempt may take 20 s, but the whole call only 300 ms.
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.uri())
        .allow_http(true)
        .timeout(Duration::from_secs(20))
        .retry_policy(fast_retries().max_elapsed(Duration::from_millis(300)))
        .build()
        .expect("the client builds");
    let error = expect_transport(get(&client).await, "slower than max_elapsed");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.attempts, 1, "no time was left for a retry");
}

/// A TLS client talking to a server that answers in plain HTTP: the handshake fails, and would
/// fail again, so even a `GET` is not retried, and the error says it is not retryable.
#[tokio::test]
async fn a_tls_failure_is_not_retried() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port can be bound");
    let address = listener
        .local_addr()
        .expect("a bound listener has an address");
    let connections = Arc::new(Mutex::new(0));
    let counted = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            *counted.lock().expect("not poisoned") += 1;
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                .await;
            let _ = stream.shutdown().await;
        }
    });
    let client = client_with_policy(&format!("https://{address}"), fast_retries());
    let result = get(&client).await;
    let error = result.expect_err("the handshake fails");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!error.is_retryable(), "{error}");
    assert_eq!(error.attempts(), 1, "{error}");
    assert_eq!(*connections.lock().expect("not poisoned"), 1);
}

#[tokio::test]
async fn a_post_answered_500_is_not_retried() {
    let server = server_answering(500, &error_body(500, "internal_server_error")).await;
    let error = expect_api(
        post(&client_with_policy(&server.uri(), fast_retries())).await,
        "500",
    );

    assert_eq!(error.status, 500);
    assert_eq!(error.attempts, 1);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_post_answered_503_is_not_retried_as_it_may_have_been_processed() {
    let server = server_answering(503, &error_body(503, "service_unavailable")).await;
    let result = post(&client_with_policy(&server.uri(), fast_retries())).await;
    let error = result.expect_err("the 503 is an error");

    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.attempts(), 1);
    // Retryable in itself: the caller may decide to send it again.
    assert!(error.is_retryable());
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_503_is_retried_by_idempotent_endpoints_only() {
    for endpoint in ENDPOINTS {
        let server = server_answering(503, &error_body(503, "service_unavailable")).await;
        let client = client_with_policy(&server.uri(), fast_retries());
        let error = endpoint
            .call(&client, IDS, None)
            .await
            .expect_err("every attempt fails");

        let expected = if endpoint.idempotent() { 3 } else { 1 };
        assert_eq!(error.attempts(), expected, "{endpoint:?}");
        assert_eq!(
            request_count(&server).await,
            expected as usize,
            "{endpoint:?}"
        );
    }
}

#[tokio::test]
async fn a_500_is_not_retried_even_for_a_get() {
    let server = server_answering(500, &error_body(500, "internal_server_error")).await;
    let error = get(&client_with_policy(&server.uri(), fast_retries()))
        .await
        .expect_err("the 500 is an error");
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.attempts(), 1);
    assert!(!error.is_retryable());
    assert_eq!(request_count(&server).await, 1);
}

// --- Connection failures and timeouts ----------------------------------------------------------

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    // Nothing reached a server, so sending the POST again cannot do it twice.
    let client = client_with_policy(&closed_local_base_url(), fast_retries());
    let error = expect_transport(post(&client).await, "closed port");

    assert!(error.is_connect(), "{error:?}");
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(error.attempts, 3);
    let shown = error.to_string();
    assert!(
        shown.starts_with("could not connect to the API: "),
        "{shown}"
    );
    assert!(shown.ends_with(" (after 3 attempts)"), "{shown}");
}

/// A server whose every answer takes 5 s.
async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            json_answer(200, &get_member_response_json()).set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_per_request_timeout_cuts_a_slow_answer_short() {
    let server = slow_server().await;
    // The client's own timeout (30 s) would wait for the answer.
    let client = client_for(&server);

    let started = Instant::now();
    let result = client
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::never())
        .await;
    let elapsed = started.elapsed();

    let error = expect_transport(result, "slow answer");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.attempts, 1);
    assert!(
        error.to_string().starts_with("the request timed out: "),
        "{error}"
    );
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_timed_out_get_is_retried_as_often_as_the_policy_allows() {
    let server = slow_server().await;
    let client = client_with_policy(&server.uri(), RetryPolicy::default().max_attempts(2));

    let started = Instant::now();
    let result = client
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .timeout(Duration::from_millis(200))
        .await;
    let elapsed = started.elapsed();

    let error = expect_transport(result, "slow answer");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.attempts, 2);
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_timed_out_post_is_not_retried() {
    let server = slow_server().await;
    let client = client_with_policy(&server.uri(), fast_retries());
    let result = client
        .organizations()
        .members()
        .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID)
        .email_id(EMAIL_ID)
        .timeout(Duration::from_millis(200))
        .await;

    let error = expect_transport(result, "slow answer");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.attempts, 1);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_per_request_retry_policy_overrides_the_clients() {
    let server = server_answering(503, &error_body(503, "service_unavailable")).await;
    let retrying_client = client_with_policy(&server.uri(), fast_retries());
    let error = retrying_client
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .retry_policy(RetryPolicy::never())
        .await
        .expect_err("the 503 is an error");
    assert_eq!(error.attempts(), 1);
    assert_eq!(request_count(&server).await, 1);

    let server = server_answering(503, &error_body(503, "service_unavailable")).await;
    let error = client_without_retries(&server)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .retry_policy(fast_retries().max_attempts(4))
        .await
        .expect_err("the 503 is an error");
    assert_eq!(error.attempts(), 4);
    assert_eq!(request_count(&server).await, 4);
}

// --- A raw TCP server for what wiremock cannot do ---------------------------------------------

/// What [`RawServer`] does on each connection, once it has read the request.
#[derive(Debug, Clone)]
struct Misbehaviour {
    /// Bytes written as the answer (maybe none, maybe less than they promise).
    answer: Vec<u8>,
    /// Whether the connection is then reset (RST) rather than closed (FIN).
    reset: bool,
}

impl Misbehaviour {
    /// Closes or resets the connection without a byte of answer.
    fn hang_up(reset: bool) -> Self {
        Self {
            answer: Vec::new(),
            reset,
        }
    }

    /// Answers `status` with headers that promise `content_length` bytes, then sends `body`
    /// (which may be shorter) and closes.
    fn answer(status: &str, content_length: usize, body: &[u8], reset: bool) -> Self {
        let mut answer = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {content_length}\r\nConnection: close\r\n\r\n"
        )
        .into_bytes();
        answer.extend_from_slice(body);
        Self { answer, reset }
    }
}

/// A loopback server that serves at most a given number of connections, one at a time, and
/// stops by itself after them or after 10 seconds, whichever comes first.
struct RawServer {
    base_url: String,
    /// The request line of each request received, one per connection.
    requests: Arc<Mutex<Vec<String>>>,
}

impl RawServer {
    async fn start(max_connections: usize, misbehaviour: Misbehaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port can be bound");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        tokio::spawn(async move {
            let serve = async {
                for _ in 0..max_connections {
                    let Ok((mut stream, _)) = listener.accept().await else {
                        return;
                    };
                    let request = read_request(&mut stream).await;
                    let request_line = request
                        .split(|&byte| byte == b'\r')
                        .next()
                        .map(|line| String::from_utf8_lossy(line).into_owned())
                        .unwrap_or_default();
                    seen.lock().expect("not poisoned").push(request_line);
                    misbehave(stream, &misbehaviour).await;
                }
            };
            let _ = tokio::time::timeout(Duration::from_secs(10), serve).await;
        });
        Self {
            base_url: format!("http://{address}"),
            requests,
        }
    }

    /// The request lines received so far (`GET /v1/… HTTP/1.1`).
    fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("not poisoned").clone()
    }
}

/// Reads one request: its head, then as many body bytes as its `Content-Length` says (at most
/// 1 MiB in all, and only while the client sends).
pub(super) async fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        if let Some(head_end) = received.windows(4).position(|window| window == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&received[..head_end]).to_ascii_lowercase();
            let content_length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if received.len() >= head_end + 4 + content_length {
                return received;
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return received,
            Ok(read) => received.extend_from_slice(&chunk[..read]),
        }
        if received.len() > 1 << 20 {
            return received;
        }
    }
}

async fn misbehave(mut stream: TcpStream, misbehaviour: &Misbehaviour) {
    if !misbehaviour.answer.is_empty() {
        let _ = stream.write_all(&misbehaviour.answer).await;
        let _ = stream.flush().await;
    }
    if misbehaviour.reset {
        // SO_LINGER 0: closing sends a RST instead of a FIN.
        let _ = stream.set_zero_linger();
    } else {
        let _ = stream.shutdown().await;
    }
    drop(stream);
}

#[tokio::test]
async fn a_connection_lost_before_the_answer_is_retried_for_a_get() {
    for reset in [true, false] {
        let server = RawServer::start(10, Misbehaviour::hang_up(reset)).await;
        let client = client_with_policy(&server.base_url, fast_retries());
        let error = expect_transport(get(&client).await, &format!("reset: {reset}"));

        assert!(!error.is_connect(), "the connection was made: {error:?}");
        assert!(!error.is_timeout(), "{error:?}");
        assert_eq!(error.attempts, 3, "reset: {reset}");
        assert!(
            error.to_string().starts_with("the HTTP request failed: "),
            "{error}"
        );
        let requests = server.requests();
        assert_eq!(requests.len(), 3, "reset: {reset}: {requests:?}");
        assert!(
            requests.iter().all(|line| line.starts_with("GET /v1/b2b/")),
            "{requests:?}"
        );
    }
}

#[tokio::test]
async fn a_connection_lost_before_the_answer_is_not_retried_for_a_post() {
    for reset in [true, false] {
        let server = RawServer::start(10, Misbehaviour::hang_up(reset)).await;
        let client = client_with_policy(&server.base_url, fast_retries());
        let error = expect_transport(post(&client).await, &format!("reset: {reset}"));

        assert!(!error.is_connect(), "the request was sent: {error:?}");
        assert_eq!(error.attempts, 1, "reset: {reset}");
        let requests = server.requests();
        assert_eq!(requests.len(), 1, "reset: {reset}: {requests:?}");
        assert!(requests[0].starts_with("POST /v1/b2b/"), "{requests:?}");
    }
}

/// Headers that promise 1000 bytes of body, then 10 bytes, then the connection is gone.
fn body_cut_after_ten_bytes(reset: bool) -> Misbehaviour {
    Misbehaviour::answer("200 OK", 1000, br#"{"request_"#, reset)
}

/// A body that ends before its `Content-Length` is a transport failure (the response was not
/// received), not a decode error: the client never saw the whole body.
#[tokio::test]
async fn a_connection_lost_in_the_middle_of_the_body_is_a_transport_error() {
    for reset in [true, false] {
        let server = RawServer::start(10, body_cut_after_ten_bytes(reset)).await;
        let client = client_with_policy(&server.base_url, RetryPolicy::never());
        let error = expect_transport(get(&client).await, &format!("reset: {reset}"));

        assert!(!error.is_connect(), "{error:?}");
        assert!(!error.is_timeout(), "{error:?}");
        assert_eq!(error.attempts, 1);
        assert!(
            error.to_string().starts_with("the HTTP request failed: "),
            "{error}"
        );
        assert_eq!(server.requests().len(), 1, "reset: {reset}");
    }
}

#[tokio::test]
async fn a_get_whose_body_is_cut_is_retried_and_a_post_is_not() {
    let server = RawServer::start(10, body_cut_after_ten_bytes(false)).await;
    let client = client_with_policy(&server.base_url, fast_retries());
    let error = expect_transport(get(&client).await, "GET");
    assert_eq!(error.attempts, 3);
    assert_eq!(server.requests().len(), 3);

    let server = RawServer::start(10, body_cut_after_ten_bytes(false)).await;
    let client = client_with_policy(&server.base_url, fast_retries());
    let error = expect_transport(post(&client).await, "POST");
    assert_eq!(error.attempts, 1);
    assert_eq!(server.requests().len(), 1);
}

/// JSON cut short by a proxy that then set a matching `Content-Length`: the whole body arrives,
/// and it is JSON that ends too early.
#[tokio::test]
async fn a_cut_json_body_with_a_matching_content_length_is_a_truncated_decode_error() {
    let full = get_member_response_json().to_string();
    let cut = &full.as_bytes()[..full.len() / 2];
    let server = RawServer::start(10, Misbehaviour::answer("200 OK", cut.len(), cut, false)).await;
    let client = client_with_policy(&server.base_url, fast_retries());
    let error = expect_decode(get(&client).await, "cut JSON");

    assert_eq!(error.status, 200);
    assert_eq!(error.problem, BodyProblem::Truncated);
    assert_eq!(error.content_type.as_deref(), Some("application/json"));
    assert_eq!(error.raw_body().as_bytes(), cut);
    assert!(!error.raw_body_truncated);
    assert_eq!(error.attempts, 1, "a 200 is not retried");
    assert!(
        error
            .to_string()
            .starts_with("the API answered 200 OK with JSON that is cut short: EOF while parsing"),
        "{error}"
    );
    assert_eq!(server.requests().len(), 1);
}

// --- Bodies that are not what was expected -----------------------------------------------------

#[tokio::test]
async fn each_kind_of_unreadable_body_says_what_is_wrong_with_it() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let cases = [
        (
            200,
            r#"{"request_id": "#,
            "application/json",
            BodyProblem::Truncated,
        ),
        (200, "not json at all", "text/plain", BodyProblem::NotJson),
        (502, html, "text/html", BodyProblem::NotJson),
        (200, "", "application/json", BodyProblem::Empty),
        (200, " \r\n", "application/json", BodyProblem::Empty),
        (
            200,
            r#"{"request_id": 7}"#,
            "application/json",
            BodyProblem::UnexpectedShape,
        ),
    ];
    for (status, body, content_type, problem) in cases {
        let server = server_answering_raw(status, body, content_type).await;
        let result = get(&client_without_retries(&server)).await;
        let error = expect_decode(result, body);

        assert_eq!(error.status, status, "{body:?}");
        assert_eq!(error.problem, problem, "{body:?}");
        assert_eq!(
            error.content_type.as_deref(),
            Some(content_type),
            "{body:?}"
        );
        assert_eq!(error.raw_body(), body, "{body:?}");
        assert_eq!(request_count(&server).await, 1, "{body:?}");
    }
}

#[tokio::test]
async fn a_one_mebibyte_response_decodes() {
    let mut body = get_member_response_json();
    body["padding"] = json!("x".repeat(1 << 20));
    let server = server_answering(200, &body).await;

    let response = get(&client_without_retries(&server))
        .await
        .expect("a large response with an unknown field decodes");
    assert_eq!(response.request_id, REQUEST_ID);
    assert_eq!(response.member.member_id, MEMBER_ID);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_one_mebibyte_error_body_is_read_to_64_kib_only() {
    let html = format!("<html><body>{}</body></html>", "x".repeat(1 << 20));
    let server = server_answering_raw(502, &html, "text/html").await;
    let error = expect_decode(get(&client_without_retries(&server)).await, "1 MiB");

    assert_eq!(error.problem, BodyProblem::TooLarge);
    assert_eq!(error.raw_body().len(), 64 * 1024);
    assert!(html.starts_with(error.raw_body()));
    assert!(error.raw_body_truncated);
    assert_eq!(
        error.to_string(),
        "the API answered 502 Bad Gateway with a body longer than the 65536 bytes this client reads",
        "Display shows no part of the body"
    );

    let mut api_body = error_body(500, "internal_server_error");
    api_body["padding"] = json!("x".repeat(1 << 20));
    let server = server_answering(500, &api_body).await;
    let error = expect_decode(get(&client_without_retries(&server)).await, "1 MiB JSON");
    assert_eq!(error.problem, BodyProblem::TooLarge, "not read past 64 KiB");
    assert_eq!(error.status, 500);
    assert_eq!(error.raw_body().len(), 64 * 1024);
}

// --- Many requests at once ---------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_requests_through_one_client_all_succeed() {
    const REQUESTS: usize = 200;
    let server = server_answering(200, &get_member_response_json()).await;
    // No retries: every request must succeed the first time.
    let client = client_without_retries(&server);

    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..REQUESTS {
        let client = client.clone();
        tasks.spawn(async move { get(&client).await.map(|response| response.request_id) });
    }
    let mut succeeded = 0;
    while let Some(outcome) = tasks.join_next().await {
        let request_id = outcome
            .expect("no task panics")
            .expect("every request succeeds");
        assert_eq!(request_id, REQUEST_ID);
        succeeded += 1;
    }
    assert_eq!(succeeded, REQUESTS);
    assert_eq!(request_count(&server).await, REQUESTS);
}

// --- Credentials --------------------------------------------------------------------------------

/// A session token that would inject a header if sent as it is.
fn injected_token() -> String {
    format!("{SESSION_TOKEN}\r\nX-Injected: 1")
}

#[tokio::test]
async fn a_session_token_with_a_line_break_is_refused_and_nothing_is_sent() {
    let server = server_answering(200, &Endpoint::DeleteMember.success_body()).await;
    let client = client_with_policy(&server.uri(), fast_retries());
    let result = client
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .authorization(Authorization::SessionToken(injected_token()))
        .await;

    let error = result.expect_err("the token is refused");
    let Error::InvalidRequest(message) = &error else {
        panic!("expected Error::InvalidRequest, got {error:?}");
    };
    assert!(!message.contains(SESSION_TOKEN), "{message}");
    assert!(!message.contains("X-Injected"), "{message}");
    assert!(message.contains("X-Stytch-Member-Session"), "{message}");
    assert_eq!(error.attempts(), 0);
    assert!(!error.is_retryable());
    assert_eq!(error.status(), None);
    assert_eq!(request_count(&server).await, 0);
}

/// Whatever fails, no `Debug` or `Display` output shows the secret, the Basic auth value or a
/// member session credential.
#[tokio::test]
async fn no_debug_or_display_output_shows_a_credential() {
    let mut outputs: Vec<(String, String)> = Vec::new();
    let token = Authorization::SessionToken(SESSION_TOKEN.to_owned());
    let jwt = Authorization::SessionJwt(SESSION_JWT.to_owned());

    let builder = Client::builder(PROJECT_ID, SECRET)
        .base_url("http://127.0.0.1:9")
        .allow_http(true)
        .retry_policy(fast_retries());
    outputs.push(("ClientBuilder".into(), format!("{builder:?} {builder:#?}")));
    let client = builder.build().expect("the client builds");
    outputs.push(("Client".into(), format!("{client:?} {client:#?}")));
    outputs.push(("Authorization".into(), format!("{token:?} {jwt:#?}")));
    let members = client.organizations().members();
    let request = members
        .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID)
        .authorization(token.clone())
        .retry_policy(RetryPolicy::never());
    outputs.push((
        "request builder".into(),
        format!("{request:?} {request:#?}"),
    ));

    let mut errors: Vec<(&str, Error)> = Vec::new();

    // An API error answered to a request that carried a session token.
    let server = server_answering(404, &error_body(404, "member_not_found")).await;
    let result = client_without_retries(&server)
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .authorization(token.clone())
        .await;
    errors.push(("api", result.expect_err("404")));

    // An HTML 502 answered to a request that carried a session JWT.
    let server = server_answering_raw(502, "<html>502 Bad Gateway</html>", "text/html").await;
    let result = client_with_policy(&server.uri(), fast_retries())
        .organizations()
        .members()
        .delete_password(ORGANIZATION_ID, "member-password-test-1")
        .authorization(jwt.clone())
        .await;
    errors.push(("decode", result.expect_err("502")));

    // Refused connections, retried.
    let result = client_with_policy(&closed_local_base_url(), fast_retries())
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .authorization(token.clone())
        .await;
    errors.push(("connect", result.expect_err("closed port")));

    // A timeout.
    let server = slow_server().await;
    let result = client_without_retries(&server)
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .authorization(jwt.clone())
        .timeout(Duration::from_millis(100))
        .await;
    errors.push(("timeout", result.expect_err("slow answer")));

    // A reset before the answer, and a body cut short.
    for (name, misbehaviour) in [
        ("reset", Misbehaviour::hang_up(true)),
        ("cut body", body_cut_after_ten_bytes(false)),
    ] {
        let server = RawServer::start(3, misbehaviour).await;
        let result = client_with_policy(&server.base_url, fast_retries())
            .organizations()
            .members()
            .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID)
            .authorization(token.clone())
            .await;
        errors.push((name, result.expect_err(name)));
    }

    // A refused request and a refused configuration.
    let result = client
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .authorization(Authorization::SessionJwt(format!("{SESSION_JWT}\n")))
        .await;
    errors.push(("invalid request", result.expect_err("line break")));
    let result = Client::builder(PROJECT_ID, SECRET)
        .base_url(format!("https://{PROJECT_ID}:{SECRET}@stytch.example.com"))
        .build();
    errors.push(("config", result.expect_err("credentials in the base URL")));

    for (name, error) in &errors {
        let mut shown = format!("{error} | {error:?} | {error:#?}");
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            shown.push_str(&format!(" | {cause} | {cause:?}"));
            source = cause.source();
        }
        outputs.push(((*name).to_owned(), shown));
    }

    let basic_credentials = BASIC_AUTH.trim_start_matches("Basic ");
    let mut leaks = Vec::new();
    for (name, shown) in &outputs {
        for secret in [SECRET, SESSION_TOKEN, SESSION_JWT, basic_credentials] {
            if shown.contains(secret) {
                leaks.push(format!("{name} shows {secret:?}: {shown}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n\n"));
    // The errors are the ones meant, so the check above covers every variant.
    let kinds: Vec<&str> = errors
        .iter()
        .map(|(_, error)| match error {
            Error::Api(_) => "api",
            Error::Decode(_) => "decode",
            Error::Transport(_) => "transport",
            Error::InvalidRequest(_) => "invalid request",
            Error::Config(_) => "config",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "api",
            "decode",
            "transport",
            "transport",
            "transport",
            "transport",
            "invalid request",
            "config"
        ]
    );
}
