"""The bureau officer's steps in the staff portal (guide 000, and the lease review of guide 004), one function
per thing an officer does; each returns what the next step needs."""
from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect


@dataclass
class Handover:
    """What the bureau hands the developer at admission (R000.1): shown once."""
    username: str
    password: str
    electronic_key: str


def open_tab(page: Page, name: str) -> Locator:
    page.get_by_role("tab", name=name).click()
    panel = page.get_by_role("tabpanel", name=name)
    expect(panel).to_be_visible()
    expect(panel.locator(".loading")).to_have_count(0)
    return panel


def dialog(page: Page) -> Locator:
    box = page.get_by_role("dialog")
    expect(box).to_be_visible()
    return box


def row(panel: Locator, *texts: str) -> Locator:
    found = panel.locator("tbody tr")
    for text in texts:
        found = found.filter(has_text=text)
    expect(found).to_have_count(1)
    return found


def register_developer(page: Page, name: str, credit_code: str) -> Locator:
    panel = open_tab(page, "开发企业入网")
    panel.get_by_label("企业名称").fill(name)
    panel.get_by_label("统一社会信用代码").fill(credit_code)
    panel.get_by_role("button", name="登记企业").click()
    return row(panel, credit_code)


def admit_developer(page: Page, credit_code: str, permit_number: str, username: str, clerk_name: str,
                    issued_on: str | None = None) -> Handover:
    """办理入网: grant network access and open the clerk's account; read the one-time hand-over."""
    panel = open_tab(page, "开发企业入网")
    row(panel, credit_code).get_by_role("button", name="办理入网").click()
    box = dialog(page)
    box.get_by_label("预售许可证号").fill(permit_number)
    if issued_on:
        box.get_by_label("发证日期").fill(issued_on)
    box.get_by_label("网签员用户名").fill(username)
    box.get_by_label("网签员姓名").fill(clerk_name)
    box.get_by_role("button", name="办理入网").click()
    handover = panel.locator("#handover")
    expect(handover).to_be_visible()
    expect(handover.get_by_role("alert").first).to_contain_text("只显示这一次")
    return Handover(handover.get_by_label("网签员用户名").input_value(),
                    handover.get_by_label("初始密码").input_value(),
                    handover.get_by_label("电子密钥").input_value())


def close_handover(page: Page) -> None:
    page.get_by_role("button", name="已交付，关闭").click()
    expect(page.locator("#handover")).to_be_hidden()


def register_project(page: Page, developer_name: str, name: str, permit_number: str, issued_on: str) -> Locator:
    """R000.2: the project with its presale permit."""
    panel = open_tab(page, "项目与楼栋")
    panel.get_by_label("开发企业").select_option(label=developer_name)
    panel.get_by_label("项目名称").fill(name)
    panel.get_by_label("预售许可证号").fill(permit_number)
    panel.get_by_label("发证日期").fill(issued_on)
    panel.get_by_role("button", name="登记项目").click()
    return row(panel, name)


def open_building_rules(page: Page, project_name: str, project_id: str | None = None) -> Locator:
    """`project_id` tells apart projects of the same name."""
    panel = open_tab(page, "项目与楼栋")
    if project_id:
        panel.locator(f'button[data-project-id="{project_id}"]').click()
    else:
        row(panel, project_name).get_by_role("button", name="楼栋规则").click()
    detail = panel.locator("#rec-project-detail")
    expect(detail).to_contain_text(f"{project_name} · 楼栋规则")
    return detail


def set_building_rules(page: Page, project_name: str, building: str, floors: int, units_per_floor: int) -> Locator:
    """R000.3: a building's rules; its rooms are created. Returns the building's row."""
    detail = open_building_rules(page, project_name)
    detail.get_by_label("楼栋名称").fill(building)
    detail.get_by_label("层数").fill(str(floors))
    detail.get_by_label("每层户数").fill(str(units_per_floor))
    detail.get_by_role("button", name="设置楼栋规则").click()
    return expect_building(page, building, floors * units_per_floor)


def expect_building(page: Page, building: str, rooms: int) -> Locator:
    found = page.locator("#rec-project-detail tbody tr").filter(has_text=building)
    expect(found).to_contain_text(f"{rooms} 套")
    return found


def change_building_rules(page: Page, project_name: str, building: str, floors: int, units_per_floor: int,
                          project_id: str | None = None) -> None:
    detail = open_building_rules(page, project_name, project_id)
    detail.locator("tbody tr").filter(has_text=building).get_by_role("button", name="修改规则").click()
    box = dialog(page)
    box.get_by_label("层数").fill(str(floors))
    box.get_by_label("每层户数").fill(str(units_per_floor))
    box.get_by_role("button", name="保存修改").click()


def open_room_review(page: Page, project_name: str) -> Locator:
    panel = open_tab(page, "房屋信息审核")
    panel.get_by_label("项目").select_option(label=project_name)
    expect(panel.locator(".loading")).to_have_count(0)
    return panel


def approve_room_info(page: Page, project_name: str, room_number: str) -> None:
    """R000.5: 通过, which publishes the room (准予公示)."""
    panel = open_room_review(page, project_name)
    row(panel, room_number).get_by_role("button", name="通过").click()
    dialog(page).get_by_role("button", name="通过并准予公示").click()
    expect(panel.locator("tbody tr").filter(has_text=room_number)).to_have_count(0)


def reject_room_info(page: Page, project_name: str, room_number: str, reasons: str) -> None:
    panel = open_room_review(page, project_name)
    row(panel, room_number).get_by_role("button", name="退回").click()
    box = dialog(page)
    box.get_by_label("退回原因").fill(reasons)
    box.get_by_role("button", name="退回").click()
    expect(panel.locator("tbody tr").filter(has_text=room_number)).to_have_count(0)


def publish_all(page: Page, project_name: str) -> None:
    """准予公示 for every room of the project still waiting."""
    panel = open_room_review(page, project_name)
    panel.get_by_role("button", name="全部通过并准予公示").click()
    dialog(page).get_by_role("button", name="准予公示").click()
    expect(panel.get_by_text("没有待审核的房屋信息。")).to_be_visible()


def contract_label(contract: dict) -> str:
    """How the portal names a contract: its bureau-style number when it has one, else its short id."""
    return contract.get("contract_number") or contract["contract_id"][:8]


def open_filing_review(page: Page, contract: dict) -> Locator:
    """审核: the contract's PDF beside the decision. The queue shows a confirmed contract once filing has heard
    of it, a moment later on a busy machine: the officer opens the tab again, as a person would."""
    label = contract_label(contract)
    for _ in range(30):
        panel = open_tab(page, "备案审核")
        if panel.locator("tbody tr").filter(has_text=label).count():
            break
        page.wait_for_timeout(1000)
    row(panel, label).get_by_role("button", name="审核").click()
    review = panel.locator("#filing-review")
    expect(review.locator("iframe.pdf-frame")).to_have_attribute("src", re.compile(r"^blob:"))
    return review


def approve_filing(page: Page, contract: dict) -> str:
    """R000.13: returns the filing number (备案号) the portal shows."""
    review = open_filing_review(page, contract)
    review.get_by_role("button", name="通过备案").click()
    dialog(page).get_by_role("button", name="通过").click()
    outcome = page.locator("#filing-outcome")
    expect(outcome).to_contain_text("备案号")
    return outcome.inner_text().rsplit("备案号", 1)[1].strip()


def reject_filing(page: Page, contract: dict, reasons: str) -> None:
    """R000.14: reasons, one per line."""
    review = open_filing_review(page, contract)
    review.get_by_role("button", name="退回").click()
    box = dialog(page)
    box.get_by_label("退回原因").fill(reasons)
    box.get_by_role("button", name="退回").click()
    expect(page.locator("#bureau-pending tbody tr").filter(has_text=contract_label(contract))).to_have_count(0)


def open_lease(page: Page, family_id: str) -> Locator:
    """R004.15: the family's name, room, deposit and signing progress before deciding."""
    panel = open_tab(page, "公租房签约审核")
    row(panel, family_id).get_by_role("button", name="详情").click()
    detail = panel.locator("#lease-detail")
    expect(detail).to_be_visible()
    return detail


def approve_lease(page: Page, family_id: str) -> None:
    panel = open_tab(page, "公租房签约审核")
    row(panel, family_id).get_by_role("button", name="通过").click()
    dialog(page).get_by_role("button", name="通过").click()
    expect(panel.locator("tbody tr").filter(has_text=family_id)).to_have_count(0)
