"""Deterministic ids, so that a second attempt at creating the same thing collides instead of duplicating."""
import uuid

_NS = uuid.UUID("2b4f3c1e-7d7a-4e0b-9a55-1f0c8f1d2e30")


def account_id(username: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"account/{username.strip().lower()}")


def developer_id(credit_code: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"developer/{credit_code.strip().upper()}")


def room_id(building_id: uuid.UUID, room_number: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"room/{building_id}/{room_number}")


def agency_id(credit_code: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"agency/{credit_code.strip().upper()}")


def agent_id(person_key: str) -> uuid.UUID:
    """One agent per person (an identity document's key): a second agency adding them collides (R001.3)."""
    return uuid.uuid5(_NS, f"agent/{person_key}")


def identity_binding_id(identity: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"identity-binding/identity/{identity}")


def account_binding_id(account_id: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"identity-binding/account/{account_id}")
