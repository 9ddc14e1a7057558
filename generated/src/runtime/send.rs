//! Sending one request: build it once, attempt it as often as the retry policy allows, and turn
//! the final answer into a decoded value or an [`Error`].

use std::time::{Duration, Instant};

use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, LOCATION, RETRY_AFTER,
    USER_AGENT,
};
use serde::de::DeserializeOwned;

use super::client::{Client, Inner};
use super::error::{
    ApiError, DecodeError, Error, KEPT_BODY_BYTES, RedirectError, TransportError, is_permanent,
};
use super::request::Request;
use super::response::Exchange;
use super::retry::{RetryPolicy, Retryability, is_retryable_status, parse_retry_after};

/// A request ready to be sent, as many times as needed.
struct Prepared {
    #[cfg_attr(
        not(feature = "tracing"),
        allow(dead_code, reason = "named in traces only")
    )]
    operation: &'static str,
    idempotent: bool,
    method: reqwest::Method,
    url: reqwest::Url,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    timeout: Duration,
    retry: RetryPolicy,
}

/// An answer read in full, or up to the limit its status allows.
pub(super) struct Answer {
    pub(super) status: u16,
    /// Moved out of the HTTP response, for `send_with_response`.
    pub(super) headers: HeaderMap,
    content_type: Option<String>,
    retry_after: Option<Duration>,
    /// Where a redirect points.
    location: Option<String>,
    /// The body, or when it was longer than `limit`, at most its first 64 KiB.
    body: Vec<u8>,
    /// Set when the body was longer than this limit, and not read further.
    over_limit: Option<usize>,
}

impl Answer {
    /// Decodes a success body as `T`. Only this step is instantiated per response type; sending
    /// is not generic.
    pub(super) fn decode<T: DeserializeOwned>(&self, attempts: u32) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| self.decode_error(source, attempts))
    }

    /// The error for a body longer than the limit.
    fn too_large_error(&self, limit: usize, attempts: u32) -> Error {
        let content_type = self.content_type.clone();
        let error = DecodeError::too_large(self.status, content_type, &self.body, limit, attempts);
        Error::Decode(Box::new(error.with_retry_after(self.retry_after)))
    }

    /// The error for a body that did not decode as expected.
    fn decode_error(&self, source: serde_json::Error, attempts: u32) -> Error {
        let content_type = self.content_type.clone();
        let error = DecodeError::new(self.status, content_type, &self.body, &source, attempts);
        Error::Decode(Box::new(error.with_retry_after(self.retry_after)))
    }
}

/// Why an attempt did not succeed.
enum Failure {
    Transport(reqwest::Error),
    Status(Answer),
}

impl Client {
    /// Sends `request` as often as its retry policy allows; the successful answer, read in full,
    /// and the number of attempts.
    pub(super) async fn exchange(&self, request: Request) -> Result<Exchange, Error> {
        let prepared = prepare(self.inner(), request)?;
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = tracing::info_span!(
                "stytch_b2b.request",
                method = %prepared.method,
                operation = prepared.operation,
                attempts = tracing::field::Empty,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let result = attempt_until_done(self.inner(), &prepared)
                .instrument(span.clone())
                .await;
            trace_outcome(&span, &result, started.elapsed());
            result
        }
        #[cfg(not(feature = "tracing"))]
        attempt_until_done(self.inner(), &prepared).await
    }
}

/// The longest URL the HTTP stack accepts (the `http` crate's `Uri` limit).
const MAX_URL_BYTES: usize = u16::MAX as usize - 1;

/// Builds the URL, headers and body once; anything invalid is refused before a byte is sent.
fn prepare(inner: &Inner, request: Request) -> Result<Prepared, Error> {
    let mut url = reqwest::Url::parse(&format!("{}{}", inner.base_url, request.path))
        .map_err(|error| Error::InvalidRequest(format!("cannot build the request URL: {error}")))?;
    if !request.query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (name, value) in &request.query {
            pairs.append_pair(name, value);
        }
    }
    // Refused here, the request is an `InvalidRequest` that was never sent; past this point the
    // HTTP stack would fail it on every attempt as a transport error.
    if url.as_str().len() > MAX_URL_BYTES {
        return Err(Error::InvalidRequest(format!(
            "the request URL would be {} bytes long, more than the {MAX_URL_BYTES} HTTP allows; \
             is a path parameter or a query value far too long?",
            url.as_str().len()
        )));
    }
    // Every request but a GET carries JSON, `{}` when it has no fields, as the official SDKs
    // send it: some front ends refuse a POST or PUT without a body (411 Length Required). A form
    // body is always set, empty when no field is, so it never becomes `{}`.
    let body = match request.body {
        Some(body) => Some(body),
        None if request.method != reqwest::Method::GET => Some(b"{}".to_vec()),
        None => None,
    };
    let mut headers = HeaderMap::new();
    headers.insert(USER_AGENT, inner.user_agent.clone());
    if request.basic_auth {
        headers.insert(AUTHORIZATION, inner.basic_authorization.clone());
    }
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    if body.is_some() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(request.content_type));
    }
    for header in request.headers {
        // Never echo the value: it may be a credential.
        let mut value = HeaderValue::from_str(&header.value).map_err(|_| {
            Error::InvalidRequest(format!(
                "the value of header `{}` contains a character not allowed in HTTP headers (such as a line break)",
                header.name
            ))
        })?;
        value.set_sensitive(header.sensitive);
        let name = HeaderName::from_bytes(header.name.as_bytes()).map_err(|_| {
            Error::InvalidRequest(format!("`{}` is not a valid header name", header.name))
        })?;
        headers.insert(name, value);
    }
    Ok(Prepared {
        operation: request.operation,
        idempotent: request.idempotent,
        method: request.method,
        url,
        headers,
        body,
        timeout: request.options.timeout.unwrap_or(inner.timeout),
        retry: request.options.retry.unwrap_or_else(|| inner.retry.clone()),
    })
}

/// Attempts the request until it succeeds, fails in a way a retry cannot fix, or the retry policy
/// gives up. Returns the successful answer and the number of attempts.
async fn attempt_until_done(inner: &Inner, prepared: &Prepared) -> Result<Exchange, Error> {
    let started = Instant::now();
    let mut attempt = 1;
    loop {
        // `max_elapsed` bounds the whole call, so no attempt may outlast what is left of it.
        let timeout = prepared
            .timeout
            .min(prepared.retry.remaining(started.elapsed()));
        let failure = match attempt_once(inner, prepared, timeout).await {
            Ok(answer) if (200..300).contains(&answer.status) && answer.over_limit.is_none() => {
                return Ok(Exchange {
                    answer,
                    attempts: attempt,
                });
            }
            Ok(answer) => Failure::Status(answer),
            Err(error) => Failure::Transport(error),
        };
        let retryability = match &failure {
            // A connection that was never made cannot have changed anything on the server.
            Failure::Transport(error) => Retryability {
                may_retry: !is_permanent(error) && (error.is_connect() || prepared.idempotent),
                retry_after: None,
            },
            // A 429 was not processed, so it is retried whatever the method.
            Failure::Status(answer) => Retryability {
                may_retry: is_retryable_status(answer.status)
                    && (prepared.idempotent || answer.status == 429),
                retry_after: answer.retry_after,
            },
        };
        let Some(delay) = prepared
            .retry
            .delay(attempt, started.elapsed(), &retryability)
        else {
            return Err(into_error(failure, attempt));
        };
        #[cfg(feature = "tracing")]
        tracing::debug!(
            operation = prepared.operation,
            attempt,
            delay_ms = delay.as_millis() as u64,
            reason = %match &failure {
                Failure::Transport(error) if error.is_timeout() => "timeout".to_owned(),
                Failure::Transport(error) if error.is_connect() => "connect".to_owned(),
                Failure::Transport(_) => "transport".to_owned(),
                Failure::Status(answer) => answer.status.to_string(),
            },
            "retrying",
        );
        tokio::time::sleep(delay).await;
        attempt += 1;
    }
}

async fn attempt_once(
    inner: &Inner,
    prepared: &Prepared,
    timeout: Duration,
) -> Result<Answer, reqwest::Error> {
    #[cfg(feature = "blocking")]
    let blocking_http = super::blocking::blocking_http();
    #[cfg(feature = "blocking")]
    let http = blocking_http.as_ref().unwrap_or(&inner.http);
    #[cfg(not(feature = "blocking"))]
    let http = &inner.http;
    let mut builder = http
        .request(prepared.method.clone(), prepared.url.clone())
        .headers(prepared.headers.clone())
        .timeout(timeout);
    if let Some(body) = &prepared.body {
        builder = builder.body(body.clone());
    }
    let mut response = builder.send().await?;
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
    };
    let content_type = header(CONTENT_TYPE).map(str::to_owned);
    let retry_after = header(RETRY_AFTER).and_then(parse_retry_after);
    let location = response
        .status()
        .is_redirection()
        .then(|| header(LOCATION).map(str::to_owned))
        .flatten();
    let status = response.status().as_u16();
    // An error body is only kept for the error, so it needs no more than the error keeps.
    let limit = if response.status().is_success() {
        inner.max_response_bytes
    } else {
        KEPT_BODY_BYTES
    };
    // Moved, not copied: the plain path pays nothing for `send_with_response`.
    let headers = std::mem::take(response.headers_mut());
    let (body, over_limit) = read_body(response, limit).await?;
    Ok(Answer {
        status,
        headers,
        content_type,
        retry_after,
        location,
        body,
        over_limit: over_limit.then_some(limit),
    })
}

/// Reads `response`'s body chunk by chunk, stopping as soon as it is longer than `limit` (or
/// says so in its `Content-Length`): a huge or endless body never takes more memory than
/// `limit`. Returns the body and whether it was over the limit; the body is then cut to the
/// first `KEPT_BODY_BYTES`, what an error keeps.
async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let limit_bytes = u64::try_from(limit).unwrap_or(u64::MAX);
    let announced = response.content_length();
    let announced_over = announced.is_some_and(|length| length > limit_bytes);
    // Over the limit by its own account: only the start that an error keeps is read.
    let read_limit = if announced_over {
        limit.min(KEPT_BODY_BYTES)
    } else {
        limit
    };
    // Sized from the announced length when it is within the limit, so a body is copied once.
    let capacity = announced
        .and_then(|length| usize::try_from(length).ok())
        .map_or(0, |length| length.min(read_limit));
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await? {
        if chunk.len() > read_limit - body.len() {
            let kept = KEPT_BODY_BYTES.saturating_sub(body.len()).min(chunk.len());
            body.extend_from_slice(&chunk[..kept]);
            body.truncate(KEPT_BODY_BYTES);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, announced_over))
}

/// The error for the last failed attempt: an API error when an error status came with a JSON
/// error body, a decode error for any other body.
fn into_error(failure: Failure, attempts: u32) -> Error {
    match failure {
        Failure::Transport(source) => {
            Error::Transport(Box::new(TransportError::new(source, attempts)))
        }
        Failure::Status(answer) if (300..400).contains(&answer.status) => {
            Error::Redirect(Box::new(RedirectError {
                status: answer.status,
                location: answer.location,
                attempts,
            }))
        }
        Failure::Status(answer) => {
            if let Some(limit) = answer.over_limit {
                return answer.too_large_error(limit, attempts);
            }
            match serde_json::from_slice::<crate::api::ErrorBody>(&answer.body) {
                Ok(body) => Error::Api(Box::new(ApiError::new(
                    answer.status,
                    body,
                    &answer.body,
                    answer.retry_after,
                    attempts,
                ))),
                Err(source) => answer.decode_error(source, attempts),
            }
        }
    }
}

/// Records the result on the request's span: attempts, status, request_id, duration. Never a
/// header or body: they may hold credentials or personal data.
#[cfg(feature = "tracing")]
fn trace_outcome(span: &tracing::Span, result: &Result<Exchange, Error>, elapsed: Duration) {
    span.record("duration_ms", elapsed.as_millis() as u64);
    match result {
        Ok(Exchange { answer, attempts }) => {
            span.record("attempts", attempts);
            span.record("status", answer.status);
            if !span.is_disabled() {
                #[derive(serde::Deserialize)]
                struct RequestId {
                    request_id: Option<String>,
                }
                if let Ok(RequestId {
                    request_id: Some(id),
                }) = serde_json::from_slice(&answer.body)
                {
                    span.record("request_id", id.as_str());
                }
            }
        }
        Err(error) => {
            span.record("attempts", error.attempts());
            if let Some(status) = error.status() {
                span.record("status", status);
            }
            if let Some(request_id) = error.request_id() {
                span.record("request_id", request_id);
            }
            span.in_scope(|| tracing::warn!(error = %error, "request failed"));
        }
    }
}
