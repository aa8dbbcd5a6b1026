"""The Standard Webhooks layout (standardwebhooks.com), spoken by the escrow bank and the real-estate registry.

A callback carries `webhook-id` (the message's id, the same on every retry), `webhook-timestamp` (unix seconds)
and `webhook-signature`: space-separated `v1,<base64 HMAC-SHA256(key, f"{id}.{timestamp}." + raw body)>` values
(several while a secret is being rotated; one match suffices). A receiver refuses a timestamp more than
`tolerance` seconds away, so that a captured callback cannot be replayed later, and counts a webhook-id once.

The key is the secret's UTF-8 bytes, or, for a secret written `whsec_<base64>` as Standard Webhooks issues
them, the decoded bytes.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from typing import Mapping

from shared.errors import Unauthenticated
from shared.signed_callbacks import header, require_fresh, require_match, timestamp_of

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
HEADERS = (ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER)
VERSION = "v1"
SECRET_PREFIX = "whsec_"


def _key(secret: str) -> bytes:
    if secret.startswith(SECRET_PREFIX):
        try:
            return base64.b64decode(secret[len(SECRET_PREFIX):], validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("a whsec_ secret must be base64 after its prefix") from None
    return secret.encode("utf-8")


def _signature(secret: str, msg_id: str, stamp: str, body: bytes) -> str:
    digest = hmac.new(_key(secret), f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def sign(secret: str, msg_id: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The three headers of a callback with this id and raw body."""
    stamp = str(int(time.time()) if timestamp is None else int(timestamp))
    return {ID_HEADER: msg_id, TIMESTAMP_HEADER: stamp,
            SIGNATURE_HEADER: f"{VERSION},{_signature(secret, msg_id, stamp, body)}"}


def verify(secret: str, headers: Mapping[str, str], body: bytes, now: float | None = None,
           tolerance: int = 300) -> str:
    """The callback's webhook-id, once its signature is valid and fresh; else Unauthenticated with the code
    `bad_signature` (unsigned, malformed or forged) or `stale_signature` (outside the window)."""
    msg_id, stamp, signatures = (header(headers, name) for name in HEADERS)
    if not msg_id or not stamp or not signatures:
        raise Unauthenticated("the callback is not signed", code="bad_signature")
    timestamp = timestamp_of(stamp)
    offered = [value.split(",", 1)[1] for value in signatures.split() if value.startswith(f"{VERSION},")]
    require_match(_signature(secret, msg_id, stamp, body), offered)
    require_fresh(timestamp, now, tolerance)
    return msg_id
