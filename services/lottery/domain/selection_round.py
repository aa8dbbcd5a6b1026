"""A selection round (一批次配租): the room pool, the eligible families, and the session plan."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation

_NS = uuid.UUID("7e6d5c4b-3a29-4817-a6f5-e4d3c2b1a090")


def room_id(round_id: str, building: str, room_number: str) -> str:
    return str(uuid.uuid5(_NS, f"{round_id}/{building}/{room_number}"))


def draw_id(round_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"draw/{round_id}")


def session_id(round_id: str, number: int) -> uuid.UUID:
    return uuid.uuid5(_NS, f"session/{round_id}/{number}")


class SelectionRound(ServiceAggregate):
    class RoundOpened(ServiceAggregate.Created):
        name: str
        rooms: dict[str, dict[str, Any]]
        preselection_start: datetime

        def apply(self, r: "SelectionRound") -> None:
            r.name = self.name
            r.rooms = dict(self.rooms)
            r.preselection_start = self.preselection_start
            r.families = {}
            r.applicants = {}
            r.membership = {}
            r.sessions = []

    class FamiliesRegistered(ServiceAggregate.Event):
        """Eligible families: id → {public id, applicant hash}. Kept inside the service."""

        families: dict[str, dict[str, str]]
        private_fields = ("families",)

        def apply(self, r: "SelectionRound") -> None:
            r.families.update(self.families)
            r.applicants.update({f["applicant"]: family_id for family_id, f in self.families.items()})

    class SessionsPlanned(ServiceAggregate.Event):
        sessions: list[dict[str, Any]]
        membership: dict[str, int]
        private_fields = ("membership",)

        def apply(self, r: "SelectionRound") -> None:
            r.sessions = [dict(s) for s in self.sessions]
            r.membership = dict(self.membership)

    @classmethod
    def open(cls, *, id: uuid.UUID, name: str, rooms: dict[str, dict[str, Any]],  # noqa: A002
             preselection_start: datetime) -> "SelectionRound":
        if not rooms:
            raise RuleViolation("a round offers at least one room", code="no_rooms")
        return cls._create(cls.RoundOpened, id=id, name=name, rooms=rooms, preselection_start=preselection_start)

    def register(self, families: dict[str, dict[str, str]]) -> None:
        if self.sessions:
            raise RuleViolation("sessions are planned; the list is closed", code="sessions_already_planned")
        clash = set(families) & set(self.families)
        if clash:
            raise RuleViolation("some families are registered already", code="already_registered",
                                details={"families": sorted(clash)[:20]})
        self.trigger_event(self.FamiliesRegistered, families=families)

    def plan(self, sessions: list[dict[str, Any]], membership: dict[str, int]) -> None:
        if self.sessions:
            raise RuleViolation("sessions are planned once", code="sessions_already_planned")
        self.trigger_event(self.SessionsPlanned, sessions=sessions, membership=membership)
