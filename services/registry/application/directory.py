"""Which developers, projects and rooms waiting for review exist, read from registry's own log.

The bureau's lists (enterprises, projects, the room-review queue) need the ids of aggregates that
registry keeps only as events. The directory reads just the events that name them, incrementally
(what was appended since it last looked), and keeps the ids in registration order; the lists then
load each aggregate. Nothing here depends on a read model, so the lists cannot lag behind a command.
"""
from __future__ import annotations

import threading
from typing import Any

from eventsourcing.utils import get_topic

from services.registry.domain.developers import Developer, Project
from services.registry.domain.rooms import Room

DEVELOPER_REGISTERED = get_topic(Developer.DeveloperRegistered)
PROJECT_REGISTERED = get_topic(Project.ProjectRegistered)
ROOM_SUBMITTED = get_topic(Room.RoomInfoSubmitted)
ROOM_DECIDED = (get_topic(Room.RoomPublished), get_topic(Room.RoomInfoRejected), get_topic(Room.RoomRetired))
TOPICS = [DEVELOPER_REGISTERED, PROJECT_REGISTERED, ROOM_SUBMITTED, *ROOM_DECIDED]


class RegistryDirectory:
    def __init__(self, recorder: Any, page: int = 1000) -> None:
        self.recorder = recorder
        self.page = page
        self.read_up_to = 0
        self._developers: dict[str, None] = {}
        self._projects: dict[str, None] = {}
        self._pending_rooms: dict[str, None] = {}  # in the order their info was submitted
        self._lock = threading.Lock()

    def developer_ids(self) -> list[str]:
        with self._lock:
            self._read_new()
            return list(self._developers)

    def project_ids(self) -> list[str]:
        with self._lock:
            self._read_new()
            return list(self._projects)

    def rooms_pending_review(self) -> list[str]:
        with self._lock:
            self._read_new()
            return list(self._pending_rooms)

    def _read_new(self) -> None:
        head = self.recorder.max_notification_id() or 0
        while self.read_up_to < head:
            notifications = self.recorder.select_notifications(
                start=self.read_up_to + 1, limit=self.page, stop=head, topics=TOPICS)
            for notification in notifications:
                self._apply(notification.topic, str(notification.originator_id))
            self.read_up_to = notifications[-1].id if len(notifications) == self.page else head

    def _apply(self, topic: str, originator: str) -> None:
        if topic == DEVELOPER_REGISTERED:
            self._developers.setdefault(originator, None)
        elif topic == PROJECT_REGISTERED:
            self._projects.setdefault(originator, None)
        elif topic == ROOM_SUBMITTED:
            self._pending_rooms[originator] = None
        else:
            self._pending_rooms.pop(originator, None)
