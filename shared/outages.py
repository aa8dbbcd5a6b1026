"""A dependency that cannot be reached is a 503 the caller may retry, never an internal error.

Which failures mean that the database or the broker is away, and the one answer they all get:
`Unavailable` with code `service_unavailable` (503 with Retry-After at either gateway door), counted
in `housing_dependency_unavailable_total{dependency}` by the process that could not reach it
(`broker`, `database`, or `service` when the broker took the call but no instance answered it).
The failure's own text goes to the process's log; the caller never sees it.
"""
from __future__ import annotations

import logging

import aiormq.exceptions
import amqp.exceptions
import kombu.exceptions
import psycopg
from eventsourcing import persistence

from shared import metrics
from shared.errors import Unavailable

log = logging.getLogger(__name__)

# psycopg's OperationalError covers a refused or lost connection, the pool's timeout and a server
# that cancels or cannot serve the statement; eventsourcing re-raises them as its own errors.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    psycopg.OperationalError, psycopg.InterfaceError, persistence.OperationalError, persistence.InterfaceError)
# kombu's OperationalError is what Nameko's publisher raises once its reconnection attempts are spent;
# the others are a connection refused, reset or closed under a client (kombu, pika, aio-pika).
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError, amqp.exceptions.ConnectionError, aiormq.exceptions.AMQPConnectionError,
    aiormq.exceptions.ChannelInvalidStateError, ConnectionError, TimeoutError)

MESSAGES = {
    "broker": "the platform cannot pass your request on right now; try again shortly",
    "database": "the service cannot reach its records right now; try again shortly",
    "service": "the {service} service is not running right now; try again shortly",
}


def unavailable(dependency: str, cause: BaseException | None = None, service: str = "") -> Unavailable:
    """The answer to a request that failed because `dependency` is away, counted; `cause` is only logged."""
    metrics.DEPENDENCY_UNAVAILABLE.labels(dependency).inc()
    if cause is not None:
        log.warning("%s unavailable: %s: %s", dependency, type(cause).__name__, cause)
    return Unavailable(MESSAGES[dependency].format(service=service), code="service_unavailable")


def timed_out(service: str) -> Unavailable:
    """The answer to a call that the broker took but no instance of `service` answered in time, counted."""
    metrics.DEPENDENCY_UNAVAILABLE.labels("service").inc()
    return Unavailable(f"the {service} service did not answer in time; try again shortly", code="upstream_timeout")


# How a database failure of a service looks to its caller when the service's RPC did not translate it
# (Nameko's RemoteError carries the remote exception's class name).
REMOTE_DATABASE_ERRORS = frozenset(cls.__name__ for cls in DATABASE_ERRORS) | {"PoolTimeout"}


def dependency_of(exc: BaseException) -> str | None:
    """`database` or `broker` when `exc` says that dependency is away, else None."""
    if isinstance(exc, DATABASE_ERRORS):
        return "database"
    if isinstance(exc, BROKER_ERRORS):
        return "broker"
    if getattr(exc, "exc_type", None) in REMOTE_DATABASE_ERRORS:  # a service's database, seen over RPC
        return "database"
    return None
