"""Checks are counted per client: one IPv4 address, or one IPv6 /64 (issue 10, point 3)."""

import pytest

from dossier_bridge.verification.rate_limits import Budgets, VerifyRateLimiter, address_key


@pytest.mark.parametrize("address, key", [
    ("192.0.2.7", "192.0.2.7"),
    ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
    ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.7", "192.0.2.7"),
    ("not an address", "unparsed:not an address"),
])
def test_address_key(address, key):
    assert address_key(address) == key


def test_fresh_ipv6_addresses_of_one_connection_share_one_budget():
    limiter = VerifyRateLimiter("memory://", Budgets("1000 per 15 minutes", "3 per 15 minutes", "1000 per hour"))
    for host in range(3):
        assert limiter.acquire(f"1000{host}", f"2001:db8:5:6::{host + 1:x}") is None
    assert limiter.acquire("99999", "2001:db8:5:6:ffff::42") == "verify-address"
    assert limiter.acquire("99999", "2001:db8:5:7::1") is None  # another connection
