"""The providers added by issue 14, as data for gen.py.

Each entry: `id`; `sc`, the signing-side table entry (the same keys as gen.py's SCHEMES);
the default request (`secret`, `body`, `now`, `ts`, `msg_id`, `extra_headers`, `names` for the
providers' header spelling); `dedupe`, where hookgate's dedupe key comes from (tried in order,
else the body hash); `official`, vectors copied from the provider's SDK tests or docs (each is
recomputed by gen.py, which aborts when one does not reproduce); `sources`, where the rules
come from. Everything not official is derived by gen.py and labelled so.

Official data is quoted from these repository snapshots (owner/repo@commit):
openai/openai-node@60323767, replicate/replicate-javascript@2fd6f39, razorpay/razorpay-node@021f559,
gocardless/gocardless-pro-python@42d0c8d, Modern-Treasury/modern-treasury-node@008af46,
coinbase/coinbase-commerce-node@003e019, pusher/pusher-http-node@7492d8d,
line/line-bot-sdk-nodejs@3c0a10c7, smartcar/node-sdk@60fa154,
Worldline-Global-Collect/connect-sdk-nodejs@acea45e, sanity-io/webhook-toolkit@649f5ad,
RetellAI/retell-typescript-sdk@b274013, muxinc/mux-node-sdk@4fdc0154^.
"""
import base64
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519


def _b64(x):
    return base64.b64encode(x).decode()


def S(**kw):
    kw.setdefault("ts", None)
    return kw


def TS(header=None, unit="s", tol=300, dir="both"):
    """A timestamp: in a header, or (header None) an entry of the signature header."""
    if header:
        return dict(src="header", header=header, unit=unit, tol=tol, dir=dir)
    return dict(src="embedded", unit=unit, tol=tol, dir=dir)


def body_hmac(sig, enc="hex", alg="hmac256", prefix="", key="raw"):
    """The commonest rule: one header holding an HMAC of the raw body."""
    return S(sig=sig, kind="value", prefix=prefix, enc=enc, alg=alg, tpl="{body}", key=key)


def standard(sig="webhook-signature", idh="webhook-id", ts="webhook-timestamp", alg="sw"):
    """The Standard Webhooks wire format (Svix headers when sig is svix-signature)."""
    return S(sig=sig, idh=idh, kind="list", sep=" ", assign=",", tag="v1", enc="b64", alg=alg,
             tpl="{id}.{ts}.{body}", ts=TS(ts))


def ed_key(label):
    priv = ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())
    pub = priv.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return priv, pub


SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SW_TS = "1614265330"
SW_BODY = '{"test": 2432232314}'
SW_SIG = "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
SW_NAMES = {"webhook-signature": "webhook-signature", "webhook-id": "webhook-id",
            "webhook-timestamp": "webhook-timestamp"}
SW_COMMON = dict(wrong_secret="whsec_" + _b64(b"another secret of 24 bytes"),
                 rotation_wrong=["whsec_" + _b64(b"rotated-out key number one!"),
                                 "whsec_" + _b64(b"rotated-out key number two!")],
                 decoy_secrets=["whsec_" + _b64(bytes([i]) * 32) for i in (1, 2, 3)],
                 empty_prefix_secret=True)


def sw_provider(pid, sources, *, official=(), secret=SW_SECRET, msg_id="msg_2LJLovyFZsYqUR6bXg3yPqgVF0S",
                body='{"type":"ping","data":{"ok":true}}', ts="1700000000", sig="webhook-signature",
                idh="webhook-id", tsh="webhook-timestamp", names=None):
    return dict(id=pid, sc=standard(sig, idh, tsh), secret=secret, body=body, ts=ts, now=int(ts), msg_id=msg_id,
                names=names or {sig: sig, idh: idh, tsh: tsh}, dedupe=[("id",)], official=list(official),
                sources=sources, **SW_COMMON)


# --------------------------------------------------------------------------- Standard Webhooks family
OPENAI_SRC = "openai/openai-node:tests/api-resources/webhooks.test.ts"
OPENAI_BODY = ('{"id": "evt_685c059ae3a481909bdc86819b066fb6", "object": "event", "created_at": 1750861210, '
               '"type": "response.completed", "data": {"id": "resp_123"}}')
OPENAI = dict(name="official vector (a real webhook event)", source=OPENAI_SRC,
              secret="whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c=", msg_id="wh_685c059ae39c8190af8c71ed1022a24d",
              ts="1750861210", body=OPENAI_BODY, sig="gUAg4R2hWouRZqRQG4uJypNS8YK885G838+EHb4nKBY=")
REPLICATE_SRC = ("replicate/replicate-javascript:index.test.ts (webhooks.default.secret.get: 'Can be used to validate "
                 "webhook', the Svix test vector)")

PROVIDERS = [
    sw_provider("openai", ["openai/openai-node:src/lib/webhook-signature.ts (verifySignature: rules)", OPENAI_SRC],
                official=[
                    OPENAI,
                    dict(OPENAI, name="official: an invalid v1 entry before the valid one",
                         headers={"webhook-id": OPENAI["msg_id"], "webhook-timestamp": OPENAI["ts"],
                                  "webhook-signature": f"v1,invalid_signature v1,{OPENAI['sig']}"}),
                    dict(OPENAI, name="official: 400 s old (tolerance 300 s)", now=1750861210 + 400,
                         expect={"error": {"code": "timestamp_too_old", "age_s": 400, "tolerance_s": 300}}),
                    dict(OPENAI, name="official: 400 s in the future", now=1750861210 - 400,
                         expect={"error": {"code": "timestamp_in_future", "ahead_s": 400, "tolerance_s": 300}}),
                    dict(OPENAI, name="official: wrong secret", secret="whsec_bm90LXRoZS1jb3JyZWN0LXNlY3JldC1idXQtbG9uZy1lbm91Z2g=",
                         recompute=False, expect={"error": {"code": "no_matching_signature", "candidates": 1}}),
                ]),
    sw_provider("replicate", ["replicate/replicate-javascript:lib/util.js (validateWebhook: rules)", REPLICATE_SRC],
                official=[dict(name="official vector (Webhook-ID/-Timestamp/-Signature)", source=REPLICATE_SRC,
                               secret=SW_SECRET, msg_id=SW_ID, ts=SW_TS, body=SW_BODY, sig=SW_SIG)],
                names={"webhook-signature": "Webhook-Signature", "webhook-id": "Webhook-ID",
                       "webhook-timestamp": "Webhook-Timestamp"}),
    sw_provider("anthropic", ["anthropics/anthropic-sdk-typescript:src/resources/beta/webhooks.ts (standardwebhooks "
                              "Webhook.verify); tests/api-resources/beta/webhooks.test.ts signs at run time with key "
                              "whsec_c2VjcmV0Cg== (inputs reused here)"],
                secret="whsec_c2VjcmV0Cg==", msg_id="1",
                body=('{"id":"whe_0f1e2d3c4b5a69788796a5b4c3d2e1f0","created_at":"2026-03-15T10:00:00Z","data":{"id":'
                      '"sesn_011CZkZAtmR3yMPDzynEDxu7","organization_id":"org_011CZkZZAe0sMna4vkBdtrfx","type":'
                      '"session.status_idled","workspace_id":"wrkspc_011CZkZaBF1tNoB5wlCeusgy"},"type":"event"}')),
    sw_provider("lithic", ["lithic-com/lithic-node:src/resources/webhooks.ts (standardwebhooks Webhook.verify); "
                           "tests/api-resources/webhooks.test.ts signs at run time (secret and id reused here)"],
                secret="whsec_zlFsbBZ8Xcodlpcu6NDTdSzZRLSdhkst", msg_id="msg_2Lh9KRb0pzN4LePd3XiA4v12Axj",
                body='{"card_token":"sit Lorem ipsum","event_type":"card.created"}'),
]


# --------------------------------------------------------------------------- body-only HMAC
def body_provider(pid, sc, names, sources, *, secret, body, official=(), dedupe=(), extra_headers=None, **kw):
    return dict(id=pid, sc=sc, names=names, secret=secret, body=body, official=list(official), dedupe=list(dedupe),
                extra_headers=extra_headers, sources=sources, **kw)


RZP_SRC = "razorpay/razorpay-node:test/utils/razorpay-utils.spec.js"
GC_SRC = "gocardless/gocardless-pro-python:tests/webhooks_test.py (body: tests/fixtures/webhook_body.json, stripped)"
GC_BODY = ('{"events":[{"id":"EV00BD05S5VM2T","created_at":"2018-07-05T09:13:51.404Z","resource_type":"subscriptions",'
           '"action":"created","links":{"subscription":"SB0003JJQ2MR06"},"details":{"origin":"api","cause":'
           '"subscription_created","description":"Subscription created via the API."},"metadata":{}},{"id":'
           '"EV00BD05TB8K63","created_at":"2018-07-05T09:13:56.893Z","resource_type":"mandates","action":"created",'
           '"links":{"mandate":"MD000AMA19XGEC"},"details":{"origin":"api","cause":"mandate_created","description":'
           '"Mandate created via the API."},"metadata":{}}]}')
MT_SRC = "Modern-Treasury/modern-treasury-node:tests/api-resources/webhooks.test.ts"
CC_SRC = "coinbase/coinbase-commerce-node:test/testWebhook.spec.js"
CC_BODY = ('{"id":1,"scheduled_for":"2017-01-31T20:50:02Z","attempt_number":1,"event":{"id":'
           '"24934862-d980-46cb-9402-43c81b0cdba6","type":"charge:created","api_version":"2018-03-22","created_at":'
           '"2017-01-31T20:49:02Z","data":{"code":"66BEOV2A","name":"The Sovereign Individual","description":'
           '"Mastering the Transition to the Information Age","hosted_url":"https://commerce.coinbase.com/charges/66BEOV2A",'
           '"created_at":"2017-01-31T20:49:02Z","expires_at":"2017-01-31T21:04:02Z","timeline":[{"time":'
           '"2017-01-31T20:49:02Z","status":"NEW"}],"metadata":{},"pricing_type":"no_price","payments":[],"addresses":'
           '{"bitcoin":"0000000000000000000000000000000000","ethereum":"0x0000000000000000000000000000000000000000",'
           '"litecoin":"3000000000000000000000000000000000","bitcoincash":'
           '"bitcoincash:000000000000000000000000000000000000000000"}}}}')
PUSHER_SRC = "pusher/pusher-http-node:tests/integration/webhook.js"
PUSHER_BODY = '{"time_ms":1403175510755,"events":[{"channel":"test_channel","name":"channel_vacated"}]}'
LINE_SRC = "line/line-bot-sdk-nodejs:test/validate-signature.spec.ts"
SMARTCAR_SRC = "smartcar/node-sdk:test/unit/index.js"
WL_SRC = "Worldline-Global-Collect/connect-sdk-nodejs:__tests__/unit/webhooks/webhooks.test.ts"
WL_BODY = """{
  "apiVersion": "v1",
  "id": "8ee793f6-4553-4749-85dc-f2ef095c5ab0",
  "created": "2017-02-02T11:24:14.040+0100",
  "merchantId": "20000",
  "type": "payment.paid",
  "payment": {
    "id": "00000200000143570012",
    "paymentOutput": {
      "amountOfMoney": {
        "amount": 1000,
        "currencyCode": "EUR"
      },
      "references": {
        "paymentReference": "200001681810"
      },
      "paymentMethod": "bankTransfer",
      "bankTransferPaymentMethodSpecificOutput": {
        "paymentProductId": 11
      }
    },
    "status": "PAID",
    "statusOutput": {
      "isCancellable": false,
      "statusCategory": "COMPLETED",
      "statusCode": 1000,
      "statusCodeChangeDateTime": "20170202112414",
      "isAuthorized": true
    }
  }
}"""

PROVIDERS += [
    body_provider("razorpay", body_hmac("x-razorpay-signature"), {"x-razorpay-signature": "X-Razorpay-Signature"},
                  ["razorpay/razorpay-node:lib/utils/razorpay-utils.js (validateWebhookSignature: rules)", RZP_SRC],
                  secret="hookgate-razorpay-secret",
                  body='{"entity":"event","account_id":"acc_BFQ7uQEaa7j2z7","event":"payment.captured","contains":["payment"]}',
                  extra_headers={"x-razorpay-event-id": "HuKC4SMpFXX0hP"}, dedupe=[("header", "x-razorpay-event-id")],
                  official=[dict(name="official validateWebhookSignature vector", source=RZP_SRC, secret="123456",
                                 body='{"a":1,"b":2,"c":{"d":3}}',
                                 sig="2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc"),
                            dict(name="official wrong signature 'sdfafds' (not hex)", source=RZP_SRC, secret="123456",
                                 body='{"a":1,"b":2,"c":{"d":3}}', sig="sdfafds", recompute=False,
                                 expect={"error": {"code": "invalid_signature_encoding", "name": "x-razorpay-signature"}})]),
    body_provider("gocardless", body_hmac("webhook-signature"), {"webhook-signature": "Webhook-Signature"},
                  ["gocardless/gocardless-pro-python:gocardless_pro/webhooks.py (rules)", GC_SRC],
                  secret="ED7D658C-D8EB-4941-948B-3973214F2D49", body=GC_BODY,
                  official=[dict(name="official test_it_parses_the_body vector", source=GC_SRC,
                                 sig="2693754819d3e32d7e8fcb13c729631f316c6de8dc1cf634d6527f1c07276e7e"),
                            dict(name="official: wrong key 'anotherkey'", source=GC_SRC, secret="anotherkey",
                                 sig="2693754819d3e32d7e8fcb13c729631f316c6de8dc1cf634d6527f1c07276e7e", recompute=False,
                                 expect={"error": {"code": "no_matching_signature", "candidates": 1}})]),
    body_provider("modern_treasury", body_hmac("x-signature"), {"x-signature": "X-Signature"},
                  ["Modern-Treasury/modern-treasury-node:src/resources/webhooks.ts (getSignature/validateSignature: rules)",
                   MT_SRC],
                  secret="hookgate-modern-treasury-key", body='{"event":"created","data":{"id":"b2b6b5a8"}}',
                  official=[dict(name=f"official getSignature vector {i + 1}", source=MT_SRC, secret="foo", body=bd,
                                 sig=sg) for i, (bd, sg) in enumerate([
                                     ("foo", "08ba357e274f528065766c770a639abf6809b39ccfd37c2a3157c7f51954da0a"),
                                     ('{"foo":"bar"}', "57e14f6f354543f0101fb06ea24df7731d90087b76651e3497345e22a3622940"),
                                     ('{"foo":"bar","bar":"baz","a": true}',
                                      "ec1c86d16075e6937fc26d55b7dc60bac9b1178a2f714312f7c5cb13a319b0ac"),
                                     ('{"a":{"b":{"c":{"d":[null,1,true,false,["foo",{"bar":[true, false]}]]}}}}',
                                      "39b6fc0f5b02a5aefbdd7fb337245b4209036334e837d8c5b6a4092965ebc0a5")])]
                  + [dict(name="official client-level webhook key vector", source=MT_SRC, secret="hello, world",
                          body='{"foo":"bar"}', sig="07e118b4a9818c9242baf9009e76a78c29aeb015da93f600d514b77185247069"),
                     dict(name="official: modified payload", source=MT_SRC, secret="foo", body='{"foo":"bar"}foo',
                          sig="57e14f6f354543f0101fb06ea24df7731d90087b76651e3497345e22a3622940", recompute=False,
                          expect={"error": {"code": "no_matching_signature", "candidates": 1}}),
                     dict(name="official: signature 'hello' (not hex)", source=MT_SRC, secret="foo",
                          body='{"foo":"bar"}', sig="hello", recompute=False,
                          expect={"error": {"code": "invalid_signature_encoding", "name": "x-signature"}})]),
    body_provider("coinbase_commerce", body_hmac("x-cc-webhook-signature"),
                  {"x-cc-webhook-signature": "X-CC-Webhook-Signature"},
                  ["coinbase/coinbase-commerce-node:lib/Webhook.js (verifySigHeader: rules; repository archived)", CC_SRC],
                  secret="30291a20-0bd1-4267-9b0f-e6e7b123c0bf", body=CC_BODY, dedupe=[("json", "event/id")],
                  official=[dict(name="official: should successfully verify signature", source=CC_SRC,
                                 sig="8be7742c7d372f08a6a3224edadf18a22b65fa9e28f3f2de97376cdaa092590d"),
                            dict(name="official: invalid secret key", source=CC_SRC,
                                 secret="30291a20-0bd1-4267-9b0f-e6e7b123c0bg", recompute=False,
                                 sig="8be7742c7d372f08a6a3224edadf18a22b65fa9e28f3f2de97376cdaa092590d",
                                 expect={"error": {"code": "no_matching_signature", "candidates": 1}})]),
    body_provider("pusher", body_hmac("x-pusher-signature"),
                  {"x-pusher-signature": "X-Pusher-Signature"},
                  ["pusher/pusher-http-node:lib/webhook.js, lib/token.js (rules: X-Pusher-Key names the app key, "
                   "X-Pusher-Signature is hex HMAC-SHA256 of the body with its secret)", PUSHER_SRC],
                  secret="tofu", body=PUSHER_BODY, extra_headers={"X-Pusher-Key": "123456789"},
                  official=[dict(name="official: webhook with correct signature", source=PUSHER_SRC,
                                 sig="c17257e92037cd7de407ebc1ed174ceb7b2e518db127f44411b9ffc4f5b28cc5"),
                            dict(name="official: incorrect signature '000' (odd-length hex)", source=PUSHER_SRC,
                                 sig="000", recompute=False,
                                 expect={"error": {"code": "invalid_signature_encoding", "name": "x-pusher-signature"}})]),
    body_provider("line", body_hmac("x-line-signature", enc="b64"), {"x-line-signature": "x-line-signature"},
                  ["line/line-bot-sdk-nodejs:lib/validate-signature.ts (rules)", LINE_SRC],
                  secret="test_secret", body='{"hello":"world"}',
                  official=[dict(name="official: success", source=LINE_SRC,
                                 sig="t7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM="),
                            dict(name="official: failure (two letters changed case)", source=LINE_SRC,
                                 sig="t7Hn4ZDHqs6e+wdvi5TyQivzie0DmMUmuXEBqyyE/tM=", recompute=False,
                                 expect={"error": {"code": "no_matching_signature", "candidates": 1}})]),
    body_provider("smartcar", body_hmac("sc-signature"), {"sc-signature": "SC-Signature"},
                  ["smartcar/node-sdk:index.js (verifyPayload/hashChallenge: rules; verifyPayload re-serialises the "
                   "parsed body, hookgate signs the raw bytes)", SMARTCAR_SRC],
                  secret="amt", body='{"pizza":"pasta"}', dedupe=[("json", "eventId")],
                  official=[dict(name="official verifyPayload vector (JSON.stringify({pizza:'pasta'}))",
                                 source=SMARTCAR_SRC,
                                 sig="4c05a8da471f05156ad717baa4017acd13a3a809850b9ca7d3301dcaaa854f70")]),
    body_provider("worldline", body_hmac("x-gcs-signature", enc="b64"), {"x-gcs-signature": "X-GCS-Signature"},
                  ["Worldline-Global-Collect/connect-sdk-nodejs:src/webhooks/validation.ts (rules: X-GCS-KeyId "
                   "names the secret key, X-GCS-Signature is base64 HMAC-SHA256 of the body)", WL_SRC],
                  secret="hello+world", body=WL_BODY, extra_headers={"X-GCS-KeyId": "dummy-key-id"},
                  dedupe=[("json", "id")],
                  official=[dict(name="official: from string", source=WL_SRC,
                                 sig="2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk="),
                            dict(name="official: invalid body (created one minute later)", source=WL_SRC,
                                 body=WL_BODY.replace("11:24:14.040", "11:25:14.040").replace("20170202112414", "20170202112514"),
                                 sig="2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=", recompute=False,
                                 expect={"error": {"code": "no_matching_signature", "candidates": 1}})]),
]


# --------------------------------------------------------------------------- timestamped HMAC
def list_sig(sig, *, tag, ts_tag, tpl, sep=",", assign="=", enc="hex", alg="hmac256", unit="s", tol=300, dir="both"):
    return S(sig=sig, kind="list", sep=sep, assign=assign, tag=tag, ts_tag=ts_tag, enc=enc, alg=alg, tpl=tpl,
             ts=TS(None, unit, tol, dir))


MUX_SRC = "muxinc/mux-node-sdk@4fdc0154^:tests/api-resources/webhooks.test.ts"
SANITY_SRC = "sanity-io/webhook-toolkit:test/signature.test.ts"
RETELL_SRC = "RetellAI/retell-typescript-sdk:tests/webhook-auth.test.ts"
TELNYX_PRIV, TELNYX_PUB = ed_key("hookgate telnyx test key v1")
TELNYX_PRIV2, TELNYX_PUB2 = ed_key("hookgate telnyx test key v2 (other)")
_, TELNYX_PUB3 = ed_key("hookgate telnyx test key v3")


PROVIDERS += [
    dict(id="mux", sc=list_sig("mux-signature", tag="v1", ts_tag="t", tpl="{ts}.{body}", dir="past"),
         names={"mux-signature": "mux-signature"}, secret="SuperSecret123", body='{"test":"body"}', ts="1565125718",
         now=1565125718, dedupe=[("json", "id")],
         sources=["muxinc/mux-node-sdk:src/resources/webhooks/webhooks.ts (verifySignature: rules, 300 s past only)",
                  MUX_SRC],
         official=[dict(name="official: valid signature", source=MUX_SRC,
                        sig="854ece4c22acef7c66b57d4e504153bc512595e8e9c772ece2a68150548c19a7"),
                   dict(name="official: unwrap_times payload", source=MUX_SRC,
                        body='{"test":{"nested":{"nanos":718234, "seconds":1691711005}}}',
                        sig="bd315c24bce1c2b8ad325696f26530c8ef7d7d830afb7c1381903705d04607be"),
                   dict(name="official: 6 minutes later", source=MUX_SRC, now=1565125718 + 360,
                        sig="854ece4c22acef7c66b57d4e504153bc512595e8e9c772ece2a68150548c19a7",
                        expect={"error": {"code": "timestamp_too_old", "age_s": 360, "tolerance_s": 300}}),
                   dict(name="official: multiple signatures, first invalid", source=MUX_SRC,
                        headers={"mux-signature": "t=1565125718,v1=invalid-sig,v1="
                                 "854ece4c22acef7c66b57d4e504153bc512595e8e9c772ece2a68150548c19a7"},
                        sig="854ece4c22acef7c66b57d4e504153bc512595e8e9c772ece2a68150548c19a7"),
                   dict(name="official: a v2 signature only", source=MUX_SRC, recompute=False,
                        headers={"mux-signature": "t=1565125718,v2="
                                 "854ece4c22acef7c66b57d4e504153bc512595e8e9c772ece2a68150548c19a7"},
                        expect={"error": {"code": "missing_signature", "name": "mux-signature"}})]),
    dict(id="elevenlabs", sc=list_sig("elevenlabs-signature", tag="v0", ts_tag="t", tpl="{ts}.{body}", tol=1800,
                                      dir="past"),
         names={"elevenlabs-signature": "ElevenLabs-Signature"}, secret="webhook_secret",
         body='{"eventType":"test_event","data":{"id":"123"}}', ts="1700000000", now=1700000000,
         sources=["elevenlabs/elevenlabs-js:src/wrapper/webhooks.ts (constructEvent: rules, 30 minutes past only; "
                  "tests/custom/client.test.ts signs at run time, its payload and secret are reused here)"]),
    dict(id="workos", sc=list_sig("workos-signature", tag="v1", ts_tag="t", tpl="{ts}.{body}", unit="ms", tol=180,
                                  dir="past"),
         names={"workos-signature": "WorkOS-Signature"}, secret="secret",
         body='{"id":"wh_123","event":"dsync.user.created","data":{"id":"directory_user_01FAEAJCR3ZBZ30D8BD1924TVG"}}',
         ts="1700000000000", now=1700000000000, dedupe=[("json", "id")],
         sources=["workos/workos-node:src/common/crypto/signature-provider.ts (verifyHeader: 't=<ms>, v1=<hex>', "
                  "HMAC-SHA256 of '{t}.{body}', 180 s past only; its specs sign at run time)"]),
    dict(id="sanity", sc=list_sig("sanity-webhook-signature", tag="v1", ts_tag="t", tpl="{ts}.{body}", enc="b64url",
                                  unit="ms", tol=None, dir="none"),
         names={"sanity-webhook-signature": "sanity-webhook-signature"}, secret="test", body='{"_id":"resume"}',
         ts="1633519811129", now=1633519811129, extra_headers={"idempotency-key": "evt-a1b2c3"},
         dedupe=[("header", "idempotency-key")],
         sources=["sanity-io/webhook-toolkit:src/signature.ts (rules: 't=<ms>,v1=<base64url, unpadded>' over "
                  "'{t}.{body}'; no age check)", SANITY_SRC],
         official=[dict(name="official: returns true on valid signatures", source=SANITY_SRC,
                        sig="tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N0"),
                   dict(name="official: returns false on invalid signatures (timestamp)", source=SANITY_SRC,
                        recompute=False,
                        headers={"sanity-webhook-signature": "t=1633519811128,v1=tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N0",
                                 "idempotency-key": "evt-a1b2c3"},
                        expect={"error": {"code": "no_matching_signature", "candidates": 1}}),
                   dict(name="official: returns false on invalid signatures (hash: non-canonical last character)",
                        source=SANITY_SRC, recompute=False,
                        headers={"sanity-webhook-signature": "t=1633519811129,v1=tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N1",
                                 "idempotency-key": "evt-a1b2c3"},
                        expect={"error": {"code": "invalid_signature_encoding", "name": "sanity-webhook-signature"}}),
                   dict(name="official: returns false on invalid signatures (payload)", source=SANITY_SRC,
                        body='{"_id":"structure"}', recompute=False,
                        headers={"sanity-webhook-signature": "t=1633519811129,v1=tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N0",
                                 "idempotency-key": "evt-a1b2c3"},
                        expect={"error": {"code": "no_matching_signature", "candidates": 1}}),
                   dict(name="official: returns false on invalid signature (v5)", source=SANITY_SRC,
                        recompute=False,
                        headers={"sanity-webhook-signature": "t=1633519811129,v5=tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N0",
                                 "idempotency-key": "evt-a1b2c3"},
                        expect={"error": {"code": "missing_signature", "name": "sanity-webhook-signature"}})]),
    dict(id="retell", sc=list_sig("x-retell-signature", tag="d", ts_tag="v", tpl="{body}{ts}", unit="ms", tol=300),
         names={"x-retell-signature": "x-retell-signature"}, secret="test-api-key", body='{"event":"call_ended"}',
         ts="1700000000000", now=1700000000000,
         sources=["RetellAI/retell-typescript-sdk:src/lib/webhook_auth.ts (rules: 'v=<ms>,d=<hex>' over body then "
                  "timestamp, 5 minutes either way)", RETELL_SRC],
         official=[dict(name="official: signs with HMAC-SHA256 using the documented signature format",
                        source=RETELL_SRC, sig="07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e"),
                   dict(name="official: tampered body (a trailing space)", source=RETELL_SRC,
                        body='{"event":"call_ended"} ', recompute=False,
                        headers={"x-retell-signature": "v=1700000000000,d="
                                 "07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e"},
                        expect={"error": {"code": "no_matching_signature", "candidates": 1}}),
                   dict(name="official: 5 minutes later passes", source=RETELL_SRC, now=1700000000000 + 300000,
                        sig="07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e"),
                   dict(name="official: 5 minutes and 1 ms later fails", source=RETELL_SRC, now=1700000000000 + 300001,
                        sig="07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e",
                        expect={"error": {"code": "timestamp_too_old", "age_s": 301, "tolerance_s": 300}}),
                   dict(name="official: d before v (hookgate reads entries in any order)", source=RETELL_SRC,
                        recompute=False,
                        headers={"x-retell-signature": "d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e"
                                 ",v=1700000000000"},
                        policy_dependent="the SDK's regex requires v= first and rejects this; hookgate reads list entries in any order",
                        expect={"ok": {"key_index": 0, "timestamp": 1700000000}})]),
    dict(id="telnyx", sc=S(sig="telnyx-signature-ed25519", kind="value", prefix="", enc="b64", alg="ed25519",
                           tpl="{ts}|{body}", ts=TS("telnyx-timestamp")),
         names={"telnyx-signature-ed25519": "telnyx-signature-ed25519", "telnyx-timestamp": "telnyx-timestamp"},
         secret=_b64(TELNYX_PUB), priv=TELNYX_PRIV, body='{"data":{"event_type":"message.received","id":'
                                                         '"b0d1b9c4-4fa2-4bd1-9e4a-6c3d0c2ef3f4"}}',
         ts="1700000000", now=1700000000, dedupe=[("json", "data/id")],
         wrong_secret=_b64(TELNYX_PUB2), rotation_wrong=[_b64(TELNYX_PUB2), _b64(TELNYX_PUB3)], wrong_priv=TELNYX_PRIV2,
         derived_source="derived: cryptography Ed25519, fixed seed sha256('hookgate telnyx test key v1')",
         sources=["team-telnyx/telnyx-node:src/lib/webhooks.ts (rules: base64 Ed25519 signature of "
                  "'{telnyx-timestamp}|{body}', base64 32-byte public key, 300 s either way; its tests generate keys)"]),
]


# =========================================================================== batch 2
def svix_provider(pid, sources, **kw):
    """A sender on Svix: svix-* headers (hookgate falls back to webhook-* as Svix's libraries do)."""
    return sw_provider(pid, sources, sig="svix-signature", idh="svix-id", tsh="svix-timestamp", **kw)


SVIX_INGEST = ("svix/svix-webhooks:codegen/lib-openapi.json (IngestSourceIn: Svix Ingest lists this sender with "
               "SvixConfig, i.e. it sends Svix-signed webhooks)")
for _pid in ("beehiiv", "brex", "clerk", "guesty", "incident_io", "nash", "pleo", "psi_fi", "render", "safebase",
             "sardine", "stytch"):
    PROVIDERS.append(svix_provider(_pid, [SVIX_INGEST]))
PROVIDERS += [
    svix_provider("resend", ["resend/resend-node:src/webhooks/webhooks.ts (standardwebhooks Webhook.verify over the "
                             "svix-id/-timestamp/-signature headers)", SVIX_INGEST]),
    sw_provider("dodo_payments", ["dodopayments/dodopayments-typescript:src/resources/webhooks/webhooks.ts "
                                  "(standardwebhooks); tests/api-resources/webhooks/webhooks.test.ts signs at run time "
                                  "with key whsec_c2VjcmV0Cg== (reused here)"], secret="whsec_c2VjcmV0Cg=="),
]

POLAR_SECRET = "polar_whs_ovyN6cPlz1vvEehfAwGLyqEm0Xt2c4HRoX5GDRrNLcv"
POLAR_KEY_DECODED = base64.b64decode("ovyN6cPlz1vvEehfAwGLyqEm0Xt2c4HRoX5GDRrNLcv=")
FINCH_SRC = "Finch-API/finch-api-node:tests/api-resources/webhooks.test.ts"
PROVIDERS += [
    dict(id="polar", sc=S(sig="webhook-signature", idh="webhook-id", kind="list", sep=" ", assign=",", tag="v1",
                          enc="b64", alg="hmac256", tpl="{id}.{ts}.{body}", ts=TS("webhook-timestamp")),
         names=SW_NAMES, secret=POLAR_SECRET, body='{"type":"order.paid","data":{"id":"b1a8a3c2"}}', ts="1700000000",
         now=1700000000, msg_id="msg_2Nn2Ew0IMKAZwkQv2TEJ0B3Uv6T", dedupe=[("id",)],
         sources=["polarsource/polar-js:src/webhooks.ts (validateEvent: base64-encodes the UTF-8 secret before "
                  "standardwebhooks decodes it, so the HMAC key is the secret's own bytes)"],
         extra_cases=lambda B, okf, t: [
             B.case("the secret base64-decoded (the plain Standard Webhooks reading) does not verify",
                    t["err"]("no_matching_signature", candidates=1),
                    headers=B.headers("v1," + t["b64"](t["hmac256"](POLAR_KEY_DECODED, f"{B.msg_id}.{B.ts}.{B.body}"))))]),
    dict(id="finch", sc=S(sig="finch-signature", idh="finch-event-id", kind="list", sep=" ", assign=",", tag="v1",
                          enc="b64", alg="hmac256", key="b64", tpl="{id}.{ts}.{body}", ts=TS("finch-timestamp")),
         names={"finch-signature": "finch-signature", "finch-event-id": "Finch-Event-Id",
                "finch-timestamp": "finch-timestamp"},
         secret="5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH", body='{"company_id":"720be419-0293-4d32-a707-32179b0827ab"}',
         ts="1676312382", now=1676312382, msg_id="msg_2Lh9KRb0pzN4LePd3XiA4v12Axj", dedupe=[("id",)],
         wrong_secret=_b64(b"another secret of 24 bytes"), rotation_wrong=[_b64(b"rotated-out key one"), _b64(b"rotated-out key two")],
         decoy_secrets=[_b64(bytes([i]) * 24) for i in (1, 2, 3)],
         sources=["Finch-API/finch-api-node:src/resources/webhooks.ts (verifySignature: rules; the secret is base64)",
                  FINCH_SRC],
         official=[dict(name="official: valid signature", source=FINCH_SRC,
                        sig="m7y0TV2C+hlHxU42wCieApTSTaA8/047OAplBqxIV/s="),
                   dict(name="official: 6 minutes later", source=FINCH_SRC, now=1676312382 + 360,
                        sig="m7y0TV2C+hlHxU42wCieApTSTaA8/047OAplBqxIV/s=",
                        expect={"error": {"code": "timestamp_too_old", "age_s": 360, "tolerance_s": 300}}),
                   dict(name="official: 6 minutes earlier", source=FINCH_SRC, now=1676312382 - 360,
                        sig="m7y0TV2C+hlHxU42wCieApTSTaA8/047OAplBqxIV/s=",
                        expect={"error": {"code": "timestamp_in_future", "ahead_s": 360, "tolerance_s": 300}})]),
    dict(id="supabase", sc=S(sig="webhook-signature", idh="webhook-id", kind="list", sep=" ", assign=",", tag="v1",
                             enc="b64", alg="hmac256", key="b64", key_prefix="v1,whsec_", tpl="{id}.{ts}.{body}",
                             ts=TS("webhook-timestamp")),
         names=SW_NAMES, secret="v1,whsec_" + _b64(b"supabase auth hook secret 32byte"),
         body='{"user_id":"4d47f3f2-62c5-4f2c-9e7b-2d5a1f4f6b8e","claims":{"role":"authenticated"}}',
         ts="1700000000", now=1700000000, msg_id="msg_2Np0fY3q5ZcW0uVvOq3oQ1d6Ebn", dedupe=[("id",)],
         wrong_secret="v1,whsec_" + _b64(b"another secret of 24 bytes"),
         rotation_wrong=["v1,whsec_" + _b64(b"rotated-out key number one!"), "v1,whsec_" + _b64(b"rotated-out key number two!")],
         decoy_secrets=["v1,whsec_" + _b64(bytes([i]) * 32) for i in (1, 2, 3)],
         sources=["supabase/auth:internal/hooks/hookshttp/hookshttp.go, internal/conf/configuration.go (Auth Hooks "
                  "send Standard Webhooks; the secret is configured as v1,whsec_<base64>)"]),
]


CIRCLE_SRC = "circleci/circleci-docs:docs/guides/modules/integration/pages/outbound-webhooks.adoc"
ONFIDO_CLASSIC = ('{"payload":{"resource_type":"check","action":"check.completed","object":{"id":"check-123","status":'
                  '"complete","completed_at_iso8601":"2020-01-01T00:00:00Z","href":"https://api.onfido.com/v3/checks/check-123"}}}')
ONFIDO_STUDIO = ('{"payload":{"resource_type":"workflow_task","action":"workflow_task.started","object":{"id":'
                 '"profile_1eb92","task_spec_id":"profile_1eb92","task_def_id":"profile_data","workflow_run_id":'
                 '"bc77c6e5-753a-4580-96a6-aaed3e5a8d19","status":"started","started_at_iso8601":"2024-07-10T12:49:09Z",'
                 '"href":"https://api.eu.onfido.com/v3.6/workflow_runs/bc77c6e5-753a-4580-96a6-aaed3e5a8d19/tasks/profile_1eb92"},'
                 '"resource":{"created_at":"2024-07-10T12:49:09Z","id":"profile_1eb92","workflow_run_id":'
                 '"bc77c6e5-753a-4580-96a6-aaed3e5a8d19","updated_at":"2024-07-10T12:49:09Z","input":{},"task_def_version":'
                 'null,"task_def_id":"profile_data","output":null}}}')
ONFIDO_SRC = "onfido/onfido-node:test/classic-webhook-event-verifier.test.ts"
ADYEN_SRC = ("Adyen/adyen-node-api-library:src/__tests__/hmacValidator.spec.ts (body: "
             "src/__mocks__/notification/accountHolderCreated.json, copied to tools/fixtures/)")
with open(__import__("os").path.join(__import__("os").path.dirname(__file__), "fixtures",
                                     "adyen_accountHolderCreated.json"), encoding="utf-8", newline="") as _f:
    ADYEN_BODY = _f.read()
ADYEN_KEY = "11223344D785FBAE710E7F943F307971BB61B21281C98C9129B3D4018A57B2EB"
META_SRC = ("developers.facebook.com/docs/graph-api/webhooks/getting-started (Event Notifications: X-Hub-Signature-256, "
            "sha256= followed by the hex HMAC-SHA256 of the payload with the App Secret)")
META_BODY = ('{"object":"%s","entry":[{"id":"102290129340398","time":1700000000,"changes":[{"field":"messages",'
             '"value":{"messaging_product":"whatsapp","messages":[{"id":"wamid.HBgLMTU1NTAxMjM0NTY","text":{"body":"h\\u00e9llo"}}]}}]}]}')


def meta(pid, obj):
    return body_provider(pid, body_hmac("x-hub-signature-256", prefix="sha256="),
                         {"x-hub-signature-256": "X-Hub-Signature-256"}, [META_SRC],
                         secret="hookgate-meta-app-secret", body=META_BODY % obj)


PROVIDERS += [
    body_provider("circleci", S(sig="circleci-signature", kind="list", sep=",", assign="=", tag="v1", enc="hex",
                                alg="hmac256", tpl="{body}"), {"circleci-signature": "circleci-signature"},
                  [CIRCLE_SRC + " (rules and the table of example signatures)"],
                  secret="hookgate-circleci-secret", body='{"id":"3888f21b-eaa7-38e3-8f3d-75a63bba8895","type":"workflow-completed"}',
                  dedupe=[("json", "id")], extra_headers={"circleci-event-type": "workflow-completed"},
                  official=[dict(name=f"official docs example {bd!r} / {sk!r}", source=CIRCLE_SRC, secret=sk, body=bd,
                                 sig=sg) for bd, sk, sg in [
                                     ("hello world", "secret", "734cc62f32841568f45715aeb9f4d7891324e6d948e4c6c60c0621cdac48623a"),
                                     ("lalala", "another-secret", "daa220016c8f29a8b214fbfc3671aeec2145cfb1e6790184ffb38b6d0425fa00"),
                                     ("an-important-request-payload", "hunter123",
                                      "9be2242094a9a8c00c64306f382a7f9d691de910b4a266f67bd314ef18ac49fa"),
                                     ("foo", "secret", "773ba44693c7553d6ee20f61ea5d2757a9a4f4a44d2841ae4e95b52e4cd62db4")]]
                  + [dict(name="official docs example: v1=not-a-valid-signature", source=CIRCLE_SRC, secret="secret",
                          body="foo", sig="not-a-valid-signature", recompute=False,
                          expect={"error": {"code": "invalid_signature_encoding", "name": "circleci-signature"}}),
                     dict(name="a v2 entry next to v1 is ignored (docs: only check the latest version, v1)",
                          source="derived: docs example", secret="secret", body="foo", recompute=False,
                          headers={"circleci-signature": "v1=773ba44693c7553d6ee20f61ea5d2757a9a4f4a44d2841ae4e95b52e4cd62db4,v2=00",
                                   "circleci-event-type": "workflow-completed"},
                          expect={"ok": {"key_index": 0}})]),
    dict(id="buildkite", sc=list_sig("x-buildkite-signature", tag="signature", ts_tag="timestamp", tpl="{ts}.{body}"),
         names={"x-buildkite-signature": "X-Buildkite-Signature"}, secret="hookgate-buildkite-token",
         body='{"event":"build.finished","build":{"id":"f62a1b4d-10f9-4790-bc1c-e2c3a0c80983"}}',
         ts="1700000000", now=1700000000, extra_headers={"X-Buildkite-Event": "build.finished"},
         sources=["buildkite/docs:pages/apis/webhooks/_webhook_signature.md, _verifying_hmac_signatures.md "
                  "('timestamp=<unix>,signature=<hex>' over '{timestamp}.{body}'; hookgate's default window: 300 s)"]),
    body_provider("notion", body_hmac("x-notion-signature", prefix="sha256="), {"x-notion-signature": "X-Notion-Signature"},
                  ["makenotion/notion-sdk-js:src/webhooks.ts (verifyWebhookSignature: 'sha256=' + hex HMAC-SHA256 of the "
                   "raw body, keyed with the subscription's verification token; its tests sign at run time)"],
                  secret="secret_abc123_verification_token", body='{"id":"evt_1","type":"page.created"}',
                  dedupe=[("json", "id")]),
    body_provider("onfido", body_hmac("x-sha2-signature"), {"x-sha2-signature": "X-SHA2-Signature"},
                  ["onfido/onfido-node:webhook-event-verifier.ts (hex HMAC-SHA256 of the raw body with the webhook token); "
                   "header name from documentation.onfido.com (webhooks: X-SHA2-Signature)", ONFIDO_SRC],
                  secret="_ABC123abc123ABC123abc123ABC123_", body=ONFIDO_CLASSIC,
                  official=[dict(name="official: classic event, valid signature", source=ONFIDO_SRC,
                                 sig="a0082d7481f9f0a2907583dbe1f344d6d4c0d9989df2fd804f98479f60cd760e"),
                            dict(name="official: classic event, first digit changed", source=ONFIDO_SRC, recompute=False,
                                 sig="b0082d7481f9f0a2907583dbe1f344d6d4c0d9989df2fd804f98479f60cd760e",
                                 expect={"error": {"code": "no_matching_signature", "candidates": 1}}),
                            dict(name="official: Studio workflow event", secret="YKOC6mkBxi6yK2zlUIrLMvsJMFEZObP5",
                                 source="onfido/onfido-node:test/studio-webhook-event-verifier.test.ts", body=ONFIDO_STUDIO,
                                 sig="c95a5b785484f6fa1bc25f381b5595d66bf85cb442eefb06aa007802ee6a4dfa")]),
    body_provider("adyen_platform", body_hmac("hmacsignature", enc="b64", key="hex"), {"hmacsignature": "HmacSignature"},
                  ["Adyen/adyen-node-api-library:src/utils/hmacValidator.ts (validateHMACSignature: base64 HMAC-SHA256 "
                   "of the raw body with the hex-decoded HMAC key; the HmacSignature header per docs.adyen.com "
                   "'Verify HMAC signatures' for Balance Platform and Management webhooks)", ADYEN_SRC],
                  secret=ADYEN_KEY, body=ADYEN_BODY, wrong_secret="AA" * 32, rotation_wrong=["11" * 32, "22" * 32],
                  decoy_secrets=["33" * 32, "44" * 32, "55" * 32],
                  official=[dict(name="official: should validate Banking webhook correctly", source=ADYEN_SRC,
                                 sig="UVBzHbDayhfT1XgaRGAkuKvxwoxrLoVCBdfi3WZU8lI="),
                            dict(name="official: 44 base64 characters that decode to 33 bytes", source=ADYEN_SRC,
                                 sig="A" * 44, recompute=False,
                                 expect={"error": {"code": "no_matching_signature", "candidates": 1}})],
                  extra_cases=lambda B, okf, t: [
                      B.case("the hex key used as text does not verify", t["err"]("no_matching_signature", candidates=1),
                             headers=B.headers(t["b64"](t["hmac256"](ADYEN_KEY, ADYEN_BODY)))),
                      B.case("a key that is not hex", t["err"]("invalid_secret_encoding"), secrets=["not-hex-" + ADYEN_KEY])]),
    body_provider("sentry", body_hmac("sentry-hook-signature"), {"sentry-hook-signature": "Sentry-Hook-Signature"},
                  ["docs.sentry.io/integrations/integration-platform/webhooks (Sentry-Hook-Signature: HMAC-SHA256 of the "
                   "body with the integration's client secret; Sentry-Hook-Timestamp is sent but not signed)"],
                  secret="hookgate-sentry-client-secret",
                  body='{"action":"created","data":{"issue":{"id":"1170820242"}},"installation":{"uuid":"a8e5d37a"}}',
                  extra_headers={"Request-ID": "a9ed5bbe-6f2f-4b0f-9a4c-0c8a3a0f2c3b", "Sentry-Hook-Resource": "issue",
                                 "Sentry-Hook-Timestamp": "1700000000"},
                  dedupe=[("header", "request-id")]),
    meta("whatsapp", "whatsapp_business_account"),
    meta("facebook", "page"),
    meta("instagram", "instagram"),
    meta("facebook_messenger", "page"),
    body_provider("bitbucket", body_hmac("x-hub-signature", prefix="sha256="), {"x-hub-signature": "X-Hub-Signature"},
                  ["bitbucket.org/blog/enhanced-webhook-security and the Bitbucket Data Center event-payload docs "
                   "(X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>, sent only when a secret is set)"],
                  secret="hookgate-bitbucket-secret",
                  body='{"push":{"changes":[{"new":{"name":"main","type":"branch"}}]},"repository":{"full_name":"acme/app"}}',
                  extra_headers={"X-Request-UUID": "0e4fa6c4-1c9b-4f0f-8f2d-8c6c0a4a1d7e", "X-Event-Key": "repo:push"},
                  dedupe=[("header", "x-request-uuid")]),
    body_provider("alchemy", body_hmac("x-alchemy-signature"), {"x-alchemy-signature": "X-Alchemy-Signature"},
                  ["alchemyplatform/webhook-examples:node-express/src/webhooksUtil.ts (hex HMAC-SHA256 of the raw body "
                   "with the webhook's signing key)"],
                  secret="whsec_hookgateAlchemySigningKey01",
                  body='{"webhookId":"wh_octjglnywaupz6th","id":"whevt_ogrc5v64myey69ux","type":"ADDRESS_ACTIVITY"}',
                  dedupe=[("json", "id")]),
    body_provider("stream_chat", body_hmac("x-signature"), {"x-signature": "X-Signature"},
                  ["GetStream/stream-chat-js:src/signing.ts (verifySignature: hex HMAC-SHA256 of the raw body with the "
                   "app's API secret, from the X-Signature header)"],
                  secret="hookgate-stream-api-secret", body='{"type":"message.new","message":{"id":"msg-1"}}',
                  extra_headers={"X-Webhook-Id": "b3e2d7b6-4f1c-4a63-9e2c-8a7f3a0c6d21"},
                  dedupe=[("header", "x-webhook-id")]),
    body_provider("dropbox", body_hmac("x-dropbox-signature"), {"x-dropbox-signature": "X-Dropbox-Signature"},
                  ["dropbox.com/developers/reference/webhooks (X-Dropbox-Signature: HMAC-SHA256 of the entire request "
                   "body with the app secret; hex in Dropbox's sample app)"],
                  secret="hookgate-dropbox-app-secret",
                  body='{"list_folder": {"accounts": ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]}, "delta": {"users": [12345678]}}'),
    body_provider("xero", body_hmac("x-xero-signature", enc="b64"), {"x-xero-signature": "x-xero-signature"},
                  ["developer.xero.com/documentation/webhooks/configuring-your-server (x-xero-signature: base64 "
                   "HMAC-SHA256 of the payload with the webhook signing key; 401 on a bad signature)"],
                  secret="hookgate-xero-webhook-key",
                  body='{"events": [],"lastEventSequence": 0,"firstEventSequence": 0,"entropy": "S0m3r4Nd0mt3xt"}'),
    body_provider("heroku", body_hmac("heroku-webhook-hmac-sha256", enc="b64"),
                  {"heroku-webhook-hmac-sha256": "Heroku-Webhook-Hmac-SHA256"},
                  ["devcenter.heroku.com/articles/app-webhooks and /articles/addon-webhooks (Heroku-Webhook-Hmac-SHA256: "
                   "base64 HMAC-SHA256 of the body with the subscription's secret)"],
                  secret="hookgate-heroku-secret",
                  body='{"id":"7b3b4a2e-3c5b-4f3a-8f2f-8c1e0f6d2a91","action":"create","resource":"release"}',
                  dedupe=[("json", "id")]),
    body_provider("terraform", body_hmac("x-tfe-notification-signature", alg="hmac512"),
                  {"x-tfe-notification-signature": "X-TFE-Notification-Signature"},
                  ["developer.hashicorp.com/terraform/cloud-docs/api-docs/notification-configurations (Notification "
                   "Authenticity: hex HMAC-SHA512 of the body with the notification's token)"],
                  secret="hookgate-terraform-token",
                  body='{"payload_version":1,"notification_configuration_id":"nc-123","run_id":"run-234"}'),
]


# =========================================================================== batch 3
PLIVO_SRC = "plivo/plivo-node:test/utils.js"
PROVIDERS += [
    body_provider("aftership", S(sig="aftership-hmac-sha256", kind="value", prefix="", enc="b64", alg="hmac256",
                                 tpl="{body}"), {"aftership-hmac-sha256": "aftership-hmac-sha256"},
                  ["aftership.com/docs/tracking/webhook/webhook-signature (aftership-hmac-sha256: base64 HMAC-SHA256 of the "
                   "body with the webhook secret; Returns and Warranty send it as as-signature-hmac-sha256)"],
                  secret="hookgate-aftership-secret",
                  body='{"event":"tracking_update","event_id":"5b1a9f0e-1a2b-4c3d-9e8f-7a6b5c4d3e2f","msg":{"id":"t1"}}',
                  dedupe=[("json", "event_id")],
                  extra_cases=lambda B, okf, t: [
                      B.case("Returns' as-signature-hmac-sha256 header is read too", t["ok"](**okf),
                             headers={"as-signature-hmac-sha256": B.sig()})]),
    body_provider("woocommerce", body_hmac("x-wc-webhook-signature", enc="b64"),
                  {"x-wc-webhook-signature": "X-WC-Webhook-Signature"},
                  ["woocommerce/woocommerce:plugins/woocommerce/includes/class-wc-webhook.php (generate_signature: base64 "
                   "hash_hmac of the payload, sha256 by default, keyed with the webhook secret)"],
                  secret="hookgate-woo-secret", body='{"id":7421,"status":"processing","total":"42.00"}',
                  extra_headers={"X-WC-Webhook-Delivery-ID": "b3c5e6b2-1f3a-4e8b-9f2d-6a7c8d9e0f11",
                                 "X-WC-Webhook-Topic": "order.updated"},
                  dedupe=[("header", "x-wc-webhook-delivery-id")]),
    body_provider("x_twitter", body_hmac("x-twitter-webhooks-signature", enc="b64", prefix="sha256="),
                  {"x-twitter-webhooks-signature": "x-twitter-webhooks-signature"},
                  ["docs.x.com account-activity-api securing-webhooks (x-twitter-webhooks-signature: 'sha256=' + base64 "
                   "HMAC-SHA256 of the body with the consumer secret); the CRC answer as in xdevplatform/"
                   "account-activity-dashboard helpers/security.js"],
                  secret="hookgate-x-consumer-secret",
                  body='{"for_user_id":"2244994945","tweet_create_events":[{"id_str":"1700000000000000000"}]}'),
    dict(id="plivo_v2", sc=S(sig="x-plivo-signature-v2", idh="x-plivo-signature-v2-nonce", kind="value", prefix="",
                             enc="b64", alg="hmac256", tpl="{url}{id}"),
         names={"x-plivo-signature-v2": "X-Plivo-Signature-V2", "x-plivo-signature-v2-nonce": "X-Plivo-Signature-V2-Nonce"},
         secret="hookgate-plivo-auth-token", body="From=14155550100&To=14155550111&CallUUID=a1b2", msg_id="31625183751932",
         url="https://example.com/plivo/answer", now=1700000000, dedupe=[("id",)],
         sources=["plivo/plivo-node:lib/utils/security.js (validateSignature: base64 HMAC-SHA256 of the URL without its "
                  "query followed by the nonce; the body is not signed)", PLIVO_SRC],
         official=[dict(name="official: correct url, auth_token, nonce and signature", source=PLIVO_SRC,
                        secret="my_auth_token", url="https://answer.url", msg_id="12345",
                        sig="ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc="),
                   dict(name="official: wrong nonce and auth_token", source=PLIVO_SRC, secret="my_auth_tokens",
                        url="https://answer.url", msg_id="123456", sig="ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=",
                        recompute=False, expect={"error": {"code": "no_matching_signature", "candidates": 1}})],
         extra_cases=lambda B, okf, t: [
             B.case("the body is not signed: another body still verifies", t["ok"](**okf), body="From=0&To=0"),
             B.case("a URL with its query is another URL (pass it without the query)",
                    t["err"]("no_matching_signature", candidates=1), url=B.url + "?a=1")]),
    body_provider("checkout_com", body_hmac("cko-signature"), {"cko-signature": "Cko-Signature"},
                  ["checkout.com/docs/developer-resources/webhooks/manage-webhooks/set-up-your-webhook-receiver "
                   "(Cko-Signature: hex HMAC-SHA256 of the body with the workflow's signature key)"],
                  secret="hookgate-checkout-signature-key",
                  body='{"id":"evt_az5sblvku4ge3dwpztvyizgcau","type":"payment_approved","data":{"id":"pay_mbabizu24mvu3mela5njyhpit4"}}',
                  dedupe=[("json", "id")]),
    body_provider("lemon_squeezy", body_hmac("x-signature"), {"x-signature": "X-Signature"},
                  ["docs.lemonsqueezy.com/help/webhooks/signing-requests (X-Signature: HMAC hex digest of the payload "
                   "with the signing secret; SHA-256 in its examples)"],
                  secret="hookgate-lemon-secret",
                  body='{"meta":{"event_name":"order_created"},"data":{"type":"orders","id":"1"}}',
                  extra_headers={"X-Event-Name": "order_created"}),
    dict(id="trello", sc=S(sig="x-trello-webhook", kind="value", prefix="", enc="b64", alg="hmac1", tpl="{body}{url}"),
         names={"x-trello-webhook": "X-Trello-Webhook"}, secret="hookgate-trello-app-secret",
         body='{"action":{"id":"5f1a2b3c4d5e6f7a8b9c0d1e","type":"updateCard"},"model":{"id":"4d5ea62fd76aa1136000000c"}}',
         url="https://example.com/trello/callback", now=1700000000, dedupe=[("json", "action/id")],
         sources=["developers.trello.com/page/webhooks (X-Trello-Webhook: base64 HMAC-SHA1 of the body followed by the "
                  "callbackURL exactly as registered, keyed with the application's OAuth secret)"]),
    body_provider("cal_com", body_hmac("x-cal-signature-256"), {"x-cal-signature-256": "X-Cal-Signature-256"},
                  ["cal.com/docs apps-and-integrations/webhooks (X-Cal-Signature-256: HMAC-SHA256 of the payload with "
                   "the webhook's secret, hex)"],
                  secret="hookgate-cal-secret",
                  body='{"triggerEvent":"BOOKING_CREATED","payload":{"uid":"BOOKING_UID","title":"30 Min Meeting"}}'),
]


# =========================================================================== batch 4: dates, multi-header, tokens
def _fixture(name):
    import os
    with open(os.path.join(os.path.dirname(__file__), "fixtures", name), encoding="utf-8", newline="") as f:
        return f.read()


SW_ADOPTERS = "standard-webhooks/standard-webhooks:README.md (Compatible implementations: adopters of the spec)"
for _pid in ("google_gemini", "kong", "vanta", "drata", "etsy", "taskrabbit"):
    PROVIDERS.append(sw_provider(_pid, [SW_ADOPTERS]))

MAILERSEND_SRC = "mailersend/mailersend-nodejs:src/__tests__/services/mailersend.utils.test.ts (body copied to tools/fixtures/)"
ZENDESK_EC_SRC = ("developer.zendesk.com/documentation/event-connectors/webhooks/verifying (its Node.js example: secret, "
                  "body, timestamp and signature)")
BOX_SRC = "box/box-node-sdk:docs/webhooks.md (validateWebhookMessage sample)"
BOX_HEADERS = {"box-delivery-id": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f", "box-delivery-timestamp": "2020-01-01T00:00:00-07:00",
               "box-signature-algorithm": "HmacSHA256", "box-signature-primary": "6TfeAW3A1PASkgboxxA5yqHNKOwFyMWuEXny/FPD5hI=",
               "box-signature-secondary": "v+1CD1Jdo3muIcbpv5lxxgPglOqMfsNHPV899xWYydo=", "box-signature-version": "1"}
BOX_BODY = ('{"type":"webhook_event","webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":'
            '{"id":"1234567890","type":"file","name":"Test.txt"}}')
ORB_SRC = "orbcorp/orb-node:tests/api-resources/webhooks.test.ts"
CHARGEBEE_SRC = "chargebee/chargebee-node:test/webhook.test.ts (basicAuthValidator)"


def token(sig, prefix="", enc="text"):
    return S(sig=sig, kind="value", prefix=prefix, enc=enc, alg="token", tpl="")


PROVIDERS += [
    body_provider("mailersend", body_hmac("signature"), {"signature": "Signature"},
                  ["mailersend/mailersend-nodejs:src/services/mailersend.utils.ts (verifyWebHook: hex HMAC-SHA256 of the "
                   "raw body with the signing secret, from the Signature header)", MAILERSEND_SRC],
                  secret="yXdTVu1YewsKiuN2bcILlFHsljmR9kaU", body=_fixture("mailersend_webhook.json"),
                  official=[dict(name="official: webhook check", source=MAILERSEND_SRC,
                                 sig="445e75aab3d8ea9169d134189a2814f06858977bd9cdc69324264e39f47bda2e")]),
    body_provider("linkedin", S(sig="x-li-signature", kind="value", prefix="", enc="hex", alg="hmac256",
                                tpl="hmacsha256={body}"), {"x-li-signature": "X-LI-Signature"},
                  ["learn.microsoft.com/linkedin/shared/api-guide/webhook-validation (X-LI-Signature: hex HMAC-SHA256 of "
                   "'hmacsha256=' followed by the body, keyed with the app's client secret)"],
                  secret="hookgate-linkedin-client-secret",
                  body='{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS","notificationId":1234567890}'),
    dict(id="webflow", sc=S(sig="x-webflow-signature", kind="value", prefix="", enc="hex", alg="hmac256",
                            tpl="{ts}:{body}", ts=TS("x-webflow-timestamp", unit="ms", tol=300, dir="past")),
         names={"x-webflow-signature": "X-Webflow-Signature", "x-webflow-timestamp": "X-Webflow-Timestamp"},
         secret="hookgate-webflow-client-secret", body='{"triggerType":"form_submission","payload":{"id":"6321ca84"}}',
         ts="1663849649733", now=1663849649733,
         sources=["developers.webflow.com/docs/verifying-webhook-signatures (X-Webflow-Signature: hex HMAC-SHA256 of "
                  "'{X-Webflow-Timestamp}:{body}' with the OAuth client secret; the timestamp is in ms; 5 minutes)"]),
    dict(id="zendesk", sc=S(sig="x-zendesk-webhook-signature", kind="value", prefix="", enc="b64", alg="hmac256",
                            tpl="{ts}{body}", ts=TS("x-zendesk-webhook-signature-timestamp", unit="rfc3339", tol=None,
                                                    dir="none")),
         names={"x-zendesk-webhook-signature": "X-Zendesk-Webhook-Signature",
                "x-zendesk-webhook-signature-timestamp": "X-Zendesk-Webhook-Signature-Timestamp"},
         secret="dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==", body='{"ticket":{"id":35436,"status":"open"}}',
         ts="2021-03-25T05:09:27Z", now=1616648967000, extra_headers={"X-Zendesk-Webhook-Invocation-Id": "8350205582"},
         dedupe=[("header", "x-zendesk-webhook-invocation-id")],
         sources=["developer.zendesk.com/documentation/webhooks/verifying (base64 HMAC-SHA256 of the timestamp followed "
                  "by the body); /anatomy-of-a-webhook-request (the timestamp is RFC 3339, e.g. 2021-03-25T05:09:27Z)"]),
    dict(id="zendesk_event_connectors", sc=S(sig="x-zendesk-webhook-signature", kind="value", prefix="", enc="b64",
                                             alg="hmac256", tpl="{body}{ts}",
                                             ts=TS("x-zendesk-webhook-signature-timestamp", unit="rfc3339", tol=None,
                                                   dir="none")),
         names={"x-zendesk-webhook-signature": "X-Zendesk-Webhook-Signature",
                "x-zendesk-webhook-signature-timestamp": "X-Zendesk-Webhook-Signature-Timestamp"},
         secret="HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=", body='{"say": "hello"}', ts="2021-07-25T10:00:00Z",
         now=1627207200000,
         sources=["developer.zendesk.com/documentation/event-connectors/webhooks/verifying (base64 HMAC-SHA256 of the "
                  "body followed by the RFC 3339 timestamp)", ZENDESK_EC_SRC],
         official=[dict(name="official docs example", source=ZENDESK_EC_SRC,
                        sig="tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw="),
                   dict(name="the same values signed timestamp first (the Support webhooks order) do not verify",
                        source="derived: official docs example", recompute=False,
                        sig="Rry/4TtIdFyawtXXp8QdI6tlAUUQ/5kL1OTp5qo/ZIk=",
                        expect={"error": {"code": "no_matching_signature", "candidates": 1}})]),
    dict(id="box", sc=S(sig="box-signature-primary", kind="value", prefix="", enc="b64", alg="hmac256",
                        tpl="{body}{ts}", ts=TS("box-delivery-timestamp", unit="rfc3339", tol=600, dir="past")),
         names={"box-signature-primary": "box-signature-primary", "box-delivery-timestamp": "box-delivery-timestamp"},
         secret="SamplePrimaryKey", body=BOX_BODY, ts="2020-01-01T00:00:00-07:00", now=1577862000000,
         extra_headers={"box-delivery-id": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f", "box-signature-algorithm": "HmacSHA256",
                        "box-signature-version": "1"},
         dedupe=[("json", "id")],
         sources=["box/box-node-sdk:src/managers/webhooks.ts (validateMessage: base64 HMAC-SHA256 of the body followed "
                  "by BOX-DELIVERY-TIMESTAMP, primary and secondary keys each in its header, 10 minutes)", BOX_SRC],
         official=[dict(name="official sample: primary key", source=BOX_SRC,
                        sig="6TfeAW3A1PASkgboxxA5yqHNKOwFyMWuEXny/FPD5hI="),
                   dict(name="official sample: the secondary key matches the secondary header",
                        source=BOX_SRC, secret="SampleSecondaryKey", headers=BOX_HEADERS,
                        expect={"ok": {"key_index": 0, "timestamp": 1577862000}}),
                   dict(name="official sample: both keys, primary first", source=BOX_SRC, headers=BOX_HEADERS,
                        secrets=["SamplePrimaryKey", "SampleSecondaryKey"], expect={"ok": {"key_index": 0}}),
                   dict(name="official sample 11 minutes later", source=BOX_SRC, now=1577862000000 + 660000,
                        sig="6TfeAW3A1PASkgboxxA5yqHNKOwFyMWuEXny/FPD5hI=",
                        expect={"error": {"code": "timestamp_too_old", "age_s": 660, "tolerance_s": 600}})],
         extra_cases=lambda B, okf, t: [
             B.case("only the secondary header, signed with the secondary key", t["ok"](key_index=1),
                    secrets=["old-primary", "SampleSecondaryKey"],
                    headers={k: v for k, v in B.valid_headers().items() if k.lower() != "box-signature-primary"}
                    | {"box-signature-secondary": "v+1CD1Jdo3muIcbpv5lxxgPglOqMfsNHPV899xWYydo="}),
             B.case("neither key matches either header", t["err"]("no_matching_signature", candidates=2),
                    secrets=["wrong-key"],
                    headers=B.valid_headers() | {"box-signature-secondary": B.sig(secret="SampleSecondaryKey")})]),
    dict(id="twitch", sc=S(sig="twitch-eventsub-message-signature", idh="twitch-eventsub-message-id", kind="value",
                           prefix="sha256=", enc="hex", alg="hmac256", tpl="{id}{ts}{body}",
                           ts=TS("twitch-eventsub-message-timestamp", unit="rfc3339", tol=600, dir="past")),
         names={"twitch-eventsub-message-signature": "Twitch-Eventsub-Message-Signature",
                "twitch-eventsub-message-id": "Twitch-Eventsub-Message-Id",
                "twitch-eventsub-message-timestamp": "Twitch-Eventsub-Message-Timestamp"},
         secret="hookgate-twitch-secret", msg_id="e76c6bd4-55c9-4987-8304-da1588d8988b",
         body='{"subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","type":"channel.follow"},"event":{"user_id":"1234"}}',
         ts="2019-11-16T10:11:12.634Z", now=1573899072634, dedupe=[("id",)],
         extra_headers={"Twitch-Eventsub-Message-Type": "notification"},
         sources=["twitchdev/twitch-cli:internal/events/trigger/forward_event.go (getSignatureHeader: sha256= hex "
                  "HMAC-SHA256 of message id, RFC 3339 timestamp and body; Twitch's docs reject messages older than "
                  "10 minutes)"]),
    dict(id="orb", sc=S(sig="x-orb-signature", kind="list", sep=" ", assign="=", tag="v1", enc="hex", alg="hmac256",
                        tpl="v1:{ts}:{body}", ts=TS("x-orb-timestamp", unit="rfc3339", tol=300, dir="both")),
         names={"x-orb-signature": "X-Orb-Signature", "x-orb-timestamp": "X-Orb-Timestamp"},
         secret="c-UGKYdnhHh436B_sMouYAPUvXyWpzOdunZBV5dFSD8",
         body=('{"id": "o4mmewpfNNTnjfZc", "created_at": "2024-03-27T15:42:29+00:00", "type": "resource_event.test", '
               '"properties": {"message": "A test webhook from Orb. Happy testing!"}}'),
         ts="2024-03-27T15:42:29.551", now=1711554149551, dedupe=[("json", "id")],
         decoy_secrets=["orb-decoy-1", "orb-decoy-2", "orb-decoy-3"],
         sources=["orbcorp/orb-node:src/resources/webhooks.ts (verifySignature: 'v1=<hex>' entries, space-separated, "
                  "HMAC-SHA256 of 'v1:{X-Orb-Timestamp}:{body}'; the timestamp is ISO 8601 without a zone, read as "
                  "UTC; 5 minutes either way)", ORB_SRC],
         official=[dict(name="official: valid signature (the test is skipped in the SDK; recomputed here)",
                        source=ORB_SRC, sig="9d25de966891ab0bc18754faf8d83d0980b44ae330fcc130b41a6cf3daf1f391"),
                   dict(name="official: 6 minutes later", source=ORB_SRC, now=1711554149551 + 360000,
                        sig="9d25de966891ab0bc18754faf8d83d0980b44ae330fcc130b41a6cf3daf1f391",
                        expect={"error": {"code": "timestamp_too_old", "age_s": 360, "tolerance_s": 300}}),
                   dict(name="official: 6 minutes earlier", source=ORB_SRC, now=1711554149551 - 360000,
                        sig="9d25de966891ab0bc18754faf8d83d0980b44ae330fcc130b41a6cf3daf1f391",
                        expect={"error": {"code": "timestamp_in_future", "ahead_s": 360, "tolerance_s": 300}})]),
    dict(id="docusign", sc=S(sig="x-docusign-signature-1", kind="value", prefix="", enc="b64", alg="hmac256",
                             tpl="{body}"),
         names={"x-docusign-signature-1": "X-DocuSign-Signature-1"}, secret="hookgate-docusign-connect-key-1",
         body='{"event":"envelope-completed","apiVersion":"v2.1","data":{"envelopeId":"93be49ab-d2f6-4e2a-9c3b"}}',
         sources=["developers.docusign.com/platform/webhooks/connect/validate (X-DocuSign-Signature-1 to -N: base64 "
                  "HMAC-SHA256 of the body, one header per active Connect key; any may match)"],
         extra_cases=lambda B, okf, t: [
             B.case("the second key's header matches the configured key", t["ok"](key_index=0),
                    secrets=["hookgate-docusign-connect-key-2"],
                    headers=B.valid_headers() | {"X-DocuSign-Signature-2": B.sig(secret="hookgate-docusign-connect-key-2")}),
             B.case("two headers, neither key's", t["err"]("no_matching_signature", candidates=2),
                    secrets=["another-key"],
                    headers=B.valid_headers() | {"X-DocuSign-Signature-2": B.sig(secret="hookgate-docusign-connect-key-2")})]),
    dict(id="gitlab", sc=token("x-gitlab-token"), names={"x-gitlab-token": "X-Gitlab-Token"},
         secret="hookgate-gitlab-secret-token", body='{"object_kind":"push","ref":"refs/heads/main"}',
         extra_headers={"X-Gitlab-Event": "Push Hook"},
         sources=["docs.gitlab.com user/project/integrations/webhooks (validate payloads with a secret token: "
                  "X-Gitlab-Token carries the token as configured; nothing is signed)"]),
    dict(id="okta", sc=token("authorization"), names={"authorization": "Authorization"},
         secret="hookgate-okta-event-hook-secret", body='{"eventType":"com.okta.event_hook","eventId":"b5a188b9"}',
         dedupe=[("json", "eventId")],
         sources=["okta/okta-developer-docs:packages/@okta/vuepress-site/docs/concepts/event-hooks/index.md (the "
                  "authorization header you configure carries your secret as its value; nothing is signed)"]),
    dict(id="telegram", sc=token("x-telegram-bot-api-secret-token"),
         names={"x-telegram-bot-api-secret-token": "X-Telegram-Bot-Api-Secret-Token"},
         secret="hookgate_telegram-secret_token", body='{"update_id":10000,"message":{"message_id":1365,"text":"/start"}}',
         dedupe=[("json", "update_id")],
         sources=["tdlib/telegram-bot-api:telegram-bot-api/WebhookActor.cpp (X-Telegram-Bot-Api-Secret-Token: the "
                  "secret_token given to setWebhook, sent as is)"]),
    dict(id="chargebee", sc=token("authorization", prefix="Basic ", enc="b64"), names={"authorization": "Authorization"},
         secret="testuser:testpass", body='{"id":"ev_16BPgETyVrQbiGhA","event_type":"subscription_created"}',
         dedupe=[("json", "id")],
         sources=["chargebee/chargebee-node:src/resources/webhook/auth.ts (basicAuthValidator: HTTP Basic "
                  "credentials, user:password base64 after 'Basic ')", CHARGEBEE_SRC],
         official=[dict(name="official: testuser:testpass", source=CHARGEBEE_SRC,
                        headers={"Authorization": "Basic dGVzdHVzZXI6dGVzdHBhc3M="}),
                   dict(name="official: wrong:wrong", source=CHARGEBEE_SRC,
                        headers={"Authorization": "Basic d3Jvbmc6d3Jvbmc="},
                        expect={"error": {"code": "no_matching_signature", "candidates": 1}}),
                   dict(name="official: a Bearer token is not Basic", source=CHARGEBEE_SRC,
                        headers={"Authorization": "Bearer token"},
                        expect={"error": {"code": "missing_signature", "name": "authorization"}}),
                   dict(name="official: 'Basic invalid!!!' is not base64", source=CHARGEBEE_SRC,
                        headers={"Authorization": "Basic invalid!!!"},
                        expect={"error": {"code": "invalid_signature_encoding", "name": "authorization"}})]),
]


# =========================================================================== batch 5
HELPSCOUT_SRC = "helpscout/helpscout-api-php:tests/Webhooks/IncomingWebhookTest.php"
DATASAUR_SRC = "docs.datasaur.ai/integrations/webhook-notifications/webhook-signature (its node.js example: body, secret, signature)"
TEAMS_SRC = "OfficeDev/Microsoft-Teams-Samples:samples/outgoing-webhook/nodejs/app.js"
TEAMS_KEY = "+ZaRRMC8+mpnfGaGsBOmkIFt98bttL5YQRq3p2tXgcE="
AIRTABLE_KEY = _b64(b"hookgate airtable macSecret 32b!")
HEX_KEY = "5f1a0c3e9b7d4a2f8e6c1b0d3a5f7e9c2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a"
B64_ALTS = dict(wrong_secret=_b64(b"another secret of 24 bytes"),
                rotation_wrong=[_b64(b"rotated-out key one"), _b64(b"rotated-out key two")],
                decoy_secrets=[_b64(bytes([i]) * 24) for i in (1, 2, 3)])
HEX_ALTS = dict(wrong_secret="AA" * 32, rotation_wrong=["11" * 32, "22" * 32], decoy_secrets=["33" * 32, "44" * 32, "55" * 32])

PROVIDERS += [
    body_provider("airtable", body_hmac("x-airtable-content-mac", prefix="hmac-sha256=", key="b64"),
                  {"x-airtable-content-mac": "X-Airtable-Content-MAC"},
                  ["airtable.com/developers/web/api/webhooks-overview (X-Airtable-Content-MAC: 'hmac-sha256=' then the "
                   "hex HMAC-SHA256 of the body, keyed with the base64-decoded macSecretBase64 returned when the "
                   "webhook is created)"],
                  secret=AIRTABLE_KEY, **B64_ALTS,
                  body='{"base":{"id":"appA0B1C2D3E4F5G6"},"webhook":{"id":"achW0X1Y2Z3a4b5c6"},"timestamp":"2024-02-01T21:25:05.663Z"}'),
    body_provider("asana", body_hmac("x-hook-signature"), {"x-hook-signature": "X-Hook-Signature"},
                  ["developers.asana.com/docs/establish-a-webhook (X-Hook-Signature: hex HMAC-SHA256 of the body, keyed "
                   "with the X-Hook-Secret sent once in the creation handshake)"],
                  secret="8f2c4c3bd1e0a9b7e6f5d4c3b2a19080", body='{"events":[{"action":"changed","resource":{"gid":"1204"}}]}'),
    body_provider("squarespace", body_hmac("squarespace-signature", key="hex"),
                  {"squarespace-signature": "Squarespace-Signature"},
                  ["developers.squarespace.com/webhooks/verifying-notifications (Squarespace-Signature: hex HMAC-SHA256 "
                   "of the body, keyed with the hex-decoded subscription secret)"],
                  secret=HEX_KEY, **HEX_ALTS, dedupe=[("json", "id")],
                  body='{"id":"5f9a3e2b7c1d4e6f","websiteId":"5d1f","subscriptionId":"3c6a","topic":"order.create","data":{"orderId":"5f9b"}}'),
    body_provider("paystack", body_hmac("x-paystack-signature", alg="hmac512"),
                  {"x-paystack-signature": "x-paystack-signature"},
                  ["PaystackOSS/doc-code-snippets:src/doc/payments/webhooks/verifying-transaction/index.js (and index.java: "
                   "x-paystack-signature is the hex HMAC-SHA512 of the body keyed with the secret API key)"],
                  secret="sk_test_hookgate0000000000000000000000000000",
                  body='{"event":"charge.success","data":{"id":302961,"reference":"qTPrJoy9Bx","amount":10000}}'),
    body_provider("help_scout", body_hmac("x-helpscout-signature", enc="b64", alg="hmac1"),
                  {"x-helpscout-signature": "X-HelpScout-Signature"},
                  ["helpscout/helpscout-api-php:src/Webhooks/IncomingWebhook.php (X-HelpScout-Signature: base64 HMAC-SHA1 "
                   "of the body with the webhook secret)", HELPSCOUT_SRC + " (inputs; the test signs at run time)"],
                  secret="asdffdsa", body='{"id":123}', extra_headers={"X-HelpScout-Event": "helpscout.test"}),
    body_provider("gitea", body_hmac("x-gitea-signature"), {"x-gitea-signature": "X-Gitea-Signature"},
                  ["go-gitea/gitea:services/webhook/deliver.go (X-Gitea-Signature: hex HMAC-SHA256 of the payload with "
                   "the webhook secret; X-Gitea-Delivery carries the delivery UUID)"],
                  secret="hookgate-gitea-secret", body='{"ref":"refs/heads/main","before":"0000","after":"a1b2"}',
                  extra_headers={"X-Gitea-Delivery": "1f8d5e52-3a8c-4a64-9d34-43e5b7cd6f0a", "X-Gitea-Event": "push"},
                  dedupe=[("header", "x-gitea-delivery")]),
    body_provider("forgejo", body_hmac("x-forgejo-signature"), {"x-forgejo-signature": "X-Forgejo-Signature"},
                  ["forgejo services/webhook/deliver.go (AddDefaultHeaders: X-Forgejo-Signature is the hex HMAC-SHA256 "
                   "of the payload with the webhook secret; X-Forgejo-Delivery the delivery UUID)"],
                  secret="hookgate-forgejo-secret", body='{"ref":"refs/heads/main","before":"0000","after":"c3d4"}',
                  extra_headers={"X-Forgejo-Delivery": "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "X-Forgejo-Event": "push"},
                  dedupe=[("header", "x-forgejo-delivery")]),
    body_provider("todoist", body_hmac("x-todoist-hmac-sha256", enc="b64"),
                  {"x-todoist-hmac-sha256": "X-Todoist-Hmac-SHA256"},
                  ["Doist/todoist-sdk-typescript:src/utils/webhook-parser.ts (verifyWebhookSignature: "
                   "X-Todoist-Hmac-SHA256 is the base64 HMAC-SHA256 of the raw body keyed with the app's client secret)"],
                  secret="test-client-secret",
                  body='{"event_name":"item:added","user_id":"2671355","event_data":{"id":"6XR4GqQQCW6Gv9h4","content":"Buy milk"}}'),
    body_provider("clickup", body_hmac("x-signature"), {"x-signature": "X-Signature"},
                  ["developer.clickup.com/docs/webhooksignature (X-Signature: hex HMAC-SHA256 of the body with the "
                   "webhook's secret)"],
                  secret="hookgate-clickup-webhook-secret",
                  body='{"webhook_id":"7689a169-a000-4985-8676-6902b96d6627","event":"taskCreated","task_id":"c0j"}'),
    body_provider("launchdarkly", body_hmac("x-ld-signature"), {"x-ld-signature": "X-LD-Signature"},
                  ["launchdarkly.com/docs/home/infrastructure/webhooks (Sign a webhook: X-LD-Signature is the hex "
                   "HMAC-SHA256 of the payload with the webhook's secret)"],
                  secret="hookgate-launchdarkly-secret",
                  body='{"_id":"57c0a8e29969090743529965","kind":"flag","name":"Example flag","date":1472243938774}',
                  dedupe=[("json", "_id")]),
    dict(id="cashfree", sc=S(sig="x-webhook-signature", kind="value", prefix="", enc="b64", alg="hmac256",
                             tpl="{ts}{body}", ts=TS("x-webhook-timestamp", unit="ms", tol=None, dir="none")),
         names={"x-webhook-signature": "x-webhook-signature", "x-webhook-timestamp": "x-webhook-timestamp"},
         secret="cfsk_ma_test_hookgate_client_secret", ts="1746427759733", now=1746427759733,
         body='{"data":{"order":{"order_id":"order_1"},"payment":{"cf_payment_id":55,"payment_status":"SUCCESS"}},"type":"PAYMENT_SUCCESS_WEBHOOK"}',
         extra_headers={"x-webhook-version": "2025-01-01"},
         sources=["cashfree/cashfree-pg-sdk-nodejs:api.ts (PGVerifyWebhookSignature: base64 HMAC-SHA256 of "
                  "x-webhook-timestamp followed by the raw body, keyed with the client secret; no window is checked; "
                  "the timestamp is in milliseconds)"]),
    body_provider("datasaur", body_hmac("x-datasaur-signature"), {"x-datasaur-signature": "X-Datasaur-Signature"},
                  ["docs.datasaur.ai/integrations/webhook-notifications/webhook-signature (X-Datasaur-Signature: hex "
                   "HMAC-SHA256 of the body with the secret given at registration)", DATASAUR_SRC],
                  secret="secret", body='{"body":"sample"}',
                  official=[dict(name="official docs example", source=DATASAUR_SRC,
                                 sig="0278b1a603de4c561ac0feb960354d0d00e8846b74813d81bddb43ad45bff767")]),
    dict(id="dixa", sc=S(sig="x-dixa-signature", kind="list", sep=",", assign="=", tag="v1", ts_tag="t", enc="hex",
                         alg="hmac256", key="hex", tpl="{ts}.{body}", ts=TS(None, unit="ms", tol=None, dir="none")),
         names={"x-dixa-signature": "X-DIXA-SIGNATURE"}, secret=HEX_KEY, **HEX_ALTS,
         body='{"event_id":"a1b2c3d4","event_fqn":"CONVERSATION_CREATED","data":{"conversation":{"csid":1234}}}',
         ts="1689238949803", now=1689238949803, dedupe=[("json", "event_id")],
         sources=["docs.dixa.io/docs/webhooks/webhooks-security (X-DIXA-SIGNATURE: t=<ms>,v1=<hex>, HMAC-SHA256 of "
                  "'{t}.{body}' keyed with the hex-decoded secret; no window documented)"]),
    body_provider("webex", body_hmac("x-spark-signature", alg="hmac1"), {"x-spark-signature": "X-Spark-Signature"},
                  ["developer.webex.com/blog/using-a-webhook-secret (X-Spark-Signature: hex HMAC-SHA1 of the raw body "
                   "with the webhook's secret)"],
                  secret="somesupersecretphrase",
                  body='{"id":"Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZjRlNjA1NjA","resource":"messages","event":"created"}'),
    body_provider("microsoft_teams", body_hmac("authorization", enc="b64", prefix="HMAC ", key="b64"),
                  {"authorization": "Authorization"},
                  [TEAMS_SRC + " (Authorization: 'HMAC ' then the base64 HMAC-SHA256 of the body, keyed with the "
                   "base64-decoded security token; the token shown is the sample's example)"],
                  secret=TEAMS_KEY, **B64_ALTS,
                  body='{"type":"message","id":"1485983408511","text":"<at>Bot</at> hello","from":{"name":"Megan"}}',
                  dedupe=[("json", "id")]),
    dict(id="exa", sc=list_sig("exa-signature", tag="v1", ts_tag="t", tpl="{ts}.{body}", tol=None, dir="none"),
         names={"exa-signature": "Exa-Signature"}, secret="hookgate-exa-webhook-secret",
         body='{"id":"evt_01jq0abc","type":"webset.item.created","data":{"id":"witem_01"}}', ts="1711360800",
         now=1711360800, dedupe=[("json", "id")],
         sources=["exa.ai/docs/websets/api/webhooks/verifying-signatures (Exa-Signature: t=<unix>,v1=<hex>[,v1=...], "
                  "HMAC-SHA256 of '{t}.{body}' with the webhook secret)"]),
    dict(id="front", sc=S(sig="x-front-signature", kind="value", prefix="", enc="b64", alg="hmac256",
                          tpl="{ts}:{body}", ts=TS("x-front-request-timestamp", unit="ms", tol=300, dir="both")),
         names={"x-front-signature": "X-Front-Signature", "x-front-request-timestamp": "X-Front-Request-Timestamp"},
         secret="hookgate-front-app-signing-key", ts="1700000000000", now=1700000000000,
         body='{"type":"inbound_received","payload":{"id":"evt_1a2b3c"}}', dedupe=[("json", "payload/id")],
         sources=["dev.frontapp.com/docs/application-webhooks (Verifying integrity: base64 HMAC-SHA256 of "
                  "'{X-Front-Request-Timestamp}:{body}' with the app's signing key; the timestamp is in ms) and "
                  "dev.frontapp.com/docs/security-1 (5 minutes)"]),
    body_provider("front_rules", body_hmac("x-front-signature", enc="b64", alg="hmac1"),
                  {"x-front-signature": "X-Front-Signature"},
                  ["dev.frontapp.com/docs/rule-webhooks (Validating Data Integrity: base64 HMAC-SHA1 of the body with "
                   "the API secret)"],
                  secret="hookgate-front-api-secret", body='{"type":"tag","id":"evt_5d8a"}', dedupe=[("json", "id")]),
    body_provider("fourthwall", body_hmac("x-fourthwall-hmac-sha256", enc="b64"),
                  {"x-fourthwall-hmac-sha256": "X-Fourthwall-Hmac-SHA256"},
                  ["docs.fourthwall.com/webhooks/signature-verification (X-Fourthwall-Hmac-SHA256: base64 HMAC-SHA256 "
                   "of the body with the shop's secret; platform apps: X-Fourthwall-Hmac-Apps-SHA256 with the app's key)"],
                  secret="e3f93c7c-c92b-4b8f-a9b1-5b70e0891abc",
                  body='{"id":"weve_9aN2","type":"ORDER_PLACED","data":{"id":"ord_1"}}', dedupe=[("json", "id")]),
]
