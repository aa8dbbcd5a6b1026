"""Serve a Nameko process's metrics on its own port (shared.metrics_port), not on the port its clients use."""
from __future__ import annotations

from typing import Any

from nameko.extensions import DependencyProvider

from shared.metrics_port import serve_metrics


class MetricsPort(DependencyProvider):
    def setup(self) -> None:
        serve_metrics()

    def get_dependency(self, worker_ctx: Any) -> None:
        return None
