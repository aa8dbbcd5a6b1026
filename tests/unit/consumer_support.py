"""Consumers in memory: a view with the TrackedView interface, and sources' logs to fetch from (a hand-written
one, and a real application's own log read as its relay and catch-up RPC publish it)."""
from __future__ import annotations

import copy
import uuid
from contextlib import contextmanager
from typing import Any, Iterator, Mapping

from eventsourcing.application import Application

from shared.integration import Outbound
from shared.log_reader import read_log


class MemoryView:
    """The TrackedView interface in memory: a transaction or savepoint that raises leaves nothing behind.

    `rows` holds what a view's handlers write (subclasses add a view protocol's methods over it)."""

    def __init__(self, name: str = "rooms") -> None:
        self.consumer_name, self.tracking_table_name = name, f"{name}_tracking"
        self.positions: dict[str, int] = {}
        self.rows: dict[str, Any] = {}
        self.held: dict[tuple[str, int], dict[str, Any]] = {}

    @contextmanager
    def _undo_on_error(self) -> Iterator[None]:
        saved = copy.deepcopy((self.positions, self.rows, self.held))
        try:
            yield
        except BaseException:
            self.positions, self.rows, self.held = saved
            raise

    @contextmanager
    def commit_lost(self) -> Iterator[None]:
        """What happens inside does not commit, as if the process died after the handler's effects on other
        services and applications but before the view's transaction (its rows and position) committed."""
        saved = copy.deepcopy((self.positions, self.rows, self.held))
        yield
        self.positions, self.rows, self.held = saved

    @contextmanager
    def position_lock(self, source: str) -> Iterator[tuple[Any, int, bool]]:
        with self._undo_on_error():
            yield object(), self.positions.get(source, 0), bool(self._open(source))

    def savepoint(self, tx: Any) -> Any:
        return self._undo_on_error()

    def advance(self, tx: Any, source: str, position: int) -> None:
        self.positions[source] = position

    def position(self, source: str) -> int:
        return self.positions.get(source, 0)

    def _open(self, source: str | None = None, aggregate: str | None = None) -> list[dict[str, Any]]:
        return [row for key, row in sorted(self.held.items()) if row["resolved"] is False
                and source in (None, row["source"]) and aggregate in (None, row["aggregate_id"])]

    def poisoned(self, tx: Any, source: str, key: str) -> int | None:
        rows = self._open(source, key)
        return rows[0]["position"] if rows else None

    def quarantine(self, tx: Any, row: Mapping[str, Any]) -> None:
        self.held.setdefault((row["source"], row["position"]),
                             {**row, "attempts": 1, "requested": False, "resolved": False})

    def quarantined(self, source: str | None = None, requested_only: bool = False, tx: Any = None,
                    aggregate: str | None = None) -> list[dict[str, Any]]:
        return [dict(row) for row in self._open(source, aggregate) if row["requested"] or not requested_only]

    def open_count(self) -> int:
        return len(self._open())

    def resolve(self, tx: Any, source: str, positions: list[int]) -> None:
        for position in positions:
            self.held[(source, position)].update(resolved=True, requested=False)

    def failed_again(self, tx: Any, source: str, key: str, position: int, error: BaseException) -> None:
        self.held[(source, position)].update(error_class=type(error).__name__, error_message=str(error))
        self.held[(source, position)]["attempts"] += 1
        for row in self._open(source, key):
            self.held[(source, row["position"])]["requested"] = False

    def request_redrive(self, aggregate: str | None = None) -> None:
        """What the operators' command does (shared.quarantine.request_redrive)."""
        for row in self._open(aggregate=aggregate):
            self.held[(row["source"], row["position"])]["requested"] = True


class Log:
    """A source's log written by hand: envelopes by position, and the catch-up RPC over it."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def append(self, kind: str, aggregate: str, payload: dict[str, Any]) -> dict[str, Any]:
        position = len(self.events) + 1
        envelope = {"source": "lottery", "position": position, "type": kind, "aggregate_id": aggregate,
                    "event_id": str(uuid.uuid4()), "aggregate_version": position, "schema_version": 1,
                    "payload": payload}
        self.events.append(envelope)
        return envelope

    def round(self, round_id: str, *buildings: str) -> dict[str, Any]:
        return self.append("RoundOpened", round_id, {"rooms": {f"{round_id}-{i}": {"building": b}
                                                                for i, b in enumerate(buildings)}})

    def fetch(self, source: str, after: int, limit: int, upto: int | None) -> dict[str, Any]:
        end = len(self.events) if upto is None else min(upto, len(self.events))
        read_to = max(min(end, after + limit), after)
        return {"events": self.events[after:read_to], "read_to": read_to, "last_position": len(self.events)}


class PublishedLog:
    """A real (in-memory) application's log as its integration events leave it: `published()` are the envelopes
    its relay sends (each with where the previous one was), `fetch` is its catch-up RPC (shared.log_reader)."""

    def __init__(self, app: Application, outbound: Outbound) -> None:
        self.app, self.outbound = app, outbound

    def fetch(self, source: str, after: int, limit: int, upto: int | None) -> dict[str, Any]:
        assert source == self.outbound.source, source
        return read_log(self.app, self.outbound, after, limit, upto)

    def published(self, *types: str) -> list[dict[str, Any]]:
        """Every envelope published so far (or those of `types`), as the relay sends them."""
        events, previous = [], 0
        for envelope in read_log(self.app, self.outbound, 0, 500)["events"]:
            events.append({**envelope, "previous_position": previous})
            previous = envelope["position"]
        return [e for e in events if not types or e["type"] in types]

    def last(self, type_: str) -> dict[str, Any]:
        return self.published(type_)[-1]
