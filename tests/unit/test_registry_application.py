"""Registry application in memory: accounts, R000.1–R000.3, org boundaries, idempotent commands."""
import pytest

from shared.errors import Conflict, Forbidden, InvalidInput, Unauthenticated
from services.registry.application.app import RegistryApplication
from tests.unit.conftest import developer_ctx


@pytest.fixture
def app(fast_passwords):
    return RegistryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, passwords=fast_passwords)


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


def test_R000_1_developer_accounts_belong_to_an_admitted_developer(app, bureau_ctx):
    with pytest.raises(InvalidInput):
        app.open_account(bureau_ctx, username="dev", password="long enough password", role="developer",
                         org_id=None, display_name="D")
    developer_id, _ = register(app, bureau_ctx)
    app.open_account(bureau_ctx, username="dev", password="long enough password", role="developer",
                     org_id=developer_id, display_name="D")
    assert app.authenticate("dev", "long enough password")["org_id"] == developer_id


def test_R000_3_building_rules_are_set_by_the_bureau_only(app, bureau_ctx):
    developer_id, project_id = register(app, bureau_ctx)
    before = app.recorder.max_notification_id()
    with pytest.raises(Forbidden):
        app.set_building_rules(developer_ctx(developer_id), project_id=project_id, name="1栋", floors=2,
                               units_per_floor=2)
    assert app.recorder.max_notification_id() == before
    result = app.set_building_rules(bureau_ctx, project_id=project_id, name="1栋", floors=2, units_per_floor=2)
    assert [r["room_number"] for r in result["rooms"]] == ["101", "102", "201", "202"]


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
