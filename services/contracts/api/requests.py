"""Contracts' published command schemas (RPC edge and gateway)."""
from typing import Any

from marshmallow import fields, post_load, validate

from shared.fields import (DocumentNumber, DocumentType, Pattern, StrictSchema, Text, UUIDString,
                           load_identity_document)

SECTION_ID = Pattern(r"^(clause|attachment)-[0-9]{1,2}$", error="a section id like clause-4 or attachment-1")
CLAUSE_VALUES = fields.Dict(keys=Text(max_length=60), values=fields.Raw(allow_none=False), required=True)
LEASE_STATES = ("opened", "signed", "submitted", "approved", "rejected", "lapsed")
MOBILE = Pattern(r"^1[3-9][0-9]{9}$", error="a mainland mobile number has 11 digits and starts with 1")


def _name(**kwargs: Any) -> Text:
    return Text(max_length=100, metadata={"description": "the buyer's name as on the identity document"}, **kwargs)


def _phone(**kwargs: Any) -> Text:
    return Text(max_length=11, validate=MOBILE, metadata={"description": "the buyer's mainland mobile number"},
                **kwargs)


def _address(**kwargs: Any) -> Text:
    return Text(max_length=200, min_length=5, metadata={"description": "the buyer's postal address"}, **kwargs)


class _BuyerDocument(StrictSchema):
    """The buyer's identity document number is checked against its type (a resident ID by its check character)."""

    @post_load
    def _checked_document(self, data: dict, **kwargs: object) -> dict:
        if data.get("buyer_id_number") is None:
            return data
        return load_identity_document(data, "buyer_id_type", "buyer_id_number")


class DraftContractSchema(_BuyerDocument):
    """A draft names its buyer: the name at least; the other details may follow with 修改 (PUT …/buyer), but
    nothing is printed before they are all there."""

    room_id = UUIDString(required=True)
    buyer_name = _name(required=True)
    buyer_id_type = DocumentType()
    buyer_id_number = DocumentNumber(load_default=None)
    buyer_phone = _phone(load_default=None)
    buyer_address = _address(load_default=None)


class BuyerSchema(_BuyerDocument):
    """The buyer's details, all of them (修改 before the formal print)."""

    buyer_name = _name(required=True)
    buyer_id_type = DocumentType()
    buyer_id_number = DocumentNumber(required=True)
    buyer_phone = _phone(required=True)
    buyer_address = _address(required=True)


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
