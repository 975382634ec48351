//! A template applied to an event: the platform-neutral message that the Slack and Discord
//! renderers lay out. Strings here are cleaned (no control characters, bounded) but not yet
//! escaped or cut: that depends on the platform.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::template::{MAX_FIELDS, Template};
use super::text::{self, clean};
use crate::normalize::Event;
use crate::time::UnixTime;

/// Fields whose value is at most this many UTF-16 units and one line are laid out inline
/// (side by side) unless the template says otherwise.
const INLINE_MAX_UNITS: usize = 40;

/// URLs longer than this are dropped rather than cut: half a URL is a wrong link.
const MAX_URL_BYTES: usize = 2048;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Message {
    /// One line, never empty.
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    /// An absolute `http(s)` URL of printable ASCII, safe to put in a link.
    pub(crate) url: Option<String>,
    pub(crate) color: u32,
    /// The template's context, then the event type (when the title is something else) and the
    /// provider.
    pub(crate) context: Vec<Pair>,
    pub(crate) fields: Vec<Field>,
    /// RFC 3339, when the event's time parsed as one.
    pub(crate) timestamp: Option<String>,
    /// One line: title, event type, provider.
    pub(crate) summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pair {
    pub(crate) label: String,
    pub(crate) value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Field {
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) inline: bool,
}

impl Message {
    pub(crate) fn render(event: &Event, template: &Template) -> Self {
        let provider = Some(clean(&event.provider, true))
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| String::from("webhook"));
        let event_type = event
            .event_type
            .as_deref()
            .map(|t| clean(t, true))
            .filter(|t| !t.is_empty());
        let title = template
            .title
            .render(event)
            .map(|t| clean(&t, true))
            .filter(|t| !t.is_empty())
            .or_else(|| event_type.clone())
            .unwrap_or_else(|| format!("{provider} event"));
        let description = template
            .description
            .render(event)
            .map(|d| clean(&d, false))
            .filter(|d| !d.is_empty());
        let url = template.url.render(event).and_then(|u| safe_url(&u));

        let mut context: Vec<Pair> = template
            .context
            .iter()
            .filter_map(|spec| {
                Some(Pair {
                    label: nonblank(clean(&spec.label.render(event)?, true))?,
                    value: nonblank(clean(&spec.value.render(event)?, true))?,
                })
            })
            .collect();

        let mut fields: Vec<Field> = template
            .fields
            .iter()
            .filter_map(|spec| {
                let label = nonblank(clean(&spec.label.render(event)?, true))?;
                let value = nonblank(clean(&spec.value.render(event)?, false))?;
                let inline = spec.inline.unwrap_or_else(|| short(&value));
                Some(Field {
                    label,
                    value,
                    inline,
                })
            })
            .collect();
        if template.event_fields {
            for f in &event.fields {
                if fields.len() >= MAX_FIELDS {
                    break;
                }
                let (Some(label), Some(value)) = (
                    nonblank(clean(&f.label, true)),
                    nonblank(clean(&f.value, false)),
                ) else {
                    continue;
                };
                // What the header, the description, the link or the context already says is
                // not repeated.
                let said = context
                    .iter()
                    .map(|p| &p.label)
                    .chain(fields.iter().map(|f| &f.label))
                    .any(|l| l.eq_ignore_ascii_case(&label))
                    || value == title
                    || description.as_deref() == Some(value.as_str())
                    || url.as_deref() == Some(value.as_str());
                if !said {
                    let inline = short(&value);
                    fields.push(Field {
                        label,
                        value,
                        inline,
                    });
                }
            }
        }
        fields.truncate(MAX_FIELDS);

        let mut summary = title.clone();
        if let Some(t) = event_type.filter(|t| *t != title) {
            summary.push_str(" · ");
            summary.push_str(&t);
            context.push(Pair {
                label: String::from("Event"),
                value: t,
            });
        }
        summary.push_str(" · ");
        summary.push_str(&provider);
        context.push(Pair {
            label: String::from("Provider"),
            value: provider,
        });

        Self {
            title,
            description,
            url,
            color: template.color.render(event),
            context,
            fields,
            timestamp: event
                .occurred_at
                .as_deref()
                .and_then(UnixTime::parse_rfc3339)
                .map(UnixTime::to_rfc3339),
            summary,
        }
    }
}

fn nonblank(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn short(value: &str) -> bool {
    !value.contains('\n') && text::units(value) <= INLINE_MAX_UNITS
}

/// An absolute `http` or `https` URL of printable ASCII with no characters that would end a
/// link in Slack or Discord markup (`<`, `>`, `|`, quotes, spaces, backslash), at most
/// [`MAX_URL_BYTES`]. Anything else (`javascript:`, relative paths, …) is dropped.
pub(crate) fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower_scheme = |p: &str| {
        url.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    };
    let scheme_len = if lower_scheme("https://") {
        8
    } else if lower_scheme("http://") {
        7
    } else {
        return None;
    };
    let host_starts = url
        .get(scheme_len..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '[');
    let printable = url.bytes().all(|b| {
        b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'|' | b'"' | b'\'' | b'\\' | b'`')
    });
    (url.len() <= MAX_URL_BYTES && host_starts && printable).then(|| String::from(url))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::normalize::{Shape, normalize_value};

    #[test]
    fn urls() {
        assert_eq!(
            safe_url(" https://x.io/a?b=1&c=2 ").as_deref(),
            Some("https://x.io/a?b=1&c=2")
        );
        assert_eq!(safe_url("HTTP://x.io").as_deref(), Some("HTTP://x.io"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("https://"), None);
        assert_eq!(safe_url("https://x.io/<a>"), None);
        assert_eq!(safe_url("https://x.io/a b"), None);
        assert_eq!(safe_url("/relative"), None);
        assert_eq!(safe_url("https://x.io/é"), None);
    }

    #[test]
    fn falls_back_and_dedupes() {
        let e = normalize_value(
            "vem",
            None,
            &[("a", "b")],
            json!({"event": "deploy.failed", "project_name": "web", "org_id": "o1", "project_id": "p1", "data": {"title": "Deploy 7", "env": "prod"}}),
        );
        let m = Message::render(&e, &Template::builtin(Shape::Vem));
        assert_eq!(m.title, "Deploy 7");
        let labels: Vec<_> = m.context.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["Project", "Organization", "Event", "Provider"]);
        let labels: Vec<_> = m.fields.iter().map(|f| f.label.as_str()).collect();
        // Project and Organization are in the context, the title is the header.
        assert_eq!(labels, ["Project id", "Env"]);
        assert_eq!(m.summary, "Deploy 7 · deploy.failed · vem");

        let e = normalize_value("", None, &[("a", "b")], json!(null));
        let m = Message::render(&e, &Template::builtin(Shape::Generic));
        assert_eq!(
            (m.title.as_str(), m.summary.as_str()),
            ("webhook event", "webhook event · webhook")
        );
    }
}
