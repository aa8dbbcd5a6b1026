"""Registry's published command schemas (used by its RPC edge and by the gateway's HTTP edge)."""
from marshmallow import fields, validate

from shared.fields import DecimalString, StrictSchema, UUIDString
from services.registry.domain.accounts import ROLES

USAGES = ("residential", "commercial", "office", "parking", "storage", "property_management")
ORIENTATIONS = ("N", "S", "E", "W", "NE", "NW", "SE", "SW", "NS", "EW")


class LoginSchema(StrictSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, validate=validate.Length(min=1, max=256))
    electronic_key = fields.String(load_default=None, validate=validate.Length(min=1, max=200))


class OpenAccountSchema(StrictSchema):
    username = fields.String(required=True, validate=validate.Regexp(
        r"^[a-z0-9_.-]{3,40}$", error="3 to 40 lowercase letters, digits, dot, dash or underscore"))
    password = fields.String(required=True, validate=validate.Length(min=12, max=256))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    org_id = UUIDString(load_default=None, allow_none=True)
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=100))


class RegisterDeveloperSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    credit_code = fields.String(required=True, validate=validate.Regexp(
        r"^[0-9A-Z]{18}$", error="the unified social credit code has 18 digits or capital letters"))


class GrantNetworkAccessSchema(StrictSchema):
    permit_number = fields.String(required=True, validate=validate.Length(min=1, max=60))
    permit_issued_on = fields.Date(required=True)
    late_reason = fields.String(load_default=None, validate=validate.Length(min=1, max=500))


class IntroSchema(StrictSchema):
    intro = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class RegisterProjectSchema(StrictSchema):
    developer_id = UUIDString(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    permit_number = fields.String(required=True, validate=validate.Length(min=1, max=60))
    permit_issued_on = fields.Date(load_default=None)


class ImageUploadSchema(StrictSchema):
    content_type = fields.String(required=True, validate=validate.OneOf(("image/png", "image/jpeg")))
    data_base64 = fields.String(required=True)


class SetBuildingRulesSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=60))
    floors = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=120))
    units_per_floor = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=40))


class ChangeBuildingRulesSchema(SetBuildingRulesSchema):
    class Meta:
        exclude = ("name",)


class RoomInfoSchema(StrictSchema):
    area_sqm = DecimalString("1", "100000", required=True)
    usage = fields.String(required=True, validate=validate.OneOf(USAGES))
    layout = fields.String(required=True, validate=validate.Length(min=1, max=40))
    orientation = fields.String(required=True, validate=validate.OneOf(ORIENTATIONS))
    price_per_sqm = DecimalString("1", "10000000", required=True)
    saleable = fields.Boolean(load_default=True)


class SubmitRoomInfoSchema(StrictSchema):
    info = fields.Nested(RoomInfoSchema, required=True)


class ReviewRoomInfoSchema(StrictSchema):
    approve = fields.Boolean(required=True, truthy={True}, falsy={False})
    reasons = fields.List(fields.String(validate=validate.Length(min=1, max=500)), load_default=list)
