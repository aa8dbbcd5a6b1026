"""Filing's published command schemas."""
from marshmallow import fields, validate

from shared.fields import StrictSchema


class RejectFilingSchema(StrictSchema):
    reasons = fields.List(fields.String(validate=validate.Length(min=1, max=500)), required=True,
                          validate=validate.Length(min=1, max=20))


class FilingQuerySchema(StrictSchema):
    state = fields.String(load_default=None, validate=validate.OneOf(("pending", "filed", "rejected")))
