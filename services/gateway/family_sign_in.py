"""A family signs in with the unified identity platform's assertion. The portal names the round when it knows
it; otherwise the lottery finds the planned rounds the person is the main applicant of: one is taken, several
are offered back to choose from (409 `choose_round`, their ids and names in the details)."""
from __future__ import annotations

from typing import Any, Callable

from services.contracts.api.subjects import subject_hash
from services.gateway import unified_identity
from services.gateway.auth import Tokens
from shared.errors import Conflict, Forbidden


def family_sign_in(cluster: Any, tokens: Tokens, body: dict[str, Any], face_key: Callable[[], str]) -> dict[str, Any]:
    person = unified_identity.verified_person(body["assertion"], tokens.secret)
    round_id = body.get("round_id") or _only_round(cluster, person)
    family_id = cluster.call("lottery", "family_for_applicant", round_id=round_id, id_number=person["sub"],
                             id_type=person["id_type"])
    principal = {"user_id": family_id, "username": family_id, "role": "family", "org_id": round_id,
                 "display_name": person.get("name", "")}
    token = tokens.issue({**principal, "subject_hash": subject_hash(person["sub"], face_key())})
    return {**token, "user": principal}


def _only_round(cluster: Any, person: dict[str, Any]) -> str:
    rounds = cluster.call("lottery", "rounds_for_applicant", id_number=person["sub"], id_type=person["id_type"])
    if not rounds:
        raise Forbidden("you are not on the eligible list of any selection round", code="not_eligible")
    if len(rounds) > 1:
        raise Conflict("you are on the lists of several rounds: sign in again naming one", code="choose_round",
                       details={"rounds": rounds})
    return rounds[0]["round_id"]
