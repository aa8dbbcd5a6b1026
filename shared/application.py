"""Base application for every service: idempotent commands and errors the edge understands."""
from __future__ import annotations

import random
import time
import uuid
from datetime import date
from typing import Any, Callable, Sequence, TypeVar

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding

from shared.aggregate import ServiceAggregate
from shared.context import CommandContext
from shared.errors import Conflict, NotFound
from shared.integrity import CheckedEventStore

_NS = uuid.UUID("8c0e4f6a-3b1d-4b8e-9f27-0d5a6c7e8f91")
A = TypeVar("A")


def retry_on_contention(run: Callable[[], Any], attempts: int, message: str) -> Any:
    """`run()` again, after a short random pause, while it loses an optimistic-concurrency race (a sequence
    another command advanced first); `message` when it lost every time."""
    for attempt in range(attempts):
        try:
            return run()
        except Conflict as exc:
            if exc.code != "concurrent_modification":
                raise
            time.sleep(random.uniform(0, 0.005 * min(attempt + 1, 20)))
    raise Conflict(message, code="concurrent_modification")


class CommandRecord(ServiceAggregate):
    """What a command with an idempotency key returned, stored with the command's own events."""

    class CommandCompleted(ServiceAggregate.Created):
        command: str
        result: Any

        def apply(self, record: "CommandRecord") -> None:
            record.command = self.command
            record.result = self.result

    @classmethod
    def complete(cls, *, id, command: str, result: Any) -> "CommandRecord":  # noqa: A002
        return cls._create(cls.CommandCompleted, id=id, command=command, result=result)


Decision = tuple[Any, Sequence[ServiceAggregate]]


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ServiceApplication(Application):
    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def construct_event_store(self) -> CheckedEventStore:
        return CheckedEventStore(self.mapper, self.recorder, self.name)

    def get(self, aggregate_id: str | uuid.UUID, kind: type[A], what: str) -> A:
        """The aggregate of that kind, or NotFound (also for ids that are not UUIDs). Stored data that
        fails its integrity check raises StoredDataIntegrityError, never NotFound."""
        try:
            key = uuid.UUID(str(aggregate_id))
        except ValueError:
            key = None
        aggregate = self.find(key) if key is not None else None
        if not isinstance(aggregate, kind):
            raise NotFound(f"no such {what}", code=f"{what.replace(' ', '_')}_not_found",
                           details={"id": str(aggregate_id)})
        return aggregate

    def find(self, aggregate_id: Any) -> Any:
        """The aggregate with this id, or None if it was never created (for "open it if missing")."""
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def execute(self, ctx: CommandContext, command: str, decide: Callable[[], Decision]) -> Any:
        """Run a command once per idempotency key: a retry returns the first answer.

        `decide` returns (result, aggregates to save); the result must be JSON data. The record of
        the answer commits in the same transaction as the command's events.
        """
        if not ctx.idempotency_key:
            result, aggregates = decide()
            self._save(aggregates)
            return result
        record_id = uuid.uuid5(_NS, f"{ctx.actor_id}/{ctx.idempotency_key}")
        previous = self._recorded(record_id, command)
        if previous is not None:
            return previous[0]
        result, aggregates = decide()
        try:
            self.save(*aggregates, CommandRecord.complete(id=record_id, command=command, result=result))
        except IntegrityError:
            previous = self._recorded(record_id, command)
            if previous is None:
                raise Conflict("someone changed this at the same time; try again",
                               code="concurrent_modification") from None
            return previous[0]
        return result

    def _recorded(self, record_id: uuid.UUID, command: str) -> tuple[Any] | None:
        record = self.find(record_id)
        if record is None:
            return None
        if record.command != command:
            raise Conflict("this idempotency key was already used for another command",
                           code="idempotency_key_reused")
        return (record.result,)

    def _save(self, aggregates: Sequence[ServiceAggregate]) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise Conflict("someone changed this at the same time, or it already exists",
                           code="concurrent_modification") from None
