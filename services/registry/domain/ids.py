"""Deterministic ids, so that a second attempt at creating the same thing collides instead of duplicating."""
import uuid

_NS = uuid.UUID("2b4f3c1e-7d7a-4e0b-9a55-1f0c8f1d2e30")


def account_id(username: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"account/{username.strip().lower()}")


def developer_id(credit_code: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"developer/{credit_code.strip().upper()}")


def room_id(building_id: uuid.UUID, room_number: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"room/{building_id}/{room_number}")
