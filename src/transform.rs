//! Transformations: a normalised [`Event`] as a Slack Block Kit message or a Discord embed,
//! laid out by a declarative template, safe by construction.
//!
//! ```
//! use hookgate::normalize::normalize_value;
//! use hookgate::transform::{self, Platform, Template};
//!
//! let payload = serde_json::json!({
//!     "event": "deployment.failed",
//!     "timestamp": "2025-03-01T12:00:00Z",
//!     "org_id": "org_123",
//!     "project_id": "prj_456",
//!     "project_name": "web",
//!     "data": {"env": "production", "reason": "<!channel> build broke", "url": "https://ci.example/d/789"}
//! });
//! let no_headers: &[(&str, &str)] = &[];
//! let event = normalize_value("vem", Some("dlv_1"), no_headers, payload);
//!
//! // The built-in template for the event's shape (here `vem`).
//! let slack = transform::to_slack(&event, None);
//! assert_eq!(slack["attachments"][0]["color"], "#e01e5a"); // "failed" is red
//!
//! // A template of your own.
//! let template = Template::from_json(r#"{
//!     "title": "{/payload/project_name}: deploy to {/payload/data/env} failed",
//!     "description": ["{/payload/data/reason}", "No reason given"],
//!     "url": "{/payload/data/url}",
//!     "fields": [{"label": "Project id", "path": "/payload/project_id", "inline": true}]
//! }"#)?;
//! let discord = transform::to_discord(&event, Some(&template));
//! let embed = &discord["embeds"][0];
//! assert_eq!(embed["title"], "web: deploy to production failed");
//! assert_eq!(embed["url"], "https://ci.example/d/789");
//! assert_eq!(discord["allowed_mentions"]["parse"], serde_json::json!([]));
//!
//! // The Worker's choice of platform for a route.
//! let url = "https://hooks.slack.com/services/T000/B000/XXXX";
//! assert_eq!(transform::platform_for_url(url), Some(Platform::Slack));
//! let message = transform::render(Platform::Slack, &event, Some(&template));
//! # assert_eq!(message, transform::to_slack(&event, Some(&template)));
//! # Ok::<(), hookgate::transform::TransformError>(())
//! ```
//!
//! Rendering never fails and never panics: a value the template asks for that is missing
//! falls back, text that is too long is cut, and odd input (deep nesting, huge arrays or
//! strings, non-string values, a payload that is not an object) renders as bounded text.
//! Only parsing a template ([`Template::from_json`]), an event given as JSON
//! ([`event_from_value`]) or a platform name can fail, with a [`TransformError`] whose
//! [`code`](TransformError::code) is stable and whose `at` names the offending location.
//!
//! # Template format
//!
//! A template is a JSON object. Every key is optional; an unknown key is an error.
//!
//! | key | type | meaning |
//! | --- | --- | --- |
//! | `title` | text | The header (Slack) or embed title (Discord). Falls back to the event type, then to `"<provider> event"`. |
//! | `description` | text | A paragraph under the header. |
//! | `url` | text | A link: a button (Slack) or the title's link (Discord). Only absolute `http(s)` URLs are kept. |
//! | `color` | colour | See below. Absent means `"auto"`. |
//! | `context` | array of items, ≤ 8 | `{"label": text, "value": text}` or `{"label": text, "path": pointer}`: the Slack context line and the Discord footer. The event type (when the title is something else) and the provider are always appended. |
//! | `fields` | array of items, ≤ 25 | As `context`, plus `"inline": bool` (default: inline when the value is one line of at most 40 characters). Shown as section fields (Slack) or embed fields (Discord). |
//! | `event_fields` | bool | Also show the event's normalised [`fields`](Event::fields) after the template's, skipping any whose label is already shown or whose value is the title, description or URL. Default `false`. |
//!
//! **Text** is a string or an array of up to 8 alternative strings. A string may hold
//! `{/pointer}` placeholders; `{{` and `}}` are literal braces. An alternative is used only
//! if every placeholder in it found a non-blank value, so `["{/title}", "{/event_type}"]`
//! means "the title, else the event type". A field or context item whose value (or label)
//! finds nothing is left out.
//!
//! **Pointers** are [RFC 6901](https://www.rfc-editor.org/rfc/rfc6901) JSON pointers into the
//! event: `/provider`, `/shape`, `/event_type`, `/id`, `/occurred_at`, `/title`, `/url`,
//! `/fields/<n>/label`, `/fields/<n>/value`, and `/payload/...` into the raw payload (e.g.
//! `/payload/data/object/amount`, `/payload/items/0/name`). They are checked when the template
//! is parsed. Strings render as they are, numbers and booleans as JSON writes them, arrays and
//! objects as compact JSON (cut at depth 16); `null` counts as not found.
//!
//! **Colours** are `"#rrggbb"`, `"danger"`, `"warning"`, `"success"`, `"neutral"` or `"auto"`,
//! or a lookup: `{"path": pointer, "map": {"<value>": colour, …}, "default": colour}`, where
//! the value's text is matched exactly, then ignoring ASCII case, and `default` (itself
//! `"auto"` unless given) applies otherwise.
//!
//! ```json
//! {
//!   "title": ["{/payload/pull_request/title} (#{/payload/number})", "{/event_type}"],
//!   "description": "{/payload/pull_request/body}",
//!   "url": "{/payload/pull_request/html_url}",
//!   "color": {"path": "/payload/pull_request/merged", "map": {"true": "success"}, "default": "#24292f"},
//!   "context": [{"label": "Repository", "path": "/payload/repository/full_name"}],
//!   "fields": [
//!     {"label": "Author", "path": "/payload/pull_request/user/login", "inline": true},
//!     {"label": "Branch", "value": "{/payload/pull_request/head/ref} → {/payload/pull_request/base/ref}"}
//!   ],
//!   "event_fields": false
//! }
//! ```
//!
//! The built-in templates, one per [`Shape`](crate::normalize::Shape) (`standard_webhooks`, `verk`, `vem`,
//! `github`, `stripe`, `generic`), are in this format: see [`Template::builtin_json`].
//!
//! # Colour rules
//!
//! `"auto"` looks for a status word, first in the event's fields labelled `Conclusion`,
//! `Status`, `Result`, `Outcome` or `State` (in that order), then in the event type. Words
//! are runs of ASCII letters and digits; when one text names several statuses, red beats amber
//! beats green.
//!
//! - red `#e01e5a`: failed, failure, fail, error, errored, denied, declined, rejected, refused,
//!   crashed, timeout, timed out, dispute(d), fraud, uncollectible, critical, outage;
//! - amber `#ecb22e`: warning, warn, pending, retry/retrying/retried, requires action, action
//!   required, past due, overdue, degraded, delayed, paused, expiring;
//! - green `#2eb67d`: succeeded, success(ful), completed, complete, paid, merged, resolved,
//!   approved, passed, deployed, done, fixed, ready, healthy, published, delivered.
//!
//! With no status, the provider's colour (GitHub `#24292f`, Linear `#5e6ad2`, Shopify
//! `#95bf47`, Stripe `#635bff`), else neutral grey `#8d99ae`. The GitHub template also colours
//! a merged pull request green.
//!
//! # Output and limits
//!
//! Lengths are counted in UTF-16 code units (JavaScript's `length`, never less than the
//! character count) and text is cut on a character boundary, ending in `…`.
//!
//! - **Slack**: `{"text", "attachments": [{"color", "blocks"}], "unfurl_links": false,
//!   "unfurl_media": false}`. Block Kit blocks carry no colour, so they sit in one legacy
//!   attachment, which incoming webhooks accept, whose `color` paints the bar. Blocks: a
//!   `header`, a `context`, a `section` for the description, `section`s of up to 10 inline
//!   fields (a long field gets its own), and an `actions` block with an "Open" button for the
//!   URL. Limits: 50 blocks, 150 characters in the header, 3000 in any text object, 2000 in a
//!   section field, 10 fields per section, 10 context elements. `text` is the plain
//!   notification fallback (title · event type · provider).
//! - **Discord**: `{"embeds": [{"title", "url", "description", "color", "fields",
//!   "timestamp", "footer": {"text"}}], "allowed_mentions": {"parse": []}}`. Limits: title
//!   256, description 4096, 25 fields, field name 256, field value 1024, footer 2048, and 6000
//!   across all of them, spent in the order title, footer, description, fields. `timestamp` is
//!   the event's time as RFC 3339, left out if it does not parse.
//!
//! # Security
//!
//! Every string that came from the event is treated as hostile:
//!
//! - Slack: `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;` in every text object (so no
//!   `<!channel>`, `<@U123>` or `<https://evil|innocent>` markup survives), mrkdwn objects
//!   are `verbatim`, and `@channel` / `@here` / `@everyone` get a zero-width space after the `@`.
//! - Discord: `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&id>`, `<#id>` and `</cmd:id>` get
//!   a zero-width space after the `@` or `<`, and `allowed_mentions` is always empty.
//! - Both: control characters and bidirectional overrides are removed, and a URL is kept only if
//!   it is an absolute `http(s)` URL of printable ASCII without quotes, `<`, `>`, `|` or
//!   spaces (so no `javascript:` links).

use serde_json::Value;

use crate::normalize::Event;

mod color;
mod discord;
mod error;
mod event;
mod message;
mod platform;
mod pointer;
mod slack;
mod template;
mod text;

pub use error::TransformError;
pub use event::event_from_value;
pub use platform::{Platform, platform_for_route, platform_for_url};
pub use template::Template;

use message::Message;

/// A Slack incoming-webhook message (Block Kit) for `event`, laid out by `template`, or by the
/// built-in template for the event's shape when `None`.
#[must_use]
pub fn to_slack(event: &Event, template: Option<&Template>) -> Value {
    render(Platform::Slack, event, template)
}

/// A Discord webhook message (one embed) for `event`, laid out by `template`, or by the
/// built-in template for the event's shape when `None`.
#[must_use]
pub fn to_discord(event: &Event, template: Option<&Template>) -> Value {
    render(Platform::Discord, event, template)
}

/// The message for `platform`: [`to_slack`] or [`to_discord`].
#[must_use]
pub fn render(platform: Platform, event: &Event, template: Option<&Template>) -> Value {
    let message = match template {
        Some(t) => Message::render(event, t),
        None => Message::render(event, &Template::builtin(event.shape)),
    };
    match platform {
        Platform::Discord => discord::render(&message),
        Platform::Slack => slack::render(&message),
    }
}
