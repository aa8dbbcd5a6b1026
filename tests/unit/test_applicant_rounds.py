"""A family signing in from the unified identity platform without naming its round: the lottery finds the
planned rounds its main applicant is registered in."""
from __future__ import annotations

from datetime import timedelta

from deploy.sim.identity_provider import resident_ids
from services.lottery.application.app import LotteryApplication, applicant_hash
from services.lottery.domain import draw as d
from shared.identity_documents import identity_document
from tests.unit.test_selection import BUREAU, T0

PERSON, OTHER, STRANGER = resident_ids(3)
ROOMS = [{"building": "1栋", "room_number": "101", "layout": "2室1厅", "orientation": "S", "area_sqm": "55.00"}]


def _round(app: LotteryApplication, name: str, people: list[str], planned: bool = True) -> str:
    round_id = app.open_round(BUREAU, name=name, rooms=ROOMS, preselection_start=T0)["round_id"]
    app.register_families(BUREAU, round_id, [{"family_id": f"{name}-{i}", "applicant_id_number": number}
                                             for i, number in enumerate(people)])
    if planned:
        app.announce_draw(BUREAU, round_id, d.commitment("seed"))
        app.seal_eligible_list(BUREAU, round_id)
        app.perform_draw(BUREAU, round_id, "seed")
        app.plan_sessions(BUREAU, round_id, session_size=5, first_formal_start=T0 + timedelta(hours=1))
    return round_id


def _rounds(app: LotteryApplication, number: str) -> list[str]:
    return [r["name"] for r in app.rounds_for_applicant(applicant_hash(identity_document(number)))]


def test_a_person_finds_the_planned_rounds_they_are_registered_in_newest_first():
    app = LotteryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    _round(app, "第一批", [PERSON, OTHER])
    assert _rounds(app, PERSON) == ["第一批"]
    _round(app, "第二批", [PERSON], planned=False)
    assert _rounds(app, PERSON) == ["第一批"], "a round without sessions yet has nothing for the family"
    _round(app, "第三批", [PERSON])
    assert _rounds(app, PERSON) == ["第三批", "第一批"]
    assert _rounds(app, OTHER) == ["第一批"]
    assert _rounds(app, STRANGER) == []


def test_a_first_generation_number_finds_the_same_rounds():
    app = LotteryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    _round(app, "第一批", [PERSON])
    first_generation = PERSON[:6] + PERSON[8:17]
    assert _rounds(app, first_generation) == ["第一批"]
