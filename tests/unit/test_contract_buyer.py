"""The buyer a new-home contract names (R000.7): identity document, phone and address beside the name; changed
with 修改 until the formal print and fixed after it; contracts stored before the details existed still load."""
import uuid
from datetime import datetime, timezone

import pytest
from eventsourcing.persistence import Mapper
from marshmallow import ValidationError

from shared import clock
from shared.errors import InvalidInput, RuleViolation
from services.contracts.adapters.outbound_events import OUTBOUND
from services.contracts.api.requests import BuyerSchema, DraftContractSchema
from services.contracts.application.app import ContractsApplication
from services.contracts.domain import buyer as buyers
from services.contracts.domain.contract import Contract, text_hash
from services.contracts.domain.contract_numbers import ContractNumberSequence
from tests.unit.contract_support import BUYER, buyer_fields, complete_sections

ROOM = {"building_name": "1栋", "room_number": "1201", "area_sqm": "89.50", "price_per_sqm": "7800.00"}
FIRST_GENERATION = "421002880615123"  # the same person as 421002198806151237


@pytest.fixture(autouse=True)
def frozen_clock():
    previous = clock.use_clock(clock.FixedClock(datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)))
    yield
    clock.use_clock(previous)


def drafted(buyer=None):
    return Contract.draft(room_id=str(uuid.uuid4()), project_id="p", developer_id="d", buyer=buyer or BUYER,
                          room=ROOM, presets={}, numbers=ContractNumberSequence.open(2026))


def filled(buyer=None):
    contract = drafted(buyer)
    for section_id, values in complete_sections().items():
        contract.save_clause(section_id, values)
    return contract


def problems(values, complete=False):
    with pytest.raises(InvalidInput) as refused:
        buyers.buyer_details(values, complete=complete)
    return refused.value.details


# The details ---------------------------------------------------------------------------------------------

def test_R000_7_the_draft_names_the_buyer_fully():
    contract = drafted()
    assert contract.buyer == BUYER and contract.buyer_name == "张三" and contract.buyer_missing == []


def test_R000_7_identity_numbers_are_checked_against_their_type_and_normalised():
    assert buyers.buyer_details({**BUYER, "id_number": FIRST_GENERATION})["id_number"] == BUYER["id_number"]
    assert buyers.buyer_details({**BUYER, "id_number": "42100219900308109x"})["id_number"] == "42100219900308109X"
    hk = buyers.buyer_details({**BUYER, "id_type": "hk_macau_travel_permit", "id_number": "h12345678"})
    assert (hk["id_type"], hk["id_number"]) == ("hk_macau_travel_permit", "H12345678")
    assert buyers.buyer_details({"name": "张三", "id_number": BUYER["id_number"]})["id_type"] == "resident_id"
    assert "check_character" in problems({**BUYER, "id_number": "421002198806151238"})["buyer_id_number"][0]
    assert "birth_date" in problems({**BUYER, "id_number": "421002198813151237"})["buyer_id_number"][0]
    assert "format" in problems({**BUYER, "id_type": "passport", "id_number": "护照号码"})["buyer_id_number"][0]
    assert "buyer_id_type" in problems({**BUYER, "id_type": "driving_licence"})


@pytest.mark.parametrize("field, value", [
    ("name", "   "), ("name", "张三3"), ("name", "张" * 101), ("name", "张\x00三"), ("name", 12),
    ("phone", "12345678901"), ("phone", "1387123456"), ("phone", "+8613871234567"),
    ("address", "荆州"), ("address", "址" * 201), ("address", "江津路\x1b88号"),
])
def test_R000_7_a_careless_detail_is_refused_naming_its_field(field, value):
    assert list(problems({**BUYER, field: value})) == [f"buyer_{field}"]


def test_R000_7_a_draft_may_name_only_the_buyer_but_a_change_gives_every_detail():
    assert buyers.buyer_details({"name": " 李四 "}) == buyers.named_only("李四")
    assert set(problems({"name": "李四"}, complete=True)) == {"buyer_id_number", "buyer_id_type", "buyer_phone",
                                                             "buyer_address"}
    assert buyers.missing(buyers.named_only("李四")) == ["buyer_id_type", "buyer_id_number", "buyer_phone",
                                                        "buyer_address"]


def test_foreign_and_minority_names_are_names():
    for name in ("阿卜杜拉·买买提", "John Smith", "O'Neil-Brown"):
        assert buyers.buyer_details({**BUYER, "name": name})["name"] == name


# Changing them (修改) and printing -------------------------------------------------------------------------

def test_R000_8_nothing_is_printed_before_the_buyer_is_named_fully():
    contract = filled(buyers.named_only("李四"))
    with pytest.raises(RuleViolation) as refused:
        contract.print_preview()
    assert refused.value.code == "buyer_details_missing"
    assert refused.value.details == {"buyer": ["buyer_id_type", "buyer_id_number", "buyer_phone", "buyer_address"]}
    contract.change_buyer({**BUYER, "name": "李四"})
    contract.print_preview()
    assert contract.state == "preview_printed"


def test_R000_8_a_change_after_the_preview_needs_a_new_preview():
    contract = filled()
    contract.print_preview()
    contract.change_buyer({**BUYER, "phone": "13900001111"})
    assert contract.state == "modified" and contract.buyer["phone"] == "13900001111"
    with pytest.raises(RuleViolation) as refused:
        contract.print_formal()
    assert refused.value.code == "preview_required"
    contract.print_preview()
    contract.print_formal()


def test_R000_8_the_same_details_again_change_nothing():
    contract = filled()
    contract.print_preview()
    version = contract.version
    contract.change_buyer({**BUYER, "id_number": FIRST_GENERATION, "name": " 张三 "})
    assert contract.version == version and contract.state == "preview_printed"


def test_R000_10_the_buyer_is_fixed_from_the_formal_print_on():
    contract = filled()
    contract.print_preview()
    contract.print_formal()
    for state_change in (lambda: None, contract.confirm):
        state_change()
        with pytest.raises(RuleViolation) as refused:
            contract.change_buyer({**BUYER, "name": "王五"})
        assert refused.value.code == "contract_immutable"
    contract.reject_filing("r1", ["买受人证件号码有误"])
    with pytest.raises(RuleViolation):
        contract.change_buyer({**BUYER, "name": "王五"})
    assert contract.buyer == BUYER


def test_a_refused_change_changes_nothing():
    contract = filled()
    version = contract.version
    with pytest.raises(InvalidInput):
        contract.change_buyer({**BUYER, "phone": "110"})
    assert contract.version == version and contract.buyer == BUYER


def test_the_buyer_counts_in_the_printed_texts_hash():
    contract = filled()
    before = contract.current_hash
    contract.change_buyer({**BUYER, "address": "湖北省荆州市荆州区荆中路1号"})
    assert contract.current_hash != before


# Contracts stored before the details existed ---------------------------------------------------------------

def v1_stored_drafted_event(app, contract):
    """The contract's ContractDrafted as version 1 stored it: no `buyer`, no class_version."""
    mapper = Mapper(transcoder=app.mapper.transcoder)
    stored = mapper.to_stored_event(next(e for e in contract.collect_events()
                                         if isinstance(e, Contract.ContractDrafted)))
    state = app.mapper.transcoder.decode(stored.state)
    del state["buyer"], state["class_version"]
    return mapper, type(stored)(originator_id=stored.originator_id, originator_version=stored.originator_version,
                                topic=stored.topic, state=app.mapper.transcoder.encode(state))


def test_R000_7_a_contract_drafted_before_the_details_existed_still_loads_with_only_the_name():
    app = ContractsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    mapper, old = v1_stored_drafted_event(app, drafted({"name": "赵六"}))
    event = mapper.to_domain_event(old)
    assert event.buyer == buyers.named_only("赵六")
    loaded = event.mutate(None)
    assert loaded.buyer_name == "赵六" and loaded.buyer_missing == ["buyer_id_type", "buyer_id_number",
                                                                  "buyer_phone", "buyer_address"]
    _, payload = OUTBOUND.published_form(event)
    assert payload["buyer_name"] == "赵*" and payload["buyer_id_number"] == "" and payload["buyer_id_type"] == ""


def test_a_contract_previewed_before_the_details_existed_keeps_its_texts_hash():
    sections = complete_sections()
    assert text_hash(sections, "赵六", buyers.named_only("赵六")) == text_hash(sections, "赵六")


# The schemas at the edge -----------------------------------------------------------------------------------

def test_the_draft_schema_takes_a_name_alone_or_every_detail_checked():
    room_id = str(uuid.uuid4())
    assert DraftContractSchema().load({"room_id": room_id, "buyer_name": "张三"})["buyer_id_number"] is None
    loaded = DraftContractSchema().load({"room_id": room_id, **buyer_fields({**BUYER, "id_number": FIRST_GENERATION})})
    assert loaded["buyer_id_number"] == BUYER["id_number"]
    with pytest.raises(ValidationError) as refused:
        DraftContractSchema().load({"room_id": room_id, **buyer_fields({**BUYER, "id_number": "421002198806151238"})})
    assert list(refused.value.messages) == ["buyer_id_number"]


@pytest.mark.parametrize("field, value", [
    ("buyer_phone", "1387123456x"), ("buyer_phone", 13871234567), ("buyer_address", "荆州"),
    ("buyer_id_type", "驾驶证"), ("buyer_name", ""), ("buyer_name", "张\u0000三"), ("buyer_address", "路" * 201),
])
def test_the_change_schema_refuses_each_careless_field_by_name(field, value):
    with pytest.raises(ValidationError) as refused:
        BuyerSchema().load({**buyer_fields(), field: value})
    assert field in refused.value.messages


def test_the_change_schema_needs_every_detail():
    with pytest.raises(ValidationError) as refused:
        BuyerSchema().load({"buyer_name": "张三"})
    assert set(refused.value.messages) == {"buyer_id_number", "buyer_phone", "buyer_address"}
