"""Where the QR code on a formal print leads: the portal's public check page on the gateway's public address
(HOUSING_GATEWAY_PUBLIC_URL, what people's phones reach; the local stacks set it to their gateway)."""
from __future__ import annotations

from urllib.parse import urlencode

from shared.settings import ProcessSettings

DEFAULT_GATEWAY_URL = "http://127.0.0.1:8080"
CHECK_PAGE = "/portal/check.html"


def check_page_url(settings: ProcessSettings, code: str) -> str:
    base = settings.get("HOUSING_GATEWAY_PUBLIC_URL", DEFAULT_GATEWAY_URL).rstrip("/")
    return f"{base}{CHECK_PAGE}?{urlencode({'code': code})}"
