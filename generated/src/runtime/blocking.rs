//! Sending requests from synchronous code: the `blocking` feature.
//!
//! Each client gets, on first use, a small runtime of its own (one worker thread) that keeps
//! driving its connections between calls; a call blocks the calling thread until the answer.

use std::future::Future;
use std::sync::OnceLock;

use super::client::Client;
use super::error::Error;

/// The runtime behind blocking calls. Dropped without waiting, so dropping the last clone of a
/// client inside async code does not panic.
#[derive(Default)]
pub(crate) struct BlockingRuntime(OnceLock<Option<tokio::runtime::Runtime>>);

impl Drop for BlockingRuntime {
    fn drop(&mut self) {
        if let Some(Some(runtime)) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Client {
    /// Runs `future` to completion on this client's blocking runtime, blocking the calling thread.
    pub(crate) fn block_on<T: Send>(
        &self,
        future: impl Future<Output = Result<T, Error>> + Send,
    ) -> Result<T, Error> {
        let runtime = self.inner().blocking.0.get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("stytch-b2b-blocking")
                .enable_all()
                .build()
                .ok()
        });
        let Some(runtime) = runtime else {
            return Err(Error::Config(
                "cannot start the runtime for blocking calls".to_owned(),
            ));
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return runtime.block_on(future);
        }
        // Inside a tokio context (a `spawn_blocking` closure, or async code) `block_on` would
        // panic, so the call runs on a short-lived thread outside it while this one waits.
        std::thread::scope(|scope| {
            scope
                .spawn(|| runtime.block_on(future))
                .join()
                .unwrap_or_else(|_| {
                    Err(Error::InvalidRequest(
                        "the blocking call panicked".to_owned(),
                    ))
                })
        })
    }
}
