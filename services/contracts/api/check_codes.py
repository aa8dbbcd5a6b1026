"""What a verification code (验证码) of a formal print looks like, for everyone who reads one: 16 symbols of
32 that are hard to confuse (no 0/O, 1/I), printed in groups of four.

Codes typed by hand may carry spaces, hyphens, lower case or full-width letters; `normalise` gives the
stored form, or None for anything that cannot be a code (the gateway then answers as for an unknown code).
"""
from __future__ import annotations

import unicodedata

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 16
GROUP = 4
LONGEST_TYPED = 4 * LENGTH  # beyond this nothing is read, whatever it holds
_SEPARATORS = str.maketrans("", "", " -\t")


def normalise(typed: object) -> str | None:
    """The code a person typed or scanned, in its stored form, or None if it cannot be a code."""
    if not isinstance(typed, str) or len(typed) > LONGEST_TYPED:
        return None
    code = unicodedata.normalize("NFKC", typed).translate(_SEPARATORS).upper()
    if len(code) != LENGTH or any(symbol not in ALPHABET for symbol in code):
        return None
    return code


def grouped(code: str) -> str:
    """ABCDEFGHJKLMNPQR → ABCD-EFGH-JKLM-NPQR, as it is printed."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))
