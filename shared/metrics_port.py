"""A process's Prometheus metrics on a port of their own, apart from the port that serves clients.

HOUSING_METRICS_PORT names the port (no port, no metrics server) and HOUSING_METRICS_ADDRESS the address
it listens on (127.0.0.1 unless said otherwise: metrics are for the operator's scraper, not the public).
"""
from __future__ import annotations

import os
from typing import Mapping

from prometheus_client import start_http_server


def serve_metrics(env: Mapping[str, str] = os.environ) -> int | None:
    """Start serving /metrics in a background thread; the port, or None when none is configured."""
    port = env.get("HOUSING_METRICS_PORT")
    if not port:
        return None
    start_http_server(int(port), addr=env.get("HOUSING_METRICS_ADDRESS", "127.0.0.1"))
    return int(port)
