"""Registry's published command schemas (used by its RPC edge and by the gateway's HTTP edge)."""
from marshmallow import fields, validate

from shared.fields import DecimalString, Pattern, StrictSchema, Text, UUIDString

# The roles an account may hold: the same tuple as the domain's `accounts.ROLES` (a unit test holds them equal).
ROLES = ("bureau_officer", "developer", "agency", "agent", "party", "notary_officer", "family", "auditor")
USAGES = ("residential", "commercial", "office", "parking", "storage", "property_management")
ORIENTATIONS = ("N", "S", "E", "W", "NE", "NW", "SE", "SW", "NS", "EW")


class LoginSchema(StrictSchema):
    username = Text(required=True, max_length=64)
    password = Text(required=True, max_length=256)
    electronic_key = Text(load_default=None, max_length=200)


class OpenAccountSchema(StrictSchema):
    username = Text(required=True, max_length=40, validate=Pattern(
        r"^[a-z0-9_.-]{3,40}$", error="3 to 40 lowercase letters, digits, dot, dash or underscore"))
    password = Text(required=True, min_length=12, max_length=256)
    role = Text(required=True, max_length=40, validate=validate.OneOf(ROLES))
    org_id = UUIDString(load_default=None, allow_none=True)
    display_name = Text(required=True, max_length=100)


class RegisterDeveloperSchema(StrictSchema):
    name = Text(required=True, max_length=200)
    credit_code = Text(required=True, max_length=18, validate=Pattern(
        r"^[0-9A-Z]{18}$", error="the unified social credit code has 18 digits or capital letters"))


class GrantNetworkAccessSchema(StrictSchema):
    permit_number = Text(required=True, max_length=60)
    permit_issued_on = fields.Date(required=True)
    late_reason = Text(load_default=None, max_length=500, multiline=True)


class IntroSchema(StrictSchema):
    intro = Text(required=True, max_length=5000, multiline=True)


class RegisterProjectSchema(StrictSchema):
    developer_id = UUIDString(required=True)
    name = Text(required=True, max_length=200)
    permit_number = Text(required=True, max_length=60)
    permit_issued_on = fields.Date(load_default=None)


class ImageUploadSchema(StrictSchema):
    content_type = Text(required=True, max_length=20, validate=validate.OneOf(("image/png", "image/jpeg")))
    data_base64 = Text(required=True, max_length=3_000_000)


class SetBuildingRulesSchema(StrictSchema):
    name = Text(required=True, max_length=60)
    floors = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=120))
    units_per_floor = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=40))


class ChangeBuildingRulesSchema(SetBuildingRulesSchema):
    class Meta:
        exclude = ("name",)


class RoomInfoSchema(StrictSchema):
    area_sqm = DecimalString("1", "100000", required=True)
    usage = Text(required=True, max_length=40, validate=validate.OneOf(USAGES))
    layout = Text(required=True, max_length=40)
    orientation = Text(required=True, max_length=2, validate=validate.OneOf(ORIENTATIONS))
    price_per_sqm = DecimalString("1", "10000000", required=True)
    saleable = fields.Boolean(load_default=True)


class SubmitRoomInfoSchema(StrictSchema):
    info = fields.Nested(RoomInfoSchema, required=True)


class ReviewRoomInfoSchema(StrictSchema):
    approve = fields.Boolean(required=True, truthy={True}, falsy={False})
    reasons = fields.List(Text(max_length=500, multiline=True), load_default=list)


class ProjectQuerySchema(StrictSchema):
    developer_id = UUIDString(load_default=None)


class RoomReviewQuerySchema(StrictSchema):
    project_id = UUIDString(load_default=None)
