"""The session desk's working copies of selection sessions, and the snapshots taken from them."""
from __future__ import annotations

import logging
import uuid
from typing import Any

from eventsourcing.application import project_aggregate

from services.lottery.domain.session import SelectionSession

log = logging.getLogger(__name__)


class WorkingCopies:
    """Sessions as the desk decides on them. Before each batch a copy is brought up to date from the
    event store (only the events newer than the copy, which another process may have written) instead
    of being rebuilt; the store's version check still decides every save. A copy whose save failed,
    or that holds unsaved decisions, is dropped.

    A save that passes a multiple of SNAPSHOT_EVERY events makes a snapshot of the copy due; the desk
    takes due snapshots when it has nothing waiting (`take_due_snapshots`), so that encoding a large
    session stays off the path of a burst's answers."""

    MAX_COPIES = 64
    SNAPSHOT_EVERY = 100

    def __init__(self, app: Any) -> None:
        self.app = app
        self.copies: dict[uuid.UUID, SelectionSession] = {}
        self.snapshots_due: set[uuid.UUID] = set()

    def load(self, session_id: uuid.UUID) -> SelectionSession:
        copy = self.copies.pop(session_id, None)
        if copy is None or copy.pending_events:
            copy = self.app.repository.get(session_id)
        else:
            copy = project_aggregate(copy, self.app.events.get(session_id, gt=copy.version))
        if len(self.copies) >= self.MAX_COPIES:
            self.copies.pop(next(iter(self.copies)))
        self.copies[session_id] = copy
        return copy

    def save(self, session: SelectionSession) -> None:
        saved_before = session.version - len(session.pending_events)
        try:
            self.app.save(session)
        except Exception:
            self.copies.pop(session.id, None)
            raise
        if session.version // self.SNAPSHOT_EVERY > saved_before // self.SNAPSHOT_EVERY:
            self.snapshots_due.add(session.id)

    def take_due_snapshots(self) -> None:
        """Snapshot the copies that became due (a copy holds only saved decisions between batches)."""
        while self.snapshots_due:
            copy = self.copies.get(self.snapshots_due.pop())
            if copy is not None and not copy.pending_events:
                try:
                    self.app.snapshots.put([SelectionSession.Snapshot.take(copy)])
                except Exception:  # the events are saved; a missing snapshot only makes the next load longer
                    log.exception("could not snapshot session %s", copy.id)
