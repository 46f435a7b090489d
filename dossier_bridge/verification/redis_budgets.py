"""Several moving-window budgets spent in one round trip to Redis.

A dossier check spends three budgets (its client's network, its number, all
checks together), each in its own round trip with `limits`' per-budget
``hit``: three waits on every family's sign-up. This script spends them in
order, atomically, in one call, and stops at the first budget that is spent
(nothing after it counted), as the per-budget loop does.

It keeps `limits`' own moving-window layout (one list per budget under the
storage's prefix, newest timestamp first, trimmed to the limit), so `limits`
reads, resets and ``hit``s the same keys, with the same clock: the bridge's
own time, passed to the script as `limits` passes it to its own.

A Redis that shards keys behind one address (a cluster proxy) refuses a
script over several keys ("CROSSSLOT"): the limiter then goes back to one
round trip per budget, for good, and says so once in the log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from limits import RateLimitItem
from limits.storage import RedisClusterStorage, RedisStorage, Storage

# KEYS: the budgets' keys, in order; ARGV: the time (seconds), then each budget's limit and window
# (seconds), in the same order. Returns the position (from 1) of the first spent budget, or 0 when
# every budget had room.
_SPEND_IN_ORDER = """
local now = tonumber(ARGV[1])
for position, key in ipairs(KEYS) do
    local limit = tonumber(ARGV[2 * position])
    local window = tonumber(ARGV[2 * position + 1])
    if limit < 1 then
        return position
    end
    local oldest_counted = redis.call('LINDEX', key, limit - 1)
    if oldest_counted and tonumber(oldest_counted) >= now - window then
        return position
    end
    redis.call('LPUSH', key, ARGV[1])
    redis.call('LTRIM', key, 0, limit - 1)
    redis.call('EXPIRE', key, window)
end
return 0
"""

Budget = tuple[RateLimitItem, tuple[str, ...]]
LOG = logging.getLogger(__name__)


class ShardedStore(Exception):
    """The Redis behind the address spreads keys over shards: one script cannot spend several budgets."""


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
        """The first key part of the spent budget, or None when every one had room (and was counted).

        Raises ShardedStore, having counted nothing, when the server refuses a script over several keys.
        """
        if not budgets:
            return None
        keys = [self._storage.prefixed_key(limit.key_for(*parts)) for limit, parts in budgets]
        windows = [value for limit, _ in budgets for value in (limit.amount, limit.get_expiry())]
        try:
            spent = int(self._script(keys=keys, args=[time.time(), *windows]))
        except self._storage.dependency.exceptions.ResponseError as exc:
            if "CROSSSLOT" not in str(exc):
                raise
            LOG.warning("The rate-limit store shards its keys (%s): budgets are now spent one round trip each", exc)
            raise ShardedStore() from exc
        return budgets[spent - 1][1][0] if spent else None
