"""The public check of a contract by its verification code, at the gateway.

Nobody signs in for it (the code on the paper is the credential), so the gateway limits how often one
source address may ask: HOUSING_CHECK_LIMIT lookups per HOUSING_CHECK_WINDOW_SECONDS (default 20 per 60 s),
then 429 `too_many_checks` with Retry-After. Every gateway process counts for itself. A code too long to be
one (services.contracts.api.check_codes) is answered, without asking contracts, with the same 404 contracts
gives an unknown code.
"""
from __future__ import annotations

import math
import os
import time
from collections import deque
from typing import Any, Callable

from shared.errors import NotFound, TooManyRequests
from services.contracts.api.check_codes import normalise

NOT_FOUND = "no contract has this verification code"


class SlidingWindow:
    """At most `limit` admissions per key within any `window` seconds."""

    def __init__(self, limit: int, window: float, now: Callable[[], float] = time.monotonic,
                 most_keys: int = 50_000) -> None:
        self.limit, self.window, self.now, self.most_keys = limit, window, now, most_keys
        self.stamps: dict[str, deque[float]] = {}

    def admit(self, key: str) -> float:
        """0 when admitted (and counted), else the seconds until it would be."""
        now = self.now()
        stamps = self.stamps.setdefault(key, deque())
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        if len(stamps) >= self.limit:
            return stamps[0] + self.window - now
        stamps.append(now)
        if len(self.stamps) > self.most_keys:
            self._forget_quiet(now)
        return 0.0

    def _forget_quiet(self, now: float) -> None:
        for key in [k for k, s in self.stamps.items() if not s or s[-1] <= now - self.window]:
            del self.stamps[key]


def limiter_from_env() -> SlidingWindow:
    return SlidingWindow(int(os.environ.get("HOUSING_CHECK_LIMIT", "20")),
                         float(os.environ.get("HOUSING_CHECK_WINDOW_SECONDS", "60")))


LIMITER = limiter_from_env()


def check(cluster: Any, code: str, source: str, limiter: SlidingWindow = LIMITER) -> dict[str, Any]:
    wait = limiter.admit(source)
    if wait > 0:
        raise TooManyRequests("too many contract checks from this address; wait and try again",
                              code="too_many_checks", details={"retry_after": max(1, math.ceil(wait))})
    typed = normalise(code)
    if typed is None:
        raise NotFound(NOT_FOUND, code="contract_check_not_found")
    return cluster.call("contracts", "check_contract", code=typed)
