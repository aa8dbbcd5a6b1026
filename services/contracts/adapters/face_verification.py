"""Face verification (人脸识别): the person scans a QR code and the provider calls back face.passed / face.failed."""
from __future__ import annotations

import os
from typing import Mapping

from shared.signed_callbacks import SignedJsonClient

DEFAULT_URL = "http://127.0.0.1:8190/face"


class FaceVerificationClient(SignedJsonClient):
    def start(self, *, merchant_ref: str, purpose: str, callback_url: str) -> dict:
        """Open a verification session; returns {"session_id", "qr_url"}."""
        return self.post("/v1/sessions", {"merchant_ref": merchant_ref, "purpose": purpose,
                                          "callback_url": callback_url})


def face_from_env(environ: Mapping[str, str] = os.environ) -> FaceVerificationClient:
    return FaceVerificationClient.from_env(environ, "HOUSING_FACE_URL", DEFAULT_URL, "HOUSING_FACE_SECRET")
