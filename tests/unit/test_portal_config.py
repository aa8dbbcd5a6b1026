"""The families' portal learns where the unified identity platform's sign-in page is from the gateway's
settings, never from its own code."""
from __future__ import annotations

import json

from services.gateway import portal


def test_the_identity_platform_address_comes_from_the_gateways_settings():
    answer = portal.public_config({"HOUSING_IDENTITY_URL": "http://127.0.0.1:8190/identity/"})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert json.loads(answer.get_data()) == {"identity_platform": {"sign_in_url": "http://127.0.0.1:8190/identity/login"}}


def test_without_a_platform_configured_the_portal_is_told_so():
    assert json.loads(portal.public_config({}).get_data()) == {"identity_platform": None}
