"""Guide 000 in the browser, the developer clerk's part: enterprise and project info, rooms and their info,
clause presets, signing step by step, preview, modification, formal print, 是/否, and the filing number. The
bureau's part goes through the API. Careless input is kept here as tests."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.integration.browser.harness import shoot
from tests.integration.browser.pages import developer as dev
from tests.integration.contract_flow import contract_state, draft, fill, formal_printed, pending_filing
from tests.integration.support import eventually, new_developer_with_rooms
from tests.unit.contract_support import BUYER

pytestmark = pytest.mark.integration


@pytest.fixture
def promo_png(tmp_path):
    path = tmp_path / "楼盘.png"
    image = Image.new("RGB", (320, 180), (155, 28, 28))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_R000_2_the_developer_sets_its_intro_promo_image_and_project_intro(browser, estate, token_secret, promo_png):
    page = dev.sign_in(browser, token_secret, estate)
    error = dev.set_enterprise_intro(page, "本公司成立于2001年，专注荆州城区住宅开发。")
    expect(dev.notice(page)).to_contain_text("开发企业简介已保存")
    expect(error).to_be_hidden()
    assert estate.clerk.ok("GET", f"/api/v1/developers/{estate.developer_id}")["intro"].startswith("本公司成立于2001年")
    shoot(page, "developer-enterprise-info")

    dev.upload_promo_image(page, promo_png)
    dev.set_project_intro(page, "测试花园位于荆州区，南临长江。")
    expect(dev.notice(page)).to_contain_text("楼盘介绍已修改")
    project = estate.clerk.ok("GET", f"/api/v1/projects/{estate.project_id}")
    assert project["intro"] == "测试花园位于荆州区，南临长江。"
    assert project["promo_image"]["content_type"] == "image/png"
    page.reload()
    dev.open_tab(page, "我的项目信息")
    expect(page.get_by_alt_text("楼盘宣传图片")).to_have_attribute("src", re.compile("^data:image/png"))
    shoot(page, "developer-project-info")


def test_careless_intros_and_images_are_refused_in_chinese_and_change_nothing(browser, estate, token_secret, tmp_path):
    page = dev.sign_in(browser, token_secret, estate, "phone")
    for text, says in (("   ", "请填写"), ("简介\x00内容", "控制字符"), ("长" * 100_000, "最多 5000 个字")):
        error = dev.set_enterprise_intro(page, text)
        expect(error).to_be_visible()
        expect(error).to_contain_text(says)
        expect(error).not_to_contain_text(re.compile("[A-Za-z_]{4,}"))
    assert estate.clerk.ok("GET", f"/api/v1/developers/{estate.developer_id}")["intro"] == ""
    shoot(page, "developer-enterprise-info-error")

    fake = tmp_path / "不是图片.png"
    fake.write_bytes(b"this is not a picture")
    dev.open_tab(page, "我的项目信息")
    page.get_by_label("更换图片").set_input_files(str(fake))
    page.get_by_role("button", name="上传图片").click()
    expect(page.locator("#promo-error")).to_contain_text("不是可以识别的 PNG 或 JPEG 图片")
    assert estate.clerk.ok("GET", f"/api/v1/projects/{estate.project_id}")["promo_image"] is None


def test_R000_3_R000_4_R000_5_rooms_get_info_from_the_developer_and_are_published_by_the_bureau(
        browser, api, bureau, token_secret):
    estate = new_developer_with_rooms(api, bureau, floors=3, units_per_floor=2, publish=False)
    page = dev.sign_in(browser, token_secret, estate)
    expect(page.get_by_label("当前项目")).to_have_value(estate.project_id)
    dev.expect_room_status(page, "101", "no_info")
    shoot(page, "developer-room-map-no-info")

    rules = dev.view_building_rules(page, "1栋")
    expect(rules).to_contain_text("3 层")
    expect(rules).to_contain_text("101 至 302")
    expect(page.get_by_role("button", name=re.compile("修改|保存|删除"))).to_have_count(0)  # read-only, R000.3
    shoot(page, "developer-building-rules")

    dev.fill_room_info(page, "101", area="８９.５", usage="住宅", layout="3室2厅2卫", orientation="南", price="7800")
    expect(dev.notice(page)).to_contain_text("等待房管局审核")
    dev.expect_room_status(page, "101", "pending_review")
    room_id = next(r["room_id"] for r in estate.rooms if r["room_number"] == "101")
    assert api_room(estate, room_id)["proposed_info"]["orientation"] == "S"

    bureau.ok("POST", f"/api/v1/rooms/{room_id}/review", {"approve": True})
    dev.expect_room_status(page, "101", "available")
    row = dev.room_table_row(page, "101")
    expect(row).to_contain_text("可售")
    expect(row).to_contain_text("89.50 ㎡")
    expect(row).to_contain_text("南")
    shoot(page, "developer-room-table")


def api_room(estate, room_id):
    return estate.clerk.ok("GET", f"/api/v1/rooms/{room_id}")


def test_careless_room_info_is_refused_in_chinese(browser, api, bureau, token_secret):
    estate = new_developer_with_rooms(api, bureau, floors=1, units_per_floor=1, publish=False)
    page = dev.sign_in(browser, token_secret, estate, "phone")
    dev.fill_room_info(page, "101", area="很大", usage="住宅", layout="3室", orientation="南", price="7800")
    error = page.locator("#room-detail .error[role=alert]")
    expect(error).to_contain_text("建筑面积")
    page.locator("#room-detail").get_by_label("户型").fill("")
    page.locator("#room-detail").get_by_label("建筑面积（平方米）").fill("90")
    page.get_by_role("button", name="修改申请").click()
    expect(error).to_contain_text("请填写：户型")
    shoot(page, "developer-room-info-error")
    assert api_room(estate, estate.rooms[0]["room_id"])["review_state"] == "no_info"


def test_R000_6_to_R000_13_guide_000_the_developer_signs_in_the_browser(browser, estate, bureau, token_secret):
    page = dev.sign_in(browser, token_secret, estate)
    dev.expect_room_status(page, "101", "available")
    shoot(page, "developer-room-map")

    dev.preset_clause(page, "第一条", {"地块坐落": "荆州区江津路88号", "土地使用权取得方式": "出让"})
    presets = estate.clerk.ok("GET", f"/api/v1/projects/{estate.project_id}/clause-presets")["sections"]
    assert presets["clause-1"]["land_location"] == "荆州区江津路88号"
    shoot(page, "developer-clause-presets")

    dev.start_signing(page, "101", "李四")
    expect(dev.current_clause(page).get_by_label("地块坐落")).to_have_value("荆州区江津路88号")  # the preset, R000.6
    shoot(page, "developer-signing-clause-1")
    dev.expect_room_status(page, "101", "signing")  # R000.7
    dev.open_tab(page, "合同签订")
    dev.fill_all_clauses_and_preview(page)
    shoot(page, "developer-preview-contracts")

    dev.preview(page, "101")
    dev.modify_clause(page, "101", "附件五", "前期物业服务企业", "荆州安居物业服务有限公司")
    row = dev.preview_row(page, "101")
    expect(row).to_contain_text("已打印预览")
    dev.preview(page, "101")
    row = dev.print_formal(page, "101")  # R000.9, with the 24-hour countdown of R000.11
    shoot(page, "developer-formal-printed-countdown")
    contract_id = estate.clerk.ok("GET", "/api/v1/contracts")["contracts"][0]["contract_id"]
    contract = estate.clerk.ok("GET", f"/api/v1/contracts/{contract_id}")
    assert contract["state"] == "formal_printed"
    assert contract["sections"]["attachment-5"]["property_company"] == "荆州安居物业服务有限公司"

    dev.confirm_signing(page, "101")  # R000.10
    dev.expect_room_status(page, "101", "sold_unfiled")
    filing = pending_filing(bureau, contract_id)
    approved = bureau.ok("POST", f"/api/v1/filings/{filing['filing_id']}/approve")
    assert dev.filing_number(page, "101") == approved["filing_number"]  # R000.13
    expect(dev.formal_contract_row(page, "101")).to_contain_text("已备案")
    shoot(page, "developer-formal-contracts")
    dev.expect_room_status(page, "101", "sold_filed")


def test_R000_12_the_buyer_says_no_and_the_room_is_for_sale_again(browser, estate, token_secret):
    contract = formal_printed(estate.clerk, estate.rooms[0]["room_id"])
    page = dev.sign_in(browser, token_secret, estate)
    dev.expect_room_status(page, "101", "signing")
    row = dev.preview_row(page, "101")
    expect(row.locator(".countdown")).to_contain_text(re.compile(r"剩余 2[34] 小时"))
    dev.abandon(page, "101")
    assert contract_state(estate.clerk, contract["contract_id"]) == "cancelled"
    dev.expect_room_status(page, "101", "available")


def test_R000_14_the_bureau_returns_a_filing_with_reasons_and_the_developer_resubmits(
        browser, estate, bureau, token_secret):
    contract = formal_printed(estate.clerk, estate.rooms[0]["room_id"])
    estate.clerk.ok("POST", f"/api/v1/contracts/{contract['contract_id']}/confirm")
    filing = pending_filing(bureau, contract["contract_id"])
    bureau.ok("POST", f"/api/v1/filings/{filing['filing_id']}/reject", {"reasons": ["买受人姓名与身份证不一致"]})
    eventually(lambda: contract_state(estate.clerk, contract["contract_id"]) == "filing_rejected",
               what="the rejection reaches the contract")
    page = dev.sign_in(browser, token_secret, estate, "phone")
    row = dev.formal_contract_row(page, "101")
    expect(row).to_contain_text("退回原因：买受人姓名与身份证不一致")
    shoot(page, "developer-formal-contract-returned")
    row.get_by_role("button", name="重新提交").click()
    expect(dev.notice(page)).to_contain_text("已重新提交备案")
    expect(dev.formal_contract_row(page, "101")).to_contain_text("已签约，待备案")
    assert contract_state(estate.clerk, contract["contract_id"]) == "confirmed"


def test_double_clicks_on_print_and_yes_do_it_once_without_an_error(browser, estate, token_secret):
    contract = draft(estate.clerk, estate.rooms[0]["room_id"])
    fill(estate.clerk, contract["contract_id"])
    estate.clerk.ok("POST", f"/api/v1/contracts/{contract['contract_id']}/preview")
    page = dev.sign_in(browser, token_secret, estate)
    dev.print_formal(page, "101", double_click=True)
    expect(page.locator(".notice.error")).to_have_count(0)
    first = estate.clerk.ok("GET", f"/api/v1/contracts/{contract['contract_id']}")
    assert first["state"] == "formal_printed"
    dev.preview_row(page, "101").get_by_role("button", name=re.compile("^是")).dblclick()
    page.get_by_role("dialog").get_by_role("button", name="确认签约").dblclick()
    expect(dev.notice(page)).to_contain_text("已确认签约")
    expect(page.locator(".notice.error")).to_have_count(0)
    after = estate.clerk.ok("GET", f"/api/v1/contracts/{contract['contract_id']}")
    assert after["state"] == "confirmed" and after["verification_code"] == first["verification_code"]


def test_an_empty_buyer_and_a_clause_with_a_nul_are_refused_in_chinese(browser, estate, token_secret):
    page = dev.sign_in(browser, token_secret, estate, "phone")
    dev.expect_room_status(page, "101", "available")
    dev.open_signing(page, "101")
    page.get_by_role("button", name="下一步").click()
    expect(dev.buyer_problem(page, "买受人姓名")).to_contain_text("请填写买受人姓名")
    expect(page.locator("#signing-error")).to_contain_text("买受人姓名")
    assert estate.clerk.ok("GET", "/api/v1/contracts?state=drafted")["contracts"] == []
    dev.fill_buyer(page, **{**BUYER, "name": "王五"})
    page.get_by_role("button", name="下一步").click()
    dev.current_clause(page).get_by_label("地块坐落").fill("江津路\x00号")
    page.get_by_role("button", name="下一步").click()
    expect(page.locator("#signing-error")).to_contain_text("控制字符")
    shoot(page, "developer-signing-error")


def test_every_developer_page_has_a_chinese_empty_state_on_a_phone(browser, api, bureau, token_secret):
    estate = new_developer_with_rooms(api, bureau, floors=1, units_per_floor=2, publish=False)
    page = dev.sign_in(browser, token_secret, estate, "phone")
    for tab, says in (("我的预览合同", "没有临时合同"), ("我的正式合同", "还没有正式合同"),
                      ("合同签订", "请在“我的房屋信息表”"), ("我的预设合同条款", "第一条 项目建设依据")):
        dev.open_tab(page, tab)
        expect(page.locator(".panel:visible")).to_contain_text(says)
        shoot(page, f"developer-empty-{tab}")
    for tab in ("我的楼栋信息", "我的房屋信息表"):
        dev.open_tab(page, tab)
        shoot(page, f"developer-{tab}")


@pytest.mark.parametrize("label, value, says", [
    ("买受人姓名", "张三3", "不能有数字"), ("买受人姓名", "张\x00三", "控制字符"),
    ("证件号码", "421002198806151238", "校验位"), ("证件号码", "421002198813151237", "出生日期"),
    ("证件号码", "12345", "18 位"), ("联系电话（手机号码）", "1387123456", "11 位手机号码"),
    ("联系电话（手机号码）", "23871234567", "以 1 开头"), ("通讯地址", "荆州", "5 至 200 个字"),
])
def test_R000_7_a_careless_buyer_detail_is_shown_beside_its_field_in_chinese_and_nothing_is_drafted(
        browser, estate, token_secret, label, value, says):
    page = dev.sign_in(browser, token_secret, estate, "phone")
    dev.expect_room_status(page, "101", "available")
    dev.open_signing(page, "101")
    dev.fill_buyer(page, **BUYER)
    page.get_by_label(label).fill(value)
    if page.get_by_label(label).input_value() != value:
        page.get_by_label(label).evaluate("(e, v) => { e.value = v; }", value)
    page.get_by_role("button", name="下一步").click()
    problem = dev.buyer_problem(page, label)
    expect(problem).to_contain_text(says)
    expect(problem).not_to_contain_text(re.compile("[A-Za-z_]{4,}"))
    expect(page.get_by_label(label)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(label)).to_be_focused()
    assert estate.clerk.ok("GET", "/api/v1/contracts?state=drafted")["contracts"] == []
    if label == "证件号码" and "校验位" in says:
        shoot(page, "developer-signing-buyer-error")


def test_R000_7_a_buyer_with_a_travel_permit_is_named_by_it(browser, estate, token_secret):
    page = dev.sign_in(browser, token_secret, estate)
    dev.expect_room_status(page, "101", "available")
    dev.open_signing(page, "101")
    dev.fill_buyer(page, **{**BUYER, "id_type": "hk_macau_travel_permit", "id_number": "h12345678"})
    expect(page.locator("#buyer-id-number-hint")).to_contain_text("H 或 M 开头")
    expect(page.locator("#signing")).not_to_contain_text("null")
    shoot(page, "developer-signing-buyer")
    page.get_by_role("button", name="下一步").click()
    expect(page.locator("#signing .contract-head")).to_contain_text(f"买受人 张三（{BUYER['phone']}）")
    contract = eventually(lambda: (estate.clerk.ok("GET", "/api/v1/contracts?state=drafted")["contracts"] or [None])[0],
                          what="the draft in the list")
    buyer = estate.clerk.ok("GET", f"/api/v1/contracts/{contract['contract_id']}")["buyer"]
    assert (buyer["id_type"], buyer["id_number"]) == ("hk_macau_travel_permit", "H12345678")


def test_R000_8_the_buyer_is_completed_and_changed_with_修改_then_fixed_after_the_formal_print(
        browser, estate, token_secret):
    room_id = estate.rooms[0]["room_id"]
    named_only = eventually(lambda: (lambda r: r.json() if r.status_code == 200 else None)(estate.clerk.call(
        "POST", "/api/v1/contracts", {"room_id": room_id, "buyer_name": "赵六"})), what="a draft naming only the buyer")
    cid = named_only["contract_id"]
    fill(estate.clerk, cid)
    page = dev.sign_in(browser, token_secret, estate, "phone")
    dev.preview_row(page, "101").get_by_role("button", name=re.compile("^修改")).click()
    expect(page.locator("#signing")).to_contain_text("买受人信息还不完整")  # opened on the buyer's step
    expect(page.get_by_label("买受人姓名")).to_have_value("赵六")
    dev.fill_buyer(page, **{**BUYER, "name": "赵六"})
    shoot(page, "developer-signing-buyer-edit")
    page.get_by_role("button", name="保存并继续填写条款").click()
    expect(dev.notice(page)).to_contain_text("买受人信息已保存")
    page.locator("#signing .steps").get_by_role("button", name="附件五", exact=True).click()
    page.get_by_role("button", name="预览签售").click()
    expect(page.get_by_role("tab", name="我的预览合同")).to_have_attribute("aria-selected", "true")
    dev.preview(page, "101")

    dev.change_buyer(page, "101", name="赵小六", phone="13900001111")  # a new preview is needed (R000.8)
    row = dev.preview_row(page, "101")
    expect(row).to_contain_text("赵*")
    expect(row).to_contain_text("139****1111")
    expect(row).not_to_contain_text("13900001111")
    shoot(page, "developer-preview-contracts-buyer")
    contract = estate.clerk.ok("GET", f"/api/v1/contracts/{cid}")
    assert contract["buyer"]["name"] == "赵小六" and contract["buyer"]["phone"] == "13900001111"
    dev.preview(page, "101")
    dev.print_formal(page, "101")
    expect(dev.preview_row(page, "101").get_by_role("button", name=re.compile("^修改"))).to_be_disabled()
    assert contract_state(estate.clerk, cid) == "formal_printed"
