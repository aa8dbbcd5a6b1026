"""The room map (房屋电子图): the sale status of every room, as the developer's room table shows it.

A projection of registry's room events and contracts' contract events:
no_info → pending_review → available → signing → sold_unfiled → sold_filed; cancellation or expiry
returns signing → available. Non-saleable rooms show `not_for_sale`.
"""
from __future__ import annotations

from typing import Any, Mapping, Protocol

NO_INFO, PENDING_REVIEW, AVAILABLE, NOT_FOR_SALE = "no_info", "pending_review", "available", "not_for_sale"
SIGNING, SOLD_UNFILED, SOLD_FILED = "signing", "sold_unfiled", "sold_filed"


class RoomMapView(Protocol):
    def define(self, tx: Any, room: Mapping[str, Any]) -> None: ...
    def set_status(self, tx: Any, room_id: str, status: str, info: Any = None) -> None: ...
    def hold(self, tx: Any, room_id: str, contract_id: str, status: str) -> None: ...
    def release(self, tx: Any, room_id: str, contract_id: str) -> None: ...
    def remove(self, tx: Any, room_id: str) -> None: ...


class RoomMapProjection:
    """Each handler takes (tx, envelope); services.registry.adapters.consumers says which event it applies."""

    def __init__(self, view: RoomMapView) -> None:
        self.view = view

    def room_defined(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.view.define(tx, {"room_id": e["aggregate_id"], "project_id": p["project_id"],
                              "building_id": p["building_id"], "developer_id": p["developer_id"],
                              "floor": p["floor"], "room_number": p["room_number"], "status": NO_INFO})

    def info_submitted(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_status(tx, e["aggregate_id"], PENDING_REVIEW)

    def retired(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.remove(tx, e["aggregate_id"])

    def info_rejected(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.set_status(tx, e["aggregate_id"], NO_INFO)

    def published(self, tx: Any, e: Mapping[str, Any]) -> None:
        p = e["payload"]
        self.view.set_status(tx, e["aggregate_id"], AVAILABLE if p["saleable"] else NOT_FOR_SALE, info=p["info"])

    def contract_drafted(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.hold(tx, e["payload"]["room_id"], e["aggregate_id"], SIGNING)

    def contract_confirmed(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.hold(tx, e["payload"]["room_id"], e["aggregate_id"], SOLD_UNFILED)

    def contract_filed(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.hold(tx, e["payload"]["room_id"], e["aggregate_id"], SOLD_FILED)

    def contract_cancelled(self, tx: Any, e: Mapping[str, Any]) -> None:
        self.view.release(tx, e["payload"]["room_id"], e["aggregate_id"])
