//! Bounded reads: a body longer than the client's limit is refused as it arrives, without the
//! client ever holding it. The bodies come from [`EndlessServer`], which makes up a 512 MiB body
//! on the fly and counts what it managed to write, so the tests see how far the client read.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use stytch_b2b::{BodyProblem, Client, Error, RetryPolicy};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

use super::resilience::read_request;
use super::{MEMBER_ID, PROJECT_ID, SECRET, get_member_response_json, server_answering};

/// What [`EndlessServer`] offers to send: 512 MiB.
const OFFERED_BYTES: u64 = 512 * 1024 * 1024;
/// The default limit of the client: 16 MiB.
const DEFAULT_LIMIT: u64 = 16 * 1024 * 1024;
/// What loopback socket buffers may hold beyond what the client read, generously.
const BUFFERED_SLACK: u64 = 32 * 1024 * 1024;

/// A loopback server answering one request with a status and a 512 MiB JSON body made up as it
/// is written (never held in memory), announced by `Content-Length` or sent chunked.
struct EndlessServer {
    base_url: String,
    /// Body bytes written so far; the writes stop when the client hangs up.
    written: Arc<AtomicU64>,
    done: tokio::task::JoinHandle<()>,
}

impl EndlessServer {
    async fn start(status: &'static str, announce_length: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port can be bound");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let written = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&written);
        let done = tokio::spawn(async move {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            read_request(&mut stream).await;
            let framing = if announce_length {
                format!("Content-Length: {OFFERED_BYTES}")
            } else {
                "Transfer-Encoding: chunked".to_owned()
            };
            let head =
                format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n");
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let opening = br#"{"padding":""#;
            let mut piece = vec![b'x'; 64 * 1024];
            piece[..opening.len()].copy_from_slice(opening);
            let mut sent = 0;
            while sent < OFFERED_BYTES {
                let write = if announce_length {
                    stream.write_all(&piece).await
                } else {
                    let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
                    chunk.extend_from_slice(&piece);
                    chunk.extend_from_slice(b"\r\n");
                    stream.write_all(&chunk).await
                };
                if write.is_err() {
                    return;
                }
                sent += piece.len() as u64;
                counter.store(sent, Ordering::SeqCst);
                piece[..opening.len()].fill(b'x');
            }
        });
        Self {
            base_url: format!("http://{address}"),
            written,
            done,
        }
    }

    /// The body bytes written, once the server has stopped writing.
    async fn written(self) -> u64 {
        self.done.await.expect("the server task does not panic");
        self.written.load(Ordering::SeqCst)
    }
}

fn client(base_url: &str) -> Client {
    Client::builder(PROJECT_ID, SECRET)
        .base_url(base_url)
        .allow_http(true)
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("the client builds")
}

fn expect_too_large(result: Result<impl std::fmt::Debug, Error>, status: u16) -> String {
    let error = result.expect_err("the body is over the limit");
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(decode.problem, BodyProblem::TooLarge, "{error}");
    assert_eq!(decode.status, status);
    assert!(
        decode.raw_body().len() <= 64 * 1024,
        "at most 64 KiB is kept"
    );
    assert!(
        decode.raw_body().starts_with(r#"{"padding":"#),
        "the start is kept"
    );
    error.to_string()
}

#[tokio::test]
async fn a_512_mib_body_without_a_length_is_refused_once_past_the_limit() {
    let server = EndlessServer::start("200 OK", false).await;
    let result = client(&server.base_url)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await;
    let shown = expect_too_large(result, 200);
    assert_eq!(
        shown,
        format!(
            "the API answered 200 OK with a body longer than the {DEFAULT_LIMIT} bytes this client reads"
        )
    );
    let written = server.written().await;
    assert!(
        (DEFAULT_LIMIT..DEFAULT_LIMIT + BUFFERED_SLACK).contains(&written),
        "the client stopped reading near its limit: {written} bytes written"
    );
}

#[tokio::test]
async fn a_512_mib_content_length_is_refused_before_the_body_is_read() {
    let server = EndlessServer::start("200 OK", true).await;
    let result = client(&server.base_url)
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await;
    expect_too_large(result, 200);
    let written = server.written().await;
    assert!(
        written < BUFFERED_SLACK,
        "only the start of the body was read: {written} bytes written"
    );
}

#[tokio::test]
async fn an_error_body_is_read_up_to_64_kib_only() {
    for announce_length in [true, false] {
        let server = EndlessServer::start("500 Internal Server Error", announce_length).await;
        let result = client(&server.base_url)
            .organizations()
            .members()
            .dangerously_get(MEMBER_ID)
            .await;
        let shown = expect_too_large(result, 500);
        assert!(shown.contains("longer than the 65536 bytes"), "{shown}");
        let written = server.written().await;
        assert!(
            written < BUFFERED_SLACK,
            "announced: {announce_length}: {written} bytes written"
        );
    }
}

#[tokio::test]
async fn the_limit_is_set_on_the_builder_and_a_body_at_the_limit_is_read() {
    let body = get_member_response_json();
    let length = body.to_string().len();
    let server = server_answering(200, &body).await;
    let at_limit = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.uri())
        .allow_http(true)
        .max_response_bytes(length)
        .build()
        .expect("the client builds");
    at_limit
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect("a body of exactly the limit is read");

    let below = Client::builder(PROJECT_ID, SECRET)
        .base_url(server.uri())
        .allow_http(true)
        .max_response_bytes(length - 1)
        .build()
        .expect("the client builds");
    let error = below
        .organizations()
        .members()
        .dangerously_get(MEMBER_ID)
        .await
        .expect_err("one byte over the limit");
    assert!(
        matches!(&error, Error::Decode(decode) if decode.problem == BodyProblem::TooLarge),
        "{error:?}"
    );
}
