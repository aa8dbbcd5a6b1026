"""Registry's own copies of the event payloads it consumes (it does not import other services)."""
from marshmallow import fields

from shared.integration import PayloadSchema
from shared.fields import PayloadText, TextTree


class RoomDefined(PayloadSchema):
    project_id = PayloadText(required=True)
    building_id = PayloadText(required=True)
    developer_id = PayloadText(required=True)
    floor = fields.Integer(required=True)
    room_number = PayloadText(required=True)


class RoomPublished(PayloadSchema):
    info = TextTree(required=True)
    saleable = fields.Boolean(required=True)


class Empty(PayloadSchema):
    pass


class ContractRoom(PayloadSchema):
    room_id = PayloadText(required=True)


class ExistingHomeContractFiled(PayloadSchema):
    property_id = PayloadText(required=True)
    filing_number = PayloadText(required=True)


class ExistingHomeContractCancelled(PayloadSchema):
    property_id = PayloadText(required=True)
    filing_number = PayloadText(required=True)
