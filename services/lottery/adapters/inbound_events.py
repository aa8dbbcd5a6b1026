"""Lottery's own copies of the payloads it consumes (its catalogue, and contracts' lease outcomes)."""
from marshmallow import fields

from shared.envelope import PayloadSchema


class RoundOpened(PayloadSchema):
    rooms = fields.Dict(required=True)


class RoomConfirmed(PayloadSchema):
    family_id = fields.String(required=True)
    room_id = fields.String(required=True)


class WindowClosed(PayloadSchema):
    assignments = fields.List(fields.List(fields.String()), required=True)


class AllocationReleased(PayloadSchema):
    room_id = fields.String(required=True)


class LeaseCancelled(PayloadSchema):
    """contracts: a lease that was rejected or lapsed; its allocation is released (compensation)."""

    round_id = fields.String(required=True)
    family_id = fields.String(required=True)
    room_id = fields.String(required=True)
    reason = fields.String(required=True)


CATALOGUE_SCHEMAS = {("lottery", "RoundOpened"): RoundOpened(), ("lottery", "RoomConfirmed"): RoomConfirmed(),
                     ("lottery", "WindowClosed"): WindowClosed(), ("lottery", "AllocationReleased"): AllocationReleased()}
LEASE_OUTCOME_SCHEMAS = {("contracts", "LeaseCancelled"): LeaseCancelled()}
