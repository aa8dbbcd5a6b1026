"""Lottery's own copies of the payloads its catalogue consumes."""
from marshmallow import INCLUDE, Schema, fields


class _Payload(Schema):
    class Meta:
        unknown = INCLUDE


class RoundOpened(_Payload):
    rooms = fields.Dict(required=True)


class RoomConfirmed(_Payload):
    family_id = fields.String(required=True)
    room_id = fields.String(required=True)


class WindowClosed(_Payload):
    assignments = fields.List(fields.List(fields.String()), required=True)


CATALOGUE_SCHEMAS = {("lottery", "RoundOpened"): RoundOpened(), ("lottery", "RoomConfirmed"): RoomConfirmed(),
                     ("lottery", "WindowClosed"): WindowClosed()}
