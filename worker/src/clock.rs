//! The clock: the runtime's `Date.now()` (never `std::time`, which panics on wasm32).

use core::future::Future;
use core::pin::pin;
use core::time::Duration;

use futures_util::future::{Either, select};
use hookgate::UnixTime;
use worker::Delay;

/// Milliseconds since the Unix epoch, from the runtime.
pub(crate) fn now_ms() -> u64 {
    worker::Date::now().as_millis()
}

/// The runtime's clock as the core's time.
pub(crate) fn now() -> UnixTime {
    UnixTime::from_millis(i64::try_from(now_ms()).unwrap_or(i64::MAX))
}

/// The instant verification judges timestamps against: the runtime's clock.
///
/// With the `dangerous-test-clock` feature (test builds only), a request may set it through the
/// `hookgate-dangerous-test-now-ms` header, so the shared vectors with their fixed `now` can run
/// through the built Worker. Release builds do not contain this code.
pub(crate) fn verification_now(headers: &[(String, String)]) -> UnixTime {
    #[cfg(feature = "dangerous-test-clock")]
    {
        let fixed = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("hookgate-dangerous-test-now-ms"))
            .and_then(|(_, v)| v.parse::<i64>().ok());
        if let Some(ms) = fixed {
            return UnixTime::from_millis(ms);
        }
    }
    let _ = headers;
    now()
}

/// How long to hold back the deferred dedupe commit: always 0, except in test builds with the
/// `dangerous-test-commit-delay` feature, where the `hookgate-dangerous-test-commit-delay-ms`
/// header sets it (at most 10 s) so a test can race a duplicate against a pending commit.
pub(crate) fn commit_delay_ms(headers: &[(String, String)]) -> u64 {
    #[cfg(feature = "dangerous-test-commit-delay")]
    {
        let delay = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("hookgate-dangerous-test-commit-delay-ms"))
            .and_then(|(_, v)| v.parse::<u64>().ok());
        if let Some(ms) = delay {
            return ms.min(10_000);
        }
    }
    let _ = headers;
    0
}

/// `future`'s output, or `None` when it has not finished within `ms` milliseconds.
pub(crate) async fn within<T>(ms: u64, future: impl Future<Output = T>) -> Option<T> {
    let deadline = pin!(Delay::from(Duration::from_millis(ms)));
    match select(pin!(future), deadline).await {
        Either::Left((output, _)) => Some(output),
        Either::Right(((), _)) => None,
    }
}

/// Whether an accepted event should be stored without waking its shard's alarm: always `false`,
/// except in test builds with the `dangerous-test-no-alarm` feature, where the
/// `hookgate-dangerous-test-no-alarm` header asks for it, so a test can show that the scheduled
/// wake-up (the safety net for a lost alarm) delivers the event.
pub(crate) fn dangerous_skip_alarm(headers: &[(String, String)]) -> bool {
    #[cfg(feature = "dangerous-test-no-alarm")]
    {
        if headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("hookgate-dangerous-test-no-alarm"))
        {
            return true;
        }
    }
    let _ = headers;
    false
}
