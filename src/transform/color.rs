//! Colour by status: a small word table read from the event's status-like fields, then from its
//! event type; failing that, a per-provider colour; failing that, a neutral grey.

use crate::normalize::Event;

/// Red: `failed`, `error`, `denied`, …
pub(crate) const DANGER: u32 = 0xE0_1E_5A;
/// Amber: `warning`, `pending`, `retry`, …
pub(crate) const WARNING: u32 = 0xEC_B2_2E;
/// Green: `succeeded`, `completed`, `paid`, `merged`, …
pub(crate) const SUCCESS: u32 = 0x2E_B6_7D;
/// Grey: no status and no provider colour.
pub(crate) const NEUTRAL: u32 = 0x8D_99_AE;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    // Ordered by precedence: when one text names two statuses, the highest wins
    // (`early_fraud_warning` is red, not amber).
    Success,
    Warning,
    Danger,
}

/// Status words. A `_` joins words that must appear together and in order, so
/// `action_required` matches `invoice.payment_action_required` but not `required`.
const WORDS: &[(&str, Status)] = &[
    ("failed", Status::Danger),
    ("failure", Status::Danger),
    ("fail", Status::Danger),
    ("error", Status::Danger),
    ("errored", Status::Danger),
    ("denied", Status::Danger),
    ("declined", Status::Danger),
    ("rejected", Status::Danger),
    ("refused", Status::Danger),
    ("crashed", Status::Danger),
    ("timeout", Status::Danger),
    ("timed_out", Status::Danger),
    ("dispute", Status::Danger),
    ("disputed", Status::Danger),
    ("fraud", Status::Danger),
    ("uncollectible", Status::Danger),
    ("critical", Status::Danger),
    ("outage", Status::Danger),
    ("warning", Status::Warning),
    ("warn", Status::Warning),
    ("pending", Status::Warning),
    ("retry", Status::Warning),
    ("retrying", Status::Warning),
    ("retried", Status::Warning),
    ("requires_action", Status::Warning),
    ("action_required", Status::Warning),
    ("past_due", Status::Warning),
    ("overdue", Status::Warning),
    ("degraded", Status::Warning),
    ("delayed", Status::Warning),
    ("paused", Status::Warning),
    ("expiring", Status::Warning),
    ("succeeded", Status::Success),
    ("success", Status::Success),
    ("successful", Status::Success),
    ("completed", Status::Success),
    ("complete", Status::Success),
    ("paid", Status::Success),
    ("merged", Status::Success),
    ("resolved", Status::Success),
    ("approved", Status::Success),
    ("passed", Status::Success),
    ("deployed", Status::Success),
    ("done", Status::Success),
    ("fixed", Status::Success),
    ("ready", Status::Success),
    ("healthy", Status::Success),
    ("published", Status::Success),
    ("delivered", Status::Success),
];

/// Field labels that carry a status, most specific first (a check run's `Conclusion` says more
/// than its `State`).
const STATUS_LABELS: &[&str] = &["conclusion", "status", "result", "outcome", "state"];

/// Provider brand colours, for events with no status. Matched as a prefix of the provider id
/// (`github` covers `github_sha1`).
const FAMILIES: &[(&str, u32)] = &[
    ("github", 0x24_29_2F),
    ("linear", 0x5E_6A_D2),
    ("shopify", 0x95_BF_47),
    ("stripe", 0x63_5B_FF),
];

/// The colour of an event: its status colour, its provider's colour, or [`NEUTRAL`].
pub(crate) fn auto(event: &Event) -> u32 {
    let from_fields = STATUS_LABELS.iter().find_map(|label| {
        event
            .fields
            .iter()
            .filter(|f| f.label.eq_ignore_ascii_case(label))
            .find_map(|f| status(&f.value))
    });
    let found = from_fields.or_else(|| event.event_type.as_deref().and_then(status));
    match found {
        Some(Status::Danger) => DANGER,
        Some(Status::Warning) => WARNING,
        Some(Status::Success) => SUCCESS,
        None => FAMILIES
            .iter()
            .find(|(prefix, _)| event.provider.starts_with(prefix))
            .map_or(NEUTRAL, |(_, rgb)| *rgb),
    }
}

/// A colour named in a template: `#rrggbb`, or `danger`, `warning`, `success`, `neutral`.
pub(crate) fn parse(text: &str) -> Option<u32> {
    match text {
        "danger" => Some(DANGER),
        "warning" => Some(WARNING),
        "success" => Some(SUCCESS),
        "neutral" => Some(NEUTRAL),
        _ => {
            let hex = text.strip_prefix('#')?;
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(hex, 16).ok()
        }
    }
}

/// The strongest status any word of `text` names.
fn status(text: &str) -> Option<Status> {
    // Words are ASCII-lowercased runs of letters and digits; at most 64 are looked at, which is
    // plenty for an event type or a status value and bounds the work on hostile input.
    let mut words: [&str; 64] = [""; 64];
    let mut n = 0;
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let Some(slot) = words.get_mut(n) else {
            break;
        };
        *slot = word;
        n += 1;
    }
    let words = words.get(..n).unwrap_or_default();
    WORDS
        .iter()
        .filter(|(phrase, _)| contains_phrase(words, phrase))
        .map(|(_, s)| *s)
        .max()
}

/// Whether the `_`-joined `phrase` appears as consecutive `words` (ASCII case-insensitive).
fn contains_phrase(words: &[&str], phrase: &str) -> bool {
    let len = phrase.split('_').count();
    words.windows(len).any(|window| {
        window
            .iter()
            .zip(phrase.split('_'))
            .all(|(w, p)| w.eq_ignore_ascii_case(p))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::normalize::normalize_value;

    #[test]
    fn status_words() {
        assert_eq!(status("invoice.payment_failed"), Some(Status::Danger));
        assert_eq!(status("invoice.paid"), Some(Status::Success));
        assert_eq!(
            status("invoice.payment_action_required"),
            Some(Status::Warning)
        );
        assert_eq!(
            status("radar.early_fraud_warning.created"),
            Some(Status::Danger)
        );
        assert_eq!(status("DEPLOYMENT.SUCCEEDED"), Some(Status::Success));
        assert_eq!(status("required"), None);
        assert_eq!(status("push"), None);
        assert_eq!(status(""), None);
    }

    #[test]
    fn fields_before_event_type_then_family() {
        let gh = |body| normalize_value("github", None, &[("X-GitHub-Event", "check_run")], body);
        let e = gh(
            json!({"action": "completed", "check_run": {"name": "ci", "conclusion": "failure"}}),
        );
        assert_eq!(auto(&e), DANGER);
        let e = gh(json!({"action": "opened"}));
        assert_eq!(auto(&e), 0x24_29_2F);
        let e = normalize_value("x", None, &[("a", "b")], json!({"hello": 1}));
        assert_eq!(auto(&e), NEUTRAL);
    }

    #[test]
    fn parses_template_colours() {
        assert_eq!(parse("#2eb67D"), Some(0x2E_B6_7D));
        assert_eq!(parse("danger"), Some(DANGER));
        assert_eq!(parse("#fff"), None);
        assert_eq!(parse("2eb67d"), None);
        assert_eq!(parse("#+1234f"), None);
    }
}
