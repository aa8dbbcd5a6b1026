"""Signing and cancelling an existing-home contract at the bureau's window (guide 001 sections 3 and 5).

R001.16: staff record each party's presence: in person, or through a proxy holding a notarized power of attorney
that names this matter (存量房买卖合同网签备案); a minor party comes with both parents (father and mother, adults)
and a proof of kinship (户口本 or 出生证明). Staff upload the signed pages, and the joint waiver declaration when
the parties chose no escrow. R001.18: a window cancellation brings the termination agreement (存量房买卖合同终止协议)
and the photos taken of both parties. Every image is a PNG or JPEG of at most 500 KB.

What the window record keeps of an image is its facts (sha256, type, size); the images themselves are kept apart.
Pure Python: no I/O, no third-party imports.
"""
from __future__ import annotations

import hashlib
from datetime import date
from typing import Any, Iterable, Mapping

from shared.errors import InvalidInput, RuleViolation
from services.contracts.domain import existing_home_parties as parties
from services.contracts.domain.existing_home import party_id

IMAGE_TYPES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
MAX_IMAGE_BYTES = 500 * 1024
SIGNING_MATTER = "存量房买卖合同网签备案"
CANCELLING_MATTER = "注销存量房买卖合同网签备案"
PARENTS = ("father", "mother")
MAX_PAGES = 10


def checked_image(where: str, content_type: str, data: bytes) -> dict[str, Any]:
    """An image's facts, or InvalidInput naming the field (`where`) that is wrong."""
    magic = IMAGE_TYPES.get(content_type)
    if magic is None or not data.startswith(magic):
        raise InvalidInput("an image is a PNG or JPEG file of the type it says", code="unsupported_media_type",
                           details={"field": where, "content_type": content_type})
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput("an image is at most 500 KB", code="image_too_large",
                           details={"field": where, "size": len(data), "max": MAX_IMAGE_BYTES})
    return {"sha256": hashlib.sha256(data).hexdigest(), "content_type": content_type, "size": len(data)}


def names_signing_matter(matter: str, contract_number: str) -> bool:
    """The power of attorney names this matter: the online-filing matter itself, not its cancellation, or this
    contract by its number."""
    return contract_number in matter or (SIGNING_MATTER in matter and CANCELLING_MATTER not in matter)


def signers_of(contract: Any) -> list[dict[str, Any]]:
    """The contract's parties as the window records them: sellers then buyers, with their party ids."""
    return [{"party_id": party_id(role, index), "role": role, "row": row}
            for role, rows in ((parties.SELLER, contract.sellers), (parties.BUYER, contract.buyers))
            for index, row in enumerate(rows)]


def presence_record(signers: Iterable[Mapping[str, Any]], present: Iterable[Mapping[str, Any]], *,
                    contract_number: str, today: date) -> list[dict[str, Any]]:
    """Every party of the contract accounted for once, as R001.16 wants them; returns the record to keep
    (proxies' and parents' names and masked ID numbers, image facts)."""
    by_party = {signer["party_id"]: signer for signer in signers}
    rows: dict[str, Mapping[str, Any]] = {}
    for entry in present:
        party = entry.get("party_id")
        if party not in by_party:
            raise InvalidInput("no such party in this contract", code="unknown_party", details={"party_id": party})
        if party in rows:
            raise InvalidInput("each party is recorded once", code="duplicate_party", details={"party_id": party})
        rows[party] = entry
    absent = [party for party in by_party if party not in rows]
    if absent:
        raise RuleViolation("record every party's presence: in person or through a proxy",
                            code="party_presence_required", details={"absent": absent})
    return [_party_presence(by_party[party], rows[party], contract_number, today) for party in by_party]


def _party_presence(signer: Mapping[str, Any], entry: Mapping[str, Any], contract_number: str,
                    today: date) -> dict[str, Any]:
    party = signer["party_id"]
    record: dict[str, Any] = {"party_id": party, "role": signer["role"], "in_person": bool(entry.get("in_person"))}
    if not record["in_person"]:
        proxy = entry.get("proxy") or {}
        if proxy.get("poa_notarized") is not True or not names_signing_matter(str(proxy.get("poa_matter", "")),
                                                                             contract_number):
            raise RuleViolation("a proxy needs a notarized power of attorney naming this matter "
                                f"({SIGNING_MATTER})", code="poa_required", details={"party_id": party})
        record["proxy"] = {"name": proxy["name"], "id_number_masked": _masked(proxy["id_number"]),
                           "poa_matter": proxy["poa_matter"]}
    if parties.is_minor(signer["row"], today):
        record["guardians"] = _both_parents(party, entry.get("guardians") or [], signer["row"], today)
        if not entry.get("kinship_proof"):
            raise RuleViolation("a minor's parents bring the proof of kinship (户口本 or 出生证明)",
                                code="kinship_proof_required", details={"party_id": party})
        record["kinship_proof"] = dict(entry["kinship_proof"])
    return record


def _both_parents(party: str, guardians: list[Mapping[str, Any]], minor: Mapping[str, Any],
                  today: date) -> list[dict[str, Any]]:
    relations = sorted(str(g.get("relation")) for g in guardians)
    numbers = {str(g.get("id_number", "")).upper() for g in guardians}
    adults = all(not parties.is_minor({"id_type": "resident_id", **g}, today) for g in guardians
                 if len(str(g.get("id_number", ""))) == 18)
    if relations != sorted(PARENTS) or len(numbers) != 2 or minor["id_number"].upper() in numbers or not adults:
        raise RuleViolation("a minor party needs both parents present: father and mother, adults",
                            code="minor_needs_both_parents", details={"party_id": party})
    return [{"relation": g["relation"], "name": g["name"], "id_number_masked": _masked(g["id_number"])}
            for g in guardians]


def signing_record(presence: list[dict[str, Any]], signed_pages: list[dict[str, Any]],
                   waiver_declaration: dict[str, Any] | None, escrow: Mapping[str, Any] | None) -> dict[str, Any]:
    """The window record filing reviews: presence, signed pages, and the waiver when no escrow was chosen."""
    if not signed_pages:
        raise RuleViolation("upload the signed pages (签章页)", code="signed_pages_required")
    if len(signed_pages) > MAX_PAGES:
        raise InvalidInput(f"at most {MAX_PAGES} signed pages", code="too_many_pages")
    waived = not (escrow or {}).get("chosen", False)
    if waived and not waiver_declaration:
        raise RuleViolation("without escrow, upload the parties' joint waiver declaration "
                            "(自愿放弃存量房交易资金监管的共同声明)", code="waiver_declaration_required")
    return {"present": presence, "signed_pages": signed_pages,
            "waiver_declaration": waiver_declaration if waived else None}


def cancellation_evidence(termination_agreement: dict[str, Any] | None,
                          photos: list[dict[str, Any]]) -> dict[str, Any]:
    """R001.18: the termination agreement and a photo of each side (at least two photos)."""
    if not termination_agreement:
        raise RuleViolation("upload the termination agreement (存量房买卖合同终止协议)",
                            code="termination_agreement_required")
    if len(photos) < 2:
        raise RuleViolation("upload the photos taken of both parties", code="party_photos_required",
                            details={"photos": len(photos)})
    return {"termination_agreement": termination_agreement, "photos": photos}


def _masked(number: str) -> str:
    text = str(number)
    return text[:3] + "*" * max(len(text) - 6, 1) + text[-3:] if len(text) > 6 else "*" * len(text)
