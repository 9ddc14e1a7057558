//! Credentials the API returns (`sensitive: true` in the spec) never show in `Debug`: responses
//! with planted tokens are decoded through the client, and neither `{:?}` nor `{:#?}` of them
//! contains a token, while the tokens stay readable as plain fields.

use std::fmt::Debug;

use serde_json::{Value, json};

use super::{MEMBER_ID, ORGANIZATION_ID, REQUEST_ID, client_for, server_answering};

/// Planted credentials: distinct, so a leak names the field it came from.
const ACCESS_TOKEN: &str = "planted-access-token-ya29.Zq8xLmVw3";
const REFRESH_TOKEN: &str = "planted-refresh-token-1//04dXq7";
const ID_TOKEN: &str = "planted-id-token-eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln";
const BOT_ACCESS_TOKEN: &str = "planted-bot-access-token-xoxb-7302";

const SECRETS: [&str; 4] = [ACCESS_TOKEN, REFRESH_TOKEN, ID_TOKEN, BOT_ACCESS_TOKEN];

/// Fails if `value`'s `{:?}` or `{:#?}` holds a planted secret, or does not show `<redacted>`.
fn assert_redacted(value: &impl Debug) {
    for text in [format!("{value:?}"), format!("{value:#?}")] {
        for secret in SECRETS {
            assert!(!text.contains(secret), "`{secret}` leaked into:\n{text}");
        }
        // A fragment long enough to be the start of any of them, in case a value is cut short.
        assert!(
            !text.contains("planted-"),
            "a planted secret leaked into:\n{text}"
        );
        assert!(text.contains("<redacted>"), "no placeholder in:\n{text}");
    }
}

fn provider_fields(provider_type: &str) -> Value {
    json!({
        "request_id": REQUEST_ID,
        "provider_type": provider_type,
        "status_code": 200,
    })
}

/// `base` with the entries of `extra` added.
fn with(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(base), Value::Object(extra)) = (&mut base, extra) {
        base.extend(extra);
    }
    base
}

#[tokio::test]
async fn google_tokens_are_redacted_but_readable() {
    let body = with(
        provider_fields("Google"),
        json!({
            "provider_subject": "108339209871623789510",
            "id_token": ID_TOKEN,
            "scopes": ["openid", "email"],
            "access_token": ACCESS_TOKEN,
            "access_token_expires_in": 3599,
            "refresh_token": REFRESH_TOKEN,
        }),
    );
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .oauth_providers()
        .google(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("the response decodes");
    assert_redacted(&response);
    assert_eq!(response.id_token, ID_TOKEN);
    assert_eq!(response.access_token.as_deref(), Some(ACCESS_TOKEN));
    assert_eq!(response.refresh_token.as_deref(), Some(REFRESH_TOKEN));

    // What is not secret still shows, and an optional secret says whether it is set.
    let text = format!("{response:?}");
    assert!(text.contains("108339209871623789510"), "{text}");
    assert!(
        text.contains("access_token_expires_in: Some(3599)"),
        "{text}"
    );
    assert!(text.contains("id_token: <redacted>"), "{text}");
    assert!(text.contains("refresh_token: Some(<redacted>)"), "{text}");
}

#[tokio::test]
async fn an_absent_optional_token_shows_as_none() {
    let body = with(
        provider_fields("Google"),
        json!({
            "provider_subject": "108339209871623789510",
            "id_token": ID_TOKEN,
            "scopes": [],
        }),
    );
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .oauth_providers()
        .google(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("the response decodes");
    assert_redacted(&response);
    let text = format!("{response:?}");
    assert!(text.contains("access_token: None"), "{text}");
    assert!(text.contains("refresh_token: None"), "{text}");
}

#[tokio::test]
async fn microsoft_tokens_are_redacted() {
    let body = with(
        provider_fields("Microsoft"),
        json!({
            "provider_subject": "kP9xR2mQ7vLw4nT8yB3cF6hJ1sD5gA0eZuWi2oX7qYk",
            "access_token": ACCESS_TOKEN,
            "access_token_expires_in": 4385,
            "id_token": ID_TOKEN,
            "scopes": ["openid"],
            "refresh_token": REFRESH_TOKEN,
        }),
    );
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .oauth_providers()
        .microsoft(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("the response decodes");
    assert_redacted(&response);
    assert_eq!(response.access_token, ACCESS_TOKEN);
}

#[tokio::test]
async fn slack_user_and_bot_tokens_are_redacted() {
    let body = with(
        provider_fields("Slack"),
        json!({
            "registrations": [{
                "provider_subject": "U04QX7K2M9B",
                "provider_tenant_id": "T0123ABCDEF",
                "access_token": ACCESS_TOKEN,
                "scopes": ["openid"],
                "bot_access_token": BOT_ACCESS_TOKEN,
                "bot_scopes": ["chat:write"],
            }],
        }),
    );
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .oauth_providers()
        .slack(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("the response decodes");
    assert_redacted(&response);
    assert_eq!(response.registrations[0].bot_access_token, BOT_ACCESS_TOKEN);
}

#[tokio::test]
async fn hubspot_and_github_tokens_are_redacted() {
    let hubspot = with(
        provider_fields("HubSpot"),
        json!({
            "registrations": [{
                "provider_subject": "52719463",
                "provider_tenant_id": "24681357",
                "access_token": ACCESS_TOKEN,
                "access_token_expires_in": 1800,
                "scopes": ["oauth"],
                "refresh_token": REFRESH_TOKEN,
            }],
        }),
    );
    let server = server_answering(200, &hubspot).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .oauth_providers()
        .hubspot(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("the HubSpot response decodes");
    assert_redacted(&response);

    let github = with(
        provider_fields("Github"),
        json!({
            "registrations": [{
                "provider_subject": "1815042",
                "provider_tenant_ids": ["example-org"],
                "access_token": ACCESS_TOKEN,
                "scopes": ["read:user"],
            }],
        }),
    );
    let server = server_answering(200, &github).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .oauth_providers()
        .github(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("the GitHub response decodes");
    assert_redacted(&response);
}

#[tokio::test]
async fn oidc_tokens_are_redacted() {
    let body = json!({
        "request_id": REQUEST_ID,
        "registrations": [{
            "provider_subject": "Zr4Lq8Wn2Xv6Tb0Ym3Kc7Hs1Jf5Dp9Ge",
            "id_token": ID_TOKEN,
            "access_token": ACCESS_TOKEN,
            "access_token_expires_in": 3599,
            "scopes": ["openid"],
            "connection_id": "oidc-connection-test-2b7f4c8e-1d3a-4e6b-9c5f-0a8d7e6b5c41",
            "refresh_token": REFRESH_TOKEN,
        }],
        "status_code": 200,
    });
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .oidc_providers(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("the response decodes");
    assert_redacted(&response);
    assert_eq!(response.registrations[0].id_token, ID_TOKEN);
}

#[tokio::test]
async fn a_redacted_response_still_serializes_its_tokens() {
    // Redaction is for `Debug` only: the value is plain data for the code that needs it.
    let body = with(
        provider_fields("Github"),
        json!({
            "registrations": [{
                "provider_subject": "1815042",
                "provider_tenant_ids": [],
                "access_token": ACCESS_TOKEN,
                "scopes": [],
            }],
        }),
    );
    let server = server_answering(200, &body).await;
    let response = client_for(&server)
        .organizations()
        .members()
        .oauth_providers()
        .github(ORGANIZATION_ID, MEMBER_ID)
        .await
        .expect("the response decodes");
    let round_trip = serde_json::to_value(&response).expect("a response serializes");
    assert_eq!(round_trip, body);
}
