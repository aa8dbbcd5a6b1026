"""The lottery's selection_batch RPC (through Nameko's worker_factory, on the application in memory):
every gathered command is admitted, authorised and answered as if it had come alone, the desk's
commands are decided together, and one bad command spoils nothing but its own answer."""
from contextlib import contextmanager

import pytest
from nameko.testing.services import worker_factory

from services.lottery.adapters.service import LotteryService
from tests.unit.test_selection import fixed, members, open_first_session, world  # noqa: F401 (fixture)


class OpenGuard:
    """Every family is free to act (the in-flight table is tested against PostgreSQL)."""

    def claim(self, families):
        return set(families)

    def release(self, families):
        pass

    @contextmanager
    def hold(self, family_id):
        yield


def ctx(family_id, key, role="family"):
    return {"actor_id": family_id, "role": role, "correlation_id": f"c-{key}", "idempotency_key": key}


def command(rpc, family_id, key, round_id, body=None, role="family"):
    kwargs = {"round_id": round_id} | ({"body": body} if body is not None else {})
    return {"rpc": rpc, "ctx": ctx(family_id, key, role), "kwargs": kwargs}


@pytest.fixture
def selection(fixed):  # noqa: F811
    app, round_id, selection_round, rooms = world()
    (best, second, third), _ = members(selection_round)
    open_first_session(app, round_id, fixed)
    service = worker_factory(LotteryService, app=app, in_flight=OpenGuard())
    return service, round_id, rooms, (best, second, third)


def test_each_command_of_a_batch_gets_its_own_answer_and_a_bad_one_spoils_only_its_own(selection):
    service, round_id, rooms, (best, second, third) = selection
    answers = service.selection_batch([
        command("enter_selection", best, "e1", round_id),
        command("enter_selection", second, "e2", round_id),
        command("confirm_room", third, "bad-body", round_id, {"room_id": "not-a-uuid"}),
        command("confirm_room", third, "bureau", round_id, {"room_id": rooms[0]}, role="bureau_officer"),
        "not a command",
        {"rpc": "perform_draw", "ctx": ctx(best, "x"), "kwargs": {"round_id": round_id}},
        command("change_cart", best, "c1", round_id, {"operation": "add", "room_id": rooms[0]}),
    ])
    assert answers[0] == answers[1] == {"result": {"result": "entered"}}
    assert answers[2]["error"]["code"] == "invalid_input" and answers[2]["kind"] == "InvalidInput"
    assert answers[3]["error"]["code"] == "role_not_allowed"
    assert answers[4]["error"]["code"] == answers[5]["error"]["code"] == "invalid_batch_command"
    assert answers[6]["error"]["code"] == "request_in_flight", "one request in flight per family"
    assert answers[6]["kind"] == "TooManyRequests"
    carts = service.selection_batch([
        command("change_cart", best, "c1", round_id, {"operation": "add", "room_id": rooms[0]}),
        command("change_cart", second, "c2", round_id, {"operation": "add", "room_id": rooms[0]}),
    ])
    assert carts == [{"result": {"result": [rooms[0]]}}] * 2


def test_R004_7_two_confirmations_of_one_room_in_one_batch_go_to_the_better_rank(selection):
    service, round_id, rooms, (best, second, _) = selection
    service.selection_batch([command("enter_selection", f, f"e-{f}", round_id) for f in (best, second)])
    service.selection_batch([command("change_cart", f, f"c-{f}", round_id, {"operation": "add", "room_id": rooms[0]})
                             for f in (best, second)])
    second_first = service.selection_batch([
        command("confirm_room", second, "k-second", round_id, {"room_id": rooms[0]}),
        command("confirm_room", best, "k-best", round_id, {"room_id": rooms[0]}),
    ])
    assert second_first[1] == {"result": {"result": rooms[0]}}
    assert second_first[0]["error"]["code"] == "room_taken"
    repeated = service.selection_batch([command("confirm_room", best, "k-best", round_id, {"room_id": rooms[0]})])
    assert repeated == [{"result": {"result": rooms[0]}}], "the same key answers the same, once"


def test_preselection_in_a_batch_runs_beside_the_desk_commands(selection):
    service, round_id, rooms, (best, *_) = selection
    answers = service.selection_batch([command("preselect", best, "p1", round_id,
                                               {"operation": "add", "room_id": rooms[1]})])
    assert answers[0]["error"]["code"] == "outside_preselection_window"
