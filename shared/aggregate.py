"""Base aggregate for every service: events carry who/why metadata and the injected clock's time."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from shared import clock
from shared.context import current_meta


class ServiceAggregate(Aggregate):
    class Event(Aggregate.Event):
        meta: dict[str, Any]

        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

    class Created(Event, Aggregate.Created):
        pass

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        kwargs.setdefault("meta", current_meta())
        super().trigger_event(event_class, **kwargs)

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:  # noqa: A002
        kwargs.setdefault("meta", current_meta())
        return super()._create(event_class, id=id, **kwargs)
