"""Contracts' own knowledge of which rooms the bureau has published (from registry's events)."""
from __future__ import annotations

from typing import Any, Mapping, Protocol


class SellableRoomsView(Protocol):
    def publish(self, tx: Any, room: Mapping[str, Any]) -> None: ...


class SellableRoomsProjection:
    def __init__(self, view: SellableRoomsView) -> None:
        self.view = view

    def published(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        names = p.get("names") or {}
        self.view.publish(tx, {"room_id": e["aggregate_id"], "project_id": p["project_id"],
                               "developer_id": p["developer_id"], "saleable": p["saleable"],
                               "info": p["info"], "room_number": p.get("room_number", ""),
                               "building_name": names.get("building_name", ""),
                               "project_name": names.get("project_name", ""),
                               "developer_name": names.get("developer_name", "")})
