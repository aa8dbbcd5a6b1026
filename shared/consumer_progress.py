"""How far a consumer is behind its source, and since when it has been behind without moving.

The consumer notes what it has seen of the source (a live message's position, the log's end from a
catch-up) and its own position as it advances. Readiness asks `stuck()`: a consumer whose source is
ahead and whose position has not moved for longer than a threshold is stuck behind an event.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from typing import Callable


def stuck_seconds() -> float:
    """How long a consumer (or the relay) may stay behind its source without moving before it is stuck."""
    return float(os.environ.get("HOUSING_READY_STUCK_SECONDS", 120))


@dataclass
class SourceProgress:
    position: int = 0
    seen: int = 0
    behind_since: float | None = None


class ConsumerProgress:
    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self.now = now
        self.sources: dict[str, SourceProgress] = {}
        self._lock = threading.Lock()

    def note(self, source: str, position: int | None = None, seen: int | None = None) -> None:
        with self._lock:
            progress = self.sources.setdefault(source, SourceProgress())
            if position is not None and position > progress.position:
                progress.position = position
                progress.behind_since = None
            if seen is not None:
                progress.seen = max(progress.seen, seen)
            if progress.seen <= progress.position:
                progress.behind_since = None
            elif progress.behind_since is None:
                progress.behind_since = self.now()

    def stuck(self, threshold_seconds: float) -> dict[str, dict[str, float]]:
        """Sources this consumer has been behind, without advancing, for longer than the threshold."""
        now = self.now()
        with self._lock:
            return {source: {"position": p.position, "source_position": p.seen,
                             "stuck_seconds": round(now - p.behind_since, 1)}
                    for source, p in self.sources.items()
                    if p.behind_since is not None and now - p.behind_since > threshold_seconds}
