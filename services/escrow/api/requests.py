"""Escrow's published command schemas."""
from marshmallow import fields, validate

from shared.fields import Pattern, StrictSchema, Text

CARD_PHOTO_TYPES = ("image/png", "image/jpeg")
CARD_PHOTOS = ("card_front", "card_back")


class MandateFormSchema(StrictSchema):
    """The form fields of the mandate upload (multipart); the card photos are its files."""

    account_holder = Text(required=True, max_length=60)
    card_number = Text(required=True, max_length=19, validate=Pattern(
        r"^[0-9]{16,19}$", error="a debit card number has 16 to 19 digits"))


class UploadedFileSchema(StrictSchema):
    content_type = Text(required=True, max_length=20, validate=validate.OneOf(CARD_PHOTO_TYPES))
    data_base64 = Text(required=True, min_length=4, max_length=3_000_000)


class CardPhotosSchema(StrictSchema):
    card_front = fields.Nested(UploadedFileSchema, required=True)
    card_back = fields.Nested(UploadedFileSchema, required=True)


class MandateUploadSchema(MandateFormSchema):
    files = fields.Nested(CardPhotosSchema, required=True)
