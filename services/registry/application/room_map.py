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
    name = "room_map"
    sources = ("registry", "contracts")

    def __init__(self, view: RoomMapView) -> None:
        self.view = view

    def apply(self, tx: Any, envelope: Mapping[str, Any]) -> None:
        handler = getattr(self, f"on_{envelope['source']}_{envelope['type']}", None)
        if handler is not None:
            handler(tx, envelope["aggregate_id"], envelope["payload"])

    def on_registry_RoomDefined(self, tx: Any, room_id: str, p: Mapping[str, Any]) -> None:
        self.view.define(tx, {"room_id": room_id, "project_id": p["project_id"],
                              "building_id": p["building_id"], "developer_id": p["developer_id"],
                              "floor": p["floor"], "room_number": p["room_number"], "status": NO_INFO})

    def on_registry_RoomInfoSubmitted(self, tx: Any, room_id: str, p: Mapping[str, Any]) -> None:
        self.view.set_status(tx, room_id, PENDING_REVIEW)

    def on_registry_RoomRetired(self, tx: Any, room_id: str, p: Mapping[str, Any]) -> None:
        self.view.remove(tx, room_id)

    def on_registry_RoomInfoRejected(self, tx: Any, room_id: str, p: Mapping[str, Any]) -> None:
        self.view.set_status(tx, room_id, NO_INFO)

    def on_registry_RoomPublished(self, tx: Any, room_id: str, p: Mapping[str, Any]) -> None:
        self.view.set_status(tx, room_id, AVAILABLE if p["saleable"] else NOT_FOR_SALE, info=p["info"])

    def on_contracts_ContractDrafted(self, tx: Any, contract_id: str, p: Mapping[str, Any]) -> None:
        self.view.hold(tx, p["room_id"], contract_id, SIGNING)

    def on_contracts_Confirmed(self, tx: Any, contract_id: str, p: Mapping[str, Any]) -> None:
        self.view.hold(tx, p["room_id"], contract_id, SOLD_UNFILED)

    def on_contracts_Filed(self, tx: Any, contract_id: str, p: Mapping[str, Any]) -> None:
        self.view.hold(tx, p["room_id"], contract_id, SOLD_FILED)

    def on_contracts_Cancelled(self, tx: Any, contract_id: str, p: Mapping[str, Any]) -> None:
        self.view.release(tx, p["room_id"], contract_id)
