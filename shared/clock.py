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
    processes, from the file named by HOUSING_CLOCK_OFFSET_FILE, re-read at most once a second: either
    seconds to add to the wall clock, or an ISO 8601 instant with its UTC offset at which the stack's time
    stands still (so that a test can act exactly one second before or after a deadline). Production never
    sets that variable.
    """

    def __init__(self, offset_file: str | None = None) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()
        self._offset_file = offset_file if offset_file is not None else os.environ.get("HOUSING_CLOCK_OFFSET_FILE")
        self._from_file: tuple[timedelta, datetime | None] = (timedelta(0), None)  # (offset, pinned instant)
        self._file_read_at = 0.0

    def now(self) -> datetime:
        file_offset, pinned = self._read_file()
        if pinned is not None:
            return pinned + self._offset
        return datetime.now(timezone.utc) + self._offset + file_offset

    def _read_file(self) -> tuple[timedelta, datetime | None]:
        if self._offset_file and time.monotonic() - self._file_read_at > 1.0:
            self._from_file = _parse_clock_file(self._offset_file)
            self._file_read_at = time.monotonic()
        return self._from_file

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._offset += delta

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)

    @property
    def offset(self) -> timedelta:
        """How far this clock is from the wall clock now."""
        return self.now() - datetime.now(timezone.utc)


class FixedClock(Clock):
    """A clock that stands still until told to move (unit tests)."""

    def __init__(self, start: datetime) -> None:
        super().__init__(offset_file="")
        self._start = start

    def now(self) -> datetime:
        return self._start + self._offset


def _parse_clock_file(path: str) -> tuple[timedelta, datetime | None]:
    """(offset, None) for a number of seconds, (0, instant) for an ISO instant with its UTC offset; no
    shift when the file is missing or holds neither."""
    try:
        with open(path) as f:
            text = f.read().strip() or "0"
    except OSError:
        return timedelta(0), None
    try:
        return timedelta(seconds=float(text)), None
    except ValueError:
        pass
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        return timedelta(0), None
    return (timedelta(0), instant) if instant.tzinfo else (timedelta(0), None)


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
