//! Client-overhead benchmark: `dangerously_get` through the generated client against the same
//! request written by hand with reqwest and serde_json, on loopback.
//!
//! The server is a minimal HTTP/1.1 server on `tokio::net` (keep-alive, one thread of its own)
//! that answers every request with the same realistic `MemberResponse` body (the test fixtures'
//! full Member and Organization, about 7 KB). Both clients decode into the same generated
//! `stytch_b2b::types::MemberResponse`, so the comparison isolates what the client adds (request
//! building, path encoding, headers, retry bookkeeping, error mapping), not the shape of the
//! types. The generated client keeps its defaults (retry policy, 30 s timeout): retries only
//! happen after failures, and none happen here. The hand-written code gets the same timeouts,
//! as careful hand-written code would. Both run on one current-thread tokio runtime.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::ACCEPT;
use stytch_b2b::Client;
use stytch_b2b::types::MemberResponse;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use crate::Options;
use crate::stats::Summary;

const PROJECT_ID: &str = "project-test-00000000-0000-0000-0000-000000000000";
const SECRET: &str = "secret-test-bench";
const MEMBER_ID: &str = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
const PATH_PREFIX: &str = "/v1/b2b/organizations/members/dangerously_get/";
/// Calls made by each client before measuring: connections opened, code paths warm.
const WARM_UP_CALLS: usize = 200;
/// Each run alternates the two clients this many times.
const BLOCKS: usize = 10;
/// The goal: the generated client makes at least this share of the hand-written code's calls/s.
const GOAL: f64 = 0.95;

/// The response body: a `MemberResponse` made of the test fixtures.
fn response_body() -> Result<Vec<u8>, String> {
    let parse = |name: &str, text: &str| {
        serde_json::from_str::<serde_json::Value>(text)
            .map_err(|error| format!("fixture {name} is not JSON: {error}"))
    };
    let member = parse(
        "member.json",
        include_str!("../../tests/fixtures/responses/member.json"),
    )?;
    let organization = parse(
        "organization.json",
        include_str!("../../tests/fixtures/responses/organization.json"),
    )?;
    let body = serde_json::json!({
        "request_id": "request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141",
        "member_id": MEMBER_ID,
        "member": member,
        "organization": organization,
        "status_code": 200,
    });
    serde_json::to_vec(&body).map_err(|error| format!("cannot print the response body: {error}"))
}

/// Which client makes the calls.
#[derive(Clone)]
enum Caller {
    Generated(Client),
    HandWritten { http: reqwest::Client, base: String },
}

impl Caller {
    async fn call(&self) -> Result<MemberResponse, String> {
        match self {
            Self::Generated(client) => client
                .organizations()
                .members()
                .dangerously_get(MEMBER_ID)
                .await
                .map_err(|error| error.to_string()),
            Self::HandWritten { http, base } => hand_written_get(http, base, MEMBER_ID).await,
        }
    }
}

/// The hand-written request: what one would write without a client crate.
async fn hand_written_get(
    http: &reqwest::Client,
    base: &str,
    member_id: &str,
) -> Result<MemberResponse, String> {
    let response = http
        .get(format!("{base}{PATH_PREFIX}{member_id}"))
        .basic_auth(PROJECT_ID, Some(SECRET))
        .header(ACCEPT, "application/json")
        .send()
        .await
        .map_err(|error| error.to_string())?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()));
    }
    let body = response.bytes().await.map_err(|error| error.to_string())?;
    serde_json::from_slice(&body).map_err(|error| error.to_string())
}

/// Wall time and the client thread's CPU time of some calls.
#[derive(Debug, Clone, Copy, Default)]
struct Spent {
    wall: Duration,
    /// Zero where the kernel does not say (no `/proc/thread-self/schedstat`).
    cpu: Duration,
}

/// Makes `calls` calls with `concurrency` in flight, all on this thread (the runtime is a
/// current-thread one), and says what they cost.
async fn timed_calls(caller: &Caller, calls: usize, concurrency: usize) -> Result<Spent, String> {
    let cpu_before = thread_cpu();
    let started = Instant::now();
    if concurrency <= 1 {
        for _ in 0..calls {
            caller.call().await?;
        }
    } else {
        let mut tasks = JoinSet::new();
        for worker in 0..concurrency {
            let share = calls / concurrency + usize::from(worker < calls % concurrency);
            let caller = caller.clone();
            tasks.spawn(async move {
                for _ in 0..share {
                    caller.call().await?;
                }
                Ok::<(), String>(())
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.map_err(|error| format!("a client task failed: {error}"))??;
        }
    }
    let wall = started.elapsed();
    let cpu = match (cpu_before, thread_cpu()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => Duration::ZERO,
    };
    Ok(Spent { wall, cpu })
}

/// The CPU time (user and system) this thread has used so far.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// One run's figures for one client.
#[derive(Debug, Clone, Copy)]
struct Rate {
    calls_per_second: f64,
    /// Client CPU microseconds per call (0 when unknown).
    cpu_us: f64,
}

/// One run: `calls` calls through each caller, in alternating blocks so that drift (CPU
/// frequency, other load) affects both alike.
async fn measure(
    callers: &[Caller; 2],
    calls: usize,
    concurrency: usize,
) -> Result<[Rate; 2], String> {
    let mut spent = [Spent::default(); 2];
    for block in 0..BLOCKS {
        let share = calls / BLOCKS + usize::from(block < calls % BLOCKS);
        let order = if block % 2 == 0 { [0, 1] } else { [1, 0] };
        for index in order {
            let block = timed_calls(&callers[index], share, concurrency).await?;
            spent[index].wall += block.wall;
            spent[index].cpu += block.cpu;
        }
    }
    Ok(spent.map(|spent| Rate {
        calls_per_second: calls as f64 / spent.wall.as_secs_f64(),
        cpu_us: spent.cpu.as_secs_f64() * 1e6 / calls as f64,
    }))
}

/// Runs the client benchmark and prints its table.
pub fn run(options: &Options) -> Result<(), String> {
    let body = response_body()?;
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|error| format!("cannot listen on loopback: {error}"))?;
    let address = std_listener
        .local_addr()
        .map_err(|error| format!("cannot read the server's address: {error}"))?;
    std_listener
        .set_nonblocking(true)
        .map_err(|error| format!("cannot configure the server socket: {error}"))?;
    let response: Arc<[u8]> = http_response(&body).into();
    std::thread::Builder::new()
        .name("bench-server".to_owned())
        .spawn(move || serve(std_listener, response))
        .map_err(|error| format!("cannot start the server thread: {error}"))?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the tokio runtime: {error}"))?;
    runtime.block_on(run_clients(
        options,
        &format!("http://{address}"),
        body.len(),
    ))
}

async fn run_clients(options: &Options, base: &str, body_len: usize) -> Result<(), String> {
    let generated = Client::builder(PROJECT_ID, SECRET)
        .base_url(base)
        .allow_http(true)
        .build()
        .map_err(|error| format!("cannot build the generated client: {error}"))?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .map_err(|error| format!("cannot build the reqwest client: {error}"))?;
    let callers = [
        Caller::Generated(generated),
        Caller::HandWritten {
            http,
            base: base.to_owned(),
        },
    ];
    for caller in &callers {
        let response = caller.call().await?;
        if response.member.member_id != MEMBER_ID {
            return Err(format!(
                "the server answered member {}",
                response.member.member_id
            ));
        }
        for _ in 0..WARM_UP_CALLS {
            caller.call().await?;
        }
    }

    println!(
        "## Client overhead on loopback ({} calls per run, median [min–max] of {} runs)\n",
        options.calls, options.runs
    );
    println!(
        "`client.organizations().members().dangerously_get(id).await` against hand-written reqwest + \
         serde_json code making the same request (basic auth, `Accept: application/json`, same \
         timeouts), both decoding the {body_len}-byte body into the generated `MemberResponse`; \
         one current-thread runtime for the clients, the server on a thread of its own. The \
         generated client keeps its default retry policy (no failures, so no retries).\n"
    );
    println!(
        "| in flight | generated calls/s | hand-written calls/s | ratio | generated CPU µs/call | hand-written CPU µs/call | CPU ratio |"
    );
    println!("|--:|--:|--:|--:|--:|--:|--:|");
    let mut modes = vec![1];
    if options.concurrency > 1 {
        modes.push(options.concurrency);
    }
    let mut ratios_met = true;
    for concurrency in modes {
        let mut runs = Vec::new();
        for _ in 0..options.runs {
            runs.push(measure(&callers, options.calls, concurrency).await?);
        }
        let summary = |pick: &dyn Fn(&[Rate; 2]) -> f64| {
            Summary::of(&runs.iter().map(pick).collect::<Vec<_>>())
        };
        let ratio = summary(&|run| run[0].calls_per_second / run[1].calls_per_second);
        ratios_met &= ratio.median >= GOAL;
        let cpu_known = runs
            .iter()
            .all(|run| run[0].cpu_us > 0.0 && run[1].cpu_us > 0.0);
        let cpu = |cell: Summary, decimals| {
            if cpu_known {
                cell.cell(decimals)
            } else {
                "n/a".to_owned()
            }
        };
        println!(
            "| {concurrency} | {} | {} | {} | {} | {} | {} |",
            summary(&|run| run[0].calls_per_second).cell(0),
            summary(&|run| run[1].calls_per_second).cell(0),
            ratio.cell(3),
            cpu(summary(&|run| run[0].cpu_us), 1),
            cpu(summary(&|run| run[1].cpu_us), 1),
            cpu(summary(&|run| run[1].cpu_us / run[0].cpu_us), 3),
        );
    }
    println!(
        "\n- ratio: generated calls/s ÷ hand-written calls/s, per run. CPU ratio: hand-written \
         client-thread CPU time per call ÷ generated's, per run: what the ratio would be if the \
         client's CPU were the bottleneck; unlike wall time it does not count waiting for a CPU \
         that other processes hold, though it still varies with their load (shared caches)."
    );
    println!(
        "- goal generated ≥ {GOAL} × hand-written (median ratio): {}\n",
        if ratios_met { "met" } else { "NOT met" }
    );
    Ok(())
}

/// The whole answer to every request.
fn http_response(body: &[u8]) -> Vec<u8> {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         request-id: request-id-test-b05c992f-ebdc-489d-a754-c7e70ba13141\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(body);
    response
}

/// The server's thread: its own current-thread runtime, one task per connection.
fn serve(listener: std::net::TcpListener, response: Arc<[u8]>) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the server's runtime: {error}");
            return;
        }
    };
    runtime.block_on(async move {
        let listener = match TcpListener::from_std(listener) {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("error: cannot serve on loopback: {error}");
                return;
            }
        };
        loop {
            match listener.accept().await {
                Ok((stream, _)) => {
                    tokio::spawn(connection(stream, Arc::clone(&response)));
                }
                Err(error) => eprintln!("warning: accept failed: {error}"),
            }
        }
    });
}

/// Answers the requests on one keep-alive connection until the client closes it. A request that
/// is not the expected `dangerously_get` with Basic auth gets a 400, which fails the benchmark.
async fn connection(mut stream: TcpStream, response: Arc<[u8]>) {
    const BAD_REQUEST: &[u8] =
        b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: 11\r\n\r\nbad request";
    if stream.set_nodelay(true).is_err() {
        return;
    }
    let request_line = format!("get {PATH_PREFIX}");
    let mut buffer: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        // Read up to the end of the headers.
        let header_end = loop {
            if let Some(end) = find(&buffer, b"\r\n\r\n") {
                break end + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..header_end]).to_ascii_lowercase();
        let body_len = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse::<usize>().ok())
            .unwrap_or(0);
        while buffer.len() < header_end + body_len {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        }
        let expected =
            head.starts_with(&request_line) && head.contains("\r\nauthorization: basic ");
        buffer.drain(..header_end + body_len);
        let answer: &[u8] = if expected { &response } else { BAD_REQUEST };
        if stream.write_all(answer).await.is_err() {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
