"""The rate-limit budgets on the production store (Redis): one round trip per check, the same rules as in memory."""

from __future__ import annotations

import secrets
import time

import pytest
import redis
from limits import parse
from limits.strategies import MovingWindowRateLimiter

from dossier_bridge.family_space.lost_number import LostNumberBudgets, LostNumberRateLimiter
from dossier_bridge.verification.rate_limits import NUMBER_BUDGET, OVERALL_BUDGET, Budgets, VerifyRateLimiter
from prodstack import environment


@pytest.fixture
def redis_url(site) -> str:
    return environment.redis_url(site.settings)


def limiter(url: str, overall: str = "1000 per hour") -> VerifyRateLimiter:
    return VerifyRateLimiter(url, Budgets(per_number="2 per 15 minutes", per_address="4 per 15 minutes", overall=overall))


def fresh_number() -> str:
    return str(70_000_000 + secrets.randbelow(9_999_999))


def fresh_address() -> str:
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(256)}"


def script_calls(client: redis.Redis) -> int:
    stats = client.info("commandstats")
    return sum(stats.get(name, {}).get("calls", 0) for name in ("cmdstat_evalsha", "cmdstat_eval"))


def test_a_check_spends_its_three_budgets_in_one_round_trip(redis_url):
    client = redis.Redis.from_url(redis_url)
    checks = limiter(redis_url)
    checks.acquire(fresh_number(), fresh_address())  # loads the script once
    before = script_calls(client)
    assert checks.acquire(fresh_number(), fresh_address()) is None
    assert script_calls(client) - before == 1


def test_the_number_budget_stops_the_check_and_nothing_after_it_is_counted(redis_url):
    # An overall limit of its own: its key is this test's alone.
    number, overall = fresh_number(), f"{100_000 + secrets.randbelow(900_000)} per hour"
    first, second = limiter(redis_url, overall), limiter(redis_url, overall)  # two bridge processes
    assert first.acquire(number, fresh_address()) is None
    assert second.acquire(number, fresh_address()) is None
    assert first.acquire(number, fresh_address()) == NUMBER_BUDGET
    # The spent number did not count against the overall budget: `limits` reads the same keys.
    reader = MovingWindowRateLimiter(first._limiter.storage)
    used = parse(overall).amount - reader.get_window_stats(parse(overall), OVERALL_BUDGET).remaining
    number_stats = reader.get_window_stats(parse("2 per 15 minutes"), NUMBER_BUDGET, number)
    assert number_stats.remaining == 0 and used == 2


def test_the_address_budget_is_counted_first_even_when_the_number_is_spent(redis_url):
    number, address = fresh_number(), fresh_address()
    checks = limiter(redis_url)
    results = [checks.acquire(number, address) for _ in range(5)]
    assert results == [None, None, NUMBER_BUDGET, NUMBER_BUDGET, "verify-address"]


def test_the_memory_store_gives_the_same_answers(redis_url):
    number, address = fresh_number(), fresh_address()
    shared, alone = limiter(redis_url), limiter("memory://")
    assert [shared.acquire(number, address) for _ in range(5)] == [alone.acquire(number, address) for _ in range(5)]


def test_a_budget_of_zero_refuses_every_check_on_both_stores(redis_url):
    number, address = fresh_number(), fresh_address()
    closed = Budgets(per_number="0 per 15 minutes", per_address="4 per 15 minutes", overall="1000 per hour")
    shared, alone = VerifyRateLimiter(redis_url, closed), VerifyRateLimiter("memory://", closed)
    assert shared.acquire(number, address) == alone.acquire(number, address) == NUMBER_BUDGET


def test_the_script_and_limits_share_one_window_and_one_clock(redis_url):
    """A short window: limits' own hit and the script count in one list, in seconds, and the window ends."""
    number, address = fresh_number(), fresh_address()
    window = parse("2 per 2 seconds")
    checks = VerifyRateLimiter(redis_url, Budgets(per_number="2 per 2 seconds", per_address="100 per hour",
                                                 overall="100000 per day"))
    storage = checks._limiter.storage
    assert MovingWindowRateLimiter(storage).hit(window, NUMBER_BUDGET, number)  # limits counts the first
    assert checks.acquire(number, address) is None  # the script the second
    assert checks.acquire(number, address) == NUMBER_BUDGET
    key = storage.prefixed_key(window.key_for(NUMBER_BUDGET, number))
    client = storage.get_connection()
    newest = float(client.lindex(key, 0))
    assert abs(newest - time.time()) < 5  # seconds, like limits' own entries
    assert 0 < client.ttl(key) <= 2
    time.sleep(2.2)
    assert checks.acquire(number, address) is None  # the window has moved on


def test_the_lost_number_budgets_spend_in_one_round_trip_too(redis_url):
    client = redis.Redis.from_url(redis_url)
    email = f"perdu-{secrets.token_hex(4)}@example.org"
    requests = LostNumberRateLimiter(redis_url, LostNumberBudgets(per_email="1 per hour", per_address="100 per hour",
                                                                  overall="100000 per day"))
    assert requests.acquire(email, fresh_address())  # loads the script
    before = script_calls(client)
    assert not requests.acquire(email, fresh_address())  # this address already asked
    assert script_calls(client) - before == 1
