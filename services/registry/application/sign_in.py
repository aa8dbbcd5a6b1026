"""Password sign-in (R000.1: developer users also present their enterprise's electronic key), throttled
per username and per source address, with the same answer for every wrong part of the credentials."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Callable, Mapping, Protocol, TypeVar

from shared import clock
from services.registry.application import metrics
from shared.context import CommandContext
from shared.errors import Forbidden, NotFound, TooManyRequests, Unauthenticated
from services.registry.application import electronic_keys
from services.registry.application.access import require_bureau
from services.registry.application.passwords import Passwords
from services.registry.domain import ids
from services.registry.domain.developers import Developer
from services.registry.domain.sign_in_throttle import ACCOUNT, SOURCE, Attempts, Change, ThrottleRule, Verdict

log = logging.getLogger(__name__)
T = TypeVar("T")
Decide = Callable[[Mapping[str, Attempts]], tuple[T, Mapping[str, Attempts]]]


class AttemptLedger(Protocol):
    """Durable attempts per key, changed atomically for several keys at once."""

    def change(self, keys: list[str], decide: Decide) -> T:
        """Run `decide` on the keys' attempts (missing keys: `Attempts()`) and store what it returns,
        with no other change to those keys in between."""


class CaptchaClaims(Protocol):
    """Durable record of the captchas used."""

    def claim(self, captcha_key: str, expires_at: datetime) -> bool:
        """Record the captcha as used; False if it was already (exactly one of concurrent claims wins)."""


def account_key(username: str) -> str:
    return f"account:{username.strip().lower()}"


def source_key(source: str) -> str:
    return f"source:{source}"


def invalid_credentials() -> Unauthenticated:
    """One answer for a wrong or unknown username, a wrong password and a missing or wrong key, so that
    none of them tells which part was right."""
    return Unauthenticated("wrong username, password or electronic key (developer users present their "
                           "enterprise's electronic key)", code="invalid_credentials")


class SignInCommands:
    passwords: Passwords
    ledger: AttemptLedger | None
    captchas: CaptchaClaims | None

    def claim_captcha(self, captcha_key: str, expires_at: datetime) -> None:
        """A captcha serves one sign-in attempt: the gateway claims it before comparing its answer."""
        if self.captchas is None:
            raise RuntimeError("sign-in needs a captcha store (RegistryApplication(captchas=...))")
        if not self.captchas.claim(captcha_key, expires_at):
            raise Unauthenticated("this captcha was already used; get a new one", code="captcha_used")

    def authenticate(self, username: str, password: str, electronic_key: str | None = None,
                     source: str = "unknown") -> dict[str, Any]:
        rules = {account_key(username): ACCOUNT, source_key(source): SOURCE}
        self._admit(rules)
        try:
            principal = self._check_credentials(username, password, electronic_key)
        except Unauthenticated:
            self._settle(rules, succeeded=False)
            raise
        except BaseException:
            self._settle(rules, succeeded=None)
            raise
        self._settle(rules, succeeded=True)
        return principal

    def unlock_account(self, ctx: CommandContext, username: str) -> dict[str, Any]:
        """Lift a lock and any wait on a username (bureau only); says whether it was locked."""
        require_bureau(ctx, "unlocking an account")
        key = account_key(username)

        def decide(attempts: Mapping[str, Attempts]) -> tuple[bool, Mapping[str, Attempts]]:
            return attempts[key].locked_at is not None, {key: Attempts()}

        was_locked = self._ledger().change([key], decide)
        log.warning("sign-in lock lifted from %s by %s (was locked: %s)", key, ctx.actor_id, was_locked)
        metrics.SIGN_IN_UNLOCKS.inc()
        return {"username": username, "was_locked": was_locked}

    def _check_credentials(self, username: str, password: str, electronic_key: str | None) -> dict[str, Any]:
        account = self.find(ids.account_id(username))  # a database outage is an outage, not a wrong password
        if not self.passwords.verify(account.password_hash if account else None, password):
            raise invalid_credentials()
        if account.role == "developer" and not self._key_matches(account.org_id, electronic_key):
            raise invalid_credentials()
        return {"user_id": str(account.id), "username": account.username, "role": account.role,
                "org_id": account.org_id, "display_name": account.display_name}

    def _key_matches(self, developer_id: str | None, presented: str | None) -> bool:
        try:
            developer = self.get(developer_id, Developer, "developer")
        except NotFound:
            return False
        return bool(presented) and electronic_keys.matches(developer.key_id, developer.key_hash, presented)

    def _admit(self, rules: dict[str, ThrottleRule]) -> None:
        """Count the attempt against every key, or refuse it (counting nothing) if one key must wait."""
        now = clock.now()

        def decide(attempts: Mapping[str, Attempts]) -> tuple[list[tuple[str, Verdict]], Mapping[str, Attempts]]:
            verdicts = {key: rule.admit(attempts[key], now) for key, rule in rules.items()}
            refused = [(key, verdict) for key, (verdict, _) in verdicts.items() if not verdict.admitted]
            return refused, ({} if refused else {key: after for key, (_, after) in verdicts.items()})

        refused = self._ledger().change(list(rules), decide)
        if not refused:
            return
        key, verdict = max(refused, key=lambda item: (item[1].locked, item[1].retry_after))
        scope = key.partition(":")[0]
        metrics.SIGN_IN_REFUSED.labels(scope, "locked" if verdict.locked else "throttled").inc()
        if verdict.locked:
            raise Forbidden("this account is locked after repeated failed sign-ins; a bureau officer can "
                            "unlock it", code="account_locked")
        raise TooManyRequests(f"too many failed sign-ins; try again in {verdict.retry_after} seconds",
                              code="too_many_attempts", details={"retry_after": verdict.retry_after})

    def _settle(self, rules: dict[str, ThrottleRule], succeeded: bool | None) -> None:
        """Record an admitted attempt's outcome (None: it could not be decided, so it only stops pending)."""
        now = clock.now()

        def decide(attempts: Mapping[str, Attempts]) -> tuple[list[tuple[str, Change]], Mapping[str, Attempts]]:
            changes, after = [], {}
            for key, rule in rules.items():
                if succeeded is False:
                    after[key], change = rule.failed(attempts[key], now)
                    changes.append((key, change))
                else:
                    after[key] = rule.succeeded(attempts[key]) if succeeded else rule.dropped(attempts[key])
            return changes, after

        for key, change in self._ledger().change(list(rules), decide):
            if change is not None:
                metrics.SIGN_IN_STRIKES.labels(key.partition(":")[0], change).inc()
                log.warning("sign-in %s after repeated failures: %s", change, key)

    def _ledger(self) -> AttemptLedger:
        if self.ledger is None:
            raise RuntimeError("sign-in needs an attempt ledger (RegistryApplication(ledger=...))")
        return self.ledger
