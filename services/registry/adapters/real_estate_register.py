"""The city's real-estate register and agency filing system over their signed HTTP API (guide 001): the adapter
behind registry's `PropertyRegister` and `AgencyFilingSystem` ports."""
from __future__ import annotations

import os
import urllib.parse
from typing import Any, Mapping

from shared.signed_callbacks import SignedJsonClient

DEFAULT_URL = "http://127.0.0.1:8190/realestate"


class RealEstateRegisterClient(SignedJsonClient):
    def find_property(self, query: dict[str, Any]) -> dict[str, Any]:
        return self.post("/v1/property-queries", query)

    def agency_filing(self, credit_code: str) -> dict[str, Any] | None:
        answer = self.get(f"/v1/agency-filings/{urllib.parse.quote(credit_code, safe='')}")
        return {"filing_number": answer["filing_number"], "name": answer["name"]} if answer.get("filed") else None


def register_from_env(environ: Mapping[str, str] = os.environ) -> RealEstateRegisterClient:
    return RealEstateRegisterClient.from_env(environ, "HOUSING_REALESTATE_URL", DEFAULT_URL,
                                             "HOUSING_REALESTATE_SECRET")
