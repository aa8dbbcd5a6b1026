"""The desk's working copies: brought up to date from the store rather than rebuilt, dropped when a save
fails, and snapshotted in a quiet moment once a save has passed a multiple of SNAPSHOT_EVERY events."""
import uuid

import pytest
from eventsourcing.persistence import IntegrityError

from services.lottery.application.working_copies import WorkingCopies
from services.lottery.domain.session import SelectionSession
from tests.unit.test_selection import fixed, members, open_first_session, world  # noqa: F401 (fixture)


@pytest.fixture
def session(fixed):  # noqa: F811
    app, round_id, selection_round, rooms = world()
    (first, second, _), _ = members(selection_round)
    session_id = uuid.UUID(open_first_session(app, round_id, fixed))
    return app, session_id, (first, second), rooms


def entered_elsewhere(app, session_id, family_id):
    """Another process's write to the session, behind this desk's back."""
    elsewhere = app.get(session_id, SelectionSession, "session")
    elsewhere.enter(family_id, f"e-{family_id}")
    app.save(elsewhere)
    return elsewhere


def test_a_copy_is_kept_and_brought_up_to_date_with_what_others_saved(session):
    app, session_id, (first, second), _ = session
    copies = WorkingCopies(app)
    copy = copies.load(session_id)
    elsewhere = entered_elsewhere(app, session_id, first)
    again = copies.load(session_id)
    assert again is copy, "the same copy, not a rebuilt session"
    assert first in again.entered and again.version == elsewhere.version


def test_a_copy_whose_save_failed_is_dropped(session):
    app, session_id, (first, second), _ = session
    copies = WorkingCopies(app)
    stale = copies.load(session_id)
    entered_elsewhere(app, session_id, second)
    stale.enter(first, "e1")
    with pytest.raises(IntegrityError):
        copies.save(stale)
    assert session_id not in copies.copies
    fresh = copies.load(session_id)
    assert fresh is not stale and second in fresh.entered and first not in fresh.entered


def test_a_snapshot_is_due_once_a_save_passes_a_multiple_and_is_taken_when_asked(session, monkeypatch):
    app, session_id, (first, second), rooms = session
    copies = WorkingCopies(app)
    monkeypatch.setattr(WorkingCopies, "SNAPSHOT_EVERY", 4)
    copy = copies.load(session_id)
    copy.enter(first, "e1")
    copies.save(copy)
    assert copies.snapshots_due == set(), f"version {copy.version}: no multiple of 4 passed yet"
    copy = copies.load(session_id)
    copy.enter(second, "e2")
    copy.change_cart(first, "add", rooms[0], "c1")
    copies.save(copy)
    assert copies.snapshots_due == {session_id}
    assert list(app.snapshots.get(session_id)) == [], "not taken during the save"
    copies.take_due_snapshots()
    [snapshot] = app.snapshots.get(session_id)
    assert snapshot.originator_version == copy.version and copies.snapshots_due == set()
