"""People, properties and walks for the existing-home contract's unit tests (shared by domain and application)."""
from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from shared.identity_documents import resident_id_number
from services.contracts.domain.existing_home import ExistingHomeContract
from services.contracts.domain.existing_home_parties import masked_name, masked_number

OWNER_ID = resident_id_number("442000", date(1970, 5, 1), 11)
CO_OWNER_ID = resident_id_number("442000", date(1972, 8, 9), 22)
BUYER_A_ID = resident_id_number("440101", date(1985, 3, 3), 31)
BUYER_B_ID = resident_id_number("440101", date(1987, 4, 4), 42)


def owner(name: str, number: str) -> dict[str, str]:
    """An owner as the register shows one (and registry publishes it): name and number masked."""
    return {"name_masked": masked_name(name), "id_type": "resident_id", "id_number_masked": masked_number(number)}


PROPERTY = {"address": "中山市石岐区民生路12号301房", "certificate_number": "粤(2019)中山市不动产权第0123456号",
            "unit_number": "442000001001GB00001F00010001",
            "owners": [owner("李建国", OWNER_ID)]}


def row(name: str, number: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "id_type": "resident_id", "id_number": number, "phone": "13912345678",
            "address": "中山市东区中山四路88号", **extra}


SELLER = row("李建国", OWNER_ID)
TWO_BUYERS = [row("王小明", BUYER_A_ID, share="60"), row("陈丽", BUYER_B_ID, share="40")]


def drafted(mode: str = "online", property_: dict | None = None) -> ExistingHomeContract:
    return ExistingHomeContract.draft(contract_id=uuid.uuid4(), property_id="ZS-0001", verification_id="v-1",
                                      agency_id="agency-1", agent_id="agent-1", mode=mode,
                                      contract_number="CL2026000001", property=property_ or PROPERTY)


def completed(contract: ExistingHomeContract, buyers: list[dict] | None = None) -> ExistingHomeContract:
    contract.set_parties([SELLER], buyers or TWO_BUYERS, buyer_co_ownership="shares")
    contract.set_terms(150_000_000, "mortgage", "2027-01-31", {"taxes": "各自承担"})
    contract.set_applicant("王小明", "13912345678", BUYER_A_ID)
    contract.set_rating("good", "")
    contract.set_escrow(True, "ccb", "online")
    contract.set_notes("已阅读注意事项")
    return contract


def subject_of(number: str) -> str:
    return "subject:" + number


def sign_all(contract: ExistingHomeContract) -> None:
    """Every signer of the open order passes face verification and signs."""
    for signer in list(contract.order["signers"]):
        party = signer["party_id"]
        order = contract.order["order_id"]
        contract.start_party_face(order, party, f"face-{order}-{party}", "http://face")
        contract.record_party_face(f"face-{order}-{party}", True, subject_of(signer["id_number"]), subject_of)
        contract.start_party_signing(order, party, f"sign-{order}-{party}", "http://sign", contract.text_hash)
        contract.record_party_signature(f"sign-{order}-{party}", True, f"sig-{party}", "2026-12-01T10:00:00+08:00",
                                        contract.text_hash)


def filed(contract: ExistingHomeContract | None = None) -> ExistingHomeContract:
    contract = completed(contract or drafted())
    contract.submit()
    contract.open_signature_order("order-1")
    sign_all(contract)
    contract.request_filing()
    contract.record_filed("CLBA2026000001")
    return contract
