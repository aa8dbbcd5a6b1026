"""Round plans: the part of a planned round that never changes, kept by the process that reads it."""
from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Callable

from shared.clock import SHANGHAI
from shared.errors import RuleViolation
from services.lottery.domain.selection_round import SelectionRound


class RoundPlan:
    """The immutable part of a planned round: rooms, sessions, membership, applicants, pre-selection start."""

    def __init__(self, selection_round: SelectionRound) -> None:
        self.rooms = frozenset(selection_round.rooms)
        self.sessions = list(selection_round.sessions)
        self.membership = dict(selection_round.membership)
        self.applicants = dict(selection_round.applicants)
        self.preselection_start = selection_round.preselection_start
        self.last_ends = {}
        for plan in self.sessions:
            end = datetime.fromisoformat(plan["formal_end"])
            day = end.astimezone(SHANGHAI).date()
            self.last_ends[day] = max(self.last_ends.get(day, end), end)

    def session_of(self, family_id: str) -> dict[str, Any]:
        number = self.membership.get(family_id)
        if number is None:
            raise RuleViolation("this family has no session in this round", code="not_in_round")
        return self.sessions[number - 1]


class RoundPlans:
    """The plans of rounds, each read once: a planned round's plan never changes, so it is kept; a round
    not planned yet is read afresh every time. A round is read by one caller at a time, so callers
    arriving together wait for that one read instead of each repeating it."""

    def __init__(self, read: Callable[[str], SelectionRound]) -> None:
        self._read = read
        self._plans: dict[str, RoundPlan] = {}
        self._locks: dict[str, threading.Lock] = {}

    def of(self, round_id: str) -> RoundPlan:
        plan = self._plans.get(round_id)
        if plan is not None:
            return plan
        with self._locks.setdefault(round_id, threading.Lock()):
            plan = self._plans.get(round_id)
            if plan is None:
                plan = RoundPlan(self._read(round_id))
                if plan.sessions:
                    self._plans[round_id] = plan
            return plan
