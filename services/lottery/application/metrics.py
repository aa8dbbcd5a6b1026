"""The lottery's own Prometheus metrics: the session desk's batches."""
from prometheus_client import Histogram

BATCH_SECONDS = Histogram("housing_lottery_batch_save_seconds", "Time to save one batch of session commands",
                          buckets=(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1))
BATCH_SIZE = Histogram("housing_lottery_batch_size", "Commands decided per session batch",
                       buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000))
