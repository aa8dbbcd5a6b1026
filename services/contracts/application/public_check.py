"""The public check of a printed contract (网签合同查验): what the buyer, a bank or anyone holding the formal
print learns from its verification code, without signing in.

It names the contract by its number, its state and filing number, the room, the seller (an enterprise,
public anyway) and the buyer masked (张*). A code that is malformed, unknown or not the contract's current
one answers exactly as an unknown one, so the answer never helps anyone guess codes.
"""
from __future__ import annotations

import re
import uuid
from typing import Any

from shared.errors import NotFound
from shared.integration import mask
from services.contracts.api.check_codes import normalise
from services.contracts.domain.check_codes import CheckCode, check_code_id
from services.contracts.domain.contract import Contract

NOT_FOUND = "no contract has this verification code"
_NAME_SEPARATORS = re.compile(r"([、，,；;\s]+)")


def masked_names(names: str) -> str:
    """张三、李四 → 张*、李*: every person of a list of names masked."""
    return "".join(part if _NAME_SEPARATORS.fullmatch(part) else mask(part)
                   for part in _NAME_SEPARATORS.split(names.strip()) if part)


def check_contract(app: Any, typed_code: Any) -> dict[str, Any]:
    code = normalise(typed_code)
    entry = app.find(check_code_id(code)) if code else None
    contract = app.find(uuid.UUID(entry.contract_id)) if isinstance(entry, CheckCode) else None
    if not isinstance(contract, Contract) or contract.verification_code != code:
        raise NotFound(NOT_FOUND, code="contract_check_not_found")
    room = contract.room
    return {"contract_number": contract.contract_number, "state": contract.state,
            "filing_number": contract.filing_number,
            "seller_name": room.get("developer_name", ""), "buyer_name": masked_names(contract.buyer_name),
            "room": {"project_name": room.get("project_name", ""), "building_name": room.get("building_name", ""),
                     "room_number": room.get("room_number", ""), "area_sqm": room.get("area_sqm", "")},
            "printed_at": contract.printed_at.isoformat()}
