//! Structurally valid scheme-spec JSON from arbitrary parts, so the fuzzer spends its time in
//! validation and verification rather than in rediscovering the JSON grammar. Names come
//! mostly from small vocabularies (real header names, real tags, every placeholder), with an
//! escape hatch to arbitrary text everywhere.

use arbitrary::Arbitrary;
use serde_json::{Map, Value, json};

use crate::NameInput;

const ALGORITHMS: [&str; 8] = [
    "hmac_sha256",
    "hmac_sha1",
    "hmac_sha512",
    "ed25519",
    "ecdsa_p256_sha256",
    "sha256",
    "token",
    "md5",
];
const ENCODINGS: [&str; 5] = ["hex", "base64", "base64url", "text", "base32"];
const KEY_ENCODINGS: [&str; 5] = ["raw", "hex", "base64", "spki_base64", "utf16"];
const TAGS: [&str; 6] = ["v1", "v1a", "h1", "t", "ts", "sha256"];
const PREFIXES: [&str; 7] = [
    "whsec_", "whpk_", "whsk_", "sha256=", "v0=", "Basic ", "HMAC ",
];
const POINTERS: [&str; 5] = ["/id", "/signature/token", "/a/0/b", "/", "/~1x~0"];
const SEPARATORS: [char; 6] = [',', ' ', ';', '=', ':', '.'];

/// A spec in pieces.
#[derive(Arbitrary, Debug)]
pub struct SpecShape {
    id: Text,
    name: Option<String>,
    from: Vec<SourceShape>,
    format: FormatShape,
    /// Read every signature source present, not only the first.
    from_all: Option<bool>,
    algorithms: Vec<AlgorithmShape>,
    signed_content: Vec<PieceShape>,
    timestamp: Option<TimestampShape>,
    message_id: Vec<SourceShape>,
    dedupe: Vec<SourceShape>,
    detect: Vec<(NameInput, Option<String>)>,
    /// An unknown field (which must be rejected).
    extra: Option<String>,
}

/// Short text from a vocabulary, or anything.
#[derive(Arbitrary, Debug)]
enum Text {
    Known(u8),
    Any(String),
}

impl Text {
    fn render(&self, vocabulary: &[&str]) -> String {
        match self {
            Self::Known(i) => vocabulary
                .get(usize::from(*i) % vocabulary.len().max(1))
                .map_or_else(String::new, |s| (*s).to_owned()),
            Self::Any(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum SourceShape {
    Header(NameInput),
    Json(Text),
    Form(Text),
    Param(Text),
    /// Not a source at all.
    Bogus(String),
}

impl SourceShape {
    fn to_value(&self) -> Value {
        match self {
            Self::Header(n) => json!({ "header": n.render() }),
            Self::Json(p) => json!({ "json": p.render(&POINTERS) }),
            Self::Form(f) => json!({ "form": f.render(&["signature", "token", "timestamp"]) }),
            Self::Param(t) => json!({ "param": t.render(&TAGS) }),
            Self::Bogus(s) => json!({ s.as_str(): 1 }),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum FormatShape {
    Value {
        prefix: Option<Text>,
    },
    List {
        separator: u8,
        assign: u8,
        any: Option<(char, char)>,
    },
}

impl FormatShape {
    fn to_value(&self) -> Value {
        match self {
            Self::Value { prefix } => match prefix {
                Some(p) => json!({ "kind": "value", "prefix": p.render(&PREFIXES) }),
                None => json!({ "kind": "value" }),
            },
            Self::List {
                separator,
                assign,
                any,
            } => {
                let pick = |i: u8| SEPARATORS[usize::from(i) % SEPARATORS.len()];
                let (s, a) = any.unwrap_or((pick(*separator), pick(*assign)));
                json!({ "kind": "list", "separator": s, "assign": a })
            }
        }
    }
}

#[derive(Arbitrary, Debug)]
struct AlgorithmShape {
    tag: Option<Text>,
    algorithm: Text,
    encoding: Text,
    key: Option<KeyShape>,
}

impl AlgorithmShape {
    fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(tag) = &self.tag {
            m.insert("tag".into(), tag.render(&TAGS).into());
        }
        m.insert(
            "algorithm".into(),
            self.algorithm.render(&ALGORITHMS).into(),
        );
        m.insert("encoding".into(), self.encoding.render(&ENCODINGS).into());
        if let Some(key) = &self.key {
            m.insert("key".into(), key.to_value());
        }
        Value::Object(m)
    }
}

#[derive(Arbitrary, Debug)]
struct KeyShape {
    encoding: Option<Text>,
    prefix: Option<Text>,
    prefix_required: Option<bool>,
    signing_prefix: Option<Text>,
}

impl KeyShape {
    fn to_value(&self) -> Value {
        let mut m = Map::new();
        if let Some(e) = &self.encoding {
            m.insert("encoding".into(), e.render(&KEY_ENCODINGS).into());
        }
        if let Some(p) = &self.prefix {
            m.insert("prefix".into(), p.render(&PREFIXES).into());
        }
        if let Some(r) = self.prefix_required {
            m.insert("prefix_required".into(), r.into());
        }
        if let Some(p) = &self.signing_prefix {
            m.insert("signing_prefix".into(), p.render(&PREFIXES).into());
        }
        Value::Object(m)
    }
}

#[derive(Arbitrary, Debug)]
enum PieceShape {
    Body,
    Id,
    Timestamp,
    Url,
    Method,
    Secret,
    SortedParams,
    Literal(Text),
}

impl PieceShape {
    fn render(&self) -> String {
        match self {
            Self::Body => "{body}".into(),
            Self::Id => "{id}".into(),
            Self::Timestamp => "{timestamp}".into(),
            Self::Url => "{url}".into(),
            Self::Method => "{method}".into(),
            Self::Secret => "{secret}".into(),
            Self::SortedParams => "{sorted_params}".into(),
            Self::Literal(t) => t.render(&[".", ":", "v0:", "|", "{", "}", "{nope}"]),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct TimestampShape {
    from: Vec<SourceShape>,
    unit: Option<Text>,
    tolerance_s: Option<u64>,
    direction: Option<Text>,
}

impl TimestampShape {
    fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("from".into(), sources(&self.from));
        if let Some(u) = &self.unit {
            m.insert(
                "unit".into(),
                u.render(&["s", "ms", "rfc3339", "us"]).into(),
            );
        }
        if let Some(t) = self.tolerance_s {
            m.insert("tolerance_s".into(), t.into());
        }
        if let Some(d) = &self.direction {
            m.insert("direction".into(), d.render(&["both", "past_only"]).into());
        }
        Value::Object(m)
    }
}

fn sources(list: &[SourceShape]) -> Value {
    Value::Array(list.iter().map(SourceShape::to_value).collect())
}

impl SpecShape {
    /// The spec as JSON text.
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut m = Map::new();
        m.insert(
            "id".into(),
            self.id.render(&["acme", "x", "stripe", ""]).into(),
        );
        if let Some(n) = &self.name {
            m.insert("name".into(), n.clone().into());
        }
        let mut signature = json!({
            "from": sources(&self.from),
            "format": self.format.to_value(),
            "algorithms": self.algorithms.iter().map(AlgorithmShape::to_value).collect::<Vec<_>>(),
        });
        if let (Some(all), Value::Object(sig)) = (self.from_all, &mut signature) {
            sig.insert("from_all".into(), all.into());
        }
        m.insert("signature".into(), signature);
        let content: String = self.signed_content.iter().map(PieceShape::render).collect();
        m.insert("signed_content".into(), content.into());
        if let Some(ts) = &self.timestamp {
            m.insert("timestamp".into(), ts.to_value());
        }
        if !self.message_id.is_empty() {
            m.insert("message_id".into(), sources(&self.message_id));
        }
        if !self.dedupe.is_empty() {
            m.insert("dedupe".into(), sources(&self.dedupe));
        }
        if !self.detect.is_empty() {
            let rules = self
                .detect
                .iter()
                .map(|(h, eq)| match eq {
                    Some(v) => json!({ "header": h.render(), "equals": v }),
                    None => json!({ "header": h.render() }),
                })
                .collect();
            m.insert("detect".into(), Value::Array(rules));
        }
        if let Some(extra) = &self.extra {
            m.insert(extra.clone(), Value::Null);
        }
        Value::Object(m).to_string()
    }
}
