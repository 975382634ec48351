//! Golden files: `tests/golden/transform/<case>.input.json` → `<case>.slack.json` and
//! `<case>.discord.json`, with `<case>.template.json` when the case uses its own template.
//!
//! An input is either `{"scheme", "id"?, "headers", "payload"}`, normalised here with
//! [`normalize_value`], or an event as `normalize` serializes it, read with
//! [`transform::event_from_value`]. The same files feed the JS suite.

use core::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

use hookgate::normalize::{Event, Shape, normalize_value};
use hookgate::transform::{self, Platform, Template};
use serde_json::Value;

use crate::check;

/// Every case, so a deleted or misnamed file fails instead of shrinking the suite. One per
/// built-in shape, then a custom template, hostile text, and odd input.
const CASES: &[&str] = &[
    "standard_webhooks",
    "verk",
    "vem",
    "github",
    "stripe",
    "generic",
    "custom",
    "hostile",
    "odd",
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/transform")
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(crate) fn event_for(input: Value) -> Event {
    match input.get("scheme").and_then(Value::as_str) {
        Some(scheme) => {
            let headers: Vec<(String, String)> = input["headers"]
                .as_object()
                .map(|h| {
                    h.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                        .collect()
                })
                .unwrap_or_default();
            normalize_value(
                scheme,
                input.get("id").and_then(Value::as_str),
                &headers,
                input["payload"].clone(),
            )
        }
        None => transform::event_from_value(input).unwrap(),
    }
}

/// Pretty JSON with every non-ASCII character written as `\uXXXX`, so the zero-width spaces
/// that break mentions are visible in review (JSON parsers read both forms the same).
fn golden_text(v: &Value) -> String {
    let pretty = serde_json::to_string_pretty(v).unwrap();
    let mut out = String::with_capacity(pretty.len() + 64);
    for c in pretty.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                write!(out, "\\u{unit:04x}").unwrap();
            }
        }
    }
    out.push('\n');
    out
}

fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    format!(
        "first difference at line {}:\n  expected: {}\n  actual:   {}",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end>"),
        actual.lines().nth(line).unwrap_or("<end>")
    )
}

#[test]
fn golden_files() {
    let bless = env::var("HOOKGATE_BLESS").is_ok_and(|v| v == "1");
    let dir = dir();
    let inputs = check::set(
        fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter_map(|n| n.strip_suffix(".input.json").map(str::to_owned))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str),
    );
    assert_eq!(inputs, check::set(CASES.iter().copied()), "cases on disk");

    let mut failures = Vec::new();
    for name in CASES {
        let event = event_for(read_json(&dir.join(format!("{name}.input.json"))));
        if Shape::from_name(name).is_some() {
            assert_eq!(
                event.shape.name(),
                *name,
                "{name}: the input must exercise its shape"
            );
        }
        let template_path = dir.join(format!("{name}.template.json"));
        let template = template_path.exists().then(|| {
            Template::from_json(&fs::read_to_string(&template_path).unwrap())
                .unwrap_or_else(|e| panic!("{name}.template.json: {e}"))
        });
        for platform in [Platform::Slack, Platform::Discord] {
            let out = transform::render(platform, &event, template.as_ref());
            match platform {
                Platform::Slack => check::slack(&out),
                _ => check::discord(&out),
            }
            let actual = golden_text(&out);
            let path = dir.join(format!("{name}.{platform}.json"));
            if bless {
                fs::write(&path, &actual).unwrap();
                continue;
            }
            match fs::read_to_string(&path) {
                Ok(expected) if expected == actual => {}
                Ok(expected) => failures.push(format!(
                    "{name}.{platform}.json differs ({}); if the change is intended, rerun with \
                     HOOKGATE_BLESS=1 and review the diff",
                    first_difference(&expected, &actual)
                )),
                Err(e) => failures.push(format!(
                    "{name}.{platform}.json: {e}; create it with HOOKGATE_BLESS=1"
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_builtin_shape_has_a_golden_case() {
    for shape in Shape::ALL {
        assert!(
            CASES.contains(&shape.name()),
            "no golden case for {}",
            shape.name()
        );
    }
}

#[test]
fn default_template_is_the_shape_builtin() {
    let event = event_for(read_json(&dir().join("github.input.json")));
    let builtin = Template::builtin(event.shape);
    assert_eq!(
        transform::to_slack(&event, None),
        transform::to_slack(&event, Some(&builtin))
    );
    assert_eq!(
        transform::to_discord(&event, None),
        transform::to_discord(&event, Some(&builtin))
    );
}
