"""Contracts application: drafting and cancelling new-home contracts."""
from __future__ import annotations

from typing import Any, Mapping

from eventsourcing.application import AggregateNotFoundError

from shared.application import ServiceApplication
from shared.context import CommandContext
from shared.errors import Conflict, Forbidden
from services.contracts.domain.contract import Contract
from services.contracts.domain.room_claim import RoomClaim, claim_id

READERS = ("bureau_officer", "auditor", "system")


class ContractsApplication(ServiceApplication):
    name = "contracts"

    def draft_contract(self, ctx: CommandContext, room: Mapping[str, Any] | None, room_id: str,
                       buyer_name: str) -> dict[str, Any]:
        """`room` is the published room as this service last heard of it (None if never)."""
        if room is None or not room["saleable"]:
            raise Conflict("this room is not published for sale", code="room_not_available",
                           details={"room_id": room_id})
        if room["developer_id"] != ctx.org_id:
            raise Forbidden("this room belongs to another developer", code="other_organisation")

        def decide() -> Any:
            claim = self._claim(room_id)
            contract = Contract.draft(room_id=room_id, project_id=room["project_id"],
                                      developer_id=room["developer_id"], buyer_name=buyer_name)
            claim.take(str(contract.id))
            return self.contract_view(contract), [contract, claim]

        return self.execute(ctx, "draft_contract", decide)

    def cancel_contract(self, ctx: CommandContext, contract_id: str, reason: str) -> dict[str, Any]:
        contract = self._own_contract(ctx, contract_id)

        def decide() -> Any:
            contract.cancel(reason)
            claim = self._claim(contract.room_id)
            claim.free(contract_id)
            return self.contract_view(contract), [contract, claim]

        return self.execute(ctx, "cancel_contract", decide)

    def get_contract(self, ctx: CommandContext, contract_id: str) -> dict[str, Any]:
        return self.contract_view(self._own_contract(ctx, contract_id))

    def _own_contract(self, ctx: CommandContext, contract_id: str) -> Contract:
        contract = self.get(contract_id, Contract, "contract")
        if ctx.role not in READERS and contract.developer_id != ctx.org_id:
            raise Forbidden("this contract belongs to another organisation", code="other_organisation")
        return contract

    def _claim(self, room_id: str) -> RoomClaim:
        try:
            return self.repository.get(claim_id(room_id))
        except AggregateNotFoundError:
            return RoomClaim.open(room_id)

    @staticmethod
    def contract_view(contract: Contract) -> dict[str, Any]:
        return {"contract_id": str(contract.id), "room_id": contract.room_id,
                "project_id": contract.project_id, "developer_id": contract.developer_id,
                "buyer_name": contract.buyer_name, "state": contract.state,
                "cancel_reason": contract.cancel_reason, "version": contract.version}
