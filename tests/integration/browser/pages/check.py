"""The public check page (check.html), as a buyer or a bank uses it: scan the QR code on the printed contract
with a phone, or type the code from its cover, then read what the bureau's system says about the contract."""
from __future__ import annotations

import pypdfium2
import zxingcpp
from playwright.sync_api import Page, expect

from tests.integration.browser.harness import Browser

FACTS = {"number": "#check-number", "filing_number": "#check-filing", "seller": "#check-seller",
         "buyer": "#check-buyer", "room": "#check-room", "area": "#check-area", "printed_at": "#check-printed"}


def scan_qr(pdf_bytes: bytes, dpi: int = 150) -> str:
    """What a phone's camera reads from the QR code on the contract's cover."""
    image = pypdfium2.PdfDocument(pdf_bytes)[0].render(scale=dpi / 72).to_pil()
    found = [code.text for code in zxingcpp.read_barcodes(image) if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(found) == 1, f"expected one QR code on the cover, found {found}"
    return found[0]


def open_check_from_pdf(browser: Browser, pdf_bytes: bytes) -> Page:
    """Scan the cover's QR code and open the address it holds on a phone."""
    page = browser.page("phone")
    page.goto(scan_qr(pdf_bytes))
    return page


def open_check_page(browser: Browser, size: str = "phone") -> Page:
    page = browser.page(size)
    page.goto("/portal/check.html")
    return page


def check_by_hand(page: Page, typed: str) -> Page:
    """Type the code from the paper and ask."""
    page.get_by_label("合同验证码").fill(typed)
    page.get_by_role("button", name="查验").click()
    return page


def read_check(page: Page) -> dict[str, str]:
    """What the page says about the contract: its state and every fact shown."""
    expect(page.locator("#check-state")).to_be_visible()
    facts = {name: page.locator(selector).inner_text().strip() for name, selector in FACTS.items()}
    return {"state": page.locator("#check-state").inner_text().strip(), **facts}


def read_error(page: Page) -> str:
    error = page.locator("#check-error")
    expect(error).to_be_visible()
    return error.inner_text().strip()
