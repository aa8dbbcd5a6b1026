"""A refusal says why (R000.14, R001.16, R001.18): at least one reason that is not blank."""
from __future__ import annotations

from shared.errors import RuleViolation


def require_reasons(reasons: list[str], what: str = "rejection") -> None:
    if not [reason for reason in reasons if reason.strip()]:
        raise RuleViolation(f"a {what} must give its reasons", code="reasons_required")
