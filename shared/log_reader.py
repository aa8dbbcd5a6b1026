"""The catch-up path: a source's integration events read from its own log, by position.

Consumers that missed messages (or new consumers, such as the back-office feed) call this
through the source's `read_log` RPC, then switch to live messages.
"""
from __future__ import annotations

from typing import Any

from eventsourcing.application import Application

from shared import envelope

MAX_SECTION = 500


def read_log(app: Application, source: str, after: int, limit: int = 100,
             upto: int | None = None) -> dict[str, Any]:
    """Envelopes for positions in (after, upto], at most `limit`, and where the log ends."""
    if after < 0 or limit < 1:
        raise ValueError("after must be >= 0 and limit >= 1")
    limit = min(limit, MAX_SECTION)
    notifications = app.recorder.select_notifications(
        start=after + 1, limit=limit, stop=upto, inclusive_of_start=True
    )
    events = []
    for notification in notifications:
        domain_event = app.mapper.to_domain_event(notification)
        events.append(envelope.build(source, domain_event, notification.id))
    return {
        "events": events,
        "last_position": app.recorder.max_notification_id() or 0,
    }
