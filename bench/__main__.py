"""Foundation benchmark: event-store append rate against raw PostgreSQL commits, and relay throughput.

Runs in a throwaway `bench` schema of the test database and the test vhost; prints numbers and ratios.
"""
from __future__ import annotations

import os
import threading
import time

import psycopg
from eventsourcing.postgres import PostgresTrackingRecorder

from bench.measure import raw_commits_per_second
from deploy.local.processes import TEST
from deploy.local.resets import admin_connection
from deploy.local.stack import Stack
from shared import settings
from shared.consumer import construct_view
from shared.context import CommandContext
from shared.relay import ConfirmingPublisher, Relay
from services.registry.adapters.outbound_events import OUTBOUND
from services.registry.application.app import RegistryApplication

SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))


def bench_env(stack: Stack) -> dict[str, str]:
    s = stack.secrets
    env = settings.event_store_env("registry", stack.env())
    env.update(POSTGRES_USER=s["HOUSING_PG_ADMIN_USER"], POSTGRES_PASSWORD=s["HOUSING_PG_ADMIN_PASSWORD"],
               POSTGRES_SCHEMA="bench")
    return env


def admin(stack: Stack) -> psycopg.Connection:
    return admin_connection(stack.secrets, stack.secrets["HOUSING_PG_TEST_DB"])


def raw_commits(stack: Stack) -> float:
    with admin(stack) as conn:
        return raw_commits_per_second(conn, SECONDS)


def appends(app: RegistryApplication) -> float:
    ctx = CommandContext(actor_id="bench", role="system")
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        app.register_developer(ctx, name="基准测试置业", credit_code=f"BENCH{count:013d}")
        count += 1
    return count / (time.perf_counter() - started)


def relay_rate(stack: Stack, app: RegistryApplication, env: dict[str, str]) -> tuple[int, float]:
    head = app.recorder.max_notification_id() or 0
    tracking = construct_view(PostgresTrackingRecorder, env, "relay")
    stopping = threading.Event()
    publisher = ConfirmingPublisher(stack.env()["AMQP_URI"], "bench.events", stopping)
    relay = Relay("registry", app, OUTBOUND, tracking, publisher, stopping)
    started = time.perf_counter()
    thread = threading.Thread(target=relay.run, daemon=True)
    thread.start()
    while relay.position < head:
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    relay.stop()
    thread.join(timeout=5)
    publisher.close()
    return head, head / elapsed


def main() -> None:
    stack = Stack(TEST)
    with admin(stack) as conn:
        conn.execute("DROP SCHEMA IF EXISTS bench CASCADE")
        conn.execute("CREATE SCHEMA bench")
    raw = raw_commits(stack)
    env = bench_env(stack)
    app = RegistryApplication(env=env)
    try:
        append = appends(app)
        relayed, relay = relay_rate(stack, app, env)
    finally:
        app.close()
    print(f"raw PostgreSQL single-row commits (1 client):   {raw:8.0f} /s")
    print(f"event-store appends (1 aggregate, AES cipher):    {append:8.0f} /s   ratio to raw commits {append / raw:.2f}")
    print(f"relay: {relayed} events published with confirms: {relay:8.0f} /s   ratio to appends {relay / append:.2f}")


if __name__ == "__main__":
    main()
