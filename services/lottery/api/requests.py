"""Lottery's published command schemas."""
from marshmallow import fields, post_load, validate

from shared.fields import (DocumentNumber, DocumentType, Float, Integer, Pattern, StrictSchema, Text, UUIDString,
                           load_identity_document)

AMOUNT = r"^[0-9]{1,4}(\.[0-9]{1,2})?$"
# What a cart operation may be: the same tuple as the domain's `cart.OPERATIONS` (a unit test holds them equal).
OPERATIONS = ("add", "remove", "up", "down", "top")


class RoomSchema(StrictSchema):
    building = Text(required=True, max_length=40)
    room_number = Text(required=True, max_length=20)
    layout = Text(required=True, max_length=40)
    orientation = Text(required=True, max_length=10)
    area_sqm = Text(required=True, max_length=7, validate=Pattern(AMOUNT))


class LeaseTermsSchema(StrictSchema):
    rent_per_sqm = Text(required=True, max_length=7, validate=Pattern(AMOUNT))
    deposit_months = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=12))
    term_months = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=120))
    sign_within_hours = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=24 * 30))


class OpenRoundSchema(StrictSchema):
    name = Text(required=True, max_length=100)
    preselection_start = fields.AwareDateTime(required=True)
    lease_terms = fields.Nested(LeaseTermsSchema, load_default=None)
    rooms = fields.List(fields.Nested(RoomSchema), required=True, validate=validate.Length(min=1, max=20000))


class FamilySchema(StrictSchema):
    """A family and its main applicant's identity document: a resident ID number (15 or 18 characters) unless
    `applicant_id_type` names another document."""

    family_id = Text(required=True, max_length=40)
    applicant_id_type = DocumentType()
    applicant_id_number = DocumentNumber(required=True)

    @post_load
    def _checked_document(self, data: dict, **kwargs: object) -> dict:
        return load_identity_document(data, "applicant_id_type", "applicant_id_number")


class RegisterFamiliesSchema(StrictSchema):
    families = fields.List(fields.Nested(FamilySchema), required=True, validate=validate.Length(min=1, max=50000))


class AnnounceDrawSchema(StrictSchema):
    seed_commitment = Text(required=True, max_length=64, validate=Pattern(r"^[0-9a-f]{64}$"))


class PerformDrawSchema(StrictSchema):
    seed = Text(required=True, min_length=8, max_length=200)


class PlanSessionsSchema(StrictSchema):
    session_size = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5000))
    first_formal_start = fields.AwareDateTime(required=True)
    formal_minutes = Float(load_default=2.0, validate=validate.Range(min=0.05, max=600))
    break_minutes = Float(load_default=0.0, validate=validate.Range(min=0, max=600))


class CartOperationSchema(StrictSchema):
    operation = Text(required=True, max_length=10, validate=validate.OneOf(OPERATIONS))
    room_id = UUIDString(required=True)


class ConfirmSchema(StrictSchema):
    room_id = UUIDString(required=True)


class RoomSearchSchema(StrictSchema):
    building = Text(load_default=None, min_length=0, max_length=40)
    layout = Text(load_default=None, min_length=0, max_length=40)
    orientation = Text(load_default=None, min_length=0, max_length=10)
    available = fields.Boolean(load_default=True)
    limit = Integer(load_default=100, validate=validate.Range(min=1, max=500))
    offset = Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))


class FamilyLoginSchema(StrictSchema):
    """Without `round_id`, the lottery finds the person's round (409 `choose_round` when there are several)."""

    round_id = UUIDString()
    assertion = Text(required=True, min_length=10, max_length=4000)
