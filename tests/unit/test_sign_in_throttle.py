"""The sign-in throttle's rule, in isolation: waits after a window of failures, growing, then a lock."""
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from services.registry.domain.sign_in_throttle import ACCOUNT, SOURCE, Attempts

T0 = datetime(2026, 5, 8, 2, 0, tzinfo=timezone.utc)


def fail(rule, attempts, now, times):
    changes = []
    for _ in range(times):
        verdict, attempts = rule.admit(attempts, now)
        assert verdict.admitted, verdict
        attempts, change = rule.failed(attempts, now)
        changes.append(change)
    return attempts, changes


def test_the_sixth_attempt_in_a_window_waits_a_minute():
    attempts, changes = fail(ACCOUNT, Attempts(), T0, 5)
    assert changes == [None, None, None, None, "throttled"]
    verdict, _ = ACCOUNT.admit(attempts, T0 + timedelta(seconds=10))
    assert not verdict.admitted and not verdict.locked and verdict.retry_after == 50


def test_the_wait_doubles_with_each_full_window_and_the_third_locks_the_account():
    attempts, _ = fail(ACCOUNT, Attempts(), T0, 5)
    later = T0 + timedelta(seconds=61)
    attempts, changes = fail(ACCOUNT, attempts, later, 5)
    assert changes[-1] == "throttled"
    assert ACCOUNT.admit(attempts, later)[0].retry_after == 120
    latest = later + timedelta(seconds=121)
    attempts, changes = fail(ACCOUNT, attempts, latest, 5)
    assert changes[-1] == "locked"
    verdict, _ = ACCOUNT.admit(attempts, latest + timedelta(days=30))
    assert verdict.locked and not verdict.admitted, "a lock does not lapse by itself"


def test_the_wait_is_capped():
    assert SOURCE.wait(1) == timedelta(minutes=1) and SOURCE.wait(3) == timedelta(minutes=4)
    assert SOURCE.wait(30) == SOURCE.longest_wait == timedelta(hours=1)


def test_a_source_address_is_throttled_but_never_locked():
    attempts = Attempts()
    now = T0
    for _ in range(10):
        attempts, changes = fail(SOURCE, attempts, now, SOURCE.failures)
        assert changes[-1] == "throttled"
        now += SOURCE.wait(attempts.strikes) + timedelta(seconds=1)
    assert attempts.locked_at is None and SOURCE.admit(attempts, now)[0].admitted


def test_failures_of_an_old_window_do_not_count():
    attempts, _ = fail(ACCOUNT, Attempts(), T0, 4)
    attempts, changes = fail(ACCOUNT, attempts, T0 + ACCOUNT.window, 4)
    assert changes == [None] * 4 and attempts.failures == 4


def test_strikes_are_forgotten_after_a_quiet_day():
    attempts, _ = fail(ACCOUNT, Attempts(), T0, 5)
    attempts, _ = fail(ACCOUNT, attempts, T0 + timedelta(minutes=2), 5)
    quiet = T0 + timedelta(minutes=2) + ACCOUNT.forget_after
    attempts, changes = fail(ACCOUNT, attempts, quiet, 5)
    assert changes[-1] == "throttled" and attempts.strikes == 1


def test_a_success_clears_an_account_but_only_itself_from_a_source():
    account, _ = fail(ACCOUNT, Attempts(), T0, 4)
    source, _ = fail(SOURCE, Attempts(), T0, 4)
    _, account = ACCOUNT.admit(account, T0)
    _, source = SOURCE.admit(source, T0)
    assert ACCOUNT.succeeded(account).idle
    assert SOURCE.succeeded(source) == replace(source, pending=0) and SOURCE.succeeded(source).failures == 4


def test_a_success_does_not_lift_a_lock():
    locked = Attempts(locked_at=T0, strikes=3)
    assert ACCOUNT.succeeded(locked).locked_at == T0


def test_attempts_in_flight_count_so_that_parallel_guesses_cannot_all_pass():
    attempts = Attempts()
    admitted = 0
    for _ in range(12):  # twelve guesses arrive before any is decided
        verdict, attempts = ACCOUNT.admit(attempts, T0)
        admitted += verdict.admitted
        if not verdict.admitted:
            assert verdict.retry_after >= 1
    assert admitted == ACCOUNT.failures


def test_an_attempt_without_outcome_stops_counting():
    _, attempts = ACCOUNT.admit(Attempts(), T0)
    assert ACCOUNT.dropped(attempts).idle
