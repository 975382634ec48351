//! Event normalisation: from a verified payload, a small envelope (provider, type, id, time,
//! title, summary fields, link) that transforms and logs can use without knowing each provider.
//!
//! Shapes recognised: Standard Webhooks `{type,timestamp,data}`, Verk
//! `{event,timestamp,webhookId,deliveryId,data,organization}`, VEM
//! `{event,timestamp,org_id,project_id,project_name,data}`, GitHub (type from `X-GitHub-Event`),
//! Stripe (`type`, `created`), and a generic fallback for the common field names.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::headers::Headers;
use crate::time::UnixTime;
use crate::verify::Verified;

/// At most this many summary fields are collected from a payload's `data`.
const MAX_DATA_FIELDS: usize = 8;

/// The normalised envelope of a verified event.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// The scheme that verified it (`github`, `stripe`, `verk`, …).
    pub provider: String,
    /// The payload shape recognised.
    pub shape: Shape,
    /// The event type (`push`, `pull_request.opened`, `invoice.paid`, `deployment.succeeded`).
    pub event_type: Option<String>,
    /// The event or delivery id.
    pub id: Option<String>,
    /// When it happened, RFC 3339 UTC.
    pub occurred_at: Option<String>,
    /// A one-line human title (a PR or issue title, a commit message), when the payload has one.
    pub title: Option<String>,
    /// A link to the thing the event is about.
    pub url: Option<String>,
    /// Labelled summary values, most important first.
    pub fields: Vec<Field>,
    /// The whole payload.
    pub payload: Value,
}

/// The payload shapes normalisation recognises; each has a built-in chat template
/// ([`Template::builtin`](crate::transform::Template::builtin), with the `transform` feature).
/// Serializes as its snake_case name ([`Shape::name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Shape {
    /// The common field names of any JSON payload.
    Generic,
    /// GitHub (the type from `X-GitHub-Event`).
    GitHub,
    /// Standard Webhooks `{type, timestamp, data}`.
    StandardWebhooks,
    /// Stripe `{object: "event", type, created}`.
    Stripe,
    /// VEM `{event, timestamp, org_id, project_id, project_name, data}`.
    Vem,
    /// Verk `{event, timestamp, webhookId, deliveryId, data, organization}`.
    Verk,
}

impl Shape {
    /// Every shape.
    pub const ALL: [Self; 6] = [
        Self::Generic,
        Self::GitHub,
        Self::StandardWebhooks,
        Self::Stripe,
        Self::Vem,
        Self::Verk,
    ];

    /// The stable snake_case name (`github`, `standard_webhooks`, …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Generic => "generic",
            Self::GitHub => "github",
            Self::StandardWebhooks => "standard_webhooks",
            Self::Stripe => "stripe",
            Self::Vem => "vem",
            Self::Verk => "verk",
        }
    }

    /// The shape with this name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl Serialize for Shape {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One labelled summary value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Field {
    /// The label (`Repository`, `Project`).
    pub label: String,
    /// The value, as text.
    pub value: String,
}

/// Why a verified payload could not be normalised. The payload is still authentic.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NormalizeError {
    /// The body is not JSON (a form post, plain text, or too deeply nested to parse).
    NotJson {
        /// 1-based line of the first problem.
        line: usize,
        /// 1-based column of the first problem.
        column: usize,
    },
}

impl NormalizeError {
    /// The stable snake_case code of this error.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotJson { .. } => "not_json",
        }
    }
}

impl fmt::Display for NormalizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson { line, column } => write!(
                f,
                "payload is not JSON (line {line}, column {column}): it verified, but has no event shape to normalise"
            ),
        }
    }
}

impl core::error::Error for NormalizeError {}

impl serde::Serialize for NormalizeError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code())?;
        match self {
            Self::NotJson { line, column } => {
                map.serialize_entry("line", line)?;
                map.serialize_entry("column", column)?;
            }
        }
        map.end()
    }
}

/// Normalises a verified event. `headers` are the request's (GitHub's event type is a header).
///
/// # Errors
/// [`NormalizeError::NotJson`] when the body is not JSON.
pub fn normalize<H: Headers + ?Sized>(
    verified: &Verified<'_>,
    headers: &H,
) -> Result<Event, NormalizeError> {
    normalize_payload(verified.scheme(), verified.id(), headers, verified.body())
}

/// Normalises a raw payload that was verified elsewhere (the npm package's `normalize`).
///
/// # Errors
/// [`NormalizeError::NotJson`] when the body is not JSON.
pub fn normalize_payload<H: Headers + ?Sized>(
    scheme: &str,
    id: Option<&str>,
    headers: &H,
    body: &[u8],
) -> Result<Event, NormalizeError> {
    let payload: Value = serde_json::from_slice(body).map_err(|e| NormalizeError::NotJson {
        line: e.line(),
        column: e.column(),
    })?;
    Ok(normalize_value(scheme, id, headers, payload))
}

/// Normalises an already-parsed payload (for callers that verified elsewhere).
#[must_use]
pub fn normalize_value<H: Headers + ?Sized>(
    scheme: &str,
    id: Option<&str>,
    headers: &H,
    payload: Value,
) -> Event {
    let mut event = Event {
        provider: scheme.to_owned(),
        shape: Shape::Generic,
        event_type: None,
        id: id.map(ToOwned::to_owned),
        occurred_at: None,
        title: None,
        url: None,
        fields: Vec::new(),
        payload: Value::Null,
    };
    let has = |key: &str| payload.get(key).is_some();
    if scheme.starts_with("github") || headers.header("x-github-event").is_some() {
        github(&mut event, headers, &payload);
    } else if scheme == "stripe" || (str_at(&payload, "/object") == Some("event") && has("created"))
    {
        stripe(&mut event, &payload);
    } else if has("event") && has("deliveryId") && has("data") {
        verk(&mut event, &payload);
    } else if has("event") && (has("project_id") || has("project_name")) && has("data") {
        vem(&mut event, &payload);
    } else if has("type") && has("timestamp") && has("data") {
        standard(&mut event, &payload);
    } else {
        generic(&mut event, headers, &payload);
    }
    event.payload = payload;
    event
}

fn str_at<'v>(v: &'v Value, pointer: &str) -> Option<&'v str> {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// A scalar as display text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn push(event: &mut Event, label: &str, value: Option<impl Into<String>>) {
    if let Some(value) = value {
        event.fields.push(Field {
            label: label.to_owned(),
            value: value.into(),
        });
    }
}

/// A timestamp as RFC 3339: unix seconds or milliseconds, or an RFC 3339 string.
fn instant(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => {
            let n = n.as_i64()?;
            // Values past ~2286 in seconds are milliseconds.
            let t = if n.unsigned_abs() >= 10_000_000_000 {
                UnixTime::from_millis(n)
            } else {
                UnixTime::from_secs(n)
            };
            Some(t.to_rfc3339())
        }
        Value::String(s) => match UnixTime::parse_rfc3339(s) {
            Some(t) => Some(t.to_rfc3339()),
            None => s
                .parse::<i64>()
                .ok()
                .and_then(|n| instant(Some(&Value::from(n)))),
        },
        _ => None,
    }
}

/// Labelled scalars of a `data` object, in payload order, at most [`MAX_DATA_FIELDS`].
/// Verk's and VEM's `data`: its `title` (or `name`) and `url`, and its fields.
fn data_summary(event: &mut Event, p: &Value) {
    event.title = str_at(p, "/data/title")
        .or_else(|| str_at(p, "/data/name"))
        .map(ToOwned::to_owned);
    event.url = str_at(p, "/data/url").map(ToOwned::to_owned);
    data_fields(event, p.get("data"));
}

fn data_fields(event: &mut Event, data: Option<&Value>) {
    let Some(Value::Object(map)) = data else {
        return;
    };
    for (key, value) in map
        .iter()
        .filter_map(|(k, v)| Some((k, text(v)?)))
        .take(MAX_DATA_FIELDS)
    {
        push(event, &label(key), Some(value));
    }
}

/// `project_name` / `projectName` → `Project name`.
fn label(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    for (i, c) in key.chars().enumerate() {
        match c {
            '_' | '-' | '.' => out.push(' '),
            c if c.is_ascii_uppercase() && i > 0 => {
                out.push(' ');
                out.push(c.to_ascii_lowercase());
            }
            c if i == 0 => out.extend(c.to_uppercase()),
            c => out.push(c),
        }
    }
    out
}

fn github<H: Headers + ?Sized>(event: &mut Event, headers: &H, p: &Value) {
    event.shape = Shape::GitHub;
    let kind = headers.header("x-github-event").map(str::to_owned);
    let action = str_at(p, "/action");
    event.event_type = match (kind, action) {
        (Some(k), Some(a)) => Some(format!("{k}.{a}")),
        (Some(k), None) => Some(k),
        (None, a) => a.map(ToOwned::to_owned),
    };
    if let Some(delivery) = headers.header("x-github-delivery") {
        event.id = Some(delivery.to_owned());
    }
    let subject = [
        "/pull_request",
        "/issue",
        "/release",
        "/discussion",
        "/check_run",
        "/workflow_run",
    ]
    .iter()
    .find_map(|ptr| p.pointer(ptr).filter(|v| v.is_object()));
    event.title = subject
        .and_then(|s| str_at(s, "/title").or_else(|| str_at(s, "/name")))
        .or_else(|| str_at(p, "/head_commit/message").and_then(|m| m.lines().next()))
        .map(ToOwned::to_owned);
    event.url = subject
        .and_then(|s| str_at(s, "/html_url"))
        .or_else(|| str_at(p, "/compare"))
        .or_else(|| str_at(p, "/repository/html_url"))
        .map(ToOwned::to_owned);
    event.occurred_at = instant(
        subject
            .and_then(|s| s.get("updated_at"))
            .or_else(|| p.pointer("/head_commit/timestamp")),
    );
    push(event, "Repository", str_at(p, "/repository/full_name"));
    push(event, "Sender", str_at(p, "/sender/login"));
    push(event, "Ref", str_at(p, "/ref"));
    push(event, "State", subject.and_then(|s| str_at(s, "/state")));
    push(
        event,
        "Conclusion",
        subject.and_then(|s| str_at(s, "/conclusion")),
    );
}

fn stripe(event: &mut Event, p: &Value) {
    event.shape = Shape::Stripe;
    event.event_type = str_at(p, "/type").map(ToOwned::to_owned);
    event.id = str_at(p, "/id").map(ToOwned::to_owned).or(event.id.take());
    event.occurred_at = instant(p.get("created"));
    let live = p.get("livemode").and_then(Value::as_bool).unwrap_or(false);
    if let Some(id) = &event.id {
        let mode = if live { "" } else { "test/" };
        event.url = Some(format!("https://dashboard.stripe.com/{mode}events/{id}"));
    }
    let object = p.pointer("/data/object");
    let get = |ptr: &str| object.and_then(|o| o.pointer(ptr)).and_then(text);
    event.title = get("/description");
    push(event, "Object", get("/object"));
    push(event, "Object id", get("/id"));
    let amount = object
        .and_then(|o| o.get("amount").or_else(|| o.get("amount_due")))
        .and_then(Value::as_i64);
    let currency = get("/currency");
    if let (Some(amount), Some(currency)) = (amount, currency) {
        // Stripe amounts are in the currency's minor unit; two decimals covers most currencies.
        let sign = if amount < 0 { "-" } else { "" };
        let a = amount.unsigned_abs();
        push(
            event,
            "Amount",
            Some(format!(
                "{sign}{}.{:02} {}",
                a / 100,
                a % 100,
                currency.to_uppercase()
            )),
        );
    }
    push(event, "Status", get("/status"));
    push(event, "Customer", get("/customer"));
    push(event, "Mode", Some(if live { "live" } else { "test" }));
}

fn standard(event: &mut Event, p: &Value) {
    event.shape = Shape::StandardWebhooks;
    event.event_type = str_at(p, "/type").map(ToOwned::to_owned);
    event.occurred_at = instant(p.get("timestamp"));
    data_fields(event, p.get("data"));
}

fn verk(event: &mut Event, p: &Value) {
    event.shape = Shape::Verk;
    event.event_type = str_at(p, "/event").map(ToOwned::to_owned);
    event.occurred_at = instant(p.get("timestamp"));
    if let Some(delivery) = str_at(p, "/deliveryId") {
        event.id = Some(delivery.to_owned());
    }
    let org = p.get("organization");
    let org_name = org.and_then(|o| match o {
        Value::Object(_) => str_at(o, "/name")
            .or_else(|| str_at(o, "/slug"))
            .or_else(|| str_at(o, "/id"))
            .map(ToOwned::to_owned),
        other => text(other),
    });
    push(event, "Organization", org_name);
    push(event, "Webhook", str_at(p, "/webhookId"));
    data_summary(event, p);
}

fn vem(event: &mut Event, p: &Value) {
    event.shape = Shape::Vem;
    event.event_type = str_at(p, "/event").map(ToOwned::to_owned);
    event.occurred_at = instant(p.get("timestamp"));
    push(event, "Project", p.get("project_name").and_then(text));
    push(event, "Project id", p.get("project_id").and_then(text));
    push(event, "Organization", p.get("org_id").and_then(text));
    data_summary(event, p);
}

fn generic<H: Headers + ?Sized>(event: &mut Event, headers: &H, p: &Value) {
    let first = match p {
        Value::Array(items) => {
            push(event, "Events", Some(items.len().to_string()));
            items.first().unwrap_or(&Value::Null)
        }
        other => other,
    };
    let pick = |keys: &[&str]| keys.iter().find_map(|k| first.pointer(k).and_then(text));
    event.event_type = headers
        .header("x-shopify-topic")
        .map(ToOwned::to_owned)
        .or_else(|| {
            pick(&[
                "/type",
                "/event",
                "/event_type",
                "/eventType",
                "/topic",
                "/subscriptionType",
                "/event/type",
                "/event/event_type",
            ])
        });
    if event.id.is_none() {
        event.id = pick(&["/id", "/event_id", "/eventId", "/event/id"]);
    }
    event.occurred_at = [
        "/created_at",
        "/createdAt",
        "/timestamp",
        "/created",
        "/occurred_at",
        "/occurredAt",
        "/event_ts",
        "/event/occurred_at",
    ]
    .iter()
    .find_map(|k| instant(first.pointer(k)));
    event.title = pick(&["/title", "/subject", "/summary", "/name"]);
    event.url = pick(&["/url", "/html_url"]);
    data_fields(
        event,
        first
            .get("data")
            .or_else(|| first.get("payload"))
            .or_else(|| first.get("object")),
    );
    if event.fields.is_empty() {
        data_fields(event, Some(first));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(scheme: &str, headers: &[(&str, &str)], body: &str) -> Event {
        normalize_value(scheme, None, headers, serde_json::from_str(body).unwrap())
    }

    #[test]
    fn labels() {
        assert_eq!(label("project_name"), "Project name");
        assert_eq!(label("deliveryId"), "Delivery id");
    }

    #[test]
    fn shapes() {
        let e = event(
            "standard_webhooks",
            &[],
            r#"{"type":"invoice.paid","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"in_1","amount":42}}"#,
        );
        assert_eq!(
            (e.shape.name(), e.event_type.as_deref()),
            ("standard_webhooks", Some("invoice.paid"))
        );
        assert_eq!(e.occurred_at.as_deref(), Some("2022-11-03T20:26:10Z"));
        assert_eq!(
            e.fields[1],
            Field {
                label: "Amount".into(),
                value: "42".into()
            }
        );

        let e = event(
            "github",
            &[("X-GitHub-Event", "pull_request")],
            r#"{"action":"opened","pull_request":{"title":"Fix","html_url":"https://github.com/o/r/pull/1","state":"open"},"repository":{"full_name":"o/r"},"sender":{"login":"me"}}"#,
        );
        assert_eq!(e.event_type.as_deref(), Some("pull_request.opened"));
        assert_eq!(e.title.as_deref(), Some("Fix"));
        assert_eq!(e.fields[0].value, "o/r");

        let e = event(
            "stripe",
            &[],
            r#"{"id":"evt_1","object":"event","type":"charge.succeeded","created":1700000000,"livemode":false,"data":{"object":{"object":"charge","id":"ch_1","amount":1999,"currency":"usd","status":"succeeded"}}}"#,
        );
        assert_eq!(e.id.as_deref(), Some("evt_1"));
        assert!(e.fields.iter().any(|f| f.value == "19.99 USD"));
        assert_eq!(
            e.url.as_deref(),
            Some("https://dashboard.stripe.com/test/events/evt_1")
        );

        let e = event(
            "verk",
            &[],
            r#"{"event":"task.completed","timestamp":1700000000000,"webhookId":"wh_1","deliveryId":"dl_1","data":{"title":"Ship"},"organization":{"name":"Acme"}}"#,
        );
        assert_eq!(
            (e.shape.name(), e.id.as_deref(), e.title.as_deref()),
            ("verk", Some("dl_1"), Some("Ship"))
        );
        assert_eq!(e.occurred_at.as_deref(), Some("2023-11-14T22:13:20Z"));

        let e = event(
            "vem",
            &[],
            r#"{"event":"deploy.failed","timestamp":"2026-01-02T03:04:05Z","org_id":"o1","project_id":"p1","project_name":"Site","data":{}}"#,
        );
        assert_eq!(
            (e.shape.name(), e.fields[0].value.as_str()),
            ("vem", "Site")
        );
    }
}
