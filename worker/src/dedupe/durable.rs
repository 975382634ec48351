//! The Durable Object store, Worker side: each operation goes to the key's shard
//! (`shard-<n>`, n = sha256(key) mod `durable_object_shards`); see `shard.rs` for the object.

use super::{Claim, DedupeStore, StoreError, StoreKey, Token};
use crate::config::Dedupe;
use crate::shard::claims::{ClaimAnswer, ClaimCall};
use crate::shard::{Call, Shards};

/// The Worker side: sends each operation to the key's shard.
#[derive(Debug)]
pub(crate) struct DurableDedupe {
    pub(crate) shards: Shards,
    pub(crate) dedupe: Dedupe,
}

impl DurableDedupe {
    async fn call(
        &self,
        key: &StoreKey,
        op: fn(ClaimCall) -> Call,
        token: &Token,
        ttl_s: u64,
    ) -> Result<ClaimAnswer, StoreError> {
        let call = op(ClaimCall {
            key: key.as_str().to_owned(),
            token: token.0.clone(),
            ttl_ms: ttl_s.saturating_mul(1000),
        });
        self.shards.call(self.shards.of(key), &call).await
    }
}

impl DedupeStore for DurableDedupe {
    async fn claim(&self, key: &StoreKey, token: &Token) -> Result<Claim, StoreError> {
        match self
            .call(key, Call::Claim, token, self.dedupe.claim_ttl_s)
            .await?
        {
            ClaimAnswer::Claimed => Ok(Claim::Claimed),
            ClaimAnswer::Committed => Ok(Claim::Committed),
            ClaimAnswer::InFlight => Ok(Claim::InFlight),
            ClaimAnswer::Done => Err(StoreError::UnexpectedAnswer),
        }
    }

    async fn commit(&self, key: &StoreKey, token: &Token) -> Result<(), StoreError> {
        self.call(key, Call::Commit, token, self.dedupe.ttl_s)
            .await?;
        Ok(())
    }

    async fn release(&self, key: &StoreKey, token: &Token) -> Result<(), StoreError> {
        self.call(key, Call::Release, token, 0).await?;
        Ok(())
    }
}
