"""A process's desk is started once, by its bootstrap: the application gets a running desk (with the
guard, if the process has one), its quiet moments take the due snapshots and then the process's own
quiet-time work, and an application nobody gave a desk says so instead of starting one."""
import threading
from types import SimpleNamespace

import pytest

from shared.nameko_kit.dependencies import ApplicationProvider, TablesProvider
from services.lottery.adapters import bootstrap
from services.lottery.adapters.bootstrap import LotteryBootstrap
from services.lottery.application.app import LotteryApplication
from services.lottery.application.desk_setup import start_desk

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


class Guard:
    def claim(self, families):
        return set(families)

    def release(self, families):
        pass


def test_an_application_without_a_desk_refuses_desk_work_instead_of_starting_one():
    app = LotteryApplication(env=MEMORY)
    with pytest.raises(RuntimeError, match="no session desk"):
        app.close_session("4b9f9d3c-0b7e-4d7e-9d51-1f1c6f1e2a11")


def test_the_desk_is_given_to_the_application_with_its_guard_and_quiet_time_work():
    app, guard, quiet = LotteryApplication(env=MEMORY), Guard(), threading.Event()
    desk = start_desk(app, guard=guard, when_quiet=quiet.set)
    try:
        desk.quiet_seconds = 0.01
        assert app.desk is desk and desk.guard is guard
        assert not quiet.is_set(), "nothing to do before the desk has worked"
        desk.submit_many([])  # a batch with nothing in it: the quiet moment comes after it
        assert quiet.wait(2), "the process's quiet-time work runs in the desk's quiet moment"
    finally:
        app.close()


def test_the_bootstrap_starts_the_desk_once_every_dependency_is_set_up(monkeypatch):
    app, guard, collections = LotteryApplication(env=MEMORY), Guard(), []
    monkeypatch.setattr(bootstrap.quiet_gc, "collect_and_freeze", lambda: collections.append(1))
    app_provider, guard_provider = ApplicationProvider(lambda _: app), TablesProvider(object, "in_flight")
    app_provider.app, guard_provider.tables = app, guard
    app_provider.attr_name, guard_provider.attr_name = "app", "in_flight"
    starter = LotteryBootstrap(guard="in_flight")
    starter.attr_name = "bootstrap"
    starter.container = SimpleNamespace(dependencies=[app_provider, guard_provider, starter])
    starter.start()
    try:
        assert app.desk.guard is guard
        app.desk.when_idle()
        assert collections == [1], "a full collection in the desk's quiet moment"
    finally:
        app.close()


def test_a_process_without_a_guard_starts_its_desk_without_one():
    app = LotteryApplication(env=MEMORY)
    app_provider = ApplicationProvider(lambda _: app)
    app_provider.app, app_provider.attr_name = app, "app"
    starter = LotteryBootstrap()
    starter.container = SimpleNamespace(dependencies=[app_provider])
    starter.start()
    try:
        assert app.desk.guard is None
    finally:
        app.close()
