"""The integration-event envelope: what crosses RabbitMQ between services.

Consumers keep their own payload schemas (copies of what they need); this module knows only
the envelope, which is validated on publish and on consume.
"""
from __future__ import annotations

import uuid
from dataclasses import fields as dc_fields
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Mapping

from marshmallow import INCLUDE, Schema, ValidationError, fields, validate

ENVELOPE_SCHEMA_VERSION = 1
_BASE_FIELDS = {"originator_id", "originator_version", "timestamp", "originator_topic", "meta"}
_EVENT_NS = uuid.UUID("6f1d8a52-8f0e-4d1a-9a53-5c3e2b1f7a10")


class ActorSchema(Schema):
    actor_id = fields.String(required=True)
    role = fields.String(required=True)
    org_id = fields.String(load_default=None, allow_none=True)


class EnvelopeSchema(Schema):
    envelope_version = fields.Integer(required=True, validate=validate.Equal(ENVELOPE_SCHEMA_VERSION))
    event_id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Length(min=1, max=120))
    schema_version = fields.Integer(required=True, validate=validate.Range(min=1))
    source = fields.String(required=True, validate=validate.Length(min=1, max=60))
    aggregate_id = fields.String(required=True)
    aggregate_version = fields.Integer(required=True, validate=validate.Range(min=1))
    position = fields.Integer(required=True, validate=validate.Range(min=1))
    occurred_at = fields.AwareDateTime(required=True)
    correlation_id = fields.String(load_default=None, allow_none=True)
    causation_id = fields.String(load_default=None, allow_none=True)
    actor = fields.Nested(ActorSchema, load_default=None, allow_none=True)
    payload = fields.Dict(keys=fields.String(), required=True)


_schema = EnvelopeSchema()


class PayloadSchema(Schema):
    """Base of a consumer's own copy of a payload: publishers may add fields; a consumer reads only
    what it needs and ignores the rest."""

    class Meta:
        unknown = INCLUDE


class InvalidEnvelope(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def event_id_for(source: str, aggregate_id: str, version: int) -> str:
    """Deterministic id: republishing the same stored event yields the same id."""
    return str(uuid.uuid5(_EVENT_NS, f"{source}/{aggregate_id}/{version}"))


def to_jsonable(value: Any) -> Any:
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


def integration_type(domain_event: Any) -> str:
    return getattr(type(domain_event), "integration_type", type(domain_event).__name__)


def build(source: str, domain_event: Any, position: int) -> dict[str, Any]:
    """Envelope (as plain JSON data) for a stored domain event at `position` in the source's log."""
    meta = dict(getattr(domain_event, "meta", {}) or {})
    hidden = _BASE_FIELDS | set(getattr(type(domain_event), "private_fields", ()))
    payload = {
        f.name: to_jsonable(getattr(domain_event, f.name))
        for f in dc_fields(domain_event)
        if f.name not in hidden
    }
    aggregate_id = str(domain_event.originator_id)
    actor = None
    if meta.get("actor_id"):
        actor = {"actor_id": meta["actor_id"], "role": meta.get("role", "unknown"),
                 "org_id": meta.get("org_id")}
    data = {
        "envelope_version": ENVELOPE_SCHEMA_VERSION,
        "event_id": event_id_for(source, aggregate_id, domain_event.originator_version),
        "type": integration_type(domain_event),
        "schema_version": getattr(type(domain_event), "class_version", 1),
        "source": source,
        "aggregate_id": aggregate_id,
        "aggregate_version": domain_event.originator_version,
        "position": position,
        "occurred_at": domain_event.timestamp.isoformat(),
        "correlation_id": meta.get("correlation_id"),
        "causation_id": meta.get("causation_id"),
        "actor": actor,
        "payload": payload,
    }
    validate_envelope(data)
    return data


def validate_envelope(data: Any) -> dict[str, Any]:
    """Load and check an envelope; raises InvalidEnvelope with a readable reason."""
    if not isinstance(data, Mapping):
        raise InvalidEnvelope(f"envelope must be a JSON object, got {type(data).__name__}")
    try:
        return _schema.load(data)
    except ValidationError as exc:
        raise InvalidEnvelope(f"invalid envelope: {exc.messages}") from exc


def load_payload(envelope: Mapping[str, Any], schema: Schema) -> dict[str, Any]:
    """Validate an envelope's payload with the consumer's own schema."""
    try:
        return schema.load(envelope["payload"])
    except ValidationError as exc:
        raise InvalidEnvelope(
            f"invalid payload for {envelope.get('type')} v{envelope.get('schema_version')}: {exc.messages}"
        ) from exc
