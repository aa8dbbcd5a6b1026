"""Contract numbers (合同编号): YS, the year in Asia/Shanghai and a serial of that year, taken once at drafting,
never twice (concurrent drafts, a restarted process), shown in the contract's answers."""
import threading
import uuid
from datetime import datetime, timezone

import pytest

from shared import clock
from shared.errors import Conflict
from services.contracts.application.app import ContractsApplication, contention
from services.contracts.domain.contract_numbers import (NUMBER_PATTERN, ContractNumberSequence, format_number,
                                                         sequence_id)
from tests.unit.conftest import developer_ctx
from tests.unit.test_contracts_application import DEVELOPER, drafted


@pytest.fixture
def app():
    return ContractsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture
def new_years_eve():
    """16:30 UTC on 31 December is already 00:30 on 1 January in Shanghai."""
    previous = clock.use_clock(clock.FixedClock(datetime(2025, 12, 31, 16, 30, tzinfo=timezone.utc)))
    yield
    clock.use_clock(previous)


def test_the_number_is_ys_the_year_and_a_six_digit_serial():
    assert format_number(2026, 1) == "YS2026000001"
    assert format_number(2026, 123456) == "YS2026123456"
    assert NUMBER_PATTERN.fullmatch(format_number(2026, 42))


def test_drafts_take_consecutive_numbers_and_keep_them(app):
    ctx = developer_ctx(DEVELOPER)
    first, second = drafted(app, ctx), drafted(app, ctx)
    year = clock.now().astimezone(clock.SHANGHAI).year
    assert [first["contract_number"], second["contract_number"]] == [format_number(year, 1), format_number(year, 2)]
    app.save_clause(ctx, first["contract_id"], "clause-8", {"delivery_date": "2027-12-31"})
    assert app.get_contract(ctx, first["contract_id"])["contract_number"] == first["contract_number"]


def test_the_year_is_the_year_in_shanghai(app, new_years_eve):
    assert drafted(app, developer_ctx(DEVELOPER))["contract_number"] == "YS2026000001"


def test_an_abandoned_draft_keeps_its_number_and_the_next_draft_takes_a_new_one(app):
    ctx = developer_ctx(DEVELOPER)
    first = drafted(app, ctx)
    app.abandon(ctx, first["contract_id"])
    second = drafted(app, ctx)
    assert second["contract_number"] > first["contract_number"]


def test_two_drafts_that_read_the_same_sequence_cannot_both_take_its_next_number(app):
    year = 2026
    app.save(ContractNumberSequence.open(year))
    one, other = app.repository.get(sequence_id(year)), app.repository.get(sequence_id(year))
    assert one.take("a") == other.take("b") == "YS2026000001"
    app.save(one)
    with pytest.raises(Conflict) as info:
        app._save([other])
    assert info.value.code == "concurrent_modification"


def test_concurrent_drafts_get_distinct_consecutive_numbers(app):
    ctx, start, numbers, errors = developer_ctx(DEVELOPER), threading.Barrier(8), [], []

    def clerk() -> None:
        start.wait()
        for _ in range(5):
            try:
                numbers.append(drafted(app, ctx)["contract_number"])
            except Exception as exc:  # noqa: BLE001  (reported below)
                errors.append(exc)

    threads = [threading.Thread(target=clerk) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    year = clock.now().astimezone(clock.SHANGHAI).year
    assert sorted(numbers) == [format_number(year, serial) for serial in range(1, 41)]


def test_numbers_survive_a_restart(tmp_path):
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(tmp_path / "contracts.sqlite")}
    ctx = developer_ctx(DEVELOPER)
    first = drafted(ContractsApplication(env=env), ctx)
    second = drafted(ContractsApplication(env=env), ctx)
    assert int(second["contract_number"][-6:]) == int(first["contract_number"][-6:]) + 1


def test_a_race_lost_is_run_again_but_other_conflicts_are_not():
    attempts = []

    def lose_once():
        attempts.append(1)
        if len(attempts) == 1:
            raise Conflict("raced", code="concurrent_modification")
        return "drafted"

    assert contention(lose_once) == "drafted" and len(attempts) == 2

    def taken():
        attempts.append(1)
        raise Conflict("taken", code="room_not_available")

    attempts.clear()
    with pytest.raises(Conflict):
        contention(taken)
    assert len(attempts) == 1


def test_a_draft_for_a_room_already_taken_is_not_given_a_number(app):
    ctx = developer_ctx(DEVELOPER)
    room_id = str(uuid.uuid4())
    first = drafted(app, ctx, room_id)
    with pytest.raises(Conflict):
        drafted(app, ctx, room_id)
    assert drafted(app, ctx)["contract_number"][-6:] == f"{int(first['contract_number'][-6:]) + 1:06d}"
