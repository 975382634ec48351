//! The Durable Object store, Worker side: each operation goes to the key's shard
//! (`shard-<n>`, n = sha256(key) mod `durable_object_shards`); see `shard.rs` for the object.

use serde::{Deserialize, Serialize};
use worker::wasm_bindgen::JsValue;
use worker::{Method, ObjectNamespace, Request, RequestInit, Result};

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

impl DurableDedupe {
    async fn call(&self, key: &StoreKey, op: Op, token: &Token, ttl_s: u64) -> Result<Outcome> {
        let shard = key.shard(self.shards);
        let stub = self
            .namespace
            .id_from_name(&format!("shard-{shard}"))?
            .get_stub()?;
        let call = Call {
            op,
            key: key.as_str().to_owned(),
            token: token.0.clone(),
            ttl_ms: ttl_s.saturating_mul(1000),
        };
        let body =
            serde_json::to_string(&call).map_err(|e| worker::Error::RustError(e.to_string()))?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_body(Some(JsValue::from_str(&body)));
        let request = Request::new_with_init("https://hookgate-dedupe.internal/", &init)?;
        let mut response = stub.fetch_with_request(request).await?;
        if response.status_code() != 200 {
            return Err(worker::Error::RustError(format!(
                "dedupe shard answered {}",
                response.status_code()
            )));
        }
        response.json::<Outcome>().await
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
