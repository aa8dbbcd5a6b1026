"""The boundary of every RPC command and query: validate, set the actor, time, map errors.

A database that is away (a refused or lost connection, the pool's timeout) is answered `Unavailable`
(503 with Retry-After at the gateway) and counted, never sent back as an internal error.
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Callable

from marshmallow import EXCLUDE, Schema, ValidationError, fields

from shared import outages
from shared.context import CommandContext, acting_as
from shared.errors import DomainError, Forbidden, InvalidInput

log = logging.getLogger(__name__)


class CommandContextSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    actor_id = fields.String(required=True)
    role = fields.String(required=True)
    org_id = fields.String(load_default=None, allow_none=True)
    correlation_id = fields.String(required=True)
    causation_id = fields.String(load_default=None, allow_none=True)
    idempotency_key = fields.String(load_default=None, allow_none=True)


_ctx_schema = CommandContextSchema()


def load(schema: Schema, data: Any) -> Any:
    try:
        return schema.load(data if data is not None else {})
    except ValidationError as exc:
        raise InvalidInput("the request does not match the expected shape", details=exc.messages) from exc


def admit(ctx: Any, body: Any, body_schema: Schema | None, roles: tuple[str, ...] | None) -> tuple[CommandContext, Any]:
    """The caller's context and the loaded body of a call, or the error that refuses it."""
    context = CommandContext(**load(_ctx_schema, ctx))
    if roles is not None and context.role not in roles:
        raise Forbidden(f"role {context.role} may not do this", code="role_not_allowed",
                        details={"allowed_roles": list(roles)})
    return context, load(body_schema, body) if body_schema is not None else body


def edge(body_schema: Schema | None = None, roles: tuple[str, ...] | None = None) -> Callable:
    """Wrap an RPC method `(self, ctx, body=None, **kwargs)`.

    `ctx` (a dict) becomes a CommandContext that stamps every event the call records;
    `body` is loaded with `body_schema`; `roles`, when given, are the only roles allowed.
    """

    def decorate(rpc_method: Callable) -> Callable:
        method = database_outage_as_unavailable(rpc_method)

        @functools.wraps(rpc_method)
        def wrapper(self: Any, ctx: dict, body: Any = None, **kwargs: Any) -> Any:
            context, body = admit(ctx, body, body_schema, roles)
            with acting_as(context):
                try:
                    if body_schema is not None:
                        result = method(self, context, body, **kwargs)
                    else:
                        result = method(self, context, **kwargs)
                except DomainError as exc:
                    log.info("%s refused: %s", method.__name__, exc.code)
                    raise
                except Exception:
                    log.exception("unexpected error in %s", method.__name__)
                    raise
                log.info("%s done", method.__name__)
                return result

        return wrapper

    return decorate


def database_outage_as_unavailable(method: Callable) -> Callable:
    """A database that is away is Unavailable, counted, its error only logged (also for an RPC method
    without `edge`: sign-in, the catch-up log)."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except outages.DATABASE_ERRORS as exc:
            raise outages.unavailable("database", exc) from None

    return wrapper
