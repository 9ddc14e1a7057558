//! The `blocking` feature: `send_blocking()` from synchronous code, from `spawn_blocking`, and
//! (discouraged, but without a panic) from async code; `pages_blocking()` and `items_blocking()`.

use std::future::IntoFuture;
use std::thread;

use stytch_b2b::{Authorization, Error};
use tokio::runtime::Runtime;

use super::pagination::{member_page, paging_server};
use super::{
    MEMBER_ID, ORGANIZATION_ID, SESSION_TOKEN, client_for, get_member_response_json,
    server_answering,
};

/// A runtime for the mock server only; the client under test runs its own.
fn server_runtime() -> Runtime {
    Runtime::new().expect("a runtime for the mock server")
}

#[test]
fn send_blocking_works_from_synchronous_code() {
    let runtime = server_runtime();
    let server = runtime.block_on(server_answering(200, &get_member_response_json()));
    let client = client_for(&server);
    // A plain thread, as synchronous code would call it; twice, to reuse the client's runtime.
    let answers = thread::spawn(move || {
        (0..2)
            .map(|_| {
                client
                    .organizations()
                    .members()
                    .dangerously_get(MEMBER_ID)
                    .send_blocking()
            })
            .collect::<Vec<_>>()
    })
    .join()
    .expect("the blocking calls do not panic");
    for answer in answers {
        assert_eq!(
            answer.expect("the blocking call succeeds").member.member_id,
            MEMBER_ID
        );
    }
    let received = runtime
        .block_on(server.received_requests())
        .expect("requests are recorded");
    assert_eq!(received.len(), 2);
}

#[test]
fn send_blocking_reports_api_errors_like_send() {
    let runtime = server_runtime();
    let body = serde_json::json!({"status_code": 404, "error_type": "member_not_found"});
    let server = runtime.block_on(server_answering(404, &body));
    let client = client_for(&server);
    let error = thread::spawn(move || {
        client
            .organizations()
            .members()
            .delete(ORGANIZATION_ID, MEMBER_ID)
            .authorization(Authorization::SessionToken(SESSION_TOKEN.to_owned()))
            .send_blocking()
            .expect_err("a 404 is an error")
    })
    .join()
    .expect("the blocking call does not panic");
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.error_type(), Some("member_not_found"));
}

#[tokio::test]
async fn send_blocking_works_inside_spawn_blocking_and_does_not_panic_in_async_code() {
    let server = server_answering(200, &get_member_response_json()).await;
    let client = client_for(&server);
    let in_pool = client.clone();
    let answer = tokio::task::spawn_blocking(move || {
        in_pool
            .organizations()
            .members()
            .dangerously_get(MEMBER_ID)
            .send_blocking()
    })
    .await
    .expect("the blocking task does not panic");
    assert_eq!(
        answer.expect("the call succeeds").member.member_id,
        MEMBER_ID
    );
    // Discouraged (it blocks this thread), but it must work rather than panic.
    let answer = client
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .send_blocking();
    assert_eq!(
        answer.expect("the call succeeds").member.member_id,
        MEMBER_ID
    );
    assert_eq!(
        server
            .received_requests()
            .await
            .map(|requests| requests.len()),
        Some(2)
    );
}

#[tokio::test]
async fn a_client_used_for_blocking_calls_can_be_dropped_in_async_code() {
    let server = server_answering(200, &get_member_response_json()).await;
    let client = client_for(&server);
    let used = client.clone();
    tokio::task::spawn_blocking(move || {
        used.organizations()
            .members()
            .dangerously_get(MEMBER_ID)
            .send_blocking()
    })
    .await
    .expect("the blocking task does not panic")
    .expect("the blocking call succeeds");
    // The last clone, and with it the blocking runtime, goes away inside this async test.
    drop(client);
}

/// A client whose attempts give up after 5 seconds, never retried: a blocking call that waits on
/// a connection nobody drives fails (as a timeout) instead of hanging for the default 30 s.
fn impatient_client(server: &wiremock::MockServer) -> stytch_b2b::Client {
    stytch_b2b::Client::builder(super::PROJECT_ID, super::SECRET)
        .base_url(server.uri())
        .allow_http(true)
        .timeout(std::time::Duration::from_secs(5))
        .retry_policy(stytch_b2b::RetryPolicy::never())
        .build()
        .expect("the client builds")
}

/// One async call, then a blocking one on the same thread: the first leaves a keep-alive
/// connection in the async pool, owned by the caller's runtime, which the blocking call must
/// not use (that runtime is not driven while the thread blocks).
async fn await_then_block(client: &stytch_b2b::Client) {
    client
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect("the async call succeeds");
    let answer = client
        .organizations()
        .members()
        .unlink_retired_email(ORGANIZATION_ID, MEMBER_ID)
        .send_blocking();
    let error = answer.expect_err("the fixture is a member response, not an unlink response");
    assert!(
        matches!(error, stytch_b2b::Error::Decode(_)),
        "the blocking POST was answered: {error:?}"
    );
}

#[tokio::test]
async fn a_blocking_call_after_an_await_on_a_current_thread_runtime_does_not_stall() {
    let server = server_answering(200, &get_member_response_json()).await;
    await_then_block(&impatient_client(&server)).await;
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_blocking_call_after_an_await_on_a_one_worker_runtime_does_not_stall() {
    let server = server_answering(200, &get_member_response_json()).await;
    let client = impatient_client(&server);
    // In a task, so both calls run on the one worker thread, which then blocks.
    tokio::spawn(async move { await_then_block(&client).await })
        .await
        .expect("the task does not panic");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
}

#[test]
fn a_blocking_call_after_block_on_of_a_kept_runtime_does_not_stall() {
    let server_runtime = server_runtime();
    let server = server_runtime.block_on(server_answering(200, &get_member_response_json()));
    let client = impatient_client(&server);
    // Synchronous code that keeps a runtime of its own for some async calls.
    let kept = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    kept.block_on(
        client
            .organizations()
            .members()
            .dangerously_get(MEMBER_ID)
            .into_future(),
    )
    .expect("the async call succeeds");
    let answer = client
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .send_blocking();
    assert_eq!(
        answer.expect("the blocking call succeeds").member.member_id,
        MEMBER_ID
    );
    // And back: the async pool still works after the blocking call.
    kept.block_on(
        client
            .organizations()
            .members()
            .dangerously_get(MEMBER_ID)
            .into_future(),
    )
    .expect("the async call succeeds again");
    let received = server_runtime
        .block_on(server.received_requests())
        .map(|requests| requests.len());
    assert_eq!(received, Some(3));
}

#[test]
fn items_blocking_follows_the_cursor_from_synchronous_code() {
    let runtime = server_runtime();
    let server = runtime.block_on(paging_server(vec![
        (None, 200, member_page(&["m1", "m2"], Some("c1"))),
        (Some("c1"), 200, member_page(&["m3"], None)),
    ]));
    let client = client_for(&server);
    let ids = thread::spawn(move || {
        client
            .organizations()
            .members()
            .search(vec![ORGANIZATION_ID.to_owned()])
            .limit(2)
            .items_blocking()
            .map(|member| member.map(|member| member.member_id))
            .collect::<Result<Vec<_>, Error>>()
    })
    .join()
    .expect("the blocking iteration does not panic")
    .expect("every page decodes");
    assert_eq!(ids, ["m1", "m2", "m3"]);
    let received = runtime
        .block_on(server.received_requests())
        .expect("requests are recorded");
    assert_eq!(received.len(), 2, "one request per page");
}

#[test]
fn pages_blocking_ends_with_the_error_of_a_repeated_cursor() {
    let runtime = server_runtime();
    let server = runtime.block_on(paging_server(vec![
        (None, 200, member_page(&["m1"], Some("c1"))),
        (Some("c1"), 200, member_page(&["m2"], Some("c1"))),
    ]));
    let client = client_for(&server);
    let results = thread::spawn(move || {
        client
            .organizations()
            .members()
            .search(vec![ORGANIZATION_ID.to_owned()])
            .pages_blocking()
            .collect::<Vec<_>>()
    })
    .join()
    .expect("the blocking iteration does not panic");
    assert_eq!(results.len(), 3, "two pages, then the error, then the end");
    let pages: Vec<usize> = results[..2]
        .iter()
        .map(|page| page.as_ref().expect("a page").members.len())
        .collect();
    assert_eq!(pages, [1, 1], "whole pages, every field kept");
    assert!(matches!(results[2], Err(Error::Pagination(_))));
}
