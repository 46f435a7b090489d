"""The acceptance tests of the production path, against `make prod-like` (started once, or reused).

Every request a family or staff member makes goes to the proxy on https and
is checked against the local CA; the shared test helpers are pointed at the
production-like URLs for the session.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from prodstack import layout, stack
from tests.prod import site as site_module


@pytest.fixture(scope="session")
def prod_stack() -> Iterator[bool]:
    """True when this session started the stack (and so may stop and kill its parts).

    A running `make prod-like` (its urls.env exists) is used as it is, after
    starting whatever part of it is down, and left running.
    """
    ours = not layout.URLS_FILE.exists()
    stack.up()
    try:
        yield ours
    finally:
        if ours:
            stack.down()


@pytest.fixture(scope="session")
def site(prod_stack) -> Iterator[site_module.Site]:
    current = site_module.load()
    with site_module.helpers_pointed_at(current):
        yield current


@pytest.fixture(scope="session")
def staff_account(site) -> tuple[str, str]:
    """A city agent made through the admin API (production has no demo account)."""
    account = (f"agent-{secrets.token_hex(4)}", f"Agent-{secrets.token_urlsafe(12)}-9a")
    site.make_staff(*account)
    return account


@pytest.fixture
def add_dossier(site):
    return site.add_dossier

