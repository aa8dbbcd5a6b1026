"""Contracts' own copies of the payloads it consumes."""
from marshmallow import INCLUDE, Schema, fields


class _Payload(Schema):
    class Meta:
        unknown = INCLUDE


class RoomPublished(_Payload):
    project_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    saleable = fields.Boolean(required=True)
    info = fields.Dict(required=True)
    room_number = fields.String(load_default="")
    names = fields.Dict(load_default=dict)


class ContractDrafted(_Payload):
    room_id = fields.String(required=True)
    project_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    buyer_name = fields.String(required=True)
    room = fields.Dict(required=True)


class PrintedFormal(_Payload):
    confirm_by = fields.String(required=True)


class Cancelled(_Payload):
    reason = fields.String(required=True)


class Filed(_Payload):
    filing_number = fields.String(required=True)


class Empty(_Payload):
    pass


class FilingApproved(_Payload):
    contract_id = fields.String(required=True)
    filing_number = fields.String(required=True)


class FilingRejected(_Payload):
    contract_id = fields.String(required=True)
    rejection_id = fields.String(required=True)
    reasons = fields.List(fields.String(), required=True)


SELLABLE_ROOMS_SCHEMAS = {("registry", "RoomPublished"): RoomPublished()}
CONTRACT_LIST_SCHEMAS = {
    ("contracts", "ContractDrafted"): ContractDrafted(),
    ("contracts", "PreviewPrinted"): Empty(),
    ("contracts", "ContractModified"): Empty(),
    ("contracts", "PrintedFormal"): PrintedFormal(),
    ("contracts", "Confirmed"): Empty(),
    ("contracts", "Cancelled"): Cancelled(),
    ("contracts", "FilingRejected"): Empty(),
    ("contracts", "ResubmittedForFiling"): Empty(),
    ("contracts", "Filed"): Filed(),
}
FILING_OUTCOME_SCHEMAS = {("filing", "FilingApproved"): FilingApproved(), ("filing", "FilingRejected"): FilingRejected()}
