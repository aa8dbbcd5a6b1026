"""Who is acting and why: carried from the gateway to every event's metadata."""
from __future__ import annotations

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from typing import Iterator


@dataclass(frozen=True)
class CommandContext:
    actor_id: str
    role: str
    org_id: str | None = None
    correlation_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    causation_id: str | None = None
    idempotency_key: str | None = None

    def as_meta(self) -> dict[str, str]:
        """The fields that are set, as the plain dict recorded in each event's metadata (built field by
        field: every command of a selection burst pays for it)."""
        return {name: value for name in _FIELD_NAMES if (value := getattr(self, name)) is not None}

    def caused_by(self, event_id: str, correlation_id: str | None = None) -> "CommandContext":
        """Context for a command issued by a policy in reaction to an event (in the event's correlation)."""
        return replace(self, causation_id=event_id, idempotency_key=None,
                       correlation_id=correlation_id or self.correlation_id)


_FIELD_NAMES = tuple(f.name for f in fields(CommandContext))
SYSTEM = CommandContext(actor_id="system", role="system")

_current: contextvars.ContextVar[CommandContext | None] = contextvars.ContextVar(
    "command_context", default=None
)


def current() -> CommandContext | None:
    return _current.get()


def current_meta() -> dict[str, str]:
    ctx = _current.get()
    return ctx.as_meta() if ctx else {}


@contextmanager
def acting_as(ctx: CommandContext) -> Iterator[CommandContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
