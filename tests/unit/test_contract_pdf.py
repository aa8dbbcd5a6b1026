"""Contract PDFs: real files with Chinese text, preview watermark, formal verification code and filing number."""
import io
import os
import re

import pytest
from pypdf import PdfReader

from services.contracts.adapters import pdf as contract_pdf
from services.contracts.adapters.pdf import find_cjk_font, render_contract_pdf, wrap_lines
from services.contracts.domain import clauses, template

CODE = "8K3Q-7Z2M"
FILING_NUMBER = "JZYS2026000456"

REALISTIC = {
    "clause-1": {"land_acquisition": "出让", "land_location": "荆州市沙市区江津东路以北", "land_certificate_number": "荆国用（2024）第0123号",
                 "land_use_expiry": "2094-06-30", "project_name": "江汉明珠", "planning_permit_number": "建字第421002202400018号",
                 "construction_permit_number": "421002202405210101"},
    "clause-3": {"building_name": "3幢", "unit_name": "1单元", "floor": "12", "room_number": "1201", "usage": "住宅",
                 "structure": "钢筋混凝土剪力墙", "balcony": "封闭式", "floor_area": "89.50", "inner_area": "72.30",
                 "shared_area": "17.20"},
    "clause-4": {"pricing_method": "按建筑面积", "unit_price": "7800.00", "total_price": "698100.00",
                 "total_price_in_words": "陆拾玖万捌仟壹佰元整"},
    "clause-6": {"payment_method": "贷款方式付款", "first_payment_due": "2026-06-15", "down_payment": "209430.00",
                 "loan_amount": "488670.00", "payment_schedule": "贷款部分由贷款银行按揭放款"},
    "clause-8": {"delivery_date": "2027-12-31", "delivery_condition": "该商品房经综合验收合格", "force_majeure_notice_days": "15"},
    "clause-19": {"dispute_resolution": "提交仲裁委员会仲裁", "arbitration_commission": "荆州仲裁委员会"},
    "clause-24": {"filing_authority": "荆州市住房和城乡建设局"},
}


def _value(blank):
    return {"choice": lambda: blank.choices[0], "decimal": lambda: "30.00", "integer": lambda: "30",
            "date": lambda: "2027-06-30", "text": lambda: "按国家及地方有关规定执行"}[blank.kind]()


def full_contract(**overrides):
    sections = {s.id: {b.key: REALISTIC.get(s.id, {}).get(b.key) or _value(b) for b in s.blanks}
                for s in clauses.SECTIONS}
    assert template.missing_required(sections) == {}
    contract = {"contract_id": "HT-2026-000123", "buyer_name": "欧阳晓燕", "seller_name": "荆州示范置业有限公司",
                "room": {"project_name": "江汉明珠", "building_name": "3幢", "room_number": "1201",
                         "area_sqm": "89.50", "price_per_sqm": "7800.00"},
                "sections": sections, "version": 3}
    contract.update(overrides)
    return contract


def pages_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


@pytest.fixture(scope="module")
def preview():
    return render_contract_pdf(full_contract(), kind="preview")


@pytest.fixture(scope="module")
def formal():
    return render_contract_pdf(full_contract(), kind="formal", verification_code=CODE, filing_number=FILING_NUMBER)


@pytest.mark.parametrize("kind", ["preview", "formal"])
def test_both_prints_are_pdfs_of_several_numbered_pages(kind, preview, formal):
    data = preview if kind == "preview" else formal
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    reader, texts = pages_text(data)
    assert len(reader.pages) > 1
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {len(texts)} 页" in text


@pytest.mark.parametrize("kind", ["preview", "formal"])
def test_the_cover_and_the_filled_sections_are_there_in_chinese(kind, preview, formal):
    _, texts = pages_text(preview if kind == "preview" else formal)
    cover, everything = texts[0], "".join(texts)
    assert "商品房买卖合同（预售）" in cover
    for expected in ("HT-2026-000123", "欧阳晓燕", "荆州示范置业有限公司", "江汉明珠", "1201", "89.50", "7800.00"):
        assert expected in cover
    flat = re.sub(r"\s+", "", everything)
    for sec in clauses.SECTIONS:
        assert sec.title.replace(" ", "") in flat
    for expected in ("698100.00", "2027-12-31", "荆州市住房和城乡建设局", "提交仲裁委员会仲裁", "荆州仲裁委员会"):
        assert expected in flat
    assert "＿＿＿" not in flat  # fully filled


def test_R000_7_the_parties_page_names_the_buyer_fully_with_the_whole_identity_number():
    buyer = {"name": "欧阳晓燕", "id_type": "hk_macau_taiwan_residence_permit", "id_number": "810000199001011234",
             "phone": "13871234567", "address": "湖北省荆州市沙市区江津东路88号"}
    _, texts = pages_text(render_contract_pdf(full_contract(buyer=buyer), kind="formal", verification_code=CODE))
    parties = re.sub(r"\s+", "", texts[1])
    assert "合同双方当事人" in parties and parties.index("合同双方当事人") < parties.index("第一条")
    for expected in ("荆州示范置业有限公司", "欧阳晓燕", "港澳台居民居住证", "810000199001011234", "13871234567",
                     "湖北省荆州市沙市区江津东路88号"):
        assert expected in parties
    assert "810000199001011234" not in re.sub(r"\s+", "", texts[0])  # the cover names the buyer by name only


def test_a_contract_drafted_before_the_buyers_details_prints_lines_to_fill_for_them():
    _, texts = pages_text(render_contract_pdf(full_contract(), kind="preview"))
    assert "欧阳晓燕" in texts[1] and "证件号码" in texts[1]


def test_the_preview_is_watermarked_on_every_page_and_the_formal_print_nowhere(preview, formal):
    _, preview_texts = pages_text(preview)
    _, formal_texts = pages_text(formal)
    for text in preview_texts:
        assert "预览合同 — 不得作为正式合同使用" in text
        assert text.count("预览") >= 2  # the header line and the diagonal watermark
    assert not any("预览" in text for text in formal_texts)
    assert CODE not in "".join(preview_texts)


def test_the_formal_print_shows_the_verification_code_on_the_cover_and_every_footer(formal):
    _, texts = pages_text(formal)
    assert f"验证码：{CODE}" in texts[0].replace(" ", "")
    cover_fields = re.sub(r"\s+", "", texts[0])
    assert f"验证码：{CODE}" in cover_fields and f"合同备案号：{FILING_NUMBER}" in cover_fields
    for text in texts:
        assert f"验证码：{CODE}" in text


def test_before_filing_the_filing_number_line_is_left_empty():
    data = render_contract_pdf(full_contract(), kind="formal", verification_code=CODE)
    _, texts = pages_text(data)
    assert "合同备案号：" in texts[0]
    assert FILING_NUMBER not in "".join(texts)
    assert "JZYS" not in texts[0]


def test_unfilled_blanks_print_as_lines_to_fill():
    data = render_contract_pdf(full_contract(sections={}), kind="preview")
    _, texts = pages_text(data)
    everything = "".join(texts)
    assert everything.count("＿＿＿") == sum(len(s.blanks) for s in clauses.SECTIONS)


def test_metadata_and_reproducible_bytes(formal):
    reader = PdfReader(io.BytesIO(formal))
    assert "HT-2026-000123" in reader.metadata.title and "商品房买卖合同" in reader.metadata.title
    assert reader.metadata.creator == contract_pdf.PDF_CREATOR
    again = render_contract_pdf(full_contract(), kind="formal", verification_code=CODE, filing_number=FILING_NUMBER)
    assert again == formal


def test_the_creation_date_comes_from_the_contract_when_it_has_one():
    data = render_contract_pdf(full_contract(updated_at="2026-05-01T09:30:00+08:00"), kind="preview")
    created = PdfReader(io.BytesIO(data)).metadata.creation_date
    assert created.isoformat() == "2026-05-01T09:30:00+08:00"


def test_bad_requests_are_refused():
    with pytest.raises(ValueError):
        render_contract_pdf(full_contract(), kind="draft")
    with pytest.raises(ValueError):
        render_contract_pdf(full_contract(), kind="formal")  # no verification code


# --- the font ---

def test_no_cjk_font_names_the_package_to_install(tmp_path):
    with pytest.raises(RuntimeError) as caught:
        find_cjk_font(((str(tmp_path / "missing.ttc"), "fonts-wqy-zenhei"),))
    assert "fonts-wqy-zenhei" in str(caught.value)


def test_the_font_candidates_are_tried_in_order(tmp_path):
    present = contract_pdf.FONT_CANDIDATES[0][0]
    if not os.path.isfile(present):
        pytest.skip("fonts-wqy-zenhei is not installed")
    assert find_cjk_font(((str(tmp_path / "a.ttc"), "x"), (present, "fonts-wqy-zenhei"))) == (present, 0)
    assert [path for path, _ in contract_pdf.FONT_CANDIDATES] == [
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]


def test_in_the_noto_collection_the_simplified_chinese_face_is_used():
    noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    if not os.path.isfile(noto):
        pytest.skip("fonts-noto-cjk is not installed")
    from fontTools.ttLib import TTCollection

    path, face = find_cjk_font(((noto, "fonts-noto-cjk"),))
    assert TTCollection(noto, lazy=True).fonts[face]["name"].getBestFamilyName() == "Noto Sans CJK SC"


# --- line breaking ---

@pytest.mark.parametrize("text", [template.render_text(s, {}) for s in clauses.SECTIONS[:8]]
                         + ["价款为7800.00元，合同编号HT-2026-000123（见附件）。", "第一行\n\n第三行", "A" * 40])
def test_lines_keep_within_the_width_and_punctuation_where_it_belongs(text):
    lines = wrap_lines(text, 12, len)
    assert "".join(lines) == text.replace("\n", "")
    for line in lines:
        hangs = bool(line) and line[-1] in contract_pdf._NO_LINE_START
        assert len(line) <= 12 + hangs
        assert not line or line[0] not in contract_pdf._NO_LINE_START or line == lines[0]
        assert not line or line[-1] not in contract_pdf._NO_LINE_END


@pytest.mark.parametrize("width", range(14, 30))
def test_numbers_and_codes_are_not_split_across_lines(width):
    lines = wrap_lines("价款为7800.00元，合同编号HT-2026-000123（见附件），房号＿＿＿。", width, len)
    assert any("7800.00" in line for line in lines) and any("HT-2026-000123" in line for line in lines)
    assert any("＿＿＿" in line for line in lines)


def test_a_latin_run_longer_than_a_line_is_cut():
    assert wrap_lines("A" * 30, 12, len) == ["A" * 12, "A" * 12, "A" * 6]
