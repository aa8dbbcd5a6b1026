"""Notary's published command schemas (RPC edge and gateway)."""
import base64
import binascii

from marshmallow import ValidationError, fields, validate

from shared.fields import Pattern, StrictSchema, Text, UUIDString

DOCUMENTS = ("sale_contract", "notarization_application", "notarization_notice", "case_record")
MATERIALS = ("id_front", "id_back", "id_in_hand", "signature", "evidence_video")
CASE_STATES = ("case_opened", "identity_verified", "documents_read", "materials_uploaded", "submitted", "approved",
               "rejected", "expired")
IMAGE_TYPES = ("image/png", "image/jpeg")
HEX = Pattern(r"^[0-9a-f]{64}$", error="64 lowercase hexadecimal digits")


BASE64 = Pattern(r"^[A-Za-z0-9+/]+={0,2}$", error="base64")


def base64_data(value: str) -> None:
    """Standard base64 (with its padding), or the field's error."""
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("not standard base64 data") from None


class BuyerSignInSchema(StrictSchema):
    """What the QR code's link carries, and the contract password the developer gave the buyer."""

    case_id = UUIDString(required=True)
    expires = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=2**40))
    signature = Text(required=True, max_length=64, validate=HEX)
    password = Text(required=True, max_length=64)


class ImageSchema(StrictSchema):
    content_type = Text(required=True, max_length=20, validate=validate.OneOf(IMAGE_TYPES))
    data_base64 = Text(required=True, min_length=4, max_length=700_000, validate=[BASE64, base64_data])


class DocumentPhotoSchema(StrictSchema):
    photo = fields.Nested(ImageSchema, required=True)


class ReadDocumentsSchema(StrictSchema):
    documents = fields.List(Text(max_length=40, validate=validate.OneOf(DOCUMENTS)), required=True,
                            validate=validate.Length(min=1, max=4))


class CaptureSchema(StrictSchema):
    source = Text(required=True, max_length=20)
    captured_at = Text(required=True, max_length=40)
    device_id = Text(required=True, max_length=64)
    signature = Text(required=True, max_length=64, validate=HEX)


class MaterialSchema(StrictSchema):
    content_type = Text(required=True, max_length=20, validate=validate.OneOf(IMAGE_TYPES + ("video/mp4",)))
    data_base64 = Text(required=True, min_length=4, max_length=940_000, validate=[BASE64, base64_data])
    capture = fields.Nested(CaptureSchema, load_default=None)


PAD_SIZE = 1000  # the signature pad's coordinates, whatever the screen: 0..1000 across, 0..400 down


class SignaturePadSchema(StrictSchema):
    """The signature as drawn on the notary's signature pad: strokes of [x, y] points in pad coordinates."""

    strokes = fields.List(
        fields.List(fields.List(fields.Integer(strict=True, validate=validate.Range(min=0, max=PAD_SIZE)),
                                validate=validate.Length(equal=2)), validate=validate.Length(min=1, max=2000)),
        required=True, validate=validate.Length(min=1, max=100))


class RejectCaseSchema(StrictSchema):
    reasons = fields.List(Text(max_length=500, multiline=True), required=True, validate=validate.Length(min=1, max=20))


class CaseQuerySchema(StrictSchema):
    state = Text(load_default=None, max_length=20, validate=validate.OneOf(CASE_STATES))
