"""The gateway's and the selection edge's own Prometheus metrics."""
from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter(
    "housing_http_requests_total", "Gateway HTTP requests", ["method", "route", "status"]
)
SELECTION_BATCH_SIZE = Histogram("housing_gateway_selection_batch_size",
                                 "Selection commands a gateway sent to the lottery in one call",
                                 buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000))
STREAM_SUBSCRIBERS = Gauge("housing_stream_subscribers", "Open availability-broadcast streams in this gateway")
GATEWAY_SHED = Counter("housing_gateway_shed_total", "Requests refused because the gateway was saturated", ["route"])
ANSWERS_OFF_SCHEMA = Counter("housing_answers_off_schema_total",
                             "Answers that did not match their route's declared response schema", ["route"])
