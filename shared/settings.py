"""Process settings read from the environment (see var/secrets.env written by scripts/provision.sh).

A service process reads them once, when it starts (`ProcessSettings.read`, through
shared.nameko_kit.bootstrap), and its dependency providers and entrypoints are given them from there."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping


def _get(environ: Mapping[str, str], key: str, default: str | None = None) -> str:
    value = environ.get(key, default)
    if value is None:
        raise RuntimeError(f"environment variable {key} is not set (run `make provision`)")
    return value


def amqp_uri(environ: Mapping[str, str] = os.environ, vhost: str | None = None) -> str:
    user = _get(environ, "HOUSING_AMQP_USER")
    password = _get(environ, "HOUSING_AMQP_PASSWORD")
    host = _get(environ, "HOUSING_AMQP_HOST", "127.0.0.1")
    port = _get(environ, "HOUSING_AMQP_PORT", "5672")
    vhost = vhost or _get(environ, "HOUSING_AMQP_VHOST", "housing")
    return f"amqp://{user}:{password}@{host}:{port}/{vhost}"


def event_store_env(service: str, environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Settings for the `eventsourcing` library: one PostgreSQL schema per service.

    HOUSING_EVENTSTORE selects postgres (default), sqlite or memory (unit tests). Stored records are sealed
    to their identity (shared.sealing) when a cipher key is set; HOUSING_ACCEPT_LEGACY_EVENTS=1 still reads
    records written before sealing (docs/security.md).
    """
    kind = environ.get("HOUSING_EVENTSTORE", "postgres")
    env: dict[str, str] = {}
    if kind == "postgres":
        env.update(
            PERSISTENCE_MODULE="shared.postgres_store:Factory",
            POSTGRES_DBNAME=_get(environ, "HOUSING_PG_DB"),
            POSTGRES_HOST=_get(environ, "HOUSING_PG_HOST", "127.0.0.1"),
            POSTGRES_PORT=_get(environ, "HOUSING_PG_PORT", "5432"),
            POSTGRES_USER=f"svc_{service}",
            POSTGRES_PASSWORD=_get(environ, f"HOUSING_PG_PASSWORD_{service.upper()}"),
            POSTGRES_SCHEMA=service,
            POSTGRES_POOL_SIZE=environ.get("HOUSING_PG_POOL_SIZE", "2"),
            POSTGRES_MAX_OVERFLOW=environ.get("HOUSING_PG_MAX_OVERFLOW", "18"),
            POSTGRES_CONNECT_TIMEOUT="5",
            # A connection that a database outage broke is replaced when it is next taken from the pool:
            # the library's recorders retry on a broken one, but our views and tables would fail once
            # per stale connection after every outage. Costs one round trip per checkout.
            POSTGRES_PRE_PING="y",
            POSTGRES_LOCK_TIMEOUT="10",
            CREATE_TABLE="y",
        )
    elif kind == "sqlite":
        env.update(
            PERSISTENCE_MODULE="eventsourcing.sqlite",
            SQLITE_DBNAME=environ.get("HOUSING_SQLITE_DIR", "var") + f"/{service}.sqlite",
        )
    elif kind == "memory":
        env.update(PERSISTENCE_MODULE="eventsourcing.popo")
    else:
        raise RuntimeError(f"HOUSING_EVENTSTORE must be postgres, sqlite or memory, not {kind!r}")
    env["MAPPER_TOPIC"] = "shared.sealing:SealedMapper"
    key = cipher_key(service, environ)
    if key:
        env.update(CIPHER_TOPIC="shared.sealing:SealingCipher", CIPHER_KEY=key)
        if environ.get("HOUSING_ACCEPT_LEGACY_EVENTS", "").lower() in ("1", "y", "yes", "true", "on"):
            env["SEALING_ACCEPT_LEGACY"] = "y"
    return env


def cipher_key(service: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """The key sealing a service's stored events: HOUSING_CIPHER_KEY_<SERVICE> if set, else HOUSING_CIPHER_KEY."""
    return environ.get(f"HOUSING_CIPHER_KEY_{service.upper()}") or environ.get("HOUSING_CIPHER_KEY")


@dataclass(frozen=True)
class ProcessSettings:
    """What one process of a service reads from its environment, read once."""

    service: str
    environ: Mapping[str, str]
    event_store: Mapping[str, str]
    public_url: str | None  # where external parties call it back (None: it serves no callbacks)

    @classmethod
    def read(cls, service: str, environ: Mapping[str, str] = os.environ) -> "ProcessSettings":
        environ = dict(environ)
        public = environ.get(f"HOUSING_{service.upper()}_PUBLIC_URL") or (
            f"http://{environ['WEB_SERVER_ADDRESS']}" if environ.get("WEB_SERVER_ADDRESS") else None)
        return cls(service, environ, event_store_env(service, environ), public)

    def callback_url(self, path: str) -> str:
        """Where external parties call this service back: its public URL (the ingress in a cluster), else its
        own web address (local stacks)."""
        if self.public_url is None:
            raise RuntimeError(f"neither HOUSING_{self.service.upper()}_PUBLIC_URL nor WEB_SERVER_ADDRESS is set")
        return self.public_url.rstrip("/") + path

    def get(self, key: str, default: str) -> str:
        return self.environ.get(key, default)
