//! Token-level JSON re-serialisation, to reproduce what frameworks and relays do to a body:
//! compact or pretty spacing, Python's `", "`/`": "` separators, `\uXXXX` escaping of non-ASCII
//! (Python, PHP), PHP's escaped slashes, or the reverse. Key order and number spelling are kept
//! exactly, unlike a parse-and-print round trip.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

/// How to write a JSON document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Style {
    /// `None` is compact; `Some(n)` indents by `n` spaces, one member per line.
    pub(crate) indent: Option<usize>,
    /// Python's default `", "` and `": "` on one line.
    pub(crate) python_spacing: bool,
    pub(crate) strings: Strings,
    /// PHP's `\/`.
    pub(crate) escape_slashes: bool,
}

/// What to do with the escapes inside strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strings {
    /// Leave strings exactly as they are.
    Keep,
    /// Write non-ASCII characters as `\uXXXX` (surrogate pairs beyond the BMP).
    EscapeNonAscii,
    /// Turn `\uXXXX` escapes of non-ASCII characters into the characters.
    UnescapeNonAscii,
}

impl Style {
    pub(crate) const COMPACT: Self = Self {
        indent: None,
        python_spacing: false,
        strings: Strings::Keep,
        escape_slashes: false,
    };
}

/// Re-writes `doc` in `style`; `None` if it is not well-formed JSON text.
pub(crate) fn reformat(doc: &str, style: Style) -> Option<String> {
    let mut out = String::with_capacity(doc.len() + doc.len() / 4);
    let mut depth = 0usize;
    // Whether the container just opened is still empty (to print `[]` and `{}` tightly).
    let mut just_opened = false;
    let mut chars = doc.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => continue,
            '{' | '[' => {
                if just_opened {
                    newline(&mut out, style, depth);
                }
                out.push(c);
                depth += 1;
                just_opened = true;
                continue;
            }
            '}' | ']' => {
                depth = depth.checked_sub(1)?;
                if !just_opened {
                    newline(&mut out, style, depth);
                }
                out.push(c);
            }
            ',' => {
                out.push(',');
                match style.indent {
                    Some(_) => newline(&mut out, style, depth),
                    None if style.python_spacing => out.push(' '),
                    None => {}
                }
            }
            ':' => {
                out.push(':');
                if style.indent.is_some() || style.python_spacing {
                    out.push(' ');
                }
            }
            '"' => {
                if just_opened {
                    newline(&mut out, style, depth);
                }
                let end = string_end(doc, i)?;
                write_string(&mut out, doc.get(i..=end)?, style)?;
                while chars.peek().is_some_and(|&(j, _)| j <= end) {
                    chars.next();
                }
            }
            _ => {
                if just_opened {
                    newline(&mut out, style, depth);
                }
                out.push(c);
            }
        }
        just_opened = false;
    }
    (depth == 0).then_some(out)
}

fn newline(out: &mut String, style: Style, depth: usize) {
    if let Some(n) = style.indent {
        out.push('\n');
        out.extend(core::iter::repeat_n(' ', n * depth));
    }
}

/// The byte index of the closing quote of the string starting at `start`.
fn string_end(doc: &str, start: usize) -> Option<usize> {
    let bytes = doc.as_bytes();
    let mut i = start + 1;
    loop {
        match bytes.get(i)? {
            b'"' => return Some(i),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// Writes a quoted string token in `style`.
fn write_string(out: &mut String, token: &str, style: Style) -> Option<()> {
    let inner = token.get(1..token.len() - 1)?;
    out.push('"');
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let e = chars.next()?;
                if e == 'u' && style.strings == Strings::UnescapeNonAscii {
                    let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                    let unit = u32::from_str_radix(&hex, 16).ok()?;
                    let decoded = if (0xd800..0xdc00).contains(&unit) {
                        let rest: Vec<char> = (0..6).filter_map(|_| chars.next()).collect();
                        let lo = rest
                            .get(2..)
                            .map(|h| h.iter().collect::<String>())
                            .and_then(|h| u32::from_str_radix(&h, 16).ok())?;
                        char::from_u32(0x10000 + ((unit - 0xd800) << 10) + lo.checked_sub(0xdc00)?)
                    } else {
                        char::from_u32(unit)
                    };
                    match decoded {
                        Some(ch) if !ch.is_ascii() => out.push(ch),
                        _ => {
                            out.push_str("\\u");
                            out.push_str(&hex);
                        }
                    }
                } else if e == '/' && !style.escape_slashes && style.strings != Strings::Keep {
                    out.push('/');
                } else {
                    out.push('\\');
                    out.push(e);
                }
            }
            '/' if style.escape_slashes => out.push_str("\\/"),
            c if !c.is_ascii() && style.strings == Strings::EscapeNonAscii => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"b": 1, "a": [1, 2, {}], "s": "é/😀", "e": []}"#;

    #[test]
    fn compact_and_pretty() {
        assert_eq!(
            reformat(DOC, Style::COMPACT).unwrap(),
            r#"{"b":1,"a":[1,2,{}],"s":"é/😀","e":[]}"#
        );
        let pretty = Style {
            indent: Some(2),
            ..Style::COMPACT
        };
        assert_eq!(
            reformat(DOC, pretty).unwrap(),
            "{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2,\n    {}\n  ],\n  \"s\": \"é/😀\",\n  \"e\": []\n}"
        );
        let python = Style {
            python_spacing: true,
            strings: Strings::EscapeNonAscii,
            ..Style::COMPACT
        };
        assert_eq!(
            reformat(DOC, python).unwrap(),
            r#"{"b": 1, "a": [1, 2, {}], "s": "\u00e9/\ud83d\ude00", "e": []}"#
        );
        let php = Style {
            strings: Strings::EscapeNonAscii,
            escape_slashes: true,
            ..Style::COMPACT
        };
        assert_eq!(
            reformat(DOC, php).unwrap(),
            r#"{"b":1,"a":[1,2,{}],"s":"\u00e9\/\ud83d\ude00","e":[]}"#
        );
        let unescape = Style {
            strings: Strings::UnescapeNonAscii,
            ..Style::COMPACT
        };
        assert_eq!(
            reformat(r#"{"s":"\u00e9\ud83d\ude00\u0041\/"}"#, unescape).unwrap(),
            r#"{"s":"é😀\u0041/"}"#
        );
        assert!(reformat("{", Style::COMPACT).is_none());
    }
}
