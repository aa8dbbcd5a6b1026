"""The saga's own copies of the payloads it reads."""
from marshmallow import fields

from shared.fields import PayloadText, TextTree
from shared.integration import PayloadSchema


class Empty(PayloadSchema):
    pass


class NotarizationPushed(PayloadSchema):
    contract_id = PayloadText(required=True)
    attempt = fields.Integer(required=True)
    office_id = PayloadText(required=True)
    developer_id = PayloadText(required=True)
    content_hash = PayloadText(required=True)
    pdf_sha256 = PayloadText(required=True)
    buyer = TextTree(required=True)
    seller_name = PayloadText(required=True)
    room = TextTree(required=True)


class IdentityVerified(PayloadSchema):
    stage = PayloadText(required=True)


class CertificateIssued(PayloadSchema):
    certificate_number = PayloadText(required=True)
    content_hash = PayloadText(required=True)
    bundle_sha256 = PayloadText(required=True)


class CaseRejected(PayloadSchema):
    reasons = fields.List(PayloadText(), required=True)


class CaseOpened(PayloadSchema):
    contract_id = PayloadText(required=True)
    office_id = PayloadText(required=True)
