"""The room catalogue (可选房源): every room of a round with whether it is taken, for search (R004.3)
and for the availability broadcast's snapshot (R004.10). A projection of lottery's own events."""
from __future__ import annotations

from typing import Any, Mapping, Protocol


class CatalogueView(Protocol):
    def add_rooms(self, tx: Any, round_id: str, rooms: Mapping[str, Mapping[str, Any]]) -> None: ...
    def take(self, tx: Any, room_ids_to_families: Mapping[str, str], session_id: str) -> None: ...
    def release(self, tx: Any, room_id: str) -> None: ...


class CatalogueProjection:
    def __init__(self, view: CatalogueView) -> None:
        self.view = view

    def round_opened(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.add_rooms(tx, e["aggregate_id"], e["payload"]["rooms"])

    def room_confirmed(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.view.take(tx, {p["room_id"]: p["family_id"]}, e["aggregate_id"])

    def window_closed(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.take(tx, {room: family for family, room in e["payload"]["assignments"]}, e["aggregate_id"])

    def allocation_released(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.release(tx, e["payload"]["room_id"])
