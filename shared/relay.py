"""The outbox relay: follows one service's event store and publishes its integration events.

The event store is the outbox. The relay subscribes to the application's notification log (the
library's LISTEN/NOTIFY subscription), publishes each event the service's Outbound mapping declares to
the `{source}.events` topic exchange with publisher confirms, and records its position (the library's
tracking table, in the service's schema) only after the broker has confirmed. Internal events are passed
over (their position is recorded once a second by the lag watcher, not one by one). Restarting the relay
or the broker can republish an event, never lose one; consumers drop the duplicates.

Run: python -m shared.relay SERVICE APPLICATION_TOPIC OUTBOUND_TOPIC (deploy.local.processes builds the line
from services.directory).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import threading
import time
from typing import Any

import pika
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import ApplicationSubscription
from eventsourcing.utils import resolve_topic

from shared import envelope, logs, metrics, settings
from shared.consumer import construct_view
from shared.integration import Outbound
from shared.relay_probes import RelayProbe

log = logging.getLogger("relay")



class ConfirmingPublisher:
    """Publishes to a topic exchange and returns only once the broker has confirmed."""

    def __init__(self, url: str, exchange: str, stopping: threading.Event) -> None:
        self.params = pika.URLParameters(url)
        self.params.heartbeat = 30
        self.params.blocked_connection_timeout = 30
        self.params.connection_attempts = 1
        self.exchange = exchange
        self.stopping = stopping
        self.connection: pika.BlockingConnection | None = None
        self.channel: Any = None

    def _connect(self) -> None:
        self.connection = pika.BlockingConnection(self.params)
        self.channel = self.connection.channel()
        self.channel.confirm_delivery()
        self.channel.exchange_declare(self.exchange, exchange_type="topic", durable=True)

    def close(self) -> None:
        if self.connection is not None and self.connection.is_open:
            try:
                self.connection.close()
            except pika.exceptions.AMQPError:
                pass
        self.connection = None

    def publish(self, data: dict[str, Any]) -> bool:
        """Publish until confirmed; returns False only if the relay is stopping."""
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        properties = pika.BasicProperties(
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=pika.DeliveryMode.Persistent,
            message_id=data["event_id"],
            type=data["type"],
            headers={"nameko.correlation_id": data.get("correlation_id") or data["event_id"]},
        )
        backoff = 0.2
        while not self.stopping.is_set():
            try:
                if self.connection is None or not self.connection.is_open:
                    self._connect()
                self.channel.basic_publish(self.exchange, data["type"], body, properties)
                return True
            except (pika.exceptions.AMQPError, OSError) as exc:
                log.warning("publish to %s failed (%s); retrying in %.1fs", self.exchange, exc, backoff)
                self.close()
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, 5.0)
        return False


class Relay:
    def __init__(self, source: str, app: Application, outbound: Outbound, tracking: PostgresTrackingRecorder,
                 publisher: ConfirmingPublisher, stopping: threading.Event, probe: RelayProbe | None = None) -> None:
        self.source = source
        self.probe = probe or RelayProbe(source)
        self.app = app
        self.outbound = outbound
        self.tracking = tracking
        self.publisher = publisher
        self.stopping = stopping
        self.subscription: ApplicationSubscription | None = None
        self.examined = 0  # the last position read, published or passed over
        self.published = 0  # where the last published event was: consumers tell gaps by it

    @property
    def position(self) -> int:
        return max(self.tracking.max_tracking_id(self.app.name) or 0, self.examined)

    def run(self) -> None:
        start = self.position
        # After a restart the last published position is not known: the last recorded one is no earlier, so a
        # consumer that has not seen it catches up from the log rather than missing an event.
        self.examined = self.published = start
        self.subscription = ApplicationSubscription(self.app, gt=start)
        with self.subscription:
            for domain_event, tracking in self.subscription:
                self.relay_one(domain_event, tracking)
                if self.stopping.is_set():
                    break

    def relay_one(self, domain_event: Any, tracking: Tracking) -> None:
        published = self.outbound.published_form(domain_event)
        if published is None:
            self.pass_over(tracking)
            return
        data = envelope.build(self.source, domain_event, tracking.notification_id, published, self.published)
        if not self.publisher.publish(data):
            return
        self.tracking.insert_tracking(tracking)
        self.examined = self.published = tracking.notification_id
        metrics.EVENTS_PUBLISHED.labels(self.source, data["type"]).inc()
        metrics.RELAY_POSITION.labels(self.source).set(tracking.notification_id)

    def pass_over(self, tracking: Tracking) -> None:
        self.examined = tracking.notification_id

    def record_passed_over(self) -> None:
        """Record the position of internal events passed over since the last record (a restart then need not
        read them again). The position only moves forward: a publish recorded meanwhile wins."""
        examined = self.examined
        if examined > (self.tracking.max_tracking_id(self.app.name) or 0):
            try:
                self.tracking.insert_tracking(Tracking(application_name=self.app.name, notification_id=examined))
            except IntegrityError:
                pass

    def stop(self) -> None:
        self.stopping.set()
        if self.subscription is not None:
            self.subscription.stop()

    def watch_lag(self, interval: float = 1.0) -> None:
        while not self.stopping.wait(interval):
            try:
                self.record_passed_over()
                head, position = self.app.recorder.max_notification_id() or 0, self.position
                metrics.RELAY_LAG.labels(self.source).set(max(head - position, 0))
                self.probe.measured(position, head)
            except Exception as exc:  # the database may be restarting; the gauge just waits
                log.warning("could not measure relay lag: %s", exc)


def build(source: str, application_topic: str, outbound_topic: str, probe: RelayProbe | None = None) -> Relay:
    env = settings.event_store_env(source)
    app = resolve_topic(application_topic)(env=env)
    outbound = resolve_topic(outbound_topic)
    if outbound.source != source:
        raise SystemExit(f"{outbound_topic} maps {outbound.source}'s events, not {source}'s")
    tracking = construct_view(PostgresTrackingRecorder, env, "relay")
    stopping = threading.Event()
    publisher = ConfirmingPublisher(settings.amqp_uri(), f"{source}.events", stopping)
    return Relay(source, app, outbound, tracking, publisher, stopping, probe)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("service")
    parser.add_argument("application", help="topic of the service's eventsourcing Application (module:Class)")
    parser.add_argument("outbound", help="topic of the service's Outbound mapping (module:NAME)")
    args = parser.parse_args()
    logs.configure(f"relay-{args.service}")
    probe = RelayProbe(args.service)
    port = os.environ.get("HOUSING_METRICS_PORT")
    if port:
        probe.serve(int(port))
    while True:
        try:
            relay = build(args.service, args.application, args.outbound, probe)
            probe.started = True
            break
        except Exception as exc:  # database not up yet: wait rather than crash-loop
            log.warning("relay for %s cannot start yet: %s", args.service, exc)
            time.sleep(1)
    signal.signal(signal.SIGTERM, lambda *_: relay.stop())
    signal.signal(signal.SIGINT, lambda *_: relay.stop())
    threading.Thread(target=relay.watch_lag, daemon=True).start()
    log.info("relay for %s starting after position %s", args.service, relay.position)
    while not relay.stopping.is_set():
        try:
            relay.run()
        except Exception as exc:
            if relay.stopping.is_set():
                break
            log.warning("relay for %s lost its subscription (%s); resubscribing", args.service, exc)
            time.sleep(1)
    relay.publisher.close()
    log.info("relay for %s stopped at position %s", args.service, relay.position)


if __name__ == "__main__":
    main()
