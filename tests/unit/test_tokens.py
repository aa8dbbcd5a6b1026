"""Signed tokens: tampered, expired or missing tokens are refused with distinct codes."""
import time

import jwt
import pytest

from shared.errors import Unauthenticated
from services.gateway.auth import Tokens

SECRET = "s" * 40
PRINCIPAL = {"user_id": "u-1", "username": "clerk", "role": "developer", "org_id": "org-1", "display_name": "C"}


def test_a_token_round_trips_the_principal():
    tokens = Tokens(SECRET)
    principal = tokens.verify("Bearer " + tokens.issue(PRINCIPAL)["token"])
    assert (principal.user_id, principal.role, principal.org_id) == ("u-1", "developer", "org-1")


@pytest.mark.parametrize("header,code", [
    (None, "missing_token"),
    ("Basic abc", "invalid_token"),
    ("Bearer not-a-jwt", "invalid_token"),
])
def test_bad_headers_are_refused(header, code):
    with pytest.raises(Unauthenticated) as info:
        Tokens(SECRET).verify(header)
    assert info.value.code == code


def test_a_token_signed_with_another_secret_is_refused():
    forged = Tokens("x" * 40).issue({**PRINCIPAL, "role": "bureau_officer"})["token"]
    with pytest.raises(Unauthenticated):
        Tokens(SECRET).verify("Bearer " + forged)


def test_an_expired_token_is_refused():
    claims = {"iss": "housing-gateway", "sub": "u-1", "exp": int(time.time()) - 5, "username": "c", "role": "developer"}
    with pytest.raises(Unauthenticated) as info:
        Tokens(SECRET).verify("Bearer " + jwt.encode(claims, SECRET, algorithm="HS256"))
    assert info.value.code == "token_expired"


def test_a_short_secret_is_a_configuration_error():
    with pytest.raises(RuntimeError):
        Tokens("short")


def test_a_verified_token_is_remembered_only_until_it_expires(monkeypatch):
    """The gateway skips re-checking a signature it has checked, but never past the token's expiry."""
    tokens = Tokens(SECRET, lifetime=1)
    header = "Bearer " + tokens.issue(PRINCIPAL)["token"]
    assert tokens.verify(header).user_id == "u-1"
    monkeypatch.setattr(jwt, "decode", lambda *a, **k: pytest.fail("a remembered token is not decoded again"))
    assert tokens.verify(header).user_id == "u-1"
    monkeypatch.undo()
    time.sleep(2.1)
    with pytest.raises(Unauthenticated) as info:
        tokens.verify(header)
    assert info.value.code == "token_expired"
