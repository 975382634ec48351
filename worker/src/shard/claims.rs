//! A shard's dedupe records (the `claims` table): claim, commit and release, in SQLite.
//!
//! A Durable Object runs one event at a time, and its SQL calls are synchronous, so the
//! read-check-write of a claim happens with no other request in between: of any number of
//! concurrent deliveries of one event, exactly one gets `claimed`.
//!
//! Expired rows are deleted a bounded batch at a time, on every 8th call that writes anyway (a
//! new claim, a commit); a read-only answer (committed, in flight) writes nothing.

use core::cell::Cell;

use serde::{Deserialize, Serialize};
use worker::{Result, SqlStorage, SqlStorageValue};

use super::{exec, query};

/// Rows swept per sweep, so one call never pays for a large backlog.
const SWEEP_BATCH: i64 = 32;
/// A sweep runs on the first write of an object's life and then on every this-many writes.
/// Each write adds at most one row, and a sweep removes up to [`SWEEP_BATCH`], so expired rows
/// cannot pile up faster than they are swept.
const SWEEP_EVERY: u32 = 8;

const PENDING: i64 = 0;
const COMMITTED: i64 = 1;

pub(crate) const SCHEMA: [&str; 2] = [
    "CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, state INTEGER NOT NULL, \
     token TEXT NOT NULL, expires_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS claims_expires_at ON claims (expires_at)",
];

/// A claim, commit or release of one key, as the Worker sends it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ClaimCall {
    pub(crate) key: String,
    pub(crate) token: String,
    pub(crate) ttl_ms: u64,
}

/// The three operations on a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ClaimOp {
    Claim,
    Commit,
    Release,
}

/// A shard's answer to a [`ClaimCall`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ClaimAnswer {
    Claimed,
    Committed,
    Done,
    InFlight,
}

/// The claims of one shard; `writes` counts its writes for the sweep.
pub(crate) struct Claims<'a> {
    pub(crate) sql: &'a SqlStorage,
    pub(crate) writes: &'a Cell<u32>,
    pub(crate) now: i64,
}

impl Claims<'_> {
    /// Runs one call. Every statement is synchronous: nothing else runs in this object until
    /// it returns, which is what makes the claim atomic.
    pub(crate) fn apply(&self, op: ClaimOp, call: &ClaimCall) -> Result<ClaimAnswer> {
        let expires = self.expires(call.ttl_ms);
        match op {
            ClaimOp::Claim => {
                if let Some(committed) = self.live_state(&call.key)? {
                    // Read-only answer: no write, so the output gate has nothing to wait for.
                    return Ok(if committed {
                        ClaimAnswer::Committed
                    } else {
                        ClaimAnswer::InFlight
                    });
                }
                self.put(&call.key, &call.token, PENDING, expires)?;
                Ok(ClaimAnswer::Claimed)
            }
            ClaimOp::Commit => {
                // Committed whatever became of the claim: the origin has the event.
                self.put(&call.key, &call.token, COMMITTED, expires)?;
                Ok(ClaimAnswer::Done)
            }
            ClaimOp::Release => {
                // Only this delivery's own, still pending claim.
                exec(
                    self.sql,
                    "DELETE FROM claims WHERE key = ? AND token = ? AND state = ?",
                    vec![
                        SqlStorageValue::from(call.key.as_str()),
                        SqlStorageValue::from(call.token.as_str()),
                        SqlStorageValue::Integer(PENDING),
                    ],
                )?;
                Ok(ClaimAnswer::Done)
            }
        }
    }

    /// Whether the origin has the event under `key` (a live commit).
    pub(crate) fn committed(&self, key: &str) -> Result<bool> {
        Ok(self.live_state(key)? == Some(true))
    }

    /// Records that the origin has the event under `key`, for `ttl_ms`.
    pub(crate) fn commit(&self, key: &str, ttl_ms: u64) -> Result<()> {
        self.put(key, "outbox", COMMITTED, self.expires(ttl_ms))
    }

    fn expires(&self, ttl_ms: u64) -> i64 {
        self.now
            .saturating_add(i64::try_from(ttl_ms).unwrap_or(i64::MAX))
    }

    /// `Some(true)` for a live commit, `Some(false)` for a live claim, `None` for neither.
    pub(crate) fn live_state(&self, key: &str) -> Result<Option<bool>> {
        let rows = query(
            self.sql,
            "SELECT state FROM claims WHERE key = ? AND expires_at > ?",
            vec![
                SqlStorageValue::from(key),
                SqlStorageValue::Integer(self.now),
            ],
        )?;
        Ok(rows
            .first()
            .map(|row| row.int(0).is_some_and(|state| state >= 1)))
    }

    /// Writes `key`'s row in `state` (a claim or a commit), sweeping expired rows now and then.
    fn put(&self, key: &str, token: &str, state: i64, expires: i64) -> Result<()> {
        self.sweep()?;
        exec(
            self.sql,
            "INSERT OR REPLACE INTO claims (key, state, token, expires_at) VALUES (?, ?, ?, ?)",
            vec![
                SqlStorageValue::from(key),
                SqlStorageValue::Integer(state),
                SqlStorageValue::from(token),
                SqlStorageValue::Integer(expires),
            ],
        )
    }

    /// Deletes a bounded batch of expired rows, on every [`SWEEP_EVERY`]th write.
    fn sweep(&self) -> Result<()> {
        let writes = self.writes.get();
        self.writes.set(writes.wrapping_add(1));
        if !writes.is_multiple_of(SWEEP_EVERY) {
            return Ok(());
        }
        exec(
            self.sql,
            "DELETE FROM claims WHERE key IN \
             (SELECT key FROM claims WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)",
            vec![
                SqlStorageValue::Integer(self.now),
                SqlStorageValue::Integer(SWEEP_BATCH),
            ],
        )
    }
}
