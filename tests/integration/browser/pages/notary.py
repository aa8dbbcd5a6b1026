"""Remote notarized signing in the portal (guide 002), one function per step a person takes: the developer clerk's
公证签约 page, the buyer's phone pages opened from the QR code (the face provider's page played as the phone
would), the notary officer's review and the bureau's filing review with the certificate."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import requests
from playwright.sync_api import Locator, Page, expect

from services.notary.api.offices import OFFICES
from services.notary.domain import evidence
from tests.integration.browser.harness import Browser, sign_in_staff
from tests.integration.browser.pages import developer
from tests.integration.browser.pages.bureau import dialog, open_filing_review
from tests.integration.support import Api
from tests.unit.notary_support import png

PASSWORD = "buyer-pass-1"
OFFICE_NAME = next(iter(OFFICES.values()))
DOCUMENTS = ("中山市商品房买卖合同", "商品房买卖公证申请表", "商品房买卖合同公证告知", "收案记录")


def files(folder: Path) -> dict[str, Path]:
    """What a clerk and a buyer have at hand: photos, a PDF, a text file, an oversized image, videos."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {"floor_plan": png(3), "drainage_layout": png(4), "id_front": png(20), "id_back": png(21),
            "id_in_hand": png(22), "passport": png(40), "passport_again": png(41),
            "oversized": png(5) + b"\x00" * (501 * 1024), "evidence": evidence.mp4(15), "short": evidence.mp4(5)}
    paths = {}
    for name, data in made.items():
        suffix = ".mp4" if name in ("evidence", "short") else ".png"
        paths[name] = folder / f"{name}{suffix}"
        paths[name].write_bytes(data)
    paths["notes"] = folder / "notes.txt"
    paths["notes"].write_text("不是图片")
    return paths


# The developer clerk (R002.1, R002.2) ----------------------------------------------------------------------

def choose_notarized_route(page: Page, room_number: str) -> Locator:
    """我的预览合同 → 公证签约 instead of 是: the 公证签约 page opens on the contract."""
    developer.preview_row(page, room_number).get_by_role("button", name=re.compile("^公证签约")).click()
    dialog(page).get_by_role("button", name="提交公证签约").click()
    expect(developer.notice(page)).to_contain_text("已提交公证签约")
    expect(page.get_by_role("tab", name="公证签约", exact=True)).to_have_attribute("aria-selected", "true")
    detail = page.locator("#notary-detail")
    expect(detail.get_by_label(re.compile("^合同密码"))).to_be_visible()
    return detail


def notary_detail(page: Page, room_number: str) -> Locator:
    developer.open_tab(page, "公证签约")
    page.locator("#notary-table tbody tr").filter(has_text=room_number).get_by_role("button", name=re.compile("^办理")).click()
    detail = page.locator("#notary-detail")
    expect(detail).to_be_visible()
    return detail


def set_contract_password(page: Page, password: str = PASSWORD, again: str | None = None) -> None:
    detail = page.locator("#notary-detail")
    detail.get_by_label(re.compile("^合同密码")).fill(password)
    detail.get_by_label("再次输入合同密码").fill(password if again is None else again)
    detail.get_by_role("button", name=re.compile("合同密码$")).click()


def choose_attachment(page: Page, kind: str, file: Path, name: str | None = None) -> Locator:
    """收件材料: type, file (previewed when an image), name, 上传附件; returns the attachment form."""
    detail = page.locator("#notary-detail")
    form = detail.locator("form").filter(has=page.locator("#attachment-file"))
    form.get_by_label("附件类型").select_option(label=kind)
    form.locator("#attachment-file").set_input_files(str(file))
    if name is not None:
        form.get_by_label(re.compile("^附件名称")).fill(name)
    form.get_by_role("button", name="上传附件").click()
    return form


def upload_attachment(page: Page, kind: str, file: Path, name: str | None = None) -> None:
    choose_attachment(page, kind, file, name)
    expect(page.locator("#notary-detail table")).to_contain_text(name or file.name)


def refused_attachment(page: Page, kind: str, file: Path, name: str | None = None) -> Locator:
    """A file the page refuses: its sentence, and nothing sent."""
    error = choose_attachment(page, kind, file, name).locator(".error")
    expect(error).to_be_visible()
    return error


def push(page: Page, double_click: bool = False) -> str:
    """选择公证处 → 推送电子合同 → 确定; the QR link the office returned, under 查看二维码."""
    detail = page.locator("#notary-detail")
    detail.get_by_label("公证处").select_option(label=OFFICE_NAME)
    button = detail.get_by_role("button", name=re.compile("推送电子合同$"))
    button.dblclick() if double_click else button.click()
    dialog(page).get_by_role("button", name="确定推送").click()
    expect(detail.get_by_role("button", name="查看二维码")).to_be_visible(timeout=40_000)
    detail.get_by_role("button", name="查看二维码").click()
    qr = detail.locator("#notary-qr")
    expect(qr.get_by_role("img")).to_be_visible()
    return qr.locator("#notary-qr-link").get_attribute("href")


def certificate_number_for_developer(page: Page) -> str:
    number = page.locator("#notary-certificate-number")
    expect(number).to_be_visible(timeout=30_000)
    return number.inner_text()


# The buyer, on the phone (R002.2–R002.6) -------------------------------------------------------------------

def buyer_opens(browser: Browser, qr_url: str, password: str = PASSWORD) -> Page:
    """Scan the QR code, type the contract password: the case's first step."""
    page = browser.page("phone")
    page.goto(qr_url)
    enter_password(page, password)
    expect(page.locator("#case-view")).to_be_visible()
    return page


def enter_password(page: Page, password: str) -> Locator:
    page.get_by_label("合同密码").fill(password)
    page.get_by_role("button", name="进入").click()
    return page.locator("#login-error")


def face_check(page: Page, id_number: str) -> None:
    """开始人脸识别 → the provider's QR code, which the buyer's phone answers (the simulator's page)."""
    page.get_by_role("button", name=re.compile("人脸识别$")).click()
    link = page.locator("#face-link")
    expect(link).to_be_visible()
    answer = requests.post(link.get_attribute("href"), json={"outcome": "passed", "name": "张三", "id_number": id_number},
                           timeout=10)
    assert answer.status_code == 200, answer.text
    expect(link).to_have_count(0, timeout=20_000)


def read_e_contract(page: Page) -> bytes:
    """「阅读合同全文（PDF）」: the pushed e-contract itself, as the buyer's phone saves it (R002.5)."""
    with page.expect_download() as download:
        page.get_by_role("button", name="阅读合同全文（PDF）").click()
    return Path(download.value.path()).read_bytes()


def read_documents(page: Page) -> None:
    for title in DOCUMENTS:
        page.get_by_label(f"我已阅读并确认《{title}》").check()
    page.get_by_role("button", name="同意继续").click()
    expect(page.get_by_role("heading", name="上传资料")).to_be_visible()


def upload_material(page: Page, kind: str, file: Path) -> Locator:
    """A photo (or the video) chosen on the phone; returns that material's box."""
    item = page.locator(f"#material-{kind}")
    item.locator(f"#file-{kind}").set_input_files(str(file))
    item.get_by_role("button", name=re.compile("^(上传|提交视频|重新上传)$")).click()
    return item


def sign_on_pad(page: Page) -> Locator:
    """Write a name on the signature pad with the finger (the mouse here), then 确认签名."""
    item = page.locator("#material-signature")
    item.locator("canvas").scroll_into_view_if_needed()
    box = item.locator("canvas").bounding_box()
    x, y = box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.5
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(x + step * box["width"] * 0.025, y + (12 if step % 2 else -12))
    page.mouse.up()
    item.get_by_role("button", name="确认签名").click()
    return item


def expect_uploaded(item: Locator) -> None:
    expect(item.locator(".done-mark")).to_have_text("已上传")


def photograph_document(page: Page, file: Path, submit: bool = False) -> None:
    """A non-mainland buyer's identity document photo: 提交核验 first, 提交资料，完成 at the end (R002.4)."""
    page.locator("#id-document-second" if submit else "#id-document-first").set_input_files(str(file))
    page.get_by_role("button", name="提交资料，完成" if submit else "提交核验").click()


def expect_submitted(page: Page) -> None:
    expect(page.get_by_role("status").filter(has_text="申请成功")).to_be_visible(timeout=20_000)


# The notary officer (R002.6, R002.7) ----------------------------------------------------------------------------

@dataclass
class Officer:
    username: str
    password: str


def new_officer(bureau: Api) -> Officer:
    username, password = f"notary.{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    bureau.ok("POST", "/api/v1/accounts", {"username": username, "password": password, "role": "notary_officer",
                                           "org_id": next(iter(OFFICES)), "display_name": "公证员"})
    return Officer(username, password)


def officer_signs_in(browser: Browser, secret: str, officer: Officer) -> Page:
    page = browser.page("desktop")
    sign_in_staff(page, secret, officer.username, officer.password)
    expect(page.get_by_role("tab", name="待审核公证申请")).to_have_attribute("aria-selected", "true")
    return page


def open_case(page: Page, case_short: str) -> Locator:
    """待审核公证申请 → 审核: the materials beside the decision (the queue catching up first)."""
    queue = page.locator("#notary-queue-table")
    for _ in range(20):
        if queue.locator("tbody tr").filter(has_text=case_short).count():
            break
        page.get_by_role("button", name="刷新").first.click()
        page.wait_for_timeout(700)
    queue.locator("tbody tr").filter(has_text=case_short).get_by_role("button", name=re.compile("^审核")).click()
    case = page.locator("#notary-case")
    expect(case.get_by_role("button", name="通过")).to_be_visible()
    return case


def approve(page: Page, double_click: bool = False) -> str:
    """通过 → 通过并出具公证书; the certificate number the notice shows."""
    button = page.locator("#notary-case").get_by_role("button", name="通过")
    button.dblclick() if double_click else button.click()
    dialog(page).get_by_role("button", name="通过并出具公证书").click()
    notice = page.locator("#notice-text")
    expect(notice).to_contain_text("公证书编号")
    return notice.inner_text().rsplit("：", 1)[1].strip()


# The bureau (R002.8) -----------------------------------------------------------------------------------------

def certificate_in_filing_review(page: Page, contract: dict) -> Locator:
    review = open_filing_review(page, contract)
    expect(review.locator("#filing-certificate-number")).to_be_visible()
    return review



def reject(page: Page, reasons: str) -> None:
    """退回 → the reasons, one per line → 退回: the case leaves the queue."""
    case = page.locator("#notary-case")
    short = case.locator("h3").inner_text().rsplit(" ", 1)[1]
    case.get_by_role("button", name="退回").click()
    box = dialog(page)
    box.get_by_label("退回原因").fill(reasons)
    box.get_by_role("button", name="退回").click()
    expect(page.locator("#notice-text")).to_contain_text("已退回")
    expect(page.locator("#notary-queue-table")).not_to_contain_text(short)
