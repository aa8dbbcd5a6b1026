"""Contracts as a Nameko service."""
from __future__ import annotations

from typing import Any

from nameko.rpc import ClusterRpc, rpc
from nameko.timer import timer

from shared import settings
from shared.nameko_kit.dependencies import ApplicationProvider, ConsumerProvider, Instrumentation
from shared.nameko_kit.edge import edge
from shared.nameko_kit.integration_events import integration_events
from shared.nameko_kit.service_base import EventSourcedService
from services.contracts.adapters import schemas
from services.contracts.adapters.inbound_events import SELLABLE_ROOMS_SCHEMAS
from services.contracts.adapters.sellable_rooms_view import PostgresSellableRoomsView
from services.contracts.application.app import ContractsApplication
from services.contracts.application.sellable_rooms import SellableRoomsProjection

_env = lambda: settings.event_store_env("contracts")  # noqa: E731


class ContractsService(EventSourcedService):
    name = "contracts"

    app = ApplicationProvider(lambda: ContractsApplication(env=_env()))
    sellable_rooms = ConsumerProvider(PostgresSellableRoomsView, SellableRoomsProjection, _env,
                                      "sellable_rooms", SELLABLE_ROOMS_SCHEMAS)
    cluster = ClusterRpc()
    instrumentation = Instrumentation()

    @rpc
    @edge(schemas.DraftContractSchema(), roles=("developer",))
    def draft_contract(self, ctx: Any, body: dict) -> dict[str, Any]:
        room = self.sellable_rooms.view.room(body["room_id"])
        return self.app.draft_contract(ctx, room, body["room_id"], body["buyer_name"])

    @rpc
    @edge(schemas.CancelContractSchema(), roles=("developer",))
    def cancel_contract(self, ctx: Any, body: dict, contract_id: str) -> dict[str, Any]:
        return self.app.cancel_contract(ctx, contract_id, body["reason"])

    @rpc
    @edge()
    def get_contract(self, ctx: Any, contract_id: str) -> dict[str, Any]:
        return self.app.get_contract(ctx, contract_id)

    @integration_events("registry")
    def on_registry_event(self, envelope: dict) -> str:
        return self.sellable_rooms.handle(envelope, self.fetch)

    @timer(interval=30, eager=True)
    def reconcile_sellable_rooms(self) -> None:
        for source in SellableRoomsProjection.sources:
            self.sellable_rooms.catch_up(source, self.fetch)
