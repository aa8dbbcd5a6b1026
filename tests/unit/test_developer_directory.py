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


def test_R000_2_a_developer_lists_only_its_own_projects_newest_first(app, bureau_ctx):
    mine, (first, second) = developer(app, bureau_ctx, "91421000MA4DEMO001", "明珠花园", "江汉苑")
    other, _ = developer(app, bureau_ctx, "91421000MA4DEMO002", "别家楼盘")
    answer = app.list_projects(developer_ctx(mine))
    assert [p["project_id"] for p in answer["projects"]] == [second, first]
    assert [p["name"] for p in answer["projects"]] == ["江汉苑", "明珠花园"]
    # asking for another developer's projects still answers only with one's own
    assert app.list_projects(developer_ctx(mine), other) == answer


def test_R000_3_the_developer_reads_the_building_rules_the_bureau_set(app, bureau_ctx):
    mine, (project,) = developer(app, bureau_ctx, "91421000MA4DEMO001", "明珠花园")
    other, _ = developer(app, bureau_ctx, "91421000MA4DEMO002", "别家楼盘")
    app.set_building_rules(bureau_ctx, project_id=project, name="1栋", floors=12, units_per_floor=4)
    (building,) = app.list_buildings(developer_ctx(mine), project)["buildings"]
    assert (building["name"], building["floors"], building["units_per_floor"], building["room_count"]) == \
        ("1栋", 12, 4, 48)
    assert (building["first_room"], building["last_room"]) == ("101", "1204")
    with pytest.raises(Forbidden):
        app.list_buildings(developer_ctx(other), project)


def test_R000_7_the_template_has_24_clauses_and_5_attachments_with_their_blanks():
    sections = contract_template()["sections"]
    assert [s["section_id"] for s in sections] == \
        [f"clause-{n}" for n in range(1, 25)] + [f"attachment-{n}" for n in range(1, 6)]
    first = sections[0]
    assert first["title"] == "第一条 项目建设依据"
    assert {b["key"] for b in first["blanks"]} <= set(re.findall(r"\{(\w+)\}", first["text"]))
    choice = next(b for b in first["blanks"] if b["kind"] == "choice")
    assert choice["choices"] == ["出让", "划拨", "转让"]
