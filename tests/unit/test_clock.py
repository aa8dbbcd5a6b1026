"""The stack-wide test clock: an offset from the wall clock, or an instant at which time stands still."""
from datetime import datetime, timedelta, timezone

from shared.clock import Clock, FixedClock

PINNED = datetime(2026, 12, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_a_number_in_the_file_shifts_the_wall_clock_by_that_many_seconds(tmp_path):
    path = tmp_path / "clock"
    path.write_text("86400")
    shifted = Clock(str(path)).now() - datetime.now(timezone.utc)
    assert timedelta(hours=23, minutes=59) < shifted < timedelta(hours=24, minutes=1)


def test_an_instant_in_the_file_stops_the_clock_there(tmp_path):
    path = tmp_path / "clock"
    path.write_text(PINNED.isoformat())
    clock = Clock(str(path))
    assert clock.now() == PINNED == clock.now()
    clock.advance(timedelta(seconds=1))
    assert clock.now() == PINNED + timedelta(seconds=1)


def test_a_missing_file_an_instant_without_offset_or_nonsense_leave_the_wall_clock(tmp_path):
    for content in (None, "2026-12-02T03:04:05", "soon"):
        path = tmp_path / "clock"
        if content is not None:
            path.write_text(content)
        assert abs(Clock(str(path)).now() - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_a_fixed_clock_moves_only_when_told():
    clock = FixedClock(PINNED)
    clock.advance(timedelta(minutes=3))
    assert clock.now() == PINNED + timedelta(minutes=3)
    clock.reset()
    assert clock.now() == PINNED
