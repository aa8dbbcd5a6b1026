"""Filing's own copies of the payloads it consumes."""
from marshmallow import INCLUDE, Schema, fields


class _Payload(Schema):
    class Meta:
        unknown = INCLUDE


class Confirmed(_Payload):
    room_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    project_id = fields.String(required=True)
    text_hash = fields.String(required=True)


class Resubmitted(_Payload):
    text_hash = fields.String(required=True)
    submission = fields.Integer(required=True)


class FilingSubmitted(_Payload):
    contract_id = fields.String(required=True)
    developer_id = fields.String(required=True)
    project_id = fields.String(required=True)
    room_id = fields.String(required=True)


class FilingResubmitted(_Payload):
    submission = fields.Integer(required=True)


class FilingApproved(_Payload):
    filing_number = fields.String(required=True)


class FilingRejected(_Payload):
    reasons = fields.List(fields.String(), required=True)


INTAKE_SCHEMAS = {("contracts", "Confirmed"): Confirmed(), ("contracts", "ResubmittedForFiling"): Resubmitted()}
REGISTER_SCHEMAS = {
    ("filing", "FilingSubmitted"): FilingSubmitted(),
    ("filing", "FilingResubmitted"): FilingResubmitted(),
    ("filing", "FilingApproved"): FilingApproved(),
    ("filing", "FilingRejected"): FilingRejected(),
}
