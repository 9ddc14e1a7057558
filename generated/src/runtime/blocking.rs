//! Sending requests from synchronous code: the `blocking` feature.
//!
//! Each client gets, on first use, a small runtime of its own (one worker thread) that keeps
//! driving its connections between calls, and an HTTP client (a connection pool) of its own for
//! that runtime; a call blocks the calling thread until the answer.
//!
//! Why a pool of its own: a pooled connection is driven by a task of the runtime that opened it.
//! A connection opened by an `.await` on the caller's runtime (a current-thread runtime, or one
//! with a single worker, or one the caller keeps after its `block_on`) is not driven while the
//! caller's thread is blocked here, so a request written to it would wait for its timeout.
//! `reqwest::blocking` keeps its pool apart for the same reason.

use std::future::Future;
use std::sync::OnceLock;

use super::client::Client;
use super::error::Error;

tokio::task_local! {
    /// The HTTP client of the blocking runtime, while a blocking call runs on it.
    static BLOCKING_HTTP: reqwest::Client;
}

/// The HTTP client a request must use: the blocking runtime's while a blocking call runs.
pub(super) fn blocking_http() -> Option<reqwest::Client> {
    BLOCKING_HTTP.try_with(reqwest::Client::clone).ok()
}

/// The runtime behind blocking calls and its HTTP client. Dropped without waiting, so dropping
/// the last clone of a client inside async code does not panic.
#[derive(Default)]
pub(crate) struct BlockingRuntime(
    OnceLock<Result<(tokio::runtime::Runtime, reqwest::Client), String>>,
);

impl Drop for BlockingRuntime {
    fn drop(&mut self) {
        if let Some(Ok((runtime, _))) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Client {
    /// Runs `future` to completion on this client's blocking runtime, blocking the calling thread.
    ///
    /// A panic inside is resumed on the calling thread, as if the future had run there.
    pub(crate) fn block_on<T: Send>(
        &self,
        future: impl Future<Output = Result<T, Error>> + Send,
    ) -> Result<T, Error> {
        self.run_blocking(future)?
    }

    /// Runs `future` to completion on this client's blocking runtime, blocking the calling
    /// thread; an error when that runtime cannot start.
    pub(crate) fn run_blocking<T: Send>(
        &self,
        future: impl Future<Output = T> + Send,
    ) -> Result<T, Error> {
        let started = self.inner().blocking.0.get_or_init(|| {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("stytch-b2b-blocking")
                .enable_all()
                .build()
                .map_err(|error| format!("cannot start the runtime for blocking calls: {error}"))?;
            let http = self
                .inner()
                .http_settings
                .build()
                .map_err(|error| error.to_string())?;
            Ok((runtime, http))
        });
        let (runtime, http) = match started {
            Ok(started) => started,
            Err(message) => return Err(Error::Config(message.clone())),
        };
        let future = BLOCKING_HTTP.scope(http.clone(), future);
        if tokio::runtime::Handle::try_current().is_err() {
            return Ok(runtime.block_on(future));
        }
        // Inside a tokio context (a `spawn_blocking` closure, or async code) `block_on` would
        // panic, so the call runs on a short-lived thread outside it while this one waits.
        Ok(std::thread::scope(|scope| {
            scope
                .spawn(|| runtime.block_on(future))
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    use crate::{Client, Error};

    fn panic_message(client: &Client) -> String {
        let panic = catch_unwind(AssertUnwindSafe(|| {
            client.block_on(async {
                let fail = true;
                assert!(!fail, "boom");
                Ok::<(), Error>(())
            })
        }))
        .expect_err("the panic is resumed");
        match panic.downcast::<&str>() {
            Ok(message) => (*message).to_owned(),
            Err(panic) => *panic.downcast::<String>().expect("the panic's own payload"),
        }
    }

    #[test]
    fn a_panic_inside_a_blocking_call_is_resumed_on_the_caller() {
        let client = Client::new("project-test-1", "secret-test-1").expect("the client builds");
        assert_eq!(panic_message(&client), "boom");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let _context = runtime.enter();
        assert_eq!(panic_message(&client), "boom", "inside a tokio context too");
    }
}
