//! The clock: the runtime's `Date.now()` (never `std::time`, which panics on wasm32).

use hookgate::UnixTime;

/// Milliseconds since the Unix epoch, from the runtime.
pub(crate) fn now_ms() -> u64 {
    worker::Date::now().as_millis()
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
    UnixTime::from_millis(i64::try_from(now_ms()).unwrap_or(i64::MAX))
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
