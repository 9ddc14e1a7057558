//! The hand-written runtime that the generated code (in `src/api`) calls: the client and its
//! configuration, sending with retries, authentication and errors. Nothing here is derived from
//! `spec/`; what the runtime needs to know about the API it receives from the generated code as
//! [`ApiInfo`].

#[cfg(feature = "blocking")]
mod blocking;
mod client;
pub(crate) mod double_option;
mod error;
mod paginate;
mod request;
mod retry;
mod send;

pub(crate) use client::ApiInfo;
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, BodyProblem, DecodeError, Error, RedirectError, TransportError};
pub use paginate::Pages;
pub(crate) use paginate::{items, paginate};
pub(crate) use request::{BoxFuture, Request, RequestOptions, push_path_segment};
pub use retry::RetryPolicy;
