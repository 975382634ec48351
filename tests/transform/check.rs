//! The platforms' rules, written out independently of the implementation: every golden output
//! and every property-test output must pass them.

use alloc::collections::BTreeSet;

use hookgate::UnixTime;
use serde_json::{Value, json};

/// Length as the platforms and JavaScript count it.
pub(crate) fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

fn text<'a>(v: &'a Value, what: &str) -> &'a str {
    v.as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {v}"))
}

fn within(s: &str, max: usize, what: &str) {
    let n = units(s);
    assert!(n >= 1, "{what} is empty");
    assert!(n <= max, "{what} has {n} units, limit {max}: {s:?}");
}

fn keys(v: &Value, allowed: &[&str], what: &str) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object: {v}"));
    for k in obj.keys() {
        assert!(
            allowed.contains(&k.as_str()),
            "{what} has unexpected key {k}"
        );
    }
}

/// Valid JSON: it survives a text round trip unchanged.
pub(crate) fn round_trips(v: &Value) {
    let s = serde_json::to_string(v).unwrap();
    assert_eq!(&serde_json::from_str::<Value>(&s).unwrap(), v);
}

/// Slack text from user data: no raw `<`/`>`, every `&` an entity Slack decodes, no broadcast.
fn slack_safe(s: &str, what: &str) {
    assert!(
        !s.contains('<') && !s.contains('>'),
        "{what}: raw angle bracket in {s:?}"
    );
    for (i, _) in s.match_indices('&') {
        let rest = &s[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "{what}: bare & in {s:?}"
        );
    }
    let lower = s.to_ascii_lowercase();
    for word in ["@channel", "@here", "@everyone"] {
        assert!(!lower.contains(word), "{what}: live {word} in {s:?}");
    }
}

/// Discord text: no mention syntax.
fn discord_safe(s: &str, what: &str) {
    let lower = s.to_ascii_lowercase();
    for live in ["@everyone", "@here", "<@", "<#", "</"] {
        assert!(!lower.contains(live), "{what}: live {live} in {s:?}");
    }
}

fn url(v: &Value, max: usize, what: &str) {
    let u = text(v, what);
    within(u, max, what);
    let lower = u.to_ascii_lowercase();
    assert!(
        lower.starts_with("https://") || lower.starts_with("http://"),
        "{what}: not an http(s) URL: {u}"
    );
    assert!(
        u.bytes()
            .all(|b| b.is_ascii_graphic() && !b"<>|\"'\\`".contains(&b)),
        "{what}: unsafe URL {u}"
    );
}

fn mrkdwn(v: &Value, max: usize, what: &str) {
    keys(v, &["type", "text", "verbatim"], what);
    assert_eq!(v["type"], "mrkdwn", "{what}");
    assert_eq!(v["verbatim"], true, "{what}");
    let s = text(&v["text"], what);
    within(s, max, what);
    slack_safe(s, what);
}

fn plain(v: &Value, max: usize, what: &str) {
    keys(v, &["type", "text", "emoji"], what);
    assert_eq!(v["type"], "plain_text", "{what}");
    let s = text(&v["text"], what);
    within(s, max, what);
    slack_safe(s, what);
}

/// A Slack incoming-webhook message within Block Kit's limits.
pub(crate) fn slack(v: &Value) {
    round_trips(v);
    keys(
        v,
        &["text", "attachments", "unfurl_links", "unfurl_media"],
        "slack message",
    );
    assert_eq!(v["unfurl_links"], false);
    assert_eq!(v["unfurl_media"], false);
    let fallback = text(&v["text"], "text");
    within(fallback, 3000, "text");
    slack_safe(fallback, "text");
    let attachments = v["attachments"].as_array().expect("attachments");
    assert_eq!(attachments.len(), 1);
    let a = &attachments[0];
    keys(a, &["color", "blocks"], "attachment");
    let color = text(&a["color"], "color");
    assert!(
        color.len() == 7
            && color.starts_with('#')
            && color[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "color {color}"
    );
    let blocks = a["blocks"].as_array().expect("blocks");
    assert!((2..=50).contains(&blocks.len()), "{} blocks", blocks.len());
    assert_eq!(blocks[0]["type"], "header");
    for (i, b) in blocks.iter().enumerate() {
        let what = format!("block {i}");
        match b["type"].as_str() {
            Some("header") => {
                keys(b, &["type", "text"], &what);
                plain(&b["text"], 150, &what);
            }
            Some("context") => {
                keys(b, &["type", "elements"], &what);
                let els = b["elements"].as_array().expect("elements");
                assert!(
                    (1..=10).contains(&els.len()),
                    "{what}: {} elements",
                    els.len()
                );
                for e in els {
                    mrkdwn(e, 3000, &what);
                }
            }
            Some("section") => {
                keys(b, &["type", "text", "fields"], &what);
                match (b.get("text"), b.get("fields")) {
                    (Some(t), None) => mrkdwn(t, 3000, &what),
                    (None, Some(fields)) => {
                        let fields = fields.as_array().expect("fields");
                        assert!(
                            (1..=10).contains(&fields.len()),
                            "{what}: {} fields",
                            fields.len()
                        );
                        for f in fields {
                            mrkdwn(f, 2000, &what);
                        }
                    }
                    _ => panic!("{what}: a section has text or fields"),
                }
            }
            Some("actions") => {
                keys(b, &["type", "elements"], &what);
                let els = b["elements"].as_array().expect("elements");
                assert_eq!(els.len(), 1);
                keys(&els[0], &["type", "text", "url"], &what);
                assert_eq!(els[0]["type"], "button");
                plain(&els[0]["text"], 75, &what);
                url(&els[0]["url"], 3000, &what);
            }
            other => panic!("{what}: unexpected block type {other:?}"),
        }
    }
}

/// A Discord webhook message within the embed limits, with mentions off.
pub(crate) fn discord(v: &Value) {
    round_trips(v);
    keys(v, &["embeds", "allowed_mentions"], "discord message");
    assert_eq!(v["allowed_mentions"], json!({"parse": []}));
    let embeds = v["embeds"].as_array().expect("embeds");
    assert_eq!(embeds.len(), 1);
    let e = &embeds[0];
    keys(
        e,
        &[
            "title",
            "url",
            "description",
            "color",
            "fields",
            "timestamp",
            "footer",
        ],
        "embed",
    );
    let mut total = 0;
    let mut count = |s: &str, max: usize, what: &str| {
        within(s, max, what);
        discord_safe(s, what);
        total += units(s);
    };
    count(text(&e["title"], "title"), 256, "title");
    if let Some(d) = e.get("description") {
        count(text(d, "description"), 4096, "description");
    }
    if let Some(fields) = e.get("fields") {
        let fields = fields.as_array().expect("fields");
        assert!((1..=25).contains(&fields.len()), "{} fields", fields.len());
        for f in fields {
            keys(f, &["name", "value", "inline"], "field");
            count(text(&f["name"], "field name"), 256, "field name");
            count(text(&f["value"], "field value"), 1024, "field value");
            assert!(f["inline"].is_boolean());
        }
    }
    keys(&e["footer"], &["text"], "footer");
    count(text(&e["footer"]["text"], "footer"), 2048, "footer");
    assert!(total <= 6000, "embed total {total} > 6000");
    let color = e["color"].as_u64().expect("color");
    assert!(color <= 0xFF_FF_FF);
    if let Some(u) = e.get("url") {
        url(u, 2048, "url");
    }
    if let Some(ts) = e.get("timestamp") {
        let ts = text(ts, "timestamp");
        let parsed = UnixTime::parse_rfc3339(ts).expect("timestamp is RFC 3339");
        assert_eq!(parsed.to_rfc3339(), ts);
    }
}

/// The set of strings, for comparisons that ignore order.
pub(crate) fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    items.into_iter().map(String::from).collect()
}
