"""Stored events that fail their integrity check are refused loudly: a distinct error, a metric, a log line.

Two checks run on every read of an aggregate: each record's seal (shared.sealing, in the mapper) and the
contiguity of its versions (here, in the event store): an aggregate's events run 1, 2, 3... from its
creation, or from the snapshot they continue. What neither can see is written in docs/security.md.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Iterator

from eventsourcing.persistence import EventStore

from shared import metrics
from shared.errors import StoredDataIntegrityError

log = logging.getLogger(__name__)

SEAL_BROKEN = "seal_broken"
NOT_SEALED = "not_sealed"
VERSION_GAP = "version_gap"


def refused(service: str, aggregate_id: Any, version: int, problem: str) -> StoredDataIntegrityError:
    """Count and log a record that failed its check (its identity only, never its content), and the
    error to raise for it."""
    metrics.STORED_DATA_INTEGRITY_ERRORS.labels(service or "unknown", problem).inc()
    log.error("stored data failed its integrity check: service=%s aggregate=%s version=%s problem=%s",
              service, aggregate_id, version, problem)
    return StoredDataIntegrityError("stored data failed its integrity check; operators have been alerted",
                                    details={"service": service})


def missing_ranges(versions: Iterable[int], after: int = 0) -> list[tuple[int, int]]:
    """The (first, last) ranges of versions missing from ascending `versions`, which continue from `after`."""
    missing = []
    expected = after + 1
    for version in versions:
        if version > expected:
            missing.append((expected, version - 1))
        expected = version + 1
    return missing


def in_sequence(events: Iterable[Any], service: str, aggregate_id: Any, gt: int | None, desc: bool,
                limit: int | None) -> Iterator[Any]:
    """The events as they come, refusing at the first one that does not follow its predecessor."""
    previous: int | None = None
    count = 0
    for event in events:
        version = event.originator_version
        if desc:
            expected = previous - 1 if previous is not None else version
        else:
            expected = previous + 1 if previous is not None else (gt or 0) + 1
        if version != expected:
            raise refused(service, aggregate_id, expected, VERSION_GAP)
        previous = version
        count += 1
        yield event
    complete = limit is None or count < limit
    if desc and complete and previous is not None and previous != (gt or 0) + 1:
        raise refused(service, aggregate_id, previous - 1, VERSION_GAP)


class CheckedEventStore(EventStore):
    """The library's event store, whose reads refuse an aggregate with a missing version."""

    def __init__(self, mapper: Any, recorder: Any, service: str) -> None:
        super().__init__(mapper, recorder)
        self.service = service

    def get(self, originator_id: Any, *, gt: int | None = None, lte: int | None = None, desc: bool = False,
            limit: int | None = None) -> Iterator[Any]:
        events = super().get(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        return in_sequence(events, self.service, originator_id, gt, desc, limit)
