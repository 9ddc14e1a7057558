//! The hand-written runtime that the generated code (in `src/api`) calls: the client and its
//! configuration, sending with retries, authentication and errors. Nothing here is derived from
//! `spec/`; what the runtime needs to know about the API it receives from the generated code as
//! [`ApiInfo`].

// Which of the helpers below the generated code calls depends on the spec: one without
// pagination never pages, one without bodies sends no JSON. A client generated from any spec
// compiles without warnings, so what a spec leaves unused is allowed.

#[cfg(feature = "blocking")]
mod blocking;
mod client;
#[allow(dead_code)]
pub(crate) mod double_option;
mod error;
#[allow(dead_code)]
pub(crate) mod json_object;
#[allow(dead_code)]
mod paginate;
#[allow(dead_code)]
mod request;
mod response;
mod retry;
mod send;
#[allow(dead_code)]
mod unknown;

pub(crate) use client::ApiInfo;
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, BodyProblem, DecodeError, Error, RedirectError, TransportError};
#[cfg(feature = "blocking")]
pub use paginate::{BlockingItems, BlockingPages};
pub use paginate::{Items, Pages};
#[allow(unused_imports)]
pub(crate) use request::{Request, RequestOptions, push_path_segment};
pub(crate) use response::Prepare;
pub use response::{ResponseFuture, ResponseMeta, ResponseWithMetaFuture};
pub use retry::RetryPolicy;
pub use unknown::{UnknownValue, UnknownVariant};
