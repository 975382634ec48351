//! A small, allocation-free JSON pointer lookup over raw bytes, for the few values the verify
//! path reads from a body (Stripe's event `id`, Linear's `webhookTimestamp`). It never
//! recurses, so deep nesting cannot overflow the stack; malformed JSON yields `None`.

use alloc::borrow::Cow;
use alloc::string::String;

/// Looks up an RFC 6901 pointer and returns a scalar's value: a string's contents (unescaped;
/// borrowed unless it had escapes) or a number/literal as written. Objects and arrays yield `None`.
pub(crate) fn value<'a>(doc: &'a [u8], pointer: &str) -> Option<Cow<'a, str>> {
    let raw = raw_pointer(doc, pointer)?;
    if !raw.contains('\\') {
        return Some(Cow::Borrowed(raw));
    }
    unescape(raw).map(Cow::Owned)
}

/// Like [`value`], with string escapes left as sent (for a cheap presence test).
pub(crate) fn raw_pointer<'a>(doc: &'a [u8], pointer: &str) -> Option<&'a str> {
    let mut cur = Cursor { doc, pos: 0 };
    let mut segments = pointer.strip_prefix('/')?.split('/');
    loop {
        cur.skip_ws();
        let Some(segment) = segments.next() else {
            return cur.scalar();
        };
        match cur.peek()? {
            b'{' => {
                cur.pos += 1;
                cur.find_member(segment)?;
            }
            b'[' => {
                cur.pos += 1;
                let index: usize = segment.parse().ok()?;
                cur.nth_element(index)?;
            }
            _ => return None,
        }
    }
}

/// Decodes JSON string escapes, including UTF-16 surrogate pairs.
fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let decoded = match chars.next()? {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let hi = hex4(&mut chars)?;
                if (0xd800..0xdc00).contains(&hi) {
                    if chars.next()? != '\\' || chars.next()? != 'u' {
                        return None;
                    }
                    let lo = hex4(&mut chars)?;
                    char::from_u32(0x10000 + ((hi - 0xd800) << 10) + lo.checked_sub(0xdc00)?)?
                } else {
                    char::from_u32(hi)?
                }
            }
            _ => return None,
        };
        out.push(decoded);
    }
    Some(out)
}

fn hex4(chars: &mut core::str::Chars<'_>) -> Option<u32> {
    (0..4).try_fold(0u32, |acc, _| Some(acc * 16 + chars.next()?.to_digit(16)?))
}

struct Cursor<'a> {
    doc: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.doc.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    /// Skips whitespace, then consumes `byte`, or `None` if something else is next.
    fn consume(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Reads a string starting at its opening quote; returns its raw contents.
    fn string(&mut self) -> Option<&'a str> {
        self.consume(b'"')?;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
        let raw = self.doc.get(start..self.pos)?;
        self.pos += 1;
        core::str::from_utf8(raw).ok()
    }

    fn scalar(&mut self) -> Option<&'a str> {
        self.skip_ws();
        match self.peek()? {
            b'"' => self.string(),
            b'{' | b'[' => None,
            _ => {
                let start = self.pos;
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
                }) {
                    self.pos += 1;
                }
                let raw = self.doc.get(start..self.pos)?;
                if raw.is_empty() {
                    None
                } else {
                    core::str::from_utf8(raw).ok()
                }
            }
        }
    }

    /// Skips one value of any kind, iteratively.
    fn skip_value(&mut self) -> Option<()> {
        self.skip_ws();
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.pos += 1;
                }
                b',' | b':' if depth > 0 => self.pos += 1,
                b',' => {}
                _ => {
                    self.scalar()?;
                }
            }
            self.skip_ws();
            if depth == 0 {
                return Some(());
            }
        }
    }

    /// Positions the cursor at the value of member `name` of the object just entered.
    fn find_member(&mut self, name: &str) -> Option<()> {
        loop {
            self.skip_ws();
            if self.peek()? == b'}' {
                return None;
            }
            let key = self.string()?;
            self.consume(b':')?;
            if key_matches(key, name) {
                return Some(());
            }
            self.skip_value()?;
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                _ => return None,
            }
        }
    }

    fn nth_element(&mut self, index: usize) -> Option<()> {
        for _ in 0..index {
            self.skip_ws();
            if self.peek()? == b']' {
                return None;
            }
            self.skip_value()?;
            self.consume(b',')?;
        }
        self.skip_ws();
        (self.peek()? != b']').then_some(())
    }
}

/// Compares a raw JSON key with a pointer segment (`~1` is `/`, `~0` is `~`). Keys that use
/// JSON escapes never match; provider field names do not.
fn key_matches(raw_key: &str, segment: &str) -> bool {
    if !segment.contains('~') {
        return raw_key == segment;
    }
    let mut seg = segment.chars();
    let mut key = raw_key.chars();
    loop {
        let want = match seg.next() {
            Some('~') => match seg.next() {
                Some('0') => '~',
                Some('1') => '/',
                _ => return false,
            },
            Some(c) => c,
            None => return key.next().is_none(),
        };
        if key.next() != Some(want) {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &[u8] = br#" {"a": {"b": [1, {"c": "x\"y"}, true]}, "id": "evt_1", "n": 12.5,
        "skip": {"deep": [[[{"q": "}"}]]]}, "a/b": "slash", "last": null } "#;

    fn pointer<'a>(doc: &'a [u8], ptr: &str) -> Option<&'a str> {
        raw_pointer(doc, ptr)
    }

    #[test]
    fn unescapes_strings() {
        let doc =
            br#"{"t": "t\u00f6ken-\u2603 \ud83d\ude00 \"q\" \\ \/", "n": 5, "bad": "\ud800x"}"#;
        assert_eq!(
            value(doc, "/t").as_deref(),
            Some("t\u{f6}ken-\u{2603} \u{1f600} \"q\" \\ /")
        );
        assert_eq!(value(doc, "/n").as_deref(), Some("5"));
        assert_eq!(value(doc, "/bad"), None);
    }

    #[test]
    fn finds_scalars() {
        assert_eq!(pointer(DOC, "/id"), Some("evt_1"));
        assert_eq!(pointer(DOC, "/n"), Some("12.5"));
        assert_eq!(pointer(DOC, "/a/b/0"), Some("1"));
        assert_eq!(pointer(DOC, "/a/b/1/c"), Some(r#"x\"y"#));
        assert_eq!(pointer(DOC, "/a/b/2"), Some("true"));
        assert_eq!(pointer(DOC, "/a~1b"), Some("slash"));
        assert_eq!(pointer(DOC, "/last"), Some("null"));
    }

    #[test]
    fn misses_and_garbage() {
        assert_eq!(pointer(DOC, "/a"), None);
        assert_eq!(pointer(DOC, "/a/b/3"), None);
        assert_eq!(pointer(DOC, "/nope"), None);
        assert_eq!(pointer(DOC, "id"), None);
        assert_eq!(pointer(b"{\"id\": ", "/id"), None);
        assert_eq!(pointer(b"\xff\xfe", "/id"), None);
        assert_eq!(pointer(b"[[[[[[[[[[[[[[[[[[[[", "/0/0"), None);
        let deep = alloc::format!(
            "{{\"x\":{}1{},\"id\":\"ok\"}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(pointer(deep.as_bytes(), "/id"), Some("ok"));
    }
}
