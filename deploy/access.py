"""Who may use what: for each kind of process, its database role, its broker user with the exchanges
and queues it may touch, and the secrets it is given. Every process runs as the system account
SERVICE_ACCOUNT.

This is the one declaration read by scripts/provision.sh (broker users, their passwords in
var/secrets.env, the system account), deploy/local/stack.py (each process's environment),
deploy/local/resets.py (permissions on a fresh vhost) and docs/security.md (its table is
`python -m deploy.access table`). Standard library only: provisioning runs it before anything else.

Broker resources follow the names the code declares (shared/nameko_kit, shared/relay.py,
services/gateway/broadcast.py, services/gateway/selection_edge/nameko_rpc.py):
  nameko-rpc                        the RPC exchange: declared, published to (requests and replies), bound to
  rpc-<service>                     the queue of a service's RPC entrypoints
  rpc.reply-<service>-<uuid>        a caller's reply queue
  <source>.events                   a source's integration events (published by relay-<source>)
  evt-<source>-all--<service>.<m>   a consumer's durable queue for one source
  live-<source>--<service>.<hex>    a gateway's own queue for the live broadcast
  housing.dead-letter               the dead-letter exchange and queue of every event consumer
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from services import directory

SERVICE_ACCOUNT = "housing-svc"

RPC_EXCHANGE = "nameko-rpc"
DEAD_LETTER = "housing.dead-letter"
UUID = "[0-9a-f-]+"
HEX = "[0-9a-f]+"
METHOD = r"[A-Za-z0-9_]+"

# Keys of var/secrets.env that are settings, not secrets: given to the processes that use them.
DATABASE_SETTINGS = ("HOUSING_PG_HOST", "HOUSING_PG_PORT", "HOUSING_PG_DB")
BROKER_SETTINGS = ("HOUSING_AMQP_HOST", "HOUSING_AMQP_PORT", "HOUSING_AMQP_VHOST")
SETTINGS = DATABASE_SETTINGS + BROKER_SETTINGS + (
    "HOUSING_PG_TEST_DB", "HOUSING_PG_ADMIN_USER", "HOUSING_AMQP_USER", "HOUSING_AMQP_TEST_VHOST")


@dataclass(frozen=True)
class Principal:
    """One kind of process (its extra instances, `lottery-2`, share it)."""

    name: str
    database: str | None = None            # the service whose schema it uses, as role svc_<database>
    secrets: tuple[str, ...] = ()          # keys of var/secrets.env it is given, besides its own credentials
    rpc_name: str | None = None            # the Nameko service name its queues carry
    serves_rpc: bool = False               # consumes rpc-<rpc_name>
    calls_rpc: bool = False                # has reply queues rpc.reply-<rpc_name>-<uuid>
    consumes: tuple[str, ...] = ()         # event sources it consumes, on evt-<source>-all--<rpc_name>.<method>
    live: tuple[str, ...] = ()             # sources it follows on its own queues live-<source>--<rpc_name>.<hex>
    publishes: tuple[str, ...] = ()        # event exchanges <source>.events it publishes to

    @property
    def uses_broker(self) -> bool:
        return bool(self.serves_rpc or self.calls_rpc or self.consumes or self.live or self.publishes)

    @property
    def broker_user(self) -> str | None:
        return f"housing_{_key(self.name).lower()}" if self.uses_broker else None

    @property
    def broker_password_key(self) -> str | None:
        return f"HOUSING_AMQP_PASSWORD_{_key(self.name)}" if self.uses_broker else None

    @property
    def database_password_key(self) -> str | None:
        return f"HOUSING_PG_PASSWORD_{self.database.upper()}" if self.database else None

    @property
    def secret_keys(self) -> tuple[str, ...]:
        """Every key of var/secrets.env whose value this process holds."""
        own = (self.database_password_key, self.broker_password_key)
        return tuple(k for k in own if k) + self.secrets


def _key(name: str) -> str:
    return name.replace("-", "_").upper()


CIPHER = "HOUSING_CIPHER_KEY"
TOKEN = "HOUSING_TOKEN_SECRET"
BANK, FACE, ESIGN, SMS = (f"HOUSING_{party}_SECRET" for party in ("BANK", "FACE", "ESIGN", "SMS"))
REALESTATE = "HOUSING_REALESTATE_SECRET"  # the real-estate register and agency filing system (guide 001)
IDP = "HOUSING_IDP_KEY"  # the unified identity platform's key: the simulated platform signs, the gateway verifies
NOTARY = "HOUSING_NOTARY_SECRET"  # signs the QR links of notary cases and checks the mini-program's captures


def _service(name: str, consumes: tuple[str, ...] = (), secrets: tuple[str, ...] = ()) -> Principal:
    return Principal(name, database=name, secrets=(CIPHER, *secrets), rpc_name=name, serves_rpc=True,
                     calls_rpc=True, consumes=consumes)


PRINCIPALS: dict[str, Principal] = {p.name: p for p in (
    _service("registry", consumes=("registry", "contracts"), secrets=(SMS, REALESTATE)),
    _service("contracts", consumes=("registry", "contracts", "filing", "lottery", "escrow"),
             secrets=(FACE, ESIGN, SMS)),
    _service("filing", consumes=("contracts", "filing")),
    _service("lottery"),
    Principal("lottery-projections", database="lottery", secrets=(CIPHER,), rpc_name="lottery", calls_rpc=True,
              consumes=("lottery", "contracts")),
    _service("escrow", consumes=("contracts", "registry"), secrets=(BANK,)),
    _service("notary", consumes=("notary",), secrets=(FACE, NOTARY)),
    Principal("notary-saga", database="notary", secrets=(CIPHER, NOTARY), rpc_name="notary", calls_rpc=True,
              consumes=("contracts", "notary")),
    *(Principal(f"relay-{source}", database=source, secrets=(CIPHER,), publishes=(source,)) for source in directory.RELAYED),
    Principal("gateway", secrets=(TOKEN, FACE, IDP), rpc_name="gateway", calls_rpc=True,
              live=("lottery",)),
    Principal("selection-edge", secrets=(TOKEN,), rpc_name="selection_edge", calls_rpc=True),
    Principal("providers", secrets=(BANK, FACE, ESIGN, SMS, REALESTATE, IDP)),  # IDP: the identity platform signs with it
    Principal("outage-gate"),  # the test stack's pass-through to the broker and the database: no credentials
)}


def principal_of(process: str) -> Principal:
    """The principal of a process of deploy/local/processes.py (`lottery-2` is a second `lottery`)."""
    if process in PRINCIPALS:
        return PRINCIPALS[process]
    base = re.sub(r"-\d+$", "", process)
    if base in PRINCIPALS:
        return PRINCIPALS[base]
    raise KeyError(f"process {process!r} is not declared in deploy/access.py")


# Broker permissions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrokerPermissions:
    configure: str
    write: str
    read: str


def _literal(name: str) -> str:
    """A resource name as a pattern; names are plain ([a-z0-9_.-]), so only dots need escaping."""
    assert re.fullmatch(r"[a-z0-9_.-]+", name), name
    return name.replace(".", r"\.")


def _any(names: tuple[str, ...]) -> str:
    return "(" + "|".join(map(_literal, names)) + ")" if len(names) > 1 else _literal(names[0])


def _anchored(patterns: list[str]) -> str:
    """`^(a|b)$`, or `^$` (nothing) for no patterns; only characters rabbitmqctl's shell wrapper keeps."""
    unique = list(dict.fromkeys(patterns))
    return "^(" + "|".join(unique) + ")$" if unique else "^$"


def broker_permissions(principal: Principal) -> BrokerPermissions:
    """configure (declare) / write (publish, bind a queue) / read (consume, bind from an exchange)
    regular expressions on resource names, per RabbitMQ's access control table."""
    configure: list[str] = []
    write: list[str] = []
    read: list[str] = []

    def queue(pattern: str) -> None:  # declared, bound and consumed by this principal
        configure.append(pattern)
        write.append(pattern)
        read.append(pattern)

    def source_exchange(pattern: str) -> None:  # declared and bound from
        configure.append(pattern)
        read.append(pattern)

    name = _literal(principal.rpc_name) if principal.rpc_name else ""
    if principal.serves_rpc or principal.calls_rpc:
        source_exchange(_literal(RPC_EXCHANGE))
        write.append(_literal(RPC_EXCHANGE))  # requests and replies
    if principal.serves_rpc:
        queue(f"rpc-{name}")
    if principal.calls_rpc:
        queue(rf"rpc\.reply-{name}-{UUID}")
    if principal.consumes:
        sources = _any(principal.consumes)
        queue(rf"evt-{sources}-all--{name}\.{METHOD}")
        source_exchange(rf"{sources}\.events")
    if principal.live:
        sources = _any(principal.live)
        queue(rf"live-{sources}--{name}\.{HEX}")
        source_exchange(rf"{sources}\.events")
    if principal.consumes or principal.live:
        # The dead-letter exchange and queue share a name: binding the queue needs read on the exchange.
        queue(_literal(DEAD_LETTER))
    if principal.publishes:
        exchanges = rf"{_any(principal.publishes)}\.events"
        configure.append(exchanges)
        write.append(exchanges)
    return BrokerPermissions(_anchored(configure), _anchored(write), _anchored(read))


# Process environment ------------------------------------------------------------------------------


def process_environment(principal: Principal, secrets: dict[str, str]) -> dict[str, str]:
    """What a process gets from var/secrets.env: the settings it uses, its own database password, its
    broker user as HOUSING_AMQP_USER/PASSWORD, and its declared secrets (those present)."""
    missing = [k for k in (principal.database_password_key, principal.broker_password_key) if k and k not in secrets]
    if missing:
        raise SystemExit(f"{', '.join(missing)} missing from var/secrets.env: run `make provision`")
    env: dict[str, str] = {}
    if principal.database:
        env.update({k: secrets[k] for k in DATABASE_SETTINGS if k in secrets})
        env[principal.database_password_key] = secrets[principal.database_password_key]
    if principal.uses_broker:
        env.update({k: secrets[k] for k in BROKER_SETTINGS if k in secrets})
        env["HOUSING_AMQP_USER"] = principal.broker_user
        env["HOUSING_AMQP_PASSWORD"] = secrets[principal.broker_password_key]
    env.update({k: secrets[k] for k in principal.secrets if k in secrets})
    return env


def secret_keys(secrets: dict[str, str]) -> set[str]:
    """The keys of var/secrets.env that hold secrets."""
    return {k for k in secrets if k not in SETTINGS}


# Command line (provisioning and docs) -------------------------------------------------------------


def table() -> str:
    """The Markdown table of docs/security.md."""
    rows = ["| process | database role | broker user | secrets besides its credentials |",
            "|---|---|---|---|"]
    for p in PRINCIPALS.values():
        rows.append(f"| {p.name} | {f'svc_{p.database}' if p.database else '-'} | {p.broker_user or '-'} | "
                    f"{', '.join(p.secrets) or '-'} |")
    return "\n".join(rows)


def main(argv: list[str]) -> None:
    command = argv[0] if argv else ""
    if command == "account":
        print(SERVICE_ACCOUNT)
    elif command == "broker-password-keys":
        print("\n".join(p.broker_password_key for p in PRINCIPALS.values() if p.uses_broker))
    elif command == "table":
        print(table())
    else:
        raise SystemExit("usage: python -m deploy.access account | broker-password-keys | table")


if __name__ == "__main__":
    main(sys.argv[1:])
