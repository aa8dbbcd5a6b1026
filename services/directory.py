"""The one list of the platform's services: their processes, ports, database schema and what they publish.

Settings, relays, the local stack, provisioning and operators' tools read it; nothing else lists services.
Code is named by topic ("module:attribute"), so reading the directory imports no service.

    python -m services.directory schemas   # the database schemas (one per service), for provisioning
"""
from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Process:
    name: str
    nameko_service: str  # topic of the Nameko service class
    port_offset: int  # its web port is the profile's base port plus this
    interactive: bool = False  # a selection window needs it at once: it keeps the CPU first
    max_workers: int = 20


@dataclass(frozen=True)
class Service:
    name: str  # also its database schema, its event source and its exchange `<name>.events`
    processes: tuple[Process, ...] = ()
    application: str | None = None  # topic of its eventsourcing Application: it has an event store
    publishes: str | None = None  # topic of its Outbound mapping: a relay publishes its integration events

    @property
    def relayed(self) -> bool:
        return self.publishes is not None


def _one(name: str, offset: int, cls: str, **kwargs: object) -> Service:
    return Service(name, (Process(name, f"services.{name}.adapters.service:{cls}Service", offset, **kwargs),),
                   f"services.{name}.application.app:{cls}Application",
                   f"services.{name}.adapters.outbound_events:OUTBOUND")


SERVICES: tuple[Service, ...] = (
    _one("registry", 1, "Registry"),
    _one("contracts", 2, "Contracts"),
    _one("filing", 3, "Filing"),
    Service("lottery", (
        # Selection commands wait on the session desk's batch, not on CPU: many cheap green threads.
        Process("lottery", "services.lottery.adapters.service:LotteryService", 4, interactive=True, max_workers=1200),
        Process("lottery-projections", "services.lottery.adapters.projections:LotteryProjections", 6),
    ), "services.lottery.application.app:LotteryApplication", "services.lottery.adapters.outbound_events:OUTBOUND"),
    _one("escrow", 5, "Escrow"),
    Service("notary", (
        Process("notary", "services.notary.adapters.service:NotaryService", 7),
        # The notarized-signing saga runs in its own process: it consumes, commands and times out, never answers RPCs.
        Process("notary-saga", "services.notary.adapters.saga_process:NotarySaga", 8),
    ), "services.notary.application.app:NotaryApplication", "services.notary.adapters.outbound_events:OUTBOUND"),
)
BY_NAME = {service.name: service for service in SERVICES}
SCHEMAS = tuple(service.name for service in SERVICES)
RELAYED = tuple(service.name for service in SERVICES if service.relayed)
EVENT_SOURCED = tuple(service.name for service in SERVICES if service.application)


def main(argv: list[str]) -> None:
    if argv == ["schemas"]:
        print("\n".join(SCHEMAS))
    else:
        raise SystemExit("usage: python -m services.directory schemas")


if __name__ == "__main__":
    main(sys.argv[1:])
