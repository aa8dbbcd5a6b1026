"""Electronic keys (电子密钥, R000.1): a high-entropy secret per developer, kept only as a hash.

The key stands in for the USB key of the guide: it is issued once by the bureau and presented
at every developer login with user name and password.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets


def issue() -> tuple[str, str, str]:
    """(key id, the key to hand over, its hash to store)."""
    key_id = secrets.token_hex(4)
    key = f"{key_id}.{secrets.token_urlsafe(24)}"
    return key_id, key, _hash(key)


def matches(key_id: str | None, key_hash: str | None, presented: str) -> bool:
    if not key_id or not key_hash or not presented.startswith(f"{key_id}."):
        return False
    return hmac.compare_digest(key_hash, _hash(presented))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
