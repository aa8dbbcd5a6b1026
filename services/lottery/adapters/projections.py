"""The lottery's projection worker: a second kind of process of the lottery service.

It keeps the room catalogue (search and availability) up to date from the lottery's own events and
runs the lease-outcome policy (a cancelled lease releases its room). Keeping them out of the command
process means that the thousands of events of a selection window's burst are projected beside it,
not between its commands; operations scale the two independently. It has no RPC entrypoints, so it
never takes a call meant for the command process, and it reads the lottery's log from the store.
"""
from __future__ import annotations

from nameko.timer import timer

from shared import settings
from shared.consumer import TrackedView
from shared.nameko_kit.dependencies import ApplicationProvider, ConsumerProvider, Instrumentation
from shared.nameko_kit.integration_events import integration_events
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import ServiceProcess
from services.lottery.adapters.bootstrap import LotteryBootstrap
from services.lottery.adapters.catalogue_view import PostgresCatalogueView
from services.lottery.adapters.inbound_events import CATALOGUE_SCHEMAS, LEASE_OUTCOME_SCHEMAS
from services.lottery.application.app import LotteryApplication
from services.lottery.application.catalogue import CatalogueProjection
from services.lottery.application.lease_outcomes import LeaseOutcomes

_env = lambda: settings.event_store_env("lottery")  # noqa: E731


class LotteryProjections(ServiceProcess):
    name = "lottery"  # the same service: its queues keep their names, whichever process consumes them

    app = ApplicationProvider(lambda: LotteryApplication(env=_env()))
    catalogue = ConsumerProvider(PostgresCatalogueView, CatalogueProjection, _env, "room_catalogue",
                                 CATALOGUE_SCHEMAS)
    lease_outcomes = ConsumerProvider(TrackedView, None, _env, "lease_outcomes", LEASE_OUTCOME_SCHEMAS)
    cluster = ServiceRpc()
    instrumentation = Instrumentation()
    bootstrap = LotteryBootstrap()  # the lease-outcome policy releases rooms through the desk

    @integration_events("lottery")
    def on_lottery_event(self, envelope: dict) -> str:
        return self.catalogue.handle(envelope, self.fetch)

    @integration_events("contracts")
    def on_lease_outcome(self, envelope: dict) -> str:
        return self.lease_outcomes.using(LeaseOutcomes(self.app)).handle(envelope, self.fetch)

    @timer(interval=30, eager=True)
    def reconcile(self) -> None:
        self.catch_up_all([(self.catalogue, "lottery"),
                           (self.lease_outcomes.using(LeaseOutcomes(self.app)), "contracts")])
