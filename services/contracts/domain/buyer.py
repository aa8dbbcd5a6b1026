"""The buyer (买受人) a new-home contract names: name, identity document, mainland mobile phone, postal address.

The model contract's parties section names the buyer fully; one buyer per contract. A contract may be drafted
with only the name (contracts drafted before the details existed have nothing else), but its text is not
printed until every detail is there (R000.7/R000.8), and after the formal print the details are fixed.
Pure Python: no I/O, no third-party imports.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from shared.errors import InvalidInput
from shared.identity_documents import (DOCUMENT_TYPES, HK_MACAU_TAIWAN_RESIDENCE_PERMIT, HK_MACAU_TRAVEL_PERMIT,
                                       PASSPORT, RESIDENT_ID, TAIWAN_TRAVEL_PERMIT, InvalidIdentityDocument,
                                       identity_document)
from shared.text import UnsafeText, clean_text

NAME, ID_TYPE, ID_NUMBER, PHONE, ADDRESS = "name", "id_type", "id_number", "phone", "address"
DETAILS = (NAME, ID_TYPE, ID_NUMBER, PHONE, ADDRESS)
NAME_MAX, ADDRESS_MIN, ADDRESS_MAX = 100, 5, 200
# How each detail is named at the API's edge (the draft's and the change's body fields).
FIELD_OF = {NAME: "buyer_name", ID_TYPE: "buyer_id_type", ID_NUMBER: "buyer_id_number", PHONE: "buyer_phone",
            ADDRESS: "buyer_address"}
DOCUMENT_NAMES = {
    RESIDENT_ID: "居民身份证",
    HK_MACAU_TRAVEL_PERMIT: "港澳居民来往内地通行证",
    TAIWAN_TRAVEL_PERMIT: "台湾居民来往大陆通行证",
    HK_MACAU_TAIWAN_RESIDENCE_PERMIT: "港澳台居民居住证",
    PASSPORT: "护照",
}
MOBILE = re.compile(r"1[3-9][0-9]{9}")
_NOT_IN_A_NAME = re.compile(r"[0-9０-９<>{}\[\]@#$%^&*=+|\\/:;\"?!~`_]")


def named_only(name: str) -> dict[str, str]:
    """The buyer of a contract drafted before the details existed: the name, the rest empty."""
    return {NAME: name, ID_TYPE: "", ID_NUMBER: "", PHONE: "", ADDRESS: ""}


def buyer_details(values: Mapping[str, Any], complete: bool = False) -> dict[str, str]:
    """The details checked and normalised; the name is required, and with `complete` every other detail too,
    else they may be left empty for now.

    The identity number is checked against its type (a resident ID number by its check character, a
    first-generation number turned into its 18-character form); the type is a resident ID when a number comes
    without one. Raises InvalidInput naming each wrong detail by its field at the API's edge.
    """
    problems: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for key in DETAILS:
        raw = values.get(key, "")
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            problems[FIELD_OF[key]] = ["expected text"]
            continue
        try:
            clean[key] = clean_text(raw).strip()
        except UnsafeText as exc:
            problems[FIELD_OF[key]] = [str(exc)]
    if not problems:
        if clean[ID_NUMBER] and not clean[ID_TYPE]:
            clean[ID_TYPE] = RESIDENT_ID
        problems = _problems(clean)
        if complete:
            problems.update({field: ["required"] for field in missing(clean) if field not in problems})
    if problems:
        raise InvalidInput("the buyer's details are not valid: " + ", ".join(sorted(problems)), details=problems)
    if clean[ID_NUMBER]:
        clean[ID_NUMBER] = identity_document(clean[ID_NUMBER], clean[ID_TYPE]).number
    return clean


def _problems(buyer: Mapping[str, str]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    name, id_type, number = buyer[NAME], buyer[ID_TYPE], buyer[ID_NUMBER]
    if not name:
        problems[FIELD_OF[NAME]] = ["the buyer's name is required"]
    elif len(name) > NAME_MAX:
        problems[FIELD_OF[NAME]] = [f"at most {NAME_MAX} characters"]
    elif _NOT_IN_A_NAME.search(name):
        problems[FIELD_OF[NAME]] = ["a name has no digits or symbols such as @ # < /"]
    if id_type and id_type not in DOCUMENT_TYPES:
        problems[FIELD_OF[ID_TYPE]] = ["must be one of: " + ", ".join(DOCUMENT_TYPES)]
    elif number:
        try:
            identity_document(number, id_type)
        except InvalidIdentityDocument as exc:
            problems[FIELD_OF[ID_NUMBER]] = [f"{exc} ({exc.reason})"]
    if buyer[PHONE] and not MOBILE.fullmatch(buyer[PHONE]):
        problems[FIELD_OF[PHONE]] = ["a mainland mobile number has 11 digits and starts with 1"]
    address = buyer[ADDRESS]
    if address and not ADDRESS_MIN <= len(address) <= ADDRESS_MAX:
        problems[FIELD_OF[ADDRESS]] = [f"between {ADDRESS_MIN} and {ADDRESS_MAX} characters"]
    return problems


def missing(buyer: Mapping[str, str]) -> list[str]:
    """The details still empty, by their field at the API's edge, in the form's order; [] when complete."""
    return [FIELD_OF[key] for key in DETAILS if not buyer.get(key)]



def masked_phone(phone: str) -> str:
    """A phone as a list may show it: 138****4567 ("" when there is none)."""
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else ""
