"""Failed dossier checks are limited per dossier number and per client address.

Counts live in a `limits` storage: in memory for one bridge process, or a
shared store (for example ``redis://host:6379``) when several bridge
instances serve Keycloak.
"""

from __future__ import annotations

import ipaddress

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


class VerifyRateLimiter:
    def __init__(self, storage_uri: str, per_number: str, per_address: str):
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))
        self._per_number = parse(per_number)
        self._per_address = parse(per_address)

    def _keys(self, number: str, address: str | None):
        yield self._per_number, ("verify-number", number)
        if address:
            yield self._per_address, ("verify-address", client_key(address))

    def allowed(self, number: str, address: str | None) -> bool:
        return all(self._limiter.test(limit, *key) for limit, key in self._keys(number, address))

    def record_failure(self, number: str, address: str | None) -> None:
        for limit, key in self._keys(number, address):
            self._limiter.hit(limit, *key)

    def reset(self) -> None:
        self._limiter.storage.reset()


def client_key(address: str) -> str:
    """The unit a client is counted by: its IPv4 address, or the /64 network of its IPv6 address.

    An IPv6 home or mobile connection gets a whole /64 and may use a fresh
    address for every request; counting single addresses would give it
    billions of budgets.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
