"""deploy/access.py: the declaration of who may use what, its broker permissions, and that it matches
the exchanges and queues the code declares."""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from nameko import config
from nameko.rpc import RPC_QUEUE_TEMPLATE, RPC_REPLY_QUEUE_TEMPLATE, Rpc

from deploy import access
from deploy.access import PRINCIPALS, broker_permissions, principal_of, process_environment
from deploy.local.processes import TEST, processes
from services import directory
from services.contracts.adapters.service import ContractsService
from services.escrow.adapters.service import EscrowService
from services.filing.adapters.service import FilingService
from services.gateway.service import GatewayService
from services.lottery.adapters.projections import LotteryProjections
from services.lottery.adapters.service import LotteryService
from services.registry.adapters.service import RegistryService
from shared.nameko_kit.integration_events import DEAD_LETTER_EXCHANGE, DEAD_LETTER_QUEUE, IntegrationEventHandler
from shared.nameko_kit.rpc import ServiceRpc

NAMEKO_CLASSES = {
    "registry": RegistryService, "contracts": ContractsService, "filing": FilingService,
    "lottery": LotteryService, "lottery-projections": LotteryProjections, "escrow": EscrowService,
    "gateway": GatewayService,
}
ROOT = Path(__file__).resolve().parents[2]


def may(principal, kind: str, resource: str) -> bool:
    """RabbitMQ matches a permission's regular expression anywhere in the name (ours are anchored)."""
    return re.search(getattr(broker_permissions(principal), kind), resource) is not None


def entrypoints(cls) -> list[tuple[str, object]]:
    return [(name, entrypoint) for name in dir(cls)
            for entrypoint in getattr(getattr(cls, name), "nameko_entrypoints", ())]


class Container:
    def __init__(self, service_name: str) -> None:
        self.service_name = service_name
        self.config: dict = {}


def event_queue(cls, method: str, handler: IntegrationEventHandler):
    """The queue the running handler would declare (its own make_queue, bound as the container would)."""
    container = Container(cls.name)
    with config.patch({"AMQP_URI": "memory://"}):
        return handler.bind(container, method).make_queue()


@pytest.mark.parametrize("name", sorted(NAMEKO_CLASSES))
def test_each_service_may_declare_bind_and_consume_every_queue_its_code_declares(name):
    principal, cls = PRINCIPALS[name], NAMEKO_CLASSES[name]
    queues, exchanges = [], ["nameko-rpc"]
    for method, entrypoint in entrypoints(cls):
        if isinstance(entrypoint, Rpc):
            queues.append(RPC_QUEUE_TEMPLATE.format(cls.name))
        elif isinstance(entrypoint, IntegrationEventHandler):
            queue = event_queue(cls, method, entrypoint)
            queues.append(queue.name)
            exchanges += [queue.exchange.name] if queue.exchange else [b.exchange.name for b in queue.bindings]
    if any(isinstance(v, ServiceRpc) for v in vars(cls).values()) or isinstance(getattr(cls, "cluster", None),
                                                                              ServiceRpc):
        queues.append(RPC_REPLY_QUEUE_TEMPLATE.format(cls.name, uuid.uuid4()))
    assert queues
    for queue in queues:
        assert all(may(principal, kind, queue) for kind in ("configure", "write", "read")), queue
    for exchange in exchanges:
        assert may(principal, "configure", exchange) and may(principal, "read", exchange), exchange
    assert may(principal, "write", "nameko-rpc")  # requests and replies


@pytest.mark.parametrize("name", sorted(NAMEKO_CLASSES))
def test_the_declaration_names_exactly_the_sources_and_rpc_the_code_uses(name):
    principal, cls = PRINCIPALS[name], NAMEKO_CLASSES[name]
    found = entrypoints(cls)
    consumed = {e.source_service for _, e in found
                if isinstance(e, IntegrationEventHandler) and not hasattr(e, "event_types")}
    live = {e.source_service for _, e in found if hasattr(e, "event_types")}
    assert set(principal.consumes) == consumed
    assert set(principal.live) == live
    assert principal.serves_rpc == any(isinstance(e, Rpc) for _, e in found)
    assert principal.rpc_name == cls.name


def test_event_consumers_may_use_the_dead_letter_exchange_and_queue():
    for principal in PRINCIPALS.values():
        if principal.consumes or principal.live:
            assert may(principal, "configure", DEAD_LETTER_EXCHANGE.name)
            assert may(principal, "write", DEAD_LETTER_EXCHANGE.name)  # publish
            assert may(principal, "write", DEAD_LETTER_QUEUE.name)  # bind


def test_no_process_may_consume_or_declare_another_services_rpc_queue():
    served = [p for p in PRINCIPALS.values() if p.serves_rpc]
    for principal in PRINCIPALS.values():
        for other in served:
            if other.rpc_name == principal.rpc_name:
                continue
            queue = RPC_QUEUE_TEMPLATE.format(other.rpc_name)
            assert not may(principal, "read", queue), (principal.name, queue)
            assert not may(principal, "configure", queue), (principal.name, queue)


def test_lottery_projections_do_not_take_the_lottery_rpc_calls():
    assert not may(PRINCIPALS["lottery-projections"], "read", "rpc-lottery")
    assert may(PRINCIPALS["lottery"], "read", "rpc-lottery")


def test_no_service_may_read_another_consumers_event_queue_or_reply_queue():
    registry = PRINCIPALS["registry"]
    assert not may(registry, "read", "evt-contracts-all--filing.on_contract_event")
    assert not may(registry, "read", f"rpc.reply-gateway-{uuid.uuid4()}")
    assert not may(registry, "read", "evt-contracts-all--registry.x.y")


def test_a_relay_publishes_only_its_own_source_and_reads_nothing():
    relay = PRINCIPALS["relay-registry"]
    assert may(relay, "write", "registry.events") and may(relay, "configure", "registry.events")
    assert not may(relay, "write", "contracts.events")
    assert not may(relay, "write", "nameko-rpc")
    assert broker_permissions(relay).read == "^$"
    assert not may(relay, "read", "rpc-registry")


def test_services_may_not_publish_events_only_their_relay_may():
    for name in NAMEKO_CLASSES:
        for source in directory.RELAYED:
            assert not may(PRINCIPALS[name], "write", f"{source}.events")


def test_the_selection_edge_only_calls():
    edge = PRINCIPALS["selection-edge"]
    assert may(edge, "write", "nameko-rpc")
    assert may(edge, "read", f"rpc.reply-selection_edge-{uuid.uuid4()}")
    assert not may(edge, "read", "rpc-lottery")
    assert not may(edge, "read", "lottery.events")


def test_the_providers_simulator_has_no_broker_user_and_no_permission():
    providers = PRINCIPALS["providers"]
    assert providers.broker_user is None
    assert broker_permissions(providers) == access.BrokerPermissions("^$", "^$", "^$")


def test_permissions_pass_through_rabbitmqctls_shell_wrapper_unchanged():
    """Debian's rabbitmqctl re-runs its arguments inside double quotes through `sh -c`."""
    for principal in PRINCIPALS.values():
        for pattern in vars(broker_permissions(principal)).values():
            assert re.fullmatch(r"[\^A-Za-z0-9_.|()\[\]+\\-]*\$", pattern), pattern
            re.compile(pattern)


def test_every_process_of_a_stack_is_declared():
    for spec in processes(TEST, lottery_instances=3, gateway_instances=2, edge_instances=2):
        assert principal_of(spec.name).name in PRINCIPALS
    assert principal_of("lottery-2") is PRINCIPALS["lottery"]
    assert principal_of("lottery-projections") is PRINCIPALS["lottery-projections"]
    with pytest.raises(KeyError):
        principal_of("undeclared")


SECRETS = {
    "HOUSING_PG_HOST": "127.0.0.1", "HOUSING_PG_PORT": "5432", "HOUSING_PG_DB": "housing",
    "HOUSING_PG_ADMIN_USER": "housing_admin", "HOUSING_PG_ADMIN_PASSWORD": "admin-pw",
    **{f"HOUSING_PG_PASSWORD_{s.upper()}": f"pg-{s}" for s in ("registry", "contracts", "filing", "lottery", "escrow", "notary")},
    "HOUSING_AMQP_HOST": "127.0.0.1", "HOUSING_AMQP_PORT": "5672", "HOUSING_AMQP_VHOST": "housing",
    "HOUSING_AMQP_USER": "housing", "HOUSING_AMQP_PASSWORD": "operator-pw",
    **{p.broker_password_key: f"amqp-{p.name}" for p in PRINCIPALS.values() if p.uses_broker},
    "HOUSING_TOKEN_SECRET": "token", "HOUSING_CIPHER_KEY": "cipher",
    **{f"HOUSING_{p}_SECRET": p.lower() for p in ("BANK", "FACE", "ESIGN", "SMS", "NOTARY")},
}


def test_a_process_gets_its_own_credentials_as_the_usual_settings_and_nothing_else_secret():
    env = process_environment(PRINCIPALS["relay-registry"], SECRETS)
    assert env["HOUSING_AMQP_USER"] == "housing_relay_registry"
    assert env["HOUSING_AMQP_PASSWORD"] == "amqp-relay-registry"
    assert env["HOUSING_PG_PASSWORD_REGISTRY"] == "pg-registry"
    held = {k for k, v in SECRETS.items() if k in access.secret_keys(SECRETS) and v in env.values()}
    assert held == {"HOUSING_PG_PASSWORD_REGISTRY", "HOUSING_AMQP_PASSWORD_RELAY_REGISTRY", "HOUSING_CIPHER_KEY"}


def test_the_gateway_gets_no_database_and_the_providers_no_broker():
    gateway = process_environment(PRINCIPALS["gateway"], SECRETS)
    assert not any(k.startswith("HOUSING_PG_") for k in gateway)
    assert gateway["HOUSING_TOKEN_SECRET"] == "token" and "HOUSING_CIPHER_KEY" not in gateway
    providers = process_environment(PRINCIPALS["providers"], SECRETS)
    assert set(providers) == {f"HOUSING_{p}_SECRET" for p in ("BANK", "FACE", "ESIGN", "SMS")}


def test_a_secrets_file_from_before_the_broker_users_says_to_provision():
    old = {k: v for k, v in SECRETS.items() if not k.startswith("HOUSING_AMQP_PASSWORD_")}
    with pytest.raises(SystemExit, match="HOUSING_AMQP_PASSWORD_GATEWAY missing.*make provision"):
        process_environment(PRINCIPALS["gateway"], old)


def test_every_process_holds_exactly_its_declared_secrets():
    for principal in PRINCIPALS.values():
        env = process_environment(principal, SECRETS)
        held = {k for k in access.secret_keys(SECRETS) if SECRETS[k] in env.values()}
        assert held == {k for k in principal.secret_keys if k in SECRETS}, principal.name


def test_the_security_doc_shows_the_declaration():
    assert access.table() in (ROOT / "docs" / "security.md").read_text()
