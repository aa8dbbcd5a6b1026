"""Contracts' published command schemas (RPC edge and gateway)."""
from marshmallow import fields, validate

from shared.fields import StrictSchema, UUIDString


class DraftContractSchema(StrictSchema):
    room_id = UUIDString(required=True)
    buyer_name = fields.String(required=True, validate=validate.Length(min=1, max=100))


class CancelContractSchema(StrictSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))
