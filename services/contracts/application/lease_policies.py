"""The lease saga's reactions in contracts, each fed in order and once per event by its own consumer
(services.contracts.adapters.consumers declares which event goes to which handler):

| event                       | contracts does                                      | kind         |
|-----------------------------|-----------------------------------------------------|--------------|
| lottery RoundOpened         | remembers the round's rooms and lease terms         | projection   |
| lottery SessionPlanned      | remembers which round the session belongs to        | projection   |
| lottery RoomConfirmed       | opens the family's lease (R004.11)                  | step         |
| lottery WindowClosed        | opens a lease for every room assigned at window end | step         |
| escrow MandateActivated     | records the auto-debit mandate (R004.12)            | step         |
| escrow MandateRefused       | records the refusal: the family tries another card  | step         |
| escrow DepositRequested     | shows the family where to pay the deposit           | step         |
| escrow DepositPaid          | submits the lease for review (R004.15)              | step         |
| escrow DepositRefunded      | records the refund of a cancelled lease             | compensation |
| contracts LeaseApproved     | tells the family by SMS (R004.15)                   | step         |

A lease cancelled in review or at its deadline is compensated by escrow (refund, mandate) and lottery (room).
Every handler is safe to run again: a lease is opened once per family and round, and a fact the lease already
has changes nothing."""
from __future__ import annotations

from typing import Any, Mapping, Protocol

from shared.context import SYSTEM
from services.contracts.application.ports import Sms



class AllocationsView(Protocol):
    def round_opened(self, tx: Any, round_id: str, name: str, terms: Mapping[str, Any],
                     rooms: Mapping[str, Mapping[str, Any]]) -> None: ...
    def session_planned(self, tx: Any, session_id: str, round_id: str) -> None: ...
    def allocation(self, tx: Any, session_id: str, room_id: str) -> dict[str, Any] | None: ...


class LeaseListView(Protocol):
    def opened(self, tx: Any, row: Mapping[str, Any]) -> None: ...
    def set_state(self, tx: Any, lease_id: str, state: str, submitted_at: str | None = None) -> None: ...


class Allocations:
    """Every room the lottery allocates (confirmed by the family or assigned at window end) opens a lease."""

    def __init__(self, view: AllocationsView, app: Any) -> None:
        self.view, self.app = view, app

    def round_opened(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.view.round_opened(tx, e["aggregate_id"], p["name"], p["lease_terms"], p["rooms"])

    def session_planned(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.session_planned(tx, e["aggregate_id"], e["payload"]["round_id"])

    def room_confirmed(self, tx: Any, e: Mapping[str, Any]) -> None:
        self._open(tx, e, e["payload"]["family_id"], e["payload"]["room_id"])

    def window_closed(self, tx: Any, e: Mapping[str, Any]) -> None:
        for family_id, room_id in e["payload"]["assignments"]:
            self._open(tx, e, family_id, room_id)

    def _open(self, tx: Any, e: Mapping[str, Any], family_id: str, room_id: str) -> None:
        session_id = e["aggregate_id"]
        allocation = self.view.allocation(tx, session_id, room_id)
        if allocation is None:
            raise LookupError(f"allocation of {room_id} in session {session_id} refers to an unknown round")
        self.app.open_lease(SYSTEM.caused_by(e["event_id"]), round_id=allocation["round_id"],
                            round_name=allocation["name"], family_id=family_id, room_id=room_id,
                            room=allocation["room"], terms=allocation["terms"])


class EscrowFacts:
    """The mandate and the deposit, as escrow reports them (R004.12, R004.15, the refund)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def mandate_activated(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.app.record_mandate(SYSTEM.caused_by(e["event_id"]), e["payload"])

    def mandate_refused(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.app.record_mandate_refused(SYSTEM.caused_by(e["event_id"]), e["payload"])

    def deposit_requested(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.app.record_deposit_requested(SYSTEM.caused_by(e["event_id"]), e["payload"])

    def deposit_paid(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.app.record_deposit_paid(SYSTEM.caused_by(e["event_id"]), e["payload"])

    def deposit_refunded(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.app.record_refund(SYSTEM.caused_by(e["event_id"]), e["payload"])


class ApprovalNotifications:
    """R004.15: the family learns of the approval by SMS."""

    def __init__(self, app: Any, sms: Sms) -> None:
        self.app, self.sms = app, sms

    def lease_approved(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.app.notify_approval(SYSTEM.caused_by(e["event_id"]), e["aggregate_id"], self.sms)


class LeaseListProjection:
    """The bureau's review queue and every lease's signing status."""

    def __init__(self, view: LeaseListView) -> None:
        self.view = view

    def opened(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.view.opened(tx, {"lease_id": e["aggregate_id"], "round_id": p["round_id"], "family_id": p["family_id"],
                              "room_label": f"{p['room'].get('building', '')} {p['room'].get('room_number', '')}",
                              "monthly_rent": p["monthly_rent"], "sign_by": p["sign_by"]})

    def signed(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "signed")

    def submitted(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "submitted", e["occurred_at"])

    def approved(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "approved")

    def cancelled(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_state(tx, e["aggregate_id"], "rejected" if e["payload"]["reason"] == "rejected" else "lapsed")
