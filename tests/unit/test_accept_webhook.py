"""The receiving end of a relayed Standard-Webhooks callback: verified before anything is recorded, the
webhook-id recorded as the cause, and every outcome counted."""
from __future__ import annotations

import json

import pytest

from shared import metrics, webhooks
from shared.context import current
from shared.errors import InvalidInput, Unauthenticated
from shared.nameko_kit.callbacks import accept_webhook

SECRET = "bank-secret"


def count(outcome: str) -> float:
    return metrics.WEBHOOKS.labels("test-party", outcome)._value.get()


def test_a_verified_webhook_is_recorded_as_caused_by_its_id() -> None:
    body = json.dumps({"type": "deposit.received", "amount_fen": 100}).encode()
    seen = []
    before = count("recorded")
    answer = accept_webhook("test-party", SECRET, webhooks.sign(SECRET, "wh_42", body), body,
                            lambda report: seen.append((report, current().causation_id)) or True)
    assert answer == {"recorded": True}
    assert seen == [({"type": "deposit.received", "amount_fen": 100}, "wh_42")]
    assert count("recorded") == before + 1


def test_a_repeat_is_answered_not_recorded_and_counted_as_such() -> None:
    body = b'{"type": "deposit.received"}'
    before = count("repeated")
    assert accept_webhook("test-party", SECRET, webhooks.sign(SECRET, "wh_1", body), body,
                          lambda report: False) == {"recorded": False}
    assert count("repeated") == before + 1


@pytest.mark.parametrize("body, headers_secret, error, code", [
    (b'{"type": "x"}', "forger", Unauthenticated, "bad_signature"),
    (b'[1, 2]', SECRET, InvalidInput, "invalid_callback"),
    (b'{"kind": "x"}', SECRET, InvalidInput, "invalid_callback"),
    (b'not json', SECRET, InvalidInput, "invalid_callback"),
])
def test_a_refused_webhook_records_nothing(body: bytes, headers_secret: str, error: type, code: str) -> None:
    before = count(code)
    with pytest.raises(error) as caught:
        accept_webhook("test-party", SECRET, webhooks.sign(headers_secret, "wh_1", body), body,
                       lambda report: pytest.fail("recorded"))
    assert caught.value.code == code and count(code) == before + 1
