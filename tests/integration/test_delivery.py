"""No event is lost or applied twice when the broker or the relay restarts while events are produced;
duplicates and out-of-order deliveries change nothing; what cannot be taken is dead-lettered."""
from __future__ import annotations

import json
import subprocess
import threading
import time

import pika
import pytest

from shared import settings
from shared.context import CommandContext
from services.registry.application.app import RegistryApplication
from tests.integration.probe import JournalConsumer
from tests.integration.support import (ROOM_INFO, admin_connection, eventually, log_head, read_source_log,
                                       room_status, unique_credit_code)

EVENTS = 120


@pytest.fixture
def journal(stack):
    with admin_connection(stack) as conn:
        conn.execute("DROP SCHEMA IF EXISTS probe CASCADE")
        conn.execute("CREATE SCHEMA probe")
    consumer = JournalConsumer(stack)
    # Start where the registry's log is now: this test counts only what it produces.
    with consumer.view.datastore.transaction(commit=True) as curs:
        consumer.view.advance(curs, "registry", log_head(stack, "registry"))
    consumer.start()
    yield consumer
    consumer.stop()


def produce(stack, count: int, pause: float) -> threading.Thread:
    """Events written straight into registry's store, as a busy bureau would, whatever the broker does."""
    def run():
        app = RegistryApplication(env=settings.event_store_env("registry", stack.env()))
        ctx = CommandContext(actor_id="load", role="system", correlation_id="delivery-test")
        try:
            for _ in range(count):
                app.register_developer(ctx, name="负载测试置业", credit_code=unique_credit_code())
                time.sleep(pause)
        finally:
            app.close()
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def assert_exactly_once(stack, journal, start: int) -> None:
    end = log_head(stack, "registry")
    assert end - start >= EVENTS

    def complete():
        total, distinct, highest = journal.view.counts(start)
        return highest >= end and (total, distinct, highest)

    total, distinct, _ = eventually(complete, timeout=60, what="every event journalled")
    assert total == distinct == end - start, f"journalled {total} rows for {distinct} positions of {end - start}"


def restart_rabbitmq() -> None:
    """Stop the whole broker node and start it again (connections drop, durable state survives)."""
    subprocess.run(["rabbitmqctl", "-q", "stop"], check=True, capture_output=True, timeout=60)
    subprocess.run(["rabbitmq-server", "-detached"], check=True, capture_output=True, timeout=30)
    deadline = time.time() + 120
    while subprocess.run(["rabbitmqctl", "-q", "await_startup"], capture_output=True, timeout=90).returncode:
        assert time.time() < deadline, "RabbitMQ did not come back"
        time.sleep(1)


def test_broker_restart_while_producing_loses_and_duplicates_nothing(stack, journal, estate, bureau):
    # A call to a service that is down is a 503 with Retry-After, and leaves nothing pending that
    # would stop the caller when the broker restarts below.
    stack.stop("filing")
    down = bureau.call("GET", "/api/v1/filings")
    assert down.status_code == 503 and down.json()["error"]["code"] in ("service_unavailable", "upstream_timeout")
    assert down.headers["Retry-After"]
    stack.start("filing")
    stack.wait_healthy(["filing"])
    start = log_head(stack, "registry")
    producer = produce(stack, EVENTS, pause=0.03)
    time.sleep(1.0)
    restart_rabbitmq()
    producer.join(timeout=120)
    assert_exactly_once(stack, journal, start)
    # The services reconnected too: a command still flows through RabbitMQ to the room map.
    room_id = estate.rooms[0]["room_id"]
    eventually(lambda: estate.clerk.call("POST", "/api/v1/contracts", {"room_id": room_id, "buyer_name": "张三"})
               .status_code == 200, timeout=60, what="services back after the broker restart")
    eventually(lambda: room_status(estate.clerk, estate.project_id, room_id) == "signing", timeout=60,
               what="room map follows after the broker restart")
    assert all(stack.pid(name) for name in stack.specs), "no process died of the broker restart"
    assert bureau.call("GET", "/api/v1/filings").status_code == 200


def test_relay_killed_while_producing_loses_and_duplicates_nothing(stack, journal):
    start = log_head(stack, "registry")
    producer = produce(stack, EVENTS, pause=0.02)
    time.sleep(0.7)
    stack.kill("relay-registry")
    time.sleep(1.0)
    stack.start("relay-registry")
    producer.join(timeout=120)
    assert_exactly_once(stack, journal, start)


def publish(stack, body: bytes, content_type: str = "application/json", routing_key: str = "RoomDefined"):
    connection = pika.BlockingConnection(pika.URLParameters(stack.env()["AMQP_URI"]))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish("registry.events", routing_key, body,
                              pika.BasicProperties(content_type=content_type, delivery_mode=2))
    finally:
        connection.close()


def room_row(stack, room_id):
    with admin_connection(stack) as conn:
        return conn.execute("SELECT status, updated_at FROM registry.room_map WHERE room_id=%s", (room_id,)).fetchone()


def test_out_of_order_and_duplicate_deliveries_change_nothing(stack, api, bureau, estate):
    stack.stop("relay-registry")
    try:
        building = bureau.ok("POST", f"/api/v1/projects/{estate.project_id}/buildings",
                             {"name": "9栋", "floors": 1, "units_per_floor": 1})
        room_id = building["rooms"][0]["room_id"]
        estate.clerk.ok("PUT", f"/api/v1/rooms/{room_id}/info", {"info": ROOM_INFO})
        events = [e for e in read_source_log(stack, "registry", after=log_head(stack, "registry") - 10)
                  if e["aggregate_id"] == room_id]
        defined, submitted = events[0], events[1]
        assert (defined["type"], submitted["type"]) == ("RoomDefined", "RoomInfoSubmitted")
        # The later event arrives first: the consumer must fetch what it missed, not skip it.
        publish(stack, json.dumps(submitted).encode(), routing_key=submitted["type"])
        eventually(lambda: (room_row(stack, room_id) or [None])[0] == "pending_review",
                   what="room defined and submitted, in order")
        settled = room_row(stack, room_id)
        for envelope in (defined, submitted, defined):
            publish(stack, json.dumps(envelope).encode(), routing_key=envelope["type"])
    finally:
        stack.start("relay-registry")  # republishes everything it had not confirmed: more duplicates
    eventually(lambda: _relay_caught_up(stack), what="relay caught up")
    time.sleep(1.0)
    assert room_row(stack, room_id) == settled, "duplicates changed the room map"


def _relay_caught_up(stack):
    with admin_connection(stack) as conn:
        row = conn.execute("SELECT notification_id FROM registry.relay_tracking WHERE application_name='registry'"
                           ).fetchone()
    return row and row[0] >= log_head(stack, "registry")


def dead_letters(stack) -> list[tuple[dict, dict]]:
    connection = pika.BlockingConnection(pika.URLParameters(stack.env()["AMQP_URI"]))
    found = []
    try:
        channel = connection.channel()
        while True:
            method, properties, body = channel.basic_get("housing.dead-letter", auto_ack=True)
            if method is None:
                return found
            found.append((properties.headers or {}, json.loads(body)))
    finally:
        connection.close()


def test_unknown_or_invalid_messages_go_to_the_dead_letter_queue_with_a_reason(stack, estate):
    dead_letters(stack)
    publish(stack, b"this is not json", content_type="text/plain")
    publish(stack, json.dumps({"type": "RoomDefined", "hello": "world"}).encode())
    forged = read_source_log(stack, "registry", after=0, limit=1)[0]
    publish(stack, json.dumps({**forged, "source": "contracts"}).encode())
    collected: list = []

    def all_three_per_queue():
        collected.extend(dead_letters(stack))
        queues = [h.get("x-consumer-queue") for h, _ in collected]
        return all(queues.count(q) >= 3 for q in ("evt-registry-all--registry.room_map_from_registry",
                                                  "evt-registry-all--contracts.sellable_rooms_from_registry")) and collected

    letters = eventually(all_three_per_queue, what="three dead letters for each consuming queue")
    reasons = " | ".join(h["x-reason"] for h, _ in letters)
    assert "undecodable" in reasons or "not" in reasons
    assert "invalid envelope" in reasons
    assert "arrived on registry" in reasons
    # and the consumers carry on with valid events
    room_id = estate.rooms[1]["room_id"]
    eventually(lambda: estate.clerk.call("POST", "/api/v1/contracts", {"room_id": room_id, "buyer_name": "李四"})
               .status_code == 200, what="draft after dead letters")
    eventually(lambda: room_status(estate.clerk, estate.project_id, room_id) == "signing", what="room map moves")
