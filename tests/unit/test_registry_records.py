"""The bureau's records in memory: enterprises, projects, buildings and the room-review queue (R000.1–R000.5)."""
from datetime import date

import pytest

from shared.context import CommandContext
from shared.errors import Forbidden
from services.registry.application.app import RegistryApplication
from tests.unit.conftest import developer_ctx
from tests.unit.sign_in_support import MemoryLedger

INFO = {"area_sqm": "89.50", "usage": "residential", "layout": "3室2厅", "orientation": "S",
        "price_per_sqm": "7800.00", "saleable": True}
AUDITOR = CommandContext(actor_id="auditor-1", role="auditor", correlation_id="corr-3")


@pytest.fixture
def app(fast_passwords):
    return RegistryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, passwords=fast_passwords,
                               ledger=MemoryLedger())


def enterprise(app, ctx, code, project="明珠花园"):
    developer_id = app.register_developer(ctx, name=f"置业{code[-3:]}", credit_code=code)
    project_id = app.register_project(ctx, developer_id=developer_id, name=project, permit_number="荆房预售许字第1号")
    return developer_id, project_id


def test_R000_1_the_bureau_lists_enterprises_newest_first_with_their_admission(app, bureau_ctx):
    first, _ = enterprise(app, bureau_ctx, "91421000MA4DEMO001")
    second, _ = enterprise(app, bureau_ctx, "91421000MA4DEMO002")
    app.grant_network_access(bureau_ctx, first, permit_number="P-1",
                             permit_issued_on=date.today())
    listed = app.list_developers(bureau_ctx)["developers"]
    assert [d["developer_id"] for d in listed] == [second, first]
    assert [d["admitted"] for d in listed] == [False, True]
    assert app.list_developers(AUDITOR)["developers"] == listed
    with pytest.raises(Forbidden):
        app.list_developers(developer_ctx(first))


def test_R000_2_a_developer_lists_only_its_own_projects_whatever_it_asks_for(app, bureau_ctx):
    mine, my_project = enterprise(app, bureau_ctx, "91421000MA4DEMO001", "甲园")
    theirs, their_project = enterprise(app, bureau_ctx, "91421000MA4DEMO002", "乙园")
    assert [p["project_id"] for p in app.list_projects(bureau_ctx)["projects"]] == [their_project, my_project]
    assert [p["project_id"] for p in app.list_projects(bureau_ctx, theirs)["projects"]] == [their_project]
    own = app.list_projects(developer_ctx(mine), theirs)["projects"]
    assert [(p["project_id"], p["permit_number"]) for p in own] == [(my_project, "荆房预售许字第1号")]


def test_R000_3_buildings_are_listed_with_their_rules_after_a_change(app, bureau_ctx):
    developer_id, project_id = enterprise(app, bureau_ctx, "91421000MA4DEMO001")
    building = app.set_building_rules(bureau_ctx, project_id=project_id, name="1栋", floors=2, units_per_floor=2)
    app.change_building_rules(bureau_ctx, building["building_id"], floors=3, units_per_floor=2)
    listed = app.list_buildings(developer_ctx(developer_id), project_id)["buildings"]
    assert listed == [{"building_id": building["building_id"], "project_id": project_id, "name": "1栋",
                       "floors": 3, "units_per_floor": 2, "room_count": 6, "first_room": "101",
                       "last_room": "302"}]
    other, _ = enterprise(app, bureau_ctx, "91421000MA4DEMO002")
    with pytest.raises(Forbidden):
        app.list_buildings(developer_ctx(other), project_id)


def test_R000_5_the_review_queue_holds_submitted_rooms_until_they_are_decided(app, bureau_ctx):
    developer_id, project_id = enterprise(app, bureau_ctx, "91421000MA4DEMO001")
    rooms = app.set_building_rules(bureau_ctx, project_id=project_id, name="1栋", floors=1,
                                   units_per_floor=3)["rooms"]
    clerk = developer_ctx(developer_id)
    for room in rooms:
        app.submit_room_info(clerk, room["room_id"], INFO)
    queue = app.rooms_for_review(bureau_ctx)["rooms"]
    assert [r["room_number"] for r in queue] == ["101", "102", "103"]
    assert queue[0]["proposed_info"] == INFO and queue[0]["building_name"] == "1栋"
    app.review_room_info(bureau_ctx, rooms[0]["room_id"], approve=True, reasons=[])
    app.review_room_info(bureau_ctx, rooms[1]["room_id"], approve=False, reasons=["面积有误"])
    assert [r["room_number"] for r in app.rooms_for_review(bureau_ctx)["rooms"]] == ["103"]
    app.submit_room_info(clerk, rooms[1]["room_id"], INFO)  # corrected and submitted again
    assert [r["room_number"] for r in app.rooms_for_review(bureau_ctx)["rooms"]] == ["103", "102"]
    assert app.rooms_for_review(bureau_ctx, "00000000-0000-0000-0000-000000000000")["rooms"] == []
    with pytest.raises(Forbidden):
        app.rooms_for_review(clerk)
