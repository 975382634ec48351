//! Slack: a Block Kit message for an incoming webhook.
//!
//! Block Kit blocks have no colour, so the blocks go inside one legacy attachment whose
//! `color` paints the bar beside them; Slack incoming webhooks accept `attachments[].blocks`.
//! The top-level `text` is the notification and accessibility fallback. Link previews are off,
//! so a URL from the payload cannot pull a third-party preview into the channel.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use serde_json::{Value, json};

use super::message::{Field, Message, Pair};
use super::text::{self, slack};

/// Blocks per message.
pub(crate) const MAX_BLOCKS: usize = 50;
/// Characters in any text object (a section's text, a context element).
pub(crate) const MAX_TEXT: usize = 3000;
/// Characters in a header's text.
pub(crate) const MAX_HEADER: usize = 150;
/// Fields in one section.
pub(crate) const MAX_SECTION_FIELDS: usize = 10;
/// Characters in one section field's text.
pub(crate) const MAX_FIELD_TEXT: usize = 2000;
/// Elements in a context block.
pub(crate) const MAX_CONTEXT_ELEMENTS: usize = 10;
/// A label never takes more than this of a text object, so the value always has room.
const MAX_LABEL: usize = 100;

pub(crate) fn render(m: &Message) -> Value {
    let mut blocks = Vec::with_capacity(8);
    blocks.push(json!({
        "type": "header",
        "text": {"type": "plain_text", "text": slack(&m.title, MAX_HEADER), "emoji": true},
    }));
    let elements: Vec<Value> = m
        .context
        .iter()
        .rev()
        .take(MAX_CONTEXT_ELEMENTS)
        .rev()
        .map(|p| mrkdwn(context_text(p)))
        .collect();
    blocks.push(json!({"type": "context", "elements": elements}));
    if let Some(description) = &m.description {
        blocks.push(section(slack(description, MAX_TEXT)));
    }

    // Inline fields share sections of up to ten, two columns wide; a long field gets a
    // section of its own, in order.
    let mut pending: Vec<Value> = Vec::new();
    for f in &m.fields {
        if f.inline {
            pending.push(mrkdwn(field_text(f, MAX_FIELD_TEXT)));
            if pending.len() == MAX_SECTION_FIELDS {
                blocks.push(json!({"type": "section", "fields": core::mem::take(&mut pending)}));
            }
        } else {
            if !pending.is_empty() {
                blocks.push(json!({"type": "section", "fields": core::mem::take(&mut pending)}));
            }
            blocks.push(section(field_text(f, MAX_TEXT)));
        }
    }
    if !pending.is_empty() {
        blocks.push(json!({"type": "section", "fields": pending}));
    }

    if let Some(url) = &m.url {
        blocks.push(json!({
            "type": "actions",
            "elements": [{
                "type": "button",
                "text": {"type": "plain_text", "text": "Open", "emoji": true},
                "url": url,
            }],
        }));
    }
    // At most 25 fields, so at most 29 blocks; the cap is a second line of defence.
    blocks.truncate(MAX_BLOCKS);

    json!({
        "text": slack(&m.summary, MAX_TEXT),
        "attachments": [{"color": format!("#{:06x}", m.color & 0x00FF_FFFF), "blocks": blocks}],
        "unfurl_links": false,
        "unfurl_media": false,
    })
}

/// A mrkdwn text object. `verbatim` stops Slack from turning bare URLs, channel names and
/// mentions in the text into links.
fn mrkdwn(text: String) -> Value {
    json!({"type": "mrkdwn", "text": text, "verbatim": true})
}

fn section(text: String) -> Value {
    json!({"type": "section", "text": mrkdwn(text)})
}

/// `*Label:* value`, within [`MAX_TEXT`].
fn context_text(p: &Pair) -> String {
    labelled(&p.label, ":* ", &p.value, MAX_TEXT)
}

/// `*Label*` and the value on the next line, within `max`.
fn field_text(f: &Field, max: usize) -> String {
    labelled(&f.label, "*\n", &f.value, max)
}

fn labelled(label: &str, separator: &str, value: &str, max: usize) -> String {
    let label = slack(label, MAX_LABEL);
    let used = 1 + text::units(&label) + text::units(separator);
    let value = slack(value, max.saturating_sub(used));
    let mut out = String::with_capacity(label.len() + value.len() + 4);
    out.push('*');
    out.push_str(&label);
    out.push_str(separator);
    out.push_str(&value);
    out
}
