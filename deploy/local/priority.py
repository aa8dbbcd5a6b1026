"""How a stack on one machine keeps its background processes off the CPU a selection burst needs.

In a cluster the lottery, the selection edge and the gateway run on their own cores (PriorityClass,
CPU requests: deploy/k8s/README.md). Here every process shares two cores, so the processes whose work
may lag by a few seconds (relays, projections, the other services, the simulated parties) are made to
take only what the burst leaves:

- best: a `cpu.idle` control group (Linux ≥ 5.15). Its processes run only on otherwise idle CPU and
  give way the moment a normal process wakes up, like SCHED_IDLE for a whole group;
- otherwise: nice 19 for the process and for its autogroup. With autogroups on (the default) every
  session is a scheduling group of its own, and a process's nice value only ranks it inside that
  group: the group's nice value is what ranks it against the burst's processes.
"""
from __future__ import annotations

import os
from pathlib import Path

CPU_CONTROLLER = Path("/sys/fs/cgroup/cpu")  # cgroup v1; on a v2-only host the fallback is used
GROUP_NAME = "housing-background"
BACKGROUND_NICE = 19


def background_group(controller: Path = CPU_CONTROLLER) -> Path | None:
    """The idle control group, created on first use; None where the kernel or our rights do not allow it."""
    group = controller / GROUP_NAME
    try:
        group.mkdir(exist_ok=True)
        (group / "cpu.idle").write_text("1")
    except OSError:
        return None
    return group


def lower_priority(group: Path | None, nice: int = BACKGROUND_NICE) -> None:
    """Run in a child process after it became its own session (and before it runs anything else)."""
    os.nice(nice)
    if group is not None:
        try:
            (group / "cgroup.procs").write_text(str(os.getpid()))
            return
        except OSError:
            pass
    try:
        Path("/proc/self/autogroup").write_text(str(nice))
    except OSError:
        pass  # no autogroups: the process's own nice value is what counts
