//! Razorpay: `X-Razorpay-Signature` = hex HMAC-SHA256 of the raw body, keyed with the webhook secret
//! as given; `x-razorpay-event-id` identifies the event (unsigned).
//! Source: razorpay/razorpay-node `lib/utils/razorpay-utils.js`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, value};

scheme! {
    /// Razorpay. Source: razorpay/razorpay-node `lib/utils/razorpay-utils.js`.
    pub static RAZORPAY {
        id: "razorpay",
        name: "Razorpay",
        from: [header("x-razorpay-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Hex, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("x-razorpay-event-id")],
    }
}
