"""The lease saga's reactions in contracts, each fed in order and once per event by its own consumer:
allocations open leases (lottery), escrow's facts advance them, approval sends the SMS, and the lease list
follows contracts' own lease events."""
from __future__ import annotations

from typing import Any, Mapping, Protocol

from shared.context import SYSTEM
from services.contracts.application.ports import Sms

LEASE_STATES = {"LeaseSigned": "signed", "LeaseApproved": "approved"}
ESCROW_FACTS = ("MandateActivated", "MandateRefused", "DepositRequested", "DepositPaid", "DepositRefunded")


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

    name = "lease_allocations"
    sources = ("lottery",)

    def __init__(self, view: AllocationsView, app: Any) -> None:
        self.view, self.app = view, app

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        kind, p, aggregate_id = envelope["type"], envelope["payload"], envelope["aggregate_id"]
        if kind == "RoundOpened":
            self.view.round_opened(tx, aggregate_id, p["name"], p["lease_terms"], p["rooms"])
        elif kind == "SessionPlanned":
            self.view.session_planned(tx, aggregate_id, p["round_id"])
        elif kind == "RoomConfirmed":
            self._open(tx, envelope, aggregate_id, p["family_id"], p["room_id"])
        elif kind == "WindowClosed":
            for family_id, room_id in p["assignments"]:
                self._open(tx, envelope, aggregate_id, family_id, room_id)

    def _open(self, tx: Any, envelope: Mapping[str, Any], session_id: str, family_id: str, room_id: str) -> None:
        allocation = self.view.allocation(tx, session_id, room_id)
        if allocation is None:
            raise LookupError(f"allocation of {room_id} in session {session_id} refers to an unknown round")
        self.app.open_lease(SYSTEM.caused_by(envelope["event_id"]), round_id=allocation["round_id"],
                            round_name=allocation["name"], family_id=family_id, room_id=room_id,
                            room=allocation["room"], terms=allocation["terms"])


class EscrowFacts:
    """The mandate and the deposit, as escrow reports them (R004.12, R004.15, the refund)."""

    name = "lease_payments"
    sources = ("escrow",)

    def __init__(self, app: Any) -> None:
        self.app = app

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        if envelope["type"] in ESCROW_FACTS:
            self.app.record_escrow_event(SYSTEM.caused_by(envelope["event_id"]), envelope["type"],
                                         envelope["payload"])


class ApprovalNotifications:
    """R004.15: the family learns of the approval by SMS."""

    name = "lease_notifications"
    sources = ("contracts",)

    def __init__(self, app: Any, sms: Sms) -> None:
        self.app, self.sms = app, sms

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        if envelope["type"] == "LeaseApproved":
            self.app.notify_approval(SYSTEM.caused_by(envelope["event_id"]), envelope["aggregate_id"], self.sms)


class LeaseListProjection:
    name = "lease_list"
    sources = ("contracts",)

    def __init__(self, view: LeaseListView) -> None:
        self.view = view

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        kind, p, lease_id = envelope["type"], envelope["payload"], envelope["aggregate_id"]
        if kind == "LeaseOpened":
            self.view.opened(tx, {"lease_id": lease_id, "round_id": p["round_id"], "family_id": p["family_id"],
                                  "room_label": f"{p['room'].get('building', '')} {p['room'].get('room_number', '')}",
                                  "monthly_rent": p["monthly_rent"], "sign_by": p["sign_by"]})
        elif kind == "LeaseSubmitted":
            self.view.set_state(tx, lease_id, "submitted", envelope["occurred_at"])
        elif kind == "LeaseCancelled":
            self.view.set_state(tx, lease_id, "rejected" if p["reason"] == "rejected" else "lapsed")
        elif kind in LEASE_STATES:
            self.view.set_state(tx, lease_id, LEASE_STATES[kind])
