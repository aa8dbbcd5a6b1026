"""Contracts' own knowledge of which rooms the bureau has published (from registry's events)."""
from __future__ import annotations

from typing import Any, Mapping, Protocol


class SellableRoomsView(Protocol):
    def publish(self, tx: Any, room: Mapping[str, Any]) -> None: ...


class SellableRoomsProjection:
    name = "sellable_rooms"
    sources = ("registry",)

    def __init__(self, view: SellableRoomsView) -> None:
        self.view = view

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        if envelope["type"] == "RoomPublished":
            p = envelope["payload"]
            names = p.get("names") or {}
            self.view.publish(tx, {"room_id": envelope["aggregate_id"], "project_id": p["project_id"],
                                   "developer_id": p["developer_id"], "saleable": p["saleable"],
                                   "info": p["info"], "room_number": p.get("room_number", ""),
                                   "building_name": names.get("building_name", ""),
                                   "project_name": names.get("project_name", ""),
                                   "developer_name": names.get("developer_name", "")})
