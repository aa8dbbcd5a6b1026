"""Working days (工作日) for deadlines such as R000.1's three working days.

Weekends only: the State Council's yearly holiday calendar (调休) is not modelled yet.
"""
from __future__ import annotations

from datetime import date, timedelta


def working_days_after(start: date, end: date) -> int:
    """How many working days lie after `start` up to and including `end`."""
    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days
