"""Face verification for the notary (the same provider and protocol as the lease's; its own callback)."""
from __future__ import annotations

import os
from typing import Mapping

from shared.signed_callbacks import SignedJsonClient

DEFAULT_URL = "http://127.0.0.1:8190/face"


class FaceClient(SignedJsonClient):
    def start(self, *, merchant_ref: str, purpose: str, callback_url: str) -> dict:
        return self.post("/v1/sessions", {"merchant_ref": merchant_ref, "purpose": purpose,
                                          "callback_url": callback_url})


def face_from_env(environ: Mapping[str, str] = os.environ) -> FaceClient:
    return FaceClient.from_env(environ, "HOUSING_FACE_URL", DEFAULT_URL, "HOUSING_FACE_SECRET")
