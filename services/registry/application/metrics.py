"""Registry's own Prometheus metrics: the sign-in throttle (docs/sign-in.md)."""
from prometheus_client import Counter

SIGN_IN_STRIKES = Counter("housing_sign_in_strikes_total",
                          "Sign-in keys made to wait (throttled) or locked after repeated failures",
                          ["scope", "change"])
SIGN_IN_REFUSED = Counter("housing_sign_in_refused_total", "Sign-ins refused unchecked: throttled or locked",
                          ["scope", "reason"])
SIGN_IN_UNLOCKS = Counter("housing_sign_in_unlocks_total", "Sign-in locks and waits lifted by a bureau officer")
