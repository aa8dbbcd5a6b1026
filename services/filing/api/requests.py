"""Filing's published command schemas."""
from marshmallow import fields, validate

from shared.fields import StrictSchema, Text


class RejectFilingSchema(StrictSchema):
    reasons = fields.List(Text(max_length=500, multiline=True), required=True, validate=validate.Length(min=1, max=20))


class FilingQuerySchema(StrictSchema):
    state = Text(load_default=None, max_length=10, validate=validate.OneOf(("pending", "filed", "rejected")))
