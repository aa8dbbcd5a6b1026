"""Selection rules of guide 004 (R004.1–R004.9) on the lottery application in memory, and the
invariants under hypothesis: random interleavings of many families' commands through the desk."""
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from deploy.sim.identity_provider import resident_ids
from shared import clock
from shared.context import CommandContext
from shared.errors import DomainError, RuleViolation
from services.lottery.application.app import LotteryApplication, applicant_hash
from services.lottery.application.desk_setup import start_desk
from shared.identity_documents import identity_document
from services.lottery.domain import draw as d
from services.lottery.domain.selection_round import SelectionRound
from services.lottery.domain.session import SelectionSession

T0 = datetime(2026, 6, 1, 1, 0, tzinfo=timezone.utc)  # 09:00 in Shenzhen
BUREAU = CommandContext(actor_id="officer", role="bureau_officer")


def family(family_id, key=None):
    return CommandContext(actor_id=family_id, role="family", idempotency_key=key)


@pytest.fixture
def fixed():
    moving = clock.FixedClock(T0)
    previous = clock.use_clock(moving)
    yield moving
    clock.use_clock(previous)


def world(families=6, rooms=8, session_size=3):
    app = LotteryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    start_desk(app, gather_seconds=0.001)
    pool = [{"building": "1栋", "room_number": f"{100 + i}", "layout": "2室1厅", "orientation": "S",
             "area_sqm": "55.00"} for i in range(rooms)]
    round_id = app.open_round(BUREAU, name="测试批次", rooms=pool, preselection_start=T0)["round_id"]
    app.register_families(BUREAU, round_id, [{"family_id": f"F{i}", "applicant_id_number": number}
                                             for i, number in enumerate(resident_ids(families))])
    app.announce_draw(BUREAU, round_id, d.commitment("seed-for-tests"))
    app.seal_eligible_list(BUREAU, round_id)
    app.perform_draw(BUREAU, round_id, "seed-for-tests")
    app.plan_sessions(BUREAU, round_id, session_size=session_size, first_formal_start=T0 + timedelta(hours=1),
                      formal_minutes=2)
    selection_round = app.get(round_id, SelectionRound, "round")
    return app, round_id, selection_round, sorted(selection_round.rooms)


def members(selection_round, number=1):
    """Families of a session, best rank first."""
    session = selection_round.sessions[number - 1]
    in_session = [f for f, n in selection_round.membership.items() if n == number]
    order = {f: i for i, f in enumerate(_ranked(selection_round))}
    return sorted(in_session, key=order.__getitem__), session


def _ranked(selection_round):
    by_public = {v["public_id"]: f for f, v in selection_round.families.items()}
    return [by_public[p] for p in d.recompute(list(by_public), "seed-for-tests")]


def open_first_session(app, round_id, fixed):
    fixed.advance(timedelta(hours=1, seconds=1))
    for session_id, action in app.sessions_due(round_id):
        assert action == "open"
        app.open_session(round_id, session_id)
        return session_id
    raise AssertionError("no session to open")


def formal(app, round_id, family_id, command, key, **args):
    return app.formal(family(family_id, key), round_id, command, args)["result"]


def test_R004_1_preselection_runs_until_the_familys_formal_session_starts(fixed):
    app, round_id, selection_round, rooms = world()
    family_id = next(iter(selection_round.membership))
    assert app.preselect(family(family_id), round_id, "add", rooms[0])["cart"] == [rooms[0]]
    fixed.advance(timedelta(hours=1))
    with pytest.raises(RuleViolation) as info:
        app.preselect(family(family_id), round_id, "add", rooms[1])
    assert info.value.code == "outside_preselection_window"


def test_R004_3_a_sixth_room_is_refused(fixed):
    app, round_id, selection_round, rooms = world()
    family_id = next(iter(selection_round.membership))
    for room in rooms[:5]:
        app.preselect(family(family_id), round_id, "add", room)
    with pytest.raises(RuleViolation) as info:
        app.preselect(family(family_id), round_id, "add", rooms[5])
    assert info.value.code == "cart_full"


def test_R004_4_cart_order_moves_up_down_top_and_delete(fixed):
    """R004.4/6: cart order is priority; up, down, top, delete."""
    app, round_id, selection_round, rooms = world()
    f = next(iter(selection_round.membership))
    for room in rooms[:4]:
        app.preselect(family(f), round_id, "add", room)
    assert app.preselect(family(f), round_id, "top", rooms[2])["cart"] == [rooms[2], rooms[0], rooms[1], rooms[3]]
    assert app.preselect(family(f), round_id, "down", rooms[2])["cart"] == [rooms[0], rooms[2], rooms[1], rooms[3]]
    assert app.preselect(family(f), round_id, "up", rooms[3])["cart"] == [rooms[0], rooms[2], rooms[3], rooms[1]]
    assert app.preselect(family(f), round_id, "remove", rooms[0])["cart"] == [rooms[2], rooms[3], rooms[1]]


def test_R004_4_sync_overwrites_what_was_chosen_before_syncing(fixed):
    """R004.4/6: in formal selection, syncing the pre-selection overwrites what was chosen before it."""
    app, round_id, selection_round, rooms = world()
    (first, *_), _ = members(selection_round)
    app.preselect(family(first), round_id, "add", rooms[3])
    open_first_session(app, round_id, fixed)
    formal(app, round_id, first, "enter", "e")
    formal(app, round_id, first, "cart", "c1", operation="add", room_id=rooms[0])
    assert formal(app, round_id, first, "sync", "s") == [rooms[3]]


def test_R004_5_rooms_taken_by_earlier_ranked_families_can_be_removed_and_replaced(fixed):
    app, round_id, selection_round, rooms = world()
    (first, second, _), _ = members(selection_round)
    open_first_session(app, round_id, fixed)
    for f in (first, second):
        formal(app, round_id, f, "enter", f"e{f}")
        formal(app, round_id, f, "cart", f"c{f}", operation="add", room_id=rooms[0])
    formal(app, round_id, first, "confirm", "k1", room_id=rooms[0])
    mine = app.my_selection(family(second), round_id)["session"]["cart"]
    assert mine == [{"room_id": rooms[0], "taken": True}]
    with pytest.raises(RuleViolation):
        formal(app, round_id, second, "confirm", "k2", room_id=rooms[0])
    formal(app, round_id, second, "cart", "r", operation="remove", room_id=rooms[0])
    formal(app, round_id, second, "cart", "a", operation="add", room_id=rooms[1])
    assert formal(app, round_id, second, "confirm", "k3", room_id=rooms[1]) == rooms[1]


def test_R004_7_confirmation_is_irrevocable_and_a_retry_changes_nothing(fixed):
    app, round_id, selection_round, rooms = world()
    (first, *_), _ = members(selection_round)
    session_id = open_first_session(app, round_id, fixed)
    formal(app, round_id, first, "enter", "e")
    formal(app, round_id, first, "cart", "c1", operation="add", room_id=rooms[0])
    formal(app, round_id, first, "cart", "c2", operation="add", room_id=rooms[1])
    assert formal(app, round_id, first, "confirm", "k", room_id=rooms[0]) == rooms[0]
    version = app.get(session_id, SelectionSession, "session").version
    assert formal(app, round_id, first, "confirm", "k", room_id=rooms[0]) == rooms[0]
    assert app.get(session_id, SelectionSession, "session").version == version
    with pytest.raises(RuleViolation) as info:
        formal(app, round_id, first, "confirm", "k-other", room_id=rooms[1])
    assert info.value.code == "already_confirmed"


def test_a_failed_lease_releases_the_room_once_and_only_the_familys_own(fixed):
    """The lease saga's compensation (R004.11–15): a rejected or lapsed lease frees its room again."""
    app, round_id, selection_round, rooms = world()
    (first, second, *_), _ = members(selection_round)
    session_id = open_first_session(app, round_id, fixed)
    formal(app, round_id, first, "enter", "e")
    formal(app, round_id, first, "cart", "c1", operation="add", room_id=rooms[0])
    formal(app, round_id, first, "confirm", "k", room_id=rooms[0])
    assert app.release_allocation(BUREAU, round_id, second, rooms[0], "lease_rejected") is False  # not theirs
    assert app.release_allocation(BUREAU, round_id, first, rooms[0], "lease_rejected") is True
    assert app.release_allocation(BUREAU, round_id, first, rooms[0], "lease_rejected") is False  # redelivered
    session = app.get(session_id, SelectionSession, "session")
    assert rooms[0] not in session.taken and first not in session.allocated
    assert session.statistics()["confirmed"] == 0


def test_the_desk_sees_what_another_process_saved_to_the_session(fixed):
    """The desk keeps a working copy of each session; it must bring it up to date from the store, since
    another lottery process (here: a write that bypasses this desk) may have changed the session."""
    app, round_id, selection_round, rooms = world()
    (first, second, *_), _ = members(selection_round)
    session_id = open_first_session(app, round_id, fixed)
    for family in (first, second):
        formal(app, round_id, family, "enter", f"e-{family}")
        formal(app, round_id, family, "cart", f"c-{family}", operation="add", room_id=rooms[0])
    formal(app, round_id, first, "confirm", "k1", room_id=rooms[0])
    elsewhere = app.get(session_id, SelectionSession, "session")
    elsewhere.release(first, rooms[0], "lease_rejected")
    app.save(elsewhere)
    assert formal(app, round_id, second, "confirm", "k2", room_id=rooms[0]) == rooms[0]
    session = app.get(session_id, SelectionSession, "session")
    assert session.allocated == {second: rooms[0]} and session.taken[rooms[0]] == second


def test_rounds_recorded_before_lease_terms_existed_are_upcast_with_the_default_terms():
    state = {"name": "旧批次"}
    SelectionRound.RoundOpened.upcast_v1_v2(state)
    assert state["lease_terms"]["rent_per_sqm"] == "30.00" and state["lease_terms"]["sign_within_hours"] == 72


def test_R004_7_at_window_end_the_first_free_cart_room_goes_to_each_family_in_ranking_order(fixed):
    app, round_id, selection_round, rooms = world()
    (first, second, third), plan = members(selection_round)
    session_id = open_first_session(app, round_id, fixed)
    carts = {first: [rooms[0], rooms[1]], second: [rooms[0], rooms[2]], third: [rooms[2], rooms[0]]}
    for f, cart in carts.items():
        formal(app, round_id, f, "enter", f"e{f}")
        for i, room in enumerate(cart):
            formal(app, round_id, f, "cart", f"c{f}{i}", operation="add", room_id=room)
    fixed.advance(timedelta(minutes=2))
    assert app.sessions_due(round_id) == [(session_id, "close")]
    app.close_session(session_id)
    session = app.get(session_id, SelectionSession, "session")
    assert session.allocated == {first: rooms[0], second: rooms[2]}
    assert session.without_room == [third]
    assert app.my_selection(family(second), round_id)["session"]["auto_assigned"] is True


def test_simultaneous_confirmations_of_one_room_go_to_the_better_ranked_family(fixed):
    app, round_id, selection_round, rooms = world(families=6, session_size=6)
    ranked, _ = members(selection_round)
    open_first_session(app, round_id, fixed)
    for f in ranked:
        formal(app, round_id, f, "enter", f"e{f}")
        formal(app, round_id, f, "cart", f"c{f}", operation="add", room_id=rooms[0])
    app.desk.gather_seconds = 0.2  # everyone's click lands in the same batch
    outcomes = {}

    def click(f):
        try:
            outcomes[f] = formal(app, round_id, f, "confirm", f"k{f}", room_id=rooms[0])
        except DomainError as exc:
            outcomes[f] = exc.code

    threads = [threading.Thread(target=click, args=(f,)) for f in reversed(ranked)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes[ranked[0]] == rooms[0]
    assert all(outcomes[f] == "room_taken" for f in ranked[1:])


def test_R004_9_supplementary_until_three_minutes_after_the_last_session(fixed):
    app, round_id, selection_round, rooms = world(families=6, session_size=3)
    (late, *_), _ = members(selection_round, 1)
    with pytest.raises(RuleViolation) as early:
        app.apply_supplementary(family(late), round_id)
    assert early.value.code == "session_not_ended"
    last_end = datetime.fromisoformat(selection_round.sessions[-1]["formal_end"])
    fixed.advance(last_end + timedelta(minutes=3) - fixed.now())
    assert app.apply_supplementary(family(late), round_id)["reason"] == "missed_session"
    (other, *_), _ = members(selection_round, 2)
    fixed.advance(timedelta(seconds=1))
    with pytest.raises(RuleViolation) as closed:
        app.apply_supplementary(family(other), round_id)
    assert closed.value.code == "supplementary_closed"


def test_R004_9_families_who_gave_up_cannot_apply(fixed):
    app, round_id, selection_round, rooms = world()
    (first, *_), _ = members(selection_round)
    open_first_session(app, round_id, fixed)
    formal(app, round_id, first, "enter", "e")
    formal(app, round_id, first, "give_up", "g")
    fixed.advance(timedelta(minutes=2))
    with pytest.raises(RuleViolation) as info:
        app.apply_supplementary(family(first), round_id)
    assert info.value.code == "gave_up"


def test_commands_outside_the_window_are_refused(fixed):
    app, round_id, selection_round, rooms = world()
    (first, *_), _ = members(selection_round)
    with pytest.raises(RuleViolation) as info:
        formal(app, round_id, first, "enter", "e")
    assert info.value.code == "outside_session_window"


FAMILIES = 8
COMMANDS = st.lists(st.tuples(st.integers(0, FAMILIES - 1), st.sampled_from(["add", "remove", "top", "confirm",
                                                                               "give_up"]),
                              st.integers(0, 5)), max_size=60)


@settings(max_examples=40, deadline=None)
@given(COMMANDS, st.integers(1, 8))
def test_invariants_hold_for_any_interleaving_of_many_families(commands, batch_every):
    moving = clock.FixedClock(T0)
    previous = clock.use_clock(moving)
    try:
        app, round_id, selection_round, rooms = world(families=FAMILIES, rooms=6, session_size=FAMILIES)
        families, _ = members(selection_round)
        session_id = open_first_session(app, round_id, moving)
        for f in families:
            formal(app, round_id, f, "enter", f"e{f}")
        batch: list = []

        def run(batch):
            threads = []
            for n, (who, command, room) in enumerate(batch):
                f = families[who]
                args = {"room_id": rooms[room]} if command != "give_up" else {}
                name = "cart" if command in ("add", "remove", "top") else command
                if name == "cart":
                    args["operation"] = command

                def act(f=f, name=name, args=args, n=n):
                    try:
                        app.formal(family(f, f"{f}-{n}-{len(threads)}-{id(batch)}"), round_id, name, args)
                    except DomainError:
                        pass
                threads.append(threading.Thread(target=act))
            for t in threads:
                t.start()
            for t in threads:
                t.join()

        for i, command in enumerate(commands):
            batch.append(command)
            if len(batch) >= batch_every:
                run(batch)
                batch = []
        run(batch)
        before = app.get(session_id, SelectionSession, "session")
        expected = dict(before.allocated)
        taken = set(before.taken)
        for f in sorted(before.ranks, key=before.ranks.__getitem__):
            if f in expected or f in before.gave_up:
                continue
            room = next((r for r in before.carts.get(f, []) if r not in taken), None)
            if room:
                expected[f] = room
                taken.add(room)
        moving.advance(timedelta(minutes=2))
        app.close_session(session_id)
        after = app.get(session_id, SelectionSession, "session")
        assert len(set(after.allocated.values())) == len(after.allocated), "a room went to two families"
        assert all(after.taken[room] == f for f, room in after.allocated.items()), "a family holds two rooms"
        assert after.allocated == expected, "window end follows ranking and cart order exactly"
    finally:
        clock.use_clock(previous)


def test_decisions_made_by_the_desk_carry_who_asked_and_why(fixed):
    """The desk decides in its own thread; each event still records its caller's context (auditors)."""
    from shared.context import acting_as

    app, round_id, selection_round, rooms = world()
    (first, *_), _ = members(selection_round)
    session_id = open_first_session(app, round_id, fixed)
    ctx = CommandContext(actor_id=first, role="family", correlation_id="corr-desk", idempotency_key="e")
    with acting_as(ctx):
        app.formal(ctx, round_id, "enter", {})
    entered = [e for e in app.events.get(uuid.UUID(session_id)) if type(e).__name__ == "RulesAccepted"]
    assert entered[-1].meta["actor_id"] == first and entered[-1].meta["correlation_id"] == "corr-desk"


def counting_loads(app):
    loaded = []
    original = app.get

    def get(aggregate_id, kind, what):
        loaded.append(str(aggregate_id))
        return original(aggregate_id, kind, what)
    app.get = get
    return loaded


def test_the_window_timer_loads_an_open_session_only_once_its_window_has_ended(fixed):
    app, round_id, selection_round, rooms = world()
    session_id = open_first_session(app, round_id, fixed)
    assert app.sessions_due(round_id) == []  # sees it open
    loaded = counting_loads(app)
    fixed.advance(timedelta(minutes=1))
    assert app.sessions_due(round_id) == [] and session_id not in loaded
    fixed.advance(timedelta(minutes=1))
    assert app.sessions_due(round_id) == [(session_id, "close")] and session_id in loaded
    app.close_session(session_id)
    app.sessions_due(round_id)
    loaded.clear()
    app.sessions_due(round_id)
    assert session_id not in loaded, "a session seen closed is not loaded again"


def test_a_session_left_open_long_after_its_window_is_still_closed(fixed):
    """However long the lottery was down, a session whose window has ended gets its window-end assignment."""
    app, round_id, selection_round, rooms = world()
    session_id = open_first_session(app, round_id, fixed)
    fixed.advance(timedelta(days=1))
    assert (session_id, "close") in app.sessions_due(round_id)


def test_the_desk_snapshots_a_busy_session_from_its_working_copy_once_it_is_quiet(fixed):
    app, round_id, selection_round, rooms = world()
    (first, second, third), _ = members(selection_round)
    session_id = open_first_session(app, round_id, fixed)
    app.desk.quiet_seconds = 0.5
    for f in (first, second, third):
        formal(app, round_id, f, "enter", f"e{f}")
    for i in range(110):
        formal(app, round_id, first, "cart", f"c{i}", operation="add" if i % 2 == 0 else "remove", room_id=rooms[0])
    formal(app, round_id, second, "cart", "c-second", operation="add", room_id=rooms[1])
    last_command = time.monotonic()
    snapshots = []
    while not snapshots and time.monotonic() < last_command + 5:
        snapshots = list(app.snapshots.get(uuid.UUID(session_id), desc=True, limit=1))
    assert snapshots and snapshots[0].originator_version >= 100
    assert time.monotonic() - last_command >= 0.5, "not in a gap between batches: after a quiet half second"
    rebuilt = app.get(session_id, SelectionSession, "session")
    assert rebuilt.version == 1 + 1 + 3 + 110 + 1
    assert {f: rebuilt.carts.get(f, []) for f in (first, second, third)} == {first: [], second: [rooms[1]], third: []}


def test_R001_10_a_person_is_the_main_applicant_of_one_family_only():
    app, round_id, _, _ = world(families=2)
    fresh = app.open_round(BUREAU, name="另一批", rooms=[{"building": "1栋", "room_number": "101", "layout": "2室1厅",
                                                          "orientation": "S", "area_sqm": "55.00"}],
                           preselection_start=T0)["round_id"]
    number = resident_ids(1, first=7)[0]
    app.register_families(BUREAU, fresh, [{"family_id": "A", "applicant_id_number": number}])
    with pytest.raises(RuleViolation) as caught:
        app.register_families(BUREAU, fresh, [{"family_id": "B", "applicant_id_number": number[:6] + number[8:17]}])
    assert caught.value.code == "applicant_registered_twice"
    with pytest.raises(RuleViolation):
        app.register_families(BUREAU, fresh, [{"family_id": "C", "applicant_id_number": resident_ids(1, first=8)[0]},
                                              {"family_id": "D", "applicant_id_number": resident_ids(1, first=8)[0]}])
    assert app.family_for_applicant(fresh, applicant_hash(identity_document(number[:6] + number[8:17]))) == "A"
