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
import os
import uuid
from typing import Any

from marshmallow import ValidationError

from shared import outages
from services.gateway import metrics
from shared.context import CommandContext
from shared.errors import DomainError, Forbidden, InvalidInput, NotFound
from shared.text import refused_character
from services.gateway.auth import Principal
from services.gateway.routes import UUID_PARAMS, Route

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000  # a JSON body
MAX_PATH_PARAMETER = 100
MAX_REQUEST_ID = 100
# What an answer that does not match its route's response schema does: `log` (counted and logged, sent
# as it is) or `strict` (answered 500 instead: the test stack's choice, so that drift fails the tests).
ANSWER_CHECK = os.environ.get("HOUSING_ANSWER_CHECK", "log")


class AnswerOffSchema(Exception):
    """A service answered with something its route's response schema does not describe."""


@functools.cache
def schema(schema_class: type) -> Any:
    """One instance per schema class: loading is stateless, building a schema is not free."""
    return schema_class()


def path_ids(params: dict[str, str]) -> dict[str, str]:
    """The path's parameters; one that should name an aggregate by its UUID and does not names nothing."""
    for name, value in params.items():
        if name in UUID_PARAMS:
            try:
                uuid.UUID(value)
            except ValueError:
                kind = name.removesuffix("_id")
                raise NotFound(f"no such {kind}", code=f"{kind}_not_found", details={"id": value}) from None
    return params


def authorise(route: Route, principal: Principal) -> None:
    if route.roles is not None and principal.role not in route.roles:
        raise Forbidden(f"a {principal.role} may not {route.summary[0].lower()}{route.summary[1:]}",
                        code="role_not_allowed", details={"allowed_roles": list(route.roles)})


def path_parameters(params: dict[str, str]) -> dict[str, str]:
    """The path's parameters (ids, section names), refused when too long or holding control characters."""
    details = {}
    for name, value in params.items():
        problem = refused_character(value) or (len(value) > MAX_PATH_PARAMETER and
                                               f"at most {MAX_PATH_PARAMETER} characters")
        if problem:
            details[name] = [problem]
    if details:
        raise InvalidInput("the path does not match the expected shape", details=details)
    return dict(path_ids(params))


def idempotency_key(route: Route, key: str | None) -> str | None:
    if key is not None and not (1 <= len(key) <= 100):
        raise InvalidInput("Idempotency-Key must have 1 to 100 characters", code="invalid_idempotency_key")
    problem = key is not None and refused_character(key)
    if problem:
        raise InvalidInput("Idempotency-Key may not hold control characters", code="invalid_idempotency_key",
                           details={"Idempotency-Key": [problem]})
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
    if length and length > body_limit(route):
        raise InvalidInput("the request body is too large", code="body_too_large",
                           details={"max": body_limit(route)})
    if mimetype != "application/json":
        raise InvalidInput("send the body as application/json", code="unsupported_media_type")
    try:
        body = json.loads(raw or b"null", object_pairs_hook=_object_with_clean_names)
    except UnsafeName as exc:
        raise InvalidInput("a name in the body holds a character it may not", details={"body": [str(exc)]}) from None
    except ValueError as exc:
        raise InvalidInput("the body is not valid JSON", code="invalid_json", details={"error": str(exc)}) from None
    if not isinstance(body, dict):
        raise InvalidInput("the body must be a JSON object", code="invalid_input")
    return body


def body_limit(route: Route) -> int:
    """A JSON body's size limit: the route's own (one carrying several images) or MAX_BODY_BYTES."""
    return route.max_body or MAX_BODY_BYTES


class UnsafeName(ValueError):
    """A JSON object's name holds a control character or a lone surrogate."""


def _object_with_clean_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose names are all clean text: names come back in error details, and no name may
    hold what no field of ours has."""
    for name, _ in pairs:
        problem = refused_character(name)
        if problem:
            raise UnsafeName(problem)
    return dict(pairs)


def checked_answer(route: Route, answer: Any) -> Any:
    """The service's answer, checked against the route's declared response (its JSON schema, or for a
    file its media type): the OpenAPI document is built from the same schemas, so the two cannot drift."""
    try:
        if route.response is not None:
            schema(route.response).load(answer)
        elif route.media and (not isinstance(answer, dict) or answer.get("content_type") not in route.media):
            raise ValidationError({"content_type": [f"not one of {', '.join(route.media)}"]})
    except ValidationError as exc:
        metrics.ANSWERS_OFF_SCHEMA.labels(route.name).inc()
        log.error("the answer of %s does not match its response schema: %s", route.name, exc.messages)
        if ANSWER_CHECK == "strict":
            raise AnswerOffSchema(route.name) from None
    return answer


def command_context(principal: Principal, key: str | None, request_id: str | None) -> dict[str, Any]:
    if request_id and (len(request_id) > MAX_REQUEST_ID or refused_character(request_id)):
        raise InvalidInput(f"X-Request-Id must have at most {MAX_REQUEST_ID} characters and no control characters",
                           code="invalid_request_id")
    return CommandContext(actor_id=principal.user_id, role=principal.role, org_id=principal.org_id,
                          correlation_id=request_id or str(uuid.uuid4()), idempotency_key=key).as_meta()


def error_body(error: DomainError) -> tuple[dict[str, Any], int, dict[str, str]]:
    """The JSON body, status and headers of an error answer; a saturated or throttling service says when
    to retry (its own `retry_after` detail, else 2 seconds)."""
    retry_after = error.details.get("retry_after", 2) if isinstance(error.details, dict) else 2
    headers = {"Retry-After": str(retry_after)} if error.status in (429, 503) else {}
    return {"error": error.as_dict()}, error.status, headers


def internal_error() -> tuple[dict[str, Any], int]:
    """An unexpected failure: the status, never its text."""
    return {"error": {"code": "internal_error", "message": "something went wrong on our side", "details": {}}}, 500


def failure_body(exc: BaseException) -> tuple[dict[str, Any], int, dict[str, str]]:
    """The answer to a request that failed with something other than a DomainError: a broker or database
    that is away is a 503 with Retry-After, anything else a 500; neither names the failure (it is logged)."""
    dependency = outages.dependency_of(exc)
    if dependency is not None:
        return error_body(outages.unavailable(dependency, exc))
    log.error("unexpected failure: %s: %s", type(exc).__name__, exc, exc_info=exc)
    return (*internal_error(), {})


def route_not_found(path: str) -> tuple[dict[str, Any], int]:
    return {"error": {"code": "route_not_found", "message": "no such endpoint", "details": {"path": path}}}, 404


def method_not_allowed(method: str, allowed: list[str]) -> tuple[dict[str, Any], int, dict[str, str]]:
    allowed = sorted(set(allowed))
    return ({"error": {"code": "method_not_allowed", "message": f"{method} is not allowed here",
                       "details": {"allowed": allowed}}}, 405, {"Allow": ", ".join(allowed)})
