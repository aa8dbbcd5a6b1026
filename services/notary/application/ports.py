"""The parties the notary application talks to; services/notary/adapters speak their protocols."""
from __future__ import annotations

from typing import Any, Protocol


class FaceVerification(Protocol):
    def start(self, *, merchant_ref: str, purpose: str, callback_url: str) -> dict[str, Any]:
        """{"session_id", "qr_url"}; the provider reports face.passed / face.failed by signed callback."""


class Commands(Protocol):
    def send(self, service: str, method: str, idempotency_key: str, causation_id: str, **kwargs: Any) -> Any:
        """Run a service's command as the system, with an idempotency key: a repeat returns the first answer."""
