"""Sign-in in registry's application (in memory): one answer for every wrong credential, throttling per
username and per source, locks lifted by the bureau only, accounts only for admitted organisations."""
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher

from shared.errors import Forbidden, InvalidInput, RuleViolation, TooManyRequests, Unauthenticated
from services.registry.application.app import RegistryApplication
from services.registry.application.passwords import Passwords
from services.registry.domain.sign_in_throttle import ACCOUNT, SOURCE
from tests.unit.conftest import clock_fixed_at, developer_ctx
from tests.unit.sign_in_support import MemoryCaptchaClaims, MemoryLedger

PASSWORD = "correct horse battery"


@pytest.fixture
def fixed_clock():
    with clock_fixed_at(datetime(2026, 5, 8, 2, 0, tzinfo=timezone.utc)) as fixed:
        yield fixed


@pytest.fixture
def app(fast_passwords, fixed_clock):
    return RegistryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, passwords=fast_passwords,
                               ledger=MemoryLedger(), captchas=MemoryCaptchaClaims())


@pytest.fixture
def officer(app, bureau_ctx):
    app.open_account(bureau_ctx, username="officer", password=PASSWORD, role="bureau_officer", org_id=None,
                     display_name="O")
    return "officer"


@pytest.fixture
def developer(app, bureau_ctx):
    developer_id = app.register_developer(bureau_ctx, name="示范置业", credit_code="91421000MA4DEMO001")
    key = app.grant_network_access(bureau_ctx, developer_id, permit_number="P-1",
                                   permit_issued_on=date(2026, 5, 7))["electronic_key"]
    app.open_account(bureau_ctx, username="dev", password=PASSWORD, role="developer", org_id=developer_id,
                     display_name="D")
    return developer_id, key


class CountingHasher(PasswordHasher):
    """Records the hash of every password check."""

    def __init__(self):
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.checked = []

    def verify(self, stored, password):
        self.checked.append(stored)
        return super().verify(stored, password)


@pytest.fixture
def hasher(app):
    hasher = CountingHasher()
    app.passwords = Passwords(hasher)
    return hasher


def refusal(call):
    with pytest.raises(Exception) as refused:
        call()
    error = refused.value
    return type(error), error.status, error.code, error.message, repr(error.details)


def fail(app, username, times, source="10.0.0.1"):
    for _ in range(times):
        with pytest.raises(Unauthenticated):
            app.authenticate(username, "not the password", source=source)


def test_every_wrong_part_of_the_credentials_gets_the_same_answer(app, developer, officer, fixed_clock):
    _, key = developer
    wrong_key = key[:-1] + ("x" if key[-1] != "x" else "y")
    answers = {
        "unknown user": refusal(lambda: app.authenticate("nobody", PASSWORD, key)),
        "wrong password": refusal(lambda: app.authenticate("dev", "wrong horse battery", key)),
        "wrong password, no key": refusal(lambda: app.authenticate("dev", "wrong horse battery")),
        "right password, no key": refusal(lambda: app.authenticate("dev", PASSWORD)),
        "right password, wrong key": refusal(lambda: app.authenticate("dev", PASSWORD, wrong_key)),
        "wrong password, wrong key": refusal(lambda: app.authenticate("dev", "wrong horse battery", wrong_key)),
        "officer, wrong password": refusal(lambda: app.authenticate("officer", "wrong horse battery")),
    }
    assert len(set(answers.values())) == 1, answers
    assert next(iter(answers.values()))[2] == "invalid_credentials"
    fixed_clock.advance(timedelta(minutes=1, seconds=1))  # five failures made "dev" wait a minute
    assert app.authenticate("dev", PASSWORD, key)["role"] == "developer"


def test_an_unknown_username_costs_a_password_check_like_a_known_one(app, officer, hasher):
    with pytest.raises(Unauthenticated):
        app.authenticate("nobody", PASSWORD)
    with pytest.raises(Unauthenticated):
        app.authenticate("officer", "wrong horse battery")
    assert len(hasher.checked) == 2 and all(stored.startswith("$argon2id$") for stored in hasher.checked)


def test_five_failures_make_the_account_wait_even_with_the_right_password(app, officer, fixed_clock):
    fail(app, officer, ACCOUNT.failures)
    with pytest.raises(TooManyRequests) as waiting:
        app.authenticate(officer, PASSWORD, source="10.0.0.2")
    assert waiting.value.code == "too_many_attempts" and waiting.value.details == {"retry_after": 60}
    fixed_clock.advance(timedelta(seconds=61))
    assert app.authenticate(officer, PASSWORD)["username"] == officer


def test_a_success_resets_the_account_failures(app, officer):
    fail(app, officer, ACCOUNT.failures - 1)
    app.authenticate(officer, PASSWORD)
    fail(app, officer, ACCOUNT.failures - 1)
    assert app.authenticate(officer, PASSWORD)["username"] == officer


def test_repeated_windows_wait_longer_then_lock_until_the_bureau_unlocks(app, officer, bureau_ctx, fixed_clock):
    waits = []
    for _ in range(ACCOUNT.lock_after - 1):
        fail(app, officer, ACCOUNT.failures)
        with pytest.raises(TooManyRequests) as waiting:
            app.authenticate(officer, PASSWORD)
        waits.append(waiting.value.details["retry_after"])
        fixed_clock.advance(timedelta(seconds=waits[-1] + 1))
    assert waits == [60, 120]
    fail(app, officer, ACCOUNT.failures)
    fixed_clock.advance(timedelta(days=2))
    with pytest.raises(Forbidden) as locked:
        app.authenticate(officer, PASSWORD)
    assert locked.value.code == "account_locked"
    with pytest.raises(Forbidden):
        app.unlock_account(developer_ctx("someone"), officer)
    assert app.unlock_account(bureau_ctx, officer) == {"username": officer, "was_locked": True}
    assert app.authenticate(officer, PASSWORD)["username"] == officer


def test_an_unknown_username_is_throttled_and_locked_like_a_known_one(app, fixed_clock):
    for _ in range(ACCOUNT.lock_after):
        fail(app, "nobody", ACCOUNT.failures)
        fixed_clock.advance(timedelta(hours=1, seconds=1))
    with pytest.raises(Forbidden) as locked:
        app.authenticate("nobody", PASSWORD)
    assert locked.value.code == "account_locked"


def test_a_source_with_many_failures_waits_whatever_the_username(app, officer):
    for index in range(SOURCE.failures):
        fail(app, f"guess{index}", 1, source="192.0.2.7")
    with pytest.raises(TooManyRequests) as waiting:
        app.authenticate(officer, PASSWORD, source="192.0.2.7")
    assert waiting.value.details == {"retry_after": 60}
    assert app.authenticate(officer, PASSWORD, source="192.0.2.8")["username"] == officer


def test_successes_never_make_a_source_wait(app, officer):
    for _ in range(SOURCE.failures * 2):
        app.authenticate(officer, PASSWORD, source="192.0.2.9")
    assert not app.ledger.rows, "nothing is kept for sign-ins that succeeded"


def test_parallel_guesses_check_at_most_one_window_of_passwords(app, officer, hasher):

    def guess(index):
        try:
            app.authenticate(officer, f"guess number {index}")
        except (Unauthenticated, TooManyRequests) as refused:
            return refused.code

    with ThreadPoolExecutor(12) as pool:
        codes = list(pool.map(guess, range(12)))
    checked = len(hasher.checked)
    assert checked <= ACCOUNT.failures
    assert codes.count("invalid_credentials") == checked and codes.count("too_many_attempts") == 12 - checked


@pytest.mark.parametrize("role", ["agency", "agent"])
def test_r001_8_agency_and_agent_accounts_are_not_opened_by_hand(app, bureau_ctx, developer, role):
    developer_id, _ = developer
    head = app.recorder.max_notification_id()
    with pytest.raises(RuleViolation) as refused:
        app.open_account(bureau_ctx, username="someone", password=PASSWORD, role=role, org_id=developer_id,
                         display_name="S")
    assert refused.value.code == "signing_account_not_opened_here" and "/api/v1/agencies" in refused.value.message
    assert app.recorder.max_notification_id() == head


def test_a_developer_account_needs_an_existing_admitted_developer(app, bureau_ctx):
    head = app.recorder.max_notification_id()
    with pytest.raises(RuleViolation) as unknown:
        app.open_account(bureau_ctx, username="dev", password=PASSWORD, role="developer",
                         org_id="6f1d1c52-3c8b-4d1a-9c55-0a4bb1f2e9a1", display_name="D")
    assert unknown.value.code == "organisation_not_found"
    developer_id = app.register_developer(bureau_ctx, name="示范置业", credit_code="91421000MA4DEMO001")
    head = app.recorder.max_notification_id()
    with pytest.raises(RuleViolation) as not_admitted:
        app.open_account(bureau_ctx, username="dev", password=PASSWORD, role="developer", org_id=developer_id,
                         display_name="D")
    assert not_admitted.value.code == "organisation_not_admitted"
    assert app.recorder.max_notification_id() == head
    with pytest.raises(InvalidInput):
        app.open_account(bureau_ctx, username="dev", password=PASSWORD, role="agency", org_id=None,
                         display_name="D")


def test_a_captcha_is_claimed_once_even_by_many_at_once(app, fixed_clock):
    def claim(_):
        try:
            app.claim_captcha("nonce-1", fixed_clock.now() + timedelta(minutes=5))
            return "claimed"
        except Unauthenticated as refused:
            return refused.code

    with ThreadPoolExecutor(8) as pool:
        outcomes = sorted(pool.map(claim, range(8)))
    assert outcomes == ["captcha_used"] * 7 + ["claimed"]


def test_R002_6_a_notary_officer_belongs_to_a_listed_notary_office(app, bureau_ctx):
    from services.notary.api.offices import OFFICES
    with pytest.raises(RuleViolation) as unknown:
        app.open_account(bureau_ctx, username="notary.x", password=PASSWORD, role="notary_officer",
                         org_id="6f1d1c52-3c8b-4d1a-9c55-0a4bb1f2e9a1", display_name="公证员")
    assert unknown.value.code == "organisation_not_found"
    assert app.open_account(bureau_ctx, username="notary.y", password=PASSWORD, role="notary_officer",
                            org_id=next(iter(OFFICES)), display_name="公证员")
