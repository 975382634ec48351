//! Discord: a webhook message with one embed.
//!
//! Mentions are inert twice over: `allowed_mentions: {"parse": []}` tells Discord not to
//! notify anyone, and the text itself has its mention syntax broken, so nothing even renders
//! as a mention.

use alloc::string::String;
use alloc::vec::Vec;

use serde_json::{Map, Value, json};

use super::message::Message;
use super::text::{self, discord};

/// Characters in the embed title.
pub(crate) const MAX_TITLE: usize = 256;
/// Characters in the embed description.
pub(crate) const MAX_DESCRIPTION: usize = 4096;
/// Fields per embed.
pub(crate) const MAX_FIELDS: usize = 25;
/// Characters in a field name.
pub(crate) const MAX_FIELD_NAME: usize = 256;
/// Characters in a field value.
pub(crate) const MAX_FIELD_VALUE: usize = 1024;
/// Characters in the footer text.
pub(crate) const MAX_FOOTER: usize = 2048;
/// Characters across title, description, field names and values, and footer.
pub(crate) const MAX_TOTAL: usize = 6000;

pub(crate) fn render(m: &Message) -> Value {
    // The 6000-character budget is spent in order of importance: title, footer, description,
    // then fields until it runs out.
    let mut budget = Budget(MAX_TOTAL);
    let title = budget.spend(discord(&m.title, MAX_TITLE));
    let footer_text = m
        .context
        .iter()
        .map(|p| alloc::format!("{}: {}", p.label, p.value))
        .collect::<Vec<_>>()
        .join(" · ");
    let footer = budget.spend(discord(&footer_text, MAX_FOOTER));
    let description = m
        .description
        .as_deref()
        .map(|d| budget.spend(discord(d, MAX_DESCRIPTION.min(budget.0))))
        .filter(|d| !d.is_empty());

    let mut fields = Vec::new();
    for f in m.fields.iter().take(MAX_FIELDS) {
        // A field needs at least one character in its name and one in its value.
        if budget.0 < 2 {
            break;
        }
        let name = budget.spend(discord(&f.label, MAX_FIELD_NAME.min(budget.0 - 1)));
        let value = budget.spend(discord(&f.value, MAX_FIELD_VALUE.min(budget.0)));
        if name.is_empty() || value.is_empty() {
            break;
        }
        fields.push(json!({"name": name, "value": value, "inline": f.inline}));
    }

    let mut embed = Map::new();
    embed.insert("title".into(), title.into());
    if let Some(url) = &m.url {
        embed.insert("url".into(), url.as_str().into());
    }
    if let Some(description) = description {
        embed.insert("description".into(), description.into());
    }
    embed.insert("color".into(), (m.color & 0x00FF_FFFF).into());
    if !fields.is_empty() {
        embed.insert("fields".into(), fields.into());
    }
    if let Some(ts) = &m.timestamp {
        embed.insert("timestamp".into(), ts.as_str().into());
    }
    embed.insert("footer".into(), json!({"text": footer}));

    json!({
        "embeds": [embed],
        "allowed_mentions": {"parse": []},
    })
}

/// UTF-16 units left for the embed.
struct Budget(usize);

impl Budget {
    fn spend(&mut self, s: String) -> String {
        self.0 = self.0.saturating_sub(text::units(&s));
        s
    }
}
