//! Client configuration: base URLs, redaction of credentials, input refused before sending,
//! user agent and timeout.

use std::time::{Duration, Instant};

use stytch_b2b::{Authorization, Client, Error, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{
    ENDPOINTS, Endpoint, IDS, MEMBER_ID, ORGANIZATION_ID, PROJECT_ID, SECRET, SESSION_JWT,
    SESSION_TOKEN, client_for, header, request_count, server_answering, single_request,
};

const LIVE_PROJECT_ID: &str = "project-live-0c5d8e2f-7a1b-4c3d-9e6f-2a4b6c8d0e1f";

fn expect_config_error(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::Config(message)) => message,
        Err(other) => panic!("expected Error::Config, got {other:?}"),
        Ok(client) => panic!("expected Error::Config, got {client:?}"),
    }
}

#[test]
fn a_live_project_id_selects_the_live_environment() {
    let client = Client::new(LIVE_PROJECT_ID, SECRET).expect("the client builds");
    assert_eq!(client.base_url(), "https://api.stytch.com");
}

#[test]
fn any_other_project_id_selects_the_test_environment() {
    for project_id in [
        PROJECT_ID,
        "project-live",
        "Project-live-0c5d8e2f",
        "my-project-live-0c5d8e2f",
        "",
    ] {
        let client = Client::new(project_id, SECRET).expect("the client builds");
        assert_eq!(
            client.base_url(),
            "https://test.stytch.com",
            "{project_id:?}"
        );
    }
}

#[test]
fn a_custom_https_base_url_is_used_without_its_trailing_slash() {
    let client = Client::builder(LIVE_PROJECT_ID, SECRET)
        .base_url("https://stytch-proxy.example.com/stytch/")
        .build()
        .expect("an https base URL is accepted");
    assert_eq!(client.base_url(), "https://stytch-proxy.example.com/stytch");
}

#[test]
fn a_plain_http_base_url_needs_allow_http() {
    for builder in [
        Client::builder(PROJECT_ID, SECRET).base_url("http://127.0.0.1:8080"),
        Client::builder(PROJECT_ID, SECRET)
            .base_url("http://127.0.0.1:8080")
            .allow_http(false),
    ] {
        let message = expect_config_error(builder.build());
        assert!(message.contains("allow_http"), "{message}");
    }
}

#[test]
fn a_base_url_that_is_not_a_plain_http_or_https_url_is_refused() {
    for url in [
        "not a url",
        "ftp://stytch.example.com",
        "https://stytch.example.com/?region=eu",
        "https://stytch.example.com/#fragment",
        "https://user@stytch.example.com",
    ] {
        let result = Client::builder(PROJECT_ID, SECRET).base_url(url).build();
        let message = expect_config_error(result);
        assert!(message.contains("base URL"), "{url}: {message}");
    }
}

/// Credentials in the base URL would compete with the project's Basic auth: refused, even
/// when the user name is empty.
#[test]
fn a_base_url_with_only_a_password_is_refused() {
    let result = Client::builder(PROJECT_ID, SECRET)
        .base_url("https://:hunter2-base-url-password@stytch.example.com")
        .build();
    expect_config_error(result);
}

/// The error for a base URL with credentials must not copy the password into a message that
/// ends up in logs.
#[test]
fn a_base_url_error_does_not_show_the_password() {
    let result = Client::builder(PROJECT_ID, SECRET)
        .base_url("https://user:hunter2-base-url-password@stytch.example.com")
        .build();
    let message = expect_config_error(result);
    assert!(
        !message.contains("hunter2-base-url-password"),
        "the error shows the password: {message}"
    );
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept_before_the_endpoint_path() {
    for prefix in ["/proxy", "/proxy/"] {
        let endpoint = Endpoint::DeleteMember;
        let server = server_answering(200, &endpoint.success_body()).await;
        let client = Client::builder(PROJECT_ID, SECRET)
            .base_url(format!("{}{prefix}", server.uri()))
            .allow_http(true)
            .build()
            .expect("the client builds");
        endpoint
            .call(&client, IDS, None)
            .await
            .expect("the call succeeds");

        let request = single_request(&server).await;
        assert_eq!(
            request.url.path(),
            format!("/proxy{}", endpoint.path(IDS)),
            "base URL ending in {prefix:?}"
        );
    }
}

#[test]
fn debug_output_never_shows_the_secret_or_a_session_credential() {
    let builder = Client::builder(PROJECT_ID, SECRET)
        .base_url("https://stytch-proxy.example.com")
        .user_agent("my-service/1.2");
    let shown = format!("{builder:?}");
    assert!(!shown.contains(SECRET), "{shown}");

    let client = builder.build().expect("the client builds");
    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains(SECRET), "{shown}");

    let token = Authorization::SessionToken(SESSION_TOKEN.to_owned());
    let jwt = Authorization::SessionJwt(SESSION_JWT.to_owned());
    let shown = format!("{token:?} {jwt:?} {token:#?}");
    assert!(!shown.contains(SESSION_TOKEN), "{shown}");
    assert!(!shown.contains(SESSION_JWT), "{shown}");
    assert!(
        shown.contains("SessionToken") && shown.contains("SessionJwt"),
        "{shown}"
    );

    let members = client.organizations().members();
    let request = members
        .delete(ORGANIZATION_ID, MEMBER_ID)
        .authorization(token);
    let shown = format!("{request:?}");
    assert!(!shown.contains(SESSION_TOKEN), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[tokio::test]
async fn a_session_token_with_a_line_break_is_refused_before_sending() {
    let injected = format!("{SESSION_TOKEN}\r\nX-Injected: 1");
    for endpoint in ENDPOINTS.into_iter().filter(|e| e.takes_authorization()) {
        for authorization in [
            Authorization::SessionToken(injected.clone()),
            Authorization::SessionJwt(injected.clone()),
        ] {
            let server = server_answering(200, &endpoint.success_body()).await;
            let result = endpoint
                .call(&client_for(&server), IDS, Some(authorization))
                .await;

            let Err(Error::InvalidRequest(message)) = result else {
                panic!("{endpoint:?}: expected Error::InvalidRequest, got {result:?}");
            };
            assert!(!message.contains(SESSION_TOKEN), "{message}");
            assert!(!message.contains("X-Injected"), "{message}");
            assert!(message.contains("X-Stytch-Member-Session"), "{message}");
            assert_eq!(request_count(&server).await, 0, "{endpoint:?}");
        }
    }
}

#[tokio::test]
async fn an_empty_path_parameter_is_refused_before_sending() {
    for endpoint in ENDPOINTS {
        for &parameter in endpoint.path_parameters() {
            let server = server_answering(200, &endpoint.success_body()).await;
            let result = endpoint
                .call(&client_for(&server), IDS.with(parameter, ""), None)
                .await;

            let Err(Error::InvalidRequest(message)) = result else {
                panic!(
                    "{endpoint:?} with empty {parameter}: expected Error::InvalidRequest, got {result:?}"
                );
            };
            assert!(message.contains(parameter), "{message}");
            assert_eq!(request_count(&server).await, 0, "{endpoint:?}");
        }
    }
}

#[tokio::test]
async fn the_default_user_agent_names_the_crate_and_version() {
    let server = server_answering(200, &Endpoint::DeleteMember.success_body()).await;
    Endpoint::DeleteMember
        .call(&client_for(&server), IDS, None)
        .await
        .expect("the call succeeds");
    let request = single_request(&server).await;
    // The client's version is the one the generator wrote into its manifest from `spec/api.yaml`.
    let manifest =
        std::fs::read_to_string(crate::generator::workspace_root().join("generated/Cargo.toml"))
            .expect("generated/Cargo.toml is readable");
    let version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("generated/Cargo.toml has a version line");
    assert_eq!(
        header(&request, "user-agent"),
        Some(format!("stytch-b2b-rust/{version}").as_str())
    );
}

#[tokio::test]
async fn a_custom_user_agent_replaces_the_default() {
    let server = server_answering(200, &Endpoint::DeleteMember.success_body()).await;
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.uri())
        .allow_http(true)
        .user_agent("my-service/1.2 (+https://example.com)")
        .build()
        .expect("the client builds");
    Endpoint::DeleteMember
        .call(&client, IDS, None)
        .await
        .expect("the call succeeds");
    let request = single_request(&server).await;
    assert_eq!(
        header(&request, "user-agent"),
        Some("my-service/1.2 (+https://example.com)")
    );
}

#[test]
fn a_user_agent_with_a_line_break_is_a_config_error() {
    let result = Client::builder(PROJECT_ID, SECRET)
        .user_agent("my-service/1.2\r\nX-Injected: 1")
        .build();
    let message = expect_config_error(result);
    assert!(message.contains("user agent"), "{message}");
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_a_transport_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(Endpoint::DeleteMember.success_body())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.uri())
        .allow_http(true)
        .timeout(Duration::from_millis(200))
        // A timed-out DELETE would be retried; this test is about the timeout alone.
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("the client builds");

    let started = Instant::now();
    let result = Endpoint::DeleteMember.call(&client, IDS, None).await;
    let elapsed = started.elapsed();

    let Err(Error::Transport(error)) = &result else {
        panic!("expected Error::Transport, got {result:?}");
    };
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.attempts, 1);
    assert!(
        error.to_string().starts_with("the request timed out: "),
        "{error}"
    );
    assert!(
        elapsed < Duration::from_secs(3),
        "the timeout did not cut the request short: {elapsed:?}"
    );
    assert_eq!(request_count(&server).await, 1);
}
