"""Dossier checks are limited per dossier number, per client network and in total.

Every check is counted *before* any work is done, with the storage's atomic
``hit``: of thirty simultaneous checks on one number with a limit of five,
exactly five are answered, and a check that crashes has still been counted.
A success costs one attempt too; a family that types its name right needs one.

Counts live in a `limits` storage: in memory for one bridge process, or a
shared store (``redis://host:6379``) when several bridge processes serve
Keycloak, so that checks spread over all of them count together. On a Redis
server, a request's budgets are spent in one round trip (`redis_budgets`).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from dossier_bridge.verification.redis_budgets import RedisBudgets, ShardedStore

# An IPv6 client picks any address inside its /64 at will: the network is what counts.
IPV6_PREFIX = 64
_MAX_RAW_ADDRESS = 64
_ONCE = parse("1 per day")
# What acquire() names when a budget is spent.
ADDRESS_BUDGET, NUMBER_BUDGET, OVERALL_BUDGET = "verify-address", "verify-number", "verify-all"


def address_key(address: str | None) -> str | None:
    """What the per-address budget counts: the IPv4 address, or the IPv6 /64 network."""
    if not address:
        return None
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return "unparsed:" + address.strip()[:_MAX_RAW_ADDRESS]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, IPV6_PREFIX), strict=False))
    return str(parsed)


@dataclass(frozen=True)
class Budgets:
    per_number: str
    per_address: str
    overall: str


class BudgetedLimiter:
    """Counts a request against several budgets in turn, in a `limits` storage, and stops at the first spent one."""

    def __init__(self, storage_uri: str):
        storage = storage_from_string(storage_uri)
        self._limiter = MovingWindowRateLimiter(storage)
        self._in_one_call = RedisBudgets.for_storage(storage)

    def _spend(self, budgets: Iterable[tuple[RateLimitItem, tuple[str, ...]]]) -> str | None:
        """The first key part of the spent budget (nothing after it counted), or None when every one had room."""
        budgets = list(budgets)
        if self._in_one_call is not None:
            try:
                return self._in_one_call.spend(budgets)
            except ShardedStore:
                self._in_one_call = None
        for limit, key in budgets:
            if not self._limiter.hit(limit, *key):
                return key[0]
        return None

    def reset(self) -> None:
        self._limiter.storage.reset()


class VerifyRateLimiter(BudgetedLimiter):
    def __init__(self, storage_uri: str, budgets: Budgets):
        super().__init__(storage_uri)
        self._per_number = parse(budgets.per_number)
        self._per_address = parse(budgets.per_address)
        self._overall = parse(budgets.overall)

    def _budgets(self, number: str, address: str | None, *, with_number: bool) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        budgets: list[tuple[RateLimitItem, tuple[str, ...]]] = []
        key = address_key(address)
        if key:
            budgets.append((self._per_address, (ADDRESS_BUDGET, key)))
        if with_number:
            budgets.append((self._per_number, (NUMBER_BUDGET, number)))
            budgets.append((self._overall, (OVERALL_BUDGET,)))
        return budgets

    def acquire(self, number: str, address: str | None, *, challenge_solved: bool = False) -> str | None:
        """Count this check against each budget; the name of the spent one (nothing more counted), or None.

        A solved challenge proves a person is behind the check: it lets the
        check past the per-number and overall budgets (which anyone can spend
        for a family), never past the budget of the caller's own network.
        """
        return self._spend(self._budgets(number, address, with_number=not challenge_solved))

    def spend_once(self, key: str) -> bool:
        """True the first time `key` is seen in the last day (a solved challenge is used once)."""
        return self._limiter.hit(_ONCE, "spent-once", key)

