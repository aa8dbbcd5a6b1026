"""Readiness tells the truth (issue 10, section 2): a worker running past its threshold or a consumer
stuck behind an event makes a process not ready; probes themselves and quarantined events do not."""
from types import SimpleNamespace

from shared.consumer import IdempotentConsumer
from shared.nameko_kit.dependencies import ConsumerProvider
from shared.nameko_kit.readiness import Readiness
from shared.relay_probes import RelayProbe
from tests.unit.consumer_support import MemoryView
from tests.unit.test_quarantine import ROOMS, Rooms


class Worker:
    def __init__(self, method):
        self.entrypoint = SimpleNamespace(method_name=method)


def readiness_with(consumer=None):
    provider = ConsumerProvider(ROOMS)
    provider.consumer = consumer
    readiness = Readiness()
    readiness.container = SimpleNamespace(dependencies=[provider])
    return readiness


def test_a_worker_running_past_the_threshold_is_a_wedged_pool_but_probes_do_not_count(monkeypatch):
    readiness = readiness_with()
    probe, call = Worker("ready"), Worker("get_contract_pdf")
    readiness.worker_setup(probe)
    assert readiness.check()[0] == []
    readiness.worker_setup(call)
    monkeypatch.setenv("HOUSING_READY_WORKER_SECONDS", "0")
    [problem] = readiness.check()[0]
    assert (problem["code"], problem["entrypoint"]) == ("worker_wedged", "get_contract_pdf")
    readiness.worker_teardown(call)
    assert readiness.check()[0] == []


def test_a_stuck_consumer_is_named_and_its_quarantine_is_reported_without_failing(monkeypatch):
    view = MemoryView()
    consumer = IdempotentConsumer(view, ROOMS, Rooms(view))
    readiness = readiness_with(consumer)
    consumer.progress.note("lottery", position=3, seen=3)
    view.quarantine(None, {"source": "lottery", "position": 2, "aggregate_id": "r"})
    problems, facts = readiness.check()
    assert problems == [] and facts["quarantined_events"] == {"rooms": 1}
    consumer.progress.note("lottery", seen=4)
    monkeypatch.setenv("HOUSING_READY_STUCK_SECONDS", "-1")
    [problem] = readiness.check()[0]
    assert (problem["code"], problem["consumer"], problem["position"], problem["source_position"]) == (
        "consumer_stuck", "rooms", 3, 4)


def test_a_relay_is_ready_once_it_publishes_and_not_while_its_position_stands_behind_the_head(monkeypatch):
    now = [0.0]
    probe = RelayProbe("lottery", now=lambda: now[0])
    assert probe.problems()[0]["code"] == "starting"
    probe.started = True
    probe.measured(position=10, head=10)
    assert probe.problems() == []
    probe.measured(position=10, head=12)
    now[0] += 121
    probe.measured(position=10, head=12)
    assert probe.problems()[0]["code"] == "relay_stuck"
    probe.measured(position=12, head=12)
    assert probe.problems() == []
    now[0] += 121
    assert probe.problems()[0]["code"] == "database_unavailable"
