"""The simulated real-estate systems of the city (不动产登记 and the agency filing system, guide 001), seeded with
demo data: the register answers a property query exactly as registered (certificate number + owner name and ID as
on the certificate, or owner name + unit number), the filing system says whether an agency is filed.

Signed API (`/realestate/v1/...`, like the other parties). For operators and tests (unsigned, like every `/sim/`
path): `/realestate/sim/properties` lists the demo properties (POST registers one more, so that a test sells a
property of its own), `/realestate/sim/agency-filings` files an agency, and `/realestate/sim/transfers` moves a
property's transfer registration (不动产转移登记) to accepted (受理) or registered (登记完成): the register then
reports it to the bureau's gateway as a signed webhook (Standard Webhooks layout, shared.webhooks) at
`HOUSING_GATEWAY_PUBLIC_URL` + CALLBACK_PATH, or at the request's `callback_url`."""
from __future__ import annotations

import os
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request

from shared.errors import Conflict
from deploy.sim.parties import Party, Switchboard, callback_url, choice, find, invalid, json_body, texts

CALLBACK_PATH = "/api/v1/callbacks/real-estate-registry"
ACCEPTED, REGISTERED = "accepted", "registered"
# The register's transfer_status of a property: none -> in_transfer (accepted) -> registered.
IN_TRANSFER = "in_transfer"

OWNER_LI = {"name": "李建华", "id_type": "resident_id", "id_number": "442000197503150015", "share": "100%"}
OWNER_OLD = {"name": "黄国强", "id_type": "resident_id", "id_number": "442000580612001", "share": "100%"}  # 1st gen
OWNER_HK = {"name": "CHAN TAI MAN", "id_type": "hk_macau_travel_permit", "id_number": "H12345678", "share": "50%"}
OWNER_HK_SPOUSE = {"name": "LEE MEI LING", "id_type": "hk_macau_travel_permit", "id_number": "H87654321",
                   "share": "50%"}
OWNER_SEIZED = {"name": "周志明", "id_type": "resident_id", "id_number": "442000198002020014", "share": "100%"}

DEMO_PROPERTIES = (
    {"property_id": "ZS-0001", "certificate_number": "粤(2021)中山市不动产权第0012345号",
     "unit_number": "442000001001GB00001F00010001", "address": "中山市东区博爱六路1号1座101房", "area": "89.50",
     "usage": "住宅", "owners": [OWNER_LI], "mortgaged": True, "seized": False, "transfer_status": "none"},
    {"property_id": "ZS-0002", "certificate_number": "粤房地证字第C3456789号",
     "unit_number": "442000002002GB00002F00020002", "address": "中山市石岐街道孙文中路88号502房", "area": "72.30",
     "usage": "住宅", "owners": [OWNER_OLD], "mortgaged": False, "seized": False, "transfer_status": "none"},
    {"property_id": "ZS-0003", "certificate_number": "粤(2019)中山市不动产权第0098765号",
     "unit_number": "442000003003GB00003F00030003", "address": "中山市南区城南五路6号3座1203房", "area": "120.00",
     "usage": "住宅", "owners": [OWNER_HK, OWNER_HK_SPOUSE], "mortgaged": False, "seized": False,
     "transfer_status": "none"},
    {"property_id": "ZS-0004", "certificate_number": "粤(2020)中山市不动产权第0055555号",
     "unit_number": "442000004004GB00004F00040004", "address": "中山市西区富华道32号801房", "area": "95.00",
     "usage": "住宅", "owners": [OWNER_SEIZED], "mortgaged": False, "seized": True, "transfer_status": "none"},
)
# Unified social credit codes the agency filing system knows (中山市房地产经纪机构备案系统).
FILED_AGENCIES = {
    "91442000MA4DEMO0A1": {"filing_number": "中房经备字第2024-0101号", "name": "中山安居地产代理有限公司"},
    "91442000MA4DEMO0A2": {"filing_number": "中房经备字第2024-0102号", "name": "中山置家房产经纪有限公司"},
    "91442000MA4DEMO0A3": {"filing_number": "中房经备字第2025-0033号", "name": "中山好邻居房地产经纪有限公司"},
}


def masked_owner(owner: dict[str, Any]) -> dict[str, Any]:
    """An owner as the register answers a query: the name as registered, the document number masked."""
    number = owner["id_number"]
    return {"name": owner["name"], "id_type": owner["id_type"], "share": owner["share"],
            "id_number_masked": f"{number[:3]}{'*' * (len(number) - 6)}{number[-3:]}"}


def public_form(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "owners": [masked_owner(o) for o in record["owners"]]}


class RealEstateRegistry:
    """The register's rules, apart from HTTP."""

    def __init__(self, properties=DEMO_PROPERTIES, agencies=FILED_AGENCIES) -> None:
        self.properties = [dict(p) for p in properties]
        self.agencies = dict(agencies)

    def find(self, query: dict[str, Any]) -> dict[str, Any]:
        name = query.get("owner_name")
        if "unit_number" in query:
            record = next((p for p in self.properties if p["unit_number"] == query["unit_number"]), None)
            if record is None:
                return {"outcome": "no_such_unit"}
            matches = any(o["name"] == name for o in record["owners"])
        else:
            record = next((p for p in self.properties if p["certificate_number"] == query["certificate_number"]), None)
            if record is None:
                return {"outcome": "no_such_certificate"}
            number = str(query.get("owner_id_number", "")).upper()
            matches = any(o["name"] == name and o["id_number"].upper() == number for o in record["owners"])
        return {"outcome": "found", "property": public_form(record)} if matches else {"outcome": "owner_mismatch"}

    def record(self, property_id: str) -> dict[str, Any]:
        by_id = {p["property_id"]: p for p in self.properties}
        return find(by_id, property_id, "property")

    def add(self, owners: list[dict[str, Any]], address: str) -> dict[str, Any]:
        serial = len(self.properties) + 1
        record = {"property_id": f"ZS-{serial:04d}", "certificate_number": f"粤(2026)中山市不动产权第{serial:07d}号",
                  "unit_number": f"442000{serial:06d}GB{serial:05d}F{serial:08d}", "address": address,
                  "area": "88.00", "usage": "住宅", "owners": owners, "mortgaged": False, "seized": False,
                  "transfer_status": "none"}
        self.properties.append(record)
        return record

    def move_transfer(self, property_id: str, filing_number: str, status: str) -> dict[str, Any]:
        """Accept a transfer application for a filed contract, or register an accepted one."""
        record = self.record(property_id)
        if status == ACCEPTED and record["transfer_status"] == IN_TRANSFER:
            raise Conflict(f"{property_id} already has a transfer under way", code="transfer_under_way")
        if status == REGISTERED and (record["transfer_status"] != IN_TRANSFER
                                     or record.get("transfer_filing_number") != filing_number):
            raise Conflict(f"{property_id} has no accepted transfer of {filing_number}", code="transfer_not_accepted")
        record["transfer_status"] = IN_TRANSFER if status == ACCEPTED else REGISTERED
        record["transfer_filing_number"] = filing_number
        return record


class RealEstate(Party):
    name = "realestate"
    rules = (
        Rule("/realestate/v1/property-queries", endpoint="realestate.query", methods=["POST"]),
        Rule("/realestate/v1/agency-filings/<credit_code>", endpoint="realestate.agency_filing", methods=["GET"]),
        Rule("/realestate/sim/properties", endpoint="realestate.listing", methods=["GET"]),
        Rule("/realestate/sim/properties", endpoint="realestate.add_property", methods=["POST"]),
        Rule("/realestate/sim/agency-filings", endpoint="realestate.file_agency", methods=["POST"]),
        Rule("/realestate/sim/transfers", endpoint="realestate.transfer", methods=["POST"]),
    )

    def __init__(self, board: Switchboard) -> None:
        super().__init__(board)
        self.register = RealEstateRegistry()

    def query(self, request: Request) -> tuple[int, dict]:
        body = json_body(request)
        allowed = ({"unit_number", "owner_name"}, {"certificate_number", "owner_name", "owner_id_number"})
        if set(body) not in allowed or not all(isinstance(v, str) and v.strip() for v in body.values()):
            raise invalid("query by unit_number + owner_name, or certificate_number + owner_name + owner_id_number")
        return 200, self.register.find(body)

    def agency_filing(self, request: Request, credit_code: str) -> tuple[int, dict]:
        filing = self.register.agencies.get(credit_code.upper())
        return 200, {"filed": filing is not None, **(filing or {})}

    def file_agency(self, request: Request) -> tuple[int, dict]:
        """The operator files an agency in the filing system (demos and tests bring their own agencies)."""
        credit_code, name = texts(json_body(request), "credit_code", "name")
        with self.board.lock:
            filing = self.register.agencies.setdefault(credit_code.upper(), {
                "filing_number": f"中房经备字第SIM-{len(self.register.agencies) + 1:04d}号", "name": name})
        return 201, {"credit_code": credit_code.upper(), **filing}

    def listing(self, request: Request) -> tuple[int, dict]:
        return 200, {"properties": self.register.properties}

    def add_property(self, request: Request) -> tuple[int, dict]:
        """Register a property with the given owners (name, id_type, id_number, share), for a test or demo of its
        own; the register numbers its certificate and unit."""
        body = json_body(request)
        owners = body.get("owners")
        if not isinstance(owners, list) or not owners:
            raise invalid("owners is required (a non-empty list)")
        rows = [dict(zip(("name", "id_type", "id_number", "share"),
                         texts(owner if isinstance(owner, dict) else {}, "name", "id_type", "id_number", "share")))
                for owner in owners]
        (address,) = texts({"address": "中山市东区中山三路1号", **body}, "address")
        with self.board.lock:
            record = self.register.add(rows, address)
        return 201, record

    def transfer(self, request: Request) -> tuple[int, dict]:
        """The register accepts (受理) or completes (登记) the transfer of a property sold under a filed contract,
        and tells the bureau by a signed webhook (`transfer.accepted`, `transfer.registered`)."""
        body = json_body(request)
        property_id, filing_number = texts(body, "property_id", "filing_number")
        status = choice(body, "status", (ACCEPTED, REGISTERED))
        url = callback_url(body) if "callback_url" in body else default_callback_url()
        with self.board.lock:
            record = self.register.move_transfer(property_id, filing_number, status)
            event = self.board.emit(self.name, url, f"transfer.{status}", webhook=True, property_id=property_id,
                                    filing_number=filing_number)
        return 202, {"event_id": event["event_id"], "property_id": property_id,
                     "transfer_status": record["transfer_status"]}


def default_callback_url() -> str:
    gateway = os.environ.get("HOUSING_GATEWAY_PUBLIC_URL")
    if not gateway:
        raise invalid("give callback_url: HOUSING_GATEWAY_PUBLIC_URL is not set for this simulator")
    return gateway.rstrip("/") + CALLBACK_PATH
