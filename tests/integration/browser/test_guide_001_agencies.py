"""Guide 001's first slice in the browser: the bureau opens a filed agency's account, the agency completes its
info and materials and submits, the bureau returns it with reasons, the agency fixes and resubmits, the bureau
verifies it; the agency adds an agent whom the bureau approves; the agent signs in with the SMS credentials and
verifies properties by both routes (R001.2–R001.8, R001.10)."""
from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from services.registry.domain.agencies import latest_validity
from tests.integration.agency_flow import (PROPERTY_BY_CERTIFICATE, PROPERTY_BY_UNIT, bureau_today, file_agency,
                                           fresh_resident_id, licence_info, new_phone, sms_credentials)
from tests.integration.browser.harness import shoot, sign_in_staff
from tests.integration.browser.pages import agency as steps
from tests.integration.conftest import BUREAU_PASSWORD

pytestmark = pytest.mark.integration


def test_R001_2_to_R001_10_an_agency_its_agent_and_a_verified_property_in_the_portal(browser, stack, token_secret):
    name = f"中山安居{secrets.token_hex(2)}地产代理有限公司"
    credit_code = file_agency(stack, name)
    phone, username = new_phone(), f"agency-{secrets.token_hex(3)}"

    officer = browser.page()
    sign_in_staff(officer, token_secret, "bureau.test", BUREAU_PASSWORD)
    steps.open_agency_account(officer, name, credit_code, username, phone)
    expect(officer.locator("#notice")).to_contain_text("短信")
    shoot(officer, "bureau-agencies-opened")
    credentials = sms_credentials(stack, phone)

    agency = browser.page()
    sign_in_staff(agency, token_secret, credentials["username"], credentials["password"])
    panel = steps.agency_info_page(agency)
    expect(panel.locator("#agency-status")).to_contain_text("待完善信息")
    latest = latest_validity(bureau_today(stack.gateway_url))
    form = steps.complete_info(agency, licence_info(name), (latest + timedelta(days=1)).isoformat())
    expect(form.get_by_role("alert")).to_contain_text("不能超过今天起 2 年")  # R001.5
    steps.complete_info(agency, licence_info(name), latest.isoformat())
    expect(agency.locator("#notice")).to_contain_text("企业信息已保存")

    licence = steps.add_material(agency)
    steps.upload_into(licence, steps.png_file(10_000))  # R001.6: not named yet
    expect(panel.locator("#agency-materials-error")).to_contain_text("请先修改材料名称并保存")
    steps.name_material(licence, "营业执照")
    licence = panel.locator("li.material").nth(0)
    steps.upload_into(licence, steps.png_file(501 * 1024))  # R001.6: over 500 KB
    expect(panel.locator("#agency-materials-error")).to_contain_text("不能超过 500K")
    steps.upload_into(licence, steps.png_file(500 * 1024))
    expect(panel.locator("li.material").nth(0)).to_contain_text("已上传 500K")
    identity_card = steps.add_material(agency)
    steps.name_material(identity_card, "法定代表人身份证")
    steps.upload_into(panel.locator("li.material").nth(1), steps.png_file(30_000, "id.png"))
    expect(panel.locator("li.material").nth(1)).to_contain_text("已上传")
    panel.get_by_role("button", name="提交审核").click()  # R001.7: the comment is required
    expect(panel.locator("#agency-submit-error")).to_contain_text("请填写提交意见")
    shoot(agency, "agency-info-materials")
    steps.submit_agency(agency, "首次提交，请审核")

    detail = steps.review_agency(officer, credit_code)
    expect(detail).to_contain_text("首次提交，请审核")
    expect(detail.locator("img.material-image")).to_have_count(2)
    shoot(officer, "bureau-agency-review")
    steps.return_agency(officer, credit_code, "营业执照图片不清晰")
    shoot(officer, "bureau-agency-returned")
    agency.reload()
    panel = steps.agency_info_page(agency)
    expect(panel.locator("#agency-status")).to_contain_text("营业执照图片不清晰")
    steps.upload_into(panel.locator("li.material").nth(0), steps.png_file(60_000))
    expect(agency.locator("#notice")).to_contain_text("图片已上传")
    steps.submit_agency(agency, "已重新上传营业执照")
    steps.verify_agency(officer, credit_code)

    agency.reload()
    expect(steps.agency_info_page(agency).locator("#agency-status")).to_contain_text("审核通过")
    agent_phone, agent_id_number = new_phone(), fresh_resident_id()
    steps.add_agent(agency, "王小明", agent_id_number, agent_phone)
    steps.upload_agent_id_and_submit(agency, "王小明")
    shoot(agency, "agency-agents")
    agent_username = steps.approve_agent(officer, "王小明")
    shoot(officer, "bureau-agent-approved")
    message = sms_credentials(stack, agent_phone)
    assert message["username"] == agent_username

    agent = browser.page("phone")
    sign_in_staff(agent, token_secret, message["username"], message["password"])
    panel = steps.verify_by_certificate(agent, PROPERTY_BY_CERTIFICATE["certificate_number"], "李建", "442000197503150015")
    expect(panel.get_by_role("alert")).to_contain_text("产权人姓名或证件号码与登记信息不一致")  # R001.10
    panel = steps.verify_by_certificate(agent, PROPERTY_BY_CERTIFICATE["certificate_number"],
                                        PROPERTY_BY_CERTIFICATE["owner_name"], PROPERTY_BY_CERTIFICATE["owner_id_number"])
    expect(panel.locator("#property-result")).to_contain_text("中山市东区博爱六路1号1座101房")
    expect(panel.locator("#property-result")).to_contain_text("已抵押")
    shoot(agent, "agent-property-verified")
    panel = steps.verify_by_unit(agent, "4420000030", PROPERTY_BY_UNIT["owner_name"])
    expect(panel.get_by_role("alert")).to_contain_text("不动产单元号为 28 位")
    expect(panel.locator("#property-result")).to_be_hidden()
    panel = steps.verify_by_unit(agent, PROPERTY_BY_UNIT["unit_number"], "陈大文")
    expect(panel.get_by_role("alert")).to_contain_text("产权人姓名与该不动产单元的登记信息不一致")
    panel = steps.verify_by_unit(agent, PROPERTY_BY_UNIT["unit_number"], PROPERTY_BY_UNIT["owner_name"])
    expect(panel.locator("#property-result")).to_contain_text("CHAN TAI MAN")
    expect(agent.get_by_role("tab", name="房源验证")).to_be_visible()
