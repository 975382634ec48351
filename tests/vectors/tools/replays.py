#!/usr/bin/env python3
"""Generate (or, with --check, compare) tests/vectors/dedupe/{replays,forwarded}.json.

What the signature of a verified request covers, and what a captured request sent again looks
like: for each case, a request copied from a scheme's vector file (or made here), the facts
every suite asserts (`body_signed`, `dedupe_key_signed`, `timestamp_signed`, the dedupe key, the
replay key) and a second request (`again`) that must count as a duplicate of the first: the
same signed bytes under a fresh id, a tampered unsigned body, or (the "Self" case) a new
delivery id with the route's own dedupe key.

The replay key is computed here independently of hookgate: the SHA-256 of the signed content,
rebuilt from each scheme's documented template (`{secret}` left out). The signed-or-not facts
are the contract of issue 13, written out per case with the reason.

forwarded.json: requests as the hookgate gateway forwards them to an origin (its body signature
and its metadata signature, src/forwarded.rs), signed here independently, with what an origin's
check must answer for each (ok, or the error code) after a header or the body was changed.

Usage: python3 tests/vectors/tools/replays.py [--check]
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
from urllib.parse import parse_qsl, unquote_plus, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.normpath(os.path.join(HERE, ".."))
OUT = os.path.join(VECTORS, "dedupe", "replays.json")
FORWARDED = os.path.join(VECTORS, "dedupe", "forwarded.json")


def vector(scheme, name):
    with open(os.path.join(VECTORS, f"{scheme}.json")) as f:
        for case in json.load(f)["cases"]:
            if case["name"] == name:
                return case
    raise SystemExit(f"no case {name!r} in {scheme}.json")


def body_of(req):
    return base64.b64decode(req["body_b64"]) if "body_b64" in req else req["body"].encode()


def header(req, name):
    return next((v for k, v in req["headers"].items() if k.lower() == name), None)


def replay_key(content: bytes) -> str:
    return "replay:" + hashlib.sha256(content).hexdigest()


def utf16_key(s):
    return s.encode("utf-16-be")


def twilio_content(req):
    """The matched URL (as given, or without / with the default port) + sorted parameters."""
    url = req["url"]
    query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    params = ""
    if "bodySHA256" not in query:
        by = {}
        for piece in body_of(req).decode().split("&"):
            if piece:
                k, _, v = piece.partition("=")
                by.setdefault(unquote_plus(k), set()).add(unquote_plus(v))
        params = "".join(k + v for k in sorted(by, key=utf16_key) for v in sorted(by[k], key=utf16_key))
    signature = base64.b64decode(header(req, "x-twilio-signature"))
    key = req["secrets"][0].encode()
    parts = urlsplit(url)
    host = parts.netloc
    spellings = [url]
    if ":" in host.rpartition("@")[2]:
        spellings.append(url.replace(host, host.rpartition(":")[0], 1))
    else:
        spellings.append(url.replace(host, host + {"https": ":443", "http": ":80"}[parts.scheme], 1))
    for spelling in spellings:
        content = (spelling + params).encode()
        if hmac.compare_digest(hmac.new(key, content, hashlib.sha1).digest(), signature):
            return content
    raise SystemExit("twilio: no spelling matches")


def standard_content(id_header, ts_header):
    return lambda req: f"{header(req, id_header)}.{header(req, ts_header)}.".encode() + body_of(req)


def stripe_content(req):
    t = dict(p.split("=", 1) for p in header(req, "stripe-signature").split(",") if "=" in p)["t"]
    return f"{t}.".encode() + body_of(req)


def mailgun_content(req):
    s = json.loads(body_of(req))["signature"]
    return (s["timestamp"] + s["token"]).encode()


def svix_sign(secret, msg_id, ts, body):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    tag = hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(tag).decode()


def self_platform_case():
    """The "Self" platform: svix-* headers with a per-delivery svix-id, and an event id in the
    body that stays the same across deliveries (`<verification_id>-completed`)."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"id":"ver_8XH2k9-completed","type":"verification.completed","data":{"verification_id":"ver_8XH2k9"}}'
    ts = "1700000000"

    def delivery(msg_id):
        return {
            "secrets": [secret],
            "headers": {"svix-id": msg_id, "svix-timestamp": ts,
                        "svix-signature": svix_sign(secret, msg_id, ts, body)},
            "body": body.decode(),
            "now": 1700000001,
        }
    return delivery("msg_2Y7cN0delivery1"), delivery("msg_2Y7cN0delivery2")


def with_headers(req, **replace):
    out = json.loads(json.dumps(req))
    for name, value in replace.items():
        name = name.replace("_", "-")
        key = next((k for k in out["headers"] if k.lower() == name), name)
        out["headers"][key] = value
    return out


def request(case):
    keep = ("secrets", "headers", "body", "body_b64", "url", "method", "now", "now_ms")
    return {k: case[k] for k in keep if k in case}


def build():
    cases = []

    def add(name, scheme, req, content, facts, dedupe_key, again=None, again_content=None,
            again_key=None, key_template=None, why=""):
        case = {"name": name, "scheme": scheme, "why": why, "request": req}
        if key_template is not None:
            case["dedupe_key_template"] = key_template
        case["expect"] = {**facts, "dedupe_key": dedupe_key,
                          "replay_key": None if content is None else replay_key(content)}
        if again is not None:
            case["again"] = {
                "request": again,
                "expect": {"dedupe_key": again_key,
                           "replay_key": None if again_content is None else replay_key(again_content)},
            }
        cases.append(case)

    body_only = lambda req: body_of(req)  # noqa: E731

    gh = request(vector("github", "official octokit vector (compact JSON)"))
    add("github: sent again under a fresh X-GitHub-Delivery", "github", gh, body_only(gh),
        {"body_signed": True, "dedupe_key_signed": False, "timestamp_signed": False},
        header(gh, "x-github-delivery"),
        again=with_headers(gh, x_github_delivery="0f0e0d0c-replayed-with-a-fresh-id"),
        again_content=body_only(gh), again_key="0f0e0d0c-replayed-with-a-fresh-id",
        why="GitHub signs the body only: X-GitHub-Delivery is not signed and there is no timestamp")

    sh = request(vector("shopify", "official validate.test.ts vector"))
    add("shopify: sent again under a fresh X-Shopify-Webhook-Id", "shopify", sh, body_only(sh),
        {"body_signed": True, "dedupe_key_signed": False, "timestamp_signed": False},
        header(sh, "x-shopify-webhook-id"),
        again=with_headers(sh, x_shopify_webhook_id="replayed-0001"), again_content=body_only(sh),
        again_key="replayed-0001", why="Shopify signs the body only")

    vem = request(vector("vem", "derived baseline"))
    add("vem: sent again under a fresh X-Webhook-Delivery", "vem", vem, body_only(vem),
        {"body_signed": True, "dedupe_key_signed": False, "timestamp_signed": False},
        header(vem, "x-webhook-delivery"),
        again=with_headers(vem, x_webhook_delivery="dlv_replayed"), again_content=body_only(vem),
        again_key="dlv_replayed", why="VEM signs the body only")

    tw = request(vector("twilio", "idempotency token header is the dedupe key"))
    add("twilio: sent again under a fresh I-Twilio-Idempotency-Token", "twilio", tw, twilio_content(tw),
        {"body_signed": False, "dedupe_key_signed": False, "timestamp_signed": False},
        header(tw, "i-twilio-idempotency-token"),
        again=with_headers(tw, i_twilio_idempotency_token="idem-replayed"), again_content=twilio_content(tw),
        again_key="idem-replayed",
        why="Twilio signs the URL and the form parameters as name+value strings run together "
            "(not the bytes sent, and not where one parameter ends); the token header is not signed")

    twj = request(vector("twilio", "official: JSON body with bodySHA256"))
    add("twilio: a JSON body is covered by the signed bodySHA256", "twilio", twj, twilio_content(twj),
        {"body_signed": True, "dedupe_key_signed": True, "timestamp_signed": False},
        "sha256:" + hashlib.sha256(body_of(twj)).hexdigest(),
        again=twj, again_content=twilio_content(twj),
        again_key="sha256:" + hashlib.sha256(body_of(twj)).hexdigest(),
        why="the URL's bodySHA256 is signed and the body must hash to it")

    li = request(vector("linear", "webhookTimestamp in body, 1.5 s old"))
    add("linear: body timestamp signed, Linear-Delivery not", "linear", li, body_only(li),
        {"body_signed": True, "dedupe_key_signed": False, "timestamp_signed": True},
        header(li, "linear-delivery"),
        again=with_headers(li, linear_delivery="replayed-inside-the-60-s-window"), again_content=body_only(li),
        again_key="replayed-inside-the-60-s-window",
        why="a signed timestamp stops replays only after the tolerance: inside it the id can change")

    lh = request(vector("linear", "linear-timestamp header (ms) when the body has none"))
    add("linear: the Linear-Timestamp header fallback is not signed", "linear", lh, body_only(lh),
        {"body_signed": True, "dedupe_key_signed": False, "timestamp_signed": False},
        header(lh, "linear-delivery"),
        why="Linear signs the body only; its header timestamp can be set to anything")

    st = request(vector("stripe", "official dotnet fixture (ConstructEvent, now = t + 100)"))
    add("stripe: the event id is in the signed body", "stripe", st, stripe_content(st),
        {"body_signed": True, "dedupe_key_signed": True, "timestamp_signed": True}, "evt_123",
        again=st, again_content=stripe_content(st), again_key="evt_123",
        why="Stripe signs t and the body; the key is the body's id")

    sw = request(vector("standard_webhooks", "official sign vector (whsec_MfKQ…)"))
    add("standard_webhooks: the id is signed", "standard_webhooks", sw,
        standard_content("webhook-id", "webhook-timestamp")(sw),
        {"body_signed": True, "dedupe_key_signed": True, "timestamp_signed": True},
        header(sw, "webhook-id"), again=sw,
        again_content=standard_content("webhook-id", "webhook-timestamp")(sw),
        again_key=header(sw, "webhook-id"), why="{id}.{timestamp}.{body}")

    mg = request(vector("mailgun", "official vector in a JSON body"))
    tampered = json.loads(json.dumps(mg))
    tampered["body"] = mg["body"].replace("alice@example.com", "mallory@example.com")
    token = json.loads(mg["body"])["signature"]["token"]
    add("mailgun: the body is not signed; the single-use token is", "mailgun", mg, mailgun_content(mg),
        {"body_signed": False, "dedupe_key_signed": True, "timestamp_signed": True}, token,
        again=tampered, again_content=mailgun_content(tampered), again_key=token,
        why="Mailgun signs {timestamp}{token} only: a changed event-data still verifies")

    first, second = self_platform_case()
    add("self: svix headers, a new svix-id per delivery, the route dedupes on the body's id", "svix",
        first, standard_content("svix-id", "svix-timestamp")(first),
        {"body_signed": True, "dedupe_key_signed": True, "timestamp_signed": True}, "ver_8XH2k9-completed",
        again=second, again_content=standard_content("svix-id", "svix-timestamp")(second),
        again_key="ver_8XH2k9-completed", key_template=[{"json": "/id"}],
        why="the route's dedupe key {json:/id} is read from the signed body")

    gl = request(vector("gitlab", "derived baseline"))
    add("gitlab: a token signs nothing", "gitlab", gl, None,
        {"body_signed": False, "dedupe_key_signed": False, "timestamp_signed": False},
        "sha256:" + hashlib.sha256(body_of(gl)).hexdigest(), again=gl,
        again_key="sha256:" + hashlib.sha256(body_of(gl)).hexdigest(),
        why="the header carries the secret itself: no replay key (anyone who saw one request can make any)")

    return {
        "sources": ["derived: tests/vectors/tools/replays.py from the scheme vectors named in each case"],
        "cases": cases,
    }


METADATA_HEADERS = ["hookgate-verified", "hookgate-scheme", "hookgate-dedupe-key",
                    "hookgate-dedupe-key-signed", "hookgate-body-signed"]


def metadata_content(headers):
    """src/forwarded.rs metadata_content: a version line, then name:value (or name) lines."""
    lines = ["hookgate-metadata/1"]
    for name in ["hookgate-webhook-id", "hookgate-webhook-timestamp", "hookgate-webhook-signature"] + METADATA_HEADERS:
        value = next((v for k, v in headers.items() if k.lower() == name), None)
        lines.append(name if value is None else f"{name}:{value}")
    return ("\n".join(lines) + "\n").encode()


def forwarded():
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    key = base64.b64decode(secret.removeprefix("whsec_"))
    body = b'{"foo":"bar"}'
    hg_id, ts = "hg_5b2f0c1e8a7d4b3c9e1f2a3b4c5d6e7f", "1700000000"
    headers = {
        "content-type": "application/json",
        "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "hookgate-verified": "true",
        "hookgate-scheme": "github",
        "hookgate-dedupe-key": "d%C3%A9livery 1%25",
        "hookgate-dedupe-key-signed": "false",
        "hookgate-body-signed": "true",
        "hookgate-webhook-id": hg_id,
        "hookgate-webhook-timestamp": ts,
        "hookgate-webhook-signature": svix_sign(secret, hg_id, ts, body),
    }
    tag = hmac.new(key, metadata_content(headers), hashlib.sha256).digest()
    headers["hookgate-metadata-signature"] = "v1," + base64.b64encode(tag).decode()

    def case(name, change=None, drop=None, new_body=None, expect=None):
        h = dict(headers)
        if change:
            h.update(change)
        for d in drop or []:
            h.pop(d)
        out = {"name": name, "secrets": [secret], "headers": h,
               "body": (new_body or body).decode(), "now": 1700000001}
        out["expect"] = expect or {"ok": {"id": hg_id, "timestamp": 1700000000, "scheme": "github",
                                          "dedupe_key": "délivery 1%", "dedupe_key_signed": False,
                                          "body_signed": True}}
        return out

    mismatch = {"error": {"code": "forwarded_metadata_mismatch"}}
    return {
        "sources": ["derived: tests/vectors/tools/replays.py (the metadata signature of src/forwarded.rs, in Python)"],
        "cases": [
            case("as forwarded"),
            case("hookgate-body-signed flipped", change={"hookgate-body-signed": "false"}, expect=mismatch),
            case("hookgate-dedupe-key rewritten", change={"hookgate-dedupe-key": "evt_other"}, expect=mismatch),
            case("hookgate-dedupe-key-signed flipped", change={"hookgate-dedupe-key-signed": "true"}, expect=mismatch),
            case("hookgate-scheme changed", change={"hookgate-scheme": "stripe"}, expect=mismatch),
            case("hookgate-verified dropped", drop=["hookgate-verified"], expect=mismatch),
            case("body changed", new_body=b'{"foo":"baz"}', expect={"error": {"code": "no_matching_signature"}}),
            case("metadata signature missing", drop=["hookgate-metadata-signature"],
                 expect={"error": {"code": "missing_header", "name": "hookgate-metadata-signature"}}),
            case("a provider header added (not metadata): still ok", change={"x-extra": "1"}),
        ],
    }


def main(argv):
    outputs = [(OUT, build()), (FORWARDED, forwarded())]
    for path, data in outputs:
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        if "--check" in argv:
            with open(path) as f:
                if f.read() != text:
                    print(f"{path} is out of date: run python3 tests/vectors/tools/replays.py", file=sys.stderr)
                    return 1
            print(f"{os.path.basename(path)}: {len(data['cases'])} cases up to date")
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
