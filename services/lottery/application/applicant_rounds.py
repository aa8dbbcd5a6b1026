"""Which planned rounds a person is the main applicant of, read from the lottery's own log, so that a family
signing in from the unified identity platform need not know its round's id.

It reads only what was appended since it last looked, and only three kinds of event: a round opened (its
name), its families registered (their applicant hashes, never an ID number) and its sessions planned (from
then on a family can use the round). Rounds are listed newest first.
"""
from __future__ import annotations

import threading
from typing import Any

from eventsourcing.utils import get_topic

from services.lottery.domain.selection_round import SelectionRound

OPENED = get_topic(SelectionRound.RoundOpened)
REGISTERED = get_topic(SelectionRound.FamiliesRegistered)
PLANNED = get_topic(SelectionRound.SessionsPlanned)


class ApplicantRounds:
    def __init__(self, recorder: Any, mapper: Any, page: int = 500) -> None:
        self.recorder = recorder
        self.mapper = mapper
        self.page = page
        self.read_up_to = 0
        self.names: dict[str, str] = {}  # in opening order
        self.planned: set[str] = set()
        self.rounds_of: dict[str, list[str]] = {}  # applicant hash → round ids
        self._lock = threading.Lock()

    def of(self, applicant: str) -> list[dict[str, str]]:
        """The planned rounds `applicant` (an applicant hash) is registered in, newest first."""
        with self._lock:
            self._read_new()
            mine = set(self.rounds_of.get(applicant, ()))
            return [{"round_id": round_id, "name": name} for round_id, name in reversed(self.names.items())
                    if round_id in mine and round_id in self.planned]

    def _read_new(self) -> None:
        head = self.recorder.max_notification_id() or 0
        while self.read_up_to < head:
            notifications = self.recorder.select_notifications(start=self.read_up_to + 1, limit=self.page, stop=head,
                                                               topics=[OPENED, REGISTERED, PLANNED])
            for notification in notifications:
                self._learn(notification)
            self.read_up_to = notifications[-1].id if len(notifications) == self.page else head

    def _learn(self, notification: Any) -> None:
        round_id = str(notification.originator_id)
        if notification.topic == PLANNED:
            self.planned.add(round_id)
            return
        event = self.mapper.to_domain_event(notification)
        if notification.topic == OPENED:
            self.names[round_id] = event.name
        else:
            for family in event.families.values():
                self.rounds_of.setdefault(family["applicant"], []).append(round_id)
