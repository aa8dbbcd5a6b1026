"""The Standard Webhooks layout: the published test vector, rotation lists, and every refusal."""
from __future__ import annotations

import json
import time

import pytest

from shared.errors import Unauthenticated
from shared.webhooks import ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, verify

SECRET = "bank-secret-for-tests"
BODY = json.dumps({"type": "deposit.received", "amount_fen": 150000000, "说明": "首付"}, ensure_ascii=False).encode()

# The test vector the Standard Webhooks specification publishes (its reference libraries test against it).
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TIMESTAMP = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def _refusal(headers: dict[str, str], body: bytes = BODY, secret: str = SECRET, **kwargs: float) -> str:
    with pytest.raises(Unauthenticated) as caught:
        verify(secret, headers, body, **kwargs)
    return caught.value.code


def test_signing_reproduces_the_published_test_vector() -> None:
    headers = sign(VECTOR_SECRET, VECTOR_ID, VECTOR_BODY, timestamp=VECTOR_TIMESTAMP)
    assert headers == {ID_HEADER: VECTOR_ID, TIMESTAMP_HEADER: str(VECTOR_TIMESTAMP), SIGNATURE_HEADER: VECTOR_SIGNATURE}


def test_the_published_test_vector_verifies_within_its_window_only() -> None:
    headers = {ID_HEADER: VECTOR_ID, TIMESTAMP_HEADER: str(VECTOR_TIMESTAMP), SIGNATURE_HEADER: VECTOR_SIGNATURE}
    assert verify(VECTOR_SECRET, headers, VECTOR_BODY, now=VECTOR_TIMESTAMP + 299) == VECTOR_ID
    assert _refusal(headers, VECTOR_BODY, VECTOR_SECRET, now=VECTOR_TIMESTAMP + 301) == "stale_signature"


def test_a_signed_callback_verifies_and_gives_its_id() -> None:
    headers = sign(SECRET, "wh_1", BODY)
    assert abs(int(headers[TIMESTAMP_HEADER]) - time.time()) < 5
    assert verify(SECRET, headers, BODY) == "wh_1"


def test_header_names_are_matched_case_insensitively() -> None:
    headers = {name.title(): value for name, value in sign(SECRET, "wh_1", BODY).items()}
    assert verify(SECRET, headers, BODY) == "wh_1"


def test_a_rotation_list_with_one_good_signature_verifies() -> None:
    headers = sign(SECRET, "wh_1", BODY)
    old = sign("old-secret", "wh_1", BODY, timestamp=int(headers[TIMESTAMP_HEADER]))[SIGNATURE_HEADER]
    headers[SIGNATURE_HEADER] = f"{old} v2,abc {headers[SIGNATURE_HEADER]}"
    assert verify(SECRET, headers, BODY) == "wh_1"


@pytest.mark.parametrize("missing", [ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER])
def test_an_unsigned_callback_is_refused(missing: str) -> None:
    headers = sign(SECRET, "wh_1", BODY)
    del headers[missing]
    assert _refusal(headers) == "bad_signature"


def test_another_secret_is_refused() -> None:
    assert _refusal(sign("forger", "wh_1", BODY)) == "bad_signature"


def test_a_changed_body_is_refused() -> None:
    assert _refusal(sign(SECRET, "wh_1", BODY), BODY.replace(b"150000000", b"950000000")) == "bad_signature"


def test_a_changed_id_is_refused() -> None:
    """The id is signed: a captured callback cannot pass as a new one by changing its id."""
    headers = sign(SECRET, "wh_1", BODY)
    headers[ID_HEADER] = "wh_2"
    assert _refusal(headers) == "bad_signature"


def test_a_changed_timestamp_is_refused() -> None:
    headers = sign(SECRET, "wh_1", BODY)
    headers[TIMESTAMP_HEADER] = str(int(headers[TIMESTAMP_HEADER]) + 1)
    assert _refusal(headers) == "bad_signature"


@pytest.mark.parametrize("stamp", ["", "12a", "-5", "١٢٣", "1.5"])
def test_a_timestamp_that_is_not_digits_is_refused(stamp: str) -> None:
    headers = sign(SECRET, "wh_1", BODY)
    headers[TIMESTAMP_HEADER] = stamp
    assert _refusal(headers) == "bad_signature"


def test_a_signature_of_another_version_is_refused() -> None:
    headers = sign(SECRET, "wh_1", BODY)
    headers[SIGNATURE_HEADER] = headers[SIGNATURE_HEADER].replace("v1,", "v1a,")
    assert _refusal(headers) == "bad_signature"


@pytest.mark.parametrize("offset", [-301, 301, 3600])
def test_a_stale_or_future_timestamp_is_refused(offset: int) -> None:
    headers = sign(SECRET, "wh_1", BODY, timestamp=1_700_000_000)
    assert _refusal(headers, now=1_700_000_000 + offset) == "stale_signature"


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_the_window_is_five_minutes_either_way(offset: int) -> None:
    headers = sign(SECRET, "wh_1", BODY, timestamp=1_700_000_000)
    assert verify(SECRET, headers, BODY, now=1_700_000_000 + offset) == "wh_1"


def test_a_forged_stale_callback_says_forged_not_stale() -> None:
    assert _refusal(sign("forger", "wh_1", BODY, timestamp=1), now=1_700_000_000) == "bad_signature"
