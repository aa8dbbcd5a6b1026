"""Existing-home sales in the portal (guide 001, sections 2–5), one function per thing a person does: the agent's
contract form, 待办业务 with the e-signature order's QR codes and 提交, 存量房合同注销线上; a party's phone page
opened from its QR link (the face and e-signature providers' pages played as the phone would, as the simulators'
scan pages are); the agency's read-only list; the bureau's window signing, cancellation and review."""
from __future__ import annotations

import re
from pathlib import Path

import requests
from playwright.sync_api import Locator, Page, expect

from tests.integration.browser.harness import Browser
from tests.integration.browser.pages.agency import verify_by_certificate
from tests.integration.browser.pages.bureau import dialog, open_tab, row

SIDE = {"sellers": "卖方", "buyers": "买方"}


# The agent: 房源验证 -> 签订合同 -> the contract form ----------------------------------------------------------

def draft_from_verification(page: Page, certificate: str, owner: str, owner_id: str, window: bool = False,
                            double_click: bool = False) -> Locator:
    """房源验证 by certificate, then 签订合同 (online or 线下): the new contract opens in 待办业务."""
    panel = verify_by_certificate(page, certificate, owner, owner_id)
    expect(panel.locator("#property-result")).to_contain_text("房源验证通过")
    if window:
        panel.get_by_role("radio", name=re.compile("存量房合同签订线下")).check()
    button = panel.get_by_role("button", name="签订合同")
    button.dblclick() if double_click else button.click()
    detail = page.locator("#eh-detail")
    expect(detail.get_by_role("heading", name=re.compile("^存量房买卖合同 CL"))).to_be_visible()
    return detail


def person_row(detail: Locator, side: str, number: int) -> Locator:
    return detail.get_by_role("group", name=f"{SIDE[side]} {number}", exact=True)


def fill_person(detail: Locator, side: str, number: int, person: dict) -> None:
    group = person_row(detail, side, number)
    group.get_by_label("姓名").fill(person["name"])
    group.get_by_label("证件类型").select_option(person.get("id_type", "resident_id"))
    group.get_by_label("证件号码").fill(person["id_number"])
    group.get_by_label("联系电话").fill(person["phone"])
    group.get_by_label("通讯地址").fill(person["address"])
    if "share" in person:
        group.get_by_label("份额（%）").fill(person["share"])


def add_co_owner(detail: Locator, side: str) -> None:
    detail.get_by_role("button", name=f"添加{SIDE[side]}共有人").click()


def co_ownership(detail: Locator, side: str, label: str) -> None:
    detail.get_by_label(f"{SIDE[side]}共有性质").select_option(label=label)


def fill_terms(detail: Locator, price_yuan: str, payment: str = "按揭贷款付款", handover: str = "2027-03-01",
               other: str = "") -> None:
    section = detail.get_by_role("region", name="合同条款")
    section.get_by_label("成交价格（元）").fill(price_yuan)
    section.get_by_label("付款方式").select_option(label=payment)
    section.get_by_label("房屋交付日期").fill(handover)
    section.get_by_label(re.compile("^其他约定")).fill(other)


def fill_applicant(detail: Locator, name: str, phone: str, id_number: str) -> None:
    section = detail.get_by_role("region", name="申请人信息")
    section.get_by_label("申请人姓名").fill(name)
    section.get_by_label("申请人手机号码").fill(phone)
    section.get_by_label("申请人身份证号码").fill(id_number)


def rate(detail: Locator, rating: str = "好评", comment: str = "") -> None:
    section = detail.get_by_role("region", name="好差评信息")
    section.get_by_role("radio", name=rating).check()
    section.get_by_label(re.compile("^评价内容")).fill(comment)


def choose_escrow(detail: Locator, bank: str = "中国建设银行", channel: str = "线上办理") -> None:
    section = detail.get_by_role("region", name="资金监管信息")
    section.get_by_role("radio", name="是", exact=True).check()
    section.get_by_role("radio", name=bank).check()
    section.get_by_role("radio", name=re.compile(f"^{channel}")).check()


def waive_escrow(detail: Locator) -> None:
    section = detail.get_by_role("region", name="资金监管信息")
    section.get_by_role("radio", name="否", exact=True).check()
    section.get_by_label(re.compile("自愿放弃存量房交易资金监管")).check()


def write_notes(detail: Locator, notes: str) -> None:
    detail.get_by_role("region", name="注意事项").get_by_label(re.compile("^注意事项")).fill(notes)


def section_error(detail: Locator, name: str) -> Locator:
    return detail.get_by_role("region", name=name).get_by_role("alert")


def submit(page: Page, double_click: bool = False) -> None:
    """提交 saves every section, then 确定: the contract waits for its e-signature order."""
    button = page.locator("#eh-submit")
    button.dblclick() if double_click else button.click()
    expect(page.get_by_role("dialog")).to_be_visible(timeout=30_000)  # after six saves
    dialog(page).get_by_role("button", name="确定").click()
    expect(page.locator("#eh-detail [data-state]")).to_have_attribute("data-state", "submitted")


def open_order(page: Page, double_click: bool = False) -> list[str]:
    """生成电子合同订单, then 查看二维码 on every party's row: the QR codes' links, sellers first, as the rows are."""
    detail = page.locator("#eh-detail")
    button = detail.get_by_role("button", name="生成电子合同订单")
    button.dblclick() if double_click else button.click()
    expect(detail.locator(".order-status")).to_have_text("已创建订单，待签字", timeout=20_000)
    return qr_links(detail)


def qr_links(detail: Locator) -> list[str]:
    links = []
    for line in detail.locator("table.signers tbody tr").all():
        line.get_by_role("button", name="查看二维码").click()
        expect(line.get_by_role("img")).to_be_visible()
        links.append(line.locator("a.party-link").get_attribute("href"))
    return links


def open_contract(page: Page, contract_number: str) -> Locator:
    """待办业务 -> 办理 on the contract's row."""
    panel = open_tab(page, "待办业务")
    panel.get_by_role("button", name="刷新").click()
    expect(panel.locator("#eh-list .loading")).to_have_count(0)
    row(panel.locator("#eh-list"), contract_number).get_by_role("button", name="办理").click()
    detail = page.locator("#eh-detail")
    expect(detail.get_by_role("heading", name=f"存量房买卖合同 {contract_number}")).to_be_visible()
    return detail


def cancel_order(page: Page) -> None:
    """注销电子合同订单 (R001.15): the signatures are void and the contract can be changed again."""
    detail = page.locator("#eh-detail")
    detail.get_by_role("button", name="注销电子合同订单").click()
    dialog(page).get_by_role("button", name="注销订单").click()
    expect(detail.locator("[data-state]")).to_have_attribute("data-state", "drafted")


def delete_contract(page: Page) -> None:
    page.locator("#eh-detail").get_by_role("button", name="删除", exact=True).click()
    dialog(page).get_by_role("button", name="删除", exact=True).click()
    expect(page.locator("#notice")).to_contain_text("合同已删除")


def file_contract(page: Page) -> str:
    """Once every party signed (the status reads so by itself): 提交 -> 已签约 with the filing number."""
    detail = page.locator("#eh-detail")
    expect(detail.locator(".order-status")).to_have_text("订单已经完成签字", timeout=30_000)
    detail.get_by_role("button", name="提交", exact=True).click()
    number = detail.locator(".filing-number")
    expect(number).to_have_text(re.compile(r"^CLBA\d{10}$"), timeout=30_000)
    expect(detail.locator("[data-state]")).to_have_text("已签约")
    return number.inner_text()


def escrow_card(page: Page) -> Locator:
    card = page.get_by_role("region", name="资金监管账户")
    expect(card.locator(".loading")).to_have_count(0)
    return card


# A party, on the phone --------------------------------------------------------------------------------------

def party_opens(browser: Browser, link: str) -> Page:
    page = browser.page("phone")
    page.goto(link)
    expect(page.locator("#signing-view")).to_be_visible()
    expect(page.locator("#step .loading")).to_have_count(0)
    return page


def read_document(page: Page) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("^查阅")).click()
    return Path(download.value.path()).read_bytes()


def pass_face(page: Page, name: str, id_number: str) -> None:
    """开始人脸识别 -> the provider's page, which the phone answers as the simulator's scan does; back on the page
    the face step reads 已完成."""
    page.get_by_role("button", name="开始人脸识别").click()
    link = page.locator("#face-link")
    expect(link).to_be_visible()
    answer = requests.post(link.get_attribute("href"), json={"outcome": "passed", "name": name, "id_number": id_number},
                           timeout=10)
    assert answer.status_code == 200, answer.text
    expect(page.get_by_role("button", name="确定签署")).to_be_enabled(timeout=20_000)


def sign(page: Page) -> None:
    """确定签署 -> the e-signature provider's page, signed there; the page says 您已完成签署."""
    page.get_by_role("button", name="确定签署").click()
    link = page.locator("#sign-link")
    expect(link).to_be_visible()
    answer = requests.post(link.get_attribute("href"), json={"outcome": "signed"}, timeout=10)
    assert answer.status_code == 200, answer.text
    expect(page.get_by_role("status").filter(has_text="您已完成签署")).to_be_visible(timeout=20_000)


# 存量房合同注销线上 --------------------------------------------------------------------------------------------

def request_cancellation(page: Page, contract_number: str, reason: str) -> list[str]:
    panel = open_tab(page, "存量房合同注销线上")
    panel.get_by_label("合同编号").fill(contract_number)
    panel.get_by_role("button", name="搜索").click()
    panel.get_by_label(f"选中合同 {contract_number}").check()
    panel.get_by_role("button", name="确定").click()
    detail = panel.locator("#cancel-detail")
    detail.get_by_label(re.compile("^注销原因")).fill(reason)
    detail.get_by_role("button", name="提交").click()
    dialog(page).get_by_role("button", name="确定").click()
    expect(detail.locator(".order-status")).to_be_visible(timeout=20_000)
    return qr_links(detail)


# The agency account and the bureau ---------------------------------------------------------------------------

def agency_contracts(page: Page) -> Locator:
    return open_tab(page, "本机构合同").locator("#agency-contracts-table")


def window_contract(page: Page, contract_number: str) -> Locator:
    panel = open_tab(page, "存量房窗口业务")
    panel.get_by_label("合同编号").fill(contract_number)
    button = panel.get_by_role("button", name="查找")
    button.click()
    expect(button).to_be_enabled()  # disabled while it reads and draws the contract again
    detail = panel.locator("#window-detail")
    expect(detail.get_by_role("heading", name=f"存量房买卖合同 {contract_number}")).to_be_visible()
    return detail


def review_queue_row(page: Page, contract_number: str, queue: str = "窗口签约，待审核") -> Locator:
    panel = open_tab(page, "存量房窗口业务")
    panel.get_by_label("待审核").select_option(label=queue)
    expect(panel.locator("#window-queue .loading")).to_have_count(0)
    return row(panel.locator("#window-queue"), contract_number)


def sign_at_window(page: Page, contract_number: str, guardians: dict[str, tuple[str, str]], files: dict[str, dict]) -> None:
    """窗口签约: everyone in person; a minor's father and mother (`guardians`: {"father": (name, id)}) with the
    kinship proof; the signed pages; 提交审核 -> the contract waits for the review."""
    detail = window_contract(page, contract_number)
    section = detail.get_by_role("region", name="窗口签约")
    for relation, label in (("father", "父亲"), ("mother", "母亲")):
        if relation in guardians:
            section.get_by_label(f"{label}姓名").fill(guardians[relation][0])
            section.get_by_label(f"{label}身份证号码").fill(guardians[relation][1])
    if guardians:
        section.get_by_label(re.compile("^亲子关系证明")).set_input_files(files["kinship"])
    section.get_by_label(re.compile("^签章页")).set_input_files(files["pages"])
    if "waiver" in files:
        section.get_by_label(re.compile("^《自愿放弃")).set_input_files(files["waiver"])
    section.get_by_role("button", name="提交审核").click()
    expect(page.locator("#notice")).to_contain_text("窗口签约资料已提交审核")


def cancel_at_window(page: Page, contract_number: str, files: dict[str, dict], reason: str) -> None:
    """窗口注销 (R001.18): the termination agreement, the parties' photos, the reason; 提交审核."""
    section = window_contract(page, contract_number).get_by_role("region", name="窗口注销")
    section.get_by_label(re.compile("^《存量房买卖合同终止协议》")).set_input_files(files["agreement"])
    section.get_by_label(re.compile("^买卖双方现场照片")).set_input_files(files["photos"])
    section.get_by_label("注销原因").fill(reason)
    section.get_by_role("button", name="提交审核").click()
    expect(page.locator("#notice")).to_contain_text("窗口注销资料已提交审核")


def decide_window(page: Page, contract_number: str, approve: bool = True, reasons: str = "",
                  queue: str = "窗口签约，待审核") -> Locator:
    review_queue_row(page, contract_number, queue).get_by_role("button", name="审核").click()
    section = page.locator("#window-detail").get_by_role("region", name="审核")
    if approve:
        section.get_by_role("button", name="审核通过").click()
        dialog(page).get_by_role("button", name="通过").click()
        expect(page.locator("#notice")).to_contain_text(re.compile("已备案|已注销"), timeout=30_000)
    else:
        section.get_by_role("button", name="退回").click()
        box = dialog(page)
        box.get_by_label("退回原因").fill(reasons)
        box.get_by_role("button", name="退回").click()
        expect(page.locator("#notice")).to_contain_text("已退回", timeout=30_000)
    return page.locator("#window-detail")
