"""Contracts' published command schemas for the existing-home contract at the bureau's window (R001.16, R001.18)
and its cancellation (R001.17): presence, images (PNG or JPEG as base64, at most 500 KB each)."""
from __future__ import annotations

import base64
import binascii

from marshmallow import ValidationError, fields, validate

from shared.fields import DocumentNumber, Pattern, StrictSchema, Text

MAX_IMAGE_BASE64 = 700_000  # a little over 500 KB encoded, so an image just too large is refused by its size
MAX_SIGNED_PAGES, MAX_PARTIES = 10, 6
MAX_WINDOW_IMAGES = MAX_SIGNED_PAGES + MAX_PARTIES + 1  # pages, a kinship proof per party, the waiver
BASE64 = Pattern(r"^[A-Za-z0-9+/]+={0,2}$", error="base64")
PARTY_ID = Pattern(r"^(seller|buyer)-[0-9]{1,2}$", error="a party id like seller-1 or buyer-2")


def _standard_base64(value: str) -> None:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("not standard base64 data") from None


class ImageSchema(StrictSchema):
    """An image as base64 in JSON: PNG or JPEG, at most 500 KB."""

    content_type = Text(required=True, max_length=20, validate=validate.OneOf(("image/png", "image/jpeg")))
    data_base64 = Text(required=True, max_length=MAX_IMAGE_BASE64, validate=[BASE64, _standard_base64])


def _image(**kwargs: object) -> fields.Nested:
    return fields.Nested(ImageSchema, **kwargs)


class ProxySchema(StrictSchema):
    name = Text(required=True, max_length=100)
    id_number = DocumentNumber(required=True)
    poa_notarized = fields.Boolean(required=True, truthy={True}, falsy={False}, metadata={
        "description": "the power of attorney is notarized (公证委托书原件)"})
    poa_matter = Text(required=True, max_length=200, metadata={
        "description": "the matter the power of attorney names: 存量房买卖合同网签备案, or this contract"})


class GuardianSchema(StrictSchema):
    name = Text(required=True, max_length=100)
    id_number = DocumentNumber(required=True)
    relation = Text(required=True, max_length=10, validate=validate.OneOf(("father", "mother")))


class PresentPartySchema(StrictSchema):
    party_id = Text(required=True, max_length=10, validate=PARTY_ID)
    in_person = fields.Boolean(required=True, truthy={True}, falsy={False})
    proxy = fields.Nested(ProxySchema, load_default=None, allow_none=True)
    guardians = fields.List(fields.Nested(GuardianSchema), load_default=list, validate=validate.Length(max=2))
    kinship_proof = _image(load_default=None, allow_none=True, metadata={
        "description": "a minor's proof of kinship: 户口本 or 出生证明"})


class WindowSigningSchema(StrictSchema):
    """R001.16: every party's presence, the signed pages, and the waiver declaration when no escrow is chosen."""

    present = fields.List(fields.Nested(PresentPartySchema), required=True,
                          validate=validate.Length(min=1, max=MAX_PARTIES))
    signed_pages = fields.List(_image(), required=True, validate=validate.Length(min=1, max=MAX_SIGNED_PAGES))
    waiver_declaration = _image(load_default=None, allow_none=True)


class CancellationSchema(StrictSchema):
    reason = Text(required=True, max_length=500, multiline=True)


class WindowCancellationSchema(StrictSchema):
    """R001.18: the termination agreement and the photos taken of both parties."""

    termination_agreement = _image(required=True)
    photos = fields.List(_image(), required=True, validate=validate.Length(min=2, max=MAX_SIGNED_PAGES))
    reason = Text(required=True, max_length=500, multiline=True)
