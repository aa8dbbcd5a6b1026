"""marshmallow fields used at every boundary."""
from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields


class UUIDString(fields.UUID):
    """A UUID, validated, kept as its canonical string (JSON all the way through)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        result: uuid.UUID = super()._deserialize(value, attr, data, **kwargs)
        return str(result)


class StrictSchema(Schema):
    """Unknown fields are an error (marshmallow's default RAISE), stated for readers."""

    class Meta:
        ordered = True


class DecimalString(fields.Decimal):
    """A decimal amount within [minimum, maximum], rounded, kept as a string (no float touches money)."""

    def __init__(self, minimum: str, maximum: str, places: int = 2, **kwargs: Any) -> None:
        super().__init__(places=places, as_string=True, **kwargs)
        self.minimum, self.maximum = Decimal(minimum), Decimal(maximum)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if isinstance(value, float):
            raise ValidationError("send amounts as strings, e.g. \"89.50\"")
        amount = super()._deserialize(value, attr, data, **kwargs)
        if not self.minimum <= amount <= self.maximum:
            raise ValidationError(f"must be between {self.minimum} and {self.maximum}")
        return str(amount)
