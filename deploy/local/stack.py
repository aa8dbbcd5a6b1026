"""Start, stop and inspect the local stack without systemd (make up / make down / make status).

Each process runs in the background with a pid file in var/run and a log in var/log; `down`
stops only processes whose pid files this tool wrote.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

from deploy import access
from deploy.local import priority
from deploy.local.processes import DEV, TEST, Profile, gated_env, processes, provider_urls
from deploy.local.service_account import service_account
from services.gateway.unified_identity import idp_key
from shared import settings

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var"


def read_secrets(path: Path = VAR / "secrets.env") -> dict[str, str]:
    if not path.exists():
        raise SystemExit(f"{path} is missing: run `make provision` first")
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


class Stack:
    def __init__(self, profile: Profile = DEV, lottery_instances: int = 1, gateway_instances: int = 1,
                 edge_instances: int = 1) -> None:
        self.profile = profile
        self.secrets = read_secrets()
        # The identity platform's key, when none is configured: derived as the gateway would derive it, and
        # given as such to the simulated platform, which never sees the token secret it comes from.
        if access.TOKEN in self.secrets:
            self.secrets.setdefault(access.IDP, idp_key(self.secrets[access.TOKEN]))
            # The real-estate register's secret in a var/secrets.env provisioned before it existed.
            self.secrets.setdefault(access.REALESTATE, hashlib.sha256(
                f"realestate:{self.secrets[access.TOKEN]}".encode()).hexdigest())
        self.specs = {spec.name: spec for spec in processes(profile, lottery_instances, gateway_instances,
                                                                 edge_instances)}
        self.children: dict[str, subprocess.Popen] = {}
        (VAR / "run").mkdir(parents=True, exist_ok=True)
        (VAR / "log").mkdir(parents=True, exist_ok=True)

    # Environment ------------------------------------------------------------------------------

    def env(self, extra: dict[str, str] | None = None, process: str | None = None) -> dict[str, str]:
        """The environment of `process`: only the settings, credentials and secrets deploy/access.py gives
        it. Without a process, the operators' (every secret, the admin users: tests, seeding, benchmarks)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HOUSING_", "POSTGRES_", "PG", "AMQP_"))}
        principal = access.principal_of(process) if process else None
        env.update(access.process_environment(principal, self.secrets) if principal else self.secrets)
        if self.profile.gated:
            env.update(gated_env(self.profile, self.secrets))
        if principal is None or principal.database:
            env["HOUSING_PG_DB"] = self.database
        if principal is None or principal.uses_broker:
            env["HOUSING_AMQP_VHOST"] = self.vhost
            env["AMQP_URI"] = settings.amqp_uri(env)
        env["PYTHONPATH"] = str(ROOT)
        env["PYTHONUNBUFFERED"] = "1"
        env["HOUSING_ANSWER_CHECK"] = self.profile.answer_check
        env.update(provider_urls(self.profile))
        # Where people's phones open the portal (the QR code on a formal print): this stack's gateway.
        env["HOUSING_GATEWAY_PUBLIC_URL"] = self.secrets.get("HOUSING_GATEWAY_PUBLIC_URL", self.gateway_url)
        if self.profile.movable_clock:
            env["HOUSING_CLOCK_OFFSET_FILE"] = str(self.clock_offset_file)
        env.update(extra or {})
        return env

    @property
    def database(self) -> str:
        return self.profile.database or self.secrets[self.profile.database_key]

    @property
    def vhost(self) -> str:
        return self.profile.vhost or self.secrets[self.profile.vhost_key]

    @property
    def clock_offset_file(self) -> Path:
        return VAR / "run" / f"{self.profile.name}-clock-offset"

    def move_clock(self, seconds: float) -> None:
        """Shift every process's clock (test profile only). They re-read it within a second, so this
        waits that second: a step taken sooner could meet a process still living at the old time (the
        lottery's window timer would open and close a new session at the moved time)."""
        assert self.profile.movable_clock, "only the test stack's clock can be moved"
        self.clock_offset_file.write_text(str(seconds))
        time.sleep(1.1)

    def pin_clock(self, instant: datetime) -> None:
        """Stop every process's clock at `instant` (aware; test profile only) until the next move or pin, so
        that a test acts exactly before or after a deadline; waits the second the processes take to see it."""
        assert self.profile.movable_clock, "only the test stack's clock can be pinned"
        assert instant.tzinfo is not None, "pin the clock at an instant with its UTC offset"
        self.clock_offset_file.write_text(instant.isoformat())
        time.sleep(1.1)

    def gate(self, name: str, action: str) -> None:
        """`close` takes the broker or the database away from this stack's processes as a stopped server
        would (refused, cut), `open` gives it back; a gated (test) stack only, others are left alone."""
        assert self.profile.gated, "only a gated stack has gates"
        control = self.specs["outage-gate"].port
        request = urllib.request.Request(f"http://127.0.0.1:{control}/gates/{name}/{action}", method="POST")
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.profile.gateway_port}"

    @property
    def selection_url(self) -> str:
        """The selection edge, where an ingress sends the selection commands (the gateway answers them too)."""
        return f"http://127.0.0.1:{self.specs['selection-edge'].port}"

    # Processes --------------------------------------------------------------------------------

    def pid_file(self, name: str) -> Path:
        return VAR / "run" / f"{self.profile.name}-{name}.pid"

    def log_file(self, name: str) -> Path:
        return VAR / "log" / f"{self.profile.name}-{name}.log"

    def pid(self, name: str) -> int | None:
        path = self.pid_file(name)
        if not path.exists():
            return None
        try:
            pid = int(path.read_text().strip())
            os.kill(pid, 0)
        except (ValueError, ProcessLookupError):
            path.unlink(missing_ok=True)
            return None
        return pid

    def start(self, name: str, extra_env: dict[str, str] | None = None) -> int:
        existing = self.pid(name)
        if existing:
            return existing
        spec = self.specs[name]
        group = priority.background_group() if spec.background else None  # made on first use, not for status
        account = service_account()
        env = self.env({**spec.env, "HOUSING_PROCESS_NAME": name, **(extra_env or {})}, process=name)
        if account:
            account.require_passage(VAR)  # the test stack's clock is in var/run
            env.update(HOME=account.home, USER=account.name, LOGNAME=account.name)

        def child_setup() -> None:  # root's last steps in the child: priority first, then drop root
            if spec.background:
                priority.lower_priority(group)
            if account:
                account.become()

        log = open(self.log_file(name), "ab")
        process = subprocess.Popen(
            (sys.executable, *spec.argv), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True, preexec_fn=child_setup if spec.background or account else None,
        )
        self.children[name] = process
        self.pid_file(name).write_text(str(process.pid))
        return process.pid

    def stop(self, name: str, timeout: float = 15.0, sig: int = signal.SIGTERM) -> None:
        pid = self.pid(name)
        if not pid:
            return
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            pass
        if not _wait_exit(self.children.pop(name, None), pid, timeout):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _wait_exit(None, pid, 5.0)
        self.pid_file(name).unlink(missing_ok=True)

    def kill(self, name: str) -> None:
        """Stop abruptly (SIGKILL), as a crash would."""
        self.stop(name, timeout=5.0, sig=signal.SIGKILL)

    def healthy(self, name: str) -> bool:
        spec = self.specs[name]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{spec.port}{spec.health_path}", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def readiness(self, name: str, timeout: float = 3.0) -> tuple[bool | None, str]:
        """(ready, why not) from the process's /ready; None when it has no readiness check. No answer
        within the timeout is not ready: a wedged worker pool cannot even answer the probe."""
        spec = self.specs[name]
        if spec.ready_path is None:
            return None, ""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{spec.port}{spec.ready_path}", timeout=timeout) as r:
                return r.status == 200, ""
        except urllib.error.HTTPError as exc:
            try:
                reasons = json.loads(exc.read()).get("reasons", [])
            except ValueError:
                reasons = []
            return False, "; ".join(_reason(r) for r in reasons) or f"HTTP {exc.code}"
        except OSError as exc:
            return False, f"no answer ({exc})"

    def wait_healthy(self, names: list[str] | None = None, timeout: float = 90.0) -> None:
        names = names or list(self.specs)
        deadline = time.time() + timeout
        pending = set(names)
        while pending and time.time() < deadline:
            for name in list(pending):
                if not self.pid(name):
                    raise RuntimeError(f"{name} exited during start-up; see {self.log_file(name)}:\n"
                                       + _tail(self.log_file(name)))
                if self.healthy(name):
                    pending.discard(name)
            time.sleep(0.3)
        if pending:
            raise RuntimeError("not healthy in time: " + ", ".join(sorted(pending)) + "\n"
                               + "\n".join(_tail(self.log_file(n)) for n in pending))

    def up(self) -> None:
        first = [name for name, spec in self.specs.items() if spec.first]
        if first:
            for name in first:
                self.start(name)
            self.wait_healthy(first)
        for name in self.specs:
            self.start(name)
        self.wait_healthy()

    def down(self) -> None:
        for name in reversed(list(self.specs)):
            self.stop(name)

    def status(self) -> list[tuple[str, int | None, bool]]:
        return [(name, self.pid(name), self.healthy(name)) for name in self.specs]

    def status_lines(self) -> list[str]:
        """One line per process: liveness (/health) and readiness (/ready, with why not)."""
        lines = []
        for name, pid, healthy in self.status():
            spec = self.specs[name]
            live = "alive" if healthy else ("running" if pid else "stopped")
            ready, why = self.readiness(name) if healthy else (False, "")
            state = "-" if ready is None else ("ready" if ready else "NOT READY")
            metrics = f"  metrics :{spec.metrics_port}" if spec.metrics_port and spec.metrics_port != spec.port else ""
            lines.append(f"{name:20} {live:8} {state:9} pid={pid or '-':<8} http://127.0.0.1:{spec.port}"
                         f"{spec.health_path}{metrics}" + (f"  {why}" if why else ""))
        return lines


def _wait_exit(child: subprocess.Popen | None, pid: int, timeout: float) -> bool:
    """Wait for a process to end (reaping it when it is our child); True if it did."""
    if child is not None:
        try:
            child.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _reason(reason: dict) -> str:
    details = ", ".join(f"{k}={v}" for k, v in reason.items() if k != "code")
    return f"{reason.get('code', '?')} ({details})" if details else str(reason.get("code", "?"))


def _tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def main() -> None:
    parser = argparse.ArgumentParser(description="local stack")
    parser.add_argument("command", choices=("up", "down", "status"))
    parser.add_argument("--profile", choices=("dev", "test"), default="dev")
    args = parser.parse_args()
    stack = Stack(DEV if args.profile == "dev" else TEST)
    if args.command == "up":
        stack.up()
        from deploy.local.seed import seed_demo
        from deploy.sim.identity_links import family_portal_url

        logins = seed_demo(stack)
        print(f"\nPortal:    {stack.gateway_url}/portal/   (bureau officers, developer clerks, notary officers, agencies and agents)")
        print(f"Families:  {family_portal_url(stack.gateway_url)}   (public-housing selection and lease signing,"
              " phone first; families sign in through the simulated 广东省统一身份认证平台 at"
              f" http://127.0.0.1:{stack.specs['providers'].port}/identity/login: demo family's name and ID number above)")
        print(f"Gateway:   {stack.gateway_url}   (API under /api/v1, health at /health)")
        print(f"Selection: {stack.selection_url}   (the selection commands of a window's burst, same paths)")
        print(f"OpenAPI:   {stack.gateway_url}/openapi.json")
        print(f"Metrics:   http://127.0.0.1:{stack.specs['gateway'].metrics_port}/metrics (gateway, never on its"
              " public port) and each process's own (make status)")
        print(f"Providers: http://127.0.0.1:{stack.specs['providers'].port}   (simulated bank, face verification,"
              " e-signature, SMS; SMS outbox at /sms/sim/messages)")
        print(f"Logs:      {VAR / 'log'}/{args.profile}-*.log   (make logs)")
        print(f"Demo logins (also in var/demo-logins-{args.profile}.json):")
        for login in logins:
            print(f"  {login}")
    elif args.command == "down":
        stack.down()
        print("stopped the services started by `make up`")
    else:
        print(f"{'process':20} {'liveness':8} {'readiness':9}")
        for line in stack.status_lines():
            print(line)


if __name__ == "__main__":
    main()
