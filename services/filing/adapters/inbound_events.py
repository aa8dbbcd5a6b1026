"""Filing's own copies of the payloads it consumes."""
from marshmallow import fields

from shared.integration import PayloadSchema
from shared.fields import PayloadText, TextTree


class Confirmed(PayloadSchema):
    room_id = PayloadText(required=True)
    developer_id = PayloadText(required=True)
    project_id = PayloadText(required=True)
    text_hash = PayloadText(required=True)


class CertificateBound(PayloadSchema):
    certificate_number = PayloadText(required=True)
    content_hash = PayloadText(required=True)
    bundle_sha256 = PayloadText(required=True)


class Resubmitted(PayloadSchema):
    text_hash = PayloadText(required=True)
    submission = fields.Integer(required=True)


class FilingSubmitted(PayloadSchema):
    contract_id = PayloadText(required=True)
    developer_id = PayloadText(required=True)
    project_id = PayloadText(required=True)
    room_id = PayloadText(required=True)


class FilingResubmitted(PayloadSchema):
    submission = fields.Integer(required=True)


class FilingApproved(PayloadSchema):
    filing_number = PayloadText(required=True)


class FilingRejected(PayloadSchema):
    reasons = fields.List(PayloadText(), required=True)


class ExistingHomeFilingRequested(PayloadSchema):
    property_id = PayloadText(required=True)
    agency_id = PayloadText(required=True)
    mode = PayloadText(required=True)
    contract_number = PayloadText(required=True)
    text_hash = PayloadText(required=True)
    window = TextTree(required=True)


class ExistingHomeCancellationRequested(PayloadSchema):
    filing_number = PayloadText(required=True)
    route = PayloadText(required=True)
    reason = PayloadText(required=True)
