//! Provider handshakes answered at the edge after verification (Slack `url_verification`,
//! Zoom `endpoint.url_validation`, Discord `PING`).
