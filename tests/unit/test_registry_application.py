"""Registry application in memory: accounts, R000.1–R000.3, org boundaries, idempotent commands."""
import pytest

from datetime import date, datetime, timezone

from shared.errors import Conflict, Forbidden, InvalidInput, RuleViolation, Unauthenticated
from services.registry.application.app import RegistryApplication
from tests.unit.conftest import developer_ctx
from tests.unit.sign_in_support import MemoryLedger


@pytest.fixture
def app(fast_passwords):
    return RegistryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, passwords=fast_passwords,
                               ledger=MemoryLedger())


def register(app, ctx, code="91421000MA4DEMO001"):
    developer_id = app.register_developer(ctx, name="示范置业", credit_code=code)
    project_id = app.register_project(ctx, developer_id=developer_id, name="明珠花园", permit_number="P-1")
    return developer_id, project_id


def test_authentication_needs_the_right_password(app, bureau_ctx):
    app.open_account(bureau_ctx, username="clerk", password="correct horse battery", role="auditor",
                     org_id=None, display_name="Clerk")
    assert app.authenticate("clerk", "correct horse battery")["role"] == "auditor"
    with pytest.raises(Unauthenticated) as wrong:
        app.authenticate("clerk", "wrong horse battery!")
    with pytest.raises(Unauthenticated) as unknown:
        app.authenticate("nobody", "correct horse battery")
    assert wrong.value.code == unknown.value.code == "invalid_credentials"


def test_passwords_are_stored_only_as_argon2_hashes(app, bureau_ctx):
    account_id = app.open_account(bureau_ctx, username="clerk", password="correct horse battery",
                                  role="auditor", org_id=None, display_name="Clerk")
    for notification in app.notification_log.select(start=1, limit=10):
        assert b"correct horse battery" not in notification.state
    assert app.repository.get(__import__("uuid").UUID(account_id)).password_hash.startswith("$argon2id$")


def test_weak_passwords_and_duplicate_usernames_are_refused(app, bureau_ctx):
    with pytest.raises(InvalidInput):
        app.open_account(bureau_ctx, username="clerk", password="short", role="auditor", org_id=None,
                         display_name="C")
    app.open_account(bureau_ctx, username="clerk", password="long enough password", role="auditor",
                     org_id=None, display_name="C")
    with pytest.raises(Conflict):
        app.open_account(bureau_ctx, username="CLERK", password="long enough password", role="auditor",
                         org_id=None, display_name="C")


def test_R000_1_developer_login_needs_the_electronic_key(app, bureau_ctx):
    with pytest.raises(InvalidInput):
        app.open_account(bureau_ctx, username="dev", password="long enough password", role="developer",
                         org_id=None, display_name="D")
    developer_id, _ = register(app, bureau_ctx)
    key = app.grant_network_access(bureau_ctx, developer_id, permit_number="P-1",
                                   permit_issued_on=date.today())["electronic_key"]
    app.open_account(bureau_ctx, username="dev", password="long enough password", role="developer",
                     org_id=developer_id, display_name="D")
    with pytest.raises(Unauthenticated) as missing:
        app.authenticate("dev", "long enough password")
    assert missing.value.code == "invalid_credentials"
    with pytest.raises(Unauthenticated):
        app.authenticate("dev", "long enough password", key[:-1] + ("x" if key[-1] != "x" else "y"))
    assert app.authenticate("dev", "long enough password", key)["org_id"] == developer_id
    stored = app.recorder.select_notifications(start=1, limit=1000)
    assert stored and all(key.encode() not in n.state for n in stored), "only the key's hash is stored"


def test_R000_1_admission_within_three_working_days_or_with_a_reason(app, bureau_ctx):
    developer_id, _ = register(app, bureau_ctx)
    from shared import clock

    fixed = clock.FixedClock(datetime(2026, 5, 8, 2, 0, tzinfo=timezone.utc))  # Friday in Shanghai
    previous = clock.use_clock(fixed)
    try:
        app.grant_network_access(bureau_ctx, developer_id, permit_number="P-1", permit_issued_on=date(2026, 5, 5))
        with pytest.raises(RuleViolation) as late:
            app.grant_network_access(bureau_ctx, developer_id, permit_number="P-1",
                                     permit_issued_on=date(2026, 5, 4))
        assert late.value.code == "late_admission_needs_reason"
        app.grant_network_access(bureau_ctx, developer_id, permit_number="P-1", permit_issued_on=date(2026, 5, 4),
                                 late_reason="企业材料补正")
    finally:
        clock.use_clock(previous)


def test_R000_2_the_developer_sets_its_own_introductions(app, bureau_ctx):
    developer_id, project_id = register(app, bureau_ctx)
    other_id, _ = register(app, bureau_ctx, code="91421000MA4OTHER01")
    app.set_developer_intro(developer_ctx(developer_id), developer_id, "企业简介")
    app.set_project_intro(developer_ctx(developer_id), project_id, "楼盘介绍")
    assert app.get_project(bureau_ctx, project_id)["intro"] == "楼盘介绍"
    with pytest.raises(Forbidden):
        app.set_project_intro(developer_ctx(other_id), project_id, "冒名")
    with pytest.raises(Forbidden):
        app.set_developer_intro(bureau_ctx, developer_id, "由局方代写")


def test_R000_3_building_rules_are_set_and_changed_by_the_bureau_only(app, bureau_ctx):
    developer_id, project_id = register(app, bureau_ctx)
    before = app.recorder.max_notification_id()
    with pytest.raises(Forbidden):
        app.set_building_rules(developer_ctx(developer_id), project_id=project_id, name="1栋", floors=2,
                               units_per_floor=2)
    assert app.recorder.max_notification_id() == before
    result = app.set_building_rules(bureau_ctx, project_id=project_id, name="1栋", floors=2, units_per_floor=2)
    assert [r["room_number"] for r in result["rooms"]] == ["101", "102", "201", "202"]
    with pytest.raises(Forbidden):
        app.change_building_rules(developer_ctx(developer_id), result["building_id"], floors=3, units_per_floor=2)
    changed = app.change_building_rules(bureau_ctx, result["building_id"], floors=3, units_per_floor=1)
    assert changed["added"] == ["301"] and changed["removed"] == ["102", "202"]


def test_R000_3_rooms_with_info_cannot_be_removed_by_a_rule_change(app, bureau_ctx):
    developer_id, project_id = register(app, bureau_ctx)
    result = app.set_building_rules(bureau_ctx, project_id=project_id, name="1栋", floors=1, units_per_floor=2)
    app.submit_room_info(developer_ctx(developer_id), result["rooms"][1]["room_id"], {"saleable": True})
    head = app.recorder.max_notification_id()
    with pytest.raises(RuleViolation):
        app.change_building_rules(bureau_ctx, result["building_id"], floors=1, units_per_floor=1)
    assert app.recorder.max_notification_id() == head


def test_a_developer_touches_only_its_own_rooms(app, bureau_ctx):
    developer_id, project_id = register(app, bureau_ctx)
    other_id, _ = register(app, bureau_ctx, code="91421000MA4OTHER01")
    room_id = app.set_building_rules(bureau_ctx, project_id=project_id, name="1栋", floors=1,
                                     units_per_floor=1)["rooms"][0]["room_id"]
    with pytest.raises(Forbidden):
        app.submit_room_info(developer_ctx(other_id), room_id, {"saleable": True})
    with pytest.raises(Forbidden):
        app.get_project(developer_ctx(other_id), project_id)
    assert app.get_room(developer_ctx(developer_id), room_id)["review_state"] == "no_info"


def test_a_retried_command_with_the_same_idempotency_key_does_it_once(app, bureau_ctx):
    developer_id, project_id = register(app, bureau_ctx)
    ctx = bureau_ctx.__class__(**{**bureau_ctx.as_meta(), "idempotency_key": "k-1"})
    first = app.set_building_rules(ctx, project_id=project_id, name="1栋", floors=1, units_per_floor=2)
    head = app.recorder.max_notification_id()
    again = app.set_building_rules(ctx, project_id=project_id, name="1栋", floors=1, units_per_floor=2)
    assert again == first
    assert app.recorder.max_notification_id() == head
    with pytest.raises(Conflict) as reused:
        app.register_project(ctx, developer_id=developer_id, name="x", permit_number="y")
    assert reused.value.code == "idempotency_key_reused"
