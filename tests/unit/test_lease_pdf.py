"""Public-housing lease materials PDF: cover, lease contract, rent-debit mandate and deposit receipt, in Chinese."""
import io
import re

import pytest
from pypdf import PdfReader

from services.contracts.adapters import lease_pdf
from services.contracts.adapters.lease_pdf import render_lease_pdf

CODE = "7QKX-3M9P"
SIGNATURE_ID = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
DOCUMENT_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
# What the tenant's identity number and phone really are: never passed to the renderer, never printed.
FULL_ID, FULL_PHONE, FULL_CARD = "440301199001011234", "13812345678", "6222021234567891234"


def lease(**overrides):
    data = {
        "lease_id": "5f0c2a9e-3b1d-4c6e-9a7f-2d8e4b6c1a30", "round_name": "2026年第一批公租房配租", "family_id": "F00042",
        "tenant_name": "张三", "tenant_id_masked": "440***********1234", "phone_masked": "138****5678",
        "room": {"building": "1栋", "room_number": "1203", "layout": "两房一厅", "orientation": "南", "area_sqm": "65.40"},
        "monthly_rent": "1962.00", "deposit": "3924.00", "rent_per_sqm": "30.00", "deposit_months": 2,
        "term_start": "2026-12-01", "term_end": "2029-11-30",
        "bank_card_masked": "**** **** **** 1234", "mandate_ref": "M2026112100042",
        "signature_id": SIGNATURE_ID, "signed_at": "2026-11-21T08:00:00+00:00", "document_sha256": DOCUMENT_SHA256,
        "deposit_payment_ref": "P2026112300017", "deposit_paid_at": "2026-11-23T02:15:30+00:00",
        "approved_at": "2026-11-25T01:00:00+00:00", "approved_by": "李审核",
    }
    data.update(overrides)
    return data


@pytest.fixture(scope="module")
def rendered():
    return render_lease_pdf(lease(), verification_code=CODE)


@pytest.fixture(scope="module")
def texts(rendered):
    return [page.extract_text() for page in PdfReader(io.BytesIO(rendered)).pages]


def flat(text):
    return re.sub(r"\s+", "", text)


def first_line(text):
    return text.strip().splitlines()[0].strip()


def test_it_is_a_pdf_whose_every_page_carries_the_verification_code_and_its_number(rendered, texts):
    assert rendered.startswith(b"%PDF-") and rendered.rstrip().endswith(b"%%EOF")
    assert len(texts) >= 4  # a cover and three parts
    for number, text in enumerate(texts, start=1):
        assert f"验证码：{CODE}" in text
        assert f"第 {number} 页 共 {len(texts)} 页" in text


def test_the_cover_shows_the_lease_id_and_the_approval_time_in_china_time(texts):
    cover = flat(texts[0])
    assert "公共租赁住房合同材料" in cover and "2026年第一批公租房配租" in cover
    assert "合同编号：5f0c2a9e-3b1d-4c6e-9a7f-2d8e4b6c1a30" in cover
    assert "审核通过：2026-11-2509:00:00（北京时间）" in cover  # 01:00 UTC
    assert "审核人：李审核" in cover and "申请编号：F00042" in cover
    assert f"验证码：{CODE}" in cover


def test_the_three_parts_each_start_a_new_page_in_order(texts):
    titles = ["公共租赁住房租赁合同", "租金托收授权书", "押金缴纳凭证"]
    starts = [[i for i, text in enumerate(texts) if first_line(text) == title] for title in titles]
    assert all(len(pages) == 1 for pages in starts), starts
    first_pages = [pages[0] for pages in starts]
    assert 0 < first_pages[0] < first_pages[1] < first_pages[2] == len(texts) - 1
    for title in titles:  # listed on the cover too
        assert f"《{title}》" in texts[0]


def test_the_lease_contract_has_the_parties_room_rent_deposit_term_clauses_and_signature(texts):
    contract = flat("".join(texts[1:-2]))
    for expected in ("出租人（甲方）", "深圳市住房保障署", "承租人（乙方）", "姓名：张三", "身份证号码：440***********1234",
                     "联系电话：138****5678", "申请编号：F00042",
                     "楼栋：1栋", "房号：1203", "户型：两房一厅", "朝向：南", "建筑面积：65.40平方米",
                     "租金标准：30.00元/平方米·月", "月租金：1962.00元", "押金：3924.00元（2个月租金）",
                     "租赁期限：2026-12-01至2029-11-30", "银行托收",
                     "自住", "转租", "维修", "不再符合公共租赁住房保障条件", "腾退",
                     f"电子签名编号：{SIGNATURE_ID}", "签署时间：2026-11-2116:00:00（北京时间）", DOCUMENT_SHA256):
        assert expected in contract, expected
    assert "银行卡（**** **** **** 1234）" in "".join(texts[1:-2])  # the masked card, printed as given
    assert len(re.findall(r"第[一二三四五六七八九十]+条", contract)) >= 10


def test_the_mandate_debits_the_monthly_rent_from_the_masked_card(texts):
    mandate = flat(texts[-2])
    assert "托收银行卡： **** **** **** 1234" in texts[-2]
    for expected in ("授权人：张三", "每月托收：1962.00元", "授权编号：M2026112100042",
                     "合同编号：5f0c2a9e-3b1d-4c6e-9a7f-2d8e4b6c1a30", f"电子签名编号：{SIGNATURE_ID}"):
        assert expected in mandate, expected


def test_the_deposit_receipt_shows_amount_reference_and_paid_time_in_china_time(texts):
    receipt = flat(texts[-1])
    for expected in ("缴款人：张三", "押金金额：3924.00元（2个月租金）", "缴款流水号：P2026112300017",
                     "缴款时间：2026-11-2310:15:30（北京时间）", "收款单位：深圳市住房保障署"):
        assert expected in receipt, expected


def test_only_the_masked_identifiers_it_was_given_are_printed(texts):
    everything = "\n".join(texts)
    for full in (FULL_ID, FULL_PHONE, FULL_CARD):
        assert full not in flat(everything)
    assert not re.search(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])", everything)  # an unmasked ID number
    assert not re.search(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])", everything)  # an unmasked mobile number
    assert "440***********1234" in everything and "138****5678" in everything


@pytest.mark.parametrize("key,value", [("tenant_id_masked", FULL_ID), ("phone_masked", FULL_PHONE),
                                       ("bank_card_masked", FULL_CARD)])
def test_an_identifier_that_is_not_masked_is_refused_not_printed(key, value):
    with pytest.raises(ValueError, match=key):
        render_lease_pdf(lease(**{key: value}), verification_code=CODE)


def test_the_same_lease_renders_the_same_bytes_dated_by_its_approval(rendered):
    assert render_lease_pdf(lease(), verification_code=CODE) == rendered
    metadata = PdfReader(io.BytesIO(rendered)).metadata
    assert metadata.creation_date.isoformat() == "2026-11-25T09:00:00+08:00"
    assert "5f0c2a9e-3b1d-4c6e-9a7f-2d8e4b6c1a30" in metadata.title
    assert metadata.creator == lease_pdf.PDF_CREATOR


def without(key):
    data = lease()
    del data[key]
    return data


def without_room(key):
    room = dict(lease()["room"])
    del room[key]
    return lease(room=room)


@pytest.mark.parametrize("data,code,named", [
    (without("tenant_name"), CODE, "tenant_name"),
    (without("approved_at"), CODE, "approved_at"),
    (lease(monthly_rent=""), CODE, "monthly_rent"),
    (lease(mandate_ref=None), CODE, "mandate_ref"),
    (without_room("room_number"), CODE, "room.room_number"),
    (without("room"), CODE, "room"),
    (lease(), "  ", "verification_code"),
])
def test_a_missing_field_is_a_value_error_naming_it(data, code, named):
    with pytest.raises(ValueError, match=r"missing: .*\b" + re.escape(named)):
        render_lease_pdf(data, verification_code=code)


def test_every_missing_field_is_named_at_once():
    data = without("deposit")
    data["signature_id"] = ""
    with pytest.raises(ValueError) as caught:
        render_lease_pdf(data, verification_code=CODE)
    assert "deposit" in str(caught.value) and "signature_id" in str(caught.value)


@pytest.mark.parametrize("key,value,message", [("signed_at", "2026-11-21T08:00:00", "no UTC offset"),
                                               ("deposit_paid_at", "yesterday", "not an ISO date-time"),
                                               ("room", "1栋1203", "room must be a mapping")])
def test_malformed_values_are_refused(key, value, message):
    with pytest.raises(ValueError, match=message):
        render_lease_pdf(lease(**{key: value}), verification_code=CODE)
