//! Text safety: cleaning, Slack mrkdwn escaping, Discord mention neutralising and truncation
//! to a platform limit on a character boundary with an ellipsis.
//!
//! Every length here is counted in UTF-16 code units. That is what JavaScript's
//! `String.length` reports (so the JS suite and the Worker's fake endpoints measure the same
//! thing), and it is never less than the count of code points, so a string within a limit in
//! UTF-16 units is also within it for a platform that counts characters.

use alloc::string::String;

/// Appended to anything that was cut short. One UTF-16 unit.
pub(crate) const ELLIPSIS: char = '\u{2026}';

/// Inserted after `@` or `<` to break a mention without changing what a reader sees.
const ZWSP: char = '\u{200B}';

/// Rendered strings are capped at this many bytes before cleaning. 16 KiB is at least 5461
/// UTF-16 units whatever the script (three UTF-8 bytes per unit at worst), more than any
/// platform limit (the largest is 4096), so text cut here is always cut again, with an
/// ellipsis, by [`cut`].
pub(crate) const MAX_RENDER_BYTES: usize = 16 * 1024;

/// Length in UTF-16 code units.
pub(crate) fn units(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Appends `s` to `out`, stopping at [`MAX_RENDER_BYTES`] on a char boundary, so a 100 MB
/// payload string costs no more than a 16 KiB one. Returns `false` once the cap is reached.
pub(crate) fn push_bounded(out: &mut String, s: &str) -> bool {
    let room = MAX_RENDER_BYTES.saturating_sub(out.len());
    if s.len() <= room {
        out.push_str(s);
        return true;
    }
    let mut end = room;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    out.push_str(s.get(..end).unwrap_or_default());
    false
}

/// Removes what no chat message should carry: C0/C1 control characters (except newlines and
/// tabs, which become spaces), and the bidirectional overrides that let text display in a
/// different order from how it reads (a "Trojan Source" spoof). `\r\n` and lone `\r` become
/// `\n`; with `single_line`, every line break becomes a space. The result is trimmed.
pub(crate) fn clean(s: &str, single_line: bool) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_RENDER_BYTES));
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                '\n'
            }
            c => c,
        };
        match c {
            '\n' if single_line => out.push(' '),
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
        if out.len() >= MAX_RENDER_BYTES {
            break;
        }
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        String::from(trimmed)
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Cuts `s` to at most `max` UTF-16 units. When it is longer, the cut falls on a char
/// boundary and an ellipsis takes the last unit. `atomic_entities` keeps Slack's `&amp;`,
/// `&lt;`, `&gt;` whole: a cut inside one moves back before its `&`.
fn cut(s: &str, max: usize, atomic_entities: bool) -> String {
    if units(s) <= max {
        return String::from(s);
    }
    let Some(budget) = max.checked_sub(1) else {
        return String::new();
    };
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        used += c.len_utf16();
        if used > budget {
            break;
        }
        end = i + c.len_utf8();
    }
    let mut head = s.get(..end).unwrap_or_default();
    if atomic_entities
        && let Some(amp) = head.rfind('&')
        && !head.get(amp..).unwrap_or_default().contains(';')
    {
        head = head.get(..amp).unwrap_or_default();
    }
    let mut out = String::with_capacity(head.len() + ELLIPSIS.len_utf8());
    out.push_str(head.trim_end());
    out.push(ELLIPSIS);
    out
}

/// Cuts plain text to `max` UTF-16 units (see [`cut`]).
pub(crate) fn truncate(s: &str, max: usize) -> String {
    cut(s, max, false)
}

/// Slack text from user data: `&`, `<`, `>` as entities (Slack decodes exactly these three;
/// any other entity would show literally), broadcast words (`@channel`, `@here`,
/// `@everyone`) broken with a zero-width space, then cut to `max` units without splitting an
/// entity. The output never contains `<` or `>`, and every `&` starts an entity.
pub(crate) fn slack(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => {
                out.push('@');
                let rest = s.get(i + 1..).unwrap_or_default();
                if ["channel", "here", "everyone"]
                    .iter()
                    .any(|w| starts_with_ignore_case(rest, w))
                {
                    out.push(ZWSP);
                }
            }
            c => out.push(c),
        }
    }
    cut(&out, max, true)
}

/// Discord text from user data: `@everyone` / `@here` (any case) and the `<@id>`, `<@!id>`,
/// `<@&id>`, `<#id>` and `</command:id>` mention syntaxes broken with a zero-width space, so
/// they render as text, then cut to `max` units. (The message also sends
/// `allowed_mentions: {"parse": []}`; this makes the text itself inert as well.)
pub(crate) fn discord(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        out.push(c);
        let rest = s.get(i + c.len_utf8()..).unwrap_or_default();
        let live = match c {
            '@' => ["everyone", "here"]
                .iter()
                .any(|w| starts_with_ignore_case(rest, w)),
            '<' => rest.starts_with(['@', '#', '/']),
            _ => false,
        };
        if live {
            out.push(ZWSP);
        }
    }
    cut(&out, max, false)
}

fn starts_with_ignore_case(s: &str, word: &str) -> bool {
    s.get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_on_char_boundary_with_ellipsis() {
        assert_eq!(truncate("hello", 5), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("hello", 0), "");
        assert_eq!(truncate("hello", 1), "…");
        // 'é' is 2 bytes, one unit; '😀' is 4 bytes, two units.
        assert_eq!(truncate("éééé", 3), "éé…");
        assert_eq!(truncate("a😀b", 3), "a…");
        assert_eq!(units(&truncate("😀😀😀", 4)), 3);
    }

    #[test]
    fn slack_escapes_and_keeps_entities_whole() {
        assert_eq!(slack("a<b>&c", 100), "a&lt;b&gt;&amp;c");
        assert_eq!(
            slack("<!channel> @here", 100),
            "&lt;!channel&gt; @\u{200B}here"
        );
        // "ab&lt;" is 6 units; with max 5 the entity would be split, so it goes.
        assert_eq!(slack("ab<cd", 5), "ab…");
        assert_eq!(slack("ab<cd", 7), "ab&lt;…");
    }

    #[test]
    fn discord_neutralises_mentions() {
        let out = discord(
            "@everyone @HERE <@123> <@!1> <@&2> <#3> </cmd:4> a@b.c",
            200,
        );
        assert_eq!(
            out,
            "@\u{200B}everyone @\u{200B}HERE <\u{200B}@123> <\u{200B}@!1> <\u{200B}@&2> \
             <\u{200B}#3> <\u{200B}/cmd:4> a@b.c"
        );
    }

    #[test]
    fn cleans_controls_and_bidi() {
        assert_eq!(clean(" a\u{0}b\u{202E}c\r\nd\te\u{85} ", false), "abc\nd e");
        assert_eq!(clean("a\nb\rc", true), "a b c");
    }

    #[test]
    fn bounded_push_stops_on_a_boundary() {
        let mut out = String::new();
        let big = "é".repeat(MAX_RENDER_BYTES);
        assert!(!push_bounded(&mut out, &big));
        assert!(out.len() <= MAX_RENDER_BYTES);
        assert!(out.chars().all(|c| c == 'é'));
    }
}
