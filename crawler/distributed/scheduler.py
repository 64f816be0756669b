"""The Scrapy scheduler of a worker: scrapy-redis's scheduler on a leased per-site queue.

It survives Redis going away: requests produced meanwhile wait in memory, acks are retried,
the engine is told there is still work, and one log line says so; when Redis answers again the
buffers are flushed and, if Redis came back empty (it keeps nothing on disk), the site is
re-seeded from the database (see :func:`crawler.distributed.seed.reseed_after_loss`).

Settings: ``UNIONWATCH_REDIS_URL``, ``UNIONWATCH_REDIS_PREFIX``, ``UNIONWATCH_WORKER_ID``,
``UNIONWATCH_REDIS_SEEN_TTL_HOURS`` (default 168), ``UNIONWATCH_REDIS_POLL_INTERVAL`` (seconds
between looks at the queue when this worker has nothing to do, default 0.5).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from typing import TYPE_CHECKING

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.dupefilter import SEEN_TTL_SECONDS, GenerationDupeFilter
from crawler.distributed.keys import REDIS_DOWN, ClusterKeys, connect, describe_url
from crawler.distributed.queue import META_LEASE, LeasedQueue
from crawler.distributed.spider import site_config_of
from crawler.distributed.tracker import META_PARENT, LeaseTracker

if TYPE_CHECKING:
    from typing import Self

    import redis
    from scrapy.crawler import Crawler

__all__ = ["ClusterScheduler"]

logger = logging.getLogger(__name__)

_TTL_HOURS = SEEN_TTL_SECONDS / 3600

OUTAGES_STAT = "unionwatch/cluster/redis_outages"
RESEEDED_STAT = "unionwatch/cluster/reseeded_requests"


class ClusterScheduler(Scheduler):  # type: ignore[misc]
    def __init__(
        self,
        server: redis.Redis,
        crawler: Crawler,
        tracker: LeaseTracker,
        *,
        url: str,
        keys: ClusterKeys,
        worker_id: str,
        seen_ttl: int,
        poll_interval: float,
    ) -> None:
        super().__init__(server, persist=True, idle_before_close=0)
        self.crawler = crawler
        self.stats = crawler.stats
        self.tracker = tracker
        self.url = url
        self.names = keys
        self.worker_id = worker_id
        self.seen_ttl = seen_ttl
        self.poll_interval = poll_interval
        self.queue: LeasedQueue
        self.epoch: str | None = None
        self._unsent: deque[tuple[Request, str]] = deque()
        self._unacked: list[str] = []
        self._down_since: float | None = None
        self._next_try = 0.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        url = settings.get("UNIONWATCH_REDIS_URL")
        tracker = crawler.get_extension(LeaseTracker)
        if not url or tracker is None:
            raise ValueError("the cluster scheduler needs UNIONWATCH_REDIS_URL and LeaseTracker")
        scheduler = cls(
            connect(url),
            crawler,
            tracker,
            url=url,
            keys=ClusterKeys(settings.get("UNIONWATCH_REDIS_PREFIX") or "unionwatch"),
            worker_id=settings.get("UNIONWATCH_WORKER_ID") or f"worker-{uuid.uuid4().hex[:8]}",
            seen_ttl=int(3600 * settings.getfloat("UNIONWATCH_REDIS_SEEN_TTL_HOURS", _TTL_HOURS)),
            poll_interval=settings.getfloat("UNIONWATCH_REDIS_POLL_INTERVAL", 0.5),
        )
        # With nothing to do, Scrapy looks at its scheduler every 5 s: other workers' links
        # should be picked up sooner.
        if crawler.engine is not None:
            crawler.engine._SLOT_HEARTBEAT_INTERVAL = scheduler.poll_interval
        return scheduler

    # -- Scrapy's scheduler interface ------------------------------------------------------

    def open(self, spider: Spider) -> None:
        self.spider = spider
        site = site_config_of(spider).id
        self.queue = LeasedQueue(
            self.server,
            spider,
            site,
            keys=self.names,
            worker_id=self.worker_id,
            seen_ttl=self.seen_ttl,
        )
        self.df = GenerationDupeFilter(self.server, key=self.names.seen_prefix(site))
        self.tracker.ack = self._ack
        self.crawler.signals.connect(self._on_idle, signal=signals.spider_idle)
        try:
            self.server.set(self.names.epoch, uuid.uuid4().hex, nx=True)
            epoch = self.server.get(self.names.epoch)
        except REDIS_DOWN as exc:  # went down since the worker looked: wait like any outage
            self._went_down(exc)
            return
        self.epoch = epoch.decode() if isinstance(epoch, bytes) else epoch

    def close(self, reason: str) -> None:
        held = self.tracker.held()
        if not held:
            return
        try:
            moved = self.queue.release(held)
            logger.info("put %d requests in progress back on the queue (%s)", moved, reason)
        except REDIS_DOWN as exc:
            logger.warning(
                "could not put %d requests back (Redis: %s); they return when this worker's "
                "heartbeat expires",
                len(held),
                exc,
            )

    def enqueue_request(self, request: Request) -> bool:
        parent = request.meta.pop(META_PARENT, None)
        lease = request.meta.pop(META_LEASE, None)
        fingerprint = self.df.fingerprint(request)
        queued = True
        if self._down_since is not None:
            self._unsent.append((request, fingerprint))
        else:
            try:
                queued = self.queue.push(request, fingerprint, force=request.dont_filter)
            except REDIS_DOWN as exc:
                self._went_down(exc)
                self._unsent.append((request, fingerprint))
        if lease:  # a redirect or a retry of a leased request: the new one carries on
            self.tracker.forget(lease)
            self._ack(lease)
        self.tracker.settle(parent, request)
        if queued and self.stats is not None:
            self.stats.inc_value("scheduler/enqueued/redis")
        return queued

    def next_request(self) -> Request | None:
        if not self._available():
            return None
        try:
            request = self.queue.pop()
        except REDIS_DOWN as exc:
            self._went_down(exc)
            return None
        if request is None:
            return None
        self.tracker.taken(request.meta[META_LEASE])
        if self.stats is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        if self._down_since is not None or self._unsent:
            return True
        try:
            return len(self.queue) > 0
        except REDIS_DOWN as exc:
            self._went_down(exc)
            return True

    def __len__(self) -> int:
        try:
            return len(self.queue) + len(self._unsent)
        except REDIS_DOWN:
            return len(self._unsent)

    # -- the cluster ---------------------------------------------------------------------

    def _on_idle(self, spider: Spider) -> None:
        """Close only when the whole cluster has nothing queued or in flight for the site."""
        unsettled = self.tracker.settle_all()
        if unsettled:
            logger.warning("acked %d leases whose outputs sent no signal", unsettled)
        if not self._available() or self._unsent or self._unacked:
            raise DontCloseSpider
        try:
            busy = len(self.queue) + self.queue.in_flight()
        except REDIS_DOWN as exc:
            self._went_down(exc)
            raise DontCloseSpider from None
        if busy:
            raise DontCloseSpider

    def _ack(self, token: str) -> None:
        if self._down_since is None:
            try:
                self.queue.ack([*self._unacked, token])
                self._unacked.clear()
                return
            except REDIS_DOWN as exc:
                self._went_down(exc)
        self._unacked.append(token)

    def _went_down(self, exc: BaseException) -> None:
        if self._down_since is None:
            self._down_since = time.monotonic()
            self._next_try = self._down_since + 1.0
            if self.stats is not None:
                self.stats.inc_value(OUTAGES_STAT)
            logger.warning(
                "Redis at %s is unreachable (%s): waiting for it; pages in progress finish, "
                "new requests wait",
                describe_url(self.url),
                exc,
            )

    def _available(self) -> bool:
        """Whether Redis answers; after an outage, flush what waited and re-seed if Redis
        came back empty."""
        if self._down_since is None:
            return True
        now = time.monotonic()
        if now < self._next_try:
            return False
        self._next_try = now + 1.0
        try:
            self.server.ping()
            lost = self._lost_data()
            logger.warning(
                "Redis at %s is back after %.1f s: resuming",
                describe_url(self.url),
                now - self._down_since,
            )
            if lost:  # re-seed first: what waited here joins the new generation
                self._reseed()
            self._flush()
        except REDIS_DOWN:
            return False
        self._down_since = None
        return True

    def _lost_data(self) -> bool:
        epoch = self.server.get(self.names.epoch)
        current = epoch.decode() if isinstance(epoch, bytes) else epoch
        if current is not None and self.epoch in (None, current):
            self.epoch = current  # None: Redis was down when this crawl opened
            return False
        self.server.set(self.names.epoch, uuid.uuid4().hex, nx=True)
        epoch = self.server.get(self.names.epoch)
        self.epoch = epoch.decode() if isinstance(epoch, bytes) else epoch
        return True

    def _flush(self) -> None:
        if self._unacked:
            self.queue.ack(self._unacked)
            self._unacked.clear()
        while self._unsent:
            request, fingerprint = self._unsent[0]
            self.queue.push(request, fingerprint, force=request.dont_filter)
            self._unsent.popleft()

    def _reseed(self) -> None:
        from crawler.distributed.seed import reseed_after_loss

        assert self.epoch is not None
        count = reseed_after_loss(self.crawler, self.spider, self.queue, self.epoch)
        if count is not None:
            if self.stats is not None:
                self.stats.inc_value(RESEEDED_STAT, count)
            logger.warning(
                "Redis at %s came back without its data (it keeps nothing on disk): "
                "re-seeded site %s with %d requests from its start URLs and the database",
                describe_url(self.url),
                site_config_of(self.spider).id,
                count,
            )
