"""A selection round (一批次配租): the room pool, the eligible families, and the session plan."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation

_NS = uuid.UUID("7e6d5c4b-3a29-4817-a6f5-e4d3c2b1a090")
# The bureau's standard lease terms for a round's rooms (rent per m² per month, deposit in months of rent,
# lease length, hours to complete the online signing after selection).
DEFAULT_LEASE_TERMS = {"rent_per_sqm": "30.00", "deposit_months": 2, "term_months": 36, "sign_within_hours": 72}


def room_id(round_id: str, building: str, room_number: str) -> str:
    return str(uuid.uuid5(_NS, f"{round_id}/{building}/{room_number}"))


def draw_id(round_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"draw/{round_id}")


def session_id(round_id: str, number: int) -> uuid.UUID:
    return uuid.uuid5(_NS, f"session/{round_id}/{number}")


class SelectionRound(ServiceAggregate):
    """Version 2 added the lease terms; older snapshots are upcast like the RoundOpened events."""

    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["lease_terms"] = dict(DEFAULT_LEASE_TERMS)

    class RoundOpened(ServiceAggregate.Created):
        """Version 2 added the lease terms the contracts service opens leases with (guide 004 签约)."""

        class_version = 2
        name: str
        rooms: dict[str, dict[str, Any]]
        preselection_start: datetime
        lease_terms: dict[str, Any]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["lease_terms"] = dict(DEFAULT_LEASE_TERMS)

        def apply(self, r: "SelectionRound") -> None:
            r.name = self.name
            r.lease_terms = dict(self.lease_terms)
            r.rooms = dict(self.rooms)
            r.preselection_start = self.preselection_start
            r.families = {}
            r.applicants = {}
            r.membership = {}
            r.sessions = []

    class FamiliesRegistered(ServiceAggregate.Event):
        """Eligible families: id → {public id, applicant hash}. Kept inside the service."""

        families: dict[str, dict[str, str]]

        def apply(self, r: "SelectionRound") -> None:
            r.families.update(self.families)
            r.applicants.update({f["applicant"]: family_id for family_id, f in self.families.items()})

    class SessionsPlanned(ServiceAggregate.Event):
        sessions: list[dict[str, Any]]
        membership: dict[str, int]

        def apply(self, r: "SelectionRound") -> None:
            r.sessions = [dict(s) for s in self.sessions]
            r.membership = dict(self.membership)

    @classmethod
    def open(cls, *, id: uuid.UUID, name: str, rooms: dict[str, dict[str, Any]],  # noqa: A002
             preselection_start: datetime, lease_terms: dict[str, Any] | None = None) -> "SelectionRound":
        if not rooms:
            raise RuleViolation("a round offers at least one room", code="no_rooms")
        return cls._create(cls.RoundOpened, id=id, name=name, rooms=rooms, preselection_start=preselection_start,
                           lease_terms={**DEFAULT_LEASE_TERMS, **(lease_terms or {})})

    def register(self, families: dict[str, dict[str, str]]) -> None:
        if self.sessions:
            raise RuleViolation("sessions are planned; the list is closed", code="sessions_already_planned")
        clash = set(families) & set(self.families)
        if clash:
            raise RuleViolation("some families are registered already", code="already_registered",
                                details={"families": sorted(clash)[:20]})
        seen = dict(self.applicants)
        twice = []
        for family_id, family in families.items():
            if seen.setdefault(family["applicant"], family_id) != family_id:
                twice.append(family_id)
        if twice:
            raise RuleViolation("a person is the main applicant of one family only (one identity document, however "
                                "written)", code="applicant_registered_twice", details={"families": sorted(twice)[:20]})
        self.trigger_event(self.FamiliesRegistered, families=families)

    def plan(self, sessions: list[dict[str, Any]], membership: dict[str, int]) -> None:
        if self.sessions:
            raise RuleViolation("sessions are planned once", code="sessions_already_planned")
        self.trigger_event(self.SessionsPlanned, sessions=sessions, membership=membership)
