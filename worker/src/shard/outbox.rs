//! A shard's outbox: the events stored for asynchronous delivery (`events`, and their bytes in
//! `bodies`), and the alarm run that delivers them.
//!
//! **Never two attempts of one event at once.** An attempt starts by *leasing* its row (one
//! synchronous SQL step, so nothing interleaves): `next_attempt_at` moves to the end of the lease
//! (the route's `origin_timeout_ms` plus a margin), by which time the attempt has an answer or
//! has been aborted. Only rows whose `next_attempt_at` has passed are picked, alarm runs of one
//! object never overlap, and a replay never touches a leased row. If the runtime dies mid-attempt,
//! the alarm (kept at the end of the earliest running lease) fires when the lease runs out and the
//! event is attempted again (the origin may then see it twice: the one case "exactly once" does
//! not cover, documented in worker/README.md).
//!
//! **Durable before the answer.** The Worker answers the provider 202 only after this object's
//! answer to the store call, and the runtime holds that answer until the write is committed.
//!
//! **Bounded work per alarm run.** At most [`CONCURRENCY`] attempts at a time (the runtime's limit
//! of simultaneous connections per invocation), new attempts only during [`RUN_BUDGET_MS`] and up
//! to [`MAX_ATTEMPTS_PER_RUN`]; a run that stops early sets the alarm to continue at once.

use alloc::collections::BTreeMap;

use base64::Engine as _;
use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;
use serde_json::{Map, Value};
use worker::js_sys::{Reflect, Uint8Array};
use worker::wasm_bindgen::JsValue;
use worker::{Env, Result, SqlStorage, SqlStorageValue};

use super::claims::Claims;
use super::{DedupeShard, Row, exec, log_error, query};
use crate::clock;
use crate::config::{Dedupe, StoreKind};
use crate::dedupe::kv::KvDedupe;
use crate::dedupe::{DedupeStore as _, StoreError, StoreKey, Token};
use crate::forward::{self, Outcome};
use crate::log::{DedupeState, DeliveryLog, DeliveryResult};
use crate::outbox::{
    Acceptance, Counts, EventDetail, EventState, EventSummary, ListQuery, NewEvent, Replay,
};
use crate::runtime;
use crate::schedule::RetrySchedule;
use crate::text::bounded;

/// Attempts running at once in one alarm run: the runtime allows six simultaneous outgoing
/// connections per invocation, and more would only queue, eating into their timeouts.
pub(crate) const CONCURRENCY: usize = 6;
/// A run starts new attempts for this long (then drains, and the next run continues).
const RUN_BUDGET_MS: u64 = 30_000;
/// A run starts at most this many attempts (each costs CPU to sign, and memory for its body).
const MAX_ATTEMPTS_PER_RUN: u32 = 500;
/// Added to the route's `origin_timeout_ms` for a lease: the attempt has been aborted by then.
const LEASE_MARGIN_MS: u64 = 5_000;
/// A run that failed inside the gateway (a storage error) is tried again this much later.
const RETRY_FAILED_RUN_MS: u64 = 30_000;
/// A dead event is kept at least this long (or `retention_s`, if longer) for replay.
const MIN_DEAD_RETENTION_S: u64 = 7 * 24 * 3600;
/// Expired events deleted per run.
const SWEEP_BATCH: i64 = 256;
/// Header values the admin API never shows (credentials a provider may send).
const REDACTED_HEADERS: [&str; 3] = ["authorization", "cookie", "proxy-authorization"];

pub(crate) const SCHEMA: [&str; 5] = [
    "CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, route TEXT NOT NULL, \
     scheme TEXT NOT NULL, dedupe_key TEXT NOT NULL, store_key TEXT NOT NULL, \
     state TEXT NOT NULL, received_at INTEGER NOT NULL, attempts INTEGER NOT NULL, \
     last_status INTEGER, last_error TEXT, next_attempt_at INTEGER, \
     lease_until INTEGER NOT NULL, window_start INTEGER NOT NULL, \
     window_failures INTEGER NOT NULL, replay INTEGER NOT NULL, expires_at INTEGER, \
     headers TEXT NOT NULL, signed INTEGER NOT NULL, retry TEXT NOT NULL, \
     retention_s INTEGER NOT NULL, body_bytes INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS events_due ON events (state, next_attempt_at)",
    "CREATE INDEX IF NOT EXISTS events_received ON events (received_at, id)",
    "CREATE INDEX IF NOT EXISTS events_expiry ON events (expires_at) WHERE expires_at IS NOT NULL",
    "CREATE TABLE IF NOT EXISTS bodies (id TEXT PRIMARY KEY, body BLOB NOT NULL)",
];

const SUMMARY_COLUMNS: &str = "id, route, scheme, dedupe_key, state, received_at, attempts, \
                               last_status, last_error, next_attempt_at";

fn int(n: u64) -> SqlStorageValue {
    SqlStorageValue::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

fn text(s: &str) -> SqlStorageValue {
    SqlStorageValue::from(s)
}

fn json_error(e: &serde_json::Error) -> worker::Error {
    worker::Error::RustError(e.to_string())
}

/// Stores `event` unless its dedupe record or the event itself is there already.
pub(crate) fn accept(
    sql: &SqlStorage,
    claims: &Claims<'_>,
    event: &NewEvent,
    body: &Uint8Array,
    now: u64,
) -> Result<Acceptance> {
    if claims.committed(&event.store_key)? {
        return Ok(Acceptance::Delivered);
    }
    match state(sql, &event.id)? {
        Some(EventState::Delivered) => return Ok(Acceptance::Delivered),
        Some(_) => return Ok(Acceptance::AlreadyAccepted),
        None => {}
    }
    let headers = serde_json::to_string(&event.headers).map_err(|e| json_error(&e))?;
    let retry = serde_json::to_string(&event.retry).map_err(|e| json_error(&e))?;
    exec(
        sql,
        "INSERT INTO events (id, route, scheme, dedupe_key, store_key, state, received_at, \
         attempts, next_attempt_at, lease_until, window_start, window_failures, replay, headers, \
         signed, retry, retention_s, body_bytes) \
         VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, ?, 0, ?, 0, 0, ?, ?, ?, ?, ?)",
        vec![
            text(&event.id),
            text(&event.route),
            text(&event.scheme),
            text(&event.dedupe_key),
            text(&event.store_key),
            int(event.received_at),
            int(now),
            int(event.received_at),
            text(&headers),
            SqlStorageValue::Integer(i64::from(event.signed)),
            text(&retry),
            int(event.retention_s),
            int(u64::from(body.length())),
        ],
    )?;
    // The body is bound from the runtime's own buffer (no copy through wasm).
    let cursor = sql.exec_raw(
        "INSERT INTO bodies (id, body) VALUES (?, ?)",
        vec![JsValue::from(text(&event.id)), body.into()],
    )?;
    for row in cursor.raw() {
        row?;
    }
    Ok(Acceptance::Accepted)
}

/// The state of event `id`, if this shard holds it.
pub(crate) fn state(sql: &SqlStorage, id: &str) -> Result<Option<EventState>> {
    let rows = query(sql, "SELECT state FROM events WHERE id = ?", vec![text(id)])?;
    Ok(rows
        .first()
        .and_then(|r| r.text(0))
        .and_then(EventState::parse))
}

/// One page of events after `query.after`, in (receipt time, id) order.
pub(crate) fn list(sql: &SqlStorage, list: &ListQuery) -> Result<Vec<EventSummary>> {
    let mut conditions = Vec::new();
    let mut bindings = Vec::new();
    if let Some(state) = list.state {
        conditions.push("state = ?");
        bindings.push(text(state.as_str()));
    }
    if let Some(route) = &list.route {
        conditions.push("route = ?");
        bindings.push(text(route));
    }
    if let Some(after) = &list.after {
        conditions.push("(received_at, id) > (?, ?)");
        bindings.push(int(after.received_at));
        bindings.push(text(&after.id));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    bindings.push(int(u64::from(list.limit)));
    let rows = query(
        sql,
        &format!("SELECT {SUMMARY_COLUMNS} FROM events {filter} ORDER BY received_at, id LIMIT ?"),
        bindings,
    )?;
    Ok(rows.iter().filter_map(summary).collect())
}

/// An event's summary from a row of [`SUMMARY_COLUMNS`].
fn summary(row: &Row) -> Option<EventSummary> {
    Some(EventSummary {
        id: row.string(0),
        route: row.string(1),
        scheme: row.string(2),
        dedupe_key: row.string(3),
        state: EventState::parse(row.text(4)?)?,
        received_at: row.int(5)?,
        attempts: u32::try_from(row.int(6)?).unwrap_or(u32::MAX),
        last_status: row.int(7).and_then(|s| u16::try_from(s).ok()),
        last_error: row.text(8).map(str::to_owned),
        next_attempt_at: row.int(9),
    })
}

/// The event with this id, its body and its forwarded headers.
pub(crate) fn get(sql: &SqlStorage, id: &str) -> Result<Option<EventDetail>> {
    let rows = query(
        sql,
        &format!("SELECT {SUMMARY_COLUMNS}, headers FROM events WHERE id = ?"),
        vec![text(id)],
    )?;
    let Some((row, summary)) = rows.first().and_then(|r| Some((r, summary(r)?))) else {
        return Ok(None);
    };
    let pairs: Vec<(String, String)> =
        serde_json::from_str(row.text(10).unwrap_or("[]")).map_err(|e| json_error(&e))?;
    let mut headers = Map::new();
    for (name, value) in pairs {
        let shown = if REDACTED_HEADERS.contains(&name.as_str()) {
            "[redacted]".to_owned()
        } else {
            value
        };
        headers.insert(name, Value::from(shown));
    }
    let body = body(sql, id)?
        .map(|b| Uint8Array::new(&b).to_vec())
        .unwrap_or_default();
    Ok(Some(EventDetail {
        summary,
        body_base64: base64::engine::general_purpose::STANDARD.encode(body),
        headers,
    }))
}

/// The stored bytes of event `id`, as the runtime's `ArrayBuffer`.
fn body(sql: &SqlStorage, id: &str) -> Result<Option<JsValue>> {
    let mut cursor = sql.exec("SELECT body FROM bodies WHERE id = ?", vec![text(id)])?;
    match Iterator::next(&mut cursor) {
        Some(row) => Ok(Some(Reflect::get(&row?, &JsValue::from_str("body"))?)),
        None => Ok(None),
    }
}

/// Makes event `id` due now with a fresh schedule (counted from now), unless an attempt of it
/// is running.
pub(crate) fn replay(sql: &SqlStorage, id: &str, now: u64) -> Result<Replay> {
    let rows = query(
        sql,
        "SELECT state, lease_until FROM events WHERE id = ?",
        vec![text(id)],
    )?;
    let Some(row) = rows.first() else {
        return Ok(Replay::Unknown);
    };
    if row.text(0) == Some(EventState::Pending.as_str()) && row.int(1).unwrap_or(0) > now {
        return Ok(Replay::InProgress);
    }
    exec(
        sql,
        "UPDATE events SET state = 'pending', next_attempt_at = ?, lease_until = 0, \
         window_start = ?, window_failures = 0, replay = 1, expires_at = NULL WHERE id = ?",
        vec![int(now), int(now), text(id)],
    )?;
    Ok(Replay::Scheduled)
}

/// Pending and dead events per route.
pub(crate) fn counts(sql: &SqlStorage) -> Result<BTreeMap<String, Counts>> {
    let rows = query(
        sql,
        "SELECT route, state, COUNT(*) FROM events \
         WHERE state IN ('pending', 'dead') GROUP BY route, state",
        None,
    )?;
    let mut out: BTreeMap<String, Counts> = BTreeMap::new();
    for row in rows {
        let n = row.int(2).unwrap_or(0);
        let c = out.entry(row.string(0)).or_default();
        match row.text(1).and_then(EventState::parse) {
            Some(EventState::Dead) => c.dead = n,
            _ => c.pending = n,
        }
    }
    Ok(out)
}

/// When the shard next has work: the earliest due attempt (or lease end) or row expiry.
pub(crate) fn next_wake(sql: &SqlStorage) -> Result<Option<u64>> {
    let rows = query(
        sql,
        "SELECT MIN(t) FROM (\
         SELECT MIN(next_attempt_at) AS t FROM events WHERE state = 'pending' \
         UNION ALL SELECT MIN(expires_at) AS t FROM events WHERE expires_at IS NOT NULL)",
        None,
    )?;
    Ok(rows.first().and_then(|r| r.int(0)))
}

/// Deletes a bounded batch of events (and bodies) past their retention.
fn sweep(sql: &SqlStorage, now: u64) -> Result<()> {
    let rows = query(
        sql,
        "SELECT id FROM events WHERE expires_at IS NOT NULL AND expires_at <= ? \
         ORDER BY expires_at LIMIT ?",
        vec![int(now), SqlStorageValue::Integer(SWEEP_BATCH)],
    )?;
    for row in rows {
        let id = row.string(0);
        exec(sql, "DELETE FROM bodies WHERE id = ?", vec![text(&id)])?;
        exec(sql, "DELETE FROM events WHERE id = ?", vec![text(&id)])?;
    }
    Ok(())
}

/// A due event, leased for one attempt.
struct Due {
    id: String,
    route: String,
    store_key: String,
    headers: Vec<(String, String)>,
    signed: bool,
    /// This attempt's number (1-based, over the event's life).
    attempt: u32,
    replay: bool,
    window_start: u64,
    window_failures: u32,
    retry: RetrySchedule,
    retention_s: u64,
    /// When the lease of this attempt ends (Unix ms).
    lease_until: u64,
    /// The runtime's `ArrayBuffer` of the body.
    body: JsValue,
}

/// What the route says about where and how to deliver, read when the attempt starts (so a
/// corrected configuration applies to events already stored).
struct Target {
    origin: String,
    timeout_ms: u64,
    origin_secret: Option<String>,
    dedupe: Dedupe,
    kv_binding: String,
}

fn target(env: &Env, route_id: &str) -> Option<Target> {
    let config = runtime::config(env);
    let config = config.as_ref().as_ref().ok()?;
    let (index, entry) = config
        .routes
        .iter()
        .enumerate()
        .find(|(_, e)| e.id == route_id)?;
    let route = entry.route.as_ref().ok()?;
    let rt = runtime::route_runtime(env, index, route).ok()?;
    Some(Target {
        origin: route.origin.clone(),
        timeout_ms: route.origin_timeout_ms,
        origin_secret: rt.origin_secret.clone(),
        dedupe: route.dedupe,
        kv_binding: config.bindings.kv.clone(),
    })
}

/// Leases the next due event, if any, for an attempt against its route's current target.
fn lease_next(sql: &SqlStorage, env: &Env, now: u64) -> Result<Option<(Due, Option<Target>)>> {
    let rows = query(
        sql,
        "SELECT id, route, store_key, headers, signed, attempts, replay, window_start, \
         window_failures, retry, retention_s FROM events \
         WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 1",
        vec![int(now)],
    )?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let (id, route) = (row.string(0), row.string(1));
    let target = target(env, &route);
    let lease = target
        .as_ref()
        .map_or(0, |t| t.timeout_ms)
        .saturating_add(LEASE_MARGIN_MS);
    let lease_until = now.saturating_add(lease);
    exec(
        sql,
        "UPDATE events SET attempts = attempts + 1, lease_until = ?, next_attempt_at = ? \
         WHERE id = ?",
        vec![int(lease_until), int(lease_until), text(&id)],
    )?;
    let body = body(sql, &id)?.unwrap_or_else(|| Uint8Array::new_with_length(0).into());
    let count = |i| u32::try_from(row.int(i).unwrap_or(0)).unwrap_or(u32::MAX);
    let due = Due {
        headers: serde_json::from_str(row.text(3).unwrap_or("[]")).map_err(|e| json_error(&e))?,
        retry: serde_json::from_str(row.text(9).unwrap_or_default()).map_err(|e| json_error(&e))?,
        store_key: row.string(2),
        signed: row.int(4) != Some(0),
        attempt: count(5).saturating_add(1),
        replay: row.int(6).unwrap_or(0) != 0,
        window_start: row.int(7).unwrap_or(0),
        window_failures: count(8),
        retention_s: row.int(10).unwrap_or(0),
        lease_until,
        id,
        route,
        body,
    };
    Ok(Some((due, target)))
}

/// How one attempt went.
struct Attempted {
    due: Due,
    target: Option<Target>,
    sent: Sent,
    ms: u64,
}

/// What the origin made of an attempt.
#[derive(Default)]
struct Sent {
    /// The origin's status, when it answered.
    status: Option<u16>,
    /// Why the attempt failed (`None` = delivered).
    error: Option<&'static str>,
    /// The KV dedupe commit after a 2xx, on a KV route.
    kv_commit: Option<core::result::Result<(), StoreError>>,
    /// A runtime error's text, for the log line.
    internal: Option<String>,
}

impl Sent {
    fn failed(error: &'static str) -> Self {
        Self {
            error: Some(error),
            ..Self::default()
        }
    }
}

/// One attempt against the route's current target (a route that is gone or broken fails it).
async fn attempt(env: &Env, due: Due, target: Option<Target>) -> Attempted {
    let started = clock::now_ms();
    let sent = match &target {
        Some(t) => forward_due(env, &due, t).await,
        None => Sent::failed("config_invalid"),
    };
    Attempted {
        due,
        target,
        sent,
        ms: clock::now_ms().saturating_sub(started),
    }
}

/// Sends `due` to `t.origin` with hookgate's signatures made afresh (same id, new timestamp,
/// over the stored metadata headers).
async fn forward_due(env: &Env, due: &Due, t: &Target) -> Sent {
    let mut headers = due.headers.clone();
    if due.signed {
        let signature = t.origin_secret.as_deref().and_then(|secret| {
            let bytes = Uint8Array::new(&due.body).to_vec();
            forward::signature_headers(secret, &due.id, clock::now(), &bytes, &due.headers).ok()
        });
        match signature {
            Some(signature) => headers.extend(signature),
            None => return Sent::failed("config_invalid"),
        }
    }
    match forward::send(&t.origin, &headers, &due.body, t.timeout_ms).await {
        Ok(Outcome::Accepted(response)) => {
            // Nothing reads the origin's answer: free its connection.
            if let Some(body) = response.body() {
                let _ = body.cancel();
            }
            let kv_commit = match t.dedupe.store {
                StoreKind::Kv => Some(kv_commit(env, t, &due.store_key).await),
                StoreKind::DurableObject | StoreKind::None => None,
            };
            Sent {
                status: Some(response.status()),
                kv_commit,
                ..Sent::default()
            }
        }
        Ok(Outcome::Rejected(status)) => Sent {
            status: Some(status),
            ..Sent::failed("origin_rejected")
        },
        Ok(Outcome::Timeout) => Sent::failed("origin_timeout"),
        Ok(Outcome::Unreachable(e)) => Sent {
            internal: Some(e),
            ..Sent::failed("origin_unreachable")
        },
        Err(e) => Sent {
            internal: Some(bounded(&e.to_string().replace(&t.origin, "<origin>"), 200)),
            ..Sent::failed("internal_error")
        },
    }
}

async fn kv_commit(env: &Env, t: &Target, store_key: &str) -> core::result::Result<(), StoreError> {
    let kv = env.kv(&t.kv_binding)?;
    let store = KvDedupe {
        kv,
        dedupe: t.dedupe,
    };
    let key = StoreKey::stored(store_key);
    store
        .commit(core::slice::from_ref(&key), &Token::fresh(clock::now_ms()))
        .await
}

/// Records an attempt's result (and, on a Durable Object route, commits the dedupe record in
/// the same step), and writes its `hookgate.delivery` line.
fn record(sql: &SqlStorage, claims: &Claims<'_>, done: Attempted, now: u64) -> Result<()> {
    let (due, sent) = (&done.due, &done.sent);
    let mut line = DeliveryLog::new(&due.id, &due.route, due.attempt);
    line.status = sent.status;
    line.ms = done.ms;
    line.error = sent.error;
    line.replay = due.replay;
    line.internal = sent.internal.clone();
    let status = || {
        sent.status.map_or(SqlStorageValue::Null, |s| {
            SqlStorageValue::Integer(i64::from(s))
        })
    };
    let Some(error) = sent.error else {
        exec(
            sql,
            "UPDATE events SET state = 'delivered', last_status = ?, last_error = NULL, \
             next_attempt_at = NULL, lease_until = 0, replay = 0, expires_at = ? WHERE id = ?",
            vec![
                status(),
                int(now.saturating_add(due.retention_s.saturating_mul(1000))),
                text(&due.id),
            ],
        )?;
        line.result = DeliveryResult::Delivered;
        line.dedupe = match (&done.target, &sent.kv_commit) {
            (Some(t), _) if t.dedupe.store == StoreKind::DurableObject => {
                claims.commit(&due.store_key, t.dedupe.ttl_s.saturating_mul(1000))?;
                Some(DedupeState::Committed)
            }
            (_, Some(Ok(()))) => Some(DedupeState::Committed),
            (_, Some(Err(e))) => {
                line.internal = Some(e.to_string());
                Some(DedupeState::CommitFailed)
            }
            _ => Some(DedupeState::Off),
        };
        line.emit();
        return Ok(());
    };
    let failures = due.window_failures.saturating_add(1);
    let common = vec![
        status(),
        text(error),
        SqlStorageValue::Integer(i64::from(failures)),
    ];
    match due.retry.next_attempt_at(due.window_start, failures, now) {
        Some(next) => {
            let mut bindings = common;
            bindings.extend([int(next), text(&due.id)]);
            exec(
                sql,
                "UPDATE events SET last_status = ?, last_error = ?, window_failures = ?, \
                 next_attempt_at = ?, lease_until = 0, replay = 0 WHERE id = ?",
                bindings,
            )?;
            line.result = DeliveryResult::Retry;
            line.next_attempt_at = Some(next);
        }
        None => {
            let keep_s = due.retention_s.max(MIN_DEAD_RETENTION_S);
            let mut bindings = common;
            bindings.extend([
                int(now.saturating_add(keep_s.saturating_mul(1000))),
                text(&due.id),
            ]);
            exec(
                sql,
                "UPDATE events SET state = 'dead', last_status = ?, last_error = ?, \
                 window_failures = ?, next_attempt_at = NULL, lease_until = 0, replay = 0, \
                 expires_at = ? WHERE id = ?",
                bindings,
            )?;
            line.result = DeliveryResult::Dead;
        }
    }
    line.emit();
    Ok(())
}

/// The alarm: delivers what is due, sweeps what expired, and sets the alarm for what is next.
pub(crate) async fn run(shard: &DedupeShard) {
    if shard.running.get() {
        // Runs never overlap; the one in progress sets the next alarm when it ends.
        return;
    }
    shard.running.set(true);
    shard.alarm_at.set(None);
    let result = deliver_due(shard).await;
    shard.running.set(false);
    if let Err(e) = result {
        log_error("alarm", &e);
        if let Err(e) = shard
            .set_alarm(clock::now_ms().saturating_add(RETRY_FAILED_RUN_MS))
            .await
        {
            log_error("alarm", &e);
        }
        return;
    }
    if let Err(e) = schedule_next(shard).await {
        log_error("alarm", &e);
    }
}

async fn deliver_due(shard: &DedupeShard) -> Result<()> {
    let sql = shard.sql()?;
    let started = clock::now_ms();
    let mut running = FuturesUnordered::new();
    // The leases of the attempts running now: (event id, lease end).
    let mut leases: Vec<(String, u64)> = Vec::new();
    let mut started_attempts = 0u32;
    loop {
        let now = clock::now_ms();
        while running.len() < CONCURRENCY
            && started_attempts < MAX_ATTEMPTS_PER_RUN
            && now.saturating_sub(started) < RUN_BUDGET_MS
        {
            let Some((due, target)) = lease_next(&sql, &shard.env, now)? else {
                break;
            };
            started_attempts = started_attempts.saturating_add(1);
            leases.push((due.id.clone(), due.lease_until));
            running.push(attempt(&shard.env, due, target));
        }
        // If this run dies (an eviction, a deploy, the runtime stopping), the alarm resumes the
        // work when the first lease ends. It is moved to the earliest running lease's end when
        // that is earlier, or when the alarm would fire soon: a healthy attempt is recorded at
        // least LEASE_MARGIN_MS before its lease ends, so the alarm never fires mid-run, and
        // under load this is one alarm write every few seconds, not one per attempt.
        if let Some(end) = leases.iter().map(|(_, end)| *end).min() {
            let soon = clock::now_ms().saturating_add(LEASE_MARGIN_MS / 2);
            if shard.alarm_at.get().is_none_or(|at| at > end || at < soon) {
                shard.set_alarm(end).await?;
            }
        }
        let Some(done) = running.next().await else {
            break;
        };
        leases.retain(|(id, _)| *id != done.due.id);
        let now = clock::now_ms();
        record(&sql, &shard.claims(&sql, now), done, now)?;
    }
    sweep(&sql, clock::now_ms())
}

async fn schedule_next(shard: &DedupeShard) -> Result<()> {
    let sql = shard.sql()?;
    match next_wake(&sql)? {
        Some(at) => shard.set_alarm(at.max(clock::now_ms())).await,
        None => {
            shard.state.storage().delete_alarm().await?;
            shard.alarm_at.set(None);
            Ok(())
        }
    }
}
