"""deploy/local/service_account.py: the account service processes run as, and dropping root to it."""
from __future__ import annotations

import os
import pwd

import pytest

from deploy.local import service_account as module
from deploy.local.service_account import Account, service_account

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="switching accounts needs root")


def test_a_stack_started_by_an_ordinary_user_keeps_its_user(monkeypatch):
    monkeypatch.setattr(module.os, "geteuid", lambda: 1000)
    assert service_account() is None


@root_only
def test_a_missing_account_stops_the_stack_with_what_to_do():
    with pytest.raises(SystemExit, match="make provision"):
        service_account("no-such-account-here")


@root_only
def test_an_account_with_uid_0_is_refused():
    with pytest.raises(SystemExit, match="uid 0"):
        service_account("root")


@root_only
def test_become_drops_root_for_good_in_the_child():
    nobody = pwd.getpwnam("nobody")
    account = service_account("nobody")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: what stack.py's preexec does, then report what it is
        try:
            os.close(read)
            account.become()
            try:
                os.setuid(0)
                regained = "yes"
            except PermissionError:
                regained = "no"
            ids = (*os.getresuid(), *os.getresgid(), len(os.getgroups()), regained)
            os.write(write, repr(ids).encode())
        finally:
            os._exit(0)
    os.close(write)
    reported = os.read(read, 1000).decode()
    os.waitpid(pid, 0)
    uid, gid = nobody.pw_uid, nobody.pw_gid
    assert reported == repr((uid, uid, uid, gid, gid, gid, 0, "no"))


def test_the_account_must_be_able_to_pass_through_var(tmp_path):
    account = Account("svc", uid=4242, gid=4343, home="/nonexistent")
    var = tmp_path / "var"
    var.mkdir(mode=0o700)
    with pytest.raises(SystemExit, match="make provision"):
        account.require_passage(var)
    os.chmod(var, 0o711)
    account.require_passage(var)
    if os.geteuid() == 0:
        os.chmod(var, 0o710)
        os.chown(var, 0, 4343)
        account.require_passage(var)
