"""What every gateway process does with an API request once its transport has read it.

Authorise the principal for the route, check the idempotency key, validate a JSON body and build
the command context that services record with each event. Framework-neutral: the Nameko gateway
(WSGI, eventlet) and the selection edge (asyncio) both answer through these functions, so a request
gets the same checks and the same errors whichever door it came through.
"""
from __future__ import annotations

import functools
import json
import logging
import uuid
from typing import Any

from marshmallow import ValidationError

from shared import outages
from shared.context import CommandContext
from shared.errors import DomainError, Forbidden, InvalidInput
from services.gateway.auth import Principal
from services.gateway.routes import Route

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000


@functools.cache
def schema(schema_class: type) -> Any:
    """One instance per schema class: loading is stateless, building a schema is not free."""
    return schema_class()


def authorise(route: Route, principal: Principal) -> None:
    if route.roles is not None and principal.role not in route.roles:
        raise Forbidden(f"a {principal.role} may not {route.summary[0].lower()}{route.summary[1:]}",
                        code="role_not_allowed", details={"allowed_roles": list(route.roles)})


def idempotency_key(route: Route, key: str | None) -> str | None:
    if key is not None and not (1 <= len(key) <= 100):
        raise InvalidInput("Idempotency-Key must have 1 to 100 characters", code="invalid_idempotency_key")
    if route.burst and key is None:
        raise InvalidInput("selection commands carry an Idempotency-Key header, so a retry is harmless",
                           code="idempotency_key_required")
    return key


def json_body(route: Route, raw: bytes, mimetype: str | None, length: int | None) -> dict[str, Any] | None:
    """The route's JSON body, checked against its schema (None for routes without one)."""
    body = json_object(route, raw, mimetype, length)
    if body is not None:
        try:
            schema(route.body).load(body)
        except ValidationError as exc:
            raise InvalidInput("the request does not match the expected shape", details=exc.messages) from None
    return body


def json_object(route: Route, raw: bytes, mimetype: str | None, length: int | None) -> dict[str, Any] | None:
    """The route's body as a JSON object, not yet checked against its schema (None for routes without one).

    The selection edge stops here: its routes go to the lottery, whose RPC boundary loads the body with
    the same schema and refuses it with the same error, so checking it twice would only double the
    cost of a burst's commands."""
    if route.body is None:
        return None
    if length and length > MAX_BODY_BYTES:
        raise InvalidInput("the request body is too large", code="body_too_large")
    if mimetype != "application/json":
        raise InvalidInput("send the body as application/json", code="unsupported_media_type")
    try:
        body = json.loads(raw or b"null")
    except ValueError as exc:
        raise InvalidInput("the body is not valid JSON", code="invalid_json", details={"error": str(exc)}) from None
    if not isinstance(body, dict):
        raise InvalidInput("the body must be a JSON object", code="invalid_input")
    return body


def command_context(principal: Principal, key: str | None, request_id: str | None) -> dict[str, Any]:
    return CommandContext(actor_id=principal.user_id, role=principal.role, org_id=principal.org_id,
                          correlation_id=request_id or str(uuid.uuid4()), idempotency_key=key).as_meta()


def error_body(error: DomainError) -> tuple[dict[str, Any], int, dict[str, str]]:
    """The JSON body, status and headers of an error answer; a saturated service says when to retry."""
    headers = {"Retry-After": "2"} if error.status in (429, 503) else {}
    return {"error": error.as_dict()}, error.status, headers


def failure_body(exc: BaseException) -> tuple[dict[str, Any], int, dict[str, str]]:
    """The answer to a request that failed with something other than a DomainError: a broker or database
    that is away is a 503 with Retry-After, anything else a 500; neither names the failure (it is logged)."""
    dependency = outages.dependency_of(exc)
    if dependency is not None:
        return error_body(outages.unavailable(dependency, exc))
    log.error("unexpected failure: %s: %s", type(exc).__name__, exc, exc_info=exc)
    return {"error": {"code": "internal_error", "message": "something went wrong on our side", "details": {}}}, 500, {}


def route_not_found(path: str) -> tuple[dict[str, Any], int]:
    return {"error": {"code": "route_not_found", "message": "no such endpoint", "details": {"path": path}}}, 404


def method_not_allowed(method: str, allowed: list[str]) -> tuple[dict[str, Any], int]:
    return {"error": {"code": "method_not_allowed", "message": f"{method} is not allowed here",
                      "details": {"allowed": allowed}}}, 405
