"""The public check of a formal print by its verification code: unguessable codes, typed forms that still
work, one answer for malformed and unknown codes, the buyer masked; and the gateway's limit per address."""
import pytest
from hypothesis import given, strategies as st

from shared.errors import NotFound, TooManyRequests
from services.contracts.api.check_codes import ALPHABET, LENGTH, grouped, normalise
from services.contracts.application.app import ContractsApplication
from services.contracts.application.public_check import check_contract, masked_names
from services.contracts.domain.check_codes import new_code
from services.gateway.contract_check import SlidingWindow, check
from shared.context import SYSTEM
from tests.unit.conftest import developer_ctx
from tests.unit.test_contracts_application import DEVELOPER, drafted, formal


@pytest.fixture
def app():
    return ContractsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def test_codes_carry_80_bits_from_an_alphabet_without_look_alikes():
    assert len(ALPHABET) == 32 and LENGTH * 5 == 80
    assert not set("01IO") & set(ALPHABET)
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(normalise(code) == code for code in codes)


def test_a_code_typed_by_hand_is_read_as_printed():
    code = new_code()
    typed = grouped(code).lower().replace("-", " - ")
    assert normalise(typed) == code
    assert normalise("".join(chr(ord(c) + 0xFEE0) for c in code)) == code  # full-width, from a Chinese IME


@given(st.one_of(st.text(max_size=80), st.integers(), st.none(), st.binary()))
def test_anything_else_is_no_code(value):
    typed = normalise(value)
    assert typed is None or (len(typed) == LENGTH and set(typed) <= set(ALPHABET))


@pytest.mark.parametrize("typed", ["", "ABCD", "ABCDEFGHJKLMNPQ0", "ABCDEFGHJKLMNPQRS", "ABCDEFGHJKLMNPQ\x00",
                                   "A" * 10_000, "ＡＢ\u200bCDEFGHJKLMNPQR"])
def test_malformed_codes_are_refused(typed):
    assert normalise(typed) is None


def test_the_check_names_the_contract_its_room_and_the_buyer_masked(app):
    ctx = developer_ctx(DEVELOPER)
    contract = formal(app, ctx)
    answer = check_contract(app, grouped(contract["verification_code"]).lower())
    assert answer == {"contract_number": contract["contract_number"], "state": "formal_printed",
                      "filing_number": None, "seller_name": "示范置业", "buyer_name": "张*",
                      "room": {"project_name": "明珠花园", "building_name": "1栋", "room_number": "1201",
                               "area_sqm": "89.50"},
                      "printed_at": contract["printed_at"]}


def test_the_check_follows_the_contract_to_its_filing_and_to_its_end(app):
    ctx = developer_ctx(DEVELOPER)
    contract = formal(app, ctx)
    app.confirm(ctx, contract["contract_id"])
    app.record_filing(SYSTEM, contract["contract_id"], "421000-2026-000007")
    answer = check_contract(app, contract["verification_code"])
    assert answer["state"] == "filed" and answer["filing_number"] == "421000-2026-000007"
    other = formal(app, ctx)
    app.abandon(ctx, other["contract_id"])
    assert check_contract(app, other["verification_code"])["state"] == "cancelled"


def test_unknown_and_malformed_codes_get_the_same_answer(app):
    drafted(app, developer_ctx(DEVELOPER))  # a draft has no code
    answers = []
    for typed in (new_code(), "not a code", "", "A" * 500, None):
        with pytest.raises(NotFound) as info:
            check_contract(app, typed)
        answers.append((info.value.code, info.value.message, info.value.details))
    assert len(set(map(repr, answers))) == 1 and answers[0][0] == "contract_check_not_found"


def test_every_name_of_a_list_of_buyers_is_masked():
    assert masked_names("张三") == "张*"
    assert masked_names("欧阳晓燕、李四") == "欧***、李*"
    assert masked_names("王五, 赵六") == "王*, 赵*"


def test_one_address_may_check_so_often_then_waits():
    now = [1000.0]
    window = SlidingWindow(3, 60, now=lambda: now[0])
    assert [window.admit("10.0.0.1") for _ in range(3)] == [0, 0, 0]
    assert window.admit("10.0.0.1") == pytest.approx(60)
    assert window.admit("10.0.0.2") == 0  # another address counts apart
    now[0] += 30
    assert window.admit("10.0.0.1") == pytest.approx(30)
    now[0] += 30.5
    assert window.admit("10.0.0.1") == 0


def test_the_window_forgets_quiet_addresses():
    now = [0.0]
    window = SlidingWindow(1, 10, now=lambda: now[0], most_keys=100)
    for index in range(100):
        window.admit(f"10.0.{index}.1")
    now[0] += 11
    window.admit("10.9.9.9")
    assert list(window.stamps) == ["10.9.9.9"]


class Cluster:
    def __init__(self):
        self.calls = []

    def call(self, service, rpc, **kwargs):
        self.calls.append((service, rpc, kwargs))
        return {"checked": kwargs["code"]}


def test_the_gateway_asks_contracts_only_for_well_formed_codes_and_limits_each_address():
    cluster, window, code = Cluster(), SlidingWindow(2, 60), new_code()
    assert check(cluster, grouped(code).lower(), "10.0.0.1", window) == {"checked": code}
    with pytest.raises(NotFound) as info:
        check(cluster, "x" * 5000, "10.0.0.1", window)
    assert info.value.code == "contract_check_not_found" and len(cluster.calls) == 1
    with pytest.raises(TooManyRequests) as info:
        check(cluster, code, "10.0.0.1", window)
    assert info.value.code == "too_many_checks" and 1 <= info.value.details["retry_after"] <= 60
    assert len(cluster.calls) == 1
    assert check(cluster, code, "10.0.0.2", window) == {"checked": code}
