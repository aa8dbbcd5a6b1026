"""The parties of an existing-home contract (存量房买卖合同): sellers (出卖人) and buyers (买受人).


One person per row, each named fully (name, identity document, mainland mobile, address, as the new-home
contract's buyer is); several people on a side own jointly (共同共有) or by shares (按份共有, shares with at most
two decimals that total exactly 100). The sellers are the verified property's registered owners. A person is
a minor when the birth date in their resident ID number is less than 18 years before today (Asia/Shanghai).
Pure Python: no I/O, no third-party imports.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

from shared.errors import InvalidInput, RuleViolation
from shared.identity_documents import HK_MACAU_TAIWAN_RESIDENCE_PERMIT, RESIDENT_ID, identity_document
from services.contracts.domain import buyer as person_rows

SELLER, BUYER = "seller", "buyer"
ROLES = (SELLER, BUYER)
JOINT, SHARES = "joint", "shares"
CO_OWNERSHIP = (JOINT, SHARES)
FULL_SHARE = Decimal("100")
_SHARE = re.compile(r"\d{1,3}(\.\d{1,2})?")
ADULT_AGE = 18


def person(values: Mapping[str, Any], where: str) -> dict[str, str]:
    """One row checked and normalised; every detail is required. Problems are named `where.detail`."""
    try:
        row = person_rows.buyer_details(values, complete=True)
    except InvalidInput as exc:
        prefix = "buyer_"
        details = {f"{where}.{field[len(prefix):] if field.startswith(prefix) else field}": problem
                   for field, problem in exc.details.items()}
        raise InvalidInput(f"{where}: the person's details are not valid", details=details) from None
    return row


def identity_key(row: Mapping[str, str]) -> str:
    return identity_document(row["id_number"], row["id_type"]).key


def birth_date(row: Mapping[str, str]) -> date | None:
    """The birth date a GB 11643 number carries (resident IDs and residence permits); None for other documents."""
    if row.get("id_type") not in (RESIDENT_ID, HK_MACAU_TAIWAN_RESIDENCE_PERMIT):
        return None
    number = row["id_number"]
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def is_minor(row: Mapping[str, str], today: date) -> bool:
    born = birth_date(row)
    if born is None:
        return False
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return years < ADULT_AGE


def side(rows: Iterable[Mapping[str, Any]], co_ownership: str | None, role: str) -> tuple[list[dict[str, str]],
                                                                                          str | None]:
    """A side's rows checked: at least one person; several need a co-ownership nature; by shares, each row
    has a share and they total exactly 100 (kept as the decimal text given). Returns (rows, co_ownership)."""
    rows = list(rows)
    if not rows:
        raise InvalidInput(f"a contract names at least one {role}", code="party_required", details={"role": role})
    checked = []
    for index, values in enumerate(rows):
        row = person(values, f"{role}s[{index}]")
        share = values.get("share")
        if share not in (None, ""):
            row["share"] = _share(share, f"{role}s[{index}].share")
        checked.append(row)
    if len(checked) == 1:
        checked[0].pop("share", None)
        return checked, None
    if co_ownership not in CO_OWNERSHIP:
        raise RuleViolation(f"several {role}s need a co-ownership nature: joint (共同共有) or shares (按份共有)",
                            code="co_ownership_required", details={"role": role, "allowed": list(CO_OWNERSHIP)})
    if co_ownership == JOINT:
        for row in checked:
            row.pop("share", None)
        return checked, JOINT
    missing = [index for index, row in enumerate(checked) if "share" not in row]
    total = sum((Decimal(row.get("share", "0")) for row in checked), Decimal(0))
    if missing or total != FULL_SHARE:
        raise RuleViolation(f"the {role}s' shares must total exactly 100", code="shares_must_total_100",
                            details={"role": role, "total": str(total), "rows_without_share": missing})
    return checked, SHARES


def _share(value: Any, where: str) -> str:
    text = str(value).strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal(0)
    if not _SHARE.fullmatch(text) or not Decimal(0) < amount <= FULL_SHARE:
        raise InvalidInput("a share is a percentage above 0 and at most 100 with at most two decimals",
                           code="invalid_share", details={where: [text]})
    return text


def require_distinct(sellers: list[Mapping[str, str]], buyers: list[Mapping[str, str]]) -> None:
    seen: dict[str, str] = {}
    for role, rows in ((SELLER, sellers), (BUYER, buyers)):
        for index, row in enumerate(rows):
            key = identity_key(row)
            where = f"{role}s[{index}]"
            if key in seen:
                raise RuleViolation("one person per row: the same person is named twice", code="duplicate_person",
                                    details={"rows": [seen[key], where]})
            seen[key] = where


def masked_number(number: str) -> str:
    """A document number as the real-estate register shows it: the first and last three characters."""
    return f"{number[:3]}{'*' * (len(number) - 6)}{number[-3:]}"


def registered_forms(row: Mapping[str, str]) -> set[tuple[str, str]]:
    """How the register may show this person as an owner: (masked name, masked number), the number in its
    18-character form or, for an old certificate, its first-generation 15-digit form."""
    number = row["id_number"]
    forms = {number}
    if len(number) == 18 and number[6:8] == "19":
        forms.add(number[:6] + number[8:17])
    return {(masked_name(row["name"]), masked_number(form)) for form in forms}


def _matches(row: Mapping[str, str], owner: Mapping[str, Any]) -> bool:
    """By masked name and, when the owner's document number came with it, by that number as registered."""
    if "id_number_masked" not in owner:
        return masked_name(row["name"]) == owner.get("name_masked")
    return (owner.get("name_masked"), owner["id_number_masked"]) in registered_forms(row)


def require_owners(sellers: list[Mapping[str, str]], owners: Iterable[Mapping[str, Any]]) -> None:
    """The sellers are exactly the registered owners, one seller per owner, as registry published them: masked
    names (`name_masked`) and, where given, masked document numbers (`id_number_masked`)."""
    unmatched = list(owners)
    strangers = []
    for index, row in enumerate(sellers):
        match = next((owner for owner in unmatched if _matches(row, owner)), None)
        if match is None:
            strangers.append(f"sellers[{index}]")
        else:
            unmatched.remove(match)
    if strangers or unmatched:
        raise RuleViolation("the sellers must be the property's registered owners", code="seller_not_owner",
                            details={"not_owners": strangers, "owners_missing": len(unmatched)})


def masked_name(name: str) -> str:
    return name[0] + "*" * max(len(name) - 1, 1) if name else name
