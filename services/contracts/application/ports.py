"""What the lease signing needs from external parties; adapters implement these (real or simulated)."""
from __future__ import annotations

from typing import Any, Protocol


class FaceVerification(Protocol):
    def start(self, *, merchant_ref: str, purpose: str, callback_url: str) -> dict[str, Any]:
        """Opens a verification session: {"session_id", "qr_url"}; the result comes by callback."""


class ESignature(Protocol):
    def open_order(self, *, merchant_ref: str, document_sha256: str, document_title: str, signer_name: str,
                   callback_url: str) -> dict[str, Any]:
        """Opens a signing order for a document: {"order_id", "qr_url"}; the signature comes by callback."""


class Sms(Protocol):
    def send(self, *, client_ref: str, phone: str, template: str, params: dict[str, Any]) -> dict[str, Any]:
        """Sends once per client_ref: {"message_id"}."""
