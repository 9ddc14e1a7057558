//! The hand-written runtime that the generated code (in `src/api`) calls: the client and its
//! configuration, HTTP plumbing, authentication and errors. Nothing here is derived from `spec/`;
//! what the runtime needs to know about the API it receives from the generated code as [`ApiInfo`].

mod client;
pub(crate) mod double_option;
mod error;
mod request;

pub(crate) use client::ApiInfo;
pub use client::{Client, ClientBuilder};
pub use error::{ApiError, DecodeError, Error};
pub(crate) use request::{BoxFuture, Request, push_path_segment};
