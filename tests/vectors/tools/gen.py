#!/usr/bin/env python3
"""Generate tests/vectors/<scheme>.json.

Deterministic: fixed secrets, fixed timestamps, a fixed Ed25519 seed and RFC 6979
deterministic ECDSA, so re-running produces byte-identical files.

Official vectors are *data* copied from the providers' SDK test suites / docs (secrets,
bodies, headers, expected signatures). Every one of them is recomputed here and the
generator aborts if a recomputation disagrees with the published value.

Usage:  python3 tests/vectors/tools/gen.py        (writes the JSON files)
        python3 tests/vectors/tools/check.py      (independent re-verification)
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
from urllib.parse import quote

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


# --------------------------------------------------------------------------- helpers
def b(x) -> bytes:
    return x if isinstance(x, bytes) else x.encode("utf-8")


def b64(x: bytes) -> str:
    return base64.b64encode(x).decode()


def hmac256(key, msg) -> bytes:
    return hmac.new(b(key), b(msg), hashlib.sha256).digest()


def hmac1(key, msg) -> bytes:
    return hmac.new(b(key), b(msg), hashlib.sha1).digest()


def hmac512(key, msg) -> bytes:
    return hmac.new(b(key), b(msg), hashlib.sha512).digest()


def ts_text(unit, ms: int) -> str:
    """A timestamp as a scheme writes it: seconds, milliseconds or RFC 3339."""
    import datetime
    if unit == "s":
        return str(ms // 1000)
    if unit == "ms":
        return str(ms)
    dt = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + (f".{ms % 1000:03d}" if ms % 1000 else "") + "Z"


def ts_ms(unit, text: str) -> int:
    """The instant a timestamp text names, in ms (the inverse of ts_text, plus offsets)."""
    import datetime
    if unit == "s":
        return int(text) * 1000
    if unit == "ms":
        return int(text)
    dt = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return round(dt.timestamp() * 1000)


def b64url(x: bytes) -> str:
    return base64.urlsafe_b64encode(x).decode().rstrip("=")


def sha256hex(x) -> str:
    return hashlib.sha256(b(x)).hexdigest()


def body_hash(x) -> str:
    return "sha256:" + sha256hex(x)


def must_equal(what, got, want):
    if got != want:
        sys.exit(f"official vector does not reproduce: {what}: got {got!r}, want {want!r}")


def ok(**kw):
    return {"ok": kw}


def err(code, **kw):
    return {"error": dict(code=code, **kw)}


def body_fields(body) -> dict:
    """body may be str (UTF-8 text) or bytes (stored as body_b64 unless valid UTF-8)."""
    if isinstance(body, bytes):
        try:
            return {"body": body.decode("utf-8")}
        except UnicodeDecodeError:
            return {"body_b64": b64(body)}
    return {"body": body}


def flip_last_byte(body):
    bb = b(body)
    nb = bb[:-1] + bytes([bb[-1] ^ 0x01])
    return nb


NON_UTF8 = b"\xff\xfe\x00binary \x80\x81 payload \xc3\x28 end\n"


# --------------------------------------------------------------------------- scheme table
# Signing-side description of each scheme (the verifier in check.py is written separately).
# kind: "value" (prefix) or "list" (sep/assign/tags/ts_tag)
# ts:   None or dict(src=header|embedded|linear, header=..., unit=s|ms, tol=int|None, dir=both|past|none)
def S(**kw):
    return kw


SCHEMES = {
    "standard_webhooks": S(sig="webhook-signature", idh="webhook-id", kind="list", sep=" ", assign=",",
                           tag="v1", enc="b64", alg="sw", tpl="{id}.{ts}.{body}",
                           ts=dict(src="header", header="webhook-timestamp", unit="s", tol=300, dir="both")),
    "svix": S(sig="svix-signature", idh="svix-id", kind="list", sep=" ", assign=",", tag="v1", enc="b64",
              alg="sw", tpl="{id}.{ts}.{body}",
              ts=dict(src="header", header="svix-timestamp", unit="s", tol=300, dir="both")),
    "github": S(sig="x-hub-signature-256", kind="value", prefix="sha256=", enc="hex", alg="hmac256",
                tpl="{body}", ts=None, dedupe_header="x-github-delivery"),
    "github_sha1": S(sig="x-hub-signature", kind="value", prefix="sha1=", enc="hex", alg="hmac1",
                     tpl="{body}", ts=None, dedupe_header="x-github-delivery"),
    "intercom": S(sig="x-hub-signature", kind="value", prefix="sha1=", enc="hex", alg="hmac1",
                  tpl="{body}", ts=None),
    "generic_hmac_sha256": S(sig="x-webhook-signature", kind="value", prefix="sha256=", enc="hex",
                             alg="hmac256", tpl="{body}", ts=None),
    "verk": S(sig="x-verk-signature", kind="value", prefix="sha256=", enc="hex", alg="hmac256",
              tpl="{body}", ts=None),
    "vem": S(sig="x-webhook-signature", kind="value", prefix="sha256=", enc="hex", alg="hmac256",
             tpl="{body}", ts=None, dedupe_header="x-webhook-delivery"),
    "stripe": S(sig="stripe-signature", kind="list", sep=",", assign="=", tag="v1", ts_tag="t",
                enc="hex", alg="hmac256", tpl="{ts}.{body}",
                ts=dict(src="embedded", unit="s", tol=300, dir="past")),
    "slack": S(sig="x-slack-signature", kind="value", prefix="v0=", enc="hex", alg="hmac256",
               tpl="v0:{ts}:{body}",
               ts=dict(src="header", header="x-slack-request-timestamp", unit="s", tol=300, dir="both")),
    "shopify": S(sig="x-shopify-hmac-sha256", kind="value", prefix="", enc="b64", alg="hmac256",
                 tpl="{body}", ts=None, dedupe_header="x-shopify-webhook-id"),
    "square": S(sig="x-square-hmacsha256-signature", kind="value", prefix="", enc="b64", alg="hmac256",
                tpl="{url}{body}", ts=None),
    "paddle": S(sig="paddle-signature", kind="list", sep=";", assign="=", tag="h1", ts_tag="ts",
                enc="hex", alg="hmac256", tpl="{ts}:{body}",
                ts=dict(src="embedded", unit="s", tol=5, dir="past")),
    "linear": S(sig="linear-signature", kind="value", prefix="", enc="hex", alg="hmac256", tpl="{body}",
                ts=dict(src="header", header="linear-timestamp", unit="ms", tol=60, dir="both"),
                dedupe_header="linear-delivery"),
    "zoom": S(sig="x-zm-signature", kind="value", prefix="v0=", enc="hex", alg="hmac256",
              tpl="v0:{ts}:{body}",
              ts=dict(src="header", header="x-zm-request-timestamp", unit="s", tol=300, dir="both")),
    "sendgrid": S(sig="x-twilio-email-event-webhook-signature", kind="value", prefix="", enc="b64",
                  alg="ecdsa", tpl="{ts}{body}",
                  ts=dict(src="header", header="x-twilio-email-event-webhook-timestamp", unit="s",
                          tol=None, dir="none")),
    "discord": S(sig="x-signature-ed25519", kind="value", prefix="", enc="hex", alg="ed25519",
                 tpl="{ts}{body}",
                 ts=dict(src="header", header="x-signature-timestamp", unit="s", tol=300, dir="both")),
    "pagerduty": S(sig="x-pagerduty-signature", kind="list", sep=",", assign="=", tag="v1", enc="hex",
                   alg="hmac256", tpl="{body}", ts=None),
    "hubspot_v3": S(sig="x-hubspot-signature-v3", kind="value", prefix="", enc="b64", alg="hmac256",
                    tpl="{method}{url}{body}{ts}",
                    ts=dict(src="header", header="x-hubspot-request-timestamp", unit="ms", tol=300,
                            dir="past")),
    "hubspot_v2": S(sig="x-hubspot-signature", kind="value", prefix="", enc="hex", alg="sha256plain",
                    tpl="{secret}{method}{url}{body}", ts=None),
    "hubspot_v1": S(sig="x-hubspot-signature", kind="value", prefix="", enc="hex", alg="sha256plain",
                    tpl="{secret}{body}", ts=None),
    "calendly": S(sig="calendly-webhook-signature", kind="list", sep=",", assign="=", tag="v1", ts_tag="t",
                  enc="hex", alg="hmac256", tpl="{ts}.{body}",
                  ts=dict(src="embedded", unit="s", tol=180, dir="past")),
    "typeform": S(sig="typeform-signature", kind="value", prefix="sha256=", enc="b64", alg="hmac256",
                  tpl="{body}", ts=None),
    "vercel": S(sig="x-vercel-signature", kind="value", prefix="", enc="hex", alg="hmac1", tpl="{body}",
                ts=None),
}


# --------------------------------------------------------------------------- keys
def sw_key(secret: str) -> bytes:
    s = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    return base64.b64decode(s + "=" * (-len(s) % 4))


ED_SEED = hashlib.sha256(b"hookgate discord test key v1").digest()
ED_PRIV = ed25519.Ed25519PrivateKey.from_private_bytes(ED_SEED)
ED_PUB = ED_PRIV.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
ED_SEED2 = hashlib.sha256(b"hookgate discord test key v2 (other)").digest()
ED_PRIV2 = ed25519.Ed25519PrivateKey.from_private_bytes(ED_SEED2)
ED_PUB2 = ED_PRIV2.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
ED_PUB3 = ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"hookgate discord test key v3").digest()) \
    .public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

EC_PRIV = ec.derive_private_key(
    int.from_bytes(hashlib.sha256(b"hookgate sendgrid test key v1").digest(), "big") % P256_N,
    ec.SECP256R1())
EC_PUB_B64 = b64(EC_PRIV.public_key().public_bytes(serialization.Encoding.DER,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo))
EC_PRIV2 = ec.derive_private_key(
    int.from_bytes(hashlib.sha256(b"hookgate sendgrid test key v2 (other)").digest(), "big") % P256_N,
    ec.SECP256R1())
EC_PUB2_B64 = b64(EC_PRIV2.public_key().public_bytes(serialization.Encoding.DER,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))


def ecdsa_sign(priv, msg: bytes) -> bytes:
    return priv.sign(msg, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))


def ecdsa_flip_s(der: bytes) -> bytes:
    r, s = decode_dss_signature(der)
    return encode_dss_signature(r, P256_N - s)


def ecdsa_is_high_s(der: bytes) -> bool:
    return decode_dss_signature(der)[1] > P256_N // 2


# --------------------------------------------------------------------------- signing
def signed_content(sc, body, ts=None, id=None, url=None, method=None, secret=None) -> bytes:
    tpl = sc["tpl"]
    out = b""
    i = 0
    while i < len(tpl):
        if tpl[i] == "{":
            j = tpl.index("}", i)
            name = tpl[i + 1:j]
            out += b({"body": body, "ts": ts, "id": id, "url": url, "method": method, "secret": secret}[name])
            i = j + 1
        else:
            out += tpl[i].encode()
            i += 1
    return out


def hmac_key(sc, secret):
    """The HMAC key a scheme derives from the configured secret (key codec + optional prefix)."""
    codec = sc.get("key", "raw")
    s = secret
    if sc.get("key_prefix") and s.startswith(sc["key_prefix"]):
        s = s[len(sc["key_prefix"]):]
    if codec == "raw":
        return b(s)
    if codec == "hex":
        return bytes.fromhex(s)
    if codec == "b64":
        return base64.b64decode(s + "=" * (-len(s) % 4))
    raise ValueError(codec)


def raw_sig(sc, secret, content: bytes, priv=None) -> bytes:
    alg = sc["alg"]
    if alg == "hmac256":
        return hmac256(hmac_key(sc, secret), content)
    if alg == "hmac1":
        return hmac1(hmac_key(sc, secret), content)
    if alg == "hmac512":
        return hmac512(hmac_key(sc, secret), content)
    if alg == "token":
        return hmac_key(sc, secret)
    if alg == "sw":
        return hmac256(sw_key(secret), content)
    if alg == "sha256plain":
        return hashlib.sha256(content).digest()
    if alg == "ed25519":
        return (priv or ED_PRIV).sign(content)
    if alg == "ecdsa":
        return ecdsa_sign(priv or EC_PRIV, content)
    raise ValueError(alg)


def enc(sc, raw: bytes) -> str:
    return {"hex": raw.hex, "b64": lambda: b64(raw), "b64url": lambda: b64url(raw),
            "text": lambda: raw.decode()}[sc["enc"]]()


def sig_text(sc, secret, body, ts=None, id=None, url=None, method=None, priv=None) -> str:
    content = signed_content(sc, body, ts=ts, id=id, url=url, method=method, secret=secret)
    return enc(sc, raw_sig(sc, secret, content, priv=priv))


def sig_header(sc, entries, ts=None, ts_first=True):
    """entries: list of sig texts, or (tag, text) tuples for list schemes."""
    if sc["kind"] == "value":
        assert len(entries) == 1
        e = entries[0]
        return e[1] if isinstance(e, tuple) else sc["prefix"] + e
    parts = []
    for e in entries:
        tag, txt = e if isinstance(e, tuple) else (sc["tag"], e)
        parts.append(f"{tag}{sc['assign']}{txt}" if tag is not None else txt)
    if sc.get("ts_tag") and ts is not None:
        tspart = f"{sc['ts_tag']}{sc['assign']}{ts}"
        parts = [tspart] + parts if ts_first else parts + [tspart]
    return sc["sep"].join(parts)


# --------------------------------------------------------------------------- case builder
class Builder:
    """Holds the default request for a scheme and produces cases from overrides."""

    def __init__(self, scheme_id, *, secret, body, now=None, now_ms=None, ts=None, id=None, url=None,
                 method=None, extra_headers=None, header_names=None, source="", priv=None):
        self.id = scheme_id
        self.sc = SCHEMES[scheme_id]
        self.secret = secret
        self.body = body
        self.now = now
        self.now_ms = now_ms
        self.ts = ts
        self.msg_id = id
        self.url = url
        self.method = method
        self.extra = extra_headers or {}
        # display names for headers (providers' usual casing); keys = canonical lower-case
        self.names = header_names or {}
        self.source = source
        self.priv = priv

    def name(self, canon):
        return self.names.get(canon, canon)

    def sig(self, secret=None, body=None, ts=None, id=None, url=None, method=None, priv=None):
        return sig_text(self.sc, self.secret if secret is None else secret,
                        self.body if body is None else body,
                        ts=self.ts if ts is None else ts, id=self.msg_id if id is None else id,
                        url=self.url if url is None else url, method=self.method if method is None else method,
                        priv=priv or self.priv)

    def headers(self, sig_value, ts=None, id=None, drop=(), rename=None):
        sc = self.sc
        h = {}
        if sc.get("idh"):
            h[self.name(sc["idh"])] = self.msg_id if id is None else id
        if sc["ts"] and sc["ts"]["src"] == "header" and (ts if ts is not None else self.ts) is not None:
            h[self.name(sc["ts"]["header"])] = self.ts if ts is None else ts
        h[self.name(sc["sig"])] = sig_value
        for k, v in self.extra.items():
            h[k] = v
        for d in drop:
            h = {k: v for k, v in h.items() if k.lower() != d}
        if rename:
            h = {rename.get(k.lower(), k): v for k, v in h.items()}
        return h

    def valid_headers(self, **kw):
        ts = kw.get("ts")
        s = self.sig(**kw)
        return self.headers(sig_header(self.sc, [s], ts=self.ts if ts is None else ts), ts=ts, id=kw.get("id"))

    def case(self, name, expect, *, headers=None, body=None, secrets=None, source=None, now="default",
             now_ms="default", url="default", method="default", **extra):
        c = {"name": name, "source": source or self.source,
             "secrets": [self.secret] if secrets is None else secrets,
             "headers": self.valid_headers() if headers is None else headers}
        c.update(body_fields(self.body if body is None else body))
        u = self.url if url == "default" else url
        if u is not None:
            c["url"] = u
        m = self.method if method == "default" else method
        if m is not None:
            c["method"] = m
        n = self.now if now == "default" else now
        nm = self.now_ms if now_ms == "default" else now_ms
        if nm is not None:
            c["now_ms"] = nm
        elif n is not None:
            c["now"] = n
        c.update(extra)
        c["expect"] = expect
        return c


# --------------------------------------------------------------------------- generic negatives
def bad_text(sc):
    return "zz" + "0" * 62 if sc["enc"] == "hex" else "!!!!not*base64!!!!"


def truncated(sc, s):
    if sc["enc"] == "text":
        return s[:len(s) // 2]
    return s[:len(s) // 2 - (len(s) // 2) % 4] if sc["enc"] in ("b64", "b64url") else s[:32]


def other_tag(tag):
    """A version tag the scheme does not use (v1 -> v2, h1 -> h2, d -> dx)."""
    return {"v1": "v2", "h1": "h2", "v0": "v9", "v2": "v3"}.get(tag, tag + "x")


def other_prefix(prefix):
    return {"sha256=": "sha1=", "sha1=": "sha256=", "v0=": "v1=", "sha512=": "sha256="}.get(prefix, "x" + prefix)


def common_cases(B: Builder, ok_fields: dict, *, derived_src: str, wrong_secret, rotation_wrong,
                 decoy_secrets=(), empty_prefix_secret=False, nonutf8_ok_fields=None, skip=(),
                 wrong_priv=None):
    """Wycheproof-style cases every scheme gets. ok_fields: the expected ok subset for the default request."""
    sc = B.sc
    cases = []
    canon_sig = sc["sig"]
    good = B.sig()
    src = derived_src

    def C(name, expect, **kw):
        kw.setdefault("source", src)
        cases.append(B.case(name, expect, **kw))

    # header name case-insensitivity
    up = {k.upper(): v for k, v in B.valid_headers().items()}
    C("header names upper-case", ok(**ok_fields), headers=up)
    mixed = {"".join(ch.upper() if i % 2 else ch.lower() for i, ch in enumerate(k)): v
             for k, v in B.valid_headers().items()}
    C("header names mixed-case", ok(**ok_fields), headers=mixed)

    # missing inputs
    C(f"missing {canon_sig} header", err("missing_header", name=canon_sig),
      headers={k: v for k, v in B.valid_headers().items() if k.lower() != canon_sig})
    if sc.get("idh"):
        C(f"missing {sc['idh']} header", err("missing_header", name=sc["idh"]),
          headers={k: v for k, v in B.valid_headers().items() if k.lower() != sc["idh"]})
    if sc["ts"] and sc["ts"]["src"] == "header" and "missing_ts" not in skip:
        C(f"missing {sc['ts']['header']} header", err("missing_timestamp", name=sc["ts"]["header"]),
          headers={k: v for k, v in B.valid_headers().items() if k.lower() != sc["ts"]["header"]})
    if sc["ts"] and sc["ts"]["src"] == "embedded":
        hdr = B.headers(sig_header(sc, [good], ts=None))
        C(f"no {sc['ts_tag']}= entry in {canon_sig}", err("missing_timestamp"), headers=hdr)
    if "{url}" in sc["tpl"]:
        C("no url supplied by the caller", err("missing_url"), url=None)
    if "{method}" in sc["tpl"]:
        C("no method supplied by the caller", err("missing_method"), method=None)

    # candidates
    if sc["kind"] == "value" and sc["prefix"]:
        C(f"signature without the required {sc['prefix']!r} prefix", err("missing_signature", name=canon_sig),
          headers=B.headers(good))
        other = other_prefix(sc["prefix"])
        C(f"signature with another prefix ({other!r})", err("missing_signature", name=canon_sig),
          headers=B.headers(other + good))
    if sc["kind"] == "list":
        wrong_tag = other_tag(sc["tag"])
        C(f"only a {wrong_tag} entry carrying the correct MAC", err("missing_signature", name=canon_sig),
          headers=B.headers(sig_header(sc, [(wrong_tag, good)], ts=B.ts)))
        decoys = [B.sig(secret=s) for s in decoy_secrets]
        C("valid signature among decoys", ok(**ok_fields),
          headers=B.headers(sig_header(sc, [decoys[0], decoys[1], good, decoys[2]], ts=B.ts)))
        C("decoys only", err("no_matching_signature", candidates=3),
          headers=B.headers(sig_header(sc, decoys, ts=B.ts)))
        C("malformed entry next to a valid one", ok(**ok_fields),
          headers=B.headers(sig_header(sc, [bad_text(sc), good], ts=B.ts)))
        C("malformed entry plus two decoys", err("no_matching_signature", candidates=2),
          headers=B.headers(sig_header(sc, [decoys[0], bad_text(sc), decoys[1]], ts=B.ts)))
    if sc["enc"] != "text":
        C("signature is not valid " + {"hex": "hex", "b64": "base64", "b64url": "base64url"}[sc["enc"]],
          err("invalid_signature_encoding", name=canon_sig),
          headers=B.headers(sig_header(sc, [bad_text(sc)], ts=B.ts)))
    if sc["enc"] == "hex":
        C("odd-length hex signature (last digit dropped)", err("invalid_signature_encoding", name=canon_sig),
          headers=B.headers(sig_header(sc, [good[:-1]], ts=B.ts)))
    C("truncated signature (well-formed, too short)", err("no_matching_signature", candidates=1),
      headers=B.headers(sig_header(sc, [truncated(sc, good)], ts=B.ts)))
    # A prefix ending in a space ("Basic ") loses it when the empty value is trimmed.
    spaced = sc["kind"] == "value" and sc["prefix"] != sc["prefix"].rstrip()
    C("empty signature entry", err("missing_signature" if spaced else "invalid_signature_encoding", name=canon_sig),
      headers=B.headers(sig_header(sc, [""], ts=B.ts)))

    # signature
    if "{body}" in sc["tpl"]:
        C("flipped last body byte", err("no_matching_signature", candidates=1), body=flip_last_byte(B.body))
    else:
        C("flipped last body byte: the body is not signed", ok(**{k: v for k, v in ok_fields.items() if k != "dedupe_key"}),
          body=flip_last_byte(B.body))
    C("wrong secret", err("no_matching_signature", candidates=1), secrets=[wrong_secret])
    C("key rotation: second secret matches", ok(key_index=1, **{k: v for k, v in ok_fields.items()
                                                               if k != "key_index"}),
      secrets=[rotation_wrong[0], B.secret] + list(rotation_wrong[1:]))

    # secrets
    if "secrets" not in skip:
        C("empty secret", err("empty_secret"), secrets=[""])
        if empty_prefix_secret:
            C("secret is only the whsec_ prefix", err("empty_secret"), secrets=["whsec_"])
        C("secret with surrounding whitespace", err("secret_whitespace"), secrets=[" " + B.secret + "\n"])
        C("no secrets configured", err("no_secrets"), secrets=[])

    # raw body bytes
    if "nonutf8" not in skip:
        fields = nonutf8_ok_fields if nonutf8_ok_fields is not None else {"key_index": 0}
        C("non-UTF-8 body verifies over the raw bytes", ok(**fields), body=NON_UTF8,
          headers=B.valid_headers(body=NON_UTF8))

    # timestamps
    t = sc["ts"]
    if t and t["tol"] is None:
        # No default window: staleness is caught once the user sets one.
        unit_ms = t["unit"] != "s"
        base = B.now_ms if unit_ms else B.now * 1000
        old_ts = ts_text(t["unit"], base - 3_600_000)
        C("an hour-old timestamp passes (no default window) and fails a tolerance of 300 s",
          err("timestamp_too_old", age_s=3600, tolerance_s=300), headers=B.valid_headers(ts=old_ts), tolerance_s=300)
    if t and t["tol"] is not None:
        unit_ms = t["unit"] != "s"
        tol = t["tol"]
        base_now = B.now_ms if unit_ms else B.now
        step = 1000 if unit_ms else 1
        tname = t.get("header")

        def ts_case(name, delta, expect, **kw):
            ts = ts_text(t["unit"], (base_now + delta) * (1 if unit_ms else 1000))
            hdr = B.valid_headers(ts=ts)
            C(name, expect, headers=hdr, **kw)

        ts_ok = {k: v for k, v in ok_fields.items() if k != "timestamp"}
        def ts_ok_at(d):
            v = base_now + d
            if unit_ms:
                return ok(**ts_ok) if v % 1000 else ok(timestamp=v // 1000, **ts_ok)
            return ok(timestamp=v, **ts_ok)

        ts_case(f"timestamp exactly {tol} s old", -tol * step, ts_ok_at(-tol * step))
        ts_case(f"timestamp {tol + 1} s old", -(tol + 1) * step,
                err("timestamp_too_old", age_s=tol + 1, tolerance_s=tol))
        if t["dir"] == "both":
            ts_case(f"timestamp exactly {tol} s in the future", tol * step, ts_ok_at(tol * step))
            ts_case(f"timestamp {tol + 1} s in the future", (tol + 1) * step,
                    err("timestamp_in_future", ahead_s=tol + 1, tolerance_s=tol))
        else:
            ts_case("past-only scheme: timestamp one year in the future is accepted", 31536000 * step,
                    ts_ok_at(31536000 * step))
        # expired and forged
        old = ts_text(t["unit"], (base_now - 100000 * step) * (1 if unit_ms else 1000))
        C("expired and forged: signature is checked before the timestamp", err("no_matching_signature", candidates=1),
          headers=B.headers(sig_header(sc, [B.sig(secret=wrong_secret, ts=old, priv=wrong_priv)], ts=old), ts=old))
        # overrides
        ts_case("tolerance_s override 10: 10 s old passes", -10 * step, ok(**ts_ok), tolerance_s=10)
        ts_case("tolerance_s override 10: 11 s old fails", -11 * step,
                err("timestamp_too_old", age_s=11, tolerance_s=10), tolerance_s=10)
        ts_case("tolerance_s override 3600: 3600 s old passes", -3600 * step, ok(**ts_ok), tolerance_s=3600)
        ts_case("dangerous_skip_timestamp_check: one day old passes", -86400 * step, ok(**ts_ok),
                dangerous_skip_timestamp_check=True)
        ts_case("explicit tolerance past 10 / future unlimited: one day ahead passes", 86400 * step,
                ok(**ts_ok), tolerance={"past_s": 10, "future_s": None})
        ts_case("explicit tolerance past unlimited / future 0: 1 s ahead fails", 1 * step,
                err("timestamp_in_future", ahead_s=1, tolerance_s=0), tolerance={"past_s": None, "future_s": 0})
        ts_case("explicit tolerance past unlimited / future 0: ten years old passes", -315360000 * step,
                ok(**ts_ok), tolerance={"past_s": None, "future_s": 0})
        # invalid timestamps, signed over exactly that text so step 5 is reached
        bad_ts = [("non-numeric", "abc"), ("negative", "-1"), ("decimal", f"{base_now}.0"),
                  ("huge", "99999999999999999999"), ("leading plus", f"+{base_now}")]
        if t["unit"] == "rfc3339":
            date = ts_text(t["unit"], base_now)
            bad_ts = [("non-date", "abc"), ("epoch seconds instead of a date", str(base_now // 1000)),
                      ("month 13", date[:5] + "13" + date[7:]), ("date only", date[:10])]
        for label, txt in bad_ts:
            hdr = B.valid_headers(ts=txt)
            e = err("invalid_timestamp", name=tname) if tname else err("invalid_timestamp")
            C(f"{label} timestamp {txt!r} (validly signed)", e, headers=hdr)
    return [c for c in cases if c is not None]


# =========================================================================== schemes
FILES = {}


def emit(scheme, sources, cases):
    names = [c["name"] for c in cases]
    dups = {n for n in names if names.count(n) > 1}
    if dups:
        sys.exit(f"{scheme}: duplicate case names {dups}")
    FILES[scheme] = {"scheme": scheme, "sources": sources, "cases": cases}


# --------------------------------------------------------------------------- Standard Webhooks / Svix
SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SW_TS = "1614265330"
SW_BODY = '{"test": 2432232314}'
SW_SIG = "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
RS_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
RS_ID = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"
RS_TS = "1649367553"
RS_BODY = '{"email":"test@example.com","username":"test_user"}'
RS_SIG = "tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
SW_DECOY = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
RS_DECOYS = ["tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ=", "Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q=",
             "9DfC1c3eeOrXB6w/5dIDydLNQaEyww5KalE5jLBZucE="]
V1A_SK = "6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg=="
V1A_PK = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4="
V1A_SIG = "hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg=="
V1A_PRIV = ed25519.Ed25519PrivateKey.from_private_bytes(base64.b64decode(V1A_SK)[:32])
SPEC_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
SPEC_TS = "1674087231"
SPEC_BODY = '{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52-5198-4599-803e-771906343485"}}'
SPEC_SIGHDR = ("v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= "
               "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==")

must_equal("standard-webhooks sign vector",
           b64(hmac256(sw_key(SW_SECRET), f"{SW_ID}.{SW_TS}.{SW_BODY}")), SW_SIG)
must_equal("svix/standard-webhooks rust sign vector",
           b64(hmac256(sw_key(RS_SECRET), f"{RS_ID}.{RS_TS}.{RS_BODY}")), RS_SIG)
must_equal("svix v1a vector", b64(V1A_PRIV.sign(f"{SW_ID}.{SW_TS}.{SW_BODY}".encode())), V1A_SIG)
must_equal("svix v1a public key", "whpk_" + b64(base64.b64decode(V1A_SK)[32:]), V1A_PK)
must_equal("svix v1a pk from seed", "whpk_" + b64(V1A_PRIV.public_key().public_bytes(
    serialization.Encoding.Raw, serialization.PublicFormat.Raw)), V1A_PK)

SVIX_LARGE = [(1024 * 1024, "txpEUxqWZJ5nteTnymUVa+7C4NHpBeXJ6CsBAW0c3/A="),
              (256 * 1024, "Mw4Pe2WgApuT7NSqnSq0PQPV9gbLdggCl9B865x5Xh0="),
              (256 * 1024 - 1, "NTItnqyWMoFhk2Bbe5V/BMdcFRWgcSQaTgqLHX7FC7c=")]
for n, want in SVIX_LARGE:
    must_equal(f"svix C# large payload {n}", b64(hmac256(sw_key(SW_SECRET), f"{SW_ID}.{SW_TS}." + "a" * n)), want)


def gen_standard(scheme):
    sc = SCHEMES[scheme]
    pfx = "svix" if scheme == "svix" else "webhook"
    names = {sc["sig"]: f"{pfx}-signature", sc["idh"]: f"{pfx}-id", sc["ts"]["header"]: f"{pfx}-timestamp"}
    SRC_LIBS = ("standard-webhooks/standard-webhooks:libraries/go/webhook_test.go (TestSign), "
                "libraries/{python,javascript,php,ruby,java,csharp} tests") if scheme == "standard_webhooks" else \
        "svix/svix-webhooks:{go/webhook_test.go,javascript/src/webhook.test.ts,python/tests/test_webhooks.py,php/tests/WebhookTest.php} (test_sign)"
    SRC_RUST = ("standard-webhooks/standard-webhooks:libraries/rust/src/lib.rs (test_sign)"
                if scheme == "standard_webhooks" else "svix/svix-webhooks:rust/src/webhooks.rs (test_sign)")
    SRC_V1A = "svix/svix-webhooks:server/svix-server/src/worker.rs (test_asymmetric_key_signing)"
    now = int(SW_TS)
    B = Builder(scheme, secret=SW_SECRET, body=SW_BODY, now=now, ts=SW_TS, id=SW_ID, header_names=names,
                source=SRC_LIBS)
    okf = dict(key_index=0, id=SW_ID, timestamp=now, dedupe_key=SW_ID)
    cases = []
    cases.append(B.case("official sign vector (whsec_MfKQ…)", ok(**okf)))
    cases.append(B.case("official sign vector, secret without whsec_ prefix", ok(**okf),
                        secrets=[SW_SECRET[len('whsec_'):]]))
    B2 = Builder(scheme, secret=RS_SECRET, body=RS_BODY, now=int(RS_TS), ts=RS_TS, id=RS_ID, header_names=names,
                 source=SRC_RUST)
    cases.append(B2.case("official rust sign vector (whsec_C2FV…)",
                         ok(key_index=0, id=RS_ID, timestamp=int(RS_TS), dedupe_key=RS_ID)))
    cases.append(B2.case("official rust multi-signature vector: valid among 3 decoys",
                         ok(key_index=0, id=RS_ID, timestamp=int(RS_TS)),
                         headers=B2.headers(" ".join(["v1," + RS_DECOYS[0], "v1," + RS_DECOYS[1], "v1," + RS_SIG,
                                                      "v1," + RS_DECOYS[2]])),
                         source=SRC_RUST.replace("test_sign", "test_verify_with_multiple_signatures")))
    cases.append(B2.case("official rust decoys only", err("no_matching_signature", candidates=3),
                         headers=B2.headers(" ".join("v1," + d for d in RS_DECOYS)),
                         source=SRC_RUST.replace("test_sign", "test_no_verify_with_multiple_signatures")))
    SRC_GO = ("standard-webhooks/standard-webhooks:libraries/go/webhook_test.go" if scheme == "standard_webhooks"
              else "svix/svix-webhooks:go/webhook_test.go")
    cases.append(B.case("official go multi-sig vector: v1 decoy, v2 decoy, valid, v1 decoy", ok(**okf),
                        headers=B.headers(f"v1,{SW_DECOY} v2,{SW_DECOY} v1,{SW_SIG} v1,{SW_DECOY}"),
                        source=SRC_GO + " (valid multi sig is valid)"))
    cases.append(B.case("official go invalid signature", err("no_matching_signature", candidates=1),
                        headers=B.headers(f"v1,{SW_DECOY}"), source=SRC_GO + " (invalid signature is invalid)"))
    # v1a
    v1a_okf = dict(key_index=0, id=SW_ID, timestamp=now)
    cases.append(B.case("official v1a (Ed25519) vector with whpk_ key", ok(**v1a_okf),
                        secrets=[V1A_PK], headers=B.headers("v1a," + V1A_SIG), source=SRC_V1A))
    cases.append(B.case("v1a and v1 side by side, keys whsec_ then whpk_: HMAC key matches first",
                        ok(key_index=0, id=SW_ID), secrets=[SW_SECRET, V1A_PK],
                        headers=B.headers(f"v1a,{V1A_SIG} v1,{SW_SIG}"),
                        source="derived: official v1 + official v1a vectors combined"))
    cases.append(B.case("v1a only, keys whsec_ then whpk_: public key is key_index 1",
                        ok(key_index=1, id=SW_ID), secrets=[SW_SECRET, V1A_PK],
                        headers=B.headers(f"v1a,{V1A_SIG}"),
                        source="derived: official v1a vector with an extra HMAC secret"))
    cases.append(B.case("v1a signature with only an HMAC secret configured", err("no_key_for_signature", algorithm="ed25519"),
                        secrets=[SW_SECRET], headers=B.headers("v1a," + V1A_SIG),
                        source="derived: official v1a vector"))
    cases.append(B.case("v1 HMAC signature with only a whpk_ key configured", err("no_key_for_signature", algorithm="hmac_sha256"),
                        secrets=[V1A_PK], source="derived: official v1 vector"))
    cases.append(B.case("v1a over a flipped body", err("no_matching_signature", candidates=1), secrets=[V1A_PK],
                        headers=B.headers("v1a," + V1A_SIG), body=flip_last_byte(SW_BODY),
                        source="derived: official v1a vector"))
    cases.append(B.case("whpk_ key of 31 bytes", err("invalid_public_key"),
                        secrets=["whpk_" + b64(base64.b64decode(V1A_PK[5:])[:31])],
                        headers=B.headers("v1a," + V1A_SIG), source="derived"))
    cases.append(B.case("whpk_ alone", err("empty_secret"), secrets=["whpk_"],
                        headers=B.headers("v1a," + V1A_SIG), source="derived"))
    if scheme == "standard_webhooks":
        cases.append(B.case("spec example header: its v1a value belongs to another message",
                            err("no_matching_signature", candidates=2), secrets=[V1A_PK],
                            headers={"webhook-id": SPEC_ID, "webhook-timestamp": SPEC_TS,
                                     "webhook-signature": SPEC_SIGHDR},
                            body=SPEC_BODY, now=int(SPEC_TS),
                            source="standard-webhooks/standard-webhooks:spec/standard-webhooks.md (example headers)"))
    # secret handling
    D = "derived: python hmac (standard-webhooks rules)"
    unpadded = "whsec_" + b64(sw_key(RS_SECRET) + b"\x01").rstrip("=")
    assert not unpadded.endswith("=") and len(unpadded[6:]) % 4 != 0
    cases.append(B.case("secret base64 without padding", ok(key_index=0, id=SW_ID),
                        secrets=[unpadded], headers=B.valid_headers(secret=unpadded), source=D))
    cases.append(B.case("bad base64 after whsec_", err("invalid_secret_encoding"), secrets=["whsec_!!!notbase64***"],
                        source=D))
    cases.append(B.case("Stripe-style raw-key MAC does not verify (key is base64-decoded)",
                        err("no_matching_signature", candidates=1),
                        headers=B.headers("v1," + b64(hmac256(SW_SECRET, f"{SW_ID}.{SW_TS}.{SW_BODY}"))), source=D))
    cases.append(B.case("id containing the separator changes the signed content",
                        err("no_matching_signature", candidates=1),
                        headers=B.headers("v1," + SW_SIG, id=SW_ID + ".x"), source=D))
    cases.append(B.case("entry without a comma is skipped, valid entry still found", ok(**okf),
                        headers=B.headers(f"garbage v1,{SW_SIG}"), source=D))
    cases.append(B.case("now_ms: fractional second is floored (300 s old exactly)",
                        ok(timestamp=now - 300), headers=B.valid_headers(ts=str(now - 300)),
                        now="default", now_ms=now * 1000 + 999, source=D))
    # svix-specific fallbacks
    if scheme == "svix":
        wh = {"webhook-id": SW_ID, "webhook-timestamp": SW_TS, "webhook-signature": "v1," + SW_SIG}
        cases.append(B.case("unbranded webhook-* headers accepted as fallback", ok(**okf), headers=wh,
                            source="derived: svix libraries read svix-* then webhook-*"))
        mix = {"svix-id": SW_ID, "webhook-timestamp": SW_TS, "svix-signature": "v1," + SW_SIG}
        cases.append(B.case("per-header fallback: svix-id + webhook-timestamp + svix-signature", ok(**okf),
                            headers=mix, source="derived"))
        both = {"svix-id": SW_ID, "svix-timestamp": SW_TS, "svix-signature": f"v1,{SW_DECOY}",
                "webhook-id": SW_ID, "webhook-timestamp": SW_TS, "webhook-signature": "v1," + SW_SIG}
        cases.append(B.case("svix-signature present: webhook-signature is not consulted",
                            err("no_matching_signature", candidates=1), headers=both, source="derived"))
        cases.append(B.case("no signature header of either brand", err("missing_header", name="svix-signature"),
                            headers={"webhook-id": SW_ID, "webhook-timestamp": SW_TS}, source="derived"))
        cases.append(B.case("webhook-id missing in unbranded set", err("missing_header", name="svix-id"),
                            headers={"webhook-timestamp": SW_TS, "webhook-signature": "v1," + SW_SIG},
                            source="derived"))
        cases.append(B.case("webhook-timestamp missing in unbranded set",
                            err("missing_timestamp", name="svix-timestamp"),
                            headers={"webhook-id": SW_ID, "webhook-signature": "v1," + SW_SIG}, source="derived"))
    cases += common_cases(B, okf, derived_src=D, wrong_secret="whsec_" + b64(b"another secret of 24 bytes"),
                          rotation_wrong=["whsec_" + b64(b"rotated-out key number one!"),
                                          "whsec_" + b64(b"rotated-out key number two!")],
                          decoy_secrets=["whsec_" + b64(bytes([i]) * 32) for i in (1, 2, 3)],
                          empty_prefix_secret=True,
                          nonutf8_ok_fields=dict(key_index=0, id=SW_ID, dedupe_key=SW_ID))
    # extra: v2 with correct mac only
    cases.append(B.case("v2,<correct mac> only", err("missing_signature", name=sc["sig"]),
                        headers=B.headers("v2," + SW_SIG), source=D))
    if scheme == "svix":
        for n, want in SVIX_LARGE:
            cases.append(B.case(f"official C# large payload: 'a' x {n}", ok(key_index=0, id=SW_ID),
                                headers=B.headers("v1," + want), body="a" * n,
                                source="svix/svix-webhooks:csharp/Svix.Tests/WebhookTest.cs (VerifyWebhookSignWithLargePayloadWorks)"))
    sources = [SRC_LIBS, SRC_RUST, SRC_V1A, SRC_GO,
               "derived: python hmac / cryptography Ed25519 (tests/vectors/tools/gen.py)"]
    if scheme == "standard_webhooks":
        sources.append("standard-webhooks/standard-webhooks:spec/standard-webhooks.md (example v1 has no published secret: only used as a negative)")
    else:
        sources.append("svix/svix-webhooks:csharp/Svix.Tests/WebhookTest.cs (large payloads, bodies = 'a' repeated)")
    emit(scheme, sources, cases)


gen_standard("standard_webhooks")
gen_standard("svix")


# --------------------------------------------------------------------------- GitHub (sha256 / sha1) & HMAC-hex family
GH_DOC_SECRET = "It's a Secret to Everybody"
GH_DOC_BODY = "Hello, World!"
GH_DOC_SIG = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
must_equal("github docs vector", hmac256(GH_DOC_SECRET, GH_DOC_BODY).hex(), GH_DOC_SIG)
OCT_SECRET = "mysecret"
OCT_COMPACT = '{"foo":"bar"}'
OCT_PRETTY = '{\n  "foo": "bar"\n}\n'
OCT_SPECIAL = '{"foo":"Foo\\n\\u001B[34mbar: ♥♥♥♥♥♥♥♥\\nthis-is-lost\\u001B[0m\\u001B[2K"}'
OCT_SPECIAL_PRETTY = '{\n  "foo": "Foo\\n\\u001B[34mbar: ♥♥♥♥♥♥♥♥\\nthis-is-lost\\u001B[0m\\u001B[2K"\n}\n'
OCT_ESCAPED = '{"foo":"\\\\u001b"}'
OCT_ESCAPED_PRETTY = '{\n  "foo": "\\\\u001b"\n}\n'
must_equal("octokit sha256", hmac256(OCT_SECRET, OCT_COMPACT).hex(),
           "4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3")
must_equal("octokit sha256 special", hmac256("development", OCT_SPECIAL).hex(),
           "afecc3caa27548bb90d51a50384cb2868b9a3327b4ad6a01c9bd4ed0f8b0b12c")
must_equal("octokit sha256 escaped", hmac256("development", OCT_ESCAPED).hex(),
           "6f8326efbacfbd04e870cea25b5652e635be8c9807f2fd5348ef60753c9e96ed")
must_equal("octokit sha256 pretty (pre-2024)", hmac256(OCT_SECRET, OCT_PRETTY).hex(),
           "e3eccac34c43c7dc1cbb905488b1b81347fcc700a7b025697a9d07862256023f")
must_equal("octokit sha1 sign", hmac1(OCT_SECRET, OCT_COMPACT).hex(), "d03207e4b030cf234e3447bac4d93add4c6643d8")
must_equal("octokit sha1 verify", hmac1(OCT_SECRET, OCT_PRETTY).hex(), "640c0ea7402a3f74e1767338fa2dba243b1f2d9c")
must_equal("octokit sha1 special", hmac1("development", OCT_SPECIAL_PRETTY).hex(),
           "82a91c5aacc9cdc2eea893bc828bd03d218df79c")
must_equal("octokit sha1 escaped", hmac1("development", OCT_ESCAPED_PRETTY).hex(),
           "bdae4705bdd827d026bb227817ca025b5b3a6756")

GH_DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958"
OCT_SRC = "octokit/webhooks-methods.js:test/verify.test.ts"
OCT_SIGN_SRC = "octokit/webhooks-methods.js:test/sign.test.ts"
OCT_OLD = "octokit/webhooks-methods.js@30b20448^:test/{verify,sign}.test.ts (sha1 vectors before 'feat: remove SHA1 support')"
GH_DOCS_SRC = "github/docs:content/webhooks/using-webhooks/validating-webhook-deliveries.md"
DERIVED = "derived: python hmac (tests/vectors/tools/gen.py)"


def hex_family(scheme, *, secret, body, official, sources, dedupe_fn, extra_headers=None, header_names=None,
               now=1700000000, wrong_secret="wrong-secret", extra_cases=None):
    sc = SCHEMES[scheme]
    B = Builder(scheme, secret=secret, body=body, now=now, extra_headers=extra_headers, header_names=header_names,
                source=DERIVED)
    cases = []
    for o in official:
        Bo = Builder(scheme, secret=o["secret"], body=o["body"], now=now, extra_headers=o.get("extra", extra_headers),
                     header_names=header_names, source=o["source"])
        sig = o["sig"]
        must_equal(f"{scheme}: {o['name']}", Bo.sig(), sig)
        okf = dict(key_index=0)
        dk = dedupe_fn(o["body"], Bo.extra)
        if dk is not None:
            okf["dedupe_key"] = dk
        cases.append(Bo.case(o["name"], ok(**okf), headers=Bo.headers(sig_header(sc, [sig]))))
    okf = dict(key_index=0)
    dk = dedupe_fn(body, B.extra)
    if dk is not None:
        okf["dedupe_key"] = dk
    cases.append(B.case("derived baseline", ok(**okf)))
    if extra_cases:
        cases += extra_cases(B, okf)
    non = {"key_index": 0}
    dkn = dedupe_fn(NON_UTF8, B.extra)
    if dkn is not None:
        non["dedupe_key"] = dkn
    cases += common_cases(B, okf, derived_src=DERIVED, wrong_secret=wrong_secret,
                          rotation_wrong=["old-secret-1", "old-secret-2"], decoy_secrets=["d1", "d2", "d3"],
                          nonutf8_ok_fields=non)
    emit(scheme, sources + [DERIVED], cases)


def json_ptr(body, *path):
    try:
        v = json.loads(b(body).decode("utf-8"))
        for p in path:
            v = v[p]
        if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
        return v if isinstance(v, str) else None
    except Exception:
        return None


GH_BODY = '{"action":"opened","number":1,"zen":"Keep it logically awesome.","hook_id":12345}'
hex_family(
    "github", secret="hookgate-github-secret", body=GH_BODY,
    extra_headers={"X-GitHub-Delivery": GH_DELIVERY, "X-GitHub-Event": "issues"},
    header_names={"x-hub-signature-256": "X-Hub-Signature-256"},
    official=[
        dict(name="official GitHub docs test values", secret=GH_DOC_SECRET, body=GH_DOC_BODY, sig=GH_DOC_SIG,
             source=GH_DOCS_SRC),
        dict(name="official octokit vector (compact JSON)", secret=OCT_SECRET, body=OCT_COMPACT,
             sig="4864d2759938a15468b5df9ade20bf161da9b4f737ea61794142f3484236bda3", source=OCT_SRC),
        dict(name="official octokit vector with escape sequences (#71)", secret="development", body=OCT_SPECIAL,
             sig="afecc3caa27548bb90d51a50384cb2868b9a3327b4ad6a01c9bd4ed0f8b0b12c", source=OCT_SRC),
        dict(name="official octokit vector with an escaped backslash-u sequence", secret="development",
             body=OCT_ESCAPED, sig="6f8326efbacfbd04e870cea25b5652e635be8c9807f2fd5348ef60753c9e96ed",
             source=OCT_SRC),
        dict(name="official octokit vector (pretty JSON + LF, pre-2024 test file)", secret=OCT_SECRET,
             body=OCT_PRETTY, sig="e3eccac34c43c7dc1cbb905488b1b81347fcc700a7b025697a9d07862256023f",
             source=OCT_OLD),
    ],
    sources=[GH_DOCS_SRC, OCT_SRC, OCT_OLD],
    dedupe_fn=lambda body, extra: extra.get("X-GitHub-Delivery"),
    extra_cases=lambda B, okf: [
        B.case("official octokit negative: signature 'foo'", err("missing_signature", name="x-hub-signature-256"),
               headers=B.headers("foo"), source=OCT_SRC),
        B.case("escape normalisation matters: lower-case \\u001b body with the upper-case body's signature",
               err("no_matching_signature", candidates=1), secrets=["development"],
               body=OCT_SPECIAL.replace("\\u001B", "\\u001b"),
               headers=B.headers("sha256=afecc3caa27548bb90d51a50384cb2868b9a3327b4ad6a01c9bd4ed0f8b0b12c"),
               source="derived: octokit #71 vector with the escapes lower-cased"),
        B.case("sha1 header only (X-Hub-Signature) is not read by the sha256 scheme",
               err("missing_header", name="x-hub-signature-256"),
               headers={"X-Hub-Signature": "sha1=" + hmac1(B.secret, B.body).hex(),
                        "X-GitHub-Delivery": GH_DELIVERY}),
        B.case("CRLF-normalised body no longer verifies", err("no_matching_signature", candidates=1),
               secrets=[OCT_SECRET], body=OCT_PRETTY.replace("\n", "\r\n"),
               headers=B.headers("sha256=e3eccac34c43c7dc1cbb905488b1b81347fcc700a7b025697a9d07862256023f")),
    ])

hex_family(
    "github_sha1", secret="hookgate-github-secret", body=GH_BODY,
    extra_headers={"X-GitHub-Delivery": GH_DELIVERY, "X-GitHub-Event": "issues"},
    header_names={"x-hub-signature": "X-Hub-Signature"},
    official=[
        dict(name="official octokit sha1 sign vector (compact JSON)", secret=OCT_SECRET, body=OCT_COMPACT,
             sig="d03207e4b030cf234e3447bac4d93add4c6643d8", source=OCT_OLD),
        dict(name="official octokit sha1 verify vector (pretty JSON + LF)", secret=OCT_SECRET, body=OCT_PRETTY,
             sig="640c0ea7402a3f74e1767338fa2dba243b1f2d9c", source=OCT_OLD),
        dict(name="official octokit sha1 vector with escape sequences", secret="development",
             body=OCT_SPECIAL_PRETTY, sig="82a91c5aacc9cdc2eea893bc828bd03d218df79c", source=OCT_OLD),
        dict(name="official octokit sha1 vector with an escaped backslash-u sequence", secret="development",
             body=OCT_ESCAPED_PRETTY, sig="bdae4705bdd827d026bb227817ca025b5b3a6756", source=OCT_OLD),
        dict(name="GitHub docs test values, sha1 variant (derived: docs publish sha256 only)", secret=GH_DOC_SECRET,
             body=GH_DOC_BODY, sig=hmac1(GH_DOC_SECRET, GH_DOC_BODY).hex(),
             source="derived: python hmac-sha1 over the GitHub docs test values"),
    ],
    sources=[OCT_OLD, GH_DOCS_SRC + " (inputs only; sha1 value derived)"],
    dedupe_fn=lambda body, extra: extra.get("X-GitHub-Delivery"),
    extra_cases=lambda B, okf: [
        B.case("sha256 header only is not read by the sha1 scheme", err("missing_header", name="x-hub-signature"),
               headers={"X-Hub-Signature-256": "sha256=" + hmac256(B.secret, B.body).hex(),
                        "X-GitHub-Delivery": GH_DELIVERY}),
    ])

INTERCOM_BODY = ('{"type":"notification_event","app_id":"abc123","data":{"type":"notification_event_data",'
                 '"item":{"type":"ping","message":"something something interzen"}},"id":"notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3",'
                 '"topic":"ping","delivery_status":"pending","delivery_attempts":1,"created_at":1403031370}')
hex_family(
    "intercom", secret="hookgate-intercom-client-secret", body=INTERCOM_BODY,
    header_names={"x-hub-signature": "X-Hub-Signature"}, official=[],
    sources=["scheme from https://developers.intercom.com/ (signed notifications: X-Hub-Signature sha1=<hex>); no official vector published"],
    dedupe_fn=lambda body, extra: json_ptr(body, "id") or body_hash(body),
    extra_cases=lambda B, okf: [
        B.case("body without /id: dedupe falls back to the body hash", ok(key_index=0,
               dedupe_key=body_hash('{"type":"notification_event","topic":"ping"}')),
               body='{"type":"notification_event","topic":"ping"}',
               headers=B.valid_headers(body='{"type":"notification_event","topic":"ping"}')),
    ])

GENERIC_BODY = '{"event":"order.paid","order_id":"ord_8812","amount":4200,"currency":"EUR"}'
hex_family(
    "generic_hmac_sha256", secret="hookgate-generic-secret", body=GENERIC_BODY,
    header_names={"x-webhook-signature": "X-Webhook-Signature"}, official=[],
    sources=["pattern: X-Webhook-Signature: sha256=<hex HMAC-SHA256(body)> (no single provider; see shared/notes/schemes.md §16)"],
    dedupe_fn=lambda body, extra: body_hash(body),
    extra_cases=lambda B, okf: [
        B.case("signature_header override: X-Custom-Signature", ok(key_index=0, dedupe_key=body_hash(GENERIC_BODY)),
               headers={"X-Custom-Signature": "sha256=" + hmac256(B.secret, GENERIC_BODY).hex()},
               signature_header="X-Custom-Signature"),
        B.case("signature_header override: default header is then ignored", err("missing_header"),
               headers={"X-Webhook-Signature": "sha256=" + hmac256(B.secret, GENERIC_BODY).hex()},
               signature_header="X-Custom-Signature"),
        B.case("empty body", ok(key_index=0, dedupe_key=body_hash("")), body="",
               headers=B.valid_headers(body="")),
    ])

VERK_BODY = ('{"event":"task.completed","timestamp":"2025-03-01T12:00:00.000Z","webhookId":"wh_01JNB0Q5V5",'
             '"deliveryId":"dlv_01JNB0Q8ZQ3T","data":{"taskId":"tsk_42","status":"done"},'
             '"organization":{"id":"org_7","name":"Acme"}}')
hex_family(
    "verk", secret="hookgate-verk-secret", body=VERK_BODY,
    header_names={"x-verk-signature": "X-Verk-Signature"}, official=[],
    sources=["hookgate policy table (X-Verk-Signature: sha256=<hex>, payload {event,timestamp,webhookId,deliveryId,data,organization}); no official vector published"],
    dedupe_fn=lambda body, extra: json_ptr(body, "deliveryId"))

VEM_BODY = ('{"event":"deployment.succeeded","timestamp":"2025-03-01T12:00:00Z","org_id":"org_123",'
            '"project_id":"prj_456","project_name":"web","data":{"deployment_id":"dep_789"}}')
hex_family(
    "vem", secret="hookgate-vem-secret", body=VEM_BODY,
    extra_headers={"X-Webhook-Delivery": "dlv_5f2c9a"},
    header_names={"x-webhook-signature": "X-Webhook-Signature"}, official=[],
    sources=["hookgate policy table (X-Webhook-Signature: sha256=<hex>, dedupe X-Webhook-Delivery); no official vector published"],
    dedupe_fn=lambda body, extra: extra.get("X-Webhook-Delivery"))

VERCEL_BODY = ('{"id":"evt_vercel_3NqZ","type":"deployment.created","createdAt":1700000000000,'
               '"payload":{"deployment":{"id":"dpl_abc"}}}')
hex_family(
    "vercel", secret="hookgate-vercel-secret", body=VERCEL_BODY,
    header_names={"x-vercel-signature": "x-vercel-signature"}, official=[],
    sources=["scheme from Vercel docs (x-vercel-signature = hex HMAC-SHA1(body)); no official vector published"],
    dedupe_fn=lambda body, extra: json_ptr(body, "id"))


# --------------------------------------------------------------------------- base64 value family (Shopify, Typeform, Square)
SHOPIFY_SRC = ("Shopify/shopify-api-js:packages/shopify-api/lib/webhooks/__tests__/validate.test.ts "
               "(secret from lib/__tests__/test-config.ts)")
must_equal("shopify", b64(hmac256("test_secret_key", '{"foo": "bar"}')), "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=")
SHOP_HEADERS = {"X-Shopify-Topic": "products/create", "X-Shopify-Shop-Domain": "shop1.myshopify.io",
                "X-Shopify-API-Version": "2023-01", "X-Shopify-Webhook-Id": "123456789"}


def gen_shopify():
    B = Builder("shopify", secret="test_secret_key", body='{"foo": "bar"}', now=1700000000,
                extra_headers=SHOP_HEADERS, header_names={"x-shopify-hmac-sha256": "X-Shopify-Hmac-Sha256"},
                source=SHOPIFY_SRC)
    okf = dict(key_index=0, dedupe_key="123456789")
    cases = [B.case("official validate.test.ts vector", ok(**okf))]
    cases.append(B.case("official signature, body re-serialised without the space", err("no_matching_signature", candidates=1),
                        body='{"foo":"bar"}', headers=B.headers("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="),
                        source="derived: official vector"))
    cases.append(B.case("hex encoding of the right MAC is not base64 of it", err("no_matching_signature", candidates=1),
                        headers=B.headers(hmac256("test_secret_key", '{"foo": "bar"}').hex()), source=DERIVED))
    cases += common_cases(B, okf, derived_src=DERIVED, wrong_secret="wrong_secret_key",
                          rotation_wrong=["old_secret_1", "old_secret_2"],
                          nonutf8_ok_fields=dict(key_index=0, dedupe_key="123456789"))
    emit("shopify", [SHOPIFY_SRC, DERIVED], cases)


gen_shopify()

TYPEFORM_BODY = ('{"event_id":"01HQ2B7E5W4N2R8K9ZC3V6T1YD","event_type":"form_response","form_response":'
                 '{"form_id":"lT4Z3j","token":"a3a12ec67a1365927098a606107fac15","submitted_at":"2024-02-20T10:00:00Z"}}')
TYPEFORM_DOCS = "scheme from https://www.typeform.com/developers/webhooks/secure-your-webhooks/ (sha256=<base64>); no official vector published"


def gen_typeform():
    B = Builder("typeform", secret="hookgate-typeform-secret", body=TYPEFORM_BODY, now=1700000000,
                header_names={"typeform-signature": "Typeform-Signature"}, source=DERIVED)
    okf = dict(key_index=0, dedupe_key="01HQ2B7E5W4N2R8K9ZC3V6T1YD")
    cases = [B.case("derived baseline", ok(**okf))]
    cases.append(B.case("hex digest (valid base64 alphabet) after sha256= does not match",
                        err("no_matching_signature", candidates=1),
                        headers=B.headers("sha256=" + hmac256(B.secret, TYPEFORM_BODY).hex())))
    cases += common_cases(B, okf, derived_src=DERIVED, wrong_secret="wrong",
                          rotation_wrong=["old-1", "old-2"])
    emit("typeform", [TYPEFORM_DOCS, DERIVED], cases)


gen_typeform()

SQ_SRC = "square/square-nodejs-sdk:tests/integration/webhooks.test.ts"
SQ_BODY = ('{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f",'
           '"created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}')
SQ_URL = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9"
SQ_KEY = "Ibxx_5AKakO-3qeNVR61Dw"
SQ_SIG = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4="
must_equal("square", b64(hmac256(SQ_KEY, SQ_URL + SQ_BODY)), SQ_SIG)
must_equal("square 2", b64(hmac256("signature-key", 'https://webhook.site/webhooks{"data":{"type":"webhooks","id":"fake_id"}}')),
           "W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA=")
must_equal("square 3", b64(hmac256("signature-key", 'https://webhook.site/webhooks{"data":{"type":"webhooks","id":">id<"}}')),
           "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=")


def gen_square():
    B = Builder("square", secret=SQ_KEY, body=SQ_BODY, url=SQ_URL, now=1700000000,
                header_names={"x-square-hmacsha256-signature": "x-square-hmacsha256-signature"}, source=SQ_SRC)
    okf = dict(key_index=0, dedupe_key="ac3ac95b-f97d-458c-a6e6-18981597e05f")
    cases = [B.case("official signature validation pass", ok(**okf))]
    cases.append(B.case("official unescaped chars vector", ok(key_index=0), secrets=["signature-key"],
                        body='{"data":{"type":"webhooks","id":"fake_id"}}', url="https://webhook.site/webhooks",
                        headers=B.headers("W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA=")))
    cases.append(B.case("official escaped characters vector", ok(key_index=0), secrets=["signature-key"],
                        body='{"data":{"type":"webhooks","id":">id<"}}', url="https://webhook.site/webhooks",
                        headers=B.headers("Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=")))
    cases.append(B.case("official: notification url mismatch", err("no_matching_signature", candidates=1),
                        url="https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9"))
    cases.append(B.case("official: invalid signature key", err("no_matching_signature", candidates=1),
                        secrets=["MCmhFRxGX82xMwg5FsaoQA"]))
    cases.append(B.case("official: invalid signature header (SHA-1 length)", err("no_matching_signature", candidates=1),
                        headers=B.headers("1z2n3DEJJiUPKcPzQo1ftvbxGdw=")))
    cases.append(B.case("official: request body mismatch", err("no_matching_signature", candidates=1),
                        body=SQ_BODY.replace("2022-07-13", "2022-06-13"), headers=B.headers(SQ_SIG)))
    pretty = ("{\n"
              '    "merchant_id": "MLEFBHHSJGVHD",\n'
              '    "type": "webhooks.test_notification",\n'
              '    "event_id": "ac3ac95b-f97d-458c-a6e6-18981597e05f",\n'
              '    "created_at": "2022-07-13T20:30:59.037339943Z",\n'
              '    "data": {\n'
              '      "type": "webhooks",\n'
              '      "id": "bc368e64-01aa-407e-b46e-3231809b1129"\n'
              "    }\n"
              "}")
    cases.append(B.case("official: request body formatted", err("no_matching_signature", candidates=1), body=pretty,
                        headers=B.headers(SQ_SIG)))
    cases.append(B.case("url with a trailing slash is a different url", err("no_matching_signature", candidates=1),
                        url=SQ_URL + "/", source=DERIVED))
    cases += common_cases(B, okf, derived_src=DERIVED, wrong_secret="wrong-key",
                          rotation_wrong=["old-key-1", "old-key-2"])
    emit("square", [SQ_SRC, DERIVED], cases)


gen_square()


# --------------------------------------------------------------------------- Stripe
STRIPE_SRC = "stripe/stripe-dotnet:src/StripeTests/Services/Events/EventUtilityTest.cs + src/StripeTests/Resources/event_test_signature.json"
STRIPE_FIXTURE = """{
  "id": "evt_123",
  "object": "event",
  "account": "acct_123",
  "api_version": "2017-05-25",
  "created": 1533204620,
  "data": {
    "object": {
      "id": "cus_123",
      "object": "customer",
      "created": 123456789,
      "email": "test@stripe.com",
      "livemode": false,
      "metadata": {}
    }
  },
  "livemode": false,
  "pending_webhooks": 1,
  "request": {
    "id": "req_123",
    "idempotency_key": "idempotency-key-123"
  },
  "type": "customer.created"
}
"""
STRIPE_V1 = "2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7"
STRIPE_V0 = "63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef"
must_equal("stripe dotnet", hmac256("webhook_secret", "1533204620." + STRIPE_FIXTURE).hex(), STRIPE_V1)


def gen_stripe():
    ts = "1533204620"
    B = Builder("stripe", secret="webhook_secret", body=STRIPE_FIXTURE, now=1533204620 + 100, ts=ts,
                header_names={"stripe-signature": "Stripe-Signature"}, source=STRIPE_SRC)
    okf = dict(key_index=0, timestamp=1533204620, dedupe_key="evt_123")
    full = f"t={ts},v1={STRIPE_V1},v0={STRIPE_V0}"
    cases = [B.case("official dotnet fixture (ConstructEvent, now = t + 100)", ok(**okf), headers=B.headers(full))]
    cases.append(B.case("official: outdated timestamp (now = t + tolerance + 100)",
                        err("timestamp_too_old", age_s=400, tolerance_s=300), headers=B.headers(full),
                        now=1533204620 + 400))
    cases.append(B.case("official: changed body", err("no_matching_signature", candidates=1),
                        body=STRIPE_FIXTURE + "this_changes_the_json", headers=B.headers(full)))
    cases.append(B.case("official fixture with CRLF line endings does not verify",
                        err("no_matching_signature", candidates=1), body=STRIPE_FIXTURE.replace("\n", "\r\n"),
                        headers=B.headers(full), source=STRIPE_SRC + " (the test normalises CRLF to LF)"))
    cases.append(B.case("v0 only", err("missing_signature", name="stripe-signature"),
                        headers=B.headers(f"t={ts},v0={STRIPE_V0}"), source="derived: official fixture"))
    cases.append(B.case("v0 entry carrying the correct v1 MAC is still ignored",
                        err("missing_signature", name="stripe-signature"),
                        headers=B.headers(f"t={ts},v0={STRIPE_V1}"), source="derived: official fixture"))
    cases.append(B.case("two v1 entries, second valid", ok(**okf),
                        headers=B.headers(f"t={ts},v1={hmac256('rolled-secret', ts + '.' + STRIPE_FIXTURE).hex()},v1={STRIPE_V1}"),
                        source="derived: official fixture"))
    cases.append(B.case("t after the signatures", ok(**okf), headers=B.headers(f"v1={STRIPE_V1},t={ts}"),
                        source="derived: official fixture"))
    cases.append(B.case("official fixture, 1 second past the tolerance",
                        err("timestamp_too_old", age_s=301, tolerance_s=300), headers=B.headers(full),
                        now=1533204620 + 301, source="derived: official fixture"))
    cases.append(B.case("official fixture, one day in the future (Stripe SDKs check age only)", ok(**okf),
                        headers=B.headers(full), now=1533204620 - 86400, source="derived: official fixture",
                        policy_dependent="stripe-node/go/dotnet only reject now - t > tolerance; hookgate is past-only for Stripe"))
    # key handling
    S2 = "whsec_" + b64(b"stripe-like webhook secret 32by")
    B2 = Builder("stripe", secret=S2, body='{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"charge.succeeded"}',
                 now=1700000000, ts="1700000000", header_names={"stripe-signature": "Stripe-Signature"}, source=DERIVED)
    okf2 = dict(key_index=0, timestamp=1700000000, dedupe_key="evt_1NG8Du2eZvKYlo2CUI79vXWy")
    cases.append(B2.case("whsec_ secret used raw (prefix included)", ok(**okf2)))
    sw_style = hmac256(sw_key(S2), "1700000000." + B2.body).hex()
    cases.append(B2.case("whsec_ secret decoded the Standard-Webhooks way must fail",
                         err("no_matching_signature", candidates=1),
                         headers=B2.headers(f"t=1700000000,v1={sw_style}")))
    cases.append(B2.case("whsec_ secret with the prefix stripped (raw remainder) must fail",
                         err("no_matching_signature", candidates=1),
                         headers=B2.headers(f"t=1700000000,v1={hmac256(S2[6:], '1700000000.' + B2.body).hex()}")))
    cases.append(B2.case("part without '=' is skipped", ok(**okf2),
                         headers=B2.headers(f"t=1700000000,garbage,v1={B2.sig()}")))
    cases += common_cases(B2, okf2, derived_src=DERIVED, wrong_secret="whsec_wrong",
                          rotation_wrong=["whsec_old_one", "whsec_old_two"],
                          decoy_secrets=["whsec_d1", "whsec_d2", "whsec_d3"], empty_prefix_secret=True,
                          nonutf8_ok_fields=dict(key_index=0, timestamp=1700000000))
    emit("stripe", [STRIPE_SRC, "stripe/stripe-node:src/Webhooks.ts, stripe/stripe-go:webhook/client.go (rules only)",
                    DERIVED], cases)


gen_stripe()


# --------------------------------------------------------------------------- Slack / Zoom
SLACK_SRC = "slackapi/python-slack-sdk:tests/slack_sdk/signature/test_signature_verifier.py"
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&"
              "channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&"
              "response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&"
              "trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
SLACK_SIG = "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
must_equal("slack", hmac256(SLACK_SECRET, "v0:1531420618:" + SLACK_BODY).hex(), SLACK_SIG)


def gen_slack():
    names = {"x-slack-signature": "X-Slack-Signature", "x-slack-request-timestamp": "X-Slack-Request-Timestamp"}
    B = Builder("slack", secret=SLACK_SECRET, body=SLACK_BODY, now=1531420618, ts="1531420618", header_names=names,
                source=SLACK_SRC)
    okf = dict(key_index=0, timestamp=1531420618, dedupe_key=body_hash(SLACK_BODY))
    cases = [B.case("official python-slack-sdk vector", ok(**okf))]
    cases.append(B.case("official: modified body", err("no_matching_signature", candidates=1),
                        body=SLACK_BODY + "------", headers=B.headers("v0=" + SLACK_SIG)))
    cases.append(B.case("official vector, 301 s later", err("timestamp_too_old", age_s=301, tolerance_s=300),
                        now=1531420618 + 301, source="derived: official vector"))
    cases.append(B.case("official vector, now 301 s before the timestamp",
                        err("timestamp_in_future", ahead_s=301, tolerance_s=300), now=1531420618 - 301,
                        source="derived: official vector",
                        policy_dependent="python-slack-sdk rejects |now - ts| > 300; bolt-js only rejects old timestamps; hookgate is symmetric"))
    ev = '{"token":"z26uFbvR1xHJEdHE1OQiO6t8","team_id":"T061EG9RZ","api_app_id":"A0FFV41KK","event":{"type":"app_mention"},"type":"event_callback","event_id":"Ev9UQ52YNA","event_time":1531420618}'
    cases.append(B.case("Events API JSON body: dedupe by /event_id", ok(key_index=0, dedupe_key="Ev9UQ52YNA"),
                        body=ev, headers=B.valid_headers(body=ev), source=DERIVED))
    cases += common_cases(B, okf, derived_src=DERIVED, wrong_secret="0" * 32,
                          rotation_wrong=["1" * 32, "2" * 32],
                          nonutf8_ok_fields=dict(key_index=0, dedupe_key=body_hash(NON_UTF8)))
    emit("slack", [SLACK_SRC, "slackapi/bolt-js:src/receivers/verify-request.ts (rules only)", DERIVED], cases)


gen_slack()

ZOOM_BODY = ('{"event":"meeting.started","payload":{"account_id":"AAAAAABBBB","object":{"id":"1234567890",'
             '"uuid":"4444AAAiAAAAAiAiAiiAii==","topic":"My Meeting"}},"event_ts":1700000000123}')
ZOOM_RULES = "zoom/rivet-javascript:accounts/accounts.mjs (isEventVerified: rules only; no fixed vector in the SDK)"


def gen_zoom():
    names = {"x-zm-signature": "x-zm-signature", "x-zm-request-timestamp": "x-zm-request-timestamp"}
    B = Builder("zoom", secret="hookgate-zoom-secret-token", body=ZOOM_BODY, now=1700000000, ts="1700000000",
                header_names=names, source=DERIVED)
    okf = dict(key_index=0, timestamp=1700000000, dedupe_key=body_hash(ZOOM_BODY))
    cases = [B.case("derived baseline", ok(**okf))]
    uv = '{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}'
    cases.append(B.case("endpoint.url_validation event verifies like any event",
                        ok(key_index=0, dedupe_key=body_hash(uv)), body=uv, headers=B.valid_headers(body=uv)))
    reser = json.dumps(json.loads(ZOOM_BODY))  # what the rivet SDK would hash (JSON.stringify-like with spaces here)
    cases.append(B.case("re-serialised JSON (with spaces) does not verify", err("no_matching_signature", candidates=1),
                        body=reser, headers=B.valid_headers()))
    cases += common_cases(B, okf, derived_src=DERIVED, wrong_secret="wrong-token",
                          rotation_wrong=["old-token-1", "old-token-2"],
                          nonutf8_ok_fields=dict(key_index=0, dedupe_key=body_hash(NON_UTF8)))
    emit("zoom", [ZOOM_RULES, DERIVED], cases)


gen_zoom()


# --------------------------------------------------------------------------- Paddle
PADDLE_NODE = "PaddleHQ/paddle-node-sdk:src/__tests__/notifications/webhooks-validator.node.test.ts"
PADDLE_PY = "PaddleHQ/paddle-python-sdk:tests/Unit/Notification/test_Verifier.py"
PADDLE_PY_STD = ('{"data":{"id":"ctm_01hs0tqf76sxmp7ba5e4mw1sc8","name":"John Doe","email":"blackhole+verification2@paddle.com","locale":"en","status":"active","created_at":"2024-03-15T10:32:37.862Z","updated_at":"2024-03-15T10:32:37.862Z","custom_data":null,"import_meta":null,"marketing_consent":false}'
                 ',"event_id":"evt_01hs0tqfme2xwb2hvwv87p8y3w","event_type":"customer.created","occurred_at":"2024-03-15T10:32:38.286848Z","notification_id":"ntf_01hs0tqfrhgkyp39x4wyvy7h6n"}')
PADDLE_PY_SPECIAL = ('{"data":{"id":"ctm_01hs0t94g83hs5jdw282ztqa4z","name":"\\u00dc\\u00c4\\u00c5\\u00e5\\u00d6\\u00dc\\u00c4\\u00c5\\u00e5\\u00d6",'
                     '"email":"blackhole+verification1@paddle.com","locale":"en","status":"active","created_at":"2024-03-15T10:24:48.136Z",'
                     '"updated_at":"2024-03-15T10:24:48.136Z","custom_data":null,"import_meta":null,"marketing_consent":false},'
                     '"event_id":"evt_01hs0t94tjvtv62azjmkbeysz7","event_type":"customer.created","occurred_at":"2024-03-15T10:24:48.466759Z",'
                     '"notification_id":"ntf_01hs0t94ws0ay8keh5t4rq70ht"}')
PADDLE_PY_SECRET = "pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I"


def gen_paddle():
    names = {"paddle-signature": "Paddle-Signature"}
    ts = "1698796800"
    B = Builder("paddle", secret="VALID_SECRET", body='{"data": ["1", "2"]}', now=1698796800, ts=ts,
                header_names=names, source=PADDLE_NODE)
    A300 = "a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9"
    must_equal("paddle node", B.sig(), A300)
    okf = dict(key_index=0, timestamp=1698796800)
    H = lambda v: B.headers(v)
    cases = [B.case("official node: valid signature", ok(**okf), headers=H(f"ts={ts};h1={A300}"))]
    m = "28981e941fae76e53db32f3d2a83cb69db41476595e84e1970a1b5d98f62b261"
    must_equal("paddle node multi", hmac256("VALID_SECRET", ts + ':{"data": "value"}').hex(), m)
    cases.append(B.case("official node: multiple h1 plus unknown h2 key", ok(**okf), body='{"data": "value"}',
                        headers=H(f"ts={ts};h1={m};h1={m};h2=RANDOM_HASH")))
    cases.append(B.case("official node: invalid secret", err("no_matching_signature", candidates=1),
                        secrets=["INVALID_VALID_SECRET"], headers=H(f"ts={ts};h1={A300}")))
    cases.append(B.case("official node: ts=9876 with a MAC over another ts", err("no_matching_signature", candidates=1),
                        headers=H(f"ts=9876;h1={A300}")))
    cases.append(B.case("official node: body with more spaces", err("no_matching_signature", candidates=1),
                        body='{ "data": [ "1", "2" ]}', headers=H(f"ts={ts};h1={A300}")))
    cases.append(B.case("official node: h1=invalid_signature (not hex)", err("invalid_signature_encoding", name="paddle-signature"),
                        headers=H("ts=1234;h1=invalid_signature")))
    cases.append(B.case("official node: header 'invalid_header' (no ts, no h1)", err("missing_timestamp"),
                        headers=H("invalid_header")))
    cases.append(B.case("official node: header 'h1=invalid_header' (no ts)", err("missing_timestamp"),
                        headers=H("h1=invalid_header")))
    cases.append(B.case("official node: header 'ts=1234;h2=invalid_header' (no h1)",
                        err("missing_signature", name="paddle-signature"), headers=H("ts=1234;h2=invalid_header")))
    for label, delta, exp in [("now = ts + 1", 1, ok(**okf)), ("now = ts + 5 (max allowed)", 5, ok(**okf)),
                              ("now = ts + 6", 6, err("timestamp_too_old", age_s=6, tolerance_s=5)),
                              ("now = ts + 4 days", 4 * 86400, err("timestamp_too_old", age_s=345600, tolerance_s=5))]:
        cases.append(B.case(f"official node time window: {label}", exp, headers=H(f"ts={ts};h1={A300}"),
                            now=1698796800 + delta))
    # python
    for name, pts, sig, body in [("standard payload", "1710498758",
                                  "558bf93944dbeb4790c7a8af6cb2ea435c8ca9c8396aafc1a4e37424ac132744", PADDLE_PY_STD),
                                 ("special characters payload", "1710498288",
                                  "38219b3ba1578184e625c29d201a27cd25bd69e2ec9c3ab87dcb90d87ff73a41", PADDLE_PY_SPECIAL)]:
        must_equal(f"paddle python {name}", hmac256(PADDLE_PY_SECRET, pts + ":" + body).hex(), sig)
        cases.append(B.case(f"official python: {name}", ok(key_index=0, timestamp=int(pts),
                                                             dedupe_key=json_ptr(body, "event_id")),
                            secrets=[PADDLE_PY_SECRET], body=body, headers=H(f"ts={pts};h1={sig}"), now=int(pts),
                            source=PADDLE_PY + " (fixtures tests/Unit/Notification/_fixtures/*.json, .strip()ped)"))
    rot = ["pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_TjIG2BXbm83HPXqNfziwe506sBEdqL/4",
           "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_vB/yIOnTOCWIvpBadM5jzBZPHc7OmdSo",
           "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh"]
    d962 = "d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02"
    must_equal("paddle python rotation", hmac256(rot[2], "1696195954:hello-world").hex(), d962)
    cases.append(B.case("official python: three secrets, third matches; h1=dummy is skipped",
                        ok(key_index=2, timestamp=1696195954), secrets=rot, body="hello-world",
                        headers=H(f"ts=1696195954;h1=dummy;h1={d962}"), now=1696195954, source=PADDLE_PY))
    # derived policy cases
    D = DERIVED
    B2 = Builder("paddle", secret="pdl_ntfset_01hookgate_test_secret_material", body=PADDLE_PY_STD.replace(
        "evt_01hs0tqfme2xwb2hvwv87p8y3w", "evt_01hookgate"), now=1700000000, ts="1700000000",
        header_names=names, source=D)
    okf2 = dict(key_index=0, timestamp=1700000000, dedupe_key="evt_01hookgate")
    good = B2.sig()
    cases.append(B2.case("derived baseline", ok(**okf2)))
    cases.append(B2.case("several h1, first valid, last invalid", ok(**okf2),
                         headers=B2.headers(f"ts=1700000000;h1={good};h1={'ab' * 32}"),
                         policy_dependent="paddle-node-sdk keeps only the last h1 (would reject); paddle-python accepts any; hookgate accepts any"))
    cases.append(B2.case("unknown h2 key is ignored", ok(**okf2),
                         headers=B2.headers(f"ts=1700000000;h1={good};h2={'cd' * 32}"),
                         policy_dependent="paddle-python-sdk raises on unknown keys; paddle-node-sdk ignores them; hookgate ignores them"))
    nid = '{"notification_id":"ntf_01hookgate_only","event_type":"transaction.completed"}'
    cases.append(B2.case("dedupe falls back to /notification_id", ok(key_index=0, dedupe_key="ntf_01hookgate_only"),
                         body=nid, headers=B2.valid_headers(body=nid)))
    cases += common_cases(B2, okf2, derived_src=D, wrong_secret="pdl_ntfset_wrong",
                          rotation_wrong=["pdl_ntfset_old1", "pdl_ntfset_old2"],
                          decoy_secrets=["pdl_d1", "pdl_d2", "pdl_d3"])
    emit("paddle", [PADDLE_NODE, PADDLE_PY, "https://developer.paddle.com/webhooks/signature-verification (rules)", D],
         cases)


gen_paddle()


# --------------------------------------------------------------------------- Calendly
def gen_calendly():
    body = ('{"created_at":"2024-01-10T12:00:00.000000Z","created_by":"https://api.calendly.com/users/AAAA",'
            '"event":"invitee.created","payload":{"email":"test@example.com","uri":"https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAA"}}')
    B = Builder("calendly", secret="hookgate-calendly-signing-key", body=body, now=1700000000, ts="1700000000",
                header_names={"calendly-webhook-signature": "Calendly-Webhook-Signature"}, source=DERIVED)
    okf = dict(key_index=0, timestamp=1700000000, dedupe_key=body_hash(body))
    cases = [B.case("derived baseline", ok(**okf))]
    cases += common_cases(B, okf, derived_src=DERIVED, wrong_secret="wrong-key",
                          rotation_wrong=["old-key-1", "old-key-2"], decoy_secrets=["c1", "c2", "c3"],
                          nonutf8_ok_fields=dict(key_index=0, dedupe_key=body_hash(NON_UTF8)))
    emit("calendly", ["scheme from https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures "
                      "(t=..,v1=.., HMAC-SHA256 hex of '{t}.{body}', 3-minute window); no official vector published",
                      DERIVED], cases)


gen_calendly()


# --------------------------------------------------------------------------- PagerDuty
PD_SRC = "PagerDuty/go-pagerduty:webhookv3/webhookv3_test.go"
PD_SECRET = "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK"
PD_BODY = ('{"event":{"id":"01BWDWL3NYY7LUFPZCC28QUCMK","event_type":"incident.priority_updated","resource_type":"incident",'
           '"occurred_at":"2021-04-26T17:36:27.458Z","agent":{"html_url":"https://acme.pagerduty.com/users/PLH1HKV","id":"PLH1HKV",'
           '"self":"https://api.pagerduty.com/users/PLH1HKV","summary":"Tenex Engineer","type":"user_reference"},"client":null,'
           '"data":{"id":"PGR0VU2","type":"incident","self":"https://api.pagerduty.com/incidents/PGR0VU2",'
           '"html_url":"https://acme.pagerduty.com/incidents/PGR0VU2","number":2,"status":"triggered","title":"A little bump in the road",'
           '"service":{"html_url":"https://acme.pagerduty.com/services/PF9KMXH","id":"PF9KMXH","self":"https://api.pagerduty.com/services/PF9KMXH",'
           '"summary":"API Service","type":"service_reference"},"assignees":[{"html_url":"https://acme.pagerduty.com/users/PTUXL6G",'
           '"id":"PTUXL6G","self":"https://api.pagerduty.com/users/PTUXL6G","summary":"User 123","type":"user_reference"}],'
           '"escalation_policy":{"html_url":"https://acme.pagerduty.com/escalation_policies/PUS0KTE","id":"PUS0KTE",'
           '"self":"https://api.pagerduty.com/escalation_policies/PUS0KTE","summary":"Default","type":"escalation_policy_reference"},'
           '"teams":[{"html_url":"https://acme.pagerduty.com/teams/PFCVPS0","id":"PFCVPS0","self":"https://api.pagerduty.com/teams/PFCVPS0",'
           '"summary":"Engineering","type":"team_reference"}],"priority":{"html_url":"https://acme.pagerduty.com/account/incident_priorities",'
           '"id":"PSO75BM","self":"https://api.pagerduty.com/priorities/PSO75BM","summary":"P1","type":"priority_reference"},'
           '"urgency":"high","conference_bridge":{"conference_number":1000,"conference_url":"https://example.com"},"resolve_reason":null}}}')
PD_SIG = "0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd"
must_equal("pagerduty", hmac256(PD_SECRET, PD_BODY).hex(), PD_SIG)


def gen_pagerduty():
    B = Builder("pagerduty", secret=PD_SECRET, body=PD_BODY, now=1700000000,
                header_names={"x-pagerduty-signature": "X-PagerDuty-Signature"}, source=PD_SRC)
    okf = dict(key_index=0, dedupe_key="01BWDWL3NYY7LUFPZCC28QUCMK")
    cases = [B.case("official go-pagerduty vector", ok(**okf))]
    cases.append(B.case("official: mismatch", err("no_matching_signature", candidates=1),
                        headers=B.headers("v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5")))
    cases.append(B.case("official: header missing", err("missing_header", name="x-pagerduty-signature"),
                        headers={}))
    dec = base64.b64decode(PD_SECRET)
    cases.append(B.case("secret base64-decoded must fail (PagerDuty uses the string as-is)",
                        err("no_matching_signature", candidates=1),
                        headers=B.headers("v1=" + hmac256(dec, PD_BODY).hex()), source="derived: official vector"))
    cases.append(B.case("official signature among v1 decoys and a v2 entry", ok(**okf),
                        headers=B.headers(f"v1={'00' * 32},v2={'11' * 32},v1={PD_SIG}"),
                        source="derived: official vector"))
    cases += common_cases(B, okf, derived_src=DERIVED, wrong_secret="wrong",
                          rotation_wrong=["old-1", "old-2"], decoy_secrets=["p1", "p2", "p3"])
    emit("pagerduty", [PD_SRC, DERIVED], cases)


gen_pagerduty()


# --------------------------------------------------------------------------- Linear
LINEAR_RULES = "linear/linear:packages/sdk/src/webhooks/client.ts (rules); body shape from packages/sdk/src/_tests/LinearWebhooks.test.ts"


def linear_body(ts_ms=None):
    d = {"action": "create",
         "data": {"id": "2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9", "createdAt": "2020-01-23T12:53:18.084Z",
                  "updatedAt": "2020-01-23T12:53:18.084Z", "archivedAt": None,
                  "body": "Indeed, I think this is definitely an improvement over the previous version.",
                  "edited": False, "issueId": "539068e2-ae88-4d09-bd75-22eb4a59612f",
                  "userId": "aacdca22-6266-4c0a-ab3c-8fa70a26765c"},
         "type": "Comment",
         "url": "https://linear.app/issue/LIN-1778/foo-bar#comment-77217de3-fb52-4dad-bb9a-b356beb93de8",
         "createdAt": "2020-01-23T12:53:18.084Z"}
    if ts_ms is not None:
        d["webhookTimestamp"] = ts_ms
    return json.dumps(d, separators=(",", ":"))


def gen_linear():
    NOW_MS = 1700000000123
    names = {"linear-signature": "Linear-Signature", "linear-timestamp": "Linear-Timestamp"}
    extra = {"Linear-Delivery": "234d1a4e-b617-4388-90fe-adc3633d6b72", "Linear-Event": "Comment"}
    dk = "234d1a4e-b617-4388-90fe-adc3633d6b72"
    # body-carried timestamp
    Bb = Builder("linear", secret="SECRET", body=linear_body(NOW_MS - 1500), now_ms=NOW_MS, ts=None,
                 extra_headers=extra, header_names=names, source="derived: linear SDK test body + fixed webhookTimestamp")
    cases = []

    def body_case(name, ts_ms, expect, header_ts=None, **kw):
        bd = linear_body(ts_ms)
        h = Bb.headers(hmac256("SECRET", bd).hex(), ts=header_ts)
        cases.append(Bb.case(name, expect, body=bd, headers=h, **kw))

    body_case("webhookTimestamp in body, 1.5 s old", NOW_MS - 1500, ok(key_index=0, dedupe_key=dk))
    body_case("webhookTimestamp exactly 60000 ms old", NOW_MS - 60000, ok(key_index=0))
    body_case("webhookTimestamp 60001 ms old (age rounded up to 61 s)", NOW_MS - 60001,
              err("timestamp_too_old", age_s=61, tolerance_s=60))
    body_case("webhookTimestamp exactly 60000 ms ahead", NOW_MS + 60000, ok(key_index=0))
    body_case("webhookTimestamp 60001 ms ahead", NOW_MS + 60001, err("timestamp_in_future", ahead_s=61, tolerance_s=60))
    body_case("webhookTimestamp whole seconds: reported timestamp", 1700000000000, ok(key_index=0, timestamp=1700000000))
    body_case("body timestamp wins over a stale header", NOW_MS - 1000, ok(key_index=0),
              header_ts=str(NOW_MS - 3600000))
    body_case("stale body timestamp is not rescued by a fresh header", NOW_MS - 120000,
              err("timestamp_too_old", age_s=120, tolerance_s=60), header_ts=str(NOW_MS))
    body_case("tolerance_s override 5: 5.5 s old fails (rounded up to 6 s)", NOW_MS - 5500,
              err("timestamp_too_old", age_s=6, tolerance_s=5), tolerance_s=5)
    old = linear_body(NOW_MS - 10 ** 9)
    cases.append(Bb.case("expired and forged (body timestamp)", err("no_matching_signature", candidates=1), body=old,
                         headers=Bb.headers(hmac256("not-the-secret", old).hex())))
    nots = linear_body(None)
    cases.append(Bb.case("no webhookTimestamp and no linear-timestamp header", err("missing_timestamp"), body=nots,
                         headers=Bb.headers(hmac256("SECRET", nots).hex()),
                         policy_dependent="the Linear SDK skips the replay check when neither is present; hookgate requires a timestamp"))
    # header-carried timestamp: generic cases
    B = Builder("linear", secret="SECRET", body=nots, now_ms=NOW_MS, ts=str(NOW_MS - 2000), extra_headers=extra,
                header_names=names, source=DERIVED)
    okf = dict(key_index=0, dedupe_key=dk)
    cases.append(B.case("linear-timestamp header (ms) when the body has none", ok(**okf)))
    common = common_cases(B, okf, derived_src=DERIVED, wrong_secret="WRONG_SECRET",
                          rotation_wrong=["OLD_SECRET_1", "OLD_SECRET_2"], skip=("missing_ts",),
                          nonutf8_ok_fields=dict(key_index=0, dedupe_key=dk))
    cases += common
    cases.append(B.case("body is not JSON and no header timestamp", err("missing_timestamp"), body=NON_UTF8,
                        headers={k: v for k, v in B.headers(hmac256("SECRET", NON_UTF8).hex()).items()
                                 if k.lower() != "linear-timestamp"}))
    emit("linear", [LINEAR_RULES, "no fixed vector in the Linear SDK (its tests sign with Date.now())", DERIVED],
         [c for c in cases if c is not None])


gen_linear()


# --------------------------------------------------------------------------- HubSpot
HS_NODE = "HubSpot/hubspot-api-nodejs:test/unit/signature.spec.ts"
HS_PY = "HubSpot/hubspot-api-python:tests/spec/utils/test_signature.py"
HS_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
HS_URL = "https://www.example.com/webhook_uri"
HS_V1_BODY = ('[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":'
              '"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]')
HS_PY_BODY = "{'example_field':'example_value'}"


def gen_hubspot():
    # v1
    must_equal("hubspot v1 node", sha256hex(HS_SECRET + HS_V1_BODY),
               "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de")
    must_equal("hubspot v1 python", sha256hex(HS_SECRET + HS_PY_BODY),
               "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750")
    names = {"x-hubspot-signature": "X-HubSpot-Signature"}
    ver = {"X-HubSpot-Signature-Version": "v1"}
    B = Builder("hubspot_v1", secret=HS_SECRET, body=HS_V1_BODY, now=1700000000, extra_headers=ver, header_names=names,
                source=HS_NODE)
    okf = dict(key_index=0, dedupe_key=body_hash(HS_V1_BODY))
    cases = [B.case("official node v1 vector", ok(**okf))]
    cases.append(B.case("official python v1 vector", ok(key_index=0, dedupe_key=body_hash(HS_PY_BODY)), body=HS_PY_BODY,
                        headers=B.headers("69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750"),
                        source=HS_PY))
    cases.append(B.case("HMAC-SHA256 of the body is not the v1 signature", err("no_matching_signature", candidates=1),
                        headers=B.headers(hmac256(HS_SECRET, HS_V1_BODY).hex()), source=DERIVED))
    cases += common_cases(B, okf, derived_src=DERIVED, wrong_secret="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
                          rotation_wrong=["old-client-secret-1", "old-client-secret-2"],
                          nonutf8_ok_fields=dict(key_index=0, dedupe_key=body_hash(NON_UTF8)))
    emit("hubspot_v1", [HS_NODE, HS_PY, DERIVED], cases)

    # v2
    v2 = [("official node v2 GET, empty body", "GET", "", "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e", HS_NODE),
          ("official node v2 POST with body", "POST", '{"example_field":"example_value"}',
           "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900", HS_NODE),
          ("official python v2 POST", "POST", HS_PY_BODY, "4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383", HS_PY)]
    ver2 = {"X-HubSpot-Signature-Version": "v2"}
    B = Builder("hubspot_v2", secret=HS_SECRET, body='{"example_field":"example_value"}', url=HS_URL, method="POST",
                now=1700000000, extra_headers=ver2, header_names=names, source=HS_NODE)
    cases = []
    for name, m, bd, sig, src in v2:
        must_equal(f"hubspot {name}", sha256hex(HS_SECRET + m + HS_URL + bd), sig)
        cases.append(B.case(name, ok(key_index=0, dedupe_key=body_hash(bd)), method=m, body=bd,
                            headers=B.headers(sig), source=src))
    cases.append(B.case("official GET signature presented with method POST", err("no_matching_signature", candidates=1),
                        method="POST", body="", headers=B.headers(v2[0][3]), source="derived: official vector"))
    okf = dict(key_index=0, dedupe_key=body_hash(B.body))
    cases += common_cases(B, okf, derived_src=DERIVED, wrong_secret="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
                          rotation_wrong=["old-client-secret-1", "old-client-secret-2"],
                          nonutf8_ok_fields=dict(key_index=0, dedupe_key=body_hash(NON_UTF8)))
    emit("hubspot_v2", [HS_NODE, HS_PY, DERIVED], cases)

    # v3
    V3 = "K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y="
    must_equal("hubspot v3 python", b64(hmac256(HS_SECRET, "POST" + HS_URL + HS_PY_BODY + "1693657560000")), V3)
    names3 = {"x-hubspot-signature-v3": "X-HubSpot-Signature-v3", "x-hubspot-request-timestamp": "X-HubSpot-Request-Timestamp"}
    B = Builder("hubspot_v3", secret=HS_SECRET, body=HS_PY_BODY, url=HS_URL, method="POST", now_ms=1693657560000 + 1234,
                ts="1693657560000", header_names=names3, source=HS_PY)
    okf = dict(key_index=0, timestamp=1693657560, dedupe_key=body_hash(HS_PY_BODY))
    cases = [B.case("official python v3 vector (ms timestamp)", ok(**okf))]
    cases.append(B.case("official v3 vector, 300001 ms later", err("timestamp_too_old", age_s=301, tolerance_s=300),
                        now_ms=1693657560000 + 300001, source="derived: official vector"))
    cases.append(B.case("official v3 vector, exactly 300000 ms later", ok(**okf), now_ms=1693657560000 + 300000,
                        source="derived: official vector"))
    cases.append(B.case("official v3 vector, now equal to the timestamp", ok(**okf), now_ms=1693657560000,
                        source="derived: official vector"))
    cases.append(B.case("official v3 vector with method GET", err("no_matching_signature", candidates=1),
                        method="GET", source="derived: official vector"))
    B3 = Builder("hubspot_v3", secret="hookgate-hubspot-client-secret", body='[{"eventId":4242,"subscriptionType":"contact.creation"}]',
                 url="https://hooks.example.com/hubspot?portal=62515", method="POST", now_ms=1700000000000,
                 ts="1699999999000", header_names=names3, source=DERIVED)
    okf3 = dict(key_index=0, timestamp=1699999999, dedupe_key=body_hash(B3.body))
    cases.append(B3.case("derived baseline (url with query string)", ok(**okf3)))
    cases += common_cases(B3, okf3, derived_src=DERIVED, wrong_secret="wrong-secret",
                          rotation_wrong=["old-secret-1", "old-secret-2"],
                          nonutf8_ok_fields=dict(key_index=0, dedupe_key=body_hash(NON_UTF8)))
    emit("hubspot_v3", [HS_PY, HS_NODE + " (rules; its v3 test signs with Date.now())",
                        "https://developers.hubspot.com/docs/api/webhooks/validating-requests", DERIVED], cases)


gen_hubspot()


# --------------------------------------------------------------------------- Discord (Ed25519, hex)
def gen_discord():
    pk = ED_PUB.hex()
    body = json.dumps({"id": "787053080478613555", "token": "ThisIsATokenFromDiscordThatIsVeryLong", "type": 1,
                       "version": 1}, separators=(",", ":"))
    names = {"x-signature-ed25519": "X-Signature-Ed25519", "x-signature-timestamp": "X-Signature-Timestamp"}
    B = Builder("discord", secret=pk, body=body, now=1700000000, ts="1700000000", header_names=names,
                source="derived: cryptography Ed25519, fixed seed sha256('hookgate discord test key v1'); PING body from discord-interactions-js SharedTestUtils.ts")
    okf = dict(key_index=0, timestamp=1700000000, dedupe_key="787053080478613555")
    cases = [B.case("derived PING", ok(**okf))]
    cmd = json.dumps({"id": "787053080478613556", "token": "ThisIsATokenFromDiscordThatIsVeryLong", "type": 2,
                      "version": 1, "data": {"id": "787053080478613554", "name": "test"}}, separators=(",", ":"))
    cases.append(B.case("derived APPLICATION_COMMAND", ok(key_index=0, dedupe_key="787053080478613556"), body=cmd,
                        headers=B.valid_headers(body=cmd)))
    cases.append(B.case("signed with another key", err("no_matching_signature", candidates=1),
                        headers=B.headers(B.sig(priv=ED_PRIV2))))
    cases.append(B.case("timestamp and body concatenated with a separator do not verify",
                        err("no_matching_signature", candidates=1),
                        headers=B.headers(ED_PRIV.sign(b"1700000000." + body.encode()).hex())))
    cases.append(B.case("upper-case hex signature", ok(**okf), headers=B.headers(B.sig().upper())))
    cases.append(B.case("public key of 31 bytes", err("invalid_public_key"), secrets=[pk[:62]]))
    cases.append(B.case("public key not hex", err("invalid_public_key"), secrets=["zz" + pk[2:]]))
    cases.append(B.case("public key in base64 instead of hex", err("invalid_public_key"), secrets=[b64(ED_PUB)]))
    cases += common_cases(B, okf, derived_src=B.source, wrong_secret=ED_PUB2.hex(),
                          rotation_wrong=[ED_PUB2.hex(), ED_PUB3.hex()], wrong_priv=ED_PRIV2,
                          skip=("secrets",))
    cases.append(B.case("empty public key", err("empty_secret"), secrets=[""], source=B.source))
    cases.append(B.case("no keys configured", err("no_secrets"), secrets=[], source=B.source))
    emit("discord", ["discord/discord-interactions-js:src/index.ts (verifyKey: rules; its tests generate keys at run time, no fixed vector)",
                     B.source], cases)


gen_discord()


# --------------------------------------------------------------------------- SendGrid (ECDSA P-256, base64 DER)
SG_SRC = "sendgrid/sendgrid-nodejs:packages/eventwebhook/src/eventwebhook.spec.js"
SG_PK = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g=="
SG_SIG = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM="
SG_TS = "1600112502"
SG_BODY = json.dumps([{"email": "hello@world.com", "event": "dropped", "reason": "Bounced Address",
                       "sg_event_id": "ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA",
                       "sg_message_id": "LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
                       "smtp-id": "<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>", "timestamp": 1600112492}],
                     separators=(",", ":")) + "\r\n"
SG_PK2 = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q=="
SG_SIG2 = "MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5"
SG_TS2 = "1619651159"
SG_EVENTS2 = [
    {"email": "invalid@gmail.com", "event": "processed", "send_at": 0,
     "sg_event_id": "cHJvY2Vzc2VkLTE5OTQyMTEyLXFOd0JMZ1BRUWpXNkRKdktRd1NBYnctMA",
     "sg_message_id": "qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0",
     "smtp-id": "<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>", "timestamp": 1619651146},
    {"email": "invalid@gmail.com", "event": "bounce", "ip": "167.89.101.76",
     "reason": "552 5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm c17si1130468pgv.34 - gsmtp",
     "sg_event_id": "Ym91bmNlLTAtMTk5NDIxMTItcU53QkxnUFFRalc2REp2S1F3U0Fidy0w",
     "sg_message_id": "qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0",
     "smtp-id": "<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>", "status": "5.2.2", "timestamp": 1619651147,
     "tls": 1, "type": "blocked"}]
SG_BODY2 = "},\r\n{".join(json.dumps(SG_EVENTS2, separators=(",", ":")).split("},{")) + "\r\n"


def ecdsa_verify(pk_b64, sig_b64, msg: bytes) -> bool:
    k = serialization.load_der_public_key(base64.b64decode(pk_b64))
    try:
        k.verify(base64.b64decode(sig_b64), msg, ec.ECDSA(hashes.SHA256()))
        return True
    except Exception:
        return False


def gen_sendgrid():
    for pk, sig, ts, body in [(SG_PK, SG_SIG, SG_TS, SG_BODY), (SG_PK2, SG_SIG2, SG_TS2, SG_BODY2)]:
        must_equal("sendgrid official verifies", ecdsa_verify(pk, sig, (ts + body).encode()), True)
        must_equal("sendgrid official is high-S", ecdsa_is_high_s(base64.b64decode(sig)), True)
    names = {"x-twilio-email-event-webhook-signature": "X-Twilio-Email-Event-Webhook-Signature",
             "x-twilio-email-event-webhook-timestamp": "X-Twilio-Email-Event-Webhook-Timestamp"}
    B = Builder("sendgrid", secret=SG_PK, body=SG_BODY, now=1700000000, ts=SG_TS, header_names=names, source=SG_SRC)
    cases = [B.case("official single event (high-S signature, body ends with CRLF)",
                    ok(key_index=0, timestamp=1600112502, dedupe_key=body_hash(SG_BODY)), headers=B.headers(SG_SIG))]
    cases.append(B.case("official multiple events (high-S, CRLF between events)",
                        ok(key_index=0, timestamp=1619651159, dedupe_key=body_hash(SG_BODY2)), secrets=[SG_PK2],
                        body=SG_BODY2, headers=B.headers(SG_SIG2, ts=SG_TS2)))
    cases.append(B.case("official: invalid key", err("no_matching_signature", candidates=1),
                        secrets=["MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA=="],
                        headers=B.headers(SG_SIG)))
    cases.append(B.case("official: bad payload", err("no_matching_signature", candidates=1), body="payload",
                        headers=B.headers(SG_SIG)))
    cases.append(B.case("official: bad signature", err("no_matching_signature", candidates=1),
                        headers=B.headers("MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0=")))
    cases.append(B.case("official: bad timestamp ('timestamp' instead of the signed value)",
                        err("no_matching_signature", candidates=1), headers=B.headers(SG_SIG, ts="timestamp")))
    cases.append(B.case("official payload with the trailing CRLF stripped", err("no_matching_signature", candidates=1),
                        body=SG_BODY[:-2], headers=B.headers(SG_SIG), source="derived: official vector"))
    low = b64(ecdsa_flip_s(base64.b64decode(SG_SIG)))
    cases.append(B.case("official signature normalised to low-S also verifies",
                        ok(key_index=0), headers=B.headers(low), source="derived: official vector, s -> n - s"))
    cases.append(B.case("official vector far in the past still verifies (no default tolerance)",
                        ok(key_index=0), now=1600112502 + 10 * 365 * 86400, source="derived: official vector",
                        headers=B.headers(SG_SIG)))
    cases.append(B.case("official vector with explicit tolerance 300/300: too old",
                        err("timestamp_too_old", age_s=1700000000 - 1600112502, tolerance_s=300),
                        headers=B.headers(SG_SIG), tolerance={"past_s": 300, "future_s": 300},
                        source="derived: official vector"))
    cases.append(B.case("official vector with explicit tolerance 300/300: within", ok(key_index=0),
                        headers=B.headers(SG_SIG), now=1600112502 + 300, tolerance={"past_s": 300, "future_s": 300},
                        source="derived: official vector"))
    cases.append(B.case("official signature among keys: second key is the official one", ok(key_index=1),
                        secrets=[EC_PUB_B64, SG_PK], headers=B.headers(SG_SIG), source="derived: official vector"))
    cases.append(B.case("public key as PEM armour is not base64 SPKI", err("invalid_public_key"),
                        secrets=["-----BEGIN PUBLIC KEY-----" + SG_PK + "-----END PUBLIC KEY-----"],
                        headers=B.headers(SG_SIG), source="derived"))
    cases.append(B.case("public key truncated", err("invalid_public_key"), secrets=[SG_PK[:40]],
                        headers=B.headers(SG_SIG), source="derived"))
    cases.append(B.case("truncated DER signature (valid base64)", err("no_matching_signature", candidates=1),
                        headers=B.headers(SG_SIG[:40]), source="derived: official vector"))
    # derived key
    D = "derived: cryptography ECDSA P-256 (RFC 6979 deterministic), key from sha256('hookgate sendgrid test key v1')"
    body = '[{"email":"example@test.com","timestamp":1700000000,"event":"processed","sg_event_id":"cHJvY2Vzc2Vk"}]\r\n'
    Bd = Builder("sendgrid", secret=EC_PUB_B64, body=body, now=1700000000, ts="1700000000", header_names=names, source=D)
    okf = dict(key_index=0, timestamp=1700000000, dedupe_key=body_hash(body))
    cases.append(Bd.case("derived baseline", ok(**okf)))
    der = base64.b64decode(Bd.sig())
    other = ecdsa_flip_s(der)
    hi, lo = (der, other) if ecdsa_is_high_s(der) else (other, der)
    cases.append(Bd.case("derived low-S form", ok(**okf), headers=Bd.headers(b64(lo))))
    cases.append(Bd.case("derived high-S form (s -> n - s) must verify", ok(**okf), headers=Bd.headers(b64(hi))))
    cases += common_cases(Bd, okf, derived_src=D, wrong_secret=EC_PUB2_B64,
                          rotation_wrong=[EC_PUB2_B64, SG_PK], skip=("secrets",), wrong_priv=EC_PRIV2)
    # invalid timestamps even with no tolerance (signature valid over that text)
    for label, txt in [("non-numeric", "abc"), ("negative", "-1"), ("decimal", "1700000000.5"),
                       ("huge", "99999999999999999999")]:
        cases.append(Bd.case(f"{label} timestamp {txt!r} (validly signed)",
                             err("invalid_timestamp", name="x-twilio-email-event-webhook-timestamp"),
                             headers=Bd.valid_headers(ts=txt)))
    cases.append(Bd.case("empty public key", err("empty_secret"), secrets=[""]))
    cases.append(Bd.case("no keys configured", err("no_secrets"), secrets=[]))
    emit("sendgrid", [SG_SRC, D], cases)


gen_sendgrid()


# --------------------------------------------------------------------------- Twilio
TW_SRC = "twilio/twilio-node:spec/validation.spec.js"
TW_TOKEN = "12345"
TW_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
TW_PARAMS = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675309"), ("Digits", "1234"),
             ("From", "+14158675309"), ("To", "+18005551212")]


def form(pairs):
    return "&".join(quote(k, safe="") + "=" + quote(v, safe="") for k, v in pairs)


def twilio_sig(token, url, pairs):
    by = {}
    for k, v in pairs:
        by.setdefault(k, set()).add(v)
    data = url
    for k in sorted(by, key=lambda s: s.encode("utf-16-be")):
        for v in sorted(by[k], key=lambda s: s.encode("utf-16-be")):
            data += k + v
    return b64(hmac1(token, data))


def gen_twilio():
    body = form(TW_PARAMS)
    def H(sig, extra=None):
        h = {"X-Twilio-Signature": sig}
        h.update(extra or {})
        return h

    def C(name, expect, *, headers, url=TW_URL, body=body, secrets=None, source=TW_SRC, **kw):
        c = {"name": name, "source": source, "secrets": [TW_TOKEN] if secrets is None else secrets,
             "headers": headers}
        c.update(body_fields(body))
        if url is not None:
            c["url"] = url
        c["now"] = 1700000000
        c.update(kw)
        c["expect"] = expect
        cases.append(c)

    cases = []
    official = [
        ("default", TW_URL, TW_PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "https://mycompany.com/myapp.php?foo=1&bar=2"),
        ("http with port 1234 (as given)", TW_URL.replace("https", "http").replace(".com", ".com:1234"), TW_PARAMS,
         "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", None),
        ("https without port, signed with :443 (default port added)", TW_URL, TW_PARAMS, "kvajT1Ptam85bY51eRf/AJRuM3w=",
         TW_URL.replace(".com", ".com:443")),
        ("http without port, signed with :80 (default port added)", TW_URL.replace("https", "http"), TW_PARAMS,
         "0ZXoZLH/DfblKGATFgpif+LLRf4=", TW_URL.replace("https", "http").replace(".com", ".com:80")),
        ("url with credentials", "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", TW_PARAMS,
         "CukzLTc1tT5dXEDIHm/tKBanW10=", None),
        ("url with just a username", "https://user@mycompany.com/myapp.php?foo=1&bar=2", TW_PARAMS,
         "2YRLlVAflCqxaNicjMpJcSTgzSs=", None),
        ("url with credentials, signed with :443", "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", TW_PARAMS,
         "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=", "https://user:pass@mycompany.com:443/myapp.php?foo=1&bar=2"),
        ("array parameter", TW_URL, [("MessagingBinding.Address", "+1325xxxxxxx"),
                                     ("MessagingBinding.Address", "+1415xxxxxxx")],
         "83O6e2vORAoJHUNzJjDWN1jz+BA=", None),
        ("array parameter, values in the other order", TW_URL, [("MessagingBinding.Address", "+1415xxxxxxx"),
                                                                ("MessagingBinding.Address", "+1325xxxxxxx")],
         "83O6e2vORAoJHUNzJjDWN1jz+BA=", None),
        ("repeated key with duplicate values (deduplicated)", TW_URL,
         [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234"), ("Digits", "1234")],
         "IK+Dwps556ElfBT0I3Rgjkr1wJU=", None),
    ]
    for name, url, pairs, sig, signed_url in official:
        must_equal(f"twilio {name}", twilio_sig(TW_TOKEN, signed_url or url, pairs), sig)
        bd = form(pairs)
        C(f"official: {name}", ok(key_index=0, dedupe_key=body_hash(bd)), url=url, body=bd, headers=H(sig))
    C("official: https url with port 1234, signature over the port-less url (port removed)", ok(key_index=0),
      url=TW_URL.replace(".com", ".com:1234"), headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="))
    C("official: wrong signature text", err("invalid_signature_encoding", name="x-twilio-signature"),
      headers=H("WRONG_SIGNATURE"))
    C("official: unexpected extra query parameter", err("no_matching_signature", candidates=1),
      url=TW_URL + "&somethingUnexpected=true", headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="))
    # special characters
    special = TW_URL + "&Body=It's+amazing"
    must_equal("twilio special (WHATWG %27 form)", twilio_sig(TW_TOKEN, TW_URL + "&Body=It%27s+amazing", TW_PARAMS),
               "TfZzewPq8wqrGlMfyAud8+/IvJ0=")
    C("official special-characters signature with the url as Twilio signed it (%27)", ok(key_index=0),
      url=TW_URL + "&Body=It%27s+amazing", headers=H("TfZzewPq8wqrGlMfyAud8+/IvJ0="),
      source=TW_SRC + " (the signature is over the WHATWG-serialised url, ' -> %27)")
    C("official special-characters vector with a raw ' in the url", err("no_matching_signature", candidates=1),
      url=special, headers=H("TfZzewPq8wqrGlMfyAud8+/IvJ0="),
      policy_dependent="twilio-node re-serialises the url with WHATWG new URL() (' -> %27) and accepts; "
                       "hookgate's url variants are only as-given / port removed / default port added")
    # bodySHA256
    jb = '{"property": "value", "boolean": true}'
    h = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
    must_equal("twilio body hash", sha256hex(jb), h)
    uh = TW_URL + "&bodySHA256=" + h
    must_equal("twilio bodySHA256", twilio_sig(TW_TOKEN, uh, []), "a9nBmqA0ju/hNViExpshrM61xv4=")
    C("official: JSON body with bodySHA256", ok(key_index=0, dedupe_key=body_hash(jb)), url=uh, body=jb,
      headers=H("a9nBmqA0ju/hNViExpshrM61xv4="))
    he = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    ue = TW_URL + "&bodySHA256=" + he
    must_equal("twilio bodySHA256 {} with :443", twilio_sig(TW_TOKEN, ue.replace(".com", ".com:443"), []),
               "Ldidvp12m26NI7eqEvxnEpkd9Hc=")
    C("official: body '{}' with bodySHA256 (signed with :443)", ok(key_index=0), url=ue, body="{}",
      headers=H("Ldidvp12m26NI7eqEvxnEpkd9Hc="))
    us = "https://mycompany.com/myapp.php?bodySHA256=" + h
    must_equal("twilio short", twilio_sig(TW_TOKEN, us, []), "y77kIzt2vzLz71DgmJGsen2scGs=")
    C("official: only the bodySHA256 query parameter", ok(key_index=0), url=us, body=jb,
      headers=H("y77kIzt2vzLz71DgmJGsen2scGs="))
    C("bodySHA256 with a body that does not match it", err("body_digest_mismatch"), url=uh,
      body=jb.replace("true", "false"), headers=H("a9nBmqA0ju/hNViExpshrM61xv4="),
      source="derived: official bodySHA256 vector with a modified body")
    C("bodySHA256 url truncated by one character (official middleware negative)",
      err("no_matching_signature", candidates=1), url=uh[:-1], body=jb, headers=H("a9nBmqA0ju/hNViExpshrM61xv4="))
    C("bodySHA256 url, forged signature and mismatched body: signature error first",
      err("no_matching_signature", candidates=1), url=uh, body="{}", headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="),
      source="derived")
    # derived
    D = DERIVED + " (twilio-node getExpectedTwilioSignature rules)"
    C("idempotency token header is the dedupe key", ok(key_index=0, dedupe_key="idem-0001"),
      headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8=", {"I-Twilio-Idempotency-Token": "idem-0001"}), source=D)
    C("missing X-Twilio-Signature", err("missing_header", name="x-twilio-signature"), headers={}, source=D)
    C("no url supplied by the caller", err("missing_url"), url=None, headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="), source=D)
    C("header name upper-case", ok(key_index=0), headers={"X-TWILIO-SIGNATURE": "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
      source=D)
    C("header name lower-case", ok(key_index=0), headers={"x-twilio-signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
      source=D)
    C("auth token rotation: second token matches", ok(key_index=1), secrets=["54321", TW_TOKEN, "00000"],
      headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="), source=D)
    C("wrong auth token", err("no_matching_signature", candidates=1), secrets=["54321"],
      headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="), source=D)
    C("empty auth token", err("empty_secret"), secrets=[""], headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="), source=D)
    C("truncated signature", err("no_matching_signature", candidates=1), headers=H("RSOYDt4T1cUTdK1P"), source=D)
    C("parameter value changed", err("no_matching_signature", candidates=1),
      body=form(TW_PARAMS[:-1] + [("To", "+18005551213")]), headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="), source=D)
    C("form parameters in another order (sorted before signing)", ok(key_index=0), body=form(list(reversed(TW_PARAMS))),
      headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="), source=D)
    plus = "CallSid=CA1234567890ABCDE&Caller=+14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212"
    C("'+' in the form body decodes to a space", err("no_matching_signature", candidates=1), body=plus,
      headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="), source=D)
    C("'+' in the form body decodes to a space (signature over the space)", ok(key_index=0), body=plus,
      headers=H(twilio_sig(TW_TOKEN, TW_URL, [("CallSid", "CA1234567890ABCDE"), ("Caller", " 14158675309"),
                                              ("Digits", "1234"), ("From", "+14158675309"), ("To", "+18005551212")])),
      source=D)
    uni = [("\uff5ekey", "fullwidth"), ("\U0001F600key", "emoji"), ("Body", "caf\u00e9 \u2603")]
    C("keys sorted by UTF-16 code unit (astral before U+FF5E)", ok(key_index=0), body=form(uni),
      headers=H(twilio_sig(TW_TOKEN, TW_URL, uni)), source=D)
    wrong_order = TW_URL + "".join(k + v for k, v in sorted(uni))
    C("keys sorted by code point instead of UTF-16 do not verify", err("no_matching_signature", candidates=1),
      body=form(uni), headers=H(b64(hmac1(TW_TOKEN, wrong_order))), source=D)
    C("empty form body", ok(key_index=0, dedupe_key=body_hash("")), body="",
      headers=H(twilio_sig(TW_TOKEN, TW_URL, [])), source=D)
    C("signature over :8443 url, request url without port", err("no_matching_signature", candidates=1),
      headers=H(twilio_sig(TW_TOKEN, TW_URL.replace(".com", ".com:8443"), TW_PARAMS)), source=D)
    C("url given with :443, signature over the port-less url", ok(key_index=0),
      url=TW_URL.replace(".com", ".com:443"), headers=H("RSOYDt4T1cUTdK1PDd93/VVr8B8="), source=D)
    C("hex-encoded signature is not base64 of the MAC", err("no_matching_signature", candidates=1),
      headers=H(hmac1(TW_TOKEN, TW_URL).hex()), source=D)
    C("percent-encoded UTF-8 in form values",
      ok(key_index=0), body="Body=%C3%A9t%C3%A9&From=%2B1555",
      headers=H(twilio_sig(TW_TOKEN, TW_URL, [("Body", "\u00e9t\u00e9"), ("From", "+1555")])), source=D)
    emit("twilio", [TW_SRC, "twilio/twilio-node:src/webhooks/webhooks.ts (rules)", D], cases)


gen_twilio()


# --------------------------------------------------------------------------- Mailgun
MG_SRC = "mailgun/mailgun-php:tests/Api/WebhookTest.php"
MG_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
MG_TS = "1403645220"
MG_TOKEN = "5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6"
MG_SIG = "9cfc5c41582e51246e73c88d34db3af0a3a2692a76fbab81492842f000256d33"
must_equal("mailgun", hmac256(MG_KEY, MG_TS + MG_TOKEN).hex(), MG_SIG)


def mg_json(ts=MG_TS, token=MG_TOKEN, sig=MG_SIG, event="delivered", drop=()):
    s = {"timestamp": ts, "token": token, "signature": sig}
    for d in drop:
        s.pop(d)
    return json.dumps({"signature": s, "event-data": {"event": event, "id": "CPgfbmQMTCKtHW6uIWtuVe",
                                                      "recipient": "alice@example.com"}},
                      separators=(",", ":"))


def mg_form(ts=MG_TS, token=MG_TOKEN, sig=MG_SIG, drop=()):
    pairs = [("timestamp", ts), ("token", token), ("signature", sig), ("event", "delivered"),
             ("recipient", "alice@example.com")]
    return form([(k, v) for k, v in pairs if k not in drop])


def gen_mailgun():
    cases = []
    now = int(MG_TS)

    def C(name, expect, body, secrets=None, source=DERIVED, **kw):
        c = {"name": name, "source": source, "secrets": [MG_KEY] if secrets is None else secrets, "headers": {}}
        c.update(body_fields(body))
        c["now"] = kw.pop("now", now)
        c.update(kw)
        c["expect"] = expect
        cases.append(c)

    okf = dict(key_index=0, id=MG_TOKEN, timestamp=now, dedupe_key=MG_TOKEN)
    src_json = MG_SRC + " (timestamp/token/signature; wrapped here in the JSON webhook body shape)"
    C("official vector in a JSON body", ok(**okf), mg_json(), source=src_json)
    C("official vector in a form body", ok(**okf), mg_form(), source=MG_SRC + " (wrapped in a form body)")
    C("official negative: other token", err("no_matching_signature", candidates=1),
      mg_json(token="owyldpe6nxhmrn78epljl6bj0orrki1u3d2v5e6cnlmmuox8jr"), source=src_json)
    C("event-data is not signed: a changed event still verifies", ok(**okf), mg_json(event="failed"),
      source="derived: official vector (Mailgun signs only timestamp+token)")
    # A tight window (60 s): the token, not the window, is what stops a replay of the unsigned body,
    # and a short window bounds how long a receiver without a dedupe store is exposed.
    C("official vector, 61 s later", err("timestamp_too_old", age_s=61, tolerance_s=60), mg_json(), now=now + 61)
    C("official vector, exactly 60 s later", ok(**okf), mg_json(), now=now + 60)
    C("official vector, now 60 s before", ok(**okf), mg_json(), now=now - 60)
    C("official vector, now 61 s before", err("timestamp_in_future", ahead_s=61, tolerance_s=60), mg_json(),
      now=now - 61)
    C("official vector, 300 s later (another scheme's usual window)", err("timestamp_too_old", age_s=300, tolerance_s=60),
      mg_json(), now=now + 300)
    C("official vector, tolerance_s 10: 11 s later", err("timestamp_too_old", age_s=11, tolerance_s=10), mg_json(),
      now=now + 11, tolerance_s=10)
    C("official vector, dangerous_skip_timestamp_check: a year later", ok(key_index=0, id=MG_TOKEN), mg_json(),
      now=now + 31536000, dangerous_skip_timestamp_check=True)
    # missing fields
    C("JSON body without signature.signature", err("missing_field", name="/signature/signature"),
      mg_json(drop=("signature",)))
    C("JSON body without signature.token (the id)", err("missing_field", name="/signature/token"),
      mg_json(drop=("token",)))
    C("JSON body without signature.timestamp", err("missing_timestamp"), mg_json(drop=("timestamp",)))
    C("form body without signature", err("missing_field", name="/signature/signature"),
      mg_form(drop=("signature",)))
    C("form body without timestamp", err("missing_timestamp"), mg_form(drop=("timestamp",)))
    C("body that is neither JSON with a signature object nor a form with one",
      err("missing_field", name="/signature/signature"), '{"event-data":{"event":"delivered"}}')
    # signature text
    C("signature not hex", err("invalid_signature_encoding"), mg_json(sig="zz" + MG_SIG[2:]))
    C("odd-length hex signature", err("invalid_signature_encoding"), mg_json(sig=MG_SIG[:-1]))
    C("truncated signature", err("no_matching_signature", candidates=1), mg_json(sig=MG_SIG[:32]))
    C("wrong signing key", err("no_matching_signature", candidates=1), mg_json(), secrets=["key-wrong"])
    C("key rotation: second key matches", ok(key_index=1, id=MG_TOKEN), mg_json(), secrets=["key-old", MG_KEY, "key-x"])
    C("empty signing key", err("empty_secret"), mg_json(), secrets=[""])
    C("signing key with whitespace", err("secret_whitespace"), mg_json(), secrets=[MG_KEY + " "])
    C("no keys configured", err("no_secrets"), mg_json(), secrets=[])
    C("expired and forged", err("no_matching_signature", candidates=1),
      mg_json(ts=str(now - 100000), sig=hmac256("key-wrong", str(now - 100000) + MG_TOKEN).hex()))
    for label, txt in [("non-numeric", "abc"), ("negative", "-1"), ("decimal", f"{now}.0"),
                       ("huge", "99999999999999999999")]:
        C(f"{label} timestamp {txt!r} (validly signed)", err("invalid_timestamp"),
          mg_json(ts=txt, sig=hmac256(MG_KEY, txt + MG_TOKEN).hex()))
    C("token containing non-ASCII", ok(key_index=0, id="t\u00f6ken-\u2603"),
      mg_json(token="t\u00f6ken-\u2603", sig=hmac256(MG_KEY, MG_TS + "t\u00f6ken-\u2603").hex()))
    emit("mailgun", [MG_SRC, "mailgun/mailgun-php:src/Api/Webhook.php (verifyWebhookSignature: rules)", DERIVED], cases)


gen_mailgun()


# =========================================================================== providers (issue 14)
# Each provider of tools/providers.py is a signing table entry plus its request defaults and its
# official vectors; one generic generator turns it into a file. Official vectors are recomputed
# and the generator aborts when one does not reproduce.
import providers as PROVIDERS_MODULE  # noqa: E402  (tools/ is on sys.path when run as a script)


def provider_dedupe(p, body, headers):
    """The dedupe key hookgate reports for this provider's request (see tests/vectors/README.md)."""
    lower = {k.lower(): v for k, v in headers.items()}
    for src in p.get("dedupe", []):
        kind, name = src[0], src[1] if len(src) > 1 else None
        v = None
        if kind == "header":
            v = lower.get(name)
        elif kind == "json":
            v = json_ptr(body, *name.split("/"))
        elif kind == "id":
            v = lower.get(p["sc"]["idh"])
        if v is not None:
            return v
    return body_hash(body)


def provider_ok(p, B, body=None, headers=None, ts=None, key_index=0):
    body = B.body if body is None else body
    headers = B.valid_headers() if headers is None else headers
    fields = dict(key_index=key_index, dedupe_key=provider_dedupe(p, body, headers))
    idh = p["sc"].get("idh")
    if idh:
        fields["id"] = {k.lower(): v for k, v in headers.items()}[idh]
    t = B.ts if ts is None else ts
    if t is not None and p["sc"]["ts"]:
        ms = ts_ms(p["sc"]["ts"]["unit"], t)
        if ms % 1000 == 0:  # whole seconds only: JS reports milliseconds / 1000
            fields["timestamp"] = ms // 1000
    return fields


def gen_provider(p):
    sid = p["id"]
    sc = SCHEMES[sid] = p["sc"]
    unit_ms = bool(sc["ts"]) and sc["ts"]["unit"] != "s"
    derived = p.get("derived_source", DERIVED)
    base = dict(secret=p["secret"], body=p["body"], ts=p.get("ts"), id=p.get("msg_id"), url=p.get("url"),
                method=p.get("method"), extra_headers=p.get("extra_headers"), header_names=p.get("names"),
                priv=p.get("priv"))
    now = p.get("now", 1700000000)
    B = Builder(sid, now=None if unit_ms else now, now_ms=now if unit_ms else None, source=derived, **base)
    cases = []
    for o in p.get("official", []):
        kw = dict(base)
        kw.update({k: o[k] for k in ("secret", "body", "ts", "url", "method", "priv") if k in o})
        if "msg_id" in o:
            kw["id"] = o["msg_id"]
        if "extra_headers" in o:
            kw["extra_headers"] = o["extra_headers"]
        onow = o.get("now", ts_ms(sc["ts"]["unit"], o["ts"]) // (1 if unit_ms else 1000) if "ts" in o else now)
        Bo = Builder(sid, now=None if unit_ms else onow, now_ms=onow if unit_ms else None, source=o["source"], **kw)
        if "sig" in o and o.get("recompute", True):
            must_equal(f"{sid}: {o['name']}", Bo.sig(), o["sig"])
        headers = o["headers"] if "headers" in o else Bo.headers(sig_header(sc, [o["sig"]], ts=Bo.ts))
        expect = o.get("expect") or ok(**provider_ok(p, Bo, headers=headers))
        extra = {k: o[k] for k in ("tolerance_s", "tolerance", "dangerous_skip_timestamp_check", "policy_dependent",
                                   "secrets") if k in o}
        cases.append(Bo.case(o["name"], expect, headers=headers, **extra))
    okf = provider_ok(p, B)
    if not p.get("official"):
        cases.append(B.case("derived baseline", ok(**okf)))
    if p.get("extra_cases"):
        cases += p["extra_cases"](B, okf, dict(ok=ok, err=err, hmac256=hmac256, hmac1=hmac1, b64=b64,
                                                provider_ok=lambda **kw: provider_ok(p, B, **kw)))
    non = {k: v for k, v in provider_ok(p, B, body=NON_UTF8, headers=B.valid_headers(body=NON_UTF8)).items()
           if k != "timestamp"}
    cases += common_cases(B, okf, derived_src=derived, wrong_secret=p.get("wrong_secret", "wrong-secret"),
                          rotation_wrong=p.get("rotation_wrong", ["old-secret-1", "old-secret-2"]),
                          decoy_secrets=p.get("decoy_secrets", ["decoy-1", "decoy-2", "decoy-3"]),
                          nonutf8_ok_fields=non, skip=p.get("skip", ()),
                          empty_prefix_secret=p.get("empty_prefix_secret", False),
                          wrong_priv=p.get("wrong_priv"))
    emit(sid, p["sources"] + [derived], cases)


for _p in PROVIDERS_MODULE.PROVIDERS:
    gen_provider(_p)


# =========================================================================== write
EXPECTED = set(SCHEMES) | {"twilio", "mailgun"}


def main():
    missing = EXPECTED - set(FILES)
    if missing:
        sys.exit(f"no file generated for {missing}")
    for scheme, data in sorted(FILES.items()):
        path = os.path.join(OUT, f"{scheme}.json")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(f"{scheme:22s} {len(data['cases']):3d} cases -> {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
