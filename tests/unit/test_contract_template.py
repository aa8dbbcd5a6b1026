"""The standard contract text (GF-2000-0171, 24 clauses and 5 attachments) and the validation of its blanks."""
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from services.contracts.domain import clauses
from services.contracts.domain.clauses import SECTION_IDS, SECTIONS, section
from services.contracts.domain.template import (TemplateError, apply_presets, missing_required, render_text,
                                                validate_values)

GF_2000_0171_CLAUSE_TITLES = [
    "第一条 项目建设依据", "第二条 商品房销售依据", "第三条 买受人所购商品房的基本情况", "第四条 计价方式与价款",
    "第五条 面积确认及面积差异处理", "第六条 付款方式及期限", "第七条 买受人逾期付款的违约责任", "第八条 交付期限",
    "第九条 出卖人逾期交房的违约责任", "第十条 规划、设计变更的约定", "第十一条 交接",
    "第十二条 出卖人保证销售的商品房没有产权纠纷和债权债务纠纷", "第十三条 出卖人关于装饰、设备标准承诺的违约责任",
    "第十四条 出卖人关于基础设施、公共配套建筑正常运行的承诺", "第十五条 关于产权登记的约定", "第十六条 保修责任",
    "第十七条 双方可以就下列事项约定", "第十八条 买受人的房屋仅作【】使用", "第十九条 争议解决方式", "第二十条 补充协议",
    "第二十一条 合同附件", "第二十二条 合同份数", "第二十三条 合同生效", "第二十四条 登记备案",
]
ATTACHMENT_TITLES = ["附件一 房屋平面图", "附件二 公共部位与公用房屋分摊建筑面积构成说明", "附件三 装饰、设备标准",
                     "附件四 合同补充协议", "附件五 前期物业管理约定"]

ALL_BLANKS = [(s.id, b) for s in SECTIONS for b in s.blanks]
REQUIRED = {(sid, b.key) for sid, b in ALL_BLANKS if b.required}


def valid_value(blank):
    return {"choice": lambda: blank.choices[-1], "decimal": lambda: "1200.5", "integer": lambda: "15",
            "date": lambda: "2026-05-01", "text": lambda: f"  {blank.label}  "}[blank.kind]()


def complete_contract():
    return {s.id: validate_values(s.id, {b.key: valid_value(b) for b in s.blanks}) for s in SECTIONS}


# --- structure ---

def test_24_clauses_then_5_attachments_in_order_under_the_model_titles():
    clauses = [s for s in SECTIONS if s.kind == "clause"]
    attachments = [s for s in SECTIONS if s.kind == "attachment"]
    assert [s.number for s in clauses] == list(range(1, 25))
    assert [s.number for s in attachments] == list(range(1, 6))
    assert list(SECTIONS) == clauses + attachments
    assert [s.title for s in clauses] == GF_2000_0171_CLAUSE_TITLES
    assert [s.title for s in attachments] == ATTACHMENT_TITLES
    assert SECTION_IDS == tuple([f"clause-{n}" for n in range(1, 25)] + [f"attachment-{n}" for n in range(1, 6)])


def test_section_lookup_by_id_and_key_error_for_unknown_ids():
    assert section("clause-4").title == "第四条 计价方式与价款"
    assert section("attachment-5").id == "attachment-5"
    for unknown in ("clause-25", "attachment-0", "clause-04", "", "4"):
        with pytest.raises(KeyError):
            section(unknown)


@pytest.mark.parametrize("sec", SECTIONS, ids=lambda s: s.id)
def test_every_placeholder_has_a_blank_and_every_blank_a_placeholder(sec):
    placeholders = re.findall(r"\{([^{}]*)\}", sec.text)
    keys = [b.key for b in sec.blanks]
    assert set(placeholders) == set(keys)
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in keys)
    assert sec.text.count("{") == sec.text.count("}") == len(placeholders)
    for b in sec.blanks:
        assert b.kind in ("text", "decimal", "integer", "date", "choice")
        assert bool(b.choices) == (b.kind == "choice")
        assert re.search(r"[\u4e00-\u9fff]", b.label), b.key


def test_most_blanks_are_required_and_sections_have_few_blanks():
    assert len(REQUIRED) > len(ALL_BLANKS) / 2
    assert all(len(s.blanks) <= 10 for s in SECTIONS)


def test_the_blanks_the_platform_relies_on():
    def blank(section_id, key):
        return section(section_id).blank(key)

    for key in ("building_name", "room_number", "floor_area"):
        assert blank("clause-3", key).required
    assert blank("clause-3", "floor_area").kind == "decimal"
    assert blank("clause-4", "pricing_method").choices == ("按套内建筑面积", "按建筑面积", "按套")
    assert blank("clause-4", "unit_price").kind == blank("clause-4", "total_price").kind == "decimal"
    assert {"一次性付款", "分期付款", "贷款方式付款"} <= set(blank("clause-6", "payment_method").choices)
    assert blank("clause-8", "delivery_date").kind == "date"
    assert blank("clause-19", "dispute_resolution").choices == ("提交仲裁委员会仲裁", "依法向人民法院起诉")
    assert blank("clause-24", "filing_authority").kind == "text"
    assert "预售登记备案机关" in blank("clause-24", "filing_authority").label


# --- validate_values ---

def test_values_are_normalised_to_strings():
    assert validate_values("clause-4", {"pricing_method": " 按建筑面积 ", "unit_price": "7800",
                                        "total_price": 698100, "total_price_in_words": "  陆拾玖万捌仟壹佰元整 "}) == {
        "pricing_method": "按建筑面积", "unit_price": "7800.00", "total_price": "698100.00",
        "total_price_in_words": "陆拾玖万捌仟壹佰元整"}
    assert validate_values("clause-3", {"floor": "012", "floor_area": "89.5", "inner_area": Decimal("1E+2"),
                                        "shared_area": 12.25}) == {
        "floor": "12", "floor_area": "89.50", "inner_area": "100.00", "shared_area": "12.25"}
    assert validate_values("clause-8", {"delivery_date": "2026-05-01"}) == {"delivery_date": "2026-05-01"}
    assert validate_values("clause-8", {"delivery_date": date(2026, 12, 31)}) == {"delivery_date": "2026-12-31"}
    assert validate_values("clause-8", {"delivery_date": "2026年5月1日"}) == {"delivery_date": "2026-05-01"}


def test_full_width_digits_typed_by_chinese_input_methods_are_accepted():
    assert validate_values("clause-4", {"unit_price": "７８００．５"}) == {"unit_price": "7800.50"}
    assert validate_values("clause-7", {"grace_days": "３０"}) == {"grace_days": "30"}
    assert validate_values("clause-8", {"delivery_date": "２０２６－０５－０１"}) == {"delivery_date": "2026-05-01"}


def test_a_partial_save_is_fine_and_empty_values_clear_a_blank():
    assert validate_values("clause-3", {}) == {}
    assert validate_values("clause-3", {"building_name": "3幢"}) == {"building_name": "3幢"}
    assert validate_values("clause-3", {"building_name": "   ", "floor_area": None}) == {
        "building_name": "", "floor_area": ""}


def rejected(section_id, values):
    with pytest.raises(TemplateError) as caught:
        validate_values(section_id, values)
    assert isinstance(caught.value, ValueError)
    return caught.value.details


def test_unknown_keys_are_rejected():
    details = rejected("clause-4", {"unit_price": "1", "discount": "0.9"})
    assert list(details) == ["discount"] and details["discount"]
    assert list(rejected("clause-20", {"anything": "x"})) == ["anything"]


@pytest.mark.parametrize("garbage", [
    "abc", "1e5", "1E5", "NaN", "nan", "Infinity", "-inf", "7,800.00", "12.3.4", "-5", "+5", ".5", "5.",
    "7800.123", "0x1F", "1_000", "7800元", "²", float("nan"), float("inf"), 0.1 + 0.2, 1e20, True, [1], {"v": 1},
    Decimal("NaN"), "1" * 13,
])
def test_decimals_reject_garbage(garbage):
    assert list(rejected("clause-4", {"unit_price": garbage})) == ["unit_price"]


@pytest.mark.parametrize("garbage", ["abc", "1.5", "1.0", "-3", "1e3", "３.５", True, 2.0, "1" * 10])
def test_integers_reject_garbage(garbage):
    assert list(rejected("clause-7", {"grace_days": garbage})) == ["grace_days"]


@pytest.mark.parametrize("garbage", ["2026-02-30", "20260501", "2026-W18-5", "2026-5-1", "01/05/2026", "tomorrow",
                                     datetime(2026, 5, 1, 9, 30), 20260501])
def test_dates_reject_garbage(garbage):
    assert list(rejected("clause-8", {"delivery_date": garbage})) == ["delivery_date"]


def test_choices_must_be_one_of_the_choices():
    assert list(rejected("clause-19", {"dispute_resolution": "找领导协调"})) == ["dispute_resolution"]
    assert list(rejected("clause-4", {"pricing_method": "按建筑"})) == ["pricing_method"]
    assert list(rejected("clause-6", {"payment_method": 1})) == ["payment_method"]


def test_text_is_bounded_and_free_of_control_characters():
    authority = section("clause-24").blank("filing_authority")
    assert validate_values("clause-24", {"filing_authority": "荆" * authority.max_length})
    assert list(rejected("clause-24", {"filing_authority": "荆" * (authority.max_length + 1)})) == ["filing_authority"]
    assert list(rejected("clause-24", {"filing_authority": "荆州\x00市"})) == ["filing_authority"]
    assert list(rejected("clause-24", {"filing_authority": 42})) == ["filing_authority"]
    assert validate_values("attachment-4", {"supplementary_terms": "一、甲方\r\n二、乙方"}) == {
        "supplementary_terms": "一、甲方\n二、乙方"}


def test_every_problem_is_reported_at_once():
    details = rejected("clause-4", {"pricing_method": "x", "unit_price": "abc", "total_price": "1", "extra": 1})
    assert set(details) == {"pricing_method", "unit_price", "extra"}
    assert all(isinstance(messages, list) and messages for messages in details.values())


def test_validating_an_unknown_section_is_a_key_error():
    with pytest.raises(KeyError):
        validate_values("clause-99", {})


# --- completeness and presets ---

def test_an_empty_contract_misses_every_required_blank():
    missing = missing_required({})
    assert {(sid, key) for sid, keys in missing.items() for key in keys} == REQUIRED
    assert missing["clause-4"] == ["pricing_method", "unit_price", "total_price"]
    assert "clause-20" not in missing and "attachment-4" not in missing  # nothing required there


def test_a_complete_contract_misses_nothing_and_one_cleared_blank_is_reported():
    filled = complete_contract()
    assert missing_required(filled) == {}
    filled["clause-8"]["delivery_date"] = "  "
    del filled["clause-24"]
    assert missing_required(filled) == {"clause-8": ["delivery_date"], "clause-24": ["filing_authority"]}


def test_optional_blanks_are_never_missing():
    filled = complete_contract()
    for sid, blank in ALL_BLANKS:
        if not blank.required:
            filled[sid][blank.key] = ""
    assert missing_required(filled) == {}


def test_presets_fill_only_the_empty_blanks_and_leave_the_inputs_alone():
    filled = {"clause-24": {"filing_authority": "荆州市住房和城乡建设局"}, "clause-19": {"dispute_resolution": ""}}
    presets = {"clause-24": {"filing_authority": "别的机关"},
               "clause-19": {"dispute_resolution": "提交仲裁委员会仲裁", "arbitration_commission": " 荆州仲裁委员会 "},
               "clause-7": {"grace_days": 30, "daily_penalty_rate": "5"}}
    before = {sid: dict(values) for sid, values in filled.items()}
    result = apply_presets(presets, filled)
    assert result == {"clause-24": {"filing_authority": "荆州市住房和城乡建设局"},
                      "clause-19": {"dispute_resolution": "提交仲裁委员会仲裁", "arbitration_commission": "荆州仲裁委员会"},
                      "clause-7": {"grace_days": "30", "daily_penalty_rate": "5.00"}}
    assert filled == before
    result["clause-24"]["filing_authority"] = "changed"
    assert filled["clause-24"]["filing_authority"] == "荆州市住房和城乡建设局"


def test_empty_presets_fill_nothing_and_bad_presets_are_refused():
    assert apply_presets({"clause-7": {"grace_days": ""}}, {}) == {}
    with pytest.raises(TemplateError):
        apply_presets({"clause-7": {"grace_days": "thirty"}}, {})
    with pytest.raises(KeyError):
        apply_presets({"clause-99": {}}, {})


# --- rendering ---

def test_render_text_fills_values_and_marks_empty_blanks():
    text = render_text(section("clause-24"), {"filing_authority": "荆州市住房和城乡建设局"})
    assert text == "商品房预售的，自本合同生效之日起30天内，由出卖人向荆州市住房和城乡建设局申请登记备案。"
    assert render_text(section("clause-24"), {}) == "商品房预售的，自本合同生效之日起30天内，由出卖人向＿＿＿申请登记备案。"
    assert render_text("clause-23", None) == "本合同自双方签订之日起生效。"


def test_render_text_leaves_no_placeholder_and_does_not_reinterpret_values():
    filled = complete_contract()
    for sec in SECTIONS:
        text = render_text(sec, filled[sec.id])
        assert "{" not in text and "＿＿＿" not in text
        assert all(value in text for value in filled[sec.id].values())
    braces = render_text(section("clause-24"), {"filing_authority": "{filing_authority}{0}"})
    assert "{filing_authority}{0}" in braces
    assert render_text(section("clause-3"), {}).count("＿＿＿") == len(section("clause-3").blanks)


@st.composite
def partially_filled(draw):
    chosen = draw(st.lists(st.sampled_from(ALL_BLANKS), unique_by=lambda p: (p[0], p[1].key)))
    filled, really_filled = {}, set()
    for sid, blank in chosen:
        value = draw(st.sampled_from([valid_value(blank).strip(), "", "   "]))
        filled.setdefault(sid, {})[blank.key] = value
        if value.strip():
            really_filled.add((sid, blank.key))
    return filled, really_filled


@settings(max_examples=200, deadline=None)
@given(partially_filled())
def test_missing_and_filled_partition_the_required_blanks(case):
    filled, really_filled = case
    missing = {(sid, key) for sid, keys in missing_required(filled).items() for key in keys}
    filled_required = really_filled & REQUIRED
    assert missing | filled_required == REQUIRED
    assert not missing & filled_required
    assert all(keys for keys in missing_required(filled).values())


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2, allow_nan=False))
def test_any_two_place_decimal_round_trips(value):
    normalised = validate_values("clause-4", {"total_price": str(value)})["total_price"]
    assert Decimal(normalised) == value and re.fullmatch(r"[0-9]+\.[0-9]{2}", normalised)
    assert validate_values("clause-4", {"total_price": normalised})["total_price"] == normalised


def test_the_template_refuses_to_build_a_section_whose_text_and_blanks_differ():
    with pytest.raises(ValueError):
        clauses.Section(1, "clause", "第一条", "位于{location}", (clauses.Blank("place", "地点", "text"),))
    with pytest.raises(ValueError):
        clauses.Blank("Bad-Key", "标签", "text")
    with pytest.raises(ValueError):
        clauses.Blank("k", "标签", "choice")
