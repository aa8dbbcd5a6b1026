"""Face verification (人脸识别): the person scans a QR code and the provider calls back face.passed / face.failed."""
from __future__ import annotations

import hashlib
import hmac
import os
from typing import Mapping

from shared.identity_documents import normalised_number
from shared.signed_callbacks import SignedJsonClient

DEFAULT_URL = "http://127.0.0.1:8190/face"


def subject_hash(id_number: str, key: str) -> str:
    """How the face-verification protocol names a person without the ID number: HMAC-SHA256 of the
    normalised number under the secret shared with the provider (a bare hash of an ID number could be
    reversed by trying every plausible number). The gateway computes it at sign-in, the provider in its
    callback; the lease compares them. A first-generation 15-digit number is hashed in its 18-character form."""
    number = normalised_number(id_number.strip())
    return hmac.new(key.encode("utf-8"), number.encode("utf-8"), hashlib.sha256).hexdigest()


class FaceVerificationClient(SignedJsonClient):
    def start(self, *, merchant_ref: str, purpose: str, callback_url: str) -> dict:
        """Open a verification session; returns {"session_id", "qr_url"}."""
        return self.post("/v1/sessions", {"merchant_ref": merchant_ref, "purpose": purpose,
                                          "callback_url": callback_url})


def face_from_env(environ: Mapping[str, str] = os.environ) -> FaceVerificationClient:
    return FaceVerificationClient.from_env(environ, "HOUSING_FACE_URL", DEFAULT_URL, "HOUSING_FACE_SECRET")
