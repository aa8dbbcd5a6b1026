"""How a notary process builds its application from its settings."""
from __future__ import annotations

from typing import Any

from services.notary.application.app import DEFAULT_CASE_DAYS, NotaryApplication


def notary_application(settings: Any) -> NotaryApplication:
    return NotaryApplication(env=settings.event_store, secret=settings.get("HOUSING_NOTARY_SECRET", ""),
                             case_days=float(settings.get("HOUSING_NOTARY_CASE_DAYS", str(DEFAULT_CASE_DAYS))),
                             portal_url=settings.get("HOUSING_GATEWAY_PUBLIC_URL", "http://127.0.0.1:8080"))
