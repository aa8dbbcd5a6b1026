"""Guide 004 in the families' portal, played by one family in a phone-sized browser, from the unified
identity sign-in to the lease documents, with the bureau approving in the staff portal."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.integration.browser.harness import shoot, sign_in_staff
from tests.integration.browser.pages import family as fam
from tests.integration.conftest import BUREAU_PASSWORD
from tests.integration.lease_flow import GOOD_CARD, phone_scans
from tests.integration.lottery_flow import family_login, new_round
from tests.integration.support import eventually


def test_R004_1_to_15_one_family_selects_signs_and_downloads_its_lease(browser, stack, api, bureau, token_secret):
    world = new_round(bureau, families=1, rooms=8, session_size=1, starts_in=50, formal_minutes=5)
    round_id = world["round_id"]
    family_id, id_number = next(iter(world["people"].items()))
    rooms = eventually(lambda: bureau.ok("GET", f"/api/v1/lottery/rounds/{round_id}/rooms?available=false")["rooms"],
                       what="room catalogue")
    by_label = {fam.room_label(room): room["room_id"] for room in rooms}
    labels = [fam.room_label(room) for room in rooms]
    as_family = family_login(api, round_id, id_number)

    page = browser.page("phone")
    fam.sign_in(page, round_id, id_number, token_secret)
    expect(page.locator("#clock-items")).to_contain_text("距正选开始")
    shoot(page, "family-rules")

    fam.read_rules_and_start_preselection(page)
    # R004.3: search by orientation (shown in Chinese) and layout.
    fam.search(page, orientation="S", layout="1室1厅")
    found = fam.available(page)
    assert found and all(rooms[labels.index(label)]["orientation"] == "S" for label in found)
    expect(page.locator(".room-list")).to_contain_text("朝向南")
    fam.search(page)
    assert len(fam.available(page)) == 8

    # R004.3: five rooms at most.
    for label in labels[:5]:
        fam.choose(page, label)
    expect(page.locator(f".room-card[data-room='{labels[5]}']").get_by_role("button")).to_be_disabled()
    # R004.4: up, down, top and delete, kept by the server in that order.
    fam.move(page, labels[4], "置顶")
    fam.move(page, labels[4], "下移")
    fam.move(page, labels[3], "上移")
    fam.move(page, labels[2], "删除")
    fam.choose(page, labels[2])
    order = [labels[i] for i in (0, 4, 1, 3, 2)]
    assert fam.cart(page) == order
    assert as_family.ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["preselection"] == [by_label[x] for x in order]
    shoot(page, "family-preselection")

    # R004.6: sync, adjust in formal, and sync again overwrites the adjustment after the warning.
    fam.go_to_formal_selection(page)
    assert "覆盖" in fam.sync_preselection(page)
    assert fam.cart(page) == order
    fam.move(page, labels[1], "删除")
    fam.search(page)
    fam.choose(page, labels[6])
    assert fam.cart(page) == [labels[i] for i in (0, 4, 3, 2, 6)]
    shoot(page, "family-formal-selection")
    assert "覆盖" in fam.sync_again(page)
    assert fam.cart(page) == order
    expect(page.locator("#fam-select")).to_contain_text("自动为您选定")  # what window end does (R004.7)

    # R004.7: one room, irrevocably.
    said = fam.confirm(page, labels[4])
    assert "不可更改" in said
    expect(page.locator("#clock-items")).to_contain_text(f"选房成功：{labels[4]}")
    assert "距选房结束" not in fam.clock_strip(page), "a family with its room no longer counts down"
    assert labels[4] in fam.my_result(page) and "不可更改" in fam.my_result(page)
    assert as_family.ok("GET", f"/api/v1/lottery/rounds/{round_id}/me")["session"]["room"] == by_label[labels[4]]
    shoot(page, "family-result")

    # R004.11–R004.15: the lease, step by step, the phone scanning each QR code.
    fam.go_sign(page)
    expect(page.locator("#lease-body")).to_contain_text(labels[4].split(" ")[1])
    shoot(page, "family-lease-info")
    fam.save_phone(page, "13800138000")
    expect(page.get_by_role("button", name="开始人脸识别")).to_have_count(0)  # the bank step comes first (R004.12)
    shoot(page, "family-lease-auto-debit")
    fam.set_up_auto_debit(page, "张三", GOOD_CARD)
    face = fam.qr_link(page, "开始人脸识别")
    shoot(page, "family-lease-face")
    # Waiting for the phone, the page reads the lease again, but not while the family is in another app.
    fam.switch_tab_visibility(page, hidden=True)
    reads = fam.lease_reads(page)
    page.wait_for_timeout(8_000)
    assert reads == [], f"a hidden tab reads nothing: {reads}"
    fam.switch_tab_visibility(page, hidden=False)
    page.wait_for_timeout(1_500)
    assert reads, "back in the tab, the page looks again at once"
    assert phone_scans(face, {"name": "张三", "id_number": id_number, "outcome": "passed"}).ok
    signing = fam.qr_link(page, "开始签订合同")
    shoot(page, "family-lease-signature")
    assert phone_scans(signing, {"outcome": "signed"}).ok
    fam.wait_for_step(page, "押金缴纳")
    pay = fam.shown_qr_link(page)
    shoot(page, "family-lease-deposit")
    assert phone_scans(pay, {"outcome": "succeeded"}).ok
    fam.wait_for_step(page, "等待审核")
    shoot(page, "family-lease-review")

    officer = browser.page("desktop")
    sign_in_staff(officer, token_secret, "bureau.test", BUREAU_PASSWORD)
    fam.approve_in_bureau_portal(officer, family_id)

    pdf = fam.download_documents(page)
    assert pdf.startswith(b"%PDF")
    shoot(page, "family-lease-approved")
    fam.no_raw_text(page)
