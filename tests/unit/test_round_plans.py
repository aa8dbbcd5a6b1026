"""Round plans: a planned round is read once per process (however many callers arrive together), a round
not planned yet is read afresh, and a family outside the round has no session."""
import threading
import time

import pytest

from shared.errors import RuleViolation
from services.lottery.application.round_plans import RoundPlans
from services.lottery.domain.selection_round import SelectionRound
from tests.unit.test_selection import BUREAU, T0, fixed, world  # noqa: F401 (fixture)


def counted_reads(app):
    reads = []

    def read(round_id):
        reads.append(round_id)
        time.sleep(0.01)  # long enough for the other callers to arrive meanwhile
        return app.get(round_id, SelectionRound, "round")
    return RoundPlans(read), reads


def test_a_planned_round_is_read_once_even_by_callers_arriving_together(fixed):  # noqa: F811
    app, round_id, selection_round, rooms = world()
    plans, reads = counted_reads(app)
    found = []
    callers = [threading.Thread(target=lambda: found.append(plans.of(round_id))) for _ in range(8)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert reads == [round_id] and len({id(plan) for plan in found}) == 1
    plan = found[0]
    assert plan.rooms == frozenset(rooms) and plan.membership == selection_round.membership
    assert plan.session_of(next(iter(selection_round.membership)))["number"] in (1, 2)
    with pytest.raises(RuleViolation) as outside:
        plan.session_of("not-a-family")
    assert outside.value.code == "not_in_round"


def test_a_round_not_planned_yet_is_read_again_until_it_is(fixed):  # noqa: F811
    app, _, _, _ = world()
    unplanned = app.open_round(BUREAU, name="未排期", rooms=[{"building": "2栋", "room_number": "101"}],
                               preselection_start=T0)["round_id"]
    plans, reads = counted_reads(app)
    assert plans.of(unplanned).sessions == [] and plans.of(unplanned).sessions == []
    assert reads == [unplanned, unplanned]

