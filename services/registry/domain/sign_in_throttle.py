"""How many failed sign-ins a key may collect before it must wait, and for how long.

A key is a username or a source address. Each attempt is admitted (counted as pending) before the
password is checked, so that guesses sent at the same moment cannot all slip through before the first
failure is recorded; the attempt's outcome then turns it into a failure or clears it. A key that
collects `failures` failures in one `window` must wait `first_wait`, twice as long after each further
such window (a strike), at most `longest_wait`; after `lock_after` strikes it is locked until a bureau
officer unlocks it. Strikes are forgotten after `forget_after` without a failure.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

Change = Literal["throttled", "locked"] | None


@dataclass(frozen=True)
class Attempts:
    """What a key's recent sign-ins left behind (the empty value for a key without failures)."""

    window_started: datetime | None = None
    failures: int = 0
    pending: int = 0
    strikes: int = 0
    blocked_until: datetime | None = None
    last_failure: datetime | None = None
    locked_at: datetime | None = None

    @property
    def idle(self) -> bool:
        """Nothing worth keeping: no failure, attempt in flight, strike, wait or lock."""
        return (self.failures == self.pending == self.strikes == 0 and self.blocked_until is None
                and self.locked_at is None)


@dataclass(frozen=True)
class Verdict:
    admitted: bool
    retry_after: int = 0  # seconds to wait when not admitted (and not locked)
    locked: bool = False


ADMITTED = Verdict(admitted=True)


@dataclass(frozen=True)
class ThrottleRule:
    failures: int
    window: timedelta
    first_wait: timedelta
    longest_wait: timedelta
    lock_after: int | None
    forget_after: timedelta
    forgiven_by_success: bool  # a success clears the failures (accounts), or only itself (source addresses)

    def admit(self, attempts: Attempts, now: datetime) -> tuple[Verdict, Attempts]:
        """May one more attempt be checked now? If so it is counted as pending."""
        if attempts.locked_at is not None:
            return Verdict(admitted=False, locked=True), attempts
        if attempts.blocked_until is not None and now < attempts.blocked_until:
            return Verdict(admitted=False, retry_after=_seconds(attempts.blocked_until - now)), attempts
        current = self._current(attempts, now)
        if current.failures + current.pending >= self.failures:
            # The window's last attempts are still being checked: their outcome decides what comes next.
            return Verdict(admitted=False, retry_after=1), current
        return ADMITTED, replace(current, pending=current.pending + 1)

    def failed(self, attempts: Attempts, now: datetime) -> tuple[Attempts, Change]:
        """An admitted attempt failed: a full window earns a strike and a wait, enough strikes a lock."""
        counted = replace(attempts, pending=max(0, attempts.pending - 1), failures=attempts.failures + 1,
                          last_failure=now, window_started=attempts.window_started or now)
        if counted.failures < self.failures:
            return counted, None
        strikes = counted.strikes + 1
        struck = replace(counted, strikes=strikes, failures=0, window_started=None,
                         blocked_until=now + self.wait(strikes))
        if self.lock_after is not None and strikes >= self.lock_after:
            return replace(struck, locked_at=now), "locked"
        return struck, "throttled"

    def succeeded(self, attempts: Attempts) -> Attempts:
        """An admitted attempt succeeded: a forgiving key starts again, another one only drops it.

        A lock set meanwhile by another attempt stays: only a bureau officer lifts it."""
        if self.forgiven_by_success:
            return Attempts(locked_at=attempts.locked_at)
        return self.dropped(attempts)

    @staticmethod
    def dropped(attempts: Attempts) -> Attempts:
        """An admitted attempt ended without an outcome (an outage): it no longer counts."""
        return replace(attempts, pending=max(0, attempts.pending - 1))

    def wait(self, strikes: int) -> timedelta:
        return min(self.first_wait * 2 ** (strikes - 1), self.longest_wait)

    def _current(self, attempts: Attempts, now: datetime) -> Attempts:
        """The attempts as they stand now: a new window once the last one is over, strikes forgotten
        after a long quiet spell."""
        current = attempts
        if current.last_failure is not None and now - current.last_failure >= self.forget_after:
            current = replace(current, strikes=0, blocked_until=None)
        started = current.window_started
        if started is None or not started <= now < started + self.window:
            current = replace(current, window_started=now, failures=0, pending=0)
        return current


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


ACCOUNT = ThrottleRule(failures=5, window=timedelta(minutes=15), first_wait=timedelta(minutes=1),
                       longest_wait=timedelta(hours=1), lock_after=3, forget_after=timedelta(hours=24),
                       forgiven_by_success=True)
# Many people may sign in from one address (an office behind NAT): more failures, no lock.
SOURCE = ThrottleRule(failures=20, window=timedelta(minutes=15), first_wait=timedelta(minutes=1),
                      longest_wait=timedelta(hours=1), lock_after=None, forget_after=timedelta(hours=24),
                      forgiven_by_success=False)
# A key without a failure for this long has nothing left to remember.
FORGOTTEN_AFTER = max(ACCOUNT.forget_after, SOURCE.forget_after)
