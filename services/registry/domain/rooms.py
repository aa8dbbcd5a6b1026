"""A room (单户) and the review of its info: entered by the developer, published by the bureau.

no_info → pending_review → published (sellable) | rejected → pending_review …  (R000.4/5)
Non-saleable rooms (e.g. property-management rooms) are published but never sellable.
"""
from __future__ import annotations

from typing import Any

from shared.aggregate import ServiceAggregate
from shared.errors import RuleViolation

NO_INFO, PENDING_REVIEW, PUBLISHED, REJECTED = "no_info", "pending_review", "published", "rejected"
RETIRED = "retired"


class Room(ServiceAggregate):
    class RoomDefined(ServiceAggregate.Created):
        building_id: str
        project_id: str
        developer_id: str
        floor: int
        room_number: str
        building_name: str
        project_name: str
        developer_name: str
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """v1 did not carry names; contracts prints them, so they are empty for old rooms."""
            state.update(building_name="", project_name="", developer_name="")

        def apply(self, room: "Room") -> None:
            room.building_id = self.building_id
            room.project_id = self.project_id
            room.developer_id = self.developer_id
            room.floor = self.floor
            room.room_number = self.room_number
            room.names = {"building_name": self.building_name, "project_name": self.project_name,
                          "developer_name": self.developer_name}
            room.state = NO_INFO
            room.info = None
            room.proposed_info = None
            room.rejection_reasons = []

    class RoomInfoSubmitted(ServiceAggregate.Event):
        info: dict[str, Any]

        def apply(self, room: "Room") -> None:
            room.proposed_info = self.info
            room.state = PENDING_REVIEW

    class RoomPublished(ServiceAggregate.Event):
        """Bureau approval (公示): the room's info is public and, if saleable, it can be sold."""

        info: dict[str, Any]
        project_id: str
        developer_id: str
        saleable: bool
        room_number: str
        floor: int
        building_id: str
        names: dict[str, str]
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(room_number="", floor=0, building_id="", names={})

        def apply(self, room: "Room") -> None:
            room.info = self.info
            room.proposed_info = None
            room.state = PUBLISHED

    class RoomRetired(ServiceAggregate.Event):
        """The bureau changed the building's rules and this room number no longer exists."""

        def apply(self, room: "Room") -> None:
            room.state = RETIRED

    class RoomInfoRejected(ServiceAggregate.Event):
        reasons: list[str]

        def apply(self, room: "Room") -> None:
            room.rejection_reasons = list(self.reasons)
            room.state = REJECTED

    @classmethod
    def define(cls, *, id, building_id: str, project_id: str, developer_id: str, floor: int,  # noqa: A002
               room_number: str, building_name: str, project_name: str, developer_name: str) -> "Room":
        return cls._create(cls.RoomDefined, id=id, building_id=building_id, project_id=project_id,
                           developer_id=developer_id, floor=floor, room_number=room_number,
                           building_name=building_name, project_name=project_name,
                           developer_name=developer_name)

    def retire(self) -> None:
        if self.state != NO_INFO:
            raise RuleViolation("a room with info cannot disappear from the building",
                                code="room_has_info", details={"room_number": self.room_number})
        self.trigger_event(self.RoomRetired)

    def submit_info(self, info: dict[str, Any]) -> None:
        """R000.4: the developer fills rooms that have no published info yet."""
        if self.state == RETIRED:
            raise RuleViolation("this room no longer exists", code="room_retired")
        if self.state == PUBLISHED:
            raise RuleViolation("published room info can only be changed by the bureau",
                                code="room_already_published")
        if self.state == PENDING_REVIEW:
            raise RuleViolation("this room's info is already waiting for review",
                                code="room_review_pending")
        self.trigger_event(self.RoomInfoSubmitted, info=dict(info))

    def approve(self) -> None:
        """R000.5: approval publishes the room; saleable rooms become available."""
        self._require_pending()
        info = dict(self.proposed_info)
        self.trigger_event(self.RoomPublished, info=info, project_id=self.project_id,
                           developer_id=self.developer_id, saleable=bool(info.get("saleable", True)),
                           room_number=self.room_number, floor=self.floor, building_id=self.building_id,
                           names=dict(self.names))

    def reject(self, reasons: list[str]) -> None:
        self._require_pending()
        if not reasons:
            raise RuleViolation("a rejection must give at least one reason", code="reasons_required")
        self.trigger_event(self.RoomInfoRejected, reasons=list(reasons))

    def _require_pending(self) -> None:
        if self.state != PENDING_REVIEW:
            raise RuleViolation(f"room info is {self.state}, not pending review",
                                code="room_not_pending_review")
