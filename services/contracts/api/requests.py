"""Contracts' published command schemas (RPC edge and gateway)."""
from marshmallow import fields, validate

from shared.fields import Pattern, StrictSchema, Text, UUIDString

SECTION_ID = Pattern(r"^(clause|attachment)-[0-9]{1,2}$", error="a section id like clause-4 or attachment-1")
CLAUSE_VALUES = fields.Dict(keys=Text(max_length=60), values=fields.Raw(allow_none=False), required=True)
LEASE_STATES = ("opened", "signed", "submitted", "approved", "rejected", "lapsed")


class DraftContractSchema(StrictSchema):
    room_id = UUIDString(required=True)
    buyer_name = Text(required=True, max_length=100)


class SaveClauseSchema(StrictSchema):
    values = CLAUSE_VALUES


class PresetsSchema(StrictSchema):
    sections = fields.Dict(keys=Text(max_length=20, validate=SECTION_ID), values=fields.Dict(), required=True)


class ContractQuerySchema(StrictSchema):
    project_id = UUIDString(load_default=None)
    state = fields.List(Text(max_length=30), load_default=None)


# Leases (guide 004) --------------------------------------------------------------------------------

class PhoneSchema(StrictSchema):
    phone = Text(required=True, max_length=11, validate=Pattern(
        r"^1[3-9][0-9]{9}$", error="a mainland mobile number has 11 digits and starts with 1"))


class LeaseQuerySchema(StrictSchema):
    state = Text(load_default=None, max_length=20, validate=validate.OneOf(LEASE_STATES))
    round_id = UUIDString(load_default=None)


class RejectLeaseSchema(StrictSchema):
    reasons = fields.List(Text(max_length=500, multiline=True), required=True, validate=validate.Length(min=1, max=20))
