"""Escrow's published command schemas."""
from marshmallow import fields, validate

from shared.fields import StrictSchema

CARD_PHOTO_TYPES = ("image/png", "image/jpeg")
CARD_PHOTOS = ("card_front", "card_back")


class MandateFormSchema(StrictSchema):
    """The form fields of the mandate upload (multipart); the card photos are its files."""

    account_holder = fields.String(required=True, validate=validate.Length(min=1, max=60))
    card_number = fields.String(required=True, validate=validate.Regexp(
        r"^\d{16,19}$", error="a debit card number has 16 to 19 digits"))


class UploadedFileSchema(StrictSchema):
    content_type = fields.String(required=True, validate=validate.OneOf(CARD_PHOTO_TYPES))
    data_base64 = fields.String(required=True, validate=validate.Length(min=4, max=3_000_000))


class CardPhotosSchema(StrictSchema):
    card_front = fields.Nested(UploadedFileSchema, required=True)
    card_back = fields.Nested(UploadedFileSchema, required=True)


class MandateUploadSchema(MandateFormSchema):
    files = fields.Nested(CardPhotosSchema, required=True)
