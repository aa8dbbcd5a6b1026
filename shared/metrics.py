"""Prometheus metrics of the kit, shared by every process (each process serves its own /metrics); a service's
own metrics live with it (services/gateway/metrics.py, services/registry/application/metrics.py,
services/lottery/application/metrics.py)."""
from prometheus_client import Counter, Gauge, Histogram

RPC_LATENCY = Histogram(
    "housing_rpc_seconds", "Time spent serving an RPC or HTTP entrypoint",
    ["service", "entrypoint", "outcome"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
EVENTS_PUBLISHED = Counter(
    "housing_events_published_total", "Integration events published by the relay", ["source", "type"]
)
EVENTS_CONSUMED = Counter(
    "housing_events_consumed_total", "Integration events taken by a consumer", ["consumer", "source", "outcome"]
)
EVENTS_DEAD_LETTERED = Counter(
    "housing_events_dead_lettered_total", "Messages rejected to the dead-letter queue", ["queue", "reason"]
)
RELAY_LAG = Gauge(
    "housing_relay_lag_events", "Events stored but not yet confirmed by the broker", ["source"]
)
RELAY_POSITION = Gauge("housing_relay_position", "Last position confirmed by the broker", ["source"])
PROCESS_POOL_CALLS = Histogram(
    "housing_process_pool_call_seconds",
    "Calls run in a child process of a pool (PDF rendering), from asking for a child to the answer",
    ["pool", "function", "outcome"],  # outcome: ok, error, busy, timeout, crashed, interrupted
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16),
)
PROCESS_POOL_RESTARTS = Counter("housing_process_pool_restarts_total",
                                "Child processes of a pool replaced after a timeout, a crash or an interrupted call",
                                ["pool", "reason"])
STORED_DATA_INTEGRITY_ERRORS = Counter(
    "housing_stored_data_integrity_errors_total",
    "Stored events or snapshots refused by their integrity check (shared.integrity)", ["service", "problem"])
EVENTS_QUARANTINED = Counter(
    "housing_events_quarantined_total", "Integration events a consumer could not apply and quarantined",
    ["consumer", "source", "error"],
)
QUARANTINE_OPEN = Gauge(
    "housing_quarantine_open_events", "Quarantined events not yet re-driven (alert when above 0)", ["consumer"]
)
DEPENDENCY_UNAVAILABLE = Counter(
    "housing_dependency_unavailable_total",
    "Requests answered 503 because a dependency could not be reached (broker, database, or a service)",
    ["dependency"],
)
WEBHOOKS = Counter(
    "housing_webhooks_total",
    "Signed Standard-Webhooks callbacks from external parties, by outcome: recorded, repeated (counted before), "
    "or the refusal's code (bad_signature, stale_signature, ...)",
    ["party", "outcome"],
)
