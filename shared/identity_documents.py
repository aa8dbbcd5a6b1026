"""Identity documents: the resident identity number of GB 11643-1999 and the documents of people who have none.

A resident ID number has 18 characters: a 6-digit region code, the birth date (YYYYMMDD), a 3-digit sequence
and a check character (ISO 7064 MOD 11-2: the weighted sum of the first 17 digits, mod 11, indexes
`10X98765432`). First-generation numbers have 15 digits (a 2-digit year of the 1900s, no check character);
they are the same person as their 18-digit form and are converted to it before anything is hashed or compared.

Hong Kong, Macau and Taiwan residents hold a travel permit for the mainland (回乡证, 台胞证) or a residence
permit (港澳台居民居住证, an 18-character number under the same standard, with region code 810000, 820000 or
830000); foreigners hold a passport. Each is a typed document with its own format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

RESIDENT_ID = "resident_id"
HK_MACAU_TRAVEL_PERMIT = "hk_macau_travel_permit"
TAIWAN_TRAVEL_PERMIT = "taiwan_travel_permit"
HK_MACAU_TAIWAN_RESIDENCE_PERMIT = "hk_macau_taiwan_residence_permit"
PASSPORT = "passport"
DOCUMENT_TYPES = (RESIDENT_ID, HK_MACAU_TRAVEL_PERMIT, TAIWAN_TRAVEL_PERMIT, HK_MACAU_TAIWAN_RESIDENCE_PERMIT,
                  PASSPORT)
LONGEST_NUMBER = 18

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
# Province-level codes of GB/T 2260 (the first two digits of every region code), with 71 Taiwan and the
# 81/82/83 of residence permits.
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})
RESIDENCE_PERMIT_REGIONS = ("810000", "820000", "830000")
EARLIEST_BIRTH = date(1900, 1, 1)

_EIGHTEEN = re.compile(r"[0-9]{17}[0-9X]")
_FIFTEEN = re.compile(r"[0-9]{15}")
_FORMATS = {
    HK_MACAU_TRAVEL_PERMIT: (re.compile(r"[HM][0-9]{8}(?:[0-9]{2})?"), "H or M and 8 or 10 digits"),
    TAIWAN_TRAVEL_PERMIT: (re.compile(r"[0-9]{8}(?:[0-9]{2})?"), "8 or 10 digits"),
    PASSPORT: (re.compile(r"(?=[A-Z0-9]*[0-9])[A-Z0-9]{5,17}"), "5 to 17 letters and digits"),
}


class InvalidIdentityDocument(ValueError):
    """A document number that cannot be; `reason` says which check failed, the message explains it."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class IdentityDocument:
    id_type: str
    number: str  # normalised: upper case, resident ID numbers in their 18-character form

    @property
    def key(self) -> str:
        """What names the person across documents of one numbering: GB 11643 numbers (resident IDs and
        residence permits share one numbering) stand alone, other documents carry their type."""
        if self.id_type in (RESIDENT_ID, HK_MACAU_TAIWAN_RESIDENCE_PERMIT):
            return self.number
        return f"{self.id_type}:{self.number}"


def check_character(body: str) -> str:
    """The GB 11643 check character of a 17-digit body."""
    return CHECK_CHARACTERS[sum(int(digit) * weight for digit, weight in zip(body, WEIGHTS)) % 11]


def eighteen_digit_form(number: str) -> str:
    """A first-generation 15-digit number in its 18-character form: `19` before the year, a check character."""
    body = number[:6] + "19" + number[6:]
    return body + check_character(body)


def resident_id_number(region: str, born: date, sequence: int) -> str:
    """The resident ID number of a region code, a birth date and a 3-digit sequence (odd for men)."""
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    return body + check_character(body)


def resident_id(number: str, today: date | None = None) -> str:
    """The number checked against GB 11643-1999 and normalised (18 characters, X upper case)."""
    number = number.upper()
    if _FIFTEEN.fullmatch(number):
        number = eighteen_digit_form(number)
    elif not _EIGHTEEN.fullmatch(number):
        raise InvalidIdentityDocument("format", "a resident ID number has 18 characters (17 digits and a digit "
                                                "or X) or, first generation, 15 digits")
    region = number[:6]
    if region == "000000" or region[:2] not in PROVINCES:
        raise InvalidIdentityDocument("region", f"{region} is not a region code")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdentityDocument("birth_date", f"{number[6:14]} is not a date") from None
    if not EARLIEST_BIRTH <= born <= (today or date.today()):
        raise InvalidIdentityDocument("birth_date", f"a birth date of {born.isoformat()} cannot be")
    if number[17] != check_character(number[:17]):
        raise InvalidIdentityDocument("check_character", "the check character does not match the number")
    return number


def identity_document(number: str, id_type: str = RESIDENT_ID, today: date | None = None) -> IdentityDocument:
    """The document checked against its type's format and normalised; InvalidIdentityDocument when it cannot be."""
    if id_type == RESIDENT_ID:
        return IdentityDocument(id_type, resident_id(number, today))
    if id_type == HK_MACAU_TAIWAN_RESIDENCE_PERMIT:
        checked = resident_id(number, today)
        if len(number) != 18 or checked[:6] not in RESIDENCE_PERMIT_REGIONS:
            raise InvalidIdentityDocument("region", "a residence permit number has 18 characters and starts "
                                                    "with 810000, 820000 or 830000")
        return IdentityDocument(id_type, checked)
    if id_type not in _FORMATS:
        raise InvalidIdentityDocument("id_type", f"the document type must be one of {', '.join(DOCUMENT_TYPES)}")
    pattern, shape = _FORMATS[id_type]
    normalised = number.upper()
    if not pattern.fullmatch(normalised):
        raise InvalidIdentityDocument("format", f"a {id_type.replace('_', ' ')} number has {shape}")
    return IdentityDocument(id_type, normalised)


def normalised_number(number: str) -> str:
    """A number as the parties that name a person by it should see it: a resident ID number in its 18-character
    form, any other document number in upper case."""
    try:
        return resident_id(number)
    except InvalidIdentityDocument:
        return number.upper()
