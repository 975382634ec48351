//! The registry's published forms are generated from `hookgate::schemes::all()` and the vector
//! files, and this test fails when one of them disagrees:
//!
//! - `js/schemes.json`: every scheme's spec (the shape `js/scheme-spec.schema.json` describes),
//!   what its signature covers, the schemes that share a signature header with it, and its
//!   vector file's sources;
//! - the README's scheme table, between its `schemes:begin` and `schemes:end` markers;
//! - the `SchemeId` union of `js/index.d.ts`;
//! - the file table of `tests/vectors/README.md`, between its `vectors:begin` and
//!   `vectors:end` markers.
//!
//! `HOOKGATE_BLESS=1 cargo test --test registry` rewrites them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

extern crate alloc;

use alloc::collections::BTreeSet;
use core::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use hookgate::schemes;
use hookgate::spec::{
    Algorithm, Direction, Encoding, KeyEncoding, SchemeSpec, SignatureFormat, Source, TimeUnit,
};
use serde_json::{Value, json};

const BLESS: &str = "HOOKGATE_BLESS";
const BEGIN: &str = "<!-- schemes:begin: generated from the registry by tests/registry.rs (HOOKGATE_BLESS=1 cargo test --test registry) -->";
const END: &str = "<!-- schemes:end -->";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `path` with `want`, or writes it when blessing.
fn check(path: &Path, want: &str) {
    let have = fs::read_to_string(path).unwrap_or_default();
    if have == want {
        return;
    }
    if std::env::var_os(BLESS).is_some() {
        fs::write(path, want).unwrap();
        return;
    }
    let line = have
        .lines()
        .zip(want.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| have.lines().count().min(want.lines().count()));
    panic!(
        "{} is out of date with the registry (first difference at line {}); run {BLESS}=1 cargo test --test registry",
        path.display(),
        line + 1
    );
}

/// A scheme's vector file: its sources, and whether any case is the provider's own.
struct Vectors {
    sources: Vec<String>,
    official: bool,
    cases: usize,
}

fn vectors(id: &str) -> Vectors {
    let path = root().join("tests/vectors").join(format!("{id}.json"));
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{id}: no vector file {} ({e})", path.display()));
    let file: Value = serde_json::from_str(&text).unwrap();
    let sources: Vec<String> = file["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect();
    let cases = file["cases"].as_array().unwrap();
    let official = cases.iter().any(|c| {
        !c["source"]
            .as_str()
            .unwrap_or("derived")
            .starts_with("derived")
    });
    assert!(
        sources.iter().any(|s| !s.starts_with("derived")),
        "{id}: the vector file names no source for the rules"
    );
    Vectors {
        sources,
        official,
        cases: cases.len(),
    }
}

fn signature_headers(spec: &SchemeSpec) -> impl Iterator<Item = &str> {
    spec.signature.from.iter().filter_map(|s| match s {
        Source::Header(h) => Some(h.as_ref()),
        _ => None,
    })
}

/// For every scheme, the other schemes that read a signature from one of its headers.
fn lookalikes(spec: &SchemeSpec) -> Vec<&'static str> {
    let mine: BTreeSet<&str> = signature_headers(spec).collect();
    schemes::all()
        .iter()
        .filter(|other| other.id != spec.id && signature_headers(other).any(|h| mine.contains(h)))
        .map(|other| other.id.as_ref())
        .collect()
}

fn algorithm(a: Algorithm) -> &'static str {
    match a {
        Algorithm::EcdsaP256Sha256 => "ECDSA P-256",
        Algorithm::Ed25519 => "Ed25519",
        Algorithm::HmacSha1 => "HMAC-SHA1",
        Algorithm::HmacSha256 => "HMAC-SHA256",
        Algorithm::HmacSha512 => "HMAC-SHA512",
        Algorithm::Sha256 => "SHA-256",
        Algorithm::Token => "secret",
        _ => panic!("an algorithm this table does not name yet: {a:?}"),
    }
}

fn encoding(e: Encoding) -> &'static str {
    match e {
        Encoding::Base64 => "base64",
        Encoding::Base64url => "base64url",
        Encoding::Hex => "hex",
        Encoding::Text => "text",
        _ => panic!("an encoding this table does not name yet: {e:?}"),
    }
}

fn source(s: &Source) -> String {
    match s {
        Source::Header(h) => format!("`{h}`"),
        Source::Json(p) => format!("body `{p}`"),
        Source::Form(f) => format!("form `{f}`"),
        Source::Param(p) => format!("`{p}=`"),
        _ => panic!("a source this table does not name yet: {s:?}"),
    }
}

/// Markdown table cells must not contain a bare `|`.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Where the signature is and how it is written: `` `stripe-signature`: `t=…,v1=<hex HMAC-SHA256>` ``.
fn signature_cell(spec: &SchemeSpec) -> String {
    let sig = &spec.signature;
    let names: Vec<String> = sig.from.iter().map(source).collect();
    let place = if sig.from_all {
        format!("each of {}", names.join(", "))
    } else {
        names.join(" or ")
    };
    let value = |a: &hookgate::spec::AlgorithmSpec| {
        if a.algorithm == Algorithm::Token {
            if a.encoding == Encoding::Text {
                "<secret>".to_owned()
            } else {
                format!("<{} secret>", encoding(a.encoding))
            }
        } else {
            format!("<{} {}>", encoding(a.encoding), algorithm(a.algorithm))
        }
    };
    let written = match &sig.format {
        SignatureFormat::Value { prefix } => {
            let a = &sig.algorithms[0];
            format!("{}{}", prefix.as_deref().unwrap_or(""), value(a))
        }
        SignatureFormat::List { separator, assign } => {
            let mut entries: Vec<String> = Vec::new();
            if let Some(ts) = &spec.timestamp {
                for s in ts.from.iter() {
                    if let Source::Param(p) = s {
                        entries.push(format!("{p}{assign}…"));
                    }
                }
            }
            for a in sig.algorithms.iter() {
                entries.push(format!(
                    "{}{assign}{}",
                    a.tag.as_deref().unwrap_or(""),
                    value(a)
                ));
            }
            let sep = separator.to_string();
            entries.join(&sep)
        }
        _ => panic!("a format this table does not name yet"),
    };
    cell(&format!("{place}: `{written}`"))
}

fn signed_cell(spec: &SchemeSpec) -> String {
    if spec.signed_content.is_empty() {
        return "nothing: the secret itself is sent".to_owned();
    }
    cell(&format!("`{}`", spec.signed_content))
}

/// What a valid signature does not vouch for.
fn gaps_cell(spec: &SchemeSpec) -> String {
    let signs = spec.signs();
    let mut gaps: Vec<String> = Vec::new();
    if !signs.body {
        gaps.push("body".to_owned());
    }
    match &spec.timestamp {
        None => gaps.push("no timestamp".to_owned()),
        Some(t) if !signs.timestamp => gaps.push(format!("timestamp {}", source(&t.from[0]))),
        Some(t) => {
            // A fallback the signature does not cover (Linear's header, read when the body has
            // no timestamp): a delivery that has only that one has no signed timestamp.
            let signed = |s: &Source| {
                spec.signed_content.contains("{timestamp}") || (signs.body && s.in_body())
            };
            for fallback in t.from.iter().skip(1) {
                if !signed(fallback) {
                    gaps.push(format!(
                        "no signed timestamp when only {} has one (it is not signed)",
                        source(fallback)
                    ));
                }
            }
        }
    }
    let dedupe = spec.dedupe.first().or_else(|| spec.message_id.first());
    let id = spec.message_id.first().filter(|_| !signs.id);
    if let Some(id) = id {
        let also = if dedupe == Some(id) {
            " (the dedupe key)"
        } else {
            ""
        };
        gaps.push(format!("id {}{also}", source(id)));
    }
    if !signs.dedupe_key && (dedupe != id || id.is_none()) {
        gaps.push(dedupe.map_or_else(
            || "dedupe key".to_owned(),
            |s| format!("dedupe key {}", source(s)),
        ));
    }
    if gaps.is_empty() {
        "—".to_owned()
    } else {
        cell(&gaps.join("; "))
    }
}

/// Key format and time window.
fn notes_cell(spec: &SchemeSpec) -> String {
    let mut notes: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for a in spec.signature.algorithms.iter() {
        let k = &a.key;
        let enc = match k.encoding {
            KeyEncoding::Raw => None,
            KeyEncoding::Base64 => Some("base64-decoded"),
            KeyEncoding::Hex => Some("hex-decoded"),
            KeyEncoding::SpkiBase64 => Some("public key, base64 DER"),
            _ => panic!("a key encoding this table does not name yet"),
        };
        let text = match (enc, k.prefix.as_deref(), a.algorithm) {
            (_, Some(p), Algorithm::Ed25519) => format!("public key `{p}` base64"),
            (Some(e), None, Algorithm::Ed25519) => {
                format!("public key {}", e.trim_end_matches("-decoded"))
            }
            (None, None, Algorithm::Ed25519) => "public key".to_owned(),
            (Some(e), _, Algorithm::EcdsaP256Sha256) => e.to_owned(),
            (Some(e), Some(p), _) => format!("key `{p}` {e}"),
            (Some(e), None, _) => format!("key {e}"),
            (None, Some(p), _) => format!("key `{p}…` as given"),
            (None, None, _) => continue,
        };
        if !keys.contains(&text) {
            keys.push(text);
        }
    }
    notes.extend(keys);
    if let Some(ts) = &spec.timestamp {
        let unit = match ts.unit {
            TimeUnit::Seconds => "s",
            TimeUnit::Milliseconds => "ms",
            TimeUnit::Rfc3339 => "RFC 3339",
            _ => panic!("a time unit this table does not name yet"),
        };
        let window = match (ts.tolerance_s, ts.direction) {
            (None, _) => "no default window".to_owned(),
            (Some(t), Direction::Both) => format!("±{t} s"),
            (Some(t), Direction::PastOnly) => format!("{t} s, past only"),
            _ => panic!("a direction this table does not name yet"),
        };
        notes.push(format!("timestamp {unit}, {window}"));
    }
    if notes.is_empty() {
        "—".to_owned()
    } else {
        cell(&notes.join("; "))
    }
}

/// The first source of the rules, without its parenthesised explanation.
fn source_cell(v: &Vectors) -> String {
    let first = v
        .sources
        .iter()
        .find(|s| !s.starts_with("derived"))
        .unwrap();
    let short = first.split(" (").next().unwrap_or(first).trim();
    let short = short.strip_prefix("scheme from ").unwrap_or(short);
    // The README is also the crate's documentation, where a bare URL is a rustdoc warning.
    if short.starts_with("https://") || short.starts_with("http://") {
        return format!("<{short}>");
    }
    cell(short)
}

fn table() -> String {
    let mut out = String::new();
    out.push_str(BEGIN);
    out.push_str("\n\n");
    let all = schemes::all();
    let official = all.iter().filter(|s| vectors(&s.id).official).count();
    writeln!(
        out,
        "{} schemes. *Not covered* lists what a valid signature does not vouch for: a request \
         replayed with that part changed still verifies. *No timestamp*: the signature does not \
         limit a replay in time, only dedupe memory does (see \
         [Replay-proof dedupe](#replay-proof-dedupe)). *Vectors*: **official** when the file holds cases from the provider's own SDK tests \
         or documentation ({official} schemes), else derived from the rules by \
         `tests/vectors/tools/gen.py` (every file is re-checked by `check.py`, an independent \
         implementation).\n",
        all.len()
    )
    .unwrap();
    out.push_str("| id | provider | signature | signed content | not covered | key, time | rules from | vectors |\n");
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for spec in all {
        let v = vectors(&spec.id);
        let mut provider = cell(&spec.name);
        if !spec.aliases.is_empty() {
            let aliases: Vec<String> = spec.aliases.iter().map(|a| format!("`{a}`")).collect();
            write!(provider, "<br>also {}", aliases.join(", ")).unwrap();
        }
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            spec.id,
            provider,
            signature_cell(spec),
            signed_cell(spec),
            gaps_cell(spec),
            notes_cell(spec),
            source_cell(&v),
            if v.official {
                "**official**"
            } else {
                "derived"
            }
        )
        .unwrap();
    }
    out.push('\n');
    out.push_str(END);
    out
}

fn schemes_json() -> String {
    let entries: Vec<Value> = schemes::all()
        .iter()
        .map(|spec| {
            let v = vectors(&spec.id);
            json!({
                "spec": serde_json::to_value(spec).unwrap(),
                "signs": serde_json::to_value(spec.signs()).unwrap(),
                "needs_code": spec.needs_code(),
                "shares_signature_header_with": lookalikes(spec),
                "vectors": {
                    "file": format!("tests/vectors/{}.json", spec.id),
                    "cases": v.cases,
                    "official": v.official,
                    "sources": v.sources,
                },
            })
        })
        .collect();
    let doc = json!({
        "comment": "hookgate's built-in schemes, generated from hookgate::schemes::all() by tests/registry.rs; do not edit. Each spec has the shape of scheme-spec.schema.json and can be passed as the scheme option.",
        "count": entries.len(),
        "schemes": entries,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap();
    text.push('\n');
    text
}

/// The vector files: cases, ok / error, official cases, sources.
fn vectors_table() -> String {
    let mut out = String::from("<!-- vectors:begin: generated by tests/registry.rs -->\n\n");
    out.push_str("| file | cases | ok / error | official | sources |\n|---|---:|---:|---:|---|\n");
    let (mut total, mut total_official, mut files_official) = (0, 0, 0);
    let mut ids: Vec<&str> = schemes::all().iter().map(|s| s.id.as_ref()).collect();
    ids.sort_unstable();
    for id in ids {
        let path = root().join("tests/vectors").join(format!("{id}.json"));
        let file: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        let cases = file["cases"].as_array().unwrap();
        let ok = cases
            .iter()
            .filter(|c| c["expect"].get("ok").is_some())
            .count();
        let official = cases
            .iter()
            .filter(|c| {
                !c["source"]
                    .as_str()
                    .unwrap_or("derived")
                    .starts_with("derived")
            })
            .count();
        let mut sources: Vec<String> = Vec::new();
        for s in file["sources"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
        {
            let short = cell(s.split(" (").next().unwrap_or(s).trim());
            if !s.starts_with("derived") && !sources.contains(&short) {
                sources.push(short);
            }
        }
        total += cases.len();
        total_official += official;
        files_official += usize::from(official > 0);
        writeln!(
            out,
            "| `{id}.json` | {} | {ok} / {} | {official} | {} |",
            cases.len(),
            cases.len() - ok,
            sources.join("; ")
        )
        .unwrap();
    }
    writeln!(
        out,
        "\nTotal: {total} cases in {} files, {total_official} of them official, in {files_official} files.\n",
        schemes::all().len()
    )
    .unwrap();
    out.push_str("<!-- vectors:end -->");
    out
}

fn scheme_id_union() -> String {
    let mut out = String::from("export type SchemeId =\n");
    let ids: Vec<String> = schemes::all()
        .iter()
        .map(|s| format!("  | '{}'", s.id))
        .collect();
    out.push_str(&ids.join("\n"));
    out.push(';');
    out
}

/// Replaces the text between `start` (inclusive) and the first `end` after it (inclusive).
fn splice(text: &str, start: &str, end: &str, with: &str) -> String {
    let a = text
        .find(start)
        .unwrap_or_else(|| panic!("marker {start:?} not found"));
    let b = a
        + text[a..]
            .find(end)
            .unwrap_or_else(|| panic!("marker {end:?} not found"))
        + end.len();
    format!("{}{with}{}", &text[..a], &text[b..])
}

#[test]
fn schemes_json_is_the_registry() {
    check(&root().join("js/schemes.json"), &schemes_json());
}

#[test]
fn readme_table_is_the_registry() {
    let path = root().join("README.md");
    let text = fs::read_to_string(&path).unwrap();
    check(&path, &splice(&text, "<!-- schemes:begin", END, &table()));
}

#[test]
fn vector_table_is_the_files() {
    let path = root().join("tests/vectors/README.md");
    let text = fs::read_to_string(&path).unwrap();
    check(
        &path,
        &splice(
            &text,
            "<!-- vectors:begin",
            "<!-- vectors:end -->",
            &vectors_table(),
        ),
    );
}

#[test]
fn scheme_id_type_is_the_registry() {
    let path = root().join("js/index.d.ts");
    let text = fs::read_to_string(&path).unwrap();
    check(
        &path,
        &splice(&text, "export type SchemeId =", ";", &scheme_id_union()),
    );
}

#[test]
fn every_vector_file_is_a_scheme() {
    let ids: BTreeSet<String> = schemes::all().iter().map(|s| s.id.to_string()).collect();
    for entry in fs::read_dir(root().join("tests/vectors")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(ids.contains(&stem), "{stem}.json names no scheme");
        }
    }
    for id in &ids {
        assert!(vectors(id).cases > 0, "{id}: no cases");
    }
}

/// Every published spec reads back as itself: `schemes.json` entries are usable as custom specs
/// (Twilio's code stays with the built-in id: see `needs_code`).
#[test]
fn published_specs_round_trip() {
    for spec in schemes::all() {
        let back = SchemeSpec::from_json(&spec.to_json()).unwrap();
        assert_eq!(back.to_json(), spec.to_json(), "{}", spec.id);
        assert!(!back.needs_code());
    }
    let coded: Vec<&str> = schemes::all()
        .iter()
        .filter(|s| s.needs_code())
        .map(|s| s.id.as_ref())
        .collect();
    assert_eq!(coded, ["twilio"]);
}

/// The JSON Schema's enums name exactly the values the Rust types accept.
#[test]
fn json_schema_enums_match_the_types() {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(root().join("js/scheme-spec.schema.json")).unwrap(),
    )
    .unwrap();
    let defs = &schema["$defs"];
    let names = |v: &Value| -> BTreeSet<String> {
        v["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let serialized = |vals: Vec<Value>| -> BTreeSet<String> {
        vals.into_iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let algorithms = [
        Algorithm::EcdsaP256Sha256,
        Algorithm::Ed25519,
        Algorithm::HmacSha1,
        Algorithm::HmacSha256,
        Algorithm::HmacSha512,
        Algorithm::Sha256,
        Algorithm::Token,
    ];
    assert_eq!(
        names(&defs["algorithm_spec"]["properties"]["algorithm"]),
        serialized(
            algorithms
                .iter()
                .map(|a| serde_json::to_value(a).unwrap())
                .collect()
        )
    );
    let encodings = [
        Encoding::Base64,
        Encoding::Base64url,
        Encoding::Hex,
        Encoding::Text,
    ];
    assert_eq!(
        names(&defs["algorithm_spec"]["properties"]["encoding"]),
        serialized(
            encodings
                .iter()
                .map(|e| serde_json::to_value(e).unwrap())
                .collect()
        )
    );
    let keys = [
        KeyEncoding::Base64,
        KeyEncoding::Hex,
        KeyEncoding::Raw,
        KeyEncoding::SpkiBase64,
    ];
    assert_eq!(
        names(&defs["key_format"]["properties"]["encoding"]),
        serialized(
            keys.iter()
                .map(|k| serde_json::to_value(k).unwrap())
                .collect()
        )
    );
    let units = [TimeUnit::Seconds, TimeUnit::Milliseconds, TimeUnit::Rfc3339];
    assert_eq!(
        names(&defs["timestamp"]["properties"]["unit"]),
        serialized(
            units
                .iter()
                .map(|u| serde_json::to_value(u).unwrap())
                .collect()
        )
    );
    let dirs = [Direction::Both, Direction::PastOnly];
    assert_eq!(
        names(&defs["timestamp"]["properties"]["direction"]),
        serialized(
            dirs.iter()
                .map(|d| serde_json::to_value(d).unwrap())
                .collect()
        )
    );
}
