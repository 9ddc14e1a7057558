//! A typed async client for the Stytch B2B API: Organizations and their Members.
//!
//! The API surface (the [`types`], the resources under [`organizations`], [`Authorization`]) is
//! generated from the YAML in `spec/` by `cargo xtask generate`; the client, its configuration
//! and the [`Error`] type are a small hand-written runtime.
//!
//! # Quickstart
//!
//! ```no_run
//! use stytch_b2b::{Authorization, Client};
//!
//! # async fn run() -> Result<(), stytch_b2b::Error> {
//! // A project ID starting with `project-live-` talks to the live environment, any other to test.
//! let client = Client::new("project-test-00000000-0000-0000-0000-000000000000", "secret-test-…")?;
//!
//! let member = client
//!     .organizations()
//!     .members()
//!     .dangerously_get("member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f")
//!     .include_deleted(true)
//!     .await?
//!     .member;
//! println!("{} is {}", member.email_address, member.status);
//!
//! // Act on behalf of a Member: Stytch checks that Member's permissions.
//! client
//!     .organizations()
//!     .members()
//!     .delete("organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931", &member.member_id)
//!     .authorization(Authorization::SessionToken("mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q".into()))
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! Every call returns [`Error`]. An error answer from the API is [`Error::Api`], which keeps the
//! HTTP status, the `request_id`, the `error_type`, `error_message` and `error_url`, and the raw
//! body; a body that is not the expected JSON is [`Error::Decode`] with the status and raw body.
//!
//! ```no_run
//! # async fn run(client: stytch_b2b::Client) {
//! match client.organizations().members().dangerously_get("member-test-…").await {
//!     Ok(response) => println!("found {}", response.member.member_id),
//!     Err(error) if error.error_type() == Some("member_not_found") => println!("no such member"),
//!     Err(error) => eprintln!("{error}"),
//! }
//! # }
//! ```

#[rustfmt::skip]
mod api;
mod runtime;

pub use api::*;
pub use runtime::{ApiError, Client, ClientBuilder, DecodeError, Error};
