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


def as_answer(error: DomainError) -> dict[str, Any]:
    """An error as one answer among many (a batch's answers travel as data, not as a raised error)."""
    return {"error": error.as_dict(), "kind": type(error).__name__}


def batch_answers(answers: Any, size: int) -> list[dict[str, Any]]:
    """A batch's answers, checked: one per command, or the batch fails as a whole."""
    if not isinstance(answers, list) or len(answers) != size:
        raise ValueError(f"{len(answers) if isinstance(answers, list) else 'no'} answers for {size} commands")
    return answers


def failed_batch(exc: BaseException, size: int) -> list[dict[str, Any]]:
    """The answer of every command of a batch that could not be decided as a whole."""
    error = exc if isinstance(exc, DomainError) else Unavailable("selection could not be reached; try again",
                                                                  code="upstream_failed")
    return [as_answer(error)] * size


def raise_answer(answer: dict[str, Any]) -> Any:
    """The result of one answer, or its error raised again as the class it was."""
    if "error" not in answer:
        return answer["result"]
    error, kind = answer["error"], _BY_NAME.get(answer.get("kind", ""), DomainError)
    raise kind(error["message"], error["code"], error.get("details"))


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
_BY_NAME = {cls.__name__: cls for cls in ALL_ERRORS}
