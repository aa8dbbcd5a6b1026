"""In-memory registry with fake agency filing system, real-estate register and SMS, for the guide-001 tests."""
from __future__ import annotations

from datetime import date

from shared.context import CommandContext
from services.registry.application.app import RegistryApplication
from tests.unit.sign_in_support import MemoryLedger

CREDIT_CODE = "91442000MA4AGY0001"
UNFILED_CODE = "91442000MA4AGY0999"
PNG_HEADER = b"\x89PNG\r\n\x1a\n"

INFO = {"name": "中山安居地产代理有限公司", "legal_representative": "陈立新", "registered_address": "中山市石岐街道民族东路8号",
        "business_scope": "房地产经纪", "contact_phone": "13800000001"}


class FakeFilingSystem:
    def __init__(self, filed=(CREDIT_CODE,)):
        self.filed = set(filed)

    def agency_filing(self, credit_code):
        return {"filing_number": f"ZSJJ-{credit_code[-4:]}", "name": "中山安居地产代理有限公司"} \
            if credit_code in self.filed else None


class FakeSms:
    def __init__(self):
        self.sent = []

    def send_credentials(self, *, client_ref, phone, username, password):
        self.sent.append({"client_ref": client_ref, "phone": phone, "username": username, "password": password})


class FakeRegister:
    def __init__(self, answer=None):
        self.answer = answer or {"outcome": "found", "property": demo_property()}
        self.queries = []

    def find_property(self, query):
        self.queries.append(query)
        return self.answer


def demo_property(**changes):
    return {"property_id": "P-1", "certificate_number": "粤(2021)中山市不动产权第0012345号",
            "unit_number": "442000001001GB00001F00010001", "address": "中山市东区博爱六路1号1座101房",
            "area": "89.50", "usage": "住宅", "owners": [{"name": "李*", "share": "100%"}],
            "mortgaged": False, "seized": False, "transfer_status": "none", **changes}


def make_app(passwords, **ports):
    return RegistryApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, passwords=passwords,
                               ledger=MemoryLedger(), filing_system=ports.get("filing", FakeFilingSystem()),
                               property_register=ports.get("register", FakeRegister()),
                               messenger=ports.get("sms", FakeSms()))


def agency_ctx(agency_id, actor="agency-account", key=None):
    return CommandContext(actor_id=actor, role="agency", org_id=str(agency_id), correlation_id="c-agency",
                          idempotency_key=key)


def agent_ctx(agency_id, actor="agent-account"):
    return CommandContext(actor_id=actor, role="agent", org_id=str(agency_id), correlation_id="c-agent")


def full_info(today: date, **changes):
    return {**INFO, "business_term_until": today.replace(year=today.year + 1),
            "qualification_valid_until": None, **changes}


def verified_agency(app, bureau_ctx, today):
    agency = app.apply_for_agency_account(bureau_ctx, name=INFO["name"], credit_code=CREDIT_CODE,
                                          username="anju-agency", phone="13800000001")
    ctx = agency_ctx(agency["agency_id"])
    app.complete_agency_info(ctx, agency["agency_id"], full_info(today))
    material = app.add_agency_material(ctx, agency["agency_id"])["material_id"]
    app.name_agency_material(ctx, agency["agency_id"], material, "营业执照")
    app.upload_agency_material(ctx, agency["agency_id"], material, sha256="a" * 64, content_type="image/png",
                               size=1000)
    app.submit_agency(ctx, agency["agency_id"], "请审核")
    app.decide_agency(bureau_ctx, agency["agency_id"], approve=True, reasons=[])
    return agency["agency_id"], ctx
