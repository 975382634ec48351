//! The Durable Object store, Worker side: each operation goes to the key's shard
//! (`shard-<n>`, n = sha256(key) mod `durable_object_shards`); see `shard.rs` for the object.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use worker::js_sys::Promise;
use worker::wasm_bindgen_futures::JsFuture;
use worker::{ObjectNamespace, web_sys};

use super::{Claim, DedupeStore, StoreError, StoreKey, Token};
use crate::config::Dedupe;

/// The Worker side: sends each operation to the key's shard.
#[derive(Debug)]
pub(crate) struct DurableDedupe {
    pub(crate) namespace: ObjectNamespace,
    pub(crate) shards: u32,
    pub(crate) dedupe: Dedupe,
}

/// One operation, as sent to a shard.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Call {
    pub(crate) op: Op,
    pub(crate) key: String,
    pub(crate) token: String,
    pub(crate) ttl_ms: u64,
}

/// The operations of [`DedupeStore`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Op {
    Claim,
    Commit,
    Release,
}

/// A shard's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Outcome {
    Claimed,
    Committed,
    Done,
    InFlight,
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

impl DurableDedupe {
    async fn call(
        &self,
        key: &StoreKey,
        op: Op,
        token: &Token,
        ttl_s: u64,
    ) -> Result<Outcome, StoreError> {
        let shard = key.shard(self.shards);
        let stub: RawStub = self
            .namespace
            .get_by_name(&format!("shard-{shard}"))?
            .into_rpc();
        let call = Call {
            op,
            key: key.as_str().to_owned(),
            token: token.0.clone(),
            ttl_ms: ttl_s.saturating_mul(1000),
        };
        let body = serde_json::to_string(&call).map_err(|_| StoreError::UnexpectedAnswer)?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(&body));
        let runtime = |e: JsValue| StoreError::from(worker::Error::from(e));
        let promise = stub
            .fetch_with_init("https://hookgate-dedupe.internal/", &init)
            .map_err(runtime)?;
        let response: web_sys::Response = JsFuture::from(promise)
            .await
            .and_then(JsCast::dyn_into)
            .map_err(runtime)?;
        if response.status() != 200 {
            return Err(StoreError::ShardStatus(response.status()));
        }
        let text = JsFuture::from(response.text().map_err(runtime)?)
            .await
            .map_err(runtime)?
            .as_string()
            .unwrap_or_default();
        serde_json::from_str::<Outcome>(&text).map_err(|_| StoreError::UnexpectedAnswer)
    }
}

impl DedupeStore for DurableDedupe {
    async fn claim(&self, key: &StoreKey, token: &Token) -> Result<Claim, StoreError> {
        match self
            .call(key, Op::Claim, token, self.dedupe.claim_ttl_s)
            .await?
        {
            Outcome::Claimed => Ok(Claim::Claimed),
            Outcome::Committed => Ok(Claim::Committed),
            Outcome::InFlight => Ok(Claim::InFlight),
            Outcome::Done => Err(StoreError::UnexpectedAnswer),
        }
    }

    async fn commit(&self, key: &StoreKey, token: &Token) -> Result<(), StoreError> {
        self.call(key, Op::Commit, token, self.dedupe.ttl_s).await?;
        Ok(())
    }

    async fn release(&self, key: &StoreKey, token: &Token) -> Result<(), StoreError> {
        self.call(key, Op::Release, token, 0).await?;
        Ok(())
    }
}
