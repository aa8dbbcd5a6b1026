"""Contracts application: presets, drafting, clause-by-clause filling, printing, confirming, filing outcome;
public-housing leases (see leases.py) and existing-home sales (see existing_homes.py)."""
from __future__ import annotations

from typing import Any, Mapping

from shared import clock
from shared.application import ServiceApplication, retry_on_contention
from shared.context import CommandContext
from shared.errors import Conflict, Forbidden, RuleViolation
from services.contracts.domain import template
from services.contracts.domain.check_codes import CheckCode
from services.contracts.domain.contract import CANCELLED, Contract, validated_clause
from services.contracts.domain.contract_numbers import ContractNumberSequence, sequence_id
from services.contracts.domain.presets import ClausePresets, preset_id
from services.contracts.domain.room_claim import RoomClaim, claim_id
from services.contracts.application.existing_home_window import ExistingHomeWindow
from services.contracts.application.existing_homes import ExistingHomeSales
from services.contracts.application.leases import LeaseSigning
from services.contracts.application.notarized_route import NotarizedRoute

READERS = ("bureau_officer", "auditor", "system")
NUMBERING_ATTEMPTS = 50  # drafts racing for the year's next contract number


def contention(run: Any) -> Any:
    """`run()` again while it lost an optimistic-concurrency race (another draft took the number first)."""
    return retry_on_contention(run, NUMBERING_ATTEMPTS, "too many contracts drafted at once; try again")


class ContractsApplication(ExistingHomeWindow, ExistingHomeSales, NotarizedRoute, LeaseSigning, ServiceApplication):
    name = "contracts"
    snapshotting_intervals = {ContractNumberSequence: 100}

    # Presets (R000.6) --------------------------------------------------------------------------

    def set_presets(self, ctx: CommandContext, project_id: str,
                    sections: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
        def decide() -> Any:
            presets = self._presets(ctx.org_id, project_id) or ClausePresets.open(ctx.org_id, project_id)
            for section_id, values in sections.items():
                presets.preset(section_id, validated_clause(section_id, values))
            return {"project_id": project_id, "sections": presets.sections}, [presets]

        return self.execute(ctx, "set_presets", decide)

    def get_presets(self, ctx: CommandContext, project_id: str) -> dict[str, Any]:
        presets = self._presets(ctx.org_id, project_id)
        return {"project_id": project_id, "sections": presets.sections if presets else {}}

    # Drafting and filling (R000.7, R000.8) --------------------------------------------------------

    def draft_contract(self, ctx: CommandContext, room: Mapping[str, Any] | None, room_id: str,
                       buyer: Mapping[str, Any]) -> dict[str, Any]:
        """`room` is the published room as this service last heard of it (None if never); `buyer` the buyer's
        details (name, id_type, id_number, phone, address; the name at least). The draft takes the year's next
        contract number, drafting again when another draft took it first."""
        if room is None or not room["saleable"]:
            raise Conflict("this room is not published for sale", code="room_not_available",
                           details={"room_id": room_id})
        if room["developer_id"] != ctx.org_id:
            raise Forbidden("this room belongs to another developer", code="other_organisation")
        presets = self._presets(ctx.org_id, room["project_id"])

        def decide() -> Any:
            claim = self._claim(room_id)
            numbers = self._contract_numbers()
            contract = Contract.draft(room_id=room_id, project_id=room["project_id"],
                                      developer_id=room["developer_id"], buyer=buyer,
                                      room=_room_summary(room), presets=presets.sections if presets else {},
                                      numbers=numbers)
            claim.take(str(contract.id))
            return self.contract_view(contract), [contract, claim, numbers]

        return contention(lambda: self.execute(ctx, "draft_contract", decide))

    def save_clause(self, ctx: CommandContext, contract_id: str, section_id: str,
                    values: Mapping[str, Any]) -> dict[str, Any]:
        return self._change(ctx, contract_id, "save_clause", lambda c: c.save_clause(section_id, values))

    def change_buyer(self, ctx: CommandContext, contract_id: str, buyer: Mapping[str, Any]) -> dict[str, Any]:
        return self._change(ctx, contract_id, "change_buyer", lambda c: c.change_buyer(buyer))

    def print_preview(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self._change(ctx, contract_id, "print_preview", lambda c: c.print_preview())

    def print_formal(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        """R000.9; the print's verification code opens the public check from then on."""
        contract = self._own_contract(ctx, contract_id, write=True)

        def decide() -> Any:
            contract.print_formal()
            entry = CheckCode.issue(contract.verification_code, str(contract.id))
            return self.contract_view(contract), [contract, entry]

        return self.execute(ctx, "print_formal", decide)

    def confirm(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self._change(ctx, contract_id, "confirm", lambda c: c.confirm())

    def abandon(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self._change(ctx, contract_id, "abandon", lambda c: c.abandon(), frees_room=True)

    def resubmit(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self._change(ctx, contract_id, "resubmit", lambda c: c.resubmit())

    def get_contract(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self.contract_view(self._own_contract(ctx, contract_id))

    def document(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        """What the printer needs for the latest printed version of the contract."""
        contract = self._own_contract(ctx, contract_id)
        if contract.preview_hash is None:
            raise RuleViolation("nothing has been printed yet", code="not_printed")
        kind = "formal" if contract.verification_code else "preview"
        return {"kind": kind, "verification_code": contract.verification_code,
                "filing_number": contract.filing_number,
                "contract": {"contract_id": str(contract.id), "contract_number": contract.contract_number,
                             "buyer_name": contract.buyer_name, "buyer": dict(contract.buyer),
                             "seller_name": contract.room.get("developer_name", ""), "room": contract.room,
                             "sections": contract.sections, "version": contract.version,
                             "printed_at": contract.printed_at.isoformat(),
                             "updated_at": contract.modified_on.isoformat()}}

    # Policies: time and the bureau's filing decisions (system actor) -----------------------------

    def expire(self, ctx: CommandContext, contract_id: str) -> bool:
        """R000.11: void a formal-printed contract not confirmed within 24 hours; frees the room."""
        contract = self.get(contract_id, Contract, "contract")
        if not contract.expire():
            return False
        claim = self._claim(contract.room_id)
        claim.free(contract_id)
        self._save([contract, claim])
        return True

    def record_filing(self, ctx: CommandContext, contract_id: str, filing_number: str) -> bool:
        contract = self.get(contract_id, Contract, "contract")
        if contract.record_filing(filing_number):
            self._save([contract])
            return True
        return False

    def reject_filing(self, ctx: CommandContext, contract_id: str, rejection_id: str,
                      reasons: list[str]) -> bool:
        contract = self.get(contract_id, Contract, "contract")
        if contract.reject_filing(rejection_id, reasons):
            self._save([contract])
            return True
        return False

    # Helpers ----------------------------------------------------------------------------------

    def _change(self, ctx: CommandContext, contract_id: str, command: str, action: Any,
                frees_room: bool = False) -> dict[str, Any]:
        contract = self._own_contract(ctx, contract_id, write=True)

        def decide() -> Any:
            action(contract)
            aggregates: list[Any] = [contract]
            if frees_room and contract.state == CANCELLED:
                claim = self._claim(contract.room_id)
                claim.free(contract_id)
                aggregates.append(claim)
            return self.contract_view(contract), aggregates

        return self.execute(ctx, command, decide)

    def _own_contract(self, ctx: CommandContext, contract_id: str, write: bool = False) -> Contract:
        contract = self.get(contract_id, Contract, "contract")
        if ctx.role in READERS and not write:
            return contract
        if ctx.role != "developer" or contract.developer_id != ctx.org_id:
            raise Forbidden("this contract belongs to another organisation", code="other_organisation")
        return contract

    def _presets(self, developer_id: str | None, project_id: str) -> ClausePresets | None:
        return self.find(preset_id(str(developer_id), project_id))

    def _claim(self, room_id: str) -> RoomClaim:
        return self.find(claim_id(room_id)) or RoomClaim.open(room_id)

    def _contract_numbers(self) -> ContractNumberSequence:
        year = clock.now().astimezone(clock.SHANGHAI).year
        return self.find(sequence_id(year)) or ContractNumberSequence.open(year)

    @staticmethod
    def contract_view(contract: Contract) -> dict[str, Any]:
        formal = contract.verification_code is not None
        return {"contract_id": str(contract.id), "contract_number": contract.contract_number,
                "room_id": contract.room_id,
                "project_id": contract.project_id, "developer_id": contract.developer_id,
                "buyer_name": contract.buyer_name, "buyer": dict(contract.buyer),
                "buyer_missing": contract.buyer_missing, "room": contract.room, "state": contract.state,
                "sections": contract.sections, "missing_blanks": template.missing_required(contract.sections),
                "preview_current": contract.preview_hash == contract.current_hash,
                "verification_code": contract.verification_code if formal else None,
                "confirm_by": contract.confirm_by.isoformat() if contract.confirm_by else None,
                "filing_number": contract.filing_number, "rejections": contract.rejections,
                "cancel_reason": contract.cancel_reason, "version": contract.version,
                "printed_at": contract.printed_at.isoformat() if contract.printed_at else None}


def _room_summary(room: Mapping[str, Any]) -> dict[str, Any]:
    info = room.get("info") or {}
    return {"project_name": room.get("project_name", ""), "building_name": room.get("building_name", ""),
            "room_number": room.get("room_number", ""), "developer_name": room.get("developer_name", ""),
            "area_sqm": info.get("area_sqm", ""), "price_per_sqm": info.get("price_per_sqm", ""),
            "usage": info.get("usage", ""), "layout": info.get("layout", "")}


