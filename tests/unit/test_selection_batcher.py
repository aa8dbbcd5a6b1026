"""The gateway's selection batcher: commands that arrive together go to the lottery in one call, and each
caller gets its own answer or its own error."""
import eventlet
import pytest

from shared.errors import RuleViolation, TooManyRequests, Unavailable
from services.gateway.selection_batcher import SelectionBatcher


def test_commands_arriving_together_share_one_call_and_keep_their_own_answers():
    batcher, calls = SelectionBatcher(gather_seconds=0.01), []

    def send(commands):
        calls.append(len(commands))
        return [{"result": c["n"] * 10} if c["n"] % 3 else
                {"error": {"code": "room_taken", "message": "taken", "details": {}}, "kind": "RuleViolation"}
                for c in commands]

    def caller(n):
        try:
            return batcher.call(send, {"n": n})
        except RuleViolation as exc:
            return exc.code

    pool = eventlet.GreenPool()
    answers = list(pool.imap(caller, range(1, 51)))
    assert calls == [50]
    assert answers == [n * 10 if n % 3 else "room_taken" for n in range(1, 51)]


def test_a_later_arrival_starts_the_next_batch():
    batcher, calls = SelectionBatcher(gather_seconds=0.01), []

    def send(commands):
        calls.append([c["n"] for c in commands])
        return [{"result": c["n"]} for c in commands]

    first = eventlet.spawn(batcher.call, send, {"n": 1})
    eventlet.sleep(0.05)
    second = eventlet.spawn(batcher.call, send, {"n": 2})
    assert (first.wait(), second.wait()) == (1, 2)
    assert calls == [[1], [2]]


def test_a_failed_call_fails_every_command_of_the_batch_with_a_retryable_error():
    batcher = SelectionBatcher(gather_seconds=0.001)

    def send(commands):
        raise Unavailable("lottery did not answer in time", code="upstream_timeout")

    with pytest.raises(Unavailable) as failed:
        batcher.call(send, {"n": 1})
    assert failed.value.code == "upstream_timeout"


def test_errors_keep_their_class_so_the_gateway_keeps_their_status():
    batcher = SelectionBatcher(gather_seconds=0.001)
    answer = {"error": {"code": "request_in_flight", "message": "busy", "details": {"retry_after": 1}},
              "kind": "TooManyRequests"}
    with pytest.raises(TooManyRequests) as busy:
        batcher.call(lambda commands: [answer], {"n": 1})
    assert busy.value.status == 429 and busy.value.details == {"retry_after": 1}


def test_a_full_round_is_sent_at_once_and_the_rest_waits_for_its_own_round():
    batcher, calls = SelectionBatcher(gather_seconds=0.05, max_batch=10), []

    def send(commands):
        calls.append(len(commands))
        return [{"result": c["n"]} for c in commands]

    pool = eventlet.GreenPool()
    answers = list(pool.imap(lambda n: batcher.call(send, {"n": n}), range(25)))
    assert answers == list(range(25))
    assert calls == [10, 10, 5]
