"""The simulated real-estate register and agency filing system over signed HTTP, through registry's adapter
(R001.2, R001.10)."""
from __future__ import annotations

import pytest
import requests

from deploy.sim.providers import serve
from services.registry.adapters.real_estate_register import RealEstateRegisterClient
from shared.errors import InvalidInput

SECRETS = {"bank": "b", "face": "f", "esign": "e", "sms": "s", "realestate": "realestate-secret"}


@pytest.fixture(scope="module")
def sim():
    running = serve(SECRETS)
    yield running
    running.shutdown()


def test_r001_10_the_adapter_asks_the_register_by_both_routes(sim):
    register = RealEstateRegisterClient(f"{sim.url}/realestate", SECRETS["realestate"])
    by_unit = register.find_property({"unit_number": "442000003003GB00003F00030003", "owner_name": "CHAN TAI MAN"})
    assert by_unit["outcome"] == "found" and by_unit["property"]["property_id"] == "ZS-0003"
    old = register.find_property({"certificate_number": "粤房地证字第C3456789号", "owner_name": "黄国强",
                                  "owner_id_number": "442000580612001"})
    assert old["outcome"] == "found"
    assert register.find_property({"certificate_number": "粤房地证字第C3456789号", "owner_name": "黄国强",
                                   "owner_id_number": "442000195806120017"})["outcome"] == "owner_mismatch"


def test_r001_2_the_adapter_asks_the_agency_filing_system(sim):
    register = RealEstateRegisterClient(f"{sim.url}/realestate", SECRETS["realestate"])
    assert register.agency_filing("91442000MA4DEMO0A1")["filing_number"] == "中房经备字第2024-0101号"
    assert register.agency_filing("91442000NOTFILED01") is None
    filed = requests.post(f"{sim.url}/realestate/sim/agency-filings",
                          json={"credit_code": "91442000NEWFILED01", "name": "新中介"}, timeout=5)
    assert filed.status_code == 201
    assert register.agency_filing("91442000NEWFILED01")["name"] == "新中介"


def test_the_register_answers_only_signed_requests(sim):
    unsigned = requests.post(f"{sim.url}/realestate/v1/property-queries",
                             json={"unit_number": "442000003003GB00003F00030003", "owner_name": "CHAN TAI MAN"},
                             timeout=5)
    assert unsigned.status_code == 401
    forged = RealEstateRegisterClient(f"{sim.url}/realestate", "not-the-secret")
    with pytest.raises(InvalidInput) as refused:
        forged.agency_filing("91442000MA4DEMO0A1")
    assert refused.value.code == "provider_refused"


def test_a_malformed_query_is_refused(sim):
    register = RealEstateRegisterClient(f"{sim.url}/realestate", SECRETS["realestate"])
    with pytest.raises(InvalidInput) as refused:
        register.find_property({"unit_number": "x"})
    assert refused.value.code == "provider_refused"
