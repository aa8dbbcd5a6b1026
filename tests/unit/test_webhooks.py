"""The Standard Webhooks layout (shared.webhooks): what a receiver accepts and what it refuses."""
import base64
import hashlib
import hmac

import pytest

from shared.errors import Unauthenticated
from shared.webhooks import sign, verify

SECRET = "register-secret"
BODY = b'{"type":"transfer.accepted","property_id":"ZS-0001","filing_number":"CLBA2026000001"}'
NOW = 1_780_000_000


def refused(headers, body=BODY, now=NOW, secret=SECRET):
    with pytest.raises(Unauthenticated) as error:
        verify(secret, headers, body, now=now)
    return error.value.code


def test_a_delivery_signed_as_the_standard_says_is_accepted_with_its_message_id():
    headers = sign(SECRET, "msg_1", BODY, timestamp=NOW)
    expected = base64.b64encode(hmac.new(SECRET.encode(), f"msg_1.{NOW}.".encode() + BODY,
                                         hashlib.sha256).digest()).decode()
    assert headers == {"webhook-id": "msg_1", "webhook-timestamp": str(NOW), "webhook-signature": f"v1,{expected}"}
    assert verify(SECRET, {k.title(): v for k, v in headers.items()}, BODY, now=NOW + 299) == "msg_1"


def test_one_matching_signature_among_several_suffices_as_during_a_secret_rotation():
    old = sign("old-secret", "msg_2", BODY, timestamp=NOW)["webhook-signature"]
    new = sign(SECRET, "msg_2", BODY, timestamp=NOW)
    assert verify(SECRET, {**new, "webhook-signature": f"{old} {new['webhook-signature']}"}, BODY, now=NOW) == "msg_2"


def test_a_whsec_secret_is_its_base64_bytes():
    key = base64.b64encode(b"raw key bytes").decode()
    headers = sign(f"whsec_{key}", "msg_3", BODY, timestamp=NOW)
    assert verify("raw key bytes", headers, BODY, now=NOW) == "msg_3"


@pytest.mark.parametrize("change", [
    lambda h: {k: v for k, v in h.items() if k != "webhook-signature"},
    lambda h: {k: v for k, v in h.items() if k != "webhook-id"},
    lambda h: {**h, "webhook-id": "msg_other"},
    lambda h: {**h, "webhook-timestamp": str(NOW + 1)},
    lambda h: {**h, "webhook-timestamp": "１７８０"},
    lambda h: {**h, "webhook-signature": h["webhook-signature"].replace("v1,", "v2,")},
    lambda h: {**h, "webhook-signature": "v1,ü"},
], ids=["unsigned", "no id", "other id", "other timestamp", "non-ascii digits", "other version", "garbage"])
def test_a_delivery_whose_signature_does_not_cover_it_is_refused(change):
    assert refused(change(sign(SECRET, "msg_4", BODY, timestamp=NOW))) == "bad_signature"


def test_a_forged_body_or_a_guessed_secret_is_refused():
    headers = sign(SECRET, "msg_5", BODY, timestamp=NOW)
    assert refused(headers, body=BODY.replace(b"accepted", b"registered")) == "bad_signature"
    assert refused(sign("guess", "msg_5", BODY, timestamp=NOW)) == "bad_signature"


def test_a_delivery_outside_the_five_minute_window_is_stale():
    headers = sign(SECRET, "msg_6", BODY, timestamp=NOW)
    assert refused(headers, now=NOW + 301) == "stale_signature"
    assert refused(headers, now=NOW - 301) == "stale_signature"
