//! The outbox of asynchronous delivery, as the Worker sees it: the event records and the client
//! that stores, lists, shows and replays them.
//!
//! An event lives in the Durable Object shard of its [`StoreKey`], the same shard as its dedupe
//! record (`shard/outbox.rs` holds the tables and the alarm that delivers). Storing is one call
//! to that shard (after a read-only look in its shards under earlier shard counts, see
//! `shard.rs`); listing, showing and replaying by id ask every shard, since an id does not name
//! its shard.

use alloc::collections::BTreeMap;

use futures_util::future::join_all;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use worker::js_sys::Uint8Array;

use crate::dedupe::{StoreError, StoreKey};
use crate::schedule::RetrySchedule;
use crate::shard::{Call, Shards};

/// Where an event is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EventState {
    /// Its schedule ran out (`max_age_s`) without a 2xx; kept for replay.
    Dead,
    /// The origin answered 2xx; the body is kept `retention_s` for replay.
    Delivered,
    /// Waiting for its next attempt, or in one.
    Pending,
}

impl EventState {
    /// The state's name (in the admin API and in the shard's table).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Dead => "dead",
            Self::Delivered => "delivered",
            Self::Pending => "pending",
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Self> {
        [Self::Dead, Self::Delivered, Self::Pending]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// An event to store, as the Worker hands it to its shard (the body travels beside it).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct NewEvent {
    /// `hg_…`, the `hookgate-webhook-id` of every attempt.
    pub(crate) id: String,
    pub(crate) route: String,
    pub(crate) scheme: String,
    /// The core's dedupe key (the provider's event id, or `sha256:<hex>` of the body).
    pub(crate) dedupe_key: String,
    /// The key of the event's dedupe record (committed on delivery).
    pub(crate) store_key: String,
    /// Unix ms.
    pub(crate) received_at: u64,
    /// What is forwarded, in order, without hookgate's signature (made afresh per attempt).
    pub(crate) headers: Vec<(String, String)>,
    /// Whether each attempt carries hookgate's signature (not on a transformed route).
    pub(crate) signed: bool,
    pub(crate) retry: RetrySchedule,
    pub(crate) retention_s: u64,
    /// Test builds only (`dangerous-test-no-alarm`): store without waking the alarm.
    #[serde(default)]
    pub(crate) dangerous_skip_alarm: bool,
}

/// What storing an event found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Acceptance {
    /// Stored now; the shard's alarm delivers it.
    Accepted,
    /// The outbox holds this event already (pending, or dead): nothing new was stored.
    AlreadyAccepted,
    /// The origin has this event already.
    Delivered,
}

/// One event in the admin API's list (no body, no headers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct EventSummary {
    pub(crate) id: String,
    pub(crate) route: String,
    pub(crate) scheme: String,
    pub(crate) dedupe_key: String,
    pub(crate) state: EventState,
    /// Unix ms.
    pub(crate) received_at: u64,
    pub(crate) attempts: u32,
    /// The origin's status on the last attempt (none when it did not answer).
    pub(crate) last_status: Option<u16>,
    /// Why the last attempt failed (`origin_rejected`, `origin_timeout`, `origin_unreachable`,
    /// `config_invalid`, `internal_error`).
    pub(crate) last_error: Option<String>,
    /// Unix ms; pending events only.
    pub(crate) next_attempt_at: Option<u64>,
}

/// One event with its body and the headers it is forwarded with. (The Worker passes it on as
/// the shard wrote it: read back as JSON, not as this type.)
#[derive(Debug, Serialize)]
pub(crate) struct EventDetail {
    #[serde(flatten)]
    pub(crate) summary: EventSummary,
    pub(crate) body_base64: String,
    /// Names in lower case; credentials (`authorization`, `cookie`) shown as `[redacted]`.
    pub(crate) headers: Map<String, Value>,
}

/// A position in the list: the last event of a page (events are listed by receipt time, then
/// id, across all shards).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Cursor {
    pub(crate) received_at: u64,
    pub(crate) id: String,
}

impl Cursor {
    /// The cursor as the admin API shows it: `<received_at>.<id>`.
    pub(crate) fn token(&self) -> String {
        format!("{}.{}", self.received_at, self.id)
    }

    pub(crate) fn parse(token: &str) -> Option<Self> {
        let (at, id) = token.split_once('.')?;
        let id_ok = !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !id_ok {
            return None;
        }
        Some(Self {
            received_at: at.parse().ok()?,
            id: id.to_owned(),
        })
    }

    fn of(event: &EventSummary) -> Self {
        Self {
            received_at: event.received_at,
            id: event.id.clone(),
        }
    }
}

/// Which events to list.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ListQuery {
    pub(crate) state: Option<EventState>,
    pub(crate) route: Option<String>,
    pub(crate) after: Option<Cursor>,
    pub(crate) limit: u32,
}

/// Pending and dead events of one route.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Counts {
    pub(crate) pending: u64,
    pub(crate) dead: u64,
}

/// What a replay found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Replay {
    /// The event is pending again, due now.
    Scheduled,
    /// An attempt of this event is running now; it is not started twice.
    InProgress,
    /// No shard holds this id (never accepted, or deleted after its retention).
    Unknown,
}

/// The outbox client: the shards of the `HOOKGATE_DEDUPE` namespace.
#[derive(Debug)]
pub(crate) struct Outbox {
    pub(crate) shards: Shards,
}

impl Outbox {
    /// Stores `event` with `body` in `key`'s shard. Once this returns `Accepted`, the event is
    /// durable (the shard answers after its write is committed). Stored or delivered under an
    /// earlier shard count, it is not stored again.
    pub(crate) async fn accept(
        &self,
        key: &StoreKey,
        event: &NewEvent,
        body: &Uint8Array,
    ) -> Result<Acceptance, StoreError> {
        for shard in self.shards.earlier_shards(key).await? {
            let found = self.shards.peek(shard, key, Some(&event.id)).await?;
            match (found.committed, found.event) {
                (Some(true), _) | (_, Some(EventState::Delivered)) => {
                    return Ok(Acceptance::Delivered);
                }
                (_, Some(_)) => return Ok(Acceptance::AlreadyAccepted),
                _ => {}
            }
        }
        self.shards.accept(self.shards.of(key), event, body).await
    }

    /// One page of events, and the cursor of the next page when there is one.
    pub(crate) async fn list(
        &self,
        query: &ListQuery,
    ) -> Result<(Vec<EventSummary>, Option<Cursor>), StoreError> {
        let limit = usize::try_from(query.limit).unwrap_or(usize::MAX);
        // One more than a page from each shard: if the merge has more than a page, there is a
        // next page; otherwise every shard has been read to its end.
        let call = Call::List(ListQuery {
            limit: query.limit.saturating_add(1),
            state: query.state,
            route: query.route.clone(),
            after: query.after.clone(),
        });
        let mut events = Vec::new();
        for page in self.each::<Vec<EventSummary>>(&call).await {
            events.extend(page?);
        }
        events.sort_by_key(Cursor::of);
        let next = (events.len() > limit).then(|| {
            events.truncate(limit);
            events.last().map(Cursor::of)
        });
        Ok((events, next.flatten()))
    }

    /// The event with this id (an [`EventDetail`]), from whichever shard holds it.
    pub(crate) async fn get(&self, id: &str) -> Result<Option<Value>, StoreError> {
        let call = Call::Get { id: id.to_owned() };
        let mut found = None;
        for answer in self.each::<Option<Value>>(&call).await {
            found = found.or(answer?);
        }
        Ok(found)
    }

    /// Makes the event with this id due now, in whichever shard holds it.
    pub(crate) async fn replay(&self, id: &str) -> Result<Replay, StoreError> {
        let call = Call::Replay { id: id.to_owned() };
        let mut result = Replay::Unknown;
        for answer in self.each::<Replay>(&call).await {
            let answer = answer?;
            if answer != Replay::Unknown {
                result = answer;
            }
        }
        Ok(result)
    }

    /// Pending and dead events per route, over all shards.
    pub(crate) async fn counts(&self) -> Result<BTreeMap<String, Counts>, StoreError> {
        let mut total: BTreeMap<String, Counts> = BTreeMap::new();
        for answer in self.each::<BTreeMap<String, Counts>>(&Call::Counts).await {
            for (route, c) in answer? {
                let t = total.entry(route).or_default();
                t.pending = t.pending.saturating_add(c.pending);
                t.dead = t.dead.saturating_add(c.dead);
            }
        }
        Ok(total)
    }

    /// Asks every shard to make sure its alarm is set when it has work (the safety net for an
    /// alarm that was lost). Returns how many shards were asked, how many re-armed one and how
    /// many failed to answer.
    pub(crate) async fn wake(&self) -> (u32, u32, u32) {
        let (mut asked, mut rearmed, mut failed) = (0u32, 0u32, 0u32);
        for answer in self.each::<bool>(&Call::Wake).await {
            asked = asked.saturating_add(1);
            match answer {
                Ok(true) => rearmed = rearmed.saturating_add(1),
                Ok(false) => {}
                Err(_) => failed = failed.saturating_add(1),
            }
        }
        (asked, rearmed, failed)
    }

    /// `call` sent to every shard at once: those of the current count and of every earlier
    /// count still live.
    async fn each<T: serde::de::DeserializeOwned>(
        &self,
        call: &Call,
    ) -> Vec<Result<T, StoreError>> {
        let span = match self.shards.span().await {
            Ok(span) => span,
            Err(e) => return vec![Err(e)],
        };
        join_all((0..span).map(|shard| self.shards.call::<T>(shard, call))).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_junk() {
        let c = Cursor {
            received_at: 1_700_000_000_123,
            id: "hg_0123abcd".into(),
        };
        assert_eq!(c.token(), "1700000000123.hg_0123abcd");
        assert_eq!(Cursor::parse(&c.token()), Some(c));
        for junk in ["", "1.", ".hg_1", "x.hg_1", "1.hg 1", "1.hg_1.2", "-1.hg_1"] {
            assert_eq!(Cursor::parse(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn states_have_stable_names() {
        for s in [EventState::Dead, EventState::Delivered, EventState::Pending] {
            assert_eq!(EventState::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(EventState::parse("Dead"), None);
    }
}
