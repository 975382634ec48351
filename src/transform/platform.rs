//! Which chat platform a message is for, and detecting it from an incoming-webhook URL.

use core::fmt;
use core::str::FromStr;

use super::error::TransformError;

/// A chat platform hookgate can render a message for.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Platform {
    /// A Discord webhook message with one embed.
    Discord,
    /// A Slack Block Kit message for an incoming webhook.
    Slack,
}

impl Platform {
    /// The platform's lower-case name: `discord` or `slack`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Discord => "discord",
            Self::Slack => "slack",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses `slack` or `discord`, in any ASCII case.
impl FromStr for Platform {
    type Err = TransformError;

    fn from_str(name: &str) -> Result<Self, TransformError> {
        if name.eq_ignore_ascii_case("slack") {
            Ok(Self::Slack)
        } else if name.eq_ignore_ascii_case("discord") {
            Ok(Self::Discord)
        } else {
            Err(TransformError::unknown_platform(name))
        }
    }
}

/// Discord's API hosts.
const DISCORD_HOSTS: &[&str] = &[
    "discord.com",
    "discordapp.com",
    "ptb.discord.com",
    "canary.discord.com",
];

/// The platform whose incoming-webhook URL this is, if any:
///
/// - `https://hooks.slack.com/services/…` is [`Platform::Slack`] (Slack's workflow triggers,
///   `/triggers/…`, take arbitrary JSON and are not matched);
/// - `https://discord.com/api/webhooks/<id>/<token>` (also `discordapp.com`, `ptb.` and
///   `canary.`, and `/api/v<n>/webhooks/…`) is [`Platform::Discord`];
/// - the same Discord URL ending in `/slack` is Discord's Slack-compatible endpoint, so
///   [`Platform::Slack`]; ending in `/github` it wants GitHub's own payload, so `None`.
///
/// Only `https` URLs match, and a URL with credentials (`https://hooks.slack.com@evil.test/…`,
/// whose host is `evil.test`) never does. To transform for a local fake endpoint in tests, name
/// the platform explicitly with [`platform_for_route`].
#[must_use]
pub fn platform_for_url(url: &str) -> Option<Platform> {
    let rest = strip_prefix_ignore_case(url.trim(), "https://")?;
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at_checked(end)?;
    if authority.contains('@') {
        return None;
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    let path = tail.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.split('/').filter(|s| !s.is_empty());

    if host.eq_ignore_ascii_case("hooks.slack.com") {
        return (segments.next() == Some("services") && segments.next().is_some())
            .then_some(Platform::Slack);
    }
    if !DISCORD_HOSTS.iter().any(|h| host.eq_ignore_ascii_case(h)) || segments.next() != Some("api")
    {
        return None;
    }
    let mut next = segments.next();
    if next.is_some_and(is_api_version) {
        next = segments.next();
    }
    if next != Some("webhooks") {
        return None;
    }
    let (Some(_id), Some(_token)) = (segments.next(), segments.next()) else {
        return None;
    };
    match (segments.next(), segments.next()) {
        (None, _) => Some(Platform::Discord),
        (Some("slack"), None) => Some(Platform::Slack),
        _ => None,
    }
}

/// The platform to render for a route that forwards to `url`, given the route's setting:
/// `None` or `"auto"` detects it from the URL ([`platform_for_url`]); `"off"` never
/// transforms; `"slack"` or `"discord"` always renders for that platform (for example for a
/// local fake endpoint in tests, or a proxy in front of the real one).
///
/// # Errors
/// [`TransformError::UnknownPlatform`] for any other setting.
pub fn platform_for_route(
    url: &str,
    setting: Option<&str>,
) -> Result<Option<Platform>, TransformError> {
    match setting {
        None => Ok(platform_for_url(url)),
        Some(s) if s.eq_ignore_ascii_case("auto") => Ok(platform_for_url(url)),
        Some(s) if s.eq_ignore_ascii_case("off") => Ok(None),
        Some(s) => s.parse().map(Some),
    }
}

fn is_api_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_incoming_webhook_urls() {
        let p = platform_for_url;
        assert_eq!(
            p("https://hooks.slack.com/services/T0/B0/xyz"),
            Some(Platform::Slack)
        );
        assert_eq!(
            p("HTTPS://Hooks.Slack.com.:443/services/T0/B0/xyz?x=1"),
            Some(Platform::Slack)
        );
        assert_eq!(p("https://hooks.slack.com/triggers/T0/1/abc"), None);
        assert_eq!(p("https://hooks.slack.com/services"), None);
        assert_eq!(p("http://hooks.slack.com/services/T0/B0/xyz"), None);
        assert_eq!(
            p("https://hooks.slack.com@evil.test/services/T0/B0/x"),
            None
        );
        assert_eq!(p("https://evil.test/hooks.slack.com/services/x"), None);
        assert_eq!(p("https://hooks.slack.com.evil.test/services/x"), None);
        assert_eq!(
            p("https://discord.com/api/webhooks/1/tok"),
            Some(Platform::Discord)
        );
        assert_eq!(
            p("https://discordapp.com/api/webhooks/1/tok/"),
            Some(Platform::Discord)
        );
        assert_eq!(
            p("https://canary.discord.com/api/v10/webhooks/1/tok?wait=true"),
            Some(Platform::Discord)
        );
        assert_eq!(
            p("https://discord.com/api/webhooks/1/tok/slack"),
            Some(Platform::Slack)
        );
        assert_eq!(p("https://discord.com/api/webhooks/1/tok/github"), None);
        assert_eq!(p("https://discord.com/api/webhooks/1"), None);
        assert_eq!(p("https://discord.com/api/channels/1/messages"), None);
        assert_eq!(p("https://discord.gg/api/webhooks/1/tok"), None);
        assert_eq!(p("http://127.0.0.1:8787/slack"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("https://"), None);
    }

    #[test]
    fn route_settings() {
        let local = "http://127.0.0.1:9000/hook";
        assert_eq!(platform_for_route(local, None), Ok(None));
        assert_eq!(
            platform_for_route(local, Some("Slack")),
            Ok(Some(Platform::Slack))
        );
        assert_eq!(
            platform_for_route(local, Some("discord")),
            Ok(Some(Platform::Discord))
        );
        let slack = "https://hooks.slack.com/services/T/B/x";
        assert_eq!(
            platform_for_route(slack, Some("auto")),
            Ok(Some(Platform::Slack))
        );
        assert_eq!(platform_for_route(slack, Some("off")), Ok(None));
        assert_eq!(
            platform_for_route(slack, Some("teams")).map_err(|e| e.code()),
            Err("unknown_platform")
        );
    }
}
