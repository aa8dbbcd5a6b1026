"""The contract's QR code and the public check page (issue #12): the clerk prints the formal contract, the
buyer scans the QR code on its cover with a phone and sees the contract's number, state, room and masked
parties; after the bureau files it, the same check shows the filing number (R000.9, R000.13)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.integration.browser.harness import shoot
from tests.integration.browser.pages.check import (check_by_hand, open_check_from_pdf, open_check_page,
                                                   read_check, read_error, scan_qr)
from tests.integration.contract_flow import contract_state, formal_printed, pending_filing
from tests.integration.support import eventually

RAW_CODE = re.compile(r"[a-z]+_[a-z]+|not_found|formal_printed|null|undefined")


def contract_pdf(clerk, contract_id: str) -> bytes:
    response = clerk.call("GET", f"/api/v1/contracts/{contract_id}/pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf", response.text
    return response.content


def test_R000_9_the_qr_code_on_the_formal_print_opens_the_contracts_check_on_a_phone(browser, estate, bureau):
    room = estate.rooms[0]
    contract = formal_printed(estate.clerk, room["room_id"])
    assert re.fullmatch(r"YS\d{4}\d{6}", contract["contract_number"])
    pdf = contract_pdf(estate.clerk, contract["contract_id"])
    assert scan_qr(pdf).endswith(f"/portal/check.html?code={contract['verification_code']}")

    page = open_check_from_pdf(browser, pdf)
    shown = read_check(page)
    assert shown["number"] == contract["contract_number"]
    assert shown["state"] == "已正式打印，待确认"
    assert shown["buyer"] == "张*" and shown["seller"] == "测试置业有限公司"
    assert shown["room"] == f"测试花园 1栋 {room['room_number']}号房" and shown["area"] == "89.50 平方米"
    assert shown["filing_number"] == "尚未备案"
    expect(page.locator("body")).not_to_contain_text(RAW_CODE)
    shoot(page, "contract-check-formal-printed")


def test_R000_13_after_filing_the_check_shows_the_filing_number(browser, estate, bureau):
    contract = formal_printed(estate.clerk, estate.rooms[1]["room_id"])
    estate.clerk.ok("POST", f"/api/v1/contracts/{contract['contract_id']}/confirm")
    filing = pending_filing(bureau, contract["contract_id"])
    filed = bureau.ok("POST", f"/api/v1/filings/{filing['filing_id']}/approve")
    eventually(lambda: contract_state(estate.clerk, contract["contract_id"]) == "filed", what="the contract filed")

    page = open_check_from_pdf(browser, contract_pdf(estate.clerk, contract["contract_id"]))
    shown = read_check(page)
    assert shown["state"] == "已备案" and shown["filing_number"] == filed["filing_number"]
    assert shown["number"] == contract["contract_number"]
    shoot(page, "contract-check-filed")


def test_a_code_typed_by_hand_in_lower_case_with_spaces_also_works(browser, estate):
    contract = formal_printed(estate.clerk, estate.rooms[2]["room_id"])
    code = contract["verification_code"]
    page = check_by_hand(open_check_page(browser), f"{code[:4].lower()} {code[4:8]} - {code[8:]}")
    assert read_check(page)["number"] == contract["contract_number"]
    expect(page.get_by_label("合同验证码")).to_have_value("-".join(code[i:i + 4] for i in range(0, 16, 4)))


def test_an_unknown_code_is_explained_in_chinese_and_says_what_to_do(browser, stack):
    page = check_by_hand(open_check_page(browser), "ABCD-EFGH-JKLM-NPQR")
    message = read_error(page)
    assert "没有找到" in message and "核对" in message
    expect(page.locator("#check-result")).to_be_hidden()
    assert not RAW_CODE.search(message)
    shoot(page, "contract-check-unknown-code")
    check_by_hand(page, "0000")  # cannot be a code: the same sentence, without asking the server
    assert read_error(page) == message
    check_by_hand(page, "   ")
    assert "请输入" in read_error(page)


def test_the_page_asks_for_a_code_when_opened_without_one(browser, stack):
    page = open_check_page(browser, "desktop")
    expect(page.get_by_label("合同验证码")).to_be_focused()
    expect(page.locator("#check-result")).to_be_hidden()
    shoot(page, "contract-check-empty")
