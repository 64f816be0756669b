"""``unionwatch worker``: a long-running process that crawls whatever the shared queue holds.

Every second the worker announces itself (a Redis hash with a time to live: while it exists
the worker is alive), puts back the leases of workers whose key expired, and starts one Scrapy
crawler for each seeded site that has queued requests and is not already running here. A site's
crawler stops when the whole cluster has nothing queued or in flight for it; the worker goes
on watching. SIGTERM/SIGINT stop it cleanly: requests in progress go back on the queue.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.reactor import install_reactor
from twisted.internet import task
from twisted.python.failure import Failure

from crawler.distributed.keys import REDIS_DOWN, ClusterKeys, connect, describe_url
from crawler.distributed.queue import reclaim_site
from crawler.distributed.spider import ClusterSiteSpider
from crawler.gcpolicy import collector_tuned
from crawler.runner import crawl_settings
from crawler.sites import SiteConfig, SiteRegistry
from pipelines.store import (
    DATABASE_ERROR,
    LAST_DATABASE_ERROR,
    WRITER_SETTING,
    shared_store_writer,
)
from pipelines.writer import StoreWriter

if TYPE_CHECKING:
    import redis

    from crawler.demo import DemoServer

__all__ = ["Worker", "WorkerError", "WorkerOptions", "worker_settings"]

logger = logging.getLogger(__name__)


class WorkerError(Exception):
    """The worker cannot start or must stop (one line for the user)."""


@dataclass
class WorkerOptions:
    redis_url: str
    db_url: str
    prefix: str = "unionwatch"
    worker_id: str = ""
    concurrency: int = 16
    #: Stop once the cluster has had nothing to do for this long (None: run until stopped).
    exit_when_idle: float | None = None
    #: A worker whose key is not refreshed for this long is dead; its leases go back.
    heartbeat_ttl: float = 15.0
    tick: float = 1.0
    routes: Mapping[str, str] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.worker_id:
            self.worker_id = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:4]}"


def worker_settings(options: WorkerOptions, routes: Mapping[str, str] | None = None) -> Settings:
    """The crawl settings plus the cluster's scheduler, lease tracking and politeness."""
    settings = crawl_settings(
        options.db_url, routes=routes or options.routes, overrides=options.overrides
    )
    settings.set("SCHEDULER", "crawler.distributed.scheduler.ClusterScheduler", "cmdline")
    settings.set("CONCURRENT_REQUESTS", options.concurrency, "cmdline")
    settings.set("UNIONWATCH_REDIS_URL", options.redis_url, "cmdline")
    settings.set("UNIONWATCH_REDIS_PREFIX", options.prefix, "cmdline")
    settings.set("UNIONWATCH_WORKER_ID", options.worker_id, "cmdline")
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["crawler.distributed.tracker.LeaseTracker"] = 1
    settings.set("EXTENSIONS", extensions, "cmdline")
    spider_mws = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    # Outermost: it sees each response's final output.
    spider_mws["crawler.distributed.tracker.LeaseAckMiddleware"] = 1
    settings.set("SPIDER_MIDDLEWARES", spider_mws, "cmdline")
    downloader_mws = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    # Innermost: its slot is taken last before the download and given back first after it
    # (before a redirect or a retry turns the response into a new request).
    downloader_mws["crawler.distributed.politeness.ClusterPolitenessMiddleware"] = 950
    settings.set("DOWNLOADER_MIDDLEWARES", downloader_mws, "cmdline")
    return settings


class Worker:
    def __init__(self, options: WorkerOptions, registry: SiteRegistry) -> None:
        self.options = options
        self.registry = registry
        self.names = ClusterKeys(options.prefix)
        self.server: redis.Redis = connect(options.redis_url)
        self.process: CrawlerProcess | None = None
        self.writer: StoreWriter | None = None
        self.running: dict[str, Crawler] = {}
        self.items = 0
        self._rate: deque[tuple[float, int]] = deque(maxlen=30)
        self._idle_since: float | None = None
        self._down_since: float | None = None
        self._unknown: set[str] = set()
        self._demo: DemoServer | None = None
        self._demo_routes: dict[str, str] = {}
        self._stopping = False
        self.error: str | None = None
        self.started = time.time()

    # -- running ----------------------------------------------------------------------------

    def run(self) -> None:
        """Run until stopped (or idle, with ``exit_when_idle``); raise WorkerError on a
        failure the user must fix."""
        try:
            self.server.ping()
        except REDIS_DOWN as exc:
            raise WorkerError(
                f"cannot reach Redis at {describe_url(self.options.redis_url)}: {exc}"
            ) from None
        settings = worker_settings(self.options)
        # One writer process (started when needed) stores every site's articles.
        self.writer = shared_store_writer(settings)
        if self.writer is not None:
            settings.set(WRITER_SETTING, self.writer, priority="cmdline")
        # The site crawlers are made here (Crawler(...), per-site settings), not by
        # CrawlerProcess.create_crawler, which installs the reactor with its first crawler.
        install_reactor(settings["TWISTED_REACTOR"], settings["ASYNCIO_EVENT_LOOP"])
        self.process = CrawlerProcess(settings)
        logger.info(
            "worker %s started: Redis %s, concurrency %d",
            self.options.worker_id,
            describe_url(self.options.redis_url),
            self.options.concurrency,
        )
        from twisted.internet import reactor  # installed by CrawlerProcess

        loop = task.LoopingCall(self._tick)
        reactor.callWhenRunning(loop.start, self.options.tick, True)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)
        try:
            with collector_tuned(settings):
                self.process.start(stop_after_crawl=False, install_signal_handlers=False)
        finally:
            if loop.running:
                loop.stop()
            self._goodbye()
            if self.writer is not None:
                self.writer.close()
            if self._demo is not None:
                self._demo.stop()
        if self.error:
            raise WorkerError(self.error)

    def _on_signal(self, signum: int, _frame: Any) -> None:
        # Only hand over to the reactor: logging here could take a lock the interrupted
        # code holds.
        from twisted.internet import reactor

        reactor.callFromThread(self._signalled, signum)

    def _signalled(self, signum: int) -> None:
        logger.info("worker %s: %s, stopping", self.options.worker_id, signal.Signals(signum).name)
        self.stop()

    def stop(self) -> None:
        """Stop the site crawlers (their leases go back on the queue), then the reactor."""
        if self._stopping:  # a second signal: do not wait for the crawlers
            _stop_reactor(None)
            return
        self._stopping = True
        assert self.process is not None
        stopped = self.process.stop()
        stopped.addBoth(_stop_reactor)

    # -- every tick -------------------------------------------------------------------------

    def _tick(self) -> None:
        if self._stopping:
            return
        try:
            sites = self._housekeeping()
        except REDIS_DOWN as exc:
            if self._down_since is None:
                self._down_since = time.monotonic()
                logger.warning(
                    "worker %s: Redis at %s is unreachable (%s); waiting for it",
                    self.options.worker_id,
                    describe_url(self.options.redis_url),
                    exc,
                )
            return
        if self._down_since is not None:
            logger.warning(
                "worker %s: Redis is back after %.1f s",
                self.options.worker_id,
                time.monotonic() - self._down_since,
            )
            self._down_since = None
        busy = False
        for site, queued, in_flight in sites:
            busy = busy or queued > 0 or in_flight > 0
            if queued and site not in self.running:
                self._start(site)
        self._check_idle(busy)

    def _housekeeping(self) -> list[tuple[str, int, int]]:
        server, names = self.server, self.names
        now = time.time()
        self._rate.append((now, self.items))
        first_time, first_items = self._rate[0]
        rate = (self.items - first_items) / (now - first_time) if now > first_time else 0.0
        key = names.worker(self.options.worker_id)
        pipe = server.pipeline()
        pipe.hset(
            key,
            mapping={
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "started": int(self.started),
                "sites": ",".join(sorted(self.running)),
                "items": self.items,
                "items_per_second": f"{rate:.3f}",
                "concurrency": self.options.concurrency,
            },
        )
        pipe.pexpire(key, int(self.options.heartbeat_ttl * 1000))
        pipe.sadd(names.workers, self.options.worker_id)
        pipe.smembers(names.sites)
        site_ids = sorted(_text(s) for s in pipe.execute()[-1])
        for worker_id in server.smembers(names.workers):
            if not server.exists(names.worker(_text(worker_id))):
                server.srem(names.workers, worker_id)
        counts = []
        for site in site_ids:
            reclaimed = reclaim_site(server, names, site)
            if reclaimed:
                logger.warning(
                    "worker %s: put back %d requests of site %s left by a dead worker",
                    self.options.worker_id,
                    reclaimed,
                    site,
                )
            pipe = server.pipeline(transaction=False)
            pipe.zcard(names.queue(site))
            pipe.zcard(names.leases(site))
            queued, in_flight = pipe.execute()
            counts.append((site, int(queued), int(in_flight)))
        return counts

    def _check_idle(self, busy: bool) -> None:
        limit = self.options.exit_when_idle
        if busy or self.running:
            self._idle_since = None
            return
        now = time.monotonic()
        if self._idle_since is None:
            self._idle_since = now
        if limit is not None and now - self._idle_since >= limit:
            logger.info(
                "worker %s: nothing to do for %.0f s, exiting", self.options.worker_id, limit
            )
            self.stop()

    def _start(self, site_id: str) -> None:
        try:
            config = self.registry.get(site_id)
        except (KeyError, ValueError) as exc:
            if site_id not in self._unknown:
                self._unknown.add(site_id)
                logger.error("worker %s: cannot crawl %s: %s", self.options.worker_id, site_id, exc)
            return
        assert self.process is not None
        crawler = Crawler(ClusterSiteSpider, self._settings_for(config))
        crawler.signals.connect(self._item_scraped, signal=signals.item_scraped)
        self.running[site_id] = crawler
        logger.info("worker %s: crawling site %s", self.options.worker_id, site_id)
        deferred = self.process.crawl(crawler, site=config)
        deferred.addBoth(self._finished, site_id, crawler)

    def _settings_for(self, config: SiteConfig) -> Settings:
        assert self.process is not None
        if not config.demo or self.options.routes:
            return self.process.settings
        if self._demo is None:  # the bundled demo sites, served here as `unionwatch demo` does
            from crawler.demo import DemoServer, build_demo

            self._demo = DemoServer(build_demo()).start()
            self._demo_routes = {host: self._demo.proxy_url for host in self._demo.hosts}
        settings = worker_settings(self.options, self._demo_routes)
        if self.writer is not None:
            settings.set(WRITER_SETTING, self.writer, priority="cmdline")
        return settings

    def _item_scraped(self, **_: Any) -> None:
        self.items += 1

    def _finished(self, result: Any, site_id: str, crawler: Crawler) -> Any:
        self.running.pop(site_id, None)
        if isinstance(result, Failure) and isinstance(result.value, REDIS_DOWN):
            logger.warning(  # the next tick starts it again once Redis answers
                "worker %s: the crawl of %s stopped, Redis is unreachable: %s",
                self.options.worker_id,
                site_id,
                result.value,
            )
            return None
        if isinstance(result, Failure):
            logger.error(
                "worker %s: the crawl of %s could not run: %s",
                self.options.worker_id,
                site_id,
                result.getTraceback() if self.options.overrides.get("STATS_DUMP") else result.value,
            )
            self.error = f"the crawl of {site_id} could not run: {result.value}"
            self.stop()
            return None
        stats = _stats_of(crawler)
        reason = stats.get("finish_reason")
        logger.info("worker %s: site %s stopped (%s)", self.options.worker_id, site_id, reason)
        if reason == DATABASE_ERROR and not self._stopping:
            self.error = f"database write failed: {stats.get(LAST_DATABASE_ERROR, 'unknown')}"
            self.stop()
        return None

    def _goodbye(self) -> None:
        try:
            self.server.delete(self.names.worker(self.options.worker_id))
            self.server.srem(self.names.workers, self.options.worker_id)
        except REDIS_DOWN:
            return  # the key expires on its own


def _stats_of(crawler: Crawler) -> dict[str, Any]:
    try:
        return crawler.stats.get_stats() if crawler.stats is not None else {}
    except RuntimeError:  # the crawl never started
        return {}


def _stop_reactor(_: object) -> None:
    from twisted.internet import reactor

    if reactor.running:
        reactor.stop()  # type: ignore[misc]


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
