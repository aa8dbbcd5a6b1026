"""Sign-in through the real gateway and registry: throttled per username and per source address (429 with
Retry-After, growing), locked after repeated windows until a bureau officer unlocks, kept across restarts;
single-use captchas; one answer for every wrong credential; accounts only for admitted organisations."""
from __future__ import annotations

import itertools
import os
import re
import secrets
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from services.registry.domain.sign_in_throttle import ACCOUNT, SOURCE
from tests.integration.conftest import BUREAU_PASSWORD
from tests.integration.support import log_head, unique_credit_code

# Each test signs in from its own loopback address, so that its failures throttle no other test's client.
_hosts = itertools.count(10 + os.getpid() % 200)


def new_source() -> str:
    return f"127.0.{next(_hosts) % 250 + 1}.{secrets.randbelow(250) + 2}"


@pytest.fixture
def account(bureau):
    username, password = f"auditor.{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    bureau.ok("POST", "/api/v1/accounts", {"username": username, "password": password, "role": "auditor",
                                           "display_name": "审计员"})
    return username, password


@pytest.fixture
def moved_clock(stack):
    """Moves the test stack's clock forward by steps; puts it back afterwards."""
    offset = [0.0]

    def move(seconds: float) -> None:
        offset[0] += seconds
        stack.move_clock(offset[0])

    yield move
    stack.move_clock(0)


def error(response, status, code):
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code, response.text
    return response.json()["error"]


def fail(client, username, times):
    for _ in range(times):
        error(client.login_response(username, "not the password at all"), 401, "invalid_credentials")


def retry_after(response) -> int:
    error(response, 429, "too_many_attempts")
    return int(response.headers["Retry-After"])


def metric(stack, name, text) -> float:
    body = requests.get(f"http://127.0.0.1:{stack.specs[name].port}/metrics", timeout=5).text
    found = re.search(rf"^{re.escape(text)} (\S+)$", body, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


LOCKS = 'housing_sign_in_strikes_total{change="locked",scope="account"}'


def test_failed_sign_ins_make_the_account_wait_longer_each_window_then_lock_until_the_bureau_unlocks(
        api, bureau, stack, account, moved_clock):
    username, password = account
    client = api.from_source(new_source())
    locks_before = metric(stack, "registry", LOCKS)
    fail(client, username, ACCOUNT.failures)
    first = retry_after(client.login_response(username, password))  # the right password waits too
    assert 0 < first <= 60
    moved_clock(first + 1)
    fail(client, username, ACCOUNT.failures)
    second = retry_after(client.login_response(username, password))
    assert 60 < second <= 120, "the wait doubles with each full window"
    moved_clock(second + 1)
    fail(client, username, ACCOUNT.failures)
    locked = error(client.login_response(username, password), 403, "account_locked")
    assert "bureau" in locked["message"]
    moved_clock(3 * 3600)
    error(client.login_response(username, password), 403, "account_locked")

    assert metric(stack, "registry", LOCKS) == locks_before + 1
    assert f"sign-in locked after repeated failures: account:{username}" in stack.log_file("registry").read_text()
    unlocked = bureau.ok("POST", f"/api/v1/accounts/{username}/unlock")
    assert unlocked == {"username": username, "was_locked": True}
    assert client.login(username, password).user["username"] == username


def lock(client, username, password, moved_clock):
    for _ in range(ACCOUNT.lock_after - 1):
        fail(client, username, ACCOUNT.failures)
        moved_clock(retry_after(client.login_response(username, password)) + 1)
    fail(client, username, ACCOUNT.failures)
    error(client.login_response(username, password), 403, "account_locked")


def test_an_operator_unlocks_without_signing_in_when_no_officer_can(api, account, moved_clock, capsys):
    from deploy.local import unlock_account

    username, password = account
    client = api.from_source(new_source())
    lock(client, username, password, moved_clock)
    unlock_account.main([username, "--profile", "test"])
    assert "'was_locked': True" in capsys.readouterr().out
    assert client.login(username, password).user["username"] == username


def test_only_the_bureau_unlocks(estate):
    response = estate.clerk.call("POST", f"/api/v1/accounts/{estate.clerk_username}/unlock")
    error(response, 403, "role_not_allowed")


def test_a_successful_sign_in_clears_the_failures(api, account):
    username, password = account
    client = api.from_source(new_source())
    fail(client, username, ACCOUNT.failures - 1)
    client.login(username, password)
    fail(client, username, ACCOUNT.failures - 1)
    assert client.login(username, password).user["username"] == username


def test_a_wait_survives_a_restart_of_registry_and_gateway(api, bureau, stack, account):
    username, password = account
    client = api.from_source(new_source())
    fail(client, username, ACCOUNT.failures)
    for name in ("gateway", "registry"):
        stack.stop(name)
    for name in ("registry", "gateway"):
        stack.start(name)
    stack.wait_healthy(["registry", "gateway"])
    assert retry_after(client.login_response(username, password)) > 0
    assert bureau.ok("POST", f"/api/v1/accounts/{username}/unlock")["was_locked"] is False
    assert client.login(username, password).user["username"] == username


def test_a_source_with_many_failures_waits_whatever_the_username_while_others_sign_in(api, bureau):
    client = api.from_source(new_source())
    for index in range(SOURCE.failures):
        fail(client, f"guess.{secrets.token_hex(3)}.{index}", 1)
    assert retry_after(client.login_response("bureau.test", BUREAU_PASSWORD)) > 0
    assert api.login("bureau.test", BUREAU_PASSWORD).user["username"] == "bureau.test"


def test_only_failures_count_against_a_source(api, account):
    username, password = account
    client = api.from_source(new_source())
    for _ in range(SOURCE.failures + 5):
        client.login(username, password)


def test_a_captcha_serves_one_sign_in(api, account):
    username, password = account
    client = api.anonymous()
    challenge = client.solved_captcha()
    body = {"username": username, "password": password, **challenge}
    assert client.call("POST", "/api/v1/auth/login", body).status_code == 200
    error(client.call("POST", "/api/v1/auth/login", body), 401, "captcha_used")

    wrong_first = client.solved_captcha()
    error(client.call("POST", "/api/v1/auth/login", {**body, **wrong_first, "captcha_answer": "WRONG"}),
          401, "captcha_wrong")
    error(client.call("POST", "/api/v1/auth/login", {**body, **wrong_first}), 401, "captcha_used")


def test_a_captcha_sent_by_many_at_once_is_accepted_once(api, account):
    username, password = account
    body = {"username": username, "password": password, **api.solved_captcha()}
    clients = [api.anonymous() for _ in range(10)]
    with ThreadPoolExecutor(len(clients)) as pool:
        responses = list(pool.map(lambda c: c.call("POST", "/api/v1/auth/login", body), clients))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [401] * 9, [r.text for r in responses]
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 401} == {"captcha_used"}


def test_every_wrong_part_of_a_developer_sign_in_gets_the_same_answer(api, estate):
    client = api.from_source(new_source())
    key, password = estate.electronic_key, estate.password
    wrong_key = key[:-1] + ("x" if key[-1] != "x" else "y")
    cases = {
        "right password, no key": (estate.clerk_username, password, None),
        "right password, wrong key": (estate.clerk_username, password, wrong_key),
        "wrong password, no key": (estate.clerk_username, "not the password at all", None),
        "wrong password, right key": (estate.clerk_username, "not the password at all", key),
        "unknown user": (f"nobody.{secrets.token_hex(3)}", password, key),
    }
    answers = {}
    for name, credentials in cases.items():
        response = client.login_response(*credentials)
        answers[name] = (response.status_code, response.text)
    assert len(set(answers.values())) == 1, answers
    assert next(iter(answers.values()))[0] == 401 and "invalid_credentials" in answers["unknown user"][1]


@pytest.mark.parametrize("role", ["agency", "agent"])
def test_r001_8_agency_and_agent_accounts_are_not_opened_by_hand(bureau, stack, role):
    head = log_head(stack, "registry")
    response = bureau.call("POST", "/api/v1/accounts", {
        "username": f"{role.replace('_', '.')}.{secrets.token_hex(3)}", "password": secrets.token_urlsafe(16),
        "role": role, "org_id": str(uuid.uuid4()), "display_name": "经纪人"})
    assert "/api/v1/agencies" in error(response, 422, "signing_account_not_opened_here")["message"]
    assert log_head(stack, "registry") == head


def test_a_developer_account_needs_an_existing_admitted_developer(bureau, stack):
    account = {"username": f"clerk.{secrets.token_hex(4)}", "password": secrets.token_urlsafe(16),
               "role": "developer", "display_name": "网签员"}
    head = log_head(stack, "registry")
    error(bureau.call("POST", "/api/v1/accounts", {**account, "org_id": str(uuid.uuid4())}), 422,
          "organisation_not_found")
    assert log_head(stack, "registry") == head
    developer_id = bureau.ok("POST", "/api/v1/developers", {"name": "未入网置业有限公司",
                                                            "credit_code": unique_credit_code()})["developer_id"]
    head = log_head(stack, "registry")
    error(bureau.call("POST", "/api/v1/accounts", {**account, "org_id": developer_id}), 422,
          "organisation_not_admitted")
    assert log_head(stack, "registry") == head
