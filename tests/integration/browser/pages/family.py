"""The families' portal (services/portal/family.html), one function per step a family takes, in the
guide's order (guide 004: 网上选房, 网上签约). Rooms are named as the page names them: "1栋 101室"."""
from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from deploy.sim.identity_links import sign_in_link
from tests.integration.lease_flow import PNG

FORMAL_TIMEOUT = 90_000
CART_CHANGE = re.compile(r"/(preselection|selection/cart)$")  # the test rounds' formal window opens within a minute of signing in


def room_label(room: dict[str, Any]) -> str:
    return f"{room['building']} {room['room_number']}室"


def sign_in(page: Page, round_id: str, id_number: str, secret: str, name: str = "张三") -> Page:
    """统一身份认证: the platform sends the family back to the portal with its signed assertion."""
    page.goto(sign_in_link("", round_id, id_number, name, secret))
    expect(page.locator("#family-view")).to_be_visible()
    expect(page.locator("#clock-session")).to_contain_text("排位")
    return page


def go_to_identity_platform(page: Page, portal_path: str = "/portal/family.html") -> Page:
    """「前往广东省统一身份认证平台登录」 on the portal's sign-in screen: the platform's own page opens."""
    page.goto(portal_path)
    page.get_by_role("button", name="前往广东省统一身份认证平台登录").click()
    expect(page).to_have_title("广东省统一身份认证平台")
    return page


def sms_code(page: Page) -> str:
    """The code the simulated platform shows instead of sending an SMS."""
    return page.locator("#code-hint strong").inner_text()


def fill_platform_form(page: Page, name: str, id_number: str, code: str | None = None) -> None:
    page.get_by_label("姓名").fill(name)
    page.get_by_label("居民身份证号码").fill(id_number)
    page.get_by_label("短信验证码").fill(sms_code(page) if code is None else code)
    page.get_by_role("button", name="登录").click()


def platform_problem(page: Page) -> str:
    """What the platform said was wrong (it stays on its own page)."""
    expect(page).to_have_title("广东省统一身份认证平台")
    return page.get_by_role("alert").inner_text()


def sign_in_through_platform(page: Page, name: str, id_number: str) -> Page:
    """统一身份认证 as a family does it: the portal's button, the platform's form, back in the portal."""
    go_to_identity_platform(page)
    fill_platform_form(page, name, id_number)
    return landed_in_session(page)


def landed_in_session(page: Page) -> Page:
    expect(page.locator("#family-view")).to_be_visible()
    expect(page.locator("#clock-session")).to_contain_text("排位")
    return page


def choose_round(page: Page, name: str) -> Page:
    """Several rounds list the family: it picks one by name."""
    page.locator("#round-list").get_by_role("button", name=name).click()
    return landed_in_session(page)


def read_rules_and_start_preselection(page: Page) -> None:
    page.get_by_role("tab", name="开始选房").click()
    page.get_by_label("上述条款，我已阅知").check()
    page.get_by_role("button", name="开始预选").click()
    expect(page.get_by_role("heading", name="预选")).to_be_visible()


def search(page: Page, building: str = "", layout: str = "", orientation: str = "") -> None:
    page.get_by_label("楼栋").select_option(building)
    page.get_by_label("户型").select_option(layout)
    page.get_by_label("朝向").select_option(orientation)
    with page.expect_response(re.compile(r"/rooms\?")):
        page.get_by_role("button", name="查询").click()
    expect(page.locator(".search button[aria-busy='true']")).to_have_count(0)


def available(page: Page) -> list[str]:
    return page.locator(".room-list .room-card").evaluate_all("cards => cards.map(c => c.dataset.room)")


def choose(page: Page, label: str) -> None:
    """「选择」: the room goes into the cart."""
    before = len(cart(page))
    page.locator(f".room-list .room-card[data-room='{label}']").get_by_role("button", name="选择").click()
    expect(page.locator(".cart-list .cart-item")).to_have_count(before + 1)


def cart(page: Page) -> list[str]:
    return page.locator(".cart-list .cart-item").evaluate_all("items => items.map(i => i.dataset.room)")


def move(page: Page, label: str, action: str) -> None:
    """上移, 下移, 置顶 or 删除 on one cart row."""
    with page.expect_response(CART_CHANGE):
        page.locator(".cart-list").get_by_role("button", name=f"{action}：{label}", exact=True).click()
    expect(page.locator(".cart-list button[aria-busy='true']")).to_have_count(0)


def go_to_formal_selection(page: Page) -> None:
    """正选: the rules again, then 「去选房」 once the family's formal window has opened."""
    page.get_by_role("tab", name="开始选房").click()
    expect(page.get_by_role("button", name="去选房")).to_be_enabled(timeout=FORMAL_TIMEOUT)
    page.get_by_label("上述条款，我已阅知").check()
    page.get_by_role("button", name="去选房").click()
    expect(page.get_by_role("heading", name="正选")).to_be_visible()


def sync_preselection(page: Page) -> str:
    """「确认同步」 under the guide's warning; returns the warning the family read."""
    banner = page.locator(".sync-banner")
    warning = banner.inner_text()
    banner.get_by_role("button", name="确认同步").click()
    expect(banner).to_have_count(0)
    return warning


def confirm(page: Page, label: str) -> str:
    """「确认正选」 of one cart room; returns what the confirmation dialog said."""
    page.locator(f".cart-list .cart-item[data-room='{label}']").get_by_label("选定此房").check()
    page.get_by_role("button", name="确认正选").click()
    dialog = page.get_by_role("dialog")
    said = dialog.inner_text()
    dialog.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("tab", name="我的选房结果")).to_have_attribute("aria-selected", "true")
    return said


def my_result(page: Page) -> str:
    page.get_by_role("tab", name="我的选房结果").click()
    box = page.locator("#result-body .result")
    expect(box).to_be_visible()
    return box.inner_text()


def go_sign(page: Page) -> None:
    page.get_by_role("button", name="去签约").click()
    expect(page.get_by_role("heading", name="网上签约")).to_be_visible(timeout=30_000)
    expect(page.locator("#lease-body .step-bar")).to_be_visible(timeout=30_000)


def save_phone(page: Page, phone: str) -> None:
    page.get_by_label("手机号码").fill(phone)
    page.get_by_role("button", name="保存手机号").click()
    expect(page.get_by_role("heading", name="租金托收银行信息")).to_be_visible()


def set_up_auto_debit(page: Page, holder: str, card: str) -> None:
    page.get_by_label("账户名（主申请人姓名）").fill(holder)
    page.get_by_label("银行卡号（深圳任意银行储蓄卡）").fill(card)
    page.get_by_label("银行卡正面照片").set_input_files({"name": "front.png", "mimeType": "image/png", "buffer": PNG})
    page.get_by_label("银行卡反面照片").set_input_files({"name": "back.png", "mimeType": "image/png", "buffer": PNG})
    page.get_by_role("button", name="提交托收信息").click()
    expect(page.get_by_role("button", name="开始人脸识别")).to_be_visible(timeout=60_000)


def qr_link(page: Page, start_button: str) -> str:
    """Start a step shown as a QR code and return the link it encodes (what the phone would open)."""
    page.get_by_role("button", name=start_button).click()
    return shown_qr_link(page)


def shown_qr_link(page: Page) -> str:
    image = page.locator(".qr img")
    expect(image).to_be_visible(timeout=60_000)
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0, "the QR code did not load"
    return page.locator(".qr a.qr-link").get_attribute("href") or ""


def wait_for_step(page: Page, heading: str, timeout: float = 60_000) -> None:
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=timeout)


def approve_in_bureau_portal(page: Page, family_id: str) -> None:
    """公租房签约审核: the row's 「通过」, then the dialog's 「通过」."""
    page.get_by_role("tab", name="公租房签约审核").click()
    row = page.get_by_role("row").filter(has_text=family_id)
    row.get_by_role("button", name="通过").click()
    page.get_by_role("dialog").get_by_role("button", name="通过").click()
    expect(page.get_by_role("row").filter(has_text=family_id).get_by_role("button", name="通过")).to_have_count(0)


def download_documents(page: Page) -> bytes:
    button = page.get_by_role("button", name="下载合同材料")
    expect(button).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        button.click()
    path = download.value.path()
    return open(path, "rb").read()


def no_raw_text(page: Page) -> None:
    """Nothing a family reads is an English code or a raw error."""
    expect(page.locator("main")).not_to_contain_text(re.compile(r"\b[a-z]+_[a-z_]+\b|undefined|null|NaN|Error"))


def sync_again(page: Page) -> str:
    """「同步预选房源」: the guide's warning in a dialog, then 「确认同步」; returns the warning."""
    page.get_by_role("button", name="同步预选房源").click()
    dialog = page.get_by_role("dialog")
    warning = dialog.inner_text()
    with page.expect_response(re.compile(r"/selection/sync$")):
        dialog.get_by_role("button", name="确认同步").click()
    expect(dialog).to_have_count(0)
    expect(page.locator(".cart-column button[aria-busy='true']")).to_have_count(0)
    return warning


def open_supplementary(page: Page) -> dict[str, str]:
    """「补选申请」: what the page says of the application window, as {term: text}."""
    page.get_by_role("tab", name="补选申请").click()
    expect(page.get_by_role("button", name="申请补选")).to_be_visible()
    facts = page.locator("#supplementary-body dl.facts")
    terms = facts.locator("dt").all_inner_texts()
    return dict(zip(terms, facts.locator("dd").all_inner_texts()))


def apply_supplementary(page: Page) -> str:
    """「申请补选」; returns what the page answered (accepted or the reason it was refused)."""
    outcome = page.locator("#supplementary-outcome")
    with page.expect_response(re.compile(r"/supplementary$")):
        page.get_by_role("button", name="申请补选").click()
    expect(outcome).not_to_be_empty()
    return outcome.inner_text()


def switch_tab_visibility(page: Page, hidden: bool) -> None:
    """The family switches to another app (hidden) or back (the browser's visibilitychange)."""
    page.evaluate("""hidden => {
        Object.defineProperty(document, "hidden", { value: hidden, configurable: true });
        Object.defineProperty(document, "visibilityState", { value: hidden ? "hidden" : "visible", configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
    }""", hidden)


def lease_reads(page: Page) -> list[str]:
    """Every read of the family's lease the page sends from now on (a list that grows)."""
    reads: list[str] = []
    page.on("request", lambda request: reads.append(request.url)
            if request.method == "GET" and request.url.endswith("/lease") else None)
    return reads


def clock_strip(page: Page) -> str:
    return page.locator("#clock-items").inner_text()
