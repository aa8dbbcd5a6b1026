"""Waiting for what becomes true eventually (a projection, a policy, a simulated party's callback):
used by the demo seed and by the tests."""
from __future__ import annotations

import time
from typing import Any, Callable


def eventually(check: Callable[[], Any], timeout: float = 20.0, interval: float = 0.1, what: str = "") -> Any:
    """Poll until `check` returns something truthy, and return it; TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {what or check}: last={last!r}")
