"""The developer clerk's pages (guide 000), one function per step a clerk takes in the portal."""
from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.integration.browser.harness import Browser, sign_in_staff
from tests.integration.support import Estate
from tests.unit.contract_support import BUYER

SAMPLES = {"decimal": "100.00", "numeric": "2", "date": "2027-06-30", "text": "示例内容"}


def sign_in(browser: Browser, secret: str, estate: Estate, size: str = "desktop") -> Page:
    """Sign in with user, password, captcha and the enterprise's electronic key; the room map opens."""
    page = browser.page(size)
    sign_in_staff(page, secret, estate.clerk_username, estate.password, estate.electronic_key)
    expect(page.get_by_role("tab", name="我的房屋电子图")).to_have_attribute("aria-selected", "true")
    return page


def open_tab(page: Page, name: str) -> Page:
    """Open a function tab (clicking an open one reloads it, as a clerk would to refresh)."""
    page.get_by_role("tab", name=name, exact=True).click()
    expect(page.get_by_role("tab", name=name, exact=True)).to_have_attribute("aria-selected", "true")
    return page


def choose_project(page: Page, name: str) -> None:
    page.get_by_label("当前项目").select_option(label=name)


def notice(page: Page) -> Locator:
    return page.locator("#notice")


# 企业项目信息管理 ----------------------------------------------------------------------------------------

def set_enterprise_intro(page: Page, text: str) -> Locator:
    """Type the 开发企业简介 and save; returns the page's error box (hidden when it was saved)."""
    open_tab(page, "我的企业信息")
    expect(page.locator("#enterprise-facts")).to_contain_text("统一社会信用代码")  # loaded: typing is not overwritten
    field = page.get_by_label("开发企业简介")
    field.fill(text)
    if field.input_value() != text:  # a NUL cannot be typed: put it there as a paste or a script would
        field.evaluate("(e, v) => { e.value = v; }", text)
    page.get_by_role("button", name="保存企业简介").click()
    return page.locator("#enterprise-error")


def upload_promo_image(page: Page, image: Path) -> None:
    open_tab(page, "我的项目信息")
    page.get_by_label("更换图片").set_input_files(str(image))
    expect(page.get_by_alt_text("楼盘宣传图片")).to_have_attribute("src", re.compile("^data:image/"))
    page.get_by_role("button", name="上传图片").click()
    expect(notice(page)).to_contain_text("楼盘宣传图片已上传")


def set_project_intro(page: Page, text: str) -> Locator:
    open_tab(page, "我的项目信息")
    expect(page.locator("#project-facts")).to_contain_text("预售许可证号")
    page.get_by_label("楼盘介绍").fill(text)
    page.get_by_role("button", name="修改楼盘介绍").click()
    return page.locator("#project-intro-error")


# 房屋信息管理 -----------------------------------------------------------------------------------------------

def room_in_map(page: Page, room_number: str) -> Locator:
    return page.locator("#room-map .room").filter(has_text=re.compile(rf"^{room_number}"))


def expect_room_status(page: Page, room_number: str, status: str, timeout: float = 20.0) -> None:
    """Refresh 我的房屋电子图 until the room shows `status` (its colour class follows it)."""
    open_tab(page, "我的房屋电子图")
    deadline = time.monotonic() + timeout
    room = room_in_map(page, room_number)
    while True:
        expect(room).to_be_visible()
        if room.get_attribute("data-status") == status:
            expect(room).to_have_class(re.compile(rf"\bst-{status}\b"))
            return
        assert time.monotonic() < deadline, f"room {room_number} is {room.get_attribute('data-status')}, not {status}"
        page.wait_for_timeout(500)
        page.get_by_role("button", name="刷新").click()


def expect_room_colour(page: Page, room_number: str, status: str) -> None:
    """The room is painted in the legend's colour for `status` (what a clerk reads the map by)."""
    expect_room_status(page, room_number, status)
    swatch = page.locator(f"#legend .swatch.st-{status}")
    colour = swatch.evaluate("node => getComputedStyle(node).backgroundColor")
    expect(room_in_map(page, room_number)).to_have_css("background-color", colour)


def fill_room_info(page: Page, room_number: str, *, area: str, usage: str, layout: str, orientation: str,
                   price: str) -> None:
    """单户信息 of a room without info, then 修改申请 (the bureau reviews it)."""
    open_tab(page, "我的房屋电子图")
    room_in_map(page, room_number).click()
    detail = page.locator("#room-detail")
    detail.get_by_label("建筑面积（平方米）").fill(area)
    detail.get_by_label("用途").select_option(label=usage)
    detail.get_by_label("户型").fill(layout)
    detail.get_by_label("朝向").select_option(label=orientation)
    detail.get_by_label("单价（元/平方米）").fill(price)
    detail.get_by_role("button", name="修改申请").click()


def view_building_rules(page: Page, building: str) -> Locator:
    open_tab(page, "我的楼栋信息")
    page.get_by_role("row").filter(has_text=building).get_by_role("button", name="查看楼栋规则").click()
    return page.locator("#building-rules")


def room_table_row(page: Page, room_number: str) -> Locator:
    open_tab(page, "我的房屋信息表")
    return page.locator("#room-table tbody tr").filter(
        has=page.get_by_role("button", name=f"{room_number} 号房单户信息"))


# 合同管理 -----------------------------------------------------------------------------------------------------

def preset_clause(page: Page, clause: str, values: dict[str, str]) -> None:
    """我的预设合同条款 → 第X条 → fill the blanks (label: value; a select by its option) → 预设."""
    open_tab(page, "我的预设合同条款")
    page.locator("#preset-sections").get_by_role("button", name=clause, exact=True).click()
    form = page.locator("#preset-form")
    for label, value in values.items():
        field = form.get_by_label(label, exact=False).first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.get_by_role("button", name="预设").click()
    expect(notice(page)).to_contain_text("预设内容已保存")


DOCUMENT_LABELS = {"resident_id": "居民身份证", "hk_macau_travel_permit": "港澳居民来往内地通行证",
                   "taiwan_travel_permit": "台湾居民来往大陆通行证", "hk_macau_taiwan_residence_permit": "港澳台居民居住证",
                   "passport": "护照"}


def open_signing(page: Page, room_number: str) -> None:
    """我的房屋信息表 → the room → 合同签订 above its 单户信息: the buyer's step opens."""
    row = room_table_row(page, room_number)
    row.get_by_role("button", name=f"{room_number} 号房单户信息").click()
    page.locator("#room-table-detail").get_by_role("button", name="合同签订").click()
    expect(page.get_by_role("tab", name="合同签订")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("买受人姓名")).to_be_visible()


def fill_buyer(page: Page, **details: str) -> None:
    """Type the buyer's details (name, id_type, id_number, phone, address; those given), as a clerk would."""
    labels = {"name": "买受人姓名", "id_number": "证件号码", "phone": "联系电话（手机号码）", "address": "通讯地址"}
    if "id_type" in details:
        page.get_by_label("证件类型").select_option(label=DOCUMENT_LABELS[details["id_type"]])
    for key, label in labels.items():
        if key in details:
            field = page.get_by_label(label)
            field.fill(details[key])
            if field.input_value() != details[key]:  # a control character cannot be typed: pasted, as a script would
                field.evaluate("(e, v) => { e.value = v; }", details[key])


def buyer_problem(page: Page, label: str) -> Locator:
    """The problem shown beside a buyer field (by its label)."""
    return page.locator(f"#{page.get_by_label(label).get_attribute('id')}-problem")


def start_signing(page: Page, room_number: str, buyer: str, **details: str) -> None:
    """合同签订 for the room → the buyer named fully (the sample buyer's details unless given) → 下一步: the
    contract is drafted and its first clause opens."""
    open_signing(page, room_number)
    fill_buyer(page, **{**BUYER, "name": buyer, **details})
    page.get_by_role("button", name="下一步").click()
    expect(page.locator("#signing .progress")).to_contain_text("第 1 步")


def change_buyer(page: Page, room_number: str, **details: str) -> None:
    """我的预览合同 → 修改 → 买受人 → new details → 保存并继续填写条款 → the last step → 预览签售 (R000.8)."""
    preview_row(page, room_number).get_by_role("button", name=re.compile("^修改")).click()
    expect(page.get_by_role("tab", name="合同签订")).to_have_attribute("aria-selected", "true")
    page.locator("#signing .steps").get_by_role("button", name="买受人", exact=True).click()
    fill_buyer(page, **details)
    page.get_by_role("button", name="保存并继续填写条款").click()
    expect(notice(page)).to_contain_text("买受人信息已保存")
    page.locator("#signing .steps").get_by_role("button", name="附件五", exact=True).click()
    expect(page.locator("#signing .contract-head")).to_contain_text("已修改")
    page.get_by_role("button", name="预览签售").click()
    expect(page.get_by_role("tab", name="我的预览合同")).to_have_attribute("aria-selected", "true")


def current_clause(page: Page) -> Locator:
    return page.locator("#signing .section-form")


def fill_empty_blanks(page: Page) -> None:
    """Fill every empty required blank of the open clause with a sample of its kind."""
    for field in current_clause(page).locator("[aria-required=true]").all():
        tag = field.evaluate("e => e.tagName")
        if tag == "SELECT":
            if not field.input_value():
                field.select_option(index=1)
            continue
        if field.input_value():
            continue
        kind = field.get_attribute("type") if field.get_attribute("type") == "date" else field.get_attribute("inputmode")
        field.fill(SAMPLES.get(kind or "text", SAMPLES["text"]))


def fill_all_clauses_and_preview(page: Page) -> None:
    """下一步 through the 24 clauses and 5 attachments, filling what is empty, then 预览签售."""
    for step in range(1, 30):
        expect(page.locator("#signing .progress")).to_contain_text(f"第 {step} 步")
        fill_empty_blanks(page)
        if step < 29:
            page.get_by_role("button", name="下一步").click()
    page.get_by_role("button", name="预览签售").click()
    expect(page.get_by_role("tab", name="我的预览合同")).to_have_attribute("aria-selected", "true")


def preview_row(page: Page, room_number: str) -> Locator:
    open_tab(page, "我的预览合同")
    row = page.locator("#previews-table tbody tr").filter(has_text=room_number)
    expect(row).to_have_count(1)
    return row


def preview(page: Page, room_number: str) -> None:
    """预览打印 → 预览: the preview is printed and its PDF opens."""
    row = preview_row(page, room_number)
    with page.expect_popup() as popup:
        row.get_by_role("button", name=re.compile("^预览")).click()
    popup.value.close()


def modify_clause(page: Page, room_number: str, clause: str, label: str, value: str) -> None:
    """修改 → the clause → new value → jump to the last step → 预览签售 (a new preview is needed, R000.8)."""
    preview_row(page, room_number).get_by_role("button", name=re.compile("^修改")).click()
    expect(page.get_by_role("tab", name="合同签订")).to_have_attribute("aria-selected", "true")
    steps = page.locator("#signing .steps")
    steps.get_by_role("button", name=clause, exact=True).click()
    expect(current_clause(page).locator("h3")).to_contain_text(clause)
    current_clause(page).get_by_label(label).fill(value)
    steps.get_by_role("button", name="附件五", exact=True).click()
    expect(page.locator("#signing .contract-head")).to_contain_text("已修改")
    expect(page.locator("#signing .progress")).to_contain_text("第 29 步")
    page.get_by_role("button", name="预览签售").click()
    expect(page.get_by_role("tab", name="我的预览合同")).to_have_attribute("aria-selected", "true")


def print_formal(page: Page, room_number: str, double_click: bool = False) -> Locator:
    """正式打印 → 打印: the formal PDF opens; returns the row, whose countdown runs."""
    row = preview_row(page, room_number)
    expect(row.get_by_role("button", name=re.compile("^打印"))).to_be_enabled()
    with page.expect_popup() as popup:
        button = row.get_by_role("button", name=re.compile("^打印"))
        button.dblclick() if double_click else button.click()
    popup.value.close()
    expect(row.locator(".countdown")).to_contain_text("剩余 2")
    return row


def confirm_signing(page: Page, room_number: str) -> None:
    """是否签约 → 是, and confirm that both parties signed."""
    preview_row(page, room_number).get_by_role("button", name=re.compile("^是")).click()
    page.get_by_role("dialog").get_by_role("button", name="确认签约").click()
    expect(notice(page)).to_contain_text("已确认签约")


def abandon(page: Page, room_number: str) -> None:
    """是否签约 → 否: the buyer gave up; the printed contract is void."""
    preview_row(page, room_number).get_by_role("button", name=re.compile("^否")).click()
    page.get_by_role("dialog").get_by_role("button", name="确认放弃").click()
    expect(notice(page)).to_contain_text("合同已作废")


def formal_contract_row(page: Page, room_number: str) -> Locator:
    open_tab(page, "我的正式合同")
    return page.locator("#contracts-table tbody tr").filter(has_text=room_number)


def contract_number(page: Page, room_number: str) -> str:
    """我的正式合同: the contract's number as the bureau knows it (YS, year, serial)."""
    text = formal_contract_row(page, room_number).inner_text()
    found = re.search(r"YS\d{10}", text)
    assert found, f"no contract number in the row of room {room_number}: {text!r}"
    return found.group(0)


def filing_number(page: Page, room_number: str, timeout: float = 20.0) -> str:
    """我的正式合同: the 备案号 the bureau's approval sent (refreshing until it is there)."""
    deadline = time.monotonic() + timeout
    while True:
        number = formal_contract_row(page, room_number).locator(".filing-number").inner_text().strip()
        if number not in ("", "—"):
            return number
        assert time.monotonic() < deadline, "no filing number reached 我的正式合同"
        page.wait_for_timeout(500)
        page.get_by_role("button", name="刷新").click()
