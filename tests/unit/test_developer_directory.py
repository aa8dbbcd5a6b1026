"""What a developer's pages start from: its own projects, each project's building rules (R000.2, R000.3), and
the contract template the drafting form is built from (R000.7)."""
import re

import pytest

from shared.errors import Forbidden, NotFound
from services.contracts.application.contract_template import contract_template
from services.registry.application.app import RegistryApplication
from tests.unit.conftest import developer_ctx
from tests.unit.sign_in_support import MemoryLedger


@pytest.fixture
def app(fast_passwords):
    return RegistryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, passwords=fast_passwords,
                               ledger=MemoryLedger())


def developer(app, ctx, code, *projects):
    developer_id = app.register_developer(ctx, name=f"开发企业{code[-3:]}", credit_code=code)
    ids = [app.register_project(ctx, developer_id=developer_id, name=name, permit_number=f"P-{name}")
           for name in projects]
    return developer_id, ids


def test_R000_2_a_developer_lists_its_own_projects_in_the_order_they_were_recorded(app, bureau_ctx):
    mine, (first, second) = developer(app, bureau_ctx, "91421000MA4DEMO001", "明珠花园", "江汉苑")
    developer(app, bureau_ctx, "91421000MA4DEMO002", "别家楼盘")
    answer = app.projects_of_developer(developer_ctx(mine), mine)
    assert [p["project_id"] for p in answer["projects"]] == [first, second]
    assert [p["name"] for p in answer["projects"]] == ["明珠花园", "江汉苑"]


def test_R000_2_projects_known_only_from_the_room_map_are_listed_once_and_only_if_they_are_the_developers(
        app, bureau_ctx):
    mine, (own,) = developer(app, bureau_ctx, "91421000MA4DEMO001", "明珠花园")
    _, (theirs,) = developer(app, bureau_ctx, "91421000MA4DEMO002", "别家楼盘")
    missing = "00000000-0000-0000-0000-000000000001"
    answer = app.projects_of_developer(developer_ctx(mine), mine, also=[own, theirs, missing])
    assert [p["project_id"] for p in answer["projects"]] == [own]


def test_a_developer_cannot_list_another_developers_projects(app, bureau_ctx):
    mine, _ = developer(app, bureau_ctx, "91421000MA4DEMO001", "明珠花园")
    other, _ = developer(app, bureau_ctx, "91421000MA4DEMO002", "别家楼盘")
    with pytest.raises(Forbidden):
        app.projects_of_developer(developer_ctx(mine), other)
    with pytest.raises(NotFound):
        app.projects_of_developer(bureau_ctx, "not-a-uuid")


def test_R000_3_the_developer_reads_the_building_rules_the_bureau_set(app, bureau_ctx):
    mine, (project,) = developer(app, bureau_ctx, "91421000MA4DEMO001", "明珠花园")
    other, _ = developer(app, bureau_ctx, "91421000MA4DEMO002", "别家楼盘")
    app.set_building_rules(bureau_ctx, project_id=project, name="1栋", floors=12, units_per_floor=4)
    (building,) = app.buildings_of_project(developer_ctx(mine), project)["buildings"]
    assert (building["name"], building["floors"], building["units_per_floor"], building["room_count"]) == \
        ("1栋", 12, 4, 48)
    assert (building["first_room"], building["last_room"]) == ("101", "1204")
    with pytest.raises(Forbidden):
        app.buildings_of_project(developer_ctx(other), project)


def test_R000_7_the_template_has_24_clauses_and_5_attachments_with_their_blanks():
    sections = contract_template()["sections"]
    assert [s["section_id"] for s in sections] == \
        [f"clause-{n}" for n in range(1, 25)] + [f"attachment-{n}" for n in range(1, 6)]
    first = sections[0]
    assert first["title"] == "第一条 项目建设依据"
    assert {b["key"] for b in first["blanks"]} <= set(re.findall(r"\{(\w+)\}", first["text"]))
    choice = next(b for b in first["blanks"] if b["kind"] == "choice")
    assert choice["choices"] == ["出让", "划拨", "转让"]
