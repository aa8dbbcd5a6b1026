"""Contracts' published command schemas (RPC edge and gateway)."""
from marshmallow import fields, validate

from shared.fields import StrictSchema, UUIDString

SECTION_ID = validate.Regexp(r"^(clause|attachment)-\d{1,2}$", error="a section id like clause-4 or attachment-1")
CLAUSE_VALUES = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=60)),
                            values=fields.Raw(allow_none=False), required=True)


class DraftContractSchema(StrictSchema):
    room_id = UUIDString(required=True)
    buyer_name = fields.String(required=True, validate=validate.Length(min=1, max=100))


class SaveClauseSchema(StrictSchema):
    values = CLAUSE_VALUES


class PresetsSchema(StrictSchema):
    sections = fields.Dict(keys=fields.String(validate=SECTION_ID), values=fields.Dict(), required=True)


class ContractQuerySchema(StrictSchema):
    project_id = UUIDString(load_default=None)
    state = fields.List(fields.String(validate=validate.Length(max=30)), load_default=None)


# Leases (guide 004) --------------------------------------------------------------------------------

class PhoneSchema(StrictSchema):
    phone = fields.String(required=True, validate=validate.Regexp(
        r"^1[3-9]\d{9}$", error="a mainland mobile number has 11 digits and starts with 1"))


class LeaseQuerySchema(StrictSchema):
    state = fields.String(load_default=None, validate=validate.OneOf(
        ["opened", "signed", "submitted", "approved", "rejected", "lapsed"]))
    round_id = UUIDString(load_default=None)


class RejectLeaseSchema(StrictSchema):
    reasons = fields.List(fields.String(validate=validate.Length(min=1, max=500)), required=True,
                          validate=validate.Length(min=1, max=20))
