"""An attempt ledger in memory, for unit tests of sign-in (the services use registry's PostgreSQL table)."""
from __future__ import annotations

import threading
from typing import Any

from services.registry.domain.sign_in_throttle import Attempts


class MemoryLedger:
    def __init__(self) -> None:
        self.rows: dict[str, Attempts] = {}
        self._lock = threading.Lock()

    def change(self, keys: list[str], decide: Any) -> Any:
        with self._lock:
            before = {key: self.rows.get(key, Attempts()) for key in keys}
            result, after = decide(before)
            for key, attempts in after.items():
                if attempts.idle:
                    self.rows.pop(key, None)
                else:
                    self.rows[key] = attempts
            return result


class MemoryCaptchaClaims:
    def __init__(self) -> None:
        self.used: dict[str, Any] = {}
        self._lock = threading.Lock()

    def claim(self, captcha_key: str, expires_at: Any) -> bool:
        with self._lock:
            if captcha_key in self.used:
                return False
            self.used[captcha_key] = expires_at
            return True
