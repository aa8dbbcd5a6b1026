"""Guide 002 in the portal: remote notarized signing as its four roles play it. The mainland story from the
developer's choice of the notarized route to the bureau's filing with the certificate shown; a non-mainland buyer's
pages through the document photos, the materials and the submission; and careless input on every page (R002.1–R002.8).
In the local stack the buyer's phone answers the face provider's page as the simulator's scan does."""
from __future__ import annotations

import re
from io import BytesIO

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.integration.browser.harness import shoot, sign_in_staff
from tests.integration.browser.pages import bureau as bureau_pages
from tests.integration.browser.pages import developer
from tests.integration.browser.pages import notary
from tests.integration.conftest import BUREAU_PASSWORD
from tests.integration.contract_flow import formal_printed
from tests.integration.notary_flow import prepare_and_push, qr_code, submit_on_notarized_route
from tests.unit.contract_support import BUYER


@pytest.fixture
def made(tmp_path):
    return notary.files(tmp_path)


def case_of(clerk, contract_id: str) -> str:
    return clerk.ok("GET", f"/api/v1/contracts/{contract_id}/notarization")["case"]["case_id"]


def test_R002_1_to_R002_8_the_mainland_story_from_the_push_to_the_filing_with_its_certificate(
        browser, api, bureau, estate, token_secret, made):
    room = estate.rooms[0]
    contract = formal_printed(estate.clerk, room["room_id"])
    clerk = developer.sign_in(browser, token_secret, estate)

    detail = notary.choose_notarized_route(clerk, room["room_number"])
    notary.set_contract_password(clerk)
    expect(detail).to_contain_text("设置合同密码（已设置）")
    notary.upload_attachment(clerk, "房屋平面图", made["floor_plan"], "一层平面图.png")
    notary.upload_attachment(clerk, "排水布置示意图", made["drainage_layout"])
    expect(detail.locator("table")).to_contain_text("一层平面图.png")
    expect(detail.locator("table")).to_contain_text("drainage_layout.png")
    shoot(clerk, "notary-developer-prepare")
    qr_url = notary.push(clerk, double_click=True)
    assert estate.clerk.ok("GET", f"/api/v1/contracts/{contract['contract_id']}/notarization")["attempt"] == 1
    shoot(clerk, "notary-developer-qr")

    phone = notary.buyer_opens(browser, qr_url)
    expect(phone.locator("#case-facts")).to_contain_text(notary.OFFICE_NAME)
    shoot(phone, "notary-buyer-face")
    notary.face_check(phone, BUYER["id_number"])
    shoot(phone, "notary-buyer-documents")
    e_contract = PdfReader(BytesIO(notary.read_e_contract(phone)))  # R002.5: the contract itself, not a summary
    number = estate.clerk.ok("GET", f"/api/v1/contracts/{contract['contract_id']}")["contract_number"]
    assert number in "".join(sheet.extract_text() for sheet in e_contract.pages)
    notary.read_documents(phone)
    notary.expect_uploaded(notary.upload_material(phone, "id_front", made["id_front"]))
    notary.expect_uploaded(notary.upload_material(phone, "id_back", made["id_back"]))
    notary.expect_uploaded(notary.sign_on_pad(phone))
    expect(phone.locator("#file-id_in_hand")).to_be_attached()
    shoot(phone, "notary-buyer-materials")
    notary.upload_material(phone, "id_in_hand", made["id_in_hand"])
    expect(phone.get_by_role("heading", name="再次人脸识别，提交申请")).to_be_visible()
    notary.face_check(phone, BUYER["id_number"])
    notary.expect_submitted(phone)
    shoot(phone, "notary-buyer-submitted")

    case_id = case_of(estate.clerk, contract["contract_id"])
    office = notary.officer_signs_in(browser, token_secret, notary.new_officer(bureau))
    case = notary.open_case(office, case_id[:8])
    for kind in ("id_front", "id_back", "id_in_hand", "signature"):
        expect(case.locator(f"#material-{kind} img")).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    expect(case.locator("#material-signature")).to_contain_text("签名板现场书写")
    expect(case).to_contain_text("提交申请时：人脸识别通过")
    shoot(office, "notary-officer-case")
    number = notary.approve(office, double_click=True)
    expect(office.locator("#notary-queue-table")).not_to_contain_text(case_id[:8])
    shoot(office, "notary-officer-queue")

    phone.get_by_role("button", name="刷新审核状态").click()
    expect(phone.locator("#certificate-number")).to_have_text(number)
    with phone.expect_download() as download:
        phone.get_by_role("button", name="下载公证书").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    shoot(phone, "notary-buyer-certificate")

    notary.notary_detail(clerk, room["room_number"])
    assert notary.certificate_number_for_developer(clerk) == number

    desk = browser.page("desktop")
    sign_in_staff(desk, token_secret, "bureau.test", BUREAU_PASSWORD)
    review = notary.certificate_in_filing_review(desk, contract)
    expect(review.locator("#filing-certificate-number")).to_have_text(number)
    expect(review.locator("#filing-certificate-match")).to_have_text("公证书证明的合同文本与备案合同一致")
    shoot(desk, "notary-bureau-filing-review")
    filing_number = bureau_pages.approve_filing(desk, contract)

    detail = notary.notary_detail(clerk, room["room_number"])
    expect(detail).to_contain_text(f"已备案，备案号 {filing_number}", timeout=20_000)
    expect(detail.locator("#saga-1")).to_contain_text("合同已备案")
    shoot(clerk, "notary-developer-filed")


def test_R002_4_a_non_mainland_buyer_photographs_the_document_twice_and_records_the_video(browser, estate, made):
    contract_id = submit_on_notarized_route(estate.clerk, estate.rooms[1]["room_id"])
    prepare_and_push(estate.clerk, contract_id, mainland=False)
    phone = notary.buyer_opens(browser, qr_code(estate.clerk, contract_id))
    expect(phone.get_by_role("heading", name="身份证明文件核验")).to_be_visible()
    shoot(phone, "notary-buyer-document")
    notary.photograph_document(phone, made["passport"])
    notary.read_documents(phone)
    photo = notary.upload_material(phone, "id_front", made["notes"])
    expect(photo.locator(".error")).to_have_text("只能上传 PNG 或 JPEG 格式的照片，请重新拍摄。")
    photo = notary.upload_material(phone, "id_front", made["oversized"])
    expect(photo.locator(".error")).to_contain_text("超过 500 KB")
    expect(photo.locator(".todo-mark")).to_have_text("未上传")
    for kind in ("id_front", "id_back", "id_in_hand"):
        notary.expect_uploaded(notary.upload_material(phone, kind, made[kind]))
    notary.expect_uploaded(notary.sign_on_pad(phone))

    video = notary.upload_material(phone, "evidence_video", made["short"])
    expect(video.locator(".error")).to_have_text("佐证视频须录制 15 秒左右，请重新录制。")
    expect(video.locator(".read-aloud")).to_contain_text("申请办理商品房买卖合同公证")
    shoot(phone, "notary-buyer-video")
    notary.upload_material(phone, "evidence_video", made["evidence"])
    expect(phone.get_by_role("heading", name="第二次身份核验，提交申请")).to_be_visible()
    shoot(phone, "notary-buyer-second-document")
    notary.photograph_document(phone, made["passport_again"], submit=True)
    notary.expect_submitted(phone)
    assert estate.clerk.ok("GET", f"/api/v1/notary/cases/{case_of(estate.clerk, contract_id)}")["state"] == "submitted"


def test_R002_2_wrong_contract_passwords_lock_the_buyer_out_with_a_chinese_sentence(browser, estate):
    contract_id = submit_on_notarized_route(estate.clerk, estate.rooms[2]["room_id"])
    prepare_and_push(estate.clerk, contract_id)
    phone = browser.page("phone")
    phone.goto(qr_code(estate.clerk, contract_id))
    error = notary.enter_password(phone, "")
    expect(error).to_have_text("请输入合同密码。")
    for _ in range(5):
        error = notary.enter_password(phone, "not-the-password")
        expect(error).to_contain_text("合同密码不正确")
        expect(phone.get_by_role("button", name="进入")).to_be_enabled()
    error = notary.enter_password(phone, notary.PASSWORD)
    expect(error).to_have_text("合同密码已连续输错 5 次，已锁定 15 分钟。请稍后再试，或联系开发企业核对密码。")
    shoot(phone, "notary-buyer-locked")
    expect(phone.locator("#case-view")).to_be_hidden()

    stranger = browser.page("phone")
    stranger.goto("/portal/notary.html")
    expect(stranger.get_by_role("heading", name="请扫描二维码进入")).to_be_visible()


def test_R002_1_careless_input_on_the_developer_and_buyer_pages_changes_nothing(browser, estate, token_secret, made):
    room = estate.rooms[3]
    contract = formal_printed(estate.clerk, room["room_id"])
    clerk = developer.sign_in(browser, token_secret, estate)
    detail = notary.choose_notarized_route(clerk, room["room_number"])
    path = f"/api/v1/contracts/{contract['contract_id']}/notarization"

    notary.set_contract_password(clerk, "buyer-pass-1", "buyer-pass-2")
    expect(detail).to_contain_text("两次输入的合同密码不一致")
    notary.set_contract_password(clerk, "12345")
    expect(detail).to_contain_text("合同密码须为 6 至 32 个字符。")
    assert estate.clerk.ok("GET", path)["password_set"] is False

    error = notary.refused_attachment(clerk, "房屋平面图", made["notes"])
    expect(error).to_have_text("只能上传 PNG、JPEG 图片或 PDF 文件，请重新选择。")
    error = notary.refused_attachment(clerk, "房屋平面图", made["oversized"])
    expect(error).to_contain_text("超过 500 KB")
    error = notary.refused_attachment(clerk, "房屋平面图", made["floor_plan"], "平面图\u0007.png")
    expect(error).to_contain_text("控制字符")
    assert estate.clerk.ok("GET", path)["attachments"] == []

    detail.get_by_label("公证处").select_option(label=notary.OFFICE_NAME)
    detail.get_by_role("button", name="推送电子合同").click()
    bureau_pages.dialog(clerk).get_by_role("button", name="确定推送").click()
    expect(detail.locator(".error").filter(has_text="请先设置合同密码")).to_be_visible()
    shoot(clerk, "notary-developer-careless")
    assert estate.clerk.ok("GET", path)["state"] == "preparing"


def test_R002_6_the_officer_returns_a_case_with_reasons_and_the_developer_reads_them(
        browser, api, bureau, estate, token_secret, stack):
    from tests.integration.notary_flow import mainland_buyer_applies
    from tests.integration.support import eventually
    from services.notary.application.app import NotaryApplication

    capture_key = NotaryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                                    secret=stack.secrets["HOUSING_NOTARY_SECRET"]).capture_key
    contract_id = submit_on_notarized_route(estate.clerk, estate.rooms[0]["room_id"])
    prepare_and_push(estate.clerk, contract_id)
    case_id = mainland_buyer_applies(api, qr_code(estate.clerk, contract_id), capture_key)
    office = notary.officer_signs_in(browser, token_secret, notary.new_officer(bureau))
    notary.open_case(office, case_id[:8])
    notary.reject(office, "手持身份证件照片不清晰\n请重新拍摄")
    path = f"/api/v1/contracts/{contract_id}/notarization"
    returned = eventually(lambda: (n := estate.clerk.ok("GET", path))["state"] == "returned" and n,
                          what="the contract returned to the developer")
    assert returned["returns"][-1]["reasons"] == ["手持身份证件照片不清晰", "请重新拍摄"]
    clerk = developer.sign_in(browser, token_secret, estate)
    detail = notary.notary_detail(clerk, estate.rooms[0]["room_number"])
    expect(detail).to_contain_text("手持身份证件照片不清晰；请重新拍摄")
    expect(detail.get_by_role("button", name="重新推送电子合同")).to_be_visible()
    shoot(clerk, "notary-developer-returned")
