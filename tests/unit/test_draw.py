"""The verifiable draw: sealed list, commit–reveal seed, deterministic ranking, verification."""
import uuid

import pytest
from hypothesis import given, strategies as st

from shared.errors import RuleViolation
from services.lottery.domain import draw as d
from services.lottery.domain.draw import Draw

IDS = [d.anonymise(f"F{i:04d}", "salt") for i in range(50)]


def performed(seed="公开种子-2026-05-01"):
    draw = Draw.announce(id=uuid.uuid4(), round_id="r", seed_commitment=d.commitment(seed))
    draw.seal(IDS)
    draw.perform(seed)
    return draw


def test_a_replayed_draw_verifies():
    assert d.verify(performed().published()) == {
        "verified": True,
        "checks": {"seed_matches_commitment": True, "list_matches_hash": True, "ranking_matches_inputs": True}}


def test_a_draw_whose_stored_ranking_was_altered_does_not_verify():
    published = performed().published()
    published["ranking"][0], published["ranking"][1] = published["ranking"][1], published["ranking"][0]
    result = d.verify(published)
    assert result["verified"] is False and result["checks"]["ranking_matches_inputs"] is False


def test_a_list_changed_after_sealing_does_not_verify():
    published = performed().published()
    published["eligible_public_ids"] = published["eligible_public_ids"][:-1]
    assert d.verify(published)["checks"]["list_matches_hash"] is False


def test_only_the_committed_seed_can_be_revealed():
    draw = Draw.announce(id=uuid.uuid4(), round_id="r", seed_commitment=d.commitment("the real seed"))
    with pytest.raises(RuleViolation):
        draw.perform("the real seed")  # the list must be sealed first
    draw.seal(IDS)
    with pytest.raises(RuleViolation) as info:
        draw.perform("another seed")
    assert info.value.code == "seed_does_not_match_commitment"
    with pytest.raises(RuleViolation):
        draw.seal(IDS)


def test_the_published_list_is_anonymised():
    published = performed().published()
    assert not any(pid.startswith("F0") for pid in published["eligible_public_ids"])


@given(st.lists(st.text(alphabet="abcdef0123456789", min_size=4, max_size=16), min_size=1, max_size=60, unique=True),
       st.text(min_size=8, max_size=30))
def test_the_ranking_is_a_deterministic_permutation_of_the_sealed_list(public_ids, seed):
    ranking = d.recompute(public_ids, seed)
    assert sorted(ranking) == sorted(public_ids)
    assert d.recompute(list(reversed(public_ids)), seed) == ranking
