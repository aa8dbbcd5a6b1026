"""Integration events: the published language of a service, and which of its stored domain events leave as what.

A service declares what it publishes in its `api/events.py` (no domain imports): each event's name, version,
payload schema and which payload fields hold personal data. Its adapters map domain event classes onto those
declarations (`Outbound`); the relay and the catch-up reader publish only mapped events, so everything else
a service stores stays inside it. Personal data is masked before it leaves (`mask`), unless a declaration
says a field may leave as it is.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields as dc_fields
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Callable, Iterable, Mapping

from marshmallow import INCLUDE, Schema, fields as ma_fields

from shared.fields import PayloadText, TextTree


class PayloadSchema(Schema):
    """Base of every payload schema, a producer's declaration or a consumer's own copy: publishers may add
    fields; a consumer reads only what it needs and ignores the rest."""

    class Meta:
        unknown = INCLUDE


def payload(**declared: ma_fields.Field) -> type[PayloadSchema]:
    """A payload schema from its fields: `payload(room_id=text(), room=tree())`."""
    return PayloadSchema.from_dict(declared)


def text() -> ma_fields.Field:
    return PayloadText(required=True)


def tree() -> ma_fields.Field:
    return TextTree(required=True)


def texts() -> ma_fields.Field:
    return ma_fields.List(PayloadText(), required=True)


def integer() -> ma_fields.Field:
    return ma_fields.Integer(required=True)


def flag() -> ma_fields.Field:
    return ma_fields.Boolean(required=True)


def mask(value: Any) -> Any:
    """A personal value as it may leave the service: its first character, the rest starred ("张三" → "张*"),
    enough for a person reading a list to recognise whom it is about, not enough to identify them."""
    if not isinstance(value, str) or not value:
        return value
    return value[0] + "*" * max(len(value) - 1, 1)


@dataclass(frozen=True)
class IntegrationEvent:
    """One event of a service's published language."""

    name: str
    version: int
    schema: type[Schema]
    personal: tuple[str, ...] = ()  # payload fields holding personal data: masked before they leave

    def __post_init__(self) -> None:
        unknown = set(self.personal) - set(self.schema._declared_fields)
        if unknown:
            raise ValueError(f"{self.name} marks {sorted(unknown)} personal, but its payload has no such fields")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(self.schema._declared_fields)


@dataclass(frozen=True)
class PublishedLanguage:
    """Every integration event one service publishes."""

    source: str
    events: tuple[IntegrationEvent, ...]

    def __post_init__(self) -> None:
        names = [e.name for e in self.events]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.source} declares an integration event twice")

    def get(self, name: str) -> IntegrationEvent | None:
        return next((e for e in self.events if e.name == name), None)


Translate = Callable[[Any], Mapping[str, Any]]


@dataclass(frozen=True)
class Outbound:
    """Which stored domain events leave the service, and as which integration event. A domain event class not
    in `mapping` is internal. A mapping entry is the declared event, or (event, translate) when the payload
    is not simply the declared fields read off the domain event."""

    language: PublishedLanguage
    mapping: Mapping[type, IntegrationEvent | tuple[IntegrationEvent, Translate]]
    _entries: dict[type, tuple[IntegrationEvent, Translate | None]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        entries = {cls: (entry if isinstance(entry, tuple) else (entry, None)) for cls, entry in self.mapping.items()}
        for cls, (event, translate) in entries.items():
            if self.language.get(event.name) is not event:
                raise ValueError(
                    f"{cls.__qualname__} maps to {event.name}, which {self.language.source} does not declare")
            if translate is None:
                missing = set(event.field_names) - {f.name for f in dc_fields(cls)}
                if missing:
                    raise ValueError(f"{cls.__qualname__} has no {sorted(missing)} for {event.name}'s payload")
        unmapped = {e.name for e in self.language.events} - {event.name for event, _ in entries.values()}
        if unmapped:
            raise ValueError(f"{self.language.source} declares {sorted(unmapped)} but maps no domain event onto them")
        object.__setattr__(self, "_entries", entries)

    @property
    def source(self) -> str:
        return self.language.source

    def published_form(self, domain_event: Any) -> tuple[IntegrationEvent, dict[str, Any]] | None:
        """(the integration event, its payload as JSON data, personal fields masked), or None if it stays inside."""
        entry = self._entries.get(type(domain_event))
        if entry is None:
            return None
        event, translate = entry
        values = translate(domain_event) if translate else {n: getattr(domain_event, n) for n in event.field_names}
        data = {name: to_jsonable(values[name]) for name in event.field_names}
        for name in event.personal:
            data[name] = mask(data[name])
        return event, data

    def domain_classes(self) -> Iterable[type]:
        return self._entries.keys()


def to_jsonable(value: Any) -> Any:
    """Plain JSON data for a domain value (ids, decimals, instants and enums as strings)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return to_jsonable(value.value)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    raise TypeError(f"cannot put {type(value).__name__} into an integration event")
