"""Filing's own copies of the payloads it consumes."""
from marshmallow import fields

from shared.envelope import PayloadSchema


class Confirmed(PayloadSchema):
    room_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    project_id = fields.String(required=True)
    text_hash = fields.String(required=True)


class Resubmitted(PayloadSchema):
    text_hash = fields.String(required=True)
    submission = fields.Integer(required=True)


class FilingSubmitted(PayloadSchema):
    contract_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    project_id = fields.String(required=True)
    room_id = fields.String(required=True)


class FilingResubmitted(PayloadSchema):
    submission = fields.Integer(required=True)


class FilingApproved(PayloadSchema):
    filing_number = fields.String(required=True)


class FilingRejected(PayloadSchema):
    reasons = fields.List(fields.String(), required=True)


INTAKE_SCHEMAS = {("contracts", "Confirmed"): Confirmed(), ("contracts", "ResubmittedForFiling"): Resubmitted()}
REGISTER_SCHEMAS = {
    ("filing", "FilingSubmitted"): FilingSubmitted(),
    ("filing", "FilingResubmitted"): FilingResubmitted(),
    ("filing", "FilingApproved"): FilingApproved(),
    ("filing", "FilingRejected"): FilingRejected(),
}
