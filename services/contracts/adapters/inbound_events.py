"""Contracts' own copies of the payloads it consumes."""
from marshmallow import INCLUDE, Schema, fields


class RoomPublished(Schema):
    class Meta:
        unknown = INCLUDE

    project_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    saleable = fields.Boolean(required=True)
    info = fields.Dict(required=True)


SELLABLE_ROOMS_SCHEMAS = {("registry", "RoomPublished"): RoomPublished()}
