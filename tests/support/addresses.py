"""Clients behind addresses of their own, as families at home are.

All of 127.0.0.0/8 is local: a connection can leave from any loopback address,
and the proxy, Keycloak and the bridge then see a different client for each.
The stack itself listens in 127.0.0.0/24; the clients' addresses stay clear of it.
"""

from __future__ import annotations

import itertools

import requests
from requests.adapters import HTTPAdapter

_next = itertools.count(1)


class FromAddress(HTTPAdapter):
    """Every connection of the session leaves from one given local address."""

    def __init__(self, address: str):
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


def new_address() -> str:
    """A loopback address no other client of this process has had."""
    n = next(_next)
    return f"127.1.{n // 250 % 250}.{n % 250 + 1}"


def move_to(session: requests.Session, address: str | None = None) -> str:
    """From now on, the session connects from `address` (a new one by default); returns it."""
    address = address or new_address()
    for scheme in ("http://", "https://"):
        session.mount(scheme, FromAddress(address))
    return address
