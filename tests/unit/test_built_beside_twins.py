"""Two processes of one service start together and both create its tables: the loser of PostgreSQL's
CREATE ... IF NOT EXISTS race builds again and finds them; other failures are not retried."""
import pytest
from eventsourcing.persistence import IntegrityError, InternalError, ProgrammingError

from shared.nameko_kit.dependencies import built_beside_twins


def failing(times, error):
    calls = []

    def build():
        calls.append(1)
        if len(calls) <= times:
            raise error("tuple concurrently updated")
        return "built"
    return build, calls


@pytest.mark.parametrize("error", [IntegrityError, InternalError])
def test_a_lost_creation_race_is_built_again(error):
    build, calls = failing(2, error)
    assert built_beside_twins(build) == "built" and len(calls) == 3


def test_a_race_lost_every_time_is_reported():
    build, calls = failing(10, InternalError)
    with pytest.raises(InternalError):
        built_beside_twins(build, attempts=3)
    assert len(calls) == 3


def test_other_failures_are_not_retried():
    build, calls = failing(1, ProgrammingError)
    with pytest.raises(ProgrammingError):
        built_beside_twins(build)
    assert len(calls) == 1
