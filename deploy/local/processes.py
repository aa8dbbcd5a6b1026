"""The processes of a local stack (make up) and of the test stack, with their ports."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    argv: tuple[str, ...]
    port: int
    health_path: str
    env: dict[str, str] = field(default_factory=dict)


NAMEKO = ("-m", "nameko", "run", "--config", "deploy/local/nameko.yaml")

# (service module:class, web port offset)
SERVICES = {
    "registry": ("services.registry.adapters.service:RegistryService", 1),
    "contracts": ("services.contracts.adapters.service:ContractsService", 2),
    "filing": ("services.filing.adapters.service:FilingService", 3),
}
RELAYED = tuple(SERVICES)


@dataclass(frozen=True)
class Profile:
    name: str
    database_key: str
    vhost_key: str
    gateway_port: int
    base_port: int
    movable_clock: bool = False


DEV = Profile("dev", "HOUSING_PG_DB", "HOUSING_AMQP_VHOST", gateway_port=8080, base_port=8100)
TEST = Profile("test", "HOUSING_PG_TEST_DB", "HOUSING_AMQP_TEST_VHOST", gateway_port=18080, base_port=18100,
               movable_clock=True)


def processes(profile: Profile) -> list[ProcessSpec]:
    specs = []
    for service, (target, offset) in SERVICES.items():
        port = profile.base_port + offset
        specs.append(ProcessSpec(service, NAMEKO + (target,), port, "/health",
                                 {"WEB_SERVER_ADDRESS": f"127.0.0.1:{port}"}))
    for index, service in enumerate(RELAYED, start=1):
        port = profile.base_port + 50 + index
        specs.append(ProcessSpec(f"relay-{service}", ("-m", "shared.relay", service), port, "/metrics",
                                 {"HOUSING_METRICS_PORT": str(port)}))
    specs.append(ProcessSpec("gateway", NAMEKO + ("services.gateway.service:GatewayService",),
                             profile.gateway_port, "/health",
                             {"WEB_SERVER_ADDRESS": f"0.0.0.0:{profile.gateway_port}", "MAX_WORKERS": "64"}))
    return specs
