"""Filling the standard contract (`clauses`): the values a section's blanks take, what is still missing, and
the text with its blanks filled.

Contracts are filled clause by clause, so values are validated one section at a time and a section may be
saved partly filled; `missing_required` says what must still be filled before the contract is complete.
Pure Python: no I/O, no third-party imports.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Mapping

from shared.text import clean_text
from services.contracts.domain.clauses import (CHOICE, DATE, DECIMAL, INTEGER, PLACEHOLDER, SECTIONS, Blank, Section,
                                               section)

EMPTY_MARK = "＿＿＿"


class TemplateError(ValueError):
    """Values that do not fit a section's blanks; `details` maps each offending key to its problems."""

    def __init__(self, message: str, details: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, list[str]] = details or {}


_DECIMAL_TEXT = re.compile(r"[0-9]{1,12}(?:\.[0-9]+)?")
_INTEGER_TEXT = re.compile(r"[0-9]{1,9}")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_CN_DATE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")
_CENT = Decimal("0.01")


# Full-width digits, point and hyphen (７８００．５, ２０２６－０５－０１) are common in Chinese input. Only these are
# folded to ASCII: NFKC would also turn superscripts and circled digits into digits.
_FULL_WIDTH = str.maketrans({**{0xFF10 + d: str(d) for d in range(10)}, "．": ".", "－": "-", "\u3000": " "})


def _numeric_text(raw: str) -> str:
    return raw.translate(_FULL_WIDTH).strip()


def _normalise_decimal(raw: Any) -> str:
    if isinstance(raw, bool):
        raise ValueError("expected a number, not a boolean")
    if isinstance(raw, float):
        # The shortest repr, so 7800.5 is "7800.5"; binary noise like 0.30000000000000004 fails the scale check.
        raw = repr(raw)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueError("expected a finite decimal number")
        raw = format(raw, "f")
    if isinstance(raw, int):
        raw = str(raw)
    if not isinstance(raw, str):
        raise ValueError("expected a decimal number")
    text = _numeric_text(raw)
    if not _DECIMAL_TEXT.fullmatch(text):
        raise ValueError("expected a non-negative decimal number such as 7800.00")
    value = Decimal(text)
    rounded = value.quantize(_CENT)
    if rounded != value:
        raise ValueError("at most 2 decimal places")
    return str(rounded)


def _normalise_integer(raw: Any) -> str:
    if isinstance(raw, bool):
        raise ValueError("expected a whole number, not a boolean")
    if isinstance(raw, int):
        raw = str(raw)
    if not isinstance(raw, str):
        raise ValueError("expected a whole number")
    text = _numeric_text(raw)
    if not _INTEGER_TEXT.fullmatch(text):
        raise ValueError("expected a non-negative whole number")
    return str(int(text))


def _normalise_date(raw: Any) -> str:
    if isinstance(raw, datetime):
        raise ValueError("expected a date without a time")
    if isinstance(raw, date):
        return raw.isoformat()
    if not isinstance(raw, str):
        raise ValueError("expected a date such as 2026-05-01")
    text = _numeric_text(raw)
    match = _ISO_DATE.fullmatch(text) or _CN_DATE.fullmatch(text)
    if not match:
        raise ValueError("expected a date such as 2026-05-01")
    try:
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        raise ValueError("no such date") from None


def _normalise_choice(raw: Any, blank: Blank) -> str:
    if not isinstance(raw, str) or raw.strip() not in blank.choices:
        raise ValueError("must be one of: " + " / ".join(blank.choices))
    return raw.strip()


def _normalise_text(raw: Any, blank: Blank) -> str:
    if not isinstance(raw, str):
        raise ValueError("expected text")
    text = clean_text(raw, multiline=True).strip()
    if len(text) > blank.max_length:
        raise ValueError(f"at most {blank.max_length} characters")
    return text


def _normalise(blank: Blank, raw: Any) -> str:
    if blank.kind == DECIMAL:
        return _normalise_decimal(raw)
    if blank.kind == INTEGER:
        return _normalise_integer(raw)
    if blank.kind == DATE:
        return _normalise_date(raw)
    if blank.kind == CHOICE:
        return _normalise_choice(raw, blank)
    return _normalise_text(raw, blank)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def validate_values(section_id: str, values: Mapping[str, Any]) -> dict[str, str]:
    """Check and normalise the values given for one section's blanks.

    Every value comes back as a string: decimals with 2 places ("7800.00"), integers plain ("12"), dates ISO
    ("2026-05-01"; 2026年5月1日 is accepted too), choices exactly one of the choices, text stripped. None or
    a blank string comes back as "" (it clears the blank). Keys left out are fine: a clause may be saved
    partly filled. Raises KeyError for an unknown section and TemplateError for unknown keys or bad values.
    """
    sec = section(section_id)
    if not isinstance(values, Mapping):
        raise TemplateError(f"{section_id}: values must be an object", {"values": ["expected an object"]})
    known = {blank.key: blank for blank in sec.blanks}
    normalised: dict[str, str] = {}
    details: dict[str, list[str]] = {}
    for key, raw in values.items():
        blank = known.get(key) if isinstance(key, str) else None
        if blank is None:
            details[str(key)] = [f"{section_id} has no blank {key!r}"]
            continue
        if _is_empty(raw):
            normalised[key] = ""
            continue
        try:
            normalised[key] = _normalise(blank, raw)
        except ValueError as error:
            details[key] = [str(error)]
    if details:
        raise TemplateError(f"invalid values for {section_id}: {', '.join(sorted(details))}", details)
    return normalised


def missing_required(filled: Mapping[str, Mapping[str, str]]) -> dict[str, list[str]]:
    """The required blanks still empty, as {section_id: [key, ...]} in template order; {} when complete."""
    missing: dict[str, list[str]] = {}
    for sec in SECTIONS:
        values = filled.get(sec.id) or {}
        keys = [b.key for b in sec.blanks if b.required and _is_empty(values.get(b.key))]
        if keys:
            missing[sec.id] = keys
    return missing


def apply_presets(presets: Mapping[str, Mapping[str, Any]],
                  filled: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """A new {section_id: {key: value}} where the presets (validated here) fill only the blanks still empty.

    Raises KeyError for a preset naming an unknown section and TemplateError for a bad preset value.
    """
    result = {section_id: dict(values) for section_id, values in filled.items()}
    for section_id, values in presets.items():
        for key, value in validate_values(section_id, values).items():
            if value and _is_empty(result.get(section_id, {}).get(key)):
                result.setdefault(section_id, {})[key] = value
    return result


def render_text(sec: Section | str, values: Mapping[str, Any] | None = None) -> str:
    """The section's text with its blanks filled in, and ＿＿＿ where a blank is empty."""
    if isinstance(sec, str):
        sec = section(sec)
    values = values or {}

    def fill(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return EMPTY_MARK if _is_empty(value) else str(value).strip()

    return PLACEHOLDER.sub(fill, sec.text)
