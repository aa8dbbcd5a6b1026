"""What filing answers about existing-home filings reviewed at the window (R001.16) and their cancellations
(R001.17, R001.18)."""
from marshmallow import fields

from shared.answers import AnswerSchema, integer, items, nullable, text


class DecisionSchema(AnswerSchema):
    reasons = items(fields.String())
    at = text()


class ExistingHomeFilingSchema(AnswerSchema):
    contract_id = text()
    property_id = text()
    agency_id = text()
    contract_number = text()
    mode = text()
    state = text(metadata={"description": "requested (waiting for the bureau's review), filed or rejected"})
    filing_number = nullable()
    window = fields.Dict(required=True, metadata={"description": "presence, signed pages and waiver (image facts)"})
    rejections = items(fields.Nested(DecisionSchema))
    text_hash = text()
    version = integer()


class PendingCancellationSchema(AnswerSchema):
    route = text()
    reason = text()
    requested_at = text()


class FilingCancellationSchema(AnswerSchema):
    contract_id = text()
    filing_number = text()
    state = text(metadata={"description": "filed, pending (waiting for the bureau's review) or cancelled"})
    pending = fields.Nested(PendingCancellationSchema, required=True, allow_none=True)
    refusals = items(fields.Nested(DecisionSchema))
    version = integer()
