"""The formal print's cover: its contract number and print time instead of a version counter, the
verification code in groups of four, and a QR code that a phone (here: pypdfium2 + zxing-cpp) reads as the
public check page's address."""
import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from services.contracts.adapters.pdf import print_time, printed_code, render_contract_pdf
from tests.unit.test_contract_pdf import full_contract

CODE = "ABCDEFGHJKLMNPQR"
URL = f"https://fangguan.example.gov.cn/portal/check.html?code={CODE}"
NUMBERED = {"contract_number": "YS2026000042", "printed_at": "2026-05-01T09:30:00+00:00"}


def cover_text(data: bytes) -> str:
    return "".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def qr_codes(data: bytes, page: int = 0, dpi: int = 150) -> list[str]:
    image = pypdfium2.PdfDocument(data)[page].render(scale=dpi / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.fixture(scope="module")
def formal():
    return render_contract_pdf(full_contract(**NUMBERED), kind="formal", verification_code=CODE, check_url=URL)


def test_the_cover_names_the_contract_number_and_the_print_time_in_shanghai_not_a_version(formal):
    cover = cover_text(formal)
    assert "合同编号：YS2026000042" in cover and "HT-2026-000123" not in cover
    assert "打印时间：2026年05月01日17:30" in cover
    assert "合同版本" not in cover and "版" not in cover.split("打印时间")[0].split("合同编号")[1]


def test_a_contract_drafted_before_numbers_keeps_its_id_on_the_cover():
    data = render_contract_pdf(full_contract(), kind="preview")
    assert "合同编号：HT-2026-000123" in cover_text(data)


def test_the_verification_code_is_printed_in_groups_of_four(formal):
    assert "验证码：ABCD-EFGH-JKLM-NPQR" in cover_text(formal)
    for page in PdfReader(io.BytesIO(formal)).pages:
        assert "ABCD-EFGH-JKLM-NPQR" in page.extract_text()
    assert printed_code("8K3Q-7Z2M") == "8K3Q-7Z2M"  # anything else is printed as it is


def test_the_qr_code_on_the_cover_opens_the_check_page(formal):
    assert qr_codes(formal) == [URL]
    assert "扫码核验合同" in cover_text(formal)


def test_the_qr_code_still_reads_from_a_coarse_scan(formal):
    assert qr_codes(formal, dpi=100) == [URL]


def test_only_the_formal_print_has_a_qr_code_and_only_on_its_cover(formal):
    preview = render_contract_pdf(full_contract(**NUMBERED), kind="preview", check_url=URL)
    assert qr_codes(preview) == []
    assert qr_codes(formal, page=1) == []


def test_the_render_stays_reproducible(formal):
    again = render_contract_pdf(full_contract(**NUMBERED), kind="formal", verification_code=CODE, check_url=URL)
    assert again == formal


@pytest.mark.parametrize("value, shown", [("2026-12-31T16:05:00+00:00", "2027年01月01日 00:05"),
                                          ("2026-05-01T09:30:00", "2026年05月01日 09:30"),
                                          ("not a time", ""), (None, "")])
def test_the_print_time_is_read_in_shanghai(value, shown):
    assert print_time(value) == shown
