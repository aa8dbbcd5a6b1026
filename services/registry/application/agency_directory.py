"""Which agencies and agents exist, read incrementally from registry's own log (as `RegistryDirectory` does for
developers), so the bureau's lists never lag behind a command."""
from __future__ import annotations

import threading
from typing import Any

from eventsourcing.utils import get_topic

from services.registry.domain.agencies import Agency
from services.registry.domain.agents import Agent

AGENCY_APPLIED = get_topic(Agency.AgencyApplied)
AGENT_REGISTERED = get_topic(Agent.AgentRegistered)
TOPICS = [AGENCY_APPLIED, AGENT_REGISTERED]


class AgencyDirectory:
    def __init__(self, recorder: Any, page: int = 1000) -> None:
        self.recorder = recorder
        self.page = page
        self.read_up_to = 0
        self._ids: dict[str, dict[str, None]] = {AGENCY_APPLIED: {}, AGENT_REGISTERED: {}}
        self._lock = threading.Lock()

    def agency_ids(self) -> list[str]:
        return self._read(AGENCY_APPLIED)

    def agent_ids(self) -> list[str]:
        return self._read(AGENT_REGISTERED)

    def _read(self, topic: str) -> list[str]:
        with self._lock:
            head = self.recorder.max_notification_id() or 0
            while self.read_up_to < head:
                notifications = self.recorder.select_notifications(
                    start=self.read_up_to + 1, limit=self.page, stop=head, topics=TOPICS)
                for notification in notifications:
                    self._ids[notification.topic].setdefault(str(notification.originator_id), None)
                self.read_up_to = notifications[-1].id if len(notifications) == self.page else head
            return list(self._ids[topic])
