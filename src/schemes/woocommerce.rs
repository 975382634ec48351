//! WooCommerce: `X-WC-Webhook-Signature` = base64 HMAC-SHA256 of the payload with the webhook secret
//! (WooCommerce decodes HTML entities in a stored secret first: use the secret as typed).
//! `X-WC-Webhook-Delivery-ID` identifies the delivery.
//! Source: woocommerce/woocommerce `plugins/woocommerce/includes/class-wc-webhook.php` (`generate_signature`).

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, present, value};

scheme! {
    /// WooCommerce. Source: woocommerce/woocommerce `plugins/woocommerce/includes/class-wc-webhook.php` (`generate_signature`).
    pub static WOOCOMMERCE {
        id: "woocommerce",
        name: "WooCommerce",
        aliases: ["woo_commerce", "woo"],
        from: [header("x-wc-webhook-signature")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::HmacSha256, Encoding::Base64, RAW_KEY)],
        signed_content: "{body}",
        message_id: [header("x-wc-webhook-delivery-id")],
        detect: [present("x-wc-webhook-source")],
    }
}
