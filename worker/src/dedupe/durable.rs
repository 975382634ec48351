//! The Durable Object store, Worker side: each operation goes to the key's shard
//! (`shard-<n>`, n = sha256(key) mod `durable_object_shards`); see `shard.rs` for the object.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use worker::js_sys::Promise;
use worker::wasm_bindgen_futures::JsFuture;
use worker::{ObjectNamespace, Result, web_sys};

use super::{Claim, DedupeStore, StoreError, StoreKey, Token};

/// The Worker side: sends each operation to the key's shard.
#[derive(Debug)]
pub(crate) struct DurableDedupe {
    pub(crate) namespace: ObjectNamespace,
    pub(crate) shards: u32,
    pub(crate) ttl_s: u64,
    pub(crate) claim_ttl_s: u64,
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
    async fn call(&self, key: &StoreKey, op: Op, token: &Token, ttl_s: u64) -> Result<Outcome> {
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
        let body =
            serde_json::to_string(&call).map_err(|e| worker::Error::RustError(e.to_string()))?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(&body));
        let response: web_sys::Response =
            JsFuture::from(stub.fetch_with_init("https://hookgate-dedupe.internal/", &init)?)
                .await?
                .dyn_into()?;
        if response.status() != 200 {
            return Err(worker::Error::RustError(format!(
                "dedupe shard answered {}",
                response.status()
            )));
        }
        let text = JsFuture::from(response.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        serde_json::from_str::<Outcome>(&text).map_err(|e| worker::Error::RustError(e.to_string()))
    }
}

impl DedupeStore for DurableDedupe {
    async fn claim(&self, key: &StoreKey, token: &Token) -> Result<Claim, StoreError> {
        match self.call(key, Op::Claim, token, self.claim_ttl_s).await? {
            Outcome::Claimed => Ok(Claim::Claimed),
            Outcome::Committed => Ok(Claim::Committed),
            Outcome::InFlight => Ok(Claim::InFlight),
            Outcome::Done => Err(StoreError("unexpected shard answer".into())),
        }
    }

    async fn commit(&self, key: &StoreKey, token: &Token) -> Result<(), StoreError> {
        self.call(key, Op::Commit, token, self.ttl_s).await?;
        Ok(())
    }

    async fn release(&self, key: &StoreKey, token: &Token) -> Result<(), StoreError> {
        self.call(key, Op::Release, token, 0).await?;
        Ok(())
    }
}
