//! One shard of the gateway's durable state: a Durable Object (`DedupeShard`, bound as
//! `HOOKGATE_DEDUPE`) with its own SQLite database holding
//!
//! - the dedupe records of its keys (`claims`, see [`claims`]), and
//! - the outbox of asynchronous delivery (`events` and `bodies`, see [`outbox`]), with the alarm
//!   that delivers them.
//!
//! A key goes to shard `sha256(key) mod durable_object_shards`, so an event and its dedupe record
//! always share a shard and are checked and written together. The Worker talks to a shard over
//! `fetch`: a JSON [`Call`] to `/`, or an event to store to `/accept` (a framed body: the event's
//! JSON, then its bytes, so a 1 MiB body is never re-encoded).
//!
//! **A change of `durable_object_shards` keeps the old mapping until its records expire.**
//! Shard 0 exists under every count and keeps the history of counts in use (its `topology`
//! table); each isolate reads it once (see [`Shards`]). While an earlier count's records may
//! still be live (the longest dedupe `ttl_s`, or an async event's whole life, after that count
//! was last in use), a key is also looked up, read-only, in its shard under that count, and the
//! admin API and the scheduled wake-up reach the shards of every such count. Records are
//! written under the current count only; old shards keep delivering the events they hold on
//! their own alarms.

// The #[durable_object] macro generates undocumented glue methods.
#![allow(missing_docs)]

pub(crate) mod claims;
pub(crate) mod outbox;

use core::cell::Cell;
use core::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use worker::js_sys::{Promise, Uint8Array};
use worker::wasm_bindgen_futures::JsFuture;
use worker::{
    DurableObject, Env, ObjectNamespace, Request, Response, Result, ScheduledTime, SqlStorage,
    SqlStorageValue, State, durable_object, web_sys,
};

use crate::dedupe::{StoreError, StoreKey, timed};
use crate::outbox::{Acceptance, ListQuery, NewEvent};
use crate::text::bounded;
use claims::{ClaimCall, ClaimOp, Claims};

/// Where a shard takes JSON calls, and framed events to store.
const CALL_URL: &str = "https://hookgate-shard.internal/";
const ACCEPT_URL: &str = "https://hookgate-shard.internal/accept";
const ACCEPT_PATH: &str = "/accept";

/// A call to a shard.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Call {
    /// Claims a key for a sync delivery (answers [`claims::ClaimAnswer`]).
    Claim(ClaimCall),
    /// Records that the origin has a key's event.
    Commit(ClaimCall),
    /// Gives a claim up.
    Release(ClaimCall),
    /// Lists events (answers `Vec<EventSummary>`).
    List(ListQuery),
    /// One event with its body (answers `Option<EventDetail>`).
    Get { id: String },
    /// Makes an event due now (answers [`crate::outbox::Replay`]).
    Replay { id: String },
    /// Pending and dead events per route (answers `Vec<(String, Counts)>`).
    Counts,
    /// Sets the alarm if there is work and none is set (answers whether it had to).
    Wake,
    /// Read-only: what the shard holds for a key and an event id (answers [`Peeked`]); how a key
    /// is looked up in its shard under an earlier shard count.
    Peek(Peek),
    /// Shard 0 only: records that `count` shards are in use now, and answers the other counts
    /// in use within the last `horizon_ms` (`Vec<u32>`).
    Topology { count: u32, horizon_ms: u64 },
}

/// A read-only look at a key (and, async, an event id).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Peek {
    pub(crate) key: String,
    pub(crate) event: Option<String>,
}

/// What a shard holds for a [`Peek`].
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Peeked {
    /// `Some(true)`: a live commit; `Some(false)`: a live claim.
    pub(crate) committed: Option<bool>,
    /// The event's state, when the shard holds it.
    pub(crate) event: Option<crate::outbox::EventState>,
}

/// The shards of one Durable Object namespace, as the Worker calls them.
#[derive(Debug)]
pub(crate) struct Shards {
    namespace: ObjectNamespace,
    count: u32,
    /// How long an earlier shard count's records may stay live after it was last in use.
    horizon_ms: u64,
}

thread_local! {
    /// The earlier shard counts still live, per current count, read once per isolate.
    static EARLIER: core::cell::RefCell<Option<(u32, Vec<u32>)>> = const { core::cell::RefCell::new(None) };
}

#[wasm_bindgen]
extern "C" {
    /// A Durable Object stub as the runtime gives it. Calling its `fetch(url, init)` directly
    /// skips building a `worker::Request` (which reads `cf` across the JS boundary).
    type RawStub;
    #[wasm_bindgen(method, catch, js_name = fetch)]
    fn fetch_with_init(
        this: &RawStub,
        url: &str,
        init: &web_sys::RequestInit,
    ) -> core::result::Result<Promise, JsValue>;
}

impl Shards {
    pub(crate) fn new(namespace: ObjectNamespace, count: u32, horizon_ms: u64) -> Self {
        Self {
            namespace,
            count: count.max(1),
            horizon_ms,
        }
    }

    /// The shard `key` lives in.
    pub(crate) fn of(&self, key: &StoreKey) -> u32 {
        key.shard(self.count)
    }

    /// The earlier shard counts whose records may still be live (see the module docs): asked
    /// of shard 0 once per isolate.
    pub(crate) async fn earlier(&self) -> core::result::Result<Vec<u32>, StoreError> {
        let count = self.count;
        if let Some(known) = EARLIER.with(|e| {
            e.borrow()
                .as_ref()
                .filter(|(c, _)| *c == count)
                .map(|(_, earlier)| earlier.clone())
        }) {
            return Ok(known);
        }
        let call = Call::Topology {
            count,
            horizon_ms: self.horizon_ms,
        };
        let earlier: Vec<u32> = self.call(0, &call).await?;
        let earlier: Vec<u32> = earlier
            .into_iter()
            .filter(|c| *c != count && *c > 0)
            .collect();
        EARLIER.with(|e| *e.borrow_mut() = Some((count, earlier.clone())));
        Ok(earlier)
    }

    /// The shards `key` lived in under the earlier counts (none the same as now).
    pub(crate) async fn earlier_shards(
        &self,
        key: &StoreKey,
    ) -> core::result::Result<Vec<u32>, StoreError> {
        let now = self.of(key);
        let mut shards: Vec<u32> = self
            .earlier()
            .await?
            .into_iter()
            .map(|count| key.shard(count))
            .filter(|shard| *shard != now)
            .collect();
        shards.sort_unstable();
        shards.dedup();
        Ok(shards)
    }

    /// How many shards the admin API and the wake-up reach: `0..span`, every shard any live
    /// count addresses.
    pub(crate) async fn span(&self) -> core::result::Result<u32, StoreError> {
        let earlier = self.earlier().await?;
        Ok(earlier.into_iter().fold(self.count, u32::max))
    }

    /// What `shard` holds for `key` (and the event `event`), read-only.
    pub(crate) async fn peek(
        &self,
        shard: u32,
        key: &StoreKey,
        event: Option<&str>,
    ) -> core::result::Result<Peeked, StoreError> {
        let call = Call::Peek(Peek {
            key: key.as_str().to_owned(),
            event: event.map(str::to_owned),
        });
        self.call(shard, &call).await
    }

    /// Sends `call` to `shard` and reads its JSON answer.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        shard: u32,
        call: &Call,
    ) -> core::result::Result<T, StoreError> {
        let body = serde_json::to_string(call).map_err(|_| StoreError::UnexpectedAnswer)?;
        let text = self
            .send(shard, CALL_URL, &JsValue::from_str(&body))
            .await?;
        serde_json::from_str(&text).map_err(|_| StoreError::UnexpectedAnswer)
    }

    /// Stores `event` with `body` in `shard`: one request whose body is the event's JSON length
    /// (4 bytes, big-endian), the JSON, then the body bytes.
    pub(crate) async fn accept(
        &self,
        shard: u32,
        event: &NewEvent,
        body: &Uint8Array,
    ) -> core::result::Result<Acceptance, StoreError> {
        let meta = serde_json::to_vec(event).map_err(|_| StoreError::UnexpectedAnswer)?;
        let meta_len = u32::try_from(meta.len()).map_err(|_| StoreError::UnexpectedAnswer)?;
        let frame = Uint8Array::new_with_length(
            4u32.saturating_add(meta_len).saturating_add(body.length()),
        );
        frame.subarray(0, 4).copy_from(&meta_len.to_be_bytes());
        frame
            .subarray(4, 4u32.saturating_add(meta_len))
            .copy_from(&meta);
        frame.set(body, 4u32.saturating_add(meta_len));
        let text = self.send(shard, ACCEPT_URL, &frame).await?;
        serde_json::from_str(&text).map_err(|_| StoreError::UnexpectedAnswer)
    }

    async fn send(
        &self,
        shard: u32,
        url: &str,
        body: &JsValue,
    ) -> core::result::Result<String, StoreError> {
        timed(async {
            let runtime = |e: JsValue| StoreError::from(worker::Error::from(e));
            let stub: RawStub = self
                .namespace
                .get_by_name(&format!("shard-{shard}"))?
                .into_rpc();
            let init = web_sys::RequestInit::new();
            init.set_method("POST");
            init.set_body(body);
            let promise = stub.fetch_with_init(url, &init).map_err(runtime)?;
            let response: web_sys::Response = JsFuture::from(promise)
                .await
                .and_then(JsCast::dyn_into)
                .map_err(runtime)?;
            if response.status() != 200 {
                return Err(StoreError::ShardStatus(response.status()));
            }
            Ok(JsFuture::from(response.text().map_err(runtime)?)
                .await
                .map_err(runtime)?
                .as_string()
                .unwrap_or_default())
        })
        .await
    }
}

/// One shard (the Durable Object class; bind it as `HOOKGATE_DEDUPE`, with a
/// `new_sqlite_classes` migration).
#[durable_object]
pub struct DedupeShard {
    state: State,
    env: Env,
    schema_ready: Cell<bool>,
    /// Writes to `claims`, for its sweep.
    writes: Cell<u32>,
    /// An alarm run is in progress (it picks up events stored meanwhile).
    running: Cell<bool>,
    /// The time of the alarm this object last set, while it is known to be still set.
    alarm_at: Cell<Option<u64>>,
}

impl fmt::Debug for DedupeShard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DedupeShard").finish_non_exhaustive()
    }
}

impl DurableObject for DedupeShard {
    fn new(state: State, env: Env) -> Self {
        Self {
            state,
            env,
            schema_ready: Cell::new(false),
            writes: Cell::new(0),
            running: Cell::new(false),
            alarm_at: Cell::new(None),
        }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        let answer = if req.path() == ACCEPT_PATH {
            self.accept(&req).await
        } else {
            self.call(req).await
        };
        match answer {
            Ok(json) => Response::ok(json),
            Err(e) => {
                // The Worker side maps any non-200 to 503 `dedupe_unavailable`.
                log_error("call", &e);
                Response::error("shard error", 500)
            }
        }
    }

    async fn alarm(&self) -> Result<Response> {
        outbox::run(self).await;
        Response::ok("")
    }
}

impl DedupeShard {
    /// The shard's SQLite database, its tables created on first use.
    fn sql(&self) -> Result<SqlStorage> {
        let sql = self.state.storage().sql();
        if !self.schema_ready.get() {
            let schema = claims::SCHEMA.iter().chain(outbox::SCHEMA.iter());
            for statement in schema.chain([&TOPOLOGY_SCHEMA]) {
                exec(&sql, statement, None)?;
            }
            self.schema_ready.set(true);
        }
        Ok(sql)
    }

    fn claims<'a>(&'a self, sql: &'a SqlStorage, now: u64) -> Claims<'a> {
        Claims {
            sql,
            writes: &self.writes,
            now: i64::try_from(now).unwrap_or(i64::MAX),
        }
    }

    async fn call(&self, mut req: Request) -> Result<String> {
        let call: Call = req.json().await?;
        let sql = self.sql()?;
        let now = crate::clock::now_ms();
        let claims = self.claims(&sql, now);
        match call {
            Call::Claim(c) => json(&claims.apply(ClaimOp::Claim, &c)?),
            Call::Commit(c) => json(&claims.apply(ClaimOp::Commit, &c)?),
            Call::Release(c) => json(&claims.apply(ClaimOp::Release, &c)?),
            Call::List(query) => json(&outbox::list(&sql, &query)?),
            Call::Get { id } => json(&outbox::get(&sql, &id)?),
            Call::Replay { id } => {
                let replay = outbox::replay(&sql, &id, now)?;
                if replay == crate::outbox::Replay::Scheduled {
                    self.wake_at(now).await?;
                }
                json(&replay)
            }
            Call::Counts => json(&outbox::counts(&sql)?),
            Call::Wake => json(&self.rearm(&sql).await?),
            Call::Peek(peek) => json(&Peeked {
                committed: claims.live_state(&peek.key)?,
                event: match &peek.event {
                    Some(id) => outbox::state(&sql, id)?,
                    None => None,
                },
            }),
            Call::Topology { count, horizon_ms } => json(&topology(&sql, count, horizon_ms, now)?),
        }
    }

    /// Stores a framed event (see [`Shards::accept`]).
    async fn accept(&self, req: &Request) -> Result<String> {
        let buffer = JsFuture::from(req.inner().array_buffer()?).await?;
        let frame = Uint8Array::new(&buffer);
        let mut len = [0u8; 4];
        if frame.length() < 4 {
            return Err(worker::Error::RustError("short frame".into()));
        }
        frame.subarray(0, 4).copy_to(&mut len);
        let meta_end = 4u32.saturating_add(u32::from_be_bytes(len));
        if meta_end > frame.length() {
            return Err(worker::Error::RustError("short frame".into()));
        }
        let meta = String::from_utf8(frame.subarray(4, meta_end).to_vec())
            .map_err(|e| worker::Error::RustError(e.to_string()))?;
        let event: NewEvent =
            serde_json::from_str(&meta).map_err(|e| worker::Error::RustError(e.to_string()))?;
        // The body stays in the runtime: SQLite binds it from there.
        let body = frame.slice(meta_end, frame.length());
        let sql = self.sql()?;
        let now = crate::clock::now_ms();
        let acceptance = outbox::accept(&sql, &self.claims(&sql, now), &event, &body, now)?;
        if acceptance == Acceptance::Accepted && !event.dangerous_skip_alarm {
            self.wake_at(now).await?;
        }
        json(&acceptance)
    }

    /// Makes sure the alarm fires by `at`. Skipped while a run is in progress (it looks for due
    /// events again before it ends) or when an alarm at least as early is known to be set, so
    /// that a burst of events costs one alarm write, not one each.
    async fn wake_at(&self, at: u64) -> Result<()> {
        if self.running.get() || self.alarm_at.get().is_some_and(|t| t <= at) {
            return Ok(());
        }
        self.set_alarm(at).await
    }

    /// Sets the alarm to `at` (Unix ms: a date, never an offset, which an integer would be).
    async fn set_alarm(&self, at: u64) -> Result<()> {
        // Unix ms fit an f64 exactly until the year 287396.
        #[allow(clippy::cast_precision_loss)]
        let date = worker::js_sys::Date::new(&JsValue::from_f64(at as f64));
        self.state
            .storage()
            .set_alarm(ScheduledTime::new(date))
            .await?;
        self.alarm_at.set(Some(at));
        Ok(())
    }

    /// Sets the alarm for the shard's next work if none is set by then: the safety net the
    /// scheduled wake-up runs, for an alarm lost to a failure. Returns whether it had to.
    async fn rearm(&self, sql: &SqlStorage) -> Result<bool> {
        if self.running.get() {
            return Ok(false);
        }
        let Some(next) = outbox::next_wake(sql)? else {
            return Ok(false);
        };
        let set = self.state.storage().get_alarm().await?;
        if set.is_some_and(|at| u64::try_from(at).is_ok_and(|at| at <= next)) {
            return Ok(false);
        }
        self.set_alarm(next).await?;
        Ok(true)
    }
}

/// The shard counts in use (shard 0's `topology` table; every shard creates it, only shard 0
/// writes it).
const TOPOLOGY_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS topology (count INTEGER PRIMARY KEY, \
                               first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL)";
/// A count's `last_seen` is refreshed at most this often (not once per isolate).
const TOPOLOGY_REFRESH_MS: u64 = 3_600_000;

/// Records that `count` shards are in use at `now`, and answers the other counts seen within
/// `horizon_ms` (plus the refresh interval, by which `last_seen` may lag).
fn topology(sql: &SqlStorage, count: u32, horizon_ms: u64, now: u64) -> Result<Vec<u32>> {
    let int = |n: u64| SqlStorageValue::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    let seen = query(
        sql,
        "SELECT last_seen FROM topology WHERE count = ?",
        vec![int(u64::from(count))],
    )?;
    match seen.first().and_then(|row| row.int(0)) {
        None => exec(
            sql,
            "INSERT INTO topology (count, first_seen, last_seen) VALUES (?, ?, ?)",
            vec![int(u64::from(count)), int(now), int(now)],
        )?,
        Some(last) if now.saturating_sub(last) > TOPOLOGY_REFRESH_MS => exec(
            sql,
            "UPDATE topology SET last_seen = ? WHERE count = ?",
            vec![int(now), int(u64::from(count))],
        )?,
        Some(_) => {}
    }
    let since = now.saturating_sub(horizon_ms.saturating_add(TOPOLOGY_REFRESH_MS));
    let rows = query(
        sql,
        "SELECT count FROM topology WHERE count != ? AND last_seen >= ?",
        vec![int(u64::from(count)), int(since)],
    )?;
    Ok(rows
        .iter()
        .filter_map(|row| row.int(0).and_then(|c| u32::try_from(c).ok()))
        .collect())
}

/// An answer as JSON.
fn json(answer: &impl Serialize) -> Result<String> {
    serde_json::to_string(answer).map_err(|e| worker::Error::RustError(e.to_string()))
}

/// One row of a query: its values in the order of the query's columns. Read by position
/// rather than deserialized by name, which would instantiate a deserializer per row type.
pub(crate) struct Row(Vec<SqlStorageValue>);

impl Row {
    /// Column `i` as a non-negative integer (`None` for NULL or another type).
    pub(crate) fn int(&self, i: usize) -> Option<u64> {
        match self.0.get(i) {
            Some(SqlStorageValue::Integer(n)) => u64::try_from(*n).ok(),
            _ => None,
        }
    }

    /// Column `i` as text (`None` for NULL or another type).
    pub(crate) fn text(&self, i: usize) -> Option<&str> {
        match self.0.get(i) {
            Some(SqlStorageValue::String(s)) => Some(s),
            _ => None,
        }
    }

    /// Column `i` as owned text (empty for NULL).
    pub(crate) fn string(&self, i: usize) -> String {
        self.text(i).unwrap_or_default().to_owned()
    }
}

/// The rows of a query.
pub(crate) fn query(
    sql: &SqlStorage,
    query: &str,
    bindings: impl Into<Option<Vec<SqlStorageValue>>>,
) -> Result<Vec<Row>> {
    sql.exec(query, bindings)?
        .raw()
        .map(|row| row.map(Row))
        .collect()
}

/// Runs a statement to completion.
pub(crate) fn exec(
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

/// A shard-side failure, logged (the Worker only sees a 500).
pub(crate) fn log_error(during: &str, e: &worker::Error) {
    worker::console_error!(
        "{}",
        serde_json::json!({"msg": "hookgate.dedupe_shard", "during": during, "error": bounded(&e.to_string(), 200)})
    );
}
