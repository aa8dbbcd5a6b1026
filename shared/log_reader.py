"""The catch-up path: a source's integration events read from its own log, by position.

Consumers that missed messages (or new consumers, such as the back-office feed) call this
through the source's `read_log` RPC, then switch to live messages. Only the events the source
publishes are returned (its Outbound mapping); `read_to` says how far the log was read, so a
consumer moves past a stretch of internal events too.
"""
from __future__ import annotations

from typing import Any, Iterator

from eventsourcing.application import Application

from shared import envelope
from shared.integration import Outbound

MAX_SECTION = 500


def read_log(app: Application, outbound: Outbound, after: int, limit: int = 100,
             upto: int | None = None) -> dict[str, Any]:
    """Envelopes for positions in (after, upto], reading at most `limit` positions, where the reading stopped
    (`read_to`) and where the log ends (`last_position`)."""
    if after < 0 or limit < 1:
        raise ValueError("after must be >= 0 and limit >= 1")
    limit = min(limit, MAX_SECTION)
    notifications = app.recorder.select_notifications(
        start=after + 1, limit=limit, stop=upto, inclusive_of_start=True
    )
    events, previous = [], None
    for notification in notifications:
        domain_event = app.mapper.to_domain_event(notification)
        published = outbound.published_form(domain_event)
        if published is not None:
            events.append(envelope.build(outbound.source, domain_event, notification.id, published, previous))
            previous = notification.id
    return {
        "events": events,
        "read_to": notifications[-1].id if notifications else after,
        "last_position": app.recorder.max_notification_id() or 0,
    }


def read_all(app: Application, outbound: Outbound, after: int = 0) -> Iterator[dict[str, Any]]:
    """Every integration event after `after`, read section by section as the catch-up RPC reads them
    (operators' tools, benchmarks and tests that replay a log)."""
    while True:
        section = read_log(app, outbound, after, MAX_SECTION)
        if section["read_to"] <= after:
            return
        yield from section["events"]
        after = section["read_to"]
