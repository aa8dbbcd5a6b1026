"""Which rounds still have selection windows to open or close, read from the lottery's own log.

The window timer asks this four times a second. It reads only what was appended since it last
looked, and only three kinds of event: a round's sessions planned, a session planned, a session's
window closed. A round counts from its planning until every one of its sessions' windows has closed.
Nothing here depends on a read model, so a projection that lags or stalls cannot keep a window shut.
"""
from __future__ import annotations

import threading
from typing import Any

from eventsourcing.utils import get_topic

from services.lottery.domain.selection_round import SelectionRound, session_id
from services.lottery.domain.session import SelectionSession

ROUND_PLANNED = get_topic(SelectionRound.SessionsPlanned)
SESSION_PLANNED = get_topic(SelectionSession.SessionPlanned)
WINDOW_CLOSED = get_topic(SelectionSession.WindowClosed)


class WindowCalendar:
    def __init__(self, recorder: Any, page: int = 1000) -> None:
        self.recorder = recorder
        self.page = page
        self.read_up_to = 0
        self.rounds: dict[str, None] = {}  # in planning order
        self.planned: set[str] = set()
        self.closed: set[str] = set()
        self._lock = threading.Lock()

    def rounds_with_windows(self) -> list[str]:
        with self._lock:
            self._read_new()
            for round_id in [r for r in self.rounds if self._finished(r)]:
                self._forget(round_id)
            return list(self.rounds)

    def _read_new(self) -> None:
        # Appends are serialised by a table lock, so every position up to the head is committed (or gone).
        head = self.recorder.max_notification_id() or 0
        while self.read_up_to < head:
            notifications = self.recorder.select_notifications(
                start=self.read_up_to + 1, limit=self.page, stop=head,
                topics=[ROUND_PLANNED, SESSION_PLANNED, WINDOW_CLOSED])
            for notification in notifications:
                originator = str(notification.originator_id)
                if notification.topic == ROUND_PLANNED:
                    self.rounds.setdefault(originator, None)
                elif notification.topic == SESSION_PLANNED:
                    self.planned.add(originator)
                else:
                    self.closed.add(originator)
            self.read_up_to = notifications[-1].id if len(notifications) == self.page else head

    def _sessions(self, round_id: str) -> list[str]:
        sessions, number = [], 1
        while (candidate := str(session_id(round_id, number))) in self.planned:
            sessions.append(candidate)
            number += 1
        return sessions

    def _finished(self, round_id: str) -> bool:
        sessions = self._sessions(round_id)
        return bool(sessions) and all(s in self.closed for s in sessions)

    def _forget(self, round_id: str) -> None:
        for s in self._sessions(round_id):
            self.planned.discard(s)
            self.closed.discard(s)
        del self.rounds[round_id]
