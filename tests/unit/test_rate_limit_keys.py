"""Failed checks are counted per client: one IPv4 address, or one IPv6 /64 (issue 10, point 3)."""

import pytest

from dossier_bridge.verification.rate_limits import VerifyRateLimiter, client_key


@pytest.mark.parametrize("address, key", [
    ("192.0.2.7", "192.0.2.7"),
    ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
    ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.7", "192.0.2.7"),
    ("not an address", "not an address"),
])
def test_client_key(address, key):
    assert client_key(address) == key


def test_fresh_ipv6_addresses_of_one_connection_share_one_budget():
    limiter = VerifyRateLimiter("memory://", "1000 per 15 minutes", "3 per 15 minutes")
    for host in range(3):
        limiter.record_failure(f"1000{host}", f"2001:db8:5:6::{host + 1:x}")
    assert not limiter.allowed("99999", "2001:db8:5:6:ffff::42")
    assert limiter.allowed("99999", "2001:db8:5:7::1")  # another connection
