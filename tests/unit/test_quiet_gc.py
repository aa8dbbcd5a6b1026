"""A quiet moment's collection: cyclic garbage is freed, and what survives is frozen so that the
automatic collections of the next burst do not walk it again."""
import gc
import weakref

import pytest

from shared.quiet_gc import collect_and_freeze


class Node:
    def __init__(self) -> None:
        self.partner: "Node | None" = None


@pytest.fixture(autouse=True)
def thawed():
    yield
    gc.unfreeze()


def cycle() -> weakref.ref:
    a, b = Node(), Node()
    a.partner, b.partner = b, a
    return weakref.ref(a)


def test_cyclic_garbage_is_collected_and_survivors_are_frozen():
    gc.unfreeze()
    survivor, garbage = Node(), cycle()
    collect_and_freeze()
    assert garbage() is None
    assert gc.get_freeze_count() > 0
    assert not any(o is survivor for o in gc.get_objects()), "frozen objects are out of the collector's walk"


def test_garbage_made_of_frozen_objects_is_collected_at_the_next_quiet_moment():
    gc.unfreeze()
    garbage = cycle()
    gc.freeze()  # garbage frozen by an earlier quiet moment: the next one must still free it
    collect_and_freeze()
    assert garbage() is None
