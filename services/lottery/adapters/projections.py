"""The lottery's projection worker: a second kind of process of the lottery service.

It keeps the room catalogue (search and availability) up to date from the lottery's own events and
runs the lease-outcome policy (a cancelled lease releases its room). Keeping them out of the command
process means that the thousands of events of a selection window's burst are projected beside it,
not between its commands; operations scale the two independently. It has no RPC entrypoints, so it
never takes a call meant for the command process, and it reads the lottery's log from the store.
"""
from __future__ import annotations

from shared.nameko_kit.consumers import consumers
from shared.nameko_kit.dependencies import ApplicationProvider, Instrumentation
from shared.nameko_kit.rpc import ServiceRpc
from shared.nameko_kit.service_base import ServiceProcess
from services.lottery.adapters.bootstrap import LotteryBootstrap
from services.lottery.adapters.consumers import LEASE_OUTCOMES, ROOM_CATALOGUE
from services.lottery.adapters.outbound_events import OUTBOUND
from services.lottery.application.app import LotteryApplication


@consumers(ROOM_CATALOGUE, LEASE_OUTCOMES)
class LotteryProjections(ServiceProcess):
    name = "lottery"  # the same service: its queues keep their names, whichever process consumes them
    publishes = OUTBOUND

    app = ApplicationProvider(lambda settings: LotteryApplication(env=settings.event_store))
    cluster = ServiceRpc()
    instrumentation = Instrumentation()
    bootstrap = LotteryBootstrap()  # the lease-outcome policy releases rooms through the desk
