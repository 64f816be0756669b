"""The per-site request queue: scrapy-redis's priority queue with leases.

scrapy-redis pops a request and forgets it: a worker killed with requests in flight loses them.
Here a pop is a *lease*: the request moves, in one Lua script, from the queue to the site's
lease set under a token the worker carries in ``Request.meta``. The worker acks the token when
the response is finished (its links queued, its item stored; see :mod:`.tracker`). A worker's
leases go back to the queue when it shuts down, and, when it dies, once its heartbeat key has
expired (any live worker runs :meth:`LeasedQueue.reclaim`).

Pushing is one script too: the duplicate filter's set and the queue change together, so a
worker cannot die between "seen" and "queued" and lose the request.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy_redis.queue import Base

from crawler.distributed import codec
from crawler.distributed.dupefilter import SEEN_TTL_SECONDS
from crawler.distributed.keys import ClusterKeys

if TYPE_CHECKING:
    import redis
    from scrapy import Spider

__all__ = ["META_LEASE", "LeasedQueue"]

#: Request.meta key: the lease token of a request taken from the queue.
META_LEASE = "uw_lease"

# KEYS: queue, generation, seen-prefix; ARGV: fingerprint, data, score, ttl seconds, force.
_PUSH = """
local generation = redis.call('GET', KEYS[2]) or '0'
local seen = KEYS[3] .. generation
local added = redis.call('SADD', seen, ARGV[1])
redis.call('EXPIRE', seen, tonumber(ARGV[4]))
if added == 0 and ARGV[5] ~= '1' then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[3]), ARGV[2])
return 1
"""

# KEYS: queue, leases, lease-data, lease-owner; ARGV: token, worker id.
_POP = """
local popped = redis.call('ZPOPMIN', KEYS[1])
if #popped == 0 then return false end
local now = redis.call('TIME')
redis.call('ZADD', KEYS[2], now[1] * 1000 + math.floor(now[2] / 1000), ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], popped[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2] .. '|' .. popped[2])
return popped[1]
"""

# KEYS: leases, lease-data, lease-owner; ARGV: tokens.
_ACK = """
local done = 0
for _, token in ipairs(ARGV) do
  done = done + redis.call('ZREM', KEYS[1], token)
  redis.call('HDEL', KEYS[2], token)
  redis.call('HDEL', KEYS[3], token)
end
return done
"""

# KEYS: queue, leases, lease-data, lease-owner; ARGV: worker-key prefix, then tokens (none:
# every token whose worker key has expired).
_RELEASE = """
local tokens = {}
if #ARGV > 1 then
  for i = 2, #ARGV do tokens[#tokens + 1] = ARGV[i] end
else
  for _, token in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    local owner = redis.call('HGET', KEYS[4], token)
    if owner then
      local worker = string.match(owner, '^(.*)|')
      if redis.call('EXISTS', ARGV[1] .. worker) == 0 then tokens[#tokens + 1] = token end
    else
      tokens[#tokens + 1] = token
    end
  end
end
local moved = 0
for _, token in ipairs(tokens) do
  local data = redis.call('HGET', KEYS[3], token)
  local owner = redis.call('HGET', KEYS[4], token)
  if data then
    local score = 0
    if owner then score = tonumber(string.match(owner, '|(.*)$')) or 0 end
    redis.call('ZADD', KEYS[1], score, data)
    moved = moved + 1
  end
  redis.call('ZREM', KEYS[2], token)
  redis.call('HDEL', KEYS[3], token)
  redis.call('HDEL', KEYS[4], token)
end
return moved
"""


class LeasedQueue(Base):  # type: ignore[misc]
    """The queue of one site. ``key`` is the site id (scrapy-redis passes its queue key)."""

    def __init__(
        self,
        server: redis.Redis,
        spider: Spider,
        key: str,
        serializer: Any = None,
        *,
        keys: ClusterKeys | None = None,
        worker_id: str = "",
        seen_ttl: int = SEEN_TTL_SECONDS,
    ) -> None:
        super().__init__(server, spider, key, serializer or codec)
        self.site = key
        self.names = keys or ClusterKeys()
        self.worker_id = worker_id
        self.seen_ttl = seen_ttl
        self.key = self.names.queue(self.site)
        self._push = server.register_script(_PUSH)
        self._pop = server.register_script(_POP)
        self._ack = server.register_script(_ACK)
        self._release = server.register_script(_RELEASE)

    def _lease_keys(self) -> list[str]:
        names, site = self.names, self.site
        return [
            names.queue(site),
            names.leases(site),
            names.lease_data(site),
            names.lease_owner(site),
        ]

    def __len__(self) -> int:
        return int(self.server.zcard(self.key))

    def in_flight(self) -> int:
        return int(self.server.zcard(self.names.leases(self.site)))

    def push(self, request: Request, fingerprint: str = "", *, force: bool = True) -> bool:
        """Queue ``request`` unless ``fingerprint`` was seen in this generation (``force``
        queues it anyway, recording the fingerprint). True if queued."""
        data = self._encode_request(request)
        names = self.names
        queued = self._push(
            keys=[self.key, names.generation(self.site), names.seen_prefix(self.site)],
            args=[
                fingerprint or uuid.uuid4().hex,
                data,
                -request.priority,
                self.seen_ttl,
                int(force),
            ],
        )
        return bool(queued)

    def pop(self, timeout: int = 0) -> Request | None:
        token = uuid.uuid4().hex
        data = self._pop(keys=self._lease_keys(), args=[token, self.worker_id])
        if not data:
            return None
        request: Request = self._decode_request(data)
        request.meta[META_LEASE] = token
        return request

    def ack(self, tokens: list[str]) -> int:
        if not tokens:
            return 0
        return int(self._ack(keys=self._lease_keys()[1:], args=tokens))

    def release(self, tokens: list[str]) -> int:
        """Put these leases back on the queue (a worker shutting down)."""
        if not tokens:
            return 0
        return int(self._release(keys=self._lease_keys(), args=[self.names.worker_prefix, *tokens]))

    def clear(self) -> None:
        self.server.delete(*self._lease_keys())


def reclaim_site(server: redis.Redis, names: ClusterKeys, site: str) -> int:
    """Put back the leases of ``site`` whose worker's heartbeat key has expired (any live
    worker's housekeeping)."""
    script = server.register_script(_RELEASE)
    keys = [names.queue(site), names.leases(site), names.lease_data(site), names.lease_owner(site)]
    return int(script(keys=keys, args=[names.worker_prefix]))
