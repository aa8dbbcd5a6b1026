"""The simulated real-estate systems of the city (不动产登记 and the agency filing system, guide 001), seeded with
demo data: the register answers a property query exactly as registered (certificate number + owner name and ID as
on the certificate, or owner name + unit number), the filing system says whether an agency is filed.

Signed API (`/realestate/v1/...`, like the other parties); `/realestate/sim/properties` lists the demo properties
and `/realestate/sim/agency-filings` files an agency, for operators and tests (unsigned, like every `/sim/` path)."""
from __future__ import annotations

from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request

from deploy.sim.parties import Party, Switchboard, invalid, json_body, texts

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


class RealEstate(Party):
    name = "realestate"
    rules = (
        Rule("/realestate/v1/property-queries", endpoint="realestate.query", methods=["POST"]),
        Rule("/realestate/v1/agency-filings/<credit_code>", endpoint="realestate.agency_filing", methods=["GET"]),
        Rule("/realestate/sim/properties", endpoint="realestate.listing", methods=["GET"]),
        Rule("/realestate/sim/agency-filings", endpoint="realestate.file_agency", methods=["POST"]),
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
