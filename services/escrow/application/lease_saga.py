"""Escrow's part of the lease saga, driven by contracts' lease events (in order, exactly once per event):
know the lease, open the deposit order once it is signed, compensate once it is cancelled.

| contracts event | escrow does                                              | kind         |
|-----------------|----------------------------------------------------------|--------------|
| LeaseOpened     | remembers the lease (family, round, deposit)             | step         |
| LeaseSigned     | opens the deposit order at the bank                      | step         |
| LeaseCancelled  | refunds a paid deposit, cancels the mandate (if any)     | compensation |

services.escrow.adapters.consumers declares the same table for the consumer. The compensation is safe when the
steps it undoes never happened: nothing paid is nothing refunded, no mandate is nothing cancelled.
"""
from __future__ import annotations

from typing import Any, Mapping, Protocol

from shared.context import SYSTEM
from services.escrow.application.ports import Bank


class LeaseAccounts(Protocol):
    def opened(self, tx: Any, row: Mapping[str, Any]) -> None: ...
    def set_state(self, tx: Any, lease_id: str, state: str) -> None: ...


class LeaseSaga:
    def __init__(self, view: LeaseAccounts, app: Any, bank: Bank, callback_url: str) -> None:
        self.view, self.app, self.bank, self.callback_url = view, app, bank, callback_url

    def lease_opened(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.view.opened(tx, {"lease_id": e["aggregate_id"], "family_id": p["family_id"], "round_id": p["round_id"],
                              "deposit": p["deposit"]})

    def lease_signed(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "signed")
        self.app.open_deposit(SYSTEM.caused_by(e["event_id"]), e["aggregate_id"], e["payload"]["deposit"], self.bank,
                              self.callback_url)

    def lease_cancelled(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "cancelled")
        self.app.compensate_cancelled_lease(SYSTEM.caused_by(e["event_id"]), e["aggregate_id"], self.bank,
                                            self.callback_url, e["payload"]["family_id"])
