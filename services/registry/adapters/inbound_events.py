"""Registry's own copies of the event payloads it consumes (it does not import other services)."""
from marshmallow import INCLUDE, Schema, fields


class _Payload(Schema):
    class Meta:
        unknown = INCLUDE  # publishers may add fields; we read only what we need


class RoomDefined(_Payload):
    project_id = fields.String(required=True)
    building_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    floor = fields.Integer(required=True)
    room_number = fields.String(required=True)


class RoomPublished(_Payload):
    info = fields.Dict(required=True)
    saleable = fields.Boolean(required=True)


class Empty(_Payload):
    pass


class ContractRoom(_Payload):
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
