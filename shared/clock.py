"""The one clock every service reads, so that tests and simulations can move time."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """Wall-clock time, optionally shifted by a fixed offset (used to move time in tests)."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + self._offset

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._offset += delta

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)

    @property
    def offset(self) -> timedelta:
        return self._offset


class FixedClock(Clock):
    """A clock that stands still until told to move (unit tests)."""

    def __init__(self, start: datetime) -> None:
        super().__init__()
        self._start = start

    def now(self) -> datetime:
        return self._start + self.offset


_current: Clock = Clock()


def clock() -> Clock:
    return _current


def use_clock(new: Clock) -> Clock:
    """Install another clock process-wide; returns the previous one."""
    global _current
    previous, _current = _current, new
    return previous


def now() -> datetime:
    return _current.now()
