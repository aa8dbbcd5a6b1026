"""The processes of a local stack (make up) and of the test stack, with their ports."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from services import directory


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    argv: tuple[str, ...]
    port: int
    health_path: str
    env: dict[str, str] = field(default_factory=dict)
    background: bool = False  # its work may lag a burst by seconds: it takes only idle CPU (deploy.local.priority)
    metrics_port: int | None = None  # where /metrics is served when not on `port` (a public port serves none)
    ready_path: str | None = "/ready"  # readiness (None: the process has only liveness)
    first: bool = False  # the others need it from their first moment: started and healthy before them


NAMEKO = ("-m", "nameko", "run", "--config", "deploy/local/nameko.yaml")

PROVIDERS_OFFSET = 90  # the simulated bank, face verification, e-signature and SMS (deploy/sim/providers.py)
GATE_OFFSET = 91  # the outage gate's control port; its gates listen on the next ports (deploy/local/outage_gate.py)
GATES = ("broker", "database")
# One machine runs everything, so the processes a selection window needs to answer at once (selection
# edge, gateway, lottery: `interactive` in services.directory) keep the CPU first; those whose work may lag
# by a few seconds (relays, projections, the other services, the simulated parties) yield to them, as
# lower-priority pods would.


@dataclass(frozen=True)
class Profile:
    name: str
    database_key: str
    vhost_key: str
    gateway_port: int
    base_port: int
    movable_clock: bool = False
    database: str | None = None  # a literal name instead of the secrets key (created on demand)
    vhost: str | None = None
    answer_check: str = "log"  # HOUSING_ANSWER_CHECK: an answer off its response schema is logged, or a 500
    gated: bool = False  # its processes reach the broker and the database through its outage gate


DEV = Profile("dev", "HOUSING_PG_DB", "HOUSING_AMQP_VHOST", gateway_port=8080, base_port=8100)


def test_profile(slot: int = 0) -> Profile:
    """The test stack; slot N > 0 (HOUSING_TEST_SLOT) is a second, independent one on its own ports,
    database and vhost, so two checkouts on one machine can run their suites side by side."""
    if not slot:
        return Profile("test", "HOUSING_PG_TEST_DB", "HOUSING_AMQP_TEST_VHOST", gateway_port=18080,
                       base_port=18100, movable_clock=True, answer_check="strict", gated=True)
    return Profile(f"test{slot}", "HOUSING_PG_TEST_DB", "HOUSING_AMQP_TEST_VHOST",
                   gateway_port=18080 + 1000 * slot, base_port=18100 + 1000 * slot, movable_clock=True,
                   database=f"housing_test_{slot}", vhost=f"housing_test_{slot}", answer_check="strict", gated=True)


TEST = test_profile(int(os.environ.get("HOUSING_TEST_SLOT", "0") or 0))
BENCH = Profile("bench", "HOUSING_PG_TEST_DB", "HOUSING_AMQP_TEST_VHOST", gateway_port=28080, base_port=28100,
                database="housing_bench", vhost="housing_bench")


def processes(profile: Profile, lottery_instances: int = 1, gateway_instances: int = 1,
              edge_instances: int = 1) -> list[ProcessSpec]:
    """Every process of a stack; `lottery_instances` > 1 adds lottery processes on the same queues, and
    `gateway_instances` / `edge_instances` > 1 add gateways / selection edges on their ports
    (SO_REUSEPORT: the kernel spreads connections)."""
    specs = [outage_gate(profile)] if profile.gated else []
    for service in directory.SERVICES:
        for process in service.processes:
            specs.append(_nameko_process(profile, process.name, process, profile.base_port + process.port_offset))
    lottery = directory.BY_NAME["lottery"].processes[0]
    for extra in range(2, lottery_instances + 1):
        specs.append(_nameko_process(profile, f"lottery-{extra}", lottery, profile.base_port + 10 + extra))
    for index, name in enumerate(directory.RELAYED, start=1):
        service, port = directory.BY_NAME[name], profile.base_port + 50 + index
        specs.append(ProcessSpec(f"relay-{name}", ("-m", "shared.relay", name, service.application, service.publishes),
                                 port, "/health", {"HOUSING_METRICS_PORT": str(port)}, background=True,
                                 metrics_port=port))
    providers = provider_port(profile)
    specs.append(ProcessSpec("providers", ("-m", "deploy.sim.providers", "--port", str(providers)), providers,
                             "/health", background=True, ready_path=None))
    edge = selection_edge_port(profile)
    for index in range(1, edge_instances + 1):
        metrics = profile.base_port + 70 + index
        specs.append(ProcessSpec("selection-edge" if index == 1 else f"selection-edge-{index}",
                                 ("-m", "services.gateway.selection_edge", "--port", str(edge)), edge, "/health",
                                 {"HOUSING_METRICS_PORT": str(metrics)}, metrics_port=metrics, ready_path=None))
    for index in range(1, gateway_instances + 1):
        metrics = profile.base_port + 60 + index
        specs.append(ProcessSpec("gateway" if index == 1 else f"gateway-{index}",
                                 NAMEKO + ("services.gateway.service:GatewayService",), profile.gateway_port,
                                 "/health", {"WEB_SERVER_ADDRESS": f"0.0.0.0:{profile.gateway_port}",
                                             "MAX_WORKERS": "2000", "HOUSING_METRICS_PORT": str(metrics)},
                                 metrics_port=metrics))
    return specs


def _nameko_process(profile: Profile, name: str, process: directory.Process, port: int) -> ProcessSpec:
    return ProcessSpec(name, NAMEKO + (process.nameko_service,), port, "/health",
                       {"WEB_SERVER_ADDRESS": f"127.0.0.1:{port}", "MAX_WORKERS": str(process.max_workers)},
                       background=not process.interactive)


def outage_gate(profile: Profile) -> ProcessSpec:
    """A test stack's own way to the broker and the database, which a test can close (deploy/local/outage_gate.py)."""
    control = profile.base_port + GATE_OFFSET
    gates = tuple(f"--gate={name}={port}" for name, port in gate_ports(profile).items())
    return ProcessSpec("outage-gate", ("-m", "deploy.local.outage_gate", "--control", str(control), *gates), control,
                       "/health", first=True, ready_path=None)


def gate_ports(profile: Profile) -> dict[str, int]:
    return {name: profile.base_port + GATE_OFFSET + index for index, name in enumerate(GATES, start=1)}


def gated_env(profile: Profile, env: dict[str, str]) -> dict[str, str]:
    """The settings that send a gated stack's processes through its gates, and tell the gates where the real
    broker and database are (from `env`, the stack's settings before)."""
    ports = gate_ports(profile)
    return {
        "HOUSING_GATE_TARGET_BROKER": f"{env.get('HOUSING_AMQP_HOST', '127.0.0.1')}:{env.get('HOUSING_AMQP_PORT', '5672')}",
        "HOUSING_GATE_TARGET_DATABASE": f"{env.get('HOUSING_PG_HOST', '127.0.0.1')}:{env.get('HOUSING_PG_PORT', '5432')}",
        "HOUSING_AMQP_HOST": "127.0.0.1", "HOUSING_AMQP_PORT": str(ports["broker"]),
        "HOUSING_PG_HOST": "127.0.0.1", "HOUSING_PG_PORT": str(ports["database"]),
    }


def selection_edge_port(profile: Profile) -> int:
    """The selection edge listens beside the gateway (an ingress routes the selection paths there)."""
    return profile.gateway_port + 1


def provider_port(profile: Profile) -> int:
    return profile.base_port + PROVIDERS_OFFSET


def provider_urls(profile: Profile) -> dict[str, str]:
    """Where every process of the stack finds the external parties (the local simulator)."""
    base = f"http://127.0.0.1:{provider_port(profile)}"
    return {f"HOUSING_{party.upper()}_URL": f"{base}/{party}" for party in ("bank", "face", "esign", "sms", "realestate",
                                                                          "identity")}
