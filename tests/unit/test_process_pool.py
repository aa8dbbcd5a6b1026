"""Pure functions in child processes, called cooperatively from an eventlet process: answers, failures,
a stuck or crashed child, a busy pool, and other green threads running meanwhile."""
import eventlet
import pytest

from shared.errors import Unavailable
from shared.nameko_kit.process_pool import ChildCallFailed, ProcessPool
from services.contracts.adapters.pdf import render_contract_pdf
from services.contracts.adapters.renderers import pdf_renderers
from shared.settings import ProcessSettings
from tests.unit import process_pool_functions as f
from tests.unit.test_contract_pdf import full_contract

FUNCTIONS = (f.shout, f.refuse, f.hang, f.die, f.wait_for_file, f.pid, f.environment)


@pytest.fixture
def pool():
    pool = ProcessPool("test_pool", FUNCTIONS, size=1, wait=0.3, timeout=2)
    yield pool
    pool.close()


def test_a_call_runs_in_a_child_process_and_answers(pool):
    import os

    assert pool.call(f.shout, "ok", times=2) == "OKOK"
    assert pool.call(f.pid) != os.getpid()


def test_arguments_and_answers_larger_than_a_pipe_buffer_travel_whole(pool):
    text = "长" * 300_000
    assert pool.call(f.shout, text, times=2) == text * 2


def test_a_function_that_raises_is_an_error_naming_it_and_the_child_goes_on(pool):
    child = pool.call(f.pid)
    with pytest.raises(ChildCallFailed, match="ValueError: not today"):
        pool.call(f.refuse, "not today")
    assert pool.call(f.pid) == child


def test_only_the_pools_functions_may_run(pool):
    with pytest.raises(ValueError, match="may not run"):
        pool.call(f.threads)


def test_a_stuck_call_answers_unavailable_and_its_child_is_replaced(pool):
    stuck = pool.call(f.pid)
    with pytest.raises(Unavailable) as refused:
        pool.call(f.hang, 60)
    assert refused.value.code == "test_pool_timeout" and refused.value.status == 503
    assert pool.call(f.shout, "after") == "AFTER"
    assert pool.call(f.pid) != stuck


def test_a_crashed_child_answers_unavailable_and_is_replaced(pool):
    with pytest.raises(Unavailable) as refused:
        pool.call(f.die)
    assert refused.value.code == "test_pool_crashed"
    assert pool.call(f.shout, "again") == "AGAIN"


def test_a_child_that_died_while_idle_is_replaced_before_the_next_call(pool):
    import os
    import signal

    os.kill(pool.call(f.pid), signal.SIGKILL)
    eventlet.sleep(0.2)
    assert pool.call(f.shout, "fresh") == "FRESH"


def test_when_every_child_is_busy_a_call_answers_unavailable_instead_of_queueing_for_ever(pool, tmp_path):
    release = tmp_path / "release"
    holder = eventlet.spawn(pool.call, f.wait_for_file, str(release))
    eventlet.sleep(0.05)
    with pytest.raises(Unavailable) as refused:
        pool.call(f.shout, "me too")
    assert refused.value.code == "test_pool_busy"
    release.touch()
    assert holder.wait() == "released"
    assert pool.call(f.shout, "now") == "NOW"


def test_other_green_threads_run_while_a_child_works(pool, tmp_path):
    release = tmp_path / "release"
    ticks = []

    def ticker():
        for _ in range(5):
            ticks.append(1)
            eventlet.sleep(0.01)
        release.touch()

    eventlet.spawn(ticker)
    assert pool.call(f.wait_for_file, str(release)) == "released"  # only the ticker can release it
    assert len(ticks) == 5


def test_children_get_no_secrets_from_the_service_process(pool, monkeypatch):
    monkeypatch.setenv("HOUSING_TOKEN_SECRET", "not for the renderer")
    fresh = ProcessPool("fresh", (f.environment,), size=1, wait=1, timeout=5)
    try:
        assert "HOUSING_TOKEN_SECRET" not in fresh.call(f.environment)
    finally:
        fresh.close()


def test_the_pdf_renderers_draw_the_same_bytes_as_rendering_in_process():
    contract = full_contract(updated_at="2026-05-01T10:00:00+08:00")
    renderers = pdf_renderers(ProcessSettings("contracts", {"HOUSING_PDF_RENDERERS": "1"}, {}, None))
    assert len(renderers._children) == 1, "the pool is sized from the process's settings"
    try:
        rendered = renderers.call(render_contract_pdf, contract, kind="formal", verification_code="8K3Q-7Z2M")
    finally:
        renderers.close()
    assert rendered == render_contract_pdf(contract, kind="formal", verification_code="8K3Q-7Z2M")


def test_a_child_that_cannot_be_started_costs_one_call_not_the_pools_place(pool, monkeypatch):
    import os
    import signal

    import shared.nameko_kit.process_pool as process_pool

    os.kill(pool.call(f.pid), signal.SIGKILL)
    eventlet.sleep(0.2)
    real_child = process_pool._Child
    monkeypatch.setattr(process_pool, "_Child", lambda *a: (_ for _ in ()).throw(OSError("no more processes")))
    with pytest.raises(Unavailable) as refused:
        pool.call(f.shout, "no child")
    assert refused.value.code == "test_pool_crashed"
    monkeypatch.setattr(process_pool, "_Child", real_child)
    assert pool.call(f.shout, "back") == "BACK"


def test_equal_calls_to_a_pool_of_pure_functions_share_one_run_and_its_answer(tmp_path):
    """Twelve people downloading the same printed contract at once cost one render, not twelve waits."""
    release = tmp_path / "release"
    pool = ProcessPool("test_shared", FUNCTIONS, size=1, wait=0.3, timeout=5, shared=2)
    try:
        waiting = [eventlet.spawn(pool.call, f.wait_for_file, str(release)) for _ in range(12)]
        eventlet.sleep(0.5)  # longer than `wait`: unshared, eleven of them would have answered busy
        release.touch()
        assert [thread.wait() for thread in waiting] == ["released"] * 12
        first = pool.call(f.pid)
        assert pool.call(f.pid) == first  # the kept answer
        with pytest.raises(ChildCallFailed):
            pool.call(f.refuse, "no")
        with pytest.raises(ChildCallFailed):  # a failure is not kept as an answer
            pool.call(f.refuse, "no")
    finally:
        pool.close()
