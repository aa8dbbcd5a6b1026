"""Background processes of a local stack are started at idle priority: in the idle control group when
there is one, with nice 19 on the process and its autogroup otherwise."""
import subprocess
import sys
from pathlib import Path

from deploy.local import priority

REPORT = ("import os, pathlib; g = pathlib.Path('/proc/self/autogroup');"
          " print(os.getpid(), os.nice(0), g.read_text().split()[-1] if g.exists() else '-')")


def start_background(group):
    child = subprocess.run([sys.executable, "-c", REPORT], capture_output=True, text=True, check=True,
                           start_new_session=True, preexec_fn=lambda: priority.lower_priority(group))
    pid, nice, autogroup_nice = child.stdout.split()
    return int(pid), int(nice), autogroup_nice


def test_the_idle_group_is_made_once_and_marked_idle(tmp_path):
    group = priority.background_group(tmp_path)
    assert group == tmp_path / priority.GROUP_NAME
    assert (group / "cpu.idle").read_text() == "1"
    assert priority.background_group(tmp_path) == group


def test_no_group_where_the_controller_cannot_be_written(tmp_path):
    assert priority.background_group(tmp_path / "no" / "such" / "controller") is None


def test_a_background_process_joins_the_group_and_runs_at_nice_19(tmp_path):
    group = priority.background_group(tmp_path)
    pid, nice, _ = start_background(group)
    assert (group / "cgroup.procs").read_text() == str(pid)
    assert nice == priority.BACKGROUND_NICE


def test_without_a_group_a_background_process_and_its_autogroup_run_at_nice_19():
    _, nice, autogroup_nice = start_background(None)
    assert nice == priority.BACKGROUND_NICE
    if Path("/proc/self/autogroup").exists():  # a kernel with autogroups: the group ranks the process
        assert autogroup_nice == str(priority.BACKGROUND_NICE)
