"""Contracts' command schemas of the notarized route (guide 002, R002.1)."""
import base64
import binascii

from marshmallow import ValidationError, post_load, validate

from shared.fields import (DocumentNumber, DocumentType, Pattern, StrictSchema, Text, UUIDString,
                           load_identity_document)

ATTACHMENT_KINDS = ("floor_plan", "drainage_layout", "site_plan", "other")
ATTACHMENT_TYPES = ("image/png", "image/jpeg", "application/pdf")


BASE64 = Pattern(r"^[A-Za-z0-9+/]+={0,2}$", error="base64")


def base64_data(value: str) -> None:
    """Standard base64 (with its padding), or the field's error."""
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("not standard base64 data") from None


class ContractPasswordSchema(StrictSchema):
    password = Text(required=True, min_length=6, max_length=32, metadata={
        "description": "the buyer's access secret, 6 to 32 characters; only its hash is kept"})


class AttachmentSchema(StrictSchema):
    kind = Text(required=True, max_length=20, validate=validate.OneOf(ATTACHMENT_KINDS))
    name = Text(required=True, max_length=100)
    content_type = Text(required=True, max_length=20, validate=validate.OneOf(ATTACHMENT_TYPES))
    data_base64 = Text(required=True, min_length=4, max_length=700_000, validate=[BASE64, base64_data])


class PushSchema(StrictSchema):
    office_id = UUIDString(required=True, metadata={"description": "one of GET /api/v1/notary/offices"})
    buyer_id_type = DocumentType()
    buyer_id_number = DocumentNumber(required=True)

    @post_load
    def checked(self, data: dict, **kwargs: object) -> dict:
        return load_identity_document(data, "buyer_id_type", "buyer_id_number")
