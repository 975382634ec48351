//! The gateway's configuration: one JSON document (the `HOOKGATE_CONFIG` var), parsed once per
//! isolate into typed routes.
//!
//! Parsing is strict: unknown fields are errors, never silently ignored. Each route is parsed and
//! validated on its own, so one broken route does not take the others down; a broken route is
//! kept as a [`Problem`] and answers every request with 500 `config_invalid`. It never forwards.
//! Secrets are named here and read from Worker secrets at run time (see `runtime.rs`).

use alloc::collections::BTreeMap;

use hookgate::dedupe::KeyTemplate;
use hookgate::spec::SchemeSpec;
use hookgate::transform::{self, Platform, Template};
use hookgate::{Tolerance, ToleranceError, schemes};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::schedule::RetrySchedule;

mod problem;

pub(crate) use problem::{Problem, ProblemCode};

/// The var holding the configuration document.
pub(crate) const CONFIG_VAR: &str = "HOOKGATE_CONFIG";
/// The path answered with the configuration's health; no route may take it.
pub(crate) const HEALTH_PATH: &str = "/healthz";
/// The admin API's paths start with this; no route may take them.
pub(crate) const ADMIN_PREFIX: &str = "/_hookgate/";

const DEFAULT_KV_BINDING: &str = "HOOKGATE_KV";
const DEFAULT_DO_BINDING: &str = "HOOKGATE_DEDUPE";
const DEFAULT_ASSETS_BINDING: &str = "ASSETS";
const DEFAULT_DO_SHARDS: u32 = 16;
const MAX_DO_SHARDS: u32 = 1024;
const DEFAULT_MAX_BODY_BYTES: u64 = 1024 * 1024;
/// The body is held in memory (an isolate has 128 MB), once in wasm and once for the fetch.
const MAX_MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;
const DEFAULT_ORIGIN_TIMEOUT_MS: u64 = 10_000;
/// Seven days: longer than the retry window of every provider hookgate knows.
const DEFAULT_DEDUPE_TTL_S: u64 = 7 * 24 * 3600;
const DEFAULT_CLAIM_TTL_S: u64 = 60;
/// Three days: how long a delivered event's body is kept for replay.
const DEFAULT_RETENTION_S: u64 = 3 * 24 * 3600;
const MAX_RETENTION_S: u64 = 30 * 24 * 3600;
/// Asynchronous delivery stores the body in one Durable Object SQLite row (at most 2 MB).
pub(crate) const MAX_ASYNC_BODY_BYTES: u64 = 1536 * 1024;
/// Workers KV rejects `expiration_ttl` below 60 s.
pub(crate) const MIN_TTL_S: u64 = 60;

/// The whole configuration. A document that does not parse at all is one [`Problem`] for every
/// request; otherwise each route stands or falls alone.
#[derive(Debug)]
pub(crate) struct Config {
    pub(crate) routes: Vec<RouteEntry>,
    pub(crate) bindings: Bindings,
    /// The admin API (`/_hookgate/…`), only when the document names its token's secret.
    pub(crate) admin: Option<Admin>,
}

/// The admin API's settings.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Admin {
    /// Binding name of the secret holding the bearer token.
    pub(crate) token_secret: String,
}

/// One configured path and its validated route, or why it is unusable.
#[derive(Debug)]
pub(crate) struct RouteEntry {
    /// The route's id (its `id`, else its path; `#<index>` when neither is readable).
    pub(crate) id: String,
    pub(crate) path: Option<String>,
    pub(crate) route: Result<Route, Problem>,
}

/// Names of the bindings the dedupe stores and the static pages use.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Bindings {
    pub(crate) kv: String,
    pub(crate) durable_object: String,
    pub(crate) durable_object_shards: u32,
    /// The Workers static assets binding (the signature debugger at `/`). When the binding is
    /// absent, `GET` on a path that is not a route answers 404 as before.
    pub(crate) assets: String,
    /// Worked out from the routes, not written: how long a Durable Object record may stay live
    /// (the longest dedupe `ttl_s`, an async event's whole life), so how long shards under an
    /// earlier `durable_object_shards` are still looked in (see `shard.rs`).
    #[serde(skip)]
    pub(crate) shard_memory_ms: u64,
}

impl Default for Bindings {
    fn default() -> Self {
        Self {
            kv: DEFAULT_KV_BINDING.into(),
            durable_object: DEFAULT_DO_BINDING.into(),
            durable_object_shards: DEFAULT_DO_SHARDS,
            assets: DEFAULT_ASSETS_BINDING.into(),
            shard_memory_ms: 0,
        }
    }
}

/// A validated route.
#[derive(Debug)]
pub(crate) struct Route {
    pub(crate) id: String,
    pub(crate) scheme: SchemeSource,
    /// Binding names of the provider secrets, in rotation order.
    pub(crate) secrets: Vec<String>,
    pub(crate) origin: String,
    /// Binding name of the `whsec_…` secret hookgate signs forwarded requests with. `None` on a
    /// transformed route, which sends nothing but the rendered message.
    pub(crate) origin_secret: Option<String>,
    pub(crate) origin_timeout_ms: u64,
    pub(crate) tolerance: Tolerance,
    pub(crate) public_url: Option<String>,
    pub(crate) max_body_bytes: u64,
    pub(crate) dedupe: Dedupe,
    /// The route's own dedupe key (`dedupe.key`), tried before the scheme's.
    pub(crate) dedupe_key: Option<KeyTemplate>,
    pub(crate) delivery: Delivery,
    pub(crate) forward_headers: HeaderPolicy,
    pub(crate) enforce: bool,
    pub(crate) handshakes: bool,
    /// Render each verified event as a chat message for this platform instead of forwarding it.
    pub(crate) transform: Option<Transform>,
}

/// A route whose origin is a chat platform's incoming webhook: each verified event is rendered
/// as a message (the core's `hookgate::transform`) and only that message is posted.
#[derive(Debug)]
pub(crate) struct Transform {
    pub(crate) platform: Platform,
    /// The route's own layout; `None` = the built-in template for the event's shape.
    pub(crate) template: Option<Template>,
}

/// A built-in scheme, or a custom one (also used for a built-in with another signature header).
#[derive(Debug)]
pub(crate) enum SchemeSource {
    Builtin(&'static SchemeSpec),
    Custom(Box<SchemeSpec>),
}

impl SchemeSource {
    pub(crate) fn spec(&self) -> &SchemeSpec {
        match self {
            Self::Builtin(spec) => spec,
            Self::Custom(spec) => spec,
        }
    }
}

/// How a route's verified events reach the origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// Inside the provider's request: the origin's answer is passed back (the default;
    /// interactive routes such as Slack commands need it).
    Sync,
    /// Stored first and answered 202; delivered in the background on the gateway's own schedule.
    Async(AsyncDelivery),
}

/// The settings of asynchronous delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AsyncDelivery {
    pub(crate) retry: RetrySchedule,
    /// How long a delivered event's body is kept for replay.
    pub(crate) retention_s: u64,
}

/// Where and for how long delivered events are remembered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dedupe {
    pub(crate) store: StoreKind,
    /// How long a committed event is remembered.
    pub(crate) ttl_s: u64,
    /// How long an in-flight claim holds before it lapses (a crashed forward frees itself).
    pub(crate) claim_ttl_s: u64,
}

/// The dedupe store of a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum StoreKind {
    /// Workers KV: cheap, eventually consistent (best effort across locations).
    Kv,
    /// One Durable Object per key shard: strongly consistent, exactly-once forwarding.
    DurableObject,
    /// No dedupe: every verified delivery is forwarded (the origin dedupes).
    None,
}

impl StoreKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Kv => "kv",
            Self::DurableObject => "durable_object",
            Self::None => "none",
        }
    }
}

/// Which inbound headers are forwarded to the origin. Whatever the policy, hop-by-hop headers,
/// `host`, `content-length`, `cf-*` and every inbound `hookgate-*` header are dropped (the last so
/// that a sender cannot forge `hookgate-verified`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum HeaderPolicy {
    /// Every header (the default): the origin can still verify the provider's own signature.
    #[default]
    All,
    /// Only these (case-insensitive).
    Allow(Vec<String>),
    /// All but these (case-insensitive).
    Deny(Vec<String>),
}

impl HeaderPolicy {
    fn normalized(self) -> Self {
        let lower =
            |names: Vec<String>| names.into_iter().map(|n| n.to_ascii_lowercase()).collect();
        match self {
            Self::All => Self::All,
            Self::Allow(names) => Self::Allow(lower(names)),
            Self::Deny(names) => Self::Deny(lower(names)),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    routes: Vec<Value>,
    #[serde(default)]
    bindings: Bindings,
    #[serde(default)]
    admin: Option<Admin>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    #[serde(default)]
    id: Option<String>,
    path: String,
    scheme: Value,
    #[serde(default)]
    signature_header: Option<String>,
    secrets: Vec<String>,
    origin: String,
    #[serde(default)]
    origin_secret: Option<String>,
    #[serde(default)]
    origin_timeout_ms: Option<u64>,
    #[serde(default)]
    tolerance: Option<ToleranceField>,
    #[serde(default)]
    public_url: Option<String>,
    #[serde(default)]
    max_body_bytes: Option<u64>,
    #[serde(default)]
    dedupe: Option<RawDedupe>,
    #[serde(default)]
    delivery: Option<RawDelivery>,
    #[serde(default)]
    forward_headers: Option<HeaderPolicy>,
    #[serde(default)]
    enforce: Option<bool>,
    #[serde(default)]
    handshakes: Option<bool>,
    /// `"auto"` (also when absent or `null`), `"off"`, `"slack"`, `"discord"`, or
    /// `{"platform": …, "template": {…}}`.
    #[serde(default)]
    transform: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransform {
    #[serde(default)]
    platform: Option<String>,
    #[serde(default)]
    template: Option<Value>,
}

/// `tolerance` as written, read by the core's [`Tolerance`]: a value of none of its shapes is
/// a `route_json` problem like any other field's, one it refuses is `invalid_tolerance`.
struct ToleranceField(Result<Tolerance, ToleranceError>);

impl<'de> Deserialize<'de> for ToleranceField {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Tolerance::deserialize_checked(deserializer).map(Self)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDelivery {
    #[serde(default)]
    mode: Option<DeliveryMode>,
    #[serde(default)]
    retry: Option<RawRetry>,
    #[serde(default)]
    retention_s: Option<u64>,
}

#[derive(Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum DeliveryMode {
    Async,
    Sync,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetry {
    #[serde(default)]
    delays_s: Option<Vec<u64>>,
    #[serde(default)]
    max_age_s: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDedupe {
    #[serde(default)]
    store: Option<StoreKind>,
    /// A template string, or a list of templates and source objects (the core's `KeyTemplate`).
    #[serde(default)]
    key: Option<Value>,
    #[serde(default)]
    ttl_s: Option<u64>,
    #[serde(default)]
    claim_ttl_s: Option<u64>,
}

/// Parses the configuration document.
///
/// # Errors
/// A [`Problem`] with code `config_json` when the document itself is unusable; problems of
/// single routes are kept in their [`RouteEntry`].
pub(crate) fn parse(json: &str) -> Result<Config, Problem> {
    let raw: RawConfig = serde_json::from_str(json)
        .map_err(|e| Problem::new(ProblemCode::ConfigJson, e.to_string()))?;
    let (mut bindings, admin) = (raw.bindings, raw.admin);
    if bindings.durable_object_shards == 0 || bindings.durable_object_shards > MAX_DO_SHARDS {
        return Err(Problem::new(
            ProblemCode::ConfigJson,
            format!("bindings.durable_object_shards must be 1..={MAX_DO_SHARDS}"),
        ));
    }
    let mut routes: Vec<RouteEntry> = raw
        .routes
        .into_iter()
        .enumerate()
        .map(|(index, value)| parse_route(index, value))
        .collect();

    // Two routes on one path would make the choice of origin arbitrary, and two with one id
    // would share dedupe records and stored events: all of them fail closed.
    let mut paths: BTreeMap<String, usize> = BTreeMap::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for entry in &routes {
        if let Some(path) = &entry.path {
            *paths.entry(path.clone()).or_default() += 1;
        }
        *ids.entry(entry.id.clone()).or_default() += 1;
    }
    for entry in &mut routes {
        if let Some(path) = &entry.path
            && paths.get(path).is_some_and(|n| *n > 1)
        {
            entry.route = Err(Problem::new(
                ProblemCode::DuplicatePath,
                format!("more than one route has path {path:?}"),
            ));
        } else if ids.get(&entry.id).is_some_and(|n| *n > 1) {
            entry.route = Err(Problem::new(
                ProblemCode::DuplicateId,
                format!("more than one route has id {:?}", entry.id),
            ));
        }
    }
    bindings.shard_memory_ms = shard_memory_ms(&routes);
    if admin.as_ref().is_some_and(|a| a.token_secret.is_empty()) {
        return Err(Problem::new(
            ProblemCode::ConfigJson,
            "admin.token_secret is an empty binding name",
        ));
    }
    Ok(Config {
        routes,
        bindings,
        admin,
    })
}

/// How long a Durable Object record of these routes may stay live, in ms: the longest dedupe
/// `ttl_s` (any store: an async route's records are in the shards whatever its store), and an
/// async event's whole life (its schedule, then kept for replay: `retention_s`, at least the
/// seven days a dead event is kept). At least a day.
fn shard_memory_ms(routes: &[RouteEntry]) -> u64 {
    const DAY_S: u64 = 24 * 3600;
    let life_s = |route: &Route| {
        let event_s = match &route.delivery {
            Delivery::Async(a) => a
                .retry
                .max_age_s
                .saturating_add(a.retention_s.max(7 * DAY_S)),
            Delivery::Sync => 0,
        };
        route.dedupe.ttl_s.max(event_s)
    };
    routes
        .iter()
        .filter_map(|e| e.route.as_ref().ok())
        .map(life_s)
        .fold(DAY_S, u64::max)
        .saturating_mul(1000)
}

fn parse_route(index: usize, value: Value) -> RouteEntry {
    let path = value.get("path").and_then(Value::as_str).map(String::from);
    let id = value
        .get("id")
        .and_then(Value::as_str)
        .map(String::from)
        .or_else(|| path.clone())
        .unwrap_or_else(|| format!("#{index}"));
    let route = serde_json::from_value::<RawRoute>(value)
        .map_err(|e| Problem::new(ProblemCode::RouteJson, e.to_string()))
        .and_then(validate_route);
    RouteEntry { id, path, route }
}

fn validate_route(raw: RawRoute) -> Result<Route, Problem> {
    let invalid = |code: ProblemCode, detail: String| Err(Problem::new(code, detail));
    let path = raw.path;
    if !path.starts_with('/') || path.contains(['?', '#']) {
        return invalid(
            ProblemCode::InvalidPath,
            format!("path {path:?} must start with / and hold no query or fragment"),
        );
    }
    // Requests are matched by their path as the runtime serializes it: a path that
    // serialization changes (a space, non-ASCII, `/a/../b`) would never match.
    let serialized = worker::Url::parse(&format!("https://route.invalid{path}"))
        .map(|url| url.path().to_owned())
        .unwrap_or_default();
    if serialized != path {
        return invalid(
            ProblemCode::InvalidPath,
            format!(
                "path {path:?} arrives as {serialized:?} once URL-serialized, so it could never \
                 match: write it that way"
            ),
        );
    }
    if path == HEALTH_PATH || format!("{path}/").starts_with(ADMIN_PREFIX) {
        return invalid(
            ProblemCode::InvalidPath,
            format!("{HEALTH_PATH} and the paths under {ADMIN_PREFIX} are reserved"),
        );
    }
    let id = raw.id.unwrap_or_else(|| path.clone());
    if id.is_empty() || id.len() > 128 || id.chars().any(char::is_control) {
        return invalid(
            ProblemCode::InvalidId,
            "id must be 1 to 128 characters without control characters".into(),
        );
    }

    let scheme = scheme_source(&raw.scheme, raw.signature_header.as_deref())?;
    let origin = validate_origin(&raw.origin)?;
    let transform = validate_transform(raw.transform.as_ref(), &origin)?;
    if transform.is_some() {
        // Only the rendered message is sent: nothing would use these, so say so rather than
        // silently ignore them.
        if raw.enforce == Some(false) {
            return invalid(
                ProblemCode::TransformConflict,
                "enforce: false cannot be used on a transformed route: an unverified event \
                 would be posted as a message, and the platform shows no hookgate-verified header"
                    .into(),
            );
        }
        for (field, given) in [
            ("origin_secret", raw.origin_secret.is_some()),
            ("forward_headers", raw.forward_headers.is_some()),
        ] {
            if given {
                return invalid(
                    ProblemCode::TransformConflict,
                    format!(
                        "{field} has no effect on a transformed route (only the rendered message \
                         is posted, with no provider or hookgate headers): remove it, or set \
                         \"transform\": \"off\""
                    ),
                );
            }
        }
    } else if raw.origin_secret.is_none() {
        return invalid(
            ProblemCode::RouteJson,
            "missing field `origin_secret` (required unless the route is transformed)".into(),
        );
    }
    for name in raw.secrets.iter().chain(raw.origin_secret.as_ref()) {
        if name.is_empty() {
            return invalid(
                ProblemCode::InvalidSecretName,
                "a secret binding name is empty".into(),
            );
        }
    }
    if let Some(url) = &raw.public_url {
        worker::Url::parse(url)
            .map_err(|e| Problem::new(ProblemCode::InvalidPublicUrl, format!("public_url: {e}")))?;
    }

    let tolerance = match raw.tolerance {
        None => Tolerance::scheme_default(),
        Some(ToleranceField(Ok(tolerance))) => tolerance,
        Some(ToleranceField(Err(e))) => {
            return invalid(ProblemCode::InvalidTolerance, e.to_string());
        }
    };

    let origin_timeout_ms = raw.origin_timeout_ms.unwrap_or(DEFAULT_ORIGIN_TIMEOUT_MS);
    if !(1..=300_000).contains(&origin_timeout_ms) {
        return invalid(
            ProblemCode::InvalidTimeout,
            "origin_timeout_ms must be 1..=300000".into(),
        );
    }
    let max_body_bytes = raw.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES);
    if !(1..=MAX_MAX_BODY_BYTES).contains(&max_body_bytes) {
        return invalid(
            ProblemCode::InvalidMaxBodyBytes,
            format!("max_body_bytes must be 1..={MAX_MAX_BODY_BYTES}"),
        );
    }

    let dedupe_key = raw
        .dedupe
        .as_ref()
        .and_then(|d| d.key.as_ref())
        .map(|key| {
            KeyTemplate::from_value(key)
                .and_then(|key| key.check_scheme(scheme.spec()).map(|()| key))
                .map_err(|e| {
                    Problem::new(ProblemCode::Config(e.clone()), format!("dedupe.key: {e}"))
                })
        })
        .transpose()?;
    let dedupe = validate_dedupe(raw.dedupe, origin_timeout_ms, tolerance, scheme.spec())?;
    let delivery = validate_delivery(raw.delivery)?;
    if let Delivery::Async(_) = delivery {
        if raw.enforce == Some(false) {
            return invalid(
                ProblemCode::InvalidDelivery,
                "enforce: false cannot be combined with async delivery: only verified events are \
                 stored and delivered"
                    .into(),
            );
        }
        if max_body_bytes > MAX_ASYNC_BODY_BYTES {
            return invalid(
                ProblemCode::InvalidDelivery,
                format!(
                    "max_body_bytes must be at most {MAX_ASYNC_BODY_BYTES} with async delivery \
                     (the body is stored in one Durable Object SQLite row, which holds 2 MB)"
                ),
            );
        }
    }

    Ok(Route {
        id,
        scheme,
        secrets: raw.secrets,
        origin,
        origin_secret: raw.origin_secret,
        origin_timeout_ms,
        tolerance,
        public_url: raw.public_url,
        max_body_bytes,
        dedupe,
        dedupe_key,
        delivery,
        forward_headers: raw.forward_headers.unwrap_or_default().normalized(),
        enforce: raw.enforce.unwrap_or(true),
        handshakes: raw.handshakes.unwrap_or(true),
        transform,
    })
}

/// The route's transform: `"auto"` (the default) detects a Slack or Discord incoming-webhook
/// origin; `"off"`, `"slack"`, `"discord"`; or an object naming the platform and a template,
/// which is validated here so that rendering can never fail at request time.
fn validate_transform(raw: Option<&Value>, origin: &str) -> Result<Option<Transform>, Problem> {
    let platform = |setting: Option<&str>| {
        transform::platform_for_route(origin, setting)
            .map_err(|e| Problem::new(ProblemCode::Transform(e.clone()), format!("transform: {e}")))
    };
    match raw {
        None | Some(Value::Null) => Ok(platform(None)?.map(|platform| Transform {
            platform,
            template: None,
        })),
        Some(Value::String(setting)) => Ok(platform(Some(setting))?.map(|platform| Transform {
            platform,
            template: None,
        })),
        Some(value @ Value::Object(_)) => {
            let raw = RawTransform::deserialize(value).map_err(|e| {
                Problem::new(ProblemCode::InvalidTransform, format!("transform: {e}"))
            })?;
            let setting = raw.platform.as_deref().unwrap_or("auto");
            let template = raw
                .template
                .as_ref()
                .map(|t| {
                    Template::from_value(t).map_err(|e| {
                        Problem::new(
                            ProblemCode::Transform(e.clone()),
                            format!("transform.template: {e}"),
                        )
                    })
                })
                .transpose()?;
            match (platform(Some(setting))?, template) {
                (Some(platform), template) => Ok(Some(Transform { platform, template })),
                (None, None) => Ok(None),
                (None, Some(_)) => Err(Problem::new(
                    ProblemCode::InvalidTransform,
                    // Not the origin itself: an incoming-webhook URL is a credential.
                    format!(
                        "transform.template is given but platform {setting:?} renders nothing for \
                         this origin: name the platform (\"slack\" or \"discord\")"
                    ),
                )),
            }
        }
        Some(_) => Err(Problem::new(
            ProblemCode::InvalidTransform,
            "transform must be \"auto\", \"off\", \"slack\", \"discord\" or \
             {\"platform\": …, \"template\": {…}}",
        )),
    }
}

fn scheme_source(scheme: &Value, signature_header: Option<&str>) -> Result<SchemeSource, Problem> {
    let from_core =
        |e: hookgate::ConfigError| Problem::new(ProblemCode::Config(e.clone()), e.to_string());
    let source = match scheme {
        Value::String(id) => SchemeSource::Builtin(schemes::by_id(id).map_err(from_core)?),
        Value::Object(_) => SchemeSource::Custom(Box::new(
            SchemeSpec::from_json(&scheme.to_string()).map_err(from_core)?,
        )),
        _ => {
            return Err(Problem::new(
                ProblemCode::InvalidScheme,
                "scheme must be a built-in scheme id or a custom scheme spec object",
            ));
        }
    };
    Ok(match signature_header {
        None => source,
        Some("") => {
            return Err(Problem::new(
                ProblemCode::InvalidScheme,
                "signature_header is empty",
            ));
        }
        Some(h) => SchemeSource::Custom(Box::new(source.spec().with_signature_header(h))),
    })
}

fn validate_origin(origin: &str) -> Result<String, Problem> {
    let url = worker::Url::parse(origin)
        .map_err(|e| Problem::new(ProblemCode::InvalidOrigin, format!("origin: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Problem::new(
            ProblemCode::InvalidOrigin,
            "origin must be an http or https URL",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Problem::new(
            ProblemCode::InvalidOrigin,
            "origin must not carry credentials; the origin authenticates hookgate by its signature",
        ));
    }
    Ok(url.into())
}

/// The route's delivery: sync unless `mode` says `async`. A schedule or retention on a sync route
/// would do nothing, so it is refused rather than ignored.
fn validate_delivery(raw: Option<RawDelivery>) -> Result<Delivery, Problem> {
    let invalid = |detail: String| Err(Problem::new(ProblemCode::InvalidDelivery, detail));
    let Some(raw) = raw else {
        return Ok(Delivery::Sync);
    };
    if raw.mode != Some(DeliveryMode::Async) {
        if raw.retry.is_some() || raw.retention_s.is_some() {
            return invalid(
                "delivery.retry and delivery.retention_s apply to \"mode\": \"async\" only".into(),
            );
        }
        return Ok(Delivery::Sync);
    }
    let mut retry = RetrySchedule::default();
    if let Some(r) = raw.retry {
        if let Some(delays_s) = r.delays_s {
            retry.delays_s = delays_s;
        }
        if let Some(max_age_s) = r.max_age_s {
            retry.max_age_s = max_age_s;
        }
    }
    if let Some(problem) = retry.problem() {
        return invalid(problem);
    }
    let retention_s = raw.retention_s.unwrap_or(DEFAULT_RETENTION_S);
    if retention_s > MAX_RETENTION_S {
        return invalid(format!(
            "delivery.retention_s must be at most {MAX_RETENTION_S}"
        ));
    }
    Ok(Delivery::Async(AsyncDelivery { retry, retention_s }))
}

fn validate_dedupe(
    raw: Option<RawDedupe>,
    origin_timeout_ms: u64,
    tolerance: Tolerance,
    spec: &SchemeSpec,
) -> Result<Dedupe, Problem> {
    let raw = raw.unwrap_or(RawDedupe {
        store: None,
        key: None,
        ttl_s: None,
        claim_ttl_s: None,
    });
    let dedupe = Dedupe {
        store: raw.store.unwrap_or(StoreKind::Kv),
        ttl_s: raw.ttl_s.unwrap_or(DEFAULT_DEDUPE_TTL_S),
        claim_ttl_s: raw.claim_ttl_s.unwrap_or(DEFAULT_CLAIM_TTL_S),
    };
    if dedupe.store == StoreKind::None {
        return Ok(dedupe);
    }
    if dedupe.ttl_s < MIN_TTL_S || dedupe.claim_ttl_s < MIN_TTL_S {
        return Err(Problem::new(
            ProblemCode::InvalidDedupe,
            format!("dedupe.ttl_s and dedupe.claim_ttl_s must be at least {MIN_TTL_S}"),
        ));
    }
    // A claim must outlive the forward it guards, or a second delivery could start while the
    // first is still waiting for the origin.
    if dedupe.claim_ttl_s.saturating_mul(1000) <= origin_timeout_ms.saturating_add(5_000) {
        return Err(Problem::new(
            ProblemCode::InvalidDedupe,
            "dedupe.claim_ttl_s must exceed origin_timeout_ms by at least 5 s",
        ));
    }
    // A record that expires before the signature does lets a captured request be replayed.
    // The oldest signed timestamp the route accepts; none when unlimited or the scheme signs
    // no timestamp (then the dedupe window alone bounds replays).
    if let Some(age) = spec
        .timestamp
        .as_ref()
        .and_then(|ts| tolerance.effective_window(ts).0)
        && dedupe.ttl_s < age
    {
        return Err(Problem::new(
            ProblemCode::InvalidDedupe,
            format!(
                "dedupe.ttl_s ({}) is shorter than the replay window ({age} s)",
                dedupe.ttl_s
            ),
        ));
    }
    Ok(dedupe)
}

#[cfg(test)]
#[allow(clippy::unwrap_in_result)]
mod tests {
    use super::*;

    fn route(extra: &str) -> String {
        format!(
            r#"{{"routes":[{{"path":"/h","scheme":"stripe","secrets":["S"],"origin":"https://o.example/in","origin_secret":"O"{extra}}}]}}"#
        )
    }

    fn first(json: &str) -> Result<Route, Problem> {
        let mut config = parse(json).unwrap();
        config.routes.remove(0).route
    }

    fn problem(extra: &str) -> String {
        first(&route(extra)).unwrap_err().code.as_str().to_owned()
    }

    #[test]
    fn defaults() {
        let r = first(&route("")).unwrap();
        assert_eq!(r.id, "/h");
        assert_eq!(r.scheme.spec().id, "stripe");
        assert_eq!(r.tolerance, Tolerance::scheme_default());
        assert_eq!(r.max_body_bytes, 1024 * 1024);
        assert_eq!(r.origin_timeout_ms, 10_000);
        assert_eq!(
            r.dedupe,
            Dedupe {
                store: StoreKind::Kv,
                ttl_s: 7 * 24 * 3600,
                claim_ttl_s: 60
            }
        );
        assert_eq!(r.forward_headers, HeaderPolicy::All);
        assert!(r.enforce && r.handshakes);
    }

    #[test]
    fn full_route() {
        let r = first(&route(
            r#","id":"s","tolerance":{"past_s":600,"future_s":null},"public_url":"https://h.example/h",
               "max_body_bytes":10,"dedupe":{"store":"durable_object","ttl_s":3600,"claim_ttl_s":120},
               "forward_headers":{"allow":["Stripe-Signature"]},"enforce":false,"handshakes":false,"transform":null,
               "signature_header":"X-Other-Sig""#,
        ))
        .unwrap();
        assert_eq!(r.id, "s");
        assert_eq!(r.tolerance, Tolerance::window(Some(600), None));
        assert_eq!(r.dedupe.store, StoreKind::DurableObject);
        assert_eq!(
            r.forward_headers,
            HeaderPolicy::Allow(vec!["stripe-signature".into()])
        );
        assert!(matches!(r.scheme, SchemeSource::Custom(_)));
        assert!(!r.enforce && !r.handshakes);
    }

    #[test]
    fn custom_scheme_spec() {
        let spec = hookgate::schemes::by_id("github").unwrap().to_json();
        let json = route("").replace(r#""stripe""#, &spec);
        let r = first(&json).unwrap();
        assert_eq!(r.scheme.spec().id, "github");
    }

    #[test]
    fn fails_closed_with_a_reason() {
        assert_eq!(problem(r#","transform":{"kind":"x"}"#), "invalid_transform");
        assert_eq!(problem(r#","retries":3"#), "route_json");
        assert_eq!(problem(r#","tolerance":"forever""#), "invalid_tolerance");
        assert_eq!(
            problem(r#","tolerance":{"past_s":null,"future_s":1}"#),
            "invalid_tolerance"
        );
        assert_eq!(problem(r#","dedupe":{"ttl_s":59}"#), "invalid_dedupe");
        assert_eq!(problem(r#","dedupe":{"ttl_s":200}"#), "invalid_dedupe"); // < 300 s tolerance
        assert_eq!(problem(r#","origin_timeout_ms":0"#), "invalid_timeout");
        assert_eq!(problem(r#","max_body_bytes":0"#), "invalid_max_body_bytes");
        assert_eq!(
            problem(r#","public_url":"not a url""#),
            "invalid_public_url"
        );
        assert_eq!(problem(r#","signature_header":"""#), "invalid_scheme");
        let bad_scheme = route("").replace(r#""stripe""#, r#""nonesuch""#);
        assert_eq!(
            first(&bad_scheme).unwrap_err().code.as_str(),
            "unknown_scheme"
        );
        let healthz = route("").replace(r#""/h""#, r#""/healthz""#);
        assert_eq!(first(&healthz).unwrap_err().code.as_str(), "invalid_path");
        let relative = route("").replace(r#""/h""#, r#""h""#);
        assert_eq!(first(&relative).unwrap_err().code.as_str(), "invalid_path");
    }

    #[test]
    fn configurations_that_would_half_work_are_refused() {
        // A path the runtime would serialize differently could never match.
        for path in ["/hooks/a b", "/hooks/é", "/a/../b", "/a/./b", "/a\\b"] {
            let json = route("").replace(r#""/h""#, &serde_json::to_string(path).unwrap());
            let p = first(&json).unwrap_err();
            assert_eq!(p.code.as_str(), "invalid_path", "{path}");
            assert!(p.detail.contains("URL-serialized"), "{}", p.detail);
        }
        assert!(first(&route("").replace(r#""/h""#, r#""/hooks/a%20b""#)).is_ok());
        // A custom scheme id that could not be a header value.
        let spec = hookgate::schemes::by_id("github").unwrap().to_json();
        for id in ["x\ny", "✓", "GitHub"] {
            let custom = spec.replace(
                r#""id": "github""#,
                &format!("\"id\": {}", serde_json::to_string(id).unwrap()),
            );
            let json = route("").replace(r#""stripe""#, &custom);
            assert_eq!(
                first(&json).unwrap_err().code.as_str(),
                "invalid_spec",
                "{id:?}"
            );
        }
        // A dedupe key is validated when the document loads.
        assert_eq!(
            problem(r#","dedupe":{"key":"constant"}"#),
            "invalid_dedupe_key"
        );
        assert_eq!(
            problem(r#","dedupe":{"key":[{"body":"/id"}]}"#),
            "invalid_dedupe_key"
        );
        assert_eq!(problem(r#","dedupe":{"key":7}"#), "invalid_dedupe_key");
        let github =
            route(r#","dedupe":{"key":"{param:t}"}"#).replace(r#""stripe""#, r#""github""#);
        assert_eq!(
            first(&github).unwrap_err().code.as_str(),
            "invalid_dedupe_key"
        );
        let r = first(&route(
            r#","dedupe":{"store":"durable_object","key":[{"json":"/data/id"},"{json:/type}:{param:t}"]}"#,
        ))
        .unwrap();
        assert_eq!(
            r.dedupe_key.unwrap().to_string(),
            "{json:/data/id} | {json:/type}:{param:t}"
        );
    }

    #[test]
    fn earlier_shard_counts_are_remembered_as_long_as_records_live() {
        let config = parse(&route(r#","dedupe":{"ttl_s":3600}"#)).unwrap();
        assert_eq!(
            config.bindings.shard_memory_ms,
            24 * 3600 * 1000,
            "at least a day"
        );
        let config = parse(&route(
            r#","dedupe":{"store":"durable_object","ttl_s":864000}"#,
        ))
        .unwrap();
        assert_eq!(config.bindings.shard_memory_ms, 864_000_000);
        let config = parse(&route(
            r#","delivery":{"mode":"async","retry":{"max_age_s":86400},"retention_s":0}"#,
        ))
        .unwrap();
        assert_eq!(
            config.bindings.shard_memory_ms,
            (86_400 + 7 * 86_400) * 1000
        );
    }

    #[test]
    fn delivery_is_sync_unless_async_is_asked_for() {
        assert_eq!(first(&route("")).unwrap().delivery, Delivery::Sync);
        assert_eq!(
            first(&route(r#","delivery":{"mode":"sync"}"#))
                .unwrap()
                .delivery,
            Delivery::Sync
        );
        let Delivery::Async(a) = first(&route(r#","delivery":{"mode":"async"}"#))
            .unwrap()
            .delivery
        else {
            panic!("async expected");
        };
        assert_eq!(a.retry, RetrySchedule::default());
        assert_eq!(a.retention_s, 3 * 24 * 3600);
        let Delivery::Async(a) = first(&route(
            r#","delivery":{"mode":"async","retry":{"delays_s":[1],"max_age_s":3},"retention_s":0}"#,
        ))
        .unwrap()
        .delivery
        else {
            panic!("async expected");
        };
        assert_eq!(
            (
                a.retry.delays_s.as_slice(),
                a.retry.max_age_s,
                a.retention_s
            ),
            (&[1u64][..], 3, 0)
        );
    }

    #[test]
    fn delivery_refuses_what_it_cannot_do() {
        for extra in [
            r#","delivery":{"retry":{"delays_s":[1]}}"#,
            r#","delivery":{"mode":"sync","retention_s":10}"#,
            r#","delivery":{"mode":"async","retry":{"delays_s":[]}}"#,
            r#","delivery":{"mode":"async","retry":{"delays_s":[0]}}"#,
            r#","delivery":{"mode":"async","retry":{"max_age_s":0}}"#,
            r#","delivery":{"mode":"async","retry":{"max_age_s":2592001}}"#,
            r#","delivery":{"mode":"async","retention_s":2592001}"#,
            r#","delivery":{"mode":"async"},"enforce":false"#,
            r#","delivery":{"mode":"async"},"max_body_bytes":1572865"#,
        ] {
            assert_eq!(problem(extra), "invalid_delivery", "{extra}");
        }
        assert_eq!(problem(r#","delivery":{"mode":"later"}"#), "route_json");
        assert_eq!(
            problem(r#","delivery":{"mode":"async","tries":3}"#),
            "route_json"
        );
        assert!(
            first(&route(
                r#","delivery":{"mode":"async"},"max_body_bytes":1572864"#
            ))
            .is_ok()
        );
    }

    #[test]
    fn admin_paths_are_reserved_and_ids_unique() {
        for path in ["/_hookgate", "/_hookgate/", "/_hookgate/events"] {
            let json = route("").replace(r#""/h""#, &format!("{path:?}"));
            assert_eq!(
                first(&json).unwrap_err().code.as_str(),
                "invalid_path",
                "{path}"
            );
        }
        assert!(first(&route("").replace(r#""/h""#, r#""/_hookgatex""#)).is_ok());
        let json = r#"{"routes":[
            {"id":"x","path":"/a","scheme":"stripe","secrets":["S"],"origin":"https://o.example","origin_secret":"O"},
            {"id":"x","path":"/b","scheme":"stripe","secrets":["S"],"origin":"https://o.example","origin_secret":"O"}
        ]}"#;
        let config = parse(json).unwrap();
        for entry in &config.routes {
            assert_eq!(
                entry.route.as_ref().unwrap_err().code.as_str(),
                "duplicate_id"
            );
        }
        let admin = parse(r#"{"routes":[],"admin":{"token_secret":"T"}}"#).unwrap();
        assert_eq!(admin.admin.unwrap().token_secret, "T");
        assert_eq!(
            parse(r#"{"routes":[],"admin":{"token_secret":""}}"#)
                .unwrap_err()
                .code
                .as_str(),
            "config_json"
        );
        assert_eq!(
            parse(r#"{"routes":[],"admin":{"token":"T"}}"#)
                .unwrap_err()
                .code
                .as_str(),
            "config_json"
        );
    }

    const SLACK: &str = "https://hooks.slack.com/services/T0/B0/xyz";
    const DISCORD: &str = "https://discord.com/api/webhooks/1/tok";

    /// A route to `origin` without `origin_secret` (a transformed route must not have one).
    fn chat_route(origin: &str, extra: &str) -> Result<Route, Problem> {
        first(&format!(
            r#"{{"routes":[{{"path":"/h","scheme":"stripe","secrets":["S"],"origin":"{origin}"{extra}}}]}}"#
        ))
    }

    fn platform(r: &Route) -> Option<Platform> {
        r.transform.as_ref().map(|t| t.platform)
    }

    fn platform_of(r: Route) -> Option<Platform> {
        platform(&r)
    }

    #[test]
    fn transform_is_detected_from_the_origin_by_default() {
        assert_eq!(platform_of(first(&route("")).unwrap()), None);
        assert_eq!(
            platform_of(chat_route(SLACK, "").unwrap()),
            Some(Platform::Slack)
        );
        assert_eq!(
            platform_of(chat_route(DISCORD, r#","transform":null"#).unwrap()),
            Some(Platform::Discord)
        );
        assert_eq!(
            platform_of(chat_route(SLACK, r#","transform":"auto""#).unwrap()),
            Some(Platform::Slack)
        );
        // "off" forwards as before, so it needs hookgate's signing secret again.
        assert_eq!(
            chat_route(SLACK, r#","transform":"off""#)
                .unwrap_err()
                .code
                .as_str(),
            "route_json"
        );
        let off = chat_route(SLACK, r#","transform":"off","origin_secret":"O""#).unwrap();
        assert!(off.transform.is_none());
        assert_eq!(off.origin_secret.as_deref(), Some("O"));
    }

    #[test]
    fn transform_can_be_forced_for_any_origin() {
        let local = "http://127.0.0.1:9000/fake-slack";
        let r = chat_route(local, r#","transform":"slack""#).unwrap();
        assert_eq!(platform(&r), Some(Platform::Slack));
        assert!(r.origin_secret.is_none());
        let r = chat_route(local, r#","transform":{"platform":"discord"}"#).unwrap();
        assert_eq!(platform(&r), Some(Platform::Discord));
    }

    #[test]
    fn templates_are_validated_at_load() {
        let ok = chat_route(
            DISCORD,
            r#","transform":{"template":{"title":"{/payload/x}","color":"danger"}}"#,
        )
        .unwrap();
        let t = ok.transform.unwrap();
        assert_eq!(t.platform, Platform::Discord);
        assert!(t.template.is_some());
        let code = |extra: &str| {
            chat_route(SLACK, extra)
                .unwrap_err()
                .code
                .as_str()
                .to_owned()
        };
        assert_eq!(
            code(r#","transform":{"platform":"slack","template":{"titel":"x"}}"#),
            "unknown_template_key"
        );
        assert_eq!(
            code(r#","transform":{"platform":"slack","template":{"title":"{/nope}"}}"#),
            "invalid_pointer"
        );
        assert_eq!(
            code(r#","transform":{"platform":"slack","template":{"color":"pink"}}"#),
            "invalid_color"
        );
        assert_eq!(
            code(r#","transform":{"platform":"slack","template":"{}"}"#),
            "invalid_template_type"
        );
        assert_eq!(code(r#","transform":"teams""#), "unknown_platform");
        assert_eq!(
            code(r#","transform":{"platform":"off","template":{}}"#),
            "invalid_transform"
        );
        assert_eq!(code(r#","transform":7"#), "invalid_transform");
        // A template for an origin that is not a chat webhook must name its platform.
        assert_eq!(
            problem(r#","transform":{"template":{}}"#),
            "invalid_transform"
        );
    }

    #[test]
    fn transformed_routes_refuse_fields_they_would_ignore() {
        assert_eq!(
            chat_route(SLACK, r#","origin_secret":"O""#)
                .unwrap_err()
                .code
                .as_str(),
            "transform_conflict"
        );
        assert_eq!(
            chat_route(SLACK, r#","forward_headers":"all""#)
                .unwrap_err()
                .code
                .as_str(),
            "transform_conflict"
        );
        assert_eq!(
            chat_route(SLACK, r#","enforce":false"#)
                .unwrap_err()
                .code
                .as_str(),
            "transform_conflict"
        );
        // The detail never repeats the origin: an incoming-webhook URL is a credential.
        let p = chat_route(
            SLACK,
            r#","transform":{"platform":"auto","template":{"x":1}}"#,
        )
        .unwrap_err();
        assert!(!p.detail.contains("xyz"), "{}", p.detail);
    }

    #[test]
    fn tolerance_problems_read_as_they_always_have() {
        let detail = |extra: &str| {
            let p = first(&route(extra)).unwrap_err();
            (p.code.as_str().to_owned(), p.detail)
        };
        assert_eq!(
            detail(r#","tolerance":"forever""#),
            (
                "invalid_tolerance".into(),
                r#"tolerance "forever": use seconds, a window, or "dangerous_unlimited""#.into()
            )
        );
        assert_eq!(
            detail(r#","tolerance":{"future_s":1}"#),
            (
                "invalid_tolerance".into(),
                "tolerance.past_s is null (no age limit allows replays forever); \
                 set dangerous_unlimited_past: true if you mean it"
                    .into()
            )
        );
        for shapeless in ["true", "-5", "1.5", r#"{"past_s":1,"pastS":1}"#] {
            assert_eq!(
                detail(&format!(r#","tolerance":{shapeless}"#)),
                (
                    "route_json".into(),
                    "data did not match any variant of untagged enum RawTolerance".into()
                ),
                "{shapeless}"
            );
        }
        assert_eq!(
            first(&route(r#","tolerance":null"#)).unwrap().tolerance,
            Tolerance::scheme_default()
        );
    }

    #[test]
    fn dangerous_windows_must_say_so() {
        let r = first(&route(
            r#","tolerance":{"past_s":null,"future_s":0,"dangerous_unlimited_past":true}"#,
        ))
        .unwrap();
        assert_eq!(r.tolerance, Tolerance::window(None, Some(0)));
        let r = first(&route(r#","tolerance":"dangerous_unlimited""#)).unwrap();
        assert_eq!(r.tolerance, Tolerance::dangerous_unlimited());
        // No store: no dedupe window to check against.
        assert!(first(&route(r#","dedupe":{"store":"none","ttl_s":1}"#)).is_ok());
    }

    #[test]
    fn one_bad_route_does_not_break_the_others() {
        let json = r#"{"routes":[
            {"path":"/a","scheme":"stripe","secrets":["S"],"origin":"https://o.example","origin_secret":"O"},
            {"path":"/b","scheme":"stripe"},
            {"id":"c1","path":"/c","scheme":"stripe","secrets":["S"],"origin":"https://o.example","origin_secret":"O"},
            {"id":"c2","path":"/c","scheme":"stripe","secrets":["S"],"origin":"https://o.example","origin_secret":"O"},
            {"scheme":"stripe"}
        ]}"#;
        let config = parse(json).unwrap();
        let codes: Vec<_> = config
            .routes
            .iter()
            .map(|e| {
                (
                    e.id.as_str(),
                    e.route.as_ref().err().map(|p| p.code.as_str()),
                )
            })
            .collect();
        assert_eq!(
            codes,
            [
                ("/a", None),
                ("/b", Some("route_json")),
                ("c1", Some("duplicate_path")),
                ("c2", Some("duplicate_path")),
                ("#4", Some("route_json")),
            ]
        );
    }

    #[test]
    fn document_errors() {
        assert_eq!(parse("{").unwrap_err().code.as_str(), "config_json");
        assert_eq!(
            parse(r#"{"routes":[],"extra":1}"#)
                .unwrap_err()
                .code
                .as_str(),
            "config_json"
        );
        assert_eq!(
            parse(r#"{"routes":[],"bindings":{"durable_object_shards":0}}"#)
                .unwrap_err()
                .code
                .as_str(),
            "config_json"
        );
        let b = parse(r#"{"routes":[],"bindings":{"kv":"MY_KV"}}"#)
            .unwrap()
            .bindings;
        assert_eq!(
            (b.kv.as_str(), b.durable_object.as_str()),
            ("MY_KV", "HOOKGATE_DEDUPE")
        );
    }
}
