//! The client: configuration, connection pool, credentials, and sending one request.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::error::{Error, shown};
use super::retry::RetryPolicy;

/// Facts about the API that the generated code hands to the runtime.
#[derive(Debug)]
pub(crate) struct ApiInfo {
    pub test_base_url: &'static str,
    pub live_base_url: &'static str,
    /// A project ID with this prefix selects `live_base_url`.
    pub live_project_id_prefix: &'static str,
}

/// How long a whole request may take unless configured otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long connecting may take, on the HTTP client this crate builds itself.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest success body read unless configured otherwise. The largest answers of this API
/// are search pages of up to 1,000 Members or Organizations, a few KiB each: 16 MiB leaves room for
/// several times that, while a broken or hostile server cannot make the client hold more.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION"));

/// A client for the API. Cheap to clone: clones share one connection pool and configuration.
///
/// Create one with `Client::new` or `Client::builder`, then reach the API's resources through
/// its methods (`client.organizations().members()…`).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub http: reqwest::Client,
    /// No trailing slash; request paths start with `/`.
    pub base_url: String,
    pub project_id: String,
    pub user_agent: HeaderValue,
    /// `Basic base64(project_id:secret)`, computed once and marked sensitive.
    pub basic_authorization: HeaderValue,
    /// For each attempt, unless the request sets its own.
    pub timeout: Duration,
    /// Unless the request sets its own.
    pub retry: RetryPolicy,
    /// The longest success body read.
    pub max_response_bytes: usize,
    /// Started on the first blocking call.
    #[cfg(feature = "blocking")]
    pub blocking: super::blocking::BlockingRuntime,
    /// For the HTTP client of blocking calls, which need one of their own.
    #[cfg_attr(
        not(feature = "blocking"),
        allow(dead_code, reason = "used by blocking calls only")
    )]
    pub http_settings: HttpSettings,
}

/// How this crate builds an HTTP client: for async requests (unless one is given), and for
/// blocking calls, whose runtime needs a connection pool of its own.
#[derive(Debug, Clone)]
pub(super) struct HttpSettings {
    connect_timeout: Duration,
}

impl HttpSettings {
    pub(super) fn build(&self) -> Result<reqwest::Client, Error> {
        reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            // An API does not move: a redirect is an error (`Error::Redirect`), never followed
            // with the member session headers to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| Error::Config(format!("cannot build the HTTP client: {error}")))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("project_id", &self.inner.project_id)
            .field("secret", &"<redacted>")
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]: base URL, timeout, user agent, or an existing `reqwest::Client`.
///
/// ```no_run
/// # fn run() -> Result<(), stytch_b2b::Error> {
/// use std::time::Duration;
///
/// let client = stytch_b2b::Client::builder("project-test-…", "secret-test-…")
///     .timeout(Duration::from_secs(10))
///     .user_agent("my-service/1.2")
///     .build()?;
/// # Ok(()) }
/// ```
#[must_use]
pub struct ClientBuilder {
    api: &'static ApiInfo,
    project_id: String,
    secret: String,
    base_url: Option<String>,
    allow_http: bool,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("project_id", &self.project_id)
            .field("secret", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("allow_http", &self.allow_http)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(crate) fn new(api: &'static ApiInfo, project_id: String, secret: String) -> Self {
        Self {
            api,
            project_id,
            secret,
            base_url: None,
            allow_http: false,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: None,
            http: None,
        }
    }

    /// Sends requests to `base_url` (e.g. a proxy) instead of the test or live environment.
    /// It must be `https` unless [`allow_http`](Self::allow_http) is set.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Accepts a plain `http` base URL. Only for tests against a local server: credentials are
    /// sent in the clear.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// The most one attempt (connect, send, receive the whole body) may take. Default: 30 seconds.
    /// A request can set its own with its `timeout` method.
    ///
    /// The retry policy's [`max_elapsed`](RetryPolicy::max_elapsed) (30 seconds by default)
    /// bounds the whole call and cuts an attempt's timeout to what is left of it: a timeout
    /// longer than that needs a longer `max_elapsed` too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The most connecting may take. Default: 10 seconds. Applies to the HTTP client this builder
    /// makes, not to one given with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed requests are retried. Default: [`RetryPolicy::default`]; use
    /// [`RetryPolicy::never`] to send every request once. A request can set its own with its
    /// `retry_policy` method.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The longest success body the client reads, in bytes. Default: 16 MiB, several times the
    /// largest answer of this API (a search page of 1,000 results).
    ///
    /// A longer body (by its `Content-Length`, or as it arrives) is not read further: the call
    /// fails with [`Error::Decode`] and [`BodyProblem::TooLarge`](crate::BodyProblem::TooLarge),
    /// having held at most this much. Error bodies are read up to 64 KiB whatever this says.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// The `User-Agent` header. Default: `stytch-b2b-rust/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests through an existing `reqwest::Client` (sharing its pool and settings)
    /// instead of building one. The timeout and user agent set here still apply to each request.
    ///
    /// Blocking calls (`send_blocking`, the `blocking` feature) do not use it: they run on a
    /// runtime of their own, which needs connections of its own (a connection is driven by the
    /// runtime that opened it), and use a client built with this builder's connect timeout.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the base URL or user agent is invalid, or the HTTP client cannot be built.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = match self.base_url {
            Some(url) => checked_base_url(&url, self.allow_http)?,
            None if self.project_id.starts_with(self.api.live_project_id_prefix) => {
                self.api.live_base_url.to_owned()
            }
            None => self.api.test_base_url.to_owned(),
        };
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
            Error::Config(
                "the user agent contains a character not allowed in an HTTP header".to_owned(),
            )
        })?;
        let credentials = basic_credentials(&self.project_id, &self.secret);
        // Never echo the value: it holds the secret.
        let mut basic_authorization = HeaderValue::from_str(&credentials).map_err(|_| {
            Error::Config(
                "the project ID or secret contains a character not allowed in an HTTP header"
                    .to_owned(),
            )
        })?;
        basic_authorization.set_sensitive(true);
        let http_settings = HttpSettings {
            connect_timeout: self.connect_timeout,
        };
        let http = match self.http {
            Some(http) => http,
            None => http_settings.build()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                project_id: self.project_id,

                user_agent,
                basic_authorization,
                timeout: self.timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                #[cfg(feature = "blocking")]
                blocking: Default::default(),
                http_settings,
            }),
        })
    }
}

/// The value of a Basic `Authorization` header (RFC 7617): `Basic` and the base64 of `user:password`.
fn basic_credentials(user: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{user}:{password}");
    let mut out = String::from("Basic ");
    for chunk in input.as_bytes().chunks(3) {
        let bytes = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for (position, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            let sextet = usize::try_from((n >> shift) & 63).unwrap_or_default();
            out.push(if position <= chunk.len() {
                char::from(ALPHABET[sextet])
            } else {
                '='
            });
        }
    }
    out
}

/// Parses a custom base URL and returns it without a trailing slash.
///
/// Messages never quote user information (`user:password@`): it may be a credential.
fn checked_base_url(url: &str, allow_http: bool) -> Result<String, Error> {
    let mut parsed = reqwest::Url::parse(url)
        .map_err(|error| Error::Config(format!("the base URL is not a valid URL: {error}")))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::Config(
            "the base URL must not contain credentials; the client sends them itself".to_owned(),
        ));
    }
    match parsed.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err(Error::Config(format!(
                "base URL `{}` is not https; call `allow_http(true)` to allow it (for local tests only)",
                shown(parsed.as_str())
            )));
        }
        other => {
            return Err(Error::Config(format!(
                "base URL `{}` has unsupported scheme `{}`",
                shown(parsed.as_str()),
                shown(other)
            )));
        }
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        parsed.set_query(None);
        parsed.set_fragment(None);
        return Err(Error::Config(format!(
            "base URL `{}` must not have a query or a fragment",
            shown(parsed.as_str())
        )));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

impl Client {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(super) fn inner(&self) -> &Inner {
        &self.inner
    }
}

#[cfg(test)]
mod tests {
    use super::basic_credentials;

    #[test]
    fn basic_credentials_are_rfc_7617_base64() {
        assert_eq!(
            basic_credentials("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic_credentials("a", ""), "Basic YTo=");
        assert_eq!(basic_credentials("ab", "c"), "Basic YWI6Yw==");
    }
}
