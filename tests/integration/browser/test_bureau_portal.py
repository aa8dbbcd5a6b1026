"""The bureau officer's part of guide 000 in a real browser (the developer's part through the API), and the
lease review of guide 004 (R004.15): admission, project and permit, building rules, room review, filing."""
from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from tests.integration.browser.harness import shoot, sign_in_staff
from tests.integration.browser.pages import bureau as officer
from tests.integration.conftest import BUREAU_PASSWORD
from tests.integration.contract_flow import formal_printed, pending_filing
from tests.integration.lease_flow import families_with_rooms, sign_lease_through
from tests.integration.support import ROOM_INFO, eventually, today, unique_credit_code


@pytest.fixture
def signed_in(browser, token_secret):
    page = browser.page()
    sign_in_staff(page, token_secret, "bureau.test", BUREAU_PASSWORD)
    return page


def room_state(bureau, room_id):
    return bureau.ok("GET", f"/api/v1/rooms/{room_id}")["review_state"]


def test_R000_1_to_R000_5_the_bureau_admits_a_developer_and_publishes_its_rooms(signed_in, api, bureau):
    page = signed_in
    suffix = secrets.token_hex(3)
    name, code, project = f"荆楚置业{suffix}有限公司", unique_credit_code(), f"江汉花园{suffix}"
    officer.register_developer(page, name, code)
    expect(officer.row(page.locator("#bureau-developers"), code)).to_contain_text("未入网")
    handover = officer.admit_developer(page, code, "荆房预售许字(2026)第8号", f"clerk.{suffix}", "王网签")
    shoot(page, "bureau-admission-handover")
    assert handover.username == f"clerk.{suffix}" and len(handover.password) == 16
    officer.close_handover(page)
    expect(page.locator("#handover input")).to_have_count(0)  # never shown again
    clerk = api.login(handover.username, handover.password, handover.electronic_key)  # R000.1: key + user + password
    expect(officer.row(page.locator("#bureau-developers"), code)).to_contain_text("已入网")
    shoot(page, "bureau-developers")

    officer.register_project(page, name, project, "荆房预售许字(2026)第8号", today())
    officer.set_building_rules(page, project, "1栋", 2, 2)
    officer.change_building_rules(page, project, "1栋", 3, 2)  # R000.3: changed by the bureau
    officer.expect_building(page, "1栋", 6)
    shoot(page, "bureau-projects-building-rules")

    project_id = next(p["project_id"] for p in clerk.ok("GET", "/api/v1/projects")["projects"] if p["name"] == project)
    rooms = {r["room_number"]: r["room_id"] for r in clerk.ok("GET", f"/api/v1/projects/{project_id}/room-map")["rooms"]}
    for number in ("101", "102", "201", "202"):
        clerk.ok("PUT", f"/api/v1/rooms/{rooms[number]}/info", {"info": ROOM_INFO})
    panel = officer.open_room_review(page, project)
    expect(panel.locator("tbody tr")).to_have_count(4)
    expect(panel).to_contain_text("3室2厅")
    expect(panel).to_contain_text("朝南")
    shoot(page, "bureau-room-review")
    officer.approve_room_info(page, project, "101")
    officer.reject_room_info(page, project, "102", "面积与测绘报告不符\n单价超过备案价")
    officer.publish_all(page, project)
    assert room_state(bureau, rooms["101"]) == room_state(bureau, rooms["201"]) == "published"
    rejected = bureau.ok("GET", f"/api/v1/rooms/{rooms['102']}")
    assert rejected["review_state"] == "rejected"
    assert rejected["rejection_reasons"] == ["面积与测绘报告不符", "单价超过备案价"]


def test_R000_13_R000_14_the_officer_files_beside_the_contract_pdf_or_returns_it(signed_in, bureau, estate):
    page = signed_in
    contracts = []
    for room in estate.rooms[:2]:
        contract = formal_printed(estate.clerk, room["room_id"])
        estate.clerk.ok("POST", f"/api/v1/contracts/{contract['contract_id']}/confirm")
        pending_filing(bureau, contract["contract_id"])
        contracts.append(contract)
    filed, returned = contracts

    review = officer.open_filing_review(page, filed)
    expect(review).to_contain_text("张三")
    shoot(page, "bureau-filing-review")
    number = officer.approve_filing(page, filed)
    assert number == bureau.ok("GET", f"/api/v1/contracts/{filed['contract_id']}")["filing_number"]

    officer.reject_filing(page, returned, "第三条付款方式未填写；附件一缺少平面图")
    assert eventually(lambda: bureau.ok("GET", f"/api/v1/contracts/{returned['contract_id']}")["rejections"],
                      what="the rejection reaches the contract")[-1]["reasons"] == ["第三条付款方式未填写", "附件一缺少平面图"]

    panel = officer.open_tab(page, "备案登记簿")
    expect(officer.row(panel, officer.contract_label(filed))).to_contain_text(number)
    shoot(page, "bureau-filing-register")


def test_careless_reasons_are_explained_in_chinese_and_change_nothing(signed_in, bureau, estate):
    page = signed_in
    contract = formal_printed(estate.clerk, estate.rooms[2]["room_id"])
    estate.clerk.ok("POST", f"/api/v1/contracts/{contract['contract_id']}/confirm")
    filing = pending_filing(bureau, contract["contract_id"])
    review = officer.open_filing_review(page, contract)
    reject = review.get_by_role("button", name="退回")
    for typed, said in (("   ", "请填写“退回原因”"), ("原因\u0000有误", "无法识别的字符"),
                        ("长" * 600, "不超过 500 字")):
        reject.click()
        box = officer.dialog(page)
        box.get_by_label("退回原因").fill(typed)
        box.get_by_role("button", name="退回").click()
        expect(officer.dialog(page)).to_contain_text(said)
        shoot(page, "bureau-filing-reasons-refused")
        officer.dialog(page).get_by_role("button", name="取消").click()
    assert bureau.ok("GET", f"/api/v1/filings/{filing['filing_id']}")["state"] == "pending"

    requests = []
    page.on("request", lambda r: requests.append(r.url) if r.url.endswith("/approve") else None)
    review.get_by_role("button", name="通过备案").click()
    confirm = officer.dialog(page).get_by_role("button", name="通过")
    confirm.dblclick()
    expect(page.locator("#filing-outcome")).to_contain_text("备案号")
    assert len(requests) == 1, requests


def test_careless_records_are_refused_with_chinese_sentences(signed_in, bureau, estate):
    page = signed_in
    panel = officer.open_tab(page, "开发企业入网")
    for code, said in (("123", "18 位"), ("91420000MA4DEMO0１", "18 位")):
        panel.get_by_label("企业名称").fill("某某置业")
        panel.get_by_label("统一社会信用代码").fill(code)
        panel.get_by_role("button", name="登记企业").click()
        expect(panel.locator("#rec-developer-form-error")).to_contain_text(said)
    panel.get_by_label("企业名称").fill("")
    panel.get_by_role("button", name="登记企业").click()
    expect(panel.locator("#rec-developer-form-error")).to_contain_text("请填写企业名称")
    existing = bureau.ok("GET", f"/api/v1/developers/{estate.developer_id}")
    panel.get_by_label("企业名称").fill("重复登记的企业")
    panel.get_by_label("统一社会信用代码").fill(existing["credit_code"])
    panel.get_by_role("button", name="登记企业").click()
    expect(panel.locator("#rec-developer-form-error")).to_contain_text("已经登记过")
    shoot(page, "bureau-developer-refused")

    project = bureau.ok("GET", f"/api/v1/projects/{estate.project_id}")["name"]
    detail = officer.open_building_rules(page, project, estate.project_id)
    detail.get_by_label("楼栋名称").fill("2栋")
    detail.get_by_label("层数").fill("0")
    detail.get_by_label("每层户数").fill("2")
    detail.get_by_role("button", name="设置楼栋规则").click()
    expect(detail.get_by_role("alert")).to_contain_text("层数应为 1 至 120 的整数")
    officer.change_building_rules(page, project, "1栋", 1, 1, estate.project_id)  # rooms with info cannot disappear (R000.3)
    expect(page.locator("#notice")).to_contain_text("已录入信息的房屋")
    shoot(page, "bureau-building-rules-refused")
    assert len(bureau.ok("GET", f"/api/v1/projects/{estate.project_id}/buildings")["buildings"]) == 1


def test_R004_15_the_officer_sees_the_family_and_its_progress_before_approving(signed_in, api, bureau):
    page = signed_in
    _, [(family, lease, id_number)] = families_with_rooms(api, bureau, 1)
    sign_lease_through(family, lease["lease_id"], id_number)
    eventually(lambda: any(row["lease_id"] == lease["lease_id"]
                           for row in bureau.ok("GET", "/api/v1/leases?state=submitted")["leases"]),
               what="the lease in the review queue")
    detail = officer.open_lease(page, lease["family_id"])
    expect(detail).to_contain_text("张三")
    expect(detail).to_contain_text(f"{lease['deposit']} 元")
    expect(detail.locator(".step.done")).to_have_count(5)
    shoot(page, "bureau-lease-detail")
    officer.approve_lease(page, lease["family_id"])
    assert eventually(lambda: bureau.ok("GET", f"/api/v1/leases/{lease['lease_id']}")["state"] == "approved",
                      what="approved")
