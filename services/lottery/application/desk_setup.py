"""Starting a process's session desk for the lottery application (done once, by the process's bootstrap)."""
from __future__ import annotations

from typing import Any, Callable

from services.lottery.application.session_desk import SessionDesk
from services.lottery.application.working_copies import WorkingCopies


def start_desk(app: Any, *, gather_seconds: float = 0.01, guard: Any = None,
               when_quiet: Callable[[], None] | None = None) -> SessionDesk:
    """Give `app` a running desk that decides on working copies of the sessions, keeps each family to one
    request in flight with `guard` (if given), and in its quiet moments takes the due snapshots and
    then runs `when_quiet` (the process's own quiet-time work)."""
    copies = WorkingCopies(app)

    def in_a_quiet_moment() -> None:
        copies.take_due_snapshots()
        if when_quiet is not None:
            when_quiet()

    desk = SessionDesk(copies.load, copies.save, gather_seconds=gather_seconds, when_idle=in_a_quiet_moment)
    if guard is not None:
        desk.attach_guard(guard)
    app.use_desk(desk)
    return desk
