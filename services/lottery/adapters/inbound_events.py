"""Lottery's own copies of the payloads its catalogue consumes."""
from marshmallow import fields

from shared.envelope import PayloadSchema


class RoundOpened(PayloadSchema):
    rooms = fields.Dict(required=True)


class RoomConfirmed(PayloadSchema):
    family_id = fields.String(required=True)
    room_id = fields.String(required=True)


class WindowClosed(PayloadSchema):
    assignments = fields.List(fields.List(fields.String()), required=True)


CATALOGUE_SCHEMAS = {("lottery", "RoundOpened"): RoundOpened(), ("lottery", "RoomConfirmed"): RoomConfirmed(),
                     ("lottery", "WindowClosed"): WindowClosed()}
