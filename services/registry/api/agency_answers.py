"""What registry's agency RPCs answer (guide 001)."""
from marshmallow import fields

from shared.answers import AnswerSchema, flag, integer, items, nested, nullable, text
from shared.fields import UUIDString


class StoredFileSchema(AnswerSchema):
    sha256 = text()
    content_type = text()
    size = integer()


class AgencyMaterialSchema(AnswerSchema):
    material_id = text()
    name = text()
    file = fields.Nested(StoredFileSchema, required=True, allow_none=True)


class AgencyInfoAnswerSchema(AnswerSchema):
    name = text()
    legal_representative = text()
    registered_address = text()
    business_scope = text()
    contact_phone = text()
    business_term_until = text()
    qualification_valid_until = text()


class AgencySchema(AnswerSchema):
    agency_id = UUIDString(required=True)
    name = text()
    credit_code = text()
    filing_number = text()
    account_username = text()
    state = text()
    info = fields.Nested(AgencyInfoAnswerSchema, required=True, allow_none=True)
    comment = nullable()
    return_reasons = items(fields.String())
    materials = items(fields.Nested(AgencyMaterialSchema))
    agent_count = integer()


class AgencyChangeSchema(AgencySchema):
    material_id = nullable()


class AgencyListSchema(AnswerSchema):
    agencies = items(fields.Nested(AgencySchema))


class AgentSchema(AnswerSchema):
    agent_id = UUIDString(required=True)
    agency_id = text()
    name = text()
    id_type = text()
    id_number_masked = text()
    phone_masked = text()
    state = text()
    username = nullable()
    id_image = fields.Nested(StoredFileSchema, required=True, allow_none=True)
    reasons = items(fields.String())


class AgentListSchema(AnswerSchema):
    agents = items(fields.Nested(AgentSchema))


class IdentityBoundSchema(AnswerSchema):
    account_id = text()
    username = text()
    bound = flag()


class OwnerSchema(AnswerSchema):
    name = text()
    id_type = text()
    id_number_masked = text()
    share = text()


class PropertySchema(AnswerSchema):
    property_id = text()
    certificate_number = text()
    unit_number = text()
    address = text()
    area = text()
    usage = text()
    owners = items(fields.Nested(OwnerSchema))
    mortgaged = flag()
    seized = flag()
    transfer_status = text()


class PropertyVerifiedSchema(AnswerSchema):
    verification_id = text()
    method = text()
    property = nested(PropertySchema)
