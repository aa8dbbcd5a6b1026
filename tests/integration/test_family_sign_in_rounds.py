"""A family signing in without naming its round: the lottery finds the planned round that lists the person,
and refuses a person no round lists (several rounds are offered as a list: test_family_sign_in.py)."""
from __future__ import annotations

from deploy.sim.identity_provider import assertion_for, resident_ids
from tests.integration.lottery_flow import new_round


def _sign_in(api, id_number: str, **body):
    return api.anonymous().call("POST", "/api/v1/auth/families",
                                {"assertion": assertion_for(id_number, "陈明", api.secret), **body})


def test_the_round_listing_the_person_is_found_and_a_person_on_no_list_is_refused(api, bureau):
    world = new_round(bureau, families=2, rooms=1, session_size=2, starts_in=3600, formal_minutes=1)
    number = next(iter(world["people"].values()))
    found = _sign_in(api, number)
    assert found.status_code == 200, found.text
    assert found.json()["user"]["org_id"] == world["round_id"]
    named = _sign_in(api, number, round_id=world["round_id"])
    assert named.status_code == 200 and named.json()["user"]["org_id"] == world["round_id"]

    nobody = _sign_in(api, resident_ids(1, first=19_000_000)[0])
    assert nobody.status_code == 403 and nobody.json()["error"]["code"] == "not_eligible"
    bad_round = _sign_in(api, number, round_id="not-a-round")
    assert bad_round.status_code == 400
