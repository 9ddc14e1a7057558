//! The one error type of the client, and the API error it carries.

use std::fmt;

/// How much of a response body `Display` shows; the full body stays available.
const BODY_PREVIEW_CHARS: usize = 300;

/// Everything that can go wrong with a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (4xx or 5xx) and a JSON error body.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// A response could not be decoded: an error status without a JSON error body (e.g. an HTML
    /// page from a proxy), or a success body that is not the expected JSON.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request could not be sent or its response not received: connection, TLS or timeout.
    #[error("the HTTP request failed: {}", ErrorChain(.0))]
    Transport(#[source] reqwest::Error),
    /// The request was refused before it was sent, e.g. a header value with a line break.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client could not be configured, e.g. a base URL that is not https.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(error) => Some(error.status),
            Self::Decode(error) => Some(error.status),
            Self::Transport(error) => error.status().map(|status| status.as_u16()),
            Self::InvalidRequest(_) | Self::Config(_) => None,
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
}

/// The API answered with an error status. Every field of its body is kept, and the raw body too.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The decoded error body.
    pub body: crate::api::ErrorBody,
    /// The body exactly as received.
    pub raw_body: String,
}

impl ApiError {
    /// Turns a non-2xx response into an error: an `ApiError` when the body is a JSON error object,
    /// else a `DecodeError` keeping the status and body.
    pub(crate) fn from_response(status: u16, body: Vec<u8>) -> Error {
        match serde_json::from_slice::<crate::api::ErrorBody>(&body) {
            Ok(decoded) => Error::Api(Box::new(ApiError {
                status,
                body: decoded,
                raw_body: String::from_utf8_lossy(&body).into_owned(),
            })),
            Err(source) => Error::Decode(Box::new(DecodeError::new(status, &body, source))),
        }
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
        write!(f, "the API answered {}", self.status)?;
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
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A response body that is not the JSON this client expects.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status code.
    pub status: u16,
    /// The body exactly as received (invalid UTF-8 replaced).
    pub raw_body: String,
    source: serde_json::Error,
}

impl DecodeError {
    pub(crate) fn new(status: u16, body: &[u8], source: serde_json::Error) -> Self {
        Self {
            status,
            raw_body: String::from_utf8_lossy(body).into_owned(),
            source,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if (200..300).contains(&self.status) {
            "response"
        } else {
            "error response"
        };
        write!(
            f,
            "cannot decode the {} {kind}: {}",
            self.status, self.source
        )?;
        if self.raw_body.trim().is_empty() {
            f.write_str("; the body is empty")
        } else {
            let preview: String = self.raw_body.chars().take(BODY_PREVIEW_CHARS).collect();
            let ellipsis = if preview.len() < self.raw_body.len() {
                "…"
            } else {
                ""
            };
            write!(f, "; body: {preview}{ellipsis}")
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Shows an error and its causes (`error sending request: connection refused`), since reqwest's
/// own message leaves the cause out.
struct ErrorChain<'a>(&'a reqwest::Error);

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = std::error::Error::source(self.0);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}
