//! Makes the invisible visible: CR, LF, tabs, a BOM, control characters, non-ASCII characters
//! and bytes that are not UTF-8, as typed segments a page can style and a terminal can print.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

use serde::Serialize;

/// One run of signed content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Segment {
    /// Printable ASCII.
    Text {
        /// The text.
        text: String,
    },
    /// A carriage return.
    Cr,
    /// A line feed.
    Lf,
    /// A tab.
    Tab,
    /// A byte-order mark (U+FEFF).
    Bom,
    /// Another control character.
    Control {
        /// Its hex byte.
        hex: String,
    },
    /// A non-ASCII character, with its UTF-8 bytes.
    NonAscii {
        /// The character.
        text: String,
        /// Its UTF-8 bytes in hex.
        hex: String,
    },
    /// Bytes that are not valid UTF-8.
    Invalid {
        /// The bytes in hex.
        hex: String,
    },
}

impl Segment {
    /// A plain-text rendering: `␍`, `␊` (followed by a real newline), `␉`, `⟨BOM⟩`, `⟨00⟩`,
    /// non-ASCII characters as themselves, invalid bytes as `⟨ff⟩`.
    pub(crate) fn write_visible(&self, out: &mut String) {
        match self {
            Self::Text { text } | Self::NonAscii { text, .. } => out.push_str(text),
            Self::Cr => out.push('␍'),
            Self::Lf => out.push_str("␊\n"),
            Self::Tab => out.push('␉'),
            Self::Bom => out.push_str("⟨BOM⟩"),
            Self::Control { hex } | Self::Invalid { hex } => {
                let _ = write!(out, "⟨{hex}⟩");
            }
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::new();
    for (i, b) in bytes.iter().enumerate() {
        let _ = write!(s, "{}{b:02x}", if i == 0 { "" } else { " " });
    }
    s
}

/// Splits `bytes` into segments.
pub(crate) fn segments(bytes: &[u8]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut text = String::new();
    let flush = |text: &mut String, out: &mut Vec<Segment>| {
        if !text.is_empty() {
            out.push(Segment::Text {
                text: core::mem::take(text),
            });
        }
    };
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            let special = match c {
                '\r' => Some(Segment::Cr),
                '\n' => Some(Segment::Lf),
                '\t' => Some(Segment::Tab),
                '\u{feff}' => Some(Segment::Bom),
                c if c.is_ascii_control() => Some(Segment::Control {
                    hex: hex(&[c as u8]),
                }),
                c if !c.is_ascii() => {
                    let mut buf = [0u8; 4];
                    Some(Segment::NonAscii {
                        text: String::from(c),
                        hex: hex(c.encode_utf8(&mut buf).as_bytes()),
                    })
                }
                _ => None,
            };
            match special {
                Some(segment) => {
                    flush(&mut text, &mut out);
                    out.push(segment);
                }
                None => text.push(c),
            }
        }
        if !chunk.invalid().is_empty() {
            flush(&mut text, &mut out);
            out.push(Segment::Invalid {
                hex: hex(chunk.invalid()),
            });
        }
    }
    flush(&mut text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_invisibles() {
        let segs = segments(b"\xef\xbb\xbfa\r\nb\t\xc3\xa9\xff\x00");
        let mut visible = String::new();
        segs.iter().for_each(|s| s.write_visible(&mut visible));
        assert_eq!(visible, "⟨BOM⟩a␍␊\nb␉é⟨ff⟩⟨00⟩");
        assert!(segs.contains(&Segment::NonAscii {
            text: "é".into(),
            hex: "c3 a9".into()
        }));
    }
}
