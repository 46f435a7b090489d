"""A Redis that shards keys behind one address refuses the one-call script: checks go on, one budget per call."""

from __future__ import annotations

import logging

import pytest
import redis

from dossier_bridge.verification.rate_limits import NUMBER_BUDGET, Budgets, VerifyRateLimiter
from dossier_bridge.verification.redis_budgets import RedisBudgets


class ShardingRedis:
    """Stands in for the connection to a sharding proxy: every script over several keys is refused."""

    def __init__(self):
        self.scripts_refused = 0

    def register_script(self, _source):
        def call(keys, args):
            self.scripts_refused += 1
            raise redis.exceptions.ResponseError("CROSSSLOT Keys in request don't hash to the same slot")
        return call


class ShardedStorage:
    dependency = redis

    def __init__(self):
        self.connection = ShardingRedis()

    def get_connection(self):
        return self.connection

    @staticmethod
    def prefixed_key(key: str) -> str:
        return f"LIMITS:{key}"


def test_a_refused_script_falls_back_for_good_and_counts_each_check_once(caplog):
    limiter = VerifyRateLimiter("memory://", Budgets("2 per 15 minutes", "10 per 15 minutes", "1000 per hour"))
    storage = ShardedStorage()
    limiter._in_one_call = RedisBudgets(storage)
    with caplog.at_level(logging.WARNING):
        answers = [limiter.acquire("123456", "192.0.2.30") for _ in range(3)]
    assert answers == [None, None, NUMBER_BUDGET]  # the third check is the first one over "2 per 15 minutes"
    assert storage.connection.scripts_refused == 1
    assert "one round trip each" in caplog.text


def test_other_redis_errors_are_not_taken_for_sharding():
    limiter = VerifyRateLimiter("memory://", Budgets("2 per 15 minutes", "10 per 15 minutes", "1000 per hour"))
    storage = ShardedStorage()

    def broken(keys, args):
        raise redis.exceptions.ResponseError("NOSCRIPT No matching script")

    storage.connection.register_script = lambda _source: broken
    limiter._in_one_call = RedisBudgets(storage)
    with pytest.raises(redis.exceptions.ResponseError, match="NOSCRIPT"):
        limiter.acquire("123456", "192.0.2.31")
