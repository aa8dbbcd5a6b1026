"""Lottery's own copies of the payloads it consumes (its catalogue, and contracts' lease outcomes)."""
from marshmallow import fields

from shared.integration import PayloadSchema
from shared.fields import PayloadText, TextTree


class RoundOpened(PayloadSchema):
    rooms = TextTree(required=True)


class RoomConfirmed(PayloadSchema):
    family_id = PayloadText(required=True)
    room_id = PayloadText(required=True)


class WindowClosed(PayloadSchema):
    assignments = fields.List(fields.List(PayloadText()), required=True)


class AllocationReleased(PayloadSchema):
    room_id = PayloadText(required=True)


class LeaseCancelled(PayloadSchema):
    """contracts: a lease that was rejected or lapsed; its allocation is released (compensation)."""

    round_id = PayloadText(required=True)
    family_id = PayloadText(required=True)
    room_id = PayloadText(required=True)
    reason = PayloadText(required=True)
