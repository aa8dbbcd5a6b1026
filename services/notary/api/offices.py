"""The notary offices a developer may push a contract to (guide 002, step 3): a fixed list kept with the notary
service's published language; a notary officer's account names its office as its organisation."""
from __future__ import annotations

OFFICES = {
    "6f1d2c3b-4a59-4e68-9d7c-1b2a3c4d5e61": "广东省中山市中山公证处",
    "6f1d2c3b-4a59-4e68-9d7c-1b2a3c4d5e62": "广东省中山市香山公证处",
}
