"""Filing's published command schemas for the bureau's review of existing-home filings and cancellations made at
the window (R001.16, R001.18)."""
from marshmallow import ValidationError, fields, validate, validates_schema

from shared.fields import StrictSchema, Text


class ReviewSchema(StrictSchema):
    """approve, or reject with at least one reason."""

    decision = Text(required=True, max_length=10, validate=validate.OneOf(("approve", "reject")))
    reasons = fields.List(Text(max_length=500, multiline=True), load_default=list, validate=validate.Length(max=20))

    @validates_schema
    def reasons_of_a_rejection(self, data: dict, **kwargs: object) -> None:
        if data.get("decision") == "reject" and not [r for r in data.get("reasons", []) if r.strip()]:
            raise ValidationError({"reasons": ["a rejection gives its reasons"]})
