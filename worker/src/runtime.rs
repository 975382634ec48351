//! Per-isolate state: the configuration, parsed once, and per route its verifier and secrets,
//! built on first use. Bindings (KV, Durable Objects) are looked up per request from `Env`.

use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use core::cell::{OnceCell, RefCell};
use core::fmt;

use hookgate::Verifier;
use worker::Env;

use crate::config::{
    self, Bindings, CONFIG_VAR, Config, Dedupe, Problem, ProblemCode, Route, SchemeSource,
    StoreKind,
};
use crate::dedupe::durable::DurableDedupe;
use crate::dedupe::kv::KvDedupe;
use crate::dedupe::{Claim, DedupeStore, StoreError, StoreKey, Token};
use crate::forward;
use crate::outbox::Outbox;
use crate::shard::Shards;
use crate::webcrypto;

thread_local! {
    static CONFIG: OnceCell<Rc<Result<Config, Problem>>> = const { OnceCell::new() };
    static ROUTES: RefCell<BTreeMap<usize, Rc<RouteRuntime>>> = const { RefCell::new(BTreeMap::new()) };
}

/// The configuration, parsed on the first request of this isolate.
pub(crate) fn config(env: &Env) -> Rc<Result<Config, Problem>> {
    CONFIG.with(|cell| Rc::clone(cell.get_or_init(|| Rc::new(load(env)))))
}

fn load(env: &Env) -> Result<Config, Problem> {
    let text = match env.var(CONFIG_VAR) {
        Ok(var) => var.to_string(),
        // A `[vars]` table in wrangler.toml arrives as an object rather than a string.
        Err(_) => env
            .object_var::<serde_json::Value>(CONFIG_VAR)
            .map(|v| v.to_string())
            .map_err(|_| {
                Problem::new(
                    ProblemCode::ConfigMissing,
                    format!("the {CONFIG_VAR} var is not set"),
                )
            })?,
    };
    config::parse(&text)
}

/// What a route needs at run time besides its configuration: secrets and the verifier.
pub(crate) struct RouteRuntime {
    pub(crate) verifier: Verifier,
    /// The same verifier for large bodies: its MACs computed by Web Crypto (`webcrypto`).
    pub(crate) web_crypto: Verifier,
    /// Provider secrets, in configured order (a handshake answers with the one that matched).
    pub(crate) secrets: Vec<String>,
    /// hookgate's own `whsec_` signing key for this origin (`None` on a transformed route, which
    /// signs nothing).
    pub(crate) origin_secret: Option<String>,
}

impl fmt::Debug for RouteRuntime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouteRuntime")
            .field("verifier", &self.verifier)
            .field("secrets", &self.secrets.len())
            .finish_non_exhaustive()
    }
}

/// The runtime of route `index`, built (and cached) on first use.
///
/// # Errors
/// A [`Problem`] when a secret binding is missing or a secret is unusable; nothing is cached
/// then, and the route answers 500 `config_invalid`.
pub(crate) fn route_runtime(
    env: &Env,
    index: usize,
    route: &Route,
) -> Result<Rc<RouteRuntime>, Problem> {
    if let Some(rt) = ROUTES.with(|r| r.borrow().get(&index).cloned()) {
        return Ok(rt);
    }
    let rt = Rc::new(build(env, route)?);
    ROUTES.with(|r| r.borrow_mut().insert(index, Rc::clone(&rt)));
    Ok(rt)
}

fn secret(env: &Env, name: &str) -> Result<String, Problem> {
    env.secret(name).map(|s| s.to_string()).map_err(|_| {
        Problem::new(
            ProblemCode::SecretMissing,
            format!("the secret binding {name:?} is not set"),
        )
    })
}

fn build(env: &Env, route: &Route) -> Result<RouteRuntime, Problem> {
    let secrets = route
        .secrets
        .iter()
        .map(|name| secret(env, name))
        .collect::<Result<Vec<_>, _>>()?;
    let from_core = |e: hookgate::ConfigError| {
        let detail = format!("secrets: {e}");
        Problem::new(ProblemCode::Config(e), detail)
    };
    let verifier = || match &route.scheme {
        SchemeSource::Builtin(spec) => Verifier::new(spec, &secrets).map_err(from_core),
        SchemeSource::Custom(spec) => {
            Verifier::custom(spec.as_ref().clone(), &secrets).map_err(from_core)
        }
    };
    // The route's dedupe key was checked against the scheme when the configuration loaded.
    let verifier = || {
        let verifier = verifier()?;
        match &route.dedupe_key {
            Some(key) => verifier.with_dedupe_key(key.clone()).map_err(from_core),
            None => Ok(verifier),
        }
    };
    let (verifier, web_crypto) = (verifier()?, verifier()?.with_crypto(&webcrypto::TAPE));
    let origin_secret = match &route.origin_secret {
        Some(name) => {
            let origin_secret = secret(env, name)?;
            forward::check_origin_secret(&origin_secret).map_err(|e| {
                Problem::new(
                    ProblemCode::OriginSecretInvalid,
                    format!("origin_secret: {e}"),
                )
            })?;
            Some(origin_secret)
        }
        None => None,
    };
    Ok(RouteRuntime {
        verifier,
        web_crypto,
        secrets,
        origin_secret,
    })
}

/// A route's dedupe store.
#[derive(Debug)]
pub(crate) enum Store {
    Kv(KvDedupe),
    Durable(DurableDedupe),
    None,
}

/// The route's store; with none, every claim succeeds and nothing is written.
impl DedupeStore for Store {
    async fn claim(&self, keys: &[StoreKey], token: &Token) -> Result<Claim, StoreError> {
        match self {
            Self::Kv(s) => s.claim(keys, token).await,
            Self::Durable(s) => s.claim(keys, token).await,
            Self::None => Ok(Claim::Claimed),
        }
    }

    async fn hold(&self, keys: &[StoreKey], token: &Token) -> Result<(), StoreError> {
        match self {
            Self::Kv(s) => s.hold(keys, token).await,
            Self::Durable(s) => s.hold(keys, token).await,
            Self::None => Ok(()),
        }
    }

    async fn commit(&self, keys: &[StoreKey], token: &Token) -> Result<(), StoreError> {
        match self {
            Self::Kv(s) => s.commit(keys, token).await,
            Self::Durable(s) => s.commit(keys, token).await,
            Self::None => Ok(()),
        }
    }

    async fn release(&self, keys: &[StoreKey], token: &Token) -> Result<(), StoreError> {
        match self {
            Self::Kv(s) => s.release(keys, token).await,
            Self::Durable(s) => s.release(keys, token).await,
            Self::None => Ok(()),
        }
    }
}

/// The store `dedupe` names, from this request's bindings.
///
/// # Errors
/// A [`Problem`] when the binding is missing.
pub(crate) fn store(env: &Env, bindings: &Bindings, dedupe: &Dedupe) -> Result<Store, Problem> {
    Ok(match dedupe.store {
        StoreKind::Kv => Store::Kv(KvDedupe {
            kv: env.kv(&bindings.kv).map_err(|_| missing(&bindings.kv))?,
            dedupe: *dedupe,
        }),
        StoreKind::DurableObject => Store::Durable(DurableDedupe {
            shards: shards(env, bindings)?,
            dedupe: *dedupe,
        }),
        StoreKind::None => Store::None,
    })
}

/// The outbox of asynchronous delivery (the Durable Object shards, whatever the route's
/// dedupe store).
///
/// # Errors
/// A [`Problem`] when the Durable Object binding is missing.
pub(crate) fn outbox(env: &Env, bindings: &Bindings) -> Result<Outbox, Problem> {
    Ok(Outbox {
        shards: shards(env, bindings)?,
    })
}

fn shards(env: &Env, bindings: &Bindings) -> Result<Shards, Problem> {
    let namespace = env
        .durable_object(&bindings.durable_object)
        .map_err(|_| missing(&bindings.durable_object))?;
    Ok(Shards::new(
        namespace,
        bindings.durable_object_shards,
        bindings.shard_memory_ms,
    ))
}

fn missing(name: &str) -> Problem {
    Problem::new(
        ProblemCode::BindingMissing,
        format!("the binding {name:?} is not configured"),
    )
}
