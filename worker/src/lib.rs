//! The hookgate Cloudflare Worker gateway (scaffold; see issue 5).
