"""`make down` stops the epmd that provision started with RabbitMQ, and nothing else: scripts/lib.sh run
against a marker directory of its own, with stand-ins for the Erlang and RabbitMQ commands."""
from __future__ import annotations

import os
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[2] / "scripts" / "lib.sh"


@pytest.fixture
def machine(tmp_path):
    """A root with var/run for the markers, and a bin folder of stand-ins (which record their calls)."""
    (tmp_path / "var" / "run").mkdir(parents=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    for name in ("rabbitmqctl", "pg_ctlcluster"):
        write_script(bin_dir / name, f'echo "{name} $*" >> {calls}')
    # `epmd -names` lists the nodes named in the file `names`; run otherwise, it is a daemon.
    write_script(bin_dir / "epmd", textwrap.dedent(f"""\
        if [[ ${{1:-}} == -names ]]; then
            echo "epmd: up and running on port 4369 with data:"
            cat {tmp_path}/names 2>/dev/null || true
            exit 0
        fi
        while :; do sleep 0.2; done"""))
    processes = []

    def start(name: str) -> subprocess.Popen:
        process = subprocess.Popen([str(bin_dir / name)])
        processes.append(process)
        deadline = time.monotonic() + 5
        while Path(f"/proc/{process.pid}/comm").read_text().strip() != name and time.monotonic() < deadline:
            time.sleep(0.02)
        return process

    yield {"root": tmp_path, "bin": bin_dir, "calls": calls, "start": start}
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def write_script(path: Path, body: str) -> None:
    path.write_text("#!/bin/bash\n" + body + "\n")
    path.chmod(0o755)


def run_lib(machine, command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOUSING_ROOT": str(machine["root"]), "PATH": f"{machine['bin']}:{os.environ['PATH']}"}
    # As the Makefile runs it: bash -euo pipefail.
    return subprocess.run(["bash", "-euo", "pipefail", "-c", f"source {LIB} && {command}"], env=env,
                          capture_output=True, text=True, timeout=30)


def marker(machine, name: str) -> Path:
    return machine["root"] / "var" / "run" / name


def stopped(process: subprocess.Popen, within: float = 5.0) -> bool:
    """Whether the process ends within `within` seconds (lib.sh has returned: a kill it sent has landed)."""
    try:
        process.wait(timeout=within)
        return True
    except subprocess.TimeoutExpired:
        return False


def test_make_down_stops_rabbitmq_and_then_the_epmd_provision_started(machine):
    epmd = machine["start"]("epmd")
    marker(machine, "started-rabbitmq").touch()
    marker(machine, "started-epmd").write_text(f"{epmd.pid}\n")
    result = run_lib(machine, "stop_started_services")
    assert result.returncode == 0, result.stderr
    assert "rabbitmqctl -q stop" in machine["calls"].read_text()
    assert stopped(epmd), result.stdout
    assert not marker(machine, "started-epmd").exists() and not marker(machine, "started-rabbitmq").exists()


def test_an_epmd_provision_did_not_start_is_left_alone(machine):
    epmd = machine["start"]("epmd")
    marker(machine, "started-rabbitmq").touch()
    result = run_lib(machine, "stop_started_services")
    assert result.returncode == 0, result.stderr
    assert not stopped(epmd, within=0.3)


def test_a_recorded_pid_that_is_no_longer_epmd_is_not_killed(machine):
    write_script(machine["bin"] / "other", "while :; do sleep 0.2; done")
    other = machine["start"]("other")
    marker(machine, "started-epmd").write_text(f"{other.pid}\n")
    result = run_lib(machine, "stop_started_epmd 0")
    assert result.returncode == 0, result.stderr
    assert not stopped(other, within=0.3) and "no longer running" in result.stdout
    assert not marker(machine, "started-epmd").exists()


def test_epmd_keeps_running_while_an_erlang_node_is_registered_with_it(machine):
    epmd = machine["start"]("epmd")
    (machine["root"] / "names").write_text("name someone_elses_node at port 25672\n")
    marker(machine, "started-epmd").write_text(f"{epmd.pid}\n")
    result = run_lib(machine, "stop_started_epmd 0")
    assert result.returncode == 0, result.stderr
    assert not stopped(epmd, within=0.3) and "still registered" in result.stdout


def test_provision_records_epmd_only_when_it_was_not_running_before(machine):
    result = run_lib(machine, "record_started_epmd 12345")
    assert result.returncode == 0, result.stderr
    assert not marker(machine, "started-epmd").exists(), "an epmd that ran before is not provision's"
    epmd = machine["start"]("epmd")
    result = run_lib(machine, 'record_started_epmd ""')
    assert result.returncode == 0, result.stderr
    recorded = int(marker(machine, "started-epmd").read_text())
    assert Path(f"/proc/{recorded}/comm").read_text().strip() == "epmd"
    assert epmd.poll() is None
