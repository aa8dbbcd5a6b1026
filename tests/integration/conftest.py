"""The test stack: real PostgreSQL and RabbitMQ (provisioned by make), every service process started
against the housing_test database and vhost (or slot N's, HOUSING_TEST_SLOT=N), wiped at the start of the session."""
from __future__ import annotations

import pytest

from deploy.local.processes import TEST
from deploy.local.resets import ensure_database, reset_database, reset_vhost
from deploy.local.seed import bootstrap_bureau_officer
from deploy.local.stack import Stack
from tests.integration.support import Api, new_developer_with_rooms

BUREAU_PASSWORD = "bureau officer test password"


_RUN_FIGURES: list[str] = []


@pytest.fixture
def run_figures() -> list[str]:
    """Lines a test wants shown after the run (figures of the fuzz run), whatever pytest captures."""
    return _RUN_FIGURES


def pytest_terminal_summary(terminalreporter) -> None:
    if _RUN_FIGURES:
        terminalreporter.section("figures")
        for line in _RUN_FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def stack():
    stack = Stack(TEST)
    stack.down()
    stack.move_clock(0)
    ensure_database(stack.secrets, stack.database)
    reset_database(stack.secrets, stack.database)
    reset_vhost(stack.secrets, stack.vhost)
    try:
        stack.up()
    except Exception:
        stack.down()  # leave no half-started processes behind for the next run
        raise
    bootstrap_bureau_officer(stack, "bureau.test", BUREAU_PASSWORD)
    yield stack
    stack.down()
    stack.move_clock(0)


@pytest.fixture(scope="session")
def api(stack):
    return Api(stack.gateway_url, secret=stack.secrets["HOUSING_TOKEN_SECRET"])


@pytest.fixture(scope="session")
def bureau(api):
    return api.login("bureau.test", BUREAU_PASSWORD)


@pytest.fixture
def estate(api, bureau):
    """A fresh developer (with a signed-in clerk), a project and a 2×2 building of published rooms."""
    return new_developer_with_rooms(api, bureau, floors=2, units_per_floor=2, publish=True)
