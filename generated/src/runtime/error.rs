//! The one error type of the client, and the details each kind of failure keeps.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use serde_json::error::Category;

use super::retry::is_retryable_status;

/// How much of a response body an error keeps; a longer body is cut (see `raw_body_truncated`).
pub(crate) const KEPT_BODY_BYTES: usize = 64 * 1024;
/// The most characters `Display` and `Debug` show of one text taken from a response or a
/// request (an error message, an ID, a URL), so that no error reads longer than about 1 KiB.
const MAX_SHOWN_CHARS: usize = 120;
/// The most characters of serde's description of a decoding problem.
const MAX_DESCRIPTION_CHARS: usize = 300;

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
    /// The API answered with a redirect (3xx), which this client does not follow.
    #[error(transparent)]
    Redirect(Box<RedirectError>),
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
            Self::Redirect(error) => Some(error.status),
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
    ///
    /// Not retryable: a request refused before it was sent, a configuration error, a request the
    /// HTTP stack could not build, and a TLS failure (a certificate that does not verify).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(error) => !error.permanent,
            Self::Api(_) | Self::Decode(_) => self.status().is_some_and(is_retryable_status),
            Self::Redirect(_) | Self::InvalidRequest(_) | Self::Config(_) | Self::Pagination(_) => {
                false
            }
        }
    }

    /// The wait the server asked for with `Retry-After` on the last answer, if any. When it is
    /// longer than the retry policy's [`max_retry_after`](crate::RetryPolicy::max_retry_after),
    /// the client did not retry: wait this long before trying again.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Self::Api(error) => error.retry_after,
            Self::Decode(error) => error.retry_after,
            _ => None,
        }
    }

    /// How many attempts were made before this error (0 when the request was never sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Api(error) => error.attempts,
            Self::Decode(error) => error.attempts,
            Self::Transport(error) => error.attempts,
            Self::Redirect(error) => error.attempts,
            Self::InvalidRequest(_) | Self::Config(_) | Self::Pagination(_) => 0,
        }
    }
}

/// The API answered with an error status. Every field of its body is kept, and the raw body too.
///
/// `Display` and `Debug` show the status and the body's `error_type`, `error_message`,
/// `request_id` and `error_url` (each shortened if long), never the rest of the body: an answer
/// may echo credentials. The raw body is only given by [`raw_body`](Self::raw_body).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The decoded error body.
    pub body: crate::api::ErrorBody,
    /// The body as received (at most 64 KiB; invalid UTF-8 replaced).
    raw_body: String,
    /// Whether the raw body was cut at 64 KiB.
    pub raw_body_truncated: bool,
    /// How many attempts were made.
    pub attempts: u32,
    /// The wait asked for with `Retry-After`.
    retry_after: Option<Duration>,
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("error_type", &self.error_type().map(shown))
            .field("error_message", &self.error_message().map(shown))
            .field("request_id", &self.request_id().map(shown))
            .field("error_url", &self.error_url().map(shown))
            .field("raw_body", &BodyLength(self.raw_body.len()))
            .field("raw_body_truncated", &self.raw_body_truncated)
            .field("attempts", &self.attempts)
            .field("retry_after", &self.retry_after)
            .finish_non_exhaustive()
    }
}

impl ApiError {
    pub(crate) fn new(
        status: u16,
        body: crate::api::ErrorBody,
        raw: &[u8],
        retry_after: Option<Duration>,
        attempts: u32,
    ) -> Self {
        let (raw_body, raw_body_truncated) = kept_body(raw);
        Self {
            status,
            body,
            raw_body,
            raw_body_truncated,
            attempts,
            retry_after,
        }
    }

    /// The body as received: at most 64 KiB (see `raw_body_truncated`), invalid UTF-8 replaced.
    /// It may hold anything the server sent; log it with care.
    pub fn raw_body(&self) -> &str {
        &self.raw_body
    }

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
            write!(f, " {}", shown(error_type))?;
        }
        if let Some(message) = self.error_message() {
            write!(f, ": {}", shown(message))?;
        }
        if let Some(request_id) = self.request_id() {
            write!(f, " (request_id {})", shown(request_id))?;
        }
        if let Some(url) = self.error_url().filter(|url| !url.is_empty()) {
            write!(f, "; see {}", shown(url))?;
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
    /// The body is longer than the client reads: [`ClientBuilder::max_response_bytes`] for a
    /// success, 64 KiB for an error status. Reading stopped there; the start is kept.
    ///
    /// [`ClientBuilder::max_response_bytes`]: crate::ClientBuilder::max_response_bytes
    TooLarge,
}

/// A response body that is not what this client expects.
///
/// `Display` and `Debug` say what is wrong (for JSON of the wrong shape, serde's description with
/// the line and column, the expected type and the kind of value found) but never show a value
/// of the body: a response may hold credentials. The raw body is only given by
/// [`raw_body`](Self::raw_body).
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status code.
    pub status: u16,
    /// What is wrong with the body.
    pub problem: BodyProblem,
    /// The response's `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body as received (at most 64 KiB; invalid UTF-8 replaced).
    raw_body: String,
    /// Whether the raw body is only the start of the body: cut at 64 KiB, or not read further
    /// because the body is over the limit ([`BodyProblem::TooLarge`]).
    pub raw_body_truncated: bool,
    /// How many attempts were made.
    pub attempts: u32,
    /// serde's description of what did not decode, without any value of the body.
    json: Option<JsonProblem>,
    /// The limit the body exceeded, for [`BodyProblem::TooLarge`].
    limit: Option<usize>,
    /// The wait asked for with `Retry-After`.
    retry_after: Option<Duration>,
}

/// Where and why JSON did not decode, rebuilt from serde's error without the values it quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct JsonProblem {
    description: String,
    line: usize,
    column: usize,
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            description,
            line,
            column,
        } = self;
        write!(f, "{description} at line {line} column {column}")
    }
}

impl JsonProblem {
    fn new(error: &serde_json::Error) -> Self {
        let message = error.to_string();
        // serde_json ends every message with its own ` at line L column C`.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(message, _)| message);
        let description = match error.classify() {
            // serde_json's syntax messages are fixed texts ("expected value", "EOF while parsing
            // a string"); a quote would mean that changed, so it is then left out.
            Category::Syntax | Category::Eof | Category::Io if !message.contains(['`', '"']) => {
                message.to_owned()
            }
            Category::Syntax | Category::Eof | Category::Io => "invalid JSON".to_owned(),
            Category::Data => value_free_description(message),
        };
        Self {
            description: shortened(&description, MAX_DESCRIPTION_CHARS).into_owned(),
            line: error.line(),
            column: error.column(),
        }
    }
}

/// serde's message for data of the wrong shape, with every value it quotes left out.
///
/// serde builds these messages from fixed patterns (`invalid type: string "…", expected u32`,
/// `unknown variant `…`, expected one of …`); the expected part comes from this crate's types, the
/// rest from the body. Only the kind of the value found is kept. A message of another form (a
/// custom one) is replaced by a generic description rather than risk quoting the body.
fn value_free_description(message: &str) -> String {
    // Field names here come from this crate's types, not from the body.
    if message.starts_with("missing field `") || message.starts_with("duplicate field `") {
        return message.to_owned();
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some((found, expected)) = message
            .strip_prefix(prefix)
            .and_then(|rest| rest.rsplit_once(", expected "))
        {
            return format!("{prefix}{}, expected {expected}", kind_of_value(found));
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        // A number of elements, then what was expected.
        if let Some((length, expected)) = rest.split_once(", expected ") {
            if length.bytes().all(|byte| byte.is_ascii_digit()) {
                return format!("invalid length {length}, expected {expected}");
            }
        }
    }
    for (prefix, what) in [
        ("unknown variant `", "unknown variant"),
        ("unknown field `", "unknown field"),
    ] {
        if message.starts_with(prefix) {
            return match message.rsplit_once(", expected ") {
                Some((_, expected)) => format!("{what}, expected {expected}"),
                None => what.to_owned(),
            };
        }
    }
    "a value of the wrong type or format".to_owned()
}

/// The kind of a value as serde describes it (`string "…"`, `integer `5``, `map`), without the
/// value.
fn kind_of_value(found: &str) -> &str {
    let kind = found.split(['"', '`']).next().unwrap_or_default().trim();
    let plain = kind
        .bytes()
        .all(|byte| byte.is_ascii_lowercase() || byte == b' ' || byte.is_ascii_uppercase());
    if plain && !kind.is_empty() && kind.len() <= 20 {
        kind
    } else {
        "a value"
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("problem", &self.problem)
            .field("content_type", &self.content_type.as_deref().map(shown))
            .field("json", &self.json.as_ref().map(ToString::to_string))
            .field("raw_body", &BodyLength(self.raw_body.len()))
            .field("raw_body_truncated", &self.raw_body_truncated)
            .field("attempts", &self.attempts)
            .field("retry_after", &self.retry_after)
            .finish_non_exhaustive()
    }
}

impl DecodeError {
    pub(crate) fn with_retry_after(self, retry_after: Option<Duration>) -> Self {
        Self {
            retry_after,
            ..self
        }
    }

    /// Classifies why `body` (of a response with `status`) did not decode.
    pub(crate) fn new(
        status: u16,
        content_type: Option<String>,
        body: &[u8],
        source: &serde_json::Error,
        attempts: u32,
    ) -> Self {
        let problem = if body.iter().all(u8::is_ascii_whitespace) {
            BodyProblem::Empty
        } else {
            match source.classify() {
                Category::Eof => BodyProblem::Truncated,
                Category::Data => BodyProblem::UnexpectedShape,
                Category::Syntax | Category::Io => BodyProblem::NotJson,
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
            json: (problem != BodyProblem::Empty).then(|| JsonProblem::new(source)),
            limit: None,
            retry_after: None,
        }
    }

    /// A body longer than `limit`, of which `start` was read.
    pub(crate) fn too_large(
        status: u16,
        content_type: Option<String>,
        start: &[u8],
        limit: usize,
        attempts: u32,
    ) -> Self {
        let (raw_body, _) = kept_body(start);
        Self {
            status,
            problem: BodyProblem::TooLarge,
            content_type,
            raw_body,
            raw_body_truncated: true,
            attempts,
            json: None,
            limit: Some(limit),
            retry_after: None,
        }
    }

    /// The body as received: at most 64 KiB (see `raw_body_truncated`), invalid UTF-8 replaced.
    /// It may hold anything the server sent, credentials included; log it with care.
    pub fn raw_body(&self) -> &str {
        &self.raw_body
    }

    /// Where the JSON stopped decoding, as a line and a column (both from 1), when it is JSON
    /// cut short or of the wrong shape, or not JSON.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.json.as_ref().map(|json| (json.line, json.column))
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
                    write!(f, " ({})", shown(content_type))?;
                }
            }
            BodyProblem::Truncated => f.write_str("JSON that is cut short")?,
            BodyProblem::UnexpectedShape => f.write_str("JSON this client cannot read")?,
            BodyProblem::TooLarge => {
                let limit = self.limit.unwrap_or(self.raw_body.len());
                write!(f, "a body longer than the {limit} bytes this client reads")?;
            }
        }
        if let Some(json) = self
            .json
            .as_ref()
            .filter(|_| self.problem != BodyProblem::NotJson)
        {
            write!(f, ": {json}")?;
        }
        if !matches!(self.problem, BodyProblem::Empty | BodyProblem::TooLarge) {
            let more = if self.raw_body_truncated {
                "more than "
            } else {
                ""
            };
            write!(f, " ({more}{} bytes)", self.raw_body.len())?;
        }
        write_attempts(f, self.attempts)
    }
}

impl std::error::Error for DecodeError {}

/// The API answered with a redirect (3xx). An API does not move, so this client does not follow
/// it (a redirect could carry the member session headers elsewhere): a proxy or a base URL that is
/// not the API's is the usual cause.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RedirectError {
    /// The HTTP status code (301, 302, 307, …).
    pub status: u16,
    /// The `Location` header: where the redirect points, if it said.
    pub location: Option<String>,
    /// How many attempts were made.
    pub attempts: u32,
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", status_text(self.status))?;
        if let Some(location) = &self.location {
            write!(f, " redirecting to {}", shown(location))?;
        }
        f.write_str("; redirects are not followed (is the base URL the API's?)")?;
        write_attempts(f, self.attempts)
    }
}

impl std::error::Error for RedirectError {}

/// The request could not be sent, or its response not received.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// How many attempts were made.
    pub attempts: u32,
    /// Whether another attempt would fail alike (see [`is_permanent`]).
    permanent: bool,
    /// The request's URL, shortened: reqwest's error would show it whole, and a long path
    /// parameter makes it up to 64 KiB.
    url: Option<String>,
    source: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error, attempts: u32) -> Self {
        Self {
            attempts,
            permanent: is_permanent(&source),
            url: source.url().map(|url| shown(url.as_str()).into_owned()),
            source: source.without_url(),
        }
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
        let mut message = self.source.to_string();
        let mut cause = std::error::Error::source(&self.source);
        while let Some(error) = cause {
            message.push_str(&format!(": {error}"));
            cause = error.source();
        }
        write!(f, "{what}: {}", shortened(&message, MAX_DESCRIPTION_CHARS))?;
        if let Some(url) = &self.url {
            write!(f, " (url {url})")?;
        }
        write_attempts(f, self.attempts)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Whether another attempt of a request that failed with `error` would fail alike: the request
/// could not be built, or TLS failed (rustls reports a certificate that does not verify, or a
/// peer that does not speak TLS, as an I/O error of kind `InvalidData`).
pub(crate) fn is_permanent(error: &reqwest::Error) -> bool {
    error.is_builder() || std::error::Error::source(error).is_some_and(has_invalid_data)
}

/// Whether `error` or one of its causes is an I/O error of kind `InvalidData`. An I/O error
/// wrapping another is looked into: its `source()` skips the error it wraps.
fn has_invalid_data(error: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(io) = error.downcast_ref::<std::io::Error>() {
        if io.kind() == std::io::ErrorKind::InvalidData {
            return true;
        }
        if let Some(inner) = io.get_ref() {
            if has_invalid_data(inner) {
                return true;
            }
        }
    }
    error.source().is_some_and(has_invalid_data)
}

/// At most `KEPT_BODY_BYTES` of `body` as text, and whether it was cut.
pub(crate) fn kept_body(body: &[u8]) -> (String, bool) {
    let cut = body.len() > KEPT_BODY_BYTES;
    let kept = &body[..body.len().min(KEPT_BODY_BYTES)];
    (String::from_utf8_lossy(kept).into_owned(), cut)
}

/// The length of a body, for `Debug`, which never shows the body itself.
struct BodyLength(usize);

impl fmt::Debug for BodyLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// `text`, shortened to about [`MAX_SHOWN_CHARS`] for an error message.
pub(crate) fn shown(text: &str) -> Cow<'_, str> {
    shortened(text, MAX_SHOWN_CHARS)
}

/// `text` if it has at most `max_chars` characters; else its start and end around
/// `…[N chars]…`, so a person can still recognise an ID or a URL.
pub(crate) fn shortened(text: &str, max_chars: usize) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= max_chars {
        return Cow::Borrowed(text);
    }
    let keep = max_chars / 2;
    let head: String = text.chars().take(keep).collect();
    let tail: String = text.chars().skip(count - keep).collect();
    Cow::Owned(format!("{head}…[{count} chars]…{tail}"))
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

#[cfg(test)]
mod tests {
    use super::{shortened, value_free_description};

    #[test]
    fn serde_messages_lose_every_value_they_quote() {
        let cases = [
            (
                r#"invalid type: string "ya29.secret", expected i32"#,
                "invalid type: string, expected i32",
            ),
            (
                r#"invalid type: string "a, expected b", expected struct Member"#,
                "invalid type: string, expected struct Member",
            ),
            (
                "invalid value: integer `-7`, expected u32",
                "invalid value: integer, expected u32",
            ),
            (
                "invalid type: null, expected a string",
                "invalid type: null, expected a string",
            ),
            (
                "unknown variant `ya29.secret`, expected `sso` or `password`",
                "unknown variant, expected `sso` or `password`",
            ),
            (
                "unknown field `ya29.secret`, expected `a`",
                "unknown field, expected `a`",
            ),
            ("missing field `member_id`", "missing field `member_id`"),
            (
                "invalid length 3, expected a tuple of size 2",
                "invalid length 3, expected a tuple of size 2",
            ),
            (
                "ya29.secret is not a valid thing",
                "a value of the wrong type or format",
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(value_free_description(message), expected, "{message}");
        }
    }

    #[test]
    fn long_texts_keep_their_ends_and_say_how_long_they_were() {
        assert_eq!(shortened("short", 10), "short");
        assert_eq!(shortened("abcdefghijkl", 4), "ab…[12 chars]…kl");
    }
}
