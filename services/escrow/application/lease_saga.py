"""Escrow's part of the lease saga, driven by contracts' lease events (in order, exactly once per event):
know the lease, open the deposit order once it is signed, compensate once it is cancelled."""
from __future__ import annotations

from typing import Any, Mapping, Protocol

from shared.context import SYSTEM
from services.escrow.application.app import EscrowApplication
from services.escrow.application.ports import Bank


class LeaseAccounts(Protocol):
    def opened(self, tx: Any, row: Mapping[str, Any]) -> None: ...
    def set_state(self, tx: Any, lease_id: str, state: str) -> None: ...


class LeaseSaga:
    name = "lease_accounts"
    sources = ("contracts",)

    def __init__(self, view: LeaseAccounts, app: EscrowApplication, bank: Bank, callback_url: str) -> None:
        self.view, self.app, self.bank, self.callback_url = view, app, bank, callback_url

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        kind, p, lease_id = envelope["type"], envelope["payload"], envelope["aggregate_id"]
        ctx = SYSTEM.caused_by(envelope["event_id"])
        if kind == "LeaseOpened":
            self.view.opened(tx, {"lease_id": lease_id, "family_id": p["family_id"], "round_id": p["round_id"],
                                  "deposit": p["deposit"]})
        elif kind == "LeaseSigned":
            self.view.set_state(tx, lease_id, "signed")
            self.app.open_deposit(ctx, lease_id, p["deposit"], self.bank, self.callback_url)
        elif kind == "LeaseCancelled":
            self.view.set_state(tx, lease_id, "cancelled")
            self.app.compensate_cancelled_lease(ctx, lease_id, self.bank, self.callback_url, p["family_id"])
