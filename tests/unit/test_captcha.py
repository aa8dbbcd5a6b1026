"""The stateless captcha (R000.1): the answer sealed in the challenge, checked without a store."""
import pytest

from shared.errors import Unauthenticated
from services.gateway import captcha

SECRET = "s" * 40


@pytest.mark.parametrize("answer", ["WRONG", "验证码", "ÄÖÜ12"])
def test_a_wrong_answer_is_refused_as_wrong_even_in_other_scripts(answer):
    challenge = captcha.issue(SECRET)
    with pytest.raises(Unauthenticated) as refused:
        captcha.check(SECRET, challenge["captcha_id"], answer)
    assert refused.value.code == "captcha_wrong"


def test_the_right_answer_passes_whatever_its_case_and_spaces():
    challenge = captcha.issue(SECRET)
    answer = captcha.open_answer(SECRET, challenge["captcha_id"])
    captcha.check(SECRET, challenge["captcha_id"], f"  {answer.lower()} ")
