"""Errors that cross boundaries carry a machine-readable code, a human message and details.

The gateway maps each class to its HTTP status; RPC transports them as instances.
"""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    default_code = "bad_request"

    def __init__(self, message: str, code: str | None = None, details: Any = None) -> None:
        details = details if details not in (None, "None") else {}
        super().__init__(message, code or self.default_code, details)
        self.message = message
        self.code = code or self.default_code
        self.details = details

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class InvalidInput(DomainError):
    status = 400
    default_code = "invalid_input"


class Unauthenticated(DomainError):
    status = 401
    default_code = "unauthenticated"


class Forbidden(DomainError):
    status = 403
    default_code = "forbidden"


class NotFound(DomainError):
    status = 404
    default_code = "not_found"


class Conflict(DomainError):
    status = 409
    default_code = "conflict"


class RuleViolation(DomainError):
    """A business rule refuses the command (the request was well-formed)."""

    status = 422
    default_code = "rule_violation"


class TooManyRequests(DomainError):
    status = 429
    default_code = "too_many_requests"


class Unavailable(DomainError):
    status = 503
    default_code = "unavailable"


class StoredDataIntegrityError(DomainError):
    """Stored data failed its integrity check (altered, moved between records, or a version missing).

    A fault on the server's side, never the client's: 500, and never mistaken for "not found"."""

    status = 500
    default_code = "stored_data_integrity"


ALL_ERRORS = (
    DomainError,
    InvalidInput,
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    RuleViolation,
    TooManyRequests,
    Unavailable,
    StoredDataIntegrityError,
)
