"""What a text from outside may hold before it is stored.

No NUL, no other C0 or C1 control character, no DEL and no lone surrogate: PostgreSQL refuses NUL in
text, and the others hide in logs, PDFs and screens. Texts meant to have several lines (intros,
reasons, clause text) may hold line feeds and tabs; CR LF becomes LF. Texts are kept in Unicode NFC,
so that the same words typed two ways compare equal.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

_ONE_LINE_REFUSED = r"\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff"
_MULTILINE_REFUSED = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff"
_SINGLE_LINE = re.compile(f"[{_ONE_LINE_REFUSED}]")
_MULTILINE = re.compile(rf"[{_MULTILINE_REFUSED}]|\r(?!\n)")
# The same rules as JSON Schema patterns (ECMA 262), for the OpenAPI document.
ONE_LINE_PATTERN = f"^[^{_ONE_LINE_REFUSED}]*$"
MULTILINE_PATTERN = rf"^(?:[^{_MULTILINE_REFUSED}\r]|\r\n)*$"


class UnsafeText(ValueError):
    """A text holds a character that may not be stored; the message names it and where it is."""


def refused_character(text: str, multiline: bool = False) -> str | None:
    """Why the text may not be stored (its first refused character and position), or None."""
    found = (_MULTILINE if multiline else _SINGLE_LINE).search(text)
    if found is None:
        return None
    character = found.group()[0]
    where = f"U+{ord(character):04X} at position {found.start() + 1}"
    if "\ud800" <= character <= "\udfff":
        return f"lone surrogate {where} is not allowed"
    if character in "\n\u2028\u2029":
        return f"line break {where} is not allowed in a one-line text"
    if character == "\t":
        return f"tab {where} is not allowed in a one-line text"
    return f"control character {where} is not allowed"


def refused_anywhere(data: Any) -> str | None:
    """Why parsed JSON data may not be stored: the first refused character of any name or text at any
    depth (several lines allowed), or None."""
    if isinstance(data, str):
        return refused_character(data, multiline=True)
    if isinstance(data, dict):
        return next(filter(None, (refused_anywhere(k) or refused_anywhere(v) for k, v in data.items())), None)
    if isinstance(data, list):
        return next(filter(None, map(refused_anywhere, data)), None)
    return None


def clean_text(text: str, multiline: bool = False) -> str:
    """The text in NFC (line ends as LF when it may have several lines); UnsafeText when it holds a
    character it may not."""
    problem = refused_character(text, multiline)
    if problem:
        raise UnsafeText(problem)
    if multiline:
        text = text.replace("\r\n", "\n")
    return unicodedata.normalize("NFC", text)
