//! A typed async client for the Stytch B2B API: Organizations and their Members, Member
//! Sessions, every way Members log in (discovery, magic links, OAuth, SSO over SAML and OIDC,
//! passwords, one-time passcodes, TOTP and recovery codes), RBAC, impersonation and SCIM
//! provisioning.
//!
//! The API surface (the [`types`], the resources such as [`sessions`], [`organizations`] and
//! [`sso`], [`Authorization`]) is generated from the YAML in `spec/` by `cargo xtask generate`;
//! the client, its configuration and the [`Error`] type are a small hand-written runtime.
//!
//! # Quickstart
//!
//! ```no_run
//! use stytch_b2b::types::{AuthorizationCheck, SessionCredential};
//! use stytch_b2b::{Authorization, Client};
//!
//! # async fn run() -> Result<(), stytch_b2b::Error> {
//! // A project ID starting with `project-live-` talks to the live environment, any other to test.
//! let client = Client::new("project-test-00000000-0000-0000-0000-000000000000", "secret-test-…")?;
//!
//! // On each request to your backend: authenticate the Member's session (the token your login
//! // flow stored in a cookie) and check that the Member may read documents. A session that is
//! // expired or revoked, or a Member without the permission, is an `Error::Api`.
//! let session = client
//!     .sessions()
//!     .authenticate(SessionCredential::SessionToken(
//!         "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q".to_owned(),
//!     ))
//!     .authorization_check(AuthorizationCheck::new(
//!         "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
//!         "documents",
//!         "read",
//!     ))
//!     .await?;
//! println!(
//!     "{} is logged in to {} until {}",
//!     session.member.email_address, session.organization.organization_name,
//!     session.member_session.expires_at,
//! );
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
//! // Every active Member of the Organization, page after page: the cursor is followed for you.
//! use stytch_b2b::stream::TryStreamExt;
//! use stytch_b2b::types::{MemberSearchOperand, MemberSearchQuery, MemberStatus, SearchOperator};
//! let mut members = client
//!     .organizations()
//!     .members()
//!     .search(["organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931"])
//!     .query(MemberSearchQuery::new(
//!         SearchOperator::And,
//!         vec![MemberSearchOperand::Statuses(vec![MemberStatus::Active])],
//!     ))
//!     .items();
//! while let Some(member) = members.try_next().await? {
//!     println!("{}", member.email_address);
//! }
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
//! # Requests, futures and streams
//!
//! A resource's method (`client.organizations().members().delete(…)`) returns a request builder
//! named after its endpoint (`organizations::members::OrganizationsMembersDelete`): set optional
//! parameters on it, then `.await` it. Builders, the futures they become ([`ResponseFuture`]) and
//! the page streams ([`Pages`], [`Items`]) own a clone of the [`Client`] (a reference count): they
//! are `Send + 'static`, so they can be spawned, stored in a struct, or sent to another task.
//! Nothing is sent until a future or stream is first polled.
//!
//! ```no_run
//! # async fn run(client: stytch_b2b::Client) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! use std::future::IntoFuture;
//!
//! let task = tokio::spawn(client.organizations().get("organization-test-…").into_future());
//! let organization = task.await??.organization;
//!
//! // The decoded response with the answer's status and headers.
//! let (response, meta) = client
//!     .organizations()
//!     .members()
//!     .dangerously_get("member-test-…")
//!     .send_with_response()
//!     .await?;
//! println!("{} ({}, {:?})", response.member.member_id, meta.status(), meta.header("date"));
//! # let _ = organization;
//! # Ok(()) }
//! ```
//!
//! Searches that return a cursor have `pages()` ([`Pages`]: each page whole, with every field of
//! the response) and `items()` ([`Items`]: the items of every page, one by one); both follow the
//! cursor, and both end with [`Error::Pagination`] if the API repeats a cursor.
//!
//! # Retries and timeouts
//!
//! Each attempt may take at most 30 seconds ([`ClientBuilder::timeout`]; connecting at most 10,
//! [`ClientBuilder::connect_timeout`]). Failed attempts are retried by the client's
//! [`RetryPolicy`]: by default up to 3 attempts in at most 30 seconds, waiting 250 ms, then 500 ms,
//! … up to 4 s between them, with jitter, or as long as a `Retry-After` header asks (up to 20 s; a
//! longer wait ends the retries, and [`Error::retry_after`] gives it). The policy's
//! [`max_elapsed`](RetryPolicy::max_elapsed) bounds the whole call: each attempt's timeout is cut
//! to what is left of it.
//!
//! Only what is safe is retried. A connection that could not be made, and a `429` answer (the
//! request was not processed), are retried for every request. A timeout, a dropped connection, or
//! a `502`, `503` or `504` answer is retried only for idempotent requests (`GET`, `PUT`, and the
//! `DELETE`s and other endpoints the spec marks idempotent): a `POST` that may have been processed
//! is not sent again. A request the HTTP stack could not build, and a TLS failure, are never
//! retried, and [`Error::is_retryable`] says so.
//!
//! Which `DELETE`s are retried after an ambiguous failure (a timeout, a lost connection, a `502`,
//! `503` or `504`, when the first attempt may have been processed):
//!
//! - Retried: deleting an Organization, a Member, a Member's password, an SSO connection, a SAML
//!   connection's verification certificate or encryption private key, or a SCIM connection. Each
//!   is named by an ID that is never reused, so a retry cannot delete anything else. But if the
//!   first attempt did delete it, the retry answers `organization_not_found`, `member_not_found`
//!   or another not-found error: when such an error comes with [`Error::attempts`] above 1, the
//!   deletion may have happened.
//! - Not retried: deleting an Organization's or a Member's external ID, a Member's MFA phone
//!   number or TOTP registration. Each deletes the *current* value, and replacing one means
//!   deleting it and then setting a new one, which a late retry would delete.
//!
//! Every request can override both settings:
//!
//! ```no_run
//! use std::time::Duration;
//! use stytch_b2b::{Client, RetryPolicy};
//!
//! # async fn run() -> Result<(), stytch_b2b::Error> {
//! let client = Client::builder("project-test-…", "secret-test-…")
//!     .timeout(Duration::from_secs(10))
//!     .retry_policy(RetryPolicy::default().max_attempts(5))
//!     .build()?;
//! let response = client
//!     .organizations()
//!     .members()
//!     .dangerously_get("member-test-…")
//!     .timeout(Duration::from_secs(2))
//!     .retry_policy(RetryPolicy::never())
//!     .await?;
//! # let _ = response;
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! Every call returns [`Error`], whose `Display` says what happened (never the secret or a session
//! credential):
//!
//! - [`Error::Api`]: the API answered with an error status and a JSON error body. [`ApiError`]
//!   keeps the HTTP status, the `request_id`, the `error_type`, `error_message` and `error_url`,
//!   and the raw body ([`ApiError::raw_body`]).
//! - [`Error::Decode`]: a body that is not what was expected. [`DecodeError::problem`] says whether
//!   it was empty, not JSON (an HTML page from a proxy), cut short, JSON of another shape, or
//!   longer than the client reads; the status, content type, where the JSON stopped decoding and
//!   the raw body (up to 64 KiB, [`DecodeError::raw_body`]) are kept.
//! - [`Error::Transport`]: no answer: the connection failed or the request timed out.
//! - [`Error::Redirect`]: the API answered with a redirect, which is not followed; its status
//!   and `Location` are kept.
//! - [`Error::InvalidRequest`]: refused before sending, e.g. a session token with a line break
//!   (which would inject a header), an empty path parameter, or a URL longer than HTTP allows.
//! - [`Error::Config`]: the client could not be built, e.g. a base URL that is not `https`.
//!
//! [`Error::status`], [`Error::request_id`], [`Error::error_type`], [`Error::is_retryable`],
//! [`Error::retry_after`] and [`Error::attempts`] answer the usual questions without a `match`:
//!
//! ```no_run
//! # async fn run(client: stytch_b2b::Client) {
//! match client.organizations().members().dangerously_get("member-test-…").await {
//!     Ok(response) => println!("found {}", response.member.member_id),
//!     Err(error) if error.error_type() == Some("member_not_found") => println!("no such member"),
//!     Err(error) => eprintln!("{error} (request_id: {:?})", error.request_id()),
//! }
//! # }
//! ```
//!
//! # Security
//!
//! The client is meant to be handed secrets and a hostile network.
//!
//! - **Nothing secret is shown.** The `Debug` of the client and its builder shows `<redacted>`
//!   for the secret; the Basic `Authorization` value and the member session headers are marked
//!   sensitive for the HTTP stack. No error's `Display` or `Debug`, nor its `source()` chain, nor a
//!   trace, shows any part of a response body: bodies may hold session tokens, JWTs or OAuth
//!   tokens. Of JSON that does not decode, errors keep serde's description without the value it
//!   quotes (the kind of value, the expected type, line and column). The raw body is kept behind
//!   [`ApiError::raw_body`] and [`DecodeError::raw_body`] (their `Debug` shows its length only):
//!   log it knowingly. An [`ApiError`] shows the API's `error_type`, `error_message`,
//!   `request_id` and `error_url`. Long texts in errors (IDs, URLs) are cut in the middle, so no
//!   error message is longer than about 1 KiB.
//! - **Reads are bounded.** A success body is read chunk by chunk up to
//!   [`ClientBuilder::max_response_bytes`] (16 MiB by default), an error body up to 64 KiB; a
//!   longer one (by its `Content-Length`, or as it arrives) is not read further and fails with
//!   [`BodyProblem::TooLarge`]. A server cannot make the client hold more than the limit.
//! - **Redirects are not followed.** An API does not move, and a redirect could take the member
//!   session headers to another host: a `3xx` is [`Error::Redirect`]. (A `reqwest::Client` given
//!   with [`ClientBuilder::http_client`] keeps its own redirect policy.)
//! - **`https` only.** A base URL must be `https`, unless [`ClientBuilder::allow_http`] is set for
//!   a local test server; it must not carry credentials of its own (`user:password@`), and the
//!   configuration error does not repeat them.
//! - **Requests are checked before they leave.** Header values with line breaks (header
//!   injection), path parameters that would address another route (empty, `.`, `..`; every other
//!   character is percent-encoded), URLs longer than HTTP allows and free-form JSON fields
//!   (`trusted_metadata`, …) holding something other than an object are refused as
//!   [`Error::InvalidRequest`], with nothing sent. Every request but a `GET` carries a JSON body
//!   (`{}` when it has no fields), as the official SDKs send it.
//!
//! # Features
//!
//! Every resource of the API is a feature, named like its module: `organizations` (and the
//! members under it), `sessions`, `magic_links`, `oauth`, `sso`, `scim`, `passwords`, `otps`,
//! `totps`, `recovery_codes`, `discovery`, `rbac`, `impersonation` and `idp`. All are on by
//! default (the feature `full`). A service that calls only some of them compiles only those: turn
//! default features off and name the resources, e.g. `default-features = false, features =
//! ["sessions"]` for `client.sessions()`. A type comes with any resource that uses it, so the
//! types of the responses and bodies you name are always there; types only other resources use
//! are not compiled, which saves most of the crate's build time.
//!
//! - `blocking`: for synchronous code, `send_blocking()` on every request, and
//!   `pages_blocking()` and `items_blocking()` (`BlockingPages` and `BlockingItems`: iterators)
//!   on every search that pages. They run on a runtime and connection pool of the client's own,
//!   started on first use.
//! - `tracing`: a [`tracing`](https://docs.rs/tracing) span per request, `stytch_b2b.request`,
//!   with the method, the operation (e.g. `organizations.members.delete`), the status, the
//!   `request_id`, the number of attempts and the duration; an event per retry and per failure.
//!   Headers and bodies are never recorded.
//!
//! # Building the types
//!
//! Every struct in [`types`] is `#[non_exhaustive]`, so the API can add fields without breaking
//! your code. Read their fields (they are public); build them this way:
//!
//! - **Types you send** (search queries and their operands, the objects request setters take)
//!   have `new` with their required fields, and a setter per optional field (`clear_<field>` too
//!   for a field that can be sent as `null`). Setters take what request setters take:
//!
//!   ```
//!   use stytch_b2b::types::{AuthorizationCheck, MemberSearchOperand, MemberSearchQuery};
//!   use stytch_b2b::types::{MemberStatus, SearchOperator};
//!
//!   let check = AuthorizationCheck::new("organization-test-…", "documents", "read");
//!   let query = MemberSearchQuery::new(
//!       SearchOperator::And,
//!       vec![MemberSearchOperand::Statuses(vec!["active".parse()?])],
//!   );
//!   # assert_eq!(check.action, "read");
//!   # assert_eq!(query.operands, [MemberSearchOperand::Statuses(vec![MemberStatus::Active])]);
//!   # Ok::<(), std::convert::Infallible>(())
//!   ```
//!
//! - **Responses** are built by the client. To build one yourself (a test's fake answer), decode
//!   its JSON with [`serde_json::from_value`] (re-exported as [`serde_json`]): that keeps
//!   compiling when the API adds a field, and fields with a default (lists, flags) may be left
//!   out.
//!
//!   ```
//!   use stytch_b2b::serde_json::{self, json};
//!   use stytch_b2b::types::{Member, MemberStatus};
//!
//!   let member: Member = serde_json::from_value(json!({
//!       "organization_id": "organization-test-…",
//!       "member_id": "member-test-…",
//!       "email_address": "ada@example.com",
//!       "status": "active",
//!       "name": "Ada Lovelace",
//!   }))?;
//!   assert_eq!(member.status, MemberStatus::Active);
//!   assert!(member.roles.is_empty());
//!   # Ok::<(), serde_json::Error>(())
//!   ```
//!
//! - **Enums** are open: a value this version of the client does not know arrives as `Unknown`,
//!   holding an [`UnknownValue`], and is sent back unchanged. Make one from its wire value with
//!   `parse` (never fails) or `From<&str>`: a known value always gives its own variant
//!   (`"active".parse::<MemberStatus>()` is `Ok(MemberStatus::Active)`), and only an unknown one
//!   gives `Unknown`, which you cannot build yourself. `as_str()`, `AsRef<str>` and `Display`
//!   give the wire value. A tagged union's unknown tag arrives as `Other`, holding an
//!   [`UnknownVariant`] (its tag and JSON content); to send one, decode its JSON.
//!
//! # Semver policy
//!
//! This crate is generated from a spec whose `version` key is the crate's version. With every
//! regeneration the generator compares the public API with the previous one (`api.manifest`,
//! next to `Cargo.toml`: one line per method, setter, type, field, enum value and union variant),
//! says which version each change needs, and lists the changes in `CHANGELOG.md`. While the
//! version is 0.x:
//!
//! - **Breaking** changes need the next minor version (0.1.3 → 0.2.0). They are those that can
//!   stop your code compiling or make it read something else: a method, setter, type, field,
//!   enum value or union variant removed or renamed; a required argument added, removed, retyped
//!   or moved to another place; a field's type changed, including a response field that became
//!   optional (`T` → `Option<T>`, so code reading it breaks) or required; an optional request
//!   parameter that became required (a setter becomes an argument); a new required field in a
//!   type you build, such as `MemberSearchQuery` (its `new` takes another argument), or one of
//!   its optional fields made required or the other way round; a type you build that is no longer
//!   sent in requests (its `new` and setters go); a new variant of [`Authorization`], an
//!   exhaustive enum; a known enum value sent as another string; a resource's feature removed.
//! - **Additive** changes need the next patch version (0.1.3 → 0.1.4): a new endpoint, resource
//!   (and its feature) or type; a new optional request parameter (a setter); a new optional field in a type you
//!   build (a new setter; `new` is unchanged); a new field of any kind in a response type (every
//!   struct is `#[non_exhaustive]`); a new value of an open enum or a new variant of a tagged
//!   union (both are `#[non_exhaustive]`). Additions are patch releases under 0.x because Cargo
//!   treats 0.1.3 → 0.1.4 as compatible: `cargo update` brings them without splitting the
//!   dependency graph, as a new minor version would.
//! - **Documentation** changes, and a required argument renamed in place (arguments are
//!   positional, so calls still compile), need no new version; they ship with the next one.
//!
//! From 1.0 on, breaking changes need the next major version and additive ones the next minor.
//!
//! What the policy does not cover, because no type system could: a value that arrived as
//! `Unknown` or `Other` arrives as its own variant once a version knows it (match the known
//! variants, and treat `Unknown` as "anything else", never as a particular value); a test
//! that decodes a response from JSON needs a field the API made required and gave no default;
//! and, with default features off, a type is there because a resource you turned on uses it, so
//! a change that stops the last of those resources using it (a response that no longer holds
//! it) takes it away: the manifest lists the features, not which of them each type needs.

// With only some resources on, parts of the runtime (pagination, form bodies, the JSON object
// checks), the types' shared helpers and the example calls' arguments may have no user left;
// that is expected, not a bug.
#![cfg_attr(
    not(feature = "full"),
    allow(dead_code, unused_imports, unused_variables)
)]

#[rustfmt::skip]
mod api;
mod runtime;

pub use api::*;
#[cfg(feature = "blocking")]
pub use runtime::{BlockingItems, BlockingPages};
pub use runtime::{Items, Pages, ResponseFuture, ResponseMeta, ResponseWithMetaFuture};

/// The stream traits to consume [`Pages`] and [`Items`] with (re-exported from `futures-util`).
pub mod stream {
    pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};
}
/// `reqwest`, whose `Client` [`ClientBuilder::http_client`] takes, re-exported so you can build one
/// with the version this crate uses.
pub use reqwest;
/// The header types of [`ResponseMeta::headers`]: the `http` crate's, as `reqwest` re-exports
/// them (`HeaderMap`, `HeaderName`, `HeaderValue`, and constants such as `RETRY_AFTER`).
pub use reqwest::header;
pub use runtime::{
    ApiError, BodyProblem, Client, ClientBuilder, DecodeError, Error, RedirectError, RetryPolicy,
    TransportError, UnknownValue, UnknownVariant,
};
/// `serde_json`, whose `Value` and `Map` appear in this crate's types and methods (free-form JSON
/// fields, the content of unknown union variants), re-exported so your code uses the same version.
pub use serde_json;
