"""What filing's RPCs answer."""
from marshmallow import fields

from shared.answers import AnswerSchema, integer, items, nested, nullable, text
from shared.fields import UUIDString


class FilingRejectionSchema(AnswerSchema):
    rejection_id = text()
    reasons = items(fields.String())


class FilingSummarySchema(AnswerSchema):
    """What a filing case and a row of the register both show."""

    filing_id = UUIDString(required=True)
    contract_id = text()
    developer_id = text()
    project_id = text()
    room_id = text()
    state = text()
    submission = integer()
    filing_number = nullable()


class CertificateSchema(AnswerSchema):
    certificate_number = text()
    content_hash = text()
    bundle_sha256 = text()


class FilingCaseSchema(FilingSummarySchema):
    rejections = items(fields.Nested(FilingRejectionSchema))
    text_hash = text()
    certificate = fields.Nested(CertificateSchema, required=True, allow_none=True)
    version = integer()


class FilingRowSchema(FilingSummarySchema):
    reasons = nullable(fields.List, fields.String())
    submitted_at = text()


class FilingListSchema(AnswerSchema):
    filings = items(fields.Nested(FilingRowSchema))


class FilingRegisterRebuiltSchema(AnswerSchema):
    applied = nested(AnswerSchema.from_dict({"filing": integer()}, name="FilingRegisterApplied"))
