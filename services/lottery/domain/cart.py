"""The cart (购物车, R004.3–R004.6): at most 5 rooms, in priority order, moved up, down, to the top."""
from __future__ import annotations

from shared.errors import RuleViolation

MAX_ROOMS = 5
OPERATIONS = ("add", "remove", "up", "down", "top")


def changed(cart: list[str], operation: str, room_id: str) -> list[str]:
    """The cart after one operation; refuses what the guide does not allow."""
    cart = list(cart)
    if operation == "add":
        if room_id in cart:
            raise RuleViolation("this room is already in the cart", code="already_in_cart")
        if len(cart) >= MAX_ROOMS:
            raise RuleViolation(f"a cart holds at most {MAX_ROOMS} rooms (R004.3)", code="cart_full")
        return cart + [room_id]
    if room_id not in cart:
        raise RuleViolation("this room is not in the cart", code="not_in_cart")
    index = cart.index(room_id)
    if operation == "remove":
        return cart[:index] + cart[index + 1:]
    if operation == "top":
        return [room_id] + cart[:index] + cart[index + 1:]
    if operation == "up" and index > 0:
        cart[index - 1], cart[index] = cart[index], cart[index - 1]
    elif operation == "down" and index < len(cart) - 1:
        cart[index + 1], cart[index] = cart[index], cart[index + 1]
    elif operation not in OPERATIONS:
        raise RuleViolation(f"unknown cart operation {operation}", code="unknown_operation")
    return cart
