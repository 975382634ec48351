"""Writes tests/golden/transform/{hostile,odd}.input.json. Run from anywhere; the JSON files are
the data (shared with the JS suite), this only documents how they were made."""
import json
import os

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "transform"))
# The hostile case: every user-controlled string tries markup, mentions, control and bidi
# characters, and overruns every limit.
mention = "@everyone @here <@123456789012345678> <@!1> <@&2> <#3> </deploy:4> <!channel> <!here|here> @channel "
markup = "*bold* _it_ ~s~ `code` <https://evil.example|Click me> & &amp; &lt;script&gt; > quote "
weird = "bidi\u202egnp.exe\u202c ctl\u0000\u0007\u001b[31m nl\r\nCR\rTAB\t zwj👩‍💻 ✓ é "
title = (mention + markup + weird) * 4
deep = "deep"
for _ in range(40):
    deep = [deep]
fields = []
for i in range(30):
    fields.append({
        "label": f"L{i} " + mention + markup + "L" * 300,
        "value": f"V{i} " + (markup + mention + weird) * 5,
    })
event = {
    "provider": "standard_webhooks<@1>",
    "shape": "standard_webhooks",
    "event_type": "user.created @everyone <@&42> & <b>",
    "id": "msg_<@1>",
    "occurred_at": "yesterday-ish <@1>",
    "title": title,
    "url": "javascript:alert(document.cookie)//https://ok.example",
    "fields": fields,
    "payload": {
        "type": "user.created",
        "timestamp": 1700000000,
        "data": {
            "title": title,
            "description": (markup + mention + weird + "\n") * 80,
            "url": "https://evil.example/<script>|label",
            "nested": deep,
            "numbers": [1, -2.5, 1e300, 12345678901234567890],
            "big": list(range(300)),
        },
    },
}
with open("hostile.input.json", "w") as f:
    json.dump(event, f, ensure_ascii=True, indent=1)
    f.write("\n")
odd = {
    "provider": "generic",
    "shape": "not-a-shape",
    "event_type": None,
    "fields": [
        {"label": "", "value": "no label"},
        {"label": "Blank", "value": "   "},
        {"label": "Count", "value": 7},
        {"label": "Flag", "value": True},
    ],
    "payload": "plain text body, not JSON: a=1&b=<2>",
}
with open("odd.input.json", "w") as f:
    json.dump(odd, f, ensure_ascii=False, indent=2)
    f.write("\n")
