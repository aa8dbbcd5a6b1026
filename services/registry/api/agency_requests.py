"""Registry's published command schemas for agencies, agents and property verification (guide 001)."""
from marshmallow import fields, post_load, validate, validates_schema, ValidationError

from shared.fields import DocumentNumber, DocumentType, Pattern, StrictSchema, Text, load_identity_document

AGENCY_STATES = ("applied", "submitted", "verified", "returned")
AGENT_STATES = ("added", "submitted", "approved", "rejected")
PHONE = Pattern(r"^1[0-9]{10}$", error="a mainland mobile number: 11 digits starting with 1")
CREDIT_CODE = Pattern(r"^[0-9A-Z]{18}$", error="the unified social credit code has 18 digits or capital letters")
USERNAME = Pattern(r"^[a-z0-9_.-]{3,40}$", error="3 to 40 lowercase letters, digits, dot, dash or underscore")
UNIT_NUMBER = Pattern(r"^[0-9]{12}[A-Z]{2}[0-9]{5}[A-Z][0-9]{8}$",
                      error="a real-estate unit number (不动产单元号) has 28 characters, as the register prints it")
OWNER_ID = Pattern(r"^[0-9A-Za-z]{5,18}$", error="5 to 18 letters and digits, as on the certificate")
MAX_IMAGE_BASE64 = 700_000  # a little over 500 KB encoded, so an image just too large is refused by its size


class ApplyForAgencySchema(StrictSchema):
    name = Text(required=True, max_length=200)
    credit_code = Text(required=True, max_length=18, validate=CREDIT_CODE)
    username = Text(required=True, max_length=40, validate=USERNAME)
    phone = Text(required=True, max_length=11, validate=PHONE)


class AgencyInfoSchema(StrictSchema):
    """R001.4: the business licence's details; R001.5: validity at most 2 years from today."""
    name = Text(required=True, max_length=200)
    legal_representative = Text(required=True, max_length=60)
    registered_address = Text(required=True, max_length=200)
    business_scope = Text(required=True, max_length=500)
    contact_phone = Text(required=True, max_length=11, validate=PHONE)
    business_term_until = fields.Date(required=True)
    qualification_valid_until = fields.Date(load_default=None, allow_none=True, metadata={
        "description": "without a qualification certificate, the business term's date (the default)"})


class MaterialNameSchema(StrictSchema):
    name = Text(required=True, max_length=60, validate=validate.Length(min=1))


class ImageFileSchema(StrictSchema):
    """An image as base64 in JSON: PNG or JPEG, at most 500 KB (R001.6, R001.8)."""
    content_type = Text(required=True, max_length=20, validate=validate.OneOf(("image/png", "image/jpeg")))
    data_base64 = Text(required=True, max_length=MAX_IMAGE_BASE64, validate=validate.Length(min=1))


class SubmitAgencySchema(StrictSchema):
    comment = Text(required=True, max_length=500, multiline=True)


class DecisionSchema(StrictSchema):
    approve = fields.Boolean(required=True, truthy={True}, falsy={False})
    reasons = fields.List(Text(max_length=500, multiline=True), load_default=list,
                          validate=validate.Length(max=20))


class AgencyQuerySchema(StrictSchema):
    state = Text(load_default=None, max_length=20, validate=validate.OneOf(AGENCY_STATES))


class AgentQuerySchema(StrictSchema):
    state = Text(load_default=None, max_length=20, validate=validate.OneOf(AGENT_STATES))


class AddAgentSchema(StrictSchema):
    name = Text(required=True, max_length=60, validate=validate.Length(min=1))
    id_type = DocumentType()
    id_number = DocumentNumber(required=True)
    phone = Text(required=True, max_length=11, validate=PHONE)

    @post_load
    def checked_document(self, data, **kwargs):
        return load_identity_document(data, "id_type", "id_number")


class IdentityAssertionSchema(StrictSchema):
    assertion = Text(required=True, max_length=4000)


class PropertyQuerySchema(StrictSchema):
    """R001.10: certificate number + owner name and ID as registered, or owner name + unit number."""
    method = Text(required=True, max_length=20, validate=validate.OneOf(("certificate", "unit")))
    owner_name = Text(required=True, max_length=100, validate=validate.Length(min=1))
    certificate_number = Text(load_default=None, max_length=60)
    owner_id_number = Text(load_default=None, max_length=18, validate=OWNER_ID)
    unit_number = Text(load_default=None, max_length=28, validate=UNIT_NUMBER)
    first_generation_id = fields.Boolean(load_default=False, truthy={True}, falsy={False}, metadata={
        "description": "the certificate carries a first-generation (15-digit) ID and the owner gives the 18-digit one"})

    @validates_schema
    def route_fields(self, data, **kwargs):
        needed = ("certificate_number", "owner_id_number") if data.get("method") == "certificate" else ("unit_number",)
        missing = {name: ["required for this query"] for name in needed if not data.get(name)}
        if missing:
            raise ValidationError(missing)
