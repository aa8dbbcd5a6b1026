"""Lottery's published command schemas."""
from marshmallow import fields, validate

from shared.fields import StrictSchema, UUIDString
from services.lottery.domain.cart import OPERATIONS


class RoomSchema(StrictSchema):
    building = fields.String(required=True, validate=validate.Length(min=1, max=40))
    room_number = fields.String(required=True, validate=validate.Length(min=1, max=20))
    layout = fields.String(required=True, validate=validate.Length(min=1, max=40))
    orientation = fields.String(required=True, validate=validate.Length(min=1, max=10))
    area_sqm = fields.String(required=True, validate=validate.Regexp(r"^\d{1,4}(\.\d{1,2})?$"))


class LeaseTermsSchema(StrictSchema):
    rent_per_sqm = fields.String(required=True, validate=validate.Regexp(r"^\d{1,4}(\.\d{1,2})?$"))
    deposit_months = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=12))
    term_months = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=120))
    sign_within_hours = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=24 * 30))


class OpenRoundSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    preselection_start = fields.AwareDateTime(required=True)
    lease_terms = fields.Nested(LeaseTermsSchema, load_default=None)
    rooms = fields.List(fields.Nested(RoomSchema), required=True, validate=validate.Length(min=1, max=20000))


class FamilySchema(StrictSchema):
    family_id = fields.String(required=True, validate=validate.Length(min=1, max=40))
    applicant_id_number = fields.String(required=True, validate=validate.Length(min=6, max=30))


class RegisterFamiliesSchema(StrictSchema):
    families = fields.List(fields.Nested(FamilySchema), required=True, validate=validate.Length(min=1, max=50000))


class AnnounceDrawSchema(StrictSchema):
    seed_commitment = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"))


class PerformDrawSchema(StrictSchema):
    seed = fields.String(required=True, validate=validate.Length(min=8, max=200))


class PlanSessionsSchema(StrictSchema):
    session_size = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5000))
    first_formal_start = fields.AwareDateTime(required=True)
    formal_minutes = fields.Float(load_default=2.0, validate=validate.Range(min=0.05, max=600))
    break_minutes = fields.Float(load_default=0.0, validate=validate.Range(min=0, max=600))


class CartOperationSchema(StrictSchema):
    operation = fields.String(required=True, validate=validate.OneOf(OPERATIONS))
    room_id = UUIDString(required=True)


class ConfirmSchema(StrictSchema):
    room_id = UUIDString(required=True)


class RoomSearchSchema(StrictSchema):
    building = fields.String(load_default=None, validate=validate.Length(max=40))
    layout = fields.String(load_default=None, validate=validate.Length(max=40))
    orientation = fields.String(load_default=None, validate=validate.Length(max=10))
    available = fields.Boolean(load_default=True)
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class FamilyLoginSchema(StrictSchema):
    round_id = UUIDString(required=True)
    assertion = fields.String(required=True, validate=validate.Length(min=10, max=4000))
