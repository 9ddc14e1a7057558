//! When a failed attempt is tried again, and after how long.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// How a request is retried: which failures, how often, how long to wait.
///
/// A failure is retried only when another attempt cannot do harm and may succeed:
///
/// - a connection that could not be made (the request never reached the server), and a `429`
///   answer (the server says it did not process the request), for any method;
/// - a timeout, a connection lost mid-request, or a `502`, `503` or `504` answer, for idempotent
///   requests only: `GET`, `PUT`, the `DELETE`s the spec marks idempotent, and the endpoints it
///   marks idempotent. A `POST` may have been processed already, so it is not sent twice.
///
/// Never retried: a request the HTTP stack refused to build, and a TLS failure (a certificate
/// that does not verify, a server that does not speak TLS): another attempt would fail alike.
///
/// Waits grow exponentially from [`initial_backoff`](Self::initial_backoff) up to
/// [`max_backoff`](Self::max_backoff), each randomised between half and all of its value
/// (jitter), so many clients do not retry in step. A `Retry-After` header (seconds or an HTTP
/// date) replaces the computed wait; one longer than [`max_retry_after`](Self::max_retry_after)
/// ends the retries instead of retrying early, and the error gives the wait asked for
/// ([`Error::retry_after`](crate::Error::retry_after)).
///
/// [`max_elapsed`](Self::max_elapsed) bounds the whole call: no retry is made whose wait would
/// end later than that after the first attempt started, and each attempt's timeout is cut to
/// what is left of it.
///
/// ```
/// use std::time::Duration;
/// use stytch_b2b::RetryPolicy;
///
/// let patient = RetryPolicy::default().max_attempts(5).max_elapsed(Duration::from_secs(60));
/// let none = RetryPolicy::never();
/// # let _ = (patient, none);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, waits from 250 ms up to 4 s, at most 30 s in all, `Retry-After` up to 20 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(4),
            max_elapsed: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// Never retries: every request is sent once.
    pub fn never() -> Self {
        Self::default().max_attempts(1)
    }

    /// The most attempts per request, the first included (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; each later wait doubles it.
    #[must_use]
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest computed wait between attempts.
    #[must_use]
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// The longest a whole call may take, retries and waits included: no retry is made if its
    /// wait would end later than this after the first attempt started, and each attempt's timeout
    /// is cut to what is left.
    #[must_use]
    pub fn max_elapsed(mut self, total: Duration) -> Self {
        self.max_elapsed = total;
        self
    }

    /// The longest wait a `Retry-After` header can ask for; a longer one ends the retries.
    #[must_use]
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// How long to wait before attempt `attempt + 1`, or `None` to give up.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        failure: &Retryability,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !failure.may_retry {
            return None;
        }
        let delay = match failure.retry_after {
            // Retrying earlier than asked would be refused again.
            Some(retry_after) if retry_after > self.max_retry_after => return None,
            Some(retry_after) => retry_after,
            None => {
                let exponent = attempt.saturating_sub(1).min(30);
                let backoff = self
                    .initial_backoff
                    .saturating_mul(1 << exponent)
                    .min(self.max_backoff);
                backoff / 2 + backoff.mul_f64(random_fraction() / 2.0)
            }
        };
        let wait_ends = elapsed.checked_add(delay)?;
        (wait_ends < self.max_elapsed).then_some(delay)
    }

    /// What is left of [`max_elapsed`](Self::max_elapsed) after `elapsed`.
    pub(crate) fn remaining(&self, elapsed: Duration) -> Duration {
        self.max_elapsed.saturating_sub(elapsed)
    }
}

/// What the retry decision needs to know about one failed attempt.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Retryability {
    /// Whether another attempt is safe and may succeed.
    pub may_retry: bool,
    /// The wait the server asked for.
    pub retry_after: Option<Duration>,
}

/// Statuses that say "try again later".
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// A `Retry-After` value: delay-seconds or an HTTP date. Seconds beyond `u64` saturate: a wait
/// of that length is as good as forever, and must not pass for no `Retry-After` at all.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A number in `[0, 1)`, different on every call; jitter needs spread, not cryptographic quality.
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, RandomState};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let bits = RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed));
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const RETRY: Retryability = Retryability {
        may_retry: true,
        retry_after: None,
    };

    #[test]
    fn waits_grow_exponentially_with_jitter_and_stop() {
        let policy = RetryPolicy::default().max_attempts(4);
        let first = policy
            .delay(1, Duration::ZERO, &RETRY)
            .expect("retries after attempt 1");
        assert!(
            first >= Duration::from_millis(125) && first <= Duration::from_millis(250),
            "{first:?}"
        );
        let third = policy
            .delay(3, Duration::ZERO, &RETRY)
            .expect("retries after attempt 3");
        assert!(
            third >= Duration::from_millis(500) && third <= Duration::from_secs(1),
            "{third:?}"
        );
        assert_eq!(
            policy.delay(4, Duration::ZERO, &RETRY),
            None,
            "attempts are bounded"
        );
        assert_eq!(
            policy.delay(1, Duration::from_secs(30), &RETRY),
            None,
            "total time is bounded"
        );
        let no = Retryability {
            may_retry: false,
            retry_after: None,
        };
        assert_eq!(policy.delay(1, Duration::ZERO, &no), None);
        assert_eq!(RetryPolicy::never().delay(1, Duration::ZERO, &RETRY), None);
    }

    #[test]
    fn retry_after_replaces_the_backoff_and_is_capped() {
        let policy = RetryPolicy::default();
        let asked = Retryability {
            may_retry: true,
            retry_after: Some(Duration::from_secs(2)),
        };
        assert_eq!(
            policy.delay(1, Duration::ZERO, &asked),
            Some(Duration::from_secs(2))
        );
        let greedy = Retryability {
            may_retry: true,
            retry_after: Some(Duration::from_secs(3600)),
        };
        assert_eq!(
            policy.delay(1, Duration::ZERO, &greedy),
            None,
            "a wait beyond the cap ends the retries"
        );
        let forever = Retryability {
            may_retry: true,
            retry_after: parse_retry_after("18446744073709551615"),
        };
        let lenient = policy.clone().max_retry_after(Duration::MAX);
        assert_eq!(lenient.delay(1, Duration::from_secs(1), &forever), None);
        assert_eq!(policy.delay(1, Duration::from_secs(1), &forever), None);
    }

    #[test]
    fn parses_retry_after_in_seconds_and_as_a_date() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        let wait = parse_retry_after(&soon).expect("an HTTP date parses");
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(
            parse_retry_after("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999"),
            Some(Duration::from_secs(u64::MAX)),
            "saturates"
        );
    }
}
