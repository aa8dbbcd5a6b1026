from contextlib import contextmanager
from datetime import datetime

import pytest
from argon2 import PasswordHasher

from shared import clock
from shared.context import CommandContext


@contextmanager
def clock_fixed_at(start: datetime):
    """The process clock stands at `start` (and moves only when told) inside the block."""
    fixed = clock.FixedClock(start)
    previous = clock.use_clock(fixed)
    try:
        yield fixed
    finally:
        clock.use_clock(previous)

@pytest.fixture
def fast_passwords():
    from services.registry.application.passwords import Passwords

    return Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def bureau_ctx():
    return CommandContext(actor_id="officer-1", role="bureau_officer", correlation_id="corr-1")


def developer_ctx(org_id, key=None):
    return CommandContext(actor_id="clerk-1", role="developer", org_id=str(org_id),
                          correlation_id="corr-2", idempotency_key=key)
