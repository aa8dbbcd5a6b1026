"""Registry's own copies of the event payloads it consumes (it does not import other services)."""
from marshmallow import fields

from shared.envelope import PayloadSchema


class RoomDefined(PayloadSchema):
    project_id = fields.String(required=True)
    building_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    floor = fields.Integer(required=True)
    room_number = fields.String(required=True)


class RoomPublished(PayloadSchema):
    info = fields.Dict(required=True)
    saleable = fields.Boolean(required=True)


class Empty(PayloadSchema):
    pass


class ContractRoom(PayloadSchema):
    room_id = fields.String(required=True)


ROOM_MAP_SCHEMAS = {
    ("registry", "RoomDefined"): RoomDefined(),
    ("registry", "RoomInfoSubmitted"): Empty(),
    ("registry", "RoomInfoRejected"): Empty(),
    ("registry", "RoomRetired"): Empty(),
    ("registry", "RoomPublished"): RoomPublished(),
    ("contracts", "ContractDrafted"): ContractRoom(),
    ("contracts", "Confirmed"): ContractRoom(),
    ("contracts", "Filed"): ContractRoom(),
    ("contracts", "Cancelled"): ContractRoom(),
}
