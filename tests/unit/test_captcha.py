"""The captcha (R000.1): the answer sealed in the challenge, each challenge claimed once."""
import pytest

from shared.errors import Unauthenticated
from services.gateway import captcha

SECRET = "s" * 40


class Claims:
    """What registry's used-captcha table does: the first claim of a key wins."""

    def __init__(self):
        self.used = {}

    def __call__(self, key, expires_at):
        if key in self.used:
            raise Unauthenticated("used", code="captcha_used")
        self.used[key] = expires_at


@pytest.mark.parametrize("answer", ["WRONG", "验证码", "ÄÖÜ12"])
def test_a_wrong_answer_is_refused_as_wrong_even_in_other_scripts(answer):
    challenge = captcha.issue(SECRET)
    with pytest.raises(Unauthenticated) as refused:
        captcha.check(SECRET, challenge["captcha_id"], answer, Claims())
    assert refused.value.code == "captcha_wrong"


def test_the_right_answer_passes_whatever_its_case_and_spaces():
    challenge = captcha.issue(SECRET)
    answer = captcha.open_answer(SECRET, challenge["captcha_id"])
    captcha.check(SECRET, challenge["captcha_id"], f"  {answer.lower()} ", Claims())


def test_a_captcha_serves_one_attempt_even_a_wrong_one():
    claims = Claims()
    challenge = captcha.issue(SECRET)
    answer = captcha.open_answer(SECRET, challenge["captcha_id"])
    with pytest.raises(Unauthenticated):
        captcha.check(SECRET, challenge["captcha_id"], "WRONG", claims)
    with pytest.raises(Unauthenticated) as used:
        captcha.check(SECRET, challenge["captcha_id"], answer, claims)
    assert used.value.code == "captcha_used"


def test_a_forged_or_expired_captcha_is_refused_before_any_claim(monkeypatch):
    claims = Claims()
    with pytest.raises(Unauthenticated) as forged:
        captcha.check(SECRET, "bm90LWEtY2FwdGNoYQ==", "ABCDE", claims)
    assert forged.value.code == "captcha_invalid"
    challenge = captcha.issue(SECRET)
    monkeypatch.setattr(captcha.time, "time", lambda: 10 ** 12)
    with pytest.raises(Unauthenticated) as expired:
        captcha.check(SECRET, challenge["captcha_id"], "ABCDE", claims)
    assert expired.value.code == "captcha_expired" and not claims.used
