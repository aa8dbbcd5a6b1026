"""marshmallow building blocks for the answers services return (their response schemas).

An answer schema declares every key an answer has: the gateway checks each answer against its route's
schema and the OpenAPI document is generated from the same classes, so what clients read and what the
server sends cannot drift apart. A key that is always present but may be null is `nullable`.
"""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

AMOUNT_PATTERN = r"^\d{1,12}(\.\d{1,4})?$"


class AnswerSchema(Schema):
    """An answer: every key declared (an undeclared one is drift), in the order it is written."""

    class Meta:
        ordered = True


def text(**kwargs: Any) -> fields.String:
    return fields.String(required=True, **kwargs)


def nullable(field_class: type = fields.String, *args: Any, **kwargs: Any) -> fields.Field:
    return field_class(*args, required=True, allow_none=True, **kwargs)


def integer(**kwargs: Any) -> fields.Integer:
    return fields.Integer(required=True, strict=True, **kwargs)


def flag(**kwargs: Any) -> fields.Boolean:
    return fields.Boolean(required=True, truthy={True}, falsy={False}, **kwargs)


def amount(**kwargs: Any) -> fields.String:
    """Money and areas travel as decimal strings, never as JSON numbers."""
    return fields.String(required=True, validate=validate.Regexp(AMOUNT_PATTERN), **kwargs)


def items(field: fields.Field, **kwargs: Any) -> fields.List:
    return fields.List(field, required=True, **kwargs)


def nested(schema: type[Schema], **kwargs: Any) -> fields.Nested:
    return fields.Nested(schema, required=True, **kwargs)

