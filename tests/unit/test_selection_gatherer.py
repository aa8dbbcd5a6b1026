"""The selection edge's gatherer (asyncio): commands that arrive together go to the lottery in one call,
each caller gets its own answer or its own error, and a failed or short reply fails the whole batch
with a retryable error instead of leaving callers waiting."""
import asyncio

import pytest

from shared.errors import RuleViolation, TooManyRequests, Unavailable
from services.gateway.selection_edge.gatherer import SelectionGatherer


def run(coroutine):
    return asyncio.run(coroutine)


def test_commands_arriving_together_share_one_call_and_keep_their_own_answers():
    calls = []

    async def send(commands):
        calls.append(len(commands))
        return [{"result": c["n"] * 10} if c["n"] % 3 else
                {"error": {"code": "room_taken", "message": "taken", "details": {}}, "kind": "RuleViolation"}
                for c in commands]

    async def scenario():
        gatherer = SelectionGatherer(send, gather_seconds=0.01)

        async def caller(n):
            try:
                return await gatherer.call({"n": n})
            except RuleViolation as exc:
                return exc.code
        return await asyncio.gather(*(caller(n) for n in range(1, 51)))

    assert run(scenario()) == [n * 10 if n % 3 else "room_taken" for n in range(1, 51)]
    assert calls == [50]


def test_a_full_round_is_sent_at_once_without_waiting_for_the_timer():
    calls = []

    async def send(commands):
        calls.append([c["n"] for c in commands])
        return [{"result": c["n"]} for c in commands]

    async def scenario():
        gatherer = SelectionGatherer(send, gather_seconds=60, max_batch=3)
        return await asyncio.wait_for(asyncio.gather(*(gatherer.call({"n": n}) for n in range(6))), 5)

    assert run(scenario()) == list(range(6))
    assert calls == [[0, 1, 2], [3, 4, 5]]


def test_a_later_arrival_starts_the_next_round():
    calls = []

    async def send(commands):
        calls.append([c["n"] for c in commands])
        return [{"result": c["n"]} for c in commands]

    async def scenario():
        gatherer = SelectionGatherer(send, gather_seconds=0.01)
        first = asyncio.create_task(gatherer.call({"n": 1}))
        await asyncio.sleep(0.05)
        return await first, await gatherer.call({"n": 2})

    assert run(scenario()) == (1, 2)
    assert calls == [[1], [2]]


def test_a_failed_call_fails_every_command_with_its_retryable_error():
    async def send(commands):
        raise Unavailable("lottery did not answer in time", code="upstream_timeout")

    async def scenario():
        gatherer = SelectionGatherer(send, gather_seconds=0.001)
        return await asyncio.gather(gatherer.call({"n": 1}), gatherer.call({"n": 2}), return_exceptions=True)

    answers = run(scenario())
    assert [type(a) for a in answers] == [Unavailable, Unavailable]
    assert {a.code for a in answers} == {"upstream_timeout"}


@pytest.mark.parametrize("reply", [[], [{"result": 1}], None, "nonsense"])
def test_a_reply_without_one_answer_per_command_fails_the_batch_instead_of_hanging(reply):
    async def send(commands):
        return reply

    async def scenario():
        gatherer = SelectionGatherer(send, gather_seconds=0.001)
        return await asyncio.wait_for(
            asyncio.gather(gatherer.call({"n": 1}), gatherer.call({"n": 2}), return_exceptions=True), 5)

    answers = run(scenario())
    assert all(isinstance(a, Unavailable) and a.code == "upstream_failed" for a in answers)


def test_errors_keep_their_class_so_the_edge_keeps_their_status():
    async def send(commands):
        return [{"error": {"code": "request_in_flight", "message": "busy", "details": {"retry_after": 1}},
                 "kind": "TooManyRequests"}]

    async def scenario():
        return await SelectionGatherer(send, gather_seconds=0.001).call({"n": 1})

    with pytest.raises(TooManyRequests) as busy:
        run(scenario())
    assert busy.value.status == 429 and busy.value.details == {"retry_after": 1}
