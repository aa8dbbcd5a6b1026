"""The one clock every service reads, so that tests and simulations can move time."""
from __future__ import annotations

import os
import threading
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """Wall-clock time, optionally shifted by an offset.

    The offset moves time in tests: set in-process with `advance`, or, for a whole test stack of
    processes, from the file named by HOUSING_CLOCK_OFFSET_FILE (seconds, re-read at most once a
    second). Production never sets that variable.
    """

    def __init__(self, offset_file: str | None = None) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()
        self._offset_file = offset_file if offset_file is not None else os.environ.get("HOUSING_CLOCK_OFFSET_FILE")
        self._file_offset = timedelta(0)
        self._file_read_at = 0.0

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset

    def _offset_from_file(self) -> timedelta:
        if not self._offset_file:
            return timedelta(0)
        if time.monotonic() - self._file_read_at > 1.0:
            try:
                with open(self._offset_file) as f:
                    self._file_offset = timedelta(seconds=float(f.read().strip() or 0))
            except (OSError, ValueError):
                self._file_offset = timedelta(0)
            self._file_read_at = time.monotonic()
        return self._file_offset

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._offset += delta

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)

    @property
    def offset(self) -> timedelta:
        return self._offset + self._offset_from_file()


class FixedClock(Clock):
    """A clock that stands still until told to move (unit tests)."""

    def __init__(self, start: datetime) -> None:
        super().__init__(offset_file="")
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
