"""The integration-event envelope: what crosses RabbitMQ between services.

Producers declare their payloads and consumers keep their own copies (shared.integration); this module
knows only the envelope, which is validated on publish and on consume.
"""
from __future__ import annotations

import uuid
from typing import Any, Mapping

from marshmallow import Schema, ValidationError, fields, validate

from shared.integration import IntegrationEvent

ENVELOPE_SCHEMA_VERSION = 1
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
    previous_position = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    payload = fields.Dict(keys=fields.String(), required=True)


_schema = EnvelopeSchema()


class InvalidEnvelope(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def event_id_for(source: str, aggregate_id: str, version: int) -> str:
    """Deterministic id: republishing the same stored event yields the same id."""
    return str(uuid.uuid5(_EVENT_NS, f"{source}/{aggregate_id}/{version}"))


def build(source: str, domain_event: Any, position: int, published: tuple[IntegrationEvent, dict[str, Any]],
          previous_position: int | None = None) -> dict[str, Any]:
    """Envelope (as plain JSON data) for a stored domain event at `position` in the source's log, published as
    `published` (the integration event and its payload, from the service's Outbound mapping).

    `previous_position` is where the source published its previous event (None: not known), so that a consumer
    can tell a gap from the source's internal events, which are never published."""
    event, payload = published
    meta = dict(getattr(domain_event, "meta", {}) or {})
    aggregate_id = str(domain_event.originator_id)
    actor = None
    if meta.get("actor_id"):
        actor = {"actor_id": meta["actor_id"], "role": meta.get("role", "unknown"),
                 "org_id": meta.get("org_id")}
    data = {
        "envelope_version": ENVELOPE_SCHEMA_VERSION,
        "event_id": event_id_for(source, aggregate_id, domain_event.originator_version),
        "type": event.name,
        "schema_version": event.version,
        "source": source,
        "aggregate_id": aggregate_id,
        "aggregate_version": domain_event.originator_version,
        "position": position,
        "previous_position": previous_position,
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
