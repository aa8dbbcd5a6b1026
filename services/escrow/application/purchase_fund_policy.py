"""What escrow does on the contracts' and registry's events about an existing-home contract (in order, exactly
once per event):

| event                                     | escrow does                                                |
|-------------------------------------------|------------------------------------------------------------|
| contracts ExistingHomeContractFiled       | remembers the contract; opens its account if escrow chosen |
| registry TransferRegistered               | releases the balance to the seller                         |
| contracts ExistingHomeContractCancelled   | refunds the balance to the buyer                           |

services.escrow.adapters.consumers declares the same table for the consumer. A contract filed with a waiver
has no account: its transfer and its cancellation move nothing.
"""
from __future__ import annotations

from typing import Any, Mapping, Protocol

from shared.context import SYSTEM
from services.escrow.application.ports import PurchaseFundBank


class PurchaseFundContracts(Protocol):
    def filed(self, tx: Any, row: Mapping[str, Any]) -> None: ...
    def set_state(self, tx: Any, contract_id: str, state: str) -> None: ...
    def filed_under(self, tx: Any, filing_number: str, property_id: str) -> str | None: ...


class PurchaseFundPolicy:
    def __init__(self, view: PurchaseFundContracts, app: Any, bank: PurchaseFundBank, callback_url: str) -> None:
        self.view, self.app, self.bank, self.callback_url = view, app, bank, callback_url

    def contract_filed(self, tx: Any, e: Mapping[str, Any]) -> None:
        p, contract_id = e["payload"], e["aggregate_id"]
        escrow = p["escrow"]
        self.view.filed(tx, {"contract_id": contract_id, "property_id": p["property_id"],
                             "agency_id": p["agency_id"], "filing_number": p["filing_number"],
                             "escrow_chosen": escrow["chosen"]})
        if escrow["chosen"]:
            self.app.open_purchase_fund_account(SYSTEM.caused_by(e["event_id"]), contract_id, escrow["bank"],
                                                escrow["channel"], self.bank, self.callback_url)

    def transfer_registered(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        contract_id = self.view.filed_under(tx, p["filing_number"], p["property_id"])
        if contract_id is None:
            return  # no contract escrow heard of was filed under this number: nothing is held for it
        self.view.set_state(tx, contract_id, "transfer_registered")
        self.app.release_purchase_funds(SYSTEM.caused_by(e["event_id"]), contract_id, self.bank)

    def contract_cancelled(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "cancelled")
        self.app.refund_purchase_funds(SYSTEM.caused_by(e["event_id"]), e["aggregate_id"], self.bank)
