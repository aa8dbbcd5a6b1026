"""R001.10: an agent verifies an existing-home property by certificate number (old 房产证号 or new 不动产权证号)
plus the owner's name and ID exactly as registered, or by owner name + unit number (不动产单元号, the usual route
for non-mainland owners). Each failure says why: no such certificate or unit, owner mismatch, seized, in transfer,
already in a filed contract."""
from __future__ import annotations

from typing import Any, Callable

from shared.context import CommandContext
from shared.errors import Forbidden, RuleViolation
from services.registry.application.agency_access import AGENT
from services.registry.application.agency_ports import PropertyRegister
from services.registry.domain.property_verifications import FAILURES, PropertyVerification, first_generation_form

CERTIFICATE, UNIT = "certificate", "unit"


class PropertyVerificationCommands:
    property_register: PropertyRegister | None
    filed_contract_on: Callable[[str], str | None]  # services.registry.application.property_transfers

    def verify_property(self, ctx: CommandContext, query: dict[str, Any]) -> dict[str, Any]:
        if ctx.role != AGENT or not ctx.org_id:
            raise Forbidden("only agents verify properties", code="role_not_allowed")
        answer = self._register().find_property(register_query(query))
        outcome = answer.get("outcome")
        if outcome != "found":
            raise RuleViolation(failure_message(outcome, query), code=FAILURES.get(outcome, "property_not_verified"),
                                details={"outcome": outcome})
        found = answer["property"]
        refuse_unsellable(found)
        filing_number = self.filed_contract_on(found["property_id"])
        if filing_number:
            raise RuleViolation("the property is already in a filed contract; that contract must be cancelled first",
                                code="property_in_filed_contract",
                                details={"outcome": "in_filed_contract", "filing_number": filing_number})

        def decide() -> Any:
            verification = PropertyVerification.record(agency_id=ctx.org_id, agent_account_id=ctx.actor_id,
                                                       method=query["method"], property=found)
            return {"verification_id": str(verification.id), "method": query["method"], "property": found}, \
                [verification]

        return self.execute(ctx, "verify_property", decide)

    def _register(self) -> PropertyRegister:
        if self.property_register is None:
            raise RuntimeError("property verification needs the real-estate register (its adapter)")
        return self.property_register


def register_query(query: dict[str, Any]) -> dict[str, Any]:
    """What the register is asked: the owner's ID as the certificate carries it (15 digits when the agent says
    the certificate has a first-generation ID)."""
    if query["method"] == UNIT:
        return {"unit_number": query["unit_number"], "owner_name": query["owner_name"]}
    number = query["owner_id_number"]
    if query.get("first_generation_id"):
        number = first_generation_form(number)
    return {"certificate_number": query["certificate_number"], "owner_name": query["owner_name"],
            "owner_id_number": number}


def refuse_unsellable(found: dict[str, Any]) -> None:
    if found.get("seized"):
        raise RuleViolation("the property is seized (查封) and cannot be sold", code="property_seized")
    if found.get("transfer_status") == "in_transfer":
        raise RuleViolation("the property's transfer registration is under way", code="property_in_transfer")


def failure_message(outcome: str | None, query: dict[str, Any]) -> str:
    if outcome == "no_such_certificate":
        return "the register has no such certificate number; enter it exactly as on the certificate"
    if outcome == "no_such_unit":
        return "the register has no such unit number; enter it as the register's search result shows it"
    if outcome == "owner_mismatch" and query["method"] == CERTIFICATE and not query.get("first_generation_id"):
        return ("the owner's name or ID does not match the register; if the certificate carries a first-generation "
                "(15-digit) ID, tick that option and try again")
    return "the owner's name or ID does not match the register; enter them exactly as registered"
