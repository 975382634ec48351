//! The retry schedule of asynchronous delivery: when the next attempt of a failed event is due,
//! and when the event is dead.
//!
//! The first attempt runs as soon as the event is stored. After the n-th failed attempt the next
//! one waits `delays_s[n - 1]`; the last delay repeats. No attempt is scheduled later than
//! `max_age_s` after the schedule started (the event's receipt, or its replay): the last attempt
//! runs at that moment, and when it fails the event is dead.

use serde::{Deserialize, Serialize};

/// The default schedule: 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h until 7 days after
/// receipt (about 20 attempts). It outlasts every provider's own retries (Stripe: 3 days; Verk:
/// about 10 hours; VEM: 3 attempts; GitHub: none), so an origin outage of days loses nothing.
pub(crate) const DEFAULT_DELAYS_S: [u64; 7] = [5, 60, 300, 1800, 7200, 21600, 43200];
/// Seven days.
pub(crate) const DEFAULT_MAX_AGE_S: u64 = 7 * 24 * 3600;
/// At most this many delays (the last repeats anyway).
pub(crate) const MAX_DELAYS: usize = 32;
/// One delay is at most a week.
pub(crate) const MAX_DELAY_S: u64 = 7 * 24 * 3600;
/// An event is retried for at most 30 days.
pub(crate) const MAX_MAX_AGE_S: u64 = 30 * 24 * 3600;

/// When attempts run. Stored with every event, so an event keeps the schedule it was accepted
/// under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RetrySchedule {
    pub(crate) delays_s: Vec<u64>,
    pub(crate) max_age_s: u64,
}

impl Default for RetrySchedule {
    fn default() -> Self {
        Self {
            delays_s: DEFAULT_DELAYS_S.to_vec(),
            max_age_s: DEFAULT_MAX_AGE_S,
        }
    }
}

impl RetrySchedule {
    /// Why the schedule cannot be used, if it cannot.
    pub(crate) fn problem(&self) -> Option<String> {
        if self.delays_s.is_empty() || self.delays_s.len() > MAX_DELAYS {
            return Some(format!(
                "delivery.retry.delays_s must hold 1 to {MAX_DELAYS} delays"
            ));
        }
        if self.delays_s.iter().any(|d| !(1..=MAX_DELAY_S).contains(d)) {
            return Some(format!(
                "every delay in delivery.retry.delays_s must be 1..={MAX_DELAY_S} seconds"
            ));
        }
        if !(1..=MAX_MAX_AGE_S).contains(&self.max_age_s) {
            return Some(format!(
                "delivery.retry.max_age_s must be 1..={MAX_MAX_AGE_S} seconds"
            ));
        }
        None
    }

    /// When the next attempt is due (Unix ms), after `failed` attempts (≥ 1) since the schedule
    /// started at `started_ms`, now being `now_ms`; `None` when the event is dead.
    pub(crate) fn next_attempt_at(&self, started_ms: u64, failed: u32, now_ms: u64) -> Option<u64> {
        let deadline = started_ms.saturating_add(self.max_age_s.saturating_mul(1000));
        if now_ms >= deadline {
            return None;
        }
        let index = usize::try_from(failed.saturating_sub(1)).unwrap_or(usize::MAX);
        let delay_s = self
            .delays_s
            .get(index)
            .or(self.delays_s.last())
            .copied()
            .unwrap_or(1);
        Some(
            now_ms
                .saturating_add(delay_s.saturating_mul(1000))
                .min(deadline),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(delays_s: &[u64], max_age_s: u64) -> RetrySchedule {
        RetrySchedule {
            delays_s: delays_s.to_vec(),
            max_age_s,
        }
    }

    #[test]
    fn delays_apply_in_order_and_the_last_repeats() {
        let s = schedule(&[5, 60], 3600);
        assert_eq!(s.next_attempt_at(0, 1, 100), Some(5_100));
        assert_eq!(s.next_attempt_at(0, 2, 5_200), Some(65_200));
        assert_eq!(s.next_attempt_at(0, 9, 70_000), Some(130_000));
    }

    #[test]
    fn the_last_attempt_runs_at_max_age_and_then_the_event_is_dead() {
        let s = schedule(&[1], 3);
        assert_eq!(s.next_attempt_at(0, 1, 10), Some(1_010));
        assert_eq!(s.next_attempt_at(0, 3, 2_500), Some(3_000));
        assert_eq!(s.next_attempt_at(0, 4, 3_000), None);
        assert_eq!(s.next_attempt_at(0, 4, 9_000), None);
    }

    #[test]
    fn the_default_outlasts_three_days() {
        let s = RetrySchedule::default();
        assert!(s.problem().is_none());
        let (mut now, mut failed) = (0u64, 1u32);
        while let Some(next) = s.next_attempt_at(0, failed, now) {
            now = next;
            failed += 1;
        }
        assert!(now >= 3 * 24 * 3600 * 1000, "last attempt at {now} ms");
        assert!(failed < 40, "{failed} attempts");
    }

    #[test]
    fn bad_schedules_are_named() {
        assert!(schedule(&[], 10).problem().is_some());
        assert!(schedule(&[0], 10).problem().is_some());
        assert!(schedule(&[1], 0).problem().is_some());
        assert!(schedule(&[1], MAX_MAX_AGE_S + 1).problem().is_some());
        assert!(schedule(&[1; MAX_DELAYS + 1], 10).problem().is_some());
        assert!(schedule(&[1], 3).problem().is_none());
    }
}
