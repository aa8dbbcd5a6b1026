"""How a door takes a selection window's burst, read once per process: how many selection commands it holds
at once before shedding with 503 (HOUSING_GATEWAY_BURST_SLOTS), how long it waits for the lottery
(HOUSING_GATEWAY_BURST_TIMEOUT) and how long it gathers commands into one call (HOUSING_GATEWAY_GATHER_SECONDS).
Both doors read them here: the Nameko gateway (`BurstProvider`) and the selection edge."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any, Mapping

from nameko.extensions import DependencyProvider

from services.gateway.selection_batcher import SelectionBatcher


@dataclass(frozen=True)
class BurstSettings:
    slots: int
    timeout: float
    gather_seconds: float

    @classmethod
    def read(cls, environ: Mapping[str, str] = os.environ) -> "BurstSettings":
        return cls(slots=int(environ.get("HOUSING_GATEWAY_BURST_SLOTS", "1500")),
                   timeout=float(environ.get("HOUSING_GATEWAY_BURST_TIMEOUT", "8")),
                   gather_seconds=float(environ.get("HOUSING_GATEWAY_GATHER_SECONDS", "0.005")))


@dataclass
class Burst:
    """One gateway process's slots and batcher (Nameko builds a service instance per request)."""

    settings: BurstSettings
    slots: threading.BoundedSemaphore
    batcher: SelectionBatcher


class BurstProvider(DependencyProvider):
    def setup(self) -> None:
        settings = BurstSettings.read()
        slots = threading.BoundedSemaphore(settings.slots)
        self.burst = Burst(settings, slots, SelectionBatcher(settings.gather_seconds))

    def get_dependency(self, worker_ctx: Any) -> Burst:
        return self.burst
