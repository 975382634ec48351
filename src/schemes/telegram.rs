//! Telegram Bot API: `X-Telegram-Bot-Api-Secret-Token` carries the `secret_token` given to `setWebhook`;
//! nothing is signed. The body's `update_id` dedupes.
//! Source: tdlib/telegram-bot-api `telegram-bot-api/WebhookActor.cpp`.

use crate::spec::{Algorithm, Encoding};

use super::{RAW_KEY, algorithm, header, json, value};

scheme! {
    /// Telegram Bot API. Source: tdlib/telegram-bot-api `telegram-bot-api/WebhookActor.cpp`.
    pub static TELEGRAM {
        id: "telegram",
        name: "Telegram Bot API",
        aliases: ["telegram_bot"],
        from: [header("x-telegram-bot-api-secret-token")],
        format: value(None),
        algorithms: [algorithm(None, Algorithm::Token, Encoding::Text, RAW_KEY)],
        signed_content: "",
        dangerous_unsigned_body: true,
        dedupe: [json("/update_id")],
    }
}
