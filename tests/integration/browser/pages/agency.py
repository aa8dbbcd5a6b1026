"""Guide 001's first slice in the staff portal: the bureau's agency and agent steps, the agency account's info,
materials and agents, and the agent's property verification; one function per thing a person does."""
from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.integration.agency_flow import png_of_size
from tests.integration.browser.pages.bureau import dialog, open_tab, row


def png_file(size: int, name: str = "licence.png") -> dict:
    return {"name": name, "mimeType": "image/png", "buffer": png_of_size(size)}


# The bureau ---------------------------------------------------------------------------------------------

def open_agency_account(page: Page, name: str, credit_code: str, username: str, phone: str) -> Locator:
    """R001.2: the account of an agency filed in the agency filing system; its credentials go by SMS."""
    panel = open_tab(page, "中介机构与从业人员")
    form = panel.locator("#agency-open-form")
    form.get_by_label("机构名称").fill(name)
    form.get_by_label("统一社会信用代码").fill(credit_code)
    form.get_by_label("账号名").fill(username)
    form.get_by_label("接收短信的手机号码").fill(phone)
    form.get_by_role("button", name="开设账号").click()
    return panel


def agencies_in_state(page: Page, state_label: str) -> Locator:
    panel = open_tab(page, "中介机构与从业人员")
    panel.get_by_label("机构状态").select_option(label=state_label)
    expect(panel.locator("#agencies-table .loading")).to_have_count(0)
    return panel


def review_agency(page: Page, credit_code: str) -> Locator:
    panel = agencies_in_state(page, "待审核")
    row(panel.locator("#agencies-table"), credit_code).get_by_role("button", name="审核").click()
    detail = panel.locator("#agency-detail")
    expect(detail.locator("img.material-image").first).to_be_visible()
    return detail


def return_agency(page: Page, credit_code: str, reasons: str) -> None:
    review_agency(page, credit_code).get_by_role("button", name="退回").click()
    box = dialog(page)
    box.get_by_label("退回原因").fill(reasons)
    box.get_by_role("button", name="退回").click()
    expect(page.locator("#notice")).to_contain_text("已退回")


def verify_agency(page: Page, credit_code: str) -> None:
    review_agency(page, credit_code).get_by_role("button", name="审核通过").click()
    expect(page.locator("#notice")).to_contain_text("已审核通过")


def approve_agent(page: Page, agent_name: str) -> str:
    """R001.8: the approved agent's username, as the notice says (the password went by SMS)."""
    panel = open_tab(page, "中介机构与从业人员")
    panel.locator("#pending-agents-refresh").click()
    line = row(panel.locator("#pending-agents-table"), agent_name)
    line.get_by_role("button", name="查看身份证").click()
    expect(line.locator("img")).to_be_visible()
    line.get_by_role("button", name="通过", exact=True).click()
    notice = page.locator("#notice")
    expect(notice).to_contain_text(f"{agent_name}审核通过，网签账号")
    return notice.inner_text().split("网签账号 ")[1].split(" ")[0]


# The agency account ------------------------------------------------------------------------------------

def agency_info_page(page: Page) -> Locator:
    panel = open_tab(page, "企业信息核查")
    expect(panel.locator("#agency-status h2")).to_be_visible()
    return panel


def complete_info(page: Page, info: dict, until: str) -> Locator:
    """R001.4, R001.5: the licence's fields; the business term's end `until` (YYYY-MM-DD)."""
    panel = agency_info_page(page)
    form = panel.locator("#agency-info-form")
    form.get_by_label("企业名称").fill(info["name"])
    form.get_by_label("法定代表人").fill(info["legal_representative"])
    form.get_by_label("住所").fill(info["registered_address"])
    form.get_by_label("经营范围").fill(info["business_scope"])
    form.get_by_label("联系电话").fill(info["contact_phone"])
    form.get_by_label("营业期限至").fill(until)
    form.get_by_role("button", name="保存企业信息").click()
    return form


def add_material(page: Page) -> Locator:
    panel = agency_info_page(page)
    before = panel.locator("li.material").count()
    panel.get_by_role("button", name="添加收件材料").click()
    expect(panel.locator("li.material")).to_have_count(before + 1)
    return panel.locator("li.material").nth(before)


def upload_into(material: Locator, file: dict) -> None:
    material.locator("input[type=file]").set_input_files(file)


def name_material(material: Locator, name: str) -> None:
    material.get_by_role("textbox").fill(name)
    material.get_by_role("button", name="保存名称").click()
    expect(material.page.locator("#notice")).to_contain_text(f"材料名称“{name}”已保存")


def submit_agency(page: Page, comment: str) -> None:
    panel = agency_info_page(page)
    panel.get_by_label("提交意见").fill(comment)
    panel.get_by_role("button", name="提交审核").click()
    expect(panel.locator("#agency-status")).to_contain_text("已提交，待审核")


def add_agent(page: Page, name: str, id_number: str, phone: str) -> Locator:
    panel = open_tab(page, "从业人员")
    panel.get_by_label("姓名").fill(name)
    panel.get_by_label("身份证号码").fill(id_number)
    panel.get_by_label("手机号码").fill(phone)
    panel.get_by_role("button", name="添加", exact=True).click()
    return row(panel.locator("#agency-agents-table"), name)


def upload_agent_id_and_submit(page: Page, name: str) -> Locator:
    panel = open_tab(page, "从业人员")
    line = row(panel.locator("#agency-agents-table"), name)
    line.locator("input[type=file]").set_input_files(png_file(20_000, "id.png"))
    line = row(panel.locator("#agency-agents-table"), name)
    line.get_by_role("button", name="提交审核").click()
    expect(row(panel.locator("#agency-agents-table"), name)).to_contain_text("待审核")
    return panel


# The agent -------------------------------------------------------------------------------------------------

def verify_by_certificate(page: Page, certificate: str, owner: str, owner_id: str, first_generation: bool = False) -> Locator:
    panel = open_tab(page, "房源验证")
    panel.get_by_role("radio", name="房产证号或不动产权证号 + 产权人姓名和证件号").check()
    panel.get_by_label("房产证号 / 不动产权证号").fill(certificate)
    panel.get_by_label("产权人姓名", exact=True).fill(owner)
    panel.get_by_label("产权人证件号").fill(owner_id)
    panel.get_by_label("如果查询房源失败").set_checked(first_generation)
    panel.get_by_role("button", name="查询房源").click()
    return panel


def verify_by_unit(page: Page, unit_number: str, owner: str) -> Locator:
    panel = open_tab(page, "房源验证")
    panel.get_by_role("radio", name="产权人姓名 + 不动产单元号（港澳台及外籍产权人建议使用）").check()
    panel.get_by_label("不动产单元号", exact=True).fill(unit_number)
    panel.get_by_label("产权人姓名", exact=True).fill(owner)
    panel.get_by_role("button", name="查询房源").click()
    return panel
