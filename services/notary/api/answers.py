"""What notary's RPCs answer."""
from marshmallow import fields

from shared.answers import AnswerSchema, flag, integer, items, nested, nullable, text


class CaseSchema(AnswerSchema):
    case_id = text()
    contract_id = text()
    attempt = integer()
    office_id = text()
    office_name = text()
    state = text()
    mainland = flag()
    buyer_name = text()
    buyer_id_masked = text()
    seller_name = text()
    room = fields.Dict(required=True)
    content_hash = text()
    documents = items(fields.String())
    documents_read = items(fields.String())
    verifications = items(fields.Dict())
    face_qr_url = nullable()
    materials = items(fields.String())
    required_materials = items(fields.String())
    decision = nullable(fields.Dict)
    certificate = nullable(fields.Dict)
    version = integer()


class EvidenceSchema(AnswerSchema):
    """One piece of the buyer's evidence as the officer reviews it: an image (with its data) or the video's facts."""

    kind = text()
    content_type = text()
    size = integer()
    sha256 = text()
    seconds = nullable(fields.Float)
    capture = nullable(fields.Dict)
    data_base64 = text()


class CaseRowSchema(AnswerSchema):
    case_id = text()
    contract_id = text()
    office_id = text()
    state = text()
    opened_at = text()
    updated_at = text()


class CaseListSchema(AnswerSchema):
    cases = items(fields.Nested(CaseRowSchema))


class SagaSchema(AnswerSchema):
    attempt = integer()
    saga_id = text()
    case_id = text()
    state = text()
    complete_by = text()
    steps = items(fields.Dict())


class SagaHistorySchema(AnswerSchema):
    contract_id = text()
    sagas = items(fields.Nested(SagaSchema))


class OfficeSchema(AnswerSchema):
    office_id = text()
    name = text()


class OfficeListSchema(AnswerSchema):
    offices = items(nested(OfficeSchema))
