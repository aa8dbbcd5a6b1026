"""Contracts' own copies of the payloads it consumes."""
from marshmallow import fields

from shared.envelope import PayloadSchema


class RoomPublished(PayloadSchema):
    project_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    saleable = fields.Boolean(required=True)
    info = fields.Dict(required=True)
    room_number = fields.String(load_default="")
    names = fields.Dict(load_default=dict)


class ContractDrafted(PayloadSchema):
    room_id = fields.String(required=True)
    project_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    buyer_name = fields.String(required=True)
    room = fields.Dict(required=True)


class PrintedFormal(PayloadSchema):
    confirm_by = fields.String(required=True)


class Cancelled(PayloadSchema):
    reason = fields.String(required=True)


class Filed(PayloadSchema):
    filing_number = fields.String(required=True)


class Empty(PayloadSchema):
    pass


class FilingApproved(PayloadSchema):
    contract_id = fields.String(required=True)
    filing_number = fields.String(required=True)


class FilingRejected(PayloadSchema):
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
