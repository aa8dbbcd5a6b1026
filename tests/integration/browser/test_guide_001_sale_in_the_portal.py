"""Guide 001's existing-home sale in the portal: the issue's first story through the pages (the agency and its agent
set up over HTTP, as test_guide_001_agencies shows them in the browser): a verified property, a contract with two
buyers owning by shares, escrow at the construction bank, submitted, the e-signature order, each party on a phone
opening its own QR link, passing face verification and signing, the agent's 提交 -> 已签约 with the filing number,
the agency account reading it, and the escrow account showing the buyer's deposit once the bank reported it. Then
careless input on the contract form (R001.11–R001.15, R001.1)."""
from __future__ import annotations

import re
import secrets
from datetime import date
from io import BytesIO

import pytest
import requests
from playwright.sync_api import expect
from pypdf import PdfReader

from shared.identity_documents import resident_id_number
from tests.integration import existing_home_flow as flow
from tests.integration.agency_flow import (approved_agent, fresh_resident_id, new_phone, provider, verified_agency)
from tests.integration.browser.harness import shoot, sign_in_staff
from tests.integration.browser.pages import existing_home as sale
from tests.integration.browser.pages.agency import png_file
from tests.integration.browser.pages.bureau import open_tab
from tests.integration.conftest import BUREAU_PASSWORD
from tests.integration.support import eventually

pytestmark = pytest.mark.integration


def person(name: str, **more) -> dict:
    return {"name": name, "id_type": "resident_id", "id_number": fresh_resident_id(), "phone": new_phone(),
            "address": "广东省中山市东区博爱六路22号", **more}


def registered_property(stack, owner: dict) -> dict:
    """A property of this test's own in the simulated register, owned by `owner` alone."""
    answer = requests.post(provider(stack, "/realestate/sim/properties"), timeout=5, json={
        "owners": [{"name": owner["name"], "id_type": "resident_id", "id_number": owner["id_number"], "share": "100%"}],
        "address": f"中山市东区中山三路{secrets.randbelow(900) + 100}号"})
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.fixture
def agent_setup(stack, api, bureau):
    agency, agency_api = verified_agency(stack, api, bureau, f"中山安居{secrets.token_hex(2)}地产代理有限公司")
    agent = approved_agent(stack, agency_api, bureau, agency["agency_id"], "王小明")
    return {"agency": agency, "agency_api": agency_api, "agent": agent,
            "agent_api": api.login(agent["credentials"]["username"], agent["credentials"]["password"])}


def drafted(browser, stack, token_secret, agent_setup, seller=None, **draft):
    seller = seller or person("李建华")
    home = registered_property(stack, seller)
    page = browser.page()
    credentials = agent_setup["agent"]["credentials"]
    sign_in_staff(page, token_secret, credentials["username"], credentials["password"])
    detail = sale.draft_from_verification(page, home["certificate_number"], seller["name"], seller["id_number"], **draft)
    return page, detail, seller, home


def test_R001_11_to_R001_14_a_sale_with_two_buyers_by_shares_signed_on_phones_filed_and_its_escrow(
        browser, stack, token_secret, agent_setup):
    page, detail, seller, home = drafted(browser, stack, token_secret, agent_setup)
    expect(detail.locator(".countdown")).to_contain_text("自动删除")  # R001.11
    shoot(page, "existing-home-agent-drafted")

    buyers = [person("张三", share="60"), person("李四", share="40")]
    sale.fill_person(detail, "sellers", 1, seller)
    sale.add_co_owner(detail, "buyers")
    sale.co_ownership(detail, "buyers", "按份共有")
    sale.fill_person(detail, "buyers", 1, buyers[0])
    sale.fill_person(detail, "buyers", 2, buyers[1])
    sale.fill_terms(detail, "1280000.50")
    sale.fill_applicant(detail, "张三", buyers[0]["phone"], buyers[0]["id_number"])
    sale.rate(detail, "好评", "服务周到")
    sale.choose_escrow(detail, "中国建设银行", "线上办理")
    sale.write_notes(detail, "买方以按揭贷款付款。")
    shoot(page, "existing-home-agent-contract-form")
    sale.submit(page)
    [contract] = eventually(lambda: agent_setup["agent_api"].ok("GET", "/api/v1/existing-home-contracts")["contracts"],
                            what="the contract listed")
    full = agent_setup["agent_api"].ok("GET", f"/api/v1/existing-home-contracts/{contract['contract_id']}")
    assert full["terms"]["price_fen"] == 128000050
    assert [b["share"] for b in full["buyers"]] == ["60", "40"]

    links = sale.open_order(page)
    assert len(links) == 3
    shoot(page, "existing-home-agent-qr-codes")

    for link, someone in zip(links, (seller, *buyers)):
        phone = sale.party_opens(browser, link)
        expect(phone.locator("#signing-facts")).to_contain_text(full["contract_number"])
        expect(phone.locator("#signing-facts")).to_contain_text(someone["name"][0])
        pdf = PdfReader(BytesIO(sale.read_document(phone)))
        assert full["contract_number"] in "".join(sheet.extract_text() for sheet in pdf.pages)
        if someone is seller:
            shoot(phone, "existing-home-party-start")
        sale.pass_face(phone, someone["name"], someone["id_number"])
        if someone is seller:
            shoot(phone, "existing-home-party-face-passed")
        sale.sign(phone)
        if someone is seller:
            shoot(phone, "existing-home-party-signed")

    filing_number = sale.file_contract(page)
    shoot(page, "existing-home-agent-filed")

    escrow_path = f"/api/v1/existing-home-contracts/{contract['contract_id']}/escrow"
    account_ref = eventually(lambda: (r := agent_setup["agent_api"].call("GET", escrow_path)).ok and r.json()["account_ref"],
                             what="the escrow account opened at the bank")
    card = sale.escrow_card(page)
    card.get_by_role("button", name="刷新").click()
    expect(card).to_contain_text("中国建设银行")
    expect(card).to_contain_text(account_ref)
    deposit = requests.post(provider(stack, f"/bank/sim/escrow-accounts/{account_ref}/deposits"),
                            json={"amount_fen": 30000000}, timeout=5)
    assert deposit.status_code == 202, deposit.text
    eventually(lambda: agent_setup["agent_api"].ok("GET", escrow_path)["balance_fen"] == 30000000,
               what="the deposit recorded from the bank's callback")
    card.get_by_role("button", name="刷新").click()
    expect(card.locator(".escrow-balance")).to_have_text("300,000.00 元")
    expect(card).to_contain_text("买方存入")
    shoot(page, "existing-home-agent-escrow")

    agency = browser.page()
    credentials = agent_setup["agency"]["credentials"]
    sign_in_staff(agency, token_secret, credentials["username"], credentials["password"])
    table = sale.agency_contracts(agency)
    expect(table).to_contain_text(full["contract_number"])
    expect(table).to_contain_text(filing_number)
    shoot(agency, "existing-home-agency-contracts")


def test_R001_12_careless_input_on_the_contract_form_changes_nothing(browser, stack, token_secret, agent_setup):
    page, detail, seller, home = drafted(browser, stack, token_secret, agent_setup, double_click=True)
    contracts = eventually(lambda: [c for c in agent_setup["agent_api"].ok("GET", "/api/v1/existing-home-contracts")["contracts"]
                                    if c["property_id"] == home["property_id"]], what="the draft listed")
    assert len(contracts) == 1  # a double click drafts once

    page.locator("#eh-submit").click()  # nothing filled
    expect(sale.section_error(detail, "买卖双方信息")).to_contain_text("卖方 1：请填写姓名。")

    buyers = [person("张三", share="60"), person("李四", share="30")]
    sale.fill_person(detail, "sellers", 1, seller)
    sale.add_co_owner(detail, "buyers")
    sale.fill_person(detail, "buyers", 1, {key: value for key, value in buyers[0].items() if key != "share"})
    sale.fill_person(detail, "buyers", 2, {key: value for key, value in buyers[1].items() if key != "share"})
    page.locator("#eh-submit").click()
    expect(sale.section_error(detail, "买卖双方信息")).to_contain_text("请选择买方共有性质")
    sale.co_ownership(detail, "buyers", "按份共有")
    sale.fill_person(detail, "buyers", 1, buyers[0])
    sale.fill_person(detail, "buyers", 2, buyers[1])
    page.locator("#eh-submit").click()
    expect(sale.section_error(detail, "买卖双方信息")).to_contain_text("合计为 90.00%，必须正好是 100%")
    sale.fill_person(detail, "buyers", 2, {**buyers[1], "id_number": buyers[0]["id_number"], "share": "40"})
    page.locator("#eh-submit").click()
    expect(sale.section_error(detail, "买卖双方信息")).to_contain_text("填写了两次")
    sale.fill_person(detail, "buyers", 2, {**buyers[1], "share": "40"})
    mistyped = fresh_resident_id()  # the owner's name with another ID number: not the registered owner (R001.10)
    while mistyped[-3:] == seller["id_number"][-3:]:
        mistyped = fresh_resident_id()
    sale.fill_person(detail, "sellers", 1, {**seller, "id_number": mistyped})
    page.locator("#eh-submit").click()
    expect(sale.section_error(detail, "买卖双方信息")).to_contain_text("卖方必须是该房屋登记的产权人")
    sale.fill_person(detail, "sellers", 1, seller)

    sale.fill_terms(detail, "12万")
    page.locator("#eh-submit").click()
    expect(sale.section_error(detail, "合同条款")).to_contain_text("成交价格须为大于 0 的金额")
    sale.fill_terms(detail, "980000", other="x" * 50_000)
    assert len(detail.get_by_label("其他约定", exact=False).input_value()) == 2000  # huge text is cut at the limit
    sale.fill_applicant(detail, "张三", buyers[0]["phone"], buyers[0]["id_number"])
    sale.rate(detail)
    sale.waive_escrow(detail)
    sale.write_notes(detail, "注意\u0000事项")
    page.locator("#eh-submit").click()
    expect(sale.section_error(detail, "注意事项")).to_contain_text("不可见的控制字符")
    shoot(page, "existing-home-agent-careless")
    contract = agent_setup["agent_api"].ok("GET", f"/api/v1/existing-home-contracts/{contracts[0]['contract_id']}")
    assert contract["state"] == "drafted" and not contract.get("notes")

    sale.write_notes(detail, "无")
    sale.submit(page, double_click=True)
    links = sale.open_order(page, double_click=True)
    assert len(links) == 3
    path = f"/api/v1/existing-home-contracts/{contracts[0]['contract_id']}"
    assert len(agent_setup["agent_api"].ok("GET", f"{path}/signature-order")["order"]["signers"]) == 3

    sale.cancel_order(page)  # R001.15
    expect(page.locator("#eh-detail").get_by_role("region", name="注意事项").get_by_label(re.compile("^注意事项"))).to_have_value("无")
    sale.delete_contract(page)
    assert agent_setup["agent_api"].ok("GET", path)["state"] == "deleted"


def test_R001_16_R001_18_a_minor_seller_signs_at_the_window_with_both_parents_filed_then_cancelled_at_the_window(
        browser, stack, token_secret, agent_setup):
    minor = person("陈小明", id_number=resident_id_number("442000", date(2014, 6, 1), secrets.randbelow(999)))
    page, detail, seller, home = drafted(browser, stack, token_secret, agent_setup, seller=minor, window=True)
    buyer = person("赵六")
    sale.fill_person(detail, "sellers", 1, minor)
    expect(detail.locator("[data-side=sellers] .minor-note")).to_contain_text("未满 18 周岁")
    sale.fill_person(detail, "buyers", 1, buyer)
    sale.fill_terms(detail, "650000", payment="一次性付款")
    sale.fill_applicant(detail, buyer["name"], buyer["phone"], buyer["id_number"])
    sale.rate(detail, "中评")
    sale.waive_escrow(detail)
    sale.write_notes(detail, "卖方为未成年人，由父母双方到场办理。")
    sale.submit(page)
    expect(page.locator("#eh-detail")).to_contain_text("到中山市房地产交易管理事务中心业务窗口签约")
    number = page.locator("#eh-detail .facts .mono").first.inner_text()
    shoot(page, "existing-home-agent-window-submitted")

    desk = browser.page()
    sign_in_staff(desk, token_secret, "bureau.test", BUREAU_PASSWORD)
    files = {"kinship": png_file(40_000, "户口本.png"), "pages": [png_file(60_000, "签字页1.png"), png_file(60_000, "签字页2.png")],
             "waiver": png_file(30_000, "放弃监管声明.png")}
    detail = sale.window_contract(desk, number)
    detail.get_by_role("region", name="窗口签约").get_by_role("button", name="提交审核").click()
    expect(detail.get_by_role("region", name="窗口签约").get_by_role("alert")).to_contain_text("未成年人一方须父母双方到场")
    shoot(desk, "existing-home-bureau-window-signing")
    parents = {"father": ("陈大文", fresh_resident_id()), "mother": ("林小红", fresh_resident_id())}
    sale.sign_at_window(desk, number, parents, files)
    sale.decide_window(desk, number, approve=False, reasons="签章页不清晰，请重新签字")
    detail = sale.open_contract(page, number)  # the agent reads the reasons, corrects and submits again
    expect(detail.get_by_role("alert").filter(has_text="窗口审核退回")).to_contain_text("签章页不清晰，请重新签字")
    sale.write_notes(detail, "卖方为未成年人，由父母双方到场办理；已重新签字。")
    sale.submit(page)
    sale.sign_at_window(desk, number, parents, files)
    detail = sale.decide_window(desk, number, approve=True)
    expect(detail.locator(".filing-number")).to_have_text(re.compile(r"^CLBA\d{10}$"), timeout=30_000)
    shoot(desk, "existing-home-bureau-window-filed")

    sale.cancel_at_window(desk, number, {"agreement": png_file(50_000, "终止协议.png"),
                                         "photos": [png_file(20_000, "卖方.png"), png_file(20_000, "买方.png")]},
                          "买卖双方协商一致解除合同")  # R001.18
    detail = sale.decide_window(desk, number, approve=True, queue="窗口注销，待审核")
    expect(detail.locator("[data-state]")).to_have_text("已注销", timeout=30_000)
    shoot(desk, "existing-home-bureau-window-cancelled")


def ordered_over_http(stack, agent_setup) -> tuple[flow.Agent, str, dict, dict]:
    """A contract drafted, completed and with its e-signature order open, through the API: (agent, its path,
    property, order)."""
    seller = person("李建华")
    home = registered_property(stack, seller)
    property_ = {"query": {"method": "certificate", "certificate_number": home["certificate_number"],
                           "owner_name": seller["name"], "owner_id_number": seller["id_number"]},
                 "sellers": [{key: seller[key] for key in ("name", "id_type", "id_number")}]}
    agent = flow.Agent(agent_setup["agency"], agent_setup["agency_api"], agent_setup["agent_api"])
    contract = flow.draft(agent, property_)
    flow.complete(agent, contract["contract_id"], property_)
    path = f"{flow.CONTRACTS}/{contract['contract_id']}"
    return agent, path, property_, agent.api.ok("POST", f"{path}/signature-order")["order"]


def filed_over_http(api, stack, agent_setup) -> tuple[dict, dict]:
    """A contract filed online through the API (drafted, completed, signed by every party): (contract, property)."""
    agent, path, property_, order = ordered_over_http(stack, agent_setup)
    rows = flow.rows_by_party(property_)
    for signer in order["signers"]:
        flow.party_signs(api, signer["link"], rows[signer["party_id"]])
    assert agent.api.call("POST", f"{path}/filing").status_code in (200, 202)
    filed = eventually(lambda: (c := agent.api.ok("GET", path))["state"] == "filed" and c, what="the contract filed")
    return filed, property_


def test_R001_17_the_agent_cancels_a_filed_contract_online_and_both_parties_sign_the_cancellation(
        browser, api, stack, token_secret, agent_setup):
    contract, property_ = filed_over_http(api, stack, agent_setup)
    page = browser.page()
    credentials = agent_setup["agent"]["credentials"]
    sign_in_staff(page, token_secret, credentials["username"], credentials["password"])
    panel = open_tab(page, "存量房合同注销线上")
    panel.get_by_label("合同编号").fill("CL12")
    panel.get_by_role("button", name="搜索").click()
    expect(panel.get_by_role("alert")).to_contain_text("请输入完整的存量房合同编号")
    links = sale.request_cancellation(page, contract["contract_number"], "买方贷款未获批准，买卖双方协商一致解除合同")
    shoot(page, "existing-home-agent-cancellation-order")
    rows = [*property_["sellers"], *flow.BUYERS]
    for link, someone in zip(links, rows):
        phone = sale.party_opens(browser, link)
        expect(phone.locator("#signing-title")).to_have_text("存量房买卖合同注销")
        sale.read_document(phone)
        sale.pass_face(phone, someone["name"], someone["id_number"])
        sale.sign(phone)
        if someone is rows[0]:
            shoot(phone, "existing-home-party-cancellation-signed")
    detail = page.locator("#cancel-detail")
    expect(detail.locator(".order-status")).to_have_text("订单已经完成签字", timeout=30_000)
    detail.get_by_role("button", name="提交").click()
    expect(detail.get_by_role("status").filter(has_text="合同已注销")).to_be_visible(timeout=30_000)
    shoot(page, "existing-home-agent-cancelled")


def test_R001_1_the_party_page_opens_only_from_a_link_the_system_issued(browser):
    stranger = browser.page("phone")
    stranger.goto("/portal/party.html")
    expect(stranger.get_by_role("heading", name="请扫描二维码进入")).to_be_visible()
    forged = browser.page("phone")
    forged.goto("/portal/party.html#t=not-a-token-the-system-issued")
    expect(forged.locator("#no-link-text")).to_have_text(
        "该二维码不是本系统签发的，请向经办的中介从业人员索取正确的二维码。")
    shoot(forged, "existing-home-party-forged-link")


def test_another_partys_link_opened_in_the_same_tab_shows_that_party(browser, stack, agent_setup):
    """A phone already showing one party's page, given another party's link (pasted, or a second QR scanned into
    the same tab): only the fragment changes, and the page must show the new party, not the first."""
    agent, path, property_, order = ordered_over_http(stack, agent_setup)
    rows = flow.rows_by_party(property_)
    seller, buyer = (next(s for s in order["signers"] if s["role"] == role) for role in ("seller", "buyer"))
    phone = sale.party_opens(browser, seller["link"])
    expect(phone.locator("#signing-facts")).to_contain_text(f"卖方 {rows[seller['party_id']]['name']}")
    phone.goto(buyer["link"])
    expect(phone.locator("#signing-facts")).to_contain_text(f"买方 {rows[buyer['party_id']]['name']}")
    expect(phone.locator("#step .loading")).to_have_count(0)
    shoot(phone, "existing-home-party-second-link-same-tab")
    agent.api.ok("DELETE", f"{path}/signature-order")
    agent.api.ok("DELETE", path)
