//! What awaiting a request gives: [`ResponseFuture`] (the decoded value) and
//! [`ResponseWithMetaFuture`] (the value and the answer's [`ResponseMeta`]).
//!
//! Both wrap one boxed future that is not generic: sending, retrying and reading the answer is
//! compiled once, in this crate. Only decoding the body is generic, in `poll`, so the serde code
//! of a response type is compiled where a request of it is awaited, not for every endpoint here.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::Error;
use super::request::Request;
use super::send::Answer;

/// A successful answer read in full, and how many attempts it took.
pub(crate) struct Exchange {
    pub(super) answer: Answer,
    pub(super) attempts: u32,
}

/// Sending a request and reading its answer: the part of every request that does not depend on
/// its response type.
type Pending = Pin<Box<dyn Future<Output = Result<Exchange, Error>> + Send>>;

/// Starts `request` on `client` (lazily: nothing is sent until the future is polled). A request
/// that could not be built (`Err`) fails when awaited, having sent nothing.
fn pending(client: Client, request: Result<Request, Error>) -> Pending {
    match request {
        Ok(request) => Box::pin(async move { client.exchange(request).await }),
        Err(error) => Box::pin(std::future::ready(Err(error))),
    }
}

/// What a request builder hands to the runtime: its client, and the request it describes (or
/// why it cannot be sent, e.g. an empty path parameter or a body that does not serialize).
pub(crate) trait Prepare {
    /// The client that sends the request.
    fn client(&self) -> &Client;
    /// The request the builder describes, or why it cannot be sent.
    fn request(self) -> Result<Request, Error>;
}

/// The client and the request of `builder`.
fn prepare(builder: impl Prepare) -> (Client, Result<Request, Error>) {
    let client = builder.client().clone();
    (client, builder.request())
}

/// The future of a request: `.await` it for the decoded response, or an [`Error`].
///
/// Every request builder converts into one (`IntoFuture`), and its `send()` returns one. It owns
/// what it needs (`Send + 'static`), so it can be spawned: `tokio::spawn(request.into_future())`.
/// Nothing is sent until it is first polled; dropping it cancels the request.
#[must_use = "a request does nothing until it is awaited"]
pub struct ResponseFuture<T> {
    pending: Pending,
    decoded: PhantomData<fn() -> T>,
}

impl<T> ResponseFuture<T> {
    /// The future of `builder`'s request.
    pub(crate) fn new(builder: impl Prepare) -> Self {
        let (client, request) = prepare(builder);
        Self {
            pending: pending(client, request),
            decoded: PhantomData,
        }
    }

    /// The same request, answering with its [`ResponseMeta`] too.
    pub(crate) fn with_meta(self) -> ResponseWithMetaFuture<T> {
        ResponseWithMetaFuture {
            pending: self.pending,
            decoded: PhantomData,
        }
    }
}

impl<T: DeserializeOwned> Future for ResponseFuture<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let exchange = ready!(self.pending.as_mut().poll(cx))?;
        Poll::Ready(exchange.answer.decode(exchange.attempts))
    }
}

impl<T> fmt::Debug for ResponseFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

/// The future of `send_with_response()`: the decoded response and its [`ResponseMeta`] (status
/// and headers), or an [`Error`]. Like [`ResponseFuture`], it is `Send + 'static`.
#[must_use = "a request does nothing until it is awaited"]
pub struct ResponseWithMetaFuture<T> {
    pending: Pending,
    decoded: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Future for ResponseWithMetaFuture<T> {
    type Output = Result<(T, ResponseMeta), Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Exchange {
            mut answer,
            attempts,
        } = ready!(self.pending.as_mut().poll(cx))?;
        let value = answer.decode(attempts)?;
        Poll::Ready(Ok((
            value,
            ResponseMeta {
                status: answer.status,
                headers: std::mem::take(&mut answer.headers),
                attempts,
            },
        )))
    }
}

impl<T> fmt::Debug for ResponseWithMetaFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseWithMetaFuture")
            .finish_non_exhaustive()
    }
}

/// The status and headers of a successful answer, from `send_with_response()`.
///
/// Stytch puts the `request_id` of a request in every response body (the `request_id` field of
/// each response type); the headers hold what the HTTP stack and any proxy on the way added.
#[derive(Clone)]
pub struct ResponseMeta {
    status: u16,
    headers: HeaderMap,
    attempts: u32,
}

impl ResponseMeta {
    /// The HTTP status, e.g. `200`.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header of the answer (the `http` crate's map, re-exported as
    /// [`header::HeaderMap`](crate::header::HeaderMap)).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The value of the header `name` (case-insensitive), when it is present and visible ASCII.
    /// When the header is repeated, the first value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// How many attempts the request took (1 when it succeeded at once; more after retries).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// Shows the status, the attempts and the header names; header values may hold anything a
/// proxy added (cookies, tokens), so they are not shown.
impl fmt::Debug for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("ResponseMeta")
            .field("status", &self.status)
            .field("headers", &names)
            .field("attempts", &self.attempts)
            .finish()
    }
}

#[cfg(feature = "blocking")]
impl<T: DeserializeOwned + Send> ResponseFuture<T> {
    /// Runs the request to completion on the client's blocking runtime.
    pub(crate) fn wait(builder: impl Prepare) -> Result<T, Error> {
        let (client, request) = prepare(builder);
        let future = Self {
            pending: pending(client.clone(), request),
            decoded: PhantomData,
        };
        client.block_on(future)
    }
}
