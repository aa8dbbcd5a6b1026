"""Functions the process-pool tests run in child processes (importable by the child by their topic)."""
import logging
import os
import threading
import time


def shout(text: str, *, times: int = 1) -> str:
    logging.getLogger("fontTools.subset").warning("a library logs from the child: %s", text)
    return text.upper() * times


def refuse(reason: str) -> None:
    raise ValueError(reason)


def hang(seconds: float) -> None:
    time.sleep(seconds)


def die() -> None:
    os._exit(3)


def wait_for_file(path: str) -> str:
    """Busy until `path` exists, so a test can hold a child for as long as it needs."""
    while not os.path.exists(path):
        time.sleep(0.01)
    return "released"


def pid() -> int:
    return os.getpid()


def environment() -> dict:
    return dict(os.environ)


def threads() -> int:
    return threading.active_count()
