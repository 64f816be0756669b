"""Per-host politeness held across workers: the site's delay between requests and its
concurrency per host, enforced in Redis rather than in each process.

Before a request is downloaded, one Lua script (on Redis's clock, so machines need not agree on
the time) takes a slot for its host if fewer than ``concurrency`` are taken, and reserves the
next start time ``delay`` after the previous one; the worker waits until then. The slot is
given back when the download ends, and expires on its own if the worker dies. Scrapy's own
per-process delay is switched off for worker crawls (the spider sets ``DOWNLOAD_DELAY`` 0).

Setting: ``UNIONWATCH_CLUSTER_POLITENESS`` (default on for workers).
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

from crawler.distributed.keys import REDIS_DOWN, ClusterKeys, connect
from crawler.distributed.spider import site_config_of

if TYPE_CHECKING:
    from typing import Self

    import redis
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["ClusterPolitenessMiddleware"]

logger = logging.getLogger(__name__)

#: Request.meta key: the token of the host slot a request holds.
META_SLOT = "uw_host_slot"

# KEYS: next, active; ARGV: delay ms, concurrency, token, hold ms.
# Returns the milliseconds to wait before starting, or -1 when every slot is taken.
_RESERVE = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return -1 end
local start = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], start + delay, 'PX', start + delay - now + 60000)
redis.call('ZADD', KEYS[2], start + tonumber(ARGV[4]), ARGV[3])
return start - now
"""

_BUSY_POLL = 0.05
_BUSY_POLL_MAX = 0.8
_DOWN_POLL = 1.0


class ClusterPolitenessMiddleware:
    """Downloader middleware (before the download handlers, after the offsite filter)."""

    def __init__(self, crawler: Crawler, server: redis.Redis, names: ClusterKeys) -> None:
        self.crawler = crawler
        self.server = server
        self.names = names
        self._reserve = server.register_script(_RESERVE)
        timeout = crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 180.0)
        self.hold_ms = int((timeout + 30.0) * 1000)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        url = settings.get("UNIONWATCH_REDIS_URL")
        if not url or not settings.getbool("UNIONWATCH_CLUSTER_POLITENESS", True):
            raise NotConfigured
        names = ClusterKeys(settings.get("UNIONWATCH_REDIS_PREFIX") or "unionwatch")
        return cls(crawler, connect(url), names)

    def _limits(self, spider: Spider) -> tuple[int, int]:
        politeness = site_config_of(spider).politeness
        return int(politeness.download_delay * 1000), max(1, int(politeness.concurrency))

    async def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        assert self.crawler.spider is not None
        delay_ms, concurrency = self._limits(self.crawler.spider)
        token = uuid.uuid4().hex
        keys = [self.names.host_next(host), self.names.host_active(host)]
        poll = _BUSY_POLL
        while True:
            try:
                wait = int(
                    self._reserve(keys=keys, args=[delay_ms, concurrency, token, self.hold_ms])
                )
            except REDIS_DOWN:
                await self._sleep(_DOWN_POLL)  # the scheduler says Redis is down, once
                continue
            if wait >= 0:
                break
            await self._sleep(poll)  # every slot taken: look again, less and less often
            poll = min(poll * 2, _BUSY_POLL_MAX)
        request.meta[META_SLOT] = (host, token)
        if wait:
            await self._sleep(wait / 1000)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        held: Any = request.meta.pop(META_SLOT, None)
        if not held:
            return
        host, token = held
        with contextlib.suppress(*REDIS_DOWN):  # else the slot expires on its own
            self.server.zrem(self.names.host_active(host), token)

    async def _sleep(self, seconds: float) -> None:
        from twisted.internet import reactor

        await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))
