"""Signed webhooks in the Standard Webhooks layout (the bank's and the real-estate register's callbacks).

Headers: `webhook-id` (the message id, the same on every delivery of one message), `webhook-timestamp` (unix
seconds of this delivery) and `webhook-signature`: space-separated `v1,<base64 HMAC-SHA256>` values over
`id + "." + timestamp + "." + raw body`, keyed with the secret shared with the sender (a `whsec_` secret is
base64 after its prefix, as the standard writes them; any other secret is its UTF-8 bytes). A receiver refuses
a missing or wrong signature (`bad_signature`) and a timestamp outside its window (`stale_signature`), and
counts a message id it has recorded before once.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Mapping

from shared.errors import Unauthenticated

ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER = "webhook-id", "webhook-timestamp", "webhook-signature"
HEADERS = (ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER)
VERSION = "v1"
MAX_ID_LENGTH = 200


def _key(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        return base64.b64decode(secret[len("whsec_"):])
    return secret.encode("utf-8")


def signature(secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()


def sign(secret: str, msg_id: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The headers of one delivery of message `msg_id` carrying `body`."""
    stamp = str(int(time.time()) if timestamp is None else int(timestamp))
    return {ID_HEADER: msg_id, TIMESTAMP_HEADER: stamp,
            SIGNATURE_HEADER: f"{VERSION},{signature(secret, msg_id, stamp, body)}"}


def header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def verify(secret: str, headers: Mapping[str, str], body: bytes, now: float | None = None,
           tolerance: int = 300) -> str:
    """The message id of a delivery signed with `secret` within `tolerance` seconds of `now`; else
    Unauthenticated (`bad_signature`, `stale_signature`)."""
    msg_id, stamp, signatures = (header(headers, name) for name in HEADERS)
    if not msg_id or not stamp or not signatures:
        raise Unauthenticated("the webhook is not signed", code="bad_signature")
    if len(msg_id) > MAX_ID_LENGTH or not msg_id.isascii() or not msg_id.isprintable():
        raise Unauthenticated("the webhook id is not a printable ASCII text of at most 200 characters",
                              code="bad_signature")
    if not (stamp.isascii() and stamp.isdigit()):
        raise Unauthenticated("the webhook timestamp is not a whole number in digits 0-9", code="bad_signature")
    expected = signature(secret, msg_id, stamp, body)
    offered = [value.partition(",") for value in signatures.split()]
    if not any(version == VERSION and hmac.compare_digest(expected.encode(), candidate.encode("utf-8", "replace"))
               for version, _, candidate in offered):
        raise Unauthenticated("the webhook signature does not match", code="bad_signature")
    current = time.time() if now is None else now
    if abs(current - int(stamp)) > tolerance:
        raise Unauthenticated("the webhook timestamp is outside the accepted window", code="stale_signature",
                              details={"tolerance": tolerance})
    return msg_id
