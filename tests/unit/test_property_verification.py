"""R001.10 in memory: the query the register is asked, each failure's reason, and the filed-contract hook."""
import pytest

from shared.errors import Forbidden, RuleViolation
from deploy.sim.real_estate_registry import RealEstateRegistry
from services.registry.domain.property_verifications import first_generation_form
from tests.unit.agency_support import FakeRegister, agency_ctx, agent_ctx, demo_property, make_app

AGENCY = "00000000-0000-0000-0000-0000000000a1"
BY_CERTIFICATE = {"method": "certificate", "certificate_number": "粤(2021)中山市不动产权第0012345号",
                  "owner_name": "李建华", "owner_id_number": "442000197503150015", "first_generation_id": False}


def verify(fast_passwords, answer, query=BY_CERTIFICATE):
    register = FakeRegister(answer)
    app = make_app(fast_passwords, register=register)
    return app, register, lambda: app.verify_property(agent_ctx(AGENCY), query)


def test_r001_10_a_verified_property_is_recorded_for_the_agency(fast_passwords):
    app, register, run = verify(fast_passwords, {"outcome": "found", "property": demo_property()})
    answer = run()
    assert answer["property"]["property_id"] == "P-1"
    assert register.queries == [{"certificate_number": BY_CERTIFICATE["certificate_number"], "owner_name": "李建华",
                                 "owner_id_number": "442000197503150015"}]
    recorded = app.repository.get(__import__("uuid").UUID(answer["verification_id"]))
    assert recorded.agency_id == AGENCY and recorded.method == "certificate"


@pytest.mark.parametrize("outcome, code", [("no_such_certificate", "property_certificate_not_found"),
                                           ("no_such_unit", "property_unit_not_found"),
                                           ("owner_mismatch", "property_owner_mismatch")])
def test_r001_10_the_registers_failures_say_why(fast_passwords, outcome, code):
    _, _, run = verify(fast_passwords, {"outcome": outcome})
    with pytest.raises(RuleViolation) as refused:
        run()
    assert refused.value.code == code


def test_r001_10_an_owner_mismatch_suggests_the_first_generation_option(fast_passwords):
    _, _, run = verify(fast_passwords, {"outcome": "owner_mismatch"})
    with pytest.raises(RuleViolation) as refused:
        run()
    assert "first-generation" in refused.value.message


@pytest.mark.parametrize("changes, code", [({"seized": True}, "property_seized"),
                                           ({"transfer_status": "in_transfer"}, "property_in_transfer")])
def test_r001_10_seized_or_transferring_properties_are_refused(fast_passwords, changes, code):
    _, _, run = verify(fast_passwords, {"outcome": "found", "property": demo_property(**changes)})
    with pytest.raises(RuleViolation) as refused:
        run()
    assert refused.value.code == code


def test_r001_10_a_property_in_a_filed_contract_is_refused_until_that_contract_is_cancelled(fast_passwords):
    app, _, run = verify(fast_passwords, {"outcome": "found", "property": demo_property()})
    app.note_contract_filed(property_id="P-1", contract_id="c-1", filing_number="CLBA2026000007")
    with pytest.raises(RuleViolation) as refused:
        run()
    assert refused.value.code == "property_in_filed_contract"
    assert refused.value.details == {"outcome": "in_filed_contract", "filing_number": "CLBA2026000007"}
    app.note_contract_cancelled(property_id="P-1", filing_number="CLBA2026000007")
    assert run()["property"]["property_id"] == "P-1"


def test_r001_10_a_property_whose_transfer_was_accepted_stays_refused_and_is_free_once_registered(fast_passwords):
    app, _, run = verify(fast_passwords, {"outcome": "found", "property": demo_property()})
    app.note_contract_filed(property_id="P-1", contract_id="c-1", filing_number="CLBA2026000008")
    app.transfer_reported("msg-1", {"property_id": "P-1", "filing_number": "CLBA2026000008", "outcome": "accepted"})
    with pytest.raises(RuleViolation) as refused:
        run()
    assert refused.value.details["outcome"] == "in_filed_contract"
    app.transfer_reported("msg-2", {"property_id": "P-1", "filing_number": "CLBA2026000008",
                                    "outcome": "registered"})
    assert run()["property"]["property_id"] == "P-1"


def test_r001_10_first_generation_ids_are_asked_as_the_certificate_prints_them(fast_passwords):
    assert first_generation_form("442000195806120017") == "442000580612001"
    assert first_generation_form("442000580612001") == "442000580612001"
    _, register, run = verify(fast_passwords, {"outcome": "found", "property": demo_property()},
                              query={**BY_CERTIFICATE, "owner_id_number": "442000195806120017",
                                     "first_generation_id": True})
    run()
    assert register.queries[0]["owner_id_number"] == "442000580612001"


def test_r001_3_only_agents_verify_properties(fast_passwords):
    app, register, _ = verify(fast_passwords, {"outcome": "found", "property": demo_property()})
    with pytest.raises(Forbidden):
        app.verify_property(agency_ctx(AGENCY), BY_CERTIFICATE)
    assert register.queries == []


def test_r001_10_the_simulated_register_matches_exactly_as_registered():
    register = RealEstateRegistry()
    assert register.find({"certificate_number": "无此证", "owner_name": "x", "owner_id_number": "1"}) == {
        "outcome": "no_such_certificate"}
    assert register.find({**{k: v for k, v in BY_CERTIFICATE.items() if k in (
        "certificate_number", "owner_name", "owner_id_number")}})["outcome"] == "found"
    assert register.find({"certificate_number": BY_CERTIFICATE["certificate_number"], "owner_name": "李建华 ",
                          "owner_id_number": "442000197503150015"})["outcome"] == "owner_mismatch"
    found = register.find({"unit_number": "442000003003GB00003F00030003", "owner_name": "LEE MEI LING"})
    assert found["outcome"] == "found" and "id_number" not in found["property"]["owners"][0]


def test_r001_10_a_verified_property_leaves_registry_with_its_owners_masked():
    from services.registry.adapters.outbound_events import OUTBOUND
    from services.registry.domain.property_verifications import PropertyVerification

    found = demo_property(owners=[{"name": "李建华", "id_type": "resident_id", "id_number_masked": "442***015",
                                   "share": "100%"}])
    [event] = PropertyVerification.record(agency_id=AGENCY, agent_account_id="agent", method="certificate",
                                          property=found).collect_events()
    published, payload = OUTBOUND.published_form(event)
    assert published.name == "PropertyVerified"
    assert payload["owner_names"] == ["李**"] and payload["certificate_number"] == found["certificate_number"]
    # the number only as the register masked it, so that contracts can tell the owner from a namesake
    assert payload["owner_id_numbers_masked"] == ["442***015"]
    assert "李建华" not in str(payload) and "id_number" not in payload
