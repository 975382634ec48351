//! Any input renders: valid JSON, within every limit, with no markup or live mention from user
//! data, and never a panic.

use hookgate::normalize::{Shape, normalize_value};
use hookgate::transform::{self, Template, event_from_value};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::check;

/// Pieces an attacker (or an unlucky payload) would use.
const PIECES: &[&str] = &[
    "@everyone",
    "@here",
    "@channel",
    "@EVERYONE",
    "<@123456789>",
    "<@!1>",
    "<@&2>",
    "<#3>",
    "</cmd:4>",
    "<!channel>",
    "<!here|x>",
    "<https://evil.example|ok>",
    "&",
    "&amp;",
    "&lt;",
    "<",
    ">",
    "@",
    "*",
    "_",
    "`",
    "\u{0}",
    "\u{7}",
    "\r\n",
    "\n",
    "\t",
    " ",
    "\u{202E}",
    "\u{200B}",
    "\u{85}",
    "😀",
    "👩‍💻",
    "é",
    "e\u{301}",
    "a",
    "failed",
    "succeeded",
    "https://ok.example/x?a=1&b=2",
    "javascript:alert(1)",
];

/// Short hostile strings, arbitrary Unicode, and long runs that overrun every limit.
fn hostile() -> impl Strategy<Value = String> {
    let piece = proptest::sample::select(PIECES);
    prop_oneof![
        4 => proptest::collection::vec(piece.clone(), 0..12).prop_map(|p| p.concat()),
        2 => any::<String>(),
        1 => (piece, 0..2500usize).prop_map(|(p, n)| p.repeat(n)),
        1 => (proptest::collection::vec(proptest::sample::select(PIECES), 1..6), 100..1200usize)
            .prop_map(|(p, n)| p.concat().repeat(n)),
    ]
}

/// Keys that steer normalisation into each shape, plus arbitrary ones.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(&[
            "type", "event", "data", "timestamp", "title", "name", "url", "html_url", "status",
            "state", "conclusion", "id", "deliveryId", "webhookId", "project_id", "project_name",
            "org_id", "organization", "object", "created", "description", "message", "action",
            "pull_request", "issue", "repository", "full_name", "sender", "login", "body",
            "head_commit", "amount", "currency", "customer", "account", "comment",
        ][..])
        .prop_map(str::to_owned),
        1 => hostile(),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        hostile().prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 48, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn scheme() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "standard_webhooks",
                "verk",
                "vem",
                "github",
                "stripe",
                "linear",
                "shopify",
                "",
            ][..]
        )
        .prop_map(str::to_owned),
        hostile(),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    prop_oneof![
        Just(Vec::new()),
        hostile().prop_map(|v| vec![("X-GitHub-Event".to_owned(), v)]),
    ]
}

/// An event as JSON with hostile strings in every envelope member.
fn event_json() -> impl Strategy<Value = Value> {
    let opt = || proptest::option::of(hostile());
    (
        hostile(),
        opt(),
        opt(),
        opt(),
        opt(),
        proptest::collection::vec((hostile(), hostile()), 0..40),
        json_value(),
    )
        .prop_map(|(provider, event_type, title, url, occurred_at, fields, payload)| {
            json!({
                "provider": provider,
                "shape": "generic",
                "event_type": event_type,
                "title": title,
                "url": url,
                "occurred_at": occurred_at,
                "fields": fields.into_iter().map(|(l, v)| json!({"label": l, "value": v})).collect::<Vec<_>>(),
                "payload": payload,
            })
        })
}

/// A template that pulls every kind of value: envelope strings, fields, payload scalars,
/// objects and arrays.
fn greedy_template() -> Template {
    Template::from_value(&json!({
        "title": ["{/title} {/payload/title}", "{/payload/data/title}", "{/event_type}"],
        "description": "{/payload} {/payload/data} {/payload/description}",
        "url": ["{/url}", "{/payload/url}", "{/payload/data/url}"],
        "color": {"path": "/payload/status", "map": {"failed": "danger"}, "default": "auto"},
        "context": [
            {"label": "{/fields/0/label}", "value": "{/fields/0/value}"},
            {"label": "P", "path": "/payload/project_name"},
            {"label": "Type", "value": "{/event_type} <@1> @here"}
        ],
        "fields": (0..25).map(|i| json!({
            "label": format!("{{/fields/{i}/label}}"),
            "value": [format!("{{/fields/{i}/value}} {{/payload/data}}"), format!("{{/payload/{i}}}")],
        })).collect::<Vec<_>>(),
        "event_fields": true
    }))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn any_payload_renders_within_limits(
        scheme in scheme(),
        headers in headers(),
        payload in json_value(),
    ) {
        let event = normalize_value(&scheme, None, &headers, payload);
        check::slack(&transform::to_slack(&event, None));
        check::discord(&transform::to_discord(&event, None));
    }


    #[test]
    fn any_template_text_parses_or_errs(title in hostile(), value in json_value()) {
        // Hostile template strings either parse or give a typed error; never a panic.
        for doc in [json!({"title": title}), json!({"fields": [{"label": "x", "value": value}]}), value.clone()] {
            match Template::from_value(&doc) {
                Ok(t) => {
                    let event = event_from_value(json!({"provider": "p", "payload": value})).unwrap();
                    check::slack(&transform::to_slack(&event, Some(&t)));
                    check::discord(&transform::to_discord(&event, Some(&t)));
                }
                Err(e) => prop_assert!(!e.code().is_empty() && !e.to_string().is_empty()),
            }
        }
        let text = serde_json::to_string(&value).unwrap();
        if let Err(e) = Template::from_json(&text) {
            prop_assert!(!e.code().is_empty());
        }
    }

    #[test]
    fn any_event_json_is_accepted_or_rejected(value in json_value()) {
        if let Ok(event) = event_from_value(value) {
            check::slack(&transform::to_slack(&event, None));
            check::discord(&transform::to_discord(&event, None));
        }
    }
}

proptest! {
    // Each case renders eight templates for two platforms over up to 40 long fields: fewer
    // cases keep the debug-build suite quick.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_event_renders_within_limits(event in event_json()) {
        let event = event_from_value(event).unwrap();
        let greedy = greedy_template();
        for template in [None, Some(&greedy)] {
            check::slack(&transform::to_slack(&event, template));
            check::discord(&transform::to_discord(&event, template));
        }
        for shape in Shape::ALL {
            let t = Template::builtin(shape);
            check::slack(&transform::to_slack(&event, Some(&t)));
            check::discord(&transform::to_discord(&event, Some(&t)));
        }
    }
}

#[test]
fn extreme_inputs_are_bounded() {
    // A 4 MiB string, 200 000 array elements, nesting far past the parser's limit of 128 (possible
    // when a caller builds the Value itself), and a 100 000-key object.
    let huge = "<@1>&".repeat(800_000);
    let mut deep = json!("bottom");
    for _ in 0..1000 {
        deep = json!([deep]);
    }
    let wide: Map<String, Value> = (0..100_000).map(|i| (format!("k{i}"), json!(i))).collect();
    let payload = json!({
        "type": huge,
        "timestamp": 1,
        "data": {"title": huge, "deep": deep, "wide": wide, "many": (0..200_000).collect::<Vec<_>>()},
    });
    let event = normalize_value("standard_webhooks", None, &[("a", "b")], payload);
    let template = Template::from_value(&json!({
        "title": "{/payload/data/title}",
        "description": "{/payload/data}",
        "fields": [
            {"label": "Deep", "path": "/payload/data/deep"},
            {"label": "Many", "path": "/payload/data/many"},
            {"label": "Wide", "path": "/payload/data/wide"}
        ]
    }))
    .unwrap();
    let start = std::time::Instant::now();
    for t in [None, Some(&template)] {
        check::slack(&transform::to_slack(&event, t));
        check::discord(&transform::to_discord(&event, t));
    }
    // Generous: the point is "bounded", not fast on a debug build.
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

#[test]
fn mentions_and_markup_are_inert() {
    let event = event_from_value(json!({
        "provider": "x",
        "event_type": "a.failed",
        "title": "<!channel> @everyone <@U1|boss> & <https://evil.example|bank>",
        "fields": [{"label": "<@&1>", "value": "@here <#2> </x:3>"}],
        "payload": {},
    }))
    .unwrap();
    let slack = transform::to_slack(&event, None);
    let header = slack["attachments"][0]["blocks"][0]["text"]["text"]
        .as_str()
        .unwrap();
    assert_eq!(
        header,
        "&lt;!channel&gt; @\u{200B}everyone &lt;@U1|boss&gt; &amp; &lt;https://evil.example|bank&gt;"
    );
    let discord = transform::to_discord(&event, None);
    let field = &discord["embeds"][0]["fields"][0];
    assert_eq!(field["name"], "<\u{200B}@&1>");
    assert_eq!(field["value"], "@\u{200B}here <\u{200B}#2> <\u{200B}/x:3>");
    assert_eq!(discord["embeds"][0]["color"], 0xE0_1E_5A);
}

#[test]
fn errors_serialize_with_code_and_location() {
    let e = Template::from_json(
        r#"{"fields": [{"label": "a", "path": "/payload/x"}, {"lable": "b"}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({"code": "unknown_template_key", "at": "/fields/1/lable", "allowed": "label, path, value, inline"})
    );
    assert_eq!(
        e.to_string(),
        "unknown template key /fields/1/lable: allowed here are label, path, value, inline"
    );
    let e = Template::from_json("{\"title\": 1,}").unwrap_err();
    assert_eq!(e.code(), "template_not_json");
    let e = Template::from_json(&format!("{{\"title\": \"{}\"}}", "a".repeat(70_000))).unwrap_err();
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        json!({"code": "template_too_large", "at": "", "limit": 65536})
    );
}
