"""Garbage collection kept out of a burst's way.

A lottery process holds large long-lived structures (round plans of 20,000 families, the desk's
working copies of sessions), and a full collection walks every one of them: 55-70 ms measured, added
to every answer waiting when it lands in a selection burst. So in a quiet moment the process
collects everything and freezes what survives (`gc.freeze`): the automatic collections that follow
walk only what was created since. The next quiet moment unfreezes and collects again, so cyclic
garbage among frozen objects is only kept until then.
"""
from __future__ import annotations

import gc
import logging
import time

log = logging.getLogger(__name__)


def collect_and_freeze() -> None:
    started = time.perf_counter()
    gc.unfreeze()
    collected = gc.collect()
    gc.freeze()
    log.debug("collected %d objects and froze %d in %.0f ms", collected, gc.get_freeze_count(),
              (time.perf_counter() - started) * 1000)
