"""What a lottery process sets up once, as it starts, rather than on a call: its session desk, the
in-flight guard that desk keeps each family to (in the process that has one), and garbage collection
in the desk's quiet moments (`shared/quiet_gc.py`)."""
from __future__ import annotations

from typing import Any

from nameko.extensions import DependencyProvider

from shared import quiet_gc
from services.lottery.application.desk_setup import start_desk


class LotteryBootstrap(DependencyProvider):
    """Starts the desk of the application held by the service's `app` dependency, with the guard held by its
    `guard` dependency if one is named. It runs in `start`, once every dependency has been set up."""

    def __init__(self, guard: str | None = None, app: str = "app") -> None:
        self.guard = guard
        self.app = app

    def start(self) -> None:
        dependencies = {provider.attr_name: provider for provider in self.container.dependencies}
        guard = dependencies[self.guard].tables if self.guard else None
        start_desk(dependencies[self.app].app, guard=guard, when_quiet=quiet_gc.collect_and_freeze)

    def get_dependency(self, worker_ctx: Any) -> None:
        return None
