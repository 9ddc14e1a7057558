//! The `tracing` output of a request (the `tracing` feature, enabled for this crate only), seen
//! through [`Recorder`], a small subscriber written here: the `stytch_b2b.request` span and its
//! fields, the `retrying` and `request failed` events, and that no credential is ever recorded.
//!
//! Each test runs in a current-thread runtime and installs its recorder for its own thread only
//! ([`install`]), so the recorder sees the client's spans and nothing from other tests.
//!
//! Why not `tracing::subscriber::set_default`: `tracing` caches, per call site and for the whole
//! process, whether any subscriber wants it. While exactly one scoped subscriber exists, a call
//! site first reached on another thread (another test, with no subscriber) is cached as "never",
//! and the recorder then misses the client's span: the test was flaky that way. Instead one
//! global [`Router`] answers "sometimes" for every call site and forwards to the recorder of the
//! current thread, if any.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use stytch_b2b::{Authorization, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    BASIC_AUTH, MEMBER_ID, ORGANIZATION_ID, REQUEST_ID, SECRET, SESSION_JWT, SESSION_TOKEN,
    client_with_policy, client_without_retries, closed_local_base_url, fast_retries,
    get_member_response_json, server_answering, server_answering_raw,
};

const NOT_FOUND_REQUEST_ID: &str = "request-id-test-9d3c2a51-6e0f-4b8a-a1c7-2f5e8d4b9c60";
const NOT_FOUND_BODY: &str = r#"{"status_code":404,"request_id":"request-id-test-9d3c2a51-6e0f-4b8a-a1c7-2f5e8d4b9c60","error_type":"member_not_found","error_message":"Member not found.","error_url":"https://stytch.com/docs/api/errors/404#member_not_found"}"#;

/// What a subscriber is told, with every value as text.
#[derive(Debug, Clone)]
enum Recorded {
    /// A new span: its id, name and the fields given at creation.
    Span {
        id: u64,
        name: String,
        fields: Vec<(String, String)>,
    },
    /// Fields recorded on an existing span later.
    Record {
        id: u64,
        fields: Vec<(String, String)>,
    },
    /// An event, with the span it happened in.
    Event {
        parent: Option<u64>,
        level: Level,
        fields: Vec<(String, String)>,
    },
}

impl fmt::Display for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (head, fields) = match self {
            Self::Span { id, name, fields } => (format!("span {name} #{id}"), fields),
            Self::Record { id, fields } => (format!("record #{id}"), fields),
            Self::Event {
                parent,
                level,
                fields,
            } => (format!("event {level} in {parent:?}"), fields),
        };
        write!(f, "{head}:")?;
        for (name, value) in fields {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}

/// A `tracing` subscriber that records everything it is told.
#[derive(Clone, Default)]
struct Recorder {
    recorded: Arc<Mutex<Vec<Recorded>>>,
    /// The spans entered, innermost last.
    entered: Arc<Mutex<Vec<u64>>>,
}

/// Span ids, unique in the process.
static NEXT_SPAN_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// The recorder of the test running on this thread.
    static CURRENT: RefCell<Option<Recorder>> = const { RefCell::new(None) };
}

/// The global subscriber: forwards to the current thread's recorder, if one is installed.
struct Router;

impl Router {
    fn with_recorder<T>(f: impl FnOnce(&Recorder) -> T) -> Option<T> {
        CURRENT.with(|current| current.borrow().as_ref().map(f))
    }
}

impl Subscriber for Router {
    fn register_callsite(&self, _metadata: &'static Metadata<'static>) -> Interest {
        // Ask `enabled` every time: whether a recorder listens depends on the thread.
        Interest::sometimes()
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        Self::with_recorder(|recorder| recorder.enabled(metadata)).unwrap_or(false)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        Self::with_recorder(|recorder| recorder.new_span(span))
            .unwrap_or_else(|| Id::from_u64(NEXT_SPAN_ID.fetch_add(1, Ordering::Relaxed)))
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        Self::with_recorder(|recorder| recorder.record(span, values));
    }

    fn record_follows_from(&self, span: &Id, follows: &Id) {
        Self::with_recorder(|recorder| recorder.record_follows_from(span, follows));
    }

    fn event(&self, event: &Event<'_>) {
        Self::with_recorder(|recorder| recorder.event(event));
    }

    fn enter(&self, span: &Id) {
        Self::with_recorder(|recorder| recorder.enter(span));
    }

    fn exit(&self, span: &Id) {
        Self::with_recorder(|recorder| recorder.exit(span));
    }
}

/// Uninstalls the thread's recorder when dropped.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        CURRENT.with(|current| current.borrow_mut().take());
    }
}

/// Makes `recorder` receive everything traced on this thread until the result is dropped.
fn install(recorder: &Recorder) -> Installed {
    static ROUTER: OnceLock<()> = OnceLock::new();
    ROUTER.get_or_init(|| {
        tracing::subscriber::set_global_default(Router)
            .expect("nothing else in this test binary sets a global subscriber");
    });
    CURRENT.with(|current| *current.borrow_mut() = Some(recorder.clone()));
    Installed
}

/// Collects the fields of a span, record or event as `(name, value)` text pairs.
#[derive(Default)]
struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Recorder {
    fn push(&self, recorded: Recorded) {
        self.recorded.lock().expect("not poisoned").push(recorded);
    }

    fn recorded(&self) -> Vec<Recorded> {
        self.recorded.lock().expect("not poisoned").clone()
    }

    /// Everything recorded, as text: for checking what must never appear.
    fn all_text(&self) -> String {
        self.recorded()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Each `stytch_b2b.request` span, with its id and every field recorded on it (at creation
    /// or later), in the order the spans were created.
    fn request_spans(&self) -> Vec<(u64, BTreeMap<String, String>)> {
        let recorded = self.recorded();
        let mut spans: Vec<(u64, BTreeMap<String, String>)> = Vec::new();
        for entry in &recorded {
            match entry {
                Recorded::Span { id, name, fields } if name == "stytch_b2b.request" => {
                    spans.push((*id, fields.iter().cloned().collect()));
                }
                Recorded::Record { id, fields } => {
                    if let Some((_, span)) = spans.iter_mut().find(|(span, _)| span == id) {
                        span.extend(fields.iter().cloned());
                    }
                }
                _ => {}
            }
        }
        spans
    }

    /// The events whose `message` is `message`, with their level, span and fields.
    fn events(&self, message: &str) -> Vec<(Level, Option<u64>, BTreeMap<String, String>)> {
        self.recorded()
            .into_iter()
            .filter_map(|entry| match entry {
                Recorded::Event {
                    parent,
                    level,
                    fields,
                } => {
                    let fields: BTreeMap<String, String> = fields.into_iter().collect();
                    (fields.get("message").map(String::as_str) == Some(message))
                        .then_some((level, parent, fields))
                }
                _ => None,
            })
            .collect()
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _metadata: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = NEXT_SPAN_ID.fetch_add(1, Ordering::Relaxed);
        let mut fields = Fields::default();
        span.record(&mut fields);
        self.push(Recorded::Span {
            id,
            name: span.metadata().name().to_owned(),
            fields: fields.0,
        });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = Fields::default();
        values.record(&mut fields);
        self.push(Recorded::Record {
            id: span.into_u64(),
            fields: fields.0,
        });
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let parent = match event.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if event.is_contextual() => {
                self.entered.lock().expect("not poisoned").last().copied()
            }
            None => None,
        };
        self.push(Recorded::Event {
            parent,
            level: *event.metadata().level(),
            fields: fields.0,
        });
    }

    fn enter(&self, span: &Id) {
        self.entered
            .lock()
            .expect("not poisoned")
            .push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut entered = self.entered.lock().expect("not poisoned");
        if let Some(position) = entered.iter().rposition(|id| *id == span.into_u64()) {
            entered.remove(position);
        }
    }
}

/// The one `stytch_b2b.request` span recorded.
fn single_request_span(recorder: &Recorder) -> (u64, BTreeMap<String, String>) {
    let mut spans = recorder.request_spans();
    assert_eq!(
        spans.len(),
        1,
        "expected one request span:\n{}",
        recorder.all_text()
    );
    spans.remove(0)
}

fn field<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    fields
        .get(name)
        .unwrap_or_else(|| panic!("no field {name} in {fields:?}"))
}

#[tokio::test]
async fn a_request_is_traced_with_its_method_operation_status_attempts_and_request_id() {
    let recorder = Recorder::default();
    let _installed = install(&recorder);
    let server = server_answering(200, &get_member_response_json()).await;

    client_without_retries(&server)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect("the call succeeds");

    let (_, span) = single_request_span(&recorder);
    assert_eq!(field(&span, "method"), "GET");
    assert_eq!(
        field(&span, "operation"),
        "organizations.members.dangerously_get"
    );
    assert_eq!(field(&span, "status"), "200");
    assert_eq!(field(&span, "attempts"), "1");
    assert_eq!(field(&span, "request_id"), REQUEST_ID);
    let duration: u64 = field(&span, "duration_ms")
        .parse()
        .expect("duration_ms is a number");
    assert!(duration < 10_000, "{duration}");
    assert!(recorder.events("retrying").is_empty());
    assert!(recorder.events("request failed").is_empty());
}

#[tokio::test]
async fn a_retried_request_records_its_attempts_and_a_retrying_event() {
    let recorder = Recorder::default();
    let _installed = install(&recorder);
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_raw(NOT_FOUND_BODY, "application/json"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(get_member_response_json()))
        .mount(&server)
        .await;

    client_with_policy(&server.uri(), fast_retries())
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect("the retry succeeds");

    let (id, span) = single_request_span(&recorder);
    assert_eq!(field(&span, "attempts"), "2");
    assert_eq!(field(&span, "status"), "200");
    assert_eq!(field(&span, "request_id"), REQUEST_ID);

    let retrying = recorder.events("retrying");
    assert_eq!(retrying.len(), 1, "{}", recorder.all_text());
    let (level, parent, fields) = &retrying[0];
    assert_eq!(*level, Level::DEBUG);
    assert_eq!(*parent, Some(id), "the event is in the request's span");
    assert_eq!(field(fields, "attempt"), "1");
    assert_eq!(field(fields, "reason"), "503");
    assert_eq!(
        field(fields, "operation"),
        "organizations.members.dangerously_get"
    );
    let delay: u64 = field(fields, "delay_ms").parse().expect("a number");
    assert!(delay <= 40, "fast_retries waits at most 40 ms: {delay}");
    assert!(recorder.events("request failed").is_empty());
}

#[tokio::test]
async fn a_failed_request_records_its_status_request_id_and_a_warning() {
    let recorder = Recorder::default();
    let _installed = install(&recorder);
    let server = server_answering_raw(404, NOT_FOUND_BODY, "application/json").await;

    client_with_policy(&server.uri(), fast_retries())
        .organizations()
        .members()
        .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID)
        .authorization(Authorization::SessionToken(SESSION_TOKEN.to_owned()))
        .await
        .expect_err("a 404 is an error");

    let (id, span) = single_request_span(&recorder);
    assert_eq!(field(&span, "method"), "POST");
    assert_eq!(
        field(&span, "operation"),
        "organizations.members.unlink_retired_email"
    );
    assert_eq!(field(&span, "status"), "404");
    assert_eq!(field(&span, "attempts"), "1");
    assert_eq!(field(&span, "request_id"), NOT_FOUND_REQUEST_ID);
    assert!(span.contains_key("duration_ms"), "{span:?}");

    let failed = recorder.events("request failed");
    assert_eq!(failed.len(), 1, "{}", recorder.all_text());
    let (level, parent, fields) = &failed[0];
    assert_eq!(*level, Level::WARN);
    assert_eq!(*parent, Some(id));
    assert!(
        field(fields, "error").starts_with("the API answered 404 Not Found member_not_found"),
        "{fields:?}"
    );
}

/// Spans and events of successes and of every kind of failure, with the project's Basic auth and
/// member session credentials on each request: none of them reaches the recorder.
#[tokio::test]
async fn nothing_traced_shows_a_credential() {
    let recorder = Recorder::default();
    let _installed = install(&recorder);
    let token = Authorization::SessionToken(SESSION_TOKEN.to_owned());
    let jwt = Authorization::SessionJwt(SESSION_JWT.to_owned());

    // A success with a session token.
    let server = server_answering(200, &get_member_response_json()).await;
    client_without_retries(&server)
        .organizations()
        .members()
        .delete_password(ORGANIZATION_ID, "member-password-test-1")
        .authorization(token.clone())
        .await
        .expect("the call succeeds");

    // An API error with a session JWT.
    let server = server_answering_raw(404, NOT_FOUND_BODY, "application/json").await;
    client_without_retries(&server)
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .authorization(jwt.clone())
        .await
        .expect_err("404");

    // A 503 retried until the policy gives up, and an HTML body.
    let server = server_answering_raw(503, "<html>503</html>", "text/html").await;
    client_with_policy(&server.uri(), fast_retries())
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .authorization(token.clone())
        .await
        .expect_err("503");

    // Refused connections, retried.
    client_with_policy(&closed_local_base_url(), fast_retries())
        .organizations()
        .members()
        .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID)
        .authorization(jwt.clone())
        .await
        .expect_err("closed port");

    // A timeout.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    client_without_retries(&server)
        .organizations()
        .members()
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .authorization(token.clone())
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::never())
        .await
        .expect_err("timeout");

    let spans = recorder.request_spans();
    assert_eq!(spans.len(), 5, "{}", recorder.all_text());
    assert_eq!(recorder.events("request failed").len(), 4);
    assert_eq!(
        recorder.events("retrying").len(),
        4,
        "2 for the 503, 2 to connect"
    );

    let text = recorder.all_text();
    let basic_credentials = BASIC_AUTH.trim_start_matches("Basic ");
    for secret in [SECRET, SESSION_TOKEN, SESSION_JWT, basic_credentials] {
        assert!(!text.contains(secret), "{secret:?} is recorded in:\n{text}");
    }
}

/// An OAuth access token planted in response bodies: what an endpoint returning provider tokens
/// sends.
const PLANTED: &str = "ya29.a0AfH6SMC-planted-access-token-6f1d";

/// Bodies holding a credential that fail in each way a body can: the error keeps the body behind
/// `raw_body()`, and neither the error (its `Display`, `Debug` and whole `source()` chain) nor
/// the traces show any part of it. serde quotes the value it could not decode
/// (`invalid type: string "ya29…"`); the error keeps only the kind of value.
#[tokio::test]
async fn no_part_of_a_response_body_reaches_an_error_or_a_trace() {
    let recorder = Recorder::default();
    let _installed = install(&recorder);

    let mut wrong_type = get_member_response_json();
    wrong_type["organization"] = serde_json::json!(PLANTED);
    let mut wrong_number = get_member_response_json();
    wrong_number["status_code"] = serde_json::json!(PLANTED);
    let error_body = serde_json::json!({
        "status_code": 401,
        "request_id": NOT_FOUND_REQUEST_ID,
        "error_type": "unauthorized_credentials",
        "error_message": "Unauthorized credentials.",
        "error_details": { "access_token": PLANTED },
        "access_token": PLANTED,
    });
    let cut = format!(r#"{{"request_id": "{PLANTED}", "access_token": "{PLANTED}"#);
    let html = format!("<html><body>token {PLANTED}</body></html>");
    let cases = [
        (200, wrong_type.to_string(), "application/json"),
        (200, wrong_number.to_string(), "application/json"),
        (401, error_body.to_string(), "application/json"),
        (200, cut, "application/json"),
        (502, html, "text/html"),
        (200, PLANTED.to_owned(), "text/plain"),
        // Over the 64 KiB an error body is read to.
        (
            503,
            format!("{PLANTED} {}", "x".repeat(70_000)),
            "text/plain",
        ),
    ];
    let mut shown = Vec::new();
    for (status, body, content_type) in &cases {
        let server = server_answering_raw(*status, body, content_type).await;
        let error = client_without_retries(&server)
            .organizations()
            .members()
            .dangerously_get(MEMBER_ID)
            .await
            .expect_err("the body does not decode or is an error");
        let raw_body = match &error {
            stytch_b2b::Error::Api(api) => api.raw_body(),
            stytch_b2b::Error::Decode(decode) => decode.raw_body(),
            other => panic!("expected an API or decode error, got {other:?}"),
        };
        assert!(
            body.starts_with(raw_body) && raw_body.starts_with(&body[..body.len().min(64 * 1024)]),
            "the raw body (up to 64 KiB) is kept behind its accessor"
        );
        let mut text = format!("{error} | {error:?} | {error:#?}");
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            text.push_str(&format!(" | {cause} | {cause:?}"));
            source = cause.source();
        }
        shown.push(text);
    }
    assert!(
        shown[0].contains("invalid type: string, expected struct Organization at line 1"),
        "serde's description is kept without the value: {}",
        shown[0]
    );
    assert!(
        shown[2].contains("unauthorized_credentials"),
        "{}",
        shown[2]
    );
    shown.push(recorder.all_text());
    // A 2xx whose body does not decode is a success of the request span; the error statuses fail.
    let error_statuses = cases.iter().filter(|(status, ..)| *status != 200).count();
    assert_eq!(error_statuses, 3);
    assert_eq!(recorder.events("request failed").len(), error_statuses);
    let fragment = &PLANTED[..12];
    for text in &shown {
        assert!(
            !text.contains(fragment),
            "{fragment:?} is shown in:\n{text}"
        );
    }
}
