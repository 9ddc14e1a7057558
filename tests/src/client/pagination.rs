//! Following cursors: `pages()` and `items()` of the two searches, against a server that answers
//! page by page, one that repeats a cursor, and one that fails midway.

use serde_json::{Value, json};
use stytch_b2b::Error;
use stytch_b2b::stream::{StreamExt, TryStreamExt};
use stytch_b2b::types::{MemberSearchOperand, MemberSearchQuery, MemberStatus, SearchOperator};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::{ORGANIZATION_ID, client_without_retries, member_json, organization_json};

/// The cursor a search request carries, if any.
fn cursor_of(request: &Request) -> Option<String> {
    let body: Value = serde_json::from_slice(&request.body).ok()?;
    body.get("cursor")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// A page of a member search: members with these IDs, and the next cursor.
pub(super) fn member_page(member_ids: &[&str], next_cursor: Option<&str>) -> Value {
    let members: Vec<Value> = member_ids
        .iter()
        .map(|id| {
            let mut member = member_json();
            member["member_id"] = json!(id);
            member
        })
        .collect();
    json!({
        "request_id": "request-id-test-page",
        "members": members,
        "results_metadata": { "total": 5, "next_cursor": next_cursor },
        "organizations": { ORGANIZATION_ID: organization_json() },
        "status_code": 200,
    })
}

/// A server answering a member search by its `cursor`: `None` is the first page.
pub(super) async fn paging_server(pages: Vec<(Option<&'static str>, u16, Value)>) -> MockServer {
    let server = MockServer::start().await;
    for (cursor, status, body) in pages {
        Mock::given(move |request: &Request| cursor_of(request).as_deref() == cursor)
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&server)
            .await;
    }
    server
}

fn query() -> MemberSearchQuery {
    MemberSearchQuery::new(
        SearchOperator::And,
        vec![MemberSearchOperand::Statuses(vec![MemberStatus::Active])],
    )
}

#[tokio::test]
async fn items_follow_the_cursor_across_three_pages_with_the_same_parameters() {
    let server = paging_server(vec![
        (None, 200, member_page(&["m1", "m2"], Some("c1"))),
        (Some("c1"), 200, member_page(&["m3", "m4"], Some("c2"))),
        (Some("c2"), 200, member_page(&["m5"], None)),
    ])
    .await;
    let client = client_without_retries(&server);
    let members: Vec<_> = client
        .organizations()
        .members()
        .search(vec![ORGANIZATION_ID.to_owned()])
        .limit(2)
        .query(query())
        .items()
        .try_collect()
        .await
        .expect("every page decodes");
    let ids: Vec<&str> = members
        .iter()
        .map(|member| member.member_id.as_str())
        .collect();
    assert_eq!(ids, ["m1", "m2", "m3", "m4", "m5"]);

    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(requests.len(), 3);
    for (request, cursor) in requests.iter().zip([None, Some("c1"), Some("c2")]) {
        let body: Value = serde_json::from_slice(&request.body).expect("a JSON body");
        assert_eq!(body["cursor"].as_str(), cursor);
        assert_eq!(
            body["limit"], 2,
            "the caller's page size is kept on every page"
        );
        assert_eq!(body["organization_ids"], json!([ORGANIZATION_ID]));
        assert_eq!(
            body["query"],
            json!({"operator": "AND", "operands": [{"filter_name": "statuses", "filter_value": ["active"]}]})
        );
    }
}

#[tokio::test]
async fn pages_stop_at_an_empty_cursor() {
    let server = paging_server(vec![
        (None, 200, member_page(&["m1"], Some("c1"))),
        (Some("c1"), 200, member_page(&["m2"], Some(""))),
    ])
    .await;
    let client = client_without_retries(&server);
    let pages: Vec<_> = client
        .organizations()
        .members()
        .search(vec![ORGANIZATION_ID.to_owned()])
        .pages()
        .try_collect()
        .await
        .expect("both pages decode");
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].results_metadata.next_cursor.as_deref(), Some(""));
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error_instead_of_looping() {
    let server = paging_server(vec![
        (None, 200, member_page(&["m1"], Some("c1"))),
        (Some("c1"), 200, member_page(&["m2"], Some("c1"))),
    ])
    .await;
    let client = client_without_retries(&server);
    let results: Vec<Result<_, Error>> = client
        .organizations()
        .members()
        .search(vec![ORGANIZATION_ID.to_owned()])
        .pages()
        .collect()
        .await;
    assert_eq!(results.len(), 3, "two pages, then the error, then the end");
    assert!(results[0].is_ok() && results[1].is_ok());
    let Err(error) = &results[2] else {
        panic!("the third item is an error: {:?}", results[2])
    };
    assert!(matches!(error, Error::Pagination(_)), "{error:?}");
    assert!(error.to_string().contains("`c1` a second time"), "{error}");
    assert_eq!(
        server
            .received_requests()
            .await
            .map(|requests| requests.len()),
        Some(2)
    );
}

#[tokio::test]
async fn an_error_midway_is_yielded_and_ends_the_stream() {
    let failure = json!({"status_code": 500, "error_type": "internal_server_error", "error_message": "Oops."});
    let server = paging_server(vec![
        (None, 200, member_page(&["m1"], Some("c1"))),
        (Some("c1"), 500, failure),
    ])
    .await;
    let client = client_without_retries(&server);
    let mut items = client
        .organizations()
        .members()
        .search(vec![ORGANIZATION_ID.to_owned()])
        .items();
    let first = items
        .try_next()
        .await
        .expect("the first page decodes")
        .expect("an item");
    assert_eq!(first.member_id, "m1");
    let error = items.try_next().await.expect_err("the second page fails");
    assert_eq!(error.status(), Some(500));
    assert!(items.next().await.is_none(), "nothing after the error");
}

#[tokio::test]
async fn organization_search_pages_follow_its_cursor_too() {
    let page = |ids: &[&str], next: Option<&str>| {
        let organizations: Vec<Value> = ids
            .iter()
            .map(|id| {
                let mut organization = organization_json();
                organization["organization_id"] = json!(id);
                organization
            })
            .collect();
        json!({
            "request_id": "request-id-test-page",
            "organizations": organizations,
            "results_metadata": { "total": 2, "next_cursor": next },
            "status_code": 200,
        })
    };
    let server = paging_server(vec![
        (None, 200, page(&["o1"], Some("c1"))),
        (Some("c1"), 200, page(&["o2"], None)),
    ])
    .await;
    let client = client_without_retries(&server);
    let ids: Vec<String> = client
        .organizations()
        .search()
        .items()
        .map_ok(|organization| organization.organization_id)
        .try_collect()
        .await
        .expect("both pages decode");
    assert_eq!(ids, ["o1", "o2"]);
}

/// What users keep in structs and hand to other tasks owns its client: no lifetime, `Send`,
/// `'static`, and `Unpin` (so `next()` needs no pinning).
#[test]
fn requests_futures_and_streams_are_owned_send_and_unpin() {
    fn owned<T: Send + Unpin + 'static>(_: &T) {}
    let client = stytch_b2b::Client::new("project-test-1", "secret-test-1").expect("a client");
    let search = || {
        client
            .organizations()
            .members()
            .search(vec![ORGANIZATION_ID.to_owned()])
    };
    owned(&search());
    owned(&search().pages());
    owned(&search().items());
    owned(&search().send());
    owned(&search().send_with_response());
    owned(&client.organizations());
    owned(&search().pages_blocking());
    owned(&search().items_blocking());
}
