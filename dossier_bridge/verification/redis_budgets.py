"""Several moving-window budgets spent in one round trip to Redis.

A dossier check spends three budgets (its client's network, its number, all
checks together), each in its own round trip with `limits`' per-budget
``hit``: three waits on every family's sign-up. This script spends them in
order, atomically, in one call, and stops at the first budget that is spent
(nothing after it counted), as the per-budget loop does.

It keeps `limits`' own moving-window layout (one list per budget under the
storage's prefix, newest timestamp first, trimmed to the limit), so `limits`
reads, resets and ``hit``s the same keys. Its clock is the Redis server's,
one clock for every bridge process.
"""

from __future__ import annotations

from collections.abc import Sequence

from limits import RateLimitItem
from limits.storage import RedisClusterStorage, RedisStorage, Storage

# KEYS: the budgets' keys, in order; ARGV: each budget's limit and window (seconds), in the same order.
# Returns the position (from 1) of the first spent budget, or 0 when every budget had room.
_SPEND_IN_ORDER = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
for position, key in ipairs(KEYS) do
    local limit = tonumber(ARGV[2 * position - 1])
    local window = tonumber(ARGV[2 * position])
    local oldest_counted = redis.call('LINDEX', key, limit - 1)
    if oldest_counted and tonumber(oldest_counted) >= now - window then
        return position
    end
    redis.call('LPUSH', key, string.format('%.6f', now))
    redis.call('LTRIM', key, 0, limit - 1)
    redis.call('EXPIRE', key, window)
end
return 0
"""

Budget = tuple[RateLimitItem, tuple[str, ...]]


class RedisBudgets:
    def __init__(self, storage: RedisStorage):
        self._storage = storage
        self._script = storage.get_connection().register_script(_SPEND_IN_ORDER)

    @classmethod
    def for_storage(cls, storage: Storage) -> RedisBudgets | None:
        """The one-call spender for a single Redis (or Sentinel-managed) server; None for other stores.

        A Redis Cluster would spread the keys of one call over several nodes, which one script cannot touch.
        """
        if isinstance(storage, RedisStorage) and not isinstance(storage, RedisClusterStorage):
            return cls(storage)
        return None

    def spend(self, budgets: Sequence[Budget]) -> str | None:
        """The first key part of the spent budget, or None when every one had room (and was counted)."""
        if not budgets:
            return None
        keys = [self._storage.prefixed_key(limit.key_for(*parts)) for limit, parts in budgets]
        windows = [value for limit, _ in budgets for value in (limit.amount, limit.get_expiry())]
        spent = int(self._script(keys=keys, args=windows))
        return budgets[spent - 1][1][0] if spent else None
