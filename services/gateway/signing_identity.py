"""Agencies and agents sign in with the unified identity bound to their signing account (R001.9).

The gateway verifies the platform's assertion (as for families) and names the person to registry only by a keyed
hash of their identity document: registry never sees the number, and cannot reverse the hash without the key."""
from __future__ import annotations

import hashlib
import hmac
from typing import Any

from services.gateway import unified_identity
from services.gateway.auth import Tokens


def identity_of(body: dict[str, Any], token_secret: str) -> str:
    person = unified_identity.verified_person(body["assertion"], token_secret)
    key = unified_identity.idp_key(token_secret).encode()
    subject = f"{person['id_type']}:{person['sub']}".encode()
    return hmac.new(key, b"signing-account-identity:" + subject, hashlib.sha256).hexdigest()


def signing_account_sign_in(cluster: Any, tokens: Tokens, body: dict[str, Any]) -> dict[str, Any]:
    principal = cluster.call("registry", "identity_sign_in", identity=identity_of(body, tokens.secret))
    return {**tokens.issue(principal), "user": principal}
