"""marshmallow fields used at every boundary.

Every string that crosses the edge is a `Text`: it has a maximum length, refuses NUL, control characters
and lone surrogates (line breaks and tabs only where it is `multiline`) and is kept in Unicode NFC. Digits
are ASCII digits: numbers sent as text in other scripts (١٢, ১২) are refused, and patterns match the
whole value.
"""
from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from shared.identity_documents import (DOCUMENT_TYPES, LONGEST_NUMBER, RESIDENT_ID, InvalidIdentityDocument,
                                       identity_document)
from shared.text import MULTILINE_PATTERN, ONE_LINE_PATTERN, UnsafeText, clean_text, refused_anywhere


class Text(fields.String):
    """A string from outside: at most `max_length` characters (at least `min_length`), no NUL, no control
    characters, no lone surrogates; LF and tab (CR LF becomes LF) only when `multiline`; NFC."""

    def __init__(self, *, max_length: int, min_length: int = 1, multiline: bool = False, **kwargs: Any) -> None:
        extra = kwargs.pop("validate", None)
        validators = [validate.Length(min=min_length or None, max=max_length)]
        validators += list(extra) if isinstance(extra, (list, tuple)) else [extra] if extra else []
        if not any(isinstance(v, (validate.Regexp, validate.OneOf)) for v in validators):
            pattern = MULTILINE_PATTERN if multiline else ONE_LINE_PATTERN
            kwargs["metadata"] = {"pattern": pattern, **kwargs.get("metadata", {})}
        super().__init__(validate=validators, **kwargs)
        self.multiline = multiline

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return clean_text(text, self.multiline)
        except UnsafeText as exc:
            raise ValidationError(str(exc)) from None


def PayloadText(max_length: int = 10_000, **kwargs: Any) -> Text:  # noqa: N802 (a field factory)
    """A text in another service's event payload, as its consumer's copy reads it: clean (several lines allowed),
    possibly empty; the publisher's schema set its real limits."""
    return Text(max_length=max_length, min_length=0, multiline=True, **kwargs)


class TextTree(fields.Dict):
    """A JSON object whose every name and text, however deep, is clean (several lines allowed): the nested
    data that consumers receive from other services (rooms of a round, room info)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        tree = super()._deserialize(value, attr, data, **kwargs)
        problem = refused_anywhere(tree)
        if problem:
            raise ValidationError(problem)
        return tree


class Pattern(validate.Regexp):
    """A regular expression the whole value must match (marshmallow's Regexp anchors only the start, and
    `$` also matches before a final newline). Write it with ^…$ so that OpenAPI readers see it anchored."""

    def __call__(self, value: Any) -> Any:
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


class AsciiDigits:
    """A number given as text must be written in ASCII (int() and Decimal() also read other scripts' digits)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and not value.isascii():
            raise ValidationError("write numbers with the digits 0-9")
        return super()._deserialize(value, attr, data, **kwargs)  # type: ignore[misc]


class Integer(AsciiDigits, fields.Integer):
    """An integer; as text (query strings) only in ASCII digits."""


class Float(AsciiDigits, fields.Float):
    """A number; as text only in ASCII digits."""


class UUIDString(fields.UUID):
    """A UUID, validated, kept as its canonical string (JSON all the way through)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        result: uuid.UUID = super()._deserialize(value, attr, data, **kwargs)
        return str(result)


class StrictSchema(Schema):
    """Unknown fields are an error (marshmallow's default RAISE), stated for readers."""

    class Meta:
        ordered = True


class DecimalString(AsciiDigits, fields.Decimal):
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


def DocumentType(**kwargs: Any) -> Text:  # noqa: N802 (a field factory, read like a field class)
    """The type of an identity document beside its number; a plain resident ID when left out."""
    return Text(max_length=40, load_default=RESIDENT_ID, validate=validate.OneOf(DOCUMENT_TYPES),
                metadata={"description": "the identity document's type; resident_id (居民身份证) when left out"},
                **kwargs)


def DocumentNumber(**kwargs: Any) -> Text:  # noqa: N802
    """An identity document's number, checked against its type by `load_identity_document`."""
    return Text(max_length=LONGEST_NUMBER, min_length=5, metadata={"description": (
        "resident_id: 18 characters under GB 11643-1999 (check character 0-9 or X) or a first-generation 15-digit "
        "number; hk_macau_taiwan_residence_permit: 18 characters starting 810000, 820000 or 830000; "
        "hk_macau_travel_permit: H or M and 8 or 10 digits; taiwan_travel_permit: 8 or 10 digits; "
        "passport: 5 to 17 letters and digits")}, **kwargs)


def load_identity_document(data: dict[str, Any], type_field: str, number_field: str) -> dict[str, Any]:
    """Check the document number against its type and normalise it in place (a schema's post_load); the
    error is reported on the number's field, with the check that failed."""
    try:
        document = identity_document(data[number_field], data[type_field])
    except InvalidIdentityDocument as exc:
        raise ValidationError(f"{exc} ({exc.reason})", number_field) from None
    data[number_field] = document.number
    return data
