"""The unprivileged system account every service process runs as (deploy/access.py SERVICE_ACCOUNT,
created by scripts/provision.sh). A stack started by root hands its processes to it; a stack started by
an ordinary user runs them as that user."""
from __future__ import annotations

import os
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path

from deploy.access import SERVICE_ACCOUNT


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int
    home: str

    def require_passage(self, directory: Path) -> None:
        """Stop unless the account may pass through `directory` (var/, which provisioning opens to its group)."""
        mode = directory.stat()
        if not (mode.st_mode & stat.S_IXOTH or (mode.st_gid == self.gid and mode.st_mode & stat.S_IXGRP)):
            raise SystemExit(f"{self.name} cannot pass through {directory}: run `make provision`")

    def become(self) -> None:
        """In a child process before it runs anything: drop root for good (groups, then group, then user)."""
        os.setgroups([])
        os.setgid(self.gid)
        os.setuid(self.uid)


def service_account(name: str = SERVICE_ACCOUNT) -> Account | None:
    """The account to switch to: None when not root (processes keep the caller's own unprivileged user)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise SystemExit(f"the system account {name} is missing: run `make provision`") from None
    if entry.pw_uid == 0:
        raise SystemExit(f"the system account {name} has uid 0; services must not run as root")
    return Account(name, entry.pw_uid, entry.pw_gid, entry.pw_dir)
