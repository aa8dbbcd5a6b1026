"""The window timer's list of rounds comes from the lottery's own log (issue 10, section 2): a round
counts from its session planning until every session's window has closed, whatever any read model says."""
from datetime import date, timedelta

from services.lottery.application.app import LotteryApplication
from services.lottery.domain.session import CLOSED
from shared.identity_documents import resident_id_number
from tests.unit.test_selection import BUREAU, T0, fixed, open_first_session, world  # noqa: F401


def close_all_windows(app, round_id, clock_):
    while True:
        due = app.sessions_due(round_id)
        if not due:
            if all(app._status_of(s["session_id"]) == CLOSED for s in app.plan_of(round_id).sessions):
                return
            clock_.advance(timedelta(minutes=2))
            continue
        for session_id, action in due:
            if action == "open":
                app.open_session(round_id, session_id)
            else:
                app.close_session(session_id)


def test_a_planned_round_has_windows_until_every_session_has_closed(fixed):
    app, round_id, _, _ = world(families=6, session_size=3)
    unplanned = app.open_round(BUREAU, name="未排期", rooms=[{"building": "2栋", "room_number": "101"}],
                               preselection_start=T0)["round_id"]
    assert app.rounds_with_windows() == [round_id]
    open_first_session(app, round_id, fixed)
    assert app.rounds_with_windows() == [round_id]
    close_all_windows(app, round_id, fixed)
    assert app.rounds_with_windows() == []
    assert unplanned not in app.rounds_with_windows()


def test_another_process_finds_the_rounds_in_the_log_it_shares(fixed):
    app, round_id, _, _ = world()
    twin = LotteryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    twin.recorder = app.recorder
    twin.calendar.recorder = app.recorder
    assert twin.rounds_with_windows() == [round_id]


def test_the_calendar_reads_the_log_in_pages_and_only_what_is_new(fixed):
    app, first, _, _ = world()
    app.calendar.page = 2
    assert app.rounds_with_windows() == [first]
    read_up_to = app.calendar.read_up_to
    assert read_up_to == app.recorder.max_notification_id()
    second = world_in(app)
    assert app.rounds_with_windows() == [first, second]
    assert app.calendar.read_up_to > read_up_to


def world_in(app):
    from services.lottery.domain import draw as d

    round_id = app.open_round(BUREAU, name="第二批", rooms=[{"building": "3栋", "room_number": "101"}],
                              preselection_start=T0)["round_id"]
    app.register_families(BUREAU, round_id, [{"family_id": "G1", "applicant_id_number": resident_id_number("440300", date(1980, 1, 1), 9)}])
    app.announce_draw(BUREAU, round_id, d.commitment("s2"))
    app.seal_eligible_list(BUREAU, round_id)
    app.perform_draw(BUREAU, round_id, "s2")
    app.plan_sessions(BUREAU, round_id, session_size=1, first_formal_start=T0 + timedelta(hours=3))
    return round_id
