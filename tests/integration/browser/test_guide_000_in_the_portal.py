"""Guide 000 from end to end in the portal, as its two roles play it in two browsers: the bureau admits a
developer and sets up its project; the developer's clerk enters room info, the bureau publishes it; the clerk
drafts, fills, previews, prints and confirms a contract; the bureau files it and the clerk reads the 备案号.
Every step is a click in the portal (nothing through the API), and the room map's colour is checked at each
step (R000.1–R000.13)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from playwright.sync_api import expect

from tests.integration.browser.harness import shoot, sign_in_staff
from tests.integration.browser.pages import bureau as officer
from tests.integration.browser.pages import developer as dev
from tests.integration.conftest import BUREAU_PASSWORD
from tests.integration.support import today, unique_credit_code


@dataclass
class Clerk:
    """What the bureau handed over at admission, as dev.sign_in reads it."""
    clerk_username: str
    password: str
    electronic_key: str


def test_R000_1_to_R000_13_guide_000_from_admission_to_the_filing_number_in_two_browsers(browser, token_secret):
    suffix = secrets.token_hex(3)
    enterprise, code, project = f"荆楚置业{suffix}有限公司", unique_credit_code(), f"江汉花园{suffix}"

    bureau = browser.page("desktop")
    sign_in_staff(bureau, token_secret, "bureau.test", BUREAU_PASSWORD)
    officer.register_developer(bureau, enterprise, code)
    handover = officer.admit_developer(bureau, code, "荆房预售许字(2026)第9号", f"clerk.{suffix}", "王网签")  # R000.1
    officer.close_handover(bureau)
    officer.register_project(bureau, enterprise, project, "荆房预售许字(2026)第9号", today())  # R000.2
    officer.set_building_rules(bureau, project, "1栋", 2, 2)  # R000.3
    officer.expect_building(bureau, "1栋", 4)

    clerk = dev.sign_in(browser, token_secret, Clerk(handover.username, handover.password, handover.electronic_key))
    dev.choose_project(clerk, project)
    dev.expect_room_colour(clerk, "101", "no_info")
    dev.fill_room_info(clerk, "101", area="89.50", usage="住宅", layout="3室2厅", orientation="南", price="8800")  # R000.4
    dev.expect_room_colour(clerk, "101", "pending_review")
    shoot(clerk, "guide-000-room-info-submitted")

    officer.approve_room_info(bureau, project, "101")  # R000.5: 通过 and 准予公示
    dev.expect_room_colour(clerk, "101", "available")

    dev.start_signing(clerk, "101", "李四")  # R000.7
    dev.expect_room_colour(clerk, "101", "signing")
    dev.open_tab(clerk, "合同签订")
    dev.fill_all_clauses_and_preview(clerk)
    dev.preview(clerk, "101")  # R000.8
    dev.print_formal(clerk, "101")  # R000.9
    dev.expect_room_colour(clerk, "101", "signing")
    dev.confirm_signing(clerk, "101")  # R000.10
    dev.expect_room_colour(clerk, "101", "sold_unfiled")
    number = dev.contract_number(clerk, "101")

    review = officer.open_filing_review(bureau, {"contract_number": number})
    shoot(bureau, "guide-000-filing-review-beside-the-pdf")
    expect(review).to_contain_text("李四")
    filing_number = officer.approve_filing(bureau, {"contract_number": number})  # R000.13

    assert dev.filing_number(clerk, "101") == filing_number
    expect(dev.formal_contract_row(clerk, "101")).to_contain_text("已备案")
    dev.expect_room_colour(clerk, "101", "sold_filed")
    shoot(clerk, "guide-000-filed")
