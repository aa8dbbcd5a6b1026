"""Electronic signature (电子签章): the signer scans a QR code, reviews the document's fingerprint and signs.

The provider calls back esign.signed / esign.declined with the document_sha256 it was given.
"""
from __future__ import annotations

import os
from typing import Mapping

from shared.signed_callbacks import SignedJsonClient

DEFAULT_URL = "http://127.0.0.1:8190/esign"


class ESignatureClient(SignedJsonClient):
    def open_order(self, *, merchant_ref: str, document_sha256: str, document_title: str, signer_name: str,
                   callback_url: str) -> dict:
        """Open a signing order for one signer; returns {"order_id", "qr_url"}."""
        return self.post("/v1/orders", {"merchant_ref": merchant_ref, "document_sha256": document_sha256,
                                        "document_title": document_title, "signer_name": signer_name,
                                        "callback_url": callback_url})


def esign_from_env(environ: Mapping[str, str] = os.environ) -> ESignatureClient:
    return ESignatureClient.from_env(environ, "HOUSING_ESIGN_URL", DEFAULT_URL, "HOUSING_ESIGN_SECRET")
