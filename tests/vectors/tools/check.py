#!/usr/bin/env python3
"""Independent re-verification of tests/vectors/*.json.

This is a second, separate implementation of the verification semantics in
tests/vectors/README.md (it does not import gen.py). Every case is run through it and its
result is compared with the case's `expect` (ok and error cases alike), so the data files are
self-consistent with the written contract.

Also checks the file format: scheme == file name, sources present, unique case names,
required keys, body xor body_b64, only known keys.

Usage: python3 tests/vectors/tools/check.py [file.json ...]     (exit status 1 on any failure)
Needs: python3 >= 3.9 and the `cryptography` package (Ed25519, ECDSA P-256).
"""
from __future__ import annotations

import base64
import binascii
import glob
import hashlib
import hmac
import json
import os
import re
import sys
from urllib.parse import unquote_plus, urlsplit, parse_qsl

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.normpath(os.path.join(HERE, ".."))
I64_MAX = 2 ** 63 - 1


class Fail(Exception):
    def __init__(self, code, **fields):
        super().__init__(code)
        self.code = code
        self.fields = fields


# --------------------------------------------------------------------------- policy (from the hookgate table)
# sig:    list of header names (first = canonical, later = fallbacks)    or "mailgun" (body)
# fmt:    ("value", prefix) | ("list", sep, assign, {tag: kind}, ts_tag|None)
# enc:    "hex" | "b64"
# alg:    "hmac256" | "hmac1" | "sha256" (plain) | "ed25519" | "ecdsa" | "sw" (v1 HMAC w/ decoded key, v1a Ed25519)
# tpl:    list of parts: literal strings or "{name}"
# ts:     None | ("header", [names]) | ("embedded",) | ("linear",) | ("mailgun",)
# unit, tol, dir
# id:     None | list of header names | "mailgun"
# dedupe: list of sources tried in order: ("id",) ("header", name) ("json", path...) ("hash",)
def P(**kw):
    kw.setdefault("ts", None)
    kw.setdefault("id", None)
    kw.setdefault("unit", "s")
    kw.setdefault("tol", None)
    kw.setdefault("dir", "none")
    kw.setdefault("key", "raw")
    return kw


HASH = ("hash",)
POLICY = {
    "standard_webhooks": P(sig=["webhook-signature"], fmt=("list", " ", ",", {"v1": "hmac", "v1a": "ed"}, None),
                           enc="b64", alg="sw", key="sw", tpl=["{id}", ".", "{ts}", ".", "{body}"],
                           ts=("header", ["webhook-timestamp"]), tol=300, dir="both", id=["webhook-id"],
                           dedupe=[("id",)]),
    "svix": P(sig=["svix-signature", "webhook-signature"], fmt=("list", " ", ",", {"v1": "hmac", "v1a": "ed"}, None),
              enc="b64", alg="sw", key="sw", tpl=["{id}", ".", "{ts}", ".", "{body}"],
              ts=("header", ["svix-timestamp", "webhook-timestamp"]), tol=300, dir="both",
              id=["svix-id", "webhook-id"], dedupe=[("id",)]),
    "github": P(sig=["x-hub-signature-256"], fmt=("value", "sha256="), enc="hex", alg="hmac256", tpl=["{body}"],
                dedupe=[("header", "x-github-delivery")]),
    "github_sha1": P(sig=["x-hub-signature"], fmt=("value", "sha1="), enc="hex", alg="hmac1", tpl=["{body}"],
                     dedupe=[("header", "x-github-delivery")]),
    "intercom": P(sig=["x-hub-signature"], fmt=("value", "sha1="), enc="hex", alg="hmac1", tpl=["{body}"],
                  dedupe=[("json", "id"), HASH]),
    "generic_hmac_sha256": P(sig=["x-webhook-signature"], fmt=("value", "sha256="), enc="hex", alg="hmac256",
                             tpl=["{body}"], dedupe=[HASH]),
    "verk": P(sig=["x-verk-signature"], fmt=("value", "sha256="), enc="hex", alg="hmac256", tpl=["{body}"],
              dedupe=[("json", "deliveryId")]),
    "vem": P(sig=["x-webhook-signature"], fmt=("value", "sha256="), enc="hex", alg="hmac256", tpl=["{body}"],
             dedupe=[("header", "x-webhook-delivery")]),
    "stripe": P(sig=["stripe-signature"], fmt=("list", ",", "=", {"v1": "mac"}, "t"), enc="hex", alg="hmac256",
                tpl=["{ts}", ".", "{body}"], ts=("embedded",), tol=300, dir="past", dedupe=[("json", "id")]),
    "slack": P(sig=["x-slack-signature"], fmt=("value", "v0="), enc="hex", alg="hmac256",
               tpl=["v0:", "{ts}", ":", "{body}"], ts=("header", ["x-slack-request-timestamp"]), tol=300,
               dir="both", dedupe=[("json", "event_id"), HASH]),
    "shopify": P(sig=["x-shopify-hmac-sha256"], fmt=("value", ""), enc="b64", alg="hmac256", tpl=["{body}"],
                 dedupe=[("header", "x-shopify-webhook-id")]),
    "twilio": P(sig=["x-twilio-signature"], fmt=("value", ""), enc="b64", alg="hmac1", tpl=None,
                dedupe=[("header", "i-twilio-idempotency-token"), HASH]),
    "square": P(sig=["x-square-hmacsha256-signature"], fmt=("value", ""), enc="b64", alg="hmac256",
                tpl=["{url}", "{body}"], dedupe=[("json", "event_id")]),
    "paddle": P(sig=["paddle-signature"], fmt=("list", ";", "=", {"h1": "mac"}, "ts"), enc="hex", alg="hmac256",
                tpl=["{ts}", ":", "{body}"], ts=("embedded",), tol=5, dir="past",
                dedupe=[("json", "event_id"), ("json", "notification_id")]),
    "linear": P(sig=["linear-signature"], fmt=("value", ""), enc="hex", alg="hmac256", tpl=["{body}"],
                ts=("linear",), unit="ms", tol=60, dir="both", dedupe=[("header", "linear-delivery")]),
    "zoom": P(sig=["x-zm-signature"], fmt=("value", "v0="), enc="hex", alg="hmac256",
              tpl=["v0:", "{ts}", ":", "{body}"], ts=("header", ["x-zm-request-timestamp"]), tol=300, dir="both",
              dedupe=[HASH]),
    "mailgun": P(sig="mailgun", fmt=("value", ""), enc="hex", alg="hmac256", tpl=["{ts}", "{id}"],
                 ts=("mailgun",), tol=60, dir="both", id="mailgun", dedupe=[("id",)]),
    "sendgrid": P(sig=["x-twilio-email-event-webhook-signature"], fmt=("value", ""), enc="b64", alg="ecdsa",
                  key="spki", tpl=["{ts}", "{body}"], ts=("header", ["x-twilio-email-event-webhook-timestamp"]),
                  tol=None, dir="none", dedupe=[HASH]),
    "discord": P(sig=["x-signature-ed25519"], fmt=("value", ""), enc="hex", alg="ed25519", key="edhex",
                 tpl=["{ts}", "{body}"], ts=("header", ["x-signature-timestamp"]), tol=300, dir="both",
                 dedupe=[("json", "id")]),
    "pagerduty": P(sig=["x-pagerduty-signature"], fmt=("list", ",", "=", {"v1": "mac"}, None), enc="hex",
                   alg="hmac256", tpl=["{body}"], dedupe=[("json", "event", "id")]),
    "hubspot_v3": P(sig=["x-hubspot-signature-v3"], fmt=("value", ""), enc="b64", alg="hmac256",
                    tpl=["{method}", "{url}", "{body}", "{ts}"], ts=("header", ["x-hubspot-request-timestamp"]),
                    unit="ms", tol=300, dir="past", dedupe=[HASH]),
    "hubspot_v2": P(sig=["x-hubspot-signature"], fmt=("value", ""), enc="hex", alg="sha256",
                    tpl=["{secret}", "{method}", "{url}", "{body}"], dedupe=[HASH]),
    "hubspot_v1": P(sig=["x-hubspot-signature"], fmt=("value", ""), enc="hex", alg="sha256",
                    tpl=["{secret}", "{body}"], dedupe=[HASH]),
    "calendly": P(sig=["calendly-webhook-signature"], fmt=("list", ",", "=", {"v1": "mac"}, "t"), enc="hex",
                  alg="hmac256", tpl=["{ts}", ".", "{body}"], ts=("embedded",), tol=180, dir="past",
                  dedupe=[HASH]),
    "typeform": P(sig=["typeform-signature"], fmt=("value", "sha256="), enc="b64", alg="hmac256", tpl=["{body}"],
                  dedupe=[("json", "event_id")]),
    "vercel": P(sig=["x-vercel-signature"], fmt=("value", ""), enc="hex", alg="hmac1", tpl=["{body}"],
                dedupe=[("json", "id")]),
}


# Providers added by issue 14 (rules from each provider's SDK or docs; see the vector files' sources).
def body_mac(sig, enc="hex", alg="hmac256", prefix="", dedupe=(HASH,), key="raw"):
    return P(sig=[sig], fmt=("value", prefix), enc=enc, alg=alg, key=key, tpl=["{body}"], dedupe=list(dedupe))


def tagged(sig, tag, ts_tag, tpl, enc="hex", unit="s", tol=300, dir="both", dedupe=(HASH,), sep=",", assign="="):
    return P(sig=[sig], fmt=("list", sep, assign, {tag: "mac"}, ts_tag), enc=enc, alg="hmac256", tpl=tpl,
             ts=("embedded",), unit=unit, tol=tol, dir=dir, dedupe=list(dedupe))


for _id in ("openai", "replicate", "anthropic", "lithic", "dodo_payments", "google_gemini", "kong", "vanta", "drata",
            "etsy", "taskrabbit"):
    POLICY[_id] = POLICY["standard_webhooks"]
for _id in ("beehiiv", "brex", "clerk", "guesty", "incident_io", "nash", "pleo", "psi_fi", "render", "safebase",
            "sardine", "stytch", "resend"):
    POLICY[_id] = POLICY["svix"]
SW_HMAC_ONLY = dict(fmt=("list", " ", ",", {"v1": "mac"}, None), enc="b64", alg="hmac256",
                    tpl=["{id}", ".", "{ts}", ".", "{body}"], tol=300, dir="both", dedupe=[("id",)])
POLICY.update({
    "razorpay": body_mac("x-razorpay-signature", dedupe=[("header", "x-razorpay-event-id"), HASH]),
    "gocardless": body_mac("webhook-signature"),
    "modern_treasury": body_mac("x-signature"),
    "coinbase_commerce": body_mac("x-cc-webhook-signature", dedupe=[("json", "event", "id"), HASH]),
    "pusher": body_mac("x-pusher-signature"),
    "line": body_mac("x-line-signature", enc="b64"),
    "smartcar": body_mac("sc-signature", dedupe=[("json", "eventId"), HASH]),
    "worldline": body_mac("x-gcs-signature", enc="b64", dedupe=[("json", "id"), HASH]),
    "mux": tagged("mux-signature", "v1", "t", ["{ts}", ".", "{body}"], dir="past", dedupe=[("json", "id"), HASH]),
    "elevenlabs": tagged("elevenlabs-signature", "v0", "t", ["{ts}", ".", "{body}"], tol=1800, dir="past"),
    "workos": tagged("workos-signature", "v1", "t", ["{ts}", ".", "{body}"], unit="ms", tol=180, dir="past",
                     dedupe=[("json", "id"), HASH]),
    "sanity": tagged("sanity-webhook-signature", "v1", "t", ["{ts}", ".", "{body}"], enc="b64url", unit="ms",
                     tol=None, dir="none", dedupe=[("header", "idempotency-key"), HASH]),
    "retell": tagged("x-retell-signature", "d", "v", ["{body}", "{ts}"], unit="ms"),
    "polar": P(sig=["webhook-signature"], ts=("header", ["webhook-timestamp"]), id=["webhook-id"], **SW_HMAC_ONLY),
    "finch": P(sig=["finch-signature"], ts=("header", ["finch-timestamp"]), id=["finch-event-id"], key="b64",
               **SW_HMAC_ONLY),
    "supabase": P(sig=["webhook-signature"], ts=("header", ["webhook-timestamp"]), id=["webhook-id"], key="b64",
                  key_prefix="v1,whsec_", **SW_HMAC_ONLY),
    "circleci": P(sig=["circleci-signature"], fmt=("list", ",", "=", {"v1": "mac"}, None), enc="hex", alg="hmac256",
                  tpl=["{body}"], dedupe=[("json", "id"), HASH]),
    "buildkite": tagged("x-buildkite-signature", "signature", "timestamp", ["{ts}", ".", "{body}"]),
    "notion": body_mac("x-notion-signature", prefix="sha256=", dedupe=[("json", "id"), HASH]),
    "onfido": body_mac("x-sha2-signature"),
    "adyen_platform": body_mac("hmacsignature", enc="b64", key="hex"),
    "sentry": body_mac("sentry-hook-signature", dedupe=[("header", "request-id"), HASH]),
    "whatsapp": body_mac("x-hub-signature-256", prefix="sha256="),
    "facebook": body_mac("x-hub-signature-256", prefix="sha256="),
    "instagram": body_mac("x-hub-signature-256", prefix="sha256="),
    "facebook_messenger": body_mac("x-hub-signature-256", prefix="sha256="),
    "bitbucket": body_mac("x-hub-signature", prefix="sha256=", dedupe=[("header", "x-request-uuid"), HASH]),
    "alchemy": body_mac("x-alchemy-signature", dedupe=[("json", "id"), HASH]),
    "stream_chat": body_mac("x-signature", dedupe=[("header", "x-webhook-id"), HASH]),
    "dropbox": body_mac("x-dropbox-signature"),
    "xero": body_mac("x-xero-signature", enc="b64"),
    "heroku": body_mac("heroku-webhook-hmac-sha256", enc="b64", dedupe=[("json", "id"), HASH]),
    "terraform": body_mac("x-tfe-notification-signature", alg="hmac512"),
    "aftership": P(sig=["aftership-hmac-sha256", "as-signature-hmac-sha256"], fmt=("value", ""), enc="b64",
                   alg="hmac256", tpl=["{body}"], dedupe=[("json", "event_id"), HASH]),
    "woocommerce": body_mac("x-wc-webhook-signature", enc="b64", dedupe=[("header", "x-wc-webhook-delivery-id"), HASH]),
    "x_twitter": body_mac("x-twitter-webhooks-signature", enc="b64", prefix="sha256="),
    "plivo_v2": P(sig=["x-plivo-signature-v2"], fmt=("value", ""), enc="b64", alg="hmac256", tpl=["{url}", "{id}"],
                  id=["x-plivo-signature-v2-nonce"], dedupe=[("id",)]),
    "checkout_com": body_mac("cko-signature", dedupe=[("json", "id"), HASH]),
    "lemon_squeezy": body_mac("x-signature"),
    "trello": P(sig=["x-trello-webhook"], fmt=("value", ""), enc="b64", alg="hmac1", tpl=["{body}", "{url}"],
                dedupe=[("json", "action", "id"), HASH]),
    "cal_com": body_mac("x-cal-signature-256"),
    "mailersend": body_mac("signature"),
    "linkedin": P(sig=["x-li-signature"], fmt=("value", ""), enc="hex", alg="hmac256", tpl=["hmacsha256=", "{body}"],
                  dedupe=[HASH]),
    "webflow": P(sig=["x-webflow-signature"], fmt=("value", ""), enc="hex", alg="hmac256", tpl=["{ts}", ":", "{body}"],
                 ts=("header", ["x-webflow-timestamp"]), unit="ms", tol=300, dir="past", dedupe=[HASH]),
    "zendesk": P(sig=["x-zendesk-webhook-signature"], fmt=("value", ""), enc="b64", alg="hmac256", tpl=["{ts}", "{body}"],
                 ts=("header", ["x-zendesk-webhook-signature-timestamp"]), unit="rfc3339",
                 dedupe=[("header", "x-zendesk-webhook-invocation-id"), HASH]),
    "zendesk_event_connectors": P(sig=["x-zendesk-webhook-signature"], fmt=("value", ""), enc="b64", alg="hmac256",
                                  tpl=["{body}", "{ts}"], ts=("header", ["x-zendesk-webhook-signature-timestamp"]),
                                  unit="rfc3339", dedupe=[HASH]),
    "box": P(sig=["box-signature-primary", "box-signature-secondary"], from_all=True, fmt=("value", ""), enc="b64",
             alg="hmac256", tpl=["{body}", "{ts}"], ts=("header", ["box-delivery-timestamp"]), unit="rfc3339", tol=600,
             dir="past", dedupe=[("json", "id"), HASH]),
    "twitch": P(sig=["twitch-eventsub-message-signature"], fmt=("value", "sha256="), enc="hex", alg="hmac256",
                tpl=["{id}", "{ts}", "{body}"], id=["twitch-eventsub-message-id"],
                ts=("header", ["twitch-eventsub-message-timestamp"]), unit="rfc3339", tol=600, dir="past",
                dedupe=[("id",)]),
    "orb": P(sig=["x-orb-signature"], fmt=("list", " ", "=", {"v1": "mac"}, None), enc="hex", alg="hmac256",
             tpl=["v1:", "{ts}", ":", "{body}"], ts=("header", ["x-orb-timestamp"]), unit="rfc3339", tol=300,
             dir="both", dedupe=[("json", "id"), HASH]),
    "docusign": P(sig=[f"x-docusign-signature-{i}" for i in range(1, 6)], from_all=True, fmt=("value", ""), enc="b64",
                  alg="hmac256", tpl=["{body}"], dedupe=[HASH]),
    "gitlab": P(sig=["x-gitlab-token"], fmt=("value", ""), enc="text", alg="token", tpl=[], dedupe=[HASH]),
    "okta": P(sig=["authorization"], fmt=("value", ""), enc="text", alg="token", tpl=[],
              dedupe=[("json", "eventId"), HASH]),
    "telegram": P(sig=["x-telegram-bot-api-secret-token"], fmt=("value", ""), enc="text", alg="token", tpl=[],
                  dedupe=[("json", "update_id"), HASH]),
    "chargebee": P(sig=["authorization"], fmt=("value", "Basic "), enc="b64", alg="token", tpl=[],
                   dedupe=[("json", "id"), HASH]),
    "telnyx": P(sig=["telnyx-signature-ed25519"], fmt=("value", ""), enc="b64", alg="ed25519", key="edb64",
                tpl=["{ts}", "|", "{body}"], ts=("header", ["telnyx-timestamp"]), tol=300, dir="both",
                dedupe=[("json", "data", "id"), HASH]),
    "airtable": body_mac("x-airtable-content-mac", prefix="hmac-sha256=", key="b64"),
    "asana": body_mac("x-hook-signature"),
    "squarespace": body_mac("squarespace-signature", key="hex", dedupe=[("json", "id"), HASH]),
    "paystack": body_mac("x-paystack-signature", alg="hmac512"),
    "help_scout": body_mac("x-helpscout-signature", enc="b64", alg="hmac1"),
    "gitea": body_mac("x-gitea-signature", dedupe=[("header", "x-gitea-delivery"), HASH]),
    "forgejo": body_mac("x-forgejo-signature", dedupe=[("header", "x-forgejo-delivery"), HASH]),
    "todoist": body_mac("x-todoist-hmac-sha256", enc="b64"),
    "clickup": body_mac("x-signature"),
    "launchdarkly": body_mac("x-ld-signature", dedupe=[("json", "_id"), HASH]),
    "cashfree": P(sig=["x-webhook-signature"], fmt=("value", ""), enc="b64", alg="hmac256", tpl=["{ts}", "{body}"],
                  ts=("header", ["x-webhook-timestamp"]), unit="ms", dedupe=[HASH]),
    "datasaur": body_mac("x-datasaur-signature"),
    "dixa": P(sig=["x-dixa-signature"], fmt=("list", ",", "=", {"v1": "mac"}, "t"), enc="hex", alg="hmac256", key="hex",
              tpl=["{ts}", ".", "{body}"], ts=("embedded",), unit="ms", dedupe=[("json", "event_id"), HASH]),
    "webex": body_mac("x-spark-signature", alg="hmac1"),
    "microsoft_teams": body_mac("authorization", enc="b64", prefix="HMAC ", key="b64", dedupe=[("json", "id"), HASH]),
    "exa": tagged("exa-signature", "v1", "t", ["{ts}", ".", "{body}"], tol=None, dir="none", dedupe=[("json", "id"), HASH]),
    "front": P(sig=["x-front-signature"], fmt=("value", ""), enc="b64", alg="hmac256", tpl=["{ts}", ":", "{body}"],
               ts=("header", ["x-front-request-timestamp"]), unit="ms", tol=300, dir="both",
               dedupe=[("json", "payload", "id"), HASH]),
    "front_rules": body_mac("x-front-signature", enc="b64", alg="hmac1", dedupe=[("json", "id"), HASH]),
    "fourthwall": P(sig=["x-fourthwall-hmac-sha256", "x-fourthwall-hmac-apps-sha256"], fmt=("value", ""), enc="b64",
                    alg="hmac256", tpl=["{body}"], dedupe=[("json", "id"), HASH]),
})


# --------------------------------------------------------------------------- decoding helpers
def dec_hex(t: str):
    if t == "" or len(t) % 2 or not re.fullmatch(r"[0-9a-fA-F]*", t):
        return None
    return bytes.fromhex(t)


def canonical(t: str, raw: bytes, encode) -> bool:
    """Whether t is the canonical text of raw (padding aside): no stray bits in the last character."""
    return encode(raw).rstrip(b"=").decode() == t.rstrip("=")


def dec_b64(t: str):
    if t == "" or not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", t):
        return None
    try:
        t2 = t.rstrip("=")
        raw = base64.b64decode(t2 + "=" * (-len(t2) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(t2) % 4 == 1 or (t != t2 and len(t) % 4) or not canonical(t, raw, base64.b64encode):
        return None
    return raw


def date_ms(text):
    """RFC 3339 (no offset: UTC) in ms; None when it is not one."""
    import calendar
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?", text)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    frac, zone = m.group(7), m.group(8)
    offset = 0
    if zone and zone not in "Zz":
        offset = (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60) * (1 if zone[0] == "+" else -1)
    if not (1 <= mo <= 12 and 1 <= d <= 31 and h <= 23 and mi <= 59 and s <= 60):
        return None
    secs = calendar.timegm((y, mo, d, h, mi, 0, 0, 0, 0)) + s - offset
    return secs * 1000 + (int((frac + "00")[:3]) if frac else 0)


def dec_b64url(t: str):
    if t == "" or not re.fullmatch(r"[A-Za-z0-9_-]*={0,2}", t):
        return None
    t2 = t.rstrip("=")
    if len(t2) % 4 == 1 or (t != t2 and len(t) % 4):
        return None
    try:
        raw = base64.urlsafe_b64decode(t2 + "=" * (-len(t2) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw if canonical(t, raw, base64.urlsafe_b64encode) else None


def dec_b64_lenient_padding(t: str):
    t2 = t.rstrip("=")
    if not re.fullmatch(r"[A-Za-z0-9+/]*", t2) or len(t2) % 4 == 1:
        return None
    return base64.b64decode(t2 + "=" * (-len(t2) % 4))


KNOWN_PREFIXES = ("whsec_", "whpk_", "whsk_")


def parse_key(pol, s):
    if s == "" or s in KNOWN_PREFIXES:
        raise Fail("empty_secret")
    if s != s.strip():
        raise Fail("secret_whitespace")
    kind = pol["key"]
    if kind == "sw":
        if s.startswith("whpk_"):
            raw = dec_b64(s[5:])
            if raw is None or len(raw) != 32:
                raise Fail("invalid_public_key")
            try:
                return ("ed", ed25519.Ed25519PublicKey.from_public_bytes(raw))
            except ValueError:
                raise Fail("invalid_public_key")
        body = s[6:] if s.startswith("whsec_") else s
        raw = dec_b64_lenient_padding(body)
        if raw is None or not raw:
            raise Fail("invalid_secret_encoding")
        return ("hmac", raw)
    if kind in ("edhex", "edb64"):
        raw = dec_hex(s) if kind == "edhex" else dec_b64_lenient_padding(s)
        if raw is None or len(raw) != 32:
            raise Fail("invalid_public_key")
        return ("ed", ed25519.Ed25519PublicKey.from_public_bytes(raw))
    if kind in ("hex", "b64"):
        prefix = pol.get("key_prefix")
        if prefix and s.startswith(prefix):
            s = s[len(prefix):]
            if not s:
                raise Fail("empty_secret")
        raw = dec_hex(s) if kind == "hex" else dec_b64_lenient_padding(s)
        if not raw:
            raise Fail("invalid_secret_encoding")
        return ("bytes", raw)
    if kind == "spki":
        raw = dec_b64(s)
        if raw is None:
            raise Fail("invalid_public_key")
        try:
            k = serialization.load_der_public_key(raw)
        except Exception:
            raise Fail("invalid_public_key")
        if not isinstance(k, ec.EllipticCurvePublicKey) or k.curve.name != "secp256r1":
            raise Fail("invalid_public_key")
        return ("ecdsa", k)
    return ("raw", s)


def parse_form(body: bytes):
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return []
    out = []
    for piece in text.split("&"):
        if not piece:
            continue
        k, _, v = piece.partition("=")
        out.append((unquote_plus(k), unquote_plus(v)))
    return out


def json_obj(body: bytes):
    try:
        v = json.loads(body.decode("utf-8"))
    except Exception:
        return None
    return v


def json_get(body: bytes, path):
    v = json_obj(body)
    for p in path:
        if not isinstance(v, dict) or p not in v:
            return None
        v = v[p]
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)  # a number's text, as sent (canonical JSON integers)
    return v if isinstance(v, str) else None


def utf16_key(s):
    return s.encode("utf-16-be")


# --------------------------------------------------------------------------- twilio url variants
def url_variants(url):
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://([^/?#]*)(.*)$", url)
    if not m:
        return [url]
    scheme, authority, rest = m.groups()
    userinfo, at, hostport = authority.rpartition("@")
    pre = userinfo + at
    hm = re.match(r"^(.*?)(?::(\d*))?$", hostport)
    host, port = hm.group(1), hm.group(2)
    out = [url]
    if port is not None:
        out.append(f"{scheme}://{pre}{host}{rest}")
    else:
        default = {"https": "443", "http": "80"}.get(scheme.lower())
        if default:
            out.append(f"{scheme}://{pre}{host}:{default}{rest}")
    return out


# --------------------------------------------------------------------------- verify
def get_header(h, names):
    for n in names:
        if n in h:
            return h[n]
    return None


def verify(scheme, case):
    pol = POLICY[scheme]
    h = {k.lower(): v for k, v in case["headers"].items()}
    body = base64.b64decode(case["body_b64"]) if "body_b64" in case else case["body"].encode("utf-8")

    # 1. secrets
    secrets = case["secrets"]
    keys = [parse_key(pol, s) for s in secrets]
    if not keys:
        raise Fail("no_secrets")

    # 2. required inputs
    sig_names = pol["sig"]
    mg = None
    if sig_names == "mailgun":
        obj = json_obj(body)
        if isinstance(obj, dict) and isinstance(obj.get("signature"), dict):
            s = obj["signature"]
            mg = {k: (str(s[k]) if k in s else None) for k in ("timestamp", "token", "signature")}
        else:
            f = dict(parse_form(body))
            mg = {k: f.get(k) for k in ("timestamp", "token", "signature")}
        sig_value = mg["signature"]
        if sig_value is None:
            raise Fail("missing_field", name="/signature/signature")
        canon_sig = "signature"
    else:
        if case.get("signature_header"):
            sig_names = [case["signature_header"].lower()]
        canon_sig = sig_names[0]
        sig_value = get_header(h, sig_names)
        if sig_value is None:
            raise Fail("missing_header", name=canon_sig)

    uses = set(pol["tpl"] or []) | ({"{url}"} if scheme == "twilio" else set())
    msg_id = None
    if pol["id"] == "mailgun":
        msg_id = mg["token"]
        if msg_id is None:
            raise Fail("missing_field", name="/signature/token")
    elif pol["id"]:
        msg_id = get_header(h, pol["id"])
        if msg_id is None and "{id}" in uses:
            raise Fail("missing_header", name=pol["id"][0])

    fmt = pol["fmt"]
    entries = None
    if fmt[0] == "list":
        _, sep, assign, tags, ts_tag = fmt
        entries = []
        for part in sig_value.split(sep):
            if assign not in part:
                continue
            k, _, v = part.partition(assign)
            entries.append((k, v))

    ts_text = None
    ts_name = None
    src = pol["ts"]
    if src is not None:
        if src[0] == "header":
            ts_name = src[1][0]
            ts_text = get_header(h, src[1])
        elif src[0] == "embedded":
            for k, v in entries:
                if k == fmt[4]:
                    ts_text = v
                    break
        elif src[0] == "linear":
            obj = json_obj(body)
            if isinstance(obj, dict) and "webhookTimestamp" in obj:
                v = obj["webhookTimestamp"]
                ts_text = v if isinstance(v, str) else json.dumps(v)
            else:
                ts_text = h.get("linear-timestamp")
                ts_name = "linear-timestamp"
        elif src[0] == "mailgun":
            ts_text = mg["timestamp"]
        if ts_text is None:
            raise Fail("missing_timestamp", name=ts_name)

    url = case.get("url")
    method = case.get("method")
    if "{url}" in uses and url is None:
        raise Fail("missing_url")
    if "{method}" in uses and method is None:
        raise Fail("missing_method")

    # 3. candidates
    if fmt[0] == "value":
        prefix = fmt[1]
        # from_all: every signature header present holds candidates (Box, DocuSign).
        values = [h[n] for n in sig_names if n in h] if pol.get("from_all") else [sig_value]
        # Header values arrive trimmed (HTTP strips surrounding whitespace), so does hookgate.
        values = [v.strip(" \t") for v in values]
        raw_cands = [("_", v[len(prefix):]) for v in values if v.startswith(prefix)]
    else:
        raw_cands = [(k, v) for k, v in entries if k in fmt[3]]
    if not raw_cands:
        raise Fail("missing_signature", name=canon_sig)
    dec = {"hex": dec_hex, "b64": dec_b64, "b64url": dec_b64url,
           "text": lambda t: t.encode() if t else None}[pol["enc"]]
    cands = [(k, dec(v)) for k, v in raw_cands]
    cands = [(k, v) for k, v in cands if v is not None]
    if not cands:
        raise Fail("invalid_signature_encoding", name=canon_sig)

    # 4. signature
    def content(secret, url_override=None):
        if scheme == "twilio":
            u = url_override
            q = dict(parse_qsl(urlsplit(case["url"]).query, keep_blank_values=True))
            data = u
            if "bodySHA256" not in q:
                by = {}
                for k, v in parse_form(body):
                    by.setdefault(k, set()).add(v)
                for k in sorted(by, key=utf16_key):
                    for v in sorted(by[k], key=utf16_key):
                        data += k + v
            return data.encode("utf-8")
        vals = {"{body}": body, "{ts}": (ts_text or "").encode(), "{id}": (msg_id or "").encode(),
                "{url}": (url or "").encode(), "{method}": (method or "").encode(),
                "{secret}": secret.encode() if isinstance(secret, str) else b""}
        return b"".join(vals.get(p, p.encode() if isinstance(p, str) else p) for p in pol["tpl"])

    if pol["alg"] == "sw":
        kinds = [fmt[3][tag] for tag, _ in cands]
        if not set(kinds) & {kkind for kkind, _ in keys}:
            raise Fail("no_key_for_signature", algorithm="hmac_sha256" if kinds[0] == "hmac" else "ed25519")

    matched = None
    for idx, (kkind, kval) in enumerate(keys):
        for tag, cand in cands:
            alg = pol["alg"]
            good = False
            if alg == "sw":
                kind = fmt[3][tag]
                if kind == "hmac" and kkind == "hmac":
                    good = hmac.compare_digest(hmac.new(kval, content(None), hashlib.sha256).digest(), cand)
                elif kind == "ed" and kkind == "ed":
                    try:
                        kval.verify(cand, content(None))
                        good = True
                    except InvalidSignature:
                        pass
            elif alg in ("hmac256", "hmac1", "hmac512"):
                hfn = {"hmac256": hashlib.sha256, "hmac1": hashlib.sha1, "hmac512": hashlib.sha512}[alg]
                kbytes = kval.encode() if kkind == "raw" else kval
                variants = url_variants(url) if scheme == "twilio" else [None]
                for u in variants:
                    if hmac.compare_digest(hmac.new(kbytes, content(kval, u), hfn).digest(), cand):
                        good = True
            elif alg == "token":
                kbytes = kval.encode() if kkind == "raw" else kval
                good = hmac.compare_digest(kbytes, cand)
            elif alg == "sha256":
                good = hmac.compare_digest(hashlib.sha256(content(kval)).digest(), cand)
            elif alg == "ed25519":
                try:
                    kval.verify(cand, content(None))
                    good = True
                except InvalidSignature:
                    pass
            elif alg == "ecdsa":
                try:
                    kval.verify(cand, content(None), ec.ECDSA(hashes.SHA256()))
                    good = True
                except (InvalidSignature, ValueError):
                    pass
            if good:
                matched = idx
                break
        if matched is not None:
            break
    if matched is None:
        raise Fail("no_matching_signature", candidates=len(cands))

    if scheme == "twilio":
        q = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
        if "bodySHA256" in q and hashlib.sha256(body).hexdigest() != q["bodySHA256"]:
            raise Fail("body_digest_mismatch")

    # 5. timestamp
    result = {"key_index": matched}
    if msg_id is not None and (pol["id"] == "mailgun" or "{id}" in uses):
        result["id"] = msg_id
    if ts_text is not None:
        if pol["unit"] == "rfc3339":
            ts = date_ms(ts_text)
            if ts is None:
                raise Fail("invalid_timestamp", name=ts_name)
        else:
            if not re.fullmatch(r"[0-9]+", ts_text) or int(ts_text) > I64_MAX:
                raise Fail("invalid_timestamp", name=ts_name)
            ts = int(ts_text)
        ms = pol["unit"] != "s"
        ts_s = ts // 1000 if ms else ts
        result["timestamp"] = ts_s
        if not case.get("dangerous_skip_timestamp_check"):
            tol, direction = pol["tol"], pol["dir"]
            past, future = {"both": (tol, tol), "past": (tol, None), "none": (None, None)}[direction]
            if "tolerance_s" in case:
                t = case["tolerance_s"]
                past, future = {"both": (t, t), "past": (t, None), "none": (t, t)}[direction]
            if "tolerance" in case:
                past, future = case["tolerance"]["past_s"], case["tolerance"]["future_s"]
            if ms:
                now_ms = case["now_ms"] if "now_ms" in case else case["now"] * 1000
                age = now_ms - ts
                if past is not None and age > past * 1000:
                    raise Fail("timestamp_too_old", age_s=-(-age // 1000), tolerance_s=past)
                if future is not None and -age > future * 1000:
                    raise Fail("timestamp_in_future", ahead_s=-(age // 1000), tolerance_s=future)
            else:
                now_s = case["now"] if "now" in case else case["now_ms"] // 1000
                age = now_s - ts
                if past is not None and age > past:
                    raise Fail("timestamp_too_old", age_s=age, tolerance_s=past)
                if future is not None and -age > future:
                    raise Fail("timestamp_in_future", ahead_s=-age, tolerance_s=future)

    # dedupe
    for srcd in pol["dedupe"]:
        v = None
        if srcd[0] == "id":
            v = msg_id
        elif srcd[0] == "header":
            v = h.get(srcd[1])
        elif srcd[0] == "json":
            v = json_get(body, srcd[1:])
        elif srcd[0] == "hash":
            v = "sha256:" + hashlib.sha256(body).hexdigest()
        if v is not None:
            result["dedupe_key"] = v
            break
    return result


# --------------------------------------------------------------------------- format checks + driver
CASE_KEYS = {"name", "source", "secrets", "headers", "body", "body_b64", "url", "method", "now", "now_ms",
             "tolerance_s", "tolerance", "dangerous_skip_timestamp_check", "signature_header",
             "policy_dependent", "expect"}
ERROR_CODES = {"empty_secret", "secret_whitespace", "invalid_secret_encoding", "invalid_public_key", "no_secrets",
               "missing_header", "missing_timestamp", "missing_url", "missing_method", "missing_signature",
               "invalid_signature_encoding", "no_matching_signature", "invalid_timestamp", "timestamp_too_old",
               "timestamp_in_future", "body_digest_mismatch", "missing_field", "no_key_for_signature"}


def check_format(path, data, problems):
    scheme = os.path.splitext(os.path.basename(path))[0]
    if data.get("scheme") != scheme:
        problems.append(f"{path}: scheme {data.get('scheme')!r} != file name")
    if set(data) != {"scheme", "sources", "cases"}:
        problems.append(f"{path}: top-level keys {sorted(data)}")
    if not data.get("sources"):
        problems.append(f"{path}: no sources")
    names = set()
    for c in data["cases"]:
        n = c.get("name")
        if n in names:
            problems.append(f"{path}: duplicate case name {n!r}")
        names.add(n)
        extra = set(c) - CASE_KEYS
        if extra:
            problems.append(f"{path}: {n}: unknown keys {extra}")
        for k in ("name", "source", "secrets", "headers", "expect"):
            if k not in c:
                problems.append(f"{path}: {n}: missing {k}")
        if ("body" in c) == ("body_b64" in c):
            problems.append(f"{path}: {n}: exactly one of body / body_b64 required")
        if not all(isinstance(v, str) for v in c.get("headers", {}).values()):
            problems.append(f"{path}: {n}: non-string header value")
        e = c.get("expect", {})
        if len(e) != 1 or next(iter(e)) not in ("ok", "error"):
            problems.append(f"{path}: {n}: expect must be ok or error")
        elif "error" in e and e["error"].get("code") not in ERROR_CODES:
            problems.append(f"{path}: {n}: unknown error code {e['error'].get('code')}")
        if not (c.get("source", "").startswith("derived") or ":" in c.get("source", "")):
            problems.append(f"{path}: {n}: source should be owner/repo:path or 'derived: ...'")


def main(argv):
    files = argv[1:] or sorted(glob.glob(os.path.join(VECTORS, "*.json")))
    problems = []
    passed = failed = 0
    n_ok = n_err = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        check_format(path, data, problems)
        scheme = data["scheme"]
        if scheme not in POLICY:
            problems.append(f"{path}: no policy for scheme {scheme}")
            continue
        for c in data["cases"]:
            try:
                got = {"ok": verify(scheme, c)}
            except Fail as e:
                got = {"error": dict(code=e.code, **{k: v for k, v in e.fields.items()})}
            exp = c["expect"]
            kind = next(iter(exp))
            good = kind in got and all(got[kind].get(k) == v for k, v in exp[kind].items())
            if good:
                passed += 1
                if kind == "ok":
                    n_ok += 1
                else:
                    n_err += 1
            else:
                failed += 1
                problems.append(f"{os.path.basename(path)}: {c['name']!r}: expected {exp}, got {got}")
    for p in problems:
        print("FAIL", p)
    print(f"{len(files)} files; {n_ok} ok cases and {n_err} error cases re-verified")
    print(f"{passed} passed, {failed} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
