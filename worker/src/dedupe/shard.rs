//! The Durable Object that holds one shard of dedupe records in SQLite.
//!
//! A Durable Object runs one event at a time, and its SQL calls are synchronous, so the
//! read-check-write of a claim happens with no other request in between: of any number of
//! concurrent deliveries of one event, exactly one gets `claimed`.
//!
//! Expired rows are deleted a bounded batch at a time, on every 8th call that writes anyway (a
//! new claim, a commit); a read-only answer (committed, in flight) writes nothing.

// The #[durable_object] macro generates undocumented glue methods.
#![allow(missing_docs)]

use core::cell::Cell;
use core::fmt;

use serde::Deserialize;
use worker::{
    Date, DurableObject, Env, Request, Response, Result, SqlStorage, SqlStorageValue, State,
    durable_object,
};

use super::durable::{Call, Op, Outcome};

/// Rows swept per sweep, so one call never pays for a large backlog.
const SWEEP_BATCH: i64 = 32;
/// A sweep runs on the first write of an object's life and then on every this-many writes.
/// Each write adds at most one row, and a sweep removes up to [`SWEEP_BATCH`], so expired rows
/// cannot pile up faster than they are swept.
const SWEEP_EVERY: u32 = 8;

/// One shard of dedupe records (the Durable Object class; bind it as `HOOKGATE_DEDUPE`, with a
/// `new_sqlite_classes` migration).
#[durable_object]
pub struct DedupeShard {
    state: State,
    schema_ready: Cell<bool>,
    writes: Cell<u32>,
}

impl fmt::Debug for DedupeShard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DedupeShard").finish_non_exhaustive()
    }
}

impl DurableObject for DedupeShard {
    fn new(state: State, _env: Env) -> Self {
        Self {
            state,
            schema_ready: Cell::new(false),
            writes: Cell::new(0),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let call: Call = match req.json().await {
            Ok(call) => call,
            Err(_) => return Response::error("bad call", 400),
        };
        match self.apply(&call) {
            Ok(outcome) => Response::from_json(&outcome),
            Err(e) => {
                // The Worker side maps any non-200 to 503 `dedupe_unavailable`.
                worker::console_error!(
                    "{}",
                    serde_json::json!({"msg": "hookgate.dedupe_shard", "error": crate::text::bounded(&e.to_string(), 200)})
                );
                Response::error("shard error", 500)
            }
        }
    }
}

#[derive(Deserialize)]
struct Row {
    state: f64,
}

const PENDING: i64 = 0;
const COMMITTED: i64 = 1;

impl DedupeShard {
    /// Runs one call. Every statement is synchronous: nothing else runs in this object until
    /// it returns, which is what makes the claim atomic.
    fn apply(&self, call: &Call) -> Result<Outcome> {
        let sql = self.state.storage().sql();
        self.ensure_schema(&sql)?;
        let now = i64::try_from(Date::now().as_millis()).unwrap_or(i64::MAX);
        let expires = now.saturating_add(i64::try_from(call.ttl_ms).unwrap_or(i64::MAX));
        let key = || SqlStorageValue::from(call.key.as_str());
        match call.op {
            Op::Claim => {
                let rows: Vec<Row> = sql
                    .exec(
                        "SELECT state FROM claims WHERE key = ? AND expires_at > ?",
                        vec![key(), SqlStorageValue::Integer(now)],
                    )?
                    .to_array()?;
                if let Some(row) = rows.first() {
                    // Read-only answer: no write, so the output gate has nothing to wait for.
                    return Ok(if row.state >= 1.0 {
                        Outcome::Committed
                    } else {
                        Outcome::InFlight
                    });
                }
                self.put(&sql, call, PENDING, now, expires)?;
                Ok(Outcome::Claimed)
            }
            Op::Commit => {
                // Committed whatever became of the claim: the origin has the event.
                self.put(&sql, call, COMMITTED, now, expires)?;
                Ok(Outcome::Done)
            }
            Op::Release => {
                // Only this delivery's own, still pending claim.
                exec(
                    &sql,
                    "DELETE FROM claims WHERE key = ? AND token = ? AND state = ?",
                    vec![
                        key(),
                        SqlStorageValue::from(call.token.as_str()),
                        SqlStorageValue::Integer(PENDING),
                    ],
                )?;
                Ok(Outcome::Done)
            }
        }
    }

    fn ensure_schema(&self, sql: &SqlStorage) -> Result<()> {
        if self.schema_ready.get() {
            return Ok(());
        }
        exec(
            sql,
            "CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, state INTEGER NOT NULL, \
             token TEXT NOT NULL, expires_at INTEGER NOT NULL)",
            None,
        )?;
        exec(
            sql,
            "CREATE INDEX IF NOT EXISTS claims_expires_at ON claims (expires_at)",
            None,
        )?;
        self.schema_ready.set(true);
        Ok(())
    }
}

impl DedupeShard {
    /// Writes this call's row in `state` (a claim or a commit), sweeping expired rows now and
    /// then.
    fn put(&self, sql: &SqlStorage, call: &Call, state: i64, now: i64, expires: i64) -> Result<()> {
        self.sweep(sql, now)?;
        exec(
            sql,
            "INSERT OR REPLACE INTO claims (key, state, token, expires_at) VALUES (?, ?, ?, ?)",
            vec![
                SqlStorageValue::from(call.key.as_str()),
                SqlStorageValue::Integer(state),
                SqlStorageValue::from(call.token.as_str()),
                SqlStorageValue::Integer(expires),
            ],
        )
    }

    /// Deletes a bounded batch of expired rows, on every [`SWEEP_EVERY`]th write.
    fn sweep(&self, sql: &SqlStorage, now: i64) -> Result<()> {
        let writes = self.writes.get();
        self.writes.set(writes.wrapping_add(1));
        if !writes.is_multiple_of(SWEEP_EVERY) {
            return Ok(());
        }
        exec(
            sql,
            "DELETE FROM claims WHERE key IN \
             (SELECT key FROM claims WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)",
            vec![
                SqlStorageValue::Integer(now),
                SqlStorageValue::Integer(SWEEP_BATCH),
            ],
        )
    }
}

/// Runs a statement to completion.
fn exec(
    sql: &SqlStorage,
    query: &str,
    bindings: impl Into<Option<Vec<SqlStorageValue>>>,
) -> Result<()> {
    let cursor = sql.exec(query, bindings)?;
    for row in cursor.raw() {
        row?;
    }
    Ok(())
}
