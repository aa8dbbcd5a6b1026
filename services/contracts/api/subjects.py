"""How the face-verification protocol names a person: published, because the gateway names the person who
signs in the same way and puts it in the token, and the lease compares it with the provider's report."""
from __future__ import annotations

import hashlib
import hmac

from shared.identity_documents import normalised_number


def subject_hash(id_number: str, key: str) -> str:
    """How the face-verification protocol names a person without the ID number: HMAC-SHA256 of the
    normalised number under the secret shared with the provider (a bare hash of an ID number could be
    reversed by trying every plausible number). The gateway computes it at sign-in, the provider in its
    callback; the lease compares them. A first-generation 15-digit number is hashed in its 18-character form."""
    number = normalised_number(id_number.strip())
    return hmac.new(key.encode("utf-8"), number.encode("utf-8"), hashlib.sha256).hexdigest()
