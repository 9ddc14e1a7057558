//! The consumer crate's `requests` module (a user's code, through the public API only) against a
//! local server: requests spawned on tasks, page streams kept in structs and drained later, and
//! `send_with_response`.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use consumer::requests::{
    MemberExport, MembersPerOrganization, export_in_background, member_with_meta,
    organization_names,
};

use super::{
    MEMBER_ID, ORGANIZATION_ID, REQUEST_ID, client_without_retries, get_member_response_json,
    member_json, organization_json,
};

/// An Organization response with this ID and name.
fn organization_response(organization_id: &str, name: &str) -> Value {
    let mut organization = organization_json();
    organization["organization_id"] = json!(organization_id);
    organization["organization_name"] = json!(name);
    json!({ "request_id": REQUEST_ID, "organization": organization, "status_code": 200 })
}

/// A page of a member search: one Member per email address (all of `ORGANIZATION_ID`), and the
/// next cursor.
fn member_page(emails: &[&str], next_cursor: Option<&str>) -> Value {
    let members: Vec<Value> = emails
        .iter()
        .map(|email| {
            let mut member = member_json();
            member["email_address"] = json!(email);
            member["organization_id"] = json!(ORGANIZATION_ID);
            member
        })
        .collect();
    let mut organization = organization_json();
    organization["organization_name"] = json!("Acme");
    json!({
        "request_id": REQUEST_ID,
        "members": members,
        "results_metadata": { "total": 3, "next_cursor": next_cursor },
        "organizations": { ORGANIZATION_ID: organization },
        "status_code": 200,
    })
}

/// The `cursor` of a search request's body.
fn cursor_of(request: &Request) -> Option<String> {
    let body: Value = serde_json::from_slice(&request.body).ok()?;
    body.get("cursor")?.as_str().map(str::to_owned)
}

/// A server answering a member search in two pages: `ada@…` and `grace@…`, then `edsger@…`.
async fn two_page_server() -> MockServer {
    let server = MockServer::start().await;
    let pages = [
        (
            None,
            member_page(&["ada@example.com", "grace@example.com"], Some("c1")),
        ),
        (Some("c1"), member_page(&["edsger@example.com"], None)),
    ];
    for (cursor, body) in pages {
        Mock::given(method("POST"))
            .and(path("/v1/b2b/organizations/members/search"))
            .and(move |request: &Request| cursor_of(request).as_deref() == cursor)
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    server
}

async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("requests are recorded")
}

#[tokio::test]
async fn requests_spawned_on_tasks_answer_in_the_callers_order() {
    let server = MockServer::start().await;
    for (id, name) in [
        ("organization-test-a", "Acme"),
        ("organization-test-b", "Globex"),
    ] {
        Mock::given(method("GET"))
            .and(path(format!("/v1/b2b/organizations/{id}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(organization_response(id, name)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client_without_retries(&server);
    let names = organization_names(&client, &["organization-test-a", "organization-test-b"])
        .await
        .expect("both spawned requests succeed");
    assert_eq!(names, ["Acme", "Globex"]);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_spawned_request_that_fails_returns_its_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "status_code": 404,
            "request_id": REQUEST_ID,
            "error_type": "organization_not_found",
            "error_message": "Organization could not be found.",
            "error_url": "https://stytch.com/docs/api/errors/404",
        })))
        .mount(&server)
        .await;
    let client = client_without_retries(&server);
    let error = organization_names(&client, &["organization-test-gone"])
        .await
        .expect_err("the request fails");
    let error = error
        .downcast::<stytch_b2b::Error>()
        .expect("the client's error, not a task's");
    assert_eq!(error.error_type(), Some("organization_not_found"));
}

#[tokio::test]
async fn a_stream_kept_in_a_struct_sends_nothing_until_drained_on_another_task() {
    let server = two_page_server().await;
    let client = client_without_retries(&server);
    let export = MemberExport::start(&client, ORGANIZATION_ID, 2);
    drop(client);
    assert!(
        received(&server).await.is_empty(),
        "starting an export sends nothing"
    );

    let emails = export_in_background(export)
        .await
        .expect("both pages decode");
    assert_eq!(
        emails,
        ["ada@example.com", "grace@example.com", "edsger@example.com"]
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for (request, cursor) in requests.iter().zip([None, Some("c1")]) {
        let body: Value = serde_json::from_slice(&request.body).expect("a JSON body");
        assert_eq!(body["cursor"].as_str(), cursor);
        assert_eq!(body["limit"], 2, "the page size is kept on every page");
        assert_eq!(body["organization_ids"], json!([ORGANIZATION_ID]));
    }
}

#[tokio::test]
async fn whole_pages_from_a_stored_stream_keep_their_other_fields() {
    let server = two_page_server().await;
    let client = client_without_retries(&server);
    let counts = MembersPerOrganization::start(&client, ORGANIZATION_ID)
        .count()
        .await
        .expect("both pages decode");
    assert_eq!(
        counts.into_iter().collect::<Vec<_>>(),
        [("Acme".to_owned(), 3)]
    );
}

#[tokio::test]
async fn send_with_response_gives_the_status_headers_and_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/v1/b2b/organizations/members/dangerously_get/{MEMBER_ID}"
        )))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-RateLimit-Remaining", "99")
                .set_body_json(get_member_response_json()),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client_without_retries(&server);
    let member = member_with_meta(&client, MEMBER_ID)
        .await
        .expect("the member decodes");
    assert_eq!(
        member.email_address,
        member_json()["email_address"].as_str().expect("a string")
    );
    assert_eq!(member.status, 200);
    assert_eq!(member.rate_limit_remaining, Some(99));
    assert_eq!(member.attempts, 1);
}
