//! The one error type of the client, and the details each kind of failure keeps.

use std::fmt;

use super::retry::is_retryable_status;

/// How much of a response body an error keeps; a longer body is cut (see `raw_body_truncated`).
pub(crate) const KEPT_BODY_BYTES: usize = 64 * 1024;
/// How much of a body `Display` shows.
const BODY_PREVIEW_CHARS: usize = 300;

/// Everything that can go wrong with a request.
///
/// Every variant's `Display` says what happened in a sentence a person can act on; none shows the
/// secret or a session credential.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (4xx or 5xx) and a JSON error body.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// A response body is not what was expected: empty, not JSON (e.g. an HTML page from a
    /// proxy), cut short, or JSON of the wrong shape. [`DecodeError::problem`] says which.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request could not be sent or its response not received: connection, TLS or timeout.
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// The request was refused before it was sent, e.g. a header value with a line break.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client could not be configured, e.g. a base URL that is not https.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// Following the pages of a result went wrong, e.g. the API repeated a cursor.
    #[error("pagination stopped: {0}")]
    Pagination(String),
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(error) => Some(error.status),
            Self::Decode(error) => Some(error.status),
            Self::Transport(_)
            | Self::InvalidRequest(_)
            | Self::Config(_)
            | Self::Pagination(_) => None,
        }
    }

    /// The API's `request_id`, when the response carried one; quote it when asking Stytch for help.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error.request_id(),
            _ => None,
        }
    }

    /// The API's machine-readable error code (e.g. `member_not_found`), for an API error.
    pub fn error_type(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error.error_type(),
            _ => None,
        }
    }

    /// Whether the same request might succeed later: a connection or timeout failure, or a `429`,
    /// `502`, `503` or `504` answer. The client has already retried such failures as far as its
    /// [`RetryPolicy`](crate::RetryPolicy) and the request's idempotency allow.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(_) => true,
            Self::Api(_) | Self::Decode(_) => self.status().is_some_and(is_retryable_status),
            Self::InvalidRequest(_) | Self::Config(_) | Self::Pagination(_) => false,
        }
    }

    /// How many attempts were made before this error (0 when the request was never sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Api(error) => error.attempts,
            Self::Decode(error) => error.attempts,
            Self::Transport(error) => error.attempts,
            Self::InvalidRequest(_) | Self::Config(_) | Self::Pagination(_) => 0,
        }
    }
}

/// The API answered with an error status. Every field of its body is kept, and the raw body too.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The decoded error body.
    pub body: crate::api::ErrorBody,
    /// The body as received (at most 64 KiB; invalid UTF-8 replaced).
    pub raw_body: String,
    /// Whether `raw_body` was cut at 64 KiB.
    pub raw_body_truncated: bool,
    /// How many attempts were made.
    pub attempts: u32,
}

impl ApiError {
    /// The `request_id` of the failed request.
    pub fn request_id(&self) -> Option<&str> {
        self.body.request_id.as_deref()
    }

    /// The machine-readable error code, e.g. `member_not_found`.
    pub fn error_type(&self) -> Option<&str> {
        self.body.error_type.as_deref()
    }

    /// The human-readable error message.
    pub fn error_message(&self) -> Option<&str> {
        self.body.error_message.as_deref()
    }

    /// A link to the documentation of this error.
    pub fn error_url(&self) -> Option<&str> {
        self.body.error_url.as_deref()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", status_text(self.status))?;
        if let Some(error_type) = self.error_type() {
            write!(f, " {error_type}")?;
        }
        if let Some(message) = self.error_message() {
            write!(f, ": {message}")?;
        }
        if let Some(request_id) = self.request_id() {
            write!(f, " (request_id {request_id})")?;
        }
        if let Some(url) = self.error_url().filter(|url| !url.is_empty()) {
            write!(f, "; see {url}")?;
        }
        write_attempts(f, self.attempts)
    }
}

impl std::error::Error for ApiError {}

/// What is wrong with a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyProblem {
    /// The body is empty.
    Empty,
    /// The body is not JSON, e.g. an HTML error page from a proxy or load balancer.
    NotJson,
    /// The body is JSON cut short: the connection or a proxy truncated it.
    Truncated,
    /// The body is JSON, but not of the expected shape (a required field missing, a wrong type).
    UnexpectedShape,
}

/// A response body that is not what this client expects.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status code.
    pub status: u16,
    /// What is wrong with the body.
    pub problem: BodyProblem,
    /// The response's `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body as received (at most 64 KiB; invalid UTF-8 replaced).
    pub raw_body: String,
    /// Whether `raw_body` was cut at 64 KiB.
    pub raw_body_truncated: bool,
    /// How many attempts were made.
    pub attempts: u32,
    source: Option<serde_json::Error>,
}

impl DecodeError {
    /// Classifies why `body` (of a response with `status`) did not decode.
    pub(crate) fn new(
        status: u16,
        content_type: Option<String>,
        body: &[u8],
        source: serde_json::Error,
        attempts: u32,
    ) -> Self {
        let problem = if body.iter().all(u8::is_ascii_whitespace) {
            BodyProblem::Empty
        } else {
            match source.classify() {
                serde_json::error::Category::Eof => BodyProblem::Truncated,
                serde_json::error::Category::Data => BodyProblem::UnexpectedShape,
                serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                    BodyProblem::NotJson
                }
            }
        };
        let (raw_body, raw_body_truncated) = kept_body(body);
        Self {
            status,
            problem,
            content_type,
            raw_body,
            raw_body_truncated,
            attempts,
            source: Some(source),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {} with ", status_text(self.status))?;
        match self.problem {
            BodyProblem::Empty => f.write_str("an empty body")?,
            BodyProblem::NotJson => {
                f.write_str("a body that is not JSON")?;
                if let Some(content_type) = &self.content_type {
                    write!(f, " ({content_type})")?;
                }
            }
            BodyProblem::Truncated => f.write_str("JSON that is cut short")?,
            BodyProblem::UnexpectedShape => {
                f.write_str("JSON this client cannot read")?;
                if let Some(source) = &self.source {
                    write!(f, " ({source})")?;
                }
            }
        }
        if self.problem != BodyProblem::Empty {
            let preview: String = self.raw_body.chars().take(BODY_PREVIEW_CHARS).collect();
            let cut = preview.len() < self.raw_body.len() || self.raw_body_truncated;
            write!(f, ": {}{}", preview.trim_end(), if cut { "…" } else { "" })?;
        }
        write_attempts(f, self.attempts)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|source| source as _)
    }
}

/// The request could not be sent, or its response not received.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// How many attempts were made.
    pub attempts: u32,
    source: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error, attempts: u32) -> Self {
        Self { attempts, source }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Whether no connection could be made, so the request never reached the server.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.is_timeout() {
            "the request timed out"
        } else if self.is_connect() {
            "could not connect to the API"
        } else {
            "the HTTP request failed"
        };
        // reqwest's own message leaves the cause out: show the chain.
        write!(f, "{what}: {}", self.source)?;
        let mut cause = std::error::Error::source(&self.source);
        while let Some(error) = cause {
            write!(f, ": {error}")?;
            cause = error.source();
        }
        write_attempts(f, self.attempts)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// At most `KEPT_BODY_BYTES` of `body` as text, and whether it was cut.
pub(crate) fn kept_body(body: &[u8]) -> (String, bool) {
    let cut = body.len() > KEPT_BODY_BYTES;
    let kept = &body[..body.len().min(KEPT_BODY_BYTES)];
    (String::from_utf8_lossy(kept).into_owned(), cut)
}

/// `503 Service Unavailable`.
fn status_text(status: u16) -> String {
    match reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

fn write_attempts(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    if attempts > 1 {
        write!(f, " (after {attempts} attempts)")
    } else {
        Ok(())
    }
}
