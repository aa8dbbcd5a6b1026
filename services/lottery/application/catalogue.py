"""The room catalogue (可选房源): every room of a round with whether it is taken, for search (R004.3)
and for the availability broadcast's snapshot (R004.10). A projection of lottery's own events."""
from __future__ import annotations

from typing import Any, Mapping, Protocol


class CatalogueView(Protocol):
    def add_rooms(self, tx: Any, round_id: str, rooms: Mapping[str, Mapping[str, Any]]) -> None: ...
    def take(self, tx: Any, room_ids_to_families: Mapping[str, str], session_id: str) -> None: ...
    def release(self, tx: Any, room_id: str) -> None: ...


class CatalogueProjection:
    name = "room_catalogue"
    sources = ("lottery",)

    def __init__(self, view: CatalogueView) -> None:
        self.view = view

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        p, kind = envelope["payload"], envelope["type"]
        if kind == "RoundOpened":
            self.view.add_rooms(tx, envelope["aggregate_id"], p["rooms"])
        elif kind == "RoomConfirmed":
            self.view.take(tx, {p["room_id"]: p["family_id"]}, envelope["aggregate_id"])
        elif kind == "WindowClosed":
            self.view.take(tx, {room: family for family, room in p["assignments"]}, envelope["aggregate_id"])
        elif kind == "AllocationReleased":
            self.view.release(tx, p["room_id"])
