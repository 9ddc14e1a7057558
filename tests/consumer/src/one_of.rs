//! Requests that take exactly one of several fields: the caller picks the variant of the
//! group's enum, builds it from outside the crate, and may match on one it got back.

use stytch_b2b::types::{AttestSessionCredential, RevokeSessionTarget, SessionCredential};
use stytch_b2b::{Client, Error};

/// Where a backend finds the caller's session: a cookie with the opaque token, or a header with
/// the JWT.
pub enum SessionSource<'a> {
    /// The `session_token` cookie.
    Cookie(&'a str),
    /// The `Authorization: Bearer` JWT.
    Bearer(&'a str),
}

/// The Member ID of a valid session, from whichever credential the caller sent.
pub async fn member_of(client: &Client, source: SessionSource<'_>) -> Result<String, Error> {
    let credential = match source {
        SessionSource::Cookie(token) => SessionCredential::SessionToken(token.to_owned()),
        SessionSource::Bearer(jwt) => SessionCredential::SessionJwt(jwt.to_owned()),
    };
    let session = client.sessions().authenticate(credential).await?;
    Ok(session.member_session.member_id)
}

/// Logs a Member out everywhere.
pub async fn log_out_everywhere(client: &Client, member_id: &str) -> Result<(), Error> {
    client
        .sessions()
        .revoke(RevokeSessionTarget::MemberId(member_id.to_owned()))
        .await?;
    Ok(())
}

/// Whether a credential is a JWT; the enum is non-exhaustive, so a match needs a last arm.
pub fn is_jwt(credential: &AttestSessionCredential) -> bool {
    match credential {
        AttestSessionCredential::SessionJwt(_) => true,
        AttestSessionCredential::SessionToken(_) => false,
        _ => false,
    }
}
