"""The selection batch protocol, the one module both doors and the lottery speak: commands encoded alike,
one answer per command, errors travelling as data and raised again as their own class, and a failed
or malformed reply failing every command of the batch with a retryable error."""
import ast
from pathlib import Path

import pytest

from shared.errors import InvalidInput, RuleViolation, StoredDataIntegrityError, TooManyRequests, Unavailable
from services.gateway.routes import ROUTES
from services.lottery.adapters.service import LotteryService
from services.lottery.api import selection_batch as batch

ROOT = Path(__file__).resolve().parents[2]


def test_a_command_names_its_rpc_context_and_arguments_and_decodes_to_them():
    encoded = batch.command("confirm_room", {"actor_id": "F1"}, {"round_id": "r", "body": {"room_id": "x"}})
    assert batch.rpc_of(encoded) == "confirm_room"
    assert batch.decoded(encoded) == ("confirm_room", {"actor_id": "F1"}, {"round_id": "r", "body": {"room_id": "x"}})


@pytest.mark.parametrize("command", [
    "not a command", {"rpc": "confirm_room"}, {"rpc": "perform_draw", "kwargs": {"round_id": "r"}},
    {"rpc": "confirm_room", "kwargs": {"round_id": 7}}, {"rpc": "give_up", "kwargs": {"round_id": "r", "extra": 1}},
])
def test_what_is_not_a_selection_command_is_refused_on_its_own(command):
    with pytest.raises(InvalidInput) as refused:
        batch.decoded(command)
    assert refused.value.code == "invalid_batch_command"


def test_a_batch_is_a_list_of_commands():
    with pytest.raises(InvalidInput) as refused:
        batch.commands_of({"rpc": "give_up"})
    assert refused.value.code == "invalid_batch"
    assert batch.rpc_of("nonsense") is None


def test_answers_carry_a_result_or_an_error_that_is_raised_again_as_its_own_class():
    assert batch.outcome(batch.answer({"result": 1})) == {"result": 1}
    for error in (RuleViolation("taken", code="room_taken"), TooManyRequests("busy", details={"retry_after": 1}),
                  StoredDataIntegrityError("altered")):
        answer = batch.answer(None, error)
        assert answer == {"error": error.as_dict(), "kind": type(error).__name__}
        with pytest.raises(type(error)) as raised:
            batch.outcome(answer)
        assert raised.value.as_dict() == error.as_dict() and raised.value.status == error.status


def test_a_refusal_or_a_failure_while_deciding_is_an_answer_not_a_raised_error():
    assert batch.answered(lambda: {"result": 2}) == {"result": 2}
    assert batch.answered(lambda: (_ for _ in ()).throw(RuleViolation("no", code="gave_up")))["kind"] == "RuleViolation"
    failed = batch.answered(lambda: 1 / 0)
    assert (failed["kind"], failed["error"]["code"]) == ("Unavailable", "command_failed")


@pytest.mark.parametrize("reply", [[], [{"result": 1}], None, "nonsense", [{"result": 1}] * 3])
def test_a_reply_without_one_answer_per_command_fails_every_command_retryably(reply):
    answers = batch.answers(reply, 2)
    assert len(answers) == 2 and all(a["kind"] == "Unavailable" and a["error"]["code"] == "upstream_failed"
                                     for a in answers)
    assert batch.answers([{"result": 1}, {"result": 2}], 2) == [{"result": 1}, {"result": 2}]


def test_a_failed_call_keeps_its_own_error_when_it_has_one():
    timeout = Unavailable("lottery did not answer in time", code="upstream_timeout")
    assert batch.failed(timeout, 2) == [batch.as_answer(timeout)] * 2
    assert batch.failed(ConnectionResetError(), 1)[0]["error"]["code"] == "upstream_failed"


def test_the_doors_batch_only_what_the_lottery_takes_in_a_batch_through_its_own_rpc():
    assert {route.rpc for route in ROUTES if route.burst} == batch.BATCHABLE
    assert all(route.service == batch.SERVICE for route in ROUTES if route.burst)
    assert callable(getattr(LotteryService, batch.RPC))
    assert all(callable(getattr(LotteryService, rpc)) for rpc in batch.BATCHABLE)


def test_the_protocol_imports_nothing_of_the_lottery_but_itself():
    tree = ast.parse((ROOT / "services/lottery/api/selection_batch.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not [name for name in imported if name and name.startswith("services.")]
